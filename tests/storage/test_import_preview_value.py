"""The import preview is a value: planning again or correcting a cell makes a new one.

The wizard's table goes on showing a preview while the next is planned on a
worker thread, so nothing may change the one it shows; what the user decides
(leave a row out, a row's own duplicate choice) is held apart and handed to
apply.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import replace
from pathlib import Path

import pytest
from tests.fixtures.sheets import CHAPTER_HEADERS, CHAPTER_ROWS, write_xlsx

from kontakt.app import Core
from kontakt.domain.column_mapping import Field
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.services.importing.model import ImportChoices, ImportPreview, OnDuplicate

KARI = ContactDraft(
    given_name="Kari", family_name="Nordmann", emails=(EmailData("kari@example.org"),)
)


@pytest.fixture
def chapter(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "fylkeslag.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS, title="SV Vestland 2025"
    )


def snapshot(preview: ImportPreview) -> ImportPreview:
    return copy.deepcopy(preview)


def test_planning_again_leaves_the_preview_shown_as_it_was(core: Core, chapter: Path) -> None:
    shown = core.imports.preview(chapter)
    rows, before = shown.rows, snapshot(shown)
    mapping = dict(shown.mapping)
    mapping[2] = Field.IGNORE  # the party left out
    options = replace(shown.options, topic_map={"Bemanning": ""})
    planned = core.imports.replan(shown, mapping, options)
    assert shown.rows is rows and shown == before  # nothing in it changed
    assert shown.mapping[2] is Field.PARTY and shown.options.topic_map == {}
    assert planned.mapping[2] is Field.IGNORE and planned.options.topic_map == {"Bemanning": ""}
    assert all(p.draft.party == "" for p in planned.rows)
    assert any(p.draft.party == "SV" for p in shown.rows)


def test_a_correction_makes_a_new_preview(core: Core, chapter: Path) -> None:
    shown = core.imports.preview(chapter)
    before = snapshot(shown)
    siri = next(i for i, r in enumerate(shown.rows) if r.errors)
    corrected = core.imports.correct(shown, siri, 4, "siri@example.org")
    assert shown == before  # the row still has its error there, the cell as read
    assert shown.rows[siri].errors and shown.cells[siri][4] == "ola@"
    assert corrected.rows[siri].errors == () and corrected.cells[siri][4] == "siri@example.org"
    assert corrected.rows[:siri] == shown.rows[:siri]
    # Applying the old preview imports what it showed: Siri left out.
    assert core.imports.apply(shown, dry_run=True).created == 3
    assert core.imports.apply(corrected).created == 4


def test_row_plans_cannot_be_changed(core: Core, chapter: Path) -> None:
    preview = core.imports.preview(chapter)
    with pytest.raises(dataclasses.FrozenInstanceError):
        preview.rows[0].duplicate_of = "someone"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        preview.rows = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        preview.options.on_duplicate = OnDuplicate.MERGE  # type: ignore[misc]


def test_the_users_choices_are_held_apart_and_outlive_a_new_plan(core: Core, chapter: Path) -> None:
    stored = core.contacts.create(KARI)
    preview = core.imports.preview(chapter)
    kari = next(p for p in preview.rows if p.duplicate_of == stored.uid)
    per = next(p for p in preview.rows if p.draft.given_name == "Per")
    choices = ImportChoices().with_skip(per.row, True).with_choice(kari.row, OnDuplicate.MERGE)
    assert choices.skipped(per) and not ImportChoices().skipped(per)
    assert choices.choice_for(kari, OnDuplicate.SKIP) is OnDuplicate.MERGE
    # Planned again (a new mapping): the choices still hold, by row number.
    mapping = {**preview.mapping, 2: Field.IGNORE}
    planned = core.imports.replan(preview, mapping)
    dry = core.imports.report_for(planned, dry_run=True, choices=choices)
    assert (dry.created, dry.updated, dry.skipped) == (1, 1, 2)  # Ola; Kari; Per and Siri
    report = core.imports.apply(planned, choices=choices)
    assert (report.created, report.updated, report.skipped) == (1, 1, 2)
    assert "Psykisk helse" in core.contacts.get(stored.uid).topics  # merged into Kari
    assert core.search.count(ContactFilter(text="per hansen")) == 0
    # Without choices (the command line), Kari is skipped and Per comes in.
    core.imports.undo(report.batch_id)
    report = core.imports.apply(core.imports.preview(chapter))
    assert (report.created, report.updated) == (2, 0)
    assert core.search.count(ContactFilter(text="per hansen")) == 1


def test_rows_joined_on_writing_leave_the_preview_as_it_was(core: Core, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dobbel.xlsx",
        ["Navn", "E-post", "Tema"],
        [["Kari Nordmann", "kari@example.org", "Rus"],
         ["Kari Nordmann", "KARI@example.org", "Sykehus"]],
    )  # fmt: skip
    preview = core.imports.preview(path)
    before = snapshot(preview)
    merge = replace(preview.options, on_duplicate=OnDuplicate.MERGE)
    report = core.imports.apply(replace(preview, options=merge))
    assert (report.created, report.duplicates) == (1, 1)
    assert preview == before  # the first row's plan still has only «Rus»
    [kari] = core.search.search(ContactFilter()).rows
    assert set(kari.topics) == {"Rus", "Sykehus"}
