"""Test helpers shared with other apps' tests: a reader reading a story, as the beacon sees it."""

from fireside.engagement.readers import story_token_issue

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
)


def read_story(
    client, story, *, ip: str = "203.0.113.5", user_agent: str = BROWSER_UA, token: str | None = None
):
    """Send the view beacon for ``story`` as a reader at ``ip`` would after loading the page."""
    return client.post(
        "/engagement/view/",
        {"t": token if token is not None else story_token_issue(story.pk)},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=user_agent,
    )
