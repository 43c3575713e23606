"""Choose several topics («alle» or «minst ett av») and several labels for a contact filter.

Used in the main window's filter bar and in the «Hvem» chooser of the export
dialog and the mail composer. Each of «Tema» and «Etiketter» is a button with
a menu of check boxes that stays open while names are ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu, QToolButton, QWidget

from kontakt.domain.records import ContactFilter
from kontakt.domain.text import fold

ALL_TEXT = "alle"
ANY_TEXT = "minst ett av"


class _StayOpenMenu(QMenu):
    """A menu that stays open when a check box in it is clicked."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isEnabled() and action.isCheckable():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


class _NameMenu(QToolButton):
    """A button «Tema» / «Tema (2)» whose menu ticks names."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(_StayOpenMenu(self))
        self._update_text()

    def set_names(self, offered: Sequence[str], chosen: Sequence[str]) -> None:
        """Offer these names (plus chosen ones not offered), ticking the chosen ones."""
        menu = self.menu()
        menu.clear()
        for name in offered:
            self._add(name)
        if not offered:
            menu.addAction("(ingen)").setEnabled(False)
        self.set_chosen(chosen)

    def set_chosen(self, chosen: Sequence[str]) -> None:
        """Tick exactly these names, in place (an open menu keeps its items)."""
        keys = {fold(n): n for n in chosen}
        for name, action in self.actions_by_name().items():
            action.setChecked(keys.pop(fold(name), None) is not None)
        for name in keys.values():  # e.g. a saved search's topic deleted since
            self._add(name).setChecked(True)
        self._update_text()

    def _add(self, name: str) -> QAction:
        action = self.menu().addAction(name.replace("&", "&&"))
        action.setData(name)
        action.setCheckable(True)
        action.toggled.connect(self._update_text)
        return action

    def actions_by_name(self) -> dict[str, QAction]:
        """The menu's check boxes by name."""
        return {str(a.data()): a for a in self.menu().actions() if a.isCheckable()}

    def chosen(self) -> tuple[str, ...]:
        """The ticked names, in menu order."""
        return tuple(name for name, a in self.actions_by_name().items() if a.isChecked())

    def _update_text(self) -> None:
        n = len(self.chosen()) if self.menu() is not None else 0
        self.setText(f"{self._title} ({n})" if n else self._title)


class TagFilter(QWidget):
    """«Tema ▾» with «alle» / «minst ett av», and «Etiketter ▾».

    Args:
        parent: Parent widget.

    Attributes:
        topic_button: The topics' menu button.
        mode_box: «alle» or «minst ett av» for the ticked topics.
        label_button: The labels' menu button.

    Signals:
        changed(): The user ticked a name or changed the mode (not on ``set_*``).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic_button = _NameMenu("Tema")
        self.topic_button.setToolTip("Vis kontakter med disse temaene")
        self.mode_box = QComboBox()
        self.mode_box.addItem(ALL_TEXT, False)
        self.mode_box.addItem(ANY_TEXT, True)
        self.mode_box.setToolTip("Alle de valgte temaene, eller minst ett av dem")
        self.label_button = _NameMenu("Etiketter")
        self.label_button.setToolTip("Vis kontakter med alle disse etikettene")
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        for button in (self.topic_button, self.label_button):
            button.menu().triggered.connect(lambda _a: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.topic_button)
        layout.addWidget(self.mode_box)
        layout.addWidget(self.label_button)

    def set_names(self, topics: Sequence[str], labels: Sequence[str]) -> None:
        """Offer these topics and labels, keeping what is ticked."""
        self.topic_button.set_names(topics, self.topic_button.chosen())
        self.label_button.set_names(labels, self.label_button.chosen())

    def set_filter(self, f: ContactFilter) -> None:
        """Tick the topics and labels of ``f`` and show its mode (no ``changed``)."""
        self.blockSignals(True)
        self.topic_button.set_chosen(f.topics)
        self.label_button.set_chosen(f.labels)
        if f.topics:  # without topics the mode means nothing: keep what the user chose
            self.mode_box.setCurrentIndex(1 if f.any_topic else 0)
        self.blockSignals(False)

    def apply_to(self, f: ContactFilter) -> ContactFilter:
        """``f`` with the ticked topics, the mode and the ticked labels."""
        topics = self.topic_button.chosen()
        return replace(
            f,
            topics=topics,
            any_topic=bool(self.mode_box.currentData()) and bool(topics),
            labels=self.label_button.chosen(),
        )

    def tick(self, kind: str, name: str, on: bool = True) -> None:
        """Tick (or untick) the topic or label ``name`` as a click would."""
        button = self.topic_button if kind == "topic" else self.label_button
        action = button.actions_by_name()[name]
        if action.isChecked() != on:
            action.trigger()

    def set_any(self, any_topic: bool) -> None:
        """Choose «minst ett av» (True) or «alle» as the user would."""
        self.mode_box.setCurrentIndex(1 if any_topic else 0)

    def _mode_changed(self, _index: int) -> None:
        if self.topic_button.chosen():
            self.changed.emit()
