"""backcare ics: print a person's reminders as an iCalendar (.ics) file."""

from __future__ import annotations

import argparse
import sys

from backcare.commands import Subparsers, account_named, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "ics",
        help="print a person's reminders as an .ics calendar",
        description="Print the person's calendar reminders (those with 'calendar' ticked) as "
        "iCalendar, with time zone, alarms and repeat rules; the same file the reminders page "
        "offers for download.",
    )
    parser.add_argument("--user", metavar="USERNAME", required=True, help="whose reminders")
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()
    from backcare.reminders.calendar import ics_bytes

    sys.stdout.write(ics_bytes(account_named(args.user)).decode("utf-8"))
    return 0
