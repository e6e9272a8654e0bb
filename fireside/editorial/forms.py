"""Forms for the editors' workflow actions (used by Wagtail's action modal and by our submission panel)."""

from django import forms

MESSAGE_MAX = 10_000


class WriterMessageForm(forms.Form):
    message = forms.CharField(
        label="Your message to the writer",
        help_text="Emailed to the writer and shown on their status page. Say what should change and why.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MESSAGE_MAX,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason, sent to the writer",
        help_text="Be kind and specific; the writer reads this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))
    go_live_at = forms.DateTimeField(
        label="Publish at (optional)",
        required=False,
        help_text="Leave empty to publish now. A future time schedules the story.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


def action_form_class(action: str) -> type[forms.Form] | None:
    """The extra data an action needs; None lets Wagtail use its comment form."""
    return {"reject": WriterMessageForm, "decline": DeclineForm}.get(action)
