"""The decision form posted by the panel's script, the suggestions page and the submission review."""

from django import forms
from django.core.validators import RegexValidator

from fireside.warning_suggestions.models import Decision, Source


class DecisionForm(forms.Form):
    # Unknown labels are refused by the service with a clear message; here only the size is bounded.
    label = forms.CharField(max_length=60)
    decision = forms.ChoiceField(choices=Decision.choices)
    text_hash = forms.CharField(
        max_length=64, required=False, validators=[RegexValidator(r"^[0-9a-f]{64}$", "Not a text version.")]
    )
    source = forms.ChoiceField(choices=Source.choices, required=False)
    next = forms.CharField(max_length=500, required=False)
