"""Control characters and foreign line breaks in any field make no extra line in a .vcf.

Checked as the .ics is (tests/unit/io/test_ical.py): a reader that splits lines
as ``splitlines`` does must see one card of property lines, and vobject the same.
"""

from __future__ import annotations

import re

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.io_vcard.contacts import make_row

from kontakt.io.vcard import VCardOptions, vcard_text

PROPERTY_OR_FOLD = re.compile(r"[A-Z][A-Z0-9-]*[;:]| ")
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
HOSTILE = "Kari\x00\x1b[2J\x85END:VCARD\u2028BEGIN:VCARD\u2029FN:Falsk\rX\x0bY"


@settings(max_examples=150, deadline=None)
@given(st.text(), st.text(), st.text(), st.sampled_from(["3.0", "4.0"]))
def test_any_name_or_note_gives_one_card_of_property_lines(
    given_name: str, organisation: str, notes: str, version: str
) -> None:
    row = make_row(given_name=given_name + HOSTILE, organisation=organisation, notes=notes)
    text = vcard_text(row, VCardOptions(version=version, include_notes=True))  # type: ignore[arg-type]
    lines = text.splitlines()
    assert sum(line == "BEGIN:VCARD" for line in lines) == 1
    assert all(PROPERTY_OR_FOLD.match(line) for line in lines)
    assert not RAW_CONTROL.search(text)
    (card,) = list(vobject.readComponents(text))
    assert card.n.value.family == "Bjørnstad"
