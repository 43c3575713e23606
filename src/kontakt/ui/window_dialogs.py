"""The windows the main window's menus open, each handed only the services it uses.

This is where the main window's core is taken apart: the import wizard gets
the import service, the composer the mailings, the catalog and the outbox,
and so on. No dialog sees the whole core. The dialogs are imported when first
opened, so that they cost nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from kontakt.errors import KontaktError
from kontakt.ui.about import about_html
from kontakt.ui.privacy_actions import Erasure

if TYPE_CHECKING:
    from kontakt.app import Core
    from kontakt.services.outreach.imap import ImapSettings
    from kontakt.ui.archive_action import ArchiveAction
    from kontakt.ui.dialogs.composer import ComposerServices
    from kontakt.ui.dialogs.document_dialog import DocumentServices
    from kontakt.ui.main_window import MainWindow


def composer_services(core: Core) -> ComposerServices:
    """What writing and sending e-mail takes (the composer, invitations, documents)."""
    from kontakt.ui.dialogs.composer import ComposerServices

    return ComposerServices(core.mailings, core.catalog, core.outbox, core.inbox)


def document_services(core: Core) -> DocumentServices:
    """What the idea bank and a document's page take."""
    from kontakt.ui.dialogs.document_dialog import DocumentServices

    c = core
    return DocumentServices(
        c.ideabank, c.catalog, c.geography, c.search, composer_services(c), c.document_uses
    )


def erasure_of(core: Core) -> Erasure:
    """Erasing people for good (the row menu and «Gjennomgang»)."""
    return Erasure(core.privacy.erase, core.backups)  # the erasure also prunes old backups


