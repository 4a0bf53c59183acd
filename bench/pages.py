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
)
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
    clinician, link_id = seed_care_team(someone)
    care = tuple(path for _, path in patient_pages(link_id))
    clinical = tuple(path for _, path in clinician_pages(someone.pk))
    print("## Page weight on first load\n")
    print(
        "HTML as served with gzip, plus every linked local asset gzip-compressed (what a "
        f"browser transfers on an empty cache). Budget: < {BUDGET_KB} KB per page.\n"
    )
    print("| page | HTML KB | assets KB (files) | total KB | budget |\n|---|---|---|---|---|")
    groups = ((anonymous, ANONYMOUS), (person, SIGNED_IN + care), (clinician, clinical))
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
