"""The three tabs of the contact editor and the order Tab visits their fields.

These functions are part of :class:`~kontakt.ui.dialogs.contact_editor.ContactEditor`,
kept apart so that the dialog's module holds its behaviour and this one its layout.
Each builder creates the widgets of one tab, stores them as attributes of the editor
(``editor.given_name_edit`` …), connects them to the editor's checks and returns the
tab's page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import ConsentBasis
from kontakt.domain.text import sort_key
from kontakt.domain.wording import field_label
from kontakt.ui.widgets.date_edit import OptionalDateEdit
from kontakt.ui.widgets.form import (
    EMAIL_KINDS,
    PHONE_KINDS,
    error_label,
    left_aligned,
    make_combo,
    row_label,
    scrolling,
    small_button,
    with_error,
)
from kontakt.ui.widgets.role_table import RoleTable
from kontakt.ui.widgets.topic_checklist import TopicChecklist
from kontakt.ui.widgets.value_list import ValueListEditor

if TYPE_CHECKING:
    from kontakt.ui.dialogs.contact_editor import ContactEditor


def build_person_tab(editor: ContactEditor) -> QWidget:
    """The «Person» tab: names, organisation, municipality or county, e-mail, phone."""
    page = QWidget()
    layout = QVBoxLayout(page)

    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    editor.given_name_edit = QLineEdit()
    editor.family_name_edit = QLineEdit()
    editor.given_name_error = error_label()
    editor.family_name_error = error_label()
    for edit in (editor.given_name_edit, editor.family_name_edit):
        edit.editingFinished.connect(editor._check_names)
        edit.textChanged.connect(editor._recheck_names)
    form.addRow(
        row_label("given_name"), with_error(editor.given_name_edit, editor.given_name_error)
    )
    form.addRow(
        row_label("family_name"), with_error(editor.family_name_edit, editor.family_name_error)
    )
    editor.organisation_edit = QLineEdit()
    editor.organisation_edit.setPlaceholderText("f.eks. Helse Bergen, Fagforbundet")
    editor.title_edit = QLineEdit()
    editor.title_edit.setPlaceholderText("f.eks. sykepleier, bystyremedlem")
    editor.party_edit = QLineEdit()
    editor.party_edit.setPlaceholderText("f.eks. SV")
    form.addRow(row_label("organisation"), editor.organisation_edit)
    form.addRow(row_label("title"), editor.title_edit)
    form.addRow(row_label("party"), editor.party_edit)

    editor.municipality_edit = QLineEdit()
    editor.municipality_edit.setPlaceholderText("Navn eller nummer, f.eks. Bergen eller 4601")
    names = sorted((m.name for m in editor.geography.municipalities), key=sort_key)
    completer = QCompleter(names, editor)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    editor.municipality_edit.setCompleter(completer)
    editor.municipality_edit.textChanged.connect(editor._municipality_changed)
    editor.municipality_edit.editingFinished.connect(editor._check_municipality)
    editor.county_label = QLabel()
    editor.county_label.setMinimumWidth(editor.fontMetrics().horizontalAdvance("Fylke: ") + 180)
    editor.county_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    municipality_row = QHBoxLayout()
    municipality_row.setContentsMargins(0, 0, 0, 0)
    municipality_row.addWidget(editor.municipality_edit, 1)
    municipality_row.addWidget(editor.county_label)
    municipality_box = QWidget()
    municipality_box.setLayout(municipality_row)
    editor.municipality_error = error_label()
    form.addRow(row_label("municipality"), with_error(municipality_box, editor.municipality_error))

    counties = sorted(editor.geography.counties, key=lambda c: sort_key(c.name))
    editor.county_combo = make_combo([("", ""), *((c.number, c.name) for c in counties)])
    editor.county_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    editor.county_combo.currentIndexChanged.connect(lambda _i: editor._set_error("county", None))
    county_hint = QLabel("Brukes bare for kontakter uten kommune.")
    county_hint.setEnabled(False)
    county_row = QHBoxLayout()
    county_row.setContentsMargins(0, 0, 0, 0)
    county_row.addWidget(editor.county_combo)
    county_row.addWidget(county_hint, 1)
    county_box = QWidget()
    county_box.setLayout(county_row)
    editor.county_error = error_label()
    form.addRow(row_label("county", "y"), with_error(county_box, editor.county_error))
    layout.addLayout(form)

    editor.emails = ValueListEditor(
        EMAIL_KINDS, "Legg til e-post", "navn@eksempel.no", "Primær e-postadresse"
    )
    editor.phones = ValueListEditor(
        PHONE_KINDS, "Legg til telefon", "987 65 432", "Primært telefonnummer"
    )
    for prefix, title, values in (
        ("emails", field_label("emails"), editor.emails),
        ("phones", field_label("phones"), editor.phones),
    ):
        _connect_values(editor, prefix, values)
        group = QGroupBox(title)
        group_layout = QVBoxLayout(group)
        group_layout.addWidget(values)
        layout.addWidget(group)
    layout.addStretch()
    return scrolling(page)


def _connect_values(editor: ContactEditor, prefix: str, values: ValueListEditor) -> None:
    """Check the e-mail (``prefix="emails"``) or phone rows of ``values`` as they change."""
    values.value_edited.connect(lambda i: editor._check_value(prefix, i))
    values.value_changed.connect(lambda i: editor._recheck_value(prefix, i))
    values.row_removed.connect(lambda i: editor._row_removed(prefix, i))
    values.rows_changed.connect(editor._set_tab_order)


def build_roles_tab(editor: ContactEditor) -> QWidget:
    """The «Verv og tema» tab: the roles table with its buttons, and the topics."""
    page = QWidget()
    layout = QVBoxLayout(page)

    roles_group = QGroupBox(field_label("roles"))
    roles_layout = QVBoxLayout(roles_group)
    editor.roles = RoleTable()
    editor.roles.dates_changed.connect(editor._check_role_dates)
    editor.roles.row_removed.connect(lambda row: editor._row_removed("roles", row))
    editor.roles.rows_changed.connect(editor._set_tab_order)
    editor.roles.rows_changed.connect(editor._update_role_buttons)
    editor.roles.itemSelectionChanged.connect(editor._update_role_buttons)
    editor.roles_error = error_label()
    editor.add_role_button = small_button("Legg til verv")
    editor.add_role_button.clicked.connect(editor.roles.add_new_role)
    editor.remove_role_button = small_button("Fjern verv", "Fjern vervet som er valgt")
    editor.remove_role_button.clicked.connect(editor.roles.remove_current_role)
    role_buttons = QHBoxLayout()
    role_buttons.addWidget(editor.add_role_button)
    role_buttons.addWidget(editor.remove_role_button)
    role_buttons.addStretch()
    role_hint = QLabel("Datoer skrives dd.mm.åååå. Dobbeltklikk en celle for å endre den.")
    role_hint.setEnabled(False)
    role_buttons.addWidget(role_hint)
    roles_layout.addWidget(editor.roles, 1)
    roles_layout.addWidget(editor.roles_error)
    roles_layout.addLayout(role_buttons)
    layout.addWidget(roles_group, 3)

    topics_group = QGroupBox(field_label("topics"))
    topics_layout = QVBoxLayout(topics_group)
    editor.topics = TopicChecklist()
    editor.topic_list = editor.topics.topic_list
    editor.new_topic_edit = editor.topics.new_topic_edit
    editor.add_topic_button = editor.topics.add_button
    topics_layout.addWidget(editor.topics)
    layout.addWidget(topics_group, 2)
    return page


def build_privacy_tab(editor: ContactEditor) -> QWidget:
    """The «Personvern og notater» tab: legal basis, source, reservation, notes."""
    page = QWidget()
    layout = QVBoxLayout(page)
    consent_group = QGroupBox("Personvern")
    form = QFormLayout(consent_group)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    editor.consent_combo = make_combo(
        [("", ""), *((basis.value, basis.value.capitalize()) for basis in ConsentBasis)]
    )
    editor.consent_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    editor.consent_date = OptionalDateEdit()
    editor.consent_source_edit = QLineEdit()
    editor.consent_source_edit.setPlaceholderText(
        "Hvor opplysningene kom fra, f.eks. påmeldingsskjema eller møte"
    )
    editor.opted_out_box = QCheckBox(field_label("opted_out"))
    editor.last_confirmed = OptionalDateEdit(today_button=True)
    form.addRow(row_label("consent_basis"), left_aligned(editor.consent_combo))
    form.addRow(row_label("consent_date"), editor.consent_date)
    form.addRow(row_label("consent_source"), editor.consent_source_edit)
    form.addRow("", editor.opted_out_box)
    form.addRow(row_label("last_confirmed"), editor.last_confirmed)
    layout.addWidget(consent_group)

    notes_group = QGroupBox(field_label("notes"))
    notes_layout = QVBoxLayout(notes_group)
    editor.notes_edit = QPlainTextEdit()
    editor.notes_edit.setPlaceholderText("Notater om kontakten …")
    editor.notes_edit.setTabChangesFocus(True)
    notes_layout.addWidget(editor.notes_edit)
    layout.addWidget(notes_group, 1)
    return page


def focus_chain(editor: ContactEditor) -> list[QWidget]:
    """The editor's fields from top to bottom, tab by tab, in the order Tab visits them.

    New e-mail, phone and role rows are included; the tab bar comes first and the
    «Lagre» and «Avbryt» buttons last.
    """
    roles: list[QWidget] = [editor.roles]
    for row in range(editor.roles.rowCount()):
        roles += [editor.roles.combo(row, RoleTable.KIND), editor.roles.combo(row, RoleTable.LEVEL)]
    return [
        editor.tabs.tabBar(),
        editor.given_name_edit,
        editor.family_name_edit,
        editor.organisation_edit,
        editor.title_edit,
        editor.party_edit,
        editor.municipality_edit,
        editor.county_combo,
        *editor.emails.focus_chain(),
        *editor.phones.focus_chain(),
        *roles,
        editor.add_role_button,
        editor.remove_role_button,
        *editor.topics.focus_chain(),
        editor.consent_combo,
        *editor.consent_date.focus_chain(),
        editor.consent_source_edit,
        editor.opted_out_box,
        *editor.last_confirmed.focus_chain(),
        editor.notes_edit,
        editor.save_button,
        editor.cancel_button,
    ]
