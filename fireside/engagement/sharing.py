"""The share networks: plain links to each network's own share page. No scripts, iframes or pixels of theirs.

Every link on our pages points at ``/share/<story>/<network>/``, which counts the click and redirects here. The
story URL we hand the network carries ``utm_source``/``utm_medium`` so arrivals can be attributed.
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class Network:
    slug: str
    label: str
    template: str  # {url}, {text}, {title}, {image}: each already percent-encoded
    medium: str = "social"


NETWORKS: dict[str, Network] = {
    network.slug: network
    for network in [
        Network("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
        Network("x", "X", "https://x.com/intent/post?url={url}&text={title}"),
        Network("whatsapp", "WhatsApp", "https://wa.me/?text={title}%20{url}"),
        Network("telegram", "Telegram", "https://t.me/share/url?url={url}&text={title}"),
        Network("reddit", "Reddit", "https://www.reddit.com/submit?url={url}&title={title}"),
        Network(
            "pinterest",
            "Pinterest",
            "https://www.pinterest.com/pin/create/button/?url={url}&media={image}&description={title}",
        ),
        Network("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        Network("bluesky", "Bluesky", "https://bsky.app/intent/compose?text={title}%20{url}"),
        Network("threads", "Threads", "https://www.threads.net/intent/post?text={title}%20{url}"),
        Network("email", "Email", "mailto:?subject={title}&body={text}%0A%0A{url}", medium="email"),
    ]
}


def tracked_url(url: str, *, network: Network) -> str:
    """The story URL with our attribution parameters (replacing any it already had)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    query += [("utm_source", network.slug), ("utm_medium", network.medium), ("utm_campaign", "share")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def share_target(*, network: Network, story_url: str, title: str, text: str, image_url: str) -> str:
    """The network's share URL for a story."""

    def enc(value: str) -> str:
        return quote(value, safe="")

    return network.template.format(
        url=enc(tracked_url(story_url, network=network)),
        title=enc(title),
        text=enc(text),
        image=enc(image_url),
    )
