"""One way to vote on anything: a row per member and target, and counts on the target moved by
each vote in the same transaction, votes on one target taking turns, so that they are exact
whatever arrives at the same time (recount_votes() sets them from the rows when many move)."""

from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import prepared


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


def record_vote(
    vote_model: type[models.Model], target: models.Model, member, value: int, *, current=None
):
    """The member votes ``value`` (+1 or -1) on ``target``. The same vote again takes it back;
    the other value switches it (a repeat within ``VOTE_REPEAT_WINDOW`` is a double click and changes
    nothing). Counts on ``target`` (``upvotes``, ``downvotes``) follow, and ``vote_delta`` says
    how its score moved. Returns the member's vote afterwards, or None when taken back.

    ``current``: what ``current_vote()`` answered in the same transaction, when the caller had
    to know it first (a cap on new votes); it is not read again."""
    # Within the caller's transaction if there is one (no savepoint: nothing here is retried).
    with transaction.atomic(savepoint=False):
        with prepared.together():
            done = cast(vote_model, target, member, value, current=current)
        return done.apply()


class Cast(NamedTuple):
    """A vote's statements, sent (see cast())."""

    target: models.Model
    vote: models.Model | None  # the member's vote afterwards, None when taken back
    delta: int  # how the target's score moves
    counts: Callable[[], tuple | None]  # the target's up and down counts afterwards

    def apply(self):
        """The target's counts and ``vote_delta`` set from what the statements said; returns
        the member's vote afterwards."""
        self.target.upvotes, self.target.downvotes = self.counts()
        self.target.vote_delta = self.delta
        return self.vote


def cast(vote_model, target, member, value: int, *, current=None) -> Cast:
    """record_vote()'s statements, in the caller's transaction, their answer read by
    ``Cast.apply()``: within ``prepared.together()``, they go with the caller's own (a
    comment's vote moves its author's reputation too) in one round trip."""
    if value not in (1, -1):
        raise ValueError(f"not a vote: {value!r}")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("A vote needs a transaction.")
    if current is None:
        current = current_vote(vote_model, target, member)
    if connection.vendor == "postgresql" and not settings.VOTES_WAIT_FOR_DISK:
        # This transaction's commit does not wait for the disk (settings.VOTES_WAIT_FOR_DISK).
        prepared.send("SELECT set_config('synchronous_commit', 'off', true)", [])
    return _toggle(vote_model, target, member, value, current)


class NoVote:
    """``current_vote()``'s answer when the member has not voted: false, like no vote."""

    value = 0

    def __bool__(self):
        return False


NO_VOTE = NoVote()


def current_vote(vote_model: type[models.Model], target: models.Model, member):
    """The member's vote on ``target`` (NO_VOTE if none), read within the caller's transaction
    as ``record_vote()`` reads it, so that it may be given to ``record_vote(current=…)``.

    The counts move by what this vote changed, in one UPDATE, exact whatever else arrives.
    The same member's votes on one target take turns: where rows are locked (PostgreSQL), their
    vote is read with its row locked (a second request, a double click or another tab, waits
    and reads it as the first left it), and a vote inserted at the same time as another is
    found by the unique constraint (_toggle); on SQLite, IMMEDIATE transactions already take
    turns. Other members' votes on the target wait only for its counts' UPDATE."""
    with prepared.together():  # with the BEGIN of the transaction, when it is the first
        vote = reading_vote(vote_model, target.pk, member)
    return vote()


