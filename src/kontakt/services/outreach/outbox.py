"""The outbox: sending mail, from the saved settings to a connection per attempt.

Every way Kontakt sends goes through here: a new mailing or invitation and a
resumed one, from the window or the command line, and the test message of
«Innstillinger for e-post». The outbox reads the settings (server, sender,
pace) from their file, the password from the keyring, or asks for it through
a callback that the window or the terminal supplies, and hands the sender
loop a fresh SMTP connection whenever it needs one. Reading mail (the
mailbox) is meant to sit beside it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kontakt.errors import KontaktError
from kontakt.services.outreach.mailing import MailingService, Steps
from kontakt.services.outreach.message import MailDraft, Sender, build_message, new_message_id
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.settings import (
    KeyringUnavailable,
    MailSettings,
    get_password,
    load_settings,
    save_settings,
    set_password,
)
from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings

__all__ = ["AskPassword", "NotConfigured", "Outbox", "Server"]

AskPassword = Callable[[SmtpSettings], str | None]
"""Asks for the password of a server that needs one (not stored); None when declined."""


class NotConfigured(KontaktError):
    """No server or no sender address is saved in «Innstillinger for e-post»."""


@dataclass(frozen=True)
class Server:
    """A server to send through: where, the password for this session, and the pace.

    Attributes:
        smtp: Host, port, security, user and the sender.
        password: From the keyring or typed for this session; "" for no login.
        limits: How many messages a minute and a day.
    """

    smtp: SmtpSettings
    password: str = field(default="", repr=False)
    limits: Limits = field(default_factory=Limits)

    @property
    def sender(self) -> Sender:
        """Who the messages come from."""
        return Sender(self.smtp.sender_name, self.smtp.sender_address)

    def connection(self) -> SmtpConnection:
        """A new connection, not yet open (the sender loop opens and reopens it)."""
        return SmtpConnection(self.smtp, self.password)


class Outbox:
    """Sends mailings and test messages through the saved (or a given) server.

    Args:
        mailings: Stores the mailings and runs the sender loop over them.
    """

    def __init__(self, mailings: MailingService) -> None:
        self._mailings = mailings

    # -- the settings and the password ---------------------------------------------

    def settings(self) -> MailSettings:
        """The saved settings (empty ones when none are saved)."""
        return load_settings()

    def stored_password(self, smtp: SmtpSettings) -> str:
        """The password kept in the keyring for this server and user; "" when none
        is stored or the machine has no (acceptable) keyring."""
        with contextlib.suppress(KeyringUnavailable):
            return get_password(smtp)
        return ""

    def save(self, settings: MailSettings, password: str = "") -> None:
        """Save the settings; a typed ``password`` goes to the keyring first.

        Raises:
            KeyringUnavailable: A password was given and this machine cannot keep
                it; the settings are then not saved either.
        """
        if password:
            set_password(settings.smtp, password)
        save_settings(settings)

    def saved_server(self, ask: AskPassword | None = None) -> Server | None:
        """The saved server with its password, ready to send through.

        Args:
            ask: Asks for the password when the server needs a login and none
                is stored; without it the server is tried without one.

        Returns:
            The server, or None when ``ask`` was declined.

        Raises:
            NotConfigured: No server or sender address is saved.
        """
        saved = self.settings()
        if not saved.configured:
            raise NotConfigured(
                "E-post er ikke satt opp: fyll inn e-posttjener og avsender under "
                "«Innstillinger for e-post»."
            )
        password = self.stored_password(saved.smtp) if saved.smtp.user else ""
        if saved.smtp.user and not password and ask is not None:
            typed = ask(saved.smtp)
            if typed is None:
                return None
            password = typed
        return Server(saved.smtp, password, saved.limits)

    def relay(self, host: str, port: int) -> Server:
        """A server that needs no login (a local relay), with the saved sender and pace."""
        saved = self.settings()
        smtp = SmtpSettings(
            host=host,
            port=port,
            security=Security.NONE,
            sender_name=saved.smtp.sender_name,
            sender_address=saved.smtp.sender_address,
        )
        return Server(smtp, "", saved.limits)

    # -- sending ---------------------------------------------------------------------

    def send_steps(
        self, mailing_id: int, server: Server, sleep: Callable[[float], None] = time.sleep
    ) -> Steps:
        """Send a stored mailing's pending recipients through ``server``.

        A new mailing and a resumed one are the same to the sender loop: it
        sends whoever is still pending, yielding ``(done, total)``.

        Raises:
            MailingStopped: The server refused us or the daily cap was reached.
        """
        return self._mailings.send_steps(mailing_id, server.connection, server.limits, sleep)

    def check_connection(self, server: Server) -> str:
        """Log in and out; returns a line for the secretary.

        Raises:
            SendError: No server there, or the login was refused (a Norwegian reason).
        """
        with server.connection():
            pass  # opening logs in, closing logs out: that is the whole test
        return f"Tilkoblingen til {server.smtp.host} virker."

    def send_test(self, server: Server) -> str:
        """Send one message to the sender's own address; returns a line for the secretary.

        Raises:
            SendError: The server or the message was refused (a Norwegian reason).
        """
        smtp, sender = server.smtp, server.sender
        draft = MailDraft(
            "Testmelding fra Kontakt", "Hei {fornavn}!\n\nE-posten fra Kontakt virker."
        )
        msg = build_message(
            draft, sender, smtp.sender_name, smtp.sender_address,
            {"fornavn": smtp.sender_name or "der"}, new_message_id(sender),
        )  # fmt: skip
        with server.connection() as conn:
            conn.send(msg, smtp.sender_address)
        return f"Testmeldingen er sendt til {smtp.sender_address}."
