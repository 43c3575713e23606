"""Cheap pickling for the frozen, slotted dataclasses that cross process boundaries.

A big import is planned in worker processes, and every planned row comes back
pickled: a draft, its e-mails, phones and roles, the validated copy, issues.
Python's own pickling of a slotted dataclass looks up the class's fields again
for every object, in ``__getstate__`` and ``__setstate__``; for 50,000 rows
that was two seconds spent unpickling in the window's process. Pickled by
:func:`pickled_by_fields`, an object is its class and its field values, and is
rebuilt by calling the class with them.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any, TypeVar

_C = TypeVar("_C", bound=type[Any])


def pickled_by_fields(cls: _C) -> _C:
    """Class decorator (above ``@dataclass``): pickle instances as ``cls(*field values)``.

    Only for dataclasses whose ``__init__`` takes every field, in order, and
    stores it unchanged (no ``InitVar``, no ``init=False`` field, no
    ``__post_init__`` that changes values).
    """
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} cannot be pickled by its fields")
    values = operator.attrgetter(*(f.name for f in fields))  # one field: not a tuple
    single = len(fields) == 1

    def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, (values(self),) if single else values(self)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010  (mypy: a method set on a class)
    return cls
