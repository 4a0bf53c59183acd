"""Start backcare's production stack on this machine, in a temporary folder, until Ctrl+C.

    deploy/stack --port 8080 --database-url postgresql://postgres@127.0.0.1:5432/backcare \
        --redis-url redis://127.0.0.1:6379/0

It runs what docs/deployment.md describes, with the shipped configuration files: migrations
and collectstatic, gunicorn (deploy/gunicorn.conf.py) on the app ports, the background worker,
and nginx in the foreground with its own prefix and the snippets of deploy/nginx/, serving the
collected static files and proxying the rest. It prints the address, restarts the app
processes on SIGHUP (as a deployment of new code would), and stops everything on exit.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parents[1]
NGINX_SNIPPETS = REPO / "deploy" / "nginx"
GUNICORN_CONFIG = REPO / "deploy" / "gunicorn.conf.py"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
MIME_TYPES = Path("/etc/nginx/mime.types")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="deploy/stack", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx port (default 8080)")
    parser.add_argument("--app-port", type=int, help="first gunicorn port (default: --port + 1)")
    parser.add_argument("--instances", type=int, default=1, help="gunicorn processes (default 1)")
    parser.add_argument("--workers", type=int, default=3, help="workers per gunicorn (default 3)")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), help="PostgreSQL URL"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BACKCARE_REDIS_URL") or os.environ.get("REDIS_URL", ""),
        help="Redis URL, e.g. redis://127.0.0.1:6379/0",
    )
    parser.add_argument("--dir", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--no-worker", action="store_true", help="do not start the worker")
    parser.add_argument(
        "--settings",
        default="backcare.settings",
        help="Django settings module (default backcare.settings)",
    )
    return parser.parse_args(argv)


def missing_prerequisites(args: argparse.Namespace) -> str:
    """What stops the stack from starting, in words, or "" when all is there."""
    if not NGINX:
        return "nginx is not installed (apt-get install nginx-light)"
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        return "--database-url (or DATABASE_URL) must name a PostgreSQL database"
    if not args.redis_url.startswith(("redis://", "rediss://", "unix://")):
        return "--redis-url (or BACKCARE_REDIS_URL) must name a Redis database"
    import psycopg
    import redis

    try:
        psycopg.connect(args.database_url, connect_timeout=3).close()
    except psycopg.Error as error:
        return f"cannot connect to {args.database_url}: {error}".strip()
    try:
        redis.Redis.from_url(args.redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"cannot connect to {args.redis_url}: {error}"
    for port in [*app_ports(args), args.port]:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return f"port {port} is already in use"
    return ""


def app_ports(args: argparse.Namespace) -> list[int]:
    first = args.app_port or args.port + 1
    return list(range(first, first + args.instances))


def nginx_conf(folder: Path, port: int, upstreams: list[int], static: Path) -> str:
    temp_paths = "\n".join(
        f"  {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    return f"""daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  {mime}
  default_type application/octet-stream;
  sendfile on;
  server_tokens off;
  include {NGINX_SNIPPETS / "backcare-log.conf"};
  access_log {folder}/logs/access.log backcare buffer=64k flush=5s;
{temp_paths}
  upstream backcare {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location /static/ {{
      alias {static}/;
      include {NGINX_SNIPPETS / "backcare-static.conf"};
    }}
    include {NGINX_SNIPPETS / "backcare-proxy.conf"};
  }}
}}
"""


class Stack:
    """The processes of one running stack, started and stopped in order."""

    def __init__(self, args: argparse.Namespace, folder: Path) -> None:
        self.args = args
        self.folder = folder
        self.logs = folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.apps: list[subprocess.Popen[bytes]] = []
        self.others: list[subprocess.Popen[bytes]] = []
        self.backcare = str(Path(sys.executable).with_name("backcare"))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": args.settings,
            "BACKCARE_DATA_DIR": str(folder / "data"),
            "DATABASE_URL": args.database_url,
            "BACKCARE_REDIS_URL": args.redis_url,
            "BACKCARE_BEHIND_PROXY": "1",
            "BACKCARE_SECRET_KEY": os.environ.get("BACKCARE_SECRET_KEY")
            or secrets.token_urlsafe(50),
        }
        self.env.setdefault("BACKCARE_SITE_URL", f"http://127.0.0.1:{args.port}")

    def start(self) -> None:
        self.prepare()
        self.start_apps()
        if not self.args.no_worker:
            self.others.append(self.spawn("worker", [self.backcare, "worker"]))
        self.start_nginx()

    def prepare(self) -> None:
        for name, argv in (
            ("migrate", [self.backcare, "migrate"]),
            ("collectstatic", [sys.executable, "-m", "django", "collectstatic", "--noinput"]),
        ):
            with (self.logs / f"{name}.log").open("wb") as log:
                done = subprocess.run(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT)
            if done.returncode:
                raise StackError(f"{name} failed", self.logs / f"{name}.log")

    def start_apps(self) -> None:
        for port in app_ports(self.args):
            argv = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG)]
            argv += ["--bind", f"127.0.0.1:{port}", "--workers", str(self.args.workers)]
            self.apps.append(self.spawn(f"app-{port}", [*argv, "backcare.wsgi:application"]))
        for port, app in zip(app_ports(self.args), self.apps, strict=True):
            self.wait_for(f"http://127.0.0.1:{port}/health/", app, f"app-{port}")

    def start_nginx(self) -> None:
        conf = self.folder / "nginx.conf"
        static = self.folder / "data" / "static"
        conf.write_text(nginx_conf(self.folder, self.args.port, app_ports(self.args), static))
        nginx = self.spawn("nginx", [str(NGINX), "-p", str(self.folder), "-c", str(conf)])
        self.others.append(nginx)
        self.wait_for(f"http://127.0.0.1:{self.args.port}/health/", nginx, "nginx")

    def restart_apps(self) -> None:
        stop(self.apps)
        self.apps = []
        self.start_apps()

    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("ab") as log:
            # Own session: Ctrl+C reaches only this script, which stops everything in order.
            return subprocess.Popen(
                argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_for(self, url: str, process: subprocess.Popen[bytes], name: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise StackError(f"{name} exited with {process.returncode}", self.log(name))
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(url, timeout=2) as answer,
            ):
                if answer.status == 200:
                    return
            time.sleep(0.2)
        raise StackError(f"{name} did not answer {url} within 60 s", self.log(name))

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def dead(self) -> str:
        """The first process that stopped by itself, or ""."""
        for process in self.apps + self.others:
            if process.poll() is not None:
                return f"{process.args[0]} exited with {process.returncode}"
        return ""

    def stop(self) -> None:
        stop(self.others[::-1])  # nginx first: no new requests
        stop(self.apps)


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM (graceful for gunicorn, nginx and the worker), then SIGKILL after 20 s."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class StackError(Exception):
    def __init__(self, message: str, log: Path) -> None:
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        super().__init__(f"{message}; the end of {log}:\n{tail}")


@contextlib.contextmanager
def working_folder(chosen: Path | None) -> Iterator[Path]:
    if chosen:
        chosen.mkdir(parents=True, exist_ok=True)
        yield chosen.resolve()
    else:
        with tempfile.TemporaryDirectory(prefix="backcare-stack-") as tmp:
            # nginx's worker processes run as an unprivileged user and read the static files.
            Path(tmp).chmod(0o755)
            yield Path(tmp)


#: SIGHUPs not yet acted on; recorded from the very start, so one that arrives while the stack
#: is still starting restarts the apps once it serves instead of killing the whole stack.
restarts: list[int] = []


def on_hup(signum: int, frame: FrameType | None) -> None:
    restarts.append(signum)


def serve(stack: Stack) -> None:
    """Run until SIGINT/SIGTERM or a process dies; SIGHUP restarts the app processes."""
    while True:
        time.sleep(0.2)
        if restarts:
            restarts.clear()
            stack.restart_apps()
            print("backcare stack: app processes restarted", flush=True)
        problem = stack.dead()
        if problem:
            raise SystemExit(f"backcare stack: {problem}; stopping (logs in {stack.logs})")


def interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    # SIGTERM and SIGINT stop everything in order, whatever phase the stack is in.
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGHUP, on_hup)
    args = parse_args(argv)
    try:
        problem = missing_prerequisites(args)
    except KeyboardInterrupt:
        return 130
    if problem:
        print(f"backcare stack: {problem}", file=sys.stderr)
        return 2
    with working_folder(args.dir) as folder:
        stack = Stack(args, folder)
        try:
            stack.start()
            print(
                f"backcare stack: serving on http://127.0.0.1:{args.port}/ "
                f"(folder {folder}; Ctrl+C stops it, kill -HUP {os.getpid()} restarts the app)",
                flush=True,
            )
            serve(stack)
        except StackError as error:
            print(f"backcare stack: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            pass
        finally:
            stack.stop()
            print("backcare stack: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
