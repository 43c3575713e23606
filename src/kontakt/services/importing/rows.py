"""Turn the rows of a read table into contact drafts, each with its errors and warnings.

Every problem names its row and column, so the preview can show it at the
cell and the report can list it: «Rad 7, kolonne «E-post» (C): …».
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

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
from kontakt.domain.column_mapping import OWN_UID_HEADER, Field
from kontakt.domain.geography import Geography
from kontakt.domain.records import CleanContact, ContactDraft, EmailData, PhoneData, RoleData
from kontakt.domain.role_text import parse_roles_cell
from kontakt.domain.text import clean, fold
from kontakt.domain.topic_synonyms import closest_topic, synonym_index, synonym_key
from kontakt.errors import KontaktError
from kontakt.io.importers.table import RawRow, RawTable, column_letter
from kontakt.services.importing.model import (
    CREATE_TOPIC,
    KEEP_AS_LABEL,
    ImportOptions,
    Issue,
    NewTopics,
    RowPlan,
)
from kontakt.services.validation import DraftErrors, validate_draft

# Google Contacts puts several values in one cell joined by " ::: ".
_MANY_EMAILS = re.compile(r"\s*(?::::|;|,|\s)\s*")
_MANY_PHONES = re.compile(r"\s*(?::::|;|/|,(?!\d))\s*")
# Labels are names («Møre og Romsdal», «Styret/AU»): split only between them.
_MANY_LABELS = re.compile(r":::|[,;|\n]")

# Field -> its non-empty (column index, cell text) pairs in one row, left to right.
_Texts = dict[Field, list[tuple[int, str]]]
# A row's topics, those to create, those kept as labels, and every unknown one.
_Topics = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


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
        mapping: Mapping[int, Field],
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
        self._synonyms = synonym_index(options.synonyms)
        # A file Kontakt wrote (its «Kontakt-id» column) brings the topics of another
        # Kontakt: they are created as they are, not sent to the closest topic here.
        self._own_file = any(
            f is Field.UID and table.headers[i] == OWN_UID_HEADER for i, f in self.mapping.items()
        )
        # Each mapped column with its field, left to right; each row's cells are read
        # through this list once.
        self._mapped = sorted(self.mapping.items())
        names = self.columns_of(Field.GIVEN_NAME, Field.FAMILY_NAME, Field.FULL_NAME)
        self._name_column = names[0] if names else None
        self._column_names = {i: self.column(i) for i in self.mapping}
        # Survey answers repeat ("Ja", "Kommunestyrerepresentant", "Rus, eldreomsorg"):
        # each distinct text is interpreted once per import.
        self._roles: dict[str, tuple[RoleData, ...]] = {}
        self._answers: dict[str, bool | None] = {}
        self._topics: dict[str, TopicMatch] = {}
        self._read_as: dict[tuple[str, str], str] = {}  # (place as typed, number) -> note

    def column(self, index: int) -> str:
        """«Header» (letter) of a column, as messages name it."""
        header = self.table.headers[index] if index < len(self.table.headers) else ""
        return f"«{header}» ({column_letter(index)})"

    def columns_of(self, *fields: Field) -> list[int]:
        """The columns mapped to any of these fields, left to right."""
        return sorted(i for i, f in self.mapping.items() if f in fields)

    def field_texts(self, values: Sequence[object]) -> _Texts:
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
        texts = self.field_texts(tuple(cells) if cells is not None else row.cells)
        number = row.number
        origin: dict[str, int] = {}  # draft field (as validation names it) -> column
        warnings: list[Issue] = []
        given, family = self.names(texts, origin)
        seen: set[str] = set()  # the same address in two columns counts once
        emails = self.emails(texts, origin, seen)
        phones = self.phones(texts, origin, seen)
        municipality, county = self.place(texts, origin)
        topics, new_topics, topic_labels, unknown_topics = self.topics(texts, number, warnings)
        roles = self.roles(texts)
        opted_out = self.opted_out(texts, number, warnings)
        draft = ContactDraft(
            given_name=given,
            family_name=family,
            emails=emails,
            phones=phones,
            organisation=_first(texts, Field.ORGANISATION),
            title=_first(texts, Field.TITLE) or (roles[0].title if roles else ""),
            municipality=municipality,
            county=county,
            party=_first(texts, Field.PARTY),
            notes="\n".join(t for _, t in texts.get(Field.NOTES, ())),
            topics=topics,
            labels=_not_in(
                tuple(dict.fromkeys((*self.labels(texts), *topic_labels))), (*topics, county)
            ),
            roles=roles,
            consent_basis=self.options.consent_basis,
            consent_source=self.options.consent_source,
            opted_out=opted_out,
        )
        uid = _first(texts, Field.UID).removeprefix("urn:uuid:")
        plan = self.validated(number, draft, warnings, new_topics, uid, origin)
        return replace(plan, unknown_topics=unknown_topics) if unknown_topics else plan

    # -- field groups: each reads its columns' texts (see field_texts) ------------------

    def names(self, texts: _Texts, origin: dict[str, int]) -> tuple[str, str]:
        """Given and family name; a full name is split when neither is given."""
        given = " ".join(t for _, t in texts.get(Field.GIVEN_NAME, ()))
        family = " ".join(t for _, t in texts.get(Field.FAMILY_NAME, ()))
        if self._name_column is not None:
            origin["name"] = origin["given_name"] = origin["family_name"] = self._name_column
        for i, full in texts.get(Field.FULL_NAME, ())[:1]:
            if not given and not family:
                given, family = split_full_name(full)
                origin["name"] = origin["given_name"] = origin["family_name"] = i
        return given, family

    @staticmethod
    def emails(texts: _Texts, origin: dict[str, int], seen: set[str]) -> tuple[EmailData, ...]:
        """Every address in the e-mail columns, each once (``seen``: casefolded)."""
        emails: list[EmailData] = []
        for i, text in texts.get(Field.EMAIL, ()):
            for part in _MANY_EMAILS.split(clean_email_cell(text)):
                if part and part.casefold() not in seen:
                    seen.add(part.casefold())
                    origin[f"emails[{len(emails)}]"] = i
                    emails.append(EmailData(part))
        return tuple(emails)

    @staticmethod
    def phones(texts: _Texts, origin: dict[str, int], seen: set[str]) -> tuple[PhoneData, ...]:
        """Every number in the phone columns, each once."""
        phones: list[PhoneData] = []
        for i, text in texts.get(Field.PHONE, ()):
            for part in _MANY_PHONES.split(text):
                part = part.strip()
                if part and part not in seen:
                    seen.add(part)
                    origin[f"phones[{len(phones)}]"] = i
                    phones.append(PhoneData(part))
        return tuple(phones)

    @staticmethod
    def place(texts: _Texts, origin: dict[str, int]) -> tuple[str, str]:
        """Municipality (a number column before a name column) and county, as written."""
        municipality = county = ""
        for field in (Field.MUNICIPALITY_NUMBER, Field.MUNICIPALITY):
            found = texts.get(field)
            if found:
                origin["municipality"], municipality = found[0]
                break
        found = texts.get(Field.COUNTY)
        if found:
            origin["county"], county = found[0]
        return municipality, county

    def topics(self, texts: _Texts, number: int, warnings: list[Issue]) -> _Topics:
        """The row's topics, the unknown ones to create, those kept as labels, and every
        unknown one (the user's topic map first, then :class:`NewTopics`); each unknown
        topic gets a warning saying what became of it."""
        topics: list[str] = []
        new_topics: list[str] = []
        labels: list[str] = []
        unknown_topics: list[str] = []
        for i, text in texts.get(Field.TOPICS, ()):
            found = self._topics.get(text)
            if found is None:
                found = self._topics[text] = match_topics(
                    [self._meant(n) for n in split_multi(text, own=self._own_file)],
                    self.vocabulary,
                )
            topics += found.matched
            for unknown in found.unknown:
                unknown_topics.append(unknown)
                target = self._target(unknown)
                if target == CREATE_TOPIC:
                    topics.append(unknown)
                    new_topics.append(unknown)
                    message = f"Ukjent tema «{unknown}» opprettes."
                elif target == KEEP_AS_LABEL:
                    labels.append(unknown)
                    message = (
                        f"Temaet «{unknown}» finnes ikke i Kontakt og er lagret som merkelapp."
                    )
                elif target:
                    topics.append(target)
                    message = f"Temaet «{unknown}» finnes ikke i Kontakt; lagt til som «{target}»."
                else:
                    message = f"Temaet «{unknown}» finnes ikke i Kontakt og er utelatt."
                warnings.append(Issue(number, self._column_names[i], message))
        return (
            tuple(dict.fromkeys(topics)),
            tuple(new_topics),
            tuple(labels),
            tuple(unknown_topics),
        )

    def _meant(self, name: str) -> str:
        """The topic a synonym stands for (the user's own topic map still wins)."""
        if fold(name) in self._topic_map:
            return name
        return self._synonyms.get(synonym_key(name), name)

    def _target(self, unknown: str) -> str:
        """An existing topic, "" (left out), CREATE_TOPIC or KEEP_AS_LABEL (remembered)."""
        key = fold(unknown)
        target = self._topic_map.get(key)
        if target is None:
            policy = self.options.new_topics
            if policy is NewTopics.CLOSEST and self._own_file:
                policy = NewTopics.CREATE
            if policy is NewTopics.CREATE:
                target = CREATE_TOPIC
            elif policy is NewTopics.IGNORE:
                target = ""
            else:
                target = (
                    closest_topic(unknown, self.vocabulary, self.options.synonyms) or KEEP_AS_LABEL
                )
            self._topic_map[key] = target
        return target

    @staticmethod
    def labels(texts: _Texts) -> tuple[str, ...]:
        """Free labels, each once (case ignored); Google's system groups
        («* myContacts», «* starred») are not labels and are left out."""
        found: dict[str, str] = {}
        for _, text in texts.get(Field.LABELS, ()):
            for part in _MANY_LABELS.split(text):
                label = clean(part)
                if label and not label.startswith("*"):
                    found.setdefault(fold(label), label)
        return tuple(found.values())

    def roles(self, texts: _Texts) -> tuple[RoleData, ...]:
        """Roles from role columns and «Har du verv?» answers (each text read once).

        A role column Kontakt wrote (:mod:`kontakt.domain.role_text`) gives back every
        role as it was; other text is read as one role in words.
        """
        roles: list[RoleData] = []
        for field in (Field.ROLE, Field.HAS_ROLE):
            for _, text in texts.get(field, ()):
                if text not in self._roles:
                    exact = parse_roles_cell(text) if field is Field.ROLE else None
                    if exact is not None:
                        self._roles[text] = tuple(exact)
                    else:
                        role = role_from_text(text)
                        self._roles[text] = (role,) if role is not None else ()
                roles += self._roles[text]
        return tuple(roles)

    def opted_out(self, texts: _Texts, number: int, warnings: list[Issue]) -> bool:
        """True when the e-mail consent answer is no or the reservation column says yes;
        an answer not understood warns (and, in a reservation column, counts as a
        reservation: a mark someone made is never dropped)."""
        reserved = False
        for field, means_out in ((Field.EMAIL_CONSENT, False), (Field.OPTED_OUT, True)):
            for i, text in texts.get(field, ())[:1]:
                if text not in self._answers:
                    self._answers[text] = parse_yes_no(text)
                answer = self._answers[text]
                if answer is None:
                    warnings.append(
                        Issue(number, self._column_names[i], f"Forstår ikke svaret «{text}».")
                    )
                reserved = reserved or answer is means_out or (means_out and answer is None)
        return reserved

    def validated(
        self,
        number: int,
        draft: ContactDraft,
        warnings: list[Issue],
        new_topics: tuple[str, ...],
        uid: str,
        origin: dict[str, int],
    ) -> RowPlan:
        """The row's plan: the draft validated, or its errors at the columns they came from."""
        errors: list[Issue] = []
        clean = None
        try:
            clean = validate_draft(draft, self.geography)
        except DraftErrors as exc:
            for name, message in exc.errors:
                column = origin.get(name)
                where = self.column(column) if column is not None else ""
                errors.append(Issue(number, where, message))
        except KontaktError as exc:
            errors.append(Issue(number, "", str(exc)))
        if clean is not None:
            if not draft.emails and not draft.phones:
                warnings.append(Issue(number, "", "Verken e-post eller telefon."))
            self.place_notes(draft, clean, origin, number, warnings)
            draft = clean.draft
        return RowPlan(
            number, draft, tuple(errors), tuple(warnings), None, None, "",
            clean, new_topics, uid,
        )  # fmt: skip

    def place_notes(
        self,
        draft: ContactDraft,
        clean: CleanContact,
        origin: dict[str, int],
        number: int,
        warnings: list[Issue],
    ) -> None:
        """Warn about a place name read through how æøå were typed: «Tromso» is Tromsø."""
        places = (
            ("municipality", draft.municipality, clean.municipality_number),
            ("county", draft.county, clean.county_number),
        )
        for name, text, found in places:
            if not text or not found:
                continue
            if (text, found) not in self._read_as:
                read = self.geography.read_as(text)
                official = (
                    self.geography.municipality(found).name
                    if name == "municipality"
                    else self.geography.county(found).name
                )
                self._read_as[(text, found)] = f"«{text}» er lest som {official}." if read else ""
            message = self._read_as[(text, found)]
            if message:
                column = origin.get(name)
                where = self.column(column) if column is not None else ""
                warnings.append(Issue(number, where, message))


def _not_in(labels: tuple[str, ...], own: tuple[str, ...]) -> tuple[str, ...]:
    """The labels that are not the row's own topics or county (Kontakt's CSV files
    write those among the labels too, as groups for Google and Outlook)."""
    folded = {fold(name) for name in own if name}
    return tuple(label for label in labels if fold(label) not in folded)


def _first(texts: _Texts, field: Field) -> str:
    found = texts.get(field)
    return found[0][1] if found else ""


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
    mapping: Mapping[int, Field],
    vocabulary: Sequence[str],
    options: ImportOptions,
) -> list[RowPlan]:
    """Plan some rows in a worker process (module-level, so it can be pickled)."""
    from kontakt.domain.geography import load_geography

    planner = RowPlanner(table, mapping, load_geography(), vocabulary, options)
    return [planner.plan(row, c) for row, c in zip(table.rows, cells, strict=True)]
