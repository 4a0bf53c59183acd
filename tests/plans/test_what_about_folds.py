"""On a phone the "What about…?" page scans in a few screens: its entries fold to their
name and grade; a search opens what it found."""

from __future__ import annotations

import re

from backcare.domain.interventions import interventions


def entries(html: str) -> dict[str, bool]:
    """slug -> whether its entry is open."""
    found = re.findall(r'data-slug="([^"]+)" id="[^"]+">\s*<details( open)?>', html)
    return {slug: bool(is_open) for slug, is_open in found}


def test_every_entry_is_folded_with_its_grade_in_view(client, db):
    html = client.get("/plan/what-about/").content.decode()
    shown = entries(html)
    assert set(shown) == {s for s, i in interventions().items() if not i.recommendable}
    assert not any(shown.values())
    assert re.search(r"<summary><h3>TENS machines</h3> <span class=\"grade grade-against\">", html)


def test_a_search_opens_what_it_found(client, db):
    html = client.get("/plan/what-about/", {"q": "tens"}).content.decode()
    shown = entries(html)
    assert shown["tens"]
    assert all(shown.values())
