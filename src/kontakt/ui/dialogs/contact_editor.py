"""The contact editor: one dialog to create a contact or change an existing one.

The form is spread over three tabs: «Person» (name, e-mail, phone, organisation,
municipality), «Verv og tema» (roles and topics) and «Personvern og notater»
(legal basis, reservation, notes). :meth:`ContactEditor.draft` returns what the
form holds, as typed; the contact service normalises it when it is stored.

Problems are shown where they are: the field gets a red border and the reason
appears in red right below it, in Norwegian. E-mail addresses, phone numbers,
the municipality and role dates are checked as soon as the user leaves them;
everything is checked again with :func:`~kontakt.services.validation.validate_draft`
when «Lagre» is pressed, and nothing is saved while a field is marked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.geography import Geography
from kontakt.domain.normalize import format_phone, normalize_email, normalize_name, normalize_phone
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    ContactRow,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.domain.text import clean, fold, sort_key
from kontakt.errors import KontaktError, ValidationError
from kontakt.services.validation import DraftErrors, validate_draft
from kontakt.ui.widgets.date_edit import OptionalDateEdit
from kontakt.ui.widgets.form import (
    EMAIL_KINDS,
    ERROR_COLOUR,
    FORM_STYLE,
    INVALID_BACKGROUND,
    PHONE_KINDS,
    error_label,
    make_combo,
    parse_date,
    set_invalid,
    small_button,
)
from kontakt.ui.widgets.role_table import RoleTable
from kontakt.ui.widgets.value_list import ValueListEditor

_TAB_PERSON = 0
_TAB_ROLES = 1
_TAB_PRIVACY = 2

_INDEXED_FIELD = re.compile(r"^(emails|phones|roles)\[(\d+)\](?:\.(start|end))?$")

__all__ = ["ContactEditor", "OptionalDateEdit", "RoleTable", "ValueListEditor", "parse_date"]


@dataclass
class _Target:
    """Where the error of one field is shown."""

    label: QLabel
    tab: int
    prefix: str = ""
    widgets: list[QWidget] = field(default_factory=list)
    cells: list[QTableWidgetItem] = field(default_factory=list)


# -- the dialog ----------------------------------------------------------------------------


class ContactEditor(QDialog):
    """Create or edit one contact.

    Pressing «Lagre» (or Ctrl+S) clears the marks, checks the form with
    :func:`~kontakt.services.validation.validate_draft` (plus the role dates) and, if
    everything is valid, calls ``save(draft)``. A :class:`DraftErrors` from ``save``
    marks the fields; another :class:`KontaktError` is shown in a message box; in
    both cases the dialog stays open. When ``save`` returns, the dialog is accepted.
    «Avbryt» and Esc close the dialog without saving.

    Args:
        geography: Counties and municipalities (completion, county label, checks).
        topics: Names of the topics offered as check boxes.
        save: Stores the draft; may call :meth:`load` (e.g. after a conflict) and
            then raise a ``KontaktError`` or return.
        contact: The contact to edit, or None for a new one.
        parent: Parent widget.

    Attributes:
        contact: The contact last loaded, or None for a new one.
        saved: What ``save`` returned the last time it succeeded (None until then).

    Signals:
        None of its own; ``accepted``, ``rejected`` and ``finished`` as any QDialog.
    """

    def __init__(
        self,
        geography: Geography,
        topics: Sequence[str],
        save: Callable[[ContactDraft], object],
        contact: ContactRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.geography = geography
        self._topics = tuple(topics)
        self._save = save
        self.contact: ContactRow | None = None
        self.saved: object = None
        self._labels: tuple[str, ...] = ()
        self._errors: dict[str, str] = {}
        self._marked_widgets: list[QWidget] = []
        self._loading = False
        self._saving = False

        self.setStyleSheet(FORM_STYLE)
        self.setSizeGripEnabled(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_person_tab(), "Person")
        self.tabs.addTab(self._build_roles_tab(), "Verv og tema")
        self.tabs.addTab(self._build_privacy_tab(), "Personvern og notater")

        self.general_error_label = error_label()
        self.save_button = QPushButton("Lagre")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Lagre kontakten (Ctrl+S)")
        self.cancel_button = QPushButton("Avbryt")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip("Lukk uten å lagre (Esc)")
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self._on_save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error_label)
        layout.addWidget(buttons)

        self.resize(820, 680)
        self.load(contact)

    # -- building ----------------------------------------------------------------------

    def _build_person_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.given_name_edit = QLineEdit()
        self.family_name_edit = QLineEdit()
        self.given_name_error = error_label()
        self.family_name_error = error_label()
        for edit in (self.given_name_edit, self.family_name_edit):
            edit.editingFinished.connect(self._check_names)
            edit.textChanged.connect(self._recheck_names)
        form.addRow("&Fornavn:", self._with_error(self.given_name_edit, self.given_name_error))
        form.addRow("&Etternavn:", self._with_error(self.family_name_edit, self.family_name_error))
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("f.eks. Helse Bergen, Fagforbundet")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("f.eks. sykepleier, bystyremedlem")
        self.party_edit = QLineEdit()
        self.party_edit.setPlaceholderText("f.eks. SV")
        form.addRow("&Organisasjon:", self.organisation_edit)
        form.addRow("&Tittel:", self.title_edit)
        form.addRow("&Parti:", self.party_edit)

        self.municipality_edit = QLineEdit()
        self.municipality_edit.setPlaceholderText("Navn eller nummer, f.eks. Bergen eller 4601")
        names = sorted((m.name for m in self.geography.municipalities), key=sort_key)
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.municipality_edit.setCompleter(completer)
        self.municipality_edit.textChanged.connect(self._municipality_changed)
        self.municipality_edit.editingFinished.connect(self._check_municipality)
        self.county_label = QLabel()
        self.county_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("Fylke: ") + 180)
        self.county_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        municipality_row = QHBoxLayout()
        municipality_row.setContentsMargins(0, 0, 0, 0)
        municipality_row.addWidget(self.municipality_edit, 1)
        municipality_row.addWidget(self.county_label)
        municipality_box = QWidget()
        municipality_box.setLayout(municipality_row)
        self.municipality_error = error_label()
        form.addRow("&Kommune:", self._with_error(municipality_box, self.municipality_error))

        counties = sorted(self.geography.counties, key=lambda c: sort_key(c.name))
        self.county_combo = make_combo([("", ""), *((c.number, c.name) for c in counties)])
        self.county_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.county_combo.currentIndexChanged.connect(lambda _i: self._set_error("county", None))
        county_hint = QLabel("Brukes bare for kontakter uten kommune.")
        county_hint.setEnabled(False)
        county_row = QHBoxLayout()
        county_row.setContentsMargins(0, 0, 0, 0)
        county_row.addWidget(self.county_combo)
        county_row.addWidget(county_hint, 1)
        county_box = QWidget()
        county_box.setLayout(county_row)
        self.county_error = error_label()
        form.addRow("F&ylke:", self._with_error(county_box, self.county_error))
        layout.addLayout(form)

        self.emails = ValueListEditor(
            EMAIL_KINDS, "Legg til e-post", "navn@eksempel.no", "Primær e-postadresse"
        )
        self.emails.value_edited.connect(lambda i: self._check_value("emails", i))
        self.emails.value_changed.connect(lambda i: self._recheck_value("emails", i))
        self.emails.row_removed.connect(lambda i: self._row_removed("emails", i))
        self.emails.rows_changed.connect(self._set_tab_order)
        self.phones = ValueListEditor(
            PHONE_KINDS, "Legg til telefon", "987 65 432", "Primært telefonnummer"
        )
        self.phones.value_edited.connect(lambda i: self._check_value("phones", i))
        self.phones.value_changed.connect(lambda i: self._recheck_value("phones", i))
        self.phones.row_removed.connect(lambda i: self._row_removed("phones", i))
        self.phones.rows_changed.connect(self._set_tab_order)
        for title, editor in (("E-post", self.emails), ("Telefon", self.phones)):
            group = QGroupBox(title)
            group_layout = QVBoxLayout(group)
            group_layout.addWidget(editor)
            layout.addWidget(group)
        layout.addStretch()
        return self._scrolling(page)

    def _build_roles_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)

        roles_group = QGroupBox("Verv")
        roles_layout = QVBoxLayout(roles_group)
        self.roles = RoleTable()
        self.roles.itemChanged.connect(self._role_item_changed)
        self.roles.itemSelectionChanged.connect(self._update_role_buttons)
        self.roles_error = error_label()
        self.add_role_button = small_button("Legg til verv")
        self.add_role_button.clicked.connect(self._add_role)
        self.remove_role_button = small_button("Fjern verv", "Fjern vervet som er valgt")
        self.remove_role_button.clicked.connect(self._remove_role)
        role_buttons = QHBoxLayout()
        role_buttons.addWidget(self.add_role_button)
        role_buttons.addWidget(self.remove_role_button)
        role_buttons.addStretch()
        role_hint = QLabel("Datoer skrives dd.mm.åååå. Dobbeltklikk en celle for å endre den.")
        role_hint.setEnabled(False)
        role_buttons.addWidget(role_hint)
        roles_layout.addWidget(self.roles, 1)
        roles_layout.addWidget(self.roles_error)
        roles_layout.addLayout(role_buttons)
        layout.addWidget(roles_group, 3)

        topics_group = QGroupBox("Tema")
        topics_layout = QVBoxLayout(topics_group)
        self.topic_list = QListWidget()
        self.topic_list.setFlow(QListWidget.Flow.LeftToRight)
        self.topic_list.setWrapping(True)
        self.topic_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.topic_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.new_topic_edit = QLineEdit()
        self.new_topic_edit.setPlaceholderText("Nytt tema …")
        self.new_topic_edit.installEventFilter(self)
        self.add_topic_button = small_button("Legg til tema")
        self.add_topic_button.clicked.connect(self._add_new_topic)
        new_topic_row = QHBoxLayout()
        new_topic_row.addWidget(self.new_topic_edit, 1)
        new_topic_row.addWidget(self.add_topic_button)
        topics_layout.addWidget(self.topic_list, 1)
        topics_layout.addLayout(new_topic_row)
        layout.addWidget(topics_group, 2)
        return page

    def _build_privacy_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        consent_group = QGroupBox("Personvern")
        form = QFormLayout(consent_group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.consent_combo = make_combo(
            [("", ""), *((basis.value, basis.value.capitalize()) for basis in ConsentBasis)]
        )
        self.consent_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.consent_date = OptionalDateEdit()
        self.consent_source_edit = QLineEdit()
        self.consent_source_edit.setPlaceholderText(
            "Hvor opplysningene kom fra, f.eks. påmeldingsskjema eller møte"
        )
        self.opted_out_box = QCheckBox("Ønsker ikke e-post (reservert)")
        self.last_confirmed = OptionalDateEdit(today_button=True)
        form.addRow("&Rettsgrunnlag:", self._left(self.consent_combo))
        form.addRow("&Dato:", self.consent_date)
        form.addRow("&Kilde:", self.consent_source_edit)
        form.addRow("", self.opted_out_box)
        form.addRow("&Sist bekreftet:", self.last_confirmed)
        layout.addWidget(consent_group)

        notes_group = QGroupBox("Notater")
        notes_layout = QVBoxLayout(notes_group)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Notater om kontakten …")
        self.notes_edit.setTabChangesFocus(True)
        notes_layout.addWidget(self.notes_edit)
        layout.addWidget(notes_group, 1)
        return page

    @staticmethod
    def _with_error(widget: QWidget, label: QLabel) -> QWidget:
        """``widget`` with ``label`` right below it."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(label)
        return box

    @staticmethod
    def _left(widget: QWidget) -> QWidget:
        """``widget`` at its preferred width, aligned left in a form row."""
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        layout.addStretch()
        return box

    @staticmethod
    def _scrolling(page: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidget(page)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return area

    # -- public API --------------------------------------------------------------------

    def load(self, contact: ContactRow | None) -> None:
        """Fill the form from ``contact``; None gives an empty form for a new contact."""
        self._loading = True
        try:
            self.contact = contact
            self._errors.clear()
            if contact is None:
                self.setWindowTitle("Ny kontakt")
            elif contact.full_name:
                self.setWindowTitle(f"Rediger kontakt – {contact.full_name}")
            else:
                self.setWindowTitle("Rediger kontakt")
            self._labels = contact.labels if contact else ()

            self.given_name_edit.setText(contact.given_name if contact else "")
            self.family_name_edit.setText(contact.family_name if contact else "")
            self.organisation_edit.setText(contact.organisation if contact else "")
            self.title_edit.setText(contact.title if contact else "")
            self.party_edit.setText(contact.party if contact else "")

            self.emails.clear_rows()
            for email in contact.emails if contact else ():
                self.emails.add_row(email.address, email.kind.value, email.primary)
            if not self.emails.rows:
                self.emails.add_row()
            self.phones.clear_rows()
            for phone in contact.phones if contact else ():
                self.phones.add_row(format_phone(phone.number), phone.kind.value, phone.primary)
            if not self.phones.rows:
                self.phones.add_row()

            municipality = contact.municipality if contact else None
            self.municipality_edit.setText(municipality.name if municipality else "")
            county = contact.county.number if contact and contact.county else ""
            self.county_combo.setCurrentIndex(
                max(self.county_combo.findData(county if municipality is None else ""), 0)
            )
            self._municipality_changed(self.municipality_edit.text())

            self._fill_topics(contact.topics if contact else ())
            self.roles.setRowCount(0)
            for role in contact.roles if contact else ():
                self.roles.add_role(role)
            self._update_role_buttons()
            self._set_tab_order()

            basis = contact.consent_basis.value if contact and contact.consent_basis else ""
            self.consent_combo.setCurrentIndex(max(self.consent_combo.findData(basis), 0))
            self.consent_date.set_date(contact.consent_date if contact else None)
            self.consent_source_edit.setText(contact.consent_source if contact else "")
            self.opted_out_box.setChecked(contact.opted_out if contact else False)
            self.last_confirmed.set_date(contact.last_confirmed if contact else None)
            self.notes_edit.setPlainText(contact.notes if contact else "")
        finally:
            self._loading = False
        self._render_errors()
        self.tabs.setCurrentIndex(_TAB_PERSON)
        self.given_name_edit.setFocus()

    def draft(self) -> ContactDraft:
        """The form's current values as typed (not normalised).

        E-mail and phone rows are returned one for one, blank rows included, so that
        ``emails[i]`` in an error names row ``i``. Role rows holding nothing but a
        type are left out, and role dates that cannot be read come out as None
        («Lagre» refuses them). The contact's labels are passed through unchanged.
        """
        municipality = self.municipality_edit.text()
        county = "" if clean(municipality) else str(self.county_combo.currentData() or "")
        basis = str(self.consent_combo.currentData() or "")
        return ContactDraft(
            given_name=self.given_name_edit.text(),
            family_name=self.family_name_edit.text(),
            emails=tuple(
                EmailData(text, EmailKind(kind), primary)
                for text, kind, primary in self.emails.values()
            ),
            phones=tuple(
                PhoneData(text, PhoneKind(kind), primary)
                for text, kind, primary in self.phones.values()
            ),
            organisation=self.organisation_edit.text(),
            title=self.title_edit.text(),
            municipality=municipality,
            county=county,
            party=self.party_edit.text(),
            notes=self.notes_edit.toPlainText(),
            topics=tuple(
                item.text()
                for item in self._topic_items()
                if item.checkState() == Qt.CheckState.Checked
            ),
            labels=self._labels,
            roles=tuple(role for row in range(self.roles.rowCount()) if (role := self._role(row))),
            consent_basis=ConsentBasis(basis) if basis else None,
            consent_date=self.consent_date.date(),
            consent_source=self.consent_source_edit.text(),
            opted_out=self.opted_out_box.isChecked(),
            last_confirmed=self.last_confirmed.date(),
        )

    def show_errors(self, errors: Sequence[tuple[str, str]]) -> None:
        """Mark each named field and show its reason; switch to the first error's tab.

        Args:
            errors: ``(field, message)`` pairs as in :class:`DraftErrors`: ``"given_name"``,
                ``"family_name"``, ``"name"`` (both names), ``"emails[i]"``, ``"phones[i]"``,
                ``"municipality"``, ``"county"``, ``"roles[i].start"``, ``"roles[i].end"``.
                Other fields are shown above the buttons.
        """
        for name, message in errors:
            old = self._errors.get(name)
            self._errors[name] = f"{old} {message}" if old and message not in old else message
        self._render_errors()
        if errors:
            target = self._target(errors[0][0])
            if target is not None:
                self.tabs.setCurrentIndex(target.tab)
                if target.widgets:
                    target.widgets[0].setFocus()

    def clear_errors(self) -> None:
        """Remove every mark and reason."""
        self._errors.clear()
        self._render_errors()

    def error_fields(self) -> list[str]:
        """The fields marked now, in the order they were marked."""
        return list(self._errors)

    # -- saving ------------------------------------------------------------------------

    def _on_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        try:
            self._save_now()
        finally:
            self._saving = False

    def _save_now(self) -> None:
        self.roles.commit_edit()
        self.clear_errors()
        draft = self.draft()
        errors: list[tuple[str, str]] = []
        try:
            validate_draft(draft, self.geography)
        except DraftErrors as exc:
            errors.extend(exc.errors)
        for row in range(self.roles.rowCount()):
            errors.extend(self._role_date_errors(row).items())
        if errors:
            self.show_errors(errors)
            return
        try:
            self.saved = self._save(draft)
        except DraftErrors as exc:
            self.show_errors(exc.errors)
            return
        except KontaktError as exc:
            QMessageBox.warning(self, "Kunne ikke lagre", str(exc))
            return
        self.accept()

    # -- live checks -------------------------------------------------------------------

    def _set_error(self, name: str, message: str | None) -> None:
        if message is None:
            if self._errors.pop(name, None) is None:
                return
        elif self._errors.get(name) == message:
            return
        else:
            self._errors[name] = message
        self._render_errors()

    def _check_names(self) -> None:
        if self._loading:
            return
        for name, edit in (
            ("given_name", self.given_name_edit),
            ("family_name", self.family_name_edit),
        ):
            try:
                normalize_name(edit.text())
            except KontaktError as exc:
                self._set_error(name, str(exc))
            else:
                self._set_error(name, None)
        if clean(self.given_name_edit.text()) or clean(self.family_name_edit.text()):
            self._set_error("name", None)

    def _recheck_names(self) -> None:
        """While the user types in a marked name field, update or remove the marks."""
        if not self._loading and {"name", "given_name", "family_name"} & self._errors.keys():
            self._check_names()

    def _check_value(self, prefix: str, index: int) -> None:
        editor = self.emails if prefix == "emails" else self.phones
        normalise: Callable[[str], str] = normalize_email if prefix == "emails" else normalize_phone
        text = editor.rows[index].edit.text()
        message = None
        if clean(text):
            try:
                normalise(text)
            except KontaktError as exc:
                message = str(exc)
        self._set_error(f"{prefix}[{index}]", message)

    def _recheck_value(self, prefix: str, index: int) -> None:
        """While the user types in a marked row, update or remove its mark."""
        if f"{prefix}[{index}]" in self._errors:
            self._check_value(prefix, index)

    def _municipality_changed(self, text: str) -> None:
        """Follow the typed municipality with the county label; the combo only without one."""
        county_name = ""
        if clean(text):
            try:
                found = self.geography.find_municipality(text)
                county_name = self.geography.county(found.county_number).name
            except KontaktError:
                county_name = ""
            else:
                # Picked from the completer or corrected: the mark goes at once.
                self._set_error("municipality", None)
        self.county_label.setText(f"Fylke: {county_name}" if county_name else "")
        has_municipality = bool(clean(text))
        self.county_combo.setEnabled(not has_municipality)
        self.county_combo.setToolTip(
            "Fylket følger kommunen." if has_municipality else "Fylke for kontakter uten kommune"
        )
        if has_municipality:
            self._set_error("county", None)
        else:
            self._set_error("municipality", None)

    def _check_municipality(self) -> None:
        if self._loading:
            return
        text = self.municipality_edit.text()
        message = None
        if clean(text):
            try:
                self.geography.find_municipality(text)
            except KontaktError as exc:
                message = str(exc)
        self._set_error("municipality", message)

    def _row_removed(self, prefix: str, index: int) -> None:
        """Renumber the errors of rows after a removed row; drop the removed row's."""
        changed = False
        errors: dict[str, str] = {}
        for name, message in self._errors.items():
            match = _INDEXED_FIELD.match(name)
            if match is None or match.group(1) != prefix:
                errors[name] = message
                continue
            row = int(match.group(2))
            changed = True
            if row == index:
                continue
            if row > index:
                suffix = f".{match.group(3)}" if match.group(3) else ""
                name = f"{prefix}[{row - 1}]{suffix}"
            errors[name] = message
        if changed:
            self._errors = errors
            self._render_errors()

    # -- roles -------------------------------------------------------------------------

    def _role(self, row: int) -> RoleData | None:
        """The role in ``row``, or None when the row holds nothing but a type."""
        table = self.roles
        level = str(table.combo(row, RoleTable.LEVEL).currentData() or "")
        texts = [table.text(row, column) for column in RoleTable.TEXT_COLUMNS]
        if not level and not any(clean(text) for text in texts):
            return None
        dates: list[dt.date | None] = []
        for column in (RoleTable.START, RoleTable.END):
            try:
                dates.append(parse_date(table.text(row, column)))
            except ValidationError:
                dates.append(None)
        return RoleData(
            kind=RoleKind(str(table.combo(row, RoleTable.KIND).currentData())),
            level=RoleLevel(level) if level else None,
            body=table.text(row, RoleTable.BODY),
            title=table.text(row, RoleTable.TITLE),
            organisation=table.text(row, RoleTable.ORGANISATION),
            start=dates[0],
            end=dates[1],
        )

    def _role_date_errors(self, row: int) -> dict[str, str]:
        """Problems with the «Fra» and «Til» dates of a role row, keyed by field."""
        errors: dict[str, str] = {}
        dates: dict[str, dt.date | None] = {}
        for column, part in ((RoleTable.START, "start"), (RoleTable.END, "end")):
            try:
                dates[part] = parse_date(self.roles.text(row, column))
            except ValidationError as exc:
                errors[f"roles[{row}].{part}"] = str(exc)
        start, end = dates.get("start"), dates.get("end")
        if start and end and end < start:
            errors[f"roles[{row}].end"] = "Til-datoen er før fra-datoen."
        return errors

    def _role_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        self.roles.blockSignals(True)
        item.setToolTip(item.text())
        self.roles.blockSignals(False)
        if item.column() not in (RoleTable.START, RoleTable.END):
            return
        row = item.row()
        found = self._role_date_errors(row)
        for part in ("start", "end"):
            name = f"roles[{row}].{part}"
            self._set_error(name, found.get(name))

    def _add_role(self) -> None:
        row = self.roles.add_role()
        self._set_tab_order()
        self.roles.setCurrentCell(row, RoleTable.BODY)
        self.roles.setFocus()
        self._update_role_buttons()

    def _remove_role(self) -> None:
        row = self.roles.currentRow()
        if row < 0:
            return
        self.roles.removeRow(row)
        self._row_removed("roles", row)
        self._update_role_buttons()

    def _update_role_buttons(self) -> None:
        self.remove_role_button.setEnabled(self.roles.currentRow() >= 0)

    # -- topics ------------------------------------------------------------------------

    def _topic_items(self) -> list[QListWidgetItem]:
        return [self.topic_list.item(i) for i in range(self.topic_list.count())]

    def _fill_topics(self, chosen: Sequence[str]) -> None:
        """Offer the given topics plus the contact's other ones; check the contact's."""
        self.topic_list.clear()
        chosen_keys = {fold(clean(name)) for name in chosen}
        names: dict[str, str] = {}
        for name in (*self._topics, *chosen):
            names.setdefault(fold(clean(name)), name)
        for key, name in names.items():
            self._add_topic_item(name, key in chosen_keys)
        self._update_topic_grid()

    def _add_topic_item(self, name: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.topic_list.addItem(item)
        return item

    def _update_topic_grid(self) -> None:
        """Lay the topics out in columns as wide as the longest name."""
        metrics = self.topic_list.fontMetrics()
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        widest = max((metrics.horizontalAdvance(i.text()) for i in self._topic_items()), default=80)
        self.topic_list.setGridSize(QSize(widest + indicator + 28, metrics.height() + 12))

    def _add_new_topic(self) -> None:
        name = clean(self.new_topic_edit.text())
        if not name:
            return
        existing = next((i for i in self._topic_items() if fold(i.text()) == fold(name)), None)
        if existing is not None:
            existing.setCheckState(Qt.CheckState.Checked)
        else:
            existing = self._add_topic_item(name, True)
            self._update_topic_grid()
        self.topic_list.scrollToItem(existing)
        self.new_topic_edit.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in «Nytt tema» adds the topic instead of pressing «Lagre».
        if (
            watched is self.new_topic_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add_new_topic()
            return True
        return super().eventFilter(watched, event)

    # -- showing errors ----------------------------------------------------------------

    def _target(self, name: str) -> _Target | None:
        """Where the error of field ``name`` is shown, or None for an unknown field."""
        if name == "given_name":
            return _Target(self.given_name_error, _TAB_PERSON, "", [self.given_name_edit])
        if name == "family_name":
            return _Target(self.family_name_error, _TAB_PERSON, "", [self.family_name_edit])
        if name == "name":
            widgets: list[QWidget] = [self.given_name_edit, self.family_name_edit]
            return _Target(self.given_name_error, _TAB_PERSON, "", widgets)
        if name == "municipality":
            return _Target(self.municipality_error, _TAB_PERSON, "", [self.municipality_edit])
        if name == "county":
            return _Target(self.county_error, _TAB_PERSON, "", [self.county_combo])
        match = _INDEXED_FIELD.match(name)
        if match is None:
            return None
        kind, index, part = match.group(1), int(match.group(2)), match.group(3)
        if kind in ("emails", "phones") and part is None:
            editor = self.emails if kind == "emails" else self.phones
            if index >= len(editor.rows):
                return None
            what = "E-post" if kind == "emails" else "Telefon"
            return _Target(
                editor.error_label, _TAB_PERSON, f"{what} {index + 1}: ", [editor.rows[index].edit]
            )
        if kind == "roles" and part is not None and index < self.roles.rowCount():
            column = RoleTable.START if part == "start" else RoleTable.END
            item = self.roles.item(index, column)
            cells = [item] if item is not None else []
            which = "fra" if part == "start" else "til"
            return _Target(self.roles_error, _TAB_ROLES, f"Verv {index + 1}, {which}: ", [], cells)
        return None

    def _set_tab_order(self) -> None:
        """Let Tab follow the form from top to bottom, new e-mail and phone rows included."""
        if not hasattr(self, "save_button"):
            return  # still building
        roles: list[QWidget] = [self.roles]
        for row in range(self.roles.rowCount()):
            roles += [self.roles.combo(row, RoleTable.KIND), self.roles.combo(row, RoleTable.LEVEL)]
        chain: list[QWidget] = [
            self.tabs.tabBar(),
            self.given_name_edit,
            self.family_name_edit,
            self.organisation_edit,
            self.title_edit,
            self.party_edit,
            self.municipality_edit,
            self.county_combo,
            *self.emails.focus_chain(),
            *self.phones.focus_chain(),
            *roles,
            self.add_role_button,
            self.remove_role_button,
            self.topic_list,
            self.new_topic_edit,
            self.add_topic_button,
            self.consent_combo,
            *self.consent_date.focus_chain(),
            self.consent_source_edit,
            self.opted_out_box,
            *self.last_confirmed.focus_chain(),
            self.notes_edit,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _render_errors(self) -> None:
        """Show ``self._errors``: red borders, red cells, reasons and tab marks."""
        for widget in self._marked_widgets:
            with contextlib.suppress(RuntimeError):  # its row may have been removed
                set_invalid(widget, False)
        self.roles.blockSignals(True)
        try:
            for row in range(self.roles.rowCount()):
                for column in (RoleTable.START, RoleTable.END):
                    cell = self.roles.item(row, column)
                    if cell is not None:
                        cell.setData(Qt.ItemDataRole.BackgroundRole, None)
                        cell.setData(Qt.ItemDataRole.ForegroundRole, None)
            self._marked_widgets = []
            labels = [
                self.given_name_error,
                self.family_name_error,
                self.municipality_error,
                self.county_error,
                self.emails.error_label,
                self.phones.error_label,
                self.roles_error,
                self.general_error_label,
            ]
            lines: dict[int, list[str]] = {id(label): [] for label in labels}
            tabs_with_errors: set[int] = set()
            for name, message in self._errors.items():
                target = self._target(name)
                if target is None:
                    lines[id(self.general_error_label)].append(message)
                    continue
                tabs_with_errors.add(target.tab)
                lines[id(target.label)].append(target.prefix + message)
                for widget in target.widgets:
                    set_invalid(widget, True)
                    self._marked_widgets.append(widget)
                for cell in target.cells:
                    cell.setBackground(INVALID_BACKGROUND)
                    cell.setForeground(QColor(ERROR_COLOUR))
        finally:
            self.roles.blockSignals(False)
        for label in labels:
            text = "\n".join(lines[id(label)])
            label.setText(text)
            label.setVisible(bool(text))
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        bar = self.tabs.tabBar()
        for tab in range(self.tabs.count()):
            bad = tab in tabs_with_errors
            bar.setTabTextColor(tab, QColor(ERROR_COLOUR) if bad else QColor())
            self.tabs.setTabIcon(tab, warning if bad else QIcon())
