"""Each field group of a row is planned by its own step of RowPlanner, testable alone."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kontakt.domain.column_mapping import Field
from kontakt.domain.geography import load_geography
from kontakt.domain.records import RoleKind
from kontakt.io.importers.table import RawRow, RawTable
from kontakt.services.importing.model import ImportOptions, Issue, NewTopics
from kontakt.services.importing.rows import RowPlanner

COLUMNS = [
    ("Fornavn", Field.GIVEN_NAME), ("Etternavn", Field.FAMILY_NAME), ("Navn", Field.FULL_NAME),
    ("E-post", Field.EMAIL), ("Jobb-e-post", Field.EMAIL), ("Mobil", Field.PHONE),
    ("Kommunenr", Field.MUNICIPALITY_NUMBER), ("Kommune", Field.MUNICIPALITY),
    ("Fylke", Field.COUNTY), ("Tema", Field.TOPICS), ("Etiketter", Field.LABELS),
    ("Verv", Field.ROLE), ("Har du verv?", Field.HAS_ROLE), ("E-post ok?", Field.EMAIL_CONSENT),
]  # fmt: skip


def planner(
    topic_map: dict[str, str] | None = None, new_topics: NewTopics = NewTopics.CLOSEST
) -> RowPlanner:
    headers = tuple(h for h, _ in COLUMNS)
    table = RawTable(path=Path("x.csv"), sheet="", header_row=1, headers=headers, rows=())
    return RowPlanner(
        table,
        {i: f for i, (_, f) in enumerate(COLUMNS)},
        load_geography(),
        ["Rus", "Psykisk helse", "Tannhelsereform"],
        ImportOptions(topic_map=topic_map or {}, new_topics=new_topics),
    )


def texts(p: RowPlanner, **cells: object) -> dict[Field, list[tuple[int, str]]]:
    by_header = {h: i for i, (h, _) in enumerate(COLUMNS)}
    row: list[object] = [None] * len(COLUMNS)
    for key, value in cells.items():
        row[by_header[key.replace("_", " ")]] = value
    return p.field_texts(row)


def test_names_split_a_full_name_only_when_no_part_is_given() -> None:
    p = planner()
    origin: dict[str, int] = {}
    assert p.names(texts(p, Navn="Nordmann, Kari"), origin) == ("Kari", "Nordmann")
    assert origin["name"] == 2
    both = texts(p, Fornavn="Ola", Etternavn="Hansen", Navn="Kari Nordmann")
    assert p.names(both, {}) == ("Ola", "Hansen")


def test_emails_and_phones_each_once_across_columns() -> None:
    p = planner()
    found = texts(p, **{"E-post": "Kari@x.no ::: kari@x.no; k2@x.no", "Jobb-e-post": "K2@x.no",
                        "Mobil": "987 65 432 / 22 33 44 55; 987 65 432"})  # fmt: skip
    origin: dict[str, int] = {}
    seen: set[str] = set()
    emails = p.emails(found, origin, seen)
    assert [e.address for e in emails] == ["Kari@x.no", "k2@x.no"]
    phones = p.phones(found, origin, seen)
    assert [n.number for n in phones] == ["987 65 432", "22 33 44 55"]
    assert origin == {"emails[0]": 3, "emails[1]": 3, "phones[0]": 5, "phones[1]": 5}


def test_place_prefers_the_municipality_number_and_keeps_the_county() -> None:
    p = planner()
    origin: dict[str, int] = {}
    found = texts(p, Kommunenr="4601", Kommune="Oslo", Fylke="Vestland")
    assert p.place(found, origin) == ("4601", "Vestland")
    assert origin == {"municipality": 6, "county": 8}
    assert p.place(texts(p, Kommune="Bergen"), {}) == ("Bergen", "")


def test_topics_are_matched_mapped_left_out_or_created_with_warnings() -> None:
    p = planner({"Rusomsorg": "Rus", "Klima": ""}, NewTopics.CREATE)
    warnings: list[Issue] = []
    found = texts(p, Tema="psykisk helse, Rusomsorg, Klima, Jordmor")
    topics, new, labels, unknown = p.topics(found, 7, warnings)
    assert topics == ("Psykisk helse", "Rus", "Jordmor") and new == ("Jordmor",)
    assert labels == () and unknown == ("Rusomsorg", "Klima", "Jordmor")
    assert [(w.row, w.message) for w in warnings] == [
        (7, "Temaet «Rusomsorg» finnes ikke i Kontakt; lagt til som «Rus»."),
        (7, "Temaet «Klima» finnes ikke i Kontakt og er utelatt."),
        (7, "Ukjent tema «Jordmor» opprettes."),
    ]


def test_by_default_the_closest_topic_is_taken_and_the_rest_kept_as_labels() -> None:
    p = planner()
    warnings: list[Issue] = []
    found = texts(p, Tema="tannhelse, psykisk, Familie")
    topics, new, labels, unknown = p.topics(found, 3, warnings)
    assert topics == ("Tannhelsereform", "Psykisk helse") and new == ()
    assert labels == ("Familie",) and unknown == ("tannhelse", "psykisk", "Familie")
    assert warnings[2].message == (
        "Temaet «Familie» finnes ikke i Kontakt og er lagret som merkelapp."
    )
    ignoring = planner(new_topics=NewTopics.IGNORE)
    assert ignoring.topics(found, 3, [])[:3] == ((), (), ())


def test_labels_roles_and_the_opt_out_answer() -> None:
    p = planner()
    found = texts(p, Etiketter="Styret, styret, Landsmøtet", Verv="Kommunestyrerepresentant",
                  **{"Har du verv?": "Nei", "E-post ok?": "Nei"})  # fmt: skip
    assert p.labels(found) == ("Styret", "Landsmøtet")
    [role] = p.roles(found)
    assert role.kind is RoleKind.FOLKEVALGT
    warnings: list[Issue] = []
    assert p.opted_out(found, 3, warnings) is True and warnings == []
    assert p.opted_out(texts(p, **{"E-post ok?": "Tja"}), 3, warnings) is False
    assert "Forstår ikke svaret «Tja»" in warnings[0].message
    assert p.opted_out(texts(p), 3, []) is False


def test_a_plan_names_the_column_of_each_error_and_pickles_as_it_was() -> None:
    p = planner()
    cells = ("Kari", "Nordmann", None, "kari@", None, "98765432", None, "Bergen")
    plan = p.plan(RawRow(number=4, cells=cells))
    [error] = plan.errors
    assert error.row == 4 and error.column == "«E-post» (D)"
    assert plan.clean is None
    good = p.plan(RawRow(number=5, cells=("Kari", "Nordmann", None, "kari@x.no")))
    assert good.clean is not None and good.errors == ()
    assert [i.message for i in good.warnings] == []
    assert pickle.loads(pickle.dumps([plan, good])) == [plan, good]
    with pytest.raises(AttributeError):
        good.clean = None  # type: ignore[misc]
