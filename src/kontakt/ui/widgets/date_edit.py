"""A date field that may also be empty (QDateEdit alone cannot be)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QDate,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from kontakt.ui.widgets.form import (
    small_button,
)


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a check box switches the date on and off.

    Args:
        today_button: Add an «I dag» button that sets today's date.
        parent: Parent widget.

    Signals:
        None of its own.
    """

    _NO_DATE = QDate(1900, 1, 1)

    def __init__(self, today_button: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled_box = QCheckBox()
        self.enabled_box.setToolTip("Kryss av for å oppgi en dato")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd.MM.yyyy")
        self.edit.setMinimumDate(self._NO_DATE)
        self.edit.setSpecialValueText("ingen dato")
        self.edit.setDate(self._NO_DATE)
        self.edit.setEnabled(False)
        self.edit.setMinimumWidth(130)
        self._last = QDate.currentDate()
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.edit)
        self.today_button: QPushButton | None = None
        if today_button:
            self.today_button = small_button("I dag", "Sett dagens dato")
            self.today_button.clicked.connect(lambda: self.set_date(dt.date.today()))
            layout.addWidget(self.today_button)
        layout.addStretch()
        self.enabled_box.toggled.connect(self._toggled)
        self.set_date(None)

    def focus_chain(self) -> list[QWidget]:
        """The widgets in the order Tab should visit them."""
        chain: list[QWidget] = [self.enabled_box, self.edit]
        return [*chain, self.today_button] if self.today_button else chain

    def date(self) -> dt.date | None:
        """The chosen date, or None when no date is set."""
        if not self.enabled_box.isChecked():
            return None
        value = self.edit.date()
        return dt.date(value.year(), value.month(), value.day())

    def set_date(self, value: dt.date | None) -> None:
        """Show ``value``, or «ingen dato» for None."""
        on = value is not None
        self._last = QDate(value.year, value.month, value.day) if value else QDate.currentDate()
        self.enabled_box.blockSignals(True)
        self.enabled_box.setChecked(on)
        self.enabled_box.blockSignals(False)
        self.edit.setEnabled(on)
        self.edit.setDate(self._last if on else self._NO_DATE)

    def _toggled(self, on: bool) -> None:
        if not on and self.edit.isEnabled():
            self._last = self.edit.date()  # brought back when the box is ticked again
        self.edit.setEnabled(on)
        self.edit.setDate(self._last if on else self._NO_DATE)
