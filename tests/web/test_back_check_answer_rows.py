"""On a phone the back check's Yes / No / Not sure answers sit side by side on one row: each
question is still a fieldset named by its legend, with one real radio input per answer, and
other answers line up two to a row, or one to a row when any of them is long."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from backcare.assessments.wizard import step_findings, steps
from backcare.domain.findings import finding_catalogue

HX = {"HTTP_HX_REQUEST": "true"}


def page(client, step_id: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("assessments:step", kwargs={"step": step_id}))
    assert response.status_code == 200
    return str(response.content.decode())


def fieldset(html: str, finding_id: str) -> str | None:
    """The question's fieldset, or None when it is not asked of this person."""
    found = re.search(rf'<fieldset [^>]*id="q-{finding_id}".*?</fieldset>', html, re.S)
    return found.group(0) if found else None


def group_classes(question: str) -> list[str]:
    """The classes of the one group that holds a question's answers."""
    groups = re.findall(r'<div class="(choices[^"]*)">', question)
    assert len(groups) == 1, groups
    return groups[0].split()


def radios(question: str) -> list[tuple[str, str, str]]:
    """(name, value, label) of each radio, its label found by the input's id."""
    found = []
    for attrs in re.findall(r'<input type="radio" ([^>]*)>', question):
        name = re.search(r'name="([^"]+)"', attrs).group(1)  # type: ignore[union-attr]
        value = re.search(r'value="([^"]+)"', attrs).group(1)  # type: ignore[union-attr]
        ident = re.search(r'id="([^"]+)"', attrs).group(1)  # type: ignore[union-attr]
        label = re.search(rf'<label for="{ident}">(.*?)</label>', question, re.S)
        found.append((name, value, unescape(label.group(1)) if label else ""))
    return found


@pytest.mark.parametrize("step", [s.id for s in steps()])
def test_every_yes_no_not_sure_question_is_one_row_of_real_radios(ana_client, step) -> None:
    html = page(ana_client, step)
    tristates = [f for f in step_findings(step) if f.type == "tristate"]
    for finding in tristates:
        question = fieldset(html, finding.id)
        if question is None:  # left out for this person (see wizard.not_asked)
            continue
        legend = re.search(r"<legend>(.*?)</legend>", question, re.S)
        assert legend is not None
        assert unescape(legend.group(1)).startswith(finding.question[:20])
        assert "answer-row" in group_classes(question)
        assert radios(question) == [
            (finding.id, "yes", "Yes"),
            (finding.id, "no", "No"),
            (finding.id, "not_sure", "Not sure"),
        ]


def test_a_yes_no_question_is_a_row_too(ana_client) -> None:
    desk = finding_catalogue()["desk_work"]
    question = fieldset(page(ana_client, desk.step), desk.id)
    assert question is not None
    assert "answer-row" in group_classes(question)
    assert [value for _, value, _ in radios(question)] == ["true", "false"]


def test_a_question_with_other_answers_is_not_a_yes_no_row(ana_client) -> None:
    html = page(ana_client, "days_and_sleep")
    for finding_id in ("sleep_quality", "sleep_position", "activity_level"):
        assert "answer-row" not in group_classes(fieldset(html, finding_id) or "")


def test_a_long_answer_puts_its_questions_answers_one_to_a_row(ana_client) -> None:
    html = page(ana_client, "start_and_history")
    # "Suddenly, while lifting, ...": the class once, however many answers are long.
    assert group_classes(fieldset(html, "onset") or "") == ["choices", "long-answers"]
    html = page(ana_client, "back_history")
    assert group_classes(fieldset(html, "problem_duration") or "") == ["choices"]  # all short


def test_a_step_swapped_in_by_htmx_has_the_rows_as_well(ana_client) -> None:
    response = ana_client.get(reverse("assessments:step", kwargs={"step": "rest_of_body"}), **HX)
    html = response.content.decode()
    assert html.count('class="choices answer-row"') == len(step_findings("rest_of_body"))
