"""The `backcare` console script. Each sub-command lives in backcare/commands/<name>.py
with ``add_parser(subparsers)`` and ``run(args) -> int``; docs/cli.md documents them all."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from backcare.commands import CommandFailed, fail

#: Command name -> module in backcare/commands ("import" is a Python keyword).
MODULES = {
    "serve": "serve",
    "migrate": "migrate",
    "createclinician": "createclinician",
    "enrolmentcode": "enrolmentcode",
    "lead": "lead",
    "check": "check",
    "triage": "triage",
    "plan": "plan",
    "import": "import_data",
    "export": "export",
    "demo": "demo",
    "worker": "worker",
    "ics": "ics",
    "backup": "backup",
    "restore": "restore",
}
COMMANDS = tuple(MODULES)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backcare",
        description="backcare: red-flag triage, evidence-graded self-care and tracking "
        "for back pain.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in MODULES.values():
        module = importlib.import_module(f"backcare.commands.{module_name}")
        module.add_parser(sub).set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except CommandFailed as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
