"""The check-in page leads with the advice that stands, and its date.

Jean-Marc's back check at 03:50 found a fever with a weakened immune system: an emergency.
Opening "How is your back?" the same night, the first thing he reads is that emergency, the
day it was found and the number to call, before the check-in's questions; a calm back check
adds nothing above them.
"""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 03:56 -0500"


def calm(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual", **answers}


def main(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("diary:today")).content.decode()
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def signed_in(client):  # type: ignore[no-untyped-def]
    person = make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    client.force_login(person)
    return person


@time_machine.travel(NOW, tick=False)
def test_the_emergency_of_todays_back_check_comes_first(client):
    assess(signed_in(client), calm(age=66, weak_immune_system="yes", fever="yes"))
    page = main(client)
    assert "Emergency: get help now" in page
    assert "Your back check on 7 December found a sign that needs help now." in page
    assert 'href="tel:911"' in page
    top = page.index("Emergency: get help now")
    assert top < page.index("How is your back?") < page.index("Save check-in")
    assert page.count("<h1") == 1  # the advice is the page's heading; the form's is below it
    assert "<h2>How is your back?</h2>" in page


@time_machine.travel(NOW, tick=False)
def test_an_urgent_back_check_leads_too(client):
    # A raised risk of spinal infection: "today".
    assess(signed_in(client), calm(age=66, weak_immune_system="yes"))
    page = main(client)
    assert "Your back check on 7 December found a sign to get checked today." in page
    assert page.index("found a sign to get checked today") < page.index("How is your back?")


@time_machine.travel(NOW, tick=False)
def test_a_calm_back_check_adds_nothing_above_the_questions(client):
    assess(signed_in(client), calm(age=40))
    page = main(client)
    assert "found a sign" not in page
    assert "<h1>How is your back?</h1>" in page
