"""The "Share your story" form and the status page's small forms.

Every field has a size limit, every error is attached to its field, and what the writer typed comes back
intact whatever goes wrong (the views re-render the bound form, never a fresh one).
"""

import re

from django import forms
from django.core.validators import MaxLengthValidator

from fireside.core.formguard import HONEYPOT_FIELD
from fireside.stories.models import ContentWarning, SectionPage
from fireside.stories.reading import count_words
from fireside.submissions.models import MAX_BODY_CHARACTERS, MIN_BODY_WORDS
from fireside.textanalysis.pii import is_pseudonym

# C0 control characters other than tab and newlines: what binary pasted into a textarea looks like. NUL is
# refused outright by Django's own validator (with a message); the rest are removed because they mean nothing
# in a story and some databases and mail servers choke on them.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class StoryFields(forms.Form):
    """The fields a writer can change later, while the editors have asked for changes."""

    headline = forms.CharField(
        label="Headline",
        max_length=200,
        help_text="A suggestion: the editors may change it with you.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    summary = forms.CharField(
        label="One-line summary",
        max_length=300,
        help_text="A sentence that makes someone want to read it.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label="Your story",
        # Checked in clean_body rather than by the widget's maxlength, so an over-long paste is kept and the
        # writer is told by how much to shorten it.
        validators=[],
        strip=False,
        help_text=(
            f"Plain text; leave a blank line between paragraphs. At least {MIN_BODY_WORDS} words and at most "
            f"{MAX_BODY_CHARACTERS:,} characters."
        ),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true", "dir": "auto"}),
    )

    def clean_headline(self) -> str:
        return " ".join(clean_text(self.cleaned_data["headline"]).split())

    def clean_summary(self) -> str:
        return " ".join(clean_text(self.cleaned_data["summary"]).split())

    def clean_body(self) -> str:
        body = clean_text(self.cleaned_data["body"]).strip("\n ")
        if len(body) > MAX_BODY_CHARACTERS:
            raise forms.ValidationError(
                f"Your story is {len(body):,} characters long; the limit is {MAX_BODY_CHARACTERS:,}. "
                f"Please shorten it by {len(body) - MAX_BODY_CHARACTERS:,} characters. Your text is still here."
            )
        words = count_words(body)
        if words < MIN_BODY_WORDS:
            raise forms.ValidationError(
                f"Your story has {words} word{'s' if words != 1 else ''}; we need at least {MIN_BODY_WORDS} "
                "so readers can follow it."
            )
        return body


class SubmissionForm(StoryFields):
    section = forms.ModelChoiceField(
        label="Section",
        queryset=SectionPage.objects.none(),
        empty_label="Choose a section",
        help_text="Where your story fits best.",
    )
    content_warnings = forms.ModelMultipleChoiceField(
        label="Content warnings",
        queryset=ContentWarning.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick what a reader should know before they start.",
    )
    pen_name = forms.CharField(
        label="Pen name",
        max_length=80,
        required=False,
        help_text="The name shown with your story. Leave empty to publish as Anonymous.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    contact_email = forms.EmailField(
        label="Your email",
        max_length=254,
        help_text="Never published. We use it only to talk to you about this story, then delete it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent_own_story = forms.BooleanField(label="This is my own true story.")
    consent_publish = forms.BooleanField(label="I have the right to publish it, and Fireside may publish it.")
    consent_names_changed = forms.BooleanField(
        label="I have changed the names of the people in it (or they agreed to be named)."
    )
    # Not shown to people: see fireside.core.formguard.
    form_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    privacy_checked = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    replacements = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    pseudonyms = forms.CharField(required=False, widget=forms.HiddenInput, max_length=4000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = SectionPage.objects.live().order_by("path")
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            max_length=200,
            label="Leave this empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean_pen_name(self) -> str:
        return " ".join(clean_text(self.cleaned_data["pen_name"]).split())

    def clean_contact_email(self) -> str:
        return self.cleaned_data["contact_email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        pen_name = cleaned.get("pen_name", "")
        email = cleaned.get("contact_email", "")
        local = email.split("@")[0]
        if pen_name and len(local) >= 4 and local in pen_name.lower().replace(" ", ""):
            self.add_error("pen_name", "Your pen name looks like part of your email address. Choose another.")
        return cleaned


def parse_replacements(value: str) -> dict[str, int]:
    """The hidden running tally of accepted replacements ("name:2,phone:1"); anything odd is dropped."""
    counts: dict[str, int] = {}
    for part in (value or "").split(",")[:20]:
        kind, _, number = part.partition(":")
        if kind.isalpha() and len(kind) <= 20 and number.isdigit():
            counts[kind] = min(int(number), 10_000)
    return counts


def format_replacements(counts: dict[str, int]) -> str:
    return ",".join(f"{kind}:{count}" for kind, count in sorted(counts.items()) if count)


MAX_PSEUDONYMS = 100


def parse_pseudonyms(value: str) -> list[str]:
    """The hidden list of pseudonyms the writer accepted ("Alex Ellis|Sam"), so they are not flagged again."""
    names = [" ".join(part.split())[:80] for part in (value or "").split("|")]
    # Only names the finder invents: a real name slipped into the hidden field would be hidden from every check.
    return list(dict.fromkeys(name for name in names if name and is_pseudonym(name)))[:MAX_PSEUDONYMS]


def format_pseudonyms(names: list[str]) -> str:
    return "|".join(name.replace("|", " ") for name in names[:MAX_PSEUDONYMS])


class ReplyForm(forms.Form):
    message = forms.CharField(
        label="Your answer to the editors",
        max_length=10_000,
        validators=[MaxLengthValidator(10_000)],
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )

    def clean_message(self) -> str:
        return clean_text(self.cleaned_data["message"]).strip()


class ReviseForm(StoryFields):
    note = forms.CharField(
        label="A note for the editors",
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    # The same hidden privacy-check state as the first submission (see ``SubmissionForm``).
    privacy_checked = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    replacements = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    pseudonyms = forms.CharField(required=False, widget=forms.HiddenInput, max_length=4000)

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data["note"]).strip()


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, withdraw my story and delete its text and my email address. This cannot be undone."
    )
