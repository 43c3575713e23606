"""mailto: links split to fit mail programs' limits."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from kontakt.domain.mailto import mailto_links


def addresses_in(link: str) -> list[str]:
    query = parse_qs(urlsplit(link).query)
    return [unquote(a) for a in query["bcc"][0].split(",")]


def test_many_addresses_are_split_into_links_that_fit() -> None:
    addresses = [f"person.nummer{i}@eksempel.no" for i in range(300)]
    links = mailto_links(addresses, "Møte i nettverket", max_length=500)
    assert len(links) > 1
    assert all(len(link) <= 500 for link in links)
    assert [a for link in links for a in addresses_in(link)] == addresses
    assert all("subject=M%C3%B8te%20i%20nettverket" in link for link in links)


def test_duplicates_and_blanks_are_dropped() -> None:
    (link,) = mailto_links(["a@x.no", " ", "a@x.no", "b+tag@x.no"])
    assert addresses_in(link) == ["a@x.no", "b+tag@x.no"]
    assert mailto_links([]) == []


def test_an_address_that_cannot_fit_is_an_error() -> None:
    with pytest.raises(ValueError, match="for lang"):
        mailto_links(["x" * 600 + "@x.no"], max_length=100)
