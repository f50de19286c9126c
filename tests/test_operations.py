"""What an operator meets: start-up checks, deployment checks and the demo data command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Member

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-secret-read-from-a-file-" + "x" * 40)
    result = run_manage(
        "check",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY_FILE=str(secret),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_silent_in_production():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run"):
        call_command("seed_demo")
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_seed_demo_loads_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    count = Member.objects.count()
    admin = Member.objects.get(username="admin")
    assert admin.is_superuser
    assert count > 5
    from articles.models import Article

    assert Article.objects.published().count() >= 30
    assert Article.objects.filter(upvotes__gt=0).exists()
    from articles.demo_content import DISCUSSION_ARTICLE
    from comments.models import Comment

    busy = Article.objects.get(slug=DISCUSSION_ARTICLE)
    assert busy.comment_count == busy.comments.visible().count() >= 300
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Comment.objects.filter(upvotes__gt=0).exists()
    assert "admin /" in capsys.readouterr().out
    call_command("seed_demo")
    assert Member.objects.count() == count
    assert "already loaded" in capsys.readouterr().out
