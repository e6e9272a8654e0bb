"""Reads for the submission views."""

from fireside.submissions.models import Submission
from fireside.submissions.services import text_fingerprint_for, writer_key_for


def submission_duplicate_of(*, contact_email: str, body: str) -> Submission | None:
    """The writer's earlier submission of this same text, if any (checked before rate limits count a send)."""
    return Submission.objects.filter(
        writer_key=writer_key_for(contact_email), text_fingerprint=text_fingerprint_for(body)
    ).first()
