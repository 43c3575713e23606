"""The composer's line naming the recipients whose message cannot be built.

A value stored before Kontakt cleaned text on the way in (a line break in a
role merged into the subject through {verv}, say) cannot go into a header:
that recipient will be marked failed, with the reason, when the mailing is
sent. The secretary sees who and why while writing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kontakt.domain.templating import FIELDS
from kontakt.services.outreach.mailing import MailingPlan, MailingService
from kontakt.services.outreach.message import MailDraft
from kontakt.ui.widgets.task_panel import plural

# A subject with every merge field: whoever's message fails with it could fail
# with some subject, whoever's does not, cannot (see RecipientProblems.set_plan).
_EVERY_FIELD = MailDraft("".join("{" + name + "}" for name in FIELDS), "-")
SHOWN = 3


class RecipientProblems(QLabel):
    """A red line: «1 mottaker kan ikke få e-posten …», naming the first few and why.

    Args:
        mailings: Checks the recipients (:meth:`MailingService.problems`).
        parent: The owning widget.
    """

    def __init__(self, mailings: MailingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mailings = mailings
        self._suspects = MailingPlan()
        self.reasons: dict[str, str] = {}
        """Why each named recipient's message cannot be built, by contact uid."""
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("color: #b3261e")

    def set_plan(self, plan: MailingPlan) -> None:
        """Take new recipients; call :meth:`check` next."""
        # Checked once per scope, so that a keystroke checks only these few
        # (all 10,000 recipients of a big mailing take 80 ms).
        flagged = {p.uid for p in self._mailings.problems(_EVERY_FIELD, plan)}
        self._suspects = MailingPlan([r for r in plan.recipients if r.uid in flagged])

    def check(self, written: MailDraft) -> None:
        """Name the recipients whose message, as written now, cannot be built."""
        found = self._mailings.problems(written, self._suspects)
        self.reasons = {p.uid: p.reason for p in found}
        if not found:
            self.clear()
            return
        named = "; ".join(f"{p.name}: {p.reason}" for p in found[:SHOWN])
        more = f" … og {len(found) - SHOWN} til" if len(found) > SHOWN else ""
        self.setText(
            f"{plural(len(found), 'mottaker', 'mottakere')} kan ikke få e-posten "
            f"og blir markert som feilet. {named}{more}"
        )
