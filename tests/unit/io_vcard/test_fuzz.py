"""Hypothesis-fuzzed vCard files: the reader never crashes; it reads or refuses with a message."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontakt.io.importers.table import ImportRefused
from kontakt.io.vcard import read_vcard_bytes

PROPERTIES = (
    "FN N EMAIL TEL ORG TITLE CATEGORIES NOTE UID PHOTO item1.EMAIL X-ABLabel ADR BEGIN END "
    "VERSION fn Tel"
).split()
PARAMS = ["", ";TYPE=WORK", ";CHARSET=UTF-8", ";ENCODING=QUOTED-PRINTABLE", ";CHARSET=SHIFT_JIS",
          ";ENCODING=b", ";PREF=1", ';TYPE="a,b"', ";;", ";=", ";CHARSET=nonsense"]  # fmt: skip
ENDINGS = ["\r\n", "\n", "\r\r\n", "\r"]


@st.composite
def card_lines(draw: st.DrawFn) -> bytes:
    lines = [
        "BEGIN:VCARD",
        draw(st.sampled_from(["VERSION:2.1", "VERSION:3.0", "VERSION:4.0", ""])),
    ]
    for _ in range(draw(st.integers(0, 12))):
        prop = draw(st.sampled_from(PROPERTIES))
        param = draw(st.sampled_from(PARAMS))
        value = draw(st.text(max_size=60))
        lines.append(f"{prop}{param}:{value}")
        if draw(st.booleans()):
            lines.append(" " + draw(st.text(max_size=20)))  # a folded continuation
        if draw(st.integers(0, 10)) == 0:
            lines.append(draw(st.text(max_size=30)))  # garbage
    if draw(st.booleans()):
        lines.append("END:VCARD")
    ending = draw(st.sampled_from(ENDINGS))
    encoding = draw(st.sampled_from(["utf-8", "latin-1", "utf-16"]))
    return ending.join(lines).encode(encoding, "replace")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(card_lines(), min_size=1, max_size=4))
def test_generated_cards_never_crash_the_reader(cards: list[bytes]) -> None:
    data = b"".join(cards)
    try:
        result = read_vcard_bytes(data, "fuzz.vcf")
    except ImportRefused as refused:
        assert "fuzz.vcf" in str(refused)
        return
    for problem in result.problems:
        assert str(problem).startswith("Kort ")
    for contact in result.contacts:
        contact.to_draft()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_are_read_or_refused(data: bytes) -> None:
    try:
        read_vcard_bytes(data, "tilfeldig.vcf")
    except ImportRefused as refused:
        assert "tilfeldig.vcf" in str(refused)
