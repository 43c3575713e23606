"""«Arrangementer»: the year's events against the plan's goal, invitations and attendance.

At the top: the year and how it stands against the goal of at least three
events a year (events whose start has passed count as held). In the middle:
the year's events with how many are invited, have answered and came. Below:
the chosen event's participants, whose answers are recorded with buttons.
«Inviter …» opens the composer with an invitation written out (the service
attaches the calendar file); «Importer deltakerliste …» reads a Teams or Zoom
report and marks those who came.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.errors import KontaktError
from kontakt.services.outreach.events import AttendanceResult, EventSummary, ParticipantStatus
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.event_form import EventFormDialog
from kontakt.ui.dialogs.event_texts import goal, invitation, local_year, span_text, when_text
from kontakt.ui.dialogs.export_dialog import file_stem
from kontakt.ui.widgets.form import ERROR_COLOUR, error_label
from kontakt.ui.widgets.participant_panel import ParticipantPanel
from kontakt.ui.widgets.task_panel import plural

GOAL_MET_COLOUR = "#1b6e20"
COLUMNS = ("Tidspunkt", "Tittel", "Invitert", "Takket ja", "Takket nei", "Deltok")
COUNTED = (ParticipantStatus.ACCEPTED, ParticipantStatus.DECLINED, ParticipantStatus.ATTENDED)
ATTENDANCE_FILES = (
    "Deltakerlister fra Teams eller Zoom (*.csv *.tsv *.txt *.xlsx *.xls);;Alle filer (*)"
)
FOLDER_KEY = "events/folder"
MARKED_NAMES = 8  # names listed after an import; the rest are counted


class EventsDialog(QDialog):
    """The events of a year, their participants and attendance.

    Args:
        core: The services.
        parent: Parent widget.

    Attributes:
        form: The last «Nytt arrangement» form opened (kept for tests).
        composer: The last invitation composer opened.
        last_import: What the last attendance report did.
    """

    def __init__(self, core: Core, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.core = core
        self.form: EventFormDialog | None = None
        self.composer: ComposerDialog | None = None
        self.last_import: AttendanceResult | None = None
        self._summaries: list[EventSummary] = []
        self.setWindowTitle("Arrangementer")
        self.setSizeGripEnabled(True)
        self.resize(900, 720)

        this_year = dt.date.today().year
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, this_year + 10)
        self.year_box.setValue(this_year)
        self.year_box.valueChanged.connect(lambda _year: self.refresh())
        self.goal_label = QLabel()
        self.goal_label.setTextFormat(Qt.TextFormat.RichText)
        self.goal_label.setWordWrap(True)
        self.new_button = QPushButton("Nytt arrangement …")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_event)
        top = QHBoxLayout()
        top.addWidget(QLabel("År:"))
        top.addWidget(self.year_box)
        top.addSpacing(16)
        top.addWidget(self.goal_label, 1)
        top.addWidget(self.new_button)

        self.table = self._events_table()
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
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        actions = QHBoxLayout()
        for button in (self.invite_button, self.import_button, self.ics_button):
            actions.addWidget(button)
        actions.addWidget(self.notice, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.details)
        upper_layout.addLayout(actions)

        self.participants = ParticipantPanel(core.events)
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
        splitter.setSizes([240, 480])

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

    def _events_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setHorizontalHeaderLabels(list(COLUMNS))
        tip = "Alle på deltakerlista: inviterte, de som har svart og de som var med"
        header_item = table.horizontalHeaderItem(2)
        if header_item is not None:
            header_item.setToolTip(tip)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        for column in range(len(COLUMNS)):
            mode = QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(self._event_chosen)
        return table

    # -- the year and its events ---------------------------------------------------------

    @property
    def year(self) -> int:
        """The year shown."""
        return self.year_box.value()

    def refresh(self, select: int | None = None) -> None:
        """Read the year's events and counts again; keep (or move to) the chosen event."""
        keep = select if select is not None else self.event_id()
        try:
            everything = self.core.events.events()
        except KontaktError as exc:
            self.show_error(str(exc))
            return
        # By the local date (the service's year is the UTC year, off on New Year's Eve).
        self._summaries = [s for s in everything if local_year(s.data.starts_at) == self.year]
        self._show_goal()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._summaries))
        now = dt.datetime.now(dt.UTC)
        chosen_row = -1
        for row, summary in enumerate(self._summaries):
            total = sum(summary.counts.values())
            cells = [
                when_text(summary.data.starts_at),
                summary.data.title,
                str(total),
                *(str(summary.count(s)) for s in COUNTED),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if summary.data.starts_at <= now:
                    item.setToolTip("Holdt")
                self.table.setItem(row, column, item)
            first = self.table.item(row, 0)
            if first is not None:
                first.setData(Qt.ItemDataRole.UserRole, summary.id)
            if summary.id == keep:
                chosen_row = row
        if chosen_row < 0 and self._summaries:
            chosen_row = self._next_row(now)
        self.table.clearSelection()
        if chosen_row >= 0:
            self.table.selectRow(chosen_row)
        self.table.blockSignals(False)
        self._event_chosen()

    def _next_row(self, now: dt.datetime) -> int:
        """The row of the next event to come, else the last one held."""
        for row, summary in enumerate(self._summaries):
            if summary.data.starts_at > now:
                return row
        return len(self._summaries) - 1

    def _show_goal(self) -> None:
        status = goal(self._summaries, self.year)
        colour = GOAL_MET_COLOUR if status.met else ERROR_COLOUR
        mark = "✔" if status.met else "⚠"
        self.goal_label.setText(
            f"<b>{html.escape(status.text)}</b><br>"
            f'<span style="color:{colour}">{mark} {html.escape(status.remark)}</span>'
        )
        self.goal_label.setToolTip(
            "Planen sier minst tre digitale arrangementer i året. "
            "Et arrangement telles som holdt når starttidspunktet er passert."
        )

    def event_id(self) -> int | None:
        """The chosen event's number."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def chosen(self) -> EventSummary | None:
        """The chosen event."""
        wanted = self.event_id()
        return next((s for s in self._summaries if s.id == wanted), None)

    def _event_chosen(self) -> None:
        summary = self.chosen()
        for button in (self.invite_button, self.import_button, self.ics_button):
            button.setEnabled(summary is not None)
        if summary is None:
            self.details.setText(
                f"Ingen arrangementer i {self.year} ennå. Trykk «Nytt arrangement …»."
                if not self._summaries
                else ""
            )
        else:
            self.details.setText(self._details(summary))
        if self.participants.event_id != (summary.id if summary else None):
            self._clear_import()
        self.participants.set_event(summary.id if summary else None)
        title = summary.data.title if summary else ""
        self.participant_group.setTitle(f"Deltakere: {title}" if title else "Deltakere")

    @staticmethod
    def _details(summary: EventSummary) -> str:
        d = summary.data
        parts = [f"<b>{html.escape(span_text(d.starts_at, d.ends_at))}</b>"]
        if d.link:
            link = html.escape(d.link, quote=True)
            parts.append(f'Lenke: <a href="{link}">{link}</a>')
        if d.place:
            parts.append(f"Sted: {html.escape(d.place)}")
        text = " · ".join(parts)
        if d.description:
            text += "<br>" + html.escape(d.description).replace("\n", "<br>")
        return text

    # -- new event -----------------------------------------------------------------------

    def new_event(self) -> None:
        """«Nytt arrangement …»: the form; the new event is shown when it is saved."""
        self.form = EventFormDialog(self.core.events, self.year, self)
        self.form.accepted.connect(self._created)
        self.form.open()

    def _created(self) -> None:
        if self.form is None or self.form.created_id is None:
            return
        event_id = self.form.created_id
        year = local_year(self.core.events.summary(event_id).data.starts_at)
        self.year_box.blockSignals(True)
        self.year_box.setValue(year)
        self.year_box.blockSignals(False)
        self.refresh(select=event_id)

    # -- invitation, attendance, calendar file --------------------------------------------

    def invite(self) -> None:
        """«Inviter …»: the composer with the invitation written; counts follow afterwards."""
        summary = self.chosen()
        if summary is None:
            return
        subject, body = invitation(summary.data)
        self.composer = ComposerDialog(
            self.core, [], ContactFilter(), "", self, event_id=summary.id
        )
        self.composer.subject.setText(subject)
        self.composer.body.setPlainText(body)
        self.composer.exec()
        self.refresh()

    def _folder(self) -> str:
        remembered = QSettings().value(FOLDER_KEY)
        if isinstance(remembered, str) and Path(remembered).is_dir():
            return remembered
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)

    def import_attendance(self) -> None:
        """«Importer deltakerliste …»: mark who came from a Teams or Zoom report."""
        event_id = self.event_id()
        if event_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, "Importer deltakerliste", self._folder(), ATTENDANCE_FILES
        )
        if not name:
            return
        path = Path(name)
        self._clear_import()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.core.events.import_attendance(event_id, path)
        except KontaktError as exc:
            self.show_error(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        QSettings().setValue(FOLDER_KEY, str(path.parent))
        self.last_import = result
        self.show_import(path.name, result)
        self.refresh()

    def show_import(self, filename: str, result: AttendanceResult) -> None:
        """Say how many were marked and list those nobody in Kontakt matches."""
        if result.marked:
            marked = plural(len(result.marked), "person", "personer")
            names = ", ".join(result.marked[:MARKED_NAMES])
            if len(result.marked) > MARKED_NAMES:
                names += f" og {len(result.marked) - MARKED_NAMES} til"
            text = f"{filename}: {marked} er merket som deltatt ({names})."
        else:
            text = f"{filename}: ingen nye å merke som deltatt."
        if result.unmatched:
            text += (
                f" {plural(len(result.unmatched), 'deltaker', 'deltakere')} fant vi ikke i "
                "Kontakt (verken e-post eller fullt navn passet):"
            )
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
        suggested = str(Path(self._folder()) / f"{file_stem(summary.data.title)}.ics")
        name, _ = QFileDialog.getSaveFileName(
            self, "Lagre kalenderfil", suggested, "Kalenderfil (*.ics)"
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".ics") else Path(name + ".ics")
        try:
            path.write_bytes(self.core.events.ics(summary.id))
        except OSError as exc:
            self.show_error(f"Kunne ikke lagre {path}: {exc.strerror or exc}")
            return
        except KontaktError as exc:
            self.show_error(str(exc))
            return
        QSettings().setValue(FOLDER_KEY, str(path.parent))
        self.show_error("")
        self.notice.setText(f"Lagret: {path}")

    def show_error(self, message: str) -> None:
        """A red line above «Lukk» (an empty message hides it)."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
