"""backcare import: load daily steps and sleep from a phone or watch export."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from backcare.commands import Subparsers, account_named, fail, setup_django

if TYPE_CHECKING:
    from rich.progress import Progress

    from backcare.accounts.models import User


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "import",
        help="load a backcare export, or steps and sleep from a health app",
        description="Load backcare's own export (the JSON file or CSV zip from 'Download my "
        "data' or `backcare export`) into an account that holds no data yet, or import daily "
        "steps and sleep for one person from an Apple Health export (export.zip or export.xml), "
        "Google Fit 'Daily activity metrics.csv' (or the Takeout zip), a Health Connect steps "
        "or sleep CSV, or a Fitbit data export CSV. The whole file is checked before anything "
        "is stored; importing the same health-app file again adds nothing.",
    )
    parser.add_argument("file", type=Path, help="the export file")
    parser.add_argument("--user", required=True, metavar="USERNAME", help="whose data it is")
    parser.add_argument(
        "--no-progress", action="store_true", help="do not show a progress bar (e.g. in scripts)"
    )
    return parser


def progress_bar(hidden: bool) -> Progress:
    """A bar over the bytes read, on standard error so the summary can be piped."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    console = Console(stderr=True)
    hidden = hidden or not console.is_terminal or os.environ.get("CI") == "true"
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=console, disable=hidden, transient=True)


def is_backcare_export(path: Path) -> bool:
    from backcare.exchange.data_import import is_backcare_export as check

    return check(path)


def restore_export(user: User, path: Path, no_progress: bool) -> int:
    """Load backcare's own export, with a bar over the rows written."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from backcare.exchange.data_import import ExportFileError, read_export, restore

    console = Console(stderr=True)
    hidden = no_progress or not console.is_terminal or os.environ.get("CI") == "true"
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, disable=hidden, transient=True) as bar:
        task = bar.add_task(f"Loading {path.name}", total=None)
        try:
            summary = restore(
                user,
                read_export(path),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except ExportFileError as exc:
            return fail(f"{exc} (nothing was imported)")
    print(summary.sentence())
    return 0


def run(args: argparse.Namespace) -> int:
    setup_django()
    from backcare.progress.imports import ImportFormatError, import_file

    user = account_named(args.user, "--user")
    path: Path = args.file
    if path.is_file() and is_backcare_export(path):
        return restore_export(user, path, args.no_progress)
    size = path.stat().st_size if path.is_file() else None  # a missing file: the domain says so
    with progress_bar(args.no_progress) as bar:
        task = bar.add_task(f"Reading {path.name}", total=size or None)
        try:
            summary = import_file(
                user, path, progress=lambda done: bar.update(task, completed=done)
            )
        except ImportFormatError as exc:
            return fail(f"{exc} (nothing was imported)")
    print(summary.sentence())
    if summary.records_skipped:
        print(
            f"{summary.records_skipped} implausible records were left out (see docs/insights.md)."
        )
    return 0
