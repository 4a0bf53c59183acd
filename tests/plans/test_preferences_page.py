"""The preferences page on a phone: the 40 exercises one cannot do fold by kind, a kind with
a tick stays open, and a bad answer keeps every other answer on the page, saving nothing."""

from __future__ import annotations

import re

from backcare.plans.models import Preferences


def open_kinds(html: str) -> list[str]:
    return re.findall(r'<details class="cannot-do-kind" open>\s*<summary>(\w+)', html)


def test_the_exercises_fold_by_kind_until_one_is_ticked(client, ana):
    client.force_login(ana)
    html = client.get("/plan/preferences/").content.decode()
    assert html.count('<details class="cannot-do-kind"') == 5
    assert open_kinds(html) == []
    Preferences.objects.create(user=ana, cannot_do=["bridge"])
    html = client.get("/plan/preferences/").content.decode()
    assert open_kinds(html) == ["Strengthening"]
    assert "11, 1 ticked" in html


def test_a_bad_number_keeps_every_other_answer_and_saves_nothing(client, ana):
    client.force_login(ana)
    answers = {
        "minutes_per_day": "forty",
        "equipment": ["mat", "chair"],
        "conditions": ["heart_disease"],
        "goals": ["less_stress"],
        "cannot_do_kinds": ["walking"],
        "cannot_do_exercises": ["bridge", "cat-cow"],
        "sleep_position": "side",
    }
    html = client.post("/plan/preferences/", answers).content.decode()
    assert "Enter a whole number of minutes" in html
    for name, values in answers.items():
        for value in [values] if isinstance(values, str) else values:
            if name != "minutes_per_day":
                assert re.search(rf'name="{name}" value="{value}"[^>]*checked', html), value
    assert 'value="forty"' in html
    assert sorted(open_kinds(html)) == ["Mobility", "Strengthening"]
    assert not Preferences.objects.filter(user=ana).exists()
