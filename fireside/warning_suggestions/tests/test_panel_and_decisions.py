"""The editor's panel, the decision endpoint, the suggestions page without JS, and the submission review."""

import html
import json
import re

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import GroupPagePermission, PageLogEntry

from fireside.textanalysis.warnings import WarningModel
from fireside.warning_suggestions.models import WarningDecision
from fireside.warning_suggestions.selectors import story_suggestions, suggestions_for_text, text_hash
from fireside.warning_suggestions.tests.conftest import DIVORCE_EVIDENCE

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def decide_url(story):
    return f"/admin/warning-suggestions/stories/{story.pk}/decide/"


def current_hash(story):
    from fireside.warning_suggestions.selectors import story_text

    return text_hash(story_text(story.get_latest_revision_as_object()))


def test_panel_in_page_editor_shows_suggestion_evidence_and_strength(editor_client, divorce_story):
    response = editor_client.get(f"/admin/pages/{divorce_story.pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Suggested content warnings" in page
    panel = page[page.index("data-ws-panel") :]
    assert 'data-ws-label="divorce"' in panel
    assert html.escape(DIVORCE_EVIDENCE) in panel or DIVORCE_EVIDENCE.replace("'", "&#x27;") in panel
    assert "strong suggestion" in panel or ">possible<" in panel
    assert re.search(r"0\.\d{2,3}", panel.split("ws-fallback")[0]) is None  # words, not raw scores
    assert 'data-ws-decision="accepted" hidden' in panel  # the buttons wait for the script
    assert "warning_suggestions/panel.js" in page
    assert f"/admin/warning-suggestions/stories/{divorce_story.pk}/" in panel  # the no-JS way in


def test_panel_marks_a_warning_already_ticked(editor_client, make_story, warnings_by_slug):
    from fireside.warning_suggestions.tests.conftest import DIVORCE_BODY

    story = make_story(body=DIVORCE_BODY, warnings=[warnings_by_slug["divorce"]])
    page = editor_client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    item = page[page.index('data-ws-label="divorce"') :]
    item = item[: item.index("</li>")]
    assert "Already ticked on this story." in item
    assert "data-ws-decision" not in item


def test_accept_from_the_editor_records_the_decision_and_leaves_the_draft_to_the_editor(
    editor_client, editor, divorce_story, warnings_by_slug
):
    revisions = divorce_story.revisions.count()
    response = editor_client.post(
        decide_url(divorce_story),
        {"label": "divorce", "decision": "accepted", "text_hash": current_hash(divorce_story)},
        **FETCH,
    )
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["warning"] == warnings_by_slug["divorce"].pk
    assert "Save the draft" in data["message"]
    decision = WarningDecision.objects.get()
    assert (decision.story_id, decision.label, decision.decision) == (divorce_story.pk, "divorce", "accepted")
    assert decision.editor == editor and decision.source == "page_editor"
    assert any(DIVORCE_EVIDENCE in sentence for sentence in decision.evidence)
    assert decision.text_hash == current_hash(divorce_story) and decision.model_key.startswith("shipped-")
    # The open form gets the tick (by the script); no revision is saved behind the editor's back.
    assert divorce_story.revisions.count() == revisions
    entry = PageLogEntry.objects.get(page=divorce_story, action="warning_suggestions.accepted")
    assert entry.user == editor and entry.data["label"] == "divorce"


def test_no_js_page_lists_suggestions_with_real_forms_and_accept_saves_a_draft(
    editor_client, divorce_story, warnings_by_slug
):
    page_url = f"/admin/warning-suggestions/stories/{divorce_story.pk}/"
    page = editor_client.get(page_url).content.decode()
    assert "<form" in page and "csrfmiddlewaretoken" in page and 'value="divorce"' in page
    response = editor_client.post(
        decide_url(divorce_story),
        {
            "label": "divorce",
            "decision": "accepted",
            "text_hash": current_hash(divorce_story),
            "next": page_url,
        },
    )
    assert response.status_code == 302 and response["Location"] == page_url
    divorce_story.refresh_from_db()
    draft = divorce_story.get_latest_revision_as_object()
    assert warnings_by_slug["divorce"] in draft.content_warnings.all()
    assert divorce_story.has_unpublished_changes  # a draft, the live story is untouched until published
    assert not divorce_story.content_warnings.filter(slug="divorce").exists()
    follow = editor_client.get(page_url).content.decode()
    assert "Already ticked on this story." in follow and "a new draft with it ticked was saved" in follow


def test_reject_is_stored_and_shown_with_who_and_when(editor_client, divorce_story):
    editor_client.post(
        decide_url(divorce_story), {"label": "divorce", "decision": "rejected"}, **FETCH
    ).json()
    decision = WarningDecision.objects.get()
    assert decision.decision == "rejected" and decision.evidence
    page = editor_client.get(f"/admin/pages/{divorce_story.pk}/edit/").content.decode()
    assert "Rejected by Noor" in page
    assert PageLogEntry.objects.filter(page=divorce_story, action="warning_suggestions.rejected").exists()


@pytest.mark.parametrize(
    "label",
    [
        "spiders",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "divorce' OR 1=1 --",
        "divorce\x00",
        "divorce\u200b",
        "\u202edivorce",
        "💔",
        "x" * 5000,
        "",
        "self-harm",  # a real label that is not suggested for this story
    ],
)
def test_hostile_or_unknown_labels_are_refused(editor_client, divorce_story, label):
    response = editor_client.post(
        decide_url(divorce_story), {"label": label, "decision": "accepted"}, **FETCH
    )
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert not WarningDecision.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"label": "divorce", "decision": "maybe"},
        {"label": "divorce", "decision": "accepted", "text_hash": "javascript:alert(1)"},
        {"label": "divorce", "decision": "accepted", "text_hash": "0" * 64},  # a version nobody saw
        {"label": "divorce", "decision": "accepted", "source": "'; DROP TABLE x; --"},
    ],
)
def test_malformed_or_stale_decisions_are_refused(editor_client, divorce_story, data):
    response = editor_client.post(decide_url(divorce_story), data, **FETCH)
    assert response.status_code == 400
    assert not WarningDecision.objects.exists()


