"""backcare migrate: create or update the database tables."""

from __future__ import annotations

import argparse

from backcare.commands import Subparsers, migrate, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    return sub.add_parser(
        "migrate",
        help="create or update the database tables",
        description="Apply database migrations (SQLite by default, or DATABASE_URL).",
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
    migrate(verbosity=1)
    return 0
