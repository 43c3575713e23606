"""The preview page's list of topics in the file that Kontakt does not know yet.

Each unknown topic can be put into an existing topic (a misspelling,
another word for the same: the closest one is chosen to begin with), kept
on the contact as a label (chosen when no topic is close, so that a
phone's «Familie» does not become a topic unasked), created, or left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.topic_synonyms import closest_topic
from kontakt.services.importing.model import CREATE_TOPIC, KEEP_AS_LABEL

CREATE = CREATE_TOPIC
LABEL = KEEP_AS_LABEL
LEAVE_OUT = ""  # as ImportOptions.topic_map says «drop it»
MAX_SHOWN = 3


class TopicChoices(QGroupBox):
    """What to do with each unknown topic.

    Attributes:
        combos: Topic as written in the file -> its combo.

    Signals:
        changed(): The user chose differently for a topic.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Temaer som ikke finnes i Kontakt ennå", parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Tema i fila", "Hva skal skje"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.table)
        self.combos: dict[str, QComboBox] = {}

    def set_topics(
        self, topics: Sequence[str], existing: Sequence[str], topic_map: dict[str, str]
    ) -> None:
        """Show these unknown topics with the choices made so far."""
        self.combos = {}
        self.table.setRowCount(len(topics))
        for row, topic in enumerate(topics):
            self.table.setItem(row, 0, QTableWidgetItem(topic))
            combo = QComboBox()
            combo.addItem("Behold som merkelapp", LABEL)
            combo.addItem("Opprett som nytt tema", CREATE)
            combo.addItem("Utelat", LEAVE_OUT)
            combo.insertSeparator(3)
            for name in existing:
                combo.addItem(f"Bruk «{name}»", name)
            # As the import plans a topic no one chose for (NewTopics.CLOSEST).
            chosen = (
                topic_map[topic] if topic in topic_map else closest_topic(topic, existing) or LABEL
            )
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.table.setCellWidget(row, 1, combo)
            self.combos[topic] = combo
        row_height = QComboBox().sizeHint().height() + 4
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        shown = min(len(topics), MAX_SHOWN)  # more than that: the table scrolls
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + shown * row_height
            + 2 * self.table.frameWidth()
        )
        self.setVisible(bool(topics))

    def choices(self) -> dict[str, str]:
        """Topic -> existing topic, "" (leave out), CREATE or LABEL, for every topic shown."""
        return {topic: combo.currentData() for topic, combo in self.combos.items()}
