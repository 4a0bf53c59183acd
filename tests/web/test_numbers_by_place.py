"""People in Sydney, Toronto, Berlin and Auckland are offered their own numbers.

These places were once "not known": someone in Sydney read "Call 112" and "(999 in the UK,
112 or 999 in Ireland, 911 in the US)", never 000, and nothing told someone in Berlin that 112
works across Europe. Canada, Australia, New Zealand and the rest of Europe now have their own
``[phones]`` entries in content/red_flags.toml, each from an official source, and the words
for a place that is still not known give 112 in Europe, 000 and 111 too.
"""

from __future__ import annotations

import re
import zoneinfo
from html import unescape

import pytest
from django.urls import reverse

from backcare.domain.content import ContentError, read_toml, references
from backcare.domain.instruments import instrument
from backcare.domain.phones import phone_book, phones_for, place_words, places
from tests.conftest import make_user
from tests.web.test_services_by_place import edit

pytestmark = pytest.mark.django_db

# time zone -> (country, emergency, crisis button or None, same-day line or None)
OWN = {
    "Australia/Sydney": ("Australia", "000", "Call Lifeline: 13 11 14", "1800 022 222"),
    "Australia/Perth": ("Australia", "000", "Call Lifeline: 13 11 14", "1800 022 222"),
    "America/Toronto": ("Canada", "911", "Call the Suicide Crisis Helpline: 988", "811"),
    "America/Vancouver": ("Canada", "911", "Call the Suicide Crisis Helpline: 988", "811"),
    "America/St_Johns": ("Canada", "911", "Call the Suicide Crisis Helpline: 988", "811"),
    "Pacific/Auckland": ("New Zealand", "111", "Call the Need to talk? line: 1737", "0800 611 116"),
    "Europe/Berlin": ("Europe", "112", None, None),
    "Europe/Paris": ("Europe", "112", None, None),
    "Europe/Madrid": ("Europe", "112", None, None),
}
# What a person in each place must never be offered.
NEVER = {
    "Australia": ("999", "NHS", "A&E", "Samaritans", "911", "988", "Call 112"),
    "Canada": ("999", "NHS", "A&E", "Samaritans", "000", "Call 112"),
    "New Zealand": ("999", "NHS", "A&E", "Samaritans", "911", "988", "Call 112"),
    "Europe": ("999", "NHS", "A&E", "Samaritans", "911", "988", "000"),
}


def person(time_zone: str):  # type: ignore[no-untyped-def]
    name = re.sub(r"\W", "", time_zone).lower()[:20]
    return make_user(name, display_name="Sam", year_of_birth=1985, time_zone=time_zone)


def words_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def crisis_section(client, time_zone: str) -> str:  # type: ignore[no-untyped-def]
    """The HTML of the PHQ-9 result's crisis section, for someone in ``time_zone``."""
    client.force_login(person(time_zone))
    answers = {item.id: "0" for item in instrument("phq9").scored_items}
    answers["thoughts_self_harm"] = "1"
    taken = client.post(reverse("questionnaires:take", args=["phq9"]), answers)
    html = client.get(taken["Location"]).content.decode()
    start = html.index('<section class="level-emergency crisis"')
    return html[start : html.index("</section>", start)]


def test_every_listed_time_zone_belongs_to_one_place_and_exists():
    raw = read_toml("red_flags.toml")["phones"]
    seen: dict[str, str] = {}
    for code, entry in raw.items():
        for zone in entry["time_zones"]:
            assert zone not in seen, f"{zone} is listed for {seen[zone]} and {code}"
            seen[zone] = code
    unknown = sorted(set(seen) - zoneinfo.available_timezones())
    assert not unknown, f"not IANA time zones: {unknown}"
    assert {"AU", "CA", "NZ", "EU"} <= set(raw)


def test_a_time_zone_listed_for_two_places_is_refused(content_copy):
    edit(
        content_copy / "red_flags.toml",
        'time_zones = ["Europe/Dublin"]',
        'time_zones = ["Europe/Dublin", "Europe/Berlin"]',
    )
    with pytest.raises(ContentError, match="Europe/Berlin is already listed for IE"):
        phone_book()


