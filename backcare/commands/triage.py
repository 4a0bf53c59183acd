"""backcare triage: run the red-flag triage engine on a JSON file, or list the findings."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console
from rich.table import Table

from backcare.commands import Subparsers, fail
from backcare.domain.findings import FindingError, findings_listing
from backcare.domain.triage import triage_json


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "triage",
        help="triage answers from a JSON file, or list every finding id",
        description="Read a JSON object of finding id -> answer and print the triage result "
        "as JSON (exit 0), or list every finding id the engine accepts. Bad input prints a "
        "message naming the field and exits 2. The same engine serves the web intake and "
        "the API.",
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        nargs="?",
        const="",
        help="the answers as JSON ('-' reads standard input); with --list-findings, no FILE: "
        "print the listing as JSON",
    )
    parser.add_argument(
        "--list-findings",
        action="store_true",
        help="print every finding id with its type, meaning and allowed answers",
    )
    parser.add_argument(
        "--checkin",
        action="store_true",
        help="accept a daily check-in subset (red-flag questions may be left out)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    if args.list_findings:
        if args.json:
            return fail("--list-findings takes --json without a FILE")
        return list_findings(as_json=args.json is not None)
    if not args.json:
        return fail("give --json FILE (or --json - to read standard input), or --list-findings")
    try:
        raw = read_answers(args.json)
        result = triage_json(raw, checkin=args.checkin)
    except FindingError as exc:
        return fail(f"{exc.field}: {exc.message}")
    except ValueError as exc:
        return fail(str(exc))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def read_answers(source: str) -> Mapping[str, object]:
    """The answers from a file or stdin; ``{"findings": {...}}`` (an API body) also works."""
    name = "standard input" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read {name}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    if isinstance(data, dict) and set(data) == {"findings"} and isinstance(data["findings"], dict):
        data = data["findings"]
    if not isinstance(data, dict):
        raise FindingError("findings", f"{name} must hold a JSON object of finding id -> answer")
    return data


def _allowed(item: Mapping[str, object]) -> str:
    if isinstance(item.get("range"), dict):
        bounds = item["range"]
        assert isinstance(bounds, dict)
        return f"{bounds['min']}–{bounds['max']} {bounds['unit']}".strip()
    options = item.get("options")
    if isinstance(options, list):
        return ", ".join(str(option["value"]) for option in options)
    return "true, false" if item["type"] == "bool" else ""


def list_findings(*, as_json: bool) -> int:
    listing = findings_listing()
    if as_json:
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    table = Table(title="Findings", show_lines=False)
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("type", no_wrap=True)
    table.add_column("meaning")
    table.add_column("allowed answers")
    for item in listing:
        flag = " (red flag)" if item["red_flag"] else ""
        table.add_row(
            str(item["id"]), str(item["type"]), f"{item['meaning']}{flag}", _allowed(item)
        )
    Console(width=max(Console().width, 120)).print(table)
    return 0
