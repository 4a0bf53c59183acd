"""The guided session: one exercise per page without JavaScript, then how each one felt."""

import datetime
import re

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.plans.models import Plan, Preferences, RoutineSession, SessionAnswer, ToolboxPin

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def assess(user, level="self_care", factors=("deconditioning", "sedentary")):
    Assessment.objects.create(
        user=user, findings={}, level=level, result={}, factors=[{"id": f} for f in factors]
    )
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=["mat", "chair"])


def routine_slugs(client):
    client.get("/plan/")
    return [i["slug"] for i in Plan.objects.get().body["routine"] if i["kind"] == "exercise"]


def start(client):
    response = client.post("/plan/session/")
    assert response.status_code == 302
    return RoutineSession.objects.order_by("-pk").first(), response["Location"]


def walk_through(client, session, actions):
    """Press Done or Skip on each step; returns the page after the last step."""
    location = f"/plan/session/{session.pk}/1/"
    for action in actions:
        page = client.get(location)
        assert page.status_code == 200
        location = client.post(location, {"action": action})["Location"]
        if location.endswith("?then=why"):  # a skip asks why; going on gives no reason
            assert client.get(location).status_code == 200
            location = client.post(location, {"action": "next"})["Location"]
    return location


def test_the_plan_page_starts_the_session_and_the_start_page_lists_the_routine(ana_client, ana):
    assess(ana)
    slugs = routine_slugs(ana_client)
    plan_page = ana_client.get("/plan/").content.decode()
    assert 'action="/plan/session/"' in plan_page
    assert "Start today's routine" in plan_page
    start_page = ana_client.get("/plan/session/").content.decode()
    for slug in slugs:
        assert f"/exercises/{slug}/picture.svg" in start_page


def test_each_step_shows_one_exercise_with_its_picture_cue_and_timer(ana_client, ana):
    assess(ana)
    slugs = routine_slugs(ana_client)
    session, location = start(ana_client)
    assert location == f"/plan/session/{session.pk}/1/"
    html = ana_client.get(location).content.decode()
    assert f'src="/exercises/{slugs[0]}/picture.svg"' in html
    assert re.search(r'<img src="[^"]+" alt="[^"]{10,}"', html), "the picture has alt text"
    assert f"Exercise 1 of {len(slugs)}" in html
    from backcare.domain.exercises import exercises

    steps = exercises()[slugs[0]].steps
    assert len(re.findall(r"<li>", html.split('class="cue"')[1].split("</ol>")[0])) == len(steps)
    assert 'class="session-timer"' in html
    assert "/static/plans/session.js" in html
    assert "<script>" not in html  # no inline script: the policy forbids it


def test_done_and_skip_are_named_with_the_exercise_for_a_screen_reader(ana_client, ana):
    """Short words on screen ("Done, next", "Skip"), but a screen reader hears which exercise
    each button is for, not "Done, button" on every step."""
    from django.utils.html import escape

    from backcare.domain.exercises import exercises

    assess(ana)
    slugs = routine_slugs(ana_client)
    session, _ = start(ana_client)
    for number, slug in enumerate(slugs, start=1):
        html = ana_client.get(f"/plan/session/{session.pk}/{number}/").content.decode()
        form = html.split('class="step-actions')[1].split("</form>")[0]
        buttons = dict(re.findall(r'<button[^>]* value="(done|skip)"[^>]*>(.*?)</button>', form))
        words = {value: re.sub(r"<[^>]+>", "", text) for value, text in buttons.items()}
        name = escape(exercises()[slug].name)
        last = number == len(slugs)
        assert words["done"] == f"{'Done: last one' if last else 'Done, next'} (finished {name})"
        assert words["skip"] == f"Skip {name}"
        visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", buttons["done"])
        assert visible == ("Done: last one" if last else "Done, next")
        ana_client.post(f"/plan/session/{session.pk}/{number}/", {"action": "done"})


def test_each_step_shows_the_persons_own_take_care_notes(ana_client, ana):
    from django.utils.html import escape

    assess(ana)
    Preferences.objects.filter(user=ana).update(pregnant=True)
    routine_slugs(ana_client)
    items = [i for i in Plan.objects.get().body["routine"] if i["kind"] == "exercise"]
    noted = [n for n, item in enumerate(items, 1) if item["cautions"]]
    assert noted, "pregnancy gives at least one routine exercise a note"
    session, _ = start(ana_client)
    for number, item in enumerate(items, 1):
        html = ana_client.get(f"/plan/session/{session.pk}/{number}/").content.decode()
        for caution in item["cautions"]:
            assert escape(caution) in html
        assert ("<strong>Take care:</strong>" in html) is (number in noted)


