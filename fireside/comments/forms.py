"""The "Leave a Reply" form. Field names follow WordPress (comment, author, email, url) so habits and tools fit."""

from django import forms
from django.core.validators import URLValidator

from fireside.comments.models import MAX_BODY, MAX_NAME, MAX_URL
from fireside.core.formguard import HONEYPOT_FIELD

FORM_PURPOSE = "comment"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def _without_nul(value):
    # NUL bytes cannot be stored by PostgreSQL and are never typed by a person: drop them instead of refusing.
    return value.replace("\x00", "") if isinstance(value, str) else value


class CleanCharField(forms.CharField):
    def to_python(self, value):
        return super().to_python(_without_nul(value))


class CommentForm(forms.Form):
    comment = CleanCharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 7, "cols": 45}),
        strip=False,
        error_messages={"required": "Write your comment before posting."},
    )
    author = CleanCharField(
        label="Name", error_messages={"required": "Enter the name to show with your comment."}
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={
            "required": "Enter your email address. It is never published.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    url = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        max_length=MAX_URL,
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Enter a web address that starts with http:// or https://."},
    )
    save_info = forms.BooleanField(
        label="Save my name, email and website in this browser for the next time I comment.", required=False
    )
    notify_replies = forms.BooleanField(label="Email me when someone replies to my comment.", required=False)
    comment_parent = forms.CharField(required=False, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].widget.attrs.update({"autocomplete": "name", "maxlength": MAX_NAME})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["url"].widget.attrs.update({"autocomplete": "url", "inputmode": "url"})
        self.fields["comment"].widget.attrs.update({"maxlength": MAX_BODY})
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False, label="Leave this field empty", max_length=200
        )
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"]
        if not text.translate(_INVISIBLE).strip():
            raise forms.ValidationError("Write your comment before posting.")
        if len(text) > MAX_BODY:
            raise forms.ValidationError(
                f"Keep your comment under {MAX_BODY:,} characters (it has {len(text):,}). "
                "Everything you wrote is still here."
            )
        return text.replace("\r\n", "\n").strip()

    def clean_author(self) -> str:
        name = self.cleaned_data["author"].strip()
        if not name.translate(_INVISIBLE).strip():
            raise forms.ValidationError("Enter the name to show with your comment.")
        if len(name) > MAX_NAME:
            raise forms.ValidationError(f"Keep your name under {MAX_NAME} characters (it has {len(name):,}).")
        return name

    def clean_comment_parent(self) -> int | None:
        # A hidden field: a mangled value cannot be fixed by the reader, so it just means "not a reply".
        raw = (self.cleaned_data.get("comment_parent") or "").strip()
        return int(raw) if raw.isdigit() and len(raw) < 19 else None

    def full_clean(self):
        # URLField reports an over-long value with Django's generic wording; say how long it may be.
        super().full_clean()
        raw = (self.data.get("url") or "") if self.is_bound else ""
        if len(raw) > MAX_URL and "url" in self.errors:
            self.errors["url"] = self.error_class(
                [f"Keep the web address under {MAX_URL} characters (it has {len(raw):,})."]
            )
        for name in self.errors:
            if name in self.fields:  # screen readers announce the message with the field
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-error"


class EraseRequestForm(forms.Form):
    email = forms.EmailField(
        label="The email address you commented with",
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com."},
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False, label="Leave this field empty")
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
