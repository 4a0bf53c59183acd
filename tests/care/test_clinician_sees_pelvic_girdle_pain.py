"""Aisha (31, Toronto, 30 weeks pregnant) has pain over the pubic bone and in the buttocks,
worse on stairs, standing on one leg and turning in bed: her back check suggested pregnancy
and pelvic girdle pain, and her plan page adds its section. Her clinician's patient page and
Tailor page show that section too, briefly, named for it and saying why the plan shows it
(what she told and what her back check suggested, not a diagnosis by a clinician). A
pregnant person without those signs has no section on either page, as on her plan page.

Failed before: the section needs the back check's contributor, which only the plan page
passed; both clinician pages left it out.
"""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.known_conditions import condition_book
from tests.care.conftest import link
from tests.conftest import make_user
from tests.web.test_pelvic_girdle_pain_in_pregnancy import AISHA

pytestmark = pytest.mark.django_db

SECTION = condition_book().sections["pregnant"]
PAGES = ["care:patient", "care:tailor_plan"]


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(page))


def aisha(cy, **answers: object):  # type: ignore[no-untyped-def]
    person = make_user("aisha", year_of_birth=1995, sex="female", time_zone="America/Toronto")
    assess(person, {**AISHA, **answers})
    link(cy, person)
    return person


@pytest.mark.parametrize("page_name", PAGES)
def test_both_pages_show_her_plans_section_and_why(cy, cy_client, page_name):  # type: ignore[no-untyped-def]
    page = text_of(cy_client.get(reverse(page_name, args=[aisha(cy).pk])))
    assert "Their plan's section on pregnancy and pelvic girdle pain" in page
    assert (
        "because they told backcare of pregnancy and their latest back check suggested "
        "“Pregnancy and pelvic girdle pain” as a possible contributor"
    ) in page
    assert "a clinician diagnosed it" not in page
    assert "What they read: 5 points, 1 on when to contact their team" in page
    assert SECTION.lines[0].text in page
    assert "(evidence: very low)" in page
    assert f"within days {SECTION.contact[0].text}" in page


@pytest.mark.parametrize("page_name", PAGES)
def test_none_without_its_signs(cy, cy_client, page_name):  # type: ignore[no-untyped-def]
    person = aisha(cy, where=["lower_back"], triggers=["lifting"])
    page = text_of(cy_client.get(reverse(page_name, args=[person.pk])))
    assert "Their plan's section on" not in page
    assert SECTION.title not in page
