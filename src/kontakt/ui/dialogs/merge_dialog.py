"""The side-by-side merge of two contacts: a choice per field, lists united, «Bytt om».

Each single field shows both contacts' values as radio buttons, the fill-empty
choice preselected (notes can keep both); e-mails, phones, topics, labels and
roles are united and shown as the result. «Slå sammen» merges with the
versions shown, so a contact changed meanwhile (shared database) brings the
conflict dialog instead of a merge.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.contact_state import row_to_state
from kontakt.domain.merge import BOTH, KEEP, LIST_FIELDS, OTHER, SINGLE_FIELDS, side_value
from kontakt.domain.records import ContactRow
from kontakt.errors import ConflictError, KontaktError
from kontakt.services.merging import MergePlan, MergeResult, MergingService
from kontakt.services.merging.plan import FIELD_WORDS, moving_text, show
from kontakt.ui.dialogs.conflict import ConflictDialog


class MergeDialog(QDialog):
    """Merge two contacts, the user choosing each field's value.

    Args:
        parent: The window.
        merging: Plans and performs the merge.
        keep_uid: The contact proposed to stay.
        other_uid: The contact proposed to be merged into it.

    Attributes:
        merged: The merge done, once «Slå sammen» succeeded (else None).
    """

    def __init__(
        self, parent: QWidget | None, merging: MergingService, keep_uid: str, other_uid: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Slå sammen kontakter")
        self._merging = merging
        self.merged: MergeResult | None = None
        self._groups: dict[str, QButtonGroup] = {}
        self._radios: dict[tuple[str, str], QRadioButton] = {}
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        scroll.setWidget(self._body)
        layout.addWidget(scroll)
        self.moving = QLabel()
        self.moving.setWordWrap(True)
        layout.addWidget(self.moving)
        buttons = QDialogButtonBox()
        self.swap_button = QPushButton("Bytt om")
        self.swap_button.setToolTip("Behold den andre kontakten i stedet")
        self.merge_button = QPushButton("Slå sammen")
        buttons.addButton(self.swap_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        self.swap_button.clicked.connect(self.swap)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.plan: MergePlan = merging.plan(keep_uid, other_uid)
        self._fill()

    def radio(self, name: str, side: str) -> QRadioButton:
        """The radio button choosing ``side`` ("keep", "other", "both") for a field."""
        return self._radios[(name, side)]

    def choices(self) -> dict[str, str]:
        """The side chosen per single field."""
        out = {}
        for name, group in self._groups.items():
            checked = group.checkedButton()
            out[name] = str(checked.property("side")) if checked else KEEP
        return out

    def _fill(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._groups.clear()
        self._radios.clear()
        plan = self.plan
        keep, other = plan.keep.to_draft(), plan.other.to_draft()
        self.intro.setText(
            f"«{plan.keep.full_name}» beholdes; «{plan.other.full_name}» slås inn i den og "
            "fjernes. Velg verdien for hvert felt. Sammenslåingen kan angres (Ctrl+Z)."
        )
        for col, title in enumerate(("Felt", "Beholdes", "Slås inn"), start=0):
            self._grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        row = 1
        both = ((keep, plan.keep), (other, plan.other))
        for name in SINGLE_FIELDS:
            if {show(name, side_value(draft, name), row) for draft, row in both} == {"tom"}:
                continue  # empty on both sides: nothing to choose (the default stays)
            group = QButtonGroup(self)
            self._groups[name] = group
            self._grid.addWidget(QLabel(FIELD_WORDS[name]), row, 0)
            sides = [(KEEP, keep, plan.keep), (OTHER, other, plan.other)]
            for col, (side, draft, contact) in enumerate(sides, start=1):
                button = QRadioButton(show(name, side_value(draft, name), contact))
                self._add(name, side, button, group, row, col)
            if name == "notes":
                self._add(name, BOTH, QRadioButton("Begge"), group, row, 3)
            self._radios[(name, plan.choices[name])].setChecked(True)
            row += 1
        for name in (*LIST_FIELDS, "opted_out"):
            self._grid.addWidget(QLabel(FIELD_WORDS[name]), row, 0)
            united = QLabel(show(name, getattr(plan.result, name)))
            united.setWordWrap(True)
            united.setToolTip("Listene slås sammen: alt fra begge beholdes.")
            self._grid.addWidget(united, row, 1, 1, 2)
            self._grid.addWidget(QLabel("<i>fra begge</i>"), row, 3)
            row += 1
        self._grid.setRowStretch(row, 1)  # few rows stay at the top
        self.moving.setText(f"Flyttes til «{plan.keep.full_name}»: {moving_text(plan.moving)}.")

    def _add(
        self, name: str, side: str, button: QRadioButton, group: QButtonGroup, row: int, col: int
    ) -> None:
        button.setProperty("side", side)
        group.addButton(button)
        self._radios[(name, side)] = button
        self._grid.addWidget(button, row, col)

    def swap(self) -> None:
        """Keep the other contact instead (the choices are proposed anew)."""
        self._replan(self.plan.other.uid, self.plan.keep.uid)

    def _replan(self, keep_uid: str, other_uid: str) -> None:
        try:
            self.plan = self._merging.plan(keep_uid, other_uid)
        except KontaktError as exc:
            QMessageBox.warning(self, "Kontakt", str(exc))
            self.reject()
            return
        self._fill()

    def merge(self) -> None:
        """Merge with the chosen values; a contact changed meanwhile shows the conflict."""
        plan = self.plan
        try:
            self.merged = self._merging.merge(
                plan.keep.uid, plan.other.uid, self.choices(), plan.versions
            )
        except ConflictError as exc:
            shown = plan.keep if exc.uid == plan.keep.uid else plan.other
            try:
                stored = row_to_state(self._stored(exc.uid))
            except KontaktError:
                stored = {}
            dialog = ConflictDialog(
                str(exc), list(exc.changed_fields) or ["version"], stored, row_to_state(shown), self
            )
            dialog.keep_button.hide()  # a merge is never made over values not seen
            if dialog.exec() == ConflictDialog.RELOAD:
                self._replan(plan.keep.uid, plan.other.uid)
            return
        except KontaktError as exc:
            QMessageBox.warning(self, "Kan ikke slå sammen", str(exc))
            return
        self.accept()

    def _stored(self, uid: str) -> ContactRow:
        plan = self._merging.plan(self.plan.keep.uid, self.plan.other.uid)
        return plan.keep if uid == plan.keep.uid else plan.other
