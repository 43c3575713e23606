"""Merge fields in e-mail subjects and bodies: «Hei {fornavn}!».

The fields are fixed and Norwegian. A template is checked before anything
is sent: an unknown field or a stray brace is an error that names it. Write
``{{`` and ``}}`` for a literal brace. In HTML bodies the merged values are
escaped.
"""

from __future__ import annotations

import html
import string

from kontakt.domain.exporting import roles_text
from kontakt.domain.records import ContactRow
from kontakt.domain.wording import field_label
from kontakt.errors import ValidationError

FIELDS: dict[str, str] = {
    "fornavn": field_label("given_name"),
    "etternavn": field_label("family_name"),
    "kommune": field_label("municipality"),
    "fylke": field_label("county"),
    "verv": f"{field_label('roles')} (alle, med organ)",
    "organisasjon": field_label("organisation"),
}
_FORMATTER = string.Formatter()


def template_fields(text: str, where: str = "teksten") -> list[str]:
    """The merge fields a template uses, in order of first use.

    Raises:
        ValidationError: A field that does not exist, a format like ``{fornavn:>10}``,
            or an unmatched brace; the message names it and where it is.
    """
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise ValidationError(
            f"Feil i {where}: en krøllparentes står alene ({exc}). "
            "Skriv {{ eller }} for en krøllparentes i teksten.",
            "template",
        ) from exc
    used: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            known = ", ".join("{" + f + "}" for f in FIELDS)
            shown = "{" + (name or "") + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            raise ValidationError(
                f"Ukjent flettefelt {shown} i {where}. Kjente felt: {known}.", "template"
            )
        if name not in used:
            used.append(name)
    return used


def merge_values(row: ContactRow) -> dict[str, str]:
    """The values of the merge fields for one contact."""
    return {
        "fornavn": row.given_name,
        "etternavn": row.family_name,
        "kommune": row.municipality.name if row.municipality else "",
        "fylke": row.county.name if row.county else "",
        "verv": roles_text(row) or row.title,
        "organisasjon": row.organisation,
    }


def render(text: str, values: dict[str, str], as_html: bool = False) -> str:
    """The template with the values merged in (HTML-escaped for an HTML body).

    Raises:
        ValidationError: As :func:`template_fields`.
    """
    template_fields(text)
    if as_html:
        values = {k: html.escape(v) for k, v in values.items()}
    return text.format_map(values)
