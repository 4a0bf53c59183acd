"""backcare export: one person's data as FHIR, JSON, a CSV zip or the clinician report PDF."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backcare.commands import Subparsers, account_named, fail, setup_django

if TYPE_CHECKING:
    from backcare.accounts.models import User

FORMATS = ("fhir", "json", "csv", "pdf")


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "export",
        help="export one person's data (FHIR, JSON, CSV zip) or their clinician report (PDF)",
        description="Write one person's data: a FHIR R4 Bundle, backcare's own JSON export "
        "(which `backcare import` loads back), a zip of CSV files, or the clinician report "
        "as PDF. FHIR and PDF are pseudonymous unless --identified is given.",
    )
    parser.add_argument("--format", choices=FORMATS, required=True, help="what to write")
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="whose data; may be left out when the installation has exactly one person",
    )
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="where to write (default: standard output)"
    )
    parser.add_argument(
        "--identified", action="store_true", help="FHIR and PDF: include name and birth year"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()
    from backcare.accounts.models import User

    if args.user:
        user = account_named(args.user, "--user")
    else:
        people = list(User.objects.filter(role=User.Role.PATIENT)[:2])
        if len(people) != 1:
            return fail("--user: name the person whose data to export")
        user = people[0]
    if args.format == "pdf" and args.output is None and sys.stdout.isatty():
        return fail("--output: a PDF is binary; name a file to write it to")
    body = render(user, args.format, args.identified)
    if args.output is None:
        sys.stdout.buffer.write(body)
        return 0
    try:
        write_private(args.output, body)
    except OSError as exc:
        return fail(f"--output: cannot write {args.output}: {exc.strerror}")
    print(f"Wrote {args.format} export of {user.username} to {args.output}", file=sys.stderr)
    return 0


def write_private(path: Path, body: bytes) -> None:
    """Write a person's health data readable by this account alone (a new file; an existing
    one is made so too)."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        out.write(body)
    if path.is_file():  # not a device such as /dev/null
        path.chmod(0o600)


def render(user: User, fmt: str, identified: bool) -> bytes:
    from django.utils import timezone

    from backcare.exchange.data_export import export_csv_zip, export_json
    from backcare.exchange.fhir_export import fhir_bundle

    now = timezone.now()
    if fmt == "json":
        return export_json(user, now)
    if fmt == "csv":
        return export_csv_zip(user, now)
    if fmt == "fhir":
        return json.dumps(fhir_bundle(user, now, identified=identified), indent=1).encode()
    from backcare.exchange.pdf import report_pdf
    from backcare.exchange.report import build_report
    from backcare.exchange.views import today_for

    return report_pdf(build_report(user, today_for(user), identified=identified))
