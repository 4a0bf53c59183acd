"""Page weight: bytes transferred (compressed) on a first load of each page; budget < 100 KB."""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

BUDGET_KB = 100
ANONYMOUS = ("/", "/accounts/login/", "/accounts/signup/", "/warning-signs/")
SIGNED_IN = (
    "/home/",
    "/assess/",
    "/assessments/",
    "/questionnaires/",
    "/questionnaires/phq9/",
    "/plan/",
    "/exercises/",
    "/toolbox/",
    "/learn/",
    "/diary/",
    "/diary/history/",
    "/episodes/",
    "/dashboard/",
    "/insights/",
    "/experiments/",
    "/accounts/profile/",
    "/more/",
    "/start/",
    "/plan/session/",
    "/plan/what-about/",
    "/reminders/",
    "/my-data/",
    "/report/",
    "/plan/preferences/",
    "/plan/progress/",
    "/imports/",
)


BACK_CHECK = {
    "age": 40,
    "where": ["lower_back"],
    "onset": "sudden_movement",
    "onset_days_ago": 5,
    "intensity_now": 5,
    "triggers": ["lifting"],
}


def seed_back_check(user) -> None:  # type: ignore[no-untyped-def]
    """A back check with every warning sign answered "no": a self-care result and a plan."""
    from backcare.assessments.intake import assess
    from backcare.domain.findings import red_flag_ids

    assess(user, {**dict.fromkeys(red_flag_ids(), "no"), **BACK_CHECK})


def item_pages(user) -> tuple[tuple[str, str], ...]:  # type: ignore[no-untyped-def]
    """The pages of one item that people open from the lists: an exercise (the first of the
    library), an article (the first to learn) and the person's last back-check result."""
    from backcare.assessments.models import Assessment
    from backcare.domain import education
    from backcare.domain.exercises import exercises

    pages = [
        ("an exercise", f"/exercises/{next(iter(exercises()))}/"),
        ("an article", f"/learn/{next(iter(education.articles()))}/"),
    ]
    last = Assessment.objects.filter(user=user).order_by("-pk").first()
    if last is not None:
        pages.append(("back check result", f"/assessments/{last.pk}/"))
    return tuple(pages)


ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="(/static/[^"]+)"')


def asset_bytes(path: str) -> int:
    from django.contrib.staticfiles import finders

    found = finders.find(path.removeprefix("/static/"))
    if not found:
        raise SystemExit(f"bench: asset {path} not found")
    return len(gzip.compress(Path(found).read_bytes(), 6))


def weigh(client, url: str) -> tuple[int, int, int] | None:  # type: ignore[no-untyped-def]
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip", follow=True)
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise SystemExit(f"bench: {url} answered {response.status_code}")
    if response.redirect_chain:  # e.g. sent to sign in: the weight would be another page's
        raise SystemExit(f"bench: {url} redirected to {response.redirect_chain[-1][0]}")
    body = response.content
    html = (
        gzip.decompress(body).decode()
        if response.get("Content-Encoding") == "gzip"
        else body.decode()
    )
    html_bytes = (
        len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
    )
    assets = sorted(set(ASSET.findall(html)))
    return html_bytes, sum(asset_bytes(a) for a in assets), len(assets)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.parse_args()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.care_pages import clinician_pages, patient_pages, seed_care_team

    anonymous = Client()
    person = Client()
    someone = get_user_model().objects.create_user("weigh", "w@example.org", "pass 12345 x")
    person.force_login(someone)
    seed_back_check(someone)
    clinician, link_id = seed_care_team(someone)
    care = tuple(path for _, path in patient_pages(link_id))
    clinical = tuple(path for _, path in clinician_pages(someone.pk))
    print("## Page weight on first load\n")
    print(
        "HTML as served with gzip, plus every linked local asset gzip-compressed (what a "
        f"browser transfers on an empty cache). Budget: < {BUDGET_KB} KB per page.\n"
    )
    print("| page | HTML KB | assets KB (files) | total KB | budget |\n|---|---|---|---|---|")
    items = tuple(path for _, path in item_pages(someone))
    groups = ((anonymous, ANONYMOUS), (person, SIGNED_IN + items + care), (clinician, clinical))
    for client, urls in groups:
        for url in urls:
            weight = weigh(client, url)
            if weight is None:
                continue
            html, assets, count = weight
            total = (html + assets) / 1024
            verdict = "met" if total < BUDGET_KB else "**missed**"
            sizes = f"{html / 1024:.1f} | {assets / 1024:.1f} ({count}) | {total:.1f}"
            print(f"| `{url}` | {sizes} | {verdict} |")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
