"""Cheap defences for public forms: a signed issue time and a honeypot field.

A form carries a signed timestamp of when it was shown. A post that comes back faster than a person could type
(``min_seconds``) or later than ``max_age`` (a replayed or long-stale form) is refused, and so is a post that
filled the hidden honeypot field that only bots see. None of this needs JavaScript or an outside service.
"""

import time
from dataclasses import dataclass
from enum import Enum

from django.core import signing

_SALT = "fireside.formguard"
HONEYPOT_FIELD = "website_confirm"  # looks tempting to a bot; hidden from people with CSS and aria-hidden


class FormVerdict(Enum):
    OK = "ok"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    TAMPERED = "tampered"
    HONEYPOT = "honeypot"


@dataclass(frozen=True)
class FormCheck:
    verdict: FormVerdict
    age_seconds: float | None = None

    @property
    def ok(self) -> bool:
        return self.verdict is FormVerdict.OK


def issue_form_token(*, purpose: str, now: float | None = None) -> str:
    """A token to put in a hidden field when the form is rendered."""
    return signing.dumps({"p": purpose, "t": now if now is not None else time.time()}, salt=_SALT)


def check_form_token(
    token: str,
    *,
    purpose: str,
    honeypot: str = "",
    min_seconds: float = 3.0,
    max_age: float = 2 * 3600,
    now: float | None = None,
) -> FormCheck:
    """Judge a posted form by its token and honeypot. The caller decides what each verdict means to the person."""
    if honeypot.strip():
        return FormCheck(FormVerdict.HONEYPOT)
    try:
        data = signing.loads(token or "", salt=_SALT)
        issued = float(data["t"])
        if data.get("p") != purpose:
            raise ValueError("token for another form")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return FormCheck(FormVerdict.TAMPERED)
    age = (now if now is not None else time.time()) - issued
    if age < 0 or age > max_age:
        return FormCheck(FormVerdict.EXPIRED, age)
    if age < min_seconds:
        return FormCheck(FormVerdict.TOO_FAST, age)
    return FormCheck(FormVerdict.OK, age)
