"""Names of topics, labels and lists inside a saved search's stored filter.

A saved search keeps its :class:`~kontakt.domain.records.ContactFilter` as
JSON (:func:`~kontakt.domain.contact_state.filter_to_dict`). When a topic,
label or list is renamed, merged or deleted, the searches that name it are
rewritten here, on the JSON itself: a key may hold one name (``list_name``,
``label``) or several (``topics``, ``labels``), and keys this module does not
know are left as they are.
"""

from __future__ import annotations

import copy
from typing import Any

from kontakt.domain.text import fold

__all__ = ["names_in", "remove_name", "rename_name"]

# The filter keys that name each kind (one name or a list of names); «labels» is
# the several-labels filter of issue 21.
KEYS: dict[str, tuple[str, ...]] = {
    "topic": ("topics",),
    "label": ("label", "labels"),
    "list": ("list_name",),
}


def names_in(data: dict[str, Any], kind: str) -> list[str]:
    """The names of this kind (``topic``, ``label``, ``list``) the filter holds."""
    found: list[str] = []
    for key in KEYS.get(kind, ()):
        value = data.get(key)
        if isinstance(value, str) and value:
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, str) and v)
    return found


def rename_name(data: dict[str, Any], kind: str, old: str, new: str) -> dict[str, Any]:
    """A copy of the filter with ``old`` (any case) called ``new``; a list that
    then names ``new`` twice keeps it once (a merge)."""
    result = copy.deepcopy(data)
    old_key = fold(old)
    for key in KEYS.get(kind, ()):
        value = result.get(key)
        if isinstance(value, str) and fold(value) == old_key:
            result[key] = new
        elif isinstance(value, list):
            seen: set[str] = set()
            renamed: list[Any] = []
            for v in value:
                name = new if isinstance(v, str) and fold(v) == old_key else v
                k = fold(name) if isinstance(name, str) else ""
                if k and k in seen:
                    continue
                seen.add(k)
                renamed.append(name)
            result[key] = renamed
    return result


def remove_name(data: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    """A copy of the filter without ``name`` (any case): it no longer narrows by it."""
    result = copy.deepcopy(data)
    gone = fold(name)
    for key in KEYS.get(kind, ()):
        value = result.get(key)
        if isinstance(value, str) and fold(value) == gone:
            del result[key]
        elif isinstance(value, list):
            kept = [v for v in value if not (isinstance(v, str) and fold(v) == gone)]
            if kept:
                result[key] = kept
            else:
                del result[key]
    return result
