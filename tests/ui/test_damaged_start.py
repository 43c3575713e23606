"""Start-up on a damaged database whose problems SQLite reports in bytes that are
not UTF-8: the window's recovery (offer the newest good backup) must not crash
on them, in the live file or in a backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from tests.fixtures.damaged import MALFORMED_SCHEMA, NULL_IN_NOT_NULL, add_latin1_table

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.paths import resolve_database
from kontakt.services import backups
from kontakt.storage import backup
from kontakt.ui.launch import open_at_start


def test_start_up_skips_a_backup_it_cannot_decode_and_restores_the_good_one(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = resolve_database(str(tmp_path / "kontakt.db"))
    assert location.path is not None and location.backup_dir is not None
    core = open_core(location)
    core.contacts.create(ContactDraft("Ola", "Hansen"))
    good = backup.automatic_backup(location.path, location.backup_dir, "daglig")
    damaged = backup.automatic_backup(location.path, location.backup_dir, "for-import")
    core.close()
    assert good is not None and damaged is not None
    add_latin1_table(damaged, NULL_IN_NOT_NULL)  # the newest backup, damaged
    add_latin1_table(location.path, MALFORMED_SCHEMA)  # and the database itself
    assert backups.newest_good(location) == good
    shown: list[str] = []

    def restore(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", restore)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.buttons()[0])
    opened = open_at_start(location)
    assert opened is not None
    try:
        assert "er skadet: malformed database schema (\ufffdbler)" in shown[0]
        assert good.name in shown[0]
        assert [r.full_name for r in opened.search.all_rows(ContactFilter())] == ["Ola Hansen"]
    finally:
        opened.close()
