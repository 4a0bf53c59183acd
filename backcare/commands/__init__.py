"""Sub-commands of the `backcare` console script."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TypeAlias

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def setup_django() -> None:
    """Configure Django for commands that touch the database; create the data folder."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")
    import django
    from django.conf import settings

    django.setup()
    if not settings.DATABASE_URL:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def fail(message: str, code: int = 2) -> int:
    """Print an error that says what to fix and return the exit code."""
    print(f"backcare: error: {message}", file=sys.stderr)
    return code
