"""The contact editor's error bookkeeping: marks follow their rows when one is removed."""

from __future__ import annotations

from kontakt.ui.dialogs.editor_errors import FieldErrors


def test_a_second_reason_is_added_and_a_repeated_one_is_not() -> None:
    errors = FieldErrors()
    errors.add([("emails[0]", "Ugyldig."), ("emails[0]", "For lang."), ("emails[0]", "Ugyldig.")])
    assert list(errors) == [("emails[0]", "Ugyldig. For lang.")]


def test_set_says_whether_anything_changed() -> None:
    errors = FieldErrors()
    assert errors.set("municipality", "Ukjent kommune.")
    assert not errors.set("municipality", "Ukjent kommune.")
    assert errors.set("municipality", None)
    assert not errors.set("municipality", None)
    assert not errors.clear()


def test_removing_a_row_drops_its_marks_and_moves_the_rows_below_up() -> None:
    errors = FieldErrors()
    errors.add(
        [
            ("roles[0].end", "a"),
            ("roles[1].start", "b"),
            ("roles[2].end", "c"),
            ("emails[1]", "d"),
            ("name", "e"),
        ]
    )
    assert errors.row_removed("roles", 1)
    assert list(errors) == [
        ("roles[0].end", "a"),
        ("roles[1].end", "c"),
        ("emails[1]", "d"),
        ("name", "e"),
    ]
    assert not errors.row_removed("phones", 0)
    assert errors.row_removed("emails", 0)
    assert "emails[0]" in errors and "emails[1]" not in errors
    assert errors.names() == ["roles[0].end", "roles[1].end", "emails[0]", "name"]
