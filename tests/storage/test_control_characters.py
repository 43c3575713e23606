"""Control characters pasted into any text field are stored clean, whoever writes it.

A carriage return in a role once went through the merge field {verv} into an
e-mail subject and stopped a mailing half-way; a NUL is refused outright by
PostgreSQL. The services clean every text on the way in, so the window, the
command line and the importers store the same clean text. Single-line fields
turn line breaks of every kind (CR, LF, NEL, U+2028, U+2029) into a space;
notes and other long texts keep line feeds and tabs; other control characters
are dropped. Both backends.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from tests.fixtures.sheets import write_csv

from kontakt.app import Core
from kontakt.domain.documents import DocumentDraft
from kontakt.domain.records import (
    ContactDraft,
    ContactFilter,
    EmailData,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.services.outreach.events import EventData
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.scope import ContactScope
from kontakt.storage.ideabank_models import Document
from kontakt.storage.models import ContactList, Interaction
from kontakt.storage.outreach_models import Event, Mailing

# What a paste from a web page, a PDF or an old terminal program can bring along.
DIRTY = "Leder\rBergen\x00 kommune\x1bstyre\u2028nord\x85sør\u2029vest\x7f"
CLEAN = "Leder Bergen kommunestyre nord sør vest"
DIRTY_NOTE = "Første linje\r\nandre\tlinje\x00\u2028tredje\x85fjerde\x1b\rfemte\x0c"
CLEAN_NOTE = "Første linje\nandre\tlinje\ntredje\nfjerde\nfemte"


def dirty(text: str) -> str:
    """``text`` with control characters inside it and line breaks after it."""
    return f"\x00{text[:2]}\x1b{text[2:]}\u2028\r"


def test_a_contact_written_through_the_service_is_stored_clean(core: Core) -> None:
    row = core.contacts.create(
        ContactDraft(
            given_name=dirty("Kari"),
            family_name=dirty("Nordmann"),
            emails=(EmailData("kari@example.no"),),
            organisation=DIRTY,
            title=DIRTY,
            party=DIRTY,
            notes=DIRTY_NOTE,
            consent_source=DIRTY,
            topics=(dirty("Psykisk helse"),),
            labels=(dirty("Styret"),),
            roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, DIRTY, DIRTY, DIRTY),),
        )
    )
    stored = core.contacts.get(row.uid)
    assert (stored.given_name, stored.family_name) == ("Kari", "Nordmann")
    assert stored.organisation == stored.title == stored.party == CLEAN
    assert stored.consent_source == CLEAN
    assert stored.notes == CLEAN_NOTE
    assert stored.topics == ("Psykisk helse",)
    assert stored.labels == ("Styret",)
    assert stored.roles == (RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, CLEAN, CLEAN, CLEAN),)
    # An update goes the same way.
    updated = core.contacts.update(
        row.uid,
        ContactDraft(
            given_name="Kari",
            family_name="Nordmann",
            organisation="Helse\u2028Bergen\x00",
            notes="a\u2029b\x07",
            roles=(RoleData(RoleKind.TILLITSVALGT, None, "Fagforbundet\r\nVestland"),),
        ),
        stored.version,
    )
    assert updated.organisation == "Helse Bergen"
    assert updated.notes == "a\nb"
    assert updated.roles[0].body == "Fagforbundet Vestland"
    assert core.search.count(ContactFilter(text="helse bergen")) == 1


def test_tags_lists_and_saved_searches_are_stored_clean(core: Core) -> None:
    row = core.contacts.create(ContactDraft(given_name="Kari"))
    assert core.catalog.add_topic("Rus\x00\rog\u2028psykiatri") == "Rus og psykiatri"
    core.contacts.set_label([row.uid], "Styre\x1b\u2029medlem", True)
    assert core.contacts.get(row.uid).labels == ("Styre medlem",)
    assert core.catalog.create_list("Styret\r\n2026\x00", "Valgt\x1b\r\npå årsmøtet") == (
        "Styret 2026"
    )
    assert core.catalog.save_search("Bergen\x85og\x00 omegn", ContactFilter()) == "Bergen og omegn"
    assert core.catalog.saved_searches() == ["Bergen og omegn"]
    assert "Rus og psykiatri" in [t.name for t in core.catalog.topics()]
    with core.sessions() as session:
        stored = session.scalars(select(ContactList)).one()
        assert (stored.name, stored.description) == ("Styret 2026", "Valgt\npå årsmøtet")


def test_events_notes_documents_and_mailings_are_stored_clean(core: Core) -> None:
    row = core.contacts.create(
        ContactDraft(given_name="Kari", emails=(EmailData("kari@example.no"),))
    )
    oslo = dt.timezone(dt.timedelta(hours=1))
    start = dt.datetime(2026, 12, 3, 19, 0, tzinfo=oslo)
    event_id = core.events.create(
        EventData(DIRTY, start, start + dt.timedelta(hours=1), place=DIRTY, description=DIRTY_NOTE)
    )
    data = core.events.summary(event_id).data
    assert (data.title, data.place, data.description) == (CLEAN, CLEAN, CLEAN_NOTE)
    core.events.update(
        event_id,
        EventData("Møte\rom\x00 rus", start, start + dt.timedelta(hours=1), place="Bergen\u2028"),
    )
    with core.sessions() as session:
        event = session.get_one(Event, event_id)
        assert (event.title, event.place) == ("Møte om rus", "Bergen")

    item = core.history.add_note(row.uid, "telefon", DIRTY, DIRTY_NOTE)
    assert (item.subject, item.note) == (CLEAN, CLEAN_NOTE)

    document_id = core.ideabank.add(DocumentDraft(DIRTY, text=DIRTY_NOTE))
    with core.sessions() as session:
        document = session.get_one(Document, document_id)
        assert (document.title, document.text) == (CLEAN, CLEAN_NOTE)

    mailing_id = core.mailings.create(
        MailDraft(f"{DIRTY} {{fornavn}}", f"Hei {{fornavn}}!\r\n{DIRTY_NOTE}"),
        Sender("SV\rhelse", "nettverk@example.no"),
        core.mailings.plan(ContactScope()),
    )
    with core.sessions() as session:
        mailing = session.get_one(Mailing, mailing_id)
        assert mailing.subject == f"{CLEAN} {{fornavn}}"
        assert mailing.body == f"Hei {{fornavn}}!\n{CLEAN_NOTE}\n"  # a message is not trimmed
        assert mailing.sender_name == "SV helse"
        assert session.scalars(select(Interaction)).one().subject == CLEAN


def test_an_import_cleans_the_same_way(core: Core, tmp_path: Path) -> None:
    """A spreadsheet cell goes through the same cleaning as a typed value.

    (The importer also tidies the spacing of each line of a cell: a tab there is a space.)
    """
    path = write_csv(
        tmp_path / "liste.csv",
        ["Fornavn", "E-post", "Organisasjon", "Verv", "Notater"],
        [["Kari", "kari@example.no", DIRTY, "Leder\r\nBergen bystyre\x1b", DIRTY_NOTE]]
        # Ordinary rows around it: a short file of mostly control characters is binary.
        + [[f"Person{i}", f"p{i}@example.no", "Helse Bergen", "", ""] for i in range(20)],
    )
    assert core.imports.apply(core.imports.preview(path)).created == 21
    (found,) = core.search.search(ContactFilter(text="kari")).rows
    row = core.contacts.get(found.uid)
    assert row.organisation == CLEAN
    assert row.notes == CLEAN_NOTE.replace("\t", " ")
    texts = [t for r in row.roles for t in (r.body, r.title, r.organisation)]
    assert texts and all(t.isprintable() for t in texts), texts
