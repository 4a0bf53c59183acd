"""The check-in's warning-sign questions say how to tell under "Not sure", as the back check
does (content ``how_to_tell``): the line is in the page under each question that has one,
shown as soon as "Not sure" is tapped (the stylesheet), and shown at once under an answer
already "not sure"; a question with no way to tell at home (chest pain) has none."""

import re

from django.urls import reverse

from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import CheckIn
from backcare.domain.findings import checkin_ids_for, finding_catalogue

TODAY_URL = reverse("diary:today")
BLADDER = finding_catalogue()["bladder_change"].how_to_tell


def fieldset(html: str, finding_id: str) -> str:
    """The fieldset of the check-in question ``finding_id``."""
    start = html.index(f'name="safety_{finding_id}"')
    return html[html.rindex("<fieldset", 0, start) : html.index("</fieldset>", start)]


def test_each_warning_sign_question_with_a_way_to_tell_says_it_under_not_sure(ana_client):
    html = ana_client.get(TODAY_URL).content.decode()
    catalogue = finding_catalogue()
    for finding_id in checkin_ids_for(frozenset()):
        tell = catalogue[finding_id].how_to_tell
        box = fieldset(html, finding_id)
        if tell:
            assert f'<p class="how-to-tell" id="id_safety_{finding_id}_tell">' in box
            assert tell in box
            assert "Still not sure? Choose “Not sure”: backcare never treats it as “No”." in box
        else:
            assert "how-to-tell" not in box
    assert "how-to-tell" not in fieldset(html, "chest_pain")  # nothing to try at home


def test_a_check_in_answered_not_sure_shows_the_line_at_once(ana_client, ana):
    safety = {"bladder_change": "not_sure", "fever": "no"}
    save_checkin(ana, {"day": local_today(ana), "moment": "morning", "pain": 3, "safety": safety})
    checkin = CheckIn.objects.get(user=ana)
    html = ana_client.get(reverse("diary:edit_entry", args=[checkin.pk])).content.decode()
    box = fieldset(html, "bladder_change")
    assert 'class="how-to-tell shown" id="id_safety_bladder_change_tell"' in box
    assert BLADDER in box
    described = re.search(r'aria-describedby="([^"]*)"', box)
    assert described
    assert "id_safety_bladder_change_tell" in described.group(1).split()
    assert 'class="how-to-tell shown"' not in fieldset(html, "fever")  # answered "no"


def test_a_post_with_not_sure_and_a_mistake_keeps_the_line_shown(ana_client):
    html = ana_client.post(
        TODAY_URL, {"moment": "morning", "pain": "", "safety_fever": "not_sure"}
    ).content.decode()
    assert "Not saved yet" in html
    assert 'class="how-to-tell shown" id="id_safety_fever_tell"' in fieldset(html, "fever")
