"""History of one questionnaire: newest first, each change judged by the published rule."""

import re
from datetime import UTC, datetime, timedelta

from django.urls import reverse

from backcare.domain.instruments import instrument
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.responses import record_response
from backcare.questionnaires.sparkline import plot

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def nrs_series(user, *scores):
    return [
        record_response(user, "nrs", {"pain": pain}, taken_at=START + timedelta(days=7 * week))
        for week, pain in enumerate(scores)
    ]


def history(client, slug="nrs", **params):
    return client.get(reverse("questionnaires:history", args=[slug]), params).content.decode()


def cells(row_html):
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)
    ]


def table_rows(html):
    """Each body row as {column header: text}."""
    headers = cells(html.split("<thead>", 1)[1].split("</thead>", 1)[0])
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        dict(zip(headers, cells(row), strict=True))
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


def test_it_lists_my_results_newest_first_with_meaningful_change(ana_client, ana):
    nrs_series(ana, 8, 5, 6, 4, 3)
    rows = table_rows(history(ana_client))
    assert [row["Score"] for row in rows] == ["3", "4", "6", "5", "8"]
    assert [row["Meaningful?"] for row in rows] == [
        "Not meaningful",  # 4 -> 3: 1 point, 25%
        "Meaningful improvement",  # 6 -> 4: 2 points
        "Not meaningful",  # 5 -> 6: 1 point worse
        "Meaningful improvement",  # 8 -> 5: 3 points
        "—",  # the first has nothing to compare with
    ]
    assert rows[3]["Change from previous"] == "down 3 points (37.5%)"
    assert rows[0]["Date"] == "2 Feb 2026"


def test_eight_to_seven_is_not_meaningful(ana_client, ana):
    nrs_series(ana, 8, 7)
    newest = table_rows(history(ana_client))[0]
    assert newest["Change from previous"] == "down 1 point (12.5%)"
    assert newest["Meaningful?"] == "Not meaningful"


def test_it_is_an_accessible_table_with_a_caption(ana_client, ana):
    nrs_series(ana, 8, 7)
    html = history(ana_client)
    assert "<caption>" in html
    assert html.count('<th scope="col">') == 4  # no "Result" column: the NRS has no bands
    assert html.count('<th scope="row">') == 2


def test_it_draws_a_trend_line_with_the_same_trend_in_words(ana_client, ana):
    nrs_series(ana, 8, 5, 4)
    html = history(ana_client)
    assert "<svg" in html
    assert "<polyline" in html
    assert "Your last 3 NRS scores, from 8 on 5 Jan 2026 to 4 on 19 Jan 2026" in html


def test_one_result_is_not_a_trend(ana_client, ana):
    nrs_series(ana, 6)
    main = history(ana_client).split('<main id="main"')[1]
    assert "<svg" not in main


def test_the_trend_line_puts_low_scores_at_the_bottom():
    (x0, y_high), (x1, y_low) = plot([10, 0], 0, 10)
    assert x0 < x1
    assert y_low > y_high  # SVG y grows downwards


def test_the_last_row_of_a_page_is_compared_with_the_next_page(ana_client, ana):
    InstrumentResponse.objects.bulk_create(
        InstrumentResponse(
            user=ana,
            instrument="nrs",
            answers={"pain": 9},
            total=9,
            taken_at=START - timedelta(days=day),
        )
        for day in range(1, 60)
    )
    nrs_series(ana, 2)
    first_page = table_rows(history(ana_client))
    assert len(first_page) == 50
    assert first_page[0]["Meaningful?"] == "Meaningful improvement"  # 9 -> 2
    assert first_page[-1]["Change from previous"] == "no change"
    assert first_page[-1]["Meaningful?"] == "Not meaningful"
    second_page = table_rows(history(ana_client, page=2))
    assert len(second_page) == 10
    assert second_page[-1]["Meaningful?"] == "—"


def test_it_shows_only_my_own_results(client, ana, bo, dee):
    nrs_series(ana, 8, 5)
    nrs_series(bo, 3)
    client.force_login(bo)
    assert len(table_rows(history(client))) == 1
    client.force_login(dee)
    html = history(client)
    assert "<table" not in html
    assert "You have not answered the NRS yet." in html


def test_it_404s_for_an_unknown_questionnaire(ana_client):
    response = ana_client.get(reverse("questionnaires:history", args=["odi"]))
    assert response.status_code == 404


def test_it_shows_the_band_and_marks_results_that_raised_the_crisis_pathway(ana_client, ana):
    scored = [item.id for item in instrument("phq9").scored_items]
    record_response(
        ana, "phq9", {**dict.fromkeys(scored, 1), "thoughts_self_harm": 0}, taken_at=START
    )
    later = START + timedelta(days=14)
    record_response(
        ana, "phq9", {**dict.fromkeys(scored, 2), "thoughts_self_harm": 1}, taken_at=later
    )
    newest, first = table_rows(history(ana_client, "phq9"))
    assert (first["Score"], first["Result"]) == ("8", "Mild")
    assert (newest["Score"], newest["Result"]) == ("17", "Moderately severe (crisis support shown)")
    assert newest["Meaningful?"] == "Meaningful worsening"  # 9 points up; 5 is meaningful


def test_the_trend_has_axes_with_the_score_range_and_the_dates(ana_client, ana):
    nrs_series(ana, 8, 5, 4)
    html = history(ana_client)
    svg = html.split('<svg class="sparkline"')[1].split("</svg>")[0]
    labels = re.findall(r'class="chart-label"[^>]*>([^<]+)</text>', svg)
    assert labels == ["0", "10", "5 Jan 2026", "19 Jan 2026"]
    assert svg.count("<circle") == 3
    assert "Your Pain score (NRS) history" in html


def test_the_licence_notice_is_folded_away(ana_client, ana):
    nrs_series(ana, 8, 5)
    html = ana_client.get(reverse("questionnaires:take", args=["gad7"])).content.decode()
    assert '<details class="notice">' in html
    assert "<summary>About this questionnaire: source and licence</summary>" in html
