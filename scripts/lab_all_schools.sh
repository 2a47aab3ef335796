#!/usr/bin/env bash
# Run the live twin (playbooks/lab.yml) of every school of a city, one after
# the other, and print one line per school: pass or fail, checks passed, and
# the wall-clock time of the whole run (build, roles, checks, teardown).
#   bash scripts/lab_all_schools.sh                  # the demo city
#   bash scripts/lab_all_schools.sh inventories/mycity
# Needs root. The full output of each run is kept in ${LAB_LOG_DIR:-build/lab}.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
city=${1:-inventories/demo}
logs=${LAB_LOG_DIR:-build/lab}
mkdir -p "$logs"
export ANSIBLE_CONFIG=${ANSIBLE_CONFIG:-$PWD/ansible.cfg}
status=0
for file in "$city"/schools/*.yml; do
  school=$(basename "$file" .yml)
  start=$SECONDS
  if .venv/bin/ansible-playbook -i "$city/schools.yml" playbooks/lab.yml -e "school=$school" >"$logs/$school.log" 2>&1; then
    verdict=PASS
  else
    verdict=FAIL
    status=1
  fi
  summary=$(grep -o "[0-9]* of [0-9]* checks passed in [0-9.]* s" "$logs/$school.log" | tail -n 1)
  echo "$verdict $school: ${summary:-no checks ran} ($((SECONDS - start)) s in all; log $logs/$school.log)"
done
exit "$status"
