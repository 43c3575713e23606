"""`kontakt topics …` and `kontakt labels …`: the vocabulary, kept clean.

kontakt topics|labels list [--json]
kontakt topics|labels rename OLD NEW
kontakt topics|labels merge FROM INTO
kontakt topics|labels delete NAME [--yes]
kontakt topics|labels undo [CHANGE_ID]
kontakt topics synonyms NAME [--set WORD ...]

Each change prints its number; ``undo`` without a number takes back the
newest change of that kind not yet undone.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, print_table
from kontakt.errors import NotFoundError, ValidationError
from kontakt.services.vocabulary import WORDS, NameTakenError

_GROUPS = {"topics": "topic", "labels": "label"}


def add_vocabulary_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``topics`` and ``labels`` commands."""
    for command, kind in _GROUPS.items():
        the, word, _ = WORDS[kind]
        group = sub.add_parser(command, help=f"gi nytt navn, slå sammen eller slett {word}")
        actions = group.add_subparsers(dest="action", metavar="HANDLING", required=True)
        listing = actions.add_parser("list", help=f"hvert {word} med antall kontakter")
        listing.add_argument("--json", action="store_true", help="skriv én JSON-liste")
        rename = actions.add_parser("rename", help=f"gi {the} nytt navn")
        rename.add_argument("old", metavar="GAMMELT")
        rename.add_argument("new", metavar="NYTT")
        merge = actions.add_parser("merge", help=f"flytt kontaktene fra ett {word} til et annet")
        merge.add_argument("source", metavar="FRA")
        merge.add_argument("target", metavar="INN_I")
        delete = actions.add_parser("delete", help=f"slett {the}")
        delete.add_argument("name", metavar="NAVN")
        delete.add_argument("--yes", action="store_true", help="ikke spør først")
        undo = actions.add_parser("undo", help="angre en endring (den siste om ingen er gitt)")
        undo.add_argument("change_id", metavar="ENDRING", type=int, nargs="?")
        if kind == "topic":
            synonyms = actions.add_parser("synonyms", help="vis eller sett temaets synonymer")
            synonyms.add_argument("name", metavar="TEMA")
            synonyms.add_argument(
                "--set", nargs="*", metavar="ORD", dest="words", help="disse ordene og ingen andre"
            )


def run_vocabulary(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt topics …`` / ``kontakt labels …``."""
    kind = _GROUPS[args.command]
    vocabulary = core.vocabulary
    if args.action == "list":
        return _list(core, kind, args.json, out)
    if args.action == "synonyms":
        if args.words is not None:
            core.synonyms.set_synonyms(args.name, args.words)
        words = core.synonyms.synonyms(args.name)
        out.write(", ".join(words) + "\n" if words else "(ingen synonymer)\n")
        return 0
    if args.action == "undo":
        return _undo(core, kind, args.change_id, out)
    if args.action == "rename":
        usage = vocabulary.usage(kind, args.old)
        try:
            change = vocabulary.rename(kind, args.old, args.new)
        except NameTakenError as exc:
            raise ValidationError(
                f"{exc} Bruk «kontakt {args.command} merge {_quoted(exc.name)} "
                f"{_quoted(exc.existing)}»."
            ) from exc
        out.write(f"«{usage.name}» heter nå «{args.new.strip()}».")
    elif args.action == "merge":
        usage = vocabulary.usage(kind, args.source)
        change = vocabulary.merge(kind, args.source, args.target)
        out.write(f"«{usage.name}» er slått sammen med «{args.target.strip()}» "
                  f"({usage.contacts} kontakter).")  # fmt: skip
    else:
        usage = vocabulary.usage(kind, args.name)
        question = f"Slette {WORDS[kind][0]} «{usage.name}» fra {usage.contacts} kontakter?"
        if usage.searches:
            question += f" Lagrede søk som endres: {', '.join(usage.searches)}."
        if not args.yes:
            if not sys.stdin.isatty():
                raise ValidationError(f"{question} Ingenting slettet: bruk --yes for å slette.")
            if input(f"{question} [j/N] ").strip().casefold() not in ("j", "ja", "y", "yes"):
                out.write("Ingenting slettet.\n")
                return 0
        change = vocabulary.delete(kind, args.name)
        out.write(f"Slettet {WORDS[kind][0]} «{usage.name}» ({usage.contacts} kontakter).")
    if usage.searches:
        out.write(f" Lagrede søk som er endret: {', '.join(usage.searches)}.")
    out.write(f" Angre: kontakt {args.command} undo {change}\n")
    return 0


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _list(core: Core, kind: str, as_json: bool, out: TextIO) -> int:
    rows = core.vocabulary.names(kind)
    synonyms = core.synonyms.all() if kind == "topic" else {}
    if as_json:
        data: list[dict[str, object]] = []
        for name, count in rows:
            item: dict[str, object] = {"name": name, "count": count}
            if kind == "topic":
                item["synonyms"] = synonyms.get(name, [])
            data.append(item)
        dump_json(data, out)
        return 0
    header = ["Navn", "Kontakter"] + (["Synonymer"] if kind == "topic" else [])
    table = [header]
    for name, count in rows:
        extra = [", ".join(synonyms.get(name, []))] if kind == "topic" else []
        table.append([name, str(count), *extra])
    print_table(table, out)
    return 0


def _undo(core: Core, kind: str, change_id: int | None, out: TextIO) -> int:
    if change_id is None:
        pending = [c for c in core.vocabulary.changes(kind) if c.undone_at is None]
        if not pending:
            raise NotFoundError("Ingen endring å angre.")
        change_id = pending[0].id
    else:
        known = {c.id for c in core.vocabulary.changes(kind)}
        if change_id not in known:
            raise NotFoundError(f"Ukjent endring {change_id} for {WORDS[kind][1]}.")
    out.write(core.vocabulary.undo(change_id) + "\n")
    return 0
