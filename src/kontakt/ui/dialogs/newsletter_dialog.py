"""«E-post → Nytt nyhetsbrev …»: write a newsletter in Markdown, preview it, test it, send it.

The composer's dialog with the newsletter's editor in place of the plain
one: the same recipients, left-out list, confirmation of the count and
sending through the stored, paced, resumable mailing. The preview shows the
HTML for the chosen recipient at a phone's width (375 px) or a desktop's,
and says what the sanitiser removed. «Lagre utkast», «Åpne utkast …»,
«Kopier et tidligere nyhetsbrev …», «Send test til meg» and «Send test til
styret …» (the «Styret» list, or a list chosen) come before the real send.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import ContactFilter
from kontakt.domain.templating import merge_values, render
from kontakt.errors import KontaktError
from kontakt.services.outreach.message import MailDraft
from kontakt.services.outreach.newsletter_sections import NewsletterSections
from kontakt.services.outreach.newsletter_tests import (
    board_list,
    send_test_to_list,
    send_test_to_me,
)
from kontakt.services.outreach.newsletters import NewsletterService
from kontakt.ui.dialogs.composer import ComposerDialog, ComposerServices
from kontakt.ui.widgets.newsletter_editor import NewsletterEditor

WIDTHS = {"Mobil (375 px)": 375, "PC (700 px)": 700}


@dataclass(frozen=True)
class NewsletterServices:
    """What the newsletter adds to the composer's services."""

    newsletters: NewsletterService
    sections: NewsletterSections


