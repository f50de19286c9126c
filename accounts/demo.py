"""Demo members for a living development site (``manage.py seed_demo``)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from .models import Member

DEMO_MEMBERS = [
    # username, website
    ("camille_dev", "https://camille.example.org"),
    ("yannick.rust", ""),
    ("sofiane42", "https://blog.sofiane.example.net"),
    ("margaux_ops", ""),
    ("thibault", "https://thibault.example.com"),
    ("lea.kernel", ""),
    ("bastien_py", "https://bastien.example.org"),
    ("nadia_sec", ""),
]


def create_verified_member(username: str, password: str, **fields) -> Member:
    member = Member.objects.create_user(
        username=username,
        email=f"{username.replace('.', '_')}@example.com",
        password=password,
        **fields,
    )
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    return member


def create_demo_members(password: str) -> list[Member]:
    """Members who joined months or years ago, as the dates of their comments say."""
    now = timezone.now()
    return [
        create_verified_member(
            username, password, website=website, date_joined=now - timedelta(days=200 + 97 * i)
        )
        for i, (username, website) in enumerate(DEMO_MEMBERS)
    ]
