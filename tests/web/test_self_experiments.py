"""Self-experiments: choose two options, follow a randomised schedule, read an honest result.

(Named test_self_experiments so it does not clash with tests/domain/test_experiments.py.)
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from backcare.diary.models import CheckIn, Experiment
from backcare.domain.experiments import make_schedule
from backcare.progress.experiments import option_names
from tests.progress_data import log, today_for

LIST_URL = reverse("progress:experiments")
CHOICE = {"option_a": "superficial-heat", "option_b": "cat-cow", "days": "28"}


def detail_url(experiment: Experiment) -> str:
    return reverse("progress:experiment", args=[experiment.pk])


def finished_experiment(user, pains: dict[str, list[int]], days: int = 8) -> Experiment:  # type: ignore[no-untyped-def]
    """An experiment that ended yesterday, with evening pain logged on every day."""
    start = today_for(user) - timedelta(days=days)
    experiment = Experiment.objects.create(
        user=user, option_a="superficial-heat", option_b="cat-cow", start=start, days=days, seed=7
    )
    left = {arm: list(values) for arm, values in pains.items()}
    for entry in make_schedule("a", "b", days, 7, start=start):
        log(user, entry.day, left[entry.arm].pop())
    return experiment


def test_it_asks_for_a_login(client, db):
    assert client.get(LIST_URL).status_code == 302


def test_it_offers_exercises_and_self_care_but_never_information_only_items(ana_client):
    page = ana_client.get(LIST_URL).content.decode()
    assert '<optgroup label="Self-care">' in page
    assert '<optgroup label="Exercises">' in page
    assert 'value="superficial-heat"' in page
    assert 'value="cat-cow"' in page
    for information_only in (
        "opioids-for-chronic-pain",
        "tens",
        "paracetamol-alone",
        "nad-infusions",
    ):
        assert f'value="{information_only}"' not in page


def test_it_starts_an_experiment_with_a_random_seed_and_shows_today(ana_client, ana):
    response = ana_client.post(LIST_URL, {**CHOICE, "outcome": "evening_pain"})
    experiment = Experiment.objects.get(user=ana)
    assert response.status_code == 302
    assert response["Location"] == detail_url(experiment)
    assert (experiment.start, experiment.days) == (today_for(ana), 28)
    page = ana_client.get(detail_url(experiment)).content.decode()
    schedule = make_schedule(
        *option_names("superficial-heat", "cat-cow"), 28, experiment.seed, start=experiment.start
    )
    assert f"Today is day 1 of 28: <strong>{schedule[0].option}</strong>" in page
    assert page.count('aria-current="date"') == 1
    assert page.count("<tr") == 29  # a header and one row per day
    assert "The result is shown when the experiment ends" in page


def test_two_experiments_get_different_seeds(ana_client, ana):
    for _ in range(2):
        ana_client.post(LIST_URL, {**CHOICE, "outcome": "pain"})
    seeds = set(Experiment.objects.filter(user=ana).values_list("seed", flat=True))
    assert len(seeds) == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"option_b": "superficial-heat"}, "option_b", "different from option A"),
        ({"days": "9"}, "days", "even number of days"),
        ({"days": "4"}, "days", "greater than or equal to 8"),
        ({"days": "400"}, "days", "less than or equal to 366"),
        ({"option_a": "opioids-for-chronic-pain"}, "option_a", "Select a valid choice"),
        ({"outcome": "mood"}, "outcome", "Select a valid choice"),
    ],
)
def test_it_names_the_bad_field_and_stores_nothing(ana_client, ana, changes, field, message):
    response = ana_client.post(LIST_URL, {**CHOICE, "outcome": "evening_pain", **changes})
    page = response.content.decode()
    assert response.status_code == 200
    error = page.split(f'<ul class="errorlist" id="id_{field}_error">')[1].split("</ul>")[0]
    assert message in error
    assert re.search(f'aria-describedby="[^"]*id_{field}_error', page)
    assert 'aria-invalid="true"' in page
    assert not Experiment.objects.exists()


def test_it_shows_the_result_with_its_interval_at_the_end(ana_client, ana):
    experiment = finished_experiment(ana, {"a": [2, 3, 2, 3], "b": [6, 7, 6, 7]})
    page = ana_client.get(detail_url(experiment)).content.decode()
    assert "finished on" in page
    assert "<td>4</td><td>2.5</td>" in page  # Warmth: 4 days, averaging 2.5
    assert "95 % interval" in page
    assert "Warmth on the sore area days went better" in page
    assert "result over a short time" in page


def test_the_plain_answer_comes_before_the_figures(ana_client, ana):
    experiment = finished_experiment(ana, {"a": [2, 6, 3, 5], "b": [5, 3, 6, 2]})
    page = ana_client.get(detail_url(experiment)).content.decode()
    result = page.split('id="result-heading"')[1]
    assert result.index("cannot tell the two apart") < result.index("95 % interval")
    assert result.index("cannot tell the two apart") < result.index("Difference")


def test_it_says_which_days_it_counts_when_one_has_no_evening_pain(ana_client, ana):
    """A 10-day experiment with one day logged only in the morning: the result counts 9
    days and says why the tenth is left out, not "10 days" beside 4 + 5."""
    pains = {"a": [2, 3, 2, 3, 2], "b": [6, 7, 6, 7, 6]}
    experiment = finished_experiment(ana, pains, days=10)
    first = CheckIn.objects.filter(user=ana).order_by("day").first()
    assert first is not None
    first.moment, first.recorded_at = "morning", first.recorded_at.replace(hour=8)
    first.save()
    page = ana_client.get(detail_url(experiment)).content.decode()
    counted = re.search(
        r"The result counts the 9 days with a check-in later than the morning \((\d) "
        r"Warmth on the sore area days?, (\d) Cat-cow days?\)",
        page,
    )
    assert counted is not None
    assert sorted(map(int, counted.groups())) == [4, 5]
    assert "1 of the 10 days had none, so it is left out." in page


def test_the_list_gives_a_finished_experiments_result_in_one_line(ana_client, ana):
    finished_experiment(ana, {"a": [2, 3, 2, 3], "b": [6, 7, 6, 7]})
    page = ana_client.get(LIST_URL).content.decode()
    card = page.split('id="yours-heading"')[1].split("</li>")[0]
    assert "Finished on" in card
    assert "Warmth on the sore area days went better in this experiment" in card
    assert "95 % interval" not in card


def test_it_says_when_it_cannot_tell_the_options_apart(ana_client, ana):
    experiment = finished_experiment(ana, {"a": [2, 6, 3, 5], "b": [5, 3, 6, 2]})
    page = ana_client.get(detail_url(experiment)).content.decode()
    assert "cannot tell the two apart" in page


def test_it_stops_an_experiment_and_reports_on_the_days_so_far(ana_client, ana):
    ana_client.post(LIST_URL, {**CHOICE, "outcome": "evening_pain"})
    experiment = Experiment.objects.get(user=ana)
    response = ana_client.post(reverse("progress:stop", args=[experiment.pk]))
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.stopped_at is not None
    page = ana_client.get(detail_url(experiment)).content.decode()
    assert "You stopped this experiment" in page
    assert "Too few days logged to compare yet" in page
    assert "Stop this experiment" not in page


def test_stopping_needs_a_post(ana_client, ana):
    experiment = finished_experiment(ana, {"a": [1] * 4, "b": [2] * 4})
    assert ana_client.get(reverse("progress:stop", args=[experiment.pk])).status_code == 405


def test_nobody_else_can_see_or_stop_my_experiment(client, ana, bo, dee):
    experiment = finished_experiment(ana, {"a": [1] * 4, "b": [2] * 4})
    for other in (bo, dee):
        client.force_login(other)
        assert client.get(detail_url(experiment)).status_code == 404
        assert client.post(reverse("progress:stop", args=[experiment.pk])).status_code == 404
        assert "Warmth on the sore area or Cat-cow" not in client.get(LIST_URL).content.decode()
    experiment.refresh_from_db()
    assert experiment.stopped_at is None


def test_the_list_shows_my_experiments_with_their_state(ana_client, ana):
    finished_experiment(ana, {"a": [1] * 4, "b": [2] * 4})
    running = Experiment.objects.create(
        user=ana, option_a="cat-cow", option_b="bridge", start=today_for(ana), days=8, seed=3
    )
    Experiment.objects.filter(pk=running.pk).update(created_at=datetime.now(UTC))
    page = ana_client.get(LIST_URL).content.decode()
    assert "Finished on" in page
    assert "Running: 0 days logged, 8 to go." in page


def test_a_finished_experiment_has_a_chart_of_every_logged_day(ana_client, ana):
    experiment = finished_experiment(ana, {"a": [2, 3, 2, 3], "b": [6, 7, 6, 7]})
    page = ana_client.get(reverse("progress:experiment", args=[experiment.pk])).content.decode()
    svg = page.split('<svg class="chart exp-chart"')[1].split("</svg>")[0]
    assert svg.count('class="exp-dot exp-a"') == 4
    assert svg.count('class="exp-dot exp-b"') == 4
    means = re.findall(r'class="exp-mean exp-(a|b)" x1="([\d.]+)"', svg)
    # averages 2.5 and 6.5 on a 0-10 axis drawn from x=12 to x=348
    assert [(arm, float(x)) for arm, x in means] == [("a", 96.0), ("b", 230.4)]
    assert page.index("exp-chart") < page.index('<details class="stats">')


# --- the person's safety conditions -------------------------------------------------------


def _pregnant(user):  # type: ignore[no-untyped-def]
    from backcare.plans.models import Preferences

    Preferences.objects.update_or_create(user=user, defaults={"pregnant": True})


def test_an_option_the_plan_holds_back_is_neither_offered_nor_accepted(ana_client, ana):
    _pregnant(ana)
    page = ana_client.get(LIST_URL).content.decode()
    assert 'value="press-up-prone-extension"' not in page
    assert 'value="cat-cow"' in page
    choice = {**CHOICE, "option_b": "press-up-prone-extension", "outcome": "evening_pain"}
    response = ana_client.post(LIST_URL, choice)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Experiment.objects.exists()
    from backcare.progress.experiments import ExperimentInputError, start_experiment

    with pytest.raises(ExperimentInputError, match="not for you now"):
        start_experiment(ana.pk, option_a="cat-cow", option_b="press-up-prone-extension",
                         days=28, outcome="evening_pain", today=today_for(ana))  # fmt: skip
    api = ana_client.post(
        "/api/experiments",
        {**choice, "days": 28},
        content_type="application/json",
    )
    assert api.status_code == 422
    detail = api.json()["detail"][0]
    assert detail["loc"] == ["body", "choice", "option_b"]
    assert "not for you now: you told us you are or could be pregnant" in detail["msg"]
    assert not Experiment.objects.exists()


def test_a_running_experiment_warns_when_an_option_is_now_held_back(ana_client, ana):
    ana_client.post(
        LIST_URL, {**CHOICE, "option_b": "press-up-prone-extension"} | {"outcome": "evening_pain"}
    )
    experiment = Experiment.objects.get(user=ana)
    assert (
        "Your plan now holds back an option"
        not in ana_client.get(detail_url(experiment)).content.decode()
    )
    assert "holds back one of its options" not in ana_client.get(LIST_URL).content.decode()
    _pregnant(ana)
    page = ana_client.get(detail_url(experiment)).content.decode()
    assert "Your plan now holds back an option of this experiment." in page
    assert "not for you now, you told us you are or could be pregnant" in page
    assert page.count(f'action="/experiments/{experiment.pk}/stop"') == 2
    listing = ana_client.get(LIST_URL).content.decode()
    assert "Your plan now holds back one of its options" in listing
