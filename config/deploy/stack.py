"""make serve: the production shape on this machine, on 127.0.0.1 only.

    python -m config.deploy.stack          (what ``make serve`` runs)

- PostgreSQL (``DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/causerie; the database
  is created if missing) and Redis (``REDIS_URL``, default redis://127.0.0.1:6379/0), started
  first if they are local, not running, and installed;
- ``migrate`` and ``collectstatic``, debug off, with a secret generated once into
  var/deploy/secret_key;
- two gunicorn app servers, a on 127.0.0.1:8101 and b on 127.0.0.1:8102, with
  config/deploy/gunicorn.conf.py (as causerie-web@.service runs them), one ``db_worker``, and
  nginx on 127.0.0.1:8080 with config/deploy/nginx.conf (checked with ``nginx -t`` first;
  Debian's package is installed if missing).

It then supervises them as systemd would (Restart=on-failure, RestartSec=10s in the unit
files): a process that dies is started again 10 s later. Ctrl-C or SIGTERM stops everything it
started, by process id, gracefully first. var/deploy/state.json says what runs (make failover
reads it) and var/deploy/serve.env the environment the app servers were given.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "config" / "deploy"
RUN = ROOT / "var" / "deploy"
LOGS = RUN / "log"
STATE = RUN / "state.json"
ENV_FILE = RUN / "serve.env"
SECRET = RUN / "secret_key"

HOST = "127.0.0.1"
NGINX_PORT = 8080
APP_SERVERS = {"a": 8101, "b": 8102}  # the two servers of nginx-upstream.conf
RESTART_DELAY = 10.0  # seconds, as RestartSec=10s in the unit files
PYTHON = sys.executable
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/causerie"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def say(message: str) -> None:
    print(f"[serve] {message}", flush=True)


# The environment ------------------------------------------------------------------------------


def shape_environment() -> dict[str, str]:
    """What the app servers and the worker are given: the production settings, but plain http on
    127.0.0.1 (no TLS here) and emails written to files."""
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            f"make serve runs on PostgreSQL; DATABASE_URL is {database_url!r}. Unset it for "
            f"the default ({DEFAULT_DATABASE_URL})."
        )
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY_FILE": str(SECRET),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://{HOST}:{NGINX_PORT}",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
        # nginx is the one proxy; it says http here, https on a real server.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
        # No TLS on this machine: no redirect to https, cookies over http, no HSTS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(RUN / "mail"),
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2"),
        "DJANGO_LOG_LEVEL": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    }


def full_environment(shape: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update(shape, PYTHONUNBUFFERED="1")
    return env


def ensure_secret() -> None:
    if not SECRET.exists():
        import secrets

        SECRET.touch(mode=0o600)
        SECRET.write_text(secrets.token_urlsafe(50) + "\n")
        say(f"generated a secret key in {SECRET.relative_to(ROOT)}")


def write_private(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    temporary.touch(mode=0o600)
    temporary.write_text(text)
    temporary.replace(path)


# PostgreSQL, Redis, nginx -----------------------------------------------------------------------


def is_local(host: str | None) -> bool:
    return host in (None, "", "127.0.0.1", "localhost", "::1") or (host or "").startswith("/")


def ensure_postgres(database_url: str) -> list[str] | None:
    """Starts the local cluster if it does not answer; creates the database if missing.
    Returns the command that stops what was started, if anything was."""
    import psycopg

    url = urlsplit(database_url)
    params = {
        "host": url.hostname or None,
        "port": url.port or 5432,
        "user": url.username or None,
        "password": url.password or None,
        "connect_timeout": 3,
    }
    name = url.path.lstrip("/") or "causerie"
    stop = None

    def connect(dbname):
        return psycopg.connect(dbname=dbname, autocommit=True, **params)

    try:
        connect("postgres").close()
    except psycopg.OperationalError:
        versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
        if not (is_local(params["host"]) and shutil.which("pg_ctlcluster") and versions):
            raise SystemExit(
                f"PostgreSQL does not answer at {url.hostname}:{params['port']}."
            ) from None
        say(f"PostgreSQL was not running: starting it (cluster {versions[-1]}/main)")
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main"]
        subprocess.run([*command, "start"], check=True)
        stop = [*command, "stop"]
        for _ in range(60):
            try:
                connect("postgres").close()
                break
            except psycopg.OperationalError:
                time.sleep(0.5)
    with connect("postgres") as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            say(f"creating the database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
    return stop


def ensure_redis(redis_url: str) -> subprocess.Popen | None:
    """Starts a local Redis (as a child of this process) if none answers; returns it."""
    import redis

    url = urlsplit(redis_url)
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
        return None
    except redis.RedisError:
        pass
    binary = shutil.which("redis-server")
    if not (is_local(url.hostname) and binary):
        raise SystemExit(f"Redis does not answer at {redis_url} (and cannot be started here).")
    say(f"Redis was not running: starting it on {url.hostname}:{url.port or 6379} (kept in memory)")
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            url.hostname or HOST,
            "--port",
            str(url.port or 6379),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(RUN),
        ],
        stdout=(LOGS / "redis.log").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(50):
        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
            return process
        except redis.RedisError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("Redis did not start: see var/deploy/log/redis.log")


def ensure_nginx() -> None:
    global NGINX
    if Path(NGINX).exists():
        return
    if os.geteuid() != 0:
        raise SystemExit("nginx is not installed: sudo apt-get install nginx (Debian's package).")
    say("nginx is not installed: installing Debian's package (apt-get install nginx)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt_get = shutil.which("apt-get") or "/usr/bin/apt-get"
    install = [apt_get, "install", "-y", "--no-install-recommends", "nginx"]
    if subprocess.run(install, env=env).returncode != 0:
        subprocess.run([apt_get, "update"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_command(*extra: str) -> list[str]:
    return [
        NGINX,
        "-p",
        f"{ROOT}/",
        "-c",
        str(DEPLOY / "nginx.conf"),
        "-e",
        str(LOGS / "nginx-error.log"),
        *extra,
    ]


def check_nginx_config() -> None:
    result = subprocess.run(nginx_command("-t", "-q"), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"nginx -t refuses config/deploy/nginx.conf:\n{result.stderr}")


# Processes --------------------------------------------------------------------------------------


@dataclass
class Process:
    """A long-running child, in a session of its own (Ctrl-C reaches only this supervisor,
    which stops the children in order) and restarted when it dies."""

    name: str
    command: list[str]
    log: Path
    env: dict[str, str]
    health_url: str | None = None
    stop_signal: int = signal.SIGTERM
    popen: subprocess.Popen | None = None
    died_at: float | None = None
    restarts: int = 0
    history: list[dict] = field(default_factory=list)

    def start(self) -> None:
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        self.died_at = None
        self.history.append({"pid": self.popen.pid, "started": time.time()})

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.popen.pid, self.stop_signal)

    def kill_group(self) -> None:
        """The last resort: the process and everything it started (gunicorn's workers)."""
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_until(predicate, seconds: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def read_state() -> dict | None:
    try:
        return json.loads(STATE.read_text())
    except (OSError, ValueError):
        return None


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def clean_up_after_a_killed_supervisor() -> None:
    """A previous make serve that was killed outright (SIGKILL) left its children running: stop
    them, by the process ids it wrote down, if they are still what it started."""
    state = read_state()
    if not state or pid_alive(state.get("pid")):
        return
    for child in state.get("processes", {}).values():
        pid = child.get("pid")
        if pid_alive(pid) and child.get("marker", "\0") in command_line(pid):
            say(f"stopping {child['name']} (pid {pid}), left by a make serve that was killed")
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
    STATE.unlink(missing_ok=True)


class Stack:
    def __init__(self) -> None:
        self.shape = shape_environment()
        self.env = full_environment(self.shape)
        self.processes: dict[str, Process] = {}
        self.stop_postgres: list[str] | None = None
        self.redis: subprocess.Popen | None = None
        self.stopping = False
        self.ready = False
        self.wrote_state = False

    # Start-up

    def prepare(self) -> None:
        for folder in (RUN, LOGS, RUN / "nginx", RUN / "mail"):
            folder.mkdir(parents=True, exist_ok=True)
        clean_up_after_a_killed_supervisor()
        state = read_state()
        if state and pid_alive(state.get("pid")):
            raise SystemExit(f"make serve is already running (pid {state['pid']}).")
        busy = [p for p in (NGINX_PORT, *APP_SERVERS.values()) if not port_is_free(p)]
        if busy:
            raise SystemExit(f"ports already in use on {HOST}: {busy}; make serve needs them.")
        ensure_secret()
        self.stop_postgres = ensure_postgres(self.shape["DATABASE_URL"])
        self.redis = ensure_redis(self.shape["REDIS_URL"])
        ensure_nginx()
        check_nginx_config()
        write_private(
            ENV_FILE, "".join(f"{key}={value}\n" for key, value in sorted(self.shape.items()))
        )
        say("migrate, collectstatic")
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["collectstatic", "--noinput", "-v", "0"],
        ):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=self.env, check=True)

    def define(self) -> None:
        for name, port in APP_SERVERS.items():
            self.processes[name] = Process(
                name=name,
                command=[
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "--config",
                    "config/deploy/gunicorn.conf.py",
                    "--bind",
                    f"{HOST}:{port}",
                    "--name",
                    f"causerie-{name}",
                ],
                log=LOGS / f"{name}.log",
                env=self.env,
                health_url=f"http://{HOST}:{port}/sante/",
            )
        self.processes["worker"] = Process(
            name="worker",
            command=[PYTHON, "manage.py", "db_worker", "--no-startup-delay"],
            log=LOGS / "worker.log",
            env=self.env,
        )
        self.processes["nginx"] = Process(
            name="nginx",
            command=nginx_command("-g", "daemon off;"),
            log=LOGS / "nginx-error.log",
            env=self.env,
            health_url=f"http://{HOST}:{NGINX_PORT}/sante/",
            stop_signal=signal.SIGQUIT,  # nginx's graceful stop
        )

    def start(self) -> None:
        for process in self.processes.values():
            process.start()
        self.write_state()
        for process in self.processes.values():
            if process.health_url and not wait_until(lambda p=process: answers(p.health_url), 60):
                raise SystemExit(
                    f"{process.name} did not answer at {process.health_url}: see {process.log}"
                )
        self.ready = True
        self.write_state()

    def write_state(self) -> None:
        markers = {"a": "gunicorn", "b": "gunicorn", "worker": "db_worker", "nginx": "nginx"}
        state = {
            "pid": os.getpid(),
            "ready": self.ready,
            "restart_delay": RESTART_DELAY,
            "nginx_port": NGINX_PORT,
            "env_file": str(ENV_FILE),
            "processes": {
                name: {
                    "name": name,
                    "pid": process.pid,
                    "alive": process.alive(),
                    "marker": markers[name],
                    "log": str(process.log),
                    "port": APP_SERVERS.get(name, NGINX_PORT if name == "nginx" else None),
                    "history": process.history,
                }
                for name, process in self.processes.items()
            },
        }
        write_private(STATE, json.dumps(state, indent=1))
        self.wrote_state = True

    # Running

    def supervise(self) -> None:
        while not self.stopping:
            for process in self.processes.values():
                if process.alive():
                    continue
                now = time.monotonic()
                if process.died_at is None:
                    process.died_at = now
                    code = process.popen.returncode
                    how = f"signal {-code}" if code < 0 else f"exit code {code}"
                    say(
                        f"{process.name} (pid {process.pid}) stopped ({how}); starting it again "
                        f"in {RESTART_DELAY:g} s, as systemd would (RestartSec)"
                    )
                    process.history[-1]["stopped"] = time.time()
                    self.write_state()
                elif now - process.died_at >= RESTART_DELAY:
                    process.start()
                    process.restarts += 1
                    say(f"{process.name} started again (pid {process.pid})")
                    self.write_state()
            time.sleep(0.1)

    # Stopping

    def shut_down(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
        self.stopping = True
        running = [p for p in self.processes.values() if p.alive()]
        if running:
            say("stopping: " + ", ".join(f"{p.name} (pid {p.pid})" for p in running))
        # nginx first (no new requests), then the app servers finish theirs, then the worker.
        for name in ("nginx", "a", "b", "worker"):
            if name in self.processes:
                self.processes[name].stop()
        deadline = time.monotonic() + 30
        for process in self.processes.values():
            if process.popen is None:
                continue
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{process.name} (pid {process.pid}) did not stop in time: killing it")
                process.kill_group()  # gunicorn's workers too
        if self.redis is not None:
            say(f"stopping the Redis it started (pid {self.redis.pid})")
            self.redis.terminate()
            try:
                self.redis.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.redis.kill()
        if self.stop_postgres:
            say("stopping the PostgreSQL it started")
            subprocess.run(self.stop_postgres, check=False)
        if self.wrote_state:
            STATE.unlink(missing_ok=True)
        say("stopped")


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C, and the same when started in the background (where SIGINT may come ignored).
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupt)
    stack = Stack()
    try:
        stack.prepare()
        stack.define()
        stack.start()
        say(f"Causerie: http://{HOST}:{NGINX_PORT}/ (nginx) -> app servers a :8101, b :8102")
        say(f"database {stack.shape['DATABASE_URL']}, cache {stack.shape['REDIS_URL']}")
        for process in stack.processes.values():
            say(f"  {process.name:<6} pid {process.pid:<7} log {process.log.relative_to(ROOT)}")
        say(f"  nginx access log (JSON) {(LOGS / 'nginx-access.log').relative_to(ROOT)}")
        say(f"  emails are written to {(RUN / 'mail').relative_to(ROOT)}/")
        say("Ctrl-C stops everything it started.")
        stack.supervise()
    except KeyboardInterrupt:
        pass
    finally:
        stack.shut_down()
    return 0


if __name__ == "__main__":
    sys.exit(main())
