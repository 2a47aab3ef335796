#!/usr/bin/env bash
# Run ansible-test on this collection without Docker and without Internet
# access beyond the machine's pip index.
#
#   scripts/ansible-test.sh sanity [ansible-test sanity arguments]
#   scripts/ansible-test.sh units  [ansible-test units arguments]
#
# ansible-test only accepts a collection that sits at
# .../ansible_collections/<namespace>/<name>, and keeps results and some of its
# virtual environments in that tree's tests/output (the sanity ones go to
# ~/.ansible/test/venv). So the checkout's files (tracked, plus untracked files
# git does not ignore) are mirrored into a build tree that persists between
# runs, keyed on the checkout's path, with the collections this one depends on
# linked beside it from the project's virtual environment. The first run builds
# ansible-test's virtual environments; later runs reuse them.
#
# Without --python, the run covers the controller Pythons ansible-core
# supports on this machine:
#   sanity: every test on the versions of ANSIBLE_TEST_PYTHONS (default 3.12),
#           then only the tests that depend on the Python version (compile,
#           import) on those of ANSIBLE_TEST_IMPORT_PYTHONS (default 3.13),
#           unless --test was given. The other tests (pylint, pep8,
#           validate-modules, yamllint, ...) give the same answer on every
#           version and would double the time.
#   units:  every version of ANSIBLE_TEST_PYTHONS (default 3.12; each more
#           version costs as much again).
# Interpreters come from the project's virtual environment or from pyenv.
#
# Environment:
#   ANSIBLE_TEST_ROOT            build tree (default: ${TMPDIR:-/tmp}/citynet.schools-ansible-test-<hash>)
#   ANSIBLE_TEST_PYTHONS         Python versions to run in full, space separated
#   ANSIBLE_TEST_IMPORT_PYTHONS  sanity: versions for compile and import only ("" for none)
#   VENV                         the project's virtual environment (default: <repo>/.venv)
set -euo pipefail

usage() {
  echo "usage: $0 sanity|units [ansible-test arguments]" >&2
  exit 2
}

[ "$#" -ge 1 ] || usage
command=$1
shift
case "$command" in
  sanity)
    full_pythons=${ANSIBLE_TEST_PYTHONS-3.12}
    import_pythons=${ANSIBLE_TEST_IMPORT_PYTHONS-3.13}
    ;;
  units)
    full_pythons=${ANSIBLE_TEST_PYTHONS-3.12}
    import_pythons=""
    ;;
  *) usage ;;
esac

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=${VENV:-$repo_root/.venv}
python=$venv/bin/python
ansible_test=$venv/bin/ansible-test
[ -x "$ansible_test" ] || { echo "ansible-test not found in $venv (run make setup)" >&2; exit 2; }

repo_hash=$(printf '%s' "$repo_root" | sha256sum | cut -c1-12)
build_root=${ANSIBLE_TEST_ROOT:-${TMPDIR:-/tmp}/citynet.schools-ansible-test-$repo_hash}
namespace=$(sed -n 's/^namespace:[[:space:]]*//p' "$repo_root/galaxy.yml")
name=$(sed -n 's/^name:[[:space:]]*//p' "$repo_root/galaxy.yml")
collection_dir=$build_root/ansible_collections/$namespace/$name

mkdir -p "$collection_dir" "$build_root/bin"
# One run at a time per build tree: a second run would rewrite the files and
# virtual environments the first one is using.
exec 9>"$build_root/.lock"
if ! flock -n 9; then
  echo "== waiting for the other ansible-test run on $build_root" >&2
  flock 9
fi

phase_start=$SECONDS
phase() {
  echo "== $* (+$((SECONDS - phase_start))s)" >&2
}

phase "mirroring $repo_root into $collection_dir"
file_list=$build_root/files.txt
(
  cd "$repo_root"
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do
        # Tracked files deleted in the working tree are still listed by git.
        if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\n' "$f"; fi
      done
) | LC_ALL=C sort -u >"$file_list"
tr '\n' '\0' <"$file_list" | (cd "$repo_root" && tar --null -T - -cf -) | tar -xf - -C "$collection_dir"
# Remove what the checkout no longer has; ansible-test's own output stays.
(
  cd "$collection_dir"
  find . -path ./tests/output -prune -o \( -type f -o -type l \) -print | sed 's|^\./||' | LC_ALL=C sort
) | LC_ALL=C comm -23 - "$file_list" | while IFS= read -r stale; do
  rm -f -- "$collection_dir/$stale"
done
find "$collection_dir" -depth -mindepth 1 -type d -empty ! -path "$collection_dir/tests/output*" -delete

phase "linking dependency collections"
# The collections named in galaxy.yml, and theirs in turn (from each installed
# MANIFEST.json), as installed in the project's virtual environment.
"$python" - "$repo_root/galaxy.yml" "$build_root/ansible_collections" <<'PY'
import json
import os
import sys
from importlib.util import find_spec

