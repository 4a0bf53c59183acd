"""backcare lead: make a clinician a programme lead (programme outcomes), or stop it."""

from __future__ import annotations

import argparse

from backcare.commands import Subparsers, account_named, fail, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "lead",
        help="grant or remove the programme-lead role",
        description="Let a clinician see programme outcomes (/clinician/outcomes/: aggregate "
        "figures for all members), or take the role away with --remove.",
    )
    parser.add_argument("username", help="an existing clinician account")
    parser.add_argument("--remove", action="store_true", help="take the role away")
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()
    from backcare.outcomes.access import set_lead

    user = account_named(args.username)
    try:
        set_lead(user, not args.remove)
    except ValueError as exc:
        return fail(str(exc))
    print(f"'{user.username}' {'is no longer' if args.remove else 'is now'} a programme lead.")
    return 0
