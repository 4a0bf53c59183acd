"""backcare createclinician: add a clinician account."""

from __future__ import annotations

import argparse
import getpass
import sys

from backcare.commands import Subparsers, fail, setup_django
from backcare.commands.enrolmentcode import issue_and_print


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "createclinician",
        help="create a clinician account",
        description="Create a clinician account and print its one-time enrolment code (for "
        "setting up two-step sign-in). The password is asked for twice, or read from "
        "standard input when it is not a terminal.",
    )
    parser.add_argument("username")
    parser.add_argument("--email", required=True, help="the clinician's e-mail address")
    parser.add_argument("--name", default="", help="name shown to patients")
    parser.add_argument(
        "--lead", action="store_true", help="also a programme lead (sees programme outcomes)"
    )
    parser.add_argument(
        "--time-zone",
        default=None,
        metavar="ZONE",
        help="the clinician's time zone, an IANA name such as Pacific/Auckland (default UTC): "
        "the times on their pages, such as when an invitation stops working, are said in it. "
        "Without it, the browser's zone is taken at the first sign-in",
    )
    return parser


def read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise ValueError("the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from backcare.accounts.forms import validate_new_password
    from backcare.accounts.models import User, validate_time_zone

    zone = args.time_zone or "UTC"
    try:
        validate_time_zone(zone)
    except ValidationError as exc:
        return fail(f"--time-zone: {'; '.join(exc.messages)}")
    if User.objects.filter(username=args.username).exists():
        return fail(f"username '{args.username}' is taken; choose another")
    if User.objects.filter(email__iexact=args.email).exists():
        return fail(f"e-mail '{args.email}' already has an account")
    user = User(
        username=args.username,
        email=args.email.lower(),
        display_name=args.name,
        role=User.Role.CLINICIAN,
        time_zone=zone,
        # given here, the zone is chosen: the browser's does not replace it at sign-in
        time_zone_chosen_at=timezone.now() if args.time_zone is not None else None,
    )
    try:
        password = read_password()
        validate_new_password(password, user)
        user.full_clean(exclude=["password"])
    except ValueError as exc:
        return fail(str(exc))
    except ValidationError as exc:
        return fail("; ".join(exc.messages))
    user.set_password(password)
    user.save()
    if args.lead:
        from backcare.outcomes.access import set_lead

        set_lead(user, True)
    print(f"Created clinician '{user.username}'{' (programme lead)' if args.lead else ''}.")
    return issue_and_print(user)
