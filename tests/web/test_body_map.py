"""The body map: a picture over real checkboxes; works by mouse, keyboard and screen reader."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from backcare.domain.findings import finding_catalogue

CSS = (
    Path(__file__).resolve().parents[2]
    / "backcare"
    / "web"
    / "static"
    / "backcare"
    / "backcare.css"
).read_text()
WHERE = [option.value for option in finding_catalogue()["where"].options]


@pytest.fixture
def page(ana_client):
    return ana_client.get(
        reverse("assessments:step", kwargs={"step": "where_and_feel"})
    ).content.decode()


def figure(html):
    return re.search(r'<figure class="body-map-wrap".*?</figure>', html, re.S).group(0)


def test_the_figure_is_hidden_from_assistive_technology(page):
    body_map = figure(page)
    assert body_map.startswith('<figure class="body-map-wrap" aria-hidden="true">')
    assert "<svg" in body_map
    assert 'focusable="false"' in body_map
    assert "<input" not in body_map  # the real inputs live outside the picture


def test_every_place_is_a_real_checkbox_with_a_visible_label(page):
    for value in WHERE:
        assert f'<input type="checkbox" name="where" id="q-where-{value}" value="{value}"' in page
        assert f'<label for="q-where-{value}">' in page


def test_side_is_a_radio_group(page):
    for option in finding_catalogue()["side"].options:
        assert f'type="radio" name="side" id="q-side-{option.value}"' in page


def test_every_region_toggles_its_checkbox_with_an_empty_label(page):
    targets = re.findall(r'<label for="([^"]+)" class="bm-hit bm-hit-[^"]+"></label>', figure(page))
    assert sorted(targets) == sorted(f"q-where-{value}" for value in WHERE)


def test_every_region_is_drawn(page):
    for value in WHERE:
        assert f'class="bm-region bm-{value}"' in figure(page)


@pytest.mark.parametrize("value", WHERE)
def test_css_places_and_highlights_every_region(value):
    assert re.search(rf"\.bm-hit-{value} \{{ left: [\d.]+%; top: [\d.]+%;", CSS)
    assert f"input[name=where][value={value}]:checked) .bm-{value}" in CSS
    assert f"input[name=where][value={value}]:focus-visible) .bm-{value}" in CSS


def test_nothing_inline_that_the_content_security_policy_would_block(page):
    assert "style=" not in page
    assert "<script>" not in page
    assert "onclick" not in page


def test_ticked_places_are_saved_and_shown_again(ana_client):
    url = reverse("assessments:step", kwargs={"step": "where_and_feel"})
    ana_client.post(url, {"where": ["buttock", "leg"], "side": "both"})
    html = ana_client.get(url).content.decode()
    assert 'value="buttock" checked' in html
    assert 'value="leg" checked' in html
    assert 'value="both" checked' in html
    assert 'value="neck" checked' not in html
