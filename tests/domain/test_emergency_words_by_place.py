"""The emergency level's own words name the person's number, and every number where the place
is not known.

The action once read "Call your local emergency number now (999 in the UK, 112 in Europe, 911
in North America) …" for everyone: someone in Sydney or Auckland read no 000 or 111, and
someone in New York read 999. It is now written with the place word ``{emergency_help}``
(content/red_flags.toml), filled from the person's country; outputs that cannot know the place
(the command line, the open triage API, FHIR) read the words for anywhere, which give all five
numbers. Numbers keep ordinary spaces in these plain outputs: only pages keep them on one line.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backcare.domain.content import ContentError
from backcare.domain.fhir import TriageAlert, triage_risk_assessment
from backcare.domain.findings import red_flag_ids, validate_findings
from backcare.domain.instruments.crisis import crisis_message
from backcare.domain.phones import NUMBER, Phones, for_place, phones_for
from backcare.domain.triage import rule_book, triage, triage_json
from tests.web.test_services_by_place import edit

EVERY_NUMBER = ("112 in Europe", "999 in the UK", "911 in North America", "000 in Australia",
                "111 in New Zealand")  # fmt: skip
# time zone -> (the action's opening, numbers it must not name)
OWN = {
    "Australia/Sydney": ("Call Triple Zero (000) or go to an emergency department now.", "999 911"),
    "Pacific/Auckland": ("Call 111 or go to an emergency department now.", "999 911 000"),
    "America/New_York": ("Call 911 or go to an emergency room now.", "999 112 000"),
    "America/Toronto": ("Call 911 or go to an emergency department now.", "999 112 000"),
    "Europe/London": ("Call 999 or go to A&E now.", "911 000"),
    "Europe/Dublin": ("Call 112 or 999, or go to an emergency department now.", "911 000"),
    "Europe/Berlin": ("Call 112 or go to an emergency department now.", "999 911 000"),
}
STILL = "Do not drive yourself, and do not wait to see whether it settles."


def emergency_findings() -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 40, "onset": "gradual",
            "bladder_change": "yes"}  # fmt: skip


def test_a_place_not_known_reads_every_number_000_and_111_among_them():
    action = rule_book().levels["emergency"].action
    assert action.startswith("Call your local emergency number (")
    for numbers in EVERY_NUMBER:
        assert numbers in action
    assert action.endswith("or go to an emergency department now. " + STILL)
    assert rule_book(phones_for("Asia/Kolkata", "", "112")).levels["emergency"].action == action


@pytest.mark.parametrize("time_zone", OWN)
def test_a_known_place_reads_its_own_number_and_no_other(time_zone):
    opening, never = OWN[time_zone]
    action = rule_book(phones_for(time_zone, "", "112")).levels["emergency"].action
    assert action == f"{opening} {STILL}"
    for number in never.split():
        assert number not in action
    result = triage(validate_findings(emergency_findings()), phones=phones_for(time_zone, "", ""))
    assert (result.level, result.action) == ("emergency", action)


def test_the_command_line_the_open_api_and_fhir_read_every_number_in_plain_text():
    shown = [
        triage_json(emergency_findings())["action"],  # `backcare triage --json`, POST /api/triage
        triage_risk_assessment(
            TriageAlert(
                "assessment-1",
                "assessment",
                datetime(2026, 3, 1, tzinfo=UTC),
                "emergency",
                ("New trouble peeing",),
            ),
            {"reference": "Patient/p"},
            "bc-1",
        )[1]["mitigation"],
    ]
    for text in shown:
        for numbers in EVERY_NUMBER:
            assert numbers in text
        assert "\u00a0" not in text  # ordinary spaces: no odd characters in plain outputs
        assert "<" not in text


def test_a_place_word_that_opens_a_sentence_takes_a_capital():
    sydney = phones_for("Australia/Sydney", "", "")
    assert for_place("{emergency_help} now.", sydney).startswith("Call Triple Zero (000)")
    assert for_place("Stop. {emergency_help}!", sydney).startswith("Stop. Call Triple")
    assert for_place("If so, {emergency_help} now.", sydney) == (
        "If so, call Triple Zero (000) or go to an emergency department now."
    )
    assert for_place("Words: {crisis_lines}.", Phones("", "")).startswith("Words: call a local")


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ('action = "{call_000} now. Do not drive', "unknown place word"),
        ('action = "{emergency_help now. Do not drive', "unmatched brace"),
    ],
)
def test_the_emergency_action_is_refused_with_an_unknown_place_word(content_copy, new, message):
    edit(content_copy / "red_flags.toml", 'action = "{emergency_help} now. Do not drive', new)
    with pytest.raises(ContentError, match=f"levels.emergency.*{message}"):
        rule_book()


def test_lifeline_is_said_to_be_free_only_from_a_mobile():
    """Lifeline (13 11 14) is free from a mobile and a local call from a landline; the crisis
    message no longer tells everyone every line is free."""
    sydney = crisis_message(phones_for("Australia/Sydney", "", ""))
    assert "call Lifeline on 13 11 14 (free from a mobile)" in sydney.text
    assert "free" not in sydney.text.replace("free from a mobile", "")
    lifeline = next(c for c in sydney.contacts if c.service == "Lifeline")
    assert "free from a mobile; a local call from a landline" in lifeline.how
    assert "crisis-lifeline-call-cost" in sydney.references
    for time_zone in ("America/New_York", "Europe/Berlin", "Asia/Kolkata"):
        assert "free" not in crisis_message(phones_for(time_zone, "", "")).text


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("call Lifeline on 13 11 14 (free from a mobile)", ["13 11 14"]),
        ("healthdirect on 1800 022 222 (a registered nurse)", ["1800 022 222"]),
        ("Healthline on 0800 611 116 (free, day or night)", ["0800 611 116"]),
        ("Samaritans on 116 123 or NHS 111 (option 2)", ["116 123"]),
        ("call or text 9-8-8 (the Suicide Crisis Helpline)", ["9-8-8"]),
        ("call 999, 112 or 000 now, or 111; 2 to 6 weeks", []),
        ("by the 4-6 week mark", ["4-6"]),  # a range kept on one line reads right too
    ],
)
def test_a_number_written_in_parts_is_found_and_nothing_else(text, numbers):
    assert [match.group(0) for match in NUMBER.finditer(text)] == numbers
