"""One way to vote on anything: a row per member and target, counts recomputed from the rows in the
same transaction, so they are exact whatever arrives at the same time."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Vote(models.Model):
    """A member's up or down vote on something: the concrete models add the target's foreign key
    (named after the target's model) and the one-vote-per-member constraint."""

    class Value(models.IntegerChoices):
        UP = 1, _("up")
        DOWN = -1, _("down")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    value = models.SmallIntegerField(_("vote"), choices=Value.choices)
    created_at = models.DateTimeField(_("date"), auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(value__in=[1, -1]), name="%(app_label)s_%(class)s_value"
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.get_value_display()} {self.target}"


def parse_vote(raw: str) -> int | None:
    """A vote from a form ("up" or "down"), or None for anything else."""
    return {"up": Vote.Value.UP, "down": Vote.Value.DOWN}.get(raw)


def record_vote(vote_model: type[models.Model], target: models.Model, member, value: int):
    """The member votes ``value`` (+1 or -1) on ``target``. The same vote again takes it back;
    the other value switches it (a repeat within ``VOTE_REPEAT_WINDOW`` is a double click and changes
    nothing). Counts on ``target`` (``upvotes``, ``downvotes``) follow.
    Returns the member's vote afterwards, or None when taken back."""
    field = target._meta.model_name  # "article" or "comment": the vote's foreign key
    if value not in (1, -1):
        raise ValueError(f"not a vote: {value!r}")
    return _toggle(vote_model, field, target, member, value)


def _toggle(vote_model, field, target, member, value):
    # Within the caller's transaction if there is one (no savepoint: nothing here is retried).
    with transaction.atomic(savepoint=False):
        # Votes on one target take turns: its row is locked first and its counts read under
        # the lock (on SQLite, IMMEDIATE transactions already take turns), so that the counts
        # written below, moved by this vote alone, are exact whatever arrives at the same time;
        # and the same member's second request (a double click, another tab) finds the vote
        # row the first one made, rather than inserting another.
        up, down = (
            type(target)
            .objects.select_for_update(no_key=True)
            .filter(pk=target.pk)
            .values_list("upvotes", "downvotes")
            .get()
        )
        vote = vote_model.objects.filter(**{field: target, "member": member}).first()
        before = vote.value if vote else 0
        if vote is None:
            vote = vote_model.objects.create(**{field: target, "member": member, "value": value})
        elif vote.value == value:
            if timezone.now() - vote.created_at < settings.VOTE_REPEAT_WINDOW:
                target.upvotes, target.downvotes = up, down
                target.vote_delta = 0
                return vote
            vote.delete()
            vote = None
        else:
            vote.value = value
            vote.save(update_fields=["value", "created_at"])
        after = vote.value if vote else 0
        up += (after == 1) - (before == 1)
        down += (after == -1) - (before == -1)
        type(target).objects.filter(pk=target.pk).update(upvotes=up, downvotes=down)
        target.upvotes, target.downvotes = up, down
        target.vote_delta = after - before  # how the target's score moved
        return vote


def withdraw_votes(vote_model: type[Vote], member) -> int:
    """Delete every vote of ``member`` of this kind and recount what they were cast on.
    Returns how many went."""
    field = _target_field(vote_model)
    with transaction.atomic():
        mine = vote_model.objects.filter(member=member)
        targets = list(mine.values_list(field, flat=True))
        count = mine.delete()[0]
        recount_votes(vote_model, vote_model._meta.get_field(field).related_model, targets)
    return count


def _target_field(vote_model: type[Vote]) -> str:
    """The name of the vote's foreign key to what it is cast on ("article", "comment")."""
    return next(
        f.name for f in vote_model._meta.concrete_fields if f.is_relation and f.name != "member"
    )


def recount_votes(vote_model: type[Vote], target_model: type[models.Model], pks) -> None:
    """Set the targets' up and down counts from their vote rows, in one UPDATE."""
    field = target_model._meta.model_name
    rows = vote_model.objects.filter(**{field: OuterRef("pk")}).values(field)

    def tally(value):
        return Coalesce(Subquery(rows.filter(value=value).annotate(n=Count("pk")).values("n")), 0)

    target_model.objects.filter(pk__in=pks).update(upvotes=tally(1), downvotes=tally(-1))
