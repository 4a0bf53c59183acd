"""One instruction per result, in a consistent order that never softens.

A person 30 weeks pregnant who reported bleeding at a check-in read "Emergency: call 911
now", then "call your maternity unit or midwife straight away; if you cannot reach them ...
call 911", then a second reason telling her to see a clinician today "even if you did not
think you were pregnant". A woman of 71 with osteoporosis and years of steroids, whose
mid-back pain began suddenly, read "Pain worse when coughing, sneezing or straining" as the
main reason of her result, and the fracture risk third. The emergency advice now says what
the heading says first; a rule that says all another says (``covers``) is listed alone; and
within a level the more specific rule (``priority``) comes first.
"""

from __future__ import annotations

import pytest

from backcare.assessments.presenting import top_reason
from backcare.domain.content import ContentError
from backcare.domain.context import ClinicalContext
from backcare.domain.findings import Findings, red_flag_ids
from backcare.domain.own_signs import own_signs
from backcare.domain.personal_warnings import personal_warnings
from backcare.domain.phones import phones_for, place_words
from backcare.domain.plans import stop_rules_for
from backcare.domain.triage import in_order, rule_book, triage, triage_checkin

CANADA = phones_for("America/Toronto", "", "112")
PREGNANT = ClinicalContext(age=27, sex="female", pregnant="yes")
EVERY_NUMBER = "112 in Europe, 999 in the UK and Ireland"


def intake(**answers: object) -> Findings:
    return Findings(
        {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}
    )


def _instruction_order(advice: str, emergency_help: str) -> None:
    """The emergency call comes before the maternity unit, and nothing says to try the
    maternity unit before calling."""
    said = advice.lower()
    assert emergency_help.lower() in said
    assert said.index(emergency_help.lower()) < said.index("maternity unit")
    assert "if you cannot reach them" not in advice


def test_pregnancy_warning_signs_at_a_check_in_say_one_thing_the_heading_says_first() -> None:
    result = triage_checkin(Findings({"pregnancy_warning_signs": "yes"}), PREGNANT, CANADA)
    assert result.level == "emergency"
    assert [r.rule_id for r in result.reasons] == ["pregnancy_warning_signs"]
    [reason] = result.reasons
    _instruction_order(reason.advice, "Call 911 or go to an emergency department now")
    assert "did not think you were pregnant" not in reason.advice
    assert EVERY_NUMBER not in reason.advice


def test_the_back_check_lists_the_pregnancy_emergency_once_too() -> None:
    result = triage(intake(pregnant="yes", pregnancy_warning_signs="yes"), phones=CANADA)
    assert result.level == "emergency"
    pregnancy = [r.rule_id for r in result.reasons if "pregnancy" in r.rule_id]
    assert pregnancy == ["pregnancy_warning_signs"]
    text = " ".join(r.advice for r in result.reasons)
    assert "did not think you were pregnant" not in text


@pytest.mark.parametrize("pregnant", ["no", "not_sure"])
def test_where_pregnancy_is_not_known_the_signs_still_need_a_clinician_today(pregnant) -> None:
    result = triage(intake(pregnant=pregnant, pregnancy_warning_signs="yes"))
    kept = {r.rule_id: r for r in result.reasons}
    assert kept["pregnancy_warning_signs_any"].level == "urgent"
    assert result.level == "urgent"


def test_a_pregnancy_warning_sign_answered_not_sure_is_still_said() -> None:
    result = triage(intake(pregnant="yes", pregnancy_warning_signs="not_sure"))
    assert result.level == "urgent"
    assert "pregnancy_warning_signs" in [r.rule_id for r in result.reasons]


SIOBHAN = intake(
    age=71,
    onset="sudden_movement",
    osteoporosis="yes",
    long_term_steroids="yes",
    thoracic_pain="yes",
    worse_cough_sneeze_strain="yes",
)