@pytest.mark.parametrize("time_zone", OWN)
def test_each_place_has_its_own_numbers_with_official_sources(time_zone):
    country, emergency, crisis, urgent = OWN[time_zone]
    phones = phones_for(time_zone, "", "112")
    assert (phones.country, phones.emergency) == (country, emergency)
    assert bool(phones.crisis) == bool(crisis)
    assert phones.urgent == (urgent or "")
    assert phones.emergency_tel == f"tel:{emergency}"
    known = references()
    ids = {"Australia": "AU", "Canada": "CA", "New Zealand": "NZ", "Europe": "EU"}
    cited = [known[ref] for ref in _references(ids[country])]
    assert cited
    assert all(ref.url.startswith("https://") for ref in cited)


def _references(code: str) -> list[str]:
    return list(read_toml("red_flags.toml")["phones"][code]["references"])


def test_the_words_for_a_place_not_known_give_every_number_with_112_in_europe():
    words = place_words()
    emergency = words["emergency_help"]
    for number in ("112 in Europe", "999 in the UK", "911 in North America", "000 in Australia"):
        assert number in emergency
    assert "111 in New Zealand" in emergency
    for number in ("116 123", "988", "13 11 14", "1737"):
        assert number in words["crisis_lines"]
    assert len(emergency) < 200  # short enough to read in a crisis
    unknown = phones_for("Asia/Kolkata", "", "112")
    assert (unknown.country, unknown.emergency) == ("", "112")


@pytest.mark.parametrize("time_zone", OWN)
def test_the_crisis_result_offers_the_persons_own_numbers(client, time_zone):
    country, emergency, crisis, _urgent = OWN[time_zone]
    section = crisis_section(client, time_zone)
    shown = words_of(section)
    assert f'href="tel:{emergency}">Call {emergency} now</a>' in section
    assert f"Numbers for {country}." in shown
    if crisis:
        assert crisis in shown
    else:  # no national crisis line sourced: no crisis button, the words say what to do
        assert "crisis-line" not in section
        assert "call a local crisis line" in shown
    for words in NEVER[country]:
        assert words not in shown, words


@pytest.mark.parametrize("time_zone", ["Australia/Sydney", "Europe/Berlin"])
def test_signed_in_the_warning_signs_page_calls_the_persons_own_number(client, time_zone):
    _country, emergency, _crisis, urgent = OWN[time_zone]
    client.force_login(person(time_zone))
    html = client.get("/warning-signs/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert f'href="tel:{emergency}">Call {emergency} now</a>' in main
    assert "call-elsewhere" not in main  # their own number alone
    if urgent:
        kept = f'<span class="unbroken">{urgent}</span>'  # never wraps on a narrow phone
        assert f'href="tel:{urgent.replace(" ", "")}">Call healthdirect ({kept})</a>' in main
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert f'In an emergency, call <a href="tel:{emergency}">{emergency}</a>.' in footer


def test_signed_out_the_warning_signs_page_carries_every_new_place_for_the_device(client):
    html = client.get("/warning-signs/").content.decode()
    listed = words_of(html.split('class="call-elsewhere">')[1].split("</p>")[0])
    for country, number in (("Canada", "911"), ("Australia", "000"), ("Europe", "112")):
        assert f"in {country} call {number}" in listed
    assert "in New Zealand call 111" in listed
    zones = dict(places())
    blocks = re.findall(r'<div data-zones="([^"]+)" hidden>(.*?)</div>', html, flags=re.S)
    sydney = [body for names, body in blocks if "Australia/Sydney" in names.split()]
    assert 'href="tel:000">Call 000 now</a>' in sydney[0]
    berlin = [body for names, body in blocks if "Europe/Berlin" in names.split()]
    assert 'href="tel:112">Call 112 now</a>' in berlin[0]
    assert any("Pacific/Auckland" in names.split() for names in zones)
