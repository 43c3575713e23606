"""The SMTP connection: settings, connecting (STARTTLS, SSL or plain), sending one message.

Errors are sorted into what the sender loop needs to know, each with a
Norwegian reason: the recipient was refused (record it, go on), the
connection was lost (reconnect, go on), or the server will not take any
message from us (stop the mailing, tell the secretary).
"""

from __future__ import annotations

import email.errors
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum
from types import TracebackType

from kontakt.domain.preferences import SMTP_PORT, SMTP_SECURITY
from kontakt.errors import KontaktError

TIMEOUT_SECONDS = 30.0


class Security(StrEnum):
    """How the connection is protected."""

    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"


DEFAULT_SECURITY = Security(SMTP_SECURITY.default)


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where and how to send (the password lives in the keyring, not here)."""

    host: str
    port: int = SMTP_PORT.default
    security: Security = DEFAULT_SECURITY
    user: str = ""
    sender_name: str = ""
    sender_address: str = ""


class SendError(KontaktError):
    """Sending failed; the subclass says what the sender loop should do."""


class RecipientRefused(SendError):
    """The server refused this recipient (or this message): record it and go on."""


class ConnectionLost(SendError):
    """The connection broke or timed out: reconnect and go on."""


class ServerRefused(SendError):
    """Login refused, sender refused, or no server: stop the whole mailing."""


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


class SmtpConnection:
    """One open connection to the mail server.

    Args:
        settings: Host, port, security, user.
        password: From the keyring (or typed for this session); "" for no login.
    """

    def __init__(self, settings: SmtpSettings, password: str = "") -> None:
        self.settings = settings
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def connect(self) -> None:
        """Open the connection and log in.

        Raises:
            ServerRefused: No server there, TLS failed, or the login was refused.
        """
        s = self.settings
        where = f"{s.host}:{s.port}"
        try:
            if s.security == Security.SSL:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_SECONDS)
                if s.security == Security.STARTTLS:
                    smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, self._password)
        except smtplib.SMTPAuthenticationError as exc:
            raise ServerRefused(
                f"E-posttjeneren {where} godtok ikke brukernavn og passord "
                f"({_reply(exc.smtp_code, exc.smtp_error)})."
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise ServerRefused(f"E-posttjeneren {where} støtter ikke {s.security.value}.") from exc
        except ssl.SSLError as exc:
            raise ServerRefused(f"Sikker tilkobling til {where} feilet: {exc.reason}.") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ServerRefused(f"Får ikke kontakt med e-posttjeneren {where}: {exc}.") from exc
        self._smtp = smtp

    def send(self, msg: EmailMessage, to_address: str) -> None:
        """Hand one message to the server for one recipient.

        Raises:
            RecipientRefused: The recipient or the message was refused, or the
                message could not be written out (nothing was sent).
            ConnectionLost: The connection broke; :meth:`connect` again.
            ServerRefused: The server refuses our sender address.
        """
        if self._smtp is None:
            raise ConnectionLost("Ikke tilkoblet e-posttjeneren.")
        try:
            self._smtp.send_message(msg, to_addrs=[to_address])
        except (ValueError, email.errors.MessageError) as exc:
            # The message could not be written out (a header value that cannot be
            # encoded); smtplib does that before talking to the server, so
            # nothing was sent.
            raise RecipientRefused(
                "E-posten kunne ikke lages: en verdi har tegn som ikke kan stå i en e-post "
                f"({exc})."
            ) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise RecipientRefused(f"Mottakeren ble avvist: {_reply(code, text)}") from exc
        except smtplib.SMTPSenderRefused as exc:
            reply = _reply(exc.smtp_code, exc.smtp_error)
            raise ServerRefused(f"Tjeneren godtar ikke avsenderen {exc.sender}: {reply}") from exc
        except smtplib.SMTPServerDisconnected as exc:
            self._smtp = None
            raise ConnectionLost(f"Forbindelsen til e-posttjeneren ble brutt: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:  # temporary: try again on a new connection
                self.close()
                raise ConnectionLost(
                    f"Tjeneren ba oss vente: {_reply(exc.smtp_code, exc.smtp_error)}"
                ) from exc
            raise RecipientRefused(
                f"Meldingen ble avvist: {_reply(exc.smtp_code, exc.smtp_error)}"
            ) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            self._smtp = None
            raise ConnectionLost(f"Forbindelsen til e-posttjeneren ble brutt: {exc}") from exc

    def close(self) -> None:
        """Say goodbye to the server (quietly if it is already gone)."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
