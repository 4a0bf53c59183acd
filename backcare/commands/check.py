"""backcare check: report misconfiguration and invalid clinical content."""

from __future__ import annotations

import argparse

from backcare.commands import Subparsers, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "check",
        help="check settings and clinical content",
        description="Run the system checks (ids backcare.E00x/W00x) and validate content/.",
    )
    parser.add_argument("--deploy", action="store_true", help="also run Django's deployment checks")
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy, fail_level="ERROR")
    except SystemCheckError as exc:
        print(exc)
        return 1
    return 0
