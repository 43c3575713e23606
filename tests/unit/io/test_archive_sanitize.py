"""The archive's sanitiser: what a public page may keep of a newsletter's stored HTML."""

from __future__ import annotations

from kontakt.io.archive.sanitize import clean_html, text_to_html


def test_scripts_handlers_styles_and_javascript_links_go() -> None:
    cleaned = clean_html(
        "<style>p{color:red}</style><script>alert(1)</script>"
        '<p style="width:600px" onclick="x()" onmouseover="y()">Tekst <b>fet</b></p>'
        '<a href="javascript:alert(1)">Klikk</a> <a href="https://sv.no/">SV</a>'
        '<iframe src="https://x.example"></iframe><form><input name="a"></form>'
    )
    assert cleaned == (
        '<p>Tekst <b>fet</b></p>Klikk <a href="https://sv.no/" rel="noopener noreferrer">SV</a>'
    )


def test_images_keep_no_tracking_token_and_email_only_images_go() -> None:
    cleaned = clean_html(
        '<img src="https://sv.example/logo.png?mottaker=42#x" alt="Logo" width="1">'
        '<img src="cid:logo@kontakt" alt="Logo">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Kart">'
        '<img src="data:text/html;base64,PHNjcmlwdD4=" alt="Lure">'
    )
    assert cleaned == (
        '<img src="https://sv.example/logo.png" alt="Logo">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Kart">'
    )


def test_opt_out_lines_and_links_go_the_rest_stays() -> None:
    cleaned = clean_html(
        "<p>Nytt fra nettverket.</p>"
        '<p>Vil du ikke ha flere e-poster, svar <a href="mailto:n@sv.example?subject=Avmeld">'
        "Avmeld</a>.</p>"
        '<p>Skriv til <a href="mailto:n@sv.example">oss</a>.</p>'
        "<ul><li>Meld deg av her</li></ul>"
    )
    assert cleaned == (
        "<p>Nytt fra nettverket.</p>"
        '<p>Skriv til <a href="mailto:n@sv.example" rel="noopener noreferrer">oss</a>.</p>'
    )


def test_plain_text_becomes_paragraphs_without_signature_or_opt_out() -> None:
    html = text_to_html(
        "Hei!\r\n\r\nFørste linje <b>\nandre linje\n\nSvar «Avmeld» for å slutte.\n"
        "\n-- \nHelsenettverket\n"
    )
    assert html == "<p>Hei!</p>\n<p>Første linje &lt;b&gt;<br>\nandre linje</p>"
