"""The import wizard with messy files: topics Kontakt lacks, and a CSV whose encoding is a guess."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.fixtures.sheets import write_csv
from tests.ui.test_import_wizard import everyone, open_file, press_next

from kontakt.app import Core
from kontakt.ui.import_wizard import ImportWizard


def test_topics_kontakt_lacks_are_offered_the_closest_and_a_phones_word_stays_a_label(
    qtbot: QtBot, wizard: ImportWizard, sqlite_core: Core, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "svar.csv",
        ["Navn", "E-post", "Tema"],
        [["Kari Nordmann", "kari@example.org", "tannhelse, psykisk"],
         ["Ola Nordmann", "ola@example.org", "Familie"]],
    )  # fmt: skip
    open_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    combos = wizard.preview_page.topics.combos
    # «tannhelse» is a synonym of Tannhelsereform in the database: known, not asked about.
    assert {t: c.currentText() for t, c in combos.items()} == {
        "psykisk": "Bruk «Psykisk helse»",
        "Familie": "Behold som merkelapp",
    }
    press_next(qtbot, wizard, ImportWizard.APPLY)
    assert "Nye temaer" not in wizard.apply_page.plan.text()
    qtbot.mouseClick(wizard.apply_page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    people = everyone(sqlite_core)
    assert set(people["Kari Nordmann"].topics) == {"Tannhelsereform", "Psykisk helse"}  # type: ignore[attr-defined]
    assert people["Ola Nordmann"].topics == ()  # type: ignore[attr-defined]
    assert people["Ola Nordmann"].labels == ("Familie",)  # type: ignore[attr-defined]
    assert "Familie" not in {t.name for t in sqlite_core.catalog.topics()}


def test_an_uncertain_encoding_is_shown_and_can_be_chosen(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "liste.csv", ["Navn", "E-post"], [["José Müller", "jose@example.org"]],
        encoding="cp1252",
    )  # fmt: skip
    open_file(qtbot, wizard, path)
    sheet = wizard.sheet_page
    assert sheet.encoding_combo.isVisible()
    assert sheet.encoding_combo.currentData() == "cp1252"
    assert sheet.encoding_note.isVisible() and "ikke sikker" in sheet.encoding_note.text()
    assert sheet.table.item(0, 0).text() == "José Müller"
    # The user tries another encoding: the sample rows are read again with it.
    sheet.encoding_combo.setCurrentIndex(sheet.encoding_combo.findData("mac_roman"))
    qtbot.waitUntil(lambda: sheet.table.item(0, 0).text() != "José Müller", timeout=10_000)
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    assert wizard.preview is not None and wizard.preview.options.encoding == "mac_roman"
    # Chosen, it is no longer a guess.
    assert not sheet.encoding_note.isVisible()
    sheet.encoding_combo.setCurrentIndex(sheet.encoding_combo.findData("cp1252"))
    qtbot.waitUntil(lambda: sheet.table.item(0, 0).text() == "José Müller", timeout=10_000)
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    assert wizard.preview.rows[0].draft.given_name == "José"


def test_a_utf8_file_shows_no_encoding_note(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "liste.csv", ["Navn", "E-post"], [["Åse Ødegård", "a@x.no"]])
    open_file(qtbot, wizard, path)
    assert wizard.sheet_page.encoding_combo.currentData() == "utf-8"
    assert not wizard.sheet_page.encoding_note.isVisible()


def test_a_repeated_row_is_counted_as_a_repeat_not_as_someone_stored(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "svar.csv",
        ["Navn", "E-post", "Tema"],
        [["Kari Nordmann", "kari@example.org", "Rus"],
         ["Kari Nordmann", "kari@example.org", "Sykehus"]],
    )  # fmt: skip
    open_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    text = wizard.preview_page.counts.text()
    assert "<b>1</b> ny · <b>0</b> finnes fra før · <b>1</b> gjentar en rad over" in text
