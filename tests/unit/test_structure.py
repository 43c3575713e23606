"""The house rules of DESIGN.md, checked on the source: a small package root, layers
that import one way, and no import cycle.

Imports are read with ``ast``, not by importing: a rule broken in a module no
test happens to import is still found.

- The root of ``src/kontakt`` holds at most eight modules; a group of modules
  that belong together is a package (``cli/``, ``selfcheck/``), not a prefix.
- Nothing in the core (domain/, storage/, io/, services/) imports the wiring
  (``kontakt.app``), the command line, the self-check, the window or Qt, not
  even inside a function or for type checking only.
- No import cycle among Kontakt's modules at import time: the imports a module
  runs when it is loaded (not those inside functions or under ``TYPE_CHECKING``),
  including the packages Python loads on the way to a submodule. Nor one held
  apart only by importing inside a function (the self-check once was): a
  function-level import is for start-up time or an optional library, not for
  hiding a cycle.
- Contacts and the records kept about their changes (e-mails, phones, roles,
  audit entries, import batches and changes) are made only in storage (the
  contact repository, the audit log, the import batches): no module above it
  builds those rows or bulk-inserts.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import kontakt

SRC = Path(kontakt.__file__).parent
ROOT_LIMIT = 8
CORE = ("domain", "storage", "io", "services")
ABOVE_THE_CORE = ("kontakt.app", "kontakt.cli", "kontakt.selfcheck", "kontakt.ui")
QT = ("PySide6", "shiboken6")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(name: str, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` in module ``name`` names (relative ones resolved)."""
    if node.level == 0:
        return node.module or ""
    package = name if _is_package(name) else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _imported(name: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement loads: ``from kontakt.cli import docs`` loads
    the submodule ``kontakt.cli.docs``; ``from kontakt.app import Core`` the module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _absolute(name, node)
    found = []
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        found.append(sub if sub in MODULES else base)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module is loaded: at module level, also inside module-level
    ``if``/``try``/``with`` blocks, but not in functions, classes' methods or
    ``if TYPE_CHECKING:``."""
    for stmt in body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            yield stmt
        elif isinstance(stmt, ast.If):
            if not _is_type_checking(stmt.test):
                yield from _load_time_imports(stmt.body)
            yield from _load_time_imports(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for block in (stmt.body, stmt.orelse, stmt.finalbody):
                yield from _load_time_imports(block)
            for handler in stmt.handlers:
                yield from _load_time_imports(handler.body)
        elif isinstance(stmt, ast.With | ast.ClassDef):
            yield from _load_time_imports(stmt.body)


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"), str(MODULES[name]))


def _load_time_graph() -> dict[str, set[str]]:
    """Module -> the Kontakt modules loading it loads first (directly)."""
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        edges: set[str] = set()
        for node in _load_time_imports(_tree(name).body):
            for target in _imported(name, node):
                if target not in MODULES:
                    continue
                edges.add(target)
                # Python loads each package on the way, unless this module is inside it
                # (then the package is being loaded already).
                parts = target.split(".")
                for i in range(1, len(parts)):
                    package = ".".join(parts[:i])
                    if not (name == package or name.startswith(package + ".")):
                        edges.add(package)
        edges.discard(name)
        graph[name] = edges
    return graph


def _whole_graph() -> dict[str, set[str]]:
    """Module -> the Kontakt modules it imports anywhere (in functions too), apart
    from ``if TYPE_CHECKING:`` blocks."""
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        tree = _tree(name)
        for_types = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and _is_type_checking(node.test)
            for inner in ast.walk(node)
        }
        graph[name] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in for_types
            for target in _imported(name, node)
            if target in MODULES and target != name
        }
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_root_holds_at_most_eight_modules() -> None:
    root = sorted(p.name for p in SRC.glob("*.py"))
    assert len(root) <= ROOT_LIMIT, root


def test_the_core_imports_neither_the_wiring_nor_the_command_line_nor_qt() -> None:
    broken = []
    for name, path in MODULES.items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in CORE:
            continue
        for node in ast.walk(_tree(name)):  # in functions and TYPE_CHECKING blocks too
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [_absolute(name, node)]
            )
            for target in names:
                if target.startswith(QT) or any(
                    target == above or target.startswith(above + ".") for above in ABOVE_THE_CORE
                ):
                    broken.append(f"{path.relative_to(SRC)}:{node.lineno} imports {target}")
    assert broken == []


def test_no_import_cycle_when_modules_load() -> None:
    assert _cycles(_load_time_graph()) == []


def test_no_import_cycle_held_apart_by_imports_in_functions() -> None:
    assert _cycles(_whole_graph()) == []


def test_the_rules_find_what_they_are_meant_to_find() -> None:
    # The cycle finder and the import reader, on the shapes they must recognise.
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    code = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "import x\n"
        "if TYPE_CHECKING:\n    import y\n"
        "try:\n    import z\nexcept ImportError:\n    import w\n"
        "def f():\n    import v\n"
    )
    loaded = [n.names[0].name for n in _load_time_imports(code.body) if isinstance(n, ast.Import)]
    assert loaded == ["x", "z", "w"]
    # A submodule named in «from package import name» is that submodule.
    node = ast.parse("from kontakt.cli import docs").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _imported("kontakt.cli.main", node) == ["kontakt.cli.docs"]
    relative = ast.parse("from .common import print_table").body[0]
    assert isinstance(relative, ast.ImportFrom)
    assert _imported("kontakt.cli.docs", relative) == ["kontakt.cli.common"]


# The ORM rows only storage/ makes, and storage's bulk insert.
STORED_BY_STORAGE = frozenset(
    {"Contact", "ContactEmail", "ContactPhone", "Role", "AuditEntry", "ImportBatch", "ImportChange"}
)


def _rows_made(tree: ast.Module) -> list[str]:
    """The storage-only rows a module constructs, and its uses of the bulk insert."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in STORED_BY_STORAGE or name == "insert_tuples":
                found.append(name)
    return found


def test_contacts_and_their_records_are_made_only_in_storage() -> None:
    made = {
        name: rows
        for path in sorted(SRC.rglob("*.py"))
        if not (name := _module_name(path)).startswith("kontakt.storage")
        and (rows := _rows_made(_tree(name)))
    }
    assert made == {}
    assert _rows_made(ast.parse("Contact(uid=u)\nx.insert_tuples(s)\nContactList()")) == [
        "Contact",
        "insert_tuples",
    ]
