"""The privacy check both writer forms share: the first submission and an edit while changes are requested.

Plain functions over the text and the writer's hidden running state (accepted pseudonyms, counts of accepted
replacements, a signed fingerprint of the last checked text), so the two views cannot drift apart.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing

from fireside.submissions.forms import format_pseudonyms, format_replacements, parse_pseudonyms
from fireside.submissions.services import text_fingerprint_for
from fireside.textanalysis.pii import Finding, apply_replacements, find_identifying_information

_PRIVACY_SALT = "fireside.submissions.privacy-checked"
MAX_ACCEPTED = 2_000  # more ticked boxes than any real story has findings


def finding_key(finding: Finding) -> str:
    """A checkbox value that goes stale when the text moves, so an old tick never replaces the wrong words."""
    digest = hashlib.sha256(finding.text.encode()).hexdigest()[:10]
    return f"{finding.start}:{finding.end}:{digest}"


def privacy_findings(body: str, pseudonyms: Iterable[str]) -> list[Finding]:
    """What to show the writer: everything found, except the pseudonyms they already accepted.

    A pseudonym is an invented name the finder would otherwise flag as a person on every later check.
    """
    accepted = set(pseudonyms)
    return [
        finding
        for finding in find_identifying_information(body)
        if not (finding.kind == "name" and finding.text in accepted)
    ]


def sign_checked(body: str) -> str:
    """A token saying "this exact text went through the privacy check", carried in a hidden field."""
    return signing.dumps(text_fingerprint_for(body), salt=_PRIVACY_SALT)


def was_checked(token: str, body: str) -> bool:
    try:
        return signing.loads(token or "", salt=_PRIVACY_SALT) == text_fingerprint_for(body)
    except signing.BadSignature:
        return False


@dataclass(frozen=True)
class Applied:
    """The text after the writer's accepted replacements, and the hidden state to carry forward."""

    body: str
    chosen: list[Finding]
    replacements: str
    pseudonyms: str

    @property
    def notice(self) -> str:
        count = len(self.chosen)
        return f"Replaced {count} detail{'s' if count != 1 else ''}." if count else "Nothing replaced."


def apply_accepted(
    *,
    body: str,
    pseudonyms: list[str],
    replacements: dict[str, int],
    accepted_keys: Iterable[str],
    apply_all: bool,
) -> Applied:
    """Replace the ticked findings (or all of them); count them by kind and remember the new pseudonyms."""
    findings = privacy_findings(body, pseudonyms)
    wanted = set(list(accepted_keys)[:MAX_ACCEPTED])
    chosen = findings if apply_all else [f for f in findings if finding_key(f) in wanted]
    counts = dict(replacements)
    for finding in chosen:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    names = parse_pseudonyms("|".join([*pseudonyms, *(f.replacement for f in chosen if f.kind == "name")]))
    return Applied(
        body=apply_replacements(body, chosen),
        chosen=chosen,
        replacements=format_replacements(counts),
        pseudonyms=format_pseudonyms(names),
    )
