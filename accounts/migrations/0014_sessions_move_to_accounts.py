"""Sessions open before the move stay open: copied from Django's table (django_session, read no
more) to accounts.Session, each with the member it logs in, and deleted there (a copy left
behind would outlive a log-out). While the code before still serves (README, Production: the
migrations run before the app servers reload), a request it answers finds no session and is
logged out; the sessions it makes meanwhile are moved at their first request to the new code
(accounts.sessions.SessionStore._moved_from_djangos_table)."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

BATCH = 2000


def _member_id(data):
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def _copy(source, target, *, with_member):
    decode = SessionStore().decode  # the same encoding, signed with the same key
    batch = []
    for old in source.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=BATCH):
        new = target(
            session_key=old.session_key,
            session_data=old.session_data,
            expire_date=old.expire_date,
        )
        if with_member:
            new.member_id = _member_id(decode(old.session_data))
        batch.append(new)
        if len(batch) == BATCH:
            target.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    target.objects.bulk_create(batch, ignore_conflicts=True)
    source.objects.all().delete()


def forwards(apps, schema_editor):
    djangos, ours = apps.get_model("sessions", "Session"), apps.get_model("accounts", "Session")
    _copy(djangos, ours, with_member=True)


def backwards(apps, schema_editor):
    djangos, ours = apps.get_model("sessions", "Session"), apps.get_model("accounts", "Session")
    _copy(ours, djangos, with_member=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_session_names_its_member"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
