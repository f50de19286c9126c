"""make failover: one app server dies under load, and nothing accepted is lost or doubled.

    python -m config.deploy.failover          (what ``make failover`` runs)

Against ``make serve`` (config/deploy/stack.py), started here if it is not running and then
stopped again, whatever happens:

1. Members made for this run (established: joined a year ago, three old comments each, so that
   the newcomers' limits do not apply) log in through nginx, each from its own loopback address.
2. For LOAD_SECONDS they read the article, post comments (each with a one-time form token and a
   unique marker in its text) and vote, through nginx, as htmx does. At KILL_AT, app server a is
   killed with SIGKILL (its master and workers); the supervisor starts it again RestartSec later,
   as systemd would. At RELOAD_AT, app server b is reloaded with HUP (its workers replaced
   gracefully: the README's zero-downtime reload).
3. A request that fails (502, reset) is done again as a browser resubmits: a comment with the
   same token; a vote only after reading the comment's page says it was not applied (the same
   vote again later would take it back).
4. One more member sends twice the comment limit at once, half to each app server directly.

It prints what happened and fails unless: every comment a client saw accepted exists exactly
once and no other; every vote row is what its member last did and every count equals its rows;
members stayed logged in across app servers; the rate limit held across app servers; the
surviving app server answered every request (only requests in flight on the killed one failed,
each then retried successfully); the reload lost nothing; request ids join nginx's log and the
app's.
"""

import contextlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from config.deploy import stack

LOAD_SECONDS = 30.0
KILL_AT = 10.0  # a third of the way in; the supervisor restarts it RestartSec (10 s) later
RELOAD_AT = 25.0
CLIENTS = 12
COMMENTS_EACH = 5  # spread over the load; the limit is RATE_COMMENT_POSTS (10) per 10 min
THINK = (0.05, 0.25)  # seconds between a member's actions
RETRY_FOR = 20.0  # a member keeps retrying one action this long at most
BUDGET = 170  # seconds for the whole run, start-up included: past it, stop and fail
TRANSIENT = {0, 502, 503, 504}  # no answer, or none from an app server
EMAIL_DOMAIN = "exercice-de-panne.invalid"
SLUG = "exercice-de-panne"

HOST = stack.HOST
NGINX = stack.NGINX_PORT
PORTS = stack.APP_SERVERS


def out(line: str = "") -> None:
    print(line, flush=True)


# HTTP, as a browser with htmx does it --------------------------------------------------------


@dataclass
class Reply:
    kind: str
    member: str
    started: float
    ended: float
    status: int  # 0: no HTTP answer (connection refused or reset)
    request_id: str = ""
    error: str = ""
    headers: dict = field(default_factory=dict)
    text: str = ""
    attempt: int = 1


