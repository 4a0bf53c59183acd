"""backcare import: load daily steps and sleep from a phone or watch export."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
        "is stored; importing the same health-app file again adds nothing. Before loading "
        "backcare's own export it shows whose file it is (name and year of birth beside the "
        "account's) and asks; --yes loads without asking.",
    )
    parser.add_argument("file", type=Path, help="the export file")
    parser.add_argument("--user", required=True, metavar="USERNAME", help="whose data it is")
    parser.add_argument(
        "--no-progress", action="store_true", help="do not show a progress bar (e.g. in scripts)"
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="load backcare's own export without asking 'Is this your file?' (for scripts)",
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


def restore_export(user: User, path: Path, no_progress: bool, yes: bool = False) -> int:
    """Show whose file it is, ask (unless ``yes``), then load backcare's own export with a
    bar over the rows written. Nothing is stored before the answer."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from backcare.exchange.data_import import ExportFileError, read_export, restore
    from backcare.exchange.restore_preview import preview_restore

    try:
        document = read_export(path)
        preview = preview_restore(user, document)  # every check of the load, rolled back
    except ExportFileError as exc:
        return fail(f"{exc} (nothing was imported)")
    print(comparison(user, path, preview))
    if not yes:
        if not sys.stdin.isatty():
            return fail(
                "no terminal to ask before loading: check whose file it is above, then add "
                "--yes to load it (nothing was imported)"
            )
        if not confirmed(f"Load it into the account '{user.username}'? [y/N] "):
            print("Nothing was imported.")
            return 1
    console = Console(stderr=True)
    hidden = no_progress or not console.is_terminal or os.environ.get("CI") == "true"
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, disable=hidden, transient=True) as bar:
        task = bar.add_task(f"Loading {path.name}", total=None)
        try:
            summary = restore(
                user,
                document,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except ExportFileError as exc:
            return fail(f"{exc} (nothing was imported)")
    print(summary.sentence())
    return 0


def comparison(user: User, path: Path, preview: dict[str, Any]) -> str:
    """The page's "Is this your file?" as text: the file's name and year of birth beside the
    account's, the diary days, what loading adds and what it leaves out, and a warning when
    they differ."""
    exported = f", downloaded on {preview['exported_on']}" if preview["exported_on"] else ""
    lines = [
        f"Is this {user.username}'s file? Nothing is loaded yet.",
        f"{path.name}{exported}.",
        "",
    ]
    account = f"Account '{user.username}' now"
    lines.append(f"{'':<15}{'In the file':<24}{account}")
    for row in preview["profile"][:2]:  # name and year of birth, as on the page
        shown = {"no name": "no name in the file", "none": "none in the file"}
        lines.append(f"{row['label']:<15}{shown.get(row['file'], row['file']):<24}{row['account']}")
    lines.append("")
    if preview["first_day"]:
        lines.append(f"Diary days in the file: {preview['first_day']} to {preview['last_day']}.")
    else:
        lines.append("Diary days in the file: none.")
    adds = ", ".join(preview["adds"]) or "no entries"
    lines.append(f"Loading adds: {adds}.")
    replaced = [
        f"{row['label'].lower()} {row['account']} with {row['after']}"
        for row in preview["profile"]
        if row["changes"]
    ]
    if replaced:
        lines.append(f"It replaces the account's {'; '.join(replaced)}.")
    if preview["not_loaded"]:
        lines.append("Not loaded, and why:")
        lines += [f"- {row['what']}: {row['why']}." for row in preview["not_loaded"]]
    if preview["someone_else"]:
        why = "; ".join(
            reason.replace(", yours is ", ", the account's is ")
            for reason in preview["someone_else"]
        )
        lines += [
            "",
            f"Warning: this file looks like someone else's: {why}.",
            "Load it only if it is this person's: its entries and health details would become "
            "theirs, and the checks for warning signs and their plan would use them.",
        ]
    return "\n".join(lines)


def confirmed(question: str) -> bool:
    """Ask on the terminal; only yes (or y) loads. End of input or Ctrl-C is a no."""
    try:
        answer = input(question)
    except (EOFError, KeyboardInterrupt):
        print()
        return False
    return answer.strip().casefold() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    setup_django()
    from backcare.progress.imports import ImportFormatError, import_file

    user = account_named(args.user, "--user")
    path: Path = args.file
    if path.is_file() and is_backcare_export(path):
        return restore_export(user, path, args.no_progress, args.yes)
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
