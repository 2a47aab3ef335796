#!/usr/bin/env bash
# Debian packages the tests and the live lab need (chromium: the dashboard's
# browser test, driven by Playwright). Idempotent: installs only what is
# missing, so `make test` can call it on every run.
set -euo pipefail
PACKAGES=(openssh-server openssh-client iproute2 ethtool dnsmasq udhcpc openvswitch-switch shellcheck busybox frr nftables chromium)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