def test_a_hostile_next_url_is_not_followed(editor_client, divorce_story):
    for target in ("javascript:alert(1)", "https://evil.example/", "//evil.example/"):
        response = editor_client.post(
            decide_url(divorce_story), {"label": "divorce", "decision": "rejected", "next": target}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/admin/warning-suggestions/stories/{divorce_story.pk}/"


def test_only_people_who_can_edit_the_story_may_decide(client, outsider, divorce_story):
    data = {"label": "divorce", "decision": "accepted"}
    assert client.post(decide_url(divorce_story), data).status_code == 302  # anonymous: to the login page
    client.force_login(outsider)
    assert client.post(decide_url(divorce_story), data, **FETCH).status_code == 403
    # Wagtail's admin turns a refusal on a page into a redirect with a message.
    assert client.get(f"/admin/warning-suggestions/stories/{divorce_story.pk}/").status_code in (302, 403)
    assert not WarningDecision.objects.exists()


def test_an_editor_of_one_section_cannot_decide_on_another_sections_story(
    client, outsider, divorce_story, make_section, make_story
):
    from fireside.warning_suggestions.tests.conftest import DIVORCE_BODY

    other_section = make_section(title="Elsewhere", slug="elsewhere")
    mine = make_story(parent=other_section, body=DIVORCE_BODY)
    group = Group.objects.create(name="Elsewhere editors")
    GroupPagePermission.objects.create(group=group, page=other_section, permission_type="change")
    outsider.groups.add(group)
    client.force_login(outsider)
    data = {"label": "divorce", "decision": "rejected"}
    assert client.post(decide_url(mine), data, **FETCH).status_code == 200
    assert client.post(decide_url(divorce_story), data, **FETCH).status_code == 403
    assert list(WarningDecision.objects.values_list("story_id", flat=True)) == [mine.pk]
    # Not a story at all: no such endpoint.
    assert client.post(decide_url(other_section), data, **FETCH).status_code == 404


def test_decisions_need_the_csrf_token(editor, divorce_story):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    data = {"label": "divorce", "decision": "rejected"}
    assert client.post(decide_url(divorce_story), data, **FETCH).status_code == 403
    assert not WarningDecision.objects.exists()
    page = client.get(f"/admin/warning-suggestions/stories/{divorce_story.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(decide_url(divorce_story), {**data, "csrfmiddlewaretoken": token}, **FETCH)
    assert response.status_code == 200
    assert WarningDecision.objects.count() == 1


def test_decisions_are_rate_limited_per_editor(editor_client, divorce_story, settings):
    settings.FIRESIDE_WARNING_DECISIONS_PER_HOUR = 2
    data = {"label": "divorce", "decision": "rejected"}
    codes = [editor_client.post(decide_url(divorce_story), data, **FETCH).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_suggestions_are_computed_once_per_text_version(divorce_story, monkeypatch):
    draft = divorce_story.get_latest_revision_as_object()
    first = story_suggestions(page=draft)
    assert any(row.suggestion.slug == "divorce" for row in first.rows)

    def refuse(self, text, **kwargs):
        raise AssertionError("recomputed a text version already analysed")

    monkeypatch.setattr(WarningModel, "suggest", refuse)
    again = story_suggestions(page=draft)
    assert again.rows == first.rows
    with pytest.raises(AssertionError, match="recomputed"):
        suggestions_for_text("A different version of the text: my husband moved out in the winter.")


def test_panel_queries_do_not_grow_with_decisions(divorce_story, editor, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fireside.warning_suggestions.models import Source
    from fireside.warning_suggestions.services import warning_decision_record

    draft = divorce_story.get_latest_revision_as_object()
    story_suggestions(page=draft, user=editor)  # warm-up: analysis cached, permissions loaded
    with CaptureQueriesContext(connection) as few:
        story_suggestions(page=draft, user=editor)
    for i in range(30):
        warning_decision_record(
            story=divorce_story,
            label="divorce",
            decision="rejected" if i % 2 else "accepted",
            editor=editor,
            source=Source.PAGE_EDITOR,
        )
    with django_assert_max_num_queries(len(few)):
        found = story_suggestions(page=draft, user=editor)
    assert len(few) <= 6
    assert (
        next(row for row in found.rows if row.suggestion.slug == "divorce").decision.decision == "rejected"
    )  # the 30th, latest


def test_submission_review_shows_suggestions_and_accepting_there_updates_the_draft(
    editor_client, make_submission, warnings_by_slug
):
    from fireside.warning_suggestions.tests.conftest import DIVORCE_BODY

    body = re.sub(r"<[^>]+>", "\n\n", DIVORCE_BODY).strip()
    submission = make_submission(body=body).submission
    url = f"/admin/submissions/{submission.pk}/"
    page = editor_client.get(url).content.decode()
    section = page[page.index("ws-submission-heading") :]
    assert "Suggested content warnings" in section and "Divorce" in section
    assert "solicitor" in section and "<form" in section
    response = editor_client.post(
        decide_url(submission.story),
        {"label": "divorce", "decision": "accepted", "next": url, "source": "submission_review"},
    )
    assert response.status_code == 302 and response["Location"] == url
    submission.story.refresh_from_db()
    draft = submission.story.get_latest_revision_as_object()
    assert warnings_by_slug["divorce"] in draft.content_warnings.all()
    assert WarningDecision.objects.get().source == "submission_review"


def test_a_refused_save_keeps_the_panel_on_the_saved_draft(editor_client, divorce_story):
    """Suggestions (and the text version decisions refer to) come from the saved draft, not the refused form."""
    response = editor_client.post(
        f"/admin/pages/{divorce_story.pk}/edit/",
        {
            "title": "",
            "slug": divorce_story.slug,
            "standfirst": "",
            "body": json.dumps(
                {
                    "blocks": [
                        {
                            "key": "a1b2c",
                            "text": "All new text about the weather.",
                            "type": "unstyled",
                            "depth": 0,
                            "inlineStyleRanges": [],
                            "entityRanges": [],
                        }
                    ],
                    "entityMap": {},
                }
            ),
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200  # the form comes back with its errors
    assert f'data-ws-text-hash="{current_hash(divorce_story)}"' in page
    assert 'data-ws-label="divorce"' in page


def test_a_new_story_has_no_panel_until_it_is_saved(editor_client, section):
    response = editor_client.get(f"/admin/pages/add/stories/storypage/{section.pk}/")
    assert response.status_code == 200
    assert "data-ws-panel" not in response.content.decode()
