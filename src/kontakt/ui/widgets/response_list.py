"""«Svar»: what came back to one mailing, shown under it in «Utsendinger».

Replies, opt-outs, returned messages and answers to an invitation that
«Hent svar» applied, newest last, with counts; «Svar i e-postprogram» opens
the mail program with an answer to the chosen person.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.services.outreach.inbox import Response
from kontakt.services.outreach.inbox_responses import responses_text


class ResponseList(QWidget):
    """The answers to one mailing.

    Args:
        responses: The applied answers to a mailing by its number.
        open_url: Opens a mailto: link (the desktop's mail program by default).
        parent: The mailings dialog.
    """

    def __init__(
        self,
        responses: Callable[[int], list[Response]],
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._responses = responses
        self._open_url = open_url
        self._found: list[Response] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.answer_button = QPushButton("Svar i e-post&program")
        self.answer_button.setToolTip("Skriv et svar til personen i e-postprogrammet ditt")
        self.answer_button.clicked.connect(self.answer)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.answer_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.show_for(None)

    def show_for(self, mailing_id: int | None) -> None:
        """List the answers to this mailing (None: nothing chosen)."""
        self._found = self._responses(mailing_id) if mailing_id is not None else []
        self.summary.setText(responses_text(self._found) if mailing_id is not None else "")
        self.list.clear()
        for r in self._found:
            item = QListWidgetItem(
                f"{r.at.astimezone():%d.%m.%Y}  {r.label}: {r.name} – {r.subject}"
            )
            item.setToolTip(r.note)
            self.list.addItem(item)
        self.list.setVisible(bool(self._found))
        self._enable()

    def _enable(self) -> None:
        row = self.list.currentRow()
        self.answer_button.setEnabled(
            0 <= row < len(self._found) and bool(self._found[row].address)
        )

    def answer(self) -> None:
        """«Svar i e-postprogram»: a new message to the chosen person, in the mail program."""
        row = self.list.currentRow()
        if not 0 <= row < len(self._found):
            return
        r = self._found[row]
        subject = r.subject.removeprefix("Svar: ")
        subject = subject if subject.lower().startswith(("re:", "sv:")) else f"Re: {subject}"
        self._open_url(QUrl(f"mailto:{quote(r.address, safe='@')}?subject={quote(subject)}"))
