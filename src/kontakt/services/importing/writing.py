"""Write a planned import in one transaction, after checking its plan once more.

The rows the user chose are sorted into new contacts and updates of stored
ones (rows repeating an earlier row of the file are joined into it: one
person, the union of what both rows say; :func:`planned_writes`). The
transaction then keeps other writers of contacts out (on SQLite by beginning
IMMEDIATE, on PostgreSQL with a table lock; another import of the same file
waits its turn), checks the plan again against whatever others stored since
the preview (:mod:`.recheck`), and writes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.column_mapping import mapping_key
from kontakt.domain.geography import Geography
from kontakt.domain.merge import combined_parts, merge_drafts
from kontakt.errors import BusyError
from kontakt.services.audit import ContactAudit
from kontakt.services.importing.apply import update_existing
from kontakt.services.importing.model import (
    ImportChoices,
    ImportPreview,
    ImportReport,
    Issue,
    OnDuplicate,
    RowPlan,
)
from kontakt.services.importing.recheck import recheck
from kontakt.services.importing.survey_rows import (
    refuse_taken,
    row_contacts,
    survey_plan,
    write_survey,
)
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


@dataclass
class Writes:
    """What applying an import writes, row by row.

    Attributes:
        creates: Row -> plan of each new contact (rows of one person joined into it).
        updates: Stored uid -> the rows joining it, in file order.
        combined: A note per row joined into an earlier row of the file, saying
            which row and what it added.
        outcome: Row -> ``"created"``, ``"updated"``, ``"joined"`` (a further row
            updating the same stored contact), ``"combined"`` or ``"skipped"``
            (a duplicate of a stored contact, left as it is).
    """

    creates: Creates = field(default_factory=dict)
    updates: Updates = field(default_factory=dict)
    combined: list[Issue] = field(default_factory=list)
    outcome: dict[int, str] = field(default_factory=dict)

    def created_topics(self) -> list[str]:
        """The topics the written rows create, each once, in file order."""
        plans = [*self.creates.values(), *(p for rows in self.updates.values() for p in rows)]
        plans.sort(key=lambda p: p.row)
        return list(dict.fromkeys(t for p in plans for t in p.new_topics))


def planned_writes(preview: ImportPreview, choices: ImportChoices, geography: Geography) -> Writes:
    """The rows to create and the stored contacts to update, as the user chose.

    A row repeating an earlier row of the file (someone who answered the survey
    twice) is one person with that row: it is joined into the earlier row's new
    contact, or into the stored contact that row updates, with the union of
    their topics, e-mails, phones and roles (single values: «fill empty
    fields», or «overwrite» when that is the choice). When the earlier row is
    a stored person left as they are («skip»), so is this row. Only «create
    new» (or «skip» chosen for the row itself) keeps it apart. A reservation
    against e-mail is never undone by joining (:func:`merge_drafts`). The
    preview is left as it is: a joined row is a new plan here.
    """
    default = preview.options.on_duplicate
    by_row = {plan.row: plan for plan in preview.rows}
    w = Writes()
    update_of: dict[int, str] = {}  # row -> the stored contact it updates
    for plan in preview.rows:
        if plan.errors or plan.clean is None or choices.skipped(plan):
            continue
        choice = choices.choice_for(plan, default)
        if plan.duplicate_of and choice in (OnDuplicate.UPDATE, OnDuplicate.MERGE):
            _join_update(w, update_of, plan.duplicate_of, plan)
        elif plan.duplicate_of and choice is OnDuplicate.SKIP:
            w.outcome[plan.row] = "skipped"
        elif plan.duplicate_row and choice is not OnDuplicate.CREATE:
            if choices.own_choice(plan) is OnDuplicate.SKIP:
                w.outcome[plan.row] = "skipped"
                continue
            target = _target(plan.duplicate_row, by_row, w, update_of)
            if target is None:
                w.creates[plan.row] = plan
                w.outcome[plan.row] = "created"
            elif isinstance(target, str):
                _join_update(w, update_of, target, plan)
            elif target < 0:
                w.outcome[plan.row] = "skipped"
            else:
                _combine(w, target, plan, choice is OnDuplicate.UPDATE, geography)
        else:
            w.creates[plan.row] = plan
            w.outcome[plan.row] = "created"
    return w


def _join_update(w: Writes, update_of: dict[int, str], uid: str, plan: RowPlan) -> None:
    joining = w.updates.setdefault(uid, [])
    w.outcome[plan.row] = "joined" if joining else "updated"
    joining.append(plan)
    update_of[plan.row] = uid


def _target(
    row: int, by_row: dict[int, RowPlan], w: Writes, update_of: dict[int, str]
) -> int | str | None:
    """Where a repeating row goes: the earlier row created (its number), the stored
    contact updated (its uid), -1 when the person is a stored contact left as it is,
    None when no earlier row of the chain is written."""
    seen: set[int] = set()
    current: int | None = row
    while current is not None and current not in seen:
        seen.add(current)
        if current in w.creates:
            return current
        if current in update_of:
            return update_of[current]
        if w.outcome.get(current) == "skipped":
            return -1
        plan = by_row.get(current)
        current = plan.duplicate_row if plan is not None else None
    return None


def _combine(w: Writes, target: int, plan: RowPlan, overwrite: bool, geography: Geography) -> None:
    """Join ``plan`` into the new contact of the earlier row ``target``."""
    into = w.creates[target]
    assert into.clean is not None and plan.clean is not None
    before = into.clean.draft
    merged = validate_draft(merge_drafts(before, plan.clean.draft, overwrite), geography)
    new_topics = tuple(dict.fromkeys((*into.new_topics, *plan.new_topics)))
    w.creates[target] = replace(into, clean=merged, new_topics=new_topics)
    w.outcome[plan.row] = "combined"
    added = combined_parts(before, merged.draft)
    why = plan.duplicate_reason.removeprefix(f"Samme person som rad {plan.duplicate_row}, ")
    what = f"; la til {added}" if added else "; ingenting nytt"
    w.combined.append(Issue(plan.row, "", f"Slått sammen med rad {target} ({why}){what}."))


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
    writes = planned_writes(preview, choices, audit.contacts.geography)
    creates, updates = writes.creates, writes.updates
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
                report.created_topics = writes.created_topics()
                yield from _write(
                    session, audit, preview, choices, choose, report, creates, updates
                )
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
    choices: ImportChoices,
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
    survey = survey_plan(preview)
    if survey is not None:
        refuse_taken(session, survey)
    batch_id = import_batches.begin(
        session, audit.actor, preview.file_name, preview.file_sha256, mapping
    )
    change = str(uuid.uuid4())
    creating = [p for p in creates.values() if p.clean is not None]
    cleans = [p.clean for p in creating if p.clean is not None]
    total = len(cleans) + len(updates)
    wanted = [p.uid for p in creating]
    done = 0
    row_of = {id(p.clean): p.row for p in creating}
    created_rows: dict[int, int] = {}
    updated_rows: dict[int, int] = {}
    # The batch is the record of the contacts it creates (the audit log and the
    # access export say «opprettet av import N fra FIL» from it): no copy of each
    # new contact's state goes into the audit log, 1.2 s of 50,000 rows' apply.
    for created in audit.contacts.insert_new(session, cleans, wanted):
        import_batches.add_changes(
            session, batch_id, [Change(uid, "created", None, 1) for _id, uid, _c in created]
        )
        created_rows.update((row_of[id(c)], cid) for cid, _uid, c in created)
        done += len(created)
        yield done, total
    for n, (uid, plans) in enumerate(updates.items(), 1):
        rows = [(p.clean, choose(p)) for p in plans if p.clean]
        contact_id = update_existing(session, audit, uid, rows, batch_id, change)
        updated_rows.update((p.row, contact_id) for p in plans)
        if n % PROGRESS_EVERY == 0:
            yield len(cleans) + n, total
    report.batch_id = batch_id
    if survey is not None:
        matched = [p.duplicate_of for p in preview.rows if p.duplicate_of]
        stored = {uid: cid for uid, (cid, _v) in audit.contacts.versions(session, matched).items()}
        landed = row_contacts(preview, choices, created_rows, updated_rows, stored)
        report.survey = survey.name
        report.survey_responses = write_survey(session, preview, survey, landed, batch_id)
    counts = {k: v for k, v in report.to_json().items() if isinstance(v, int)}
    import_batches.finish(session, batch_id, counts)
