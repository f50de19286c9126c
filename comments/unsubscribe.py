"""One-click unsubscription from the emails (RFC 8058): a signed token in each email names the
member and the kind of email, so that no log-in is needed."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import Member

# The salt keeps its old module path: tokens in emails already sent must keep working.
UNSUBSCRIBE_SALT = "comments.notifications.unsubscribe"
# The member's preference each kind of email turns off.
UNSUBSCRIBE_FIELDS = {
    "replies": "email_on_reply",
    "follows": "email_on_follow",
    "mentions": "email_on_mention",
    "digest": "email_weekly_digest",
}
UNSUBSCRIBE_KINDS = set(UNSUBSCRIBE_FIELDS)
# A link in an email unsubscribes for this long; after it, the page asks to log in and change
# the preferences there (a token must not stay a key to someone's settings for ever).
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def unsubscribe_token(member: Member, kind: str) -> str:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object(
        {"m": member.pk, "k": kind}, compress=True
    )


def unsubscribe_url(member: Member, kind: str) -> str:
    return settings.SITE_URL + reverse(
        "comments:unsubscribe", args=[unsubscribe_token(member, kind)]
    )


class ExpiredToken(Exception):
    """The link is genuine but older than UNSUBSCRIBE_MAX_AGE."""


def read_unsubscribe_token(token: str) -> tuple[Member, str] | None:
    """The member and the kind of email a token unsubscribes from; None when it was tampered
    with or names no member; ExpiredToken when it is too old."""
    try:
        data = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign_object(
            token, max_age=UNSUBSCRIBE_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ExpiredToken from None
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in UNSUBSCRIBE_KINDS:
        return None
    member = Member.objects.filter(pk=data.get("m")).first()
    return (member, data["k"]) if member else None


def unsubscribe(member: Member, kind: str) -> None:
    Member.objects.filter(pk=member.pk).update(**{UNSUBSCRIBE_FIELDS[kind]: False})
