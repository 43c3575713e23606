"""The contact editor: one dialog to create a contact or change an existing one.

The form is spread over three tabs: «Person» (name, e-mail, phone, organisation,
municipality), «Verv og tema» (roles and topics) and «Personvern og notater»
(legal basis, reservation, notes). :meth:`ContactEditor.draft` returns what the
form holds, as typed; the contact service normalises it when it is stored.
Given the history service, a fourth tab, «Historikk», shows the contact's history.

Problems are shown where they are: the field gets a red border and the reason
appears in red right below it, in Norwegian. E-mail addresses, phone numbers,
the municipality and role dates are checked as soon as the user leaves them;
everything is checked again with :func:`~kontakt.services.validation.validate_draft`
when «Lagre» is pressed, and nothing is saved while a field is marked.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.documents import ContactDocument
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
)
from kontakt.domain.text import clean
from kontakt.errors import KontaktError
from kontakt.services.merging import MergingService
from kontakt.services.outreach.history import HistoryService
from kontakt.services.outreach.inbox import InboxService
from kontakt.services.validation import DraftErrors, validate_draft
from kontakt.ui.dialogs import editor_tabs
from kontakt.ui.dialogs.editor_errors import (
    NAME_FIELDS,
    TAB_PERSON,
    FieldErrors,
    error_target,
)
from kontakt.ui.dialogs.history_tab import HistoryTab
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.date_edit import OptionalDateEdit
from kontakt.ui.widgets.form import ERROR_COLOUR, FORM_STYLE, error_label, parse_date, set_invalid
from kontakt.ui.widgets.hold_banner import HoldBanner
from kontakt.ui.widgets.role_table import RoleTable
from kontakt.ui.widgets.topic_checklist import TopicChecklist
from kontakt.ui.widgets.value_list import ValueListEditor

__all__ = ["ContactEditor", "OptionalDateEdit", "RoleTable", "ValueListEditor", "parse_date"]


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
        history: The history service; with it the editor gets a «Historikk» tab.
        documents: A contact's idea-bank documents by uid (written and received),
            listed under the history.
        mailbox: Addresses on hold after returned mail, shown at the top (and released).
        merging: The contact's merges, listed under the history with «Angre sammenslåing»;
            an undone merge closes the editor (the contact is no longer as loaded).

    Attributes:
        contact: The contact last loaded, or None for a new one.
        saved: What ``save`` returned the last time it succeeded (None until then).

    Signals:
        None of its own; ``accepted``, ``rejected`` and ``finished`` as any QDialog.
    """

    #: ``exec()``'s result when a merge was undone from the history tab.
    MERGE_UNDONE = 7

    # The widgets of the tabs, made by the builders in :mod:`.editor_tabs`.
    given_name_edit: QLineEdit
    family_name_edit: QLineEdit
    given_name_error: QLabel
    family_name_error: QLabel
    organisation_edit: QLineEdit
    title_edit: QLineEdit
    party_edit: QLineEdit
    municipality_edit: QLineEdit
    county_label: QLabel
    municipality_error: QLabel
    county_combo: QComboBox
    county_error: QLabel
    emails: ValueListEditor
    phones: ValueListEditor
    roles: RoleTable
    roles_error: QLabel
    add_role_button: QPushButton
    remove_role_button: QPushButton
    topics: TopicChecklist
    topic_list: QListWidget
    new_topic_edit: QLineEdit
    add_topic_button: QPushButton
    consent_combo: QComboBox
    consent_date: OptionalDateEdit
    consent_source_edit: QLineEdit
    opted_out_box: QCheckBox
    last_confirmed: OptionalDateEdit
    notes_edit: QPlainTextEdit

    def __init__(
        self,
        geography: Geography,
        topics: Sequence[str],
        save: Callable[[ContactDraft], object],
        contact: ContactRow | None = None,
        parent: QWidget | None = None,
        history: HistoryService | None = None,
        documents: Callable[[str], list[ContactDocument]] | None = None,
        mailbox: InboxService | None = None,
        merging: MergingService | None = None,
    ) -> None:
        super().__init__(parent)
        self.geography = geography
        self._offered_topics = tuple(topics)
        self._save = save
        self.contact: ContactRow | None = None
        self.saved: object = None
        self._labels: tuple[str, ...] = ()
        self._errors = FieldErrors()
        self._marked_widgets: list[QWidget] = []
        self._loading = False
        self._saving = False

        self.setStyleSheet(FORM_STYLE)
        self.setSizeGripEnabled(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(editor_tabs.build_person_tab(self), "Person")
        self.tabs.addTab(editor_tabs.build_roles_tab(self), "Verv og tema")
        self.tabs.addTab(editor_tabs.build_privacy_tab(self), "Personvern og notater")
        self.history_tab = (
            HistoryTab(history, documents, merging=merging) if history is not None else None
        )
        if self.history_tab is not None and self.history_tab.merges is not None:
            self.history_tab.merges.undone.connect(lambda _id: self.done(self.MERGE_UNDONE))
        if self.history_tab is not None:
            self.tabs.addTab(self.history_tab, "Historikk")

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

        self.hold_banner = (
            HoldBanner(mailbox.holds, mailbox.release) if mailbox is not None else None
        )

        layout = QVBoxLayout(self)
        if self.hold_banner is not None:
            layout.addWidget(self.hold_banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error_label)
        layout.addWidget(buttons)

        fit_to_screen(self, 820, 680)
        self.load(contact)

    # -- public API --------------------------------------------------------------------

    def load(self, contact: ContactRow | None) -> None:
        """Fill the form from ``contact``; None gives an empty form for a new contact."""
        self._loading = True
        if self.hold_banner is not None:
            self.hold_banner.show_for(contact.uid if contact is not None else None)
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

            emails = contact.emails if contact else ()
            self.emails.set_values((e.address, e.kind.value, e.primary) for e in emails)
            phones = contact.phones if contact else ()
            self.phones.set_values(
                (format_phone(p.number), p.kind.value, p.primary) for p in phones
            )

            municipality = contact.municipality if contact else None
            self.municipality_edit.setText(municipality.name if municipality else "")
            county = contact.county.number if contact and contact.county else ""
            self.county_combo.setCurrentIndex(
                max(self.county_combo.findData(county if municipality is None else ""), 0)
            )
            self._municipality_changed(self.municipality_edit.text())

            self.topics.set_topics(self._offered_topics, contact.topics if contact else ())
            self.roles.set_roles(contact.roles if contact else ())
            self._update_role_buttons()
            self._set_tab_order()

            basis = contact.consent_basis.value if contact and contact.consent_basis else ""
            self.consent_combo.setCurrentIndex(max(self.consent_combo.findData(basis), 0))
            self.consent_date.set_date(contact.consent_date if contact else None)
            self.consent_source_edit.setText(contact.consent_source if contact else "")
            self.opted_out_box.setChecked(contact.opted_out if contact else False)
            self.last_confirmed.set_date(contact.last_confirmed if contact else None)
            self.notes_edit.setPlainText(contact.notes if contact else "")
            if self.history_tab is not None:
                self.history_tab.set_contact(contact.uid if contact else None)
        finally:
            self._loading = False
        self._render_errors()
        self.tabs.setCurrentIndex(TAB_PERSON)
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
            topics=self.topics.chosen(),
            labels=self._labels,
            roles=self.roles.roles(),
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
        self._errors.add(errors)
        self._render_errors()
        if errors:
            target = error_target(self, errors[0][0])
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
        return self._errors.names()

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
            found = self.roles.date_errors(row)
            errors.extend((f"roles[{row}].{part}", message) for part, message in found.items())
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
        if self._errors.set(name, message):
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
        if not self._loading and any(n in self._errors for n in NAME_FIELDS):
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
        if self._errors.row_removed(prefix, index):
            self._render_errors()

    def _check_role_dates(self, row: int) -> None:
        """Mark or unmark the «Fra» and «Til» cells of a role row after an edit."""
        if self._loading:
            return
        found = self.roles.date_errors(row)
        for part in ("start", "end"):
            self._set_error(f"roles[{row}].{part}", found.get(part))

    def _update_role_buttons(self) -> None:
        self.remove_role_button.setEnabled(self.roles.currentRow() >= 0)

    # -- showing errors ----------------------------------------------------------------

    def _set_tab_order(self) -> None:
        """Let Tab follow the form from top to bottom, new e-mail and phone rows included."""
        if not hasattr(self, "save_button"):
            return  # still building
        for first, second in itertools.pairwise(editor_tabs.focus_chain(self)):
            QWidget.setTabOrder(first, second)

    def _render_errors(self) -> None:
        """Show the marked fields: red borders, red cells, reasons and tab marks."""
        for widget in self._marked_widgets:
            with contextlib.suppress(RuntimeError):  # its row may have been removed
                set_invalid(widget, False)
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
        cells: set[tuple[int, str]] = set()
        tabs_with_errors: set[int] = set()
        for name, message in self._errors:
            target = error_target(self, name)
            if target is None:
                lines[id(self.general_error_label)].append(message)
                continue
            tabs_with_errors.add(target.tab)
            lines[id(target.label)].append(target.prefix + message)
            for widget in target.widgets:
                set_invalid(widget, True)
                self._marked_widgets.append(widget)
            cells.update(target.cells)
        self.roles.mark_dates(cells)
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
