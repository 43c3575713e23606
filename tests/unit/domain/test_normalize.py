"""Tests for kontakt.domain.normalize: phone numbers, e-mail addresses and names."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kontakt.domain.normalize import (
    MAX_NAME_LENGTH,
    format_phone,
    normalize_email,
    normalize_name,
    normalize_phone,
)
from kontakt.errors import ValidationError

# -- normalize_phone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "987 65 432",
        "98765432",
        98765432,
        98765432.0,
        "98765432.0",
        "+47 987 65 432",
        "0047 98765432",
        "(+47) 98 76 54 32",
        "+4798765432",
        "987-65-432",
        " 987\u00a065\u00a0432 ",
        "tel:+4798765432",
        "TEL:98765432",
    ],
)
def test_norwegian_phone_numbers(value: str | float) -> None:
    assert normalize_phone(value) == "+4798765432"


def test_landline_number() -> None:
    assert normalize_phone("22 12 34 56") == "+4722123456"


def test_foreign_number_is_kept() -> None:
    assert normalize_phone("+46 70 123 45 67") == "+46701234567"


def test_region_for_numbers_without_country_code() -> None:
    assert normalize_phone("070-123 45 67", region="SE") == "+46701234567"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12", "Ugyldig telefonnummer «12»: for kort."),
        ("12345678", "Ugyldig telefonnummer «12345678»: ikke et gyldig nummer."),
        ("98765abc", "Ugyldig telefonnummer «98765abc»: inneholder bokstaver."),
        ("ring meg", "Ugyldig telefonnummer «ring meg»: inneholder bokstaver."),
        ("+999 1234567", "Ugyldig telefonnummer «+999 1234567»: ukjent landskode."),
    ],
)
def test_invalid_phone_numbers(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)
    assert str(caught.value) == message
    assert caught.value.field == "phone"


@pytest.mark.parametrize("value", ["", "   ", "tel:"])
def test_empty_phone_number(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)
    assert str(caught.value) == "Telefonnummeret er tomt."
    assert caught.value.field == "phone"


@pytest.mark.parametrize("value", [9876.5, 98765432.5, float("nan"), float("inf"), -98765432])
def test_non_integral_or_negative_numbers_are_rejected(value: float) -> None:
    with pytest.raises(ValidationError, match="Ugyldig telefonnummer"):
        normalize_phone(value)


def test_extension_is_rejected() -> None:
    with pytest.raises(ValidationError, match="internnummer"):
        normalize_phone("987 65 432 #12")


# -- format_phone ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+4798765432", "987 65 432"),
        ("+4741234567", "412 34 567"),
        ("+4722123456", "22 12 34 56"),
        ("+4781500000", "815 00 000"),
        ("+46701234567", "+46 70 123 45 67"),
    ],
)
def test_format_phone(e164: str, shown: str) -> None:
    assert format_phone(e164) == shown


@pytest.mark.parametrize("value", ["", "garbage", "+4712", "+", "12"])
def test_format_phone_returns_unparseable_input_unchanged(value: str) -> None:
    assert format_phone(value) == value


# -- normalize_email ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kari.nordmann@example.org", "kari.nordmann@example.org"),
        ("  kari.nordmann@example.org  ", "kari.nordmann@example.org"),
        ("kari .nordmann@ example.org", "kari.nordmann@example.org"),
        ("kari.nordmann@example.org\u00a0", "kari.nordmann@example.org"),
        ("mailto:kari@example.org", "kari@example.org"),
        ("MAILTO:kari@example.org", "kari@example.org"),
        ("MailTo:kari@example.org?subject=Hei", "kari@example.org"),
        ("<kari@example.org>", "kari@example.org"),
        ("<mailto:kari@example.org>", "kari@example.org"),
        ('"kari@example.org"', "kari@example.org"),
        ("'kari@example.org'", "kari@example.org"),
        ("Kari Nordmann <kari@example.org>", "kari@example.org"),
        ("Kari.Nordmann@EXAMPLE.ORG", "Kari.Nordmann@example.org"),
        ("kari@blåbær.no", "kari@blåbær.no"),
    ],
)
def test_valid_emails(value: str, expected: str) -> None:
    assert normalize_email(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("kari", "mangler @."),
        ("kari@", "mangler noe etter @."),
        ("@example.org", "mangler noe foran @."),
        ("kari@example", "domenet mangler punktum"),
        ("kari@exa_mple.org", "domenet inneholder ugyldige tegn."),
        ("kari(x)@example.org", "inneholder ugyldige tegn."),
        ("kari..n@example.org", "to punktum etter hverandre."),
    ],
)
def test_invalid_emails(value: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_email(value)
    message = str(caught.value)
    assert message.startswith(f"Ugyldig e-postadresse «{value}»: ")
    assert reason in message
    assert caught.value.field == "email"


@pytest.mark.parametrize("value", ["", "   ", "mailto:", "<>", '""'])
def test_empty_email(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_email(value)
    assert str(caught.value) == "E-postadressen er tom."
    assert caught.value.field == "email"


# -- normalize_name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Kari   Nordmann ", "Kari Nordmann"),
        ("Kari\u00a0Nordmann", "Kari Nordmann"),
        ("Kari\u00a0\u00a0 Nordmann", "Kari Nordmann"),
        ("Kari\u2009Nordmann", "Kari Nordmann"),
        ("Kari\u202fNordmann", "Kari Nordmann"),
        ("Kari\tNordmann\n", "Kari Nordmann"),
        ("Kari\x00 Nord\x07mann", "Kari Nordmann"),
        ("Kari \x1b Nordmann", "Kari Nordmann"),
        ("Kari\u200bNordmann", "KariNordmann"),
        ("Øystein Ærø-Åsen", "Øystein Ærø-Åsen"),
        (None, ""),
        (42, "42"),
    ],
)
def test_normalize_name(value: object, expected: str) -> None:
    assert normalize_name(value) == expected


def test_name_at_limit_is_accepted() -> None:
    assert normalize_name("a" * MAX_NAME_LENGTH) == "a" * MAX_NAME_LENGTH


def test_name_too_long() -> None:
    assert MAX_NAME_LENGTH == 200
    with pytest.raises(ValidationError, match="for langt: 201 tegn") as caught:
        normalize_name("a" * 201)
    assert caught.value.field == "name"


# -- properties --------------------------------------------------------------------------


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789 +-()./#tel:", max_size=30),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
    )
)
def test_normalize_phone_raises_only_validation_error(value: str | int | float) -> None:
    try:
        result = normalize_phone(value)
    except ValidationError:
        return
    assert result.startswith("+")
    assert result[1:].isdigit()
    assert normalize_phone(result) == result
    assert isinstance(format_phone(result), str)


@given(st.text())
def test_format_phone_never_raises(value: str) -> None:
    assert isinstance(format_phone(value), str)


@given(
    st.one_of(
        st.text(),
        st.emails(),
        st.from_regex(r"\A[ <\"]*(mailto:)?[a-z. ]{0,8}@[a-zæøå. -]{0,12}[>\"]*\Z"),
    )
)
def test_normalize_email_raises_only_validation_error(value: str) -> None:
    try:
        result = normalize_email(value)
    except ValidationError:
        return
    assert "@" in result
    assert normalize_email(result) == result


@settings(max_examples=2000, deadline=None)
@example("WWW@0.AA")  # RFC 2142 names (www, postmaster, ...) are lowered by email-validator
@example("Postmaster@Example.org")
@given(
    st.from_regex(
        r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,70}@[A-Za-z0-9.-]{1,40}\.[A-Za-z]{1,6}", fullmatch=True
    )
)
def test_the_fast_path_for_plain_addresses_agrees_with_email_validator(address: str) -> None:
    from email_validator import EmailNotValidError, validate_email

    from kontakt.domain.normalize import _plain_ascii_address

    fast = _plain_ascii_address(address)
    if fast is None:
        return
    try:
        full = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise AssertionError(f"fast path accepted {address!r}, email-validator: {exc}") from exc
    assert fast == full


def _by_phonenumbers(text: str) -> str | None:
    """What normalize_phone's full way makes of a number: E.164, or None if it is refused."""
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

    try:
        number = phonenumbers.parse(text, "NO")
    except NumberParseException:
        return None
    if number.extension:
        return None
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


