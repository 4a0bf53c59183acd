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
    """Slugs in the flare section: named from the plan above, or shown there."""
    flare = html.split('id="flare-title"', 1)[1].split("comes first here", 1)[0]
    return re.findall(r'data-slug="([^"]+)"', flare)


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
    assert "Add to my toolbox" in response.content.decode()
    assert pins(ana) == []


def test_a_pinned_exercise_comes_first_in_the_flare_protocol(ana_client, ana):
    assess(ana)
    before = flare_items(ana_client.get("/plan/").content.decode())
    assert "pelvic-tilts" not in before
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


# --- what the relief ratings say ------------------------------------------------------------


def rate(user, item, scores):
    """One evening check-in per score, on consecutive days, rating ``item``."""
    import datetime

    from backcare.diary.models import ActivityRating, CheckIn

    start = datetime.date(2026, 1, 1)
    for n, score in enumerate(scores):
        day = start + datetime.timedelta(days=n)
        checkin, _ = CheckIn.objects.get_or_create(
            user=user, day=day, moment="evening", defaults={"pain": 4}
        )
        ActivityRating.objects.create(checkin=checkin, item=item, relief=score)


def test_something_that_helps_is_offered_for_the_toolbox_in_one_tap(ana_client, ana):
    assess(ana)
    rate(ana, "walking-programme", [7, 6, 8, 6, 7])  # mean 6.8 over 5
    html = ana_client.get("/plan/").content.decode()
    assert "helps you: 6.8/10 relief, rated on 5 days." in html
    assert 'action="/toolbox/walking-programme/pin"' in html
    response = ana_client.post("/toolbox/walking-programme/pin", {"next": "/plan/"})
    assert response["Location"] == "/plan/"
    assert pins(ana) == ["walking-programme"]
    html = ana_client.get("/plan/").content.decode()
    assert 'action="/toolbox/walking-programme/pin"' not in html
    assert "Progressive walking" in ana_client.get("/toolbox/").content.decode()


def test_something_that_does_not_help_says_so_and_suggests_talking_it_over(ana_client, ana):
    assess(ana)
    rate(ana, "foam-rolling", [1, 0, 2, 1, 1, 2])
    rate(ana, "massage-gun", [3, 2, 3, 3, 3])  # mean 2.8
    for url in ("/plan/", "/toolbox/"):
        html = ana_client.get(url).content.decode()
        assert "Massage gun</strong> (2.8/10, rated on 5 days) and" in html
        assert "Foam rolling</strong> (1.2/10, rated on 6 days) do not seem to help you" in html
        assert "talk them over with a physiotherapist or doctor" in html
        assert 'action="/toolbox/foam-rolling/pin"' not in html


@pytest.mark.parametrize(
    "scores",
    [[7, 7, 7, 7], [4, 5, 4, 5, 4]],  # too few ratings; in between: nothing to say
)
def test_it_says_nothing_without_a_clear_verdict(ana_client, ana, scores):
    assess(ana)
    rate(ana, "superficial-heat", scores)
    assert "What your ratings say" not in ana_client.get("/plan/").content.decode()


def test_only_my_own_ratings_count(ana_client, ana, bo):
    assess(ana)
    rate(bo, "walking-programme", [9] * 6)
    assert "What your ratings say" not in ana_client.get("/plan/").content.decode()


def test_the_demo_account_has_a_filled_toolbox(client, db):
    import datetime

    from backcare.accounts.models import User
    from backcare.progress.demo import create_demo

    create_demo(days=60, today=datetime.date(2026, 3, 1), password="demo-pass-2026-x")
    demo = User.objects.get(username="demo")
    assert pins(demo), "the demo's own ratings favour walking and warmth"
    client.force_login(demo)
    html = client.get("/toolbox/").content.decode()
    assert "Nothing pinned yet" not in html
    assert "does not seem to help you" in html or "do not seem to help you" in html
