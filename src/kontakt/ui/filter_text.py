"""A contact filter in words, for the «Viser:» line and a mailing's or export's scope."""

from __future__ import annotations

from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactFilter
from kontakt.errors import KontaktError


def filter_parts(f: ContactFilter, geography: Geography) -> list[str]:
    """What the filter keeps, one short phrase per condition, e.g.
    ``["Vestland", "Rus", "Nivå: Kommune", "«kari»"]``."""
    parts = []
    if f.trashed:
        parts.append("Papirkurven")
    if f.county:
        try:
            parts.append(geography.county(f.county).name)
        except KontaktError:
            parts.append(f.county)
    parts += tag_parts(f)
    if f.list_name:
        parts.append(f"Liste: {f.list_name}")
    if f.role_kind:
        parts.append(f"Verv: {f.role_kind.value}")
    if f.role_level:
        parts.append(f"Nivå: {f.role_level.value.capitalize()}")
    parts += survey_parts(f)
    if f.confirmed_months is not None:
        parts.append(f"Bekreftet siste {f.confirmed_months} mnd.")
    if f.text.strip():
        parts.append(f"«{f.text.strip()}»")
    if f.uids:  # e.g. the people «Hvem kan fylle hullet?» showed
        n = len(f.uids)
        parts.append(f"{n} utvalgte personer" if n != 1 else "1 utvalgt person")
    return parts


def tag_parts(f: ContactFilter) -> list[str]:
    """The topics and labels of the filter in words, e.g. ``["Rus eller Fastlege",
    "Etikett: Styret"]``; topics that must all match are one phrase each."""
    parts = [" eller ".join(f.topics)] if f.any_topic and f.topics else list(f.topics)
    return parts + [f"Etikett: {name}" for name in f.labels]


def survey_parts(f: ContactFilter) -> list[str]:
    """The survey of the filter in words: «Svarte på Medlemsundersøkelsen 2025», then
    «spørsmål 2» or «spørsmål 2: Ja»."""
    if not f.survey.strip():
        return []
    parts = [f"Svarte på {f.survey.strip()}"]
    question = f.survey_question.strip()
    if question:
        named = f"spørsmål {question}" if question.isdigit() else f"«{question}»"
        answer = f.survey_answer.strip()
        parts.append(f"{named}: {answer}" if answer else named)
    return parts


def describe_filter(f: ContactFilter, geography: Geography) -> str:
    """The main window's line above the table: «Viser: Vestland · Rus»."""
    parts = filter_parts(f, geography)
    return "Viser: " + " · ".join(parts) if parts else "Viser: alle kontakter"
