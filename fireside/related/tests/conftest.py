import pytest


@pytest.fixture
def publish(make_story):
    """A story published the way an editor publishes it, so Wagtail's page_published signal fires."""

    def make(title, standfirst, body, *, tags=(), warnings=(), parent=None):
        story = make_story(
            parent=parent,
            title=title,
            standfirst=standfirst,
            body="".join(f"<p>{p}</p>" for p in body.split("\n\n")),
        )
        story.tags.set(list(tags))
        story.content_warnings.set(list(warnings))
        story.save_revision().publish()
        story.refresh_from_db()
        return story

    return make


KIDNEY_A = (
    "A stranger gave me one of her kidneys",
    "Four years on dialysis, then a living donor I had never met.",
    "Three afternoons a week I sat in the renal unit while a machine cleaned my blood. The transplant list "
    "felt endless.\n\nThe coordinator rang on a Tuesday: an altruistic donor had offered a kidney to whoever "
    "needed it most.",
)
KIDNEY_B = (
    "The nurse who donated her kidney to someone she would never meet",
    "My father was running out of time on the transplant waiting list. A stranger's kidney saved him.",
    "Dad's kidneys failed slowly, then all at once. Dialysis took over his week.\n\nThe surgeon explained that "
    "a healthy stranger had chosen to donate a kidney, and she had been matched with him.",
)
KIDNEY_C = (
    "Why I gave my kidney to a man I had never met",
    "I am the donor in this story. Giving a kidney to a stranger took two years of tests.",
    "I read about living kidney donation on a train and could not stop thinking about it.\n\nThe transplant "
    "team tested my blood, my heart and my reasons before they let me donate.",
)
SWIMMING = (
    "I learned to swim at sixty-two",
    "Afraid of water since childhood, I finally took lessons at the leisure centre.",
    "As a child I slipped off a jetty and nearly drowned.\n\nLast year my granddaughter asked me into the pool.",
)
WEDDING = (
    "I cancelled my wedding five days before the ceremony",
    "The dress was altered and the caterers were paid.",
    "It was the florist who asked the question I could not answer.\n\nThe venue kept the deposit.",
)
