"""Sub-commands of the `backcare` console script."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from backcare.accounts.models import User

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def setup_django() -> None:
    """Configure Django for commands that touch the database; create the data folder."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")
    import django
    from django.conf import settings

    django.setup()
    if not settings.DATABASE_URL:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        keep_private(Path(settings.DATABASES["default"]["NAME"]))


def migrate(verbosity: int) -> None:
    """Bring the database up to date, a new SQLite file created readable by this account
    alone."""
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DATABASE_URL:
        keep_private(Path(settings.DATABASES["default"]["NAME"]), create=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def keep_private(database: Path, *, create: bool = False) -> None:
    """Make the SQLite database readable by this account alone (SQLite gives its -wal and
    -shm files the database's own mode); ``create``: make it so if it is new. The data
    folder itself stays open: the proxy serves the static files collected inside it."""
    if create and not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))  # an empty database
    for path in (database, database.with_name(database.name + "-wal"),
                 database.with_name(database.name + "-shm")):  # fmt: skip
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def fail(message: str, code: int = 2) -> int:
    """Print an error that says what to fix and return the exit code."""
    print(f"backcare: error: {message}", file=sys.stderr)
    return code


class CommandFailed(Exception):
    """What to fix, reported by ``backcare`` as ``fail`` does (exit code 2)."""


def account_named(username: str, option: str = "") -> User:
    """The account called ``username``; otherwise the command fails, naming the option that
    gave the name."""
    from backcare.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        where = f"{option}: " if option else ""
        raise CommandFailed(f"{where}no account named '{username}'")
    return user
