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

.PHONY: setup run test unit golden lint sanity clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	touch $@

.collections/ansible_collections/citynet/schools:
	mkdir -p .collections/ansible_collections/citynet
	ln -sfn ../../.. $@

setup: $(STAMP) .collections/ansible_collections/citynet/schools

run: setup
	$(BIN)/ansible-playbook -i inventories/$(CITY)/schools.yml playbooks/schools.yml

unit: setup
	$(BIN)/pytest -q tests/unit

golden: setup
	$(BIN)/python scripts/regen_golden.py

lint: setup
	$(BIN)/ruff check plugins tests scripts

test: setup lint unit

clean:
	rm -rf build backups tests/output .pytest_cache
