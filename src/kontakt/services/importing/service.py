"""The import use case: read and plan a file (preview), then apply it, or undo an import.

The window's wizard calls :meth:`ImportService.preview`, lets the user change
the mapping, correct cells, skip rows and choose what to do with duplicates,
then calls :meth:`ImportService.apply`. The command line does both at once.
Applying is one transaction: all chosen rows or nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.column_mapping import Field, guess_mapping, mapping_key
from kontakt.io.importers.table import RawTable, list_sheets, read_table
from kontakt.services.contact_store import ContactStore
from kontakt.services.importing import apply as writer
from kontakt.services.importing.duplicates import RowMarker
from kontakt.services.importing.gc_pause import gc_paused
from kontakt.services.importing.model import (
    ImportOptions,
    ImportPreview,
    ImportReport,
    Issue,
    OnDuplicate,
    RowPlan,
)
from kontakt.services.importing.recheck import stored_people
from kontakt.services.importing.rows import RowPlanner, plan_chunk, with_cell
from kontakt.services.importing.workers import (
    PARALLEL_FROM,
    early_pool,
    planning_pool,
    worker_count,
)
from kontakt.services.importing.writing import write_steps
from kontakt.services.privacy import ERASED_NOTE, erased_checker
from kontakt.services.steps import Steps, drive
from kontakt.storage.models import Contact, ImportBatch, Topic

PROGRESS_EVERY = 500


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
        store: Shared contact-writing mechanics (and the geography).
    """

    def __init__(self, sessions: sessionmaker[Session], store: ContactStore) -> None:
        self._sessions = sessions
        self._store = store

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
            return (yield from self._read_and_plan(path, options, pool))

    def _read_and_plan(
        self, path: Path, options: ImportOptions, pool: ProcessPoolExecutor | None
    ) -> Steps[ImportPreview]:
        table = read_table(path, options.sheet, options.header_row)
        mapping = options.mapping or self.remembered_mapping(table.headers)
        if mapping is None:
            mapping = guess_mapping(table.headers)
        preview = ImportPreview(
            path=path,
            sheet=table.sheet,
            sheets=list(table.sheets) or list_sheets(path),
            header_row=table.header_row,
            headers=table.headers,
            mapping=dict(mapping),
            rows=[],
            unknown_topics=[],
            file_sha256=file_sha256(path),
            options=options,
            cells=[row.cells for row in table.rows],
            table=table,
        )
        yield from self._plan_steps(preview, table, pool)
        return preview

    def _planner(self, preview: ImportPreview, table: RawTable) -> RowPlanner:
        with self._sessions() as session:
            vocabulary = list(session.scalars(select(Topic.name)))
        return RowPlanner(
            table, preview.mapping, self._store.geography, vocabulary, preview.options
        )

    def _plan(self, preview: ImportPreview, table: RawTable) -> None:
        with gc_paused():
            drive(self._plan_steps(preview, table))

    def _plan_steps(
        self, preview: ImportPreview, table: RawTable, pool: ProcessPoolExecutor | None = None
    ) -> Steps[None]:
        planner = self._planner(preview, table)
        total = len(table.rows)
        preview.rows = []
        workers = worker_count()
        if total >= PARALLEL_FROM and workers > 1:
            running: AbstractContextManager[ProcessPoolExecutor] = (
                nullcontext(pool) if pool is not None else planning_pool(workers)
            )
            with running as processes:
                yield from self._plan_in_processes(
                    preview, table, planner.vocabulary, processes, workers
                )
        else:
            for n, (row, cells) in enumerate(zip(table.rows, preview.cells, strict=True), 1):
                preview.rows.append(planner.plan(row, cells))
                if n % PROGRESS_EVERY == 0:
                    yield n, total
            self._find_duplicates(preview)
        self._match_uids(preview)
        self._hold_back_erased(preview)
        yield total, total
        preview.unknown_topics = list(dict.fromkeys(t for r in preview.rows for t in r.new_topics))

    def _match_uids(self, preview: ImportPreview) -> None:
        """A row carrying a stored contact's id (a vCard's UID) is that contact, for sure."""
        wanted = {p.uid for p in preview.rows if p.uid and p.clean is not None}
        if not wanted:
            return
        with self._sessions() as session:
            stored = dict(
                session.execute(
                    select(Contact.uid, Contact.given_name + " " + Contact.family_name).where(
                        Contact.uid.in_(wanted), Contact.deleted_at.is_(None)
                    )
                ).all()
            )
        for plan in preview.rows:
            if plan.uid in stored and plan.clean is not None:
                plan.duplicate_of, plan.duplicate_row = plan.uid, None
                plan.duplicate_reason = (
                    f"Finnes fra før: {stored[plan.uid].strip()}, samme kontakt-id (vCard UID)"
                )

    def _hold_back_erased(self, preview: ImportPreview) -> None:
        """Rows of people erased on request are left out (the secretary may take them back)."""
        erased = erased_checker(self._sessions)
        if erased is None:
            return
        for plan in preview.rows:
            if plan.clean is None:
                continue
            d = plan.clean.draft
            if erased([e.address for e in d.emails], [p.number for p in d.phones]):
                plan.skip = not preview.options.include_erased
                plan.warnings.append(
                    Issue(
                        plan.row,
                        "",
                        f"{ERASED_NOTE}: personen ba om å bli slettet"
                        + ("" if preview.options.include_erased else "; raden hoppes over"),
                    )
                )

    def _plan_in_processes(
        self,
        preview: ImportPreview,
        table: RawTable,
        vocabulary: list[str],
        pool: ProcessPoolExecutor,
        workers: int,
    ) -> Steps[None]:
        """Plan the rows in worker processes, and mark duplicates here as the rows come in."""
        size = -(-len(table.rows) // (workers * 4))
        chunks = [
            (replace(table, rows=table.rows[i : i + size]), preview.cells[i : i + size])
            for i in range(0, len(table.rows), size)
        ]
        done = 0
        futures = [
            pool.submit(plan_chunk, part, cells, preview.mapping, vocabulary, preview.options)
            for part, cells in chunks
        ]
        # This process would only wait for the workers: meanwhile it reads the
        # database's people (~0.7 s for 100,000) and checks each chunk of rows
        # for duplicates as soon as it is planned.
        marker = self._marker(preview)
        for future in futures:
            plans = future.result()
            for plan in plans:
                marker.mark(plan)
            preview.rows.extend(plans)
            done += len(plans)
            yield done, len(table.rows)

    def _marker(self, preview: ImportPreview) -> RowMarker:
        """A duplicate check against the database's people, noting in the preview what it saw."""
        with self._sessions() as session:
            people, preview.seen = stored_people(session.connection())
        return RowMarker(people.index, people.names)

    def _find_duplicates(self, preview: ImportPreview) -> None:
        """Mark each row that matches a stored contact or an earlier row of the file."""
        marker = self._marker(preview)
        for plan in preview.rows:
            marker.mark(plan)

    def replan(self, preview: ImportPreview, mapping: dict[int, Field] | None = None) -> None:
        """Plan again after the user changed the mapping or topic choices."""
        if mapping is not None:
            preview.mapping = dict(mapping)
        self._plan(preview, self._table(preview))

    def correct(self, preview: ImportPreview, index: int, column: int, value: object) -> RowPlan:
        """Correct one cell (row ``index`` of the preview) and plan that row again."""
        preview.cells[index] = with_cell(preview.cells[index], column, value)
        table = self._table(preview)
        planner = self._planner(preview, table)
        old = preview.rows[index]
        plan = planner.plan(table.rows[index], preview.cells[index])
        plan.skip, plan.choice = old.skip, old.choice
        preview.rows[index] = plan
        self._find_duplicates(preview)
        return plan

    @staticmethod
    def _table(preview: ImportPreview) -> RawTable:
        if preview.table is None:
            preview.table = read_table(preview.path, preview.sheet, preview.header_row)
        return preview.table

    def remembered_mapping(self, headers: tuple[str, ...]) -> dict[int, Field] | None:
        """The mapping used last time for a file with exactly these headers, if any."""
        key = mapping_key(headers)
        with self._sessions() as session:
            for mapping in session.scalars(
                select(ImportBatch.mapping).order_by(ImportBatch.id.desc())
            ):
                if mapping.get("key") == key:
                    return {int(i): Field(f) for i, f in mapping.get("columns", {}).items()}
        return None

    # -- apply ---------------------------------------------------------------------

    def report_for(self, preview: ImportPreview, dry_run: bool) -> ImportReport:
        """What applying the preview will do, row by row."""
        report = ImportReport(file=preview.file_name, sheet=preview.sheet, dry_run=dry_run)
        for number, message, left_out in preview.table.problems if preview.table else ():
            if left_out:  # e.g. a broken card
                report.errors.append(Issue(number, "", message))
                report.skipped += 1
            else:
                report.warnings.append(Issue(number, "", message))
        default = preview.options.on_duplicate
        updated: set[str] = set()
        for plan in preview.rows:
            report.warnings += plan.warnings
            if plan.skip:
                report.skipped += 1
            elif plan.errors:
                report.errors += plan.errors
                report.skipped += 1
            elif plan.duplicate_of or plan.duplicate_row:
                report.duplicates += 1
                choice = writer.choice_for(plan, default)
                if choice is OnDuplicate.SKIP:
                    report.skipped += 1
                elif choice is OnDuplicate.CREATE:
                    report.created += 1
                elif plan.duplicate_of and plan.duplicate_of not in updated:
                    updated.add(plan.duplicate_of)
                    report.updated += 1
                elif plan.duplicate_of:
                    report.skipped += 1  # joined into an earlier row's update
                else:
                    report.skipped += 1  # joined into the earlier row of the file
            else:
                report.created += 1
        report.created_topics = list(preview.unknown_topics)
        return report

    def apply(self, preview: ImportPreview, dry_run: bool = False) -> ImportReport:
        """Write the chosen rows in one transaction (or only report, for a dry run)."""
        return drive(self.apply_steps(preview, dry_run))

    def apply_steps(self, preview: ImportPreview, dry_run: bool = False) -> Steps[ImportReport]:
        """:meth:`apply` as a generator yielding progress.

        Closing it before the end (cancel) rolls the whole import back.
        """
        report = self.report_for(preview, dry_run)
        if dry_run:
            return report
        with gc_paused():
            yield from write_steps(self._sessions, self._store, preview, report)
        return report

    # -- undo ----------------------------------------------------------------------

    def undo(self, batch_id: int | None = None) -> ImportBatch:
        """Undo an import (the latest one not undone, by default)."""
        with self._sessions.begin() as session:
            return writer.undo_batch(session, self._store, batch_id)

    def batches(self) -> Iterator[ImportBatch]:
        """Imports, newest first."""
        with self._sessions() as session:
            yield from session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))


def all_issues(preview: ImportPreview) -> list[Issue]:
    """Every error and warning of a preview, in row order (and parts of the file left out)."""
    left_out = [Issue(n, "", m) for n, m, _ in (preview.table.problems if preview.table else ())]
    return left_out + [i for r in preview.rows for i in (*r.errors, *r.warnings)]
