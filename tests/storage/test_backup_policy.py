"""When backups are taken and removed: daily, before imports, by count and by age."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from tests.e2e.test_cli import kontakt

from kontakt.app import Core, open_core
from kontakt.domain.preferences import BACKUP_KEEP, BACKUP_MAX_AGE_DAYS
from kontakt.domain.records import ContactDraft
from kontakt.paths import resolve_database, sync_folder_warning
from kontakt.storage import backup


def names(core: Core) -> list[str]:
    assert core.location.backup_dir is not None
    return [p.name for p in backup.list_backups(core.location.backup_dir)]


def test_the_daily_backup_is_taken_once_a_day(sqlite_core: Core) -> None:
    sqlite_core.contacts.create(ContactDraft("A", "B"))
    first = sqlite_core.backups.daily()
    assert first is not None and backup.backup_reason(first) == "daglig"
    assert sqlite_core.backups.daily() is None  # once a day
    assert len([n for n in names(sqlite_core) if "daglig" in n]) == 1


def test_backups_older_than_the_age_limit_are_deleted(sqlite_core: Core) -> None:
    folder = sqlite_core.location.backup_dir
    assert folder is not None and sqlite_core.location.path is not None
    folder.mkdir(exist_ok=True)
    old = folder / f"kontakt-2020-01-02_030405_000000-daglig{backup.BACKUP_SUFFIX}"
    recent_stamp = (dt.datetime.now() - dt.timedelta(days=3)).strftime("%Y-%m-%d_%H%M%S_%f")
    recent = folder / f"kontakt-{recent_stamp}-for-import{backup.BACKUP_SUFFIX}"
    for p in (old, recent):
        backup.backup_to(sqlite_core.location.path, p)
    sqlite_core.settings.set(BACKUP_MAX_AGE_DAYS, 30)
    gone = sqlite_core.backups.prune()
    assert gone == [old]
    assert recent.exists() and not old.exists()
    assert backup.backup_time(recent) is not None
    assert backup.backup_reason(recent) == "for import"


def test_the_number_kept_is_a_setting(sqlite_core: Core) -> None:
    sqlite_core.settings.set(BACKUP_KEEP, 2)
    for _ in range(4):
        sqlite_core.backups.take("test")
    assert len(names(sqlite_core)) == 2


def test_an_import_on_the_command_line_backs_up_first(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert kontakt("demo", db=db).returncode == 0
    sheet = tmp_path / "liste.csv"
    sheet.write_text("Navn;E-post\nKari Nordmann;kari@example.no\n", encoding="utf-8")
    result = kontakt("import", str(sheet), "--yes", db=db)
    assert result.returncode == 0, result.stderr
    made = list((tmp_path / "k-sikkerhetskopier").glob(f"*for-import{backup.BACKUP_SUFFIX}"))
    assert len(made) == 1
    with sqlite3.connect(made[0]) as con:  # the backup holds the state before the import
        assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 300


def test_a_synced_folder_gets_a_warning_and_no_wal(tmp_path: Path) -> None:
    path = tmp_path / "OneDrive - SV" / "kontakt.db"
    assert "synkroniseres" in sync_folder_warning(path)
    core = open_core(resolve_database(str(path)))
    try:
        with core.engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        assert mode == "delete"
    finally:
        core.close()
    assert not Path(str(path) + "-wal").exists()
    assert sync_folder_warning(tmp_path / "Dokumenter" / "kontakt.db") == ""
