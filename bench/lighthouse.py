"""Lighthouse: mobile performance and accessibility of the main pages (budget >= 95 and 100).

The server is `backcare serve` (gunicorn, WhiteNoise, gzip) on loopback; the browser is
Debian's Chromium driven by Lighthouse 12 from bench/package-lock.json (`npm ci --prefix
bench` runs when it is missing). Signed-in pages are measured as a person with a month of
check-ins, a self-care assessment and a questionnaire: the session travels in a Cookie
header (`--extra-headers`), so no login form is involved. Lighthouse's default config is
used: a mobile device with simulated slow 4G and a 4x slower CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from bench.load import free_port, setup_django, start_server

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PERFORMANCE_BUDGET = 95
ACCESSIBILITY_BUDGET = 100
ANONYMOUS = (("welcome", "/"), ("log in", "/accounts/login/"), ("warning signs", "/warning-signs/"))
SIGNED_IN = (
    ("home", "/home/"),
    ("check your back", "/assess/"),
    ("check-in", "/diary/"),
    ("dashboard", "/dashboard/"),
    ("plan", "/plan/"),
    ("questionnaires", "/questionnaires/"),
    ("more", "/more/"),
    ("getting started", "/start/"),
    ("guided session", "/plan/session/"),
    ("what about", "/plan/what-about/"),
    ("insights", "/insights/"),
    ("reminders", "/reminders/"),
    ("my data", "/my-data/"),
    ("report", "/report/"),
    ("exercise library", "/exercises/"),
    ("toolbox", "/toolbox/"),
    ("learn", "/learn/"),
    ("diary history", "/diary/history/"),
    ("spasm or flare", "/episodes/"),
    ("self-experiments", "/experiments/"),
    ("profile", "/accounts/profile/"),
    ("plan preferences", "/plan/preferences/"),
    ("what would change", "/plan/progress/"),
    ("imports", "/imports/"),
)
# Artefacts nobody reads here; skipping them shortens each run.
SKIPPED_AUDITS = "screenshot-thumbnails,final-screenshot,full-page-screenshot"


def install_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("bench: npm is missing; install Node.js 18+ and npm to run Lighthouse")
    # npm's progress goes to stderr: stdout becomes docs/benchmarks.md.
    subprocess.run(
        [npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True, stdout=sys.stderr
    )


def seed_person() -> tuple[str, str, int, int]:
    """A person with some history and a care team: the session cookies of the person and of
    their clinician (both factors), the care link's id and the person's id."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from backcare.diary.models import CheckIn
    from backcare.questionnaires.responses import record_response
    from bench.pages import seed_back_check

    user = get_user_model().objects.create_user("lighthouse", "lh@example.org", "bench pass 12345")
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            day=today - timedelta(days=d),
            moment="evening",
            pain=2 + d % 5,
            stiffness=1 + d % 4,
            stress=d % 7,
            sleep_hours=6 + d % 3,
        )
        for d in range(1, 31)
    )
    seed_back_check(user)
    record_response(user, "nrs", {"pain": 5})
    from bench.care_pages import seed_care_team

    clinician, link_id = seed_care_team(user)
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    return cookie, f"sessionid={clinician.cookies['sessionid'].value}", link_id, user.pk


ATTEMPTS = 3


def lighthouse(url: str, cookie: str | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="backcare-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--skip-audits={SKIPPED_AUDITS}",
        ]
        if cookie:
            command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        env = {**os.environ, "CHROME_PATH": CHROME}
        for attempt in range(1, ATTEMPTS + 1):
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode == 0 and report.exists():
                break
            # Lighthouse sometimes loses the trace (NO_NAVSTART); a rerun measures normally.
            print(f"bench: lighthouse attempt {attempt} failed on {url}", file=sys.stderr)
        else:
            raise SystemExit(f"bench: lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        data: dict[str, object] = json.loads(report.read_text())
    landed = str(data.get("finalDisplayedUrl", ""))
    if landed != url:  # e.g. sent to the login page: the score would be for another page
        raise SystemExit(f"bench: lighthouse asked for {url} but measured {landed}")
    return data


def summary(data: dict[str, object]) -> tuple[int, int, list[str]]:
    """Performance and accessibility scores (0-100) and the accessibility audits that failed."""
    categories = data["categories"]
    audits = data["audits"]
    assert isinstance(categories, dict)
    assert isinstance(audits, dict)
    scores = [
        round(100 * (categories[name]["score"] or 0)) for name in ("performance", "accessibility")
    ]
    failed = [
        ref["id"]
        for ref in categories["accessibility"]["auditRefs"]
        if ref["weight"] > 0
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
    ]
    return scores[0], scores[1], failed


def metrics(data: dict[str, object]) -> str:
    audits = data["audits"]
    assert isinstance(audits, dict)
    names = (
        ("first-contentful-paint", "FCP"),
        ("largest-contentful-paint", "LCP"),
        ("total-blocking-time", "TBT"),
        ("cumulative-layout-shift", "CLS"),
    )
    return ", ".join(f"{short} {audits[key]['displayValue']}" for key, short in names)


def report(rows: list[tuple[str, str, dict[str, object]]]) -> str:
    lines = [
        "## Lighthouse: mobile performance and accessibility",
        "",
        "Lighthouse 12 (default mobile configuration: simulated slow 4G, 4x CPU slowdown) in "
        "Debian's headless Chromium against `backcare serve` on loopback, signed-in pages as a "
        "person with a month of check-ins, a self-care assessment and a questionnaire, and the "
        "clinician's pages as their clinician (a programme lead, both factors). Budget "
        f"(DESIGN.md): performance >= {PERFORMANCE_BUDGET} and accessibility "
        f"{ACCESSIBILITY_BUDGET} on every page.",
        "",
        "| page | performance | accessibility | budget | metrics (simulated) |",
        "|---|---|---|---|---|",
    ]
    for name, path, data in rows:
        performance, accessibility, failed = summary(data)
        met = performance >= PERFORMANCE_BUDGET and accessibility >= ACCESSIBILITY_BUDGET
        verdict = "met" if met else "**missed**" + (f" ({', '.join(failed)})" if failed else "")
        lines.append(
            f"| {name} (`{path}`) | {performance} | {accessibility} | {verdict} | {metrics(data)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10, help="unused: Lighthouse sets its pace")
    parser.parse_args()
    if not shutil.which(CHROME):
        raise SystemExit(f"bench: Chromium not found at {CHROME} (apt-get install chromium)")
    install_lighthouse()
    setup_django()
    from django.contrib.auth import get_user_model

    from bench.care_pages import clinician_pages, patient_pages
    from bench.pages import item_pages

    cookie, clinician_cookie, link_id, patient_id = seed_person()
    items = item_pages(get_user_model().objects.get(pk=patient_id))
    port = free_port()
    server = start_server(port)
    rows = []
    try:
        pages = (
            [(n, p, None) for n, p in ANONYMOUS]
            + [(n, p, cookie) for n, p in SIGNED_IN + items + patient_pages(link_id)]
            + [(n, p, clinician_cookie) for n, p in clinician_pages(patient_id)]
        )
        for name, path, session in pages:
            rows.append((name, path, lighthouse(f"http://127.0.0.1:{port}{path}", session)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
