"""What the main window shows instead of the table while the database is empty."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A welcome with the three ways to begin: import, a first contact, sample data."""

    def __init__(
        self,
        on_import: Callable[[], object],
        on_new: Callable[[], object],
        on_demo: Callable[[], object],
    ) -> None:
        super().__init__()
        title = QLabel("<h2>Velkommen til Kontakt</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Databasen er tom. Importer en kontaktliste fra Excel, legg inn den første "
            "kontakten, eller prøv programmet med oppdiktede eksempelkontakter."
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        self.import_button = QPushButton("Importer fra Excel …")
        self.import_button.clicked.connect(on_import)
        self.new_button = QPushButton("Ny kontakt")
        self.new_button.clicked.connect(on_new)
        self.demo_button = QPushButton("Last inn eksempeldata")
        self.demo_button.clicked.connect(on_demo)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.import_button, self.new_button, self.demo_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addStretch()
