"""The `uci` command line: options, commands, output formats and exit codes of cli.c.

Test hooks that a router does not have, all off unless RUTOS_STATE_DIR is set:
keys listed in $RUTOS_STATE_DIR/uci-reject (one per line, as written on the
command line, e.g. dhcp.lan.limit) make set/add_list/del_list/delete/rename
on them fail with "Invalid argument", the way a router refuses an invalid
section, which breaks a batch half-way; configs listed in
$RUTOS_STATE_DIR/uci-commit-fail make `uci commit <config>` fail with
"I/O error", like a full or read-only flash.
"""

from __future__ import annotations

import getopt
import os
import sys
from typing import TYPE_CHECKING

from . import model
from .lexer import Lexer, UciError
from .model import Ptr
from .store import Store, export_text, parse_config, quoted

if TYPE_CHECKING:
    from typing import TextIO

USAGE = """\
Usage: {app} [<options>] <command> [<arguments>]

Commands:
\tbatch
\texport     [<config>]
\timport     [<config>]
\tchanges    [<config>]
\tcommit     [<config>]
\tadd        <config> <section-type>
\tadd_list   <config>.<section>.<option>=<string>
\tdel_list   <config>.<section>.<option>=<string>
\tshow       [<config>[.<section>[.<option>]]]
\tget        <config>.<section>[.<option>]
\tset        <config>.<section>[.<option>]=<value>
\tdelete     <config>[.<section>[[.<option>][=<id>]]]
\trename     <config>.<section>[.<option>]=<name>
\trevert     <config>[.<section>[.<option>]]
\treorder    <config>.<section>=<position>

Options:
\t-c <path>  set the search path for config files (default: /etc/config)
\t-d <str>   set the delimiter for list values in uci show
\t-f <file>  use <file> as input instead of stdin
\t-m         when importing, merge data into an existing package
\t-n         name unnamed sections on export (default)
\t-N         don't name unnamed sections
\t-p <path>  add a search path for config change files
\t-P <path>  add a search path for config change files and use as default
\t-q         quiet mode (don't print error messages)
\t-s         force strict mode (stop on parser errors, default)
\t-S         disable strict mode
\t-X         do not use extended syntax on 'show'

"""

SECTION_COMMANDS = {"get", "set", "add_list", "del_list", "delete", "rename", "revert", "reorder"}
PACKAGE_COMMANDS = {"show", "changes", "export", "commit"}
ALIASES = {"del": "delete", "ren": "rename"}


