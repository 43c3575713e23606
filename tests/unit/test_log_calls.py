"""No logging call in Kontakt's code hands the log a name, an address, a subject or a file name.

The log masks e-mail addresses and phone numbers, but a person's name cannot be
recognised in free text: the code must not pass one. This reads every
``log.…(…)``/``logger.…(…)`` call in src/ and refuses a message that is not a
plain string (an f-string would carry values past the masking) and arguments
whose names say they hold personal data or a path. It is a guard against the
obvious, not a proof: tests/e2e/test_log_file.py reads a real log after an
import and a backup.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import kontakt

SRC = Path(kontakt.__file__).parent
LEVELS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
LOGGERS = {"log", "logger", "_log", "logging"}
SUSPICIOUS = re.compile(
    r"name|mail|phone|telefon|subject|emne|path|file|fil$|title|tittel|address|adresse|"
    r"person|contact|kontakt|recipient|mottaker|body|description",
    re.IGNORECASE,
)
HARMLESS_ATTRIBUTES = {"__name__", "__qualname__", "__module__"}
# An exception formatted with %s is its text (a file name, a value): pass it as
# exc_info=, which the log writes as frames, type and codes.
EXCEPTION = re.compile(r"^(e|ex|exc|err|error|exception)$")


def _logging_calls(tree: ast.AST) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LEVELS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in LOGGERS
        ):
            calls.append(node)
    return calls


def _suspicious(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Attribute) and node.attr in HARMLESS_ATTRIBUTES:
        return []  # type(exc).__name__: a class name
    found = []
    if isinstance(node, ast.Name) and (SUSPICIOUS.search(node.id) or EXCEPTION.match(node.id)):
        found.append(node.id)
    elif isinstance(node, ast.Attribute) and SUSPICIOUS.search(node.attr):
        found.append(node.attr)
    for child in ast.iter_child_nodes(node):
        found += _suspicious(child)
    return found


def problems() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for call in _logging_calls(tree):
            where = f"{path.relative_to(SRC)}:{call.lineno}"
            level = call.func.attr if isinstance(call.func, ast.Attribute) else ""
            args = call.args[1:] if level == "log" else call.args
            if not args:
                continue
            message, values = args[0], args[1:]
            if not (isinstance(message, ast.Constant) and isinstance(message.value, str)):
                found.append(f"{where}: the message is not a plain string")
            for value in values:
                found += [f"{where}: passes {name}" for name in _suspicious(value)]
    return found


def test_the_check_finds_what_it_looks_for() -> None:
    tree = ast.parse(
        "log.info('sent to %s', contact.email)\n"
        "logger.warning(f'{name} failed')\n"
        "log.info('backup: %s', made_path)\n"
        "log.info('%s reached', type(exc).__name__)\n"
        "log.warning('not migrated: %s', exc)\n"
    )
    found = []
    for call in _logging_calls(tree):
        message, values = call.args[0], call.args[1:]
        if not isinstance(message, ast.Constant):
            found.append("f-string")
        for value in values:
            found += _suspicious(value)
    assert sorted(found) == ["contact", "email", "exc", "f-string", "made_path"]


def test_no_logging_call_passes_personal_data_or_a_file_name() -> None:
    calls = sum(len(_logging_calls(ast.parse(p.read_text("utf-8")))) for p in SRC.rglob("*.py"))
    assert calls >= 5  # the check reads the real calls
    assert problems() == []