@settings(max_examples=3000, deadline=None)
@given(
    prefix=st.sampled_from(["", "+47", "+47 ", "0047", "0047 "]),
    digits=st.text(alphabet="0123456789", min_size=8, max_size=8),
    spaces=st.lists(st.booleans(), min_size=7, max_size=7),
)
def test_the_fast_path_for_plain_norwegian_numbers_agrees_with_phonenumbers(
    prefix: str, digits: str, spaces: list[bool]
) -> None:
    import phonenumbers
    from phonenumbers import PhoneNumberType

    from kontakt.domain.normalize import _plain_norwegian_number

    text = prefix + digits[0]
    text += "".join(
        (" " if space else "") + digit for space, digit in zip(spaces, digits[1:], strict=True)
    )
    fast = _plain_norwegian_number(text)
    full = _by_phonenumbers(text)
    if fast is not None:
        assert fast == full, text
    # Every valid mainland mobile or landline number of this shape takes the fast path
    # (Svalbard's numbers, +47 79, go the full way).
    if full is not None and full.startswith("+47"):
        number = phonenumbers.parse(full)
        kind = phonenumbers.number_type(number)
        if phonenumbers.region_code_for_number(number) == "NO" and kind in (
            PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            assert fast == full, text


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789 +", max_size=16))
def test_the_fast_path_for_norwegian_numbers_accepts_only_what_phonenumbers_accepts(
    text: str,
) -> None:
    from kontakt.domain.normalize import _plain_norwegian_number

    fast = _plain_norwegian_number(text)
    if fast is not None:
        assert fast == _by_phonenumbers(text), text
