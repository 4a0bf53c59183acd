"""The plan's own line on thoughts of self-harm ("When to stop and get help") names the line
for young people that every crisis box lists to the person, in the same words and with its
source, for their place; without such a line (an adult, an age not known, the US) it says only
what it says to everyone."""

from __future__ import annotations

import pytest

from backcare.domain.instruments import crisis_message
from backcare.domain.phones import phone_book
from backcare.domain.plans import stop_rules_for

HARM = "If you have thoughts of harming yourself"


def crisis_rule(code: str, ages: tuple[int, ...]):  # type: ignore[no-untyped-def]
    phones = phone_book()[0][code]
    rules = stop_rules_for((), phones, youth=crisis_message(phones, ages).youth)
    return next(rule for rule in rules if rule.text.startswith(HARM))


def test_a_16_year_old_in_ireland_is_told_childline_in_the_words_of_every_page():
    rule = crisis_rule("IE", (16, 17))
    assert rule.text == (
        "If you have thoughts of harming yourself, call 112 or 999 now, or call Samaritans on "
        "116 123. Childline (ISPCC) (Ireland, for under-18s): Call 1800 66 66 66, free, day "
        "or night, or text 50101."
    )
    (line,) = crisis_message(phone_book()[0]["IE"], (16, 17)).youth
    assert f"{line.service} ({line.region}): {line.how}" in rule.text  # as _youth_lines.html
    assert rule.level == "emergency"
    # Ireland's lines' own sources, never the NHS page (test_sources_follow_the_place.py)
    assert rule.references == ("crisis-childline-ireland", "crisis-samaritans")


@pytest.mark.parametrize(
    ("code", "service", "age"),
    [
        ("GB", "Childline (UK, for under-19s)", 18),
        ("AU", "Kids Helpline (Australia, for young people)", 19),
        ("NZ", "Youthline (New Zealand, for young people)", 19),
        ("CA", "Kids Help Phone (Canada, for young people)", 19),
    ],
)
def test_each_place_names_its_own_line_up_to_the_age_it_serves(code, service, age):
    assert service in crisis_rule(code, (age,)).text
    assert service not in crisis_rule(code, (age + 1,)).text


@pytest.mark.parametrize(
    ("code", "ages"), [("IE", (18, 19)), ("IE", ()), ("US", (16,)), ("GB", (35, 36))]
)
def test_no_line_for_the_young_past_its_age_unknown_or_where_there_is_none(code, ages):
    rule = crisis_rule(code, ages)
    assert rule.text.endswith(".")
    assert "Childline" not in rule.text
    assert "for young people" not in rule.text
    assert "under-1" not in rule.text
    assert rule.references == phone_book()[0][code].references  # the place's own sources


def test_every_other_line_stays_as_everyone_reads_it():
    phones = phone_book()[0]["IE"]
    young = stop_rules_for((), phones, youth=crisis_message(phones, (16,)).youth)
    adult = stop_rules_for((), phones)
    assert [r for r in young if not r.text.startswith(HARM)] == [
        r for r in adult if not r.text.startswith(HARM)
    ]
    assert len(young) == len(adult)