def test_done_and_skip_are_stored_and_the_answers_count_after_finishing(ana_client, ana):
    assess(ana)
    slugs = routine_slugs(ana_client)
    session, _ = start(ana_client)
    actions = ["done"] * (len(slugs) - 1) + ["skip"]
    assert walk_through(ana_client, session, actions) == f"/plan/session/{session.pk}/finish/"
    finish = ana_client.get(f"/plan/session/{session.pk}/finish/").content.decode()
    for slug in slugs[:-1]:
        assert f"How did {_name(slug)} feel, the first time?" in finish
    assert f"How did {_name(slugs[-1])} feel" not in finish
    answers = {f"feeling_{n}": "same" for n in range(1, len(slugs))} | {"pain_now": "3"}
    done = ana_client.post(f"/plan/session/{session.pk}/finish/", answers)
    assert done["Location"] == f"/plan/session/{session.pk}/done/"
    session.refresh_from_db()
    assert session.finished_at == NOW
    assert session.pain_after == 3
    stored = list(SessionAnswer.objects.values_list("exercise", "done", "feeling"))
    assert stored == [(s, True, "same") for s in slugs[:-1]] + [(slugs[-1], False, "")]


def _name(slug):
    from backcare.domain.exercises import exercises

    return exercises()[slug].name


