"""The progress page names each figure's period, so that the headline, the charts' averages
and the 12-week outcome do not seem to disagree, and names questionnaires in plain words."""

from datetime import timedelta

from django.urls import reverse

from backcare.questionnaires.models import InstrumentResponse
from tests.progress_data import log_days, today_for

URL = reverse("progress:dashboard")


def _between(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def test_the_headline_names_both_periods_it_compares(ana_client, ana):
    log_days(ana, today_for(ana) - timedelta(days=20), [6] * 14 + [3] * 7)
    page = ana_client.get(URL).content.decode()
    lead = _between(page, '<p class="progress-lead">', "</p>")
    assert (
        "average pain is down from 6.0/10 in your first week to 3.0/10 over the last 7 days" in lead
    )


def test_each_charts_average_names_the_period_shown(ana_client, ana):
    log_days(ana, today_for(ana) - timedelta(days=20), [6] * 14 + [3] * 7)
    page = ana_client.get(URL).content.decode()
    caption = _between(page, 'id="pain-caption">', "</figcaption>")
    first = today_for(ana) - timedelta(days=20)  # inside the 3 months: the chart starts there
    assert f"average 5.0 since {first:%-d %b}, when you started" in caption
    assert "(21 of 21 days logged)" in caption
    assert " days logged)" in caption
    two_weeks = ana_client.get(URL, {"period": "2w"}).content.decode()
    assert "over the last 2 weeks" in _between(two_weeks, 'id="pain-caption">', "</figcaption>")


def test_the_12_week_outcome_is_among_the_figures_behind_it(ana_client, ana):
    pains = [6] * 7 + [5] * 70 + [4] * 7 + [3] * 16
    log_days(ana, today_for(ana) - timedelta(days=99), pains)
    page = ana_client.get(URL).content.decode()
    figures = _between(page, '<details class="figures-details">', "</details>")
    assert "12-week outcome" in figures
    assert "your pain averaged 4.0" in figures
    assert "12-week outcome" not in page.replace(figures, "")
    assert '<th scope="row">Your first week</th>' in figures


def test_questionnaires_carry_the_plain_names_of_the_questionnaires_page(ana_client, ana):
    for slug in ("peg", "gad7", "startback"):
        InstrumentResponse.objects.create(user=ana, instrument=slug, answers={}, total=3)
    page = ana_client.get(URL).content.decode()
    table = _between(page, 'id="questionnaires-heading"', "</table>")
    for name in (
        "Pain and daily life (PEG)",
        "Anxiety check (GAD-7)",
        "Is it likely to last? (STarT Back)",
    ):
        assert f'<th scope="row">{name} <span class="q-range">' in table
    assert '<th scope="row">PEG' not in table
    # the API keeps the short name it always had
    titles = {
        i["instrument"]: i["title"] for i in ana_client.get("/api/dashboard").json()["instruments"]
    }
    assert titles["peg"] == "PEG"
