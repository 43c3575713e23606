"""Dialogs receive the services they use; only the main window and start-up code see the core.
Sending mail is set up in one place, the outbox.

Read from the source (ast), so an import inside a function or under
TYPE_CHECKING counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kontakt
import kontakt.ui

UI = Path(kontakt.ui.__file__).parent
SRC = Path(kontakt.__file__).parent
OUTREACH = SRC / "services" / "outreach"
# What sets up sending: the saved settings, the keyring password, the connection.
SENDING_SET_UP = {
    "kontakt.services.outreach.settings": {
        "load_settings", "save_settings", "get_password", "set_password",
    },
    "kontakt.services.outreach.smtp": {"SmtpConnection"},
}  # fmt: skip
# The self-check sends to a throwaway server of its own, with no settings or password.
MAY_CONNECT = {"selfcheck/outreach.py"}

# The modules that may hold the whole core, and why.
MAY_SEE_THE_CORE = {
    "main_window.py": "the main window",
    "window_dialogs.py": "opens the main window's dialogs, handing each its services",
    "window_session.py": "start-up: shows a core in a window, and another one after «Database …»",
    "launch.py": "start-up: opens the database",
    "dialogs/database_dialog.py": "opens another database and hands its core to the session",
    "selfcheck_window.py": "--self-check opens the main window on a core",
}


def _ui_modules() -> dict[str, ast.Module]:
    return {
        path.relative_to(UI).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(UI.rglob("*.py"))
    }


def _sees_the_core(tree: ast.Module) -> list[str]:
    """Where a module gets hold of ``kontakt.app.Core`` or takes a parameter named core."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "kontakt.app":
            if any(alias.name in ("Core", "*") for alias in node.names):
                found.append(f"line {node.lineno}: from kontakt.app import Core")
        elif isinstance(node, ast.Import):
            if any(alias.name == "kontakt.app" for alias in node.names):
                found.append(f"line {node.lineno}: import kontakt.app")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
                if arg.arg == "core":
                    found.append(f"line {node.lineno}: {node.name}(core)")
    return found


def test_no_dialog_or_widget_takes_the_whole_core() -> None:
    seen = {name: where for name, tree in _ui_modules().items() if (where := _sees_the_core(tree))}
    assert "main_window.py" in seen  # the check finds what is there
    unexpected = {name: where for name, where in seen.items() if name not in MAY_SEE_THE_CORE}
    assert not unexpected, f"pass these the services they use instead: {unexpected}"


def test_the_check_catches_each_way_of_reaching_the_core() -> None:
    for source in (
        "from kontakt.app import Core",
        "from kontakt.app import open_core, Core as C",
        "import kontakt.app",
        "if TYPE_CHECKING:\n    from kontakt.app import Core",
        "def f():\n    from kontakt.app import Core",
        "class D:\n    def __init__(self, core, parent=None): ...",
    ):
        assert _sees_the_core(ast.parse(source)), source
    assert not _sees_the_core(ast.parse("from kontakt.app import open_core"))
    assert not _sees_the_core(ast.parse("def f(catalog, outbox): ..."))


def _sets_up_sending(tree: ast.Module) -> list[str]:
    return [
        f"line {node.lineno}: {name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in SENDING_SET_UP
        for name in (alias.name for alias in node.names)
        if name in SENDING_SET_UP[node.module] or name == "*"
    ]


def test_only_the_outbox_sets_up_sending() -> None:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if path.is_relative_to(OUTREACH) or name in MAY_CONNECT:
            continue
        if where := _sets_up_sending(ast.parse(path.read_text(encoding="utf-8"))):
            found[name] = where
    assert not found, f"send through the outbox (services/outreach/outbox.py) instead: {found}"
    outbox = ast.parse((OUTREACH / "outbox.py").read_text(encoding="utf-8"))
    assert _sets_up_sending(outbox)  # the check finds what is there
