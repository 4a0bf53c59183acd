"""No page's "when to get help" gives one of the person's own signs a later timeframe than
their own rules do.

Jean-Marc, 66, on a biologic (a weakened immune system), had a fever at his back check: an
emergency. For him a fever is always "call now" and pain worse at night "today", so the
list for everyone must not say "speak to a clinician today if ... a high temperature on its
own" nor "in the next few days if ... pain is worse at night", on the plan, flare help, a
check-in's result, the back check's result or the report. The same holds for someone with a
cancer history and night pain, and for someone pregnant.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess
from backcare.diary.checkins import local_today, save_checkin
from backcare.domain.context import FACT_IDS, LATER_FACT_IDS
from backcare.domain.findings import FindingError, red_flag_ids, validate_findings
from backcare.domain.plan_text import SOON_SIGNS, URGENT_SIGNS
from backcare.domain.triage import LEVELS, triage_checkin
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 03:50 -0500"
LINES = (URGENT_SIGNS, SOON_SIGNS)
#: The red-flag paragraph a check-in's result used to show, with its "fever on its own".
OLD_PARAGRAPH = "Speak to a clinician the same day if you develop a fever on its own"


def calm(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual", **answers}


PEOPLE = {
    # 66, immunosuppressed, a fever: an emergency at the back check.
    "jean-marc": (
        "male",
        1960,
        "America/Toronto",
        calm(age=66, weak_immune_system="yes", fever="yes"),
    ),
    # A cancer history and pain worse at night, at 58: both "today".
    "carla": (
        "female",
        1968,
        "Europe/London",
        calm(age=58, cancer_history="yes", pain_not_eased_by_rest="yes"),
    ),
    # Pregnant, nothing else.
    "priya": ("female", 1996, "Europe/London", calm(age=30, pregnant="yes")),
}


def signs_listed(html: str) -> list[tuple[str, str]]:
    """(line level, finding id) for every sign a line of everyone's lists on the page."""
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    text = re.sub(r"\s+", " ", text)
    found = []
    for line in LINES:
        for match in re.finditer(re.escape(line.lead.strip()) + r"(.*?)\.", text):
            for words, ids in line.signs:
                if words in match.group(1):
                    found += [(line.level, finding) for finding in ids]
    return found


def own_level(person, finding: str, reasons) -> str:  # type: ignore[no-untyped-def]
    """The most urgent level the person's own rules give ``finding``: said alone at a
    check-in, in the light of their context, and in their back check's reasons."""
    levels = [r["level"] for r in reasons if finding in r.get("finding_ids", ())]
    try:
        answer = validate_findings({finding: "yes"})
    except (FindingError, ValueError):
        answer = None
    if answer is not None and finding not in (*FACT_IDS, *LATER_FACT_IDS):
        levels.append(triage_checkin(answer, clinical_context_for(person)).level)
    return min(levels, key=LEVELS.index) if levels else "self_care"


def pages(client, person, assessment):  # type: ignore[no-untyped-def]
    client.force_login(person)
    client.get(reverse("plans:plan"))  # the plan is made on the first visit
    # A check-in with a sign of its own that asks for care: its result page lists the rest.
    saved = save_checkin(
        person,
        {"day": local_today(person).isoformat(), "moment": "morning", "pain": 6,
         "safety": {"pain_spreading_down_leg": "yes"}},
    )  # fmt: skip
    urls = {
        "plan": reverse("plans:plan"),
        "flare": reverse("diary:episodes"),
        "check-in result": reverse("diary:saved", args=[saved.pk]),
        "back check result": reverse("assessments:result", kwargs={"pk": assessment.pk}),
        "report": reverse("exchange:report"),
    }
    return {name: client.get(url).content.decode() for name, url in urls.items()}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("name", list(PEOPLE))
def test_no_page_lists_a_sign_of_theirs_at_a_later_timeframe(client, name):
    sex, born, zone, answers = PEOPLE[name]
    person = make_user(name, year_of_birth=born, sex=sex, time_zone=zone)
    assessment = assess(person, answers)
    reasons = assessment.result["reasons"]
    for page, html in pages(client, person, assessment).items():
        # The list for everyone is there (an emergency's result says only what to do now).
        assert signs_listed(html) or (page, assessment.level) == ("back check result", "emergency")
        for level, finding in signs_listed(html):
            own = own_level(person, finding, reasons)
            assert LEVELS.index(own) >= LEVELS.index(level), (page, finding, own, level)
        assert OLD_PARAGRAPH not in unescape(html), page


@time_machine.travel(NOW, tick=False)
def test_jean_marc_never_reads_fever_or_night_pain_as_less_than_his_own(client):
    sex, born, zone, answers = PEOPLE["jean-marc"]
    person = make_user("jm", year_of_birth=born, sex=sex, time_zone=zone)
    assessment = assess(person, answers)
    assert assessment.level == "emergency"
    for page, html in pages(client, person, assessment).items():
        text = unescape(html)
        assert "a high temperature on its own" not in text, page
        assert "pain is worse at night" not in text, page
        assert "a leg goes numb or tingly" not in text, page
        # What stays for everyone is still said (the emergency's result says only what to do).
        if page != "back check result":
            assert "pain so bad you cannot stand or walk" in text, page


@time_machine.travel(NOW, tick=False)
def test_a_person_without_risk_factors_keeps_the_whole_list(client):
    person = make_user("dee", year_of_birth=1991, sex="female", time_zone="Europe/London")
    assess(person, calm(age=35))
    client.force_login(person)
    html = unescape(client.get(reverse("diary:episodes")).content.decode())
    assert URGENT_SIGNS.advice().text in html
    assert SOON_SIGNS.advice().text in html
