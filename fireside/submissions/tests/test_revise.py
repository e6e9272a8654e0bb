"""The writer's edit while changes are requested: the privacy check, stored pseudonyms, and emails to editors."""

import re

import pytest

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from wagtail.models import WorkflowState

from fireside.editorial.selectors import submission_reviewer_emails
from fireside.submissions import services
from fireside.submissions.models import MessageKind, MessageSender, SubmissionStatus
from fireside.textanalysis.pii import apply_replacements, find_identifying_information

from .conftest import STORY

pytestmark = pytest.mark.django_db

WRITER_EMAIL = "writer.private@example.org"
NEW_DETAILS = "\n\nMy neighbour Chidinma Okafor still rings me on 07700 900318 when the boiler breaks."


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def act(submission, user, action, **data):
    state = WorkflowState.objects.active().for_instance(submission.story).get()
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(task_state, user, action, **data)
    submission.refresh_from_db()
    return submission


def status_url(token):
    return f"/submit/status/{token}/"


def edit_data(body, **extra):
    data = {
        "action": "revise",
        "revise-headline": "The winter of the late invitation",
        "revise-summary": "A resealed envelope, and the silence it caused in our house.",
        "revise-body": body,
        "revise-note": "Added the ending you asked for.",
    }
    data.update(extra)
    return data


def hidden(response):
    """The hidden privacy-check state the page hands back, as a person's browser would send it again."""
    form = response.context["revise_form"]
    return {
        "revise-privacy_checked": form["privacy_checked"].value() or "",
        "revise-replacements": form["replacements"].value() or "",
        "revise-pseudonyms": form["pseudonyms"].value() or "",
    }


