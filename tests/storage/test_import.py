"""Importing spreadsheets: clean, validate, de-duplicate, apply in one go, undo exactly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tests.fixtures.sheets import CHAPTER_HEADERS, CHAPTER_ROWS, write_csv, write_xlsx

from kontakt.app import Core
from kontakt.domain.column_mapping import Field
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData, RoleKind
from kontakt.errors import KontaktError
from kontakt.services.importing.model import ImportOptions, NewTopics, OnDuplicate

KARI = ContactDraft(
    given_name="Kari", family_name="Nordmann", emails=(EmailData("kari@example.org"),)
)


def everyone(core: Core) -> dict[str, object]:
    return {r.full_name: r for r in core.search.search(ContactFilter(), None).rows}


@pytest.fixture
def chapter(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "fylkeslag.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS, title="SV Vestland 2025"
    )


def test_a_county_chapter_list_is_cleaned_and_imported(core: Core, chapter: Path) -> None:
    preview = core.imports.preview(chapter)
    assert preview.header_row == 3  # below the title row and a blank row
    assert preview.mapping[0] is Field.FULL_NAME and preview.mapping[4] is Field.EMAIL
    report = core.imports.apply(preview)
    assert (report.created, report.skipped) == (3, 1)
    people = everyone(core)
    kari = people["Kari Nordmann"]
    assert kari.phones[0].number == "+4798765432"  # type: ignore[attr-defined]
    assert kari.municipality.name == "Bergen"  # type: ignore[attr-defined]
    assert set(kari.topics) == {"Psykisk helse", "Rus", "Eldreomsorg"}  # type: ignore[attr-defined]
    assert kari.roles[0].kind is RoleKind.FOLKEVALGT  # type: ignore[attr-defined]
    ola = people["Ola Nordmann"]
    assert ola.primary_email == "Ola@example.org"  # type: ignore[attr-defined]
    assert ola.municipality.number == "0301"  # type: ignore[attr-defined]
    assert everyone(core)["Per Hansen"].topics == ("Tannhelsereform",)  # type: ignore[attr-defined]
    # The bad e-mail is reported with row and column, and that row is left out.
    [error] = report.errors
    assert error.row == 7 and "E-post" in error.column and "ola@" in error.message
    assert "Siri Lund" not in people


def test_dry_run_reports_the_same_and_writes_nothing(core: Core, chapter: Path) -> None:
    dry = core.imports.apply(core.imports.preview(chapter), dry_run=True)
    assert core.search.count(ContactFilter()) == 0
    real = core.imports.apply(core.imports.preview(chapter))
    assert (dry.created, dry.skipped, len(dry.errors)) == (
        real.created, real.skipped, len(real.errors)
    )  # fmt: skip


def test_a_corrected_cell_makes_the_row_importable(core: Core, chapter: Path) -> None:
    preview = core.imports.preview(chapter)
    index = next(i for i, r in enumerate(preview.rows) if r.errors)
    corrected = core.imports.correct(preview, index, 4, "siri@example.org")
    assert corrected.rows[index].errors == ()
    assert core.imports.apply(corrected).created == 4


def test_duplicates_against_the_database(core: Core, chapter: Path) -> None:
    stored = core.contacts.create(replace(KARI, organisation="Helse Bergen"))
    preview = core.imports.preview(chapter)
    kari = next(r for r in preview.rows if r.row == 4)
    assert kari.duplicate_of == stored.uid and "samme e-post" in kari.duplicate_reason
    # Default: skip. The stored contact is untouched.
    core.imports.apply(preview)
    assert core.contacts.get(stored.uid).topics == ()
    core.imports.undo()
    # Merge: fills empty fields, joins topics and phones, keeps the organisation.
    merged = core.imports.apply(
        core.imports.preview(chapter, ImportOptions(on_duplicate=OnDuplicate.MERGE))
    )
    assert merged.updated == 1
    kari_now = core.contacts.get(stored.uid)
    assert kari_now.organisation == "Helse Bergen" and kari_now.municipality is not None
    assert "Psykisk helse" in kari_now.topics and kari_now.phones
    assert core.search.count(ContactFilter(text="kari nordmann")) == 1


def test_shared_mailboxes_never_make_two_people_one(core: Core, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "liste.csv",
        ["Fornavn", "Etternavn", "E-post", "Kommune"],
        [["Anne", "Berg", "postmottak@bergen.kommune.no", "Bergen"],
         ["Jonas", "Dahl", "postmottak@bergen.kommune.no", "Bergen"],
         ["-", "-", "", ""]],
    )  # fmt: skip
    preview = core.imports.preview(path)
    assert [r.duplicate_row for r in preview.rows[:2]] == [None, None]
    assert core.imports.apply(preview).created == 2


def test_a_person_twice_in_one_file_is_imported_once(core: Core, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dobbel.csv",
        ["Navn", "E-post", "Tema", "Kommune"],
        [["Kari Nordmann", "kari@example.org", "Rus", "Bergen"],
         ["Kari Nordmann", "KARI@example.org", "Sykehus", "Bergen"]],
    )  # fmt: skip
    report = core.imports.apply(
        core.imports.preview(path, ImportOptions(on_duplicate=OnDuplicate.MERGE))
    )
    assert report.created == 1 and report.duplicates == 1
    [kari] = core.search.search(ContactFilter()).rows
    assert set(kari.topics) == {"Rus", "Sykehus"}


@pytest.mark.parametrize("choice", [OnDuplicate.MERGE, OnDuplicate.UPDATE])
def test_a_stored_person_twice_in_one_file_is_updated_once(
    core: Core, tmp_path: Path, choice: OnDuplicate
) -> None:
    stored = core.contacts.create(replace(KARI, municipality="Bergen"))
    before = core.contacts.get(stored.uid)
    path = write_csv(
        tmp_path / "igjen.csv",
        ["Navn", "E-post", "Tema", "Kommune", "Fylke"],
        [["Kari Nordmann", "kari@example.org", "Rus", "", ""],
         ["Kari Nordmann", "KARI@example.org", "Sykehus", "", "Oslo"],
         ["Ola Hansen", "ola@example.org", "Rus", "Oslo", ""]],
    )  # fmt: skip
    preview = core.imports.preview(path, ImportOptions(on_duplicate=choice))
    assert [r.duplicate_of for r in preview.rows[:2]] == [stored.uid, stored.uid]
    assert "samme person som rad 2" in preview.rows[1].duplicate_reason
    report = core.imports.apply(preview)
    assert (report.created, report.updated, report.skipped) == (1, 1, 1)
    kari = core.contacts.get(stored.uid)
    assert set(kari.topics) == {"Rus", "Sykehus"}
    # Filling in keeps Bergen; overwriting with another county moves her there
    # (municipality unknown), never Bergen in Oslo.
    place = (kari.municipality and kari.municipality.name, kari.county and kari.county.number)
    assert place == (("Bergen", "46") if choice is OnDuplicate.MERGE else (None, "03"))
    core.imports.undo(report.batch_id)
    assert core.contacts.get(stored.uid).to_draft() == before.to_draft()
    assert core.search.count(ContactFilter()) == 1


def test_undo_import_restores_exactly_and_refuses_after_later_edits(
    core: Core, chapter: Path
) -> None:
    stored = core.contacts.create(KARI)
    before = core.contacts.get(stored.uid)
    report = core.imports.apply(
        core.imports.preview(chapter, ImportOptions(on_duplicate=OnDuplicate.UPDATE))
    )
    assert report.updated == 1 and report.created == 2
    batch = core.imports.undo(report.batch_id)
    assert batch.undone_at is not None
    after = core.contacts.get(stored.uid)
    assert after.to_draft() == before.to_draft()
    assert core.search.count(ContactFilter()) == 1
    with pytest.raises(KontaktError, match="allerede angret"):
        core.imports.undo(report.batch_id)
    # An import whose contacts were edited afterwards is not undone.
    second = core.imports.apply(core.imports.preview(chapter))
    per = next(r for r in core.search.search(ContactFilter(text="per hansen")).rows)
    core.contacts.update(per.uid, replace(per.to_draft(), title="Leder"), per.version)
    with pytest.raises(KontaktError, match=r"endret etterpå.*Per Hansen"):
        core.imports.undo(second.batch_id)
    assert core.search.count(ContactFilter()) == 3  # Kari (skipped as known), Ola, Per


def test_the_mapping_is_remembered_for_the_same_headers(
    core: Core, chapter: Path, tmp_path: Path
) -> None:
    preview = core.imports.preview(chapter)
    mapping = dict(preview.mapping)
    mapping[2] = Field.IGNORE  # the user does not want the party
    core.imports.apply(core.imports.replan(preview, mapping))
    again = write_xlsx(tmp_path / "neste.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS[:1])
    assert core.imports.preview(again).mapping[2] is Field.IGNORE


def test_a_survey_export_sets_opt_out_and_roles(core: Core, tmp_path: Path) -> None:
    headers = ["ID", "Starttidspunkt", "Hva heter du?", "Hva er e-postadressen din?",
               "Hvilken kommune bor du i?", "Kan vi kontakte deg på e-post?", "Har du verv?",
               "Hvilke temaer er du interessert i?"]  # fmt: skip
    rows = [
        [1, "01.02.2025 10:00", "Liv Moe", "liv@example.org", "Modalen", "Nei",
         "Kommunestyrerepresentant", "Fastlege"],
        [2, "01.02.2025 11:00", "Tor Berg", "tor@example.org", "5001", "Ja", "Nei", ""],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "undersokelse.xlsx", headers, rows)
    core.imports.apply(core.imports.preview(path))
    people = everyone(core)
    liv, tor = people["Liv Moe"], people["Tor Berg"]
    assert liv.opted_out is True and tor.opted_out is False  # type: ignore[attr-defined]
    assert liv.roles[0].kind is RoleKind.FOLKEVALGT and not tor.roles  # type: ignore[attr-defined]
    assert tor.county.name.startswith("Trøndelag")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    ["google-contacts-export-sample.csv", "outlook-export-sample.csv",
     "google-contacts-legacy-google-csv-sample.csv"],
)  # fmt: skip
def test_google_and_outlook_exports_import(core: Core, interop_dir: Path, name: str) -> None:
    report = core.imports.apply(core.imports.preview(interop_dir / "csv" / name))
    assert report.created >= 1
    people = core.search.search(ContactFilter()).rows
    assert any(p.emails for p in people)
    assert all(p.given_name or p.family_name for p in people)


def test_a_similar_name_in_the_same_municipality_is_the_same_person_unless_emails_differ(
    core: Core, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "navn.csv",
        ["Navn", "E-post", "Kommune"],
        [["Kari Nordmann", "kari@example.org", "Bergen"],
         ["Kari Nordman", "", "Bergen"],  # a typo, no e-mail: the same Kari
         ["Kari Nordmann", "kari.n@example.net", "Bergen"],  # another Kari
         ["Kari Nordmann", "", "Oslo"]],  # same name elsewhere: another person
    )  # fmt: skip
    preview = core.imports.preview(path)
    assert [r.duplicate_row for r in preview.rows] == [None, 2, None, None]
    assert "lignende navn" in preview.rows[1].duplicate_reason


def test_imported_contacts_are_found_by_free_text_search(core: Core, chapter: Path) -> None:
    core.imports.apply(core.imports.preview(chapter))
    # Three letters and more go through the full-text index the import fills in bulk.
    assert [r.full_name for r in core.search.search(ContactFilter(text="nordm")).rows] == [
        "Kari Nordmann",
        "Ola Nordmann",
    ]
    assert core.search.count(ContactFilter(text="98765433")) == 1
    # Contacts made afterwards, one at a time, are indexed by the trigger again.
    core.contacts.create(ContactDraft(given_name="Nils", family_name="Nordmo"))
    assert core.search.count(ContactFilter(text="nordm")) == 3


def test_unknown_topics_are_created_mapped_or_left_out(core: Core, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "tema.csv",
        ["Navn", "Tema"],
        [["Kari Nordmann", "Klima, Jordmortjenesten"], ["Ola Nordmann", "Rusarbeid"]],
    )
    # Asked to create them (the default offers the closest topic: see below).
    preview = core.imports.preview(path, ImportOptions(new_topics=NewTopics.CREATE))
    assert preview.unknown_topics == ("Klima", "Jordmortjenesten", "Rusarbeid")
    options = replace(preview.options, topic_map={"Klima": "", "Rusarbeid": "Rus"})
    report = core.imports.apply(core.imports.replan(preview, options=options))
    assert report.created_topics == ["Jordmortjenesten"]
    people = everyone(core)
    assert people["Kari Nordmann"].topics == ("Jordmortjenesten",)  # type: ignore[attr-defined]
    assert people["Ola Nordmann"].topics == ("Rus",)  # type: ignore[attr-defined]


def test_a_big_file_is_planned_on_worker_processes_with_the_same_result(
    core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kontakt.services.importing import service, workers

    core.contacts.create(KARI)
    path = write_xlsx(tmp_path / "mange.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS * 3)
    here = core.imports.preview(path)
    assert any(r.duplicate_of for r in here.rows) and any(r.duplicate_row for r in here.rows)
    # As if the file were big: planned in chunks on worker processes, started while
    # the file is read, and again (after a new mapping) on a pool of their own.
    monkeypatch.setattr(service, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers, "EARLY_START_BYTES", 0)
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    monkeypatch.setattr(service, "worker_count", lambda: 2)
    there = core.imports.preview(path)
    assert there.rows == here.rows
    assert there.unknown_topics == here.unknown_topics
    assert core.imports.replan(there, dict(there.mapping)).rows == here.rows


@pytest.mark.parametrize("on_duplicate", list(OnDuplicate))
def test_a_reservation_against_email_survives_joining_rows_of_one_person(
    core: Core, tmp_path: Path, on_duplicate: OnDuplicate
) -> None:
    path = write_csv(
        tmp_path / "svar.csv",
        ["Navn", "E-post", "Tema", "Kan vi sende deg e-post?"],
        [["Kari Nordmann", "kari@example.org", "Rus", "Ja"],
         ["Kari Nordmann", "kari@example.org", "Sykehus", "Nei"],
         ["Kari Nordmann", "kari@example.org", "Fastlege", "Ja"]],
    )  # fmt: skip
    report = core.imports.apply(
        core.imports.preview(path, ImportOptions(on_duplicate=on_duplicate))
    )
    karis = [r for r in core.search.search(ContactFilter()).rows if r.given_name == "Kari"]
    if on_duplicate is OnDuplicate.CREATE:
        assert len(karis) == 3 and report.combined == []
        return
    [kari] = karis
    assert kari.opted_out and set(kari.topics) == {"Rus", "Sykehus", "Fastlege"}
    assert [c.row for c in report.combined] == [3, 4]
    assert "reservasjon mot e-post" in report.combined[0].message
    assert (report.created, report.skipped, report.duplicates) == (1, 0, 2)


def test_a_contact_an_import_created_is_recorded_by_its_import(
    sqlite_core: Core, tmp_path: Path
) -> None:
    """The import batch is the audit record of the contacts it creates: the access
    export says «opprettet av import N fra FIL», without a copy of each new contact."""
    path = write_csv(tmp_path / "liste.csv", ["Navn", "E-post"], [["Kari Nordmann", "k@ex.org"]])
    report = sqlite_core.imports.apply(sqlite_core.imports.preview(path))
    [row] = sqlite_core.search.search(ContactFilter()).rows
    person = sqlite_core.privacy.export_person(row.uid)
    [created] = person["endringslogg"]
    assert created["handling"] == f"opprettet av import {report.batch_id} fra liste.csv"
    assert created["før"] is None and created["etter"] is None
    [imported] = person["importer"]
    assert (imported["import"], imported["fil"], imported["handling"]) == (
        report.batch_id, "liste.csv", "created",
    )  # fmt: skip
    # An edit afterwards is logged as before, after the import's line.
    sqlite_core.contacts.update(row.uid, replace(row.to_draft(), title="Leder"), row.version)
    log = sqlite_core.privacy.export_person(row.uid)["endringslogg"]
    assert [e["handling"] for e in log] == [created["handling"], "update"]
