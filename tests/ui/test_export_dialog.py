"""Exporting from the window: the filter or the selection, into a file read back here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.ui.test_main_window import click_sidebar, select_rows

from kontakt.app import Core
from kontakt.domain.exporting import ExportFormat
from kontakt.domain.records import ContactFilter
from kontakt.ui.dialogs.export_dialog import ExportDialog
from kontakt.ui.main_window import MainWindow


def open_dialog(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> ExportDialog:
    """Ctrl+E, keeping the dialog open (not modal) for the test to drive."""
    opened: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    qtbot.addWidget(opened[0])
    return opened[0]


def choose_format(dialog: ExportDialog, fmt: ExportFormat) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt.value))


def export(qtbot: QtBot, dialog: ExportDialog, target: Path) -> None:
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_info is not None or bool(dialog.tasks.error.text()))
    assert dialog.result_info is not None, dialog.tasks.error.text()


def test_export_the_filtered_county_to_excel(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    click_sidebar(qtbot, window, "county", "46")
    dialog = open_dialog(qtbot, window, monkeypatch)
    assert dialog.current_button.isChecked()
    assert not dialog.selected_button.isEnabled()
    assert "20 kontakter" in dialog.count_label.text()
    assert dialog.title_edit.text() == "Vestland"
    assert dialog.path_edit.text().endswith("kontakter-vestland.vcf")
    choose_format(dialog, ExportFormat.XLSX)
    assert dialog.path_edit.text().endswith("kontakter-vestland.xlsx")
    target = tmp_path / "vestland"  # the ending is added
    export(qtbot, dialog, target)
    written = tmp_path / "vestland.xlsx"
    assert "Skrev 20 kontakter" in dialog.done_label.text()
    ws = load_workbook(written).active
    assert ws is not None
    assert "Vestland" in str(ws["A1"].value)
    assert {r[3] for r in ws.iter_rows(min_row=3, values_only=True)} == {"Vestland"}


def test_export_three_selected_rows_to_outlook_csv(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    select_rows(window, [0, 2, 4])
    chosen = [r.family_name for r in window.selected_rows()]
    dialog = open_dialog(qtbot, window, monkeypatch)
    assert dialog.selected_button.isChecked()
    assert "3 kontakter" in dialog.count_label.text()
    choose_format(dialog, ExportFormat.CSV_OUTLOOK)
    dialog.private_box.setChecked(True)
    export(qtbot, dialog, tmp_path / "utvalg.csv")
    with (tmp_path / "utvalg.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r["Last Name"] for r in csv.DictReader(handle)] == chosen


def test_export_a_list_and_the_count_follows_the_choice(
    qtbot: QtBot, demo_core: Core, tmp_path: Path
) -> None:
    uids = [r.uid for r in demo_core.search.all_rows(ContactFilter(county="03"))][:4]
    demo_core.catalog.create_list("Styret")
    demo_core.catalog.add_to_list("Styret", uids)
    demo_core.contacts.trash(uids[:1])  # the trash is never exported
    dialog = ExportDialog(demo_core.exports, demo_core.catalog, [], ContactFilter(), "")
    qtbot.addWidget(dialog)
    assert "300 kontakter" in dialog.count_label.text() or "299" in dialog.count_label.text()
    dialog.list_box.setCurrentText("Styret")
    dialog.list_button.click()
    assert "3 kontakter" in dialog.count_label.text()
    choose_format(dialog, ExportFormat.PDF)
    export(qtbot, dialog, tmp_path / "styret.pdf")
    assert dialog.result_info is not None and dialog.result_info.count == 3
    assert (tmp_path / "styret.pdf").read_bytes().startswith(b"%PDF")


def test_a_folder_that_does_not_exist_is_reported_in_the_dialog(
    qtbot: QtBot, demo_core: Core, tmp_path: Path
) -> None:
    dialog = ExportDialog(demo_core.exports, demo_core.catalog, [], ContactFilter(), "")
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "mangler" / "liste.vcf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.tasks.error.text()))
    assert "mangler" in dialog.tasks.error.text()
    assert dialog.result_info is None


def test_outlook_export_says_what_did_not_fit(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from kontakt.domain.records import ContactDraft, EmailData, PhoneData

    demo_core.contacts.create(
        ContactDraft(
            given_name="Kari",
            family_name="Mange",
            emails=tuple(EmailData(f"kari{n}@example.org") for n in range(5)),
            phones=tuple(PhoneData(f"+47{n}") for n in range(91000001, 91000010)),
        )
    )
    dialog = open_dialog(qtbot, window, monkeypatch)
    choose_format(dialog, ExportFormat.CSV_OUTLOOK)
    export(qtbot, dialog, tmp_path / "alle.csv")
    assert (
        "2 telefonnumre og 2 e-postadresser hos 1 kontakt ble ikke med i fila."
        in dialog.done_label.text()
    )
