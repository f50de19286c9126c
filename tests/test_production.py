"""The production shape (config/deploy/, README "Production"): the health endpoint, the request
log, and the deployment files that make serve uses. make failover is the proof under load."""

import fcntl
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from accounts.health import health
from accounts.middleware import LogfmtFormatter, RequestIdFilter
from accounts.models import Member
from comments import services
from config.deploy import failover, stack

from .conftest import make_article, make_comment, make_member

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "config" / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "accounts.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def boom(request):
    raise RuntimeError("a bug in a view")


def secret_page(request, token):
    return HttpResponse("ok")


# For the tests marked with this module as their URLconf.
urlpatterns = [
    path("boom/", boom),
    path("desabonnement/<str:token>/", secret_page),
    path("sante/", health, name="health"),
]


# The health endpoint --------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_is_200_when_the_database_and_the_cache_answer(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie
    assert client.head("/sante/").status_code == 200


@pytest.mark.django_db
def test_health_is_503_quickly_when_the_cache_does_not_answer(client, settings, caplog):
    settings.CACHES = CLOSED_PORT_REDIS
    started = time.monotonic()
    response = client.get("/sante/")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.content == b"unavailable\n"  # nothing about what failed, or where
    assert "cache does not answer" in caplog.text  # that is for the operators' log


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not_answer(client, caplog):
    refused = OperationalError("connection refused")
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert "connection refused" not in response.text
    assert "database does not answer" in caplog.text


@pytest.mark.django_db
def test_health_is_never_rate_limited_nor_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301  # the site goes to https…
    statuses = {client.get("/sante/").status_code for _ in range(50)}
    assert statuses == {200}  # …a load balancer's plain-http probes do not, however many


@pytest.mark.django_db
def test_health_refuses_to_change_anything(client):
    assert client.post("/sante/").status_code == 405


# The request log ------------------------------------------------------------------------------


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "causerie.request"]


@pytest.mark.django_db
def test_one_log_line_per_request_with_the_proxys_request_id(client, caplog, camille):
    client.force_login(camille)
    caplog.set_level(logging.INFO, logger="causerie.request")
    response = client.get(reverse("comments:notifications"), HTTP_X_REQUEST_ID="a" * 32)
    assert response["X-Request-ID"] == "a" * 32
    [record] = request_lines(caplog)
    assert record.request_id == "a" * 32
    assert record.fields["method"] == "GET"
    assert record.fields["path"] == reverse("comments:notifications")
    assert record.fields["status"] == 200
    assert record.fields["member"] == camille.pk
    assert record.fields["duration_ms"] >= 0


@pytest.mark.django_db
def test_a_request_without_a_usable_id_is_given_one(client, caplog):
    caplog.set_level(logging.INFO, logger="causerie.request")
    first = client.get("/", HTTP_X_REQUEST_ID='x" level=ERROR\nforged line')
    second = client.get("/")
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]
    assert [r.request_id for r in request_lines(caplog)] == ids
    assert request_lines(caplog)[0].fields["member"] == "-"  # anonymous, and no query for it


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_secrets_in_an_address_stay_out_of_the_log(client, caplog):
    caplog.set_level(logging.INFO, logger="causerie.request")
    client.get("/desabonnement/jeton-secret-123/")
    [record] = request_lines(caplog)
    assert record.fields["path"] == "/desabonnement/<str:token>/"
    assert "jeton-secret-123" not in record.getMessage()


@pytest.mark.django_db
def test_health_probes_are_logged_below_info(client, caplog):
    caplog.set_level(logging.DEBUG, logger="causerie.request")
    client.get("/sante/")
    assert [r.levelno for r in request_lines(caplog)] == [logging.DEBUG]


@pytest.fixture
def console():
    """What the console handler of settings.LOGGING writes, captured: the same formatter and
    filter on a handler of our own."""
    [handler] = [
        h for h in logging.getLogger().handlers if isinstance(h.formatter, LogfmtFormatter)
    ]
    assert any(isinstance(f, RequestIdFilter) for f in handler.filters)
    stream = io.StringIO()
    ours = logging.StreamHandler(stream)
    ours.setFormatter(handler.formatter)
    for log_filter in handler.filters:
        ours.addFilter(log_filter)
    root = logging.getLogger()
    root.addHandler(ours)
    yield stream
    root.removeHandler(ours)


@pytest.mark.django_db
def test_the_console_line_is_logfmt_with_the_request_id(client, console):
    client.get("/", HTTP_X_REQUEST_ID="0123456789abcdef")
    [line] = [x for x in console.getvalue().splitlines() if "causerie.request" in x]
    fields = dict(re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)', line))
    assert fields["level"] == "INFO"
    assert fields["request_id"] == "0123456789abcdef"
    assert fields["method"] == "GET" and fields["path"] == "/" and fields["status"] == "200"
    assert float(fields["duration_ms"]) >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00", fields["time"])


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_is_logged_with_its_traceback_and_request_id(console):
    response = Client(raise_request_exception=False).get("/boom/", HTTP_X_REQUEST_ID="f" * 32)
    assert response.status_code == 500
    assert response["X-Request-ID"] == "f" * 32  # what a member can quote to the team
    text = console.getvalue()
    [error] = [x for x in text.splitlines() if "logger=django.request" in x]
    assert f"request_id={'f' * 32}" in error and 'msg="Internal Server Error: /boom/"' in error
    assert "Traceback (most recent call last)" in text and "RuntimeError: a bug in a view" in text
    assert re.search(r"logger=causerie.request request_id=f{32} .*status=500", text)


