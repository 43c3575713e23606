"""Check an import's plan again inside its writing transaction: who came in since the preview?

The preview found duplicates against the contacts stored when it read them.
Between that and the writing (a secretary looking at the preview, or another
import of the same file at the same moment) others may store the same people.
The writing transaction first keeps other writers out (storage/sessions.py),
then:

- a quick look (count, largest id, sum of ids and of versions of the live
  contacts, one scan: about 25 ms for 100,000) tells whether anything changed
  at all; on a quiet database that is all it costs (the preview got the same
  four values from the contacts it read);
- otherwise the contacts added or changed since (by id and version against
  what the preview saw) are indexed, and each row planned as a new contact is
  matched against them with the same rules as the preview (e-mail, phone,
  similar name in the same municipality, shared mailboxes excluded). A match
  is treated with the row's duplicate choice (skip by default, or update),
  as the preview would have done;
- a row meant to update a contact that has since been deleted or trashed is
  skipped (it may have been erased on request).

What happened is counted in the report's ``since_preview`` with a warning per row.

The quick look misses only a contrived case: on SQLite, the newest contact
trashed, purged and a new one stored (which then gets the same id) while the
preview is open, with the same sum of versions.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from kontakt.services.importing.duplicates import (
    LIVE_FINGERPRINT_SQL,
    Match,
    StoredPeople,
    fetch_all,
    index_of_database,
    version_mark,
)
from kontakt.services.importing.model import ImportReport, Issue, OnDuplicate, RowPlan, Seen

_LIVE_SQL = "SELECT id, uid, version FROM contact WHERE deleted_at IS NULL"


def stored_people(conn: Connection) -> tuple[StoredPeople, Seen]:
    """The live contacts for the duplicate check, and what it saw of them."""
    people = index_of_database(conn)
    return people, Seen(people.fingerprint, people.versions)


def recheck(
    conn: Connection,
    seen: Seen | None,
    creates: dict[int, RowPlan],
    updates: dict[str, list[RowPlan]],
    choose: Callable[[RowPlan], OnDuplicate],
    report: ImportReport,
) -> None:
    """Turn planned new contacts that others stored since the preview into duplicates.

    Changes ``creates`` (row -> plan, in file order), ``updates`` (stored uid ->
    rows joining it) and ``report`` in place; ``choose`` gives a row's duplicate
    choice (the user's for the row, or the import's). Must run inside the writing
    transaction, after other writers are kept out.
    """
    if seen is not None and tuple(fetch_all(conn, LIVE_FINGERPRINT_SQL)[0]) == seen.fingerprint:
        return
    before = set(seen.versions) if seen is not None else set()
    live = fetch_all(conn, _LIVE_SQL)
    live_uids = {uid for _, uid, _ in live}
    _drop_gone(updates, live_uids, report)
    changed = [cid for cid, _, version in live if version_mark(cid, version) not in before]
    if not changed or not creates:
        return
    people = index_of_database(conn, changed)
    for row, plan in list(creates.items()):
        match = _match(plan, people)
        if match is None:
            continue
        choice = choose(plan)
        report.duplicates += 1
        report.since_preview["matched"] += 1
        outcome = "raden ble hoppet over"
        if choice is OnDuplicate.CREATE:
            report.since_preview["created"] += 1
            outcome = "raden ble likevel opprettet som ny kontakt (valgt: «Opprett ny»)"
        else:
            del creates[row]
            report.created -= 1
            if choice is OnDuplicate.SKIP:
                report.skipped += 1
                report.since_preview["skipped"] += 1
            else:
                joining = updates.setdefault(match.key, [])
                if joining:
                    report.skipped += 1  # joined into an earlier row's update
                else:
                    report.updated += 1
                joining.append(plan)
                joining.sort(key=lambda p: p.row)
                report.since_preview["updated"] += 1
                outcome = "kontakten ble oppdatert med raden"
        name = people.names.get(match.key, "")
        report.warnings.append(
            Issue(
                plan.row,
                "",
                f"Lagt inn av noen andre etter at filen ble lest: {name}, {match.reason}; "
                f"{outcome}",
            )
        )


def _match(plan: RowPlan, people: StoredPeople) -> Match | None:
    """The contact among ``people`` this row is: by its vCard UID, or as the preview matches."""
    if plan.clean is None:
        return None
    if plan.uid and plan.uid in people.names:
        return Match(plan.uid, "samme kontakt-id (vCard UID)")
    d = plan.clean.draft
    return people.index.find(
        [e.address for e in d.emails],
        [p.number for p in d.phones],
        f"{d.given_name} {d.family_name}",
        plan.clean.municipality_number,
    )


def _drop_gone(updates: dict[str, list[RowPlan]], live: set[str], report: ImportReport) -> None:
    """Skip rows meant to update contacts deleted or trashed since the preview."""
    for uid in [u for u in updates if u not in live]:
        plans = updates.pop(uid)
        report.updated -= 1
        report.skipped += 1  # the first row; the others were counted as joined into it
        report.since_preview["gone"] += len(plans)
        for plan in plans:
            report.warnings.append(
                Issue(
                    plan.row,
                    "",
                    "Kontakten raden skulle oppdatere, ble slettet av noen andre etter at "
                    "filen ble lest; raden ble hoppet over",
                )
            )
