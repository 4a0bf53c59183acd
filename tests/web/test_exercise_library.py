import re
from html import escape

import pytest

from backcare.domain.exercises import CATEGORIES, exercises
from backcare.plans.library import CATEGORY_NAMES

ALL = sorted(exercises())


def cards(html):
    return re.findall(r'class="exercise-card" data-slug="([^"]+)"', html)


def test_the_library_is_public_and_shows_every_exercise_with_its_drawing(client, db):
    html = client.get("/exercises/").content.decode()
    assert sorted(cards(html)) == ALL
    assert html.count("<svg") == len(ALL)
    for slug in ALL:
        assert f'<title id="{slug}-title">{escape(exercises()[slug].alt)}</title>' in html


def test_the_library_lists_each_kind_under_its_own_heading(client, db):
    html = client.get("/exercises/").content.decode()
    sections = re.findall(
        r'<section class="exercise-kind" aria-labelledby="kind-(\w+)">(.*?)</section>', html, re.S
    )
    assert [kind for kind, _ in sections] == list(CATEGORIES)
    for kind, body in sections:
        assert f'<h2 id="kind-{kind}">{CATEGORY_NAMES[kind]} ' in body
        expected = sorted(
            (ex.name.lower(), s) for s, ex in exercises().items() if ex.category == kind
        )
        assert cards(body) == [slug for _, slug in expected]


@pytest.mark.parametrize(
    "category", ["mobility", "stretching", "strengthening", "walking", "relaxation"]
)
def test_it_filters_by_category(client, db, category):
    html = client.get("/exercises/", {"category": category}).content.decode()
    expected = sorted(s for s, ex in exercises().items() if ex.category == category)
    assert expected
    assert sorted(cards(html)) == expected
    assert f'<option value="{category}" selected>' in html


@pytest.mark.parametrize(
    ("query", "must_find", "must_not_find"),
    [
        (
            "hip flexor",
            {"hip-flexor-stretch-standing", "hip-flexor-stretch-half-kneeling"},
            {"bridge"},
        ),
        ("bridge", {"bridge", "single-leg-bridge"}, {"cat-cow"}),
        ("HAMSTRING", {"hamstring-stretch-seated", "hamstring-stretch-supine"}, {"cat-cow"}),
        ("thoracic", {"open-book-rotation"}, {"glute-squeeze"}),
    ],
)
def test_it_searches_names_and_targets(client, db, query, must_find, must_not_find):
    found = set(cards(client.get("/exercises/", {"q": query}).content.decode()))
    assert must_find <= found
    assert not must_not_find & found


def test_a_search_with_no_match_says_so(client, db):
    html = client.get("/exercises/", {"q": "trampoline"}).content.decode()
    assert cards(html) == []
    assert "No exercise matches" in html


@pytest.mark.parametrize("slug", ALL)
def test_every_exercise_page_renders_its_drawing_steps_and_evidence(client, db, slug):
    ex = exercises()[slug]
    response = client.get(f"/exercises/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert 'role="img"' in html
    assert escape(ex.alt) in html
    assert "<script" not in html.split("<main", 1)[1]
    for step in ex.steps:
        assert escape(step) in html
    assert escape(ex.dose.describe()) in html
    assert f'grade-{ex.evidence.grade}"' in html
    for caution in ex.cautions:
        assert escape(caution.note) in html
    for neighbour in (ex.easier, ex.harder):
        if neighbour:
            assert f'href="/exercises/{neighbour}/"' in html


def test_an_avoid_caution_says_not_to_do_it(client, db):
    html = client.get("/exercises/press-up-prone-extension/").content.decode()
    assert "Pregnancy:</strong> do not do this exercise." in html


def test_the_pin_button_shows_for_people_who_are_logged_in(client, ana):
    assert "Log in</a> to pin" in client.get("/exercises/bridge/").content.decode()
    client.force_login(ana)
    html = client.get("/exercises/bridge/").content.decode()
    assert 'action="/toolbox/bridge/pin"' in html
    client.post("/toolbox/bridge/pin")
    assert 'action="/toolbox/bridge/unpin"' in client.get("/exercises/bridge/").content.decode()


def test_an_unknown_exercise_is_not_found(client, db):
    assert client.get("/exercises/levitation/").status_code == 404
