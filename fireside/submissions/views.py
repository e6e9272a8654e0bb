"""The writer's pages: the "Share your story" form (with its no-JavaScript privacy preview) and the status page.

The form is one POST endpoint with a few buttons (``action``): ``preview`` checks the text for identifying
information, ``apply``/``apply_all`` swap accepted findings for their replacements, ``send`` submits. Every
response re-renders the bound form, so nothing the writer typed is ever lost to an error.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fireside.core.formguard import HONEYPOT_FIELD, FormVerdict, check_form_token, issue_form_token
from fireside.core.ratelimit import client_ip, rate_limit_hit
from fireside.submissions import services
from fireside.submissions.forms import (
    ReplyForm,
    ReviseForm,
    SubmissionForm,
    WithdrawForm,
    format_pseudonyms,
    parse_pseudonyms,
    parse_replacements,
)
from fireside.submissions.models import SubmissionStatus
from fireside.submissions.privacy import (
    apply_accepted,
    finding_key,
    privacy_findings,
    sign_checked,
    was_checked,
)
from fireside.submissions.selectors import submission_duplicate_of
from fireside.textanalysis.pii import Finding, segments

FORM_PURPOSE = "story-submission"


def _setting(name: str, default):
    return getattr(settings, name, default)


def _private(response: HttpResponse) -> HttpResponse:
    """Pages that carry a writer's text or secret link: never cached, never indexed, never leaked by referrer.

    "same-origin" rather than "no-referrer": with no referrer at all Chromium posts forms with ``Origin: null``,
    which Django's CSRF check rightly refuses. Same-origin never sends the secret link to another site.
    """
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render_form(
    request: HttpRequest,
    form: SubmissionForm,
    *,
    findings: list[Finding] | None = None,
    body: str = "",
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "honeypot": form[HONEYPOT_FIELD],
        "preview": findings is not None,
        "findings": [(finding, finding_key(finding)) for finding in findings or []],
        "segments": segments(body, findings) if findings is not None else [],
        "notice": notice,
    }
    return _private(render(request, "submissions/submit.html", context, status=status))


def _preview(request: HttpRequest, data, form: SubmissionForm, *, notice: str = "") -> HttpResponse:
    """Show the privacy check for the form's (valid) body, and remember that this exact text was checked."""
    body = form.cleaned_data["body"]
    data["body"] = body
    data["privacy_checked"] = sign_checked(body)
    form = SubmissionForm(data)
    form.is_valid()
    findings = privacy_findings(body, parse_pseudonyms(data.get("pseudonyms", "")))
    return _render_form(request, form, findings=findings, body=body, notice=notice)


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(
            request, SubmissionForm(initial={"form_token": issue_form_token(purpose=FORM_PURPOSE)})
        )

    data = request.POST.copy()
    action = data.get("action", "preview")
    guard = check_form_token(
        data.get("form_token", ""),
        purpose=FORM_PURPOSE,
        honeypot=data.get(HONEYPOT_FIELD, ""),
        min_seconds=_setting("FIRESIDE_SUBMISSION_MIN_FILL_SECONDS", 10),
        max_age=_setting("FIRESIDE_SUBMISSION_FORM_MAX_AGE", 24 * 3600),
    )
    if guard.verdict in (FormVerdict.TAMPERED, FormVerdict.EXPIRED):
        # A stale or missing token is a tired person, not an attack: give them a fresh one and carry on.
        data["form_token"] = issue_form_token(purpose=FORM_PURPOSE)
    form = SubmissionForm(data)
    if guard.verdict is FormVerdict.HONEYPOT:
        form.is_valid()
        form.add_error(
            None, "We could not accept this form. Please clear the field marked “Leave this empty”."
        )
        return _render_form(request, form, status=400)
    if not form.is_valid():
        return _render_form(request, form, status=400)

    body = form.cleaned_data["body"]
    if action in ("apply", "apply_all"):
        applied = apply_accepted(
            body=body,
            pseudonyms=parse_pseudonyms(data.get("pseudonyms", "")),
            replacements=parse_replacements(data.get("replacements", "")),
            accepted_keys=request.POST.getlist("accept"),
            apply_all=action == "apply_all",
        )
        data["body"], data["replacements"], data["pseudonyms"] = (
            applied.body,
            applied.replacements,
            applied.pseudonyms,
        )
        form = SubmissionForm(data)
        if not form.is_valid():
            return _render_form(request, form, status=400)
        return _preview(request, data, form, notice=applied.notice)

    if action != "send":
        return _preview(request, data, form)

    if not was_checked(data.get("privacy_checked", ""), body):
        return _preview(
            request, data, form, notice="Your text changed since the privacy check: look once more."
        )
    if guard.verdict is FormVerdict.TOO_FAST:
        form.add_error(
            None, "That was quicker than a person can write. Please check your story and send again."
        )
        return _render_form(request, form, status=400)
    if guard.verdict is not FormVerdict.OK:
        form.add_error(None, "This form was open for a long time. Please press “Send my story” again.")
        return _render_form(request, form, status=400)

    email = form.cleaned_data["contact_email"]
    if submission_duplicate_of(contact_email=email, body=body) is not None:
        response = render(request, "submissions/sent.html", {"duplicate": True})
        return _private(response)

    limit = _setting("FIRESIDE_SUBMISSIONS_PER_HOUR", 3)
    for scope, identity in (("submission-ip", client_ip(request)), ("submission-email", email)):
        if not rate_limit_hit(scope=scope, identity=identity, limit=limit, window=3600).allowed:
            form.add_error(
                None,
                f"You have sent {limit} stories in the last hour, which is our limit. Your text is still here: "
                "keep this page open and send it again later, or copy it somewhere safe.",
            )
            return _render_form(request, form, status=429)

    try:
        receipt = services.submission_create(
            headline=form.cleaned_data["headline"],
            summary=form.cleaned_data["summary"],
            body=body,
            section=form.cleaned_data["section"],
            content_warnings=form.cleaned_data["content_warnings"],
            pen_name=form.cleaned_data["pen_name"],
            contact_email=email,
            consent_own_story=form.cleaned_data["consent_own_story"],
            consent_publish=form.cleaned_data["consent_publish"],
            consent_names_changed=form.cleaned_data["consent_names_changed"],
            replacements_accepted=parse_replacements(data.get("replacements", "")),
            pseudonyms=parse_pseudonyms(data.get("pseudonyms", "")),
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render_form(request, form, status=400)
    link = (
        request.build_absolute_uri(reverse("submissions:status", args=[receipt.token]))
        if receipt.token
        else ""
    )
    context = {"duplicate": receipt.duplicate, "status_link": link, "submission": receipt.submission}
    return _private(render(request, "submissions/sent.html", context, status=201 if receipt.token else 200))


REVISE_ACTIONS = ("revise", "revise_preview", "revise_apply", "revise_apply_all")


def _revise(request: HttpRequest, submission) -> HttpResponse | tuple[ReviseForm, dict | None, int]:
    """The writer's edit, with the same privacy check as the first submission.

    ``revise_preview`` checks the text, ``revise_apply``/``revise_apply_all`` swap accepted findings, and
    ``revise`` sends only text that went through the check (otherwise the check is shown first). Pseudonyms
    accepted earlier, stored on the submission, are never flagged as people again. Returns a redirect once
    sent, else the bound form, the privacy-check context (or None) and the status code.
    """
    data = request.POST.copy()
    action = data.get("action", "")
    form = ReviseForm(data, prefix="revise")
    if submission.status != SubmissionStatus.CHANGES_REQUESTED:
        form.is_valid()
        form.add_error(None, "You can edit your story only while the editors have asked for changes.")
        return form, None, 400
    if not form.is_valid():
        return form, None, 400
    body = form.cleaned_data["body"]
    earlier = list(submission.pseudonyms or [])
    notice = ""
    if action in ("revise_apply", "revise_apply_all"):
        applied = apply_accepted(
            body=body,
            pseudonyms=[*earlier, *parse_pseudonyms(data.get("revise-pseudonyms", ""))],
            replacements=parse_replacements(data.get("revise-replacements", "")),
            accepted_keys=request.POST.getlist("accept"),
            apply_all=action == "revise_apply_all",
        )
        data["revise-body"], data["revise-replacements"] = applied.body, applied.replacements
        # Only the names new in this edit travel in the form; the earlier ones are on the submission.
        data["revise-pseudonyms"] = format_pseudonyms(
            [name for name in parse_pseudonyms(applied.pseudonyms) if name not in earlier]
        )
        form = ReviseForm(data, prefix="revise")
        if not form.is_valid():
            return form, None, 400
        body, notice = form.cleaned_data["body"], applied.notice
    elif action == "revise":
        if was_checked(data.get("revise-privacy_checked", ""), body):
            try:
                services.submission_revise(
                    submission=submission,
                    headline=form.cleaned_data["headline"],
                    summary=form.cleaned_data["summary"],
                    body=body,
                    note=form.cleaned_data["note"],
                    replacements_accepted=parse_replacements(data.get("revise-replacements", "")),
                    pseudonyms=parse_pseudonyms(data.get("revise-pseudonyms", "")),
                )
            except ValidationError as error:
                form.add_error(None, error)
                return form, None, 400
            return redirect(request.path + "?done=revise")
        notice = (
            "Your text changed since the privacy check: look once more."
            if data.get("revise-privacy_checked")
            else "Before your edit goes back, check it once more for details that could identify someone."
        )
    data["revise-body"] = body
    data["revise-privacy_checked"] = sign_checked(body)
    form = ReviseForm(data, prefix="revise")
    form.is_valid()
    findings = privacy_findings(body, [*earlier, *parse_pseudonyms(data.get("revise-pseudonyms", ""))])
    check = {
        "revise_findings": [(finding, finding_key(finding)) for finding in findings],
        "revise_segments": segments(body, findings),
        "revise_notice": notice,
    }
    return form, check, 200


@require_http_methods(["GET", "HEAD", "POST"])
def status(request: HttpRequest, token: str) -> HttpResponse:
    submission = services.submission_for_token(token)
    if submission is None:
        raise Http404("No story for this link.")
    reply_form = ReplyForm(prefix="reply")
    revise_form = ReviseForm(
        prefix="revise",
        initial={"headline": submission.headline, "summary": submission.summary, "body": submission.body},
    )
    withdraw_form = WithdrawForm(prefix="withdraw")
    revise_check: dict | None = None
    code = 200
    if request.method == "POST":
        here = request.path
        action = request.POST.get("action", "")
        allowed = rate_limit_hit(
            scope="submission-status", identity=client_ip(request), limit=30, window=3600
        ).allowed
        if not allowed:
            code = 429
        elif action == "reply":
            reply_form = ReplyForm(request.POST, prefix="reply")
            if reply_form.is_valid():
                try:
                    services.submission_reply(submission=submission, body=reply_form.cleaned_data["message"])
                    return redirect(here + "?done=reply")
                except ValidationError as error:
                    reply_form.add_error(None, error)
            code = 400
        elif action in REVISE_ACTIONS:
            outcome = _revise(request, submission)
            if isinstance(outcome, HttpResponse):
                return outcome
            revise_form, revise_check, code = outcome
        elif action == "withdraw":
            withdraw_form = WithdrawForm(request.POST, prefix="withdraw")
            if withdraw_form.is_valid():
                services.submission_withdraw(submission=submission)
                return redirect(here + "?done=withdraw")
            code = 400
    context = {
        "submission": submission,
        "status": submission.effective_status,
        "statuses": SubmissionStatus,
        "messages_thread": list(submission.messages.all()),
        "reply_form": reply_form,
        "revise_form": revise_form,
        "withdraw_form": withdraw_form,
        "done": request.GET.get("done", ""),
        "rate_limited": code == 429,
        "revise_preview": revise_check is not None,
        **(revise_check or {}),
    }
    return _private(render(request, "submissions/status.html", context, status=code))
