"""Fixtures: stories written for these tests, an editor who may edit them and a staff user who may not."""

import pytest

# Original text written for these tests.
DIVORCE_BODY = (
    "<p>Our flat above the launderette always smelled of warm cotton, and for years I thought that was what a "
    "home smelled like.</p>"
    "<p>The winter my husband moved out, the solicitor's letters came every week and I read them standing up in "
    "the hallway. We sold the house we had bought as newlyweds, and the children now spend every other weekend "
    "at his flat across town.</p>"
    "<p>I have learned to cook for three instead of four, and to leave the landing light on.</p>"
)
DIVORCE_EVIDENCE = "The winter my husband moved out, the solicitor's letters came every week"
CONTROL_BODY = (
    "<p>He read my messages every evening and decided which friends I was allowed to see.</p>"
    "<p>I stopped answering the phone at work, because there would be questions later about who had called.</p>"
)
BETTING_BODY = (
    "<p>Most Friday nights ended at the betting shop, and I told my wife the money had gone on the car.</p>"
    "<p>The shop had a carpet the colour of old tea and a clock that was always five minutes fast.</p>"
)


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("wsed", "wsed@example.org", "pw", first_name="Noor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def outsider(db):
    """Can open the admin, cannot edit any page."""
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("wsout", "wsout@example.org", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def divorce_story(make_story):
    story = make_story(title="Two houses", body=DIVORCE_BODY)
    story.save_revision().publish()
    return story


@pytest.fixture(autouse=True)
def _no_loaded_site_model():
    """Each test starts with no site model loaded in this process (the rows are rolled back between tests)."""
    from fireside.warning_suggestions.selectors import forget_loaded_model

    forget_loaded_model()
    yield
    forget_loaded_model()


@pytest.fixture
def make_submission(section, warnings_by_slug):
    """A reader's submission made by the submissions app's own service (with its draft story)."""
    from fireside.submissions.services import submission_create

    def make(**overrides):
        kwargs = {
            "headline": "Two houses",
            "summary": "The year our family learned to live at two addresses.",
            "body": "I have learned to cook for three instead of four.",
            "section": section,
            "content_warnings": [],
            "pen_name": "",
            "contact_email": "writer@example.org",
            "consent_own_story": True,
            "consent_publish": True,
            "consent_names_changed": True,
        }
        kwargs.update(overrides)
        return submission_create(**kwargs)

    return make
