"""«Sikkerhetskopier»: take one now, restore one, and choose how many and how long to keep.

Restoring backs the current state up first, erases again anyone erased since
the chosen copy was taken (and says how many), writes it through SQLite's
backup API, migrates it if an older Kontakt made it, and reloads the window.
Only for SQLite files; a shared PostgreSQL database is backed up on its server
(pg_dump).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.preferences import BACKUP_KEEP, BACKUP_MAX_AGE_DAYS
from kontakt.errors import KontaktError
from kontakt.services.backups import BackupService
from kontakt.services.settings import SettingsService
from kontakt.storage import backup
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.form import closing_buttons


def describe(path: Path) -> str:
    """«25.11.2026 08:14 – daglig (3,1 MB)» for a backup file."""
    stamp = backup.backup_time(path)
    if stamp is None:
        return path.name
    size = f"{path.stat().st_size / 1e6:.1f}".replace(".", ",") if path.exists() else "0"
    return f"{stamp:%d.%m.%Y %H:%M} – {backup.backup_reason(path)} ({size} MB)"


class BackupsDialog(QDialog):
    """Backups of the open SQLite database.

    Signals are not needed: after a restore, ``restored`` is True and the
    caller reloads its views.

    Args:
        backups: The open database's backups (take, restore under the running core).
        settings: How many backups to keep and for how long.
        parent: The main window.
    """

    def __init__(
        self, backups: BackupService, settings: SettingsService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backups = backups
        self.restored = False
        self.setWindowTitle("Sikkerhetskopier")
        fit_to_screen(self, 560, 460)
        folder = backups.folder
        self.where = QLabel(
            f"Sikkerhetskopiene ligger i {folder}" if folder else
            "Databasen ligger på en PostgreSQL-tjener; ta sikkerhetskopi der med pg_dump."
        )  # fmt: skip
        self.where.setWordWrap(True)
        self.list = QListWidget()
        self.now_button = QPushButton("Sikkerhetskopier nå")
        self.now_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Gjenopprett valgt …")
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton("Gjenopprett fra fil …")
        self.file_button.clicked.connect(self.restore_from_file)
        self.keep = QSpinBox()
        self.keep.setRange(*BACKUP_KEEP.bounds)
        self.keep.setValue(settings.get(BACKUP_KEEP))
        self.max_age = QSpinBox()
        self.max_age.setRange(*BACKUP_MAX_AGE_DAYS.bounds)
        self.max_age.setValue(settings.get(BACKUP_MAX_AGE_DAYS))
        self.keep.valueChanged.connect(lambda v: settings.set(BACKUP_KEEP, v))
        self.max_age.valueChanged.connect(lambda v: settings.set(BACKUP_MAX_AGE_DAYS, v))
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(BACKUP_KEEP.label + ":", self.keep)
        form.addRow(BACKUP_MAX_AGE_DAYS.label + ":", self.max_age)
        buttons = closing_buttons(
            (self.now_button, self.restore_button, self.file_button), self.accept
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for widget in (self.now_button, self.restore_button, self.file_button, self.list):
            widget.setEnabled(folder is not None)
        self.refresh()

    def refresh(self) -> None:
        """List the backups, newest first."""
        self.list.clear()
        for path in self.backups.files():
            item = QListWidgetItem(describe(path))
            item.setData(256, str(path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def back_up_now(self) -> None:
        """«Sikkerhetskopier nå»."""
        try:
            made = self.backups.now()
        except KontaktError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Sikkerhetskopi skrevet til {made}")
        self.refresh()

    def restore_selected(self) -> None:
        """Restore the chosen backup (after asking)."""
        item = self.list.currentItem()
        if item is not None:
            self.restore(Path(str(item.data(256))))

    def restore_from_file(self) -> None:
        """Restore a backup file chosen anywhere (e.g. from a USB stick)."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Velg sikkerhetskopi", str(self.backups.folder or ""),
            "Kontakt-databaser (*.db);;Alle filer (*)",
        )  # fmt: skip
        if name:
            self.restore(Path(name))

    def restore(self, file: Path) -> None:
        """Replace the database with ``file``; the current state is backed up first."""
        answer = QMessageBox.question(
            self,
            "Gjenopprett",
            f"Erstatte databasen med sikkerhetskopien {file.name}? Det du har nå, blir "
            "sikkerhetskopiert først, så du kan gå tilbake.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            lines = self.backups.restore_and_reopen(file)
        except KontaktError as exc:
            self.message.setText(str(exc))
            return
        self.restored = True
        self.message.setText("\n".join([f"Gjenopprettet fra {file.name}.", *lines]))
        self.refresh()
