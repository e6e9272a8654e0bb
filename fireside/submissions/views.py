"""The writer's pages: the "Share your story" form (with its no-JavaScript privacy preview) and the status page.

The form is one POST endpoint with a few buttons (``action``): ``preview`` checks the text for identifying
information, ``apply``/``apply_all`` swap accepted findings for their replacements, ``send`` submits. Every
response re-renders the bound form, so nothing the writer typed is ever lost to an error.
"""

import hashlib

from django.conf import settings
from django.core import signing
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
    format_replacements,
    parse_pseudonyms,
    parse_replacements,
)
from fireside.submissions.models import SubmissionStatus
from fireside.submissions.selectors import submission_duplicate_of
from fireside.textanalysis.pii import Finding, apply_replacements, find_identifying_information, segments

FORM_PURPOSE = "story-submission"
_PRIVACY_SALT = "fireside.submissions.privacy-checked"
MAX_ACCEPTED = 2_000  # more ticked boxes than any real story has findings


def _setting(name: str, default):
    return getattr(settings, name, default)


def _finding_key(finding: Finding) -> str:
    digest = hashlib.sha256(finding.text.encode()).hexdigest()[:10]
    return f"{finding.start}:{finding.end}:{digest}"


def _findings(body: str, pseudonyms: list[str]) -> list[Finding]:
    """What to show the writer: everything found, except the pseudonyms they already accepted."""
    accepted = set(pseudonyms)
    return [
        finding
        for finding in find_identifying_information(body)
        if not (finding.kind == "name" and finding.text in accepted)
    ]


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
        "findings": [(finding, _finding_key(finding)) for finding in findings or []],
        "segments": segments(body, findings) if findings is not None else [],
        "notice": notice,
    }
    return _private(render(request, "submissions/submit.html", context, status=status))


def _preview(request: HttpRequest, data, form: SubmissionForm, *, notice: str = "") -> HttpResponse:
    """Show the privacy check for the form's (valid) body, and remember that this exact text was checked."""
    body = form.cleaned_data["body"]
    data["body"] = body
    data["privacy_checked"] = signing.dumps(services.text_fingerprint_for(body), salt=_PRIVACY_SALT)
    form = SubmissionForm(data)
    form.is_valid()
    findings = _findings(body, parse_pseudonyms(data.get("pseudonyms", "")))
    return _render_form(request, form, findings=findings, body=body, notice=notice)


def _privacy_was_checked(data, body: str) -> bool:
    try:
        return signing.loads(
            data.get("privacy_checked", ""), salt=_PRIVACY_SALT
        ) == services.text_fingerprint_for(body)
    except signing.BadSignature:
        return False


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
        pseudonyms = parse_pseudonyms(data.get("pseudonyms", ""))
        findings = _findings(body, pseudonyms)
        wanted = set(request.POST.getlist("accept")[:MAX_ACCEPTED])
        chosen = findings if action == "apply_all" else [f for f in findings if _finding_key(f) in wanted]
        counts = parse_replacements(data.get("replacements", ""))
        for finding in chosen:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        data["body"] = apply_replacements(body, chosen)
        data["replacements"] = format_replacements(counts)
        data["pseudonyms"] = format_pseudonyms(
            parse_pseudonyms("|".join([*pseudonyms, *(f.replacement for f in chosen if f.kind == "name")]))
        )
        form = SubmissionForm(data)
        if not form.is_valid():
            return _render_form(request, form, status=400)
        done = (
            f"Replaced {len(chosen)} detail{'s' if len(chosen) != 1 else ''}."
            if chosen
            else "Nothing replaced."
        )
        return _preview(request, data, form, notice=done)

    if action != "send":
        return _preview(request, data, form)

    if not _privacy_was_checked(data, body):
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
        elif action == "revise":
            revise_form = ReviseForm(request.POST, prefix="revise")
            if revise_form.is_valid():
                try:
                    services.submission_revise(
                        submission=submission,
                        headline=revise_form.cleaned_data["headline"],
                        summary=revise_form.cleaned_data["summary"],
                        body=revise_form.cleaned_data["body"],
                        note=revise_form.cleaned_data["note"],
                    )
                    return redirect(here + "?done=revise")
                except ValidationError as error:
                    revise_form.add_error(None, error)
            code = 400
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
    }
    return _private(render(request, "submissions/status.html", context, status=code))
