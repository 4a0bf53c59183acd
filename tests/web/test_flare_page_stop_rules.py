"""The flare page lists the person's own "When to stop and get help", as the plan does, and
points there from the top: its steps send people to those warning signs."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.presenting import phones_for_user
from backcare.domain.findings import red_flag_ids
from backcare.domain.personal_warnings import PREFIX
from backcare.domain.plan_text import STOP_RULES
from backcare.domain.plans import stop_rules_for
from tests.intake_data import intake

PAGE = reverse("diary:episodes")


def main_of(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(PAGE).content.decode()
    return page.split('<main id="main"')[1].split("</main>")[0]


def stop_section(main: str) -> str:
    return main.split('<section aria-labelledby="stop-title"')[1].split("</section>")[0]


def test_everyones_stop_rules_with_sources_and_a_pointer_from_the_top(ana_client, ana):
    main = main_of(ana_client)
    assert main.index('href="#stop-title"') < main.index("Breathe with me")
    section = stop_section(main)
    for rule in stop_rules_for((), phones_for_user(ana)):  # the person's place's numbers
        assert f'class="stop-rule stop-{rule.level}">{rule.text}</li>' in section
    assert "<summary>Sources" in section
    assert 'href="/warning-signs/"' in section


def test_the_persons_own_warning_signs_come_first(ana_client, ana):
    """With osteoporosis, back pain after any fall is urgent: it leads the list."""
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 60, "onset": "gradual"}
    assess(ana, {**answers, "osteoporosis": "yes"})
    section = stop_section(main_of(ana_client))
    first = section.split('<li class="stop-rule')[1]
    assert "Because of what you told us about your health" in first
    assert "fall" in first


def test_the_api_gives_the_same_rules(ana_client, ana):
    ana_client.post(reverse("diary:episode_start"), {"severity": "6"})
    flare = ana_client.get("/api/episodes").json()["flare"]
    assert [r["text"] for r in flare["stop_rules"]][-len(STOP_RULES) :] == [
        r.text for r in stop_rules_for((), phones_for_user(ana))
    ]
    assert all(r["references"] for r in flare["stop_rules"])


@time_machine.travel("2026-03-10 23:30 -0500", tick=False)
def test_a_warning_sign_told_after_the_plan_was_built_reaches_the_flare_page(ana_client, ana):
    """The page reads the plan's warning signs, which the plan brings up to date when read:
    a year of birth given later (80 now) puts the fall warning first without a new version."""
    intake(ana)
    ana_client.get(reverse("plans:plan"))
    assert PREFIX not in stop_section(main_of(ana_client))
    ana.year_of_birth = 1946
    ana.save(update_fields=["year_of_birth"])
    first = stop_section(main_of(ana_client)).split('<li class="stop-rule')[1]
    assert PREFIX in first
    assert "fall" in first.lower()
