"""The import use case: read and plan a file (preview), then apply it, or undo an import.

The window's wizard calls :meth:`ImportService.preview`, lets the user change
the mapping, correct cells, skip rows and choose what to do with duplicates,
then calls :meth:`ImportService.apply`. The command line does both at once.
A preview is a value: :meth:`~ImportService.replan` and
:meth:`~ImportService.correct` return a new one; the rows left out and the
rows' own duplicate choices are an :class:`ImportChoices` beside it, handed
to :meth:`~ImportService.apply`.
Applying is one transaction: all chosen rows or nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.column_mapping import Field, guess_mapping, mapping_key
from kontakt.domain.records import ImportBatchInfo
from kontakt.io.importers.table import RawTable, list_sheets, read_table
from kontakt.services.audit import ContactAudit
from kontakt.services.importing import apply as writer
from kontakt.services.importing.duplicates import RowMarker
from kontakt.services.importing.gc_pause import gc_paused
from kontakt.services.importing.model import (
    NO_CHOICES,
    ImportChoices,
    ImportOptions,
    ImportPreview,
    ImportReport,
    Issue,
    RowPlan,
    Seen,
)
from kontakt.services.importing.recheck import stored_people
from kontakt.services.importing.rows import RowPlanner, plan_chunk, with_cell
from kontakt.services.importing.survey_rows import (
    SurveyPlan,
    refuse_taken,
    row_contacts,
    survey_plan,
)
from kontakt.services.importing.workers import (
    PARALLEL_FROM,
    early_pool,
    planning_pool,
    worker_count,
)
from kontakt.services.importing.writing import planned_writes, write_steps
from kontakt.services.privacy import ERASED_NOTE, erased_checker
from kontakt.services.steps import Steps, drive
from kontakt.services.synonyms import synonym_map
from kontakt.storage import contact_aliases, import_batches, tags
from kontakt.storage.contact_repository import ContactRepository

PROGRESS_EVERY = 500


@dataclass(frozen=True, slots=True)
class _Planned:
    """Every row planned and checked: what a preview holds of the planning."""

    rows: tuple[RowPlan, ...]
    seen: Seen

    @property
    def unknown_topics(self) -> tuple[str, ...]:
        """The topics the rows name that Kontakt lacks, each once, in file order."""
        return tuple(dict.fromkeys(t for r in self.rows for t in r.unknown_topics))


def file_sha256(path: Path) -> str:
    """The file's SHA-256, recorded with the batch."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ImportService:
    """Imports spreadsheets and CSV files.

    Args:
        sessions: Session factory.
        contacts: The contacts as stored (and the geography).
        audit: Records what the import changed.
    """

    def __init__(
        self, sessions: sessionmaker[Session], contacts: ContactRepository, audit: ContactAudit
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts
        self._audit = audit

    # -- preview -----------------------------------------------------------------

    def preview(self, path: Path, options: ImportOptions | None = None) -> ImportPreview:
        """Read the file and plan every row; nothing is written.

        Raises:
            ImportRefused: The file cannot be read (with a Norwegian message).
        """
        return drive(self.preview_steps(path, options))

    def preview_steps(
        self, path: Path, options: ImportOptions | None = None
    ) -> Steps[ImportPreview]:
        """:meth:`preview` as a generator yielding ``(rows done, rows)`` for a progress bar."""
        with gc_paused():
            return (yield from self._preview_steps(path, options or ImportOptions()))

    def _preview_steps(self, path: Path, options: ImportOptions) -> Steps[ImportPreview]:
        with early_pool(path) as pool:
            if pool is None:
                return (yield from self._read_and_plan(path, options, None, None))
            # A big file: while it is read, a thread reads the database's people for
            # the duplicate check (python-calamine lets go of the GIL while it loads a
            # sheet, and the workers only wait for rows meanwhile): 0.3 s less for
            # 50,000 rows against 100,000 contacts.
            with ThreadPoolExecutor(1, thread_name_prefix="kontakt-people") as thread:
                people = thread.submit(self._marker)
                return (yield from self._read_and_plan(path, options, pool, people))

    def _read_and_plan(
        self,
        path: Path,
        options: ImportOptions,
        pool: ProcessPoolExecutor | None,
        people: Future[tuple[RowMarker, Seen]] | None,
    ) -> Steps[ImportPreview]:
        table = read_table(path, options.sheet, options.header_row, options.encoding)
        mapping = options.mapping or self.remembered_mapping(table.headers)
        if mapping is None:
            mapping = guess_mapping(table.headers)
        cells = tuple(row.cells for row in table.rows)
        planned = yield from self._plan_steps(table, cells, mapping, options, pool, people)
        return ImportPreview(
            path=path,
            sheet=table.sheet,
            sheets=tuple(table.sheets) or tuple(list_sheets(path)),
            header_row=table.header_row,
            headers=table.headers,
            mapping=dict(mapping),
            rows=planned.rows,
            unknown_topics=planned.unknown_topics,
            file_sha256=file_sha256(path),
            options=options,
            cells=cells,
            table=table,
            seen=planned.seen,
        )

    def _planner(
        self, table: RawTable, mapping: Mapping[int, Field], options: ImportOptions
    ) -> RowPlanner:
        with self._sessions() as session:
            vocabulary = tags.topic_names(session)
        return RowPlanner(table, mapping, self._contacts.geography, vocabulary, options)

    def _plan_steps(
        self,
        table: RawTable,
        cells: Sequence[tuple[object, ...]],
        mapping: Mapping[int, Field],
        options: ImportOptions,
        pool: ProcessPoolExecutor | None = None,
        people: Future[tuple[RowMarker, Seen]] | None = None,
    ) -> Steps[_Planned]:
        """Plan every row, then mark duplicates, vCard ids and people erased on request.

        ``people``: the duplicate check against the database, if it is being read already.
        """
        if not options.synonyms:
            with self._sessions() as session:
                options = replace(options, synonyms=synonym_map(session))
        planner = self._planner(table, mapping, options)
        total = len(table.rows)
        workers = worker_count()
        rows: list[RowPlan] = []
        if total >= PARALLEL_FROM and workers > 1:
            running: AbstractContextManager[ProcessPoolExecutor] = (
                nullcontext(pool) if pool is not None else planning_pool(workers)
            )
            with running as processes:
                seen = yield from self._plan_in_processes(
                    table, cells, mapping, options, planner.vocabulary, processes, workers, rows,
                    people,
                )  # fmt: skip
        else:
            for n, (row, row_cells) in enumerate(zip(table.rows, cells, strict=True), 1):
                rows.append(planner.plan(row, row_cells))
                if n % PROGRESS_EVERY == 0:
                    yield n, total
            marker, seen = people.result() if people is not None else self._marker()
            rows = [marker.mark(plan) for plan in rows]
        done = self._held_back_erased(self._matched_uids(rows), options.include_erased)
        yield total, total
        return _Planned(done, seen)

    def _matched_uids(self, rows: list[RowPlan]) -> list[RowPlan]:
        """A row carrying a stored contact's id (a vCard's UID) is that contact, for sure."""
        wanted = {p.uid for p in rows if p.uid and p.clean is not None}
        if not wanted:
            return rows
        with self._sessions() as session:
            stored = self._contacts.names(session, list(wanted), live_only=True)
            # A uid merged into another contact (issue 21) is that contact.
            merged = contact_aliases.resolve_many(session, list(wanted - set(stored)), True)
            stored.update(self._contacts.names(session, list(set(merged.values())), True))
        rows = [replace(p, uid=merged[p.uid]) if p.uid in merged else p for p in rows]
        return [
            plan.with_duplicate(
                plan.uid,
                None,
                f"Finnes fra før: {stored[plan.uid]}, samme kontakt-id (vCard UID)",
            )
            if plan.uid in stored and plan.clean is not None
            else plan
            for plan in rows
        ]

    def _held_back_erased(
        self, rows: list[RowPlan], include_erased: bool, only: int | None = None
    ) -> tuple[RowPlan, ...]:
        """Rows of people erased on request are left out (the secretary may take them back).

        Args:
            only: Check only the row at this index (the others were checked before).
        """
        erased = erased_checker(self._sessions)
        if erased is None:
            return tuple(rows)
        warning = f"{ERASED_NOTE}: personen ba om å bli slettet" + (
            "" if include_erased else "; raden hoppes over"
        )
        out = list(rows)
        for n, plan in enumerate(rows):
            if plan.clean is None or (only is not None and n != only):
                continue
            d = plan.clean.draft
            if erased([e.address for e in d.emails], [p.number for p in d.phones]):
                out[n] = replace(
                    plan,
                    held_back=not include_erased,
                    warnings=(*plan.warnings, Issue(plan.row, "", warning)),
                )
        return tuple(out)

    def _plan_in_processes(
        self,
        table: RawTable,
        cells: Sequence[tuple[object, ...]],
        mapping: Mapping[int, Field],
        options: ImportOptions,
        vocabulary: list[str],
        pool: ProcessPoolExecutor,
        workers: int,
        rows: list[RowPlan],
        people: Future[tuple[RowMarker, Seen]] | None,
    ) -> Steps[Seen]:
        """Plan the rows in worker processes into ``rows``, marking duplicates here as
        the rows come in; returns what the duplicate check saw."""
        size = -(-len(table.rows) // (workers * 4))
        chunks = [
            (replace(table, rows=table.rows[i : i + size]), cells[i : i + size])
            for i in range(0, len(table.rows), size)
        ]
        futures = [
            pool.submit(plan_chunk, part, chunk, mapping, vocabulary, options)
            for part, chunk in chunks
        ]
        # This process would only wait for the workers: meanwhile it reads the
        # database's people (~0.7 s for 100,000), unless that was done while the
        # file was read, and checks each chunk of rows for duplicates as soon as
        # it is planned.
        marker, seen = people.result() if people is not None else self._marker()
        for future in futures:
            rows.extend(marker.mark(plan) for plan in future.result())
            yield len(rows), len(table.rows)
        return seen

    def _marker(self) -> tuple[RowMarker, Seen]:
        """A duplicate check against the database's people, and what it saw of them."""
        with self._sessions() as session:
            people, seen = stored_people(session.connection())
        return RowMarker(people.index, people.names), seen

    def replan(
        self,
        preview: ImportPreview,
        mapping: Mapping[int, Field] | None = None,
        options: ImportOptions | None = None,
    ) -> ImportPreview:
        """A new preview planned again after the user changed the mapping or the options
        (topic choices, legal basis); ``preview`` is left as it is.

        The user's choices (:class:`ImportChoices`) are kept apart by row number, so
        they hold for the new preview too.
        """
        mapping = dict(mapping if mapping is not None else preview.mapping)
        options = options or preview.options
        table = self._table(preview)
        with gc_paused():
            planned = drive(self._plan_steps(table, preview.cells, mapping, options))
        return replace(
            preview,
            mapping=mapping,
            options=options,
            rows=planned.rows,
            unknown_topics=planned.unknown_topics,
            table=table,
            seen=planned.seen,
        )

    def correct(
        self, preview: ImportPreview, index: int, column: int, value: object
    ) -> ImportPreview:
        """A new preview with one cell corrected (row ``index`` of the preview) and that
        row planned again; duplicates are checked again everywhere (the corrected row
        may now repeat another, or no longer). ``preview`` is left as it is."""
        cells = list(preview.cells)
        cells[index] = with_cell(cells[index], column, value)
        table = self._table(preview)
        planner = self._planner(table, preview.mapping, preview.options)
        rows = list(preview.rows)
        rows[index] = planner.plan(table.rows[index], cells[index])
        marker, seen = self._marker()
        rows = self._matched_uids([marker.mark(plan) for plan in rows])
        planned = _Planned(
            self._held_back_erased(rows, preview.options.include_erased, only=index), seen
        )
        return replace(
            preview,
            cells=tuple(cells),
            rows=planned.rows,
            unknown_topics=planned.unknown_topics,
            table=table,
            seen=planned.seen,
        )

    @staticmethod
    def _table(preview: ImportPreview) -> RawTable:
        if preview.table is None:
            return read_table(
                preview.path, preview.sheet, preview.header_row, preview.options.encoding
            )
        return preview.table

    def remembered_mapping(self, headers: tuple[str, ...]) -> dict[int, Field] | None:
        """The mapping used last time for a file with exactly these headers, if any."""
        key = mapping_key(headers)
        with self._sessions() as session:
            for mapping in import_batches.mappings(session):
                if mapping.get("key") == key:
                    return {int(i): Field(f) for i, f in mapping.get("columns", {}).items()}
        return None

    # -- apply ---------------------------------------------------------------------

    def report_for(
        self, preview: ImportPreview, dry_run: bool, choices: ImportChoices = NO_CHOICES
    ) -> ImportReport:
        """What applying the preview, with the user's choices, will do, row by row."""
        report = ImportReport(file=preview.file_name, sheet=preview.sheet, dry_run=dry_run)
        for number, message, left_out in preview.table.problems if preview.table else ():
            if left_out:  # e.g. a broken card
                report.errors.append(Issue(number, "", message))
                report.skipped += 1
            else:
                report.warnings.append(Issue(number, "", message))
        writes = planned_writes(preview, choices, self._contacts.geography)
        for plan in preview.rows:
            report.warnings += plan.warnings
            if choices.skipped(plan):
                report.skipped += 1
                continue
            if plan.errors:
                report.errors += plan.errors
                report.skipped += 1
                continue
            if plan.duplicate_of or plan.duplicate_row:
                report.duplicates += 1
            outcome = writes.outcome.get(plan.row, "skipped")
            if outcome == "created":
                report.created += 1
            elif outcome == "updated":
                report.updated += 1
            elif outcome != "combined":
                report.skipped += 1  # left as stored, or joined into an earlier row's update
        report.combined = writes.combined
        report.created_topics = writes.created_topics()
        if (survey := survey_plan(preview)) is not None:
            # Which rows land on a contact, as the write will see it (ids unknown yet).
            created = {row: 0 for row, o in writes.outcome.items() if o == "created"}
            updated = {p.row: 0 for plans in writes.updates.values() for p in plans}
            stored = {p.duplicate_of: 0 for p in preview.rows if p.duplicate_of}
            landed = row_contacts(preview, choices, created, updated, stored)
            report.survey, report.survey_responses = survey.name, len(landed)
        return report

    def survey_plan(self, preview: ImportPreview) -> SurveyPlan | None:
        """The survey the preview's file is (its name, its questions), or None."""
        return survey_plan(preview)

    def check_survey_name(self, preview: ImportPreview) -> None:
        """Refuse, before anything is written, a survey name already kept.

        Raises:
            SurveyNameTaken: The name is taken (the message says how to go on).
        """
        if (survey := survey_plan(preview)) is not None:
            with self._sessions() as session:
                refuse_taken(session, survey)

    def apply(
        self, preview: ImportPreview, dry_run: bool = False, choices: ImportChoices = NO_CHOICES
    ) -> ImportReport:
        """Write the chosen rows in one transaction (or only report, for a dry run)."""
        return drive(self.apply_steps(preview, dry_run, choices))

    def apply_steps(
        self, preview: ImportPreview, dry_run: bool = False, choices: ImportChoices = NO_CHOICES
    ) -> Steps[ImportReport]:
        """:meth:`apply` as a generator yielding progress.

        Closing it before the end (cancel) rolls the whole import back.
        """
        self.check_survey_name(preview)
        report = self.report_for(preview, dry_run, choices)
        if dry_run:
            return report
        with gc_paused():
            yield from write_steps(self._sessions, self._audit, preview, choices, report)
        return report

    # -- undo ----------------------------------------------------------------------

    def undo(self, batch_id: int | None = None) -> ImportBatchInfo:
        """Undo an import (the latest one not undone, by default)."""
        with self._sessions.begin() as session:
            return writer.undo_batch(session, self._audit, batch_id)

    def batches(self) -> list[ImportBatchInfo]:
        """Imports, newest first."""
        with self._sessions() as session:
            return import_batches.all_batches(session)
