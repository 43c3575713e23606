"""Sending an idea-bank document to a filter through a real SMTP server, and what is recorded.

Each recipient's history shows the document, the document's page shows who
got it and when, and erasing a person removes their links but not the document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.fixtures.documents import make_pdf
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.storage.test_mailing import FAST, SENDER, connector, drive

from kontakt.app import Core
from kontakt.domain.documents import DocumentDraft, DocumentKind, Involvement
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.services.outreach.mailing import RecipientStatus
from kontakt.services.scope import ContactScope
from kontakt.storage.ideabank_models import DocumentAuthor, DocumentRecipient


def person(core: Core, given: str, municipality: str, topic: str, address: str) -> str:
    draft = ContactDraft(
        given_name=given,
        family_name="Helsepolitiker",
        municipality=municipality,
        topics=(topic,),
        emails=(EmailData(address),),
    )
    return core.contacts.create(draft).uid


def psychiatric_network(core: Core) -> dict[str, str]:
    """Everyone on psychiatric health in Vestland and Rogaland, and two who are not."""
    return {
        "Kari": person(core, "Kari", "Bergen", "Psykisk helse", "kari@example.no"),
        "Nils": person(core, "Nils", "Stavanger", "Psykisk helse", "nils@example.no"),
        "Siri": person(core, "Siri", "Sunnfjord", "Psykisk helse", "siri@example.no"),
        "Ola": person(core, "Ola", "Bergen", "Rus", "ola@example.no"),
        "Tone": person(core, "Tone", "Bodø", "Psykisk helse", "tone@example.no"),
    }


def in_filter(core: Core, county: str) -> ContactScope:
    return ContactScope(filter=ContactFilter(county=county, topics=("psykisk helse",)))


def test_a_document_sent_as_attachment_reaches_the_filter_and_is_recorded_on_both_sides(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    people = psychiatric_network(core)
    pdf = make_pdf(tmp_path / "interpellasjon.pdf", ["Ventetid i psykisk helsevern for barn"])
    doc_id = core.ideabank.add_path(
        pdf,
        DocumentDraft(
            "Interpellasjon om ventetid i BUP {viktig}",
            DocumentKind.INTERPELLASJON,
            municipality="Bergen",
            date=dt.date(2025, 2, 3),
            authors=(people["Ola"],),
        ),
    )
    plan = core.mailings.plan(in_filter(core, "Vestland"))
    plan.recipients += core.mailings.plan(in_filter(core, "Rogaland")).recipients
    draft = core.ideabank.mail_draft(doc_id, as_attachment=True)
    assert draft.subject == "Interpellasjon om ventetid i BUP {{viktig}}"  # braces kept literal
    assert [a.filename for a in draft.attachments] == ["interpellasjon.pdf"]
    mailing_id = core.ideabank.create_mailing(
        doc_id, draft, SENDER, plan, "Psykisk helse i Vestland og Rogaland"
    )
    drive(core, mailing_id, connector(smtp_server), FAST)

    received = dict(smtp_server.received)
    assert sorted(received) == ["kari@example.no", "nils@example.no", "siri@example.no"]
    message = received["kari@example.no"]
    assert message["Subject"] == "Interpellasjon om ventetid i BUP {viktig}"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert text.startswith(
        "Hei Kari!\n\nVedlagt er interpellasjonen «Interpellasjon om ventetid i BUP {viktig}» "
        "fra Bergen (03.02.2025)."
    )
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "interpellasjon.pdf"
    assert attachment.get_content() == pdf.read_bytes()

    # The document's page: who got it, when, through which mailing.
    page = core.ideabank.page(doc_id)
    assert sorted((r.name, r.address) for r in page.recipients) == [
        ("Kari Helsepolitiker", "kari@example.no"),
        ("Nils Helsepolitiker", "nils@example.no"),
        ("Siri Helsepolitiker", "siri@example.no"),
    ]
    assert {r.mailing_id for r in page.recipients} == {mailing_id}
    now = dt.datetime.now(dt.UTC)
    assert all(now - dt.timedelta(minutes=5) < r.sent_at <= now for r in page.recipients)

    # Each recipient's history: the e-mail and the document.
    history = core.history.history(people["Kari"])
    assert sorted((h.channel_label, h.subject) for h in history) == [
        ("Dokument", "Interpellasjon om ventetid i BUP {viktig}"),
        ("E-post", "Interpellasjon om ventetid i BUP {viktig}"),
    ]
    assert core.history.history(people["Ola"]) == []  # the author was not in the filter
    (got,) = core.ideabank.documents_of(people["Nils"])
    assert (got.involvement, got.when) == (Involvement.RECEIVED, dt.date.today())
    (wrote,) = core.ideabank.documents_of(people["Ola"])
    assert wrote.involvement is Involvement.WROTE


def test_a_document_sent_as_text_carries_its_text_and_no_attachment(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    people = psychiatric_network(core)
    doc_id = core.ideabank.add(
        DocumentDraft(
            "Leserinnlegg: Psykiatrien trenger senger",
            DocumentKind.LESERINNLEGG,
            text="Sengeplassene i psykiatrien er halvert siden 1998.",
            link="https://www.bt.no/innlegg/1",
        )
    )
    draft = core.ideabank.mail_draft(doc_id, as_attachment=False)
    assert draft.attachments == ()
    mailing_id = core.ideabank.create_mailing(
        doc_id, draft, SENDER, core.mailings.plan(in_filter(core, "Rogaland")), as_attachment=False
    )
    drive(core, mailing_id, connector(smtp_server), FAST)
    ((address, message),) = smtp_server.received
    assert address == "nils@example.no"
    assert (
        message["Subject"] == "Leserinnlegg: Psykiatrien trenger senger"
    )  # no «Leserinnlegg:» twice
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Sengeplassene i psykiatrien er halvert siden 1998." in text
    assert "Publisert: https://www.bt.no/innlegg/1" in text
    assert list(message.iter_attachments()) == []
    assert [r.uid for r in core.ideabank.page(doc_id).recipients] == [people["Nils"]]


def test_a_resumed_mailing_records_the_rest_of_the_recipients(
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    psychiatric_network(core)
    doc_id = core.ideabank.add(DocumentDraft("Programtekst psykisk helse", text="Tekst."))
    plan = core.mailings.plan(ContactScope(filter=ContactFilter(topics=("psykisk helse",))))
    mailing_id = core.ideabank.create_mailing(
        doc_id, core.ideabank.mail_draft(doc_id), SENDER, plan
    )
    steps = core.mailings.send_steps(mailing_id, connector(smtp_server), FAST)  # type: ignore[arg-type]
    for done, _total in steps:
        if done == 2:
            steps.close()  # «Avbryt» after two messages
            break
    assert len(core.ideabank.page(doc_id).recipients) == 2
    drive(core, mailing_id, connector(smtp_server), FAST)  # «Fortsett utsending»
    assert core.mailings.summary(mailing_id).count(RecipientStatus.SENT) == 4
    assert len(core.ideabank.page(doc_id).recipients) == 4


def test_erasing_a_person_removes_their_links_and_keeps_the_document(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    people = psychiatric_network(core)
    doc_id = core.ideabank.add(
        DocumentDraft(
            "Høringssvar om psykisk helse",
            DocumentKind.HORINGSSVAR,
            text="Tekst.",
            authors=(people["Kari"], people["Tone"]),
        )
    )
    mailing_id = core.ideabank.create_mailing(
        doc_id,
        core.ideabank.mail_draft(doc_id),
        SENDER,
        core.mailings.plan(in_filter(core, "Vestland")),
    )
    drive(core, mailing_id, connector(smtp_server), FAST)
    assert len(core.ideabank.page(doc_id).recipients) == 2  # Kari and Siri
    exported = core.privacy.export_person(people["Kari"])
    assert sorted(d["rolle"] for d in exported["dokumenter"]) == ["mottok", "skrev"]

    core.privacy.erase(people["Kari"])

    page = core.ideabank.page(doc_id)
    assert [a.name for a in page.row.authors] == ["Tone Helsepolitiker"]
    assert [r.name for r in page.recipients] == ["Siri Helsepolitiker"]
    with core.sessions() as session:  # no row is left pointing at nobody
        assert session.query(DocumentAuthor).count() == 1
        assert session.query(DocumentRecipient).count() == 1


def test_a_document_that_is_only_a_file_sends_the_file_text_in_the_body(
    sqlite_core: Core, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "svar.pdf", ["Høringssvar: {ikke et flettefelt} om rehabilitering"])
    doc_id = sqlite_core.ideabank.add_path(pdf, DocumentDraft("", DocumentKind.HORINGSSVAR))
    draft = sqlite_core.ideabank.mail_draft(doc_id, as_attachment=False)
    assert draft.attachments == ()
    assert "{{ikke et flettefelt}} om rehabilitering" in draft.body
    draft.check()  # the document's braces are no merge fields