class NewsletterDialog(ComposerDialog):
    """Write, preview, test and send a Markdown newsletter.

    Args:
        services: The composer's (planning, storing, sending).
        news: Templates, drafts and the sections.
        selected: Uids of the rows selected in the window.
        current: The window's current filter.
        describe: The current filter in words.
        parent: The parent window.
    """

    archive_requested = Signal()
    """«Oppdater nyhetsarkivet …» was pressed after the newsletter was sent."""

    def __init__(
        self,
        services: ComposerServices,
        news: NewsletterServices,
        selected: list[str],
        current: ContactFilter,
        describe: str,
        parent: QWidget | None = None,
    ) -> None:
        self.news = news
        self.removed_label = QLabel()
        # Plain text: «<script>-element» as rich text would be an (invisible) tag.
        self.removed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.removed_label.setWordWrap(True)
        self.removed_label.setStyleSheet("color:#b3261e")
        super().__init__(services, selected, current, describe, parent, title="Nytt nyhetsbrev")
        plain = self.editor
        splitter = plain.parentWidget()
        assert isinstance(splitter, QSplitter)
        self.letter_editor = NewsletterEditor(news.newsletters, news.sections)
        splitter.replaceWidget(splitter.indexOf(plain), self.letter_editor)
        plain.hide()  # kept for the composer's reference, never shown
        self.subject, self.body = self.letter_editor.subject, self.letter_editor.body
        self.attachments = self.letter_editor.attachments
        self.letter_editor.changed.connect(self.update_preview)

        self.width_choice = QComboBox()
        self.width_choice.addItems(list(WIDTHS))
        self.width_choice.currentIndexChanged.connect(self._set_width)
        preview_box = self.preview.parentWidget()
        assert preview_box is not None
        preview_layout = preview_box.layout()
        assert isinstance(preview_layout, QVBoxLayout)
        preview_layout.insertWidget(0, self.width_choice)
        preview_layout.insertWidget(1, self.removed_label)

        row = QHBoxLayout()
        for text, slot in (
            ("La&gre utkast", self.save_draft),
            ("&Åpne utkast …", self.open_draft),
            ("&Kopier et tidligere nyhetsbrev …", self.copy_previous),
            ("&Rediger mal …", self.edit_template),
            ("Send test t&il meg", self.test_to_me),
            ("Send test til st&yret …", self.test_to_board),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        # Offered once the newsletter is sent: the open archive gets the new issue.
        self.archive_button = QPushButton("Oppdater nyhets&arkivet …")
        self.archive_button.setToolTip("Skriv nyhetsbrevet inn i det åpne arkivet (nettsiden)")
        self.archive_button.clicked.connect(self.archive_requested.emit)
        self.archive_button.hide()
        row.addWidget(self.archive_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(layout.count() - 1, row)
        self.send_button.setText("Send …")
        self._set_width()

    # -- preview ---------------------------------------------------------------------

    def _set_width(self) -> None:
        self.preview.setFixedWidth(WIDTHS[self.width_choice.currentText()] + 24)
        self.update_preview()

    def update_preview(self) -> None:
        """The newsletter's HTML for the chosen recipient, and what was removed."""
        editor = getattr(self, "letter_editor", None)
        if not isinstance(editor, NewsletterEditor):
            return  # called by the composer's set-up, before our editor is there
        try:
            letter = editor.letter()
        except KontaktError as exc:
            self.removed_label.setText("")
            self.preview.setHtml(f'<p style="color:#b3261e">{html.escape(str(exc))}</p>')
            return
        self.removed_label.setText(letter.removed_text())
        self.problems_label.check(letter.draft)
        index = self.preview_person.currentIndex()
        values = (
            merge_values(self.plan.recipients[index])
            if 0 <= index < len(self.plan.recipients)
            else {}
        )
        try:
            page = render(letter.draft.html, values, as_html=True) if values else letter.draft.html
        except KontaktError as exc:
            self.preview.setPlainText(str(exc))
            return
        document = self.preview.document()
        for item in letter.draft.attachments:
            if item.content_id:
                document.addResource(
                    QTextDocument.ResourceType.ImageResource,
                    QUrl(f"cid:{item.content_id}"),
                    QImage.fromData(item.content),
                )
        self.preview.setHtml(page)

    # -- drafts ----------------------------------------------------------------------

    def save_draft(self) -> None:
        """«Lagre utkast»."""
        number = self.letter_editor.save()
        self.done_label.setText(f"Utkastet er lagret (nr. {number}).")

    def _choose(self, title: str, items: list[tuple[int, str]]) -> int | None:
        if not items:
            self.done_label.setText(f"{title}: ingen å velge mellom.")
            return None
        labels = [text for _id, text in items]
        chosen, ok = QInputDialog.getItem(self, title, title + ":", labels, 0, False)
        return items[labels.index(chosen)][0] if ok and chosen in labels else None

    def open_draft(self) -> None:
        """«Åpne utkast …»: one of the saved drafts."""
        drafts = self.news.newsletters.drafts()
        number = self._choose(
            "Åpne utkast",
            [(d.id, f"{d.subject or '(uten emne)'} ({d.when:%d.%m.%Y})") for d in drafts],
        )
        if number is not None:
            d = self.news.newsletters.draft(number)
            self.letter_editor.fill(d.subject, d.markdown, d.template)
            self.letter_editor.draft_id = d.id

    def copy_previous(self) -> None:
        """«Kopier et tidligere nyhetsbrev»: a new draft from a sent newsletter."""
        sent = self.news.newsletters.sent()
        number = self._choose(
            "Kopier et tidligere nyhetsbrev",
            [(n.id, f"{n.subject} ({n.when:%d.%m.%Y})") for n in sent],
        )
        if number is not None:
            d = self.news.newsletters.draft(self.news.newsletters.copy_sent(number))
            self.letter_editor.fill(d.subject, d.markdown)
            self.letter_editor.draft_id = d.id

    def edit_template(self) -> None:
        """«Rediger mal …»: the chosen template (a copy of the built-in one to start)."""
        from kontakt.ui.dialogs.newsletter_template_dialog import NewsletterTemplateDialog

        editor = self.letter_editor
        dialog = NewsletterTemplateDialog(
            self.news.newsletters, editor.template.currentText(), self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            saved = dialog.name.text().strip()
            editor.template.blockSignals(True)
            editor.template.clear()
            editor.template.addItems(self.news.newsletters.template_names())
            editor.template.setCurrentText(saved)
            editor.template.blockSignals(False)
            self.update_preview()

    # -- tests -----------------------------------------------------------------------

    def test_to_me(self) -> None:
        """«Send test til meg»: to the sender's own address."""
        self._test(None)

    def test_to_board(self) -> None:
        """«Send test til styret …»: to the «Styret» list, or a list the user chooses."""
        names = [n.name for n in self.services.catalog.lists()]
        name = board_list(names)
        if name is None:
            if not names:
                self.tasks.show_error("Det finnes ingen lister. Lag listen «Styret» først.")
                return
            chosen, ok = QInputDialog.getItem(
                self, "Send test til styret", "Liste:", names, 0, False
            )
            if not ok:
                return
            name = chosen
        self._test(name)

    def _test(self, list_name: str | None) -> None:
        try:
            draft = self.written()
            draft.check()
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        server = self._server()
        if server is None:
            return
        if list_name is None:
            self.tasks.run("Sender test", send_test_to_me, server, draft, on_result=self._tested)
        else:
            self.tasks.run(
                "Sender test", send_test_to_list, server, draft, self.services.mailings,
                list_name, on_result=self._tested,
            )  # fmt: skip

    def written(self) -> MailDraft:
        """The newsletter made from the Markdown, in the chosen template."""
        return self.letter_editor.draft()

    def _tested(self, line: object) -> None:
        self.done_label.setText(str(line))

    def _sent(self, outcome: object) -> None:
        super()._sent(outcome)
        self.archive_button.show()
        if self.letter_editor.draft_id is not None:  # sent: the draft has done its work
            self.news.newsletters.delete_draft(self.letter_editor.draft_id)
            self.letter_editor.draft_id = None
