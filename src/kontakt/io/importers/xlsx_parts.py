"""Which zip members of an .xlsx hold which worksheet, found the way python-calamine finds them.

An Office Open XML package names its parts freely: the workbook is found
through ``_rels/.rels`` (the ``officeDocument`` relationship), and each sheet
through ``workbook.xml`` and its relationships, so a worksheet may live in
``xl/other/sheet1.xml`` or under any name. python-calamine (0.37) looks the
parts up this way, ignoring case (and ``\\`` against ``/`` in member names):

* the workbook folder is the folder of the ``officeDocument`` target
  (``xl/`` when there is none), holding ``workbook.xml``,
  ``_rels/workbook.xml.rels`` and ``sharedStrings.xml``;
* a sheet's target is taken from the root when it starts with ``/``, else
  under the workbook folder.

Older calamine versions always used ``xl/`` and normalised ``..``; every
reading is kept as a candidate, so the size guard measures whatever part any
of them would load. Only the small parts are kept in memory, at most
:data:`MAX_KEPT_BYTES` in all.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from kontakt.io.importers.safety import corrupt

MAX_KEPT_BYTES = 16 * 1024 * 1024
"""Most bytes of workbook and relationship parts kept in memory for one file."""

_PACKAGE_RELS = "_rels/.rels"
_DEFAULT_FOLDER = "xl/"


def member_key(name: str) -> str:
    """A member name as calamine compares it: ``\\`` as ``/``, lower case."""
    return name.replace("\\", "/").lower()


def is_kept_part(key: str) -> bool:
    """Whether a member (by :func:`member_key`) is a workbook or relationship part to keep."""
    return key == _PACKAGE_RELS or key.endswith(("workbook.xml", "workbook.xml.rels"))


def is_shared_strings(key: str) -> bool:
    """Whether a member may be read as the shared strings table."""
    return key.endswith("sharedstrings.xml")


class PartCollector:
    """Keeps the (small) content of one workbook or relationship part."""

    def __init__(self, path: Path, parts: PackageParts, key: str) -> None:
        self._path = path
        self._parts = parts
        self._key = key
        self._pieces: list[bytes] = []

    def feed(self, data: bytes) -> None:
        """Keep the next piece, refusing a package whose parts are out of proportion."""
        self._parts.kept += len(data)
        if self._parts.kept > MAX_KEPT_BYTES:
            raise corrupt(self._path, "arbeidsbokdelen er unormalt stor")
        self._pieces.append(data)

    def close(self) -> None:
        """Store the part (a second member of the same name is kept beside the first)."""
        self._parts.content.setdefault(self._key, []).append(b"".join(self._pieces))
        self._pieces = []


@dataclass
class PackageParts:
    """The small parts of a package that tell where the sheets are."""

    content: dict[str, list[bytes]] = field(default_factory=dict)
    kept: int = 0

    def folders(self) -> list[str]:
        """The workbook folders to look in: the officeDocument target's folder(s) and ``xl/``."""
        found: list[str] = []
        for relation in self._relations(_PACKAGE_RELS):
            if relation.kind.endswith("/officeDocument"):
                target = relation.target
                folder = target[: target.rfind("/") + 1] if "/" in target else ""
                found.append(member_key(folder.removeprefix("/")))
        found.append(_DEFAULT_FOLDER)
        return list(dict.fromkeys(found))

    def sheet_members(self) -> dict[str, set[str]]:
        """Sheet name -> keys of every member it may be read from.

        Empty when the workbook cannot be understood (then every member is a
        candidate for every sheet).
        """
        sheets: dict[str, set[str]] = {}
        for folder in self.folders():
            targets: dict[str, list[str]] = {}
            for relation in self._relations(folder + "_rels/workbook.xml.rels"):
                targets.setdefault(relation.ident, []).append(relation.target)
            for workbook in self.content.get(folder + "workbook.xml", []):
                for name, ident in _sheets(workbook):
                    for target in targets.get(ident, []):
                        sheets.setdefault(name, set()).update(_candidates(folder, target))
        return sheets

    def shared_strings_members(self) -> set[str]:
        """Keys of the members calamine may read as the shared strings table."""
        return {folder + "sharedstrings.xml" for folder in self.folders()}

    def _relations(self, key: str) -> list[_Relation]:
        found: list[_Relation] = []
        for data in self.content.get(key, []):
            root = _parse(data)
            if root is None:
                continue
            for element in root.iter():
                if element.tag.rpartition("}")[2] == "Relationship":
                    found.append(
                        _Relation(
                            element.get("Id", ""),
                            element.get("Type", ""),
                            element.get("Target", ""),
                        )
                    )
        return found


@dataclass(frozen=True)
class _Relation:
    ident: str
    kind: str
    target: str


def _parse(data: bytes) -> ElementTree.Element | None:
    """Parse a part that passed the DTD check (so the standard library parser is safe on it)."""
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def _sheets(workbook: bytes) -> list[tuple[str, str]]:
    """(name, relationship id) of every ``<sheet>`` in a workbook part."""
    root = _parse(workbook)
    if root is None:
        return []
    found = []
    for element in root.iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        for key, value in element.attrib.items():
            if key.rpartition("}")[2].rpartition(":")[2] == "id":
                found.append((element.get("name", ""), value))
    return found


def _candidates(folder: str, target: str) -> set[str]:
    """Every member key a relationship target may be read from."""
    target = target.replace("\\", "/")
    readings = {target, folder + target, _DEFAULT_FOLDER + target}
    if target.startswith("/"):
        readings.add(target[1:])
    for reading in list(readings):
        readings.add(posixpath.normpath(reading).lstrip("/"))
    return {member_key(reading) for reading in readings}
