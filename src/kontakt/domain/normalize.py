"""Normalisation of phone numbers, e-mail addresses and names as people type them.

Phone numbers are stored in E.164 form (``+4798765432``) and shown with
:func:`format_phone`. E-mail addresses are checked for syntax only (no DNS look-up).
Every function raises :class:`~kontakt.errors.ValidationError` with a Norwegian message
that names the rejected value.
"""

from __future__ import annotations

import math
import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from kontakt.domain.control_chars import drop_controls
from kontakt.domain.text import clean, is_tidy
from kontakt.errors import ValidationError

__all__ = [
    "MAX_NAME_LENGTH",
    "format_phone",
    "normalize_email",
    "normalize_name",
    "normalize_phone",
]

MAX_NAME_LENGTH = 200
"""Longest name :func:`normalize_name` accepts, in characters."""

_NORWAY = 47
_TEL_PREFIX = re.compile(r"^tel:", re.IGNORECASE)
_MAILTO_PREFIX = re.compile(r"^mailto:", re.IGNORECASE)
_SPREADSHEET_FLOAT = re.compile(r"^(\+?\d+)\.0+$")
_ANGLE_ADDRESS = re.compile(r"<([^<>]*@[^<>]*)>\s*$")
_QUOTE_PAIRS = (("<", ">"), ('"', '"'), ("'", "'"), ("«", "»"), ("“", "”"), ("‘", "’"))

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "ukjent landskode.",
    NumberParseException.NOT_A_NUMBER: "ikke et telefonnummer.",
    NumberParseException.TOO_SHORT_AFTER_IDD: "for kort.",
    NumberParseException.TOO_SHORT_NSN: "for kort.",
    NumberParseException.TOO_LONG: "for langt.",
}
_POSSIBLE_REASONS = {
    ValidationResult.INVALID_COUNTRY_CODE: "ukjent landskode.",
    ValidationResult.TOO_SHORT: "for kort.",
    ValidationResult.TOO_LONG: "for langt.",
    ValidationResult.INVALID_LENGTH: "feil antall sifre.",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "for kort.",
}

# (words in email-validator's English message, Norwegian reason); first match wins.
_EMAIL_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("full-width",), "bruker et feil @-tegn."),
    (("small commercial at",), "bruker et feil @-tegn."),
    (("must have an @-sign",), "mangler @."),
    (("something before the @-sign",), "mangler noe foran @."),
    (("something after the @-sign",), "mangler noe etter @."),
    (("too long",), "adressen er for lang."),
    (("should have a period",), "domenet mangler punktum (f.eks. «.no»)."),
    (("top-level domain",), "ugyldig toppdomene."),
    (("special-use or reserved",), "domenet er reservert og kan ikke brukes til e-post."),
    (("two periods in a row",), "to punktum etter hverandre."),
    (("period and a hyphen",), "punktum og bindestrek ved siden av hverandre."),
    (("period",), "punktum på feil sted."),
    (("hyphen",), "bindestrek på feil sted."),
    (("quot",), "anførselstegn er ikke tillatt."),
    (("after the @-sign", "invalid character"), "domenet inneholder ugyldige tegn."),
    (("invalid character",), "inneholder ugyldige tegn."),
    (("unsafe character",), "inneholder ugyldige tegn."),
    (("not valid ascii",), "inneholder ugyldige tegn."),
    (("internationalized characters",), "inneholder ugyldige tegn."),
    (("after the @-sign",), "ugyldig domene."),
    (("idna",), "ugyldig domene."),
)
_EMAIL_FALLBACK = "ikke en gyldig e-postadresse."


def _shown(value: object) -> str:
    """Return a value for an error message: one line, no control characters, at most 60 chars."""
    text = clean(str(value))
    return text if len(text) <= 60 else text[:59] + "…"


def _phone_error(shown: str, reason: str) -> ValidationError:
    """Build the error for a rejected phone number."""
    return ValidationError(f"Ugyldig telefonnummer «{shown}»: {reason}", field="phone")


