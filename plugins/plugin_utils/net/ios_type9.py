"""IOS type 9 password hashes (scrypt), to put the local account's hash in Vault.

Type 9 is scrypt with N=16384, r=1, p=1, a 14-character salt used as typed, and a 32-byte
key, both written in the base64 alphabet ``./0-9A-Za-z`` without padding: ``$9$salt$hash``
(the format hashcat documents as mode 9300, "Cisco-IOS $9$ (scrypt)", with the example
``$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6`` for ``hashcat``).
The design takes the hash by reference and never sees the password.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

_STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TO_CISCO = str.maketrans(_STANDARD, ALPHABET)


def type9(password: str, salt: str | None = None) -> str:
    """``$9$<salt>$<hash>`` of ``password``; a random salt unless one is given."""
    if salt is None:
        salt = "".join(secrets.choice(ALPHABET) for _position in range(14))
    if len(salt) != 14 or any(c not in ALPHABET for c in salt):
        raise ValueError("a type 9 salt is 14 characters of ./0-9A-Za-z")
    key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=16384, r=1, p=1, dklen=32)
    digest = base64.b64encode(key).decode().rstrip("=").translate(_TO_CISCO)
    return f"$9${salt}${digest}"
