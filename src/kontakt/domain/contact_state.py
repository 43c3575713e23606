"""Contacts and filters as plain JSON-able dicts.

Three shapes, each for one reader:
- :func:`row_to_json`: the command-line contract of ``kontakt list --json``;
- :func:`row_to_state` / :func:`state_to_draft`: the full editable state kept
  in the audit log and import batches, from which a change can be undone;
- :func:`filter_to_dict` / :func:`filter_from_dict`: saved searches.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    ContactFilter,
    ContactRow,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    Place,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.domain.text import sort_key


def _place(place: Place | None) -> dict[str, str] | None:
    return None if place is None else {"number": place.number, "name": place.name}


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_date(value: Any) -> dt.date | None:
    return None if not value else dt.date.fromisoformat(str(value))


def role_to_dict(role: RoleData) -> dict[str, Any]:
    """One role as a JSON object."""
    return {
        "kind": role.kind.value,
        "level": role.level.value if role.level else None,
        "body": role.body,
        "title": role.title,
        "organisation": role.organisation,
        "start": _date(role.start),
        "end": _date(role.end),
        "election": role.election,
        "list_name": role.list_name,
        "list_place": role.list_place,
        "municipality": role.municipality,
        "county": role.county,
        "result": role.result,
    }


def role_from_dict(data: dict[str, Any]) -> RoleData:
    """The inverse of :func:`role_to_dict`."""
    return RoleData(
        kind=RoleKind(data["kind"]),
        level=RoleLevel(data["level"]) if data.get("level") else None,
        body=data.get("body", ""),
        title=data.get("title", ""),
        organisation=data.get("organisation", ""),
        start=_parse_date(data.get("start")),
        end=_parse_date(data.get("end")),
        election=data.get("election", ""),
        list_name=data.get("list_name", ""),
        list_place=data.get("list_place"),
        municipality=data.get("municipality", ""),
        county=data.get("county", ""),
        result=data.get("result", ""),
    )


def row_to_json(row: ContactRow) -> dict[str, Any]:
    """The object ``kontakt list --json`` prints for one contact (see DESIGN.md)."""
    return {
        "uid": row.uid,
        "given_name": row.given_name,
        "family_name": row.family_name,
        "emails": [e.address for e in row.emails],
        "phones": [p.number for p in row.phones],
        "organisation": row.organisation,
        "title": row.title,
        "municipality": _place(row.municipality),
        "county": _place(row.county),
        "party": row.party,
        "topics": list(row.topics),
        "labels": list(row.labels),
        "roles": [role_to_dict(r) for r in row.roles],
        "opted_out": row.opted_out,
        "consent_basis": row.consent_basis.value if row.consent_basis else None,
        "last_confirmed": _date(row.last_confirmed),
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "trashed": row.deleted_at is not None,
    }


def row_to_state(row: ContactRow) -> dict[str, Any]:
    """Everything editable about a contact, plus its version, as JSON (audit, undo)."""
    return draft_to_state(row.to_draft(), row.version, trashed=row.deleted_at is not None)


def draft_to_state(draft: ContactDraft, version: int, trashed: bool = False) -> dict[str, Any]:
    """The audit/undo state of a validated draft (municipality and county as numbers)."""
    return {
        "given_name": draft.given_name,
        "family_name": draft.family_name,
        "emails": [
            {"address": e.address, "kind": e.kind.value, "primary": e.primary} for e in draft.emails
        ],
        "phones": [
            {"number": p.number, "kind": p.kind.value, "primary": p.primary} for p in draft.phones
        ],
        "organisation": draft.organisation,
        "title": draft.title,
        "municipality": draft.municipality,
        "county": draft.county,
        "party": draft.party,
        "notes": draft.notes,
        "topics": sorted(draft.topics, key=sort_key),
        "labels": sorted(draft.labels, key=sort_key),
        "roles": [role_to_dict(r) for r in draft.roles],
        "consent_basis": draft.consent_basis.value if draft.consent_basis else None,
        "consent_date": _date(draft.consent_date),
        "consent_source": draft.consent_source,
        "opted_out": draft.opted_out,
        "last_confirmed": _date(draft.last_confirmed),
        "trashed": trashed,
        "version": version,
    }


def state_to_draft(state: dict[str, Any]) -> ContactDraft:
    """Rebuild the editable draft from a :func:`row_to_state` dict."""
    return ContactDraft(
        given_name=state.get("given_name", ""),
        family_name=state.get("family_name", ""),
        emails=tuple(
            EmailData(e["address"], EmailKind(e["kind"]), bool(e["primary"]))
            for e in state.get("emails", [])
        ),
        phones=tuple(
            PhoneData(p["number"], PhoneKind(p["kind"]), bool(p["primary"]))
            for p in state.get("phones", [])
        ),
        organisation=state.get("organisation", ""),
        title=state.get("title", ""),
        municipality=state.get("municipality", ""),
        county=state.get("county", ""),
        party=state.get("party", ""),
        notes=state.get("notes", ""),
        topics=tuple(state.get("topics", [])),
        labels=tuple(state.get("labels", [])),
        roles=tuple(role_from_dict(r) for r in state.get("roles", [])),
        consent_basis=ConsentBasis(state["consent_basis"]) if state.get("consent_basis") else None,
        consent_date=_parse_date(state.get("consent_date")),
        consent_source=state.get("consent_source", ""),
        opted_out=bool(state.get("opted_out", False)),
        last_confirmed=_parse_date(state.get("last_confirmed")),
    )


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """Names of the state fields that differ (``version`` ignored)."""
    before = before or {}
    after = after or {}
    keys = (set(before) | set(after)) - {"version"}
    return sorted(k for k in keys if before.get(k) != after.get(k))


def filter_to_dict(f: ContactFilter) -> dict[str, Any]:
    """A filter as JSON, only the criteria that are set."""
    data: dict[str, Any] = {
        "text": f.text,
        "county": f.county,
        "municipality": f.municipality,
        "topics": list(f.topics),
        "role_kind": f.role_kind.value if f.role_kind else None,
        "role_level": f.role_level.value if f.role_level else None,
        "confirmed_months": f.confirmed_months,
        "list_name": f.list_name,
        "labels": list(f.labels),
        "any_topic": f.any_topic,
        "trashed": f.trashed,
        "survey": f.survey,
        "survey_question": f.survey_question,
        "survey_answer": f.survey_answer,
        "uids": list(f.uids),
    }
    # ``is`` for False and None: 0 months is a criterion, although 0 == False.
    return {k: v for k, v in data.items() if v is not None and v is not False and v not in ("", [])}


def _labels_of(data: dict[str, Any]) -> tuple[str, ...]:
    """The labels of a stored filter; searches saved before 2026-12 hold one ``label``."""
    labels = [str(x) for x in data.get("labels", ())]
    old = data.get("label")
    if isinstance(old, str) and old.strip():
        labels.insert(0, old)
    return tuple(dict.fromkeys(labels))


def filter_from_dict(data: dict[str, Any]) -> ContactFilter:
    """The inverse of :func:`filter_to_dict`; unknown keys are ignored.

    A filter saved with the single ``label`` of older versions reads as
    ``labels`` holding that one name.
    """
    return ContactFilter(
        text=data.get("text", ""),
        county=data.get("county", ""),
        municipality=data.get("municipality", ""),
        topics=tuple(data.get("topics", ())),
        role_kind=RoleKind(data["role_kind"]) if data.get("role_kind") else None,
        role_level=RoleLevel(data["role_level"]) if data.get("role_level") else None,
        confirmed_months=data.get("confirmed_months"),
        list_name=data.get("list_name", ""),
        labels=_labels_of(data),
        any_topic=bool(data.get("any_topic", False)),
        trashed=bool(data.get("trashed", False)),
        survey=str(data.get("survey", "")),
        survey_question=str(data.get("survey_question", "")),
        survey_answer=str(data.get("survey_answer", "")),
        uids=tuple(str(u) for u in data.get("uids", ())),
    )
