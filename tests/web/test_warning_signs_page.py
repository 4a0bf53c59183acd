"""The public warning-signs page: a frightened person learns "do I need help now?" without an
account, from the same rules the back check and the check-in fire (nothing typed twice)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from backcare.domain.triage import rule_book
from bench import lighthouse, pages

URL = "/warning-signs/"


def main_content(html: str) -> str:
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def titles(level: str) -> list[str]:
    return [rule.title for rule in rule_book().rules if rule.level == level]


def test_it_is_reachable_signed_out(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert reverse("web:warning_signs") == URL


@pytest.mark.parametrize("level", ["emergency", "urgent", "soon"])
def test_it_lists_every_rule_title_and_the_levels_own_words(client, db, level):
    html = client.get(URL).content.decode()
    assert titles(level)  # or this test proves nothing
    for title in titles(level):
        assert escape(title) in html, title
    info = rule_book().levels[level]
    assert escape(info.label) in html
    assert escape(info.after_call) in html  # the emergency's follows its call button


def test_every_rules_advice_is_reachable(client, db):
    html = client.get(URL).content.decode()
    html = re.sub(r'<span class="unbroken">([^<]*)</span>', r"\1", html)  # numbers kept whole
    for rule in rule_book().rules:
        if rule.level != "self_care":
            assert escape(rule.advice) in html, rule.id


def test_the_emergency_call_comes_first_then_today_then_within_days(client, db):
    content = main_content(client.get(URL).content.decode())
    call = content.index('href="tel:112"')  # the deployment's number: no profile to go by
    emergency = content.index(escape(titles("emergency")[0]))
    urgent = content.index(escape(rule_book().levels["urgent"].label))
    soon = content.index(escape(rule_book().levels["soon"].label))
    assert call < emergency < urgent < soon
    # Nothing but the page heading comes before the emergency box.
    assert content.index('class="result-level level-emergency"') < content.index("<p")


def test_it_uses_the_deployments_country_when_there_is_one(client, db, settings):
    settings.DEFAULT_COUNTRY = "GB"
    html = client.get(URL).content.decode()
    assert 'href="tel:999"' in html
    assert 'href="tel:111"' in html  # the same-day line, offered with "today"


def test_a_signed_in_person_gets_their_own_countrys_number(ana_client, ana):
    ana.time_zone = "Europe/London"
    ana.save()
    assert 'href="tel:999"' in ana_client.get(URL).content.decode()


def test_it_says_plainly_it_does_not_diagnose_and_the_check_needs_an_account(client, db):
    text = re.sub(r"\s+", " ", main_content(client.get(URL).content.decode()))
    assert "backcare does not diagnose" in text
    assert "it needs a free account" in text
    assert 'href="/accounts/signup/"' in text


def test_signed_in_it_does_not_ask_for_an_account(ana_client, ana):
    text = re.sub(r"\s+", " ", main_content(ana_client.get(URL).content.decode()))
    assert "backcare does not diagnose" in text
    assert "free account" not in text


def test_the_welcome_card_and_the_footer_link_to_it(client, db):
    html = client.get("/").content.decode()
    card = re.search(r'<li class="card-link"><h3><a href="([^"]+)">Is this serious\?</a>', html)
    assert card
    assert card.group(1) == URL
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert f'href="{URL}"' in footer


def test_the_page_weight_and_lighthouse_checks_include_it():
    assert URL in pages.ANONYMOUS
    assert URL in [path for _name, path in lighthouse.ANONYMOUS]


def test_signed_out_every_known_place_is_listed_and_ready_for_the_device_to_choose(client, db):
    """The server cannot know a signed-out visitor's country: besides the default number it
    lists every known place's, and carries each place's buttons for phone-place.js."""
    html = main_content(client.get(URL).content.decode())
    assert "phone-place.js" in client.get(URL).content.decode()
    assert 'href="tel:112">Call 112 now</a>' in html  # the deployment's default
    listed = html.split('class="call-elsewhere">')[1].split("</p>")[0]
    for country, number in (("the UK", "999"), ("Ireland", "112"), ("the US", "911")):
        assert f'{country} call <a href="tel:{number}">{number}</a>' in listed
    new_york = place_blocks(html, "America/New_York")
    assert len(new_york) == 2  # the emergency call and the urgent line's place
    assert 'href="tel:911">Call 911 now</a>' in new_york[0]
    assert "tel:" not in new_york[1]  # no same-day line is listed for the US
    london = place_blocks(html, "Europe/London")
    assert 'href="tel:999">Call 999 now</a>' in london[0]
    assert 'href="tel:111">Call NHS 111 (111)</a>' in london[1]


def place_blocks(html: str, zone: str) -> list[str]:
    """What each hidden place block holds for ``zone``, up to the next block."""
    blocks = html.split("<div data-zones=")[1:]
    return [
        re.split(r"<div data-|</section>", block.split(">", 1)[1])[0]
        for block in blocks
        if zone in block.split(">", 1)[0]
    ]


def test_signed_in_the_persons_own_numbers_come_alone(client, bo):
    client.force_login(bo)
    page = client.get(URL).content.decode()
    assert "data-phone-places" not in page
    assert "phone-place.js" not in page
    assert 'href="tel:911">Call 911 now</a>' in main_content(page)
