"""«Brukt» on a document's page and in the idébank list: add a use, see it counted, sort by it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.storage.test_mailing import SENDER
from tests.ui.test_ideabank_dialog import FODE, bank, open_ideabank, titles, window  # noqa: F401

from kontakt.app import Core
from kontakt.domain.document_uses import UseDraft, UseOutcome
from kontakt.domain.documents import DocumentFilter
from kontakt.domain.records import ContactFilter
from kontakt.services.outreach.inbox_model import Action, FetchResult, MessageInfo, Proposal
from kontakt.services.scope import ContactScope
from kontakt.ui.dialogs.document_dialog import DocumentDialog
from kontakt.ui.dialogs.inbox_dialog import InboxDialog
from kontakt.ui.dialogs.use_dialog import UseDialog
from kontakt.ui.main_window import MainWindow
from kontakt.ui.qt_models.document_table import DocColumn
from kontakt.ui.widgets.contact_picker import ContactPickerDialog
from kontakt.ui.widgets.document_uses import ReplyUses


def document_id(core: Core, title: str) -> int:
    return next(r.id for r in core.ideabank.search(DocumentFilter()).rows if r.title == title)


def test_a_use_added_on_the_page_is_counted_and_can_be_undone(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    bank: Core,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_ideabank(qtbot, window, monkeypatch)
    pages: list[DocumentDialog] = []
    monkeypatch.setattr(DocumentDialog, "exec", lambda self: pages.append(self) or 0)
    dialog.open_document(document_id(bank, FODE))
    (page,) = pages
    qtbot.addWidget(page)
    panel = page.uses
    assert panel.summary_label.text().startswith("Ikke brukt ennå.")
    kari = bank.search.search(ContactFilter(county="46")).rows[0]

    def pick(picker: ContactPickerDialog) -> int:
        picker.field.setText(kari.family_name)
        picker.refresh()
        for i in range(picker.results.count()):
            item = picker.results.item(i)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole).uid == kari.uid)
        picker.accept()
        return 1

    def fill(form: UseDialog) -> int:
        assert form.date_edit.date() == dt.date.today()  # prefilled
        form.county_combo.setCurrentIndex(form.county_combo.findData("46"))
        form.municipality_combo.setCurrentIndex(form.municipality_combo.findText("Bergen"))
        form.outcome_combo.setCurrentIndex(form.outcome_combo.findText("Vedtatt"))
        qtbot.mouseClick(form.by_button, Qt.MouseButton.LeftButton)
        form.link_edit.setText("www.bergen.kommune.no/sak/9")
        form.accept()
        return 1

    monkeypatch.setattr(ContactPickerDialog, "exec", pick)
    monkeypatch.setattr(UseDialog, "exec", fill)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.summary_label.text() == "Brukt: fremmet i 1 kommune, vedtatt i 1"
    county = panel.tree.topLevelItem(0)
    assert county is not None and county.text(0) == "Vestland"
    use = county.child(0)
    assert [use.text(c) for c in range(4)] == [
        "Bergen",
        f"{dt.date.today():%d.%m.%Y}",
        "Vedtatt",
        kari.full_name,
    ]
    (stored,) = bank.document_uses.uses(page.document_id or 0)
    assert stored.by is not None and stored.by.uid == kari.uid
    assert stored.link == "https://www.bergen.kommune.no/sak/9"
    # The list behind follows: the «Brukt» column counts the place.
    row = dialog.model.row_of(page.document_id or 0)
    assert dialog.model.index(row, DocColumn.USED).data() == "1 sted, vedtatt i 1"

    # A refused form stays open with the reason in red; nothing is stored.
    def refused(form: UseDialog) -> int:
        form.accept()  # no place chosen
        assert not form.error.isHidden() and "Velg kommunen eller fylket" in form.error.text()
        return 0

    monkeypatch.setattr(UseDialog, "exec", refused)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert len(bank.document_uses.uses(page.document_id or 0)) == 1

    panel.tree.setCurrentItem(panel.tree.topLevelItem(0).child(0))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.summary_label.text().startswith("Ikke brukt ennå.")
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert panel.summary_label.text() == "Brukt: fremmet i 1 kommune, vedtatt i 1"
    (back,) = bank.document_uses.uses(page.document_id or 0)
    assert back.by is not None and back.by.uid == kari.uid


def test_the_list_sorts_and_filters_by_use(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    bank: Core,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bup = document_id(bank, "Leserinnlegg om BUP")  # the oldest in the list, undated
    for place in ("Bergen", "Stord"):
        bank.document_uses.add(bup, UseDraft(municipality=place, outcome=UseOutcome.FREMMET))
    dialog = open_ideabank(qtbot, window, monkeypatch)
    assert titles(dialog)[-1] == "Leserinnlegg om BUP"  # newest first
    dialog.order_combo.setCurrentIndex(dialog.order_combo.findText("Mest brukt først"))
    assert titles(dialog)[0] == "Leserinnlegg om BUP"
    assert dialog.model.index(0, DocColumn.USED).data() == "2 steder"
    dialog.use_combo.setCurrentIndex(dialog.use_combo.findText("Aldri brukt"))
    assert "Leserinnlegg om BUP" not in titles(dialog) and len(titles(dialog)) == 2
    dialog.use_combo.setCurrentIndex(dialog.use_combo.findText("Vedtatt et sted"))
    assert titles(dialog) == []
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert len(titles(dialog)) == 3
    assert dialog.order_combo.currentText() == "Mest brukt først"  # the order stays


def test_a_reply_to_a_mailing_with_the_document_offers_to_register_its_use(
    qtbot: QtBot,
    bank: Core,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = document_id(bank, FODE)
    scope = ContactScope(filter=ContactFilter(county="46"))
    plan = bank.mailings.plan(scope)
    draft = bank.ideabank.mail_draft(doc)
    mailing = bank.ideabank.create_mailing(doc, draft, SENDER, plan, "Vestland")
    person = plan.recipients[0]
    assert person.municipality is not None
    plain = bank.mailings.create(draft, SENDER, plan, "uten dokument")
    subject = "SV: " + draft.subject
    info = MessageInfo(0, "INBOX", 1, 1, "<svar@x>", "reply", person.primary_email,
                       person.full_name, None, subject, "Fremmet i går!")  # fmt: skip

    def reply(key: int, mailing_id: int, action: Action = Action.REPLY) -> Proposal:
        return Proposal(key, action, 0, person.id, person.uid, person.full_name,
                        person.primary_email, mailing_id)  # fmt: skip

    found = FetchResult(
        messages=[info],
        proposals=[reply(0, plain), reply(1, mailing), reply(2, mailing, Action.OPT_OUT)],
    )
    services = ReplyUses(bank.document_uses, bank.geography, bank.search)
    dialog = InboxDialog(bank.inbox, None, None, services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._fetched(found)  # what «Hent svar» lists after reading the mailbox
    assert dialog.use_button.isVisible()
    dialog.table.setCurrentCell(0, 1)
    assert not dialog.use_button.isEnabled()  # that mailing carried no document
    dialog.table.setCurrentCell(2, 1)
    assert not dialog.use_button.isEnabled()  # an opt-out is no use of anything
    dialog.table.setCurrentCell(1, 1)
    assert dialog.use_button.isEnabled()

    def fill(form: UseDialog) -> int:
        # Prefilled: the replying contact's municipality, today, the contact as «by».
        assert form.municipality_combo.currentData() == person.municipality.number
        assert form.date_edit.date() == dt.date.today()
        assert form.by_uid == person.uid and form.by_label.text() == person.full_name
        form.outcome_combo.setCurrentIndex(form.outcome_combo.findText("Fremmet"))
        form.accept()
        return 1

    monkeypatch.setattr(UseDialog, "exec", fill)
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    (use,) = bank.document_uses.uses(doc)
    assert use.municipality == person.municipality and use.outcome is UseOutcome.FREMMET
    assert use.by is not None and use.by.uid == person.uid
    assert dialog.summary.text() == f"Registrerte bruk av «{FODE}» for {person.full_name}."
