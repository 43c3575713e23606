"""The window's follow-up actions: «Vis → Oppfølging …», «Legg til oppfølging …», undo.

Every change goes through :class:`~kontakt.services.followups.FollowUpService`
and puts its revert on the window's undo stack (Ctrl+Z), and the panel and
the reminder are read again after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kontakt.domain.follow_ups import FollowUpQuery, FollowUpRow
from kontakt.domain.records import ContactRow
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.services.followups import FollowUpService
from kontakt.ui.followups.editor import FollowUpEditor
from kontakt.ui.followups.panel import FollowUpPanel
from kontakt.ui.followups.reminder import FollowUpReminder
from kontakt.ui.undo_stack import UndoStack


class FollowUpActions(QObject):
    """Opens the list, adds follow-ups for the chosen contacts, and undoes changes.

    Args:
        followups: The follow-up service.
        window: The main window (parent of the dialogs).
        selected: The contacts chosen in the table.
        undo_stack: The window's undo history.
        show_status: Shows a line in the status bar.
        open_contact: Opens a contact (by uid) in the editor.
        painted: The widget whose first paint lets the reminder count.
        today: The date (tests turn the day).

    Attributes:
        open_action: «Oppfølging …» (the «Vis» menu).
        add_action: «Legg til oppfølging …» (the row menu).
        reminder: The status bar's reminder.
        panel: The list, once opened.
    """

    def __init__(
        self,
        followups: FollowUpService,
        window: QWidget,
        selected: Callable[[], list[ContactRow]],
        undo_stack: UndoStack,
        show_status: Callable[[str], None],
        open_contact: Callable[[str], object],
        painted: QWidget,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self._followups = followups
        self._window = window
        self._selected = selected
        self._undo = undo_stack
        self._show_status = show_status
        self._open_contact = open_contact
        self.today = today
        self.panel: FollowUpPanel | None = None
        self.open_action = QAction("Oppfølging …", window)
        self.open_action.setToolTip("Hvem som skal følges opp, og når")
        self.open_action.triggered.connect(self.open_list)
        self.add_action = QAction("Legg til oppfølging …", window)
        self.add_action.setToolTip("Én oppfølging for hver valgt kontakt")
        self.add_action.triggered.connect(self.add_for_selected)
        self.reminder = FollowUpReminder(
            followups, self.open_list, show_status, today, window, painted
        )

    # -- reading -------------------------------------------------------------------

    def rows(self, include_done: bool) -> list[FollowUpRow]:
        """The list the panel shows."""
        return self._followups.list(FollowUpQuery(include_done=include_done))

    def open_list(self) -> FollowUpPanel:
        """Show «Oppfølging» (one panel, brought to the front)."""
        if self.panel is None:
            self.panel = FollowUpPanel(self, self._window)
        else:
            self.panel.refresh()
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        return self.panel

    def open_contact(self, uid: str) -> None:
        """Open the person in the contact editor."""
        self._open_contact(uid)

    def _changed(self) -> None:
        if self.panel is not None and self.panel.isVisible():
            self.panel.refresh()
        self.reminder.refresh()

    def _push(self, description: str, revert: Callable[[], object]) -> None:
        """Record a change on the undo stack; the list is read again after either."""

        def undo() -> None:
            try:
                revert()
            finally:
                self._changed()

        self._undo.push(description, undo)
        self._changed()

    # -- changing ------------------------------------------------------------------

    def added_elsewhere(self, description: str, revert: Callable[[], object]) -> None:
        """Follow-ups added by another dialog (the overview's gaps): undoable here too."""
        self._push(description, revert)
        self._show_status(description.replace("Legg til", "La til") + ".")

    def add_for_selected(self) -> list[int]:
        """«Legg til oppfølging …»: the same follow-up for each chosen contact."""
        people = self._selected()
        if not people:
            self._show_status("Velg en eller flere kontakter i tabellen først.")
            return []
        who = people[0].given_name + " " + people[0].family_name
        if len(people) > 1:
            who = plural(len(people), "kontakt", "kontakter")
        editor = FollowUpEditor(who.strip(), parent=self._window)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return []
        what, due, note = editor.values()
        try:
            ids = self._followups.add_many([p.uid for p in people], what, due, note)
        except KontaktError as exc:
            self._warn(exc)
            return []
        self._push(
            f"Legg til {plural(len(ids), 'oppfølging', 'oppfølginger')}",
            lambda: self._followups.delete(ids, missing_ok=True),
        )
        self._show_status(f"La til {plural(len(ids), 'oppfølging', 'oppfølginger')}.")
        return ids

    def set_done(self, rows: Sequence[FollowUpRow], done: bool) -> None:
        """Tick the follow-ups off (or open them again); undone in one go."""
        if not rows:
            return
        try:
            before = [
                (self._followups.done if done else self._followups.reopen)(r.id) for r in rows
            ]
        except KontaktError as exc:
            self._warn(exc)
            self._changed()
            return
        what = plural(len(rows), "oppfølging", "oppfølginger")
        self._push(
            f"Merk {what} som {'ferdig' if done else 'åpen'}",
            lambda: self._followups.restore(before),
        )
        self._show_status(f"{what} merket som {'ferdig' if done else 'åpen'}.")

    def edit(self, row: FollowUpRow, parent: QWidget) -> None:
        """Change what, when and the note of one follow-up."""
        editor = FollowUpEditor(row.name, row.what, row.due, row.note, parent)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return
        what, due, note = editor.values()
        try:
            before = self._followups.edit(row.id, what, due, note)
        except KontaktError as exc:
            self._warn(exc)
            self._changed()
            return
        self._push("Endre oppfølging", lambda: self._followups.restore([before]))

    def delete(self, rows: Sequence[FollowUpRow]) -> None:
        """Delete the follow-ups (Ctrl+Z brings them back)."""
        if not rows:
            return
        try:
            before = self._followups.delete([r.id for r in rows])
        except KontaktError as exc:
            self._warn(exc)
            self._changed()
            return
        what = plural(len(rows), "oppfølging", "oppfølginger")
        self._push(f"Slett {what}", lambda: self._followups.restore(before))
        self._show_status(f"Slettet {what}. Ctrl+Z angrer.")

    def _warn(self, exc: KontaktError) -> None:
        QMessageBox.warning(self._window, "Oppfølging", str(exc))

    def stop(self) -> None:
        """The window is closing: no more counting."""
        self.reminder.stop()
