"""A field is called the same in the editor, in the conflict dialog and in the printed
«Innsyn» report: the secretary who reads «Notater» in the editor finds «Notater» in the
report the person receives, not «Merknader».

The labels are read from what each shows (the editor's form labels and group titles, the
conflict dialog's table, the report's HTML), not from the wording table they share.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QWidget
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    EmailData,
    PhoneData,
    RoleData,
    RoleKind,
)
from kontakt.ui.dialogs.conflict import ConflictDialog
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.launch import make_application
from kontakt.ui.printing.person_report import person_html

# The editor's widget for each field, by attribute name.
EDITOR_WIDGETS = {
    "given_name": "given_name_edit",
    "family_name": "family_name_edit",
    "organisation": "organisation_edit",
    "title": "title_edit",
    "party": "party_edit",
    "municipality": "municipality_edit",
    "county": "county_combo",
    "emails": "emails",
    "phones": "phones",
    "roles": "roles",
    "topics": "topics",
    "consent_basis": "consent_combo",
    "consent_date": "consent_date",
    "consent_source": "consent_source_edit",
    "opted_out": "opted_out_box",
    "last_confirmed": "last_confirmed",
    "notes": "notes_edit",
}


@pytest.fixture(autouse=True)
def _application() -> None:
    make_application()


def _plain(text: str) -> str:
    """A label as read: without its Alt+letter mark and closing colon."""
    return text.replace("&", "").removesuffix(":").strip()


def editor_label(editor: ContactEditor, widget: QWidget) -> str:
    """What the editor calls the field ``widget`` edits: its form row's label, else the
    text of the check box, else the title of the group around it."""
    forms = editor.findChildren(QFormLayout)
    w: QWidget | None = widget
    while w is not None and w is not editor:
        if isinstance(w, QCheckBox):
            return _plain(w.text())
        for form in forms:
            label = form.labelForField(w)
            if label is not None and label.text():  # type: ignore[attr-defined]
                return _plain(label.text())  # type: ignore[attr-defined]
        if isinstance(w, QGroupBox):
            return _plain(w.title())
        w = w.parentWidget()
    raise AssertionError(f"no label for {widget!r}")


def report_labels(core: Core) -> dict[str, str]:
    """The report's label for each field: found by the value stored in that field."""
    topic = core.catalog.topics()[0].name
    row = core.contacts.create(
        ContactDraft(
            given_name="Åsmund",
            family_name="Ødegård",
            emails=(EmailData("asmund@example.org"),),
            phones=(PhoneData("987 65 432"),),
            organisation="Sykehuset Innlandet",
            title="Overlege",
            municipality="Tromsø",
            party="Raudt",
            notes="Ringte om fastlegeordningen",
            topics=(topic,),
            roles=(RoleData(RoleKind.FOLKEVALGT, body="Helsekomiteen"),),
            consent_basis=ConsentBasis.SAMTYKKE,
            consent_date=dt.date(2024, 3, 1),
            consent_source="Påmeldingsskjema",
            opted_out=True,
            last_confirmed=dt.date(2025, 1, 15),
        )
    )
    page = person_html(core.privacy.export_person(row.uid))
    rows = {
        html.unescape(label): html.unescape(value)
        for label, value in re.findall(r"<tr><td><b>(.*?)</b></td><td>(.*?)</td></tr>", page)
    }
    markers = {
        "given_name": "Åsmund",
        "family_name": "Ødegård",
        "emails": "asmund@example.org",
        "phones": "+4798765432",
        "organisation": "Sykehuset Innlandet",
        "title": "Overlege",
        "municipality": "Tromsø",
        "county": '"number": "55"',  # Troms ("5501" is Tromsø's)
        "party": "Raudt",
        "notes": "fastlegeordningen",
        "topics": topic,
        "roles": "Helsekomiteen",
        "consent_basis": "samtykke",
        "consent_date": "2024-03-01",
        "consent_source": "Påmeldingsskjema",
        "opted_out": "ja",
        "last_confirmed": "2025-01-15",
    }
    found = {}
    for field, marker in markers.items():
        labels = [
            label
            for label, value in rows.items()
            if (value == marker if field == "opted_out" else marker in value)
        ]
        assert len(labels) == 1, f"{field}: {labels} in {sorted(rows.items())}"
        found[field] = labels[0]
    return found


def test_the_editor_the_conflict_dialog_and_the_report_call_each_field_the_same(
    qtbot: QtBot, sqlite_core: Core
) -> None:
    editor = ContactEditor(sqlite_core.geography, ["Rus"], lambda draft: None)
    qtbot.addWidget(editor)
    in_editor = {
        field: editor_label(editor, getattr(editor, name)) for field, name in EDITOR_WIDGETS.items()
    }

    fields = list(EDITOR_WIDGETS)
    dialog = ConflictDialog("Endret av en annen.", fields, {}, {})
    qtbot.addWidget(dialog)
    in_dialog = {field: dialog.table.item(row, 0).text() for row, field in enumerate(fields)}

    in_report = report_labels(sqlite_core)

    assert in_editor == in_dialog == in_report
    # The words that had drifted apart, as the editor shows them.
    assert in_editor["notes"] == "Notater"
    assert in_editor["consent_basis"] == "Rettsgrunnlag"
    assert len(set(in_editor.values())) == len(in_editor)
