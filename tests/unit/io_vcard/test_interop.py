"""The vCard reader on real files from other address books (../shared/interop/vcards).

The files are read where they are, through the ``interop_dir`` fixture; they
are never copied into the repository (their licences differ). PROVENANCE.md
there says where each comes from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from kontakt.domain.records import EmailData, EmailKind, PhoneData, PhoneKind
from kontakt.io.vcard import Repair, VCardContact, VCardFile, read_vcard_file

# file -> (cards in the file, cards read, what the repair pre-pass had to deal with)
FILES: dict[str, tuple[int, int, set[Repair]]] = {
    "android-2.1-qp-cardme.vcf": (6, 6, {Repair.BINARY, Repair.QUOTED_PRINTABLE}),
    "android-2.1-utf8-qp-chinese-radicale1238.vcf": (1, 1, {Repair.QUOTED_PRINTABLE}),
    "android-aosp-2.1-complicated-qp-photo.vcf": (
        1,
        1,
        {Repair.BINARY, Repair.QUOTED_PRINTABLE},
    ),
    "android-aosp-2.1-shiftjis-qp.vcf": (
        1,
        1,
        {Repair.BINARY, Repair.CHARSET, Repair.QUOTED_PRINTABLE},
    ),
    "android-aosp-2.1-x-android-custom-photo.vcf": (1, 1, {Repair.BINARY}),
    "android-aosp-3.0-comma-separated.vcf": (1, 1, set()),
    "android-aosp-4.0-sort-as.vcf": (1, 1, set()),
    "apple-ios5-3.0-photo-cardme.vcf": (1, 1, {Repair.BINARY, Repair.LINE_ENDS}),
    "apple-ios613-3.0-crcrlf-photo.vcf": (1, 1, {Repair.BINARY, Repair.LINE_ENDS}),
    "apple-macos-addressbook-3.0-cardme.vcf": (1, 1, {Repair.BINARY}),
    "blackberry-2.1-cardme.vcf": (1, 1, {Repair.BINARY}),
    "broken-android-aosp-2.1-comment-lines.vcf": (
        1,
        1,
        {Repair.COMMENT_LINES, Repair.QUOTED_PRINTABLE},
    ),
    "broken-android-aosp-2.1-malformed-photo.vcf": (1, 1, {Repair.BINARY}),
    "broken-android-aosp-no-version-x-android-custom.vcf": (1, 0, {Repair.NO_VERSION}),
    "broken-khard-4.0-missing-end.vcf": (1, 0, set()),
    "broken-sogo-connector-3.0-no-fn.vcf": (1, 1, set()),
    "davx5-vcard4android-3.0-allfields.vcf": (1, 1, {Repair.BINARY}),
    "edge-3.0-photo-b-with-data-uri-radicale.vcf": (1, 1, {Repair.BINARY}),
    "evolution-3.0-cardme.vcf": (1, 1, set()),
    "ezvcard-issue114-4.0.vcf": (1, 1, set()),
    "fullcontact-4.0.vcf": (1, 1, {Repair.BINARY}),
    "google-gmail-3.0-cardme.vcf": (1, 1, {Repair.UNESCAPED}),
    "google-gmail-3.0-list.vcf": (3, 3, set()),
    "google-gmail-3.0-single.vcf": (1, 1, set()),
    "google-gmail-3.0-single2.vcf": (1, 1, set()),
    "khard-4.0-korean.vcf": (1, 1, set()),
    "khard-4.0-photo-data-uri.vcf": (1, 1, {Repair.BINARY}),
    "lotus-notes-via-apple-3.0-cardme.vcf": (1, 1, {Repair.BINARY}),
    "nextcloud-contacts-4.2-4.0-multiple.vcf": (7, 7, set()),
    "outlook-2.1-cardme.vcf": (1, 1, {Repair.BINARY, Repair.QUOTED_PRINTABLE}),
    "outlook-2003-2.1.vcf": (1, 1, {Repair.BINARY, Repair.QUOTED_PRINTABLE}),
    "outlook-2007-2.1-photo.vcf": (1, 1, {Repair.BINARY, Repair.QUOTED_PRINTABLE}),
    "rfc2426-example-3.0.vcf": (2, 2, set()),
    "rfc6350-example-4.0.vcf": (1, 1, {Repair.BINARY}),
    "thunderbird-export-2.1-lowercase-qp.vcf": (
        2,
        2,
        {Repair.LOWERCASE, Repair.QUOTED_PRINTABLE},
    ),
    "thunderbird-mfffab-3.0-photo.vcf": (1, 1, {Repair.BINARY}),
    "windows-mobile65-2.1.vcf": (1, 1, set()),
}

# Files vobject cannot read at all on its own (with the reason), all read here.
VOBJECT_ALONE_FAILS = {
    "android-2.1-qp-cardme.vcf": "quoted-printable soft line breaks",
    "android-2.1-utf8-qp-chinese-radicale1238.vcf": "quoted-printable soft line break",
    "android-aosp-2.1-complicated-qp-photo.vcf": "quoted-printable soft line breaks",
    "android-aosp-2.1-shiftjis-qp.vcf": "Shift-JIS bytes, not UTF-8",
    "apple-ios5-3.0-photo-cardme.vcf": "CR CR LF line ends inside the PHOTO",
    "apple-ios613-3.0-crcrlf-photo.vcf": "CR CR LF line ends inside the PHOTO",
    "broken-android-aosp-2.1-comment-lines.vcf": "# comment lines",
    "broken-khard-4.0-missing-end.vcf": "no END:VCARD",
    "edge-3.0-photo-b-with-data-uri-radicale.vcf": "PHOTO;ENCODING=b holding a data: URI",
    "lotus-notes-via-apple-3.0-cardme.vcf": "PROFILE:VCard",
    "outlook-2.1-cardme.vcf": "quoted-printable soft line breaks in LABEL",
    "outlook-2003-2.1.vcf": "quoted-printable soft line breaks",
    "outlook-2007-2.1-photo.vcf": "quoted-printable soft line breaks",
}


def vcards(interop_dir: Path) -> Path:
    return interop_dir / "vcards"


def read(interop_dir: Path, name: str) -> VCardFile:
    return read_vcard_file(vcards(interop_dir) / name)


def one(interop_dir: Path, name: str) -> VCardContact:
    result = read(interop_dir, name)
    assert len(result.contacts) == 1
    return result.contacts[0]


def test_every_file_is_covered(interop_dir: Path) -> None:
    assert sorted(p.name for p in vcards(interop_dir).glob("*.vcf")) == sorted(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_file_reads(interop_dir: Path, name: str) -> None:
    cards, read_cards, repairs = FILES[name]
    result = read(interop_dir, name)
    assert result.name == name
    assert result.cards == cards
    assert len(result.contacts) == read_cards
    assert [c.card for c in result.contacts] == sorted({c.card for c in result.contacts})
    found: set[Repair] = set()
    for contact in result.contacts:
        found |= contact.repairs
        # Whatever the file, a card that is read gives the importer something to go on.
        assert contact.given_name or contact.family_name or contact.emails
        for value in (contact.given_name, contact.family_name, contact.organisation):
            assert value == value.strip()
            assert "\ufffd" not in value and "\\" not in value
        assert all(e.address and " " not in e.address for e in contact.emails)
        assert all(p.number for p in contact.phones)
        assert sum(e.primary for e in contact.emails) <= 1
        assert sum(p.primary for p in contact.phones) <= 1
    if read_cards == cards:
        assert found == repairs
    skipped = [p for p in result.problems if p.skipped]
    assert len(skipped) == cards - read_cards
    for problem in result.problems:
        assert problem.message.startswith(f"Kort {problem.card} (linje {problem.line}): ")


@pytest.mark.parametrize("name", sorted(VOBJECT_ALONE_FAILS))
def test_vobject_alone_fails_where_the_repairs_are_needed(interop_dir: Path, name: str) -> None:
    data = (vcards(interop_dir) / name).read_bytes()
    with pytest.raises(Exception):  # noqa: B017 - any failure: decoding, parsing, base64
        for _ in vobject.readComponents(data.decode("utf-8")):
            pass
    assert read(interop_dir, name).contacts or name.startswith("broken-khard")


# -- broken files: the broken card is reported ------------------------------------------------


def test_broken_missing_end(interop_dir: Path) -> None:
    result = read(interop_dir, "broken-khard-4.0-missing-end.vcf")
    assert result.contacts == ()
    assert [(p.message, p.skipped) for p in result.problems] == [
        ("Kort 1 (linje 1): mangler END:VCARD – hoppet over", True)
    ]


def test_broken_comment_lines(interop_dir: Path) -> None:
    result = read(interop_dir, "broken-android-aosp-2.1-comment-lines.vcf")
    (contact,) = result.contacts
    assert contact.uid == "357"
    assert (contact.given_name, contact.family_name) == ("Conference Call", "")
    # The '#' after a quoted-printable soft line break is part of the value.
    assert contact.note == (
        "This is an (sharp ->#<- sharp) example. This message must NOT be ignored."
    )
    assert [p.message for p in result.problems] == [
        "Kort 1 (linje 6): linje 6 og 9 er ikke vCard-data og ble ignorert"
    ]


def test_broken_no_version_and_nothing_to_import(interop_dir: Path) -> None:
    result = read(interop_dir, "broken-android-aosp-no-version-x-android-custom.vcf")
    assert result.contacts == ()
    assert [p.message for p in result.problems] == [
        "Kort 1 (linje 1): har verken navn, e-post eller telefon – hoppet over"
    ]


def test_broken_no_name(interop_dir: Path) -> None:
    result = read(interop_dir, "broken-sogo-connector-3.0-no-fn.vcf")
    (contact,) = result.contacts
    assert contact.emails == (EmailData("test-misses-N-or-FN@example.com", EmailKind.JOBB),)
    assert contact.uid == "C68582D2-2E60-0001-C2C0-000000000000.vcf"
    assert [p.message for p in result.problems] == [
        "Kort 1 (linje 1): mangler navn (verken N eller FN)"
    ]


def test_broken_malformed_photo_is_never_decoded(interop_dir: Path) -> None:
    result = read(interop_dir, "broken-android-aosp-2.1-malformed-photo.vcf")
    (contact,) = result.contacts
    assert (contact.family_name, contact.formatted_name) == ("name", "fullname")
    assert result.problems == ()


# -- character sets and quoted-printable -------------------------------------------------------


def test_chinese_quoted_printable(interop_dir: Path) -> None:
    contact = one(interop_dir, "android-2.1-utf8-qp-chinese-radicale1238.vcf")
    assert (contact.family_name, contact.given_name) == ("黄", "世勇")
    assert contact.formatted_name == "黄世勇"
    assert contact.uid == "vcard-quoted-printable1"


def test_shift_jis(interop_dir: Path) -> None:
    contact = one(interop_dir, "android-aosp-2.1-shiftjis-qp.vcf")
    assert (contact.family_name, contact.given_name) == ("安藤", "ロイド1")
    assert contact.formatted_name == "安藤 ロイド 1"
    assert contact.note == "メモ"  # CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE


def test_korean(interop_dir: Path) -> None:
    contact = one(interop_dir, "khard-4.0-korean.vcf")
    assert contact.formatted_name == "최유림"
    assert (contact.given_name, contact.family_name) == ("최유림", "")


def test_japanese_40_sort_as(interop_dir: Path) -> None:
    contact = one(interop_dir, "android-aosp-4.0-sort-as.vcf")
    assert (contact.family_name, contact.given_name) == ("安藤", "ロイド")
    assert (contact.organisation, contact.departments) == ("グーグル", ("検索部門",))


def test_quoted_printable_lines_join(interop_dir: Path) -> None:
    contact = one(interop_dir, "android-aosp-2.1-complicated-qp-photo.vcf")
    assert contact.note == (
        "The following note is the example from RFC 2045.\n\n"
        "Now's the time for all folk to come to the aid of their country."
    )
    assert (contact.given_name, contact.family_name) == ("Forrest Hoge", "Gump")
    assert contact.organisation == "Gump Shrimp Co."
    assert contact.departments == ("Sales Dept.;Manager", "Fish keeper")
    assert contact.title == "Shrimp Man"
    assert contact.emails[0] == EmailData("forrestgump@walladalla.com", EmailKind.ANNET, True)
    assert PhoneData("0311111111", PhoneKind.MOBIL) in contact.phones


def test_quoted_printable_android_multi_line_values(interop_dir: Path) -> None:
    result = read(interop_dir, "android-2.1-qp-cardme.vcf")
    contacts = result.contacts
    assert [c.emails[0].address for c in contacts[:2]] == [
        "john.doe@company.com",
        "jane.doe@company.com",
    ]
    assert contacts[3].family_name == " ".join(["Ñ"] * 11)  # N over two QP lines
    assert contacts[3].note.split("\n\n")[0] == "Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ"
    assert contacts[5].organisation == "Ñ" * 44  # four QP lines, a blank line after
    assert contacts[5].phones == (PhoneData("55556666", PhoneKind.MOBIL, primary=True),)
    assert all(c.categories == ("My Contacts",) for c in contacts if c.card != 5)


def test_outlook_qp_note_with_crlf(interop_dir: Path) -> None:
    contact = one(interop_dir, "outlook-2003-2.1.vcf")
    assert contact.note == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert contact.organisation == "Company, The"
    assert contact.emails == (EmailData("jdoe@hotmail.com", EmailKind.ANNET, primary=True),)


def test_outlook_2007(interop_dir: Path) -> None:
    contact = one(interop_dir, "outlook-2007-2.1-photo.vcf")
    assert (contact.given_name, contact.family_name) == ("Michael", "Angstadt")
    assert contact.note.startswith("This is the NOTE field\t\nI assume it encodes")
    assert contact.note.endswith("It does not preserve the formatting")
    assert [p.kind for p in contact.phones] == [PhoneKind.JOBB, PhoneKind.PRIVAT, PhoneKind.MOBIL]


def test_thunderbird_lowercase_version_last(interop_dir: Path) -> None:
    result = read(interop_dir, "thunderbird-export-2.1-lowercase-qp.vcf")
    one_, two = result.contacts
    assert (one_.given_name, one_.family_name) == ("contact", "one")
    assert one_.emails == (EmailData("contact1@invalid"),)
    assert two.note == "here's some unicode text…"
    assert two.title == '"worker"'
    assert (one_.version, two.line) == ("2.1", 8)


# -- grouped properties, labels, line ends ----------------------------------------------------


def test_ios_crcrlf_and_item_email(interop_dir: Path) -> None:
    contact = one(interop_dir, "apple-ios613-3.0-crcrlf-photo.vcf")
    assert (contact.given_name, contact.family_name) == ("Bob", "Smith")
    assert contact.organisation == "Smith Auto Repair"
    assert contact.emails == (EmailData("bob@smithauto.com", EmailKind.ANNET, primary=True),)
    assert contact.phones == (PhoneData("(650) 555-1212", PhoneKind.MOBIL, primary=True),)


def test_ios5_items_and_fax_left_out(interop_dir: Path) -> None:
    contact = one(interop_dir, "apple-ios5-3.0-photo-cardme.vcf")
    assert contact.emails == (EmailData("john.doe@ibm.com", EmailKind.ANNET, primary=True),)
    assert [p.number for p in contact.phones] == [
        "905-555-1234",
        "905-666-1234",
        "905-777-1234",
        "905-111-1234",
        "905-222-1234",  # item2.TEL
    ]
    assert (contact.organisation, contact.title) == ("IBM", "Money Counter")


def test_gmail_grouped_and_unescaped_fn(interop_dir: Path) -> None:
    contact = one(interop_dir, "google-gmail-3.0-cardme.vcf")
    assert (
        contact.formatted_name == "Mr. John Richter, James Doe Sr."
    )  # vobject alone: "Mr. John Richter"
    assert contact.note.startswith(
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"'
    )
    assert contact.note.endswith("POSSIBILITY OF SUCH DAMAGE.\nFavotire Color: Blue")
    single2 = one(interop_dir, "google-gmail-3.0-single2.vcf")
    assert "customcategory@example.com" in [e.address for e in single2.emails]  # item1.EMAIL
    assert "5555551121" in [p.number for p in single2.phones]  # item3.TEL
    assert "5555551117" not in [p.number for p in single2.phones]  # HOME,FAX


def test_gmail_list(interop_dir: Path) -> None:
    result = read(interop_dir, "google-gmail-3.0-list.vcf")
    assert [(c.given_name, c.family_name, c.emails[0].address) for c in result.contacts] == [
        ("Arnold", "Smith", "asmithk@gmail.com"),
        ("Chris", "Beatle", "chrisy55d@yahoo.com"),
        ("Doug", "White", "dwhite@gmail.com"),
    ]
    assert [c.line for c in result.contacts] == [1, 7, 13]


def test_davx5_groups_categories_escapes(interop_dir: Path) -> None:
    contact = one(interop_dir, "davx5-vcard4android-3.0-allfields.vcf")
    assert contact.formatted_name == "Ämi Display"
    assert (contact.given_name, contact.family_name) == (
        "Firstname Middlename1 Middlename2",
        "Lastname",
    )
    assert contact.organisation == "ABC, Inc."
    assert contact.title == "Director, Research and Development"
    assert contact.categories == ("A", "B'C")
    assert contact.emails == (
        EmailData("private@example.com", EmailKind.PRIVAT, primary=True),
        EmailData("work@example.com", EmailKind.JOBB),  # workEmail.EMAIL
    )
    assert contact.phones == (PhoneData("+49 1234 56788", PhoneKind.PRIVAT, primary=True),)
    assert contact.note == (
        "This fax number is operational 0800 to 1715 EST, Mon-Fri.\n\nSecond note"
    )


def test_macos_and_evolution_categories_and_names(interop_dir: Path) -> None:
    mac = one(interop_dir, "apple-macos-addressbook-3.0-cardme.vcf")
    assert mac.given_name == "John Richter,James"  # an escaped comma is one name
    assert mac.note.startswith(
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"'
    )
    assert mac.phones[0] == PhoneData("905-777-1234", PhoneKind.JOBB, primary=True)
    evolution = one(interop_dir, "evolution-3.0-cardme.vcf")
    assert evolution.categories == ("VIP",)
    assert evolution.uid == "477343c8e6bf375a9bac1f96a5000837"
    assert (evolution.organisation, evolution.departments) == ("IBM", ("Accounting", "Dungeon"))
    assert evolution.emails == (EmailData("john.doe@ibm.com", EmailKind.JOBB),)  # folded line


def test_thunderbird_escaped_commas_stay_one_category(interop_dir: Path) -> None:
    contact = one(interop_dir, "thunderbird-mfffab-3.0-photo.vcf")
    assert contact.categories == ("category1, category2, category3",)
    assert contact.emails[0] == EmailData("doe.john@hotmail.com", EmailKind.ANNET, primary=True)
    assert len(contact.emails) == 5
    assert contact.note.endswith('You can put anything in the "note" field; even curse words.')


def test_fullcontact_40(interop_dir: Path) -> None:
    contact = one(interop_dir, "fullcontact-4.0.vcf")
    assert (contact.given_name, contact.family_name) == ("FirstName MiddleName", "LastName")
    assert (contact.organisation, contact.title) == ("Organization1", "Title1")
    assert contact.categories == ("Tag",)
    assert len(contact.emails) == 5
    assert [p.number for p in contact.phones if p.kind is PhoneKind.MOBIL] == [
        "555-555-1113",
        "555-555-1114",
    ]
    assert "555-555-1116" not in [p.number for p in contact.phones]  # home fax


def test_rfc_examples(interop_dir: Path) -> None:
    frank, tim = read(interop_dir, "rfc2426-example-3.0.vcf").contacts
    assert (frank.given_name, frank.family_name) == ("Frank", "Dawson")  # FN only
    assert frank.emails[0] == EmailData("Frank_Dawson@Lotus.com", EmailKind.ANNET, True)
    assert frank.organisation == "Lotus Development Corporation"
    assert (tim.line, tim.organisation) == (13, "Netscape Communications Corp.")
    simon = one(interop_dir, "rfc6350-example-4.0.vcf")
    assert simon.phones == (
        PhoneData("+1-418-656-9254", PhoneKind.JOBB, primary=True),
        PhoneData("+1-418-262-6501", PhoneKind.MOBIL),
    )
    assert simon.emails == (EmailData("simon.perreault@viagenie.ca", EmailKind.JOBB),)


def test_nextcloud_uids_and_empty_tel(interop_dir: Path) -> None:
    result = read(interop_dir, "nextcloud-contacts-4.2-4.0-multiple.vcf")
    assert len(result.contacts) == 7
    first = result.contacts[0]
    assert first.uid == "ce1b2650-3473-4e63-9584-9c6230d91d81"
    assert first.phones == (PhoneData("+1 315-739-0311", PhoneKind.PRIVAT),)
    assert result.contacts[1].phones == ()  # TEL;TYPE=HOME,VOICE: with no number
    assert result.contacts[5].organisation == "Mysterious Institute"


def test_ezvcard_and_lotus(interop_dir: Path) -> None:
    dummy = one(interop_dir, "ezvcard-issue114-4.0.vcf")
    assert dummy.formatted_name == "Dummy, Dummy"
    assert dummy.phones[0] == PhoneData("+49 1234 56789", PhoneKind.MOBIL, primary=True)
    lotus = one(interop_dir, "lotus-notes-via-apple-3.0-cardme.vcf")
    assert lotus.uid == "0e7602cc-443e-4b82-b4b1-90f62f99a199"
    assert [e.address for e in lotus.emails] == ["john.doe@ibm.com", "billy_bob@gmail.com"]
    assert (lotus.organisation, lotus.title) == ("IBM", "Generic Accountant")


def test_photo_edge_cases_keep_the_rest(interop_dir: Path) -> None:
    edge = one(interop_dir, "edge-3.0-photo-b-with-data-uri-radicale.vcf")
    assert (edge.family_name, edge.uid) == ("Contact", "contact")
    custom = one(interop_dir, "android-aosp-2.1-x-android-custom-photo.vcf")
    assert (custom.given_name, custom.family_name) == ("Roid", "Ando")
    khard = one(interop_dir, "khard-4.0-photo-data-uri.vcf")
    assert khard.formatted_name == "with photo v4"
    blackberry = one(interop_dir, "blackberry-2.1-cardme.vcf")
    assert blackberry.phones == (PhoneData("+96123456789", PhoneKind.MOBIL),)
    assert blackberry.organisation == "Acme Solutions"
