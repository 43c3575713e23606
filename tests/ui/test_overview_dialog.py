"""«Oversikt»: the grid equals counts made from the contacts themselves, a click filters
the main window to exactly those people, and the year summary shows and exports the year."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.fixtures.year_data import YearData, build_year

from kontakt.app import Core
from kontakt.domain.records import ContactFilter, RoleKind, RoleLevel
from kontakt.services.overview import Cell
from kontakt.storage.base import utcnow
from kontakt.ui.main_window import MainWindow
from kontakt.ui.overview import OverviewDialog
from kontakt.ui.overview import year_tab as year_tab_module
from kontakt.ui.overview.grid_model import CELL_ROLE, GAP_BACKGROUND, GAP_MARK

Key = tuple[str, str]


@pytest.fixture
def dialog(qtbot: QtBot, demo_core: Core) -> Iterator[OverviewDialog]:
    d = OverviewDialog(demo_core.overview, demo_core.year_summary, demo_core.geography)
    qtbot.addWidget(d)
    d.show()
    yield d


def counted(core: Core, kind: RoleKind | None = None) -> tuple[Counter[Key], Counter[Key]]:
    """(county number, topic) -> contacts, and -> folkevalgte among them, from the rows."""
    everyone: Counter[Key] = Counter()
    elected: Counter[Key] = Counter()
    for row in core.search.all_rows(ContactFilter()):
        if row.county is None or (kind and not any(r.kind == kind for r in row.roles)):
            continue
        for topic in row.topics:
            everyone[(row.county.number, topic)] += 1
            elected[(row.county.number, topic)] += any(
                r.kind == RoleKind.FOLKEVALGT for r in row.roles
            )
    return everyone, elected


def shown(dialog: OverviewDialog) -> dict[Key, tuple[int, int]]:
    """What the grid shows: (county number, topic) -> (count, folkevalgt), read from the text."""
    model = dialog.model
    numbers = {}
    for row in range(model.rowCount() - 1):
        for column in range(model.columnCount() - 1):
            index = model.index(row, column)
            cell = index.data(CELL_ROLE)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text == GAP_MARK:
                numbers[(cell.county_number, cell.topic)] = (0, 0)
                continue
            count, split = text.split("\n")
            numbers[(cell.county_number, cell.topic)] = (int(count), int(split.split(" fv")[0]))
    return numbers


def check_grid(dialog: OverviewDialog, core: Core, kind: RoleKind | None = None) -> None:
    everyone, elected = counted(core, kind)
    numbers = shown(dialog)
    topics = {t.name for t in core.catalog.topics()}
    assert len(numbers) == 15 * len(topics)
    for key, (count, fv) in numbers.items():
        assert (count, fv) == (everyone[key], elected[key]), key


def test_the_grid_equals_counts_made_from_the_contacts(
    dialog: OverviewDialog, demo_core: Core
) -> None:
    check_grid(dialog, demo_core)
    model = dialog.model
    topics = model.topics
    # The totals: people per topic (bottom row) and per county (last column), each once.
    bottom = model.rowCount() - 1
    everyone, _ = counted(demo_core)
    for column, topic in enumerate(topics):
        expected = sum(n for (_, t), n in everyone.items() if t == topic)
        assert model.index(bottom, column).data() == str(expected)
    people: dict[str, set[str]] = defaultdict(set)
    for row in demo_core.search.all_rows(ContactFilter()):
        if row.county and row.topics:
            people[row.county.number].add(row.uid)
    last = model.columnCount() - 1
    for r, county in enumerate(demo_core.geography.counties):
        assert model.index(r, last).data() == str(len(people[county.number]))
    assert model.index(bottom, last).data() == str(sum(len(p) for p in people.values()))
    assert model.headerData(0, Qt.Orientation.Vertical) == demo_core.geography.counties[0].name
    assert model.headerData(0, Qt.Orientation.Horizontal) == topics[0]


def test_a_role_kind_changes_the_numbers(dialog: OverviewDialog, demo_core: Core) -> None:
    before = shown(dialog)
    dialog.role_kind_box.setCurrentIndex(dialog.role_kind_box.findText("tillitsvalgte"))
    assert dialog.grid_filter().role_kind is RoleKind.TILLITSVALGT
    check_grid(dialog, demo_core, RoleKind.TILLITSVALGT)
    after = shown(dialog)
    assert after != before
    assert all(after[k][0] <= before[k][0] for k in before)
    assert all(fv == 0 for _, fv in after.values())  # demo people hold one kind of role


def confirm(core: Core, county: str, days_ago: int) -> set[Key]:
    """Mark a contact of the county confirmed ``days_ago``; returns its cells."""
    row = core.search.all_rows(ContactFilter(county=county))[0]
    when = dt.date.today() - dt.timedelta(days=days_ago)
    core.contacts.update(row.uid, replace(row.to_draft(), last_confirmed=when), row.version)
    return {(county, t) for t in row.topics}


def filled(dialog: OverviewDialog) -> set[Key]:
    return {k for k, (n, _) in shown(dialog).items() if n}


def test_only_contacts_confirmed_in_the_last_months(
    qtbot: QtBot, dialog: OverviewDialog, demo_core: Core
) -> None:
    recent = confirm(demo_core, "18", 60)
    older = confirm(demo_core, "56", 400)
    assert not dialog.months_spin.isEnabled()
    dialog.confirmed_check.setChecked(True)  # 12 months
    assert dialog.months_spin.isEnabled()
    assert filled(dialog) == recent
    dialog.months_spin.setValue(24)  # the spin box recounts after a short pause
    qtbot.waitUntil(lambda: filled(dialog) == recent | older, timeout=3000)
    dialog.months_spin.setValue(1)
    qtbot.waitUntil(lambda: filled(dialog) == set(), timeout=3000)
    dialog.confirmed_check.setChecked(False)
    assert len(filled(dialog)) > len(recent | older)


def cell_where(dialog: OverviewDialog, wanted: object) -> tuple[QModelIndex, Cell]:
    model = dialog.model
    for row in range(model.rowCount() - 1):
        for column in range(model.columnCount() - 1):
            cell = model.cell_at(model.index(row, column))
            if cell is not None and wanted(cell):  # type: ignore[operator]
                return model.index(row, column), cell
    raise AssertionError("no such cell")


def click(qtbot: QtBot, dialog: OverviewDialog, index: QModelIndex) -> ContactFilter:
    dialog.view.scrollTo(index)
    rect = dialog.view.visualRect(index)
    with qtbot.waitSignal(dialog.cell_chosen, timeout=2000) as blocker:
        qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (chosen,) = blocker.args
    assert isinstance(chosen, ContactFilter)
    return chosen


def uids_in(
    core: Core,
    county: str,
    topic: str,
    kind: RoleKind | None = None,
    level: RoleLevel | None = None,
    since: dt.date | None = None,
) -> set[str]:
    return {
        r.uid
        for r in core.search.all_rows(ContactFilter())
        if r.county
        and r.county.number == county
        and topic in r.topics
        and (kind is None or any(x.kind == kind and level in (None, x.level) for x in r.roles))
        and (since is None or (r.last_confirmed is not None and r.last_confirmed >= since))
    }


def test_a_click_shows_exactly_the_cells_people_in_the_main_window(
    qtbot: QtBot, demo_core: Core
) -> None:
    window = MainWindow(demo_core)
    qtbot.addWidget(window)
    window.show()
    window.search_field.setText("nils")
    window.overview_action.trigger()
    dialog = window.findChild(OverviewDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    window.overview_action.trigger()  # a second time: the same dialog again
    assert len(window.findChildren(OverviewDialog)) == 1

    index, cell = cell_where(dialog, lambda c: c.count >= 3)
    chosen = click(qtbot, dialog, index)
    assert chosen == ContactFilter(county=cell.county_number, topics=(cell.topic,))
    assert window.search_field.text() == ""
    assert window.model.total == cell.count
    shown_uids = {window.model.row_at(r).uid for r in range(window.model.rowCount())}
    assert shown_uids == uids_in(demo_core, cell.county_number, cell.topic)
    assert cell.topic in window.filter_label.text()

    # Counted for folkevalgte only, a click shows only the folkevalgte of the cell.
    dialog.role_kind_box.setCurrentIndex(dialog.role_kind_box.findText("folkevalgte"))
    index, cell = cell_where(dialog, lambda c: c.count >= 1)
    chosen = click(qtbot, dialog, index)
    assert chosen.role_kind is RoleKind.FOLKEVALGT
    expected = uids_in(demo_core, cell.county_number, cell.topic, RoleKind.FOLKEVALGT)
    assert window.model.total == cell.count == len(expected)
    assert {window.model.row_at(r).uid for r in range(window.model.rowCount())} == expected

    # The level and «bekreftet siste N måneder» carry over too: still exactly the cell.
    county = cell.county_number
    demo_core.retention.confirm(demo_core.search.all_rows(ContactFilter(county=county)))
    dialog.reload()
    dialog.level_box.setCurrentIndex(dialog.level_box.findText("kommune"))
    dialog.confirmed_check.setChecked(True)
    index, cell = cell_where(dialog, lambda c: c.count >= 1)
    assert cell.county_number == county  # nobody else is confirmed
    chosen = click(qtbot, dialog, index)
    assert (chosen.role_level, chosen.confirmed_months) == (RoleLevel.KOMMUNE, 12)
    expected = uids_in(
        demo_core, county, cell.topic, RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, dt.date.today()
    )
    assert window.model.total == cell.count == len(expected)
    assert {window.model.row_at(r).uid for r in range(window.model.rowCount())} == expected
    assert "Nivå: Kommune" in window.filter_label.text()
    assert "Bekreftet siste 12 mnd." in window.filter_label.text()


def test_a_click_on_a_total_chooses_nothing(qtbot: QtBot, dialog: OverviewDialog) -> None:
    chosen: list[object] = []
    dialog.cell_chosen.connect(chosen.append)
    model = dialog.model
    total = model.index(0, model.columnCount() - 1)
    rect = dialog.view.visualRect(total)
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen == []


def test_the_tooltip_lists_names_fetched_only_when_asked(
    qtbot: QtBot, demo_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Cell] = []
    names = demo_core.overview.names

    def counting(cell: Cell, limit: int = 10, f: object = None) -> list[str]:
        calls.append(cell)
        return names(cell, limit, f)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_core.overview, "names", counting)
    dialog = OverviewDialog(demo_core.overview, demo_core.year_summary, demo_core.geography)
    qtbot.addWidget(dialog)
    assert calls == []  # counting the grid fetches no names
    index, cell = cell_where(dialog, lambda c: c.count >= 2)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    rows = demo_core.search.all_rows(cell.contact_filter())
    for row in rows[:10]:
        assert row.full_name in tip
    assert cell.topic in tip and cell.county_name in tip
    assert f"{cell.folkevalgt} folkevalgte" in tip
    index.data(Qt.ItemDataRole.ToolTipRole)
    assert len(calls) == 1  # kept until the counts change

    big = cell_where(dialog, lambda c: c.count > 10)[0]
    many = big.data(Qt.ItemDataRole.ToolTipRole)
    cell = dialog.model.cell_at(big)
    assert cell is not None
    assert f"… og {cell.count - 10} til" in many


def test_a_gap_is_marked_and_colours_rise_with_the_count(dialog: OverviewDialog) -> None:
    gap, _ = cell_where(dialog, lambda c: c.count == 0)
    assert gap.data() == GAP_MARK
    background = gap.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == GAP_BACKGROUND
    assert "hull" in gap.data(Qt.ItemDataRole.ToolTipRole)
    one = cell_where(dialog, lambda c: c.count == 1)[0]
    top = cell_where(dialog, lambda c: c.count == dialog.model.maximum)[0]
    light = one.data(Qt.ItemDataRole.BackgroundRole).color()
    dark = top.data(Qt.ItemDataRole.BackgroundRole).color()
    assert light != GAP_BACKGROUND and light.green() > light.red()  # green, not red
    assert dark.lightness() < light.lightness()
    assert f"av {dialog.model.cell_count()} ruter" in dialog.summary_label.text()
    assert f"<b>{dialog.model.gaps()}</b>" in dialog.summary_label.text()


def test_the_grid_model_passes_the_model_tester(qtmodeltester, dialog: OverviewDialog) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dialog.model, force_py=True)


def test_the_main_window_has_a_view_menu_before_e_mail(qtbot: QtBot, demo_core: Core) -> None:
    window = MainWindow(demo_core)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.index("&Vis") + 1 == menus.index("&E-post")
    assert window.overview_action.iconText() == "Oversikt"


# -- the year ----------------------------------------------------------------------


@pytest.fixture
def year(sqlite_core: Core, smtp_server: SmtpServer) -> YearData:  # noqa: F811
    return build_year(sqlite_core, smtp_server)


def after(lines: list[str], label: str) -> str:
    """The text right after a label (a table cell's neighbour)."""
    return lines[lines.index(label) + 1]


def test_the_year_summary_shows_and_exports_the_year(
    qtbot: QtBot, sqlite_core: Core, year: YearData, tmp_path: Path
) -> None:
    c = sqlite_core
    dialog = OverviewDialog(c.overview, c.year_summary, c.geography)
    qtbot.addWidget(dialog)
    tab = dialog.year_tab
    assert tab.year() == year.year
    held = year.held(year.year, utcnow())
    lines = [x.strip() for x in tab.browser.toPlainText().split("\n")]
    assert after(lines, "E-poster sendt") == str(year.sent[year.year])
    assert after(lines, "E-poster som feilet") == str(year.failed[year.year])
    assert after(lines, "Utsendinger (e-post og nyhetsbrev)") == "2"
    assert after(lines, "Arrangementer holdt") == str(len(held))
    for title, attended in held:
        assert after(lines, title) == str(attended)
    rows = sqlite_core.search.all_rows(ContactFilter())
    added = sum(r.created_at.astimezone().year == year.year for r in rows)
    assert after(lines, f"Nye kontakter i {year.year}") == str(added)

    workbook = tmp_path / "år.xlsx"
    assert tab.export_xlsx(workbook)
    wb = load_workbook(workbook)
    assert wb.sheetnames == ["Sammendrag", "Dekning per fylke", "Arrangementer"]
    summary = {r[0]: r[1] for r in wb["Sammendrag"].iter_rows(min_row=4, values_only=True)}
    assert summary["E-poster sendt"] == year.sent[year.year]
    assert summary["E-poster som feilet"] == year.failed[year.year]
    assert summary[f"Nye kontakter i {year.year}"] == added
    assert wb["Sammendrag"]["A3"].font.b
    events = list(wb["Arrangementer"].iter_rows(min_row=4, values_only=True))
    assert [(e[1], e[2]) for e in events[:-1]] == held
    counties = list(wb["Dekning per fylke"].iter_rows(min_row=4, values_only=True))
    per_county = Counter(r.county.number for r in rows if r.county)
    geography = sqlite_core.geography.counties
    assert [(c[0], c[1]) for c in counties[:-1]] == [
        (c.name, per_county[c.number]) for c in geography
    ]
    assert counties[-1][0] == "Hele landet" and counties[-1][1] == len(rows)

    report = tmp_path / "år.pdf"
    assert tab.export_pdf(report)
    pages = PdfReader(report).pages
    text = "\n".join(p.extract_text() for p in pages).replace("\t", " ")
    lines = [x.strip() for x in text.split("\n")]
    assert f"Årsoversikt {year.year}" in lines
    assert after(lines, "E-poster sendt") == str(year.sent[year.year])
    assert after(lines, "Arrangementer holdt") == str(len(held))
    assert f"Side 1 av {len(pages)}" in text and f"Side {len(pages)} av {len(pages)}" in text
    assert f"laget {dt.date.today():%d.%m.%Y}" in text

    tab.set_year(year.year - 1)
    lines = [x.strip() for x in tab.browser.toPlainText().split("\n")]
    assert after(lines, "E-poster sendt") == str(year.sent[year.year - 1])
    assert after(lines, "Julemøte") == "1"


def test_an_export_that_cannot_be_written_says_so_in_norwegian(
    qtbot: QtBot, demo_core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown_messages: list[str] = []
    monkeypatch.setattr(
        year_tab_module.QMessageBox,
        "warning",
        lambda parent, title, text: shown_messages.append(text),
    )
    dialog = OverviewDialog(demo_core.overview, demo_core.year_summary, demo_core.geography)
    qtbot.addWidget(dialog)
    target = tmp_path / "finnes-ikke" / "år.xlsx"
    assert not dialog.year_tab.export_xlsx(target)
    assert not dialog.year_tab.export_pdf(target.with_suffix(".pdf"))
    assert len(shown_messages) == 2
    assert all(m.startswith("Kan ikke skrive") for m in shown_messages)
    assert str(target) in shown_messages[0]
    assert not target.parent.exists()
