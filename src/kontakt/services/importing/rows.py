"""Turn the rows of a read table into contact drafts, each with its errors and warnings.

Every problem names its row and column, so the preview can show it at the
cell and the report can list it: «Rad 7, kolonne «E-post» (C): …».
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kontakt.domain.cell_values import (
    TopicMatch,
    cell_text,
    clean_email_cell,
    match_topics,
    parse_yes_no,
    role_from_text,
    split_full_name,
    split_multi,
)
from kontakt.domain.column_mapping import Field
from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactDraft, EmailData, PhoneData, RoleData
from kontakt.domain.text import fold
from kontakt.errors import KontaktError
from kontakt.io.importers.table import RawRow, RawTable, column_letter
from kontakt.services.importing.model import ImportOptions, Issue, RowPlan
from kontakt.services.validation import DraftErrors, validate_draft

# Google Contacts puts several values in one cell joined by " ::: ".
_MANY_EMAILS = re.compile(r"\s*(?::::|;|,|\s)\s*")
_MANY_PHONES = re.compile(r"\s*(?::::|;|/|,(?!\d))\s*")


class RowPlanner:
    """Builds drafts from rows for one table and mapping.

    Args:
        table: The table read from the file.
        mapping: Column index -> field.
        geography: For municipality and county.
        vocabulary: The topics that exist.
        options: Consent basis and the user's topic mapping.
    """

    def __init__(
        self,
        table: RawTable,
        mapping: dict[int, Field],
        geography: Geography,
        vocabulary: Sequence[str],
        options: ImportOptions,
    ) -> None:
        self.table = table
        self.mapping = {i: f for i, f in mapping.items() if f is not Field.IGNORE}
        self.geography = geography
        self.vocabulary = list(vocabulary)
        self.options = options
        self._topic_map = {fold(k): v for k, v in options.topic_map.items()}
        # Each mapped column with its field, left to right; each row's cells are read
        # through this list once.
        self._mapped = sorted(self.mapping.items())
        names = self.columns_of(Field.GIVEN_NAME, Field.FAMILY_NAME, Field.FULL_NAME)
        self._name_column = names[0] if names else None
        self._column_names = {i: self.column(i) for i in self.mapping}
        # Survey answers repeat ("Ja", "Kommunestyrerepresentant", "Rus, eldreomsorg"):
        # each distinct text is interpreted once per import.
        self._roles: dict[str, RoleData | None] = {}
        self._answers: dict[str, bool | None] = {}
        self._topics: dict[str, TopicMatch] = {}

    def column(self, index: int) -> str:
        """«Header» (letter) of a column, as messages name it."""
        header = self.table.headers[index] if index < len(self.table.headers) else ""
        return f"«{header}» ({column_letter(index)})"

    def columns_of(self, *fields: Field) -> list[int]:
        """The columns mapped to any of these fields, left to right."""
        return sorted(i for i, f in self.mapping.items() if f in fields)

    def _texts(self, values: Sequence[object]) -> dict[Field, list[tuple[int, str]]]:
        """Field -> its non-empty (column, cell text) pairs, left to right."""
        by_field: dict[Field, list[tuple[int, str]]] = {}
        width = len(values)
        for i, field in self._mapped:
            text = cell_text(values[i]) if i < width else ""
            if text:
                found = by_field.get(field)
                if found is None:
                    by_field[field] = [(i, text)]
                else:
                    found.append((i, text))
        return by_field

    def plan(self, row: RawRow, cells: Sequence[object] | None = None) -> RowPlan:
        """Plan one row (``cells`` overrides the row's cells, e.g. after a correction)."""
        values = tuple(cells) if cells is not None else row.cells
        by_field = self._texts(values)
        none: list[tuple[int, str]] = []

        def texts(f: Field) -> list[tuple[int, str]]:
            return by_field.get(f, none)

        warnings: list[Issue] = []
        new_topics: list[str] = []
        origin: dict[str, int] = {}  # draft field (as validation names it) -> column

        given = " ".join(t for _, t in texts(Field.GIVEN_NAME))
        family = " ".join(t for _, t in texts(Field.FAMILY_NAME))
        if self._name_column is not None:
            origin["name"] = origin["given_name"] = origin["family_name"] = self._name_column
        for i, full in texts(Field.FULL_NAME)[:1]:
            if not given and not family:
                given, family = split_full_name(full)
                origin["name"] = origin["given_name"] = origin["family_name"] = i

        # The same address in two columns (a form's login and its question) counts once.
        emails: list[EmailData] = []
        seen: set[str] = set()
        for i, text in texts(Field.EMAIL):
            for part in _MANY_EMAILS.split(clean_email_cell(text)):
                if part and part.casefold() not in seen:
                    seen.add(part.casefold())
                    origin[f"emails[{len(emails)}]"] = i
                    emails.append(EmailData(part))
        phones: list[PhoneData] = []
        for i, text in texts(Field.PHONE):
            for part in _MANY_PHONES.split(text):
                if part.strip() and part.strip() not in seen:
                    seen.add(part.strip())
                    origin[f"phones[{len(phones)}]"] = i
                    phones.append(PhoneData(part.strip()))

        municipality = ""
        for i, text in texts(Field.MUNICIPALITY_NUMBER) + texts(Field.MUNICIPALITY):
            municipality = text
            origin["municipality"] = i
            break
        county = ""
        for i, text in texts(Field.COUNTY)[:1]:
            county = text
            origin["county"] = i

        topics: list[str] = []
        for i, text in texts(Field.TOPICS):
            found = self._topics.get(text)
            if found is None:
                found = self._topics[text] = match_topics(split_multi(text), self.vocabulary)
            topics += found.matched
            for unknown in found.unknown:
                target = self._topic_map.get(fold(unknown))
                if target == "":
                    warnings.append(
                        Issue(row.number, self._column_names[i], f"Temaet «{unknown}» er utelatt.")
                    )
                elif target:
                    topics.append(target)
                else:
                    topics.append(unknown)
                    new_topics.append(unknown)
                    warnings.append(
                        Issue(
                            row.number, self._column_names[i], f"Ukjent tema «{unknown}» opprettes."
                        )
                    )
        labels = [label for _, text in texts(Field.LABELS) for label in split_multi(text)]

        roles: list[RoleData] = []
        for _, text in texts(Field.ROLE) + texts(Field.HAS_ROLE):
            if text not in self._roles:
                self._roles[text] = role_from_text(text)
            role = self._roles[text]
            if role is not None:
                roles.append(role)
        opted_out = False
        for i, text in texts(Field.EMAIL_CONSENT)[:1]:
            if text not in self._answers:
                self._answers[text] = parse_yes_no(text)
            answer = self._answers[text]
            if answer is None:
                warnings.append(
                    Issue(row.number, self._column_names[i], f"Forstår ikke svaret «{text}».")
                )
            opted_out = answer is False

        def first(f: Field) -> str:
            found = texts(f)
            return found[0][1] if found else ""

        draft = ContactDraft(
            given_name=given,
            family_name=family,
            emails=tuple(emails),
            phones=tuple(phones),
            organisation=first(Field.ORGANISATION),
            title=first(Field.TITLE) or (roles[0].title if roles else ""),
            municipality=municipality,
            county=county,
            party=first(Field.PARTY),
            notes="\n".join(t for _, t in texts(Field.NOTES)),
            topics=tuple(dict.fromkeys(topics)),
            labels=tuple(dict.fromkeys(labels)),
            roles=tuple(roles),
            consent_basis=self.options.consent_basis,
            consent_source=self.options.consent_source,
            opted_out=opted_out,
        )
        plan = RowPlan(
            row=row.number,
            draft=draft,
            warnings=warnings,
            new_topics=new_topics,
            uid=first(Field.UID).removeprefix("urn:uuid:"),
        )
        try:
            plan.clean = validate_draft(draft, self.geography)
        except DraftErrors as exc:
            for name, message in exc.errors:
                column = origin.get(name)
                where = self.column(column) if column is not None else ""
                plan.errors.append(Issue(row.number, where, message))
        except KontaktError as exc:
            plan.errors.append(Issue(row.number, "", str(exc)))
        if plan.clean is not None:
            if not emails and not phones:
                plan.warnings.append(Issue(row.number, "", "Verken e-post eller telefon."))
            plan.draft = plan.clean.draft
        return plan


def with_cell(cells: Sequence[object], index: int, value: object) -> tuple[object, ...]:
    """The cells with one replaced (a correction typed in the preview)."""
    out = list(cells)
    while len(out) <= index:
        out.append(None)
    out[index] = value
    return tuple(out)


def plan_chunk(
    table: RawTable,
    cells: Sequence[tuple[object, ...]],
    mapping: dict[int, Field],
    vocabulary: Sequence[str],
    options: ImportOptions,
) -> list[RowPlan]:
    """Plan some rows in a worker process (module-level, so it can be pickled)."""
    from kontakt.domain.geography import load_geography

    planner = RowPlanner(table, mapping, load_geography(), vocabulary, options)
    return [planner.plan(row, c) for row, c in zip(table.rows, cells, strict=True)]
