# The two commands of the README: `make run` and `make test`.
# Everything they need is installed here, from a fresh clone.
SHELL := /bin/bash
PYTHON312 := $(shell ls -d $$(pyenv root 2>/dev/null)/versions/3.12.*/bin/python3 2>/dev/null | tail -n 1)
PYTHON ?= $(if $(PYTHON312),$(PYTHON312),python3.12)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CITY ?= demo
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export PATH := $(CURDIR)/$(BIN):$(PATH)
# Each test step says how long it took, so a CI log shows where the time goes.
TIMED = TIMEFORMAT='== $@: %0R s'; time

.PHONY: setup system-packages run test lint unit integration simulator rutos molecule lab reliability packaging sanity units ansible-lint changelog-lint docs golden bench clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	touch $@

.collections/ansible_collections/citynet/schools:
	mkdir -p .collections/ansible_collections/citynet
	ln -sfn ../../.. $@

setup: $(STAMP) .collections/ansible_collections/citynet/schools

system-packages:
	bash scripts/install-system-packages.sh

run: setup
	$(BIN)/ansible-playbook -i inventories/$(CITY)/schools.yml playbooks/schools.yml

# Everything CI runs: style, integration tests, the device simulators' suites,
# ansible-lint, changelog lint and ansible-test sanity/units. The unit tests run
# once, under ansible-test units from the installed tree (`make unit` runs the
# same tests straight from the checkout, for a quick edit-test loop).
test: setup system-packages lint integration simulator rutos molecule lab reliability packaging ansible-lint changelog-lint sanity units

lint: setup
	$(TIMED) $(BIN)/ruff check plugins tests scripts

unit: setup
	$(TIMED) $(BIN)/pytest -q tests/unit

integration: setup
	$(TIMED) $(BIN)/pytest -q tests/integration

simulator: setup
	$(TIMED) PYTHONPATH=tests/simulator $(BIN)/pytest -q tests/simulator/tests

rutos: setup system-packages
	$(TIMED) $(BIN)/pytest -q tests/integration_rutos tests/deploy/test_rutos_deploy.py

molecule: setup
	$(TIMED) $(BIN)/molecule test -s deploy

# The live school twin: topology, Open vSwitch modules, negative checks, and one school end to end (needs root).
lab: setup system-packages
	$(TIMED) $(BIN)/pytest -q tests/lab
	$(TIMED) $(BIN)/molecule test -s lab

# Bad-input corpus through the real playbook, faults on simulated devices, planted secrets, the school lock, host keys.
reliability: setup system-packages
	$(TIMED) $(BIN)/pytest -q -n 2 --dist loadfile tests/reliability

# Galaxy tarball installed offline, both ends of the ansible-core range, the
# execution environment's context, AWX (inventory source, ansible-runner, slicing, awx/), docs links.
packaging: setup
	$(TIMED) $(BIN)/pytest -q --durations=10 tests/packaging

ansible-lint: setup
	$(TIMED) $(BIN)/ansible-lint --profile production

changelog-lint: setup
	$(TIMED) $(BIN)/antsibull-changelog lint

sanity: setup
	$(TIMED) bash scripts/ansible-test.sh sanity

units: setup
	$(TIMED) bash scripts/ansible-test.sh units

docs: setup
	$(BIN)/python scripts/gen_data_model_doc.py

golden: setup
	$(BIN)/python scripts/regen_golden.py

bench: setup
	$(BIN)/python scripts/bench.py

clean:
	rm -rf build backups tests/output
