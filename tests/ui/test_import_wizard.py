"""The import wizard as the secretary uses it: choose a file, check, correct, import, undo.

File dialogs and the confirmation box are answered by monkeypatching; the
correction dialog is shown without blocking so the test can type into it.
Reading and writing run on worker threads, so the test waits for them.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWizard
from pytestqt.qtbot import QtBot
from tests.fixtures.sheets import CHAPTER_HEADERS, CHAPTER_ROWS, write_csv, write_xlsx

from kontakt.app import Core, open_core
from kontakt.domain.column_mapping import Field
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData, PhoneData
from kontakt.services.importing.model import NO_CHOICES, ImportPreview
from kontakt.ui.import_wizard import ImportWizard
from kontakt.ui.import_wizard.correction import CorrectionDialog
from kontakt.ui.import_wizard.preview_model import Col, PreviewModel
from kontakt.ui.main_window import MainWindow

KARI = ContactDraft(
    given_name="Kari",
    family_name="Nordmann",
    organisation="Helse Bergen",
    emails=(EmailData("kari@example.org"),),
)
NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton


@pytest.fixture
def chapter(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "fylkeslag.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS, title="SV Vestland 2025"
    )


@pytest.fixture
def corrections(monkeypatch: pytest.MonkeyPatch) -> list[CorrectionDialog]:
    opened: list[CorrectionDialog] = []

    def exec_without_blocking(self: CorrectionDialog) -> int:
        opened.append(self)
        self.show()
        return 0

    monkeypatch.setattr(CorrectionDialog, "exec", exec_without_blocking)
    return opened


def press_next(qtbot: QtBot, wizard: ImportWizard, expect: int, timeout: int = 20_000) -> None:
    """Click Next once it is enabled and wait until the wizard shows page ``expect``."""
    button = wizard.button(NEXT)
    qtbot.waitUntil(button.isEnabled, timeout=timeout)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == expect, timeout=timeout)


def open_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> ImportPreview:
    wizard.file_page.path_edit.setText(str(path))
    press_next(qtbot, wizard, ImportWizard.SHEET)
    assert wizard.preview is not None
    return wizard.preview


def everyone(core: Core) -> dict[str, object]:
    return {r.full_name: r for r in core.search.search(ContactFilter(), None).rows}


def source_row(model: PreviewModel, name: str) -> int:
    return next(i for i, plan in enumerate(model.rows) if plan.draft.given_name.startswith(name))


def double_click(qtbot: QtBot, wizard: ImportWizard, row: int, column: int) -> None:
    page = wizard.preview_page
    index = page.proxy.mapFromSource(page.model.index(row, column))
    page.view.scrollTo(index)
    rect = page.view.visualRect(index)
    # A real double-click starts with a press: QTest's double-click event alone is ignored.
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_import_a_chapter_list_correct_a_row_save_the_report_and_undo(
    qtbot: QtBot,
    wizard: ImportWizard,
    sqlite_core: Core,
    chapter: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    corrections: list[CorrectionDialog],
) -> None:
    stored = sqlite_core.contacts.create(KARI)
    before = sqlite_core.contacts.get(stored.uid).to_draft()
    changed: list[bool] = []
    wizard.changed.connect(lambda: changed.append(True))

    # 1. Velg fil: «Bla gjennom …» fills in the path.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chapter), ""))
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    assert wizard.file_page.path_edit.text() == str(chapter)
    press_next(qtbot, wizard, ImportWizard.SHEET)

    # 2. Ark og overskrift: the title row is skipped; one sheet, so nothing to choose.
    sheet = wizard.sheet_page
    assert sheet.header_spin.value() == 3 and not sheet.sheet_combo.isEnabled()
    assert sheet.table.rowCount() == 4
    assert sheet.table.horizontalHeaderItem(4).text() == "E-post"
    assert sheet.table.item(0, 0).text() == "Kari Nordmann"
    press_next(qtbot, wizard, ImportWizard.COLUMNS)

    # 3. Kolonner: leave the party out.
    columns = wizard.columns_page
    assert len(columns.combos) == len(CHAPTER_HEADERS)
    assert columns.combos[4].currentData() == Field.EMAIL.value
    party = columns.combos[2]
    party.setCurrentIndex(party.findData(Field.IGNORE.value))
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    preview = wizard.preview
    assert preview is not None and preview.mapping[2] is Field.IGNORE

    # 4. Forhåndsvisning: Kari is known, Siri's e-mail is wrong.
    page = wizard.preview_page
    model = page.model
    assert model.rowCount() == 4
    kari = source_row(model, "Kari")
    assert model.index(kari, Col.STATUS).data().startswith("Finnes fra før")
    siri = source_row(model, "Siri")
    assert model.index(siri, Col.STATUS).data().startswith("Feil: Ugyldig e-postadresse")
    assert "ola@" in model.index(siri, Col.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(siri, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "<b>1</b> med feil" in page.counts.text()

    # Leave Per out.
    per = source_row(model, "Per")
    proxy_index = page.proxy.mapFromSource(model.index(per, Col.IMPORT))
    assert page.proxy.setData(proxy_index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert wizard.choices.skipped(preview.rows[per])
    assert model.index(per, Col.STATUS).data() == "Hoppes over"
    assert "<b>1</b> hoppes over" in page.counts.text()

    # Correct Siri's e-mail in the dialog that a double-click opens.
    double_click(qtbot, wizard, siri, Col.EMAIL)
    [dialog] = corrections
    assert dialog.edits[4].text() == "ola@" and dialog.edits[4].property("invalid")
    dialog.edits[4].setText("siri@example.org")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)  # planned again in the background
    assert wizard.preview.rows[siri].errors == ()  # type: ignore[union-attr]
    assert wizard.choices.skipped(wizard.preview.rows[per])  # type: ignore[union-attr]
    assert model.index(siri, Col.STATUS).data() == "Ny"
    assert "<b>0</b> med feil" in page.counts.text()
    assert "er rettet" in page.message.text()

    # Fill in Kari's empty fields instead of skipping her.
    combo = page.duplicate_combo
    combo.setCurrentIndex(combo.findText("Fyll inn tomme felt"))
    assert wizard.preview.options.on_duplicate.value == "merge"  # type: ignore[union-attr]
    choice = model.index(kari, Col.CHOICE)
    assert choice.data() == "Som for alle"
    assert "Fyll inn tomme felt" in choice.data(Qt.ItemDataRole.ToolTipRole)
    press_next(qtbot, wizard, ImportWizard.APPLY)

    # 5. Importer: the dry run first, then the real thing.
    apply = wizard.apply_page
    assert "Ville ha opprettet 2, oppdatert 1 og hoppet over 1 rader" in apply.plan.text()
    assert not wizard.button(NEXT).isEnabled()
    assert sqlite_core.search.count(ContactFilter()) == 1
    qtbot.mouseClick(apply.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    assert wizard.button(NEXT).isEnabled() and not wizard.button(BACK).isEnabled()
    assert "Har opprettet 2, oppdatert 1" in apply.result.text()
    assert changed == [True]

    people = everyone(sqlite_core)
    assert set(people) == {"Kari Nordmann", "Ola Nordmann", "Siri Lund"}
    kari_now = sqlite_core.contacts.get(stored.uid)
    assert kari_now.organisation == "Helse Bergen"  # kept: only empty fields were filled
    assert kari_now.municipality is not None and kari_now.municipality.name == "Bergen"
    assert "Psykisk helse" in kari_now.topics
    assert people["Siri Lund"].primary_email == "siri@example.org"  # type: ignore[attr-defined]
    assert people["Ola Nordmann"].party == ""  # type: ignore[attr-defined]
    assert sqlite_core.search.count(ContactFilter(text="per hansen")) == 0
    press_next(qtbot, wizard, ImportWizard.REPORT)

    # 6. Rapport: save it as JSON, then undo the whole import.
    report_page = wizard.report_page
    assert "Har opprettet 2, oppdatert 1 og hoppet over 1 rader" in report_page.summary.text()
    assert not wizard.button(BACK).isEnabled()
    target = tmp_path / "rapporter" / "fylkeslag"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(report_page.save_button, Qt.MouseButton.LeftButton)
    saved = json.loads((tmp_path / "rapporter" / "fylkeslag.json").read_text("utf-8"))
    assert (saved["created"], saved["updated"], saved["skipped"]) == (2, 1, 1)
    assert saved["file"] == "fylkeslag.xlsx" and saved["dry_run"] is False
    assert saved["batch_id"] == wizard.report.batch_id  # type: ignore[union-attr]
    assert list(target.parent.iterdir()) == [target.parent / "fylkeslag.json"]  # no temp left
    assert "fylkeslag.json" in report_page.result.text()

    asked: list[str] = []

    def yes(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    qtbot.mouseClick(report_page.undo_button, Qt.MouseButton.LeftButton)
    assert "de 2 kontaktene som ble opprettet, slettes" in asked[0].lower()
    assert "Importen er angret" in report_page.result.text()
    assert not report_page.undo_button.isEnabled()
    assert list(everyone(sqlite_core)) == ["Kari Nordmann"]
    assert sqlite_core.contacts.get(stored.uid).to_draft() == before
    assert changed == [True, True]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()


def test_a_refused_file_is_explained_on_the_first_page(
    qtbot: QtBot, wizard: ImportWizard, sqlite_core: Core, tmp_path: Path
) -> None:
    fake = tmp_path / "liste.xlsx"
    fake.write_text("Navn;E-post\nKari Nordmann;kari@example.org\n", encoding="utf-8")
    page = wizard.file_page
    page.path_edit.setText(str(fake))
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task.error.isVisible(), timeout=10_000)
    assert wizard.currentId() == ImportWizard.FILE
    assert "«liste.xlsx» er skadet eller ikke en ekte Excel-fil" in page.task.error.text()
    assert page.task.error.property("error")  # shown in red
    assert wizard.preview is None
    assert sqlite_core.search.count(ContactFilter()) == 0
    # Choosing another file clears the message.
    page.path_edit.setText(str(tmp_path / "annen.xlsx"))
    assert not page.task.error.isVisible()


def test_next_cannot_be_pressed_twice_while_reading(
    qtbot: QtBot, wizard: ImportWizard, chapter: Path
) -> None:
    wizard.file_page.path_edit.setText(str(chapter))
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    if wizard.currentId() == ImportWizard.FILE:  # still reading
        assert not wizard.button(NEXT).isEnabled()
        assert not wizard.file_page.path_edit.isEnabled()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.SHEET, timeout=10_000)
    # Going back and on again reads the file once more, with no leftovers.
    qtbot.mouseClick(wizard.button(BACK), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == ImportWizard.FILE
    press_next(qtbot, wizard, ImportWizard.SHEET)


def test_changing_the_header_row_reads_again(
    qtbot: QtBot, wizard: ImportWizard, chapter: Path
) -> None:
    open_file(qtbot, wizard, chapter)
    sheet = wizard.sheet_page
    sheet.header_spin.setValue(4)  # Kari's row as headers: a wrong choice, but allowed
    qtbot.waitUntil(lambda: wizard.preview.header_row == 4, timeout=10_000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    assert sheet.table.horizontalHeaderItem(0).text() == "Kari Nordmann"
    assert sheet.table.rowCount() == 3
    sheet.header_spin.setValue(3)
    qtbot.waitUntil(lambda: wizard.preview.header_row == 3, timeout=10_000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    assert sheet.table.horizontalHeaderItem(0).text() == "Navn"
    press_next(qtbot, wizard, ImportWizard.COLUMNS)


def test_unknown_topics_and_the_legal_basis(
    qtbot: QtBot, wizard: ImportWizard, sqlite_core: Core, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "nettverk.csv",
        ["Navn", "E-post", "Tema"],
        [["Jonas Dahl", "jonas@example.org", "Ambulansetjenesten"],
         ["Liv Moe", "liv@example.org", "Kreftomsorg, Rus"],
         ["Tor Berg", "tor@example.org", "Eldreomsorgstjenester"]],
    )  # fmt: skip
    open_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    page = wizard.preview_page
    topics = page.topics
    assert topics.isVisible()
    # («Hjemmesykepleie» would be a known word now: a synonym of Eldreomsorg.)
    assert list(topics.combos) == ["Ambulansetjenesten", "Kreftomsorg", "Eldreomsorgstjenester"]
    # Offered: the closest existing topic, else kept as a label.
    assert [c.currentText() for c in topics.combos.values()] == [
        "Bruk «Ambulanse»", "Behold som merkelapp", "Bruk «Eldreomsorg»",
    ]  # fmt: skip
    # Leave the second out, create the third.
    cancer = topics.combos["Kreftomsorg"]
    cancer.setCurrentIndex(cancer.findText("Utelat"))
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    home = topics.combos["Eldreomsorgstjenester"]
    home.setCurrentIndex(home.findText("Opprett som nytt tema"))
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    preview = wizard.preview
    assert preview is not None
    assert preview.options.topic_map == {
        "Ambulansetjenesten": "Ambulanse", "Kreftomsorg": "", "Eldreomsorgstjenester": "\x00create",
    }  # fmt: skip
    assert list(topics.combos) == ["Ambulansetjenesten", "Kreftomsorg", "Eldreomsorgstjenester"]
    liv = page.model.index(1, Col.STATUS)
    assert "utelatt" in liv.data(Qt.ItemDataRole.ToolTipRole)
    # The legal basis and its source go with every contact.
    assert not page.source_edit.isEnabled()
    page.basis_combo.setCurrentIndex(page.basis_combo.findText("Samtykke"))
    assert page.source_edit.text().startswith("import nettverk.csv ")
    page.source_edit.setText("Påmelding på landsmøtet")
    press_next(qtbot, wizard, ImportWizard.APPLY)
    assert "Rettsgrunnlag: samtykke" in wizard.apply_page.plan.text()
    qtbot.mouseClick(wizard.apply_page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)

    people = everyone(sqlite_core)
    assert people["Jonas Dahl"].topics == ("Ambulanse",)  # type: ignore[attr-defined]
    assert people["Liv Moe"].topics == ("Rus",)  # type: ignore[attr-defined]
    assert people["Tor Berg"].topics == ("Eldreomsorgstjenester",)  # type: ignore[attr-defined]
    names = {t.name for t in sqlite_core.catalog.topics()}
    assert "Eldreomsorgstjenester" in names
    assert not names & {"Ambulansetjenesten", "Kreftomsorg"}
    for person in people.values():
        assert person.consent_basis is not None  # type: ignore[attr-defined]
        assert person.consent_basis.value == "samtykke"  # type: ignore[attr-defined]
        assert person.consent_source == "Påmelding på landsmøtet"  # type: ignore[attr-defined]


def _big_csv(path: Path, rows: int) -> Path:
    given = ["Kari", "Ola", "Per", "Siri", "Anne", "Jonas", "Liv", "Tor", "Ingrid", "Nils"]
    family = [f"{a}{b}" for a in ("Berg", "Dahl", "Lund", "Moe", "Holm") for b in "abcdefghij"]
    data = [
        [
            f"{given[i % 10]} {family[(i // 10) % 50]}{'x' * (i // 500)}",
            "",
            "SV",
            "",
            f"person{i}@example.org",
            f"4{i:07d}",
            "",
        ]
        for i in range(rows)
    ]
    return write_csv(path, CHAPTER_HEADERS, data)


def test_cancel_during_the_import_leaves_the_database_unchanged(
    qtbot: QtBot,
    wizard: ImportWizard,
    sqlite_core: Core,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _big_csv(tmp_path / "stor.csv", 5000)
    open_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    assert wizard.preview_page.model.rowCount() == 5000
    assert "<b>5\u00a0000</b> nye" in wizard.preview_page.counts.text()
    press_next(qtbot, wizard, ImportWizard.APPLY)

    # Hold the import after its first step until the user has pressed «Avbryt».
    real = sqlite_core.imports.apply_steps
    pressed = threading.Event()

    def held(preview: ImportPreview, dry_run: bool = False, choices=NO_CHOICES):  # type: ignore[no-untyped-def]
        steps = real(preview, dry_run, choices)
        yield next(steps)
        pressed.wait(10)
        return (yield from steps)

    monkeypatch.setattr(sqlite_core.imports, "apply_steps", held)
    page = wizard.apply_page
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert not wizard.button(BACK).isEnabled() and not wizard.button(NEXT).isEnabled()
    qtbot.waitUntil(lambda: page.task.bar.maximum() > 0, timeout=10_000)  # first progress
    qtbot.mouseClick(page.task.cancel_button, Qt.MouseButton.LeftButton)
    pressed.set()
    qtbot.waitUntil(lambda: not page.task.busy, timeout=20_000)
    assert "Ingenting er importert" in page.result.text()
    assert wizard.report is None and not wizard.button(NEXT).isEnabled()
    assert sqlite_core.search.count(ContactFilter()) == 0
    assert list(sqlite_core.imports.batches()) == []
    assert page.start_button.isEnabled()  # may be tried again

    # Closing the wizard during the import rolls it back too, and then closes.
    pressed.clear()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task.bar.maximum() > 0, timeout=10_000)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert wizard.isVisible()  # waits for the rollback
    pressed.set()
    qtbot.waitUntil(lambda: not shiboken6.isValid(wizard), timeout=20_000)  # closed, deleted
    assert sqlite_core.search.count(ContactFilter()) == 0
    assert list(sqlite_core.imports.batches()) == []


def test_the_preview_model_passes_the_model_tester(  # type: ignore[no-untyped-def]
    qtmodeltester, sqlite_core: Core, chapter: Path
) -> None:
    model = PreviewModel(sqlite_core.geography)
    preview = sqlite_core.imports.preview(chapter)
    model.set_rows(preview.rows, preview.options.on_duplicate)
    qtmodeltester.check(model, force_py=True)


def test_the_empty_window_opens_the_wizard_and_reloads_after_the_import(
    qtbot: QtBot, sqlite_core: Core, chapter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[ImportWizard] = []

    def exec_without_blocking(self: ImportWizard) -> int:
        opened.append(self)
        self.show()
        return 0

    monkeypatch.setattr(ImportWizard, "exec", exec_without_blocking)
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.empty_state
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.empty_state.import_button.text() == "Importer fra Excel …"
    qtbot.mouseClick(window.empty_state.import_button, Qt.MouseButton.LeftButton)
    [wizard] = opened
    assert wizard.isVisible() and wizard.parent() is window

    open_file(qtbot, wizard, chapter)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    press_next(qtbot, wizard, ImportWizard.APPLY)
    qtbot.mouseClick(wizard.apply_page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.total == 3, timeout=20_000)
    assert window.stack.currentIndex() == 0  # the table, no longer the empty state
    backup_dir = sqlite_core.location.backup_dir
    assert backup_dir is not None and len(list(backup_dir.glob("*-for-import*"))) == 1
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    wizard.reject()


def test_people_a_colleague_adds_while_the_preview_is_open_are_not_created_twice(
    qtbot: QtBot, wizard: ImportWizard, sqlite_core: Core, chapter: Path
) -> None:
    open_file(qtbot, wizard, chapter)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    model = wizard.preview_page.model
    assert model.index(source_row(model, "Ola"), Col.STATUS).data() == "Ny"
    assert model.index(source_row(model, "Per"), Col.STATUS).data() == "Ny"

    # Meanwhile a colleague, in another Kontakt window on the same database, adds Ola and Per.
    colleague = open_core(sqlite_core.location, check=False)
    try:
        colleague.contacts.create(
            ContactDraft(
                given_name="Ola", family_name="Nordmann", emails=(EmailData("ola@example.org"),)
            )
        )
        colleague.contacts.create(
            ContactDraft(given_name="Per", family_name="Hansen", phones=(PhoneData("98765434"),))
        )
    finally:
        colleague.close()

    press_next(qtbot, wizard, ImportWizard.APPLY)
    apply = wizard.apply_page
    qtbot.mouseClick(apply.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20_000)
    said = (
        "2 personer i filen var lagt inn av noen andre mens du så på forhåndsvisningen; "
        "de ble hoppet over."
    )
    assert "Har opprettet 1, oppdatert 0 og hoppet over 3 rader" in apply.result.text()
    assert said in apply.result.text()
    assert {name: 1 for name in everyone(sqlite_core)} == {
        "Kari Nordmann": 1, "Ola Nordmann": 1, "Per Hansen": 1
    }  # fmt: skip
    assert sqlite_core.search.count(ContactFilter()) == 3  # each person once

    press_next(qtbot, wizard, ImportWizard.REPORT)
    report_page = wizard.report_page
    assert said in report_page.summary.text()
    warnings = [report_page.issues.item(i).text() for i in range(report_page.issues.count())]
    assert any(
        "Rad 5" in w and "Lagt inn av noen andre" in w and "Ola Nordmann" in w for w in warnings
    ), warnings