class WindowDialogs:
    """Opens the main window's other windows.

    Args:
        window: The main window: its core, selection and filter; it reloads
            after a dialog changed contacts.

    Attributes:
        erasure: Erasing people for good, shared by the row menu and «Gjennomgang».
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.core = core = window.core
        self.erasure = erasure_of(core)
        self.archive_action: ArchiveAction | None = None

    def open_import(self) -> None:
        """Open the import wizard; the window reloads once contacts are imported or undone."""
        from kontakt.ui.import_wizard import ImportWizard

        c = self.core
        wizard = ImportWizard(c.imports, c.catalog, c.geography, c.backups.take, self.window)
        wizard.changed.connect(self.window.reload)
        wizard.exec()

    def open_export(self) -> None:
        """Open the export dialog for the selection or the current filter."""
        from kontakt.ui.dialogs.export_dialog import ExportDialog

        scope = self.window.scope_args()
        ExportDialog(self.core.exports, self.core.catalog, *scope, self.window).exec()

    def open_composer(self) -> None:
        """Write an e-mail to the selection or the current filter."""
        from kontakt.ui.dialogs.composer import ComposerDialog

        ComposerDialog(composer_services(self.core), *self.window.scope_args(), self.window).exec()

    def open_newsletter(self) -> None:
        """«Nytt nyhetsbrev …»: a Markdown newsletter to the selection or the current filter."""
        from kontakt.ui.dialogs.newsletter_dialog import NewsletterDialog, NewsletterServices

        c = self.core
        news = NewsletterServices(c.newsletters, c.newsletter_sections)
        dialog = NewsletterDialog(
            composer_services(c), news, *self.window.scope_args(), self.window
        )
        dialog.archive_requested.connect(self.refresh_archive)
        dialog.exec()

    def open_ideabank(self) -> None:
        """The idea bank; «Send til …» there offers the selection and the current filter."""
        from kontakt.ui.dialogs.ideabank_dialog import IdeaBankDialog

        IdeaBankDialog(document_services(self.core), self.window.scope_args(), self.window).exec()

    def open_mailings(self) -> None:
        """The mailings, to resume or settle them."""
        from kontakt.ui.dialogs.mailings_dialog import MailingsDialog

        c = self.core
        MailingsDialog(c.mailings, c.outbox, c.inbox, c.mailing_reports, self.window).exec()

    def refresh_archive(self) -> None:
        """«Oppdater nyhetsarkivet …»: the open archive written to a folder, in the background."""
        from kontakt.ui.archive_action import ArchiveAction

        if self.archive_action is None:
            self.archive_action = ArchiveAction(self.core.archive, self.window)
        self.archive_action.run()

    def open_events(self) -> None:
        """Events, invitations and attendance."""
        from kontakt.ui.dialogs.events_dialog import EventsDialog

        EventsDialog(
            self.core.events, composer_services(self.core), self.window, self.core.event_mail
        ).exec()

    def open_inbox(self) -> None:
        """«Hent svar»: replies, opt-outs, bounces and answers read back from the mailbox;
        what is applied is one step on the undo history, and the table reloads."""
        from kontakt.ui.dialogs.inbox_dialog import InboxDialog
        from kontakt.ui.widgets.document_uses import ReplyUses

        inbox = self.core.inbox
        c = self.core
        reply_uses = ReplyUses(c.document_uses, c.geography, c.search)
        dialog = InboxDialog(inbox, self._ask_mailbox_password, self.window, reply_uses)

        def applied(description: str, change: str) -> None:
            self.window.contact_actions.undo_stack.push(description, lambda: inbox.undo(change))
            self.window.show_status(description)
            self.window.reload()

        dialog.applied.connect(applied)
        dialog.exec()

    def _ask_mailbox_password(self, imap: ImapSettings) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        password, ok = QInputDialog.getText(
            self.window,
            "Passord",
            f"Passord for {imap.user} på {imap.host} (lagres ikke):",
            QLineEdit.EchoMode.Password,
        )
        return password if ok else None

    def open_mail_settings(self) -> None:
        """Server, sender and pace for e-mail."""
        from kontakt.ui.dialogs.mail_settings import MailSettingsDialog

        MailSettingsDialog(self.core.outbox, self.core.inbox, self.window).exec()

    def open_database(self) -> None:
        """Open another database (a file or the board's server); the session shows it."""
        from kontakt.ui.dialogs.database_dialog import DatabaseDialog

        dialog = DatabaseDialog(self.core.location, self.window)
        dialog.opened.connect(self.window.database_opened.emit)
        dialog.exec()

    def open_backups(self) -> None:
        """Back up now, restore, and how many backups to keep."""
        from kontakt.ui.dialogs.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.core.backups, self.core.settings, self.window)
        dialog.exec()
        if dialog.restored:
            self.window.reload()

    def open_review(self) -> None:
        """Contacts due for review (retention)."""
        from kontakt.ui.dialogs.review_dialog import ReviewDialog

        c = self.core
        dialog = ReviewDialog(c.contacts, c.retention, c.settings, self.erasure, self.window)
        dialog.exec()
        if dialog.changed:
            self.window.reload()
        else:
            self.window.review_reminder.schedule()  # the months may have changed

    def open_duplicates(self) -> None:
        """«Finn duplikater»: pairs that may be one person, to merge or set apart."""
        from kontakt.ui.dialogs.duplicates_dialog import DuplicatesDialog
        from kontakt.ui.merge_action import merge_pair

        actions = self.window.contact_actions

        def open_merge(keep_uid: str, other_uid: str) -> bool:
            return merge_pair(actions, keep_uid, other_uid)

        dialog = DuplicatesDialog(self.core.duplicates, open_merge, self.window)
        dialog.exec()
        if dialog.changed:
            self.window.reload()

    def open_candidate_pack(self) -> None:
        """«Kandidatpakke»: a place's candidates get the idébank's documents and officials."""
        from kontakt.ui.dialogs.candidate_pack_dialog import CandidatePackDialog

        c = self.core
        CandidatePackDialog(
            c.candidates, c.candidate_packs, composer_services(c), self.window
        ).exec()

    def open_mark_elected(self) -> None:
        """«Marker valgte»: the result of the election, undone with Ctrl+Z as one change."""
        from kontakt.ui.dialogs.elected_dialog import ElectedDialog

        dialog = ElectedDialog(self.core.candidates, self.window)
        dialog.exec()
        outcome, place = dialog.outcome, dialog.place()
        if outcome is None or place is None:
            return
        actions, undo = self.window.contact_actions, self.core.undo
        description = f"Marker valgte i {place.name}"
        actions.undo_stack.push(description, lambda: undo.undo(outcome.change_id))
        actions.status(description)
        actions.changed.emit()

    def open_overview(self) -> None:
        """The county x topic grid and the year summary, beside the table (not modal)."""
        from kontakt.ui.overview import OverviewDialog

        dialog = self.window.findChild(OverviewDialog)
        if dialog is None:
            c = self.core
            dialog = OverviewDialog(
                c.overview,
                c.year_summary,
                c.geography,
                self.window,
                recruitment=c.recruitment,
                followups=c.followups,
            )
            dialog.cell_chosen.connect(self.window.show_filter)
            dialog.followups_added.connect(self.window.followup_actions.added_elsewhere)
        else:
            dialog.reload()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def open_survey(self) -> None:
        """«Medlemsundersøkelsen»: answers counted and listed, beside the table (not modal)."""
        from kontakt.ui.survey import SurveyDialog

        dialog = self.window.findChild(SurveyDialog)
        if dialog is None:
            c = self.core
            dialog = SurveyDialog(c.surveys, c.geography, self.window)
            dialog.filter_chosen.connect(self.window.show_filter)
        else:
            dialog.reload()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def show_privacy_notice(self) -> None:
        """The privacy notice the secretary can send with invitations."""
        from kontakt.ui.dialogs.privacy_notice import PrivacyNoticeDialog

        PrivacyNoticeDialog(self.window).exec()

    def show_about(self) -> None:
        """«Om Kontakt»: version, database, where files are kept."""
        QMessageBox.about(self.window, "Om Kontakt", about_html(self.core.location))

    def load_demo(self) -> None:
        """Fill the database with the invented sample contacts, events and documents."""
        try:
            added = self.core.demo.add_data()
        except KontaktError as exc:
            QMessageBox.information(self.window, "Kontakt", str(exc))
            return
        self.window.show_status(
            f"La inn {added.contacts} eksempelkontakter, {added.activity.events} arrangementer "
            f"og {added.activity.documents} dokumenter."
        )
        self.window.reload()
