"""backcare serve: migrate, then serve the web app with gunicorn."""

from __future__ import annotations

import argparse
import os
import sys

from backcare.commands import Subparsers, fail, migrate, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "serve",
        help="serve the web app (migrates first)",
        description="Apply migrations, then serve backcare with gunicorn.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--reload", action="store_true", help="restart when code changes")
    parser.add_argument("--no-migrate", action="store_true", help="do not migrate first")
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()
    refusal = unsafe_production_setup()
    if refusal:
        return fail(refusal)
    if not args.no_migrate:
        migrate(verbosity=0)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # WhiteNoise's compressed copies
    print(f"backcare is serving on http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    if exposed_without_proxy(args.host):
        print(
            "backcare: warning: serving the public directly; slow clients can hold every worker. "
            "Put the buffering proxy of deploy/nginx/ in front (docs/security.md).",
            file=sys.stderr,
            flush=True,
        )
    # Links in calendar files and reminders name this server unless a public address is set.
    os.environ.setdefault("BACKCARE_SITE_URL", local_site_url(args.host, args.port))
    argv = gunicorn_argv(args.host, args.port, args.workers)
    if args.reload:
        argv.append("--reload")
    os.execv(sys.executable, argv)
    return 0  # not reached


def local_site_url(host: str, port: int) -> str:
    """The address this server answers on, for links: an address bound on every interface is
    reached on loopback from this machine."""
    reachable = "127.0.0.1" if host in {"0.0.0.0", ""} else "[::1]" if host == "::" else host
    return f"http://{reachable}:{port}"


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line: synchronous workers, each busy for one whole request, which
    is why production runs behind the buffering proxy of deploy/nginx (docs/security.md)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "backcare.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--logger-class",
        "backcare.log_secrets.GunicornLogger",  # no link secrets in the access log
    ]


def exposed_without_proxy(host: str) -> bool:
    from django.conf import settings

    loopback = host in {"127.0.0.1", "localhost", "::1", "[::1]"}
    return bool(settings.PRODUCTION and not loopback and not settings.SECURE_PROXY_SSL_HEADER)


def unsafe_production_setup() -> str:
    """Why production mode must not start as configured, or "" when it may."""
    from backcare.checks import check_secret_key

    errors = check_secret_key(None)
    if not errors:
        return ""
    return (
        "refusing to serve in production mode (BACKCARE_PRODUCTION) without a secret key of its "
        f"own: anyone could forge sessions signed with the public development key. {errors[0].hint}"
    )
