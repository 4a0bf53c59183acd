"""Red-flag advice carries its sources: the warning-signs page and an emergency back-check
result list the references of the rules they show, folded away after the advice, so the
call comes first."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.domain.content import references
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import crisis_message
from backcare.domain.triage import rule_book

pytestmark = pytest.mark.django_db


def main_content(html: str) -> str:
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def sources(html: str) -> list[str]:
    """Each folded "Sources" list of the page, as its HTML."""
    parts = html.split('<details class="citations">')[1:]
    return [part.split("</details>", 1)[0] for part in parts]


def cited(ids: list[str] | tuple[str, ...]) -> list[str]:
    known = references()
    return [f'<a href="{escape(known[ref].url)}"' for ref in ids]


def warning_signs(client) -> str:  # type: ignore[no-untyped-def]
    return main_content(client.get("/warning-signs/").content.decode())


def level_section(html: str, level: str) -> str:
    return html.split(f'aria-labelledby="level-{level}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("level", ["emergency", "urgent", "soon"])
def test_each_level_of_warning_signs_lists_its_rules_sources(client, level):
    section = level_section(warning_signs(client), level)
    book = rule_book()
    wanted = {*book.levels[level].references}
    wanted |= {ref for rule in book.rules if rule.level == level for ref in rule.references}
    (listed,) = sources(section)
    for link in cited(sorted(wanted)):
        assert link in listed, link
    assert listed.count("<li>") == len(wanted)  # each once, nothing from other levels


def test_the_emergency_call_and_action_come_before_the_sources(client):
    section = level_section(warning_signs(client), "emergency")
    call = section.index('href="tel:')
    action = section.index(escape(rule_book().levels["emergency"].after_call))
    assert call < action < section.index('<details class="citations">')


def full(**answers):  # type: ignore[no-untyped-def]
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


def result(client, assessment) -> str:  # type: ignore[no-untyped-def]
    url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    return main_content(client.get(url).content.decode())


def test_an_emergency_result_lists_its_sources_after_the_advice(ana_client, ana):
    page = result(ana_client, assess(ana, full(bladder_change="yes")))
    (listed,) = sources(page)
    rule = next(r for r in rule_book().rules if r.id == "ces_bladder")
    for link in cited([*rule_book().levels["emergency"].references, *rule.references]):
        assert link in listed, link
    start = page.index('<details class="citations">')
    assert page.index('href="tel:') < page.index("Do not wait") < start
    assert page.index(escape(rule.advice)) < start


def test_only_the_emergency_reasons_are_cited_on_an_emergency_result(ana_client, ana):
    assessment = assess(ana, full(bladder_change="yes", fever="yes"))
    (listed,) = sources(result(ana_client, assessment))
    assert cited(["gcare-back-pain"])[0] not in listed  # only the fever rule (urgent) cites it
    shown = {ref for r in assessment.result["reasons"] if r["level"] == "emergency"
             for ref in r["references"]}  # fmt: skip
    shown |= set(rule_book().levels["emergency"].references)
    shown |= {"phones-europe-112"}  # the source of the number Ana in Lisbon is given: 112
    assert listed.count("<li>") == len(shown)


def test_a_crisis_result_cites_the_crisis_advice(ana_client, ana):
    ana.time_zone = "Asia/Kolkata"  # a place with no numbers of its own: every line's source
    ana.save()
    page = result(ana_client, assess(ana, full(self_harm_thoughts="yes")))
    (listed,) = sources(page)
    for link in cited(crisis_message().references):
        assert link in listed, link
    assert page.index('href="tel:') < page.index('<details class="citations">')
