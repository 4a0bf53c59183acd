"""The progress dashboard: charts with tables, change from baseline, outcome, adherence."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from backcare.diary.models import Measure, SpasmEpisode
from backcare.domain.insights import baseline_change
from backcare.domain.instruments import crisis_message
from backcare.progress.dashboard import build_dashboard
from backcare.progress.records import load_records
from backcare.questionnaires.models import InstrumentResponse
from tests.progress_data import log, log_days, today_for

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates

URL = reverse("progress:dashboard")


def table(page: str, title: str) -> list[tuple[str, str]]:
    """The (day, value) rows of one chart's table alternative."""
    body = page.split(f'<caption class="visually-hidden">{title} per day')[1].split("</table>")[0]
    return re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', body)


def test_it_asks_for_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_shows_change_from_baseline_in_points_and_percent(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=27), [6] * 7 + [5] * 14 + [3] * 7)
    page = ana_client.get(URL).content.decode()
    assert "-3.0 points (-50 %)" in page
    assert "Yes, a meaningful improvement" in page
    assert "at least 30 % or at least 2 points" in page


@pytest.mark.parametrize(
    ("baseline", "now", "verdict"),
    [
        (6, 5, "Not yet"),  # -1 point, -17 %: neither rule
        (2, 1, "Yes, a meaningful improvement"),  # -1 point but -50 %
        (9, 7, "Yes, a meaningful improvement"),  # -22 % but exactly 2 points
        (4, 6, "Yes, a meaningful worsening"),
    ],
)
def test_it_applies_the_meaningful_change_rule(ana_client, ana, baseline, now, verdict):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=20), [baseline] * 7 + [baseline] * 7 + [now] * 7)
    page = ana_client.get(URL).content.decode()
    assert f"<td>{verdict}" in page


def test_it_says_when_the_12_week_outcome_will_be_ready(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=27), [5] * 28)
    page = ana_client.get(URL).content.decode()
    assert "shown after 56 more days" in page  # day 84 counted from the first baseline day


def test_it_shows_the_12_week_outcome_once_reached(ana_client, ana):
    today = today_for(ana)
    pains = [6] * 7 + [5] * 70 + [4] * 7 + [3] * 16  # days 78-84 (week 12) at 4
    log_days(ana, today - timedelta(days=99), pains)
    page = ana_client.get(URL).content.decode()
    assert "your pain averaged 4.0: -2.0 points (-33 %) from your first week" in page
    assert "a meaningful improvement." in page


def test_it_says_what_is_missing_before_a_baseline(ana_client, ana):
    log(ana, today_for(ana), 5)
    page = ana_client.get(URL).content.decode()
    assert "A baseline needs pain logged on at least 3 days within one week." in page


def test_each_chart_is_an_image_with_a_title_and_a_table(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=13), [4, None, 5, 6] + [3] * 10, stress=2)
    page = ana_client.get(URL, {"period": "2w"}).content.decode()
    for title in ("Pain", "Stiffness", "Stress", "Sleep"):
        assert f'<title id="chart-{title.lower().replace("sleep", "sleep-hours")}-title">' in page
        rows = table(page, title)
        assert len(rows) == 14
    pain = table(page, "Pain")
    assert pain[0] == (f"{today:%d %b %Y}", "3.0")  # newest first
    assert pain[-2] == (f"{today - timedelta(days=12):%d %b %Y}", "no entry")
    assert page.count('role="img"') == 4
    assert all(value == "no entry" for _, value in table(page, "Stiffness"))


def test_a_year_has_365_rows_per_table(ana_client, ana):
    log(ana, today_for(ana) - timedelta(days=400), 3)  # logging since before the year shown
    log(ana, today_for(ana), 2)
    page = ana_client.get(URL, {"period": "1y"}).content.decode()
    assert len(table(page, "Pain")) == 365
    assert 'aria-current="page">Last year' in page


def test_it_names_a_bad_period(ana_client, ana):
    response = ana_client.get(URL, {"period": "5y"})
    assert response.status_code == 400
    assert "period must be one of 2w, 3m or 1y" in response.content.decode()


