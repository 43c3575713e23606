"""The import wizard keeps a survey export's answers under the name the secretary gives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.fixtures.sheets import CHAPTER_HEADERS, CHAPTER_ROWS, write_xlsx
from tests.fixtures.surveys import forms_xlsx
from tests.ui.test_import_wizard import open_file, press_next

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.ui.import_wizard import ImportWizard


def test_a_forms_export_is_kept_under_the_name_typed_on_the_last_page(
    qtbot: QtBot, wizard: ImportWizard, sqlite_core: Core, tmp_path: Path
) -> None:
    open_file(qtbot, wizard, forms_xlsx(tmp_path))
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    press_next(qtbot, wizard, ImportWizard.APPLY)
    page = wizard.apply_page
    assert not page.survey_name.isHidden()
    assert page.survey_name.text() == "Medlemsundersøkelsen 2025"  # the file's name
    assert "Undersøkelsen «Medlemsundersøkelsen 2025»: 4 svar ville blitt lagret" in (
        page.plan.text()
    )
    page.survey_name.setText("Vårens medlemsundersøkelse 2025")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)

    [survey] = sqlite_core.surveys.surveys()
    assert (survey.name, survey.year, survey.respondents) == (
        "Vårens medlemsundersøkelse 2025", 2025, 4,
    )  # fmt: skip
    found = sqlite_core.search.search(ContactFilter(survey=survey.name)).total
    assert found == 4


def test_a_plain_list_asks_for_no_survey_name(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "fylkeslag.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS)
    open_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    press_next(qtbot, wizard, ImportWizard.APPLY)
    assert wizard.apply_page.survey_name.isHidden()
