"""Which Windows wheels the installer build still lacks (used by packaging/windows/build.sh).

The build fetches Windows wheels on Linux with ``pip download --platform
win_amd64``, but pip evaluates environment markers for the machine it runs
on: a requirement such as ``pywin32-ctypes; sys_platform == "win32"``
(keyring's Windows backend, PyInstaller's resource code) is skipped, and
``jeepney; sys_platform == "linux"`` fetched in vain. This script walks the
requirement tree through the downloaded wheels' metadata with the markers of
64-bit CPython 3.11 on Windows and prints each requirement that no wheel in
the folder satisfies, one a line, for the next ``pip download``; nothing when
the folder is complete.

Usage:
    python win_requirements.py top PYPROJECT      Kontakt's requirements + the bundle extra
    python win_requirements.py missing PYPROJECT WHEEL_DIR
"""

from __future__ import annotations

import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

WINDOWS = {
    **default_environment(),
    "os_name": "nt",
    "sys_platform": "win32",
    "platform_system": "Windows",
    "platform_machine": "AMD64",
    "platform_release": "10",
    "platform_version": "10.0.19045",
    "python_version": "3.11",
    "python_full_version": "3.11.9",
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "platform_python_implementation": "CPython",
}


def top_requirements(pyproject: Path) -> list[str]:
    """Kontakt's dependencies and its ``bundle`` extra (PyInstaller), as written."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["bundle"]]


def applies(req: Requirement, extras: frozenset[str]) -> bool:
    """True if ``req`` is needed on Windows when its parent was asked for ``extras``."""
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**WINDOWS, "extra": e}) for e in (extras or {""}))


def wheels_by_name(folder: Path) -> dict[str, list[tuple[Version, Path]]]:
    """The wheels in ``folder`` by canonical project name, newest first."""
    found: dict[str, list[tuple[Version, Path]]] = {}
    for wheel in folder.glob("*.whl"):
        name, version, _build, _tags = parse_wheel_filename(wheel.name)
        found.setdefault(canonicalize_name(name), []).append((version, wheel))
    for versions in found.values():
        versions.sort(reverse=True)
    return found


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """The ``Requires-Dist`` lines of a wheel's metadata."""
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        headers = Parser().parsestr(zf.read(meta).decode("utf-8"), headersonly=True)
    return [Requirement(line) for line in headers.get_all("Requires-Dist") or []]


def missing(top: list[str], folder: Path) -> list[str]:
    """Requirements (with their version specifiers) that no wheel in ``folder`` meets."""
    wheels = wheels_by_name(folder)
    todo = [(Requirement(line), frozenset[str]()) for line in top]
    seen: set[tuple[str, frozenset[str]]] = set()
    absent: dict[str, set[str]] = {}
    while todo:
        req, parent_extras = todo.pop()
        if not applies(req, parent_extras):
            continue
        name = canonicalize_name(req.name)
        extras = frozenset(req.extras)
        match = next(
            (w for v, w in wheels.get(name, []) if req.specifier.contains(v, prereleases=True)),
            None,
        )
        if match is None:
            absent.setdefault(name, set()).update(str(s) for s in req.specifier)
            continue
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        todo += [(sub, extras) for sub in wheel_requirements(match)]
    return [f"{name}{','.join(sorted(specs))}" for name, specs in sorted(absent.items())]


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "top":
        print("\n".join(top_requirements(Path(argv[1]))))
        return 0
    if len(argv) == 3 and argv[0] == "missing":
        lines = missing(top_requirements(Path(argv[1])), Path(argv[2]))
        if lines:
            print("\n".join(lines))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
