"""`--label NAME` (repeatable) and `--any-topic` on `list` and `export`, as a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.e2e.test_cli import kontakt

from kontakt.app import open_core
from kontakt.domain.records import ContactFilter
from kontakt.paths import resolve_database
from kontakt.storage.models import SavedSearch

BOARD = 4  # demo contacts given the label «Styret»


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("filtre") / "kontakt.db"
    assert kontakt("demo", db=db).returncode == 0
    core = open_core(resolve_database(str(db)))
    try:
        rows = core.search.search(ContactFilter()).rows
        core.contacts.set_label([r.uid for r in rows[:BOARD]], "Styret", True)
    finally:
        core.close()
    return db


def listed(db: Path, *args: str) -> list[dict[str, object]]:
    result = kontakt("list", "--json", "--limit", "1000", *args, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_several_labels_all_must_match(demo_db: Path) -> None:
    both = listed(demo_db, "--label", "styret", "--label", "eksempeldata")
    assert len(both) == BOARD
    assert all({"Styret", "eksempeldata"} <= set(p["labels"]) for p in both)  # type: ignore[call-overload]
    assert len(listed(demo_db, "--label", "eksempeldata")) == 300


def test_any_topic_is_the_union_of_the_topics(demo_db: Path) -> None:
    rus = {p["uid"] for p in listed(demo_db, "--topic", "Rus")}
    lege = {p["uid"] for p in listed(demo_db, "--topic", "Fastlege")}
    assert rus and lege and rus != lege
    anyof = {
        p["uid"] for p in listed(demo_db, "--topic", "Rus", "--topic", "Fastlege", "--any-topic")
    }
    allof = {p["uid"] for p in listed(demo_db, "--topic", "Rus", "--topic", "Fastlege")}
    assert anyof == rus | lege
    assert allof == rus & lege


def test_unknown_label_is_one_line_with_a_suggestion(demo_db: Path) -> None:
    result = kontakt("list", "--label", "styre", db=demo_db)
    assert result.returncode == 1
    assert "Ukjent etikett «styre»" in result.stderr
    assert "Mente du: Styret?" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_narrowed_by_label(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "styret.xlsx"
    result = kontakt("export", "xlsx", "-o", str(out), "--label", "Styret", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert f"Skrev {BOARD} kontakter" in result.stdout
    ws = load_workbook(out).active
    assert ws is not None
    assert len([r for r in ws.iter_rows(min_row=3, values_only=True) if any(r)]) == BOARD


def test_a_search_saved_with_one_label_still_works(demo_db: Path) -> None:
    # Searches saved before labels became a list hold {"label": NAME}.
    core = open_core(resolve_database(str(demo_db)))
    try:
        with core.sessions.begin() as session:
            old_filter = {"label": "Styret"}
            session.add(
                SavedSearch(name="Gammelt styre", name_key="gammelt styre", filter=old_filter)
            )
    finally:
        core.close()
    old = listed(demo_db, "--saved-search", "Gammelt styre")
    assert len(old) == BOARD and all("Styret" in p["labels"] for p in old)  # type: ignore[operator]
    # a --label on the command line narrows the saved one further
    both = listed(demo_db, "--saved-search", "Gammelt styre", "--label", "eksempeldata")
    assert len(both) == BOARD


def test_mail_send_offers_the_same_filters() -> None:
    result = kontakt("mail", "send", "--help")
    assert result.returncode == 0
    assert "--label NAVN" in result.stdout and "--any-topic" in result.stdout
