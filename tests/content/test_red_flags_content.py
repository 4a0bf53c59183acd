"""Red-flag content (content/red_flags.toml, findings.toml, factors.toml, course.toml).

The shipped files must load and cover the guideline red flags; broken copies of them must
be refused with an error naming the file and the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare.domain import content, course, factors, findings, triage
from backcare.domain.content import ContentError

CONTENT = Path(content.CONTENT_DIR)


# --- the shipped content ------------------------------------------------------------------


def test_the_shipped_content_loads_with_metadata():
    for meta in (
        findings.finding_schema().meta,
        triage.rule_book().meta,
        factors.factor_book().meta,
        course.course_book().meta,
    ):
        assert meta.slug
        assert meta.version
        assert meta.licence
        assert meta.reviewed
        assert meta.references


def test_every_red_flag_question_is_used_by_at_least_one_rule():
    used = {fid for rule in triage.rules() for fid in rule.finding_ids}
    assert set(findings.red_flag_ids()) <= used


def test_hard_flags_are_emergencies_and_escalate_when_not_sure():
    for rule in triage.rules():
        if rule.hard:
            assert rule.level == "emergency"
            assert rule.not_sure_level in ("emergency", "urgent")


@pytest.mark.parametrize(
    ("finding_id", "level"),
    [
        # NHS back-pain page (clinical-reference §1.2) and §1.3, each sign alone
        ("both_legs", "emergency"),
        ("saddle_numbness", "emergency"),
        ("bladder_change", "emergency"),
        ("bowel_change", "emergency"),
        ("chest_pain", "emergency"),
        ("major_trauma", "emergency"),
        ("sexual_dysfunction", "emergency"),
        ("collapse", "emergency"),
        ("tearing_pain", "emergency"),
        ("weakness_getting_worse", "emergency"),
        ("self_harm_thoughts", "emergency"),
        ("fever", "urgent"),
        ("weight_loss", "urgent"),
        ("lump_or_shape_change", "urgent"),
        ("worse_cough_sneeze_strain", "urgent"),
        ("thoracic_pain", "soon"),
        ("cannot_stand_or_walk", "urgent"),
        ("iv_drug_use", "urgent"),
        ("pregnancy_warning_signs", "urgent"),
        ("cancer_history", "urgent"),
        ("leg_weakness", "urgent"),
        ("urinary_symptoms", "urgent"),
        ("pain_not_eased_by_rest", "soon"),
        ("stops_daily_activities", "soon"),
        ("struggling_to_cope", "soon"),
        ("keeps_returning_despite_rest", "soon"),
    ],
)
def test_each_guideline_sign_alone_maps_to_its_level(finding_id, level):
    answers = {
        **dict.fromkeys(findings.red_flag_ids(), "no"),
        "age": 35,
        "onset": "gradual",
        finding_id: "yes",
    }
    result = triage.triage(findings.validate_findings(answers, require_red_flags=True))
    assert result.level == level


@pytest.mark.parametrize("rule", triage.rules(), ids=lambda r: r.id)
def test_advice_says_when_to_act(rule):
    words = {
        "emergency": ("now",),
        "urgent": ("today",),
        "soon": ("next few days", "doctor", "clinician"),
    }[rule.level]
    assert any(word in rule.advice for word in words), rule.advice
    assert rule.references


def test_every_level_has_an_action_and_self_care_has_safety_netting():
    book = triage.rule_book()
    assert set(book.levels) == set(triage.LEVELS)
    assert all(info.action for info in book.levels.values())
    assert "emergency" in book.safety_net


# --- broken copies are refused ------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text not found: {old}"
    path.write_text(text.replace(old, new, 1))


RULE = 'when = { finding = "bladder_change", is = "yes" }'


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (RULE, 'when = { finding = "bladder_changes", is = "yes" }', "unknown finding id"),
        (RULE, 'when = { finding = "bladder_change", is = "no" }', "may only be tested"),
        (RULE, 'when = { finding = "bladder_change", is = "maybe" }', "has no option"),
        (RULE, 'when = { finding = "bladder_change", gte = 1 }', "only applies to int"),
        (RULE, 'when = { finding = "age", is = "yes" }', "needs gte/gt/lte/lt"),
        (RULE, 'when = { score = "gad7.total", gte = 10 }', "not allowed here"),
        (RULE, "when = { all = [] }", "non-empty list"),
        (
            RULE,
            'when = { finding = "bladder_change", is = "yes", missing = "maybe" }',
            "missing may only be",
        ),
        (
            RULE,
            'when = { finding = "bladder_change", is = "yes", missing = "yes" }',
            "not allowed on 'bladder_change'",
        ),
        (
            RULE,
            'when = { finding = "onset", is = "gradual", missing = "yes" }',
            "not allowed on 'onset'",
        ),
        (
            RULE,
            'when = { finding = "bladder_change", is = "yes", missing = "no" }',
            "not allowed on 'bladder_change'",
        ),
        (
            RULE,
            'when = { finding = "onset", is = "gradual", missing = "no" }',
            "not allowed on 'onset'",
        ),
        ('level = "emergency"\nhard = true', 'level = "urgent"\nhard = true', "hard flags"),
        ('level = "emergency"\nhard = true', 'level = "critical"\nhard = true', "level must be"),
        (
            'hard = true\npathway = "emergency"',
            'hard = true\nnot_sure_level = "soon"\npathway = "emergency"',
            "must stay urgent",
        ),
        ('pathway = "emergency"', 'pathway = "hospital"', "pathway must be"),
        ('"girft-ces-2023", "cornwall', '"no-such-ref", "cornwall', "unknown reference"),
        ("[rules.ces_bowel]", "[rules.ces_bladder]", "not valid TOML"),
    ],
)
def test_a_broken_rule_file_is_refused(content_copy, old, new, message):
    edit(content_copy / "red_flags.toml", old, new)
    with pytest.raises(ContentError, match=message):
        triage.rule_book()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('[findings.fever]\ntype = "tristate"', '[findings.fever]\ntype = "int"', "tristate"),
        ('step = "where_and_feel"', 'step = "somewhere"', "not listed in \\[steps\\]"),
        ('type = "multi"', 'type = "list"', "type must be one of"),
        ("min = 0\nmax = 10", "min = 10\nmax = 0", "min must be below max"),
        (
            'checkin_if = "pregnant"\n\n',
            'checkin_if = "age"\n\n',
            "yes/no",
        ),
        (
            'checkin_if = "pregnant"\n\n',
            'checkin_if = "x"\n\n',
            "yes/no",
        ),
        (
            'checkin_if = "pregnant"\n\n',
            'checkin_if = "pregnant"\ncheckin = true\n\n',
            "means nothing",
        ),
    ],
)
def test_a_broken_findings_file_is_refused(content_copy, old, new, message):
    edit(content_copy / "findings.toml", old, new)
    with pytest.raises(ContentError, match=message):
        findings.finding_schema()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"stress-and-muscle-tension"', '"stress-101"', "unknown education slug"),
        ("[factors.sedentary]", "[factors.sitting]", "factors must be exactly"),
        ('{ score = "gad7.total", gte', '{ score = "gad7", gte', "instrument.field"),
    ],
)
def test_a_broken_factors_file_is_refused(content_copy, old, new, message):
    edit(content_copy / "factors.toml", old, new)
    with pytest.raises(ContentError, match=message):
        factors.factor_book()


def test_a_course_file_without_a_stage_is_refused(content_copy):
    edit(content_copy / "course.toml", "[stages.subacute]", "[stages.medium]")
    with pytest.raises(ContentError, match="stages"):
        course.course_book()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('levels = ["self_care", "soon", "urgent"]', 'levels = ["soon", "today"]', "unknown level"),
        ('levels = ["self_care", "soon", "urgent"]', "levels = []", "at least one"),
        ('levels = ["self_care", "soon", "urgent"]\n', "", "levels"),
    ],
)
def test_a_safety_net_sentence_must_say_under_which_results_it_is_said(
    content_copy, old, new, message
):
    edit(content_copy / "course.toml", old, new)
    with pytest.raises(ContentError, match=message):
        course.course_book()
