"""The command-line contract, driven as scripts drive it: a real process, real files."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kontakt import __version__
from kontakt.app import open_core
from kontakt.domain.dates import months_ago
from kontakt.domain.geography import load_geography
from kontakt.paths import resolve_database
from kontakt.services.outreach.events import ParticipantStatus


def kontakt(
    *args: str, db: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("KONTAKT_DB", None) if env is None or "KONTAKT_DB" not in env else None
    argv = [sys.executable, "-m", "kontakt"]
    if db is not None:
        argv += ["--db", str(db)]
    return subprocess.run([*argv, *args], capture_output=True, text=True, env=full_env, timeout=120)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "kontakt.db"
    result = kontakt("demo", db=db)
    assert result.returncode == 0, result.stderr
    assert "300" in result.stdout
    assert "4 digitale arrangementer (3 holdt, 1 kommende)" in result.stdout
    return db


def list_json(db: Path, *filters: str) -> list[dict[str, object]]:
    result = kontakt("list", "--json", *filters, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_demo_covers_every_county_topic_and_role_kind(demo_db: Path) -> None:
    people = list_json(demo_db)
    assert len(people) == 300
    counties = {p["county"]["number"] for p in people}  # type: ignore[index]
    assert counties == {c.number for c in load_geography().counties}
    topics = {t for p in people for t in p["topics"]}  # type: ignore[attr-defined]
    assert len(topics) >= 15
    kinds = {r["kind"] for p in people for r in p["roles"]}  # type: ignore[attr-defined]
    assert kinds == {"folkevalgt", "tillitsvalgt", "ansatt", "annet", "kandidat"}
    assert all(e.endswith("@example.org") for p in people for e in p["emails"])  # type: ignore[attr-defined]
    # Loading the sample data twice is refused, not doubled.
    again = kontakt("demo", db=demo_db)
    assert again.returncode == 1 and "allerede" in again.stderr
    assert len(list_json(demo_db)) == 300


def test_demo_has_events_documents_and_history(demo_db: Path) -> None:
    found = kontakt("docs", "list", "--json", "--search", "tannhelse", db=demo_db)
    assert found.returncode == 0, found.stderr
    titles = [d["title"] for d in json.loads(found.stdout)]
    assert "Programtekst: en offentlig tannhelsetjeneste for alle" in titles
    assert any(t.startswith("Interpellasjon: tannhelse for eldre i ") for t in titles)
    letter = kontakt("docs", "list", "--json", "--county", "Finnmark", db=demo_db)
    assert [d["kind"] for d in json.loads(letter.stdout)] == ["annet"]
    # Events have no command of their own: read them as the window does. The dates
    # follow today's, so only what holds on any day is checked here.
    core = open_core(resolve_database(str(demo_db)))
    try:
        now = dt.datetime.now(dt.UTC)
        events = core.events.events()
        held = [e for e in events if e.data.starts_at < now]
        assert len(events) == 4 and len(held) == 3
        assert all(e.count(ParticipantStatus.ATTENDED) > 0 for e in held)
        if dt.date.today() >= dt.date(dt.date.today().year, 1, 29):
            summary = core.year_summary.summary(dt.date.today().year)
            assert summary.events_held == 3 and summary.goal_met
    finally:
        core.close()


def test_list_json_has_the_contract_fields(demo_db: Path) -> None:
    person = list_json(demo_db, "--county", "Vestland")[0]
    for key in (
        "uid",
        "given_name",
        "family_name",
        "emails",
        "phones",
        "organisation",
        "title",
        "municipality",
        "county",
        "topics",
        "roles",
        "opted_out",
    ):
        assert key in person
    assert person["county"] == {"number": "46", "name": "Vestland"}
    assert all(str(p).startswith("+") for p in person["phones"])  # type: ignore[attr-defined]


def test_filters_narrow_the_list(demo_db: Path) -> None:
    everyone = list_json(demo_db)
    rus_vestland = list_json(demo_db, "--county", "46", "--topic", "rus")
    expected = [
        p["uid"] for p in everyone if p["county"]["number"] == "46" and "Rus" in p["topics"]
    ]  # type: ignore[index, operator]
    assert sorted(p["uid"] for p in rus_vestland) == sorted(expected)  # type: ignore[type-var]
    viken = list_json(demo_db, "--county", "Viken", "--role-kind", "folkevalgt")
    assert viken and all(
        p["county"]["number"] in {"31", "32", "33"}
        for p in viken  # type: ignore[index]
    )
    assert all(any(r["kind"] == "folkevalgt" for r in p["roles"]) for p in viken)  # type: ignore[attr-defined]
    one = everyone[0]
    found = list_json(demo_db, "--search", str(one["family_name"]).upper())
    assert one["uid"] in [p["uid"] for p in found]


def test_level_and_confirmation_filters(demo_db: Path) -> None:
    everyone = list_json(demo_db)
    fylke = list_json(demo_db, "--level", "fylke", "--role-kind", "folkevalgt")
    expected = [
        p["uid"]
        for p in everyone
        if any(r["kind"] == "folkevalgt" and r["level"] == "fylke" for r in p["roles"])  # type: ignore[attr-defined]
    ]
    assert fylke and sorted(p["uid"] for p in fylke) == sorted(expected)  # type: ignore[type-var]
    since = months_ago(6).isoformat()
    recent = list_json(demo_db, "--confirmed-months", "6")
    assert 0 < len(recent) < len(everyone)
    expected = [p["uid"] for p in everyone if p["last_confirmed"] and p["last_confirmed"] >= since]  # type: ignore[operator]
    assert sorted(p["uid"] for p in recent) == sorted(expected)  # type: ignore[type-var]
    result = kontakt("list", "--confirmed-months", "-1", db=demo_db)
    assert result.returncode == 1 and "Antall måneder" in result.stderr


def test_human_list_shows_a_count(demo_db: Path) -> None:
    result = kontakt("list", "--county", "Finnmark", db=demo_db)
    assert result.returncode == 0
    assert "kontakter" in result.stdout.splitlines()[-1]


def test_bad_input_exits_1_with_a_norwegian_message_and_changes_nothing(demo_db: Path) -> None:
    before = list_json(demo_db)
    result = kontakt("list", "--county", "Nordlnd", db=demo_db)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "Ukjent fylke «Nordlnd»" in result.stderr and "Nordland" in result.stderr
    result = kontakt("list", "--topic", "psykisk helze", db=demo_db)
    assert result.returncode == 1 and "Mente du: Psykisk helse" in result.stderr
    result = kontakt("list", "--saved-search", "finnes ikke", db=demo_db)
    assert result.returncode == 1 and "Ukjent lagret søk" in result.stderr
    assert list_json(demo_db) == before


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert kontakt("list", "--role-kind", "konge", db=tmp_path / "k.db").returncode == 2
    assert kontakt("no-such-command", db=tmp_path / "k.db").returncode == 2


def test_version() -> None:
    result = kontakt("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_kontakt_db_environment_variable_chooses_the_file(tmp_path: Path) -> None:
    db = tmp_path / "fra-miljo.db"
    result = kontakt("check", env={"KONTAKT_DB": str(db)})
    assert result.returncode == 1 and "finnes ikke" in result.stderr
    assert kontakt("list", env={"KONTAKT_DB": str(db)}).returncode == 0
    assert db.exists()


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    assert kontakt("demo", db=db).returncode == 0
    copy = tmp_path / "kopi.db"
    result = kontakt("backup", "-o", str(copy), db=db)
    assert result.returncode == 0 and str(copy) in result.stdout
    # Lose data after the backup...
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM contact")
    conn.commit()
    conn.close()
    assert list_json(db) == []
    # ...and get it back; the state before the restore is itself backed up.
    result = kontakt("restore", str(copy), db=db)
    assert result.returncode == 0, result.stderr
    assert "300 kontakter" in result.stdout
    assert len(list_json(db)) == 300
    backups = list((tmp_path / "kontakt-sikkerhetskopier").glob("*for-gjenoppretting*"))
    assert len(backups) == 1
    assert kontakt("check", db=db).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    assert kontakt("demo", db=db).returncode == 0
    junk = tmp_path / "notat.db"
    junk.write_bytes(b"dette er ingen database" * 100)
    result = kontakt("restore", str(junk), db=db)
    assert result.returncode == 1 and "notat.db" in result.stderr
    assert len(list_json(db)) == 300


def test_a_damaged_database_gives_a_clear_message_not_a_crash(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    assert kontakt("demo", db=db).returncode == 0
    assert kontakt("backup", db=db).returncode == 0
    data = bytearray(db.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096):
        data[offset + 100 : offset + 400] = b"\xff" * 300
    db.write_bytes(bytes(data))
    check = kontakt("check", db=db)
    assert check.returncode == 1 and "skadet" in check.stderr
    listing = kontakt("list", db=db)
    assert listing.returncode == 1
    assert "skadet" in listing.stderr and "kontakt restore" in listing.stderr
    assert "Traceback" not in listing.stderr + check.stderr


def test_the_installed_kontakt_command_runs() -> None:
    script = Path(sys.executable).parent / ("kontakt.exe" if os.name == "nt" else "kontakt")
    assert script.exists(), "the 'kontakt' entry point is not installed"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("README", "kan ikke leses som en database"),  # a text file given as database
        ("postgresql://nobody@127.0.0.1:1/none", "Kan ikke åpne databasen"),  # no server
    ],
)
def test_a_database_that_cannot_be_opened_gives_a_message(
    tmp_path: Path, db: str, expected: str
) -> None:
    if db == "README":
        text_file = tmp_path / "notater.txt"
        text_file.write_text("Dette er ikke en database.\n" * 50, encoding="utf-8")
        db = str(text_file)
    result = kontakt("--db", db, "list")
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_database_path_that_cannot_be_created_gives_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "fil.txt"
    blocker.write_text("en fil, ikke en mappe", encoding="utf-8")
    result = kontakt("--db", str(blocker / "undermappe" / "k.db"), "list")
    assert result.returncode == 1
    assert "Kan ikke opprette mappen" in result.stderr and "Traceback" not in result.stderr
