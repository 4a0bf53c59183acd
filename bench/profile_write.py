"""Where the time of one signed-in request goes, in-process, without the network.

    BACKCARE_DATA_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=backcare.settings \\
        .venv/bin/python -m bench.profile_write [--requests 2000] [--top 25] [--only write]

Requests go straight into Django's WSGI handler (no test client, no server), as a person
with a year of check-ins: the check-in write (``PUT /api/checkins/{day}/{moment}``), the
dashboard read (``GET /api/dashboard``) and the bare view, anonymous and signed in. For each
it prints the mean time and SQL statements per request, then the top cumulative entries of
a cProfile run (docs/performance.md keeps them, before and after each change).

``--only floor-nothing,floor-row`` adds the two reference writes of ``bench/floor.py``: the
same path and body through the same authentication, writing nothing or one row.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

HISTORY_DAYS = 365
MOMENTS = ("morning", "midday", "evening", "other")
ROUNDS = 5
CSRF = "p" * 32  # any 32 characters is a valid CSRF secret
#: The writes, each to its path: the check-in, and bench/floor.py's two reference writes.
WRITES = {
    "write": "/api/checkins",
    "floor-nothing": "/floor/nothing",
    "floor-row": "/floor/one-row",
}


def setup(kinds: Iterable[str] = ()) -> str:
    """Migrate a fresh database, seed one person; return their Cookie header. With a
    reference write among ``kinds``, requests are served with bench/floor.py's URLs."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    if any(kind.startswith("floor-") for kind in kinds):
        settings.ROOT_URLCONF = "bench.floor"
    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from backcare.diary.models import CheckIn

    user = get_user_model().objects.create_user("profile", "profile@example.org", "x" * 20)
    rng = random.Random(3)
    today = date.today()
    CheckIn.objects.bulk_create(
        CheckIn(user=user, day=today - timedelta(days=d), moment="evening", pain=rng.randint(1, 8))
        for d in range(1, HISTORY_DAYS + 1)
    )
    client = Client()
    client.force_login(user)
    from backcare.runtime import settle_memory

    settle_memory()  # as the server's processes do once loaded (backcare/wsgi.py)
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"


def environ(method: str, path: str, cookie: str, body: bytes = b"") -> dict[str, Any]:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "period=3m" if path == "/api/dashboard" else "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "HTTP_X_CSRFTOKEN": CSRF,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }


def requests(kind: str, cookie: str) -> Iterator[dict[str, Any]]:
    """An endless stream of one kind of request, like bench/load.py sends."""
    rng = random.Random(11)
    today = date.today()
    while True:
        if kind in WRITES:
            day = today - timedelta(days=rng.randint(0, 1800))
            body = {"pain": rng.randint(0, 10), "stiffness": rng.randint(0, 10)}
            path = f"{WRITES[kind]}/{day.isoformat()}/{rng.choice(MOMENTS)}"
            yield environ("PUT", path, cookie, json.dumps(body).encode())
        elif kind == "read":
            yield environ("GET", "/api/dashboard", cookie)
        elif kind == "bare":
            yield environ("GET", "/health/", "")
        else:
            yield environ("GET", "/health/", cookie)


def send(app: Callable[..., Any], env: dict[str, Any]) -> None:
    statuses: list[str] = []
    body = app(env, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    if not statuses[0].startswith(("200", "201")):
        raise SystemExit(f"profile: {env['REQUEST_METHOD']} {env['PATH_INFO']} -> {statuses[0]}")


def measure(app: Callable[..., Any], kind: str, cookie: str, count: int) -> tuple[float, float]:
    """CPU milliseconds (the best of five rounds) and SQL statements per request.

    CPU time, and the best round, because the machine is shared: wall time would count
    other processes' turns, and the best round is the one least disturbed by them.
    """
    from django.db import connection

    statements = 0

    def counting(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    stream = requests(kind, cookie)
    for _ in range(50):  # warm caches, as a running worker is
        send(app, next(stream))
    rounds = []
    with connection.execute_wrapper(counting):
        for _ in range(ROUNDS):
            start = time.process_time()
            for _ in range(count // ROUNDS):
                send(app, next(stream))
            rounds.append(time.process_time() - start)
    return 1000 * min(rounds) / (count // ROUNDS), statements / (count // ROUNDS * ROUNDS)


def profile(app: Callable[..., Any], kind: str, cookie: str, count: int, top: int) -> str:
    stream = requests(kind, cookie)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        send(app, next(stream))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(line.rstrip() for line in lines[start:] if line.strip())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", default="bare,signed-in,write,read")
    args = parser.parse_args()
    kinds = args.only.split(",")
    cookie = setup(kinds)
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    for kind in kinds:
        ms, sql = measure(app, kind, cookie, args.requests)
        print(f"{kind:>10}: {ms:6.3f} ms CPU/request, {sql:.1f} SQL statements/request")
    for kind in kinds if args.top else ():
        print(f"\n### {kind}: top {args.top} cumulative, {args.requests} requests\n")
        print(profile(app, kind, cookie, args.requests, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
