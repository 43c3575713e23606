"""«E-post → Nytt nyhetsbrev …»: write in Markdown, preview at phone width, save a draft,
send a test to oneself and to the board, then send for real (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.ui.test_composer import use_server

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.storage.outreach_models import Mailing
from kontakt.ui.archive_action import ArchiveAction
from kontakt.ui.dialogs.newsletter_dialog import NewsletterDialog
from kontakt.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, sqlite_core: Core) -> Iterator[MainWindow]:
    sqlite_core.contacts.create_many(
        [
            ContactDraft(
                given_name="Åse", family_name="Ødegård", emails=(EmailData("ase@example.no"),)
            ),
            ContactDraft(given_name="Bjørn", emails=(EmailData("bjorn@example.no"),)),
            ContactDraft(
                given_name="Reservert", emails=(EmailData("r@example.no"),), opted_out=True
            ),
        ]
    )
    sqlite_core.catalog.create_list("Styret")
    uid = next(r.uid for r in sqlite_core.search.all_rows(ContactFilter()) if r.given_name == "Åse")
    sqlite_core.catalog.add_to_list("Styret", [uid])
    w = MainWindow(sqlite_core)
    qtbot.addWidget(w)
    w.show()
    yield w


def open_newsletter(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> NewsletterDialog:
    opened: list[NewsletterDialog] = []
    monkeypatch.setattr(NewsletterDialog, "exec", lambda self: opened.append(self) or 0)
    (mail_menu,) = [m for m in window.menuBar().actions() if m.text() == "&E-post"]
    (action,) = [a for a in mail_menu.menu().actions() if a.text() == "Nytt &nyhetsbrev …"]
    action.trigger()
    (dialog,) = opened
    qtbot.addWidget(dialog)
    return dialog


def test_write_preview_test_and_send_a_newsletter(
    qtbot: QtBot,
    window: MainWindow,
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_server(smtp_server)
    dialog = open_newsletter(qtbot, window, monkeypatch)
    dialog.subject.setText("Nyhetsbrev for {fornavn}")
    dialog.body.setPlainText(
        "# Hei {fornavn}!\n\nNytt fra **nettverket**.\n\n<script>alert(1)</script>\n"
    )
    dialog.letter_editor.insert_theme()

    # The preview: the HTML merged for the first recipient, at a phone's width, with the warning.
    assert "2 mottakere" in dialog.chooser.count_label.text()
    assert dialog.width_choice.currentText() == "Mobil (375 px)"
    assert dialog.preview.width() <= 400
    shown = dialog.preview.toPlainText()
    assert "Hei Åse!" in shown or "Hei Bjørn!" in shown
    assert "Månedens tema" in shown and "alert" not in shown
    assert "Fjernet av sikkerhetshensyn: <script>-element" in dialog.removed_label.text()
    # Shown as the words they are (as rich text «<script>» would be an invisible tag).
    assert dialog.removed_label.textFormat() == Qt.TextFormat.PlainText
    dialog.width_choice.setCurrentText("PC (700 px)")
    assert dialog.preview.width() > 700

    dialog.save_draft()
    (saved,) = sqlite_core.newsletters.drafts()
    assert saved.subject == "Nyhetsbrev for {fornavn}" and "## Månedens tema" in saved.markdown

    dialog.test_to_me()
    qtbot.waitUntil(lambda: "Testen er sendt" in dialog.done_label.text(), timeout=20000)
    dialog.test_to_board()
    qtbot.waitUntil(lambda: "listen «Styret»" in dialog.done_label.text(), timeout=20000)
    tests = [(r, m["Subject"]) for r, m in smtp_server.received]
    assert tests == [
        ("nettverk@example.no", "[TEST] Nyhetsbrev for SV helse"),
        ("ase@example.no", "[TEST] Nyhetsbrev for Åse"),
    ]
    assert sqlite_core.mailings.mailings() == []  # tests are not mailings

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    assert dialog.archive_button.isHidden()  # nothing sent yet
    dialog.send_button.click()
    qtbot.waitUntil(
        lambda: dialog.outcome is not None or bool(dialog.tasks.error.text()), timeout=20000
    )
    assert dialog.outcome is not None, dialog.tasks.error.text()
    assert asked and "2 mottakere" in asked[0]
    real = sorted(r for r, m in smtp_server.received if not m["Subject"].startswith("[TEST]"))
    assert real == ["ase@example.no", "bjorn@example.no"]
    with sqlite_core.sessions() as session:
        mailing = session.scalars(select(Mailing)).one()
        assert (mailing.kind, mailing.subject) == ("newsletter", "Nyhetsbrev for {fornavn}")
        assert "<script>" in mailing.markdown and "<script" not in mailing.html
    assert sqlite_core.newsletters.drafts() == []  # the draft was sent
    # Sent: the open archive is offered, and the window's archive action runs.
    assert not dialog.archive_button.isHidden()
    refreshed: list[bool] = []
    monkeypatch.setattr(ArchiveAction, "run", lambda self: refreshed.append(True))
    qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert refreshed == [True]


def test_copy_a_previous_newsletter_into_the_editor(
    qtbot: QtBot, window: MainWindow, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kontakt.services.outreach.message import Sender
    from kontakt.services.outreach.newsletter import compose
    from kontakt.services.scope import ContactScope

    plan = sqlite_core.mailings.plan(ContactScope())
    sqlite_core.mailings.create(
        compose("Mai", "# Mai\n\nOm *rus*.").draft, Sender("N", "n@example.no"), plan
    )
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a: (items[0], True))
    dialog = open_newsletter(qtbot, window, monkeypatch)
    dialog.copy_previous()
    assert dialog.subject.text() == "Mai"
    assert dialog.body.toPlainText() == "# Mai\n\nOm *rus*."
    assert [d.subject for d in sqlite_core.newsletters.drafts()] == ["Mai"]


def test_the_board_edits_a_template_and_the_preview_uses_it(
    qtbot: QtBot, window: MainWindow, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from tests.e2e.test_newsletter_cli import png

    from kontakt.ui.dialogs.newsletter_template_dialog import NewsletterTemplateDialog

    logo = tmp_path / "logo.png"
    logo.write_bytes(png())

    def fill_and_save(dialog: NewsletterTemplateDialog) -> int:
        dialog.name.setText("Standard")  # the built-in name is refused, with a message
        dialog.save()
        assert "innebygde malen" in dialog.error.text()
        dialog.name.setText("Vestland")
        dialog.header.setPlainText("## Helsenettverket i Vestland")
        dialog.footer.setPlainText("Postboks 7, 5000 Bergen")
        dialog.set_logo(logo)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(NewsletterTemplateDialog, "exec", fill_and_save)
    dialog = open_newsletter(qtbot, window, monkeypatch)
    dialog.edit_template()
    assert dialog.letter_editor.template.currentText() == "Vestland"
    template, found = sqlite_core.newsletters.template("Vestland")
    assert found and template.logo == png() and template.footer == "Postboks 7, 5000 Bergen"
    assert "Helsenettverket i Vestland" in dialog.preview.toPlainText()
    assert "Postboks 7, 5000 Bergen" in dialog.preview.toPlainText()