def test_logfmt_values_are_quoted_and_escaped():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, 'said "hi"\nthen left', (), None)
    line = LogfmtFormatter().format(record)
    assert "\n" not in line
    assert line.endswith(r'msg="said \"hi\"\nthen left"')
    assert "request_id=- " in line  # outside a request


# SQLite's writers -----------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only")
def test_sqlite_writers_queue_for_a_lock_file_beside_the_database(transactional_db):
    """Another process's write transaction waits in the kernel for the file, woken as soon as
    this one commits or rolls back, rather than sleeping in SQLite's busy handler."""
    other = os.open(f"{connection.settings_dict['NAME']}-writers", os.O_RDONLY)

    def taken() -> bool:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(other, fcntl.LOCK_UN)
        return False

    try:
        with transaction.atomic():
            assert taken()
        assert not taken()
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            assert taken()
            raise ZeroDivisionError
        assert not taken()
    finally:
        os.close(other)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only")
def test_a_writer_behind_a_transaction_that_never_ends_gives_up_after_the_timeout(
    transactional_db, settings
):
    """A transaction left open (a shell inside atomic(), a stuck process) holds the others for
    SQLite's timeout, then they fail with "database is locked", as SQLite's own wait does."""
    holder = os.open(f"{connection.settings_dict['NAME']}-writers", os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another process's transaction, never ending
    options = connection.settings_dict["OPTIONS"]
    timeout = options.get("timeout")
    options["timeout"] = 0.3
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="database is locked"), transaction.atomic():
            pass
        assert 0.3 <= time.monotonic() - started < 5
        fcntl.flock(holder, fcntl.LOCK_UN)  # it ends: the next writer goes through
        with transaction.atomic():
            Member.objects.filter(pk=0).update(message_count=0)
    finally:
        options["timeout"] = timeout
        os.close(holder)


# PostgreSQL's kept connections ----------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's connections only")
def test_a_kept_connection_is_checked_once_a_second_and_reopened_when_the_server_dropped_it(
    transactional_db,
):
    """A busy process asks the server whether a kept connection still works once a second,
    not before every request; a connection the server dropped is opened again."""
    from django.db import connections

    database = connections["default"]
    database.health_check_enabled = True
    asked = []
    real = database.is_usable

    def is_usable():
        asked.append(True)
        return real()

    with mock.patch.object(database, "is_usable", is_usable):

        def request():  # what Django does around a request that queries
            database.close_if_unusable_or_obsolete()
            with database.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                return cursor.fetchone()[0]

        request()
        database._checked_until = 0.0  # the last check was long ago
        first = request()
        assert len(asked) == 1
        request()
        request()
        assert len(asked) == 1  # checked less than a second ago: not asked again
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [first])  # a server restart
        finally:
            other.close()
        database._checked_until = 0.0  # a second later
        assert request() != first  # checked, found dropped, opened again: the request works
        assert len(asked) == 2


# The deployment files -------------------------------------------------------------------------


def nginx_prefix(tmp_path) -> Path:
    for folder in ("var/deploy/log", "var/deploy/nginx"):
        (tmp_path / folder).mkdir(parents=True)
    return tmp_path


