"""Fixtures for the copied-story check: the labelled corpus, stories with real texts, editors and writers."""

import json
from pathlib import Path

import pytest

from fireside.submissions.tests.conftest import editor, make_submission, warning  # noqa: F401 - shared fixtures

CORPUS = Path(__file__).resolve().parents[2] / "textanalysis" / "tests" / "data" / "duplicates_corpus.json"


@pytest.fixture(scope="session")
def corpus() -> dict[str, dict]:
    data = json.loads(CORPUS.read_text(encoding="utf-8"))
    return {story["id"]: story for story in data["stories"]}


def paragraphs_html(text: str) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n") if part.strip())


@pytest.fixture
def make_text_story(make_story):
    """A draft-free story whose body is ``text`` (plain paragraphs), saved with a revision like an editor's."""

    def make(text: str, **kwargs):
        story = make_story(body=paragraphs_html(text), **kwargs)
        return story

    return make


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_superuser(
        username="reviewer",
        email="reviewer@example.org",
        password="secret",  # noqa: S106 - test fixture
    )


@pytest.fixture
def plain_editor(django_user_model):
    """Can use Wagtail's admin but is not a submissions reviewer."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="plain",
        email="plain@example.org",
        password="secret",  # noqa: S106 - test fixture
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
