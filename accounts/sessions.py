"""A member's session, and the member it names, read with one statement written once
(accounts.prepared): every request of a logged-in member reads both.

- ``SessionStore`` (``SESSION_ENGINE``): Django's database sessions, in the table of
  ``accounts.Session``, which also names the session's member (set when the session is
  saved): the session's statement reads the member with it. Same encoding as Django's.
- ``AuthenticationMiddleware``: Django's, with the member read in one query that also says
  whether their address is confirmed.
"""

import random
from functools import cache

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from . import prepared
from .models import Member, Session, member_row_sql

# Odds that a new session then deletes sessions that have expired, a bounded batch: the table
# holds about the sessions still open rather than every session ever made (Django leaves that
# to `manage.py clearsessions`, which a deployment may also run).
PURGE_PROBABILITY = 0.01
PURGE_BATCH = 1000


def purge_expired(batch: int = PURGE_BATCH) -> int:
    """Delete up to ``batch`` sessions that have expired (no request reads them: see
    _SESSION_SQL); returns how many."""
    now = timezone.now()
    keys = list(
        Session.objects.filter(expire_date__lte=now).values_list("session_key", flat=True)[:batch]
    )
    if not keys:
        return 0
    return Session.objects.filter(session_key__in=keys, expire_date__lte=now).delete()[0]


class SessionStore(db.SessionStore):
    # What the session's statement read of its member (MemberQuerySet.of_row), or None.
    member_row = None

    def create(self):
        super().create()
        if random.random() < PURGE_PROBABILITY:
            purge_expired()

    @classmethod
    def get_model_class(cls):
        return Session

    def _get_session_from_db(self):
        if self.session_key is None:  # no key, or one that is not a valid key
            return None
        using = router.db_for_read(Session)
        now = connections[using].ops.adapt_datetimefield_value(timezone.now())
        row = prepared.row(_SESSION_SQL(), [self.session_key, now], using)
        if row is None:
            moved = self._moved_from_djangos_table(using)
            if moved is None:  # unknown or expired: a new session will get a new key
                self._session_key = None
            return moved
        self.member_row = row[1:]
        return Session(session_key=self.session_key, session_data=row[0])

    def _moved_from_djangos_table(self, using: str) -> Session | None:
        """A session that the code before accounts.Session made in Django's table while this
        release was deployed (migration 0014 moved those made before it runs), moved here.
        To go once no app server runs the code before it."""
        from django.contrib.sessions.models import Session as DjangosSession

        old = (
            DjangosSession.objects.using(using)
            .filter(session_key=self.session_key, expire_date__gt=timezone.now())
            .first()
        )
        if old is None:
            return None
        session = Session(
            session_key=old.session_key,
            session_data=old.session_data,
            expire_date=old.expire_date,
            member_id=_member_id(self.decode(old.session_data)),
        )
        with transaction.atomic(using=using):
            Session.objects.using(using).bulk_create([session], ignore_conflicts=True)
            old.delete()
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.member_id = _member_id(data)
        return session


def _member_id(data: dict) -> int | None:
    """The member a session's data logs in, if any."""
    try:
        return Member._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        return None


@cache
def _SESSION_SQL() -> str:
    session, member = Session._meta.db_table, Member._meta.db_table
    columns, rank = member_row_sql()
    return (
        f'SELECT "session_data", {columns} FROM "{session}" '  # noqa: S608
        f'LEFT OUTER JOIN "{member}" ON "{member}"."id" = "{session}"."member_id" {rank} '
        f'WHERE "{session}"."session_key" = %s AND "{session}"."expire_date" > %s'
    )


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, whose ``request.user`` is read with the session, in its statement (or, for a
    session saved before sessions named their member, in one of its own:
    Member.objects.of_session), with whether the member's address is confirmed (asked by every
    vote and post), when the session is a plain one: logged in through a backend that reads
    members by their id as Django's ModelBackend does (allauth's does), by an active member,
    with the hash of their session as it is now. Anything else (no session, another backend, a
    member gone or deactivated, a hash to check against former secret keys or that no longer
    matches) is left to Django's own ``get_user``, which decides as before."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


def _user(request: HttpRequest):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _session_member(request) or auth.get_user(request)
    return request._cached_user


def _session_member(request: HttpRequest) -> Member | None:
    session = request.session
    try:
        member_id = Member._meta.pk.to_python(session[SESSION_KEY])
        backend = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except (KeyError, ValidationError):
        return None
    if backend not in settings.AUTHENTICATION_BACKENDS or not _reads_members_by_id(backend):
        return None
    row = getattr(session, "member_row", None)
    if row is not None and row[0] == member_id:  # read with the session
        member = Member.objects.of_row(row)
    else:  # a session saved before it named its member
        member = Member.objects.of_session(member_id)
    if member is None or not member.is_active:
        return None
    if not (session_hash and constant_time_compare(session_hash, member.get_session_auth_hash())):
        return None
    return member


@cache
def _reads_members_by_id(path: str) -> bool:
    backend = type(load_backend(path))
    return (
        backend.get_user is ModelBackend.get_user
        and backend.user_can_authenticate is ModelBackend.user_can_authenticate
    )
