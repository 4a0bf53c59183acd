"""backcare demo: create a demo patient with months of realistic diary data."""

from __future__ import annotations

import argparse

from backcare.commands import Subparsers, fail, setup_django


def add_parser(sub: Subparsers) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "demo",
        help="create a demo patient with six months of diary data",
        description="Create (or replace) a demo patient whose diary, questionnaires, flares, "
        "imported steps and sleep and a finished self-experiment fill every page. Running it "
        "again replaces the demo account; a real account with the same username is never "
        "touched.",
    )
    parser.add_argument("--username", default="demo", help="the demo account (default: demo)")
    parser.add_argument("--days", type=int, default=182, help="days of diary (default: 182)")
    parser.add_argument(
        "--password", help="password for the demo account (default: a new random one)"
    )
    parser.add_argument("--seed", type=int, help="random seed; the same seed gives the same data")
    return parser


def run(args: argparse.Namespace) -> int:
    setup_django()
    from backcare.progress.demo import DemoError, create_demo
    from backcare.progress.demo_data import DEFAULT_SEED

    seed = DEFAULT_SEED if args.seed is None else args.seed
    try:
        summary = create_demo(args.username, args.days, seed, password=args.password)
    except DemoError as exc:
        return fail(str(exc))
    _confirm_address(summary.username)
    print(
        f"Demo patient ready: {summary.checkins} check-ins from {summary.start} to {summary.end}, "
        f"{summary.ratings} relief ratings, {summary.episodes} flares, {summary.measures} "
        f"imported measures, {summary.questionnaires} questionnaires, "
        f"{summary.experiments} self-experiment, a plan in week {summary.plan_week}"
        + ("" if summary.assessment else " (no initial assessment: that service is missing)")
        + "."
    )
    print(f"Log in at /accounts/login/ as '{summary.username}' with password: {summary.password}")
    return 0


def _confirm_address(username: str) -> None:
    """The demo address (a .invalid domain) never receives mail: confirmed, so the pages show
    reminders as an ordinary account sees them."""
    from backcare.accounts.confirmation import confirm
    from backcare.accounts.models import User

    confirm(User.objects.get(username=username))
