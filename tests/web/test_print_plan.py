"""The printed plan: rendered to PDF with WeasyPrint, it fits two A4 pages with pictures."""

import datetime
import mimetypes
import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from backcare.assessments.models import Assessment
from backcare.domain.exercises import illustration_svg
from backcare.plans.models import Plan, Preferences

PICTURE = re.compile(r"^/exercises/([a-z0-9-]+)/picture\.svg$")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


class Fetcher(URLFetcher):
    """Serves the page's stylesheets and exercise pictures to WeasyPrint, offline; any
    other address fails the rendering."""

    def __init__(self):
        super().__init__(fail_on_errors=True)
        self.pictures = []

    def fetch(self, url, headers=None):
        path = urlparse(url).path
        found = PICTURE.match(path)
        if found:
            self.pictures.append(found.group(1))
            svg = illustration_svg(found.group(1)).encode()
            return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})
        if path.startswith("/static/"):
            file = finders.find(path.removeprefix("/static/"))
            assert file, path
            with open(file, "rb") as handle:
                body = handle.read()
            return URLFetcherResponse(url, body, {"Content-Type": mimetypes.guess_type(file)[0]})
        raise ValueError(f"the print page should not need {url}")


def render(client):
    html = client.get("/plan/print/").content.decode()
    fetcher = Fetcher()
    document = HTML(string=html, base_url="http://testserver/", url_fetcher=fetcher).render()
    return document, fetcher


PERSONAS = {
    "typical": (("stress_anxiety", "sedentary"), 10, ["mat"]),
    "many factors": (
        ("stress_anxiety", "sedentary", "deconditioning", "sleep_position", "overuse"),
        20,
        ["mat", "chair", "towel", "pillow"],
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_print_version_fits_two_a4_pages_with_every_routine_picture(ana_client, ana, persona):
    factors, minutes, kit = PERSONAS[persona]
    Assessment.objects.create(
        user=ana, findings={}, level="self_care", result={}, factors=[{"id": f} for f in factors]
    )
    Preferences.objects.create(user=ana, minutes_per_day=minutes, equipment=kit)
    document, fetcher = render(ana_client)
    routine = [i["slug"] for i in Plan.objects.get(user=ana).body["routine"]]
    assert routine
    assert 1 <= len(document.pages) <= 2
    assert sorted(fetcher.pictures) == sorted(routine)
    width, height = document.pages[0].width, document.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)  # A4 in mm


def test_the_print_version_keeps_the_stop_rules_and_sources(ana_client, ana):
    Assessment.objects.create(user=ana, findings={}, level="self_care", result={}, factors=[])
    html = ana_client.get("/plan/print/").content.decode()
    assert "When to stop and get help" in html
    assert 'class="print-sources"' in html
    assert re.search(r'class="refs">\[\d+(,\d+)*\]', html)


def test_a_care_first_plan_prints_on_one_page(ana_client, ana):
    Assessment.objects.create(user=ana, findings={}, level="urgent", result={}, factors=[])
    document, fetcher = render(ana_client)
    assert len(document.pages) == 1
    assert fetcher.pictures == []
