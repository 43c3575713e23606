"""A Markdown newsletter: making both parts once, then each recipient's message.

``compose`` parses the Markdown (markdown-it-py), sanitises the HTML (nh3)
and inlines the CSS (css-inline) once per newsletter; each recipient's
message then merges the fields into both parts and is serialised with its
inline image. Both beside the pace (30 messages a minute by default).

    .venv/bin/python bench/bench_newsletter.py [--n 1000] [--sections 60]
"""

from __future__ import annotations

import argparse
import resource
import time

from kontakt.domain.templating import FIELDS
from kontakt.services.outreach.message import Sender, build_message, inline_image
from kontakt.services.outreach.newsletter import compose

PARAGRAPH = (
    "Hei {fornavn}! Her er **nytt fra nettverket** om *fødetilbud* og fastlegekrisen, "
    "med [høringssvaret](https://example.no/horing) og innspill fra {kommune}.\n\n"
)


def source(sections: int) -> str:
    """A long newsletter: ``sections`` headed sections of three paragraphs and a list."""
    return "# Nyhetsbrev\n\n" + "".join(
        f"## Sak {i}\n\n" + PARAGRAPH * 3 + "- ett punkt\n- et punkt til\n\n"
        for i in range(sections)
    )


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--sections", type=int, default=60)
    args = parser.parse_args()
    markdown = source(args.sections)
    start = time.perf_counter()
    letter = compose("Nyhetsbrev for {fornavn}", markdown)
    made = time.perf_counter() - start
    image = inline_image("kart.png", b"\x89PNG" + b"\0" * 200_000, "image/png", "kart@bench")
    draft = letter.draft
    draft = type(draft)(draft.subject, draft.body, draft.html, (image,), draft.markdown)
    sender = Sender("SV helse", "nettverk@example.no")
    values = dict.fromkeys(FIELDS, "") | {"kommune": "Bergen"}
    start = time.perf_counter()
    size = 0
    for i in range(args.n):
        values["fornavn"] = f"Person{i}"
        msg = build_message(draft, sender, f"Person{i}", f"p{i}@example.no", values, f"<{i}@b>")
        size = len(msg.as_bytes())
    each = (time.perf_counter() - start) / args.n * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Markdown {len(markdown.encode()):,} bytes -> HTML {len(draft.html):,} bytes, "
          f"text {len(draft.body):,} bytes: made in {made * 1000:.0f} ms")  # fmt: skip
    print(f"per recipient's message ({size:,} bytes with a 200 KB image): {each:.1f} ms")
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
