"""The questionnaire list: every instrument, and my own latest result of each."""

from datetime import UTC, datetime

from django.urls import reverse

from backcare.domain.instruments import instrument, instruments
from backcare.questionnaires.responses import record_response


def listing(client):
    return client.get(reverse("questionnaires:list")).content.decode()


def test_it_lists_every_questionnaire_with_its_purpose_and_a_take_link(ana_client):
    html = listing(ana_client)
    for found in instruments().values():
        assert found.purpose.replace("'", "&#x27;") in html
        assert reverse("questionnaires:take", args=[found.slug]) in html
    assert html.count("Not taken yet.") == len(instruments())
    assert "9 questions, plus 1 optional" in html  # PHQ-9: question 10 is never scored


def test_it_shows_my_latest_result_with_its_date(ana_client, ana):
    record_response(ana, "nrs", {"pain": 8}, taken_at=datetime(2026, 3, 1, 9, tzinfo=UTC))
    latest = record_response(ana, "nrs", {"pain": 5}, taken_at=datetime(2026, 3, 8, 9, tzinfo=UTC))
    every_gad7_question_2 = {item.id: 2 for item in instrument("gad7").scored_items}
    record_response(
        ana, "gad7", every_gad7_question_2, taken_at=datetime(2026, 2, 1, 9, tzinfo=UTC)
    )
    html = listing(ana_client)
    assert f'href="{latest.get_absolute_url()}">5</a>' in html
    assert "8 Mar 2026" in html
    assert "14, Moderate" in html
    assert html.count("Take again") == 2
    assert html.count("Not taken yet.") == len(instruments()) - 2


def test_a_questionnaire_taken_before_is_a_short_row(ana_client, ana):
    """Its result, history and "Take again"; what it asks, already known, is left to its own
    page, which leads with it, so eleven questionnaires stay a short scroll on a phone."""
    record_response(ana, "nrs", {"pain": 5}, taken_at=datetime(2026, 3, 8, 9, tzinfo=UTC))
    html = listing(ana_client)
    card = html.split(">Pain score (NRS)</h3>")[1].split("</li>")[0]
    assert card.index("Last result:") < card.index("History") < card.index("Take again")
    assert instrument("nrs").purpose not in card
    take = ana_client.get(reverse("questionnaires:take", args=["nrs"])).content.decode()
    assert instrument("nrs").purpose in take


def test_it_never_shows_someone_elses_results(client, ana, bo):
    record_response(ana, "nrs", {"pain": 9})
    client.force_login(bo)
    html = listing(client)
    assert html.count("Not taken yet.") == len(instruments())
    assert "Take again" not in html


def test_it_needs_a_login(client, db):
    assert client.get(reverse("questionnaires:list")).status_code == 302


WORDS = {"Three": 3, "Four": 4, "Five": 5, "Seven": 7, "Nine": 9, "Twenty-four": 24}


def test_each_count_matches_the_number_its_purpose_names():
    from backcare.questionnaires.presenting import question_count

    checked = 0
    for found in instruments().values():
        first = found.purpose.split()[0]
        if first in WORDS and found.purpose.split()[1] in ("questions", "quick", "everyday"):
            assert question_count(found).startswith(f"{WORDS[first]} question"), found.slug
            checked += 1
    assert checked >= 6


def test_names_are_plain_and_grouped_by_why_you_would_take_one(ana_client):
    html = listing(ana_client)
    assert "Anxiety check (GAD-7)" in html
    mood = html.split('id="group-mood"')[1].split("</section>")[0]
    assert "Anxiety check (GAD-7)" in mood
    assert "Mood check (PHQ-9)" in mood
    assert "Pain score (NRS)" not in mood
    assert html.index('id="group-pain"') < html.index('id="group-mood"')


def test_it_suggests_what_to_take_now(ana_client, ana):
    html = listing(ana_client)
    assert "Suggested now: Pain and daily life (PEG)" in html
    record_response(ana, "peg", {"pain_average": 5, "enjoyment": 5, "general_activity": 5})
    html = listing(ana_client)
    assert "Suggested now: Is it likely to last? (STarT Back)" in html


def test_the_suggestion_comes_back_after_four_weeks():
    from datetime import timedelta

    from backcare.questionnaires.presenting import suggestion

    now = datetime(2026, 3, 1, tzinfo=UTC)
    recent = dict.fromkeys(("peg", "startback", "phq4"), now - timedelta(days=3))
    assert suggestion(recent, now) is None
    recent["startback"] = now - timedelta(days=28)
    assert suggestion(recent, now)[0] == "startback"