class Cli:
    """One invocation: the store, the streams and the flags of the command line."""

    def __init__(self, store: Store, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> None:
        self.store = store
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.quiet = False
        self.merge = False
        self.nocommit = False
        self.extended = True
        self.delimiter = " "
        self.batch = False
        self.app = "uci"
        self.rejected: set[str] = set()
        self.commit_fail: set[str] = set()

    # -- output ------------------------------------------------------------

    def perror(self, error: UciError) -> None:
        if not self.quiet:
            self.stderr.write(error.message(self.app) + "\n")

    def cli_error(self, text: str) -> None:
        if not self.quiet:
            self.stderr.write(text)

    def value_text(self, option: model.Option, quote: bool) -> str:
        """uci_show_value: show quotes everything, get only list items with blanks."""
        if not isinstance(option.value, list):
            return (quoted(option.value) if quote else option.value) + "\n"
        items = [
            quoted(item) if quote or any(c in item for c in " \t\r\n") else item
            for item in option.value
        ]
        return self.delimiter.join(items) + "\n"

    def show_option(self, p: model.Package, ref: str, option: model.Option) -> None:
        self.stdout.write(f"{p.name}.{ref}.{option.name}=" + self.value_text(option, True))

    def show_section(self, p: model.Package, ref: str, section: model.Section) -> None:
        self.stdout.write(f"{p.name}.{ref}={section.type}\n")
        for option in section.options:
            self.show_option(p, ref, option)

    def show_package(self, p: model.Package) -> None:
        counters: dict[str, int] = {}
        for section in p.sections:
            index = counters.get(section.type, 0)
            counters[section.type] = index + 1
            ref = section.name
            if self.extended and section.anonymous:
                ref = f"@{section.type}[{index}]"
            self.show_section(p, ref, section)

    def show_changes(self, p: model.Package) -> None:
        for delta in p.saved_delta:
            prefix = "-" if delta.cmd == model.REMOVE else ""
            op = {model.LIST_ADD: "+=", model.LIST_DEL: "-="}.get(delta.cmd, "=")
            line = f"{prefix}{p.name}.{delta.section}"
            if delta.option is not None:
                line += f".{delta.option}"
            if delta.cmd != model.REMOVE:
                line += op + quoted(delta.value or "")
            self.stdout.write(line + "\n")

    # -- lookup ------------------------------------------------------------

    def lookup(self, text: str) -> Ptr:
        ptr = model.parse_ptr(text)
        return model.resolve(self.store.load(ptr.package), ptr)

    # -- commands ----------------------------------------------------------

    def package_cmd(self, cmd: str, tuple_text: str) -> int:
        try:
            ptr = self.lookup(tuple_text)
        except UciError as error:
            self.perror(error)
            return 1
        p = ptr.p
        assert p is not None
        try:
            if cmd == "changes":
                self.show_changes(p)
            elif cmd == "commit":
                if p.name in self.commit_fail:
                    raise UciError("IO")
                if not self.nocommit:
                    self.store.commit(p)
            elif cmd == "export":
                self.stdout.write(
                    export_text(p, header=True, name_anonymous=self.store.name_anonymous)
                )
            elif cmd == "show":
                if not ptr.complete:
                    raise UciError("NOTFOUND")
                if ptr.o is not None and ptr.s is not None:
                    self.show_option(p, ptr.s.name, ptr.o)
                elif ptr.s is not None:
                    self.show_section(p, ptr.s.name, ptr.s)
                else:
                    self.show_package(p)
        except UciError as error:
            self.perror(error)
            return 1
        return 0

    def do_package_cmd(self, cmd: str, args: list[str]) -> int:
        if len(args) > 1:
            return 255
        if args:
            return self.package_cmd(cmd, args[0])
        try:
            names = self.store.list_configs()
        except UciError as error:
            self.perror(error)
            return 1
        for name in names:
            self.package_cmd(cmd, name)
        return 0

    def do_section_cmd(self, cmd: str, args: list[str]) -> int:
        if len(args) != 1:
            return 255
        try:
            ptr = self.lookup(args[0])
        except UciError as error:
            self.perror(error)
            return 1
        if ptr.value is not None and cmd in ("get", "revert"):
            return 1
        p = ptr.p
        assert p is not None
        try:
            if cmd != "get" and args[0].split("=", 1)[0] in self.rejected:
                raise UciError("INVAL")
            if cmd == "get":
                if not ptr.complete:
                    raise UciError("NOTFOUND")
                if ptr.o is not None:
                    self.stdout.write(self.value_text(ptr.o, False))
                elif ptr.s is not None:
                    self.stdout.write(ptr.s.type + "\n")
                return 0
            if cmd == "revert":
                self.store.revert(p.name, ptr.section, ptr.option)
                return 0
            if cmd == "set":
                model.set_value(ptr, tracked=True)
            elif cmd == "add_list":
                model.add_list(ptr, tracked=True)
            elif cmd == "del_list":
                model.del_list(ptr, tracked=True)
            elif cmd == "rename":
                model.rename(ptr, tracked=True)
            elif cmd == "reorder":
                if ptr.s is None or ptr.value is None:
                    raise UciError("NOTFOUND")
                model.reorder(p, ptr.s, _leading_int(ptr.value), tracked=True)
            elif cmd == "delete":
                if ptr.value is not None and not _leading_int_ok(ptr.value):
                    return 1
                model.delete(ptr, tracked=True)
            self.store.save(p)
        except UciError as error:
            self.perror(error)
            return 1
        return 0

    def do_add(self, args: list[str]) -> int:
        if len(args) != 2:
            return 255
        try:
            p = self.store.load(args[0])
            section = model.add_section(p, args[1], tracked=True)
            self.store.save(p)
        except UciError as error:
            self.perror(error)
            return 1
        self.stdout.write(section.name + "\n")
        return 0

    def do_import(self, args: list[str]) -> int:
        if len(args) > 1:
            return 255
        name = args[0] if args else None
        if name is None and self.merge:
            return 255
        try:
            text = self.stdin.read()
            if name is not None and not model.valid_package(name):
                raise UciError("INVAL")
            into = None
            if self.merge and name is not None:
                try:
                    into = self.store.load(name)
                except UciError:
                    into = None
            packages = parse_config(
                text, name, single=name is not None, into=into, strict=self.store.strict
            )
            if into is not None:
                self.store.save(into)
            else:
                for package in packages:
                    self.store.overwrite(package)
        except UciError as error:
            self.perror(error)
            return 1
        return 0

    def do_batch(self) -> int:
        self.batch = True
        lexer = Lexer(self.stdin.read())
        while not lexer.eof():
            args: list[str] = []
            too_many = False
            try:
                while True:
                    arg = lexer.next_arg()
                    if not arg:
                        break
                    if len(args) == 4:
                        too_many = True
                        break
                    args.append(arg)
            except UciError as error:
                self.perror(error)
                args = []
            lexer.skip_line()
            if too_many:
                self.cli_error("Too many arguments\n")
                continue
            if not args:
                continue
            if args[0].lower() == "exit":
                break
            if self.command(args) == 255:
                self.cli_error("Unknown command\n")
        self.batch = False
        return 0

    def command(self, argv: list[str]) -> int:
        name = ALIASES.get(argv[0].lower(), argv[0].lower())
        args = argv[1:]
        if name == "batch" and not self.batch:
            return self.do_batch()
        if name in SECTION_COMMANDS:
            return self.do_section_cmd(name, args)
        if name in PACKAGE_COMMANDS:
            return self.do_package_cmd(name, args)
        if name == "import":
            return self.do_import(args)
        if name == "add":
            return self.do_add(args)
        if name == "help":
            self.stderr.write(USAGE.format(app=self.app))
            return 0
        return 255


def _leading_int(text: str) -> int:
    digits = ""
    for char in text.strip():
        if char.isdigit() or (char in "+-" and not digits):
            digits += char
        else:
            break
    try:
        return int(digits)
    except ValueError:
        return 0


def _leading_int_ok(text: str) -> bool:
    stripped = text.strip().lstrip("+-")
    return bool(stripped) and stripped[0].isdigit()


def _hook(environ: dict[str, str], name: str) -> set[str]:
    """The lines of a fault-injection file of the test target, if any."""
    state = environ.get("RUTOS_STATE_DIR")
    if not state:
        return set()
    path = os.path.join(state, name)
    if not os.path.isfile(path):
        return set()
    with open(path) as handle:
        return {line.strip() for line in handle if line.strip()}


def main(
    argv: list[str],
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
    environ: dict[str, str] | None = None,
) -> int:
    env = dict(os.environ if environ is None else environ)
    usage = USAGE.format(app="uci")
    try:
        opts, rest = getopt.gnu_getopt(argv, "c:C:d:f:LmnNp:P:qsSt:X")
    except getopt.GetoptError:
        stderr.write(usage)
        return 0
    confdir = env.get("UCI_CONFIG_DIR", "/etc/config")
    savedir = env.get("UCI_SAVE_DIR", "/tmp/.uci")
    extra: list[str] = []
    flags: dict[str, object] = {}
    source: TextIO = stdin
    for opt, value in opts:
        if opt == "-c":
            confdir = value
        elif opt == "-d":
            flags["delimiter"] = value
        elif opt == "-f":
            try:
                source = open(value)  # noqa: SIM115 - closed by the process exit
            except OSError as error:
                stderr.write(f"uci: {error.strerror}")
                return 1
        elif opt == "-m":
            flags["merge"] = True
        elif opt == "-n":
            flags["name"] = True
        elif opt == "-N":
            flags["name"] = False
        elif opt == "-p":
            extra.append(value)
        elif opt == "-P":
            extra.append(savedir)
            savedir = value
            flags["nocommit"] = True
        elif opt == "-q":
            flags["quiet"] = True
        elif opt == "-s":
            flags["strict"] = True
        elif opt == "-S":
            flags["strict"] = False
        elif opt == "-t":
            savedir = value
        elif opt == "-X":
            flags["extended"] = False
    if not rest:
        stderr.write(usage)
        return 0
    store = Store(confdir, savedir, extra)
    store.strict = bool(flags.get("strict", True))
    store.name_anonymous = bool(flags.get("name", False))
    cli = Cli(store, source, stdout, stderr)
    cli.quiet = bool(flags.get("quiet", False))
    cli.merge = bool(flags.get("merge", False))
    cli.nocommit = bool(flags.get("nocommit", False))
    cli.extended = bool(flags.get("extended", True))
    cli.delimiter = str(flags.get("delimiter", " "))
    cli.rejected = _hook(env, "uci-reject")
    cli.commit_fail = _hook(env, "uci-commit-fail")
    code = cli.command(rest)
    if code == 255:
        stderr.write(usage)
    return code
