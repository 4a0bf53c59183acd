"""backcare backup: copy the database and the data directory's secrets into one archive."""

from __future__ import annotations

import argparse
from pathlib import Path

from backcare.commands import Subparsers, fail, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "backup",
        help="back up the database and the push keys into one archive",
        description="Write backcare-YYYYMMDDTHHMMSSZ.tar.gz: a consistent copy of the database "
        "(SQLite online backup, or pg_dump -Fc), the data directory's push keys, and the row "
        "count and checksum of every table. Safe while the server runs. Prints the archive's "
        "path. See docs/backups.md.",
    )
    parser.add_argument(
        "--to",
        type=Path,
        metavar="FOLDER",
        help="where to write the archive (default: backups/ in the data directory)",
    )
    parser.add_argument(
        "--keep",
        type=int,
        metavar="N",
        help="afterwards, delete all but the newest N archives in that folder",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    if args.keep is not None and args.keep < 1:
        return fail("--keep: keep at least 1 archive (the one just written)")
    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from backcare.backups.archive import backup
    from backcare.backups.database import BackupError

    folder = args.to or Path(settings.DATA_DIR) / "backups"
    try:
        print(backup(folder, timezone.now(), keep=args.keep))
    except (BackupError, OSError) as exc:
        return fail(f"backup not written: {exc}", code=1)
    return 0