def test_it_returns_only_the_period_part_to_htmx(ana_client, ana):
    page = ana_client.get(URL, {"period": "2w"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page
    assert 'class="period-nav"' in page
    assert "Pain as a table" in page


def test_it_uses_imported_sleep_and_steps_where_check_ins_have_none(ana_client, ana):
    today = today_for(ana)
    log(ana, today, 4, moment="morning")
    log(ana, today - timedelta(days=1), 4, moment="morning", sleep_hours=6.0)
    for day, hours in ((today, 7.5), (today - timedelta(days=1), 8.0)):
        Measure.objects.create(user=ana, day=day, kind="sleep_hours", value=hours, source="fit")
    Measure.objects.create(user=ana, day=today, kind="steps", value=8000, source="fit")
    Measure.objects.create(user=ana, day=today, kind="steps", value=6500, source="phone")
    page = ana_client.get(URL, {"period": "2w"}).content.decode()
    sleep = table(page, "Sleep")
    assert sleep[0][1] == "7.5"  # no sleep in today's check-in: the import fills it
    assert sleep[1][1] == "6.0"  # the check-in's own value wins
    assert table(page, "Steps")[0][1] == "8,000"  # the larger of two sources


def test_it_shows_adherence_and_episodes(ana_client, ana, bo):
    today = today_for(ana)
    log_days(
        ana, today - timedelta(days=13), [3, 3, None, None, 3, 3, None, 3, 3, 3, None, 3, 3, 3]
    )
    now = datetime.now(UTC)
    for days_ago, ended in ((2, True), (5, False), (40, True)):
        started = now - timedelta(days=days_ago)
        SpasmEpisode.objects.create(
            user=ana, started_at=started, ended_at=started + timedelta(hours=5) if ended else None
        )
    SpasmEpisode.objects.create(user=bo, started_at=now)
    page = ana_client.get(URL, {"period": "2w"}).content.decode()
    assert "You checked in on 10 of 14 days" in page
    assert "(71 %)" in page
    assert "2 flares or spasms in the last 2 weeks (3 in all; 1 not yet marked" in page


def test_it_shows_the_latest_questionnaire_results(ana_client, ana, bo):
    earlier = datetime(2025, 1, 1, tzinfo=UTC)
    InstrumentResponse.objects.create(
        user=ana, instrument="gad7", taken_at=earlier, answers={}, total=12, band="moderate"
    )
    InstrumentResponse.objects.create(
        user=ana,
        instrument="gad7",
        taken_at=earlier + timedelta(days=30),
        answers={},
        total=8,
        band="mild",
    )
    InstrumentResponse.objects.create(user=bo, instrument="nrs", answers={}, total=9)
    page = ana_client.get(URL).content.decode()
    row = page.split('<th scope="row">Anxiety check (GAD-7)')[1].split("</tr>")[0]
    assert "<strong>8</strong> (Mild)" in row
    assert "Down 4 from 12: better, a meaningful change" in row
    assert '<td data-label="Times taken">2</td>' in row
    assert "NRS" not in page.split("questionnaires-heading")[1].split("</section>")[0]
    assert 'href="/questionnaires/"' in page


def _scores(user, slug: str, *totals: float) -> None:  # type: ignore[no-untyped-def]
    first = datetime(2025, 1, 1, tzinfo=UTC)
    for n, total in enumerate(totals):
        InstrumentResponse.objects.create(
            user=user, instrument=slug, taken_at=first + timedelta(days=30 * n), answers={},
            total=total,
        )  # fmt: skip


def _q_row(page: str, name: str) -> str:
    return page.split(f'<th scope="row">{name}')[1].split("</tr>")[0]


def test_each_score_gives_its_range_and_which_way_is_better(ana_client, ana):
    _scores(ana, "startback", 5, 2)
    _scores(ana, "gad7", 6, 8)
    page = ana_client.get(URL).content.decode()
    startback = _q_row(page, "Is it likely to last? (STarT Back)")
    assert "Scored 0–9; higher is worse." in startback
    assert "Down 3 from 5: better" in startback  # no validated threshold: nothing more said
    assert "meaningful" not in startback
    anxiety = _q_row(page, "Anxiety check (GAD-7)")
    assert "Scored 0–21; higher is worse." in anxiety
    assert "Up 2 from 6: worse, less than a meaningful change" in anxiety


def test_an_unchanged_score_says_so(ana_client, ana):
    _scores(ana, "phq4", 4, 4)
    assert "No change" in _q_row(ana_client.get(URL).content.decode(), "Quick stress and mood")


def test_a_peg_score_reads_as_it_does_on_the_questionnaire_pages(ana_client, ana):
    """3.67 here as on the result page and in the report, not 3.7 on one and 3.67 elsewhere."""
    _scores(ana, "peg", 4.33, 3.67)
    page = ana_client.get(URL).content.decode()
    peg = _q_row(page, "Pain and daily life (PEG)")
    assert "<strong>3.67</strong>" in peg
    assert "Down 0.66 from 4.33: better, less than a meaningful change" in peg
    latest = InstrumentResponse.objects.filter(user=ana, instrument="peg").first()
    assert latest is not None
    assert latest.total_text == "3.67"
    result = ana_client.get(latest.get_absolute_url()).content.decode()
    assert "<strong>3.67</strong>" in result
    report = ana_client.get(reverse("exchange:report")).content.decode()
    assert '<td data-label="Score">3.67' in report


def test_it_repeats_the_crisis_contacts_when_the_latest_result_raised_them(ana_client, ana):
    InstrumentResponse.objects.create(
        user=ana, instrument="phq9", answers={}, total=14, band="moderate", flags=["crisis"]
    )
    page = ana_client.get(URL).content.decode()
    assert crisis_message().heading in page


def test_it_shows_nothing_of_anyone_else(ana_client, ana, bo):
    today = today_for(bo)
    log_days(bo, today - timedelta(days=20), [9] * 21, stress=9)
    page = ana_client.get(URL, {"period": "2w"}).content.decode()
    assert "A baseline needs pain logged" in page
    assert all(value == "no entry" for _, value in table(page, "Pain"))
    words = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)  # drawing coordinates aside
    assert "9.0" not in words
    assert "chart-dot" not in page


@pytest.mark.parametrize(
    "early",
    [
        [5] * 200,  # a regular start: the baseline is in the first weeks
        [5 if day % 10 == 0 else None for day in range(200)],  # sparse: a late baseline
    ],
    ids=["early-baseline", "late-baseline"],
)
def test_it_computes_the_change_over_the_whole_diary(ana, early):
    """Long diaries load only their start and the period; the figures must not change."""
    today = today_for(ana)
    first = today - timedelta(days=500)
    log_days(ana, first, early + [None] * 20 + [6] * 7 + [4] * 274)
    expected = baseline_change(load_records(ana.pk), today)
    for period in ("2w", "3m", "1y"):
        assert build_dashboard(ana, period, today).change == expected
    assert expected.baseline_start == (first if early[1] else first + timedelta(days=220))


def test_it_returns_the_whole_page_when_htmx_restores_history(ana_client, ana):
    response = ana_client.get(
        URL, {"period": "2w"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]
