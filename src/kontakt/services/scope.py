"""Which contacts a job is for: the ones chosen in the table, or all matching a filter.

Exports and mailings share it. A scope never includes trashed contacts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kontakt.domain.records import ContactFilter, ContactRow
from kontakt.services.search import SearchService


@dataclass(frozen=True, slots=True)
class ContactScope:
    """The chosen contacts (``uids``, in that order) or all matching ``filter``."""

    filter: ContactFilter = field(default_factory=ContactFilter)
    uids: tuple[str, ...] | None = None


def scope_rows(search: SearchService, scope: ContactScope) -> list[ContactRow]:
    """The contacts of a scope, never those in the trash."""
    if scope.uids is not None:
        found = {r.uid: r for r in search.rows_by_uid(scope.uids)}
        return [found[u] for u in scope.uids if u in found and found[u].deleted_at is None]
    return search.all_rows(replace(scope.filter, trashed=False))


def scope_count(search: SearchService, scope: ContactScope) -> int:
    """How many contacts a scope holds."""
    if scope.uids is not None:
        return len(scope_rows(search, scope))
    return search.count(replace(scope.filter, trashed=False))
