"""Write a planned import in one transaction, after checking its plan once more.

The rows the user chose are sorted into new contacts and updates of stored
ones (rows repeating an earlier row of the file are joined into it). The
transaction then keeps other writers of contacts out (on SQLite by beginning
IMMEDIATE, on PostgreSQL with a table lock; another import of the same file
waits its turn), checks the plan again against whatever others stored since
the preview (:mod:`.recheck`), and writes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.column_mapping import mapping_key
from kontakt.domain.contact_state import draft_to_state
from kontakt.domain.geography import Geography
from kontakt.domain.merge import merge_drafts
from kontakt.errors import BusyError
from kontakt.services.audit import ContactAudit
from kontakt.services.importing.apply import update_existing
from kontakt.services.importing.model import (
    ImportChoices,
    ImportPreview,
    ImportReport,
    OnDuplicate,
    RowPlan,
)
from kontakt.services.importing.recheck import recheck
from kontakt.services.steps import Steps
from kontakt.services.validation import validate_draft
from kontakt.storage import import_batches
from kontakt.storage.import_batches import Change
from kontakt.storage.sessions import lock_contacts

PROGRESS_EVERY = 500
# How long an import waits for another writer (say, another import) to finish.
WAIT_FOR_OTHERS_S = 600.0

Creates = dict[int, RowPlan]  # row -> plan, in file order
Updates = dict[str, list[RowPlan]]  # stored uid -> the rows joining it, in file order


def planned_writes(
    preview: ImportPreview, choices: ImportChoices, geography: Geography
) -> tuple[Creates, Updates]:
    """The rows to create and the stored contacts to update, as the user chose.

    A row repeating an earlier row of the file is joined into that row's draft
    (unless it is to be created anyway); two rows can be the same stored person,
    who is then updated once with both. The preview is left as it is: a joined
    row is a new plan here.
    """
    default = preview.options.on_duplicate
    by_row = {plan.row: plan for plan in preview.rows}
    creates: Creates = {}
    updates: Updates = {}
    for plan in preview.rows:
        if plan.errors or plan.clean is None or choices.skipped(plan):
            continue
        choice = choices.choice_for(plan, default)
        if plan.duplicate_of and choice in (OnDuplicate.UPDATE, OnDuplicate.MERGE):
            updates.setdefault(plan.duplicate_of, []).append(plan)
        elif plan.duplicate_of and choice is OnDuplicate.SKIP:
            continue
        elif plan.duplicate_row and choice is not OnDuplicate.CREATE:
            root = _root(plan.duplicate_row, by_row, creates)
            target = creates.get(root) if root is not None else None
            joins = choice is not OnDuplicate.SKIP
            if joins and target is not None and target.clean is not None:
                overwrite = choice is OnDuplicate.UPDATE
                merged = merge_drafts(target.clean.draft, plan.clean.draft, overwrite)
                creates[target.row] = target.with_clean(validate_draft(merged, geography))
        else:
            creates[plan.row] = plan
    return creates, updates


def _root(row: int, by_row: dict[int, RowPlan], creates: Creates) -> int | None:
    """The earlier row that will be created and that this row's duplicate chain ends in."""
    seen: set[int] = set()
    while row not in creates and row not in seen:
        seen.add(row)
        plan = by_row.get(row)
        if plan is None or plan.duplicate_row is None:
            return None
        row = plan.duplicate_row
    return row if row in creates else None


def write_steps(
    sessions: sessionmaker[Session],
    audit: ContactAudit,
    preview: ImportPreview,
    choices: ImportChoices,
    report: ImportReport,
) -> Steps[None]:
    """Write the preview's rows, as the user chose, in one transaction, completing ``report``.

    Yields ``(done, total)``; while another writer keeps the database, ``(0,
    total)`` every few seconds, so that a cancel gets through.

    Raises:
        BusyError: Others kept the database busy for longer than
            :data:`WAIT_FOR_OTHERS_S`; nothing is imported.
    """
    creates, updates = planned_writes(preview, choices, audit.contacts.geography)
    choose = partial(_choice, choices, preview.options.on_duplicate)
    total = len(creates) + len(updates)
    deadline = time.monotonic() + WAIT_FOR_OTHERS_S
    while True:
        locked = False
        try:
            with sessions.begin() as session:
                lock_contacts(session)
                locked = True
                recheck(session.connection(), preview.seen, creates, updates, choose, report)
                yield from _write(session, audit, preview, choose, report, creates, updates)
            return
        except BusyError as exc:
            if locked:
                raise
            if time.monotonic() > deadline:
                raise BusyError(
                    "Noen andre har holdt databasen opptatt for lenge (en annen import?). "
                    "Ingenting er importert; prøv igjen senere."
                ) from exc
        yield 0, total


def _choice(choices: ImportChoices, default: OnDuplicate, plan: RowPlan) -> OnDuplicate:
    return choices.choice_for(plan, default)


def _write(
    session: Session,
    audit: ContactAudit,
    preview: ImportPreview,
    choose: Callable[[RowPlan], OnDuplicate],
    report: ImportReport,
    creates: Creates,
    updates: Updates,
) -> Steps[None]:
    mapping = {
        "key": mapping_key(preview.headers),
        "headers": list(preview.headers),
        "columns": {str(i): f.value for i, f in preview.mapping.items()},
        "sheet": preview.sheet,
    }
    batch_id = import_batches.begin(
        session, audit.actor, preview.file_name, preview.file_sha256, mapping
    )
    change = str(uuid.uuid4())
    creating = [p for p in creates.values() if p.clean is not None]
    cleans = [p.clean for p in creating if p.clean is not None]
    total = len(cleans) + len(updates)
    wanted = [p.uid for p in creating]
    done = 0
    for created in audit.contacts.insert_new(session, cleans, wanted):
        states = [(uid, draft_to_state(clean.draft, 1)) for _id, uid, clean in created]
        audit.record_created(session, "import", states, change)
        import_batches.add_changes(
            session, batch_id, [Change(uid, "created", None, 1) for uid, _ in states]
        )
        done += len(created)
        yield done, total
    for n, (uid, plans) in enumerate(updates.items(), 1):
        rows = [(p.clean, choose(p)) for p in plans if p.clean]
        update_existing(session, audit, uid, rows, batch_id, change)
        if n % PROGRESS_EVERY == 0:
            yield len(cleans) + n, total
    report.batch_id = batch_id
    counts = {k: v for k, v in report.to_json().items() if isinstance(v, int)}
    import_batches.finish(session, batch_id, counts)
