"""«Nytt arrangement» and «Endre arrangement»: title, time, link, place and description.

Times are typed in local time and stored as aware datetimes. «Lagre» asks
the event service to store the event; a missing title, an end before the
start or a link that is not a web address is shown in red at its field, and
nothing is stored until it is fixed. Moving the start moves the end with it.
Changing an event whose invitation has gone out says so at the top: those
invited are not told automatically.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.wording import plural
from kontakt.errors import KontaktError, ValidationError
from kontakt.services.outreach.events import EventData, EventService
from kontakt.ui.dialogs.event_changes import already_invited
from kontakt.ui.widgets.form import FORM_STYLE, error_label, left_aligned, set_invalid, with_error

DEFAULT_START = QTime(19, 0)
DEFAULT_LENGTH_MINUTES = 90
WARNING_STYLE = (
    "QLabel { color: #5c3b00; background: #fff4dc; border: 1px solid #e0a030;"
    " border-radius: 3px; padding: 6px; }"
)


def _aware(value: dt.datetime) -> dt.datetime:
    """A local wall-clock time (as the edits give it) as an aware datetime, whole minutes."""
    return value.replace(second=0, microsecond=0).astimezone()


def _wall_clock(moment: dt.datetime) -> QDateTime:
    """A stored (aware) time as the local wall-clock time the edits show."""
    local = moment.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


class EventFormDialog(QDialog):
    """Create one event, or change one.

    Args:
        events: Stores the event.
        year: The year shown in the events window; a new event starts there.
        parent: Parent widget.
        event_id: The event to change; None for a new one.

    Attributes:
        created_id: The new event's number once «Lagre» succeeded, else None.
        event_id: The event changed (None for a new one).
        before: The event as it was when the form opened (None for a new one).

    Raises:
        NotFoundError: ``event_id`` names no event.
    """

    def __init__(
        self,
        events: EventService,
        year: int | None = None,
        parent: QWidget | None = None,
        event_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.events = events
        self.created_id: int | None = None
        self.event_id = event_id
        self._end_days = 0  # the end is this many days after the start's date
        self._length = DEFAULT_LENGTH_MINUTES * 60  # seconds; a moved start keeps it
        self.before: EventData | None = None
        invited = 0
        if event_id is not None:  # read first: a missing event opens no form
            self.before = events.summary(event_id).data
            invited = events.traces(event_id).invited
        self.setWindowTitle("Nytt arrangement" if event_id is None else "Endre arrangement")
        self.setMinimumWidth(520)
        self.setStyleSheet(FORM_STYLE)
        self.invited_warning = QLabel(already_invited(invited))
        self.invited_warning.setWordWrap(True)
        self.invited_warning.setStyleSheet(WARNING_STYLE)
        self.invited_warning.setVisible(invited > 0)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("f.eks. Digitalt nettverksmøte: psykisk helse")
        self.title_error = error_label()
        self.start_edit = QDateTimeEdit()
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.start_edit.setDateTime(self._default_start(year))
        self.end_edit = QTimeEdit()
        self.end_edit.setDisplayFormat("HH:mm")
        self.end_edit.setTime(DEFAULT_START.addSecs(DEFAULT_LENGTH_MINUTES * 60))
        self.end_edit.setToolTip("Slutter samme dag som arrangementet starter.")
        self.end_error = error_label()
        self.link_edit = QLineEdit()
        self.link_edit.setPlaceholderText("https://teams.microsoft.com/… eller https://zoom.us/j/…")
        self.link_error = error_label()
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("f.eks. Teams, Zoom eller Folkets Hus, Bergen")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText("Hva skal skje, og hvem passer det for?")
        self.general_error = error_label()

        form = QFormLayout()
        form.addRow("&Tittel:", with_error(self.title_edit, self.title_error))
        form.addRow("&Starter:", left_aligned(self.start_edit))
        form.addRow("Sl&utter kl.:", with_error(left_aligned(self.end_edit), self.end_error))
        form.addRow("&Lenke:", with_error(self.link_edit, self.link_error))
        form.addRow("St&ed:", self.place_edit)
        form.addRow("&Beskrivelse:", self.description_edit)
        form.addRow(QLabel("Tidene er norsk tid (datamaskinens klokke)."))

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Lagre", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            "Avbryt", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.invited_warning)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self.title_edit.textChanged.connect(lambda: self._mark("title", ""))
        self.start_edit.dateTimeChanged.connect(lambda: self._mark("ends_at", ""))
        self.end_edit.timeChanged.connect(lambda: self._mark("ends_at", ""))
        self.start_edit.dateTimeChanged.connect(self._start_moved)
        self.end_edit.timeChanged.connect(self._end_moved)
        self.link_edit.textChanged.connect(lambda: self._mark("link", ""))
        if self.before is not None:
            self._fill(self.before)

    def _start_moved(self) -> None:
        """A later or earlier start moves the end with it, as in a calendar."""
        self.end_edit.setTime(self.start_edit.time().addSecs(self._length))

    def _end_moved(self) -> None:
        length = self.start_edit.time().secsTo(self.end_edit.time())
        if length > 0:
            self._length = length

    def _fill(self, data: EventData) -> None:
        """Show a stored event in the fields."""
        self.title_edit.setText(data.title)
        self.start_edit.setDateTime(_wall_clock(data.starts_at))
        self.end_edit.setTime(_wall_clock(data.ends_at).time())
        # Only a form-made event ends the day it starts; keep another's days as they are.
        self._end_days = (
            data.ends_at.astimezone().date() - data.starts_at.astimezone().date()
        ).days
        if self._end_days:
            self.end_edit.setToolTip(
                f"Slutter {plural(self._end_days, 'dag', 'dager')} etter at arrangementet starter."
            )
        self.link_edit.setText(data.link)
        self.place_edit.setText(data.place)
        self.description_edit.setPlainText(data.description)

    @staticmethod
    def _default_start(year: int | None) -> QDateTime:
        """A week from today at 19:00, or 1 March 19:00 when another year is shown."""
        today = dt.date.today()
        day = today + dt.timedelta(days=7)
        if year is not None and year != today.year:
            day = dt.date(year, 3, 1)
        return QDateTime(QDate(day.year, day.month, day.day), DEFAULT_START)

    def data(self) -> EventData:
        """The form as an event (not yet checked)."""
        start = _aware(self.start_edit.dateTime().toPython())  # type: ignore[arg-type]
        end_time: dt.time = self.end_edit.time().toPython()  # type: ignore[assignment]
        end_day = start.date() + dt.timedelta(days=self._end_days)
        end = _aware(dt.datetime.combine(end_day, end_time))
        return EventData(
            title=self.title_edit.text(),
            starts_at=start,
            ends_at=end,
            link=self.link_edit.text().strip(),
            place=self.place_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
        )

    def _mark(self, field: str, message: str) -> None:
        """Show (or with an empty message, remove) the reason at a field."""
        targets = {
            "title": (self.title_error, self.title_edit),
            "starts_at": (self.end_error, self.end_edit),
            "ends_at": (self.end_error, self.end_edit),
            "link": (self.link_error, self.link_edit),
        }
        label, widget = targets.get(field, (self.general_error, None))
        label.setText(message)
        label.setVisible(bool(message))
        if widget is not None:
            set_invalid(widget, bool(message))

    def save(self) -> None:
        """«Lagre»: store the (new or changed) event, or show what must be fixed first."""
        for field in ("title", "ends_at", "link", "general"):
            self._mark(field, "")
        data = self.data()
        if data.link and not data.link.lower().startswith(("https://", "http://")):
            self._mark("link", "Lenken må være en nettadresse som begynner med https://.")
            self.link_edit.setFocus()
            return
        try:
            if self.event_id is None:
                self.created_id = self.events.create(data)
            else:
                self.events.update(self.event_id, data, self.before)
        except ValidationError as exc:
            self._mark(exc.field or "general", str(exc))
            if exc.field == "title":
                self.title_edit.setFocus()
            return
        except KontaktError as exc:
            self._mark("general", str(exc))
            return
        self.accept()
