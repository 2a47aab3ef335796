"""Offline stand-in for the ``get-pip.py`` bootstrap script that ansible-test downloads.

ansible-test creates each of its virtual environments without pip, then runs
``get-pip-<version>.py`` to put pip (and the packages it names) into it. It
downloads that script from ci-files.testing.ansible.com unless a copy sits in
``~/.ansible/test/cache/get_pip_<version>.py``; that host is unreachable from
the project's build machines, so ``scripts/ansible-test.sh`` installs this file
there instead.

It bootstraps pip from the wheel bundled with the interpreter (``ensurepip``),
then hands its arguments to ``pip install`` so that the pinned pip version
ansible-test asked for is installed the ordinary way, through the machine's
pip configuration.

ansible-test runs the script through ``runpy`` (see its ``quiet_pip.py``), so
``sys.argv[1:]`` holds the arguments and ``sys.executable`` is the virtual
environment's interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys

# scripts/ansible-test.sh refreshes a cached copy that holds this line, and
# leaves any other get-pip.py it finds (a genuine download) alone.
STANDIN_MARKER = "citynet.schools get-pip stand-in"

# get-pip.py options that plain ``pip install`` does not know: they only tell
# get-pip.py not to add setuptools/wheel, which ``pip install`` never does anyway.
GET_PIP_ONLY_OPTIONS = frozenset({"--no-setuptools", "--no-wheel"})


def pip_environment() -> dict[str, str]:
    """Environment for the pip runs, without an ``os.devnull`` ``PIP_CONFIG_FILE``.

    ``ensurepip`` points ``PIP_CONFIG_FILE`` at ``os.devnull`` to isolate its own
    run (in-process, it does so in ``os.environ``); inherited by the
    ``pip install`` below, that would make pip ignore the machine's index and
    certificate settings, and no index would be reachable. A configuration file
    chosen on purpose is kept.
    """
    env = dict(os.environ)
    if env.get("PIP_CONFIG_FILE") == os.devnull:
        del env["PIP_CONFIG_FILE"]
    return env


def pip_install_arguments(argv: list[str]) -> list[str]:
    """Translate get-pip.py arguments into ``pip install`` arguments."""
    return [arg for arg in argv if arg not in GET_PIP_ONLY_OPTIONS]


def main(argv: list[str]) -> int:
    """Bootstrap pip, then install what ansible-test asked for; return the exit status."""
    env = pip_environment()
    bootstrap = subprocess.run(
        [sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    if bootstrap.returncode != 0:
        return bootstrap.returncode
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", *pip_install_arguments(argv)],
        env=env,
        check=False,
    )
    return install.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
