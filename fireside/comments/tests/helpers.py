"""Comment-making shortcuts the service tests share (plain functions: fixtures stay in conftest.py)."""

from fireside.comments import services
from fireside.comments.models import Comment, CommentStatus


def post(story, rules, **kwargs) -> Comment:
    """Post a pleasant comment through the real service, overriding any field by keyword."""
    values = {
        "story": story,
        "body": "The bit about the ferry made me laugh out loud on the bus.",
        "author_name": "Odile",
        "author_email": "odile@example.org",
        "rules": rules,
    }
    values.update(kwargs)
    return services.comment_create(**values)


def approve_earlier_comment(story, email: str = "odile@example.org") -> Comment:
    """Make ``email`` an established commenter: one approved comment already on the story."""
    return Comment.objects.create(
        story=story, author_name="Odile", author_email=email, body="An earlier kind word.",
        status=CommentStatus.APPROVED,
    )  # fmt: skip
