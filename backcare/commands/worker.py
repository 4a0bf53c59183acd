"""backcare worker: run background tasks (imports, reminders, reports) from the database queue.

It also starts the reminder scheduler: a django-tasks task that sends what is due and queues
itself for the next minute (backcare/reminders/tasks.py). Any number of workers may run.
"""

from __future__ import annotations

import argparse

from backcare.commands import Subparsers, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "worker",
        help="run background tasks and the reminder scheduler",
        description="Run queued background tasks and the reminder scheduler until stopped "
        "(Ctrl+C). `make run` starts one beside the server.",
    )
    parser.add_argument(
        "--interval", type=float, default=1.0, help="seconds between queue polls (default 1)"
    )
    parser.add_argument(
        "--batch", action="store_true", help="run what is queued now, then exit (for cron/tests)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from backcare.reminders.tasks import queue_scan

    queue_scan()  # unless a scan is already waiting (another worker started the chain)

    options: dict[str, object] = {"interval": args.interval, "verbosity": 1}
    if args.batch:
        options.update(batch=True, startup_delay=False)
    call_command("db_worker", **options)
    return 0
