"""The grid stays right whatever changes a contact's county, bin state or topics.

The grid counts ``contact_topic.county_number``, which triggers keep equal to
the contact's county while it is live (migration 0006). Every way a program
path changes those is driven here, and after each the grid is compared with
counts made from the contacts themselves, on both backends.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import text
from tests.fixtures.sheets import CHAPTER_HEADERS, CHAPTER_ROWS, write_xlsx
from tests.storage.test_overview import independent_counts

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, RoleData, RoleKind, RoleLevel
from kontakt.services.importing.model import ImportOptions, OnDuplicate
from kontakt.services.overview import GridFilter


def assert_grid_is_right(core: Core, step: str) -> None:
    for f in (GridFilter(), GridFilter(role_kind=RoleKind.FOLKEVALGT)):
        expected = independent_counts(core, f)
        got = {
            (c.county_number, c.topic, m): getattr(c, m)
            for c in core.overview.grid(f)
            for m in ("count", "folkevalgt", "tillitsvalgt")
        }
        wrong = {k: (v, expected[k]) for k, v in got.items() if v != expected[k]}
        assert not wrong, (step, f, wrong)
        assert sum(expected.values()) == sum(got.values()), step


def test_every_change_keeps_the_grid_right(core: Core, tmp_path: Path) -> None:
    core.demo.add_contacts()
    assert_grid_is_right(core, "demo")
    lina = core.contacts.create(
        ContactDraft(
            given_name="Lina", family_name="Haugen", municipality="Tromsø",
            topics=("Rus", "Sykehus"),
            roles=(RoleData(kind=RoleKind.FOLKEVALGT, level=RoleLevel.KOMMUNE, body="Tromsø"),),
        )
    )  # fmt: skip
    assert_grid_is_right(core, "create")
    moved = core.contacts.update(
        lina.uid, replace(lina.to_draft(), municipality="Bodø", county=""), lina.version
    )
    assert moved.county is not None and moved.county.number == "18"
    assert_grid_is_right(core, "moved to another county")
    both = core.contacts.update(
        moved.uid,
        replace(moved.to_draft(), municipality="Alta", county="", topics=("Eldreomsorg",)),
        moved.version,
        change_id="move-and-retag",
    )
    assert_grid_is_right(core, "moved and retagged at once")
    core.undo.undo("move-and-retag")
    assert_grid_is_right(core, "undo of the move")
    lina = core.contacts.get(both.uid)
    core.contacts.update(
        lina.uid, replace(lina.to_draft(), municipality="", county=""), lina.version
    )
    assert_grid_is_right(core, "no municipality")

    some = [r.uid for r in core.search.all_rows(ContactFilter(county="46"))[:4]]
    core.contacts.trash(some, change_id="bin")
    assert_grid_is_right(core, "trash")
    core.undo.undo("bin")
    assert_grid_is_right(core, "undo of the trash")
    core.contacts.trash(some[:2])
    core.contacts.restore(some[:1])
    assert_grid_is_right(core, "restore")
    core.contacts.set_topic(some, "Tannhelsereform", True)
    core.contacts.set_topic(some[:1], "Tannhelsereform", False)
    assert_grid_is_right(core, "topic added and removed")

    chapter = write_xlsx(tmp_path / "fylkeslag.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS)
    core.imports.apply(core.imports.preview(chapter))
    assert_grid_is_right(core, "import")
    core.imports.undo()
    assert_grid_is_right(core, "undo of the import")
    merge = ImportOptions(on_duplicate=OnDuplicate.MERGE)
    core.imports.apply(core.imports.preview(chapter))
    core.imports.apply(core.imports.preview(chapter, merge))
    assert_grid_is_right(core, "merge import")
    core.imports.undo()
    assert_grid_is_right(core, "undo of the merge")

    core.contacts.empty_trash()
    assert_grid_is_right(core, "empty trash")


def test_the_links_carry_exactly_the_live_contacts_county(core: Core) -> None:
    core.demo.add_contacts()
    core.contacts.trash([core.search.all_rows(ContactFilter())[0].uid])
    with core.engine.connect() as conn:
        wrong = conn.execute(
            text(
                "SELECT count(*) FROM contact_topic ct JOIN contact c ON c.id = ct.contact_id "
                "WHERE ct.county_number IS DISTINCT FROM "
                "CASE WHEN c.deleted_at IS NULL THEN c.county_number END"
                if conn.dialect.name == "postgresql"
                else "SELECT count(*) FROM contact_topic ct JOIN contact c ON c.id = ct.contact_id "
                "WHERE ct.county_number IS NOT "
                "CASE WHEN c.deleted_at IS NULL THEN c.county_number END"
            )
        ).scalar_one()
    assert wrong == 0
