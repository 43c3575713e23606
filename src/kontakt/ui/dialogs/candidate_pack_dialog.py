"""«E-post → Kandidatpakke …»: choose a place, see what its candidates get, send (issue 22).

The pack (:mod:`kontakt.services.outreach.candidate_pack`) is shown as three
lists: the candidates who get it, the idébank's documents on their topics
(attached) and the officials in the county who work on them (named in the
message). «Skriv e-post …» opens the ordinary composer with the message and
the attachments filled in and the candidates as the chosen recipients; the
mailing is stored tied to every document, so the deliveries are logged.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.documents import labelled_title
from kontakt.domain.records import ContactFilter, RoleKind
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.services.candidates import CandidatePlace, CandidateService
from kontakt.services.outreach.candidate_pack import CandidatePack, CandidatePackService
from kontakt.services.outreach.mailing import MailingPlan
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.ui.dialogs.composer import ComposerDialog, ComposerServices


class CandidatePackDialog(QDialog):
    """Preview and send a Kandidatpakke.

    Args:
        candidates: The candidates by place.
        packs: Builds and stores the pack.
        composing: What the composer takes.
        parent: The window.

    Attributes:
        pack: The pack shown (None when there are no candidates).
        mailing_id: The mailing stored, once sent.
    """

    def __init__(
        self,
        candidates: CandidateService,
        packs: CandidatePackService,
        composing: ComposerServices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kandidatpakke")
        self.resize(860, 560)
        self._packs = packs
        self._composing = composing
        self.pack: CandidatePack | None = None
        self.mailing_id: int | None = None
        self.composer: ComposerDialog | None = None

        self.place_combo = QComboBox()
        for place, n in candidates.places():
            kind = "fylke" if place.county else "kommune"
            text = f"{place.name} ({kind}, {plural(n, 'kandidat', 'kandidater')})"
            self.place_combo.addItem(text, place)
        self.place_combo.currentIndexChanged.connect(self._load)
        self.topics_label = QLabel()
        self.topics_label.setWordWrap(True)
        self.candidate_list = QListWidget()
        self.document_list = QListWidget()
        self.official_list = QListWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = buttons.addButton(
            "&Skriv e-post …", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.write_button.clicked.connect(self.write)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Sted:", self.place_combo)
        form.addRow("Tema:", self.topics_label)
        columns = QHBoxLayout()
        for title, widget in (
            ("Kandidater (mottakere)", self.candidate_list),
            ("Dokumenter fra idébanken (vedlegg)", self.document_list),
            ("Folkevalgte og tillitsvalgte i fylket", self.official_list),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(widget, 1)
            columns.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if self.place_combo.count() == 0:
            self.message.setText("Ingen kandidater ennå. Legg inn verv av typen «Kandidat».")
            self.write_button.setEnabled(False)
        self._load()

    def place(self) -> CandidatePlace | None:
        """The place chosen."""
        data = self.place_combo.currentData()
        return data if isinstance(data, CandidatePlace) else None

    def _load(self) -> None:
        for widget in (self.candidate_list, self.document_list, self.official_list):
            widget.clear()
        place = self.place()
        if place is None:
            self.pack = None
            return
        self.pack = pack = self._packs.pack(place)
        self.topics_label.setText(", ".join(pack.topics) or "(ingen)")
        for c in pack.candidates:
            self.candidate_list.addItem(f"{c.row.full_name} <{c.row.primary_email or '–'}>")
        for d in pack.documents:
            self.document_list.addItem(labelled_title(d.kind, d.title))
        for r in pack.officials:
            self.official_list.addItem(f"{r.full_name} <{r.primary_email or '–'}>")

    def write(self) -> None:
        """Open the composer with the pack's message; sending stores and logs the mailing."""
        pack = self.pack
        if pack is None:
            return
        try:
            draft = self._packs.mail_draft(pack)
        except KontaktError as exc:
            self.message.setText(str(exc))
            return
        place = pack.place.place
        current = ContactFilter(
            role_kind=RoleKind.KANDIDAT,
            county=place.number if pack.place.county else "",
            municipality="" if pack.place.county else place.number,
        )
        packs = self._packs

        def store(message: MailDraft, sender: Sender, plan: MailingPlan, _scope: str) -> int:
            self.mailing_id = packs.create_mailing(pack, sender, message, plan)
            return self.mailing_id

        uids = list(dict.fromkeys(c.row.uid for c in pack.candidates))
        self.composer = ComposerDialog(
            self._composing, uids, current, f"kandidater i {pack.place.name}", self,
            title="Kandidatpakke", draft=draft, store=store,
        )  # fmt: skip
        self.composer.exec()