def test_missing_answers_are_a_422_naming_each_question_and_nothing_is_stored(ana_client, ana):
    assess(ana)
    slugs = routine_slugs(ana_client)
    session, _ = start(ana_client)
    walk_through(ana_client, session, ["done"] * len(slugs))
    response = ana_client.post(
        f"/plan/session/{session.pk}/finish/", {"feeling_1": "great", "pain_now": "11"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f"Choose how {_name(slugs[-1])} felt." in html
    assert "Select a valid choice" in html
    session.refresh_from_db()
    assert session.finished_at is None
    assert not SessionAnswer.objects.exclude(feeling="").exists()


def test_after_a_session_it_offers_the_toolbox_in_one_tap_and_warns_when_it_hurt(ana_client, ana):
    assess(ana)
    slugs = routine_slugs(ana_client)
    assert len(slugs) >= 2
    session, _ = start(ana_client)
    walk_through(ana_client, session, ["done"] * len(slugs))
    feelings = {"feeling_1": "easier", "feeling_2": "hurt"}
    feelings |= {f"feeling_{n}": "same" for n in range(3, len(slugs) + 1)}
    ana_client.post(f"/plan/session/{session.pk}/finish/", feelings | {"pain_now": "4"})
    html = ana_client.get(f"/plan/session/{session.pk}/done/").content.decode()
    assert f'action="/toolbox/{slugs[0]}/pin"' in html
    assert f'action="/toolbox/{slugs[1]}/pin"' not in html
    assert "talk it over with a physiotherapist or doctor" in html
    ana_client.post(f"/toolbox/{slugs[0]}/pin", {"next": f"/plan/session/{session.pk}/done/"})
    assert ToolboxPin.objects.filter(user=ana, exercise=slugs[0]).exists()


@pytest.mark.parametrize(
    ("second", "pain_now", "heading", "lead"),
    [
        ("same", "3", "Well done: today", "It counts towards your week"),
        ("hurt", "3", "Logged. Go easier now", "Something hurt: rest in a position"),
        ("same", "8", "Logged. Go easier now", "Your pain is 8/10: rest in a position"),
    ],
)
def test_after_pain_the_session_ends_with_easing_it_not_well_done(
    ana_client, ana, second, pain_now, heading, lead
):
    assess(ana)
    slugs = routine_slugs(ana_client)
    session, _ = start(ana_client)
    walk_through(ana_client, session, ["done"] * len(slugs))
    feelings = {f"feeling_{n}": "same" for n in range(1, len(slugs) + 1)} | {"feeling_2": second}
    ana_client.post(f"/plan/session/{session.pk}/finish/", feelings | {"pain_now": pain_now})
    page = ana_client.get(f"/plan/session/{session.pk}/done/").content.decode()
    html = page.split("<main")[1].split("</main>")[0]  # the footer links the warning signs
    assert f"<h1>{heading}" in html
    assert lead in html
    hard = heading.startswith("Logged")
    assert ('href="/episodes/"' in html) is hard
    assert ('href="/warning-signs/"' in html) is hard
    # Opened again a week later, it is no longer advice for now.
    with time_machine.travel(NOW + datetime.timedelta(days=7), tick=False):
        later = ana_client.get(f"/plan/session/{session.pk}/done/").content.decode()
    assert "Go easier now" not in later
    assert 'href="/episodes/"' not in later.split("<main")[1].split("</main>")[0]


def test_the_plan_page_says_when_the_routine_is_done_today(ana_client, ana, frozen_clock):
    assess(ana)
    slugs = routine_slugs(ana_client)
    assert "Done today" not in ana_client.get("/plan/").content.decode()
    session, _ = start(ana_client)
    walk_through(ana_client, session, ["done"] * len(slugs))
    assert "Done today" not in ana_client.get("/plan/").content.decode()  # not finished yet
    feelings = {f"feeling_{n}": "same" for n in range(1, len(slugs) + 1)}
    ana_client.post(f"/plan/session/{session.pk}/finish/", feelings | {"pain_now": "3"})
    html = ana_client.get("/plan/").content.decode()
    assert "✓</span> Done today." in html
    assert '<button type="submit" class="secondary">Do it again</button>' in html
    frozen_clock.shift(datetime.timedelta(days=1))
    assert "Done today" not in ana_client.get("/plan/").content.decode()


def test_only_todays_routine_done_is_done_today_on_the_plan_and_the_sessions_end(ana_client, ana):
    """A session of other exercises (a breathing routine an app recorded) is not the plan's
    routine done; part of the routine is said as part, as home says it."""
    from backcare.plans.sessions import record_session

    assess(ana)
    slugs = routine_slugs(ana_client)
    other = next(
        s for s in ("cat-cow", "diaphragmatic-breathing", "pelvic-tilts") if s not in slugs
    )
    breathing = record_session(ana, [(other, True, "same")], 2)
    html = ana_client.get("/plan/").content.decode()
    assert "done today" not in html.lower()
    assert '<button type="submit" class="primary-action">Start today\'s routine' in html
    done = ana_client.get(f"/plan/session/{breathing.pk}/done/").content.decode()
    assert "Well done: your exercises are logged" in done
    assert "today's routine is logged" not in done
    part = record_session(ana, [(slugs[0], True, "same")], 2)
    html = ana_client.get("/plan/").content.decode()
    assert f"✓</span> 1 of {len(slugs)} exercises done today." in html
    assert "Done today." not in html
    done = ana_client.get(f"/plan/session/{part.pk}/done/").content.decode()
    assert "Well done: today's routine is logged" in done


def test_a_finished_session_counts_as_adherence_and_hurt_steps_back(ana_client, ana, frozen_clock):
    assess(ana)
    slugs = routine_slugs(ana_client)
    Plan.objects.update(created_at=NOW - datetime.timedelta(days=6, hours=1))  # not yet due
    for offset in range(7, 0, -1):  # the 7 whole days before the review's day
        day = NOW - datetime.timedelta(days=offset)
        with time_machine.travel(day, tick=False):
            CheckIn.objects.create(user=ana, day=day.date(), moment="morning", pain=3)
            session, _ = start(ana_client)
            walk_through(ana_client, session, ["done"] * len(slugs))
            answers = {f"feeling_{n}": "same" for n in range(1, len(slugs) + 1)}
            if offset == 2:
                answers["feeling_1"] = "hurt"
            ana_client.post(f"/plan/session/{session.pk}/finish/", answers | {"pain_now": "3"})
        RoutineSession.objects.update(plan=None)
    # A full week since the plan started: its first weekly review has come.
    Plan.objects.update(created_at=NOW - datetime.timedelta(days=7, hours=1))
    ana_client.post("/plan/progress/")
    newest = Plan.objects.filter(user=ana).first()
    assert newest.week == 2
    changes = {c["slug"]: c for c in newest.changes}
    assert changes[slugs[0]]["action"] == "step_back"
    assert "hurt on 1 day" in changes[slugs[0]]["sentence"]
    for slug in slugs[1:]:
        assert "of 7 days" in changes[slug]["sentence"] or changes[slug]["action"] == "progress"


def test_an_unfinished_session_does_not_count(ana_client, ana):
    assess(ana)
    slugs = routine_slugs(ana_client)
    session, _ = start(ana_client)
    walk_through(ana_client, session, ["done"] * len(slugs))
    Plan.objects.update(created_at=NOW - datetime.timedelta(days=8))
    ana_client.post("/plan/progress/")
    assert "No diary entries this week" in str(Plan.objects.filter(user=ana).first().changes)


def test_a_care_first_plan_has_no_session(ana_client, ana):
    assess(ana, level="urgent")
    html = ana_client.get("/plan/session/").content.decode()
    assert "paused until a clinician has seen you" in html
    assert ana_client.post("/plan/session/")["Location"] == "/plan/"
    assert not RoutineSession.objects.exists()


def test_nobody_else_can_see_or_answer_my_session(client, ana, bo):
    assess(ana)
    client.force_login(ana)
    routine_slugs(client)
    session, _ = start(client)
    client.force_login(bo)
    for url in (f"/plan/session/{session.pk}/1/", f"/plan/session/{session.pk}/finish/",
                f"/plan/session/{session.pk}/done/"):  # fmt: skip
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "done", "pain_now": "2"}).status_code in (404, 405)
    assert not SessionAnswer.objects.filter(done=True).exists()


