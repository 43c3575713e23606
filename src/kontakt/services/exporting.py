"""The export use case: which contacts (scope), into which format, with what options.

Writers are step generators (``rows, target, options -> Iterator[written]``)
handed in by app.py, so that this layer never imports Qt although the PDF
writer needs it. A scope never includes trashed contacts.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.domain.records import ContactRow
from kontakt.errors import KontaktError
from kontakt.io.exporters.contacts_csv import outlook_left_out
from kontakt.io.files import check_target
from kontakt.services.scope import ContactScope, scope_count, scope_rows
from kontakt.services.search import SearchService
from kontakt.services.steps import drive

Writer = Callable[[list[ContactRow], Path, ExportOptions], Iterator[int]]
Steps = Generator[tuple[int, int], None, "ExportResult"]


ExportScope = ContactScope  # the name the export dialog and the command line use


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote.

    Attributes:
        left_out: What the format had no room for, in a Norwegian sentence
            (``""`` when everything went in), for the dialog and the command line.
    """

    path: Path
    format: ExportFormat
    count: int
    left_out: str = ""


class ExportService:
    """Writes contact lists.

    Args:
        search: Finds the contacts of a scope.
        writers: One writer per format.
    """

    def __init__(self, search: SearchService, writers: Mapping[ExportFormat, Writer]) -> None:
        self._search = search
        self._writers = dict(writers)

    def rows(self, scope: ExportScope) -> list[ContactRow]:
        """The contacts of a scope, never those in the trash."""
        return scope_rows(self._search, scope)

    def count(self, scope: ExportScope) -> int:
        """How many contacts the scope would write."""
        return scope_count(self._search, scope)

    def export(
        self,
        fmt: ExportFormat,
        target: Path,
        scope: ExportScope | None = None,
        options: ExportOptions | None = None,
    ) -> ExportResult:
        """Write the file; see :meth:`export_steps`."""
        return drive(self.export_steps(fmt, target, scope, options))

    def export_steps(
        self,
        fmt: ExportFormat,
        target: Path,
        scope: ExportScope | None = None,
        options: ExportOptions | None = None,
    ) -> Steps:
        """:meth:`export` yielding ``(written, total)``; closing it early writes nothing.

        Raises:
            KontaktError: Unknown format, or the file cannot be written.
        """
        check_target(target)
        writer = self._writers.get(fmt)
        if writer is None:
            raise KontaktError(f"Eksport til {fmt.value} er ikke tilgjengelig.")
        rows = self.rows(scope or ExportScope())
        total = len(rows)
        yield 0, total
        options = options or ExportOptions()
        for done in writer(rows, target, options):
            yield min(done, total), total
        left_out = outlook_left_out(rows, options) if fmt is ExportFormat.CSV_OUTLOOK else ""
        return ExportResult(target, fmt, total, left_out)
