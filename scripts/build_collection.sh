#!/usr/bin/env bash
# Build the collection tarball into dist/ (the file execution-environment.yml
# installs; git ignores *.tar.gz), and with --ee also the execution
# environment's build context in build/_ee-context/ (ansible-builder create:
# no container engine needed; build/ is ignored too, and school codes never
# start with an underscore).
#
#   scripts/build_collection.sh          # dist/citynet-schools-<version>.tar.gz
#   scripts/build_collection.sh --ee     # and build/_ee-context/
#
# Then, on a machine with podman or docker:
#   ansible-builder build -f execution-environment.yml -t citynet-schools-ee:<version>
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=${VENV:-$repo_root/.venv}
bin=$venv/bin
[ -x "$bin/ansible-galaxy" ] || { echo "ansible-galaxy not found in $venv (run make setup)" >&2; exit 2; }

with_ee=false
case "${1:-}" in
  "") ;;
  --ee) with_ee=true ;;
  *) echo "usage: $0 [--ee]" >&2; exit 2 ;;
esac

cd "$repo_root"
mkdir -p dist
"$bin/ansible-galaxy" collection build --force --output-path dist .
version=$(sed -n 's/^version:[[:space:]]*//p' galaxy.yml)
tarball=dist/citynet-schools-$version.tar.gz
[ -f "$tarball" ] || { echo "expected $tarball" >&2; exit 1; }
if ! grep -q "dist/citynet-schools-$version.tar.gz" execution-environment.yml; then
  echo "execution-environment.yml does not install $tarball: update its version" >&2
  exit 1
fi
if $with_ee; then
  rm -rf build/_ee-context
  "$bin/ansible-builder" create -f execution-environment.yml --context build/_ee-context
fi
