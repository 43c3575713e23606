"""GDPR: access (everything about one person) and erasure (nothing left in the file)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.e2e.test_cli import kontakt
from tests.fixtures.smtp_server import (
    SmtpServer,
    smtp_server,  # noqa: F401
)

from kontakt.app import Core
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    ContactFilter,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.errors import NotFoundError
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.services.steps import drive
from kontakt.storage.models import AuditEntry

NAME = ("Sigrunn", "Kvålsvik-Erasmo")
EMAIL = "sigrunn.erasmo@eksempel.no"
PHONE = "+4791827364"


def full_person() -> ContactDraft:
    return ContactDraft(
        given_name=NAME[0],
        family_name=NAME[1],
        emails=(
            EmailData(EMAIL, EmailKind.JOBB, primary=True),
            EmailData("sigrunn@privat.example", EmailKind.PRIVAT),
        ),
        phones=(PhoneData(PHONE, PhoneKind.MOBIL, primary=True),),
        organisation="Sykepleierforbundet Agder",
        title="Hovedtillitsvalgt",
        municipality="4204",
        party="SV",
        notes="Skrev høringssvar om fødetilbudet",
        topics=("Fødetilbud", "Bemanning"),
        labels=("styret",),
        roles=(
            RoleData(
                RoleKind.TILLITSVALGT,
                RoleLevel.FYLKE,
                "NSF Agder",
                "Leder",
                "NSF",
                dt.date(2023, 1, 1),
                dt.date(2027, 10, 31),
            ),
        ),
        consent_basis=ConsentBasis.SAMTYKKE,
        consent_date=dt.date(2025, 3, 1),
        consent_source="import medlemsundersøkelse 2025",
        last_confirmed=dt.date(2025, 3, 1),
    )


@pytest.fixture
def person(core: Core, smtp_server: SmtpServer) -> str:  # noqa: F811
    row = core.contacts.create(full_person())
    core.contacts.create(ContactDraft("Ola", "Annen", emails=(EmailData("ola@example.no"),)))
    core.contacts.update(row.uid, replace(full_person(), title="Leder"), row.version)
    core.catalog.create_list("Styret")
    core.catalog.add_to_list("Styret", [row.uid])
    core.history.add_note(row.uid, "telefon", "Ringte om fødetilbudet", "Vil skrive leserinnlegg")
    plan = core.mailings.plan(ContactScope(filter=ContactFilter()))
    mailing_id = core.mailings.create(
        MailDraft("Hei {fornavn}", "Tekst"), Sender("SV", "n@example.no"), plan
    )
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.NONE)
    drive(
        core.mailings.send_steps(
            mailing_id, lambda: SmtpConnection(settings), Limits(100, 100), sleep=lambda s: None
        )
    )
    start = dt.datetime(2026, 5, 1, 18, tzinfo=dt.UTC)
    event_id = core.events.create(EventData("Fylkesmøte", start, start + dt.timedelta(hours=2)))
    core.events.set_status(event_id, row.id, ParticipantStatus.ATTENDED)
    return row.uid


def test_access_export_holds_everything_stored(core: Core, person: str) -> None:
    data = core.privacy.export_person(person)
    p = data["person"]
    draft = full_person()
    assert (p["given_name"], p["family_name"]) == NAME
    assert {e["address"] for e in p["emails"]} == {e.address for e in draft.emails}
    assert [x["number"] for x in p["phones"]] == [PHONE]
    for field in ("organisation", "party", "notes"):
        assert p[field] == getattr(draft, field)
    assert p["title"] == "Leder"
    assert p["municipality"]["name"] == "Kristiansand" and p["county"]["name"] == "Agder"
    assert set(p["topics"]) == {"Fødetilbud", "Bemanning"} and p["labels"] == ["styret"]
    assert p["roles"][0]["body"] == "NSF Agder"
    assert p["consent"] == {
        "basis": "samtykke",
        "date": "2025-03-01",
        "source": "import medlemsundersøkelse 2025",
    }
    assert p["last_confirmed"] == "2025-03-01"
    assert [x["navn"] for x in data["lister"]] == ["Styret"]
    subjects = {h["emne"] for h in data["historikk"]}
    assert {"Ringte om fødetilbudet", "Hei Sigrunn", "Deltok: Fylkesmøte"} <= subjects
    assert data["utsendinger"][0]["status"] == "sent"
    assert data["arrangementer"] == [
        {"tittel": "Fylkesmøte", "start": data["arrangementer"][0]["start"], "status": "attended"}
    ]
    assert [a["handling"] for a in data["endringslogg"]] == ["create", "update"]
    assert data["formål"] and data["oppbevaring"]
    json.dumps(data)  # all of it is JSON


def test_erasure_leaves_nothing_in_the_file_and_wal(
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    # The same story as the fixture, on the SQLite file whose bytes we search.
    row = core.contacts.create(full_person())
    core.contacts.create(ContactDraft("Ola", "Annen", emails=(EmailData("ola@example.no"),)))
    core.history.add_note(row.uid, "møte", "Møte med Sigrunn Kvålsvik-Erasmo")
    plan = core.mailings.plan(ContactScope())
    mailing_id = core.mailings.create(
        MailDraft("Hei {etternavn}", "x"), Sender("S", "s@x.no"), plan
    )
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.NONE)
    drive(core.mailings.send_steps(mailing_id, lambda: SmtpConnection(settings), Limits(9, 9)))
    core.contacts.trash([row.uid])
    core.contacts.restore([row.uid])

    assert core.privacy.erase(row.uid) == " ".join(NAME)

    with pytest.raises(NotFoundError):
        core.contacts.get(row.uid)
    db = core.location.path
    assert db is not None
    files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
    needles = [
        NAME[1].encode(), NAME[1].casefold().encode(), EMAIL.encode(), b"sigrunn@privat",
        PHONE.encode(), "Kvålsvik".encode("utf-16-le"),
    ]  # fmt: skip
    for f in files:
        content = f.read_bytes()
        for needle in needles:
            assert needle not in content, (f.name, needle)
    with core.sessions() as session:
        entries = session.query(AuditEntry).filter_by(entity_uid=row.uid).all()
        assert entries and all(e.before is None and e.after is None for e in entries)
        assert entries[-1].action == "erase"
    assert core.search.count(ContactFilter()) == 1  # the other contact is untouched
    assert core.privacy.suppressed([EMAIL.upper()], [])
    assert core.privacy.suppressed([], [PHONE])
    assert not core.privacy.suppressed(["ola@example.no"], [])


def test_erasure_on_both_backends(core: Core, person: str) -> None:
    core.privacy.erase(person)
    assert core.search.count(ContactFilter()) == 1
    assert core.privacy.suppressed([EMAIL], [])
    with pytest.raises(NotFoundError):
        core.privacy.export_person(person)


def test_privacy_on_the_command_line(sqlite_core: Core, tmp_path: Path) -> None:
    row = sqlite_core.contacts.create(full_person())
    db = sqlite_core.location.path
    sqlite_core.close()
    out = tmp_path / "innsyn.json"
    result = kontakt("privacy", "export", row.uid, "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text("utf-8"))["person"]["family_name"] == NAME[1]
    text = "".join(page.extract_text() for page in PdfReader(out.with_suffix(".pdf")).pages)
    assert NAME[1] in text and "Formål" in text
    refused = kontakt("privacy", "erase", row.uid, db=db)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    erased = kontakt("privacy", "erase", row.uid, "--yes", db=db)
    assert erased.returncode == 0, erased.stderr
    assert "er slettet for godt" in erased.stdout
    unknown = kontakt("privacy", "export", row.uid, db=db)
    assert unknown.returncode == 1 and "Fant ingen kontakt" in unknown.stderr
