"""An urgent or emergency result opens with what to do and by when in one short line, the
call right under it, then the rest of the level's words in short parts; the folded "more on
when to see a clinician" under it never says less than the top (no "see a clinician if...",
no "the same day if you get a fever" to a person with a fever)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import escape, strip_tags

from backcare.assessments.intake import assess
from backcare.domain.triage import rule_book
from tests.conftest import make_user
from tests.intake_data import calm_answers

PLACES = {"uk": "Europe/London", "us": "America/New_York"}
#: A plain sentence from the top of the page says no more than this many characters.
SHORT = 60
SOFTER = (
    "See a clinician if",
    "no better after 4 to 6 weeks",
    "Speak to a clinician the same day if you get a fever",
)


def result_page(client, place: str, **answers: object):  # type: ignore[no-untyped-def]
    person = make_user(f"p{place}", time_zone=PLACES[place])
    client.force_login(person)
    assessment = assess(person, calm_answers(**answers))
    html = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    return assessment, html.decode().split('<main id="main" tabindex="-1">', 1)[1]


def level_box(main: str) -> str:
    return main.split("</section>", 1)[0]


def blocks(html: str) -> list[str]:
    """The text of the page's headings, paragraphs and list items, in order."""
    found = re.finditer(r"<(h1|h2|h3|p|li)\b[^>]*>(.*?)</\1>", html, re.S)
    return [" ".join(strip_tags(m.group(2)).split()) for m in found]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9&]+", text.lower())


@pytest.mark.parametrize("place", PLACES)
def test_an_urgent_result_says_what_and_by_when_in_one_short_line_then_the_call(client, db, place):
    assessment, main = result_page(client, place, fever="yes")
    assert assessment.level == "urgent"
    first = blocks(level_box(main))
    assert first[0] == "Urgent: speak to a clinician today"
    lead = first[1]
    assert "today" in lead
    assert len(lead) <= SHORT, lead
    if place == "uk":  # the place's number, as a call button, right under it
        assert first[2] == "Call NHS 111 (111)"
        box = level_box(main)
        call = box.index('<a class="button" href="tel:111">')
        assert box.index(escape(lead)) < call < box.index('class="result-steps"')
    # The rest in short parts, one list item each; nothing of the level's words left out.
    steps = re.findall(r"<li>(.*?)</li>", level_box(main).split('class="result-steps"', 1)[1])
    assert len(steps) == 2
    said = unescape(" ".join([lead, *(strip_tags(step) for step in steps)]))
    assert words(said) == words(assessment.result["action"])
    assert "call 999" in said if place == "uk" else "call 911" in said


@pytest.mark.parametrize("place", PLACES)
def test_an_urgent_result_gives_the_persons_own_sign_before_any_other_reading(client, db, place):
    _assessment, main = result_page(client, place, fever="yes")
    texts = blocks(main)
    own = next(i for i, text in enumerate(texts) if text.startswith("Back pain with a fever:"))
    assert own <= 8  # the box's few lines, the date, "Why", "Your own warning signs"
    assert "Speak to a clinician today" in texts[own]


@pytest.mark.parametrize("place", PLACES)
def test_an_emergency_result_calls_first_then_says_the_rest_in_short_parts(client, db, place):
    _assessment, main = result_page(client, place, bladder_change="yes")
    box = level_box(main)
    assert box.index('href="tel:') < box.index('class="result-action"')
    lead = blocks(box.split('class="call-where"', 1)[1])[0]
    assert lead == "Or go to the nearest emergency department."
    steps = re.findall(r"<li>(.*?)</li>", box.split('class="result-steps"', 1)[1])
    assert steps == ["Do not drive yourself, and do not wait to see whether it settles."]
    assert words(" ".join([lead, *steps])) == words(rule_book().levels["emergency"].after_call)


def test_no_wall_of_bold_at_the_top_of_an_urgent_result(client, db):
    _assessment, main = result_page(client, "uk", fever="yes")
    bold = re.findall(r'<p class="result-action">(.*?)</p>', level_box(main), re.S)
    assert [len(strip_tags(text)) <= SHORT for text in bold] == [True]


@pytest.mark.parametrize("place", PLACES)
def test_the_folded_safety_net_under_a_fever_today_does_not_soften_it(client, db, place):
    assessment, main = result_page(client, place, fever="yes")
    folded = main.split('<details class="more-safety-net">', 1)[1].split("</details>", 1)[0]
    for softer in SOFTER:
        assert escape(softer) not in folded, softer
    # What would make it an emergency is still said.
    assert "if a new warning sign appears" in folded
    assert "a fever together with new numbness or weakness in a leg" in folded
    shown = re.findall(r"<li>(.*?)</li>", folded, re.S)
    assert shown == [escape(sentence) for sentence in assessment.course["safety_net"]]


@pytest.mark.parametrize("answers", [{"fever": "yes"}, {"bladder_change": "yes"}])
def test_a_result_stored_before_says_no_softer_sentence_either(client, db, answers):
    """A result stored with the course's older list: under an urgent result the older
    sentences that would soften it are left out, not shown as they were stored."""
    assessment, _main = result_page(client, "uk", **answers)
    older = [
        "See a clinician if it is no better after 4 to 6 weeks.",
        "See a clinician if the pain spreads down a leg.",
        "Call 999 or go to A&E if a new warning sign appears: chest pain. Speak to a "
        "clinician the same day if you get a fever on its own.",
    ]
    assessment.course = {**assessment.course, "safety_net": older}
    assessment.save()
    url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    for page in (url, reverse("assessments:details", kwargs={"pk": assessment.pk})):
        html = client.get(page).content.decode()
        for softer in SOFTER:
            assert escape(softer) not in html.split('id="safety-title"', 1)[-1], (page, softer)


def test_a_within_days_result_keeps_every_see_a_clinician_sentence(client, db):
    assessment, main = result_page(client, "uk", pain_spreading_down_leg="yes")
    assert assessment.level == "soon"
    folded = main.split('<details class="more-safety-net">', 1)[1].split("</details>", 1)[0]
    assert "See a clinician if it is no better after 4 to 6 weeks." in folded
    assert "Speak to a clinician the same day if you get a fever on its own" in folded
