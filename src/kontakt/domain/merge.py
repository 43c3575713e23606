"""Combine a stored contact with a row that turned out to be the same person.

Both ways join the lists (e-mails, phones, topics, labels, roles); they differ
for single values: «fill empty fields» keeps what is stored and only fills
gaps, «overwrite» takes the file's value wherever the file has one.

A reservation against e-mail (``opted_out``) is never lifted: False counts as
empty, so a row can add a reservation but not take one away (only a person
can, in the editor).

Municipality and county are one value, the place: taking one side's
municipality with the other side's county could name a municipality outside
its county. Both drafts are validated, so places are numbers and a
municipality always comes with its own county.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import fields, replace
from typing import Any, TypeVar

from kontakt.domain.records import ContactDraft, EmailData, PhoneData, RoleData
from kontakt.domain.text import fold

_T = TypeVar("_T")
_LISTS = ("emails", "phones", "topics", "labels", "roles")
_PLACE = ("municipality", "county")


def _union(a: Sequence[_T], b: Sequence[_T], key: Callable[[_T], Hashable]) -> tuple[_T, ...]:
    seen = {key(x) for x in a}
    out = list(a)
    for x in b:
        if key(x) not in seen:
            seen.add(key(x))
            out.append(x)
    return tuple(out)


def _email_key(e: EmailData) -> Hashable:
    return e.address.casefold()


def _phone_key(p: PhoneData) -> Hashable:
    return p.number


def _role_key(r: RoleData) -> Hashable:
    return (r.kind, r.level, fold(r.body), fold(r.title))


def _takes_place(stored: ContactDraft, incoming: ContactDraft, overwrite: bool) -> bool:
    """Whether the merged contact gets the incoming row's place (municipality and county)."""
    if not (incoming.municipality or incoming.county):
        return False  # the row says nothing about where
    if not (stored.municipality or stored.county):
        return True  # a gap to fill either way
    same_county = incoming.county == stored.county
    if overwrite:
        # A county alone does not wipe a known municipality in that same county.
        return bool(incoming.municipality) or not same_county
    # Filling in: only a municipality within the county already known.
    return not stored.municipality and bool(incoming.municipality) and same_county


def merge_drafts(stored: ContactDraft, incoming: ContactDraft, overwrite: bool) -> ContactDraft:
    """The stored contact with the incoming row's values joined in.

    Args:
        stored: The contact as it is in the database.
        incoming: The row's values (validated).
        overwrite: True: the row's non-empty single values win; False: only empty
            stored values are filled.
    """
    changes: dict[str, Any] = {}
    for f in fields(ContactDraft):
        if f.name in _LISTS or f.name in _PLACE:
            continue
        old, new = getattr(stored, f.name), getattr(incoming, f.name)
        empty_new = new in ("", None, False)
        empty_old = old in ("", None, False)
        if (overwrite and not empty_new) or (empty_old and not empty_new):
            changes[f.name] = new
    if _takes_place(stored, incoming, overwrite):
        changes["municipality"], changes["county"] = incoming.municipality, incoming.county
    changes["emails"] = _union(stored.emails, incoming.emails, _email_key)
    changes["phones"] = _union(stored.phones, incoming.phones, _phone_key)
    changes["topics"] = _union(stored.topics, incoming.topics, fold)
    changes["labels"] = _union(stored.labels, incoming.labels, fold)
    changes["roles"] = _union(stored.roles, incoming.roles, _role_key)
    return replace(stored, **changes)


def combined_parts(before: ContactDraft, after: ContactDraft) -> str:
    """What joining a row added to a contact, in Norwegian: «temaene «Rus»; e-post x@y».

    Args:
        before: The contact before the row was joined in.
        after: The contact after.
    """
    parts = []
    topics = [t for t in after.topics if fold(t) not in {fold(x) for x in before.topics}]
    if topics:
        word = "temaet" if len(topics) == 1 else "temaene"
        parts.append(f"{word} " + ", ".join(f"«{t}»" for t in topics))
    emails = [
        e.address for e in after.emails if _email_key(e) not in set(map(_email_key, before.emails))
    ]
    if emails:
        parts.append("e-post " + ", ".join(emails))
    phones = [p.number for p in after.phones if p.number not in {x.number for x in before.phones}]
    if phones:
        parts.append("telefon " + ", ".join(phones))
    roles = [r for r in after.roles if _role_key(r) not in set(map(_role_key, before.roles))]
    if roles:
        parts.append("verv " + ", ".join(f"«{r.title or r.body or r.kind.value}»" for r in roles))
    labels = [t for t in after.labels if fold(t) not in {fold(x) for x in before.labels}]
    if labels:
        parts.append("merkelapp " + ", ".join(f"«{t}»" for t in labels))
    if after.opted_out and not before.opted_out:
        parts.append("reservasjon mot e-post")
    return "; ".join(parts)