@pytest.fixture
def other_editor(db):
    user = User.objects.create_user("mo", "mo@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def changes_requested(make_submission, editor, story_with_details):
    """A story sent with every suggestion accepted (as the form does), now waiting for the writer's edit."""
    findings = find_identifying_information(story_with_details)
    body = apply_replacements(story_with_details, findings)
    pseudonyms = [f.replacement for f in findings if f.kind == "name"]
    receipt = make_submission(body=body, pseudonyms=pseudonyms, replacements_accepted={"name": 2, "phone": 1})
    act(receipt.submission, editor, "reject", message="Could you add how it ended?")
    mail.outbox.clear()
    return receipt, body, pseudonyms


def test_sending_an_edit_without_a_check_shows_the_privacy_check_first(client, changes_requested):
    receipt, body, _pseudonyms = changes_requested
    response = client.post(status_url(receipt.token), edit_data(body + NEW_DETAILS))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>07700 900318</mark>" in html and "<mark>Chidinma Okafor</mark>" in html
    assert "[phone number]" in html and html.count('name="accept"') >= 2
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert "07700 900318" not in receipt.submission.body  # nothing saved yet
    assert "07700 900318" in response.context["revise_form"]["body"].value()  # and nothing lost


def test_accepted_pseudonyms_are_not_flagged_again_in_the_edit(client, changes_requested):
    receipt, body, pseudonyms = changes_requested
    # The premise: without the stored list the finder would flag the invented name as a person.
    assert {f.text for f in find_identifying_information(body) if f.kind == "name"} & set(pseudonyms)
    response = client.post(status_url(receipt.token), edit_data(body, action="revise_preview"))
    flagged = {finding.text for finding, _key in response.context["revise_findings"]}
    assert not flagged & set(pseudonyms)
    for name in pseudonyms:
        assert f"<mark>{name}</mark>" not in response.content.decode()


def test_writer_replaces_one_finding_then_all_then_sends(client, changes_requested, editor):
    receipt, body, pseudonyms = changes_requested
    url = status_url(receipt.token)
    response = client.post(url, edit_data(body + NEW_DETAILS, action="revise_preview"))
    phone = next(key for finding, key in response.context["revise_findings"] if finding.kind == "phone")
    response = client.post(
        url,
        edit_data(body + NEW_DETAILS, action="revise_apply", accept=[phone], **hidden(response)),
    )
    edited = response.context["revise_form"]["body"].value()
    assert "07700 900318" not in edited and "Chidinma Okafor" in edited
    assert "Replaced 1 detail." in response.content.decode()
    response = client.post(url, edit_data(edited, action="revise_apply_all", **hidden(response)))
    edited = response.context["revise_form"]["body"].value()
    assert "Chidinma" not in edited and response.context["revise_findings"] == []
    new_name = response.context["revise_form"]["pseudonyms"].value()
    assert new_name and new_name not in pseudonyms
    response = client.post(url, edit_data(edited, **hidden(response)))
    assert response.status_code == 302 and response["Location"].endswith("?done=revise")
    submission = receipt.submission
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert submission.body == edited
    assert submission.replacements_accepted == {"name": 3, "phone": 2}
    assert submission.pseudonyms == [*pseudonyms, new_name]
    # The editors' panel filters the same stored pseudonyms.
    client.force_login(editor)
    panel = client.get(reverse("editorial:submission_detail", args=[submission.pk]))
    assert not {f.text for f in panel.context["review"].findings} & {*pseudonyms, new_name}


def test_an_edit_changed_after_the_check_is_checked_again(client, changes_requested):
    receipt, body, _pseudonyms = changes_requested
    url = status_url(receipt.token)
    response = client.post(url, edit_data(body, action="revise_preview"))
    response = client.post(url, edit_data(body + NEW_DETAILS, **hidden(response)))
    assert response.status_code == 200
    assert "changed since the privacy check" in response.content.decode()
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.CHANGES_REQUESTED


def test_stale_ticks_after_an_edit_replace_nothing(client, changes_requested):
    receipt, body, _pseudonyms = changes_requested
    url = status_url(receipt.token)
    response = client.post(url, edit_data(body + NEW_DETAILS, action="revise_preview"))
    keys = [key for _finding, key in response.context["revise_findings"]]
    moved = "A new first line moves every finding.\n\n" + body + NEW_DETAILS
    response = client.post(url, edit_data(moved, action="revise_apply", accept=keys))
    assert response.context["revise_form"]["body"].value() == moved


def test_preview_is_refused_when_no_changes_were_requested(client, make_submission):
    receipt = make_submission()
    response = client.post(status_url(receipt.token), edit_data(STORY, action="revise_preview"))
    assert response.status_code == 400
    assert "only while the editors have asked for changes" in response.content.decode()


# --- Hostile input in the edit form -------------------------------------------------------------------------
HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "'; DROP TABLE submissions_submission; --",
    "zero\u200bwidth\u200d and \u202eright-to-left\u202c text",
    "emoji 🔥🕯️👩🏽‍🦱",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_edit_is_checked_stored_plain_and_rendered_escaped(client, changes_requested, hostile):
    receipt, body, _pseudonyms = changes_requested
    url = status_url(receipt.token)
    edited = f"{hostile}\n\n{body}\n\n{hostile}"
    data = edit_data(edited, **{"revise-headline": f"Headline {hostile}", "revise-note": hostile})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html
    assert response.context["revise_form"]["body"].value() == edited
    response = client.post(url, {**data, **hidden(response)})
    assert response.status_code == 302
    submission = receipt.submission
    submission.refresh_from_db()
    assert hostile in submission.body and hostile in submission.headline
    draft = submission.story.get_latest_revision_as_object()
    assert "<script>alert" not in draft.body and "<img src=x" not in draft.body
    page = client.get(url).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert submission.messages.filter(kind=MessageKind.REVISED, body=hostile).exists()


def test_a_one_megabyte_edit_is_refused_next_to_the_field_and_kept(client, changes_requested):
    receipt, _body, _pseudonyms = changes_requested
    huge = ("word " * 210_000)[:1_048_576]
    response = client.post(status_url(receipt.token), edit_data(huge))
    assert response.status_code == 400
    assert "the limit is 50,000" in str(response.context["revise_form"].errors["body"])
    assert len(response.context["revise_form"]["body"].value()) == len(huge)
    assert "Nothing you typed has been lost" in response.content.decode()
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.CHANGES_REQUESTED


def test_nul_bytes_in_an_edit_are_refused_with_a_message_and_the_text_kept(client, changes_requested):
    receipt, body, _pseudonyms = changes_requested
    response = client.post(
        status_url(receipt.token), edit_data(body + "\x00", **{"revise-headline": "Null\x00"})
    )
    assert response.status_code == 400
    assert "Null characters are not allowed" in str(response.context["revise_form"].errors)
    assert response.context["revise_form"]["body"].value().startswith(body[:200])
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.CHANGES_REQUESTED


def test_a_tampered_privacy_state_does_not_crash_or_send(client, changes_requested):
    receipt, body, _pseudonyms = changes_requested
    data = edit_data(
        body,
        **{
            "revise-privacy_checked": "forged:token",
            "revise-replacements": "name:999999999,<script>:1,phone:x",
            "revise-pseudonyms": "|".join(["y" * 300] * 10),
        },
    )
    response = client.post(status_url(receipt.token), data)
    assert response.status_code == 200 and response.context["revise_preview"]
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.CHANGES_REQUESTED


# --- Editors are emailed when the writer answers or edits ------------------------------------------------------
def test_writer_answer_emails_the_reviewers_with_a_link_and_without_the_writer_email(
    client, make_submission, editor, other_editor
):
    receipt = make_submission()
    mail.outbox.clear()
    response = client.post(
        status_url(receipt.token), {"action": "reply", "reply-message": "The town is invented, I promise."}
    )
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["ed@example.org", "mo@example.org"]
    email = mail.outbox[0]
    assert "The town is invented, I promise." in email.body
    assert f"/admin/submissions/{receipt.submission.pk}/" in email.body
    assert "answered" in email.subject and "late invitation" in email.subject
    for message in mail.outbox:
        assert WRITER_EMAIL not in message.body and WRITER_EMAIL not in message.subject
        assert WRITER_EMAIL not in str(message.message())
    kept = receipt.submission.messages.get()
    assert kept.sender == MessageSender.WRITER and kept.emailed_at is not None


def test_edited_story_emails_the_reviewers_and_is_kept_with_the_messages(
    client, changes_requested, editor, other_editor
):
    receipt, body, _pseudonyms = changes_requested
    url = status_url(receipt.token)
    response = client.post(url, edit_data(body, action="revise_preview"))
    client.post(url, edit_data(body, **hidden(response)))
    subjects = {message.subject for message in mail.outbox}
    assert subjects == {"The writer edited “The winter of the late invitation”"}
    assert sorted(message.to[0] for message in mail.outbox) == ["ed@example.org", "mo@example.org"]
    assert "Added the ending you asked for." in mail.outbox[0].body
    assert f"/admin/submissions/{receipt.submission.pk}/" in mail.outbox[0].body
    revised = receipt.submission.messages.get(kind=MessageKind.REVISED)
    assert revised.emailed_at is not None
    client.force_login(editor)
    panel = client.get(reverse("editorial:submission_detail", args=[receipt.submission.pk]))
    assert re.search(r"Story revised · [^<]*· emailed", panel.content.decode())


def test_only_the_reviewers_responsible_are_emailed(make_submission, editor):
    from fireside.editorial.models import SubmissionReviewTask

    outsider = User.objects.create_user("out", "outsider@example.org", "pw", is_staff=True)
    gone = User.objects.create_user("gone", "gone@example.org", "pw", is_active=False)
    gone.groups.add(Group.objects.get(name="Editors"))
    chief = User.objects.create_superuser("chief", "chief@example.org", "pw")
    receipt = make_submission()
    # Narrow the review step to one group: Moderators (with nobody in it) are no longer responsible.
    review = SubmissionReviewTask.objects.get()
    review.groups.set([Group.objects.get(name="Editors")])
    assert submission_reviewer_emails(submission=receipt.submission) == ["ed@example.org"]
    # An editor outside the groups who wrote to the writer is responsible too.
    services.submission_message_writer(submission=receipt.submission, editor=chief, body="A question.")
    emails = submission_reviewer_emails(submission=receipt.submission)
    assert sorted(emails) == ["chief@example.org", "ed@example.org"]
    assert outsider.email not in emails and gone.email not in emails


def test_a_mail_server_that_is_down_does_not_lose_the_answer(client, make_submission, editor, settings):
    settings.EMAIL_BACKEND = "fireside.submissions.tests.test_revise.BrokenBackend"
    receipt = make_submission()
    response = client.post(status_url(receipt.token), {"action": "reply", "reply-message": "Still here."})
    assert response.status_code == 302
    message = receipt.submission.messages.get()
    assert message.body == "Still here." and message.emailed_at is None


class BrokenBackend:
    """A mail server that refuses connections (the true edge of the system)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_status_page_never_shows_the_writer_email(client, changes_requested):
    receipt, body, _pseudonyms = changes_requested
    url = status_url(receipt.token)
    client.post(url, {"action": "reply", "reply-message": "Here is my answer."})
    for response in (client.get(url), client.post(url, edit_data(body, action="revise_preview"))):
        html = response.content.decode()
        assert WRITER_EMAIL not in html and "writer.private" not in html


def test_a_real_name_slipped_into_the_hidden_pseudonyms_is_still_flagged(client, changes_requested):
    receipt, body, _pseudonyms = changes_requested
    data = edit_data(body + NEW_DETAILS, action="revise_preview", **{"revise-pseudonyms": "Chidinma Okafor"})
    response = client.post(status_url(receipt.token), data)
    assert "<mark>Chidinma Okafor</mark>" in response.content.decode()
