"""«Innsyn» as a readable PDF: everything stored about one person, in plain Norwegian.

Made from the same data as the JSON export (PrivacyService.export_person),
laid out as HTML in a QTextDocument and printed with QPdfWriter (A4).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QTextDocument

from kontakt.domain.wording import field_label, yes_no
from kontakt.ui.printing.pdf_page import a4_pdf, ensure_gui, without_ligatures

FIELDS = (
    "given_name",
    "family_name",
    "emails",
    "phones",
    "organisation",
    "title",
    "municipality",
    "county",
    "party",
    "topics",
    "labels",
    "roles",
    "notes",
    "consent_basis",
    "consent_date",
    "consent_source",
    "opted_out",
    "last_confirmed",
    "created_at",
    "updated_at",
    "uid",
)
"""The person's fields in the order they are printed, labelled from the wording table."""
SECTIONS = (
    ("lister", "Lister"),
    ("historikk", "Historikk"),
    ("utsendinger", "E-poster sendt"),
    ("arrangementer", "Arrangementer"),
    ("endringslogg", "Endringslogg"),
    ("importer", "Importer"),
)


def _text(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "–"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str | int | float):
        return html.escape(str(value))
    return html.escape(json.dumps(value, ensure_ascii=False))


def person_html(data: dict[str, Any]) -> str:
    """The export as an HTML page."""
    person = data["person"]
    name = f"{person.get('given_name', '')} {person.get('family_name', '')}".strip()
    parts = [
        f"<h1>Innsyn: {html.escape(name)}</h1>",
        f"<p>Utskrevet {html.escape(data['eksportert'][:10])} "
        f"av {html.escape(data['program'])}.</p>",
        f"<p><b>Formål:</b> {html.escape(data['formål'])}</p>",
        f"<p><b>Oppbevaring:</b> {html.escape(data['oppbevaring'])}</p>",
        "<h2>Opplysninger</h2><table cellspacing='0' cellpadding='3' border='1'>",
    ]
    # The export keeps the basis, its date and source together under "consent".
    fields = {**person, **{f"consent_{k}": v for k, v in (person.get("consent") or {}).items()}}
    for key in FIELDS:
        if key in fields:
            label = field_label(key)
            parts.append(f"<tr><td><b>{label}</b></td><td>{_text(fields[key])}</td></tr>")
    parts.append("</table>")
    for key, title in SECTIONS:
        items = data.get(key) or []
        parts.append(f"<h2>{title} ({len(items)})</h2>")
        if not items:
            parts.append("<p>Ingen.</p>")
            continue
        parts.append("<ul>")
        parts.extend(
            "<li>" + "; ".join(f"{k}: {_text(v)}" for k, v in item.items()) + "</li>"
            for item in items
        )
        parts.append("</ul>")
    return "\n".join(parts)


def write_person_pdf(data: dict[str, Any], target: Path) -> None:
    """Write the readable report to ``target`` (atomically)."""
    ensure_gui()
    document = QTextDocument()
    document.setDefaultFont(without_ligatures(document.defaultFont()))
    document.setHtml(person_html(data))
    with a4_pdf(target, "Innsyn", margin_mm=18) as writer:
        document.print_(writer)
