"""Qt's own words (standard buttons, context menus, file dialog) come in bokmål."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QFileInfo, QLocale
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFileIconProvider,
    QLabel,
    QLineEdit,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from kontakt.ui.translations import BOKMAL, install_norwegian, qt_speaks_norwegian


def test_message_box_buttons_are_norwegian(qtbot: QtBot) -> None:
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question, "Spørsmål", "Slette?",
        buttons.Yes | buttons.No | buttons.Save | buttons.Cancel | buttons.Open,
    )  # fmt: skip
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Ja", "Nei", "Lagre", "Avbryt", "Åpne"}
    assert qt_speaks_norwegian()


def test_a_fields_context_menu_is_norwegian(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    words = {a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()}
    assert {"Angre", "Gjør om", "Klipp ut", "Kopier", "Lim inn", "Merk alt"} <= words


def test_the_file_dialog_speaks_bokmal(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = QFileDialog(None, "Velg fil")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert labels == {"&Se i:", "Fil&navn:", "Fil&typer:"}
    assert QFileIconProvider().type(QFileInfo(str(tmp_path))) == "Mappe"


def test_dates_are_norwegian_and_installing_twice_adds_nothing(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_norwegian(app) is True  # qtbase_nn.qm found
    assert install_norwegian(app) is True
    day = QDate(2026, 11, 25)
    assert QLocale().toString(day, QLocale.FormatType.ShortFormat) == "25.11.2026"
    assert QLocale().monthName(11) == "november"
    # Each bokmål word really differs from Qt's own English.
    assert all(word != english for (_, english), word in BOKMAL.items())
