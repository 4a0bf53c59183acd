"""The night wake-up's card says what the plan says, and its link lands where it says.

Walter has reduced feeling in his skin from diabetes: his plan holds heat back. The card's
steps already left the warm pack out, but the one-line description above them, and the
first line of the e-mail and calendar text, still said "move or warm the back". They now
read the same screen (``night_verdicts``, the plan's own): "move the back" for him, as the
reviewed item says it for everyone else.

"See what your back check found" went to the result page's "What may be contributing"
(``#factors-title``) for everyone. Priya's back check asked her to speak to a clinician
today; a clinician since said self-care is fine and her plan started again, so the card
shows. Her result page keeps "What may be contributing" on its "other information" page,
so the link went to an anchor her result page does not have. It now goes to the section
where her check shows it; a check cut short, which found no contributors, links the result
page itself.

Each failed before: Walter read "warm the back"; Priya's link landed on no section.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from backcare.assessments.intake import assess, assess_so_far
from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids
from backcare.domain.interventions import intervention
from backcare.reminders import texts
from tests.intake_data import intake
from tests.reminders.test_night_wake_up_follows_the_plan import (
    STIFF_MORNINGS,
    cannot_feel_heat,
    what_this_is,
)
from tests.reminders.test_turn_on_and_own_sleep import section

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 5, 4)  # the reminders' frozen clock (tests/reminders/conftest.py)
WARMTH = "move or warm the back"


def description(html: str) -> str:
    """The card's one-line description: the first paragraph of "What this is"."""
    found = re.search(r"<p>(.*?)</p>", what_this_is(html), re.S)
    assert found is not None
    return found.group(1)


def test_the_reviewed_item_names_warmth_as_the_words_left_out_expect():
    """The words held back are the item's own: reworded, this test says where to look."""
    assert WARMTH in intervention("anti-nap").summary
    assert texts.SUMMARY_WITHOUT_HEAT[0] == WARMTH


def test_the_description_leaves_warmth_out_where_the_plan_holds_heat_back(ana_client, ana):
    cannot_feel_heat(ana, **STIFF_MORNINGS)
    line = description(ana_client.get("/reminders/").content.decode())
    assert "move the back, and go back to sleep" in line
    assert "warm" not in line
    first = texts.text_for(ana, "anti_nap").details.split("\n\n")[0]  # e-mail and calendar
    assert "move the back" in first
    assert "warm" not in first


def test_without_a_screen_the_description_is_the_item_s_own(ana_client, ana):
    intake(ana, **STIFF_MORNINGS)
    line = description(ana_client.get("/reminders/").content.decode())
    assert line == intervention("anti-nap").summary
    assert texts.text_for(ana, "anti_nap").details.startswith(intervention("anti-nap").summary)


def calm_answers(**more: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "gradual", **more}


def checked_by_a_clinician(client, check: Assessment) -> None:  # type: ignore[no-untyped-def]
    """She tells us a clinician said self-care is fine: her plan starts again."""
    url = f"/assessments/{check.pk}/clinician-check/"
    answer = {"checked_on": MONDAY.isoformat(), "answer": "self_care_fine"}
    response = client.post(url, answer)
    assert response.status_code == 302, response.content.decode()
    client.get("/plan/")


def found_link(client) -> str:  # type: ignore[no-untyped-def]
    card = section(client.get("/reminders/").content.decode(), "anti_nap")
    assert "Not suggested for you now." in card
    links = re.findall(r'href="(/assessments/[^"]*)"', card)
    assert len(links) == 1, links
    return links[0]


def lands(client, link: str) -> bool:  # type: ignore[no-untyped-def]
    """The link's page opens, and has the section its anchor names (if any)."""
    page, _, anchor = link.partition("#")
    response = client.get(page)
    assert response.status_code == 200
    return not anchor or f'id="{anchor}"' in response.content.decode()


def test_a_calm_check_with_no_contributors_links_its_own_section(ana_client, ana):
    assess(ana, calm_answers())
    check = Assessment.objects.get(user=ana)
    assert check.factors == []
    link = found_link(ana_client)
    assert link == f"/assessments/{check.pk}/#factors-title"
    assert lands(ana_client, link)


def test_a_check_that_asked_for_care_today_links_where_it_shows_contributors(ana_client, ana):
    assess(ana, calm_answers(chest_pain="not_sure"))
    check = Assessment.objects.get(user=ana)
    assert check.level == "urgent"
    checked_by_a_clinician(ana_client, check)
    link = found_link(ana_client)
    assert link == f"/assessments/{check.pk}/details/#factors-title"
    assert lands(ana_client, link)


def test_a_check_cut_short_links_the_result_page_itself(ana_client, ana):
    check = assess_so_far(ana, {"chest_pain": "not_sure"})
    assert check is not None
    assert check.result["complete"] is False
    checked_by_a_clinician(ana_client, check)
    link = found_link(ana_client)
    assert link == f"/assessments/{check.pk}/"
    assert lands(ana_client, link)
    page = ana_client.get(link).content.decode()
    assert 'id="factors-title"' not in page  # no section to point to
