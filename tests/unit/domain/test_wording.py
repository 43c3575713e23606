"""Counts, plurals and field labels as Kontakt writes them everywhere."""

from __future__ import annotations

import pytest

from kontakt.domain.column_mapping import Field, guess_mapping
from kontakt.domain.exporting import ExportOptions
from kontakt.domain.wording import FIELD_LABELS, field_label, number, plural, yes_no
from kontakt.io.exporters.columns import columns_for

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "0"),
        (1, "1"),
        (2, "2"),
        (999, "999"),
        (1000, f"1{NBSP}000"),
        (12_345, f"12{NBSP}345"),
        (1_000_000, f"1{NBSP}000{NBSP}000"),
        (-1, "-1"),
        (-1234, f"-1{NBSP}234"),
    ],
)
def test_numbers_are_grouped_by_thousands_with_a_no_break_space(n: int, shown: str) -> None:
    assert number(n) == shown


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "0 rader"),
        (1, "1 rad"),
        (2, "2 rader"),
        (1000, f"1{NBSP}000 rader"),
        (1_000_000, f"1{NBSP}000{NBSP}000 rader"),
        (-1, "-1 rader"),  # only exactly one is singular, as before
        (-2, "-2 rader"),
    ],
)
def test_plural_takes_the_singular_for_exactly_one(n: int, shown: str) -> None:
    assert plural(n, "rad", "rader") == shown


def test_yes_no() -> None:
    assert (yes_no(True), yes_no(False)) == ("ja", "nei")


def test_the_labels_that_had_drifted_apart_have_one_word_each() -> None:
    assert field_label("notes") == "Notater"  # not «Merknader» or «Merknad»
    assert field_label("consent_basis") == "Rettsgrunnlag"  # not «Behandlingsgrunnlag»
    assert field_label("topics") == "Tema"  # not «Temaer»
    assert len(set(FIELD_LABELS.values())) == len(FIELD_LABELS)  # no two fields share one


def test_an_unknown_field_is_shown_by_its_name() -> None:
    assert field_label("version") == "version"


def test_the_table_cannot_be_changed_by_a_caller() -> None:
    with pytest.raises(TypeError):
        FIELD_LABELS["notes"] = "Merknader"  # type: ignore[index]


def test_the_exported_list_headers_are_recognised_when_the_list_is_imported_again() -> None:
    headers = [name for name, _ in columns_for(ExportOptions(include_notes=True))]
    fields = [guess_mapping(headers)[i] for i in range(len(headers))]
    assert fields == [
        Field.GIVEN_NAME,
        Field.FAMILY_NAME,
        Field.MUNICIPALITY,
        Field.COUNTY,
        Field.ORGANISATION,
        Field.TITLE,
        Field.ROLE,
        Field.TOPICS,
        Field.EMAIL,
        Field.PHONE,
        Field.OPTED_OUT,
        Field.NOTES,
        Field.UID,
    ]
    # A list exported before the notes column was called «Notater» still imports its notes.
    older = [*headers[:-2], "Merknad"]
    assert guess_mapping(older)[len(older) - 1] == Field.NOTES
