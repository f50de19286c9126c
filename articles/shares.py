"""Share links that need no third-party script: each is an address of the network's own share
page, reached through our counting redirect."""

from urllib.parse import quote, urlencode

from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

NETWORKS = {
    # name: (label, address builder taking the article's absolute URL and title)
    "email": (_("Email"), lambda url, title: f"mailto:?subject={quote(title)}&body={quote(url)}"),
    "x": (
        "X",
        lambda url, title: "https://x.com/intent/post?" + urlencode({"url": url, "text": title}),
    ),
    "mastodon": (
        "Mastodon",
        lambda url, title: "https://mastodonshare.com/?" + urlencode({"url": url, "text": title}),
    ),
    "bluesky": (
        "Bluesky",
        lambda url, title: (
            "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})
        ),
    ),
    "linkedin": (
        "LinkedIn",
        lambda url, title: (
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})
        ),
    ),
    "facebook": (
        "Facebook",
        lambda url, title: "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
    ),
    "reddit": (
        "Reddit",
        lambda url, title: (
            "https://www.reddit.com/submit?" + urlencode({"url": url, "title": title})
        ),
    ),
}
# The "copy the link" button counts through the same endpoint, then comes back to the article.
COPY = "lien"


class ShareRedirect(HttpResponseRedirect):
    allowed_schemes = ["http", "https", "mailto"]
