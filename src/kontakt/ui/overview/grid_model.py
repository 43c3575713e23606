"""The county x topic grid as a Qt table model: counties down, topics across, totals last.

Each cell shows the number of contacts and how many of them are folkevalgt
and tillitsvalgt, coloured from a gap (nobody: light red and «–») to well
covered (dark green at the grid's maximum). The names in a cell are fetched
only when its tooltip is asked for, and kept until the counts change.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kontakt.domain.geography import County
from kontakt.domain.wording import plural
from kontakt.services.overview import Cell

_Index = QModelIndex | QPersistentModelIndex
CELL_ROLE = Qt.ItemDataRole.UserRole + 1
NAMES_SHOWN = 10

GAP_BACKGROUND = QColor("#f6d3cf")
GAP_TEXT = QColor("#9b1c1c")
GAP_MARK = "–"
# Light to dark green; the darkest is kept for the grid's largest cell.
LOW_GREEN = QColor("#e3f1e4")
HIGH_GREEN = QColor("#2f7d3a")
TOTAL_BACKGROUND = QColor("#ececec")
DARK_TEXT = QColor("#1d1d1d")
LIGHT_TEXT = QColor("#ffffff")

TOTAL_COLUMN_TITLE = "Personer"
TOTAL_ROW_TITLE = "Hele landet"


def coverage_colour(count: int, maximum: int) -> QColor:
    """The background of a cell with ``count`` contacts when the largest cell has ``maximum``."""
    if count <= 0:
        return GAP_BACKGROUND
    share = count / maximum if maximum > 0 else 1.0
    share = share**0.6  # a few contacts should already look clearly green, not white
    low = (LOW_GREEN.red(), LOW_GREEN.green(), LOW_GREEN.blue())
    high = (HIGH_GREEN.red(), HIGH_GREEN.green(), HIGH_GREEN.blue())
    r, g, b = (round(a + (z - a) * share) for a, z in zip(low, high, strict=True))
    return QColor(r, g, b)


def text_colour(background: QColor) -> QColor:
    """Black or white text, whichever reads better on ``background``."""
    return LIGHT_TEXT if background.lightnessF() < 0.55 else DARK_TEXT


def split_text(cell: Cell) -> str:
    """«5 fv · 4 tv»: folkevalgte and tillitsvalgte among the cell's contacts."""
    return f"{cell.folkevalgt} fv · {cell.tillitsvalgt} tv"


def cell_text(cell: Cell) -> str:
    """The count over the split, or the gap mark."""
    return f"{cell.count}\n{split_text(cell)}" if cell.count else GAP_MARK


