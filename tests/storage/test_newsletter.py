"""The newsletter's stored pieces on SQLite and PostgreSQL: templates, drafts, copies,
the sections Kontakt writes, and the test sends before the real one."""

from __future__ import annotations

import datetime as dt

from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401

from kontakt.app import Core
from kontakt.domain.documents import DocumentDraft, DocumentKind
from kontakt.domain.newsletter import BUILT_IN, NewsletterTemplate
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.services.outreach.events import EventData
from kontakt.services.outreach.message import Sender
from kontakt.services.outreach.newsletter import compose
from kontakt.services.outreach.newsletter_tests import (
    board_list,
    send_test_to_list,
    send_test_to_me,
)
from kontakt.services.outreach.outbox import Server
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.services.steps import drive

UTC = dt.UTC


def send_newsletter(core: Core, subject: str, markdown: str) -> int:
    plan = core.mailings.plan(ContactScope())
    draft = compose(subject, markdown).draft
    return core.mailings.create(draft, Sender("Nettverket", "nett@example.no"), plan)


def test_a_template_is_kept_and_a_missing_one_falls_back_to_the_built_in(core: Core) -> None:
    assert core.newsletters.template("Vestland") == (BUILT_IN, False)
    core.newsletters.save_template(
        NewsletterTemplate("Vestland", "## Vestland", "Postboks 7, Bergen", b"\x89PNG", "image/png")
    )
    core.newsletters.save_template(NewsletterTemplate("Vestland", "## Vestland SV", "Postboks 8"))
    template, found = core.newsletters.template("Vestland")
    assert found and template == NewsletterTemplate("Vestland", "## Vestland SV", "Postboks 8")
    assert core.newsletters.template_names() == ["Standard", "Vestland"]


def test_drafts_are_saved_updated_listed_and_thrown_away(core: Core) -> None:
    first = core.newsletters.save_draft("Januar", "# Hei {fornavn}", "Vestland")
    second = core.newsletters.save_draft("Februar", "Tekst")
    assert core.newsletters.save_draft("Januar!", "# Hei igjen", "", first) == first
    assert [d.subject for d in core.newsletters.drafts()] == ["Januar!", "Februar"]
    assert core.newsletters.draft(first).markdown == "# Hei igjen"
    core.newsletters.delete_draft(second)
    assert [d.id for d in core.newsletters.drafts()] == [first]


def test_a_sent_newsletter_is_copied_into_a_new_draft(core: Core) -> None:
    core.contacts.create(ContactDraft(given_name="Åse", emails=(EmailData("ase@example.no"),)))
    sent = send_newsletter(core, "Mars", "# Mars\n\nHei {fornavn}, om **æøå**.")
    assert [n.id for n in core.newsletters.sent()] == [sent]
    copy = core.newsletters.draft(core.newsletters.copy_sent(sent))
    assert (copy.subject, copy.markdown) == ("Mars", "# Mars\n\nHei {fornavn}, om **æøå**.")


def test_sections_list_upcoming_events_and_documents_new_since_the_last_newsletter(
    core: Core,
) -> None:
    now = dt.datetime.now(UTC)
    core.events.create(
        EventData("Gammelt møte", now - dt.timedelta(days=3), now - dt.timedelta(days=3, hours=-1))
    )
    core.events.create(
        EventData(
            "Fagmøte om *rus* {og} psykiatri",
            now + dt.timedelta(days=10),
            now + dt.timedelta(days=10, hours=2),
            link="https://meet.example.no/rus",
            place="Bergen",
        )
    )
    events = core.newsletter_sections.events()
    assert "Gammelt møte" not in events
    assert "**Fagmøte om \\*rus\\* {{og}} psykiatri**" in events
    assert "[Lenke til møtet](<https://meet.example.no/rus>)" in events
    assert "Meld deg på ved å svare på denne e-posten." in events
    # The section is text in the newsletter: it renders, and its braces are no merge fields.
    assert "{og}" in compose("Januar", events).draft.body.replace("{{", "{").replace("}}", "}")

    core.contacts.create(ContactDraft(given_name="Åse", emails=(EmailData("ase@example.no"),)))
    core.ideabank.add(DocumentDraft("Før brevet", kind=DocumentKind.HORINGSSVAR))
    send_newsletter(core, "Desember", "Hei")
    core.ideabank.add(
        DocumentDraft(
            "Interpellasjon om fødetilbud", kind=DocumentKind.INTERPELLASJON, county="46",
            link="https://example.no/doc",
        )
    )  # fmt: skip
    docs = core.newsletter_sections.documents()
    assert "Før brevet" not in docs
    assert (
        "- [Interpellasjon om fødetilbud](<https://example.no/doc>), interpellasjon, Vestland"
        in docs
    )
    assert core.newsletter_sections.theme().startswith("## Månedens tema")


def test_test_sends_go_to_me_and_to_the_board_list_and_store_no_mailing(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core.contacts.create_many(
        [
            ContactDraft(given_name="Styremedlem", emails=(EmailData("styre@example.no"),)),
            ContactDraft(given_name="Leder", emails=(EmailData("leder@example.no"),)),
            ContactDraft(given_name="Annen", emails=(EmailData("annen@example.no"),)),
        ]
    )
    core.catalog.create_list("Styret")
    uids = [
        r.uid
        for r in core.search.all_rows(ContactFilter())
        if r.given_name in ("Styremedlem", "Leder")
    ]
    core.catalog.add_to_list("Styret", uids)
    assert board_list([n.name for n in core.catalog.lists()]) == "Styret"
    server = Server(
        SmtpSettings(
            smtp_server.host, smtp_server.port, Security.NONE,
            sender_name="Sekretær", sender_address="sekretar@example.no",
        )
    )  # fmt: skip
    draft = compose("Nyhetsbrev, {fornavn}", "Hei {fornavn}!").draft

    assert send_test_to_me(server, draft) == "Testen er sendt til sekretar@example.no."
    line = send_test_to_list(server, draft, core.mailings, "Styret")
    assert line == "Testen er sendt til 2 personer på listen «Styret»."
    received = dict(smtp_server.received)
    assert set(received) == {"sekretar@example.no", "styre@example.no", "leder@example.no"}
    assert received["leder@example.no"]["Subject"] == "[TEST] Nyhetsbrev, Leder"
    assert received["sekretar@example.no"]["Subject"] == "[TEST] Nyhetsbrev, Sekretær"
    assert core.mailings.mailings() == []


def test_the_real_send_stores_first_and_resumes_without_sending_twice(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core.contacts.create_many(
        [
            ContactDraft(given_name=f"P{i}", emails=(EmailData(f"p{i}@example.no"),))
            for i in range(3)
        ]
    )
    mailing = send_newsletter(core, "April", "# April\n\nHei {fornavn}")
    assert [m.id for m in core.mailings.mailings()] == [mailing]
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.NONE)
    server = Server(settings)
    drive(core.outbox.send_steps(mailing, server))
    drive(core.outbox.send_steps(mailing, server))  # run again: nothing left to send
    assert sorted(r for r, _ in smtp_server.received) == [f"p{i}@example.no" for i in range(3)]
