"""Candidates in the window: the editor's candidate role, «Marker valgte», «Kandidatpakke»."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from tests.ui.test_contact_editor import (
    click,
    open_cell_editor,
    open_editor,
    save_and_wait,
    show_tab,
    type_in_cell,
)

from kontakt.app import Core
from kontakt.domain.documents import DocumentDraft, DocumentKind
from kontakt.domain.records import ContactDraft, EmailData, RoleData, RoleKind, RoleLevel
from kontakt.ui.dialogs.candidate_pack_dialog import CandidatePackDialog
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.contact_editor import RoleTable
from kontakt.ui.dialogs.elected_dialog import ElectedDialog
from kontakt.ui.launch import make_application
from kontakt.ui.window_dialogs import composer_services


@pytest.fixture(autouse=True)
def _application(monkeypatch: pytest.MonkeyPatch) -> None:
    make_application()
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: None)


def test_editor_adds_a_candidate_role(qtbot: QtBot, sqlite_core: Core) -> None:
    """Type «Kandidat», pick the election offered, list, number, municipality by name."""
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.given_name_edit, "Kari")
    qtbot.keyClicks(editor.family_name_edit, "Nordmann")
    show_tab(qtbot, editor, "Verv og tema")
    click(qtbot, editor.add_role_button)
    table = editor.roles
    qtbot.keyClicks(table.combo(0, RoleTable.KIND), "Kandidat")
    cell = open_cell_editor(qtbot, table, 0, RoleTable.ELECTION)
    offered = cell.parentWidget()
    assert isinstance(offered, QComboBox)
    assert [offered.itemText(i) for i in range(offered.count())] == [
        "kommunestyrevalget 2027",
        "fylkestingsvalget 2027",
    ]
    offered.setCurrentIndex(0)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.text(0, RoleTable.ELECTION) == "kommunestyrevalget 2027")
    type_in_cell(qtbot, table, 0, RoleTable.LIST, "SV")
    type_in_cell(qtbot, table, 0, RoleTable.LIST_PLACE, "3")
    type_in_cell(qtbot, table, 0, RoleTable.MUNICIPALITY, "bergen")
    save_and_wait(qtbot, editor)
    (row,) = sqlite_core.candidates.candidates(sqlite_core.candidates.place("Bergen"))
    assert row.role == RoleData(
        RoleKind.KANDIDAT,
        election="kommunestyrevalget 2027",
        list_name="SV",
        list_place=3,
        municipality="4601",
        county="46",
    )


def test_editor_shows_a_candidate_and_saves_its_result(qtbot: QtBot, sqlite_core: Core) -> None:
    role = RoleData(RoleKind.KANDIDAT, election="fylkestingsvalget 2027", county="Vestland")
    made = sqlite_core.contacts.create(ContactDraft("Per", "Olsen", roles=(role,)))

    def save(draft: ContactDraft) -> object:
        return sqlite_core.contacts.update(made.uid, draft, made.version)

    editor = open_editor(qtbot, sqlite_core, save, made)
    table = editor.roles
    assert table.text(0, RoleTable.COUNTY) == "Vestland"
    assert table.text(0, RoleTable.ELECTION) == "fylkestingsvalget 2027"
    qtbot.keyClicks(table.combo(0, RoleTable.RESULT), "Valgt")
    save_and_wait(qtbot, editor)
    assert sqlite_core.contacts.get(made.uid).roles[0].result == "valgt"


def _candidates(core: Core) -> dict[str, str]:
    def candidate(place: int) -> RoleData:
        return RoleData(
            RoleKind.KANDIDAT,
            election="kommunestyrevalget 2027",
            list_name="SV",
            list_place=place,
            municipality="Tromsø",
        )

    made = core.contacts.create_many(
        [
            ContactDraft("Lise", "Berg", emails=(EmailData("lise@x.no"),), municipality="Tromsø",
                         topics=("Rus",), roles=(candidate(1),)),
            ContactDraft("Tor", "Nilsen", emails=(EmailData("tor@x.no"),), municipality="Tromsø",
                         roles=(candidate(2),)),
            ContactDraft("Eva", "Dahl", emails=(EmailData("eva@x.no"),), municipality="Harstad",
                         topics=("Rus",), roles=(RoleData(RoleKind.TILLITSVALGT,
                                                          RoleLevel.ORGANISASJON, "NSF Troms"),)),
        ]
    )  # fmt: skip
    return {r.given_name: r.uid for r in made}


def test_mark_elected_ticked_one_by_one_then_undone(qtbot: QtBot, sqlite_core: Core) -> None:
    """Lise ticked: folkevalgt «Tromsø kommunestyre» 2027–2031; Tor listed for review."""
    uids = _candidates(sqlite_core)
    dialog = ElectedDialog(sqlite_core.candidates)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.place_combo.currentText() == "Tromsø (kommune, 2 kandidater)"
    assert dialog.list.count() == 2
    item = dialog.list.item(0)
    assert item.text().startswith("Lise Berg – Kandidat nr. 1, SV")
    item.setCheckState(Qt.CheckState.Checked)
    click(qtbot, dialog.mark_button)
    assert dialog.outcome is not None
    assert "Ikke valgt (til gjennomgang):\n– Tor Nilsen" in dialog.message.text()
    lise = sqlite_core.contacts.get(uids["Lise"])
    assert lise.roles[0].result == "valgt"
    assert (lise.roles[1].body, lise.roles[1].start, lise.roles[1].end) == (
        "Tromsø kommunestyre", dt.date(2027, 10, 1), dt.date(2031, 9, 30),
    )  # fmt: skip
    assert sqlite_core.contacts.get(uids["Tor"]).roles[0].result == "ikke valgt"
    assert sqlite_core.undo.undo(dialog.outcome.change_id) == 2
    assert len(sqlite_core.contacts.get(uids["Lise"]).roles) == 1


def test_mark_elected_reads_a_file_and_names_the_unknown(
    qtbot: QtBot, sqlite_core: Core, tmp_path: Path
) -> None:
    _candidates(sqlite_core)
    dialog = ElectedDialog(sqlite_core.candidates)
    qtbot.addWidget(dialog)
    dialog.show()
    listing = tmp_path / "valgte.csv"
    listing.write_text("Navn,E-post\nTor Nilsen,\nOla Ukjent,\n", encoding="utf-8")
    assert dialog.tick_from_file(listing) == ["Ola Ukjent"]
    assert "«Ola Ukjent»" in dialog.message.text()
    assert dialog.list.item(1).checkState() == Qt.CheckState.Checked
    assert dialog.list.item(0).checkState() == Qt.CheckState.Unchecked


def test_candidate_pack_dialog_shows_and_fills_the_composer(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tromsø's pack: both candidates, the document on «Rus», Eva from the same county;
    «Skriv e-post …» fills the composer with the message and the text attached."""
    _candidates(sqlite_core)
    sqlite_core.ideabank.add(
        DocumentDraft("Rusreform lokalt", DocumentKind.PROGRAMTEKST, topics=("Rus",),
                      text="Hjelp, ikke straff.")
    )  # fmt: skip
    opened: list[ComposerDialog] = []
    monkeypatch.setattr(ComposerDialog, "exec", lambda self: opened.append(self) or 0)
    c = sqlite_core
    dialog = CandidatePackDialog(c.candidates, c.candidate_packs, composer_services(c))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.candidate_list.count() == 2
    assert dialog.document_list.item(0).text() == "Programtekst: Rusreform lokalt"
    assert [dialog.official_list.item(i).text() for i in range(dialog.official_list.count())] == [
        "Eva Dahl <eva@x.no>"
    ]
    click(qtbot, dialog.write_button)
    (composer,) = opened
    qtbot.addWidget(composer)
    assert composer.subject.text() == "Kandidatpakke for Tromsø"
    assert "Eva Dahl" in composer.body.toPlainText()
    assert composer.attachments.count() == 1
    assert composer.result() != QDialog.DialogCode.Accepted
