"""«Marker valgte …»: after the election, tick a place's elected candidates (issue 22).

Choose a municipality or county with candidates, tick the elected one by one
(or read a CSV/Excel list of their names: matched ones are ticked, the others
named), and «Marker valgte». The elected get a folkevalgt role for 2027–2031;
the rest are marked «ikke valgt» and listed for review. One change: the
window's Ctrl+Z takes it back (``outcome`` holds the outcome for the undo stack).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.role_text import role_line
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.io.importers.attendance import read_attendance
from kontakt.services.candidates import (
    Candidate,
    CandidatePlace,
    CandidateService,
    ElectionOutcome,
    match_names,
)


class ElectedDialog(QDialog):
    """Tick the elected among a place's candidates and record the result.

    Args:
        candidates: The candidate service.
        parent: The window.

    Attributes:
        outcome: What «Marker valgte» did (None until it ran).
    """

    def __init__(self, candidates: CandidateService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Marker valgte")
        self.resize(640, 520)
        self._service = candidates
        self.outcome: ElectionOutcome | None = None
        self._shown: list[Candidate] = []

        self.place_combo = QComboBox()
        for place, n in candidates.places():
            kind = "fylke" if place.county else "kommune"
            self.place_combo.addItem(
                f"{place.name} ({kind}, {plural(n, 'kandidat', 'kandidater')})", place
            )
        self.place_combo.currentIndexChanged.connect(self._load)
        self.list = QListWidget()
        self.file_button = QPushButton("Les valgte fra &fil …")
        self.file_button.clicked.connect(self._choose_file)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.mark_button = self.buttons.addButton(
            "&Marker valgte", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.mark_button.clicked.connect(self.mark)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Sted:", self.place_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Kryss av de valgte:"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.file_button)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if self.place_combo.count() == 0:
            self.message.setText("Ingen kandidater ennå. Legg inn verv av typen «Kandidat».")
            self.mark_button.setEnabled(False)
        self._load()

    def place(self) -> CandidatePlace | None:
        """The place chosen."""
        data = self.place_combo.currentData()
        return data if isinstance(data, CandidatePlace) else None

    def _load(self) -> None:
        self.list.clear()
        place = self.place()
        self._shown = self._service.candidates(place) if place is not None else []
        for c in self._shown:
            item = QListWidgetItem(f"{c.row.full_name} – {role_line(c.role)}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            elected = c.role.result == "valgt"
            item.setCheckState(Qt.CheckState.Checked if elected else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, c.row.uid)
            self.list.addItem(item)

    def ticked(self) -> list[str]:
        """The uids ticked."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def tick_from_file(self, path: Path) -> list[str]:
        """Tick the candidates a file of the elected names; returns the names not matched."""
        try:
            people = read_attendance(path)
        except KontaktError as exc:
            self.message.setText(str(exc))
            return []
        uids, unmatched = match_names(self._shown, [(p.name, p.email) for p in people])
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in uids:
                item.setCheckState(Qt.CheckState.Checked)
        text = f"{path.name}: {plural(len(uids), 'kandidat', 'kandidater')} krysset av."
        if unmatched:
            names = ", ".join(f"«{n}»" for n in unmatched)
            text += f" Fant ingen (eller flere) kandidater med navnet {names}."
        self.message.setText(text)
        return unmatched

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Liste over valgte", "", "Regneark og CSV (*.csv *.tsv *.txt *.xlsx *.ods)"
        )
        if name:
            self.tick_from_file(Path(name))

    def mark(self) -> None:
        """Record the ticked as elected and the others as not; show who to review."""
        place = self.place()
        if place is None:
            return
        try:
            self.outcome = self._service.mark_elected(place, self.ticked())
        except KontaktError as exc:
            self.message.setText(str(exc))
            return
        lines = [
            f"{plural(len(self.outcome.elected), 'valgt', 'valgte')} i {place.name} har fått "
            "vervet som folkevalgt 2027–2031."
        ]
        if self.outcome.not_elected:
            lines.append("Ikke valgt (til gjennomgang):")
            lines += [f"– {c.row.full_name}" for c in self.outcome.not_elected]
        self.message.setText("\n".join(lines))
        self.mark_button.setEnabled(False)
        self.place_combo.setEnabled(False)
        self.file_button.setEnabled(False)
