"""The submission fixtures are shared with the editorial tests."""

from fireside.submissions.tests.conftest import (  # noqa: F401
    editor,
    form_data,
    make_submission,
    story_text,
    story_with_details,
    warning,
)
