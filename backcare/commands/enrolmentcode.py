"""backcare enrolmentcode: a new one-time code for setting up two-step sign-in."""

from __future__ import annotations

import argparse
from typing import Any
from zoneinfo import ZoneInfo

from backcare.commands import Subparsers, account_named, fail, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "enrolmentcode",
        help="issue a one-time code for setting up two-step sign-in",
        description="Print a new one-time code that a clinician or staff account enters before "
        "it may set up its authenticator app; any earlier code stops working. For accounts "
        "that have not set up two-step sign-in yet.",
    )
    parser.add_argument("username", help="an existing clinician or staff account")
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()

    return issue_and_print(account_named(args.username))


def issue_and_print(user: Any) -> int:
    """Issue a code for ``user`` and print it with what to do with it (once: only a hash is
    kept)."""
    from backcare.care import enrolment

    name = user.username
    if refusal := enrolment.why_no_code(user):
        return fail(refusal)
    issued = enrolment.issue_code(user)
    zone = user.time_zone or "UTC"  # the clinician's own, as their pages give it
    until = issued.expires_at.astimezone(ZoneInfo(zone))
    print(
        f"Enrolment code for '{name}' (shown only now; it works once, until "
        f"{until:%Y-%m-%d %H:%M} {zone}):\n\n    {issued.code}\n\n"
        "Give it to them in person, or another way than the password. At their first\n"
        "sign-in they enter it to set up their authenticator app."
    )
    return 0
