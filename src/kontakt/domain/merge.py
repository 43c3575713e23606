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

from kontakt.domain.records import ContactDraft, EmailData, PhoneData, RoleData, RoleKind
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
    if r.kind is RoleKind.KANDIDAT:  # one candidacy per election and list (place by name
        return (r.kind, fold(r.election), fold(r.list_name))  # or number: not compared)
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


# -- merging two stored contacts (issue 21) ---------------------------------------------

#: The single values a merge chooses per side; «place» is municipality and county as one.
SINGLE_FIELDS: tuple[str, ...] = (
    *(
        f.name
        for f in fields(ContactDraft)
        if f.name not in _LISTS and f.name not in _PLACE and f.name != "opted_out"
    ),
    "place",
)
#: The lists a merge unites (shown united, not chosen).
LIST_FIELDS: tuple[str, ...] = _LISTS
KEEP, OTHER, BOTH = "keep", "other", "both"


def side_value(draft: ContactDraft, name: str) -> Any:
    """The value of a single field (or of «place», as (municipality, county)) of a draft."""
    if name == "place":
        return (draft.municipality, draft.county)
    return getattr(draft, name)


def _empty(value: Any) -> bool:
    return value in ("", None, False) or value == ("", "")


def default_choices(keep: ContactDraft, other: ContactDraft) -> dict[str, str]:
    """Fill empty: per single field the kept side unless it is empty, then the other's.

    Notes are joined («both») when both sides have text; the place follows the
    import's rule (the other's municipality only within the county already known).
    """
    choices: dict[str, str] = {}
    for name in SINGLE_FIELDS:
        mine, theirs = side_value(keep, name), side_value(other, name)
        if name == "place":
            choices[name] = OTHER if _takes_place(keep, other, overwrite=False) else KEEP
        elif name == "notes" and mine and theirs and mine != theirs:
            choices[name] = BOTH
        else:
            choices[name] = OTHER if _empty(mine) and not _empty(theirs) else KEEP
    return choices


def _no_second_primary(kept: Sequence[_T], joined: tuple[_T, ...]) -> tuple[_T, ...]:
    """The other side's entries lose «primary» when the kept side has one already."""
    if not any(getattr(x, "primary", False) for x in kept):
        return joined
    return tuple(x if i < len(kept) else replace(x, primary=False) for i, x in enumerate(joined))  # type: ignore[type-var]


def combine(keep: ContactDraft, other: ContactDraft, choices: dict[str, str]) -> ContactDraft:
    """The kept contact after merging the other into it.

    Lists are united (as an import does); each single field comes from the side
    ``choices`` names (missing fields: :func:`default_choices`); notes may be
    «both» (joined with a blank line). A reservation against e-mail on either
    side is kept.

    Raises:
        ValueError: A choice names an unknown field or side.
    """
    wanted = default_choices(keep, other)
    for name, side in choices.items():
        if name not in SINGLE_FIELDS or side not in (KEEP, OTHER, BOTH):
            raise ValueError(f"unknown merge choice {name}={side}")
        if side == BOTH and name != "notes":
            raise ValueError(f"only notes can take both sides, not {name}")
        wanted[name] = side
    united = merge_drafts(keep, other, overwrite=False)
    changes: dict[str, Any] = {
        "emails": _no_second_primary(keep.emails, united.emails),
        "phones": _no_second_primary(keep.phones, united.phones),
        "opted_out": keep.opted_out or other.opted_out,
    }
    for name, side in wanted.items():
        source = other if side == OTHER else keep
        if name == "place":
            changes["municipality"], changes["county"] = source.municipality, source.county
        elif side == BOTH:
            parts = [t for t in (keep.notes, other.notes) if t]
            changes[name] = "\n\n".join(dict.fromkeys(parts))
        else:
            changes[name] = getattr(source, name)
    return replace(united, **changes)
