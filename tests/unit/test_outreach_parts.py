"""Merge fields, the personal message, the SMTP connection (against a real server), the pace."""

from __future__ import annotations

import pytest
from tests.fixtures.smtp_server import (  # noqa: F401
    PASSWORD,
    USER,
    SmtpServer,
    free_port,
    smtp_login_server,
    smtp_server,
)

from kontakt.domain.templating import FIELDS, render, template_fields
from kontakt.errors import ValidationError
from kontakt.services.outreach.message import (
    FOOTER,
    Attachment,
    MailDraft,
    Sender,
    build_message,
    new_message_id,
)
from kontakt.services.outreach.pacing import Limits, Pacer
from kontakt.services.outreach.smtp import (
    RecipientRefused,
    Security,
    ServerRefused,
    SmtpConnection,
    SmtpSettings,
)

VALUES = {
    "fornavn": "Åse",
    "etternavn": "Ødegård",
    "kommune": "Bergen",
    "fylke": "Vestland",
    "verv": "Leder, Helseutvalget",
    "organisasjon": "<Fagforbundet & co>",
}
SENDER = Sender("SV Helsenettverket", "nettverk@example.no")


def test_template_fields_are_found_in_order() -> None:
    assert template_fields("Hei {fornavn} {etternavn}, {fornavn}!") == ["fornavn", "etternavn"]
    assert set(FIELDS) == {"fornavn", "etternavn", "kommune", "fylke", "verv", "organisasjon"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Hei {navn}", "{navn}"),
        ("Hei {Fornavn}", "{Fornavn}"),
        ("{fornavn:>10}", "{fornavn:>10}"),
        ("{fornavn!r}", "{fornavn!r}"),
        ("{fornavn.upper}", "{fornavn.upper}"),
        ("{0}", "{0}"),
        ("{}", "{}"),
    ],
)
def test_an_unknown_field_is_named(text: str, named: str) -> None:
    with pytest.raises(ValidationError) as info:
        template_fields(text, "emnet")
    assert named in str(info.value) and "emnet" in str(info.value)


def test_a_stray_brace_is_an_error_and_doubled_braces_are_text() -> None:
    with pytest.raises(ValidationError, match="krøllparentes"):
        template_fields("Hei {fornavn")
    assert render("{{ikke felt}} {fornavn}", VALUES) == "{ikke felt} Åse"


def test_html_values_are_escaped() -> None:
    assert render("<b>{organisasjon}</b>", VALUES, as_html=True) == (
        "<b>&lt;Fagforbundet &amp; co&gt;</b>"
    )


def test_draft_check_names_the_place_of_an_unknown_field() -> None:
    with pytest.raises(ValidationError, match="meldingsteksten"):
        MailDraft("Hei", "Hei {kommunne}").check()
    with pytest.raises(ValidationError, match="Emnefeltet er tomt"):
        MailDraft(" ", "x").check()


def test_the_personal_message_is_merged_with_footer_and_unsubscribe_header() -> None:
    draft = MailDraft(
        "Invitasjon til {fylke}",
        "Hei {fornavn}!\nVi ses.",
        html="<p>Hei {fornavn}</p>",
        attachments=(Attachment("interpellasjon.pdf", b"%PDF-1.4 test", "application/pdf"),),
    )
    msg = build_message(draft, SENDER, "Åse Ødegård", "ase@example.no", VALUES, "<1@example.no>")
    assert msg["Subject"] == "Invitasjon til Vestland"
    assert msg["To"] == "Åse Ødegård <ase@example.no>"
    assert msg["List-Unsubscribe"] == "<mailto:nettverk@example.no?subject=Avmeld>"
    assert msg["Message-ID"] == "<1@example.no>"
    text = msg.get_body(("plain",))
    assert text is not None
    content = text.get_content()
    assert content.startswith("Hei Åse!\nVi ses.") and FOOTER in content
    html = msg.get_body(("html",))
    assert html is not None and "<p>Hei Åse</p>" in html.get_content()
    (attached,) = list(msg.iter_attachments())
    assert attached.get_filename() == "interpellasjon.pdf"
    assert attached.get_content() == b"%PDF-1.4 test"
    assert new_message_id(SENDER).endswith("@example.no>")


def test_pacer_holds_the_per_minute_cap() -> None:
    now = [0.0]
    pacer = Pacer(Limits(per_minute=3, per_day=10), clock=lambda: now[0])
    for _ in range(3):
        assert pacer.wait_seconds() == 0
        pacer.sent()
        now[0] += 1
    assert pacer.wait_seconds() == pytest.approx(57.0)
    now[0] = 60.0
    assert pacer.wait_seconds() == 0


def test_pacer_knows_when_the_day_is_full() -> None:
    pacer = Pacer(Limits(per_minute=100, per_day=5), sent_last_day=4)
    assert not pacer.day_is_full
    pacer.sent()
    assert pacer.day_is_full


def test_send_one_message_to_a_real_server(smtp_server: SmtpServer) -> None:  # noqa: F811
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.NONE)
    msg = build_message(MailDraft("Hei", "Hei {fornavn}"), SENDER, "Åse", "ase@example.no",
                        VALUES, "<2@example.no>")  # fmt: skip
    with SmtpConnection(settings) as conn:
        conn.send(msg, "ase@example.no")
    ((rcpt, got),) = smtp_server.received
    assert rcpt == "ase@example.no" and got["Subject"] == "Hei"


def test_a_refused_recipient_is_reported(smtp_server: SmtpServer) -> None:  # noqa: F811
    smtp_server.behaviour.refuse.add("borte@example.no")
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.NONE)
    msg = build_message(MailDraft("Hei", "x"), SENDER, "", "borte@example.no", VALUES, "<3@x>")
    with SmtpConnection(settings) as conn, pytest.raises(RecipientRefused, match="550"):
        conn.send(msg, "borte@example.no")


def test_login_is_required_and_checked(smtp_login_server: SmtpServer) -> None:  # noqa: F811
    settings = SmtpSettings(smtp_login_server.host, smtp_login_server.port, Security.NONE, USER)
    with pytest.raises(ServerRefused, match="brukernavn og passord"):
        SmtpConnection(settings, "feil").connect()
    with SmtpConnection(settings, PASSWORD):
        pass


def test_no_server_is_a_clear_error() -> None:
    settings = SmtpSettings("127.0.0.1", free_port(), Security.NONE)
    with pytest.raises(ServerRefused, match="Får ikke kontakt"):
        SmtpConnection(settings).connect()


def test_starttls_against_a_server_without_it_is_refused(smtp_server: SmtpServer) -> None:  # noqa: F811
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.STARTTLS)
    with pytest.raises(ServerRefused, match="starttls"):
        SmtpConnection(settings).connect()