@pytest.mark.skipif(
    not Path(NGINX).exists(), reason="nginx is not installed (apt-get install nginx)"
)
def test_make_serves_nginx_config_passes_nginx_t(tmp_path):
    prefix = nginx_prefix(tmp_path)
    result = subprocess.run(
        [
            NGINX,
            "-t",
            "-p",
            f"{prefix}/",
            "-c",
            str(DEPLOY / "nginx.conf"),
            "-e",
            str(prefix / "e.log"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    not (Path(NGINX).exists() and shutil.which("openssl")), reason="needs nginx and openssl"
)
def test_the_real_servers_nginx_site_passes_nginx_t(tmp_path):
    """nginx-site.conf, as installed in /etc/nginx/sites-enabled, with a throw-away certificate
    where Let's Encrypt's would be."""
    prefix = nginx_prefix(tmp_path)
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    openssl = [
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=example.org",
    ]
    subprocess.run(
        [*openssl, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (
        (DEPLOY / "nginx-site.conf")
        .read_text()
        .replace("/srv/causerie", str(ROOT))
        .replace("/etc/letsencrypt/live/example.org/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/example.org/privkey.pem", str(key))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "main.conf").write_text(
        "pid var/deploy/nginx.pid;\nevents {}\nhttp {\n"
        "  include /etc/nginx/mime.types;\n"
        "  client_body_temp_path var/deploy/nginx/b; proxy_temp_path var/deploy/nginx/p;\n"
        "  fastcgi_temp_path var/deploy/nginx/f; uwsgi_temp_path var/deploy/nginx/u;\n"
        "  scgi_temp_path var/deploy/nginx/s;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [
            NGINX,
            "-t",
            "-p",
            f"{prefix}/",
            "-c",
            str(tmp_path / "main.conf"),
            "-e",
            str(prefix / "e.log"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_nginx_retries_no_post_and_trusts_what_the_app_expects():
    server = (DEPLOY / "nginx-server.conf").read_text()
    directives = [line.split("#")[0].strip() for line in server.splitlines()]
    # A POST that reached an app server is never sent to the other one by nginx.
    assert not [d for d in directives if "non_idempotent" in d]
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in directives
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in directives
    assert "proxy_set_header X-Request-ID $request_id;" in directives
    # Bodies capped by nginx at a few MB, above the avatar limit (2 MB).
    [cap] = re.findall(r"^client_max_body_size (\d+)m;$", server, re.M)
    assert 2 < int(cap) <= 12


def test_nginx_gunicorn_and_make_serve_name_the_same_app_servers():
    upstream = (DEPLOY / "nginx-upstream.conf").read_text()
    ports = sorted(int(p) for p in re.findall(r"server 127\.0\.0\.1:(\d+) ", upstream))
    assert ports == sorted(stack.APP_SERVERS.values())
    unit = (DEPLOY / "causerie-web@.service").read_text()
    assert "--config config/deploy/gunicorn.conf.py --bind 127.0.0.1:%i" in unit
    assert "RestartSec=10s" in unit and stack.RESTART_DELAY == 10
    assert "ExecReload=/bin/kill -s HUP $MAINPID" in unit


def test_gunicorn_config_loads(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "--config",
            "config/deploy/gunicorn.conf.py",
        ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_variable_of_the_environment_file_is_documented():
    example = (DEPLOY / "causerie.env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", example, re.M)
    readme = (ROOT / "README.md").read_text()
    assert names and all(f"`{name}`" in readme for name in names), [
        n for n in names if f"`{n}`" not in readme
    ]


def test_the_failover_drill_reads_votes_as_the_page_shows_them(client, camille, yannick):
    """make failover decides whether a vote cut short by a 502 was applied by reading the
    comment's page: the reading must follow the template."""
    article = make_article(make_member("redac"))
    comment = make_comment(article, yannick)
    other = make_comment(article, yannick, body="Un autre.")
    client.force_login(camille)

    def page():
        return client.get(reverse("comments:permalink", args=[comment.pk]), follow=True).text

    assert failover.vote_state(page(), comment.pk) is None
    services.record_vote(comment, camille, -1)
    assert failover.vote_state(page(), comment.pk) == -1
    assert failover.vote_state(page(), other.pk) is None
    answer = client.post(
        reverse("comments:vote", args=[comment.pk]), {"value": "up"}, headers={"HX-Request": "true"}
    )
    assert failover.vote_state(answer.text, comment.pk) == 1
    assert failover.vote_state("<p>no buttons</p>", comment.pk) == "?"


def test_the_environment_file_reads_the_same_in_systemd_and_in_sh():
    """systemd reads causerie.env as EnvironmentFile=, manage.sh with sh's `set -a; .`."""
    example = DEPLOY / "causerie.env.example"
    systemd = {}
    for line in example.read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            systemd[key] = value[1:-1] if value[:1] == value[-1:] == '"' else value
    shell = subprocess.run(
        ["sh", "-c", 'set -a; . "$0"; set +a; env -0', str(example)],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    exported = dict(item.split("=", 1) for item in shell.split("\0") if "=" in item)
    assert {key: exported.get(key) for key in systemd} == systemd
    assert systemd["DEFAULT_FROM_EMAIL"] == "Causerie <noreply@example.org>"


@pytest.mark.skipif(not shutil.which("runuser"), reason="runuser (util-linux) is missing")
def test_manage_sh_runs_manage_py_with_the_environment_file(tmp_path):
    import getpass

    if getpass.getuser() != "root":
        pytest.skip("runuser needs root")
    (tmp_path / "secret").write_text("s" * 50)
    (tmp_path / "causerie.env").write_text(
        f"DJANGO_SECRET_KEY_FILE={tmp_path}/secret\n"
        'DEFAULT_FROM_EMAIL="Causerie <noreply@example.org>"\n'
        "DJANGO_SECURE_SSL_REDIRECT=0\n"
    )
    result = subprocess.run(
        [
            str(DEPLOY / "manage.sh"),
            "shell",
            "--verbosity",
            "0",
            "-c",
            "from django.conf import settings as s; print(s.DEFAULT_FROM_EMAIL, s.DEBUG)",
        ],
        env={
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "CAUSERIE_ROOT": str(ROOT),
            "CAUSERIE_ENV_FILE": str(tmp_path / "causerie.env"),
            "CAUSERIE_USER": "root",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Causerie <noreply@example.org> False"