class Browser:
    """One member's browser: a keep-alive connection to nginx from its own loopback address,
    its cookies, and the CSRF token sent as htmx sends it (X-CSRFToken)."""

    def __init__(self, name: str, source: str, journal: list, lock: threading.Lock):
        self.name, self.source = name, source
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.journal, self.lock = journal, lock

    def request(self, kind, method, path, form=None, *, htmx=False, port=NGINX, attempt=1):
        headers = {"Host": f"{HOST}:{port}", "User-Agent": "causerie-failover/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(form or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{port}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        keep = port == NGINX
        connection = self.connection if keep else None
        if connection is None:
            connection = http.client.HTTPConnection(
                HOST, port, timeout=40, source_address=(self.source, 0)
            )
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            self.connection = None
            reply = Reply(kind, self.name, started, time.monotonic(), 0, error=type(error).__name__)
        else:
            for header in response.msg.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            if keep and not response.will_close:
                self.connection = connection
            else:
                connection.close()
                self.connection = None
            reply = Reply(
                kind,
                self.name,
                started,
                time.monotonic(),
                response.status,
                request_id=response.getheader("X-Request-ID", ""),
                headers={k.lower(): v for k, v in response.getheaders()},
                text=text,
            )
        reply.attempt = attempt
        with self.lock:
            self.journal.append(reply)
        return reply


# The members ----------------------------------------------------------------------------------


class Pool:
    """Comments the members may vote on: (id, author's username)."""

    def __init__(self, comments):
        self.comments = list(comments)
        self.lock = threading.Lock()

    def add(self, pk, author):
        with self.lock:
            self.comments.append((pk, author))

    def pick(self, rng, not_by):
        with self.lock:
            choices = [c for c in self.comments if c[1] != not_by]
        return rng.choice(choices) if choices else None


def vote_state(html: str, pk: int) -> int | str | None:
    """The member's vote on comment ``pk`` as the page or the htmx answer shows it (+1, -1,
    None), or "?" when the vote buttons are not there."""
    form = re.search(rf'id="votes-{pk}".*?</form>', html, re.S)
    if not form:
        return "?"
    pressed = dict(re.findall(r'value="(up|down)"[^>]*aria-pressed="(true|false)"', form.group(0)))
    if pressed.get("up") == "true":
        return 1
    if pressed.get("down") == "true":
        return -1
    return None


class Member:
    def __init__(self, index, username, password, article_path, journal, lock, pool):
        self.username, self.password = username, password
        self.browser = Browser(username, f"127.0.0.{10 + index}", journal, lock)
        self.article_path, self.pool = article_path, pool
        self.load_end = 0.0
        self.rng = random.Random(index)
        self.accepted: dict[str, int | None] = {}  # token: comment id (None: seen as 204)
        self.votes: dict[int, int | None] = {}  # comment id: vote as the site last said
        self.problems: list[str] = []
        self.retries = 0
        # Of the POSTs cut short: how many had been applied (their retry changed nothing), and
        # how many had not (their retry did the work).
        self.applied_before = 0
        self.sent_again = 0

    def problem(self, text):
        self.problems.append(f"{self.username}: {text}")

    def login(self):
        page = self.browser.request("login", "GET", "/compte/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status != 200 or not token:
            raise RuntimeError(f"{self.username}: no login form ({page.status})")
        reply = self.browser.request(
            "login",
            "POST",
            "/compte/login/",
            {"login": self.username, "password": self.password, "csrfmiddlewaretoken": token[1]},
        )
        if reply.status != 302 or "sessionid" not in self.browser.cookies:
            raise RuntimeError(f"{self.username}: login refused ({reply.status})")

    def run(self, started, schedule):
        """Actions until the load ends; comments at the times of ``schedule``."""
        posts = list(schedule)
        while time.monotonic() < self.load_end:
            if posts and time.monotonic() - started >= posts[0]:
                posts.pop(0)
                self.post_comment()
            elif self.rng.random() < 0.3:
                self.read()
            else:
                self.vote()
            time.sleep(self.rng.uniform(*THINK))

    def _until_answered(self, send):
        """``send(attempt)`` until an app server answers; None if none does for RETRY_FOR."""
        deadline = time.monotonic() + RETRY_FOR
        attempt = 1
        while True:
            reply = send(attempt)
            if reply.status not in TRANSIENT:
                return reply
            if time.monotonic() > deadline:
                self.problem(f"{reply.kind}: no answer for {RETRY_FOR:g} s")
                return None
            self.retries += 1
            attempt += 1
            time.sleep(0.2)

    def read(self):
        reply = self._until_answered(
            lambda n: self.browser.request("read", "GET", self.article_path, attempt=n)
        )
        if reply and reply.status != 200:
            self.problem(f"article page answered {reply.status}")

    def post_comment(self):
        token = secrets.token_urlsafe(12)
        form = {"body": f"Commentaire de l'exercice, marqueur [{token}].", "token": token}
        path = f"{self.article_path}commentaires/"
        reply = self._until_answered(
            lambda n: self.browser.request("comment", "POST", path, form, htmx=True, attempt=n)
        )
        if reply is None:
            return
        if reply.attempt > 1:
            if reply.status == 204:
                self.applied_before += 1
            else:
                self.sent_again += 1
        if reply.status == 200:
            found = re.search(r'id="votes-(\d+)"', reply.text)
            pk = int(found[1]) if found else None
            self.accepted[token] = pk
            if pk:
                self.pool.add(pk, self.username)
        elif reply.status == 204:  # the same token again: the first attempt had been applied
            self.accepted[token] = None
        else:
            self.problem(f"comment answered {reply.status}")

    def vote(self):
        target = self.pool.pick(self.rng, not_by=self.username)
        if target is None:
            return
        pk = target[0]
        current = self.votes.get(pk)
        # Always a change (up to down, down to up, nothing to either): what the member last did
        # is then the vote the site must hold, whatever the timing.
        value = -current if current else self.rng.choice((1, -1))
        path = f"/commentaires/{pk}/voter/"
        form = {"value": "up" if value == 1 else "down"}
        deadline = time.monotonic() + RETRY_FOR
        attempt = 1
        while True:
            reply = self.browser.request("vote", "POST", path, form, htmx=True, attempt=attempt)
            if reply.status == 200:
                if reply.headers.get("hx-redirect"):
                    self.problem("logged out (sent to the login page)")
                    return
                state = vote_state(reply.text, pk)
                if state != value:
                    self.problem(f"vote {value} on {pk} answered {state}")
                self.votes[pk] = state if state != "?" else value
                return
            if reply.status == 429:  # a limit: nothing changed
                return
            if reply.status not in TRANSIENT:
                self.problem(f"vote answered {reply.status}")
                return
            # No answer: applied or not? The page says; only if not is the vote sent again.
            self.retries += 1
            state = self.read_vote(pk)
            if state == value:
                self.votes[pk] = value
                self.applied_before += 1
                return
            if state != current:  # neither before nor after: do not guess
                self.problem(f"vote on {pk} after a failure: its page shows {state}")
                return
            self.sent_again += 1
            if time.monotonic() > deadline:
                self.problem(f"vote on {pk}: no answer for {RETRY_FOR:g} s")
                return
            attempt += 1
            time.sleep(0.2)

    def read_vote(self, pk):
        permalink = self._until_answered(
            lambda n: self.browser.request("check", "GET", f"/commentaires/{pk}/", attempt=n)
        )
        if permalink is None or permalink.status != 302:
            return "?"
        location = urlsplit(permalink.headers.get("location", ""))
        page = self._until_answered(
            lambda n: self.browser.request(
                "check",
                "GET",
                location.path + (f"?{location.query}" if location.query else ""),
                attempt=n,
            )
        )
        if page is None:
            return "?"
        state = vote_state(page.text, pk)
        if state == "?":  # kept for whoever reads the failure
            saved = stack.LOGS / f"failover-comment-{pk}-page.html"
            saved.write_text(page.text)
            self.problem(f"comment {pk} is not on its page {location.path} (saved: {saved.name})")
        return state


# Make serve, the data, the logs ---------------------------------------------------------------


def serve_state():
    state = stack.read_state()
    if state and stack.pid_alive(state.get("pid")) and state.get("ready"):
        return state
    return None


def start_serve():
    stack.LOGS.mkdir(parents=True, exist_ok=True)
    log = (stack.LOGS / "serve.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "config.deploy.stack"],
        cwd=stack.ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (stack.LOGS / "serve.log").read_text().splitlines()[-15:]
            raise SystemExit("make serve did not start:\n" + "\n".join(tail))
        state = stack.read_state()
        if state and state.get("pid") == process.pid and state.get("ready"):
            return process
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("make serve did not get ready within 120 s: see var/deploy/log/serve.log")


def stop_serve(process):
    """SIGTERM to make serve, which stops its children; if it does not, its children are
    killed by the process ids it wrote down."""
    state = stack.read_state() or {}
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        for child in state.get("processes", {}).values():
            pid = child.get("pid")
            if stack.pid_alive(pid) and child.get("marker", "\0") in stack.command_line(pid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)


def load_environment(state):
    for line in Path(state["env_file"]).read_text().splitlines():
        key, _, value = line.partition("=")
        os.environ[key] = value
    import django

    django.setup()


def prepare_data(run: str, password: str):
    """This run's members, article and archive article; earlier runs' are deleted first."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Member
    from articles.models import Article, Category
    from comments.models import Comment
    from comments.services import recount_comments, refresh_standing

    now = timezone.now()
    with transaction.atomic():
        old_articles = Article.objects.filter(slug__startswith=f"{SLUG}-")
        Comment.objects.filter(article__in=old_articles).delete()
        old_articles.delete()
        Member.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()

        hashed = make_password(password)
        members = []
        for i in range(CLIENTS + 1):
            member = Member.objects.create(
                username=f"panne_{run}_{i:02d}",
                email=f"panne_{run}_{i:02d}@{EMAIL_DOMAIN}",
                password=hashed,
                date_joined=now - timedelta(days=365),
            )
            EmailAddress.objects.create(
                user=member, email=member.email, primary=True, verified=True
            )
            members.append(member)
        category, _ = Category.objects.get_or_create(
            slug=SLUG, defaults={"name": "Exercice de panne"}
        )
        articles = [
            Article.objects.create(
                slug=f"{SLUG}-{run}{suffix}",
                title=title,
                author=members[0],
                category=category,
                status=Article.Status.PUBLISHED,
                lead="Un article pour l'exercice de panne (make failover).",
                body="Les commentaires ci-dessous sont écrits par des membres simulés.",
                published_at=now - timedelta(days=60),
            )
            for suffix, title in [("", "Exercice de panne"), ("-archives", "Archives")]
        ]
        archive = articles[1]
        seeds = []
        for member in members:
            for k in range(3):
                seeds.append(
                    Comment.objects.create(
                        article=archive,
                        author=member,
                        body=f"Un ancien message ({k}).",
                        created_at=now - timedelta(days=30 - k),
                    )
                )
        recount_comments([archive.pk])
        refresh_standing(*[m.pk for m in members])
    forget_stale_limits([m.pk for m in members])
    return members, articles, [(c.pk, c.author.username) for c in seeds]


def forget_stale_limits(pks):
    """The members are new, so a rate-limit window under their ids was left by another database
    that shares this Redis (the same one made again, say): it is not theirs. (Key formats of
    accounts.ratelimit and comments.views.)"""
    from django.conf import settings
    from django.core.cache import cache

    from accounts.models import RateCounter

    keys = [f"{action}:m{pk}" for action in settings.RATE_LIMITS for pk in pks]
    keys += [f"votes_per_author:m{voter}>m{author}" for voter in pks for author in pks]
    RateCounter.objects.filter(key__in=keys).delete()
    cache.delete_many([f"ratelimit:{key}" for key in keys])


def new_lines(path: Path, offset: int) -> list[str]:
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode("utf-8", "replace").splitlines()


def size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def gunicorn_workers(master: int) -> set[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return set()
    return {int(pid) for pid in children.split()}


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# The run ---------------------------------------------------------------------------------------


def last_upstream(line: dict | None) -> str:
    return line["upstream"].split(", ")[-1] if line else ""


class Drill:
    def __init__(self, state):
        self.state = state
        self.journal: list[Reply] = []
        self.lock = threading.Lock()
        self.checks: list[tuple[bool, str]] = []
        self.events: list[tuple[float, str]] = []
        self.probes: list[int] = []
        self.t0 = self.killed = self.kill_wall = self.reloaded = time.monotonic()
        self.restarted = self.healthy = None

    def check(self, ok: bool, text: str) -> None:
        self.checks.append((bool(ok), text))

    def event(self, text: str) -> None:
        self.events.append((time.monotonic() - self.t0, text))

    def probe_nginx(self, stop: threading.Event):
        """/sante/ through nginx, four times a second, all along."""
        browser = Browser("probe", "127.0.0.2", [], threading.Lock())
        while not stop.is_set():
            self.probes.append(browser.request("probe", "GET", "/sante/").status)
            stop.wait(0.25)

    def run(self) -> None:
        from django.conf import settings

        run = secrets.token_hex(3)
        password = secrets.token_urlsafe(16)
        access_log = stack.LOGS / "nginx-access.log"
        app_logs = {name: stack.LOGS / f"{name}.log" for name in PORTS}
        offsets = {"nginx": size(access_log)} | {n: size(p) for n, p in app_logs.items()}

        members, articles, seeds = prepare_data(run, password)
        article, archive = articles
        out(
            f"nginx 127.0.0.1:{NGINX} -> app servers a (:{PORTS['a']}) and b (:{PORTS['b']}), "
            f"{os.environ.get('GUNICORN_WORKERS', '2')} gunicorn workers each, a db_worker, "
            f"PostgreSQL and Redis, on {os.cpu_count()} cores."
        )
        pool = Pool(seeds)
        clients = [
            Member(
                i, m.username, password, article.get_absolute_url(), self.journal, self.lock, pool
            )
            for i, m in enumerate(members[:CLIENTS])
        ]
        with ThreadPoolExecutor(CLIENTS) as executor:
            list(executor.map(lambda c: c.login(), clients))

        # The load: members in threads; this thread kills, watches and reloads.
        self.t0 = time.monotonic()
        for client in clients:
            client.load_end = self.t0 + LOAD_SECONDS + 30  # set below, once b is reloaded
        stop_probe = threading.Event()
        prober = threading.Thread(target=self.probe_nginx, args=(stop_probe,), daemon=True)
        prober.start()
        step = LOAD_SECONDS / COMMENTS_EACH
        threads = [
            threading.Thread(
                target=client.run,
                args=(self.t0, [step * (k + i / CLIENTS) for k in range(COMMENTS_EACH)]),
                daemon=True,
            )
            for i, client in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        self.event("load starts")

        time.sleep(max(0.0, self.t0 + KILL_AT - time.monotonic()))
        victim = self.state["processes"]["a"]["pid"]
        os.killpg(victim, signal.SIGKILL)  # the master and its workers, as if their machine died
        self.killed, self.kill_wall = time.monotonic(), time.time()
        self.event(f"a killed: SIGKILL to its master (pid {victim}) and workers")
        end = self.killed + stack.RESTART_DELAY + 30  # a that does not come back fails the run
        while time.monotonic() < end and self.restarted is None:
            pid = (stack.read_state() or {}).get("processes", {}).get("a", {}).get("pid")
            if pid and pid != victim:
                self.restarted = time.monotonic()
                self.event(f"a started again by the supervisor (pid {pid})")
            time.sleep(0.05)
        while time.monotonic() < end and self.restarted and self.healthy is None:
            if stack.answers(f"http://{HOST}:{PORTS['a']}/sante/", timeout=1):
                self.healthy = time.monotonic()
                self.event("a answers /sante/ with 200")
            time.sleep(0.05)

        # b's reload, once a is back for a moment; then some more load.
        reload_at = max(self.t0 + RELOAD_AT, (self.healthy or time.monotonic()) + 2)
        time.sleep(max(0.0, reload_at - time.monotonic()))
        master_b = self.state["processes"]["b"]["pid"]
        workers_before = gunicorn_workers(master_b)
        os.kill(master_b, signal.SIGHUP)
        self.reloaded = time.monotonic()
        self.event("b reloaded: HUP to its master")
        load_end = max(self.t0 + LOAD_SECONDS, self.reloaded + 5)
        for client in clients:
            client.load_end = load_end

        for thread in threads:
            thread.join(timeout=RETRY_FOR + 10)
        stop_probe.set()
        prober.join(timeout=5)
        self.event("load ends (every member's last action answered)")
        self.load_seconds = time.monotonic() - self.t0
        workers_after = gunicorn_workers(master_b)

        # The rate limit, across app servers: twice the limit at once, half to each directly.
        limit = settings.RATE_LIMITS["comment_post"][0]
        greedy = Member(
            CLIENTS, members[CLIENTS].username, password, "", [], threading.Lock(), pool
        )
        greedy.login()
        path = f"{archive.get_absolute_url()}commentaires/"

        def send(i):
            form = {"body": f"Rafale {i}.", "token": f"rafale-{i}-{secrets.token_hex(4)}"}
            port = PORTS["a"] if i % 2 == 0 else PORTS["b"]
            return greedy.browser.request("burst", "POST", path, form, htmx=True, port=port).status

        with ThreadPoolExecutor(2 * limit) as executor:
            burst = Counter(executor.map(send, range(2 * limit)))

        # Sessions: every member on each app server directly, with the session it got at login.
        sessions = Counter()
        for client in clients:
            for name, port in PORTS.items():
                status = client.browser.request(
                    "session", "GET", "/notifications/", port=port
                ).status
                sessions[f"{name} {status}"] += 1

        access = [json.loads(line) for line in new_lines(access_log, offsets["nginx"]) if line]
        self.report(
            clients=clients,
            members=members,
            articles=articles,
            greedy=members[CLIENTS],
            limit=limit,
            burst=burst,
            sessions=sessions,
            workers=(workers_before, workers_after),
            access=access,
            app_lines={n: new_lines(p, offsets[n]) for n, p in app_logs.items()},
        )

    # What happened ------------------------------------------------------------------------------

    def report(
        self, clients, members, articles, greedy, limit, burst, sessions, workers, access, app_lines
    ):
        a_port, b_port = f"{HOST}:{PORTS['a']}", f"{HOST}:{PORTS['b']}"
        by_id = {line["request_id"]: line for line in access}
        logins = Counter(
            "a" if last_upstream(by_id.get(r.request_id)) == a_port else "b"
            for r in self.journal
            if r.kind == "login" and r.status == 302
        )
        journal = [r for r in self.journal if r.kind != "login"]
        kill = self.killed - self.t0
        back = (self.healthy or self.killed) - self.t0

        out(
            f"{CLIENTS} members logged in through nginx (sessions made by a: {logins['a']}, by b: "
            f"{logins['b']}), then for {LOAD_SECONDS:g} s read, posted ({COMMENTS_EACH} comments "
            f"each) and voted, with {THINK[0] * 1000:.0f}-{THINK[1] * 1000:.0f} ms between actions."
        )
        out()
        out("  t (s)  event")
        for at, text in self.events:
            out(f"  {at:5.2f}  {text}")
        out()

        out(
            f"  {'phase':<22}{'requests':>9}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}  failed"
        )
        phases = [
            ("a and b", 0, kill),
            ("a down, b alone", kill, back),
            ("a back", back, self.reloaded - self.t0),
            ("b reloading, to end", self.reloaded - self.t0, self.load_seconds),
        ]
        for label, start, end in phases:
            replies = [
                r for r in journal if r.kind != "session" and start <= r.started - self.t0 < end
            ]
            times = [(r.ended - r.started) * 1000 for r in replies]
            out(
                f"  {label:<22}{len(replies):>9}{len(replies) / max(end - start, 0.001):>7.1f}"
                f"{percentile(times, 0.5):>8.0f}{percentile(times, 0.99):>8.0f}"
                f"{max(times, default=0):>8.0f}  {sum(r.status in TRANSIENT for r in replies)}"
            )
        out()

        failures = [r for r in journal if r.status in TRANSIENT]
        servers = Counter(
            last_upstream(by_id.get(r.request_id)) or "nginx did not answer" for r in failures
        )
        offsets = [r.started - self.killed for r in failures]
        if failures:
            kinds = Counter(f"{r.kind} {r.status or r.error}" for r in failures)
            out(
                f"Failed requests: {len(failures)} ({', '.join(f'{n} {k}' for k, n in kinds.items())}), "
                f"sent {min(offsets):+.2f} to {max(offsets):+.2f} s from the kill, all to "
                f"{', '.join(servers)}. Of these POSTs, "
                f"{sum(c.applied_before for c in clients)} had been applied before a died (the "
                f"retry changed nothing: same token, or the page showed the vote), "
                f"{sum(c.sent_again for c in clients)} had not (the retry did it)."
            )
        else:
            out("Failed requests: none (no POST happened to be in flight on a when it died).")
        moved = [line for line in access if ", " in line["upstream"]]
        out(
            f"nginx sent {len(moved)} request(s) on to b itself (a refused the connection, or cut "
            f"a GET short); their statuses: {dict(Counter(m['status'] for m in moved))}."
        )
        b_lines = [line for line in access if last_upstream(line) == b_port]
        b_5xx = [line for line in b_lines if line["status"] >= 500]
        a_5xx = [line for line in access if last_upstream(line) == a_port and line["status"] >= 500]
        bad_probes = [s for s in self.probes if s != 200]
        out(
            f"b answered {len(b_lines)} requests, {len(b_5xx)} with a 5xx; nginx's /sante/, "
            f"probed {len(self.probes)} times, answered 200 {len(self.probes) - len(bad_probes)} times."
        )
        if self.healthy:
            served = [
                r.started
                for r in journal
                if r.started > self.healthy and last_upstream(by_id.get(r.request_id)) == a_port
            ]
            out(
                f"a: started again {self.restarted - self.killed:.1f} s after the kill (RestartSec), "
                f"answering {self.healthy - self.killed:.1f} s after it, serving members through "
                f"nginx {min(served) - self.killed:.1f} s after it."
                if served
                else "a: not seen again."
            )
        reload_failed = [r for r in failures if r.started >= self.reloaded - 0.5]
        out(
            f"b's reload: workers {sorted(workers[0])} replaced by {sorted(workers[1])}, "
            f"{len(reload_failed)} request(s) failed."
        )
        out()
        self.check_data(clients, members, articles, greedy, limit, burst, sessions)
        problems = [p for c in clients for p in c.problems]
        self.check(
            not b_5xx
            and not bad_probes
            and set(servers) <= {a_port}
            and not reload_failed
            and all(r.started <= self.killed + 0.1 <= r.ended + 0.15 for r in failures)
            and all(abs(_epoch(x["time"]) - self.kill_wall) <= 2 for x in a_5xx),
            "the surviving app server answered throughout: the only failures were requests in "
            "flight on a when it died; none during b's reload",
        )
        self.check(
            not problems,
            "every member's every action was answered (after retries)"
            + (": " + "; ".join(problems[:5]) if problems else ""),
        )
        sample = next((r for r in reversed(journal) if r.kind == "vote" and r.status == 200), None)
        line = by_id.get(sample.request_id) if sample else None
        server = "a" if last_upstream(line) == a_port else "b"
        app_line = next(
            (x for x in app_lines[server] if sample and f"request_id={sample.request_id}" in x), ""
        )
        self.check(
            bool(line) and "status=200" in app_line,
            f"request ids: a vote's X-Request-ID ({sample.request_id if sample else '-'}) is on its "
            f"line of nginx's log and of app server {server}'s log",
        )
        out("Checks:")
        for ok, text in self.checks:
            out(f"  [{'ok' if ok else 'FAILED'}] {text}")

    def check_data(self, clients, members, articles, greedy, limit, burst, sessions):
        from django.db.models import Count, F, Q

        from accounts.models import Member as Account
        from comments.models import Comment, CommentVote

        article, archive = articles
        names = [c.username for c in clients]
        made = Comment.objects.filter(article=article, author__username__in=names)
        tokens = Counter(made.values_list("submission_token", flat=True))
        markers = Counter(
            marker
            for body in made.values_list("body", flat=True)
            for marker in re.findall(r"\[(.+?)\]", body)
        )
        accepted = {token for c in clients for token in c.accepted}
        self.check(
            set(tokens) == accepted
            and set(markers) == accepted
            and max(tokens.values(), default=1) == 1
            and max(markers.values(), default=1) == 1,
            f"comments: {len(accepted)} seen accepted by the members, {made.count()} stored, each "
            f"token and each marker once, none other",
        )
        expected = {(c.username, pk): v for c in clients for pk, v in c.votes.items() if v}
        stored = {
            (member, pk): value
            for member, pk, value in CommentVote.objects.filter(
                member__username__in=names
            ).values_list("member__username", "comment_id", "value")
        }
        self.check(
            stored == expected,
            f"votes: {len(stored)} vote rows, each the vote its member last cast, none other",
        )
        off = (
            Comment.objects.filter(article__in=articles)
            .annotate(
                up=Count("votes", filter=Q(votes__value=1)),
                down=Count("votes", filter=Q(votes__value=-1)),
            )
            .exclude(upvotes=F("up"), downvotes=F("down"))
        )
        visible = Comment.objects.visible()
        off_articles = [
            a
            for a in articles
            if type(a).objects.get(pk=a.pk).comment_count != visible.filter(article=a).count()
        ]
        off_members = [
            m
            for m in Account.objects.filter(pk__in=[m.pk for m in members])
            if m.message_count != visible.filter(author=m).count()
        ]
        self.check(
            not off.exists() and not off_articles and not off_members,
            "counts: every comment's up and down counts equal its vote rows, the articles' "
            "comment counts and the members' message counts their comments",
        )
        self.check(
            set(sessions) == {"a 200", "b 200"},
            f"sessions: every member, logged in once, is logged in on a and on b "
            f"({', '.join(f'{k}: {n}' for k, n in sorted(sessions.items()))})",
        )
        stored_burst = Comment.objects.filter(
            article=archive, author=greedy, submission_token__isnull=False
        ).count()
        self.check(
            burst.get(200) == limit and burst.get(429) == limit and stored_burst == limit,
            f"rate limit: {2 * limit} comments sent at once by one member, half to a and half to "
            f"b: {burst.get(200, 0)} accepted, {burst.get(429, 0)} refused (429), {stored_burst} "
            f"stored (RATE_COMMENT_POSTS = {limit})",
        )


def _epoch(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()


def main() -> int:
    started = time.monotonic()

    def over_budget(signum, frame):
        raise TimeoutError(f"make failover took more than {BUDGET} s: stopped")

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGALRM, over_budget)
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    signal.alarm(BUDGET)
    own = None
    ok = False
    try:
        state = serve_state()
        if state:
            out(f"Using the make serve that is running (pid {state['pid']}).")
        else:
            out("Starting make serve (its output: var/deploy/log/serve.log).")
            own = start_serve()
            state = serve_state()
        load_environment(state)
        drill = Drill(state)
        drill.run()
        ok = bool(drill.checks) and all(passed for passed, _ in drill.checks)
    except KeyboardInterrupt:
        out("Interrupted.")
    except TimeoutError as error:
        out(str(error))
    except Exception:
        traceback.print_exc()
    finally:
        signal.alarm(0)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)  # what was started is stopped, whatever comes
        if own is not None:
            out("Stopping make serve.")
            stop_serve(own)
    out(f"make failover {'passed' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
