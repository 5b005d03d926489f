"""Child matching: how alike a referred child and a known child are (pure logic).

An exact NHS number match settles it. Otherwise candidates (picked cheaply by the
database: same sound-alike surname, same or transposed birth date, or same
postcode) are scored on name, date of birth and postcode. Names are compared with
rapidfuzz so spelling slips score high; a birth date with day and month swapped
scores almost as high as an exact one.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

WEIGHTS = {"name": 0.5, "birth": 0.35, "postcode": 0.15}
SHOW_FROM = 55.0  # candidates scoring less are not worth a practitioner's time


def plain(text: str) -> str:
    """Lower case ASCII letters and spaces: accents, hyphens and apostrophes removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalpha() or ch == " "))
    return " ".join(letters.lower().split())


_SOUNDEX = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def sound_key(surname: str) -> str:
    """American Soundex of a surname (`Smith` and `Smyth` both `S530`), for cheap blocking."""
    letters = plain(surname).replace(" ", "")
    if not letters:
        return ""
    key = letters[0].upper()
    previous = _SOUNDEX.get(letters[0], "")
    for ch in letters[1:]:
        code = _SOUNDEX.get(ch, "")
        if code and code != previous:
            key += code
            if len(key) == 4:
                break
        if ch not in "hw":
            previous = code
    return key.ljust(4, "0")


def postcode_normal(postcode: str) -> str:
    """A postcode as Royal Mail writes it: capitals, one space before the last three
    characters (`nb25al` and `NB2  5AL` both become `NB2 5AL`), so equal postcodes
    compare equal in the database."""
    compact = "".join(postcode.upper().split())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def transposed(day: datetime.date) -> datetime.date | None:
    """The date with day and month swapped (3 July <-> 7 March), if that is a date."""
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


@dataclass(frozen=True)
class Person:
    first_names: str
    last_name: str
    birth: datetime.date | None
    postcode: str
    nhs_number: str = ""


@dataclass(frozen=True)
class Score:
    total: float
    name: float
    birth: float
    postcode: float
    reasons: tuple[str, ...]


def birth_score(a: datetime.date | None, b: datetime.date | None) -> tuple[float, str]:
    if a is None or b is None:
        return 0.0, ""
    if a == b:
        return 100.0, "same date of birth"
    if transposed(a) == b:
        return 85.0, "date of birth with day and month swapped"
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    if same == 2:
        return 60.0, "date of birth differs in one part"
    return 0.0, ""


def postcode_score(a: str, b: str) -> tuple[float, str]:
    a, b = "".join(a.upper().split()), "".join(b.upper().split())
    if not a or not b:
        return 0.0, ""
    if a == b:
        return 100.0, "same postcode"
    if len(a) > 3 and len(b) > 3 and a[:-3] == b[:-3]:
        return 40.0, "same postcode district"
    return 0.0, ""


def score(referred: Person, known: Person) -> Score:
    """How likely `known` is the child described in `referred`, from 0 to 100."""
    if referred.nhs_number and referred.nhs_number == known.nhs_number:
        return Score(100.0, 100.0, 100.0, 100.0, ("same NHS number",))
    first = fuzz.ratio(plain(referred.first_names), plain(known.first_names))
    last = fuzz.ratio(plain(referred.last_name), plain(known.last_name))
    # Names given the other way round ("Smith John") are a common slip.
    swapped = fuzz.token_sort_ratio(
        plain(f"{referred.first_names} {referred.last_name}"),
        plain(f"{known.first_names} {known.last_name}"),
    )
    name = max(0.4 * first + 0.6 * last, swapped)
    birth, birth_reason = birth_score(referred.birth, known.birth)
    postcode, postcode_reason = postcode_score(referred.postcode, known.postcode)
    total = WEIGHTS["name"] * name + WEIGHTS["birth"] * birth + WEIGHTS["postcode"] * postcode
    reasons = [f"name {name:.0f}% alike"]
    reasons += [reason for reason in (birth_reason, postcode_reason) if reason]
    if referred.nhs_number and known.nhs_number:
        # Two different NHS numbers: almost certainly two children.
        total *= 0.5
        reasons.append("different NHS number")
    return Score(round(total, 1), round(name, 1), birth, postcode, tuple(reasons))


@dataclass(frozen=True)
class Difference:
    """Where the child as referred differs from a known child's record, in words."""

    what: str
    record: str
    referred: str


def _long_date(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day is not None else ""


def _address_plain(text: str) -> str:
    return " ".join(plain(text.replace(",", " ")).split())


def differences(
    referred: Person,
    referred_address: str,
    known: Person,
    known_address: str,
    *,
    birth_word: str = "Date of birth",
) -> list[Difference]:
    """Name, date of birth, address, postcode and NHS number where the referral and the
    record disagree (one of them blank counts when the other is not); written as a
    person would say them. Case, spacing and punctuation do not count as a difference."""
    found: list[Difference] = []
    none = "not recorded"
    referred_name = f"{referred.first_names} {referred.last_name}"
    known_name = f"{known.first_names} {known.last_name}"
    if plain(referred_name) != plain(known_name):
        found.append(Difference("Name", known_name, referred_name))
    if referred.birth != known.birth:
        found.append(
            Difference(
                birth_word,
                _long_date(known.birth) or none,
                _long_date(referred.birth) or none,
            )
        )
    if _address_plain(referred_address) != _address_plain(known_address):
        found.append(
            Difference(
                "Address",
                " ".join(known_address.split()) or none,
                " ".join(referred_address.split()) or none,
            )
        )
    if postcode_normal(referred.postcode) != postcode_normal(known.postcode):
        found.append(
            Difference(
                "Postcode",
                postcode_normal(known.postcode) or none,
                postcode_normal(referred.postcode) or none,
            )
        )
    if referred.nhs_number != known.nhs_number:
        found.append(
            Difference("NHS number", known.nhs_number or none, referred.nhs_number or none)
        )
    return found
