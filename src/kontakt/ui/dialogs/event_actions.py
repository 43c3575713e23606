"""What the events dialog's mail and file buttons open.

«Inviter …» opens the composer with the invitation written (the service
makes each message a meeting request); «Oppfølging …» opens it with those
who came, or those who said yes and did not come, as the recipients, the
mailing tied to the event; deleting a coming event offers to send its
cancellation first (METHOD:CANCEL); «Last ned kalenderfil» saves the event as a
plain .ics to add to a calendar (METHOD:PUBLISH).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from kontakt.domain.records import ContactFilter
from kontakt.domain.wording import plural
from kontakt.io.files import write_bytes_atomically
from kontakt.services.outreach.event_letters import cancelled
from kontakt.services.outreach.event_mail import NOT_DECLINED, EventMail
from kontakt.services.outreach.events import EventService, EventSummary
from kontakt.services.outreach.message import MailDraft
from kontakt.ui.dialogs.composer import ComposerDialog, ComposerServices
from kontakt.ui.dialogs.event_texts import invitation
from kontakt.ui.dialogs.export_dialog import file_stem
from kontakt.ui.ui_state import Folder, last_folder, remember_folder

FOLLOW_UP_TITLES = {
    True: "Oppfølging: de som deltok",
    False: "Oppfølging: de som meldte seg på, men ikke kom",
}


def invitation_composer(
    events: EventService, composing: ComposerServices, summary: EventSummary, parent: QWidget
) -> ComposerDialog:
    """The composer for the event's invitation (the scope is chosen in it)."""
    event_id = summary.id
    return ComposerDialog(
        composing, [], ContactFilter(), "", parent, title="Invitasjon",
        store=lambda draft, sender, plan, _scope: events.invite(event_id, draft, sender, plan),
        draft=MailDraft(*invitation(summary.data)),
    )  # fmt: skip


def follow_up_composer(
    event_mail: EventMail,
    composing: ComposerServices,
    summary: EventSummary,
    attended: bool,
    parent: QWidget,
) -> ComposerDialog:
    """The composer for a follow-up: those who came (``attended``), or who said yes and
    did not come, chosen as the recipients; the mailing is tied to the event."""
    event_id = summary.id
    plan = event_mail.follow_up_plan(event_id, attended)
    uids = [r.uid for r in plan.recipients] + [left.uid for left in plan.left_out]
    return ComposerDialog(
        composing, uids, ContactFilter(), "", parent, title=FOLLOW_UP_TITLES[attended],
        store=lambda draft, sender, chosen, _scope: event_mail.follow_up_to(
            event_id, draft, sender, chosen, attended
        ),
        draft=MailDraft(f"Takk for sist: {summary.data.title}" if attended else
                        f"Vi savnet deg: {summary.data.title}", "Hei {fornavn}!\n\n"),
    )  # fmt: skip


def cancellation_composer(
    event_mail: EventMail, composing: ComposerServices, summary: EventSummary, parent: QWidget
) -> ComposerDialog | bool:
    """Before deleting a coming event people were invited to: offer to tell them.

    Returns:
        The composer for the cancellation (sending it deletes the event) when the
        secretary wants one; True to delete without telling anyone (nobody to
        tell, the event is over, or «Nei»); False to keep the event («Avbryt»).
    """
    if summary.data.starts_at <= dt.datetime.now(dt.UTC):
        return True
    plan = event_mail.audience(summary.id, NOT_DECLINED)
    if not plan.recipients:
        return True
    answer = QMessageBox.question(
        parent,
        "Avlys arrangementet",
        f"Sende avlysning til {plural(len(plan.recipients), 'person', 'personer')} som er "
        "invitert og ikke har takket nei? Kalenderne deres fjerner da avtalen.",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return answer == QMessageBox.StandardButton.No
    event_id = summary.id
    return ComposerDialog(
        composing, [r.uid for r in plan.recipients], ContactFilter(), "", parent,
        title="Avlysning",
        store=lambda draft, sender, chosen, _scope: event_mail.cancel_to(
            event_id, draft, sender, chosen
        ),
        draft=MailDraft(*cancelled(summary.data)),
    )  # fmt: skip


def follow_up_button(follow_up: Callable[[bool], None], parent: QWidget) -> QPushButton:
    """«Oppfølging» with its menu: ``follow_up(True)`` for those who came, ``(False)`` for
    those who said yes and did not come."""
    button = QPushButton("Oppfølging", parent)
    button.setAutoDefault(False)
    button.setToolTip("Send e-post til dem som deltok, eller som meldte seg på men ikke kom")
    menu = QMenu(button)
    menu.addAction("Til de som deltok …", lambda: follow_up(True))
    menu.addAction("Til de som meldte seg på, men ikke kom …", lambda: follow_up(False))
    button.setMenu(menu)
    return button


def events_folder() -> str:
    """Where the events dialog's files are saved and read from first."""
    downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    return str(last_folder(Folder.EVENTS, Path(downloads) if downloads else Path.home()))


def save_calendar_file(events: EventService, summary: EventSummary, parent: QWidget) -> Path | None:
    """Ask where, and save the event as an .ics file; None when the user cancelled.

    Raises:
        KontaktError: The file could not be written.
    """
    suggested = str(Path(events_folder()) / f"{file_stem(summary.data.title)}.ics")
    name, _ = QFileDialog.getSaveFileName(
        parent, "Lagre kalenderfil", suggested, "Kalenderfil (*.ics)"
    )
    if not name:
        return None
    path = Path(name) if name.lower().endswith(".ics") else Path(name + ".ics")
    write_bytes_atomically(path, events.ics(summary.id))
    remember_folder(Folder.EVENTS, path.parent)
    return path
