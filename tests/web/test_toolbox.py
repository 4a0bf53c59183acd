import re

import pytest
from django.test import Client

from backcare.assessments.models import Assessment
from backcare.plans.models import Plan, Preferences, ToolboxPin


def assess(user, factors=("sedentary",)):
    Preferences.objects.create(user=user, equipment=["mat", "chair", "pillow"])
    return Assessment.objects.create(
        user=user, findings={}, level="self_care", result={}, factors=[{"id": f} for f in factors]
    )


def flare_items(html):
    flare = html.split('id="flare-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="plan-item" data-slug="([^"]+)"', flare)


def pins(user):
    return list(ToolboxPin.objects.filter(user=user).values_list("exercise", flat=True))


def test_it_needs_a_login(client, db):
    assert client.get("/toolbox/").status_code == 302
    assert client.post("/toolbox/bridge/pin").status_code == 302
    assert not ToolboxPin.objects.exists()


def test_a_plain_post_pins_and_goes_back(ana_client, ana):
    response = ana_client.post("/toolbox/knee-rocking/pin", {"next": "/exercises/knee-rocking/"})
    assert response.status_code == 302
    assert response["Location"] == "/exercises/knee-rocking/"
    assert pins(ana) == ["knee-rocking"]
    html = ana_client.get("/toolbox/").content.decode()
    assert 'href="/exercises/knee-rocking/"' in html
    assert "<svg" in html
    assert "Remove from my toolbox" in html


def test_htmx_swaps_only_the_button(ana_client, ana):
    response = ana_client.post(
        "/toolbox/bridge/pin", {"pin_id": "pin-routine-bridge"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="pin-routine-bridge"' in html
    assert "Remove from my toolbox" in html
    assert 'action="/toolbox/bridge/unpin"' in html
    response = ana_client.post("/toolbox/bridge/unpin", HTTP_HX_REQUEST="true")
    assert "Pin to my toolbox" in response.content.decode()
    assert pins(ana) == []


def test_a_pinned_exercise_comes_first_in_the_flare_protocol(ana_client, ana):
    assess(ana)
    before = flare_items(ana_client.get("/plan/").content.decode())
    assert before
    assert before[0] != "pelvic-tilts"
    ana_client.post("/toolbox/pelvic-tilts/pin", {"next": "/plan/"})
    html = ana_client.get("/plan/").content.decode()
    assert flare_items(html)[0] == "pelvic-tilts"
    assert "Start with your toolbox" in html
    assert Plan.objects.filter(user=ana).count() == 1  # same version, routine kept
    ana_client.post("/toolbox/pelvic-tilts/unpin")
    assert flare_items(ana_client.get("/plan/").content.decode()) == before


def test_the_toolbox_keeps_the_order_pins_were_made(ana_client, ana):
    assess(ana)
    for slug in ("knee-rocking", "pelvic-tilts"):
        ana_client.post(f"/toolbox/{slug}/pin")
    flare = flare_items(ana_client.get("/plan/").content.decode())
    assert flare[:2] == ["knee-rocking", "pelvic-tilts"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/toolbox/not-an-exercise/pin", 404),
        ("/toolbox/paracetamol-alone/pin", 404),  # medicines are never pinned
        ("/toolbox/bridge/unpin", 404),  # not pinned
    ],
)
def test_it_refuses_what_cannot_be_pinned_or_unpinned(ana_client, ana, url, status):
    assert ana_client.post(url).status_code == status
    assert pins(ana) == []


def test_it_never_redirects_off_the_site(ana_client, ana):
    response = ana_client.post("/toolbox/bridge/pin", {"next": "https://evil.example/"})
    assert response["Location"] == "/toolbox/"


def test_people_see_and_change_only_their_own_toolbox(client, ana, bo):
    ToolboxPin.objects.create(user=ana, exercise="bridge")
    client.force_login(bo)
    html = client.get("/toolbox/").content.decode()
    assert "Nothing pinned yet" in html
    assert client.post("/toolbox/bridge/unpin").status_code == 404
    assert pins(ana) == ["bridge"]


def test_it_requires_a_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert strict.post("/toolbox/bridge/pin").status_code == 403
    assert pins(ana) == []
