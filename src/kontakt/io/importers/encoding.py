"""Which encoding a CSV file's bytes are in, and how sure the guess is.

In order:

- the user's choice (the wizard's «Tegnkoding», ``kontakt import --encoding``);
- a byte-order mark (UTF-8, UTF-16 as old Gmail exports wrote, UTF-32);
- UTF-16 without a mark, recognised by its zero bytes;
- UTF-8, if the bytes are valid UTF-8;
- UTF-8 with a few stray bytes (a cell pasted from an older program): the
  file stays UTF-8, so every «Ø» stays «Ø», and each stray byte is read as
  Windows-1252, with a note naming the lines;
- charset-normalizer's guess when it is a multi-byte encoding (Shift_JIS,
  GB18030 ...);
- else the code page Norwegian files come in (Windows-1252, which reads
  Latin-1 files the same for every letter, Mac OS Roman, DOS 865) that makes
  the most æ, ø and å of the bytes, the other non-ASCII characters being
  Western letters. charset-normalizer's own ranking is not used for these:
  on a short list it prefers Central European code pages («Kĺre Řdegĺrd»
  for «Kåre Ødegård»);
- else the detector's guess, uncertain.

A guess that could well be wrong is marked uncertain: the wizard shows it
beside the sample rows with a choice, the command line warns.
"""

from __future__ import annotations

import codecs
import contextlib
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.utils import is_multi_byte_encoding

# Python codec name -> what the user is shown (the wizard's choices, in this order).
ENCODINGS = {
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (Vest-Europa, Latin-1)",
    "mac_roman": "Mac OS Roman",
    "cp865": "DOS nordisk (865)",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "shift_jis": "Shift_JIS (japansk)",
    "iso-8859-15": "ISO-8859-15 (Latin-9)",
}

# Non-ASCII letters a Norwegian contact list holds (names from all of Europe).
_LIKELY_LETTERS = frozenset("æøåÆØÅéÉèÈêÊëüÜöÖäÄóÓòáÁàâíìîïúùûñÑçÇßšŠžŽčČłŁśńőűãõýÿ")
_NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")
_NORWEGIAN_CODE_PAGES = ("cp1252", "mac_roman", "cp865")
_SAMPLE_BYTES = 1 << 20
_MAX_STRAY = 200
_SURE = 0.95
_FITS = 0.8


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and how it was read.

    Attributes:
        text: The text, without a byte-order mark.
        encoding: The Python codec it was read with, e.g. ``"cp1252"``.
        certain: False when the encoding was guessed and another is quite possible.
        stray_lines: For a UTF-8 file with bytes that are not UTF-8: the lines
            (1-based) where they are.
    """

    text: str
    encoding: str
    certain: bool = True
    stray_lines: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """The encoding as the user is shown it."""
        return encoding_label(self.encoding)


def encoding_label(name: str) -> str:
    """«Windows-1252 (Vest-Europa, Latin-1)» for ``"cp1252"``; other codecs by their name."""
    try:
        key = codecs.lookup(name).name
    except LookupError:
        return name
    for codec, label in ENCODINGS.items():
        if codecs.lookup(codec).name == key:
            return label
    return name


def known_encoding(name: str) -> bool:
    """Whether Python can decode with this codec name (``"latin-1"``, ``"cp1252"`` ...)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return getattr(info, "_is_text_encoding", True)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a CSV file's bytes (see the module docstring for the order of the checks).

    Args:
        data: The whole file.
        encoding: The user's choice (a Python codec name), or None to guess.
    """
    if encoding:
        text = data.decode(encoding, errors="replace")
        return Decoded(text.removeprefix("\ufeff"), codecs.lookup(encoding).name)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            skip = len(bom) if codec == "utf-8" else 0
            return Decoded(data[skip:].decode(codec, errors="replace"), codec)
    wide = _utf16_without_mark(data[:4096])
    if wide:
        return Decoded(data.decode(wide, errors="replace"), wide)
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: the guesses below
        return Decoded(data.decode("utf-8"), "utf-8")
    return _mostly_utf8(data) or _code_page(data)


def _utf16_without_mark(sample: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when every other byte is mostly zero (Latin text in UTF-16)."""
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if zeros_odd > half * 0.4 and zeros_even < half * 0.05:
        return "utf-16-le"
    if zeros_even > half * 0.4 and zeros_odd < half * 0.05:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes read as Windows-1252, or None if it is not mostly UTF-8."""
    parts: list[str] = []
    stray: list[int] = []
    position = 0
    while True:
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            start, end = position + exc.start, position + exc.end
            parts.append(data[position:start].decode("utf-8"))
            parts.append(data[start:end].decode("cp1252", errors="replace"))
            stray.append(start)
            position = end
            if len(stray) > _MAX_STRAY:
                return None
    good = sum(1 for part in parts[::2] for ch in part if ord(ch) > 127)
    if good < len(stray):
        return None  # more stray than UTF-8: a file in a code page
    lines = tuple(sorted({data.count(b"\n", 0, offset) + 1 for offset in stray}))
    return Decoded("".join(parts), "utf-8", True, lines)


def _letter_share(text: str) -> tuple[int, float, int]:
    """How many æøå, the share of likely letters among the non-ASCII characters that
    are not punctuation, and how many characters that was."""
    norwegian = good = bad = 0
    for ch in text:
        if ord(ch) < 128:
            continue
        if ch in _NORWEGIAN_LETTERS:
            norwegian += 1
            good += 1
        elif ch in _LIKELY_LETTERS:
            good += 1
        elif ch == "\ufffd" or not unicodedata.category(ch).startswith(("P", "Z", "S")):
            bad += 1
    seen = good + bad
    return norwegian, (good / seen if seen else 0.0), seen


def _code_page(data: bytes) -> Decoded:
    """The detector's guess when it is a multi-byte encoding (Shift_JIS ...), else the
    code page that makes Norwegian letters of the bytes."""
    sample = data[:_SAMPLE_BYTES]
    results = from_bytes(sample)
    guess = results.best()
    if guess is not None and is_multi_byte_encoding(guess.encoding):
        others = [r for r in results if r.encoding != guess.encoding]
        certain = guess.chaos < 0.1 and all(r.chaos - guess.chaos >= 0.1 for r in others)
        codec = codecs.lookup(guess.encoding).name
        return Decoded(data.decode(codec, errors="replace"), codec, certain)
    scores = {
        cp: _letter_share(sample.decode(cp, errors="replace")) for cp in _NORWEGIAN_CODE_PAGES
    }
    best = max(_NORWEGIAN_CODE_PAGES, key=lambda cp: scores[cp][:2])
    norwegian, share, seen = scores[best]
    if seen and share >= _FITS:
        rivals = [
            cp
            for cp in _NORWEGIAN_CODE_PAGES
            if cp != best
            and scores[cp][1] >= _FITS
            and (scores[cp][0] * 2 > norwegian or not norwegian)
        ]
        certain = share >= _SURE and not rivals
        return Decoded(data.decode(best, errors="replace"), best, certain)
    if guess is None:
        return Decoded(data.decode("cp1252", errors="replace"), "cp1252", False)
    codec = codecs.lookup(guess.encoding).name
    return Decoded(data.decode(codec, errors="replace"), codec, False)