def reading_vote(vote_model: type[models.Model], target_pk: int, member) -> Callable:
    """current_vote()'s statement run (sent, in a prepared.together() block, with others of
    the caller's); the function returned reads its answer."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("current_vote() needs a transaction.")
    sql = _statements(vote_model)
    row = prepared.later(sql.read, [target_pk, member.pk])

    def vote():
        found = row()
        return NO_VOTE if found is None else prepared.instance(vote_model, sql.fields, found)

    return vote


def _toggle(vote_model, target, member, value, vote) -> Cast:
    sql = _statements(vote_model)
    before = vote.value
    now = timezone.now()
    if not vote:
        # Read at once, within a together() block too: whether it was made decides the rest.
        copied = [getattr(target, name) for name in sql.copied]
        made = prepared.row(sql.insert, [member.pk, value, _adapt(now), target.pk, *copied])
        if made is None:  # their other request made it meanwhile: this one changes that vote
            return _toggle(
                vote_model, target, member, value, current_vote(vote_model, target, member)
            )
        (pk,) = made
        made = {"id": pk, "member_id": member.pk, "value": value, "created_at": now}
        made[sql.target_attname] = target.pk
        made |= zip(sql.copied, copied, strict=True)
        vote = vote_model.from_db(DEFAULT_DB_ALIAS, sql.fields, [made[name] for name in sql.fields])
    elif vote.value == value:
        if now - vote.created_at < settings.VOTE_REPEAT_WINDOW:
            return Cast(target, vote, 0, prepared.later(sql.counts, [target.pk]))
        prepared.send(sql.delete, [vote.pk])
        vote = None
    else:
        prepared.send(sql.switch, [value, _adapt(now), vote.pk])
        vote.value, vote.created_at = value, now
    after = vote.value if vote else 0
    # Moved by this vote alone, in one statement that says where they are now.
    counts = prepared.later(
        sql.count, [(after == 1) - (before == 1), (after == -1) - (before == -1), target.pk]
    )
    return Cast(target, vote, after - before, counts)


def _adapt(moment):
    return transaction.get_connection().ops.adapt_datetimefield_value(moment)


class _Statements(NamedTuple):
    fields: tuple[str, ...]  # the vote's columns, as read
    target_attname: str  # "article_id", "comment_id"
    # The vote's other columns, the target's own of the same name (a comment vote's article_id)
    copied: tuple[str, ...]
    read: str
    insert: str
    switch: str
    delete: str
    counts: str
    count: str


@cache
def _statements(vote_model) -> _Statements:
    """A vote's statements, written once per vote model (accounts.prepared): the ORM's
    building of them cost more than the rest of a vote."""
    connection = transaction.get_connection()
    field = vote_model._meta.get_field(_target_field(vote_model))
    votes, targets = vote_model._meta.db_table, field.related_model._meta.db_table
    target = field.column
    fields = prepared.fields(vote_model, None)
    copied = tuple(
        name
        for name in fields
        if name not in {"id", "member_id", "value", "created_at", field.attname}
    )
    inserted = ["member_id", "value", "created_at", target]
    inserted += [vote_model._meta.get_field(name).column for name in copied]
    # Votes are read locked where rows are (PostgreSQL); SQLite's transactions take turns.
    locks = connection.features.has_select_for_update
    return _Statements(
        fields=fields,
        target_attname=field.attname,
        copied=copied,
        read=(
            f'SELECT {prepared.columns(vote_model, fields)} FROM "{votes}" '  # noqa: S608
            f'WHERE "{target}" = %s AND "member_id" = %s' + (" FOR UPDATE" if locks else "")
        ),
        # Nothing inserted (no id back) when the member's vote exists already: made by their
        # other request since this one read none (the unique constraint waits for it).
        insert=(
            f'INSERT INTO "{votes}" ({", ".join(f'"{column}"' for column in inserted)}) '  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(inserted))}) "
            f'ON CONFLICT ("{target}", "member_id") DO NOTHING RETURNING "id"'
        ),
        switch=f'UPDATE "{votes}" SET "value" = %s, "created_at" = %s WHERE "id" = %s',  # noqa: S608
        delete=f'DELETE FROM "{votes}" WHERE "id" = %s',  # noqa: S608
        counts=f'SELECT "upvotes", "downvotes" FROM "{targets}" WHERE "id" = %s',  # noqa: S608
        count=(
            f'UPDATE "{targets}" SET "upvotes" = "upvotes" + %s, '  # noqa: S608
            '"downvotes" = "downvotes" + %s WHERE "id" = %s RETURNING "upvotes", "downvotes"'
        ),
    )


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
