"""The JSON twins of the toolbox, insights and self-experiments carry each recommended option's
or tip's evidence as the pages show it: ``grade``, ``grade_label`` and ``references`` (each
``id``, ``citation``, ``url`` and ``doi``, null when the link has none), as ``/api/plan``
does; the fields that were there stay."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from backcare.diary.models import Experiment
from backcare.domain.content import references
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans.library import grade_word
from backcare.plans.models import Preferences
from backcare.plans.planning import safety_reasons
from backcare.progress.caching import per_person
from backcare.progress.insights import reasons_key
from tests.progress_data import heat_or_cat_cow, log, log_stress_then_pain, today_for

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
PREGNANCY_AVOIDS = "press-up-prone-extension"  # its content says pregnancy: avoid


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def assert_graded(found: dict, slug: str) -> None:  # type: ignore[type-arg]
    """``found`` carries the content item's grade and every source in full."""
    evidence = (exercises().get(slug) or interventions()[slug]).evidence
    assert (found["grade"], found["grade_label"]) == (evidence.grade, grade_word(evidence.grade))
    known = references()
    assert found["references"] == [
        {
            "id": ref,
            "citation": known[ref].citation,
            "url": known[ref].url,
            "doi": known[ref].doi or None,
        }
        for ref in evidence.references
    ]
    assert found["references"]


def test_each_pin_carries_its_evidence(ana_client, ana):
    pinned = ana_client.put("/api/toolbox/superficial-heat").json()
    ana_client.put("/api/toolbox/knee-rocking")
    body = ana_client.get("/api/toolbox").json()
    assert [p["slug"] for p in body] == ["superficial-heat", "knee-rocking"]
    assert {"slug", "name", "kind", "pinned_at", "url"} < set(body[0])
    for entry in (pinned[0], *body):
        assert_graded(entry, entry["slug"])


def test_a_doi_is_given_where_the_link_has_one_and_null_where_not(ana_client, ana):
    for slug in ("superficial-heat", "knee-rocking", "movement-breaks", "slow-exhale-breathing"):
        ana_client.put(f"/api/toolbox/{slug}")
    cited = [ref for pin in ana_client.get("/api/toolbox").json() for ref in pin["references"]]
    assert any(ref["doi"] for ref in cited)
    assert any(ref["doi"] is None for ref in cited)


def test_each_relief_card_carries_its_options_evidence(ana_client, ana):
    today = today_for(ana)
    for back in range(5):
        log(ana, today - timedelta(days=back), 4, ratings={"superficial-heat": 7, "cat-cow": 2})
    effects = ana_client.get("/api/insights").json()["effects"]
    assert {e["item"] for e in effects} == {"superficial-heat", "cat-cow"}
    for effect in effects:
        assert {"label", "n", "mean", "next_step", "for_you"} < set(effect)
        assert_graded(effect, effect["item"])


def test_an_option_held_back_for_the_person_carries_no_evidence(ana_client, ana):
    """The card then says only why it is not for them, as the page does."""
    Preferences.objects.create(user=ana, pregnant=True)
    today = today_for(ana)
    for back in range(5):
        log(ana, today - timedelta(days=back), 4, ratings={PREGNANCY_AVOIDS: 7})
    [effect] = ana_client.get("/api/insights").json()["effects"]
    assert effect["for_you"]["held_back"]
    assert (effect["grade"], effect["grade_label"], effect["references"]) == (None, None, [])


def test_an_option_guidelines_advise_against_keeps_its_grade(ana_client, ana):
    today = today_for(ana)
    for back in range(5):
        log(ana, today - timedelta(days=back), 4, ratings={"tens": 7})
    [effect] = ana_client.get("/api/insights").json()["effects"]
    assert effect["grade"] == "against"
    assert_graded(effect, "tens")


def test_a_tip_for_a_link_between_days_carries_its_evidence(ana_client, ana):
    log_stress_then_pain(ana)
    links = {link["id"]: link for link in ana_client.get("/api/insights").json()["links"]}
    stress = links.pop("stress_to_next_day_pain")
    assert "slow breathing" in stress["next_step"]
    assert_graded(stress, "slow-exhale-breathing")
    for untested in links.values():  # no tip, so no evidence
        assert (untested["next_step"], untested["grade"], untested["references"]) == ("", None, [])


def test_each_experiment_option_carries_its_evidence(ana_client, ana):
    heat_or_cat_cow(ana)
    [found] = ana_client.get("/api/experiments").json()
    assert (found["option_a"], found["option_b"]) == ("superficial-heat", "cat-cow")
    options = found["options"]
    assert [(o["option"], o["name"]) for o in options] == [
        ("superficial-heat", found["names"][0]),
        ("cat-cow", found["names"][1]),
    ]
    for option in options:
        assert_graded(option, option["option"])
    assert ana_client.get(f"/api/experiments/{found['id']}").json()["options"] == options


def test_an_option_the_content_no_longer_holds_has_no_grade(ana_client, ana):
    Experiment.objects.create(
        user=ana,
        option_a="superficial-heat",
        option_b="retired-stretch",
        start=today_for(ana),
        days=8,
        seed=7,
    )
    [found] = ana_client.get("/api/experiments").json()
    assert found["options"][1] == {
        "option": "retired-stretch",
        "name": found["names"][1],
        "grade": None,
        "grade_label": None,
        "references": [],
    }


def test_the_schema_documents_the_new_fields(client, db):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("PinOut", "EffectOut", "LinkOut", "ExperimentOptionOut"):
        fields = components[name]["properties"]
        assert {"grade", "grade_label", "references"} <= set(fields), name
        assert fields["references"]["items"]["$ref"].endswith("/ReferenceOut")
    assert "next_step" in components["LinkOut"]["properties"]
    assert "options" in components["ExperimentOut"]["properties"]


def test_insights_cached_in_the_older_shape_are_not_served(ana_client, ana):
    """A shared cache outlives a deploy: a body stored under the old name, without the
    evidence fields, must not be what the new code answers."""
    parts = (timezone.localdate(), reasons_key(safety_reasons(ana)), "")
    per_person(ana, "insights-json", *parts, build=lambda: b'{"effects": []}')
    body = ana_client.get("/api/insights").json()
    assert "links" in body
    assert all("grade" in link for link in body["links"])
