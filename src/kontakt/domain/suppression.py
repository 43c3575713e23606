"""Suppression digests: how an erased person's e-mail addresses and phone numbers are
kept so that an import recognises them, without keeping the values themselves.

A digest is ``HMAC-SHA256(key, SHA-256(salt + ":" + value))``. The key (32 random
bytes) and the salt are kept outside the database (see
``kontakt.storage.erasure_register``), so the database or a backup of it is not
enough to test candidate values: with the salt in the file, as before, all 10^8
eight-digit Norwegian numbers could be tried in about ten seconds.

Why a key rather than a slow hash (scrypt): every row of every import is checked
against the digests. A hash slow enough to make 10^8 guesses impractical (say
50 ms) would make checking a 20,000-row import take half an hour, and one fast
enough for imports (1 ms) lets the whole number space be tried in a day on one
core. A secret key makes guessing impossible at any speed, and costs nothing.

The inner salted SHA-256 is what Kontakt stored before the key existed: wrapping
an old digest in the HMAC gives exactly the new digest of the same value, so old
databases are migrated without knowing the values.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from kontakt.domain.normalize import normalize_email

# What the database keeps to tell a right key from a wrong one (an HMAC of this text).
_KEY_CHECK_TEXT = b"kontakt-sletteregister-v1"


@dataclass(frozen=True, slots=True)
class ErasureSecret:
    """The key and salt of one database's suppression digests.

    Attributes:
        key: 32 random bytes.
        salt: Hex text; the salt an older Kontakt kept in the database, or a new one.
    """

    key: bytes
    salt: str

    @classmethod
    def new(cls, salt: str | None = None) -> ErasureSecret:
        """A fresh random key (keeping ``salt`` when given: the one of old digests)."""
        return cls(secrets.token_bytes(32), salt or secrets.token_hex(16))

    def digest(self, value: str) -> str:
        """The digest of one normalised e-mail address or E.164 phone number."""
        return self.wrap(legacy_digest(self.salt, value))

    def wrap(self, old_digest: str) -> str:
        """The digest of the value an older Kontakt stored as ``old_digest``."""
        return hmac.new(self.key, old_digest.encode(), hashlib.sha256).hexdigest()

    def check(self) -> str:
        """The value kept in the database to recognise this key (reveals nothing of it)."""
        return hmac.new(self.key, _KEY_CHECK_TEXT, hashlib.sha256).hexdigest()


def legacy_digest(salt: str, value: str) -> str:
    """The salted SHA-256 an older Kontakt stored (salt in the same database)."""
    return hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()


def suppression_values(emails: Iterable[str], phones: Iterable[str]) -> list[str]:
    """The values digested for a person: e-mail addresses without case, phones as stored."""
    found = []
    for address in emails:
        try:
            # Compared without case: «Kari@X.no» and «kari@x.no» reach the same person.
            found.append(normalize_email(address).casefold())
        except Exception:  # not an address: nothing to compare
            continue
    found.extend(p for p in phones if p)
    return found
