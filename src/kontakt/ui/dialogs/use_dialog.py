"""«Legg til bruk …»: a small form for where a document was used.

Place (county, then one of its municipalities or the whole county), date
(today to begin with), who used it (chosen among the contacts), outcome,
link and a note. The service checks and stores it; a refusal is shown in
red and the form stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.document_uses import OUTCOME_LABELS, UseDraft, UseOutcome
from kontakt.domain.geography import Geography
from kontakt.errors import KontaktError
from kontakt.services.search import SearchService
from kontakt.ui.widgets.contact_picker import ContactPickerDialog
from kontakt.ui.widgets.date_edit import OptionalDateEdit
from kontakt.ui.widgets.form import FORM_STYLE, error_label, small_button


class UseDialog(QDialog):
    """Fill in (or change) one use of a document; ``store`` saves it.

    Args:
        geography: Counties and their municipalities.
        search: Finds the person who used it.
        store: Saves the draft (raises KontaktError to refuse it).
        draft: The fields to start from (a prefilled or stored use).
        by_name: The name of ``draft.by``, as shown.
        parent: Parent widget.
    """

    def __init__(
        self,
        geography: Geography,
        search: SearchService,
        store: Callable[[UseDraft], object],
        draft: UseDraft | None = None,
        by_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.geography = geography
        self.search = search
        self.store = store
        self.picker: ContactPickerDialog | None = None
        self.by_uid = ""
        self.setWindowTitle("Bruk av dokumentet")
        self.setStyleSheet(FORM_STYLE)
        self.county_combo = QComboBox()
        self.county_combo.addItem("(velg fylke)", "")
        for county in geography.counties:
            self.county_combo.addItem(county.name, county.number)
        self.municipality_combo = QComboBox()
        self.county_combo.currentIndexChanged.connect(self._fill_municipalities)
        self.date_edit = OptionalDateEdit(today_button=True)
        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem("(ikke kjent ennå)", "")
        for outcome in UseOutcome:
            self.outcome_combo.addItem(OUTCOME_LABELS[outcome], outcome.value)
        self.by_label = QLabel()
        self.by_button = small_button("Velg …", "Velg blant kontaktene")
        self.by_button.clicked.connect(self.choose_person)
        self.by_clear = small_button("Fjern")
        self.by_clear.clicked.connect(lambda: self.set_person("", ""))
        self.link_edit = QLineEdit()
        self.link_edit.setPlaceholderText("https://… saken, vedtaket eller innlegget")
        self.note_edit = QLineEdit()
        self.error = error_label()
        by_row = QHBoxLayout()
        by_row.addWidget(self.by_label, 1)
        by_row.addWidget(self.by_button)
        by_row.addWidget(self.by_clear)
        form = QFormLayout()
        form.addRow("&Fylke:", self.county_combo)
        form.addRow("&Kommune:", self.municipality_combo)
        form.addRow("&Dato:", self.date_edit)
        form.addRow("&Utfall:", self.outcome_combo)
        form.addRow("Brukt av:", by_row)
        form.addRow("&Lenke:", self.link_edit)
        form.addRow("&Notat:", self.note_edit)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lagre", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.show_draft(draft or UseDraft(date=dt.date.today()), by_name)

    def _fill_municipalities(self) -> None:
        county = str(self.county_combo.currentData() or "")
        self.municipality_combo.clear()
        self.municipality_combo.addItem("(hele fylket)" if county else "(velg fylke først)", "")
        self.municipality_combo.setEnabled(bool(county))
        if county:
            for m in self.geography.municipalities_in(county):
                self.municipality_combo.addItem(m.name, m.number)

    def show_draft(self, draft: UseDraft, by_name: str = "") -> None:
        """Fill the form in from a draft."""
        county = draft.county
        if draft.municipality:
            county = self.geography.municipality(draft.municipality).county_number
        self.county_combo.setCurrentIndex(max(self.county_combo.findData(county), 0))
        self._fill_municipalities()
        self.municipality_combo.setCurrentIndex(
            max(self.municipality_combo.findData(draft.municipality), 0)
        )
        self.date_edit.set_date(draft.date)
        value = draft.outcome.value if draft.outcome else ""
        self.outcome_combo.setCurrentIndex(self.outcome_combo.findData(value))
        self.set_person(draft.by, by_name)
        self.link_edit.setText(draft.link)
        self.note_edit.setText(draft.note)

    def set_person(self, uid: str, name: str) -> None:
        """Who used it («Fjern»: nobody named)."""
        self.by_uid = uid
        self.by_label.setText(name or ("(uten navn)" if uid else "(ingen valgt)"))
        self.by_clear.setEnabled(bool(uid))

    def choose_person(self) -> None:
        """«Velg …»: the contact who used it."""
        self.picker = ContactPickerDialog(self.search, "Hvem brukte dokumentet?", self)
        if self.picker.exec() and self.picker.chosen:
            row = self.picker.chosen[0]
            self.set_person(row.uid, row.full_name)

    def draft(self) -> UseDraft:
        """The form as filled in."""
        municipality = str(self.municipality_combo.currentData() or "")
        outcome = self.outcome_combo.currentData()
        return UseDraft(
            municipality=municipality,
            county="" if municipality else str(self.county_combo.currentData() or ""),
            date=self.date_edit.date(),
            outcome=UseOutcome(outcome) if outcome else None,
            by=self.by_uid,
            link=self.link_edit.text(),
            note=self.note_edit.text(),
        )

    def accept(self) -> None:
        """«Lagre»: store the use; a refusal stays in the form, in red."""
        try:
            self.store(self.draft())
        except KontaktError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        super().accept()
