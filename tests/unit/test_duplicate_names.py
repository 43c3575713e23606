"""Similar names in one municipality: the same pairs with numpy's cdist and without it
(the Windows build has no numpy; its finder compares one name at a time)."""

from __future__ import annotations

import pytest

from kontakt.services.duplicates import evidence

NAMES = [
    "kari nordmann", "kari nordman", "kari nordmannen", "ola hansen", "ola hanssen",
    "ingrid kristiansen", "ingrid kristiansenn", "per", "pål", "anne-lise berg",
    "anne lise berg", "siv", "kari nordmann",
]  # fmt: skip


def test_without_numpy_the_same_pairs_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    queries = sorted(set(NAMES))
    with_numpy = set(evidence.similar_names(queries, queries))
    assert ("kari nordmann", "kari nordman") in with_numpy
    assert ("ola hansen", "ola hanssen") in with_numpy
    monkeypatch.setattr(evidence, "_numpy", lambda: None)
    assert set(evidence.similar_names(queries, queries)) == with_numpy
