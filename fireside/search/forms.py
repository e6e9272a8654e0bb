"""The search form: a query, an optional section, and content warnings to hide. Read from GET, never saved."""

from django import forms

from fireside.search.query import MAX_QUERY_LENGTH, clean_query
from fireside.stories.models import ContentWarning, SectionPage


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search stories",
        required=False,
        # The box accepts a little more than we search, so an over-long paste is trimmed, not refused.
        max_length=MAX_QUERY_LENGTH * 4,
        strip=True,
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"}
        ),
    )
    section = forms.ChoiceField(label="Section", required=False)
    hide = forms.MultipleChoiceField(
        label="Hide stories with", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sections: list[SectionPage], warnings: list[ContentWarning], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections_by_slug = {section.slug: section for section in sections}
        self.warnings_by_slug = {warning.slug: warning for warning in warnings}
        self.fields["section"].choices = [("", "All sections")] + [(s.slug, s.title) for s in sections]
        self.fields["hide"].choices = [(w.slug, w.label) for w in warnings]

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data.get("q", ""))

    def clean_section(self) -> SectionPage | None:
        return self.sections_by_slug.get(self.cleaned_data.get("section") or "")

    def clean_hide(self) -> list[ContentWarning]:
        return [self.warnings_by_slug[slug] for slug in self.cleaned_data.get("hide", [])]
