# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# This is a virtual module: it is entirely implemented by the action plugin of
# the same name, which runs on the controller and drives the router's uci CLI.

from __future__ import annotations

DOCUMENTATION = r"""
---
module: uci
short_description: Converge UCI options on a Teltonika RutOS (OpenWrt) router
version_added: "0.1.0"
description:
  - Sets, replaces and deletes UCI options (and creates named sections) on a
    RutOS or OpenWrt router through its SSH shell, without Python on the
    router. Only the C(uci) command and a POSIX shell (busybox) are used.
  - Reads every touched config with one C(uci -q show <config>), its pending
    changes and its C(uci export), all configs in one round trip; changes only
    the values that differ (lists are compared as ordered lists), applies them with one C(uci batch) fed on standard input,
    runs C(uci commit <config>) for each changed config, then the reload
    commands of the changed configs, each at most once.
  - If the batch fails, the pending changes are reverted (C(uci revert)) and
    nothing is committed; the result says C(rollback=reverted). If a commit or a
    reload fails, every committed config is restored from the C(uci export)
    taken before the change (C(uci import), C(uci commit)), checked against
    that export, the reloads are run again, and the result says
    C(rollback=restored). In both cases the task fails with a message saying
    what failed.
  - Refuses to run on a config that already has uncommitted changes on the
    device (C(uci changes <config>) not empty), since committing would apply
    someone else's half-made edit.
  - >-
    Values given under O(secret) are shown as C(********) in the result, the
    diff and every message. While secrets are involved, the output of the
    device commands is censored in the connection's verbose (-vvv) log, and
    values are sent on standard input so they never appear in a logged command
    line. Ansible itself still displays task arguments in some places (for
    example with C(DISPLAY_ARGS_TO_STDOUT)), so put C(no_log: true) on tasks
    that carry secrets in production.
options:
  options:
    description:
      - Mapping of C(config.section.option) to the wanted value.
      - A section is named (C(network.lan.ipaddr)) or anonymous, addressed by
        type and index as C(uci) does (C(dhcp.@dnsmasq[0].server),
        C(simcard.@sim[0].pincode)); negative indexes count from the end.
      - A string sets a plain option. A list of strings sets a list option
        (C(list) lines), replacing its items in the given order. C(null), an
        empty string or an empty list deletes the option.
      - Integers are accepted and converted to text; booleans are refused
        (write C('1') or C('0')).
      - A list never equals a plain option holding the same single value, as
        OpenWrt init scripts read lists with C(config_list_foreach), which
        skips plain options. C(uci show) prints both alike, so the kind is read
        from C(uci export).
    type: dict
    required: true
  sections:
    description:
      - Mapping of C(config.section) to a section type. A named section that
        does not exist is created with that type before the options are set,
        an existing one of another type gets the new type.
      - Options of a section that neither exists nor is listed here make the
        task fail before anything is changed.
    type: dict
    default: {}
  secret:
    description:
      - Keys of O(options) whose values are never shown, before or after.
      - Every key must also be a key of O(options).
    type: list
    elements: str
    default: []
  reload:
    description:
      - Mapping of config name to the shell commands that apply it once it is
        committed; replaces the default for that config. An empty list or
        C(null) means no reload.
      - "Defaults (RutOS): C(network) and C(simcard): C(/etc/init.d/network reload)
        (the mobile interfaces read the SIM settings when netifd brings them up);
        C(dhcp): C(/etc/init.d/dnsmasq reload); C(firewall):
        C(/etc/init.d/firewall reload); C(system): C(/etc/init.d/system reload)."
      - Commands run only for configs that changed, in the order the configs
        first appear in the task, and a command shared by several configs runs
        once. A non-zero exit code is a failure and triggers the restore.
    type: dict
    default: {}
  backup_dir:
    description:
      - Directory on the controller where, before any change, the C(uci export)
        of every touched config is saved as C(<UTC timestamp>.uci) (mode 0600, as it
        holds secrets in clear). Use one directory per router.
      - The file can be replayed by hand with C(uci import < FILE) on the router.
      - Without it, the export is still taken and used for the automatic
        restore, but not kept.
    type: path
  backup_keep:
    description:
      - How many backups to keep in O(backup_dir); older ones are deleted.
        C(0) keeps all.
    type: int
    default: 10
extends_documentation_fragment:
  - action_common_attributes
  - action_common_attributes.flow
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details: Reads the device (one round trip) and reports the changes; sends no change and writes no backup.
  diff_mode:
    support: full
    details: Before and after lines of the changed options per config, in uci show notation, secrets masked.
  platform:
    platforms: posix
    details: Needs only the uci CLI and a POSIX shell on the target; no Python.
notes:
  - >-
    Connect with C(ansible_connection=ssh) and C(ansible_shell_type=sh), and
    play with C(gather_facts: false): fact gathering needs Python on the target.
  - Anonymous sections created by the device keep their C(@type[N]) address
    only while sections are not inserted before them; this module only ever
    appends named sections.
seealso:
  - name: UCI command line
    description: OpenWrt documentation of the uci command and its file format.
    link: https://openwrt.org/docs/guide-user/base-system/uci
author:
  - citynet.schools contributors (@citynet)
"""

