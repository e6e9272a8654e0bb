"""Fixtures for submission tests: an original story text, a valid form post and a submitted story."""

import time

import pytest

from fireside.core.formguard import issue_form_token

# Written for these tests. Names, numbers and places are invented; the phone number is in Ofcom's drama range.
STORY_PARAGRAPHS = [
    "The winter my grandmother stopped speaking to my mother, I was eleven and thought silence was something "
    "adults did on purpose, like dieting or saving up for a holiday. It turned out to be neither.",
    "It began with a wedding invitation that arrived a week late. My aunt Marisol had married a man none of us "
    "had met, in a town none of us could find on the map in the hallway, and the envelope had been opened and "
    "closed again before it reached our kitchen table. My mother held it up to the window as if the light "
    "would show her who had read it first.",
    "Grandmother lived with us then, in the small room at the back that still smelled of the paint my father "
    "had used to turn it from a study into a bedroom. She took her meals on a tray. She listened to the radio "
    "with the volume so low that you had to stand right beside her to know it was on at all.",
    "For three months the two women passed each other in the corridor like ships that had agreed not to fly "
    "flags. I carried messages. Tell your grandmother the bus is late. Tell your mother I have eaten. I was "
    "very proud of being useful and had no idea what I was being used for.",
    "The truth came out on a Tuesday, which felt wrong, because I believed important things should happen at "
    "weekends. Grandmother had opened the invitation. She had read it and resealed it with glue from my "
    "school pencil case, because she wanted to be the one to decide whether my mother would go. She decided "
    "that she would not. The letter was simply late enough to make the decision for everyone.",
    "My mother did not shout. She sat down on the bottom stair and laughed until she cried, and then she rang "
    "her sister for the first time in nine years, and they talked until the phone was hot against her ear.",
    "Grandmother moved out in the spring. Nobody asked her to, and nobody asked her to stay. I still have the "
    "pencil case with the glue stains on the zip, and I still do not know whether I am angry with her, or "
    "with myself for carrying all those messages without once asking what was inside them.",
    "When I told this story to a friend last year she asked whether we ever forgave each other. I said that "
    "forgiveness in my family looks less like a conversation and more like a change in the weather: one day "
    "you notice that the windows are open again, and nobody remembers who opened them.",
]
STORY = "\n\n".join(STORY_PARAGRAPHS)
PRIVATE_DETAILS = (
    "\n\nIf my cousin Aleksander Nowak reads this, he can ring me on 07700 900461 or write to "
    "marisol.writer@example.net, or find me as @quiet_kitchen online."
)


@pytest.fixture
def story_text():
    return STORY


@pytest.fixture
def story_with_details():
    return STORY + PRIVATE_DETAILS


@pytest.fixture
def warning(warnings_by_slug):
    return next(iter(warnings_by_slug.values()))


@pytest.fixture
def form_data(section, warning):
    """A complete, valid post of the submission form, shown a minute ago."""

    def make(**overrides):
        data = {
            "headline": "The winter of the late invitation",
            "summary": "A resealed envelope, and the silence it caused in our house.",
            "body": STORY,
            "section": str(section.pk),
            "content_warnings": [str(warning.pk)],
            "pen_name": "Wren Hollis",
            "contact_email": "writer.private@example.org",
            "consent_own_story": "on",
            "consent_publish": "on",
            "consent_names_changed": "on",
            "form_token": issue_form_token(purpose="story-submission", now=time.time() - 120),
            "website_confirm": "",
            "action": "preview",
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def make_submission(section, warning):
    from fireside.submissions.services import submission_create

    def make(**overrides):
        kwargs = {
            "headline": "The winter of the late invitation",
            "summary": "A resealed envelope, and the silence it caused in our house.",
            "body": STORY,
            "section": section,
            "content_warnings": [warning],
            "pen_name": "Wren Hollis",
            "contact_email": "writer.private@example.org",
            "consent_own_story": True,
            "consent_publish": True,
            "consent_names_changed": True,
        }
        kwargs.update(overrides)
        return submission_create(**kwargs)

    return make


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("ed", "ed@example.org", "pw", first_name="Eda", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user
