"""Street addresses, UK postcodes and US ZIP codes.

Only numbered street addresses are flagged ("14 Larkspur Road", "Flat 3, 22 Mill Lane", "45 W 3rd St Apt 2B"):
"I grew up on Larkspur Road" names a street, not a door, and flagging every street would bury the writer in
suggestions. A five-digit number is only a ZIP code in an address context (after a state, after a street
address, or after the words "ZIP code"), so distances, years and sums of money are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Finding

ADDRESS_REPLACEMENT = "[street address]"
POSTCODE_REPLACEMENT = "[postcode]"

_STREET_TYPES = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Av|Drive|Dr|Close|Cl|Crescent|Cres|Way|Place|Pl|Gardens|Gdns|Grove|"
    "Terrace|Terr|Ter|Court|Ct|Boulevard|Blvd|Square|Sq|Hill|Row|Mews|Parade|Walk|Park|Rise|View|Green|"
    "Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Trl|Loop|Path|Pike|Plaza|Wharf|Quay|Yard|Vale|Heights|Hts|"
    "Bank|Brow|Croft|Fold|Gate|Wynd|Embankment|Broadway|Causeway|Alley|Point|Run|Crossing|Landing|Ridge|"
    "Manor|Meadows|Orchard|Passage|Approach|Chase|End"
)
_UNIT_WORDS = "Flat|Apartment|Apt|Unit|Suite|Ste|Room|Studio|Floor"
# The look-ahead on the first character (a digit or a unit word's initial) lets the engine skip ahead fast.
_ADDRESS = re.compile(
    r"(?=[0-9FASUR])(?<![\w£$€¥#.,/:-])"
    rf"(?:(?:{_UNIT_WORDS})\.?\s+[A-Za-z0-9]{{1,5}},?\s+)?"
    r"\d{1,5}[A-Za-z]?(?:-\d{1,5}[A-Za-z]?)?,?[ \t]+"
    r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?"
    r"(?:(?:[A-Z][A-Za-z'’-]+|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,3}"
    rf"(?:{_STREET_TYPES})\b"
    rf"(?:,?[ \t]+(?:{_UNIT_WORDS}|#)\.?[ \t]*[A-Za-z0-9-]{{1,6}}\b)?"
)

# Outward code, then inward code; the inward letters never use C, I, K, M, O or V, which is what keeps
# "4PM" and "9AM" out.
_UK_POSTCODE = re.compile(
    r"[A-PR-UWYZ](?<![A-Za-z0-9][A-PR-UWYZ])[A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)

_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|"
    "OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
    "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
    "Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
_ZIP = r"(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])"
# Every five-digit number is a candidate; only those after a state or the words "ZIP code" are kept.
_FIVE_DIGITS = re.compile(r"(?=[0-9])(?<![\w.,£$€¥#/-])\d{5}(?:-\d{4})?(?![\w-])")
_ZIP_CONTEXT = re.compile(
    rf"(?:\b(?:{_STATE_CODES}|{_STATE_NAMES})\.?,?|\b(?:ZIP|Zip|zip)(?:[ \t]?code)?(?:[ \t]+(?:is|was))?[ \t]*:?)"
    r"[ \t]*$"
)
# Right after a street address: ", Springfield 62704" or ", 02139".
_ZIP_AFTER_ADDRESS = re.compile(rf",?[ \t]+(?:[A-Z][A-Za-z.'-]*,?[ \t]+){{0,3}}{_ZIP}")


def find_addresses(text: str) -> Iterator[Finding]:
    for m in _ADDRESS.finditer(text):
        yield Finding("address", m.start(), m.end(), m.group(), ADDRESS_REPLACEMENT)
        follow = _ZIP_AFTER_ADDRESS.match(text, m.end())
        if follow:
            yield Finding(
                "postcode", follow.start("zip"), follow.end("zip"), follow.group("zip"), POSTCODE_REPLACEMENT
            )


def find_postcodes(text: str) -> Iterator[Finding]:
    for m in _UK_POSTCODE.finditer(text):
        yield Finding("postcode", m.start(), m.end(), m.group(), POSTCODE_REPLACEMENT)
    for m in _FIVE_DIGITS.finditer(text):
        if _ZIP_CONTEXT.search(text, max(0, m.start() - 40), m.start()):
            yield Finding("postcode", m.start(), m.end(), m.group(), POSTCODE_REPLACEMENT)
