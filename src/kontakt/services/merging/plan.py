"""What a merge of two contacts would do: both sides, the proposed values, what moves.

A :class:`MergePlan` is what the window and the command line show before the
user decides; :func:`describe` turns it into the Norwegian lines both print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kontakt.domain.contact_state import row_to_json
from kontakt.domain.merge import BOTH, LIST_FIELDS, OTHER, SINGLE_FIELDS, side_value
from kontakt.domain.records import ContactDraft, ContactRow, RoleData
from kontakt.domain.role_text import role_line

#: Norwegian names of the record tables that follow the kept contact (singular, plural).
FOLLOWER_WORDS: dict[str, tuple[str, str]] = {
    "interaction": ("historikkoppføring", "historikkoppføringer"),
    "mailing_recipient": ("utsendelse", "utsendelser"),
    "event_participant": ("arrangement", "arrangementer"),
    "list_member": ("liste", "lister"),
    "document_author": ("dokument som forfatter", "dokumenter som forfatter"),
    "document_recipient": ("mottatt dokument", "mottatte dokumenter"),
    "address_hold": ("returnert adresse", "returnerte adresser"),
    "inbound_message": ("innkommende melding", "innkommende meldinger"),
    "contact_alias": ("tidligere kontakt-id", "tidligere kontakt-id-er"),
}
#: Norwegian field names for the merge lines.
FIELD_WORDS: dict[str, str] = {
    "given_name": "Fornavn",
    "family_name": "Etternavn",
    "organisation": "Organisasjon",
    "title": "Tittel",
    "place": "Sted",
    "party": "Parti",
    "notes": "Notater",
    "consent_basis": "Behandlingsgrunnlag",
    "consent_date": "Samtykkedato",
    "consent_source": "Kilde",
    "last_confirmed": "Sist bekreftet",
    "emails": "E-post",
    "phones": "Telefon",
    "topics": "Temaer",
    "labels": "Etiketter",
    "roles": "Verv",
    "opted_out": "Reservert mot e-post",
}


@dataclass(frozen=True)
class MergePlan:
    """Two contacts side by side and what merging the second into the first would give.

    Attributes:
        keep: The contact that stays (its uid stays).
        other: The contact merged into it and removed (its uid becomes an alias).
        choices: Per single field (:data:`~kontakt.domain.merge.SINGLE_FIELDS`) the
            proposed side: "keep", "other" or, for notes, "both".
        result: The kept contact's values after the merge with these choices.
        moving: Follower table -> how many of the other's records move.
    """

    keep: ContactRow
    other: ContactRow
    choices: dict[str, str]
    result: ContactDraft
    moving: dict[str, int] = field(default_factory=dict)

    @property
    def versions(self) -> dict[str, int]:
        """The versions shown: pass them to ``merge`` so a change meanwhile is refused."""
        return {self.keep.uid: self.keep.version, self.other.uid: self.other.version}


def _item(value: Any) -> str:
    """One e-mail, phone, role, topic or label as text."""
    if isinstance(value, str):  # a topic or a label
        return value
    if isinstance(value, RoleData):
        return role_line(value)
    for attribute in ("address", "number", "title", "body"):
        text = getattr(value, attribute, None)
        if text:
            return str(text)
    kind = getattr(value, "kind", None)
    return str(kind.value) if kind is not None else str(value)


def show(name: str, value: Any, row: ContactRow | None = None) -> str:
    """A field's value as text for the merge lines («tom» when empty)."""
    if name == "place":
        if row is not None:
            place = row.municipality or row.county
            return place.name if place else "tom"
        return " / ".join(v for v in value if v) or "tom"
    if isinstance(value, tuple | list):
        return ", ".join(_item(v) for v in value) or "tom"
    if hasattr(value, "value"):
        return str(value.value)
    if value in ("", None):
        return "tom"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    return str(value).replace("\n", " ")


def changes(plan: MergePlan) -> list[tuple[str, str, str]]:
    """(field, old, new) for each field of the kept contact the merge changes."""
    keep = plan.keep.to_draft()
    out = []
    for name in SINGLE_FIELDS:
        side = plan.choices.get(name)
        if side not in (OTHER, BOTH):
            continue
        old, new = side_value(keep, name), side_value(plan.result, name)
        if old != new:
            row = plan.other if side == OTHER else None
            out.append((FIELD_WORDS[name], show(name, old, plan.keep), show(name, new, row)))
    for name in (*LIST_FIELDS, "opted_out"):
        old, new = getattr(keep, name), getattr(plan.result, name)
        if old != new:
            out.append((FIELD_WORDS[name], show(name, old), show(name, new)))
    return out


def moving_text(moving: dict[str, int]) -> str:
    """«3 historikkoppføringer, 1 liste» (or «ingenting annet»)."""
    parts = []
    for table, count in moving.items():
        one, many = FOLLOWER_WORDS.get(table, (table, table))
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts) or "ingenting annet"


def describe(plan: MergePlan) -> list[str]:
    """The lines the command line prints before it asks."""
    keep, other = plan.keep, plan.other
    lines = [
        f"Beholder {keep.full_name} ({keep.uid}); slår inn {other.full_name} ({other.uid}), "
        "som fjernes (id-en huskes).",
    ]
    lines += [f"  {name}: {old} -> {new}" for name, old, new in changes(plan)]
    if len(lines) == 1:
        lines.append("  Ingen felt endres.")
    lines.append(f"Flyttes til {keep.full_name}: {moving_text(plan.moving)}.")
    return lines


def as_json(plan: MergePlan) -> dict[str, Any]:
    """The plan as JSON (both contacts as ``list --json`` shows them)."""
    return {
        "keep": row_to_json(plan.keep),
        "other": row_to_json(plan.other),
        "choices": plan.choices,
        "moving": plan.moving,
    }
