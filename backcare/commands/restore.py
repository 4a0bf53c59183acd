"""backcare restore: put a backup's database and push keys back, then check every table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backcare.commands import Subparsers, fail, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "restore",
        help="replace the database and push keys with a backup's, then verify every table",
        description="Replace the whole database (in one transaction) and the data directory's "
        "push keys with those in ARCHIVE, then compare the row count and checksum of every "
        "table with the backup's manifest; exit 1 if any differs. Stop the server and "
        "workers first. See docs/backups.md.",
    )
    parser.add_argument("archive", type=Path, help="a backcare-*.tar.gz from `backcare backup`")
    parser.add_argument(
        "--yes", action="store_true", help="confirm: everything stored now is replaced"
    )
    parser.add_argument(
        "--wipe",
        action="store_true",
        help="delete the database entirely before restoring, as after losing the server "
        "(used by deploy/restore-check)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    if not args.archive.is_file():
        return fail(f"{args.archive}: no such backup file")
    if not args.yes:
        return fail("restore replaces everything stored now with the backup; add --yes")
    setup_django()
    from backcare.backups import database
    from backcare.backups.archive import restore
    from backcare.backups.database import BackupError
    from backcare.backups.fingerprint import tables, total_rows

    try:
        if args.wipe:
            database.wipe()
        restored = restore(args.archive)
    except (BackupError, OSError) as exc:
        return fail(f"restore failed: {exc}", code=1)
    for name, rows in tables(restored.tables):
        print(f"{rows:>10,}  {name}")
    if restored.problems:
        print(
            "\n".join(["The restore does not match the backup:", *restored.problems]),
            file=sys.stderr,
        )
        return 1
    count = len(restored.tables)
    print(f"Restored {total_rows(restored.tables):,} rows in {count} tables; all match the backup.")
    return 0
