"""Markdown to a newsletter's HTML and plain text: safe, styled inline, merge fields kept."""

from __future__ import annotations

import pytest

from kontakt.domain.templating import render
from kontakt.errors import KontaktError
from kontakt.io.newsletter_html import newsletter_parts

VALUES = {
    "fornavn": "Åse <b>",
    "etternavn": "Ødegård",
    "kommune": "Bergen",
    "fylke": "Vestland",
    "verv": "",
    "organisasjon": "",
}


def parts(markdown: str) -> tuple[str, str, list[str]]:
    p = newsletter_parts("Emne", markdown, "", "")
    return p.html, p.text, p.removed


def test_merge_fields_survive_both_parts_and_literal_braces_stay_literal() -> None:
    html, text, _ = parts(
        "Hei **{fornavn}** i {kommune}: skriv {{svar}} [her](https://x.no/s?k={kommune})"
    )
    merged_html, merged_text = render(html, VALUES, as_html=True), render(text, VALUES)
    assert "<strong>Åse &lt;b&gt;</strong> i Bergen: skriv {svar}" in merged_html
    assert 'href="https://x.no/s?k=Bergen"' in merged_html
    assert merged_text.startswith(
        "Hei Åse <b> i Bergen: skriv {svar} her (https://x.no/s?k=Bergen)"
    )


def test_scripts_handlers_and_javascript_links_are_removed_and_named() -> None:
    html, text, removed = parts(
        '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n'
        '<a href="javascript:alert(3)">lenke</a> <iframe src="https://evil.example"></iframe>'
    )
    lowered = html.lower()
    for bad in ("<script", "onerror", "javascript:", "<iframe", "alert(1)"):
        assert bad not in lowered
    assert removed == [
        "<script>-element",
        "hendelsesattributtet onerror",
        "javascript:-lenke",
        "<iframe>-element",
    ]
    assert "alert" not in text


def test_nothing_is_reported_when_nothing_is_removed() -> None:
    _, _, removed = parts("# Overskrift\n\nEn [lenke](mailto:a@example.no) og *kursiv*.")
    assert removed == []


def test_a_remote_image_is_only_a_link_and_a_local_one_is_shown_by_cid() -> None:
    p = newsletter_parts(
        "E", "![Logo](https://cdn.example.no/pixel.gif) ![Kart](bilder/kart.png)", "", ""
    )
    assert "<img" in p.html and 'src="https://cdn.example.no' not in p.html
    assert 'href="https://cdn.example.no/pixel.gif"' in p.html
    assert [i.source for i in p.images] == ["bilder/kart.png"]
    assert f'src="cid:{p.images[0].content_id}"' in p.html
    assert "[Bilde: Logo] (https://cdn.example.no/pixel.gif)" in p.text
    assert "[Bilde: Kart]" in p.text


def test_styles_are_inline_and_the_page_fits_a_phone() -> None:
    html, _, _ = parts("# Tittel\n\nTekst med ![bilde](b.png)")
    assert "<style" not in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "max-width: 600px" in html and "width: 100%" in html
    assert "max-width: 100%;height: auto" in html  # images never wider than the phone
    assert html.startswith("<!DOCTYPE html>")


def test_the_plain_text_keeps_headings_lists_quotes_and_links() -> None:
    _, text, _ = parts(
        "# Januar\n\n## Nytt\n\n1. én\n2. to\n\n- a\n- b\n\n> sitat\n\n"
        "[Les mer](https://sv.no/helse) eller <https://sv.no>"
    )
    assert "Januar\n======\n\nNytt\n----\n\n1. én\n2. to\n\n- a\n- b\n\n> sitat" in text
    assert "Les mer (https://sv.no/helse) eller https://sv.no" in text


def test_html_nested_too_deep_is_refused_before_it_can_crash_the_inliner() -> None:
    # 30,000 nested <div> made css-inline overflow its stack and kill the process.
    with pytest.raises(KontaktError, match="nestet 30000 nivåer dypt; Kontakt godtar høyst 100"):
        parts("<div>" * 30000)
    html, _, _ = parts("<div>" * 50 + "innerst")  # deep enough for any real layout
    assert "innerst" in html


def test_pathological_markdown_finishes_quickly_and_stays_text() -> None:
    for source in (">" * 50000 + " x", "[" * 50000, "*a" * 50000):
        html, text, _ = parts(source)
        assert html.startswith("<!DOCTYPE html>") and text
