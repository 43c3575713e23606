"""«Utsendinger -> Vis …»: a mailing as sent, its recipients and answers, saved as Excel."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from tests.fixtures.mailbox_world import World, answer_newsletter, send_world
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401

from kontakt.app import Core
from kontakt.ui.dialogs.mailing_report_dialog import MailingReportDialog
from kontakt.ui.dialogs.mailings_dialog import MailingsDialog


@pytest.fixture
def world(sqlite_core: Core, smtp_server: SmtpServer) -> World:  # noqa: F811
    w = send_world(sqlite_core, smtp_server)
    answer_newsletter(sqlite_core, w)
    return w


def test_a_mailing_is_opened_with_its_message_recipients_and_answers_and_saved_for_the_board(
    qtbot: QtBot,
    sqlite_core: Core,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = sqlite_core
    dialog = MailingsDialog(c.mailings, c.outbox, c.inbox, c.mailing_reports)
    qtbot.addWidget(dialog)
    opened: list[MailingReportDialog] = []

    def exec_without_blocking(self: MailingReportDialog) -> int:
        opened.append(self)
        qtbot.addWidget(self)
        self.show()
        return 0

    monkeypatch.setattr(MailingReportDialog, "exec", exec_without_blocking)
    dialog.show()
    rows = {dialog.table.item(r, 2).text(): r for r in range(dialog.table.rowCount())}
    dialog.table.selectRow(rows["Nyhetsbrev desember"])
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    report = opened[0]
    assert "Nyhetsbrev desember" in report.header.text()
    assert "6 sendt" in report.header.text()
    assert "til 6 mottakere" in report.header.text()  # stored without a filter in words
    assert "1 svar, 1 avmelding, 1 returnert" in report.header.text()
    assert report.message.toPlainText() == "Hei {fornavn}!\n\nNytt fra nettverket."
    assert report.recipients.rowCount() == 6
    statuses = {report.recipients.item(r, 2).text() for r in range(6)}
    assert statuses == {"Sendt"}
    assert report.responses.list.count() == 3
    assert report.tabs.tabText(2) == "&Svar (3)"

    # «Lagre rapport …», answered with a name without .xlsx, under an ordinary umask.
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "rapport"), "")
    )
    old_umask = os.umask(0o022)
    try:
        qtbot.mouseClick(report.save_button, Qt.MouseButton.LeftButton)
    finally:
        os.umask(old_umask)
    target = tmp_path / "rapport.xlsx"
    assert report.saved == target and f"Skrev {target}" in report.status.text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # names and addresses: owner-only
    wb = load_workbook(target)
    assert wb.sheetnames == ["Utsending", "Mottakere", "Svar"]
    about = {r[0]: r[1] for r in wb["Utsending"].iter_rows(min_row=4, values_only=True)}
    assert about["Emne"] == "Nyhetsbrev desember" and about["Sendt"] == 6
    assert about["Avmeldinger"] == 1 and about["Returnert"] == 1
    assert about["Tekst (med flettefelt)"] == "Hei {fornavn}!\n\nNytt fra nettverket."
    addresses = [r[1] for r in wb["Mottakere"].iter_rows(min_row=4, values_only=True)]
    assert sorted(addresses) == sorted(
        ["kari@example.no", "ola@example.no", "siri@example.no", "anne@example.no",
         "per@example.no", "liv@example.no"]
    )  # fmt: skip
    answers = list(wb["Svar"].iter_rows(min_row=4, values_only=True))
    assert len(answers) == 3
    anne = next(a for a in answers if a[2] == "Anne Nordmann")
    assert anne[1] == "Svar" and "=SUM(A1) takk!" in anne[5]
    cell = next(c for row in wb["Svar"].iter_rows(min_row=4) for c in row if "=SUM" in str(c.value))
    assert cell.data_type == "s"  # a reply's text is never a formula

    # A file that cannot be written is said in words; nothing is raised.
    assert not report.save(tmp_path / "finnes-ikke" / "rapport.xlsx")
    assert "finnes-ikke" in report.status.text()


def test_a_double_click_opens_the_mailing_too(
    qtbot: QtBot, sqlite_core: Core, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = sqlite_core
    dialog = MailingsDialog(c.mailings, c.outbox, c.inbox, c.mailing_reports)
    qtbot.addWidget(dialog)
    opened: list[int] = []
    monkeypatch.setattr(
        MailingReportDialog, "exec", lambda self: opened.append(self.report.overview.id) or 0
    )
    dialog.show()
    item = dialog.table.item(0, 2)
    dialog.table.itemDoubleClicked.emit(item)
    assert opened == [world.invitation]  # the newest is listed first


def test_the_report_is_saved_as_a_pdf_the_board_can_read(
    qtbot: QtBot,
    sqlite_core: Core,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = MailingReportDialog(sqlite_core.mailing_reports.report(world.newsletter))
    qtbot.addWidget(report)
    # «Lagre rapport …» with the PDF filter chosen and a name without a suffix.
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "styret"), "PDF (*.pdf)")
    )
    old_umask = os.umask(0o022)
    try:
        qtbot.mouseClick(report.save_button, Qt.MouseButton.LeftButton)
    finally:
        os.umask(old_umask)
    target = tmp_path / "styret.pdf"
    assert report.saved == target, report.status.text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # Qt's PDF text layer separates words with tabs: compare words, not spacing.
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert f"Utsending nr. {world.newsletter}: Nyhetsbrev desember" in text
    assert "Mottakere (6)" in text and "ola@example.no" in text
    assert "Hei {fornavn}!" in text  # the text as written, merge fields and all
    assert "1 svar, 1 avmelding, 1 returnert" in text
