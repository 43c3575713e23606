"""People others store between an import's preview and its writing are not created twice.

The secretary reads a file and looks at the preview; meanwhile a colleague
(another window, another import) stores some of the same people. Applying
checks again, inside the writing transaction, and treats them as the
duplicates they now are, with the preview's choice, saying so in the report.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.fixtures.sheets import write_csv

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData, PhoneData
from kontakt.errors import BusyError
from kontakt.paths import DatabaseLocation
from kontakt.services.importing import writing
from kontakt.services.importing.duplicates import LIVE_FINGERPRINT_SQL
from kontakt.services.importing.model import ImportOptions, OnDuplicate
from kontakt.services.steps import drive
from kontakt.storage import engine

HEADERS = ["Navn", "E-post", "Mobil", "Kommune", "Organisasjon"]
ROWS = [
    ["Kari Nordmann", "kari@example.org", "98765432", "Bergen", "Helse Bergen"],
    ["Ola Nordmann", "ola@example.org", "98765433", "Oslo", "Fagforbundet"],
    ["Per Hansen", "", "98765434", "Tromsø", "UNN"],
    ["Siri Lund", "siri@example.org", "", "Bærum", ""],
]


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "fylkeslag.csv", HEADERS, ROWS)


def people(core: Core) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for row in core.search.search(ContactFilter(), None).rows:
        found.setdefault(row.full_name, []).append(row)
    return found


def test_people_added_while_the_preview_was_open_are_skipped_and_reported(
    core: Core, sheet: Path
) -> None:
    preview = core.imports.preview(sheet)
    assert all(r.duplicate_of is None for r in preview.rows)
    # A colleague adds Kari (same e-mail) and Per (same phone, no e-mail).
    core.contacts.create(
        ContactDraft(
            given_name="Kari", family_name="Nordmann", emails=(EmailData("kari@example.org"),)
        )
    )
    core.contacts.create(
        ContactDraft(given_name="Per", family_name="Hansen", phones=(PhoneData("98765434"),))
    )
    report = core.imports.apply(preview)
    assert (report.created, report.skipped, report.duplicates) == (2, 2, 2)
    assert report.since_preview == {
        "matched": 2, "skipped": 2, "updated": 0, "created": 0, "gone": 0
    }  # fmt: skip
    assert {name: len(rows) for name, rows in people(core).items()} == {
        "Kari Nordmann": 1, "Ola Nordmann": 1, "Per Hansen": 1, "Siri Lund": 1
    }  # fmt: skip
    text = report.since_preview_text("mens du så på forhåndsvisningen")
    assert text == (
        "2 personer i filen var lagt inn av noen andre mens du så på forhåndsvisningen; "
        "de ble hoppet over."
    )
    rows = {w.row: w.message for w in report.warnings if "noen andre" in w.message}
    assert set(rows) == {2, 4}
    assert "samme e-post (kari@example.org)" in rows[2] and "hoppet over" in rows[2]
    assert "samme telefon (+4798765434)" in rows[4]
    assert report.to_json()["since_preview"]["skipped"] == 2


def test_with_update_chosen_a_person_added_meanwhile_is_updated_from_the_row(
    core: Core, sheet: Path
) -> None:
    preview = core.imports.preview(sheet, ImportOptions(on_duplicate=OnDuplicate.UPDATE))
    ola = core.contacts.create(
        ContactDraft(
            given_name="Ola", family_name="Nordmann", emails=(EmailData("ola@example.org"),)
        )
    )
    report = core.imports.apply(preview)
    assert (report.created, report.updated) == (3, 1)
    assert report.since_preview["updated"] == 1
    assert "1 person i filen var lagt inn av noen andre" in report.since_preview_text()
    stored = core.contacts.get(ola.uid)
    assert stored.organisation == "Fagforbundet"  # the row's value, written into the stored Ola
    assert [p.number for p in stored.phones] == ["+4798765433"]
    assert len(people(core)["Ola Nordmann"]) == 1
    # Undoing the import gives Ola back as the colleague stored him.
    core.imports.undo(report.batch_id)
    assert core.contacts.get(ola.uid).organisation == ""


def test_a_contact_changed_meanwhile_to_be_the_person_counts_too(core: Core, sheet: Path) -> None:
    stored = core.contacts.create(ContactDraft(given_name="S.", family_name="Lund"))
    preview = core.imports.preview(sheet)
    siri = next(r for r in preview.rows if r.draft.given_name == "Siri")
    assert siri.duplicate_of is None
    # A colleague gives the stored contact Siri's e-mail address.
    row = core.contacts.get(stored.uid)
    draft = replace(row.to_draft(), emails=(EmailData("siri@example.org"),))
    core.contacts.update(stored.uid, draft, row.version)
    report = core.imports.apply(preview)
    assert report.since_preview["skipped"] == 1 and report.created == 3
    assert "Siri Lund" not in people(core)


def test_a_row_for_a_contact_deleted_meanwhile_is_skipped(core: Core, sheet: Path) -> None:
    kari = core.contacts.create(
        ContactDraft(
            given_name="Kari", family_name="Nordmann", emails=(EmailData("kari@example.org"),)
        )
    )
    preview = core.imports.preview(sheet, ImportOptions(on_duplicate=OnDuplicate.UPDATE))
    assert next(r for r in preview.rows if r.row == 2).duplicate_of == kari.uid
    core.contacts.trash([kari.uid])
    report = core.imports.apply(preview)
    assert (report.created, report.updated, report.skipped) == (3, 0, 1)
    assert report.since_preview["gone"] == 1
    assert "1 rad skulle oppdatere kontakter som noen andre slettet" in report.since_preview_text()
    assert core.contacts.get(kari.uid).deleted_at is not None  # still in the trash
    assert core.contacts.get(kari.uid).organisation == ""  # not updated
    assert "Kari Nordmann" not in people(core)  # not brought back as a new contact


def test_a_person_twice_in_the_file_and_added_meanwhile_is_stored_once(
    core: Core, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "dobbel.csv", HEADERS, [ROWS[0], [*ROWS[0][:4], "Haukeland"], ROWS[1]]
    )
    preview = core.imports.preview(sheet)
    assert preview.rows[1].duplicate_row == 2
    core.contacts.create(
        ContactDraft(given_name="Kari", family_name="Nordmann", phones=(PhoneData("98765432"),))
    )
    report = core.imports.apply(preview)
    # Row 3 is joined into row 2, which is then found stored meanwhile and skipped.
    assert (report.created, report.skipped, len(report.combined)) == (1, 1, 1)
    assert len(people(core)["Kari Nordmann"]) == 1


def test_a_quiet_database_changes_nothing_in_the_report(core: Core, sheet: Path) -> None:
    core.contacts.create(ContactDraft(given_name="Eva", family_name="Berg"))
    trashed = core.contacts.create(ContactDraft(given_name="Tor", family_name="Berg"))
    core.contacts.trash([trashed.uid])
    preview = core.imports.preview(sheet)
    # The quick look at apply finds what the preview saw: nothing is looked at again.
    assert preview.seen is not None
    with core.sessions() as session:
        now = session.execute(text(LIVE_FINGERPRINT_SQL)).one()
    assert tuple(now) == preview.seen.fingerprint
    assert preview.seen.fingerprint[0] == 1  # the live contact, not the trashed one
    report = core.imports.apply(preview)
    assert report.created == 4 and set(report.since_preview.values()) == {0}
    assert report.since_preview_text() == ""


def test_an_import_waits_its_turn_while_another_writer_holds_the_database(
    sqlite_location: DatabaseLocation, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    core = open_core(sqlite_location)
    try:
        preview = core.imports.preview(sheet)
        assert sqlite_location.path is not None
        other = sqlite3.connect(sqlite_location.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another import writing, say
        steps = core.imports.apply_steps(preview)
        # While it waits, it reports no progress (and a cancel could get through).
        assert [next(steps) for _ in range(3)] == [(0, 4)] * 3
        other.execute("ROLLBACK")
        other.close()
        report = drive(steps)
        assert report.created == 4 and core.search.count(ContactFilter()) == 4

        # Cancelled while waiting: nothing is imported.
        other = sqlite3.connect(sqlite_location.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        steps = core.imports.apply_steps(core.imports.preview(sheet))
        assert next(steps) == (0, 0)  # all four are known now: nothing to write, still waits
        steps.close()
        other.execute("ROLLBACK")

        # Kept waiting for too long: a message, and nothing imported.
        monkeypatch.setattr(writing, "WAIT_FOR_OTHERS_S", 0.5)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(BusyError) as waited:
                core.imports.apply(core.imports.preview(sheet))
            assert "Ingenting er importert" in str(waited.value)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert len(list(core.imports.batches())) == 1
    finally:
        core.close()