def test_the_session_needs_a_login(client, db):
    assert client.get("/plan/session/")["Location"].startswith("/accounts/login/")


def test_the_first_time_asks_how_it_felt_and_later_times_compare(ana_client, ana):
    """ "Easier than last time" means nothing the first time an exercise is done: the first
    session offers Easy / About right / Hard, later ones Easier / About the same / Harder,
    storing the same answers."""
    assess(ana)
    slugs = routine_slugs(ana_client)
    first, _ = start(ana_client)
    walk_through(ana_client, first, ["done"] * len(slugs))
    page = ana_client.get(f"/plan/session/{first.pk}/finish/").content.decode()
    assert f"How did {_name(slugs[0])} feel, the first time?" in page
    assert "<span>About right</span>" in page
    assert "<span>About the same</span>" not in page
    answers = {f"feeling_{n}": "same" for n in range(1, len(slugs) + 1)} | {"pain_now": "3"}
    ana_client.post(f"/plan/session/{first.pk}/finish/", answers)
    assert set(SessionAnswer.objects.values_list("feeling", flat=True)) == {"same"}
    second, _ = start(ana_client)
    walk_through(ana_client, second, ["done"] * len(slugs))
    page = ana_client.get(f"/plan/session/{second.pk}/finish/").content.decode()
    assert f"How did {_name(slugs[0])} feel?" in page
    assert "<span>About the same</span>" in page
    assert "<span>About right</span>" not in page


def main_html(client, url):
    return client.get(url).content.decode().split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize(
    ("actions", "heading"),
    [
        ("all", "That's today's exercises done"),
        ("one skipped", "You did {done} of {total} exercises"),
    ],
)
def test_the_end_screen_says_the_exercises_are_done_before_asking(
    ana_client, ana, actions, heading
):
    assess(ana)
    slugs = routine_slugs(ana_client)
    session, _ = start(ana_client)
    done = ["done"] * len(slugs)
    if actions == "one skipped":
        done[-1] = "skip"
    walk_through(ana_client, session, done)
    html = main_html(ana_client, f"/plan/session/{session.pk}/finish/")
    said = heading.format(done=len(slugs) - 1, total=len(slugs))
    assert f"<h1>{said}</h1>" in html
    assert "Thank you for making the time" in html
    assert html.index("<h1>") < html.index("<h2>How did it feel?</h2>") < html.index("<fieldset")
    assert "Well done" not in html  # how it felt is not known yet


def test_the_end_screen_opened_before_any_exercise_offers_the_first_one(ana_client, ana):
    """Its address opened straight away: no "how did it feel", no list of "skipped"."""
    assess(ana)
    routine_slugs(ana_client)
    session, first = start(ana_client)
    finish = main_html(ana_client, f"/plan/session/{session.pk}/finish/")
    assert "<h1>No exercises done this time</h1>" in finish
    assert "How did it feel" not in finish
    assert "You skipped every exercise" not in finish
    assert f'<a class="button secondary" href="{first}">Go to the first exercise</a>' in finish
    ana_client.post(f"/plan/session/{session.pk}/finish/", {"pain_now": "2"})
    done = main_html(ana_client, f"/plan/session/{session.pk}/done/")
    assert "<h1>Saved. Rest counts too</h1>" in done
    assert "skipped" not in done
    assert "Well done" not in done
    assert "Pain now: <strong>2/10</strong>" in done


def test_a_session_saved_with_no_exercise_done_is_not_the_routine_done(ana_client, ana):
    assess(ana)
    slugs = routine_slugs(ana_client)
    session, _ = start(ana_client)
    walk_through(ana_client, session, ["skip"] * len(slugs))
    ana_client.post(f"/plan/session/{session.pk}/finish/", {"pain_now": "2"})
    plan = ana_client.get("/plan/").content.decode()
    assert "Done today" not in plan
    assert "Start today's routine" in plan
    assert "done today" not in main_html(ana_client, "/home/")
