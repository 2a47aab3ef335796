"""Print the IOS type 9 hash of a password read from the terminal (for management.local_user).

.venv/bin/python scripts/ios_type9.py | ansible-vault encrypt_string --stdin-name vault_local_secret
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".collections"))

from ansible_collections.citynet.schools.plugins.plugin_utils.net.ios_type9 import type9  # noqa: E402

if __name__ == "__main__":
    password = getpass.getpass("Password of the local account: ")
    if password != getpass.getpass("Again: "):
        sys.exit("the two passwords differ")
    sys.stdout.write(type9(password))