EXAMPLES = r"""
- name: Backup router LAN, DHCP, upstream DNS and mobile data
  citynet.schools.uci:
    sections:
      network.mob1s1a1: interface
    options:
      network.lan.ipaddr: 10.42.0.1
      network.lan.netmask: 255.255.255.0
      network.lan.disabled: "0"
      dhcp.lan.ignore: "0"
      dhcp.lan.start: "50"
      dhcp.lan.limit: "150"
      dhcp.lan.leasetime: 12h
      dhcp.lan.dhcp_option: ["6,9.9.9.9,149.112.112.112"]
      dhcp.@dnsmasq[0].server: [9.9.9.9, 149.112.112.112]
      dhcp.@dnsmasq[0].noresolv: "1"
      network.mob1s1a1.apn: internet.example
      network.mob1s1a1.auto_apn: "0"
      network.mob1s1a1.pdptype: ip
      network.mob1s1a1.metric: "2"
      simcard.@sim[0].pincode: "{{ vault_sim_pin }}"
    secret:
      - simcard.@sim[0].pincode
    backup_dir: "{{ playbook_dir }}/backups/{{ inventory_hostname }}"
  no_log: true  # the PIN is a task argument: keep it out of every log

- name: Drop a leftover option and reload nothing
  citynet.schools.uci:
    options:
      network.wan6.reqprefix: null
    reload:
      network: []
"""

RETURN = r"""
changes:
  description: Options and sections that differ (or differed) from the wanted values; secrets masked.
  returned: always
  type: list
  elements: dict
  contains:
    key:
      description: The key as the task gave it.
      type: str
    before:
      description: Value on the device before the change (null if absent); a list for list options.
      type: raw
    after:
      description: Wanted value (null when deleted).
      type: raw
  sample:
    - {key: network.lan.ipaddr, before: 192.168.1.1, after: 10.42.0.1}
    - {key: "simcard.@sim[0].pincode", before: null, after: "********"}
backup_file:
  description: Path of the backup written on the controller, or null (check mode, no change, no O(backup_dir)).
  returned: always
  type: str
  sample: backups/rutx-ecole-01/20250114T071502.123456Z.uci
committed:
  description: Configs committed on the device by this run (even if restored afterwards).
  returned: always
  type: list
  elements: str
  sample: [network, dhcp, simcard]
reloaded:
  description: Reload commands that ran and succeeded.
  returned: always
  type: list
  elements: str
  sample: [/etc/init.d/network reload, /etc/init.d/dnsmasq reload]
rollback:
  description:
    - C(reverted) when the batch failed and the pending changes were discarded;
      C(restored) when a commit or reload failed and the configs were restored
      from the saved export; C(failed) when putting the device back failed too
      (the message names the backup to restore by hand); null otherwise.
  returned: always
  type: str
  sample: restored
"""