def _phone_text(value: str | int | float) -> str:
    """Turn a phone number from a form or spreadsheet into text.

    Args:
        value: Text, an integer or an integral float such as ``98765432.0``.

    Returns:
        The cleaned text, without a ``tel:`` prefix.

    Raises:
        ValidationError: If the value is a bool, a negative number or a non-integral float.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _phone_error(_shown(value), "ikke et telefonnummer.")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or value < 0:
            raise _phone_error(_shown(value), "ikke et helt tall.")
        return str(int(value))
    if isinstance(value, int):
        if value < 0:
            raise _phone_error(_shown(value), "ikke et telefonnummer.")
        return str(value)
    text = _TEL_PREFIX.sub("", clean(value)).strip()
    match = _SPREADSHEET_FLOAT.match(text)
    return match.group(1) if match else text


def normalize_phone(value: str | int | float, region: str = "NO") -> str:
    """Return a phone number in E.164 form.

    Args:
        value: The number as typed or read from a spreadsheet: ``"987 65 432"``,
            ``98765432``, ``98765432.0``, ``"+47 987 65 432"``, ``"0047 98765432"``,
            ``"(+47) 98 76 54 32"``, ``"tel:+4798765432"`` or a foreign number with
            its country code (``"+46 70 123 45 67"``).
        region: Region (ISO 3166 code) for numbers without a country code.

    Returns:
        The number in E.164 form, e.g. ``"+4798765432"``.

    Raises:
        ValidationError: If the value is empty, contains letters, is not a whole number,
            has an extension, or is not a valid number (field ``"phone"``).
    """
    text = _phone_text(value)
    if not text:
        raise ValidationError("Telefonnummeret er tomt.", field="phone")
    if region == "NO":
        plain = _plain_norwegian_number(text)
        if plain is not None:
            return plain
    shown = _shown(text)
    if any(ch.isalpha() for ch in text):
        raise _phone_error(shown, "inneholder bokstaver.")
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        raise _phone_error(
            shown, _PARSE_REASONS.get(error.error_type, "ikke et telefonnummer.")
        ) from None
    if number.extension:
        raise _phone_error(shown, "internnummer kan ikke lagres.")
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != ValidationResult.IS_POSSIBLE:
        raise _phone_error(shown, _POSSIBLE_REASONS.get(possible, "ikke et gyldig nummer."))
    if not phonenumbers.is_valid_number(number):
        raise _phone_error(shown, "ikke et gyldig nummer.")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def international_phone(e164: str) -> str:
    """A stored number written for address books abroad-proof: ``"+47 987 65 432"``.

    Norwegian numbers keep their Norwegian grouping after ``+47``; others are
    in international form; the input unchanged if it is not a valid number.
    """
    shown = format_phone(e164)
    if shown.startswith("+") or shown == e164:
        return shown
    return f"+47 {shown}"


# A plain Norwegian mobile or landline number ("98765432", "987 65 432",
# "+47 98 76 54 32", "004798765432"): parsing and checking it with phonenumbers
# costs ~40 µs, two seconds for a 50,000-row import. Here its eight digits are
# checked against phonenumbers' own patterns for Norway (leading digits, length,
# mobile or fixed-line range), which is what phonenumbers' validity check comes
# down to for such a number. Anything else goes the full way. A property test
# checks that every number this accepts, phonenumbers accepts alike.
_PLAIN_NORWEGIAN = re.compile(r"(?:\+47|0047)? ?([0-9](?: ?[0-9]){7})")


def _norwegian_ranges() -> tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """(leading digits, general pattern, mobile and fixed-line patterns) of Norway's metadata.

    No ranges (so no fast path at all) if the metadata ever stops describing
    eight-digit numbers the way this relies on.
    """
    nothing = re.compile("(?!)")
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("NO")
    general = metadata.general_desc if metadata is not None else None
    if metadata is None or general is None or 8 not in general.possible_length:
        return nothing, nothing, ()
    ranges = tuple(
        re.compile(desc.national_number_pattern)
        for desc in (metadata.mobile, metadata.fixed_line)
        if desc is not None
        and desc.national_number_pattern
        and 8 in (desc.possible_length or general.possible_length)
    )
    leading = re.compile(metadata.leading_digits or "")
    return leading, re.compile(general.national_number_pattern or "(?!)"), ranges


_NO_LEADING, _NO_GENERAL, _NO_RANGES = _norwegian_ranges()


def _plain_norwegian_number(text: str) -> str | None:
    """The E.164 form of a plain, valid Norwegian number, else None (then parse it in full)."""
    match = _PLAIN_NORWEGIAN.fullmatch(text)
    if match is None:
        return None
    digits = match.group(1).replace(" ", "")
    if not (_NO_LEADING.match(digits) and _NO_GENERAL.fullmatch(digits)):
        return None
    if not any(pattern.fullmatch(digits) for pattern in _NO_RANGES):
        return None
    return "+47" + digits


def format_phone(e164: str) -> str:
    """Return a phone number for display; never raises.

    Args:
        e164: A number as stored, e.g. ``"+4798765432"``.

    Returns:
        Norwegian numbers in national form (mobile ``"987 65 432"``, landline
        ``"22 12 34 56"``, service ``"815 00 000"``), others in international
        form (``"+46 70 123 45 67"``); the input unchanged if it is not a valid number.
    """
    try:
        number = phonenumbers.parse(e164, "NO")
    except (NumberParseException, TypeError, ValueError):
        return e164
    if not phonenumbers.is_valid_number(number):
        return e164
    if number.country_code == _NORWAY:
        national = phonenumbers.national_significant_number(number)
        if len(national) == 8 and national[0] in "49":
            # Mobile numbers are written 3-2-3 in Norway; phonenumbers gives 2-2-2-2.
            return f"{national[:3]} {national[3:5]} {national[5:]}"
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def _unwrap(text: str) -> str:
    """Remove surrounding angle brackets and quotes, repeatedly."""
    changed = True
    while changed:
        changed = False
        for start, end in _QUOTE_PAIRS:
            if len(text) >= 2 and text.startswith(start) and text.endswith(end):
                text = text[len(start) : -len(end)].strip()
                changed = True
    return text


def _email_reason(message: str) -> str:
    """Translate an email-validator message to a short Norwegian reason."""
    lowered = message.lower()
    for words, reason in _EMAIL_REASONS:
        if all(word in lowered for word in words):
            return reason
    return _EMAIL_FALLBACK


# An ordinary ASCII address (dot-atom local part, letters-only top-level domain,
# no IDNA labels): email-validator would accept it unchanged but for the domain's
# case, and checking it in full costs ~20 µs, a second for a 50,000-row import.
# A test checks that every address this accepts, email-validator accepts alike.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_PLAIN_ADDRESS = re.compile(
    rf"(?P<local>{_ATEXT}+(?:\.{_ATEXT}+)*)@"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)
_RESERVED_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
_CASE_INSENSITIVE_MAILBOXES = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)


def _plain_ascii_address(text: str) -> str | None:
    """The normalised address if ``text`` is an ordinary ASCII address, else None."""
    match = _PLAIN_ADDRESS.fullmatch(text)
    if match is None:
        return None
    local, domain = match.group("local"), match.group("domain").lower()
    if len(local) > 64 or len(domain) > 253 or "--" in domain:
        return None
    if local.lower() in _CASE_INSENSITIVE_MAILBOXES:  # RFC 2142: email-validator lowers these
        return None
    if domain.rsplit(".", 1)[1] in _RESERVED_TLDS:
        return None
    return f"{local}@{domain}"


def normalize_email(value: str) -> str:
    """Return a checked e-mail address with the domain in lower case.

    Whitespace anywhere (``"kari .nordmann@ example.org"``), a ``mailto:`` prefix in any
    case, surrounding ``<>`` or quotes and a display name (``"Kari <kari@example.org>"``)
    are removed. The local part is kept as given. No DNS look-up is done.

    Args:
        value: The address as typed or pasted.

    Returns:
        The normalised address, e.g. ``"Kari.Nordmann@example.org"``.

    Raises:
        ValidationError: If the value is empty or not a valid address (field ``"email"``).
    """
    text = drop_controls(str(value)).strip()
    angle = _ANGLE_ADDRESS.search(text)
    if angle and not text.startswith("<"):
        text = angle.group(1)
    text = "".join(text.split())
    text = _unwrap(text)
    if _MAILTO_PREFIX.match(text):
        text = _unwrap(_MAILTO_PREFIX.sub("", text).split("?", 1)[0])
    if not text:
        raise ValidationError("E-postadressen er tom.", field="email")
    fast = _plain_ascii_address(text)
    if fast is not None:
        return fast
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationError(
            f"Ugyldig e-postadresse «{_shown(value)}»: {_email_reason(str(error))}",
            field="email",
        ) from None
    return result.normalized


def normalize_name(value: object) -> str:
    """Return a name trimmed, with single spaces and without control characters.

    Args:
        value: The name as typed or read (``None`` gives ``""``). Runs of whitespace,
            including no-break and thin spaces, become one space.

    Returns:
        The cleaned name.

    Raises:
        ValidationError: If the name is longer than :data:`MAX_NAME_LENGTH` characters
            (field ``"name"``).
    """
    if value is None:
        return ""
    text = str(value)
    if not is_tidy(text):  # a tidy text has no control or invisible character
        text = clean(text)
    if len(text) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"Navnet «{_shown(text)}» er for langt: {len(text)} tegn (høyst {MAX_NAME_LENGTH}).",
            field="name",
        )
    return text
