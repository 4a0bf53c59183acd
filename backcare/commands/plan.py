"""backcare plan: print a person's current plan, or build one from a JSON input file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from backcare.commands import Subparsers, account_named, fail, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "plan",
        help="print a self-care plan",
        description="Print a person's current self-care plan (built on first use), or build "
        'one from a JSON file {"triage_level", "factor_ids", "startback_risk", "scores", '
        '"preferences"} without touching the database.',
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--user", metavar="USERNAME", help="print this person's current plan")
    source.add_argument("--input", metavar="FILE", type=Path, help="build a plan from a JSON file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.input is not None:
        return _from_file(args.input, as_json=args.json)
    return _for_user(args.user, as_json=args.json)


def _from_file(path: Path, *, as_json: bool) -> int:
    from backcare.domain.plans import PlanInputError, build_plan
    from backcare.plans.plan_input import plan_input_from_mapping

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return fail(f"cannot read {path}: {exc.strerror or exc}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return fail(f"{path} is not valid JSON: {exc}")
    try:
        plan = build_plan(plan_input_from_mapping(data)).to_dict()
    except PlanInputError as exc:
        return fail(f"{path}: {exc}")
    if as_json:
        print(json.dumps(plan, indent=2, ensure_ascii=False))
    else:
        _print_plan(plan, changes=(), general=False)
    return 0


def _for_user(username: str, *, as_json: bool) -> int:
    setup_django()
    from backcare.plans import api, planning

    user = account_named(username)
    record = planning.current_plan(user)
    out = api.general_out(user) if record is None else api.plan_out(record)
    if as_json:
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    else:
        if record is None:
            print(f"No assessment for {username} yet. {out['note']}\n")
        _print_plan(out["plan"], changes=out["changes"], general=record is None)
    return 0


def _print_plan(body: Mapping[str, Any], *, changes: Any, general: bool) -> None:
    from rich.console import Console

    from backcare.plans.presenting import plan_view

    view = plan_view(body, changes=changes, general=general)
    console = Console(file=sys.stdout, highlight=False)
    console.rule(f"[bold]Week {view['week']} plan[/bold] ({view['status']})")
    console.print(view["status_reason"])
    for advice in view["care_advice"]:
        console.print(f"• {advice['text']}", markup=False)
    if view["care_first"]:
        console.print("[bold]See a clinician before starting any exercise plan.[/bold]")
    if view["changes"]:
        _heading(console, "What changed")
        for change in view["changes"]:
            console.print(f"• {change['sentence']}", markup=False)
    for section in view["sections"]:
        _heading(console, section["title"])
        console.print(section["intro"], markup=False)
        for item in section["items"]:
            _print_item(console, item)
    if view["flare"]["steps"]:
        _heading(console, "In a flare or spasm")
        for number, step in enumerate(view["flare"]["steps"], start=1):
            console.print(f"{number}. {step}", markup=False)
        for item in view["flare"]["items"]:
            _print_item(console, item)
    _print_info(console, "Also worth considering", view["also_consider"], "why")
    _print_info(console, "People try this; evidence is lacking", view["lacking"], "statement")
    _print_info(console, "Guidelines advise against these", view["against"], "statement")
    _print_info(console, "Medicines: information only", view["medicines"], "statement")
    _heading(console, "When to stop and get help")
    for rule in view["stop_rules"]:
        console.print(f"• {rule['text']}", markup=False)
    console.print()
    console.print(view["disclaimer"], markup=False)


def _heading(console: Any, title: str) -> None:
    console.print()
    console.print(f"[bold underline]{title}[/bold underline]")


def _print_item(console: Any, item: Mapping[str, Any]) -> None:
    from rich.padding import Padding
    from rich.text import Text

    console.print(
        f"• {item['title']}: {item['dose']} (evidence: {item['grade_label']})", markup=False
    )
    console.print(Padding(Text(item["why"]), (0, 0, 0, 2)))
    for caution in item.get("cautions", ()):
        console.print(Padding(Text(f"Take care: {caution}"), (0, 0, 0, 2)))


def _print_info(console: Any, title: str, items: list[dict[str, Any]], text_key: str) -> None:
    if not items:
        return
    _heading(console, title)
    for item in items:
        name = item.get("title") or item.get("name")
        console.print(f"• {name} (evidence: {item['grade_label']}): {item[text_key]}", markup=False)
