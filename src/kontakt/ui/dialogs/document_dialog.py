"""A document's page in the idea bank: its fields, text, authors, files and recipients.

«Lagre» stores fields, authors and files together. «Send til …» saves first,
then opens the e-mail composer with the document attached (or its text in
the message) and the subject filled in; as the messages go out, the
recipients appear in «Mottakere» and in each person's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.documents import (
    KIND_LABELS,
    STATUS_LABELS,
    DocumentDraft,
    DocumentKind,
    DocumentPage,
    DocumentStatus,
    guess_kind,
    title_from_filename,
)
from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactFilter
from kontakt.errors import KontaktError, ValidationError
from kontakt.services.catalog import CatalogService
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.ideabank.uses import DocumentUseService
from kontakt.services.search import SearchService
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.date_edit import OptionalDateEdit
from kontakt.ui.widgets.document_parts import AuthorList, FileList, RecipientList
from kontakt.ui.widgets.document_uses import UsePanel
from kontakt.ui.widgets.form import FORM_STYLE, error_label, set_invalid, with_error
from kontakt.ui.widgets.topic_checklist import TopicChecklist

if TYPE_CHECKING:
    from kontakt.ui.dialogs.composer import ComposerServices

# Who «Send til …» offers by default: the main window's selection and filter.
Scope = tuple[list[str], ContactFilter, str]
AS_ATTACHMENT, AS_TEXT = True, False


@dataclass(frozen=True)
class DocumentServices:
    """What the idea bank and a document's page take.

    Attributes:
        ideabank: The documents, their files and who received them.
        catalog: The topics a document is tagged with.
        geography: Counties and municipalities, for a document's place.
        search: Finds the authors among the contacts.
        composing: «Send til …»: writing and sending the e-mail.
        uses: Where documents were used («Brukt» on the page).
    """

    ideabank: IdeaBankService
    catalog: CatalogService
    geography: Geography
    search: SearchService
    composing: ComposerServices
    uses: DocumentUseService


class DocumentDialog(QDialog):
    """Show, edit and send one document (``document_id`` None: a new one).

    Args:
        services: The documents, topics, places, contacts and sending.
        document_id: The document, or None to write a new one.
        scope: The main window's selected uids, filter and its description,
            offered by «Send til …».
        parent: Parent widget.

    Signals:
        saved(int): The document was stored (its number).
    """

    saved = Signal(int)  # also when a use was recorded (the list shows uses)

    def __init__(
        self,
        services: DocumentServices,
        document_id: int | None,
        scope: Scope | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.document_id = document_id
        self.scope: Scope = scope or ([], ContactFilter(), "")
        self.page: DocumentPage | None = None
        self.composer: QDialog | None = None
        self.setStyleSheet(FORM_STYLE)
        fit_to_screen(self, 1100, 760)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("f.eks. Interpellasjon om fødetilbudet i Sunnfjord")
        self.title_error = error_label()
        self.kind_combo = QComboBox()
        for kind in DocumentKind:
            self.kind_combo.addItem(KIND_LABELS[kind], kind.value)
        self.status_combo = QComboBox()
        for status in DocumentStatus:
            self.status_combo.addItem(STATUS_LABELS[status], status.value)
        self.date_edit = OptionalDateEdit(today_button=True)
        self.county_combo = QComboBox()
        self.county_combo.addItem("(ikke valgt)", "")
        for county in services.geography.counties:
            self.county_combo.addItem(county.name, county.number)
        self.municipality_combo = QComboBox()
        self.county_combo.currentIndexChanged.connect(self._fill_municipalities)
        self.link_edit = QLineEdit()
        self.link_edit.setPlaceholderText("https://… der det er publisert")
        self.topics = TopicChecklist()
        self.text_edit = QPlainTextEdit()
        self.authors = AuthorList(services.search)
        self.files = FileList(services.ideabank)
        self.recipients = RecipientList()
        self.uses = UsePanel(services.uses, services.geography, services.search)
        self.uses.changed.connect(lambda: self._uses_changed())

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_combo)
        kind_row.addWidget(QLabel("Status:"))
        kind_row.addWidget(self.status_combo)
        kind_row.addStretch()
        place_row = QHBoxLayout()
        place_row.addWidget(self.county_combo, 1)
        place_row.addWidget(self.municipality_combo, 1)
        form = QFormLayout()
        form.addRow("&Tittel:", with_error(self.title_edit, self.title_error))
        kind_label = QLabel("T&ype:")
        kind_label.setBuddy(self.kind_combo)
        form.addRow(kind_label, kind_row)
        form.addRow("&Dato:", self.date_edit)
        place_label = QLabel("&Brukt i:")
        place_label.setBuddy(self.county_combo)
        form.addRow(place_label, place_row)
        form.addRow("&Lenke:", self.link_edit)
        form.addRow("Tema:", self.topics)
        fields = QWidget()
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(form)
        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_label = QLabel("Te&kst:")
        text_label.setBuddy(self.text_edit)
        text_layout.addWidget(text_label)
        text_layout.addWidget(self.text_edit, 1)
        top = QSplitter()
        top.addWidget(fields)
        top.addWidget(text_box)
        top.setSizes([560, 520])
        lists = QHBoxLayout()
        lists.addWidget(self.authors, 2)
        lists.addWidget(self.files, 3)
        lists.addWidget(self.recipients, 4)
        lists.addWidget(self.uses, 5)

        self.error = error_label()
        self.send_how = QComboBox()
        self.send_how.addItem("som vedlegg", AS_ATTACHMENT)
        self.send_how.addItem("som tekst i e-posten", AS_TEXT)
        self.send_button = QPushButton("Send til …")
        self.send_button.setToolTip("Send dokumentet med e-post til utvalgte kontakter")
        self.send_button.clicked.connect(self.send_to)
        self.save_button = QPushButton("Lagre")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Lukk")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.send_how)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(top, 3)
        layout.addLayout(lists, 2)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.title_edit.textChanged.connect(lambda: self._show_title_error(""))
        self.files.changed.connect(self._title_from_file)
        self.load()

    # -- showing ---------------------------------------------------------------------

    def _fill_municipalities(self) -> None:
        county = str(self.county_combo.currentData() or "")
        self.municipality_combo.clear()
        self.municipality_combo.addItem("(hele fylket)" if county else "(velg fylke først)", "")
        self.municipality_combo.setEnabled(bool(county))
        if county:
            for m in self.services.geography.municipalities_in(county):
                self.municipality_combo.addItem(m.name, m.number)

    def load(self) -> None:
        """Show the stored document (or an empty form for a new one)."""
        topics = [t.name for t in self.services.catalog.topics()]
        if self.document_id is None:
            self.page = None
            self.setWindowTitle("Nytt dokument – Idébank")
            self._show(DocumentDraft(""), topics)
            self.authors.set_people(())
            self.files.set_files(())
            self.recipients.set_recipients(())
        else:
            self.page = self.services.ideabank.page(self.document_id)
            self.setWindowTitle(f"{self.page.row.title} – Idébank")
            self._show(self.page.to_draft(), topics)
            self.authors.set_people(self.page.row.authors)
            self.files.set_files(self.page.files)
            self.recipients.set_recipients(self.page.recipients)
        self.uses.set_document(self.document_id)
        self._loaded = self.draft()

    def _uses_changed(self) -> None:
        if self.document_id is not None:  # the list's «Brukt» column follows
            self.saved.emit(self.document_id)

    def _show(self, draft: DocumentDraft, topics: list[str]) -> None:
        self.title_edit.setText(draft.title)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(draft.kind.value))
        self.status_combo.setCurrentIndex(self.status_combo.findData(draft.status.value))
        self.date_edit.set_date(draft.date)
        county = draft.county
        if draft.municipality:
            county = self.services.geography.municipality(draft.municipality).county_number
        self.county_combo.setCurrentIndex(max(self.county_combo.findData(county), 0))
        self._fill_municipalities()
        self.municipality_combo.setCurrentIndex(
            max(self.municipality_combo.findData(draft.municipality), 0)
        )
        self.link_edit.setText(draft.link)
        self.topics.set_topics(topics, draft.topics)
        self.text_edit.setPlainText(draft.text)
        searchable = [f.filename for f in self.page.files if f.text_chars] if self.page else []
        self.text_edit.setPlaceholderText(
            f"Teksten ligger i den vedlagte fila «{searchable[0]}», og søket finner ord i den. "
            "Skriv eller lim inn teksten her om den også skal stå i selve dokumentet "
            "(og kunne sendes som tekst i e-posten)."
            if searchable
            else "Lim inn eller skriv teksten her, eller legg ved en PDF- eller Word-fil under "
            "«Filer». Søket finner ord både her og i filene."
        )

    def draft(self) -> DocumentDraft:
        """The fields as filled in."""
        municipality = str(self.municipality_combo.currentData() or "")
        return DocumentDraft(
            title=self.title_edit.text(),
            kind=DocumentKind(self.kind_combo.currentData()),
            status=DocumentStatus(self.status_combo.currentData()),
            topics=self.topics.chosen(),
            county="" if municipality else str(self.county_combo.currentData() or ""),
            municipality=municipality,
            date=self.date_edit.date(),
            text=self.text_edit.toPlainText(),
            link=self.link_edit.text(),
            authors=self.authors.uids(),
        )

    def _title_from_file(self) -> None:
        """A file added to an untitled document gives it a title (and kind) from its name."""
        if self.title_edit.text().strip() or not self.files.new_files:
            return
        name = self.files.new_files[0].filename
        self.title_edit.setText(title_from_filename(name))
        kind = guess_kind(name)
        if kind is not None and self.kind_combo.currentData() == DocumentKind.ANNET.value:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    @property
    def dirty(self) -> bool:
        """Something was changed since the last load or save."""
        return self.document_id is None or self.draft() != self._loaded or self.files.dirty

    # -- saving ----------------------------------------------------------------------

    def _show_title_error(self, message: str) -> None:
        self.title_error.setText(message)
        self.title_error.setVisible(bool(message))
        set_invalid(self.title_edit, bool(message))

    def save(self) -> bool:
        """«Lagre»: store fields, authors and files; False (and why, in red) if refused."""
        self.error.setVisible(False)
        draft = self.draft()
        ideabank = self.services.ideabank
        try:
            if self.document_id is None:
                self.document_id = ideabank.add(draft, self.files.new_files)
            else:
                assert self.page is not None
                ideabank.update(self.document_id, draft, self.page.version)
                for file in self.files.new_files:
                    ideabank.attach(self.document_id, file)
                for file_id in self.files.removed:
                    ideabank.remove_file(file_id)
        except ValidationError as exc:
            if exc.field == "title":
                self._show_title_error(str(exc))
            else:
                self._show_error(str(exc))
            return False
        except KontaktError as exc:
            self._show_error(str(exc))
            return False
        self.load()
        self.saved.emit(self.document_id)
        return True

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # -- sending ---------------------------------------------------------------------

    def send_to(self) -> None:
        """«Send til …»: save, then write the e-mail with the document in the composer."""
        if self.dirty and not self.save():
            return
        assert self.document_id is not None
        as_attachment = bool(self.send_how.currentData())
        from kontakt.ui.dialogs.composer import ComposerDialog

        try:
            draft = self.services.ideabank.mail_draft(self.document_id, as_attachment)
        except KontaktError as exc:
            self._show_error(str(exc))
            return
        selected, current, describe = self.scope
        document_id, ideabank = self.document_id, self.services.ideabank
        self.composer = ComposerDialog(
            self.services.composing, selected, current, describe, self,
            title="Send dokument", draft=draft,
            store=lambda message, sender, plan, scope: ideabank.create_mailing(
                document_id, message, sender, plan, scope, as_attachment
            ),
        )  # fmt: skip
        self.composer.exec()
        self.load()  # the recipients reached while the composer was open

    # -- closing ---------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, «Lukk» and the window's close button: ask before unsaved changes are lost."""
        if self._may_close():
            super().reject()

    def _may_close(self) -> bool:
        if not self.dirty or (self.document_id is None and not self.draft().title.strip()):
            return True
        answer = QMessageBox.question(
            self,
            "Lagre endringene?",
            "Dokumentet har endringer som ikke er lagret.",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