def test_the_fracture_risk_is_the_main_reason_of_sudden_pain_with_fragile_bones() -> None:
    result = triage(SIOBHAN)
    assert result.level == "urgent"
    urgent = [r.rule_id for r in result.reasons if r.level == "urgent"]
    assert urgent[0] == "fracture_risk"
    assert urgent.index("thoracic_pain_with_risk") < urgent.index("worse_cough_sneeze_strain")
    assert top_reason(result.to_dict()) == "Sudden pain with a raised risk of fracture"


def test_a_result_stored_in_the_old_order_reads_in_the_new_one() -> None:
    stored = triage(SIOBHAN).to_dict()["reasons"]
    assert isinstance(stored, list)
    old = sorted(stored, key=lambda r: [x.id for x in rule_book().rules].index(r["rule_id"]))
    assert old[0]["rule_id"] == "worse_cough_sneeze_strain"  # as it was listed before
    assert in_order(old)[0]["rule_id"] == "fracture_risk"
    assert top_reason({"reasons": old}) == "Sudden pain with a raised risk of fracture"
    assert own_signs(old)[0].title == "Sudden pain with a raised risk of fracture"


def test_priority_never_changes_a_level_and_not_sure_comes_after_sure() -> None:
    result = triage(Findings({**SIOBHAN, "bladder_change": "not_sure"}))
    levels = [r.level for r in result.reasons]
    assert levels == sorted(levels, key=["emergency", "urgent", "soon", "self_care"].index)
    urgent = [r for r in result.reasons if r.level == "urgent"]
    assert urgent[0].rule_id == "fracture_risk"
    assert [r.not_sure for r in urgent] == sorted(r.not_sure for r in urgent)


def test_a_pregnant_persons_stop_rules_name_only_the_services_of_their_place() -> None:
    rules = stop_rules_for(personal_warnings(PREGNANT), CANADA)
    pregnancy = next(r.text for r in rules if "In pregnancy" in r.text)
    _instruction_order(pregnancy, "call 911 or go to an emergency department now")
    assert EVERY_NUMBER not in pregnancy
    anywhere = next(
        r.text for r in stop_rules_for(personal_warnings(PREGNANT)) if "In pregnancy" in r.text
    )
    every = place_words()["emergency_help"]  # every number where the place is unknown
    assert every[:1].upper() + every[1:] in anywhere


COUGH = (
    '[rules.worse_cough_sneeze_strain]\ntitle = "Pain worse when coughing, sneezing or straining"\n'
)
ANY = (
    "[rules.pregnancy_warning_signs_any]\n"
    + 'title = "Bleeding, cramping or other pregnancy warning signs"\n'
)


def edit(path, old, new):  # type: ignore[no-untyped-def]
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            COUGH,
            COUGH + "priority = 2\n",
            "two findings or more",
        ),
        ("priority = 2\n", "priority = 5\n", "priority must be one of"),
        ("priority = 2\n", 'priority = "high"\n', "priority must be one of"),
        (
            'covers = ["pregnancy_warning_signs_any"]',
            'covers = ["no_such_rule"]',
            "is not another rule",
        ),
        ('covers = ["pregnancy_warning_signs_any"]', 'covers = ["chest_pain"]', "another pathway"),
        (
            'covers = ["pregnancy_warning_signs_any"]',
            'covers = ["pregnancy_infection_signs"]',
            "reads findings this rule does not",
        ),
    ],
)
def test_a_broken_priority_or_cover_is_refused(content_copy, old, new, message) -> None:
    edit(content_copy / "red_flags.toml", old, new)
    with pytest.raises(ContentError, match=message):
        rule_book()


def test_a_rule_cannot_cover_a_more_urgent_one(content_copy) -> None:
    path = content_copy / "red_flags.toml"
    edit(path, 'covers = ["pregnancy_warning_signs_any"]\n', "")
    edit(
        path,
        ANY,
        ANY + 'covers = ["pregnancy_warning_signs"]\n',
    )
    with pytest.raises(ContentError, match="more urgent than this rule"):
        rule_book()
