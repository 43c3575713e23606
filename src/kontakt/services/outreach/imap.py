"""The IMAP connection of the mailbox: settings, connecting, reading without a trace.

Messages are read with ``BODY.PEEK[]`` in a folder opened read-only
(EXAMINE), so nothing is marked read, moved or deleted; only the first
:data:`~kontakt.io.mailbox.parse.MAX_BYTES` of each are downloaded (a 20 MB
attachment never crosses the wire). Moving processed messages to the folder
«Kontakt» is a separate step the secretary turns on.

An unencrypted connection is only made to this machine (127.0.0.1, ::1,
localhost): a password and people's mail never cross a network in clear.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from kontakt.domain.preferences import IMAP_PORT
from kontakt.errors import KontaktError
from kontakt.io.mailbox.parse import MAX_BYTES

__all__ = [
    "KONTAKT_FOLDER",
    "FolderMessage",
    "ImapError",
    "ImapSecurity",
    "ImapSettings",
    "Mailbox",
]

TIMEOUT_SECONDS = 30.0
KONTAKT_FOLDER = "Kontakt"
_CHUNK = 200  # messages per FETCH
_PART = f"BODY.PEEK[]<0.{MAX_BYTES}>"
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class ImapSecurity(StrEnum):
    """How the connection is protected."""

    SSL = "ssl"
    STARTTLS = "starttls"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class ImapSettings:
    """Where to read replies (the password lives in the keyring, not here).

    Attributes:
        host: The IMAP server.
        port: 993 for SSL, 143 for STARTTLS or none.
        security: How the connection is protected.
        user: The login.
        folders: The folders to read (INBOX is the inbox).
        move_processed: Move processed messages to the folder «Kontakt».
        same_password: Use the sending (SMTP) password when none is stored for IMAP.
    """

    host: str = ""
    port: int = IMAP_PORT.default
    security: ImapSecurity = ImapSecurity.SSL
    user: str = ""
    folders: tuple[str, ...] = ("INBOX",)
    move_processed: bool = False
    same_password: bool = True


class ImapError(KontaktError):
    """The server could not be reached, refused the login or a folder (Norwegian reason)."""


@dataclass(frozen=True, slots=True)
class FolderMessage:
    """One message as the server gave it: where it is, and its first bytes."""

    folder: str
    uid_validity: int
    uid: int
    raw: bytes
    size: int


class Mailbox:
    """An open IMAP connection; use as a context manager.

    Args:
        settings: The server.
        password: The password ("" for none).
    """

    def __init__(self, settings: ImapSettings, password: str) -> None:
        self.settings = settings
        self._password = password
        self._client: IMAPClient | None = None

    def __enter__(self) -> Mailbox:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def open(self) -> None:
        """Connect and log in.

        Raises:
            ImapError: No server there, TLS failed, or the login was refused.
        """
        s = self.settings
        if not s.host:
            raise ImapError("Oppgi innkommende e-posttjener (IMAP) i innstillingene for e-post.")
        if s.security is ImapSecurity.NONE and s.host not in _LOOPBACK:
            raise ImapError(
                f"Kontakt leser ikke e-post ukryptert fra {s.host}: velg SSL eller STARTTLS."
            )
        context = ssl.create_default_context()
        try:
            client = IMAPClient(
                s.host, port=s.port, ssl=s.security is ImapSecurity.SSL,
                ssl_context=context, timeout=TIMEOUT_SECONDS,
            )  # fmt: skip
        except (OSError, IMAPClientError) as exc:
            raise ImapError(f"Får ikke kontakt med e-posttjeneren {self._where()}: {exc}") from exc
        try:
            if s.security is ImapSecurity.STARTTLS:
                client.starttls(context)
            client.login(s.user, self._password)
        except LoginError as exc:
            _drop(client)
            raise ImapError(
                f"E-posttjeneren {self._where()} godtok ikke brukernavn og passord for {s.user}."
            ) from exc
        except (OSError, IMAPClientError, ssl.SSLError) as exc:
            _drop(client)
            raise ImapError(f"Tilkoblingen til {self._where()} feilet: {exc}") from exc
        self._client = client

    def close(self) -> None:
        """Log out (quietly: the work is done or failed already)."""
        client, self._client = self._client, None
        if client is not None:
            try:
                client.logout()
            except (TimeoutError, OSError, IMAPClientError):
                client.shutdown()

    @property
    def client(self) -> IMAPClient:
        """The open connection."""
        if self._client is None:
            raise ImapError("Ikke koblet til e-posttjeneren.")
        return self._client

    def new_uids(
        self, folder: str, since: dt.date | None, known: set[tuple[int, int]]
    ) -> tuple[int, list[int]]:
        """Open ``folder`` read-only; its UIDVALIDITY and the UIDs not in ``known``.

        Args:
            folder: The folder's name.
            since: Only messages that arrived on or after this day.
            known: (UIDVALIDITY, UID) pairs already processed.

        Raises:
            ImapError: No such folder, or the server refused.
        """
        try:
            info = self.client.select_folder(folder, readonly=True)
            validity = int(info.get(b"UIDVALIDITY", 0))
            uids = self.client.search(["SINCE", since] if since else ["ALL"])
        except (OSError, IMAPClientError) as exc:
            raise ImapError(f"Kan ikke lese mappen «{folder}» på {self._where()}: {exc}") from exc
        return validity, sorted(int(u) for u in uids if (validity, int(u)) not in known)

    def fetch(self, folder: str, validity: int, uids: Sequence[int]) -> Iterator[FolderMessage]:
        """The first bytes of each message, without marking any read, a chunk at a time."""
        for start in range(0, len(uids), _CHUNK):
            chunk = list(uids[start : start + _CHUNK])
            try:
                data = self.client.fetch(chunk, [_PART, "RFC822.SIZE"])
            except (OSError, IMAPClientError) as exc:
                raise ImapError(
                    f"Lesingen fra «{folder}» på {self._where()} stoppet: {exc}"
                ) from exc
            for uid in chunk:
                item = data.get(uid)
                if not item:
                    continue  # expunged meanwhile
                raw = next((v for k, v in item.items() if k.startswith(b"BODY[")), b"") or b""
                yield FolderMessage(
                    folder, validity, uid, bytes(raw), int(item.get(b"RFC822.SIZE", len(raw)))
                )

    def move(self, folder: str, uids: Sequence[int]) -> int:
        """Move messages of ``folder`` to «Kontakt» (made if missing); returns how many."""
        if not uids:
            return 0
        client = self.client
        try:
            if not client.folder_exists(KONTAKT_FOLDER):
                client.create_folder(KONTAKT_FOLDER)
            client.select_folder(folder)
            if client.has_capability("MOVE"):
                client.move(list(uids), KONTAKT_FOLDER)
            else:
                client.copy(list(uids), KONTAKT_FOLDER)
                client.delete_messages(list(uids))
                client.uid_expunge(list(uids))
        except (OSError, IMAPClientError) as exc:
            raise ImapError(f"Kunne ikke flytte meldinger til «{KONTAKT_FOLDER}»: {exc}") from exc
        return len(uids)


def _drop(client: IMAPClient) -> None:
    """Close a connection that already failed (a broken TLS handshake leaves no socket)."""
    with contextlib.suppress(OSError, IMAPClientError):
        client.shutdown()
