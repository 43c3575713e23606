"""«Arrangementer»: the year's events against the plan's goal, invitations and attendance.

At the top: the year and how it stands against the goal of at least three
events a year (events whose start has passed count as held). In the middle:
the year's events with how many are invited, have answered and came. Below:
the chosen event's participants, whose answers are recorded with buttons.
«Endre …» (or a double click) opens the event's form; «Slett …» (or Delete)
asks first, saying what goes and what stays. «Inviter …» opens the composer
with an invitation written out (the service attaches the calendar file);
«Importer deltakerliste …» reads a Teams or Zoom report and marks those who
came; «Oppfølging» writes to those who came, or said yes and did not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kontakt.errors import KontaktError
from kontakt.services.outreach.event_mail import EventMail
from kontakt.services.outreach.events import AttendanceResult, EventService, EventSummary
from kontakt.ui.dialogs.composer import ComposerDialog, ComposerServices
from kontakt.ui.dialogs.event_actions import (
    cancellation_composer,
    events_folder,
    follow_up_button,
    follow_up_composer,
    invitation_composer,
    save_calendar_file,
)
from kontakt.ui.dialogs.event_changes import confirm_deletion, saved_notice
from kontakt.ui.dialogs.event_form import EventFormDialog
from kontakt.ui.dialogs.event_texts import (
    GOAL_TIP,
    details_html,
    goal,
    goal_html,
    import_text,
    local_year,
)
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.ui_state import Folder, remember_folder
from kontakt.ui.widgets.event_table import EventTable
from kontakt.ui.widgets.form import error_label
from kontakt.ui.widgets.participant_panel import ParticipantPanel
from kontakt.ui.widgets.reminder_time import ReminderTime

ATTENDANCE_FILES = (
    "Deltakerlister fra Teams eller Zoom (*.csv *.tsv *.txt *.xlsx *.xls);;Alle filer (*)"
)


class EventsDialog(QDialog):
    """The events of a year, their participants and attendance.

    Args:
        events: The events, their participants, invitations and calendar files.
        composing: Writing and sending the invitations.
        parent: Parent widget.
        event_mail: The follow-ups (without it «Oppfølging» is not offered).

    Attributes:
        form: The last event form opened, new or changed (kept for tests).
        composer: The last invitation composer opened.
        last_import: What the last attendance report did.
    """

    def __init__(
        self,
        events: EventService,
        composing: ComposerServices,
        parent: QWidget | None = None,
        event_mail: EventMail | None = None,
    ) -> None:
        super().__init__(parent)
        self.events = events
        self.composing = composing
        self.event_mail = event_mail
        self.form: EventFormDialog | None = None
        self.composer: ComposerDialog | None = None
        self.last_import: AttendanceResult | None = None
        self._summaries: list[EventSummary] = []
        self.setWindowTitle("Arrangementer")
        self.setSizeGripEnabled(True)
        fit_to_screen(self, 900, 720)

        this_year = dt.date.today().year
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, this_year + 10)
        self.year_box.setValue(this_year)
        self.year_box.valueChanged.connect(lambda _year: self.refresh())
        self.goal_label = QLabel()
        self.goal_label.setTextFormat(Qt.TextFormat.RichText)
        self.goal_label.setWordWrap(True)
        self.new_button = self._button("&Nytt arrangement …", self.new_event)
        self.edit_button = self._button("&Endre …", self.edit_event)
        self.edit_button.setToolTip("Endre tittel, tid, lenke, sted eller beskrivelse")
        self.delete_button = self._button("&Slett …", self.delete_event)
        self.delete_button.setToolTip("Slett arrangementet (du får spørsmål først)")
        top = QHBoxLayout()
        top.addWidget(QLabel("År:"))
        top.addWidget(self.year_box)
        top.addSpacing(16)
        top.addWidget(self.goal_label, 1)
        self.reminder_time = ReminderTime(event_mail) if event_mail is not None else None
        if self.reminder_time is not None:
            top.addWidget(self.reminder_time)
        for button in (self.new_button, self.edit_button, self.delete_button):
            top.addWidget(button)

        self.table = EventTable()
        self.table.itemSelectionChanged.connect(self._event_chosen)
        self.table.edit_requested.connect(self.edit_event)
        self.table.delete_requested.connect(self.delete_event)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.invite_button = self._button("Inviter …", self.invite)
        self.import_button = self._button("Importer deltakerliste …", self.import_attendance)
        self.import_button.setToolTip(
            "Les deltakerrapporten fra Teams eller Zoom (.csv eller .xlsx) og merk dem som var med"
        )
        self.invite_button.setToolTip("Skriv invitasjonen; kalenderfila legges ved")
        self.ics_button = self._button("Last ned kalenderfil (.ics)", self.save_ics)
        self.follow_up_button = follow_up_button(self.follow_up, self)
        self.follow_up_button.setVisible(event_mail is not None)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        actions = QHBoxLayout()
        for button in (
            self.invite_button, self.import_button, self.follow_up_button, self.ics_button
        ):  # fmt: skip
            actions.addWidget(button)
        actions.addWidget(self.notice, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        # Room for a year's usual four or five events without scrolling.
        rows = 5 * self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(rows + self.table.horizontalHeader().sizeHint().height() + 4)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.details)
        upper_layout.addLayout(actions)

        self.participants = ParticipantPanel(events)
        self.participants.changed.connect(self.refresh)
        self.import_label = QLabel()
        self.import_label.setWordWrap(True)
        self.unmatched_list = QListWidget()
        self.unmatched_list.setMaximumHeight(110)
        self.unmatched_list.setVisible(False)
        self.error = error_label()
        group = QGroupBox("Deltakere")
        group_layout = QVBoxLayout(group)
        group_layout.addWidget(self.participants, 1)
        group_layout.addWidget(self.import_label)
        group_layout.addWidget(self.unmatched_list)
        self.participant_group = group

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(group)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([320, 400])

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("Lukk", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.refresh()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- the year and its events ---------------------------------------------------------

    @property
    def year(self) -> int:
        """The year shown."""
        return self.year_box.value()

    def refresh(self, select: int | None = None) -> None:
        """Read the year's events and counts again; keep (or move to) the chosen event."""
        keep = select if select is not None else self.event_id()
        try:
            everything = self.events.events()
        except KontaktError as exc:
            self.show_error(str(exc))
            return
        # By the local date (the service's year is the UTC year, off on New Year's Eve).
        self._summaries = [s for s in everything if local_year(s.data.starts_at) == self.year]
        self._show_goal()
        self.table.show_events(self._summaries, keep)
        self._event_chosen()

    def _show_goal(self) -> None:
        self.goal_label.setText(goal_html(goal(self._summaries, self.year)))
        self.goal_label.setToolTip(GOAL_TIP)

    def event_id(self) -> int | None:
        """The chosen event's number."""
        return self.table.event_id()

    def chosen(self) -> EventSummary | None:
        """The chosen event."""
        wanted = self.event_id()
        return next((s for s in self._summaries if s.id == wanted), None)

    def _event_chosen(self) -> None:
        summary = self.chosen()
        for button in (
            self.edit_button,
            self.delete_button,
            self.invite_button,
            self.import_button,
            self.follow_up_button,
            self.ics_button,
        ):
            button.setEnabled(summary is not None)
        if summary is None:
            self.details.setText(
                f"Ingen arrangementer i {self.year} ennå. Trykk «Nytt arrangement …»."
                if not self._summaries
                else ""
            )
        else:
            self.details.setText(details_html(summary.data))
        if self.participants.event_id != (summary.id if summary else None):
            self._clear_import()
        self.participants.set_event(summary.id if summary else None)
        title = summary.data.title if summary else ""
        self.participant_group.setTitle(f"Deltakere: {title}" if title else "Deltakere")

    # -- new event -----------------------------------------------------------------------

    def new_event(self) -> None:
        """«Nytt arrangement …»: the form; the new event is shown when it is saved."""
        self.form = EventFormDialog(self.events, self.year, self)
        self.form.accepted.connect(self._created)
        self.form.open()

    def _created(self) -> None:
        if self.form is None or self.form.created_id is None:
            return
        self._show_event(self.form.created_id)

    def _show_event(self, event_id: int) -> None:
        """Turn to the event's year and choose it."""
        year = local_year(self.events.summary(event_id).data.starts_at)
        self.year_box.blockSignals(True)
        self.year_box.setValue(year)
        self.year_box.blockSignals(False)
        self.refresh(select=event_id)

    # -- change and delete ----------------------------------------------------------------

    def edit_event(self) -> None:
        """«Endre …»: the chosen event's form, filled in; the list follows what is saved."""
        event_id = self.event_id()
        if event_id is None:
            return
        try:
            self.form = EventFormDialog(self.events, self.year, self, event_id=event_id)
        except KontaktError as exc:  # deleted from another window meanwhile
            self.refresh()
            self.show_error(str(exc))
            return
        self.form.accepted.connect(self._edited)
        self.form.open()

    def _edited(self) -> None:
        form = self.form
        if form is None or form.event_id is None or form.before is None:
            return
        try:
            after = self.events.summary(form.event_id).data
            invited = self.events.traces(form.event_id).invited
        except KontaktError as exc:
            self.refresh()
            self.show_error(str(exc))
            return
        self._show_event(form.event_id)
        self.notice.setText(saved_notice(form.before, after, invited))

    def delete_event(self) -> None:
        """«Slett …»: after asking (naming what goes and what stays), delete the event."""
        summary = self.chosen()
        if summary is None:
            return
        try:
            traces = self.events.traces(summary.id)
        except KontaktError as exc:
            self.refresh()
            self.show_error(str(exc))
            return
        if not confirm_deletion(self, summary, traces):
            return
        if self.event_mail is not None:  # tell the invited first, if the secretary wants
            notice = cancellation_composer(self.event_mail, self.composing, summary, self)
            if not isinstance(notice, bool):
                self.composer = notice
                notice.exec()
                self.refresh()
                return
            if not notice:
                return
        try:
            title = self.events.delete(summary.id)
        except KontaktError as exc:
            self.refresh()
            self.show_error(str(exc))
            return
        self.refresh()
        self.notice.setText(f"«{title}» er slettet.")
        self.table.setFocus()

    # -- invitation, attendance, calendar file --------------------------------------------

    def invite(self) -> None:
        """«Inviter …»: the composer with the invitation written; counts follow afterwards."""
        summary = self.chosen()
        if summary is None:
            return
        self.composer = invitation_composer(self.events, self.composing, summary, self)
        self.composer.exec()
        self.refresh()

    def follow_up(self, attended: bool) -> None:
        """«Oppfølging»: the composer with those who came (or said yes and did not) chosen."""
        summary = self.chosen()
        if summary is None or self.event_mail is None:
            return
        self.composer = follow_up_composer(self.event_mail, self.composing, summary, attended, self)
        self.composer.exec()
        self.refresh()

    def import_attendance(self) -> None:
        """«Importer deltakerliste …»: mark who came from a Teams or Zoom report."""
        event_id = self.event_id()
        if event_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, "Importer deltakerliste", events_folder(), ATTENDANCE_FILES
        )
        if not name:
            return
        path = Path(name)
        self._clear_import()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.events.import_attendance(event_id, path)
        except KontaktError as exc:
            self.show_error(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        remember_folder(Folder.EVENTS, path.parent)
        self.last_import = result
        self.show_import(path.name, result)
        self.refresh()

    def show_import(self, filename: str, result: AttendanceResult) -> None:
        """Say how many were marked and list those nobody in Kontakt matches."""
        text = import_text(filename, result)
        self.import_label.setText(text)
        self.import_label.setVisible(True)
        self.unmatched_list.clear()
        for person in result.unmatched:
            email = person.email or "ingen e-post i lista"
            self.unmatched_list.addItem(f"{person.name or '(uten navn)'} – {email}")
        self.unmatched_list.setVisible(bool(result.unmatched))

    def _clear_import(self) -> None:
        self.show_error("")
        self.notice.clear()
        self.import_label.clear()
        self.import_label.setVisible(False)
        self.unmatched_list.clear()
        self.unmatched_list.setVisible(False)

    def save_ics(self) -> None:
        """«Last ned kalenderfil (.ics)»: the event as a calendar file."""
        summary = self.chosen()
        if summary is None:
            return
        try:
            path = save_calendar_file(self.events, summary, self)
        except KontaktError as exc:
            self.show_error(str(exc))
            return
        if path is not None:
            self.show_error("")
            self.notice.setText(f"Lagret: {path}")

    def show_error(self, message: str) -> None:
        """A red line above «Lukk» (an empty message hides it)."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
