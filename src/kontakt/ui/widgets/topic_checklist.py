"""The topics (tema) of a contact as check boxes, with a field to add a new topic."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSize,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.text import clean, fold
from kontakt.ui.widgets.form import small_button


class TopicChecklist(QWidget):
    """Topic names laid out in columns, each with a check box, and a «Nytt tema» field.

    Names are compared without regard to case and extra spaces: adding a topic that
    is already listed ticks the listed one instead. Pressing Enter in the «Nytt tema»
    field adds the topic; it does not press the dialog's default button.

    Args:
        parent: Parent widget.

    Attributes:
        topic_list: The check list of topics.
        new_topic_edit: The field for a topic that is not listed yet.
        add_button: «Legg til tema», which adds the topic typed in ``new_topic_edit``.

    Signals:
        None of its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic_list = QListWidget()
        self.topic_list.setFlow(QListWidget.Flow.LeftToRight)
        self.topic_list.setWrapping(True)
        self.topic_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.topic_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.new_topic_edit = QLineEdit()
        self.new_topic_edit.setPlaceholderText("Nytt tema …")
        self.new_topic_edit.installEventFilter(self)
        self.add_button = small_button("Legg til tema")
        self.add_button.clicked.connect(self._add_new_topic)

        new_topic_row = QHBoxLayout()
        new_topic_row.addWidget(self.new_topic_edit, 1)
        new_topic_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.topic_list, 1)
        layout.addLayout(new_topic_row)

    def set_topics(self, offered: Sequence[str], chosen: Sequence[str]) -> None:
        """List the offered topics plus the chosen ones not offered; tick the chosen ones.

        Args:
            offered: Topic names to show, in this order.
            chosen: Topic names to tick; those not among ``offered`` are added last.
        """
        self.topic_list.clear()
        chosen_keys = {fold(clean(name)) for name in chosen}
        names: dict[str, str] = {}
        for name in (*offered, *chosen):
            names.setdefault(fold(clean(name)), name)
        for key, name in names.items():
            self._add_item(name, key in chosen_keys)
        self._update_grid()

    def chosen(self) -> tuple[str, ...]:
        """The names of the ticked topics, in the order they are listed."""
        return tuple(
            item.text() for item in self._items() if item.checkState() == Qt.CheckState.Checked
        )

    def focus_chain(self) -> list[QWidget]:
        """The widgets in the order Tab should visit them."""
        return [self.topic_list, self.new_topic_edit, self.add_button]

    def _items(self) -> list[QListWidgetItem]:
        return [self.topic_list.item(i) for i in range(self.topic_list.count())]

    def _add_item(self, name: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.topic_list.addItem(item)
        return item

    def _update_grid(self) -> None:
        """Lay the topics out in columns as wide as the longest name."""
        metrics = self.topic_list.fontMetrics()
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        widest = max((metrics.horizontalAdvance(i.text()) for i in self._items()), default=80)
        self.topic_list.setGridSize(QSize(widest + indicator + 28, metrics.height() + 12))

    def _add_new_topic(self) -> None:
        name = clean(self.new_topic_edit.text())
        if not name:
            return
        existing = next((i for i in self._items() if fold(i.text()) == fold(name)), None)
        if existing is not None:
            existing.setCheckState(Qt.CheckState.Checked)
        else:
            existing = self._add_item(name, True)
            self._update_grid()
        self.topic_list.scrollToItem(existing)
        self.new_topic_edit.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in «Nytt tema» adds the topic instead of pressing the default button.
        if (
            watched is self.new_topic_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add_new_topic()
            return True
        return super().eventFilter(watched, event)