class OverviewGridModel(QAbstractTableModel):
    """Counties (rows) by topics (columns), with a total row and column.

    Args:
        names: Fetches up to ten names in a cell (called lazily, for tooltips).
        parent: Qt parent.
    """

    def __init__(self, names: Callable[[Cell], list[str]], parent: Any | None = None) -> None:
        super().__init__(parent)
        self._names_of = names
        self._counties: list[County] = []
        self._topics: list[str] = []
        self._cells: dict[tuple[int, int], Cell] = {}
        self._county_totals: dict[str, int] = {}
        self._maximum = 0
        self._names: dict[tuple[int, int], list[str]] = {}

    # -- filling -------------------------------------------------------------------

    def set_cells(
        self, counties: list[County], cells: list[Cell], county_totals: dict[str, int]
    ) -> None:
        """Show new counts (a new filter or changed contacts)."""
        self.beginResetModel()
        self._counties = list(counties)
        topics: list[str] = []
        for cell in cells:
            if cell.topic not in topics:
                topics.append(cell.topic)
        self._topics = topics
        row_of = {c.number: i for i, c in enumerate(self._counties)}
        column_of = {t: i for i, t in enumerate(topics)}
        self._cells = {
            (row_of[c.county_number], column_of[c.topic]): c
            for c in cells
            if c.county_number in row_of
        }
        self._county_totals = dict(county_totals)
        self._maximum = max((c.count for c in cells), default=0)
        self._names = {}
        self.endResetModel()

    # -- looking -------------------------------------------------------------------

    @property
    def topics(self) -> list[str]:
        """The topics, in column order."""
        return list(self._topics)

    @property
    def maximum(self) -> int:
        """The largest cell's count (the darkest green)."""
        return self._maximum

    def cell_at(self, index: _Index) -> Cell | None:
        """The county and topic at ``index``; None for a total or an invalid index."""
        if not index.isValid():
            return None
        return self._cells.get((index.row(), index.column()))

    def gaps(self) -> int:
        """Cells with nobody."""
        return sum(1 for c in self._cells.values() if c.count == 0)

    def cell_count(self) -> int:
        """Cells in the grid (totals not included)."""
        return len(self._cells)

    def total_of_topic(self, column: int) -> int:
        """People with this topic in any county (each person lives in one county)."""
        return sum(c.count for (_, col), c in self._cells.items() if col == column)

    def total_of_county(self, row: int) -> int:
        """People in this county with at least one topic."""
        return self._county_totals.get(self._counties[row].number, 0)

    # -- the model -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._counties else len(self._counties) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._topics else len(self._topics) + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.cell_at(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _is_total(self, index: _Index) -> bool:
        return index.row() == len(self._counties) or index.column() == len(self._topics)

    def _total(self, index: _Index) -> int:
        row, column = index.row(), index.column()
        if row == len(self._counties) and column == len(self._topics):
            return sum(self._county_totals.values())
        if row == len(self._counties):
            return self.total_of_topic(column)
        return self.total_of_county(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        if self._is_total(index):
            return self._total_data(index, role)
        cell = self._cells.get((index.row(), index.column()))
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._summary(cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(coverage_colour(cell.count, self._maximum))
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.count == 0:
                return QBrush(GAP_TEXT)
            return QBrush(text_colour(coverage_colour(cell.count, self._maximum)))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, cell)
        if role == CELL_ROLE:
            return cell
        return None

    def _total_data(self, index: _Index, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self._total(index))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(TOTAL_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DARK_TEXT)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == len(self._topics) and index.row() < len(self._counties):
                county = self._counties[index.row()].name
                return (
                    f"{plural(self._total(index), 'person', 'personer')} i {county} "
                    "har minst ett tema (en person med flere tema telles én gang)."
                )
            if index.row() == len(self._counties) and index.column() < len(self._topics):
                topic = self._topics[index.column()]
                return f"{plural(self._total(index), 'person', 'personer')} i hele landet: {topic}."
            return "Personer i hele landet med minst ett tema og et fylke."
        return None

    @staticmethod
    def _summary(cell: Cell) -> str:
        if cell.count == 0:
            return f"{cell.topic} i {cell.county_name}: ingen kontakter"
        return (
            f"{cell.topic} i {cell.county_name}: {plural(cell.count, 'kontakt', 'kontakter')}, "
            f"{cell.folkevalgt} folkevalgte, {cell.tillitsvalgt} tillitsvalgte"
        )

    def names_in(self, index: _Index) -> list[str]:
        """Up to ten names in the cell at ``index``, fetched once."""
        cell = self.cell_at(index)
        if cell is None or cell.count == 0:
            return []
        key = (index.row(), index.column())
        if key not in self._names:
            self._names[key] = self._names_of(cell)
        return self._names[key]

    def _tooltip(self, index: _Index, cell: Cell) -> str:
        title = f"<b>{escape(cell.topic)}</b> i <b>{escape(cell.county_name)}</b>"
        if cell.count == 0:
            return f"{title}<br>Ingen kontakter her – et hull i nettverket."
        names = self.names_in(index)
        lines = [
            title,
            f"{plural(cell.count, 'kontakt', 'kontakter')}: {cell.folkevalgt} folkevalgte, "
            f"{cell.tillitsvalgt} tillitsvalgte",
            "",
            *(escape(n) for n in names),
        ]
        if cell.count > len(names):
            lines.append(f"<i>… og {cell.count - len(names)} til</i>")
        lines += ["", "<i>Klikk for å vise dem i kontaktlisten.</i>"]
        return "<br>".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        count = len(self._topics) if horizontal else len(self._counties)
        if section < 0 or section > count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == count:
                return TOTAL_COLUMN_TITLE if horizontal else TOTAL_ROW_TITLE
            return self._topics[section] if horizontal else self._counties[section].name
        if role == Qt.ItemDataRole.ToolTipRole and horizontal and section == count:
            return "Personer i fylket med minst ett tema; en person med flere tema telles én gang."
        if role == Qt.ItemDataRole.FontRole and section == count:
            font = QFont()
            font.setBold(True)
            return font
        return None
