"""Shared bits of Kontakt's forms: error marks, date parsing, small widget makers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import (
    EmailKind,
    PhoneKind,
    RoleKind,
    RoleLevel,
)
from kontakt.domain.text import clean
from kontakt.domain.wording import field_label
from kontakt.errors import ValidationError

ModelIndex = QModelIndex | QPersistentModelIndex
ERROR_COLOUR = "#b3261e"
INVALID_BACKGROUND = QColor("#fde0dc")
FORM_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"] {{
    border: 1px solid {ERROR_COLOUR};
    border-radius: 3px;
    padding: 2px 4px;
    background: #fff6f5;
}}
QLabel[error="true"] {{
    color: {ERROR_COLOUR};
}}
"""

EMAIL_KINDS: tuple[tuple[str, str], ...] = (
    (EmailKind.JOBB.value, "Jobb"),
    (EmailKind.PRIVAT.value, "Privat"),
    (EmailKind.ANNET.value, "Annet"),
)
PHONE_KINDS: tuple[tuple[str, str], ...] = (
    (PhoneKind.MOBIL.value, "Mobil"),
    (PhoneKind.JOBB.value, "Jobb"),
    (PhoneKind.PRIVAT.value, "Privat"),
    (PhoneKind.ANNET.value, "Annet"),
)
ROLE_KINDS: tuple[tuple[str, str], ...] = tuple(
    (kind.value, kind.value.capitalize()) for kind in RoleKind
)
ROLE_LEVELS: tuple[tuple[str, str], ...] = (
    ("", ""),
    *((level.value, level.value.capitalize()) for level in RoleLevel),
)

_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATE_FORMAT = "%d.%m.%Y"


def parse_date(text: str) -> dt.date | None:
    """Read a date as people type it in the roles table.

    Args:
        text: ``"01.09.2023"``, ``"1.9.2023"``, ``"2023-09-01"`` or blank.

    Returns:
        The date, or None for blank text.

    Raises:
        ValidationError: If the text is not a date in one of these forms, or the
            date does not exist (``"31.02.2024"``); the message is Norwegian.
    """
    value = clean(text)
    if not value:
        return None
    shown = value if len(value) <= 40 else value[:39] + "…"
    dotted = _DOTTED_DATE.match(value)
    iso = _ISO_DATE.match(value)
    if dotted:
        day, month, year = (int(part) for part in dotted.groups())
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise ValidationError(
            f"Ugyldig dato «{shown}»: skriv datoen som dd.mm.åååå, f.eks. 01.09.2023.",
            field="date",
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(f"Datoen «{shown}» finnes ikke.", field="date") from None


def format_date(value: dt.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def row_label(field: str, key: str = "") -> str:
    """A form row's label for a contact field, «&Fornavn:»: the wording table's word with
    the Alt+letter marked (the first letter, or the first ``key`` in the word)."""
    label = field_label(field)
    at = label.casefold().find(key.casefold()) if key else 0
    if at < 0:
        raise ValueError(f"{key!r} is not in {label!r}")
    return f"{label[:at]}&{label[at:]}:"


def error_label() -> QLabel:
    """A red, word-wrapped label for reasons, hidden while it has no text."""
    label = QLabel()
    label.setProperty("error", True)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Turn the red border of a line edit or combo box on or off."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def make_combo(items: Iterable[tuple[str, str]], current: str = "") -> QComboBox:
    """A combo box of (data, text) pairs with ``current`` selected."""
    combo = QComboBox()
    for data, text in items:
        combo.addItem(text, data)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def small_button(text: str, tip: str = "") -> QPushButton:
    """A push button that never becomes the dialog's default (Enter stays «Lagre»)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setDefault(False)
    if tip:
        button.setToolTip(tip)
    return button


# -- building blocks -----------------------------------------------------------------------


def with_error(widget: QWidget, label: QLabel) -> QWidget:
    """``widget`` with ``label`` (see :func:`error_label`) right below it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(label)
    return box


def left_aligned(widget: QWidget) -> QWidget:
    """``widget`` at its preferred width, aligned left in a form row."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch()
    return box


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a frameless area that scrolls vertically when the window is too low."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def closing_buttons(actions: Iterable[QWidget], close: Callable[[], object]) -> QHBoxLayout:
    """A dialog's bottom row: its action buttons on the left, «Lukk» on the right."""
    row = QHBoxLayout()
    for widget in actions:
        row.addWidget(widget)
    row.addStretch()
    button = QPushButton("Lukk")
    button.setAutoDefault(False)
    button.clicked.connect(close)
    row.addWidget(button)
    return row
