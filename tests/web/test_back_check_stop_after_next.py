"""Once the back check's answers so far ask for a clinician today, the steps after it still
say so at the top, but the choice to stop and see what to do now comes after Next and Back,
as a secondary button saying that it stops the check: a tap meant for Next never ends it.
An emergency found early is said first and as loudly as before. The step bar only draws what
"Step N of 14" says, so screen readers do not hear every step's name before the heading."""

import re

import time_machine
from django.urls import reverse

from backcare.assessments import wizard
from backcare.domain.findings import red_flag_ids

NOW = "2026-06-01 10:00 +0000"
NOTICE = "From your answers so far: speak to a clinician today"
STOP = "See what to do now and stop here"


def step_url(step_id):
    return reverse("assessments:step", kwargs={"step": step_id})


def walk_to(client, last, **answers):
    """Finish every step up to and including ``last`` ("no" to every sign, age 35)."""
    calm = {**dict.fromkeys(red_flag_ids(), "no"), "age": "35", "onset": "gradual", **answers}
    for step in wizard.steps():
        data = {f.id: calm[f.id] for f in wizard.step_findings(step.id) if f.id in calm}
        response = client.post(step_url(step.id), data)
        assert response.status_code == 302, (step.id, response.content.decode()[:2000])
        if step.id == last:
            return
    raise AssertionError(last)


def buttons(html):
    """The page's buttons, in order, with their classes and the form they submit to."""
    found = []
    action = None
    for tag in re.finditer(r'<form[^>]*action="([^"]*)"|<button([^>]*)>(.*?)</button>', html):
        if tag.group(1) is not None:
            action = tag.group(1)
        else:
            classes = re.search(r'class="([^"]*)"', tag.group(2))
            found.append((tag.group(3).strip(), classes.group(1) if classes else "", action))
    return found


def main(html):
    return html.split('<main id="main"')[1].split("</main>")[0]


@time_machine.travel(NOW, tick=False)
def test_on_later_steps_next_comes_first_and_stopping_is_a_secondary_button_after_it(
    ana_client,
):
    walk_to(ana_client, "safety_legs", bladder_change="not_sure")
    html = main(ana_client.get(step_url("safety_health")).content.decode())
    assert NOTICE in html  # still said at the top of every step
    assert html.index(NOTICE) < html.index("<h1")
    names = [name for name, _, _ in buttons(html) if name != "Log out"]
    assert names == ["Next", "Back", STOP]
    stop = next(b for b in buttons(html) if b[0] == STOP)
    assert "secondary" in stop[1].split()
    assert stop[2] == reverse("assessments:so_far")
    next_button = next(b for b in buttons(html) if b[0] == "Next")
    assert "secondary" not in next_button[1].split()
    assert html.count(reverse("assessments:so_far")) == 1  # nothing to end it before Next


@time_machine.travel(NOW, tick=False)
def test_stopping_from_a_later_step_still_shows_the_shortened_result(ana_client, ana):
    walk_to(ana_client, "safety_legs", bladder_change="not_sure")
    response = ana_client.post(reverse("assessments:so_far"))
    html = ana_client.get(response["Location"]).content.decode()
    assert "Urgent: speak to a clinician today" in html
    assert "From a shortened check" in html


@time_machine.travel(NOW, tick=False)
def test_the_step_after_the_urgent_answer_keeps_its_alert_and_says_the_choice_stops(
    ana_client,
):
    walk_to(ana_client, "safety_nerves", bladder_change="not_sure")
    html = main(ana_client.get(step_url("safety_legs")).content.decode())
    alert = html.split('role="alert"')[1].split("</section>")[0]
    assert NOTICE in alert
    assert "New trouble peeing or with bladder control" in alert
    assert f">{STOP}</button>" in alert
    assert "Carry on with the questions" in alert
    assert html.count(STOP) == 1  # offered once, in the alert


@time_machine.travel(NOW, tick=False)
def test_an_early_emergency_is_still_said_first_with_the_call_and_no_way_to_stop(ana_client):
    """Worsening weakness tapped (kept as it is tapped) on the step after an urgent answer."""
    walk_to(ana_client, "safety_nerves", bladder_change="not_sure")
    ana_client.post(step_url("safety_legs"), {"weakness_getting_worse": "yes", "go": "keep"})
    html = main(ana_client.get(step_url("safety_legs")).content.decode())
    alert = html.split('<section class="level-emergency early-emergency" role="alert"')[1]
    assert html.index("early-emergency") < html.index("<h1")
    assert 'class="button call-button"' in alert.split("</section>")[0]
    assert STOP not in html
    assert NOTICE not in html


def test_the_step_bar_is_hidden_from_screen_readers_and_the_step_count_is_not(ana_client):
    count = len(wizard.steps())
    for step in wizard.steps()[:3]:
        html = main(ana_client.get(step_url(step.id)).content.decode())
        bar = re.search(r'<ol class="step-bar"([^>]*)>(.*?)</ol>', html, re.S)
        assert bar is not None
        assert 'aria-hidden="true"' in bar.group(1)
        assert all(s.title not in bar.group(2) for s in wizard.steps())
        count_line = re.search(r'<p class="step-count">(.*?)</p>', html, re.S)
        assert count_line is not None
        assert f"Step {step.number} of {count}" in count_line.group(1)
        assert "aria-hidden" not in count_line.group(0)
