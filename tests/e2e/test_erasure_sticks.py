"""Art. 17 on the command line: an erased person stays erased through a restore, and
what the erasure leaves behind (backups, the WAL, a full disk) is said in one line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.e2e.test_cli import kontakt
from tests.storage.test_privacy import EMAIL, NAME, PHONE, full_person

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.paths import resolve_database

NEEDLES = (NAME[1].encode(), EMAIL.encode(), PHONE.encode(), b"sigrunn@privat")


def make_database(db: Path) -> str:
    """Sigrunn (to be erased) and Ola (to stay); returns Sigrunn's uid."""
    core = open_core(resolve_database(str(db)))
    try:
        uid = core.contacts.create(full_person()).uid
        core.contacts.create(ContactDraft("Ola", "Annen", emails=(EmailData("ola@example.no"),)))
        return uid
    finally:
        core.close()


def filled_database(db: Path, people: int = 250) -> str:
    """A database of a few MB; returns the uid of the person to erase."""
    core = open_core(resolve_database(str(db)))
    try:
        uid = core.contacts.create(full_person()).uid
        for i in range(people):
            core.contacts.create(
                ContactDraft(
                    f"Navn{i}", "Fyll", emails=(EmailData(f"p{i}@example.no"),), notes="x" * 3000
                )
            )
        return uid
    finally:
        core.close()


def backup_of(db: Path) -> Path:
    made = kontakt("backup", db=db)
    assert made.returncode == 0, made.stderr
    return Path(made.stdout.strip().removeprefix("Sikkerhetskopi skrevet til "))


def names(db: Path) -> list[str]:
    listed = kontakt("list", "--json", db=db)
    assert listed.returncode == 0, listed.stderr
    return [p["family_name"] for p in json.loads(listed.stdout)]


def files_of(db: Path) -> list[Path]:
    return [p for p in db.parent.iterdir() if p.name.startswith(db.name)]


def assert_gone_from(files: list[Path]) -> None:
    for f in files:
        content = f.read_bytes()
        for needle in NEEDLES:
            assert needle not in content, (f.name, needle)


def test_restoring_a_backup_from_before_the_erasure_keeps_the_person_gone(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kontakt.db"
    uid = make_database(db)
    before = backup_of(db)
    erased = kontakt("privacy", "erase", uid, "--yes", db=db)
    assert erased.returncode == 0, erased.stderr

    restored = kontakt("restore", str(before), db=db)

    assert restored.returncode == 0, restored.stderr
    assert "1 slettet person ble fjernet igjen fra sikkerhetskopien" in restored.stdout
    assert names(db) == ["Annen"]
    assert_gone_from(files_of(db))
    # The suppression entry came along: the person is not imported again unasked.
    sheet = tmp_path / "liste.csv"
    sheet.write_text(
        f"Fornavn;Etternavn;E-post\n{NAME[0]};{NAME[1]};{EMAIL}\nPer;Ny;per@example.no\n",
        encoding="utf-8",
    )
    imported = kontakt("import", str(sheet), "--yes", db=db)
    assert imported.returncode == 0, imported.stderr
    assert sorted(names(db)) == ["Annen", "Ny"]


def test_a_restore_without_erasures_since_says_nothing_about_them(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    uid = make_database(db)
    erased = kontakt("privacy", "erase", uid, "--yes", db=db)
    assert erased.returncode == 0, erased.stderr
    after = backup_of(db)
    restored = kontakt("restore", str(after), db=db)
    assert restored.returncode == 0, restored.stderr
    assert "slettet person" not in restored.stdout
    assert names(db) == ["Annen"]


def test_erase_rewrites_the_backups_that_still_hold_the_person(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    uid = make_database(db)
    old = [backup_of(db), backup_of(db)]
    erased = kontakt("privacy", "erase", uid, "--yes", "--backups", "rewrite", db=db)
    assert erased.returncode == 0, erased.stderr
    assert "2 sikkerhetskopier er skrevet om uten personen" in erased.stdout
    assert_gone_from(old)
    for path in old:
        conn = sqlite3.connect(path)
        assert conn.execute("SELECT family_name FROM contact").fetchall() == [("Annen",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()


def test_erase_can_delete_the_backups_or_tell_that_they_remain(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    uid = make_database(db)
    kept = backup_of(db)
    other = make_database(tmp_path / "b.db")
    erased = kontakt("privacy", "erase", uid, "--yes", db=db)
    assert erased.returncode == 0, erased.stderr
    assert "1 sikkerhetskopi har fortsatt opplysninger om personen" in erased.stdout
    assert kept.exists()
    second = backup_of(tmp_path / "b.db")
    erased = kontakt(
        "privacy", "erase", other, "--yes", "--backups", "delete", db=tmp_path / "b.db"
    )
    assert erased.returncode == 0, erased.stderr
    assert "1 sikkerhetskopi er slettet" in erased.stdout
    assert not second.exists()
