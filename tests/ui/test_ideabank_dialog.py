"""The «Idébank» window: search as you type, filters, a document's page, sending, importing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from tests.fixtures.documents import make_docx, make_pdf
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.ui.test_composer import use_server
from tests.ui.test_main_window import click_sidebar

from kontakt.app import Core
from kontakt.domain.documents import DocumentDraft, DocumentKind, DocumentStatus
from kontakt.domain.records import ContactFilter
from kontakt.services.scope import ContactScope
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.document_dialog import DocumentDialog
from kontakt.ui.dialogs.ideabank_dialog import IdeaBankDialog
from kontakt.ui.main_window import MainWindow
from kontakt.ui.qt_models.document_table import DocColumn, DocumentTableModel
from kontakt.ui.widgets.contact_picker import ContactPickerDialog
from kontakt.ui.window_dialogs import document_services

FODE = "Interpellasjon om fødetilbudet i Sunnfjord"


@pytest.fixture
def bank(sqlite_core: Core, tmp_path: Path) -> Core:
    core = sqlite_core
    core.demo.add_contacts()
    pdf = make_pdf(tmp_path / "fodetilbud.pdf", ["Ordføreren bes svare om FØDEAVDELINGEN i Førde."])
    core.ideabank.add_path(
        pdf,
        DocumentDraft(
            FODE,
            DocumentKind.INTERPELLASJON,
            DocumentStatus.FREMMET,
            topics=("Fødetilbud",),
            municipality="Sunnfjord",
            date=dt.date(2025, 3, 12),
        ),
    )
    core.ideabank.add(
        DocumentDraft(
            "Høringssvar om lokalsykehusene",
            DocumentKind.HORINGSSVAR,
            topics=("Sykehus",),
            county="Trøndelag",
            date=dt.date(2024, 1, 15),
            text="Lokalsykehusene må bestå.",
        )
    )
    core.ideabank.add(DocumentDraft("Leserinnlegg om BUP", DocumentKind.LESERINNLEGG))
    return core


@pytest.fixture
def window(qtbot: QtBot, bank: Core) -> Iterator[MainWindow]:
    w = MainWindow(bank)
    qtbot.addWidget(w)
    w.show()
    yield w


def open_ideabank(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> IdeaBankDialog:
    """«Vis → Idébank …», keeping the dialog open for the test to drive."""
    opened: list[IdeaBankDialog] = []
    monkeypatch.setattr(IdeaBankDialog, "exec", lambda self: opened.append(self) or 0)
    (view,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Vis"]
    (action,) = [a for a in view.actions() if a.text() == "Idébank …"]
    action.trigger()
    (dialog,) = opened
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def titles(dialog: IdeaBankDialog) -> list[str]:
    model = dialog.model
    return [model.row_at(r).title for r in range(model.rowCount())]


def test_the_list_model_passes_the_model_tester(qtmodeltester, bank: Core) -> None:  # type: ignore[no-untyped-def]
    model = DocumentTableModel(bank.ideabank)
    model.set_filter(model.current_filter)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(0, DocColumn.PLACE).data() == "Sunnfjord"
    assert model.index(0, DocColumn.KIND).data() == "Interpellasjon"


def test_typing_in_the_search_field_filters_the_list(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_ideabank(qtbot, window, monkeypatch)
    assert titles(dialog) == [FODE, "Høringssvar om lokalsykehusene", "Leserinnlegg om BUP"]
    assert dialog.count_label.text() == "3 dokumenter"
    # A word inside the attached PDF, typed in lower case.
    qtbot.keyClicks(dialog.search_field, "fødeavdelingen")
    qtbot.waitUntil(lambda: titles(dialog) == [FODE])
    assert dialog.count_label.text() == "1 dokument"
    assert "I «fodetilbud.pdf»:" in dialog.hit_label.text()  # where the word is
    assert "FØDEAVDELINGEN" in dialog.hit_label.text()
    dialog.search_field.clear()
    qtbot.keyClicks(dialog.search_field, "SYKEHUS")  # inside «Lokalsykehusene»
    qtbot.waitUntil(lambda: titles(dialog) == ["Høringssvar om lokalsykehusene"])
    qtbot.keyClicks(dialog.search_field, "xyz")
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.empty_label)
    assert "Ingen dokumenter inneholder «SYKEHUSxyz»" in dialog.empty_label.text()
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert len(titles(dialog)) == 3 and dialog.search_field.text() == ""


def test_the_filters_narrow_by_kind_topic_county_and_year(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_ideabank(qtbot, window, monkeypatch)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("høringssvar"))
    assert titles(dialog) == ["Høringssvar om lokalsykehusene"]
    dialog.kind_combo.setCurrentIndex(0)
    dialog.topic_combo.setCurrentIndex(dialog.topic_combo.findText("Fødetilbud"))
    assert titles(dialog) == [FODE]
    dialog.topic_combo.setCurrentIndex(0)
    dialog.county_combo.setCurrentIndex(dialog.county_combo.findData("50"))
    assert titles(dialog) == ["Høringssvar om lokalsykehusene"]
    dialog.county_combo.setCurrentIndex(0)
    assert [dialog.year_combo.itemText(i) for i in range(dialog.year_combo.count())] == [
        "Alle år",
        "2025",
        "2024",
    ]
    dialog.year_combo.setCurrentIndex(1)
    assert titles(dialog) == [FODE]


def test_a_new_document_with_an_author_and_a_file_is_saved_and_listed(
    qtbot: QtBot,
    window: MainWindow,
    bank: Core,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog = open_ideabank(qtbot, window, monkeypatch)
    pages: list[DocumentDialog] = []
    monkeypatch.setattr(DocumentDialog, "exec", lambda self: pages.append(self) or 0)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    (page,) = pages
    qtbot.addWidget(page)
    # A file added to an untitled document names it, and says its kind.
    docx = make_docx(tmp_path / "Høringssvar_rusreformen.docx", ["Avkriminalisering nå."])
    assert page.files.add_path(docx)
    assert page.title_edit.text() == "Høringssvar rusreformen"
    assert page.kind_combo.currentData() == "høringssvar"
    kari = bank.search.search(ContactFilter(county="46")).rows[0]

    def pick(picker: ContactPickerDialog) -> int:
        picker.field.setText(kari.family_name)
        picker.refresh()
        items = [
            picker.results.item(i)
            for i in range(picker.results.count())
            if picker.results.item(i).data(Qt.ItemDataRole.UserRole).uid == kari.uid
        ]
        picker.results.clearSelection()
        items[0].setSelected(True)
        picker.accept()
        return 1

    monkeypatch.setattr(ContactPickerDialog, "exec", pick)
    qtbot.mouseClick(page.authors.add_button, Qt.MouseButton.LeftButton)
    assert page.authors.uids() == (kari.uid,)
    page.county_combo.setCurrentIndex(page.county_combo.findData("46"))
    page.municipality_combo.setCurrentIndex(page.municipality_combo.findText("Bergen"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.document_id is not None and not page.error.isVisible()
    assert "Høringssvar rusreformen" in titles(dialog)  # the list followed
    stored = bank.ideabank.page(page.document_id)
    assert [a.uid for a in stored.row.authors] == [kari.uid]
    assert stored.row.municipality and stored.row.municipality.name == "Bergen"
    assert [f.filename for f in stored.files] == ["Høringssvar_rusreformen.docx"]
    assert not page.dirty
    # The contact's page lists what they wrote.
    (mine,) = bank.ideabank.documents_of(kari.uid)
    assert mine.title == "Høringssvar rusreformen"


def test_a_missing_title_is_shown_at_the_field(
    qtbot: QtBot, bank: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = DocumentDialog(document_services(bank), None)
    qtbot.addWidget(page)
    page.show()
    page.text_edit.setPlainText("Tekst uten tittel")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.document_id is None
    assert page.title_error.isVisible() and "tittel" in page.title_error.text()


def test_send_opens_the_composer_with_the_document_attached_and_records_who_got_it(
    qtbot: QtBot,
    window: MainWindow,
    bank: Core,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    use_server(smtp_server)
    click_sidebar(qtbot, window, "county", "46")  # the main window shows Vestland
    dialog = open_ideabank(qtbot, window, monkeypatch)
    dialog.search_field.setText("fødetilbudet")
    dialog.apply_filter()
    pages: list[DocumentDialog] = []
    monkeypatch.setattr(DocumentDialog, "exec", lambda self: pages.append(self) or 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # the first hit is chosen: Enter opens it
    (page,) = pages
    qtbot.addWidget(page)
    assert page.title_edit.text() == FODE
    composers: list[ComposerDialog] = []
    monkeypatch.setattr(ComposerDialog, "exec", lambda self: composers.append(self) or 0)
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    (composer,) = composers
    qtbot.addWidget(composer)
    assert composer.windowTitle() == "Send dokument"
    assert composer.subject.text() == FODE
    assert "Vedlagt er interpellasjonen «" + FODE in composer.body.toPlainText()
    assert [composer.attachments.item(i).text() for i in range(composer.attachments.count())] == [
        "fodetilbud.pdf"
    ]
    # «Hvem» offers what the main window showed: Vestland.
    expected = bank.mailings.plan(ContactScope(filter=ContactFilter(county="46")))
    assert f"{len(expected.recipients)} mottakere" in composer.chooser.count_label.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: composer.outcome is not None or bool(composer.tasks.error.text()), timeout=20000
    )
    assert composer.outcome is not None, composer.tasks.error.text()
    (rcpt, message), *_ = smtp_server.received
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "fodetilbud.pdf"
    # The document's page lists who got it; each one's history shows it.
    page.load()
    assert len(page.recipients.rows()) == len(expected.recipients)
    assert rcpt in {address for _name, address, _sent in page.recipients.rows()}
    first = expected.recipients[0]
    channels = {h.channel_label for h in bank.history.history(first.uid)}
    assert channels == {"E-post", "Dokument"}


def test_the_contact_history_tab_lists_documents_written(qtbot: QtBot, bank: Core) -> None:
    from kontakt.ui.dialogs.contact_editor import ContactEditor

    kari = bank.search.search(ContactFilter(county="46")).rows[0]
    bank.ideabank.add(DocumentDraft("Programtekst om eldreomsorg", authors=(kari.uid,)))
    editor = ContactEditor(
        bank.geography,
        [],
        lambda draft: None,
        kari,
        history=bank.history,
        documents=bank.ideabank.documents_of,
    )
    qtbot.addWidget(editor)
    assert editor.history_tab is not None
    assert editor.history_tab.document_rows() == [("", "Programtekst om eldreomsorg", "skrev")]


def test_a_folder_is_imported_and_the_broken_file_is_named(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog = open_ideabank(qtbot, window, monkeypatch)
    folder = tmp_path / "mappe"
    folder.mkdir()
    make_pdf(folder / "Leserinnlegg ambulanse.pdf", ["Ambulansen kom for sent til Kirkenes."])
    (folder / "ødelagt.docx").write_bytes(b"PK\x03\x04 ikke en ekte fil")
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text: shown.append(text)
    )
    dialog.topic_combo.setCurrentIndex(dialog.topic_combo.findText("Ambulanse"))
    dialog.import_folder(folder)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    (report,) = shown
    assert report.startswith("1 dokument lagt inn, 1 fil hoppet over.")
    assert "«ødelagt.docx» er skadet" in report
    assert titles(dialog) == ["Leserinnlegg ambulanse"]  # the Ambulanse filter is still on
    assert dialog.model.row_at(0).topics == ("Ambulanse",)
