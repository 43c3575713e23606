"""«Database»: open another database — a file on this machine or the board's server.

The choice is opened (checked, backed up, upgraded) off the GUI thread and
remembered for the next start; a server that does not answer or refuses is
reported in the dialog, which stays open, and the database in use stays in use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kontakt.app import Core, open_core
from kontakt.errors import KontaktError
from kontakt.paths import DatabaseLocation, resolve_database
from kontakt.services.database_choice import DEFAULT_PORT, ServerDetails, check_connection, remember
from kontakt.ui.widgets.form import ERROR_COLOUR
from kontakt.ui.workers import Worker

FILE_FILTER = "Kontakt-database (*.db *.sqlite *.sqlite3);;Alle filer (*)"


class DatabaseDialog(QDialog):
    """Choose and open a database.

    Args:
        current: The database in use (fills the form).
        parent: Parent widget.

    Attributes:
        core: The opened database once «Åpne» has succeeded, else None.

    Signals:
        opened(object): The new :class:`~kontakt.app.Core`, as the dialog closes.
    """

    opened = Signal(object)

    def __init__(self, current: DatabaseLocation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Database")
        self.core: Core | None = None
        self._worker: Worker | None = None

        self.file_choice = QRadioButton("En &fil på denne maskinen")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("f.eks. C:\\Users\\kari\\Documents\\kontakt.db")
        self.browse_button = QPushButton("&Velg …")
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        file_hint = QLabel("Finnes ikke fila, blir en ny, tom database laget der.")
        file_hint.setWordWrap(True)

        self.server_choice = QRadioButton("En felles database på en &server (PostgreSQL)")
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("f.eks. db.example.org")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit()
        self.database_edit.setPlaceholderText("f.eks. kontakt")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        server_form = QFormLayout()
        server_form.addRow("Server:", self.host_edit)
        server_form.addRow("Port:", self.port_spin)
        server_form.addRow("Database:", self.database_edit)
        server_form.addRow("Brukernavn:", self.user_edit)
        server_form.addRow("Passord:", self.password_edit)
        server_hint = QLabel(
            "Et styre kan dele én database. Den som driver serveren, gir deg disse "
            "opplysningene. Passordet lagres i maskinens nøkkelring, ikke i en fil."
        )
        server_hint.setWordWrap(True)
        self.test_button = QPushButton("&Prøv tilkoblingen")
        self.test_button.clicked.connect(self.test_connection)

        self.file_box = QGroupBox()
        file_layout = QVBoxLayout(self.file_box)
        file_layout.addLayout(path_row)
        file_layout.addWidget(file_hint)
        self.server_box = QGroupBox()
        server_layout = QVBoxLayout(self.server_box)
        server_layout.addLayout(server_form)
        server_layout.addWidget(server_hint)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch()
        server_layout.addLayout(test_row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.open_button = QPushButton("&Åpne")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_chosen)
        buttons = QDialogButtonBox()
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"I bruk nå: {current.describe()}"))
        layout.addWidget(self.file_choice)
        layout.addWidget(self.file_box)
        layout.addWidget(self.server_choice)
        layout.addWidget(self.server_box)
        layout.addWidget(self.message)
        layout.addStretch()
        layout.addWidget(buttons)
        self.file_choice.toggled.connect(self._enable)
        self.server_choice.toggled.connect(self._enable)
        self._fill(current)
        self.resize(560, self.sizeHint().height())

    def _fill(self, current: DatabaseLocation) -> None:
        if current.path is not None:
            self.file_choice.setChecked(True)
            self.path_edit.setText(str(current.path))
        else:
            self.server_choice.setChecked(True)
            details = ServerDetails.from_url(current.url)
            self.host_edit.setText(details.host)
            self.port_spin.setValue(details.port)
            self.database_edit.setText(details.database)
            self.user_edit.setText(details.user)
            self.password_edit.setText(details.password)
        self._enable()

    def _enable(self) -> None:
        busy = self._worker is not None
        self.file_box.setEnabled(self.file_choice.isChecked() and not busy)
        self.server_box.setEnabled(self.server_choice.isChecked() and not busy)
        self.open_button.setEnabled(not busy)
        self.file_choice.setEnabled(not busy)
        self.server_choice.setEnabled(not busy)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setText(text)

    def browse(self) -> None:
        """Pick an existing database file, or name a new one."""
        start = self.path_edit.text().strip() or str(Path.home())
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Velg databasefil",
            start,
            FILE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.path_edit.setText(name)

    def chosen(self) -> DatabaseLocation:
        """The database the form describes.

        Raises:
            KontaktError: A field is missing (Norwegian message naming it).
        """
        if self.file_choice.isChecked():
            text = self.path_edit.text().strip()
            if not text:
                raise KontaktError("Skriv inn eller velg en databasefil.")
            return resolve_database(text, environ={})
        details = ServerDetails(
            host=self.host_edit.text(),
            database=self.database_edit.text(),
            user=self.user_edit.text(),
            password=self.password_edit.text(),
            port=self.port_spin.value(),
        )
        return DatabaseLocation(url=details.url(), path=None)

    def test_connection(self) -> None:
        """Connect to the server once, off the GUI thread, and say how it went."""
        self._run(check_connection, lambda text: self._say(str(text)), "Kobler til …")

    def open_chosen(self) -> None:
        """Open the chosen database (off the GUI thread); on success emit ``opened``."""
        self._run(open_core, self._opened, "Åpner databasen …")

    def _run(
        self,
        work: Callable[[DatabaseLocation], object],
        done: Callable[[object], None],
        busy_text: str,
    ) -> None:
        try:
            location = self.chosen()
        except KontaktError as exc:
            self._say(str(exc), error=True)
            return
        self._say(busy_text)
        worker = Worker(work, location)
        worker.signals.result.connect(done)
        worker.signals.error.connect(lambda exc: self._say(str(exc), error=True))
        worker.signals.finished.connect(self._finished)
        self._worker = worker.start()
        self._enable()

    def _finished(self) -> None:
        self._worker = None
        self._enable()

    def _opened(self, core: object) -> None:
        assert isinstance(core, Core)
        self.core = core
        try:
            remember(core.location)  # opened again at the next start
        except KontaktError as exc:
            QMessageBox.warning(self, "Kontakt", str(exc))
        self.accept()
        self.opened.emit(core)

    def reject(self) -> None:
        """Not while a database is being opened: it would be left open behind the dialog."""
        if self._worker is None:
            super().reject()
