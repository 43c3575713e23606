"""The suppression digests cannot be reversed from the database alone: their key lives
outside it (the user's config folder), old digests are migrated, and a board member
without the key is told how to get it instead of importing erased people unchecked."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.e2e.test_cli import kontakt
from tests.storage.test_privacy import EMAIL, PHONE, full_person

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.paths import DatabaseLocation, config_dir, resolve_database
from kontakt.services.suppression import ErasureKeyMissing
from kontakt.storage.privacy_models import AppSetting, Suppression


def stored(core: Core) -> tuple[dict[str, str], set[str]]:
    with core.sessions() as session:
        settings = {s.key: s.value for s in session.scalars(select(AppSetting))}
        return settings, set(session.scalars(select(Suppression.digest)))


def test_nothing_in_the_database_lets_an_erased_number_be_tried(core: Core) -> None:
    uid = core.contacts.create(full_person()).uid
    core.privacy.erase(uid)
    settings, digests = stored(core)
    assert "suppression_salt" not in settings
    assert len(digests) == 3  # two addresses and one number
    for value in settings.values():  # whatever is kept there, it is no salt for these
        for candidate in (PHONE, EMAIL):
            assert hashlib.sha256(f"{value}:{candidate}".encode()).hexdigest() not in digests
    folder = config_dir() / "sletteregister"
    keys = list(folder.iterdir())
    assert len(keys) == 1
    key = keys[0].read_text("utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(keys[0].stat().st_mode) == 0o600
    if core.location.path is not None:
        content = core.location.path.read_bytes()
        secret = key.split('"key": "')[1].split('"')[0]
        assert secret.encode() not in content and bytes.fromhex(secret) not in content
    assert core.privacy.suppressed([EMAIL], []) and core.privacy.suppressed([], [PHONE])


def test_digests_made_by_an_older_kontakt_keep_working(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    core.contacts.create(ContactDraft("Ola", "Annen"))
    core.close()
    # What an older Kontakt left after erasing someone: its salt and plain salted hashes.
    conn = sqlite3.connect(db)
    salt = "5f0c2a9e1b7d4c3a8e6f1d2b3c4a5e6f"
    conn.execute("INSERT INTO app_setting VALUES ('suppression_salt', ?)", (salt,))
    for value in ("gammel@example.no", "+4790000001"):
        digest = hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()
        conn.execute(
            "INSERT INTO suppression (digest, created_at) VALUES (?, '2026-01-01 00:00:00')",
            (digest,),
        )
    conn.commit()
    conn.close()

    core = open_core(resolve_database(str(db)))
    try:
        assert core.privacy.suppressed(["Gammel@example.no"], [])
        assert core.privacy.suppressed([], ["+4790000001"])
        assert not core.privacy.suppressed(["ny@example.no"], [])
        settings, digests = stored(core)
        assert "suppression_salt" not in settings
        assert hashlib.sha256(f"{salt}:+4790000001".encode()).hexdigest() not in digests
    finally:
        core.close()
    content = db.read_bytes()  # not even in freed pages: the file was rewritten
    assert salt.encode() not in content
    assert hashlib.sha256(f"{salt}:+4790000001".encode()).hexdigest().encode() not in content


def test_without_the_key_kontakt_says_how_to_get_it(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    try:
        uid = core.contacts.create(full_person()).uid
        core.privacy.erase(uid)
    finally:
        core.close()
    exported = kontakt("privacy", "key", "export", str(tmp_path / "nokkel.json"), db=db)
    assert exported.returncode == 0, exported.stderr
    for f in (config_dir() / "sletteregister").iterdir():
        f.unlink()  # a new laptop, or another board member

    sheet = tmp_path / "liste.csv"
    sheet.write_text(f"Fornavn;Etternavn;E-post\nSigrunn;K;{EMAIL}\n", encoding="utf-8")
    refused = kontakt("import", str(sheet), "--yes", db=db)
    assert refused.returncode == 1
    assert "privacy key import" in refused.stderr and len(refused.stderr.splitlines()) == 1

    brought = kontakt("privacy", "key", "import", str(tmp_path / "nokkel.json"), db=db)
    assert brought.returncode == 0, brought.stderr
    imported = kontakt("import", str(sheet), "--yes", db=db)
    assert imported.returncode == 0, imported.stderr
    listed = kontakt("list", "--json", db=db)
    assert EMAIL not in listed.stdout  # held back as erased


def _member(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))


def test_two_board_members_on_one_server_share_the_key(
    pg_location: DatabaseLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _member(monkeypatch, tmp_path / "kari")
    kari = open_core(pg_location)
    try:
        uid = kari.contacts.create(full_person()).uid
        kari.privacy.erase(uid)
        kari.privacy.export_key(tmp_path / "nokkel.json")
    finally:
        kari.close()
    _member(monkeypatch, tmp_path / "ola")
    ola = open_core(pg_location)
    try:
        with pytest.raises(ErasureKeyMissing, match="privacy key import"):
            ola.privacy.suppressed([EMAIL], [])
        other = ola.contacts.create(ContactDraft("Per", "Ny", emails=(EmailData("p@x.no"),)))
        with pytest.raises(ErasureKeyMissing):
            ola.privacy.erase(other.uid)
        ola.privacy.import_key(tmp_path / "nokkel.json")
        assert ola.privacy.suppressed([EMAIL], [])
        ola.privacy.erase(other.uid)
    finally:
        ola.close()
    _member(monkeypatch, tmp_path / "kari")
    kari = open_core(pg_location)
    try:
        assert kari.privacy.suppressed(["p@x.no"], [])  # Ola's erasure, Kari's key: the same
    finally:
        kari.close()