import yaml

galaxy_path, target_root = sys.argv[1], sys.argv[2]
with open(galaxy_path, encoding="utf-8") as handle:
    pending = list((yaml.safe_load(handle).get("dependencies") or {}))
seen = set()
while pending:
    fqcn = pending.pop()
    if fqcn in seen:
        continue
    seen.add(fqcn)
    spec = find_spec(f"ansible_collections.{fqcn}")
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"dependency {fqcn} is not installed in {sys.prefix}")
    source = list(spec.submodule_search_locations)[0]
    namespace, name = fqcn.split(".")
    link = os.path.join(target_root, namespace, name)
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if os.path.islink(link) and os.readlink(link) == source:
        continue
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(source, link)
    manifest = os.path.join(source, "MANIFEST.json")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as handle:
            pending.extend(json.load(handle)["collection_info"].get("dependencies") or {})
PY

phase "installing the pip bootstrap stand-in"
pip_version=$("$python" -c '
import types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version="3"))["pip"])')
get_pip=$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py
standin=$repo_root/scripts/get_pip_standin.py
# A genuine get-pip.py downloaded earlier is left alone; an older copy of the
# stand-in is refreshed.
if [ ! -e "$get_pip" ] || grep -q '^STANDIN_MARKER = ' "$get_pip"; then
  if ! cmp -s "$standin" "$get_pip"; then
    install -D -m 0644 "$standin" "$get_pip"
  fi
fi

# Interpreters for --python: ansible-test looks for pythonX.Y on PATH.
find_interpreter() {
  local version=$1 candidate
  if "$python" -c "import sys; sys.exit(f'{sys.version_info[0]}.{sys.version_info[1]}' != '$version')"; then
    echo "$python"
    return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    local matches
    shopt -s nullglob
    matches=("$(pyenv root)/versions/$version".*/bin/"python$version")
    shopt -u nullglob
    if [ "${#matches[@]}" -gt 0 ]; then
      candidate=$(printf '%s\n' "${matches[@]}" | sort -V | tail -n 1)
      echo "$candidate"
      return
    fi
  fi
  candidate=$(command -v "python$version" 2>/dev/null || true)
  if [ -n "$candidate" ] && "$candidate" -c '' 2>/dev/null; then
    echo "$candidate"
    return
  fi
  return 1
}

has_option() {
  local wanted arg
  for arg in "${extra_args[@]}"; do
    for wanted in "$@"; do
      case "$arg" in "$wanted" | "$wanted"=*) return 0 ;; esac
    done
  done
  return 1
}

extra_args=("$@")
environment_args=()
if ! has_option --venv --docker --local --remote --controller --target --target-python --target-posix; then
  environment_args=(--venv)
fi
# Each run: "<python version>|<ansible-test arguments selecting tests>"; an
# empty version leaves --python to the caller's arguments.
runs=()
if has_option --python; then
  runs=("|")
else
  read -r -a versions <<<"$full_pythons"
  for version in "${versions[@]}"; do runs+=("$version|"); done
  if ! has_option --test; then
    read -r -a versions <<<"$import_pythons"
    for version in "${versions[@]}"; do runs+=("$version|--test compile --test import"); done
  fi
fi
[ "${#runs[@]}" -gt 0 ] || { echo "no Python version to test" >&2; exit 2; }

export PATH="$venv/bin:$build_root/bin:$PATH"
# The checkout's ansible.cfg names paths relative to the checkout; inside the
# build tree ansible-test sets up its own configuration.
unset ANSIBLE_CONFIG

status=0
failed=()
for run in "${runs[@]}"; do
  version=${run%%|*}
  read -r -a selection <<<"${run#*|}"
  python_args=()
  if [ -n "$version" ]; then
    if ! interpreter=$(find_interpreter "$version"); then
      echo "python$version not found (virtual environment, pyenv or PATH)" >&2
      status=1
      failed+=("$version (no interpreter)")
      continue
    fi
    ln -sfn "$interpreter" "$build_root/bin/python$version"
    python_args=(--python "$version")
  fi
  arguments=("$command" "${environment_args[@]}" "${python_args[@]}" "${selection[@]}" "${extra_args[@]}")
  phase "ansible-test ${arguments[*]}"
  if ! (cd "$collection_dir" && "$ansible_test" "${arguments[@]}"); then
    status=1
    failed+=("${version:-as given}${selection[*]:+ (${selection[*]})}")
  fi
done

phase "done"
if [ "$status" -ne 0 ]; then
  echo "ansible-test $command failed for Python: ${failed[*]}" >&2
  echo "results: $collection_dir/tests/output" >&2
fi
exit "$status"
