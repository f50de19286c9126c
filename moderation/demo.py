"""Demo moderation for a living development site (``manage.py seed_demo``)."""

import random

from comments.models import Comment

from . import services
from .models import CommentReport


def create_moderation(members, moderator, seed: int = 2026) -> None:
    """A few reports in the queue and a few decisions in the public log."""
    rng = random.Random(seed)
    comments = list(Comment.objects.visible().filter(author__is_staff=False).order_by("?")[:6])
    for comment in comments[:3]:
        reporter = rng.choice([m for m in members if m.pk != comment.author_id])
        CommentReport.objects.create(
            comment=comment, reporter=reporter, reason=rng.choice(CommentReport.Reason.values)
        )
    services.hide(
        comments[3],
        moderator,
        "Propos agressifs envers un autre membre",
        note="Premier avertissement",
    )
    services.hide(comments[4], moderator, "Publicité")
    services.restore(comments[4], moderator, note="Lien vers un projet libre, pas de la publicité")
