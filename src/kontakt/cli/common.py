"""What the command line prints of user data: names, file names, titles, subjects.

Every command that prints stored or user-given text goes through these, so a
control character in a name or an idébank file name (ESC starts a terminal
escape sequence) is shown as a visible escape such as ``\\x1b`` instead of
acting on the terminal, and a table row stays one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TextIO

from kontakt.domain.control_chars import for_terminal, for_terminal_lines

__all__ = ["dump_json", "for_terminal", "for_terminal_lines", "print_table"]

# What JSON leaves raw in a string (it escapes only C0 controls, quote and
# backslash) that a terminal would still act on; outside strings json.dumps
# writes ASCII only, so escaping these everywhere keeps the JSON valid and equal.
# Lone surrogates (from a name that was not UTF-8) could not be printed at all.
_JSON_RAW = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]"
)


def print_table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Left-aligned columns, two spaces apart; the first row is the header."""
    shown = [[for_terminal(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in shown) for i in range(len(shown[0]))]
    for r in shown:
        out.write(
            "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() + "\n"
        )


def dump_json(data: object, out: TextIO) -> None:
    """``data`` as indented JSON (non-ASCII letters kept), then a newline."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    out.write(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
