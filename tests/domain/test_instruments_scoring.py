"""Scoring checked against the published rules of each questionnaire.

Expected values come from the source papers and forms (Spitzer 2006, Kroenke 2001/2009,
Keele STarT Back, Krebs 2009 + LOINC, Roland & Morris 1983, Sieper 2009, Rudwaleit 2006,
Calin 1977, Wolfe 2016, Ostelo 2008), written out here by hand rather than read back from
the content files, so that a wrong band, item or threshold in content makes a test fail.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcare.domain import content
from backcare.domain.instruments import (
    AnswerError,
    ChangeError,
    Score,
    UnknownInstrument,
    change,
    crisis_message,
    instrument,
    score,
)

GAD7 = ["nervous", "control_worrying", "worrying_too_much", "trouble_relaxing", "restless",
        "irritable", "afraid"]  # fmt: skip
PHQ9 = ["interest", "down", "sleep", "tired", "appetite", "feeling_bad", "concentrating",
        "moving", "thoughts_self_harm"]  # fmt: skip
STARTBACK = ["leg_pain", "shoulder_neck_pain", "walked_short_distances", "dressed_slowly",
             "not_safe_active", "worrying_thoughts", "pain_terrible", "not_enjoyed"]  # fmt: skip
PEG = ["pain_average", "enjoyment", "general_activity"]
NOT_AT_ALL, SLIGHTLY, MODERATELY, VERY_MUCH, EXTREMELY = range(5)


def spread(ids: list[str], total: int, most: int = 3) -> dict[str, int]:
    """Answers adding up to ``total``, filling items in order (so the last item fills last)."""
    answers = {}
    for item_id in ids:
        answers[item_id] = min(most, total)
        total -= answers[item_id]
    assert total == 0, "total too high for these items"
    return answers


def startback(agree: set[int], bothersome: int) -> dict[str, int]:
    """Items 1-8 by published number (1-based) answered Agree, the rest Disagree."""
    answers = {item_id: int(n in agree) for n, item_id in enumerate(STARTBACK, 1)}
    return {**answers, "bothersome": bothersome}


# --- GAD-7 (Spitzer 2006: 5 / 10 / 15 = mild / moderate / severe) --------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
     (14, "moderate"), (15, "severe"), (21, "severe")],
)  # fmt: skip
def test_gad7_bands_change_at_the_published_cut_offs(total: int, band: str) -> None:
    result = score("gad7", spread(GAD7, total))
    assert (result.total, result.band) == (total, band)
    assert result.values() == {"total": total, "band": band}
    assert result.loinc.panel == "69737-5"
    assert result.loinc.total == "70274-6"


def test_gad7_difficulty_question_is_asked_but_not_counted() -> None:
    with_difficulty = score("gad7", {**spread(GAD7, 6), "difficulty": 3})
    assert with_difficulty.total == 6
    assert "difficulty" in with_difficulty.answered


# --- PHQ-9 (Kroenke 2001: 5 / 10 / 15 / 20; item 9 is the safety item) ---------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "none_minimal"), (4, "none_minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
     (14, "moderate"), (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"),
     (24, "severe")],
)  # fmt: skip
def test_phq9_bands_change_at_the_published_cut_offs(total: int, band: str) -> None:
    result = score("phq9", spread(PHQ9, total))  # item 9 stays 0 up to a total of 24
    assert (result.total, result.band, result.flags) == (total, band, ())


def test_phq9_item_9_above_zero_raises_the_crisis_flag_even_with_a_total_of_1() -> None:
    answers = {**dict.fromkeys(PHQ9, 0), "thoughts_self_harm": 1}
    result = score("phq9", answers)
    assert result.total == 1
    assert result.band == "none_minimal"
    assert result.flags == ("crisis",)
    assert result.values()["crisis"] == 1
    assert result.interpretation.startswith("You said you have had thoughts")


@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_phq9_crisis_flag_is_kept_when_other_answers_are_missing(item_9: int) -> None:
    result = score("phq9", {"thoughts_self_harm": item_9, "down": 2})
    assert result.total is None
    assert result.band is None
    assert result.flags == ("crisis", "incomplete")
    assert "sleep" in result.missing


def test_phq9_without_crisis_refuses_to_prorate_missing_answers() -> None:
    answers = {**dict.fromkeys(PHQ9, 1), "thoughts_self_harm": 0}
    del answers["appetite"]
    with pytest.raises(AnswerError) as raised:
        score("phq9", answers)
    assert raised.value.item == "appetite"
    assert "1 of 10" not in raised.value.message  # the unscored difficulty item is not needed
    assert "1 of 9 questions missing" in raised.value.message


# --- PHQ-4 (Kroenke 2009: total bands 3/6/9; each subscale >= 3 is a positive screen) ------


@pytest.mark.parametrize(
    ("answers", "anxiety", "depression", "band", "flags"),
    [
        ({"nervous": 0, "control_worrying": 0, "interest": 0, "down": 0}, 0, 0, "none", ()),
        ({"nervous": 1, "control_worrying": 1, "interest": 0, "down": 0}, 2, 0, "none", ()),
        ({"nervous": 3, "control_worrying": 0, "interest": 1, "down": 1}, 3, 2, "mild",
         ("anxiety_screen_positive",)),
        ({"nervous": 0, "control_worrying": 1, "interest": 2, "down": 1}, 1, 3, "mild",
         ("depression_screen_positive",)),
        ({"nervous": 2, "control_worrying": 2, "interest": 2, "down": 0}, 4, 2, "moderate",
         ("anxiety_screen_positive",)),
        ({"nervous": 2, "control_worrying": 1, "interest": 2, "down": 3}, 3, 5, "moderate",
         ("anxiety_screen_positive", "depression_screen_positive")),
        ({"nervous": 3, "control_worrying": 3, "interest": 1, "down": 2}, 6, 3, "severe",
         ("anxiety_screen_positive", "depression_screen_positive")),
        ({"nervous": 3, "control_worrying": 3, "interest": 3, "down": 3}, 6, 6, "severe",
         ("anxiety_screen_positive", "depression_screen_positive")),
    ],
)  # fmt: skip
def test_phq4_subscales_bands_and_screens(
    answers: dict[str, int], anxiety: int, depression: int, band: str, flags: tuple[str, ...]
) -> None:
    result = score("phq4", answers)
    assert result.values() == {
        "total": anxiety + depression,
        "anxiety": anxiety,
        "depression": depression,
        "band": band,
        **dict.fromkeys(flags, 1),
    }
    assert result.loinc.total == "70272-0"


def test_phq4_is_scored_by_item_identity_not_position(content_copy: Path) -> None:
    path = content_copy / "instruments" / "phq4.toml"
    text = path.read_text(encoding="utf-8")
    head, *items = text.split("[[items]]")
    path.write_text(head + "".join(f"[[items]]{item}" for item in reversed(items)), "utf-8")
    assert instrument("phq4").items[0].id == "down"  # mood items first now
    result = score("phq4", {"nervous": 3, "control_worrying": 1, "interest": 0, "down": 1})
    assert (result.subscales["anxiety"], result.subscales["depression"]) == (4, 1)
    assert result.flags == ("anxiety_screen_positive",)


# --- STarT Back (Keele: total <= 3 low; total >= 4 and distress <= 3 medium; else high) ----


@pytest.mark.parametrize(
    ("agree", "bothersome", "total", "distress", "risk"),
    [
        (set(), NOT_AT_ALL, 0, 0, "low"),
        ({1, 2, 3}, MODERATELY, 3, 0, "low"),
        ({5, 6, 7}, NOT_AT_ALL, 3, 3, "low"),
        ({1, 2, 3, 4}, MODERATELY, 4, 0, "medium"),
        ({1, 2, 3, 4, 5, 6, 7}, SLIGHTLY, 7, 3, "medium"),
        ({1, 5, 6}, VERY_MUCH, 4, 3, "medium"),
        ({5, 6, 7}, EXTREMELY, 4, 4, "high"),
        ({5, 6, 7, 8}, VERY_MUCH, 5, 5, "high"),
        ({1, 2, 3, 4, 5, 6, 7, 8}, EXTREMELY, 9, 5, "high"),
    ],
)  # fmt: skip
def test_startback_total_distress_and_risk(
    agree: set[int], bothersome: int, total: int, distress: int, risk: str
) -> None:
    result = score("startback", startback(agree, bothersome))
    assert result.values() == {"total": total, "distress": distress, "risk": risk}
    assert result.loinc.panel == "91349-1"


@pytest.mark.parametrize(
    ("bothersome", "points"),
    [(NOT_AT_ALL, 0), (SLIGHTLY, 0), (MODERATELY, 0), (VERY_MUCH, 1), (EXTREMELY, 1)],
)
def test_startback_item_9_scores_only_for_very_much_or_extremely(
    bothersome: int, points: int
) -> None:
    result = score("startback", startback(set(), bothersome))
    assert (result.total, result.subscales["distress"]) == (points, points)


@given(
    agree=st.sets(st.integers(min_value=1, max_value=8)),
    bothersome=st.integers(min_value=0, max_value=4),
)
def test_startback_risk_always_follows_the_keele_algorithm(
    agree: set[int], bothersome: int
) -> None:
    item_9 = int(bothersome >= VERY_MUCH)
    total = len(agree) + item_9
    distress = len(agree & {5, 6, 7, 8}) + item_9
    expected = "low" if total <= 3 else "high" if distress >= 4 else "medium"
    assert score("startback", startback(agree, bothersome)).band == expected


# --- RMDQ (Roland & Morris 1983: number of statements ticked, 0-24) ------------------------


def test_rmdq_counts_ticks_and_unticked_statements_score_zero() -> None:
    items = [item.id for item in instrument("rmdq").items]
    assert len(items) == 24
    assert score("rmdq", {}).total == 0
    assert score("rmdq", dict.fromkeys(items, True)).total == 24
    mixed = score("rmdq", {"socks": True, "sleep_less": 1, "stay_in_bed": False, "handrail": 0})
    assert (mixed.total, mixed.missing) == (2, ())
    assert mixed.values() == {"total": 2}


# --- NRS and PEG ---------------------------------------------------------------------------


@pytest.mark.parametrize("pain", range(11))
def test_nrs_accepts_every_whole_number_from_0_to_10(pain: int) -> None:
    result = score("nrs", {"pain": pain})
    assert result.total == pain
    assert result.loinc.total == "72514-3"


@pytest.mark.parametrize(
    ("answers", "mean", "rounded"),
    [((6, 7, 4), 5.67, 6), ((1, 1, 2), 1.33, 1), ((2, 3, 3), 2.67, 3), ((0, 0, 0), 0.0, 0),
     ((10, 10, 10), 10.0, 10), ((5, 5, 6), 5.33, 5), ((4, 5, 6), 5.0, 5)],
)  # fmt: skip
def test_peg_is_the_mean_of_three_items_rounded_for_clinical_use(
    answers: tuple[int, int, int], mean: float, rounded: int
) -> None:
    result = score("peg", dict(zip(PEG, answers, strict=True)))
    assert (result.total, result.rounded_total) == (mean, rounded)
    assert result.band is None


@pytest.mark.parametrize("left_out", PEG)
def test_peg_needs_all_three_answers(left_out: str) -> None:
    answers = {item_id: 5 for item_id in PEG if item_id != left_out}
    with pytest.raises(AnswerError) as raised:
        score("peg", answers)
    assert raised.value.item == left_out


# --- Inflammatory back pain criteria -------------------------------------------------------

ASAS = ["onset_before_40", "gradual_onset", "better_with_exercise", "not_better_with_rest",
        "night_pain_better_on_rising"]  # fmt: skip
BERLIN = ["morning_stiffness_over_30_min", "better_with_exercise_not_rest",
          "wakes_second_half_of_night", "alternating_buttock_pain"]  # fmt: skip
CALIN = ["onset_before_40", "back_pain_over_3_months", "gradual_onset", "morning_stiffness",
         "better_with_exercise"]  # fmt: skip


def criteria(ids: list[str], yes: int, no: int) -> dict[str, bool]:
    """The first ``yes`` criteria answered yes, the next ``no`` answered no, the rest blank."""
    return {item_id: n < yes for n, item_id in enumerate(ids[: yes + no])}


@pytest.mark.parametrize(
    ("slug", "entry", "answers", "count", "met", "flags"),
    [
        ("asas_ibp", {"back_pain_over_3_months": 1}, criteria(ASAS, 5, 0), 5, True, ()),
        ("asas_ibp", {"back_pain_over_3_months": 1}, criteria(ASAS, 4, 1), 4, True, ()),
        ("asas_ibp", {"back_pain_over_3_months": 1}, criteria(ASAS, 4, 0), 4, True, ()),
        ("asas_ibp", {"back_pain_over_3_months": 1}, criteria(ASAS, 3, 2), 3, False, ()),
        ("asas_ibp", {"back_pain_over_3_months": 1}, criteria(ASAS, 1, 2), 1, False, ()),
        ("asas_ibp", {"back_pain_over_3_months": 1}, criteria(ASAS, 3, 0), 3, None,
         ("incomplete",)),
        ("asas_ibp", {"back_pain_over_3_months": 0}, criteria(ASAS, 5, 0), 5, None,
         ("not_applicable",)),
        ("asas_ibp", {}, criteria(ASAS, 5, 0), 5, None, ("incomplete",)),
        ("berlin_ibp", {"back_pain_over_3_months": 1, "under_50": 1}, criteria(BERLIN, 2, 2), 2,
         True, ()),
        ("berlin_ibp", {"back_pain_over_3_months": 1, "under_50": 1}, criteria(BERLIN, 1, 3), 1,
         False, ()),
        ("berlin_ibp", {"back_pain_over_3_months": 1, "under_50": 0}, criteria(BERLIN, 4, 0), 4,
         None, ("not_applicable",)),
        ("berlin_ibp", {"back_pain_over_3_months": 1, "under_50": 1}, criteria(BERLIN, 1, 1), 1,
         None, ("incomplete",)),
        ("calin_ibp", {}, criteria(CALIN, 4, 1), 4, True, ()),
        ("calin_ibp", {}, criteria(CALIN, 3, 2), 3, False, ()),
        ("calin_ibp", {}, criteria(CALIN, 3, 1), 3, None, ("incomplete",)),
        ("calin_ibp", {}, criteria(CALIN, 2, 2), 2, False, ()),
    ],
)  # fmt: skip
def test_ibp_criteria_counts(
    slug: str,
    entry: dict[str, int],
    answers: dict[str, bool],
    count: int,
    met: bool | None,
    flags: tuple[str, ...],
) -> None:
    result = score(slug, {**entry, **answers})
    if met is None:  # undecided or not applying: no total, which would read as a score
        assert (result.total, result.met, result.flags) == (None, None, flags)
        assert "met" not in result.values()
        assert "count" not in result.values()
    else:
        assert (result.total, result.met, result.flags) == (count, met, flags)
        assert result.values()["count"] == count
        assert result.values()["met"] == int(met)
        assert result.band == ("met" if met else "not_met")


def test_criteria_with_no_answers_at_all_are_refused() -> None:
    with pytest.raises(AnswerError, match="no answers given"):
        score("asas_ibp", {})


# --- ACR 2016 fibromyalgia criteria (Wolfe 2016) -------------------------------------------

FOUR_REGIONS_7 = ["shoulder_left", "upper_arm_left", "shoulder_right", "hip_left",
                  "upper_leg_left", "lower_back", "neck"]  # fmt: skip
FOUR_REGIONS_5 = ["shoulder_left", "shoulder_right", "hip_left", "hip_right", "lower_arm_left"]
THREE_REGIONS_7 = ["shoulder_left", "upper_arm_left", "lower_arm_left", "shoulder_right",
                   "upper_arm_right", "lower_arm_right", "neck"]  # fmt: skip
EXCLUDED_AREAS = ["jaw_left", "jaw_right", "chest", "abdomen", "shoulder_left", "shoulder_right",
                  "hip_left"]  # fmt: skip


def acr(
    painful: list[str], severity: tuple[int, int, int], somatic: int, months: bool
) -> dict[str, object]:
    """Painful areas ticked; fatigue/unrefreshed/cognitive severities; n somatic 'yes'."""
    symptoms = dict(
        zip(["fatigue", "waking_unrefreshed", "cognitive_symptoms"], severity, strict=True)
    )
    somatics = ["headaches", "lower_abdominal_pain", "depression"]
    return {
        **dict.fromkeys(painful, True),
        **symptoms,
        **{name: n < somatic for n, name in enumerate(somatics)},
        "symptoms_3_months": months,
    }


@pytest.mark.parametrize(
    ("answers", "wpi", "sss", "regions", "met"),
    [
        (acr(FOUR_REGIONS_7, (2, 2, 1), 0, True), 7, 5, 4, True),
        (acr(FOUR_REGIONS_7, (2, 1, 1), 0, True), 7, 4, 4, False),
        (acr(FOUR_REGIONS_5, (3, 3, 2), 1, True), 5, 9, 4, True),
        (acr(FOUR_REGIONS_5, (3, 3, 2), 0, True), 5, 8, 4, False),
        (acr(FOUR_REGIONS_5[:4], (3, 3, 3), 0, True), 4, 9, 4, True),
        (acr([*FOUR_REGIONS_5, "neck"], (3, 3, 3), 0, True), 6, 9, 5, True),
        (acr([*FOUR_REGIONS_5, "neck"], (3, 3, 2), 0, True), 6, 8, 5, False),
        (acr(FOUR_REGIONS_5[:3], (3, 3, 3), 3, True), 3, 12, 3, False),
        (acr(THREE_REGIONS_7, (3, 3, 3), 3, True), 7, 12, 3, False),
        (acr(EXCLUDED_AREAS, (3, 3, 3), 3, True), 7, 12, 3, False),
        (acr([*EXCLUDED_AREAS, "neck"], (3, 3, 3), 3, True), 8, 12, 4, True),
        (acr(FOUR_REGIONS_7, (3, 3, 3), 3, False), 7, 12, 4, False),
    ],
)  # fmt: skip
def test_acr2016_rules(
    answers: dict[str, object], wpi: int, sss: int, regions: int, met: bool
) -> None:
    result = score("acr2016_fm", answers)
    assert result.values() == {
        "psd": wpi + sss,
        "wpi": wpi,
        "sss": sss,
        "regions": regions,
        "band": "met" if met else "not_met",
        "met": int(met),
    }


def test_acr2016_needs_every_symptom_answer() -> None:
    answers = acr(FOUR_REGIONS_7, (2, 2, 2), 1, True)
    del answers["waking_unrefreshed"]
    with pytest.raises(AnswerError) as raised:
        score("acr2016_fm", answers)
    assert raised.value.item == "waking_unrefreshed"


# --- Bad input names the question ----------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "answers", "item", "words"),
    [
        ("gad7", {"nervus": 1}, "nervus", "not a question of gad7"),
        ("gad7", {**spread(GAD7, 3), "nervous": 4}, "nervous", "out of range"),
        ("gad7", {**spread(GAD7, 3), "nervous": -1}, "nervous", "out of range"),
        ("gad7", {**spread(GAD7, 3), "nervous": "2"}, "nervous", "whole number"),
        ("gad7", {**spread(GAD7, 3), "nervous": True}, "nervous", "expected one of 0"),
        ("nrs", {"pain": 11}, "pain", "a number from 0 to 10"),
        ("nrs", {"pain": 2.5}, "pain", "whole number"),
        ("peg", {"pain_average": 3, "enjoyment": 3, "general_activity": [3]}, "general_activity",
         "whole number"),
        ("rmdq", {"socks": 2}, "socks", "out of range"),
        ("startback", {**startback(set(), 0), "bothersome": 5}, "bothersome", "Extremely"),
        ("phq9", {}, "interest", "9 of 9 questions missing"),
    ],
)  # fmt: skip
def test_bad_answers_raise_an_error_naming_the_question(
    slug: str, answers: dict[str, object], item: str, words: str
) -> None:
    with pytest.raises(AnswerError) as raised:
        score(slug, answers)
    assert raised.value.item == item
    assert words in raised.value.message
    assert isinstance(raised.value, ValueError)


def test_unknown_instrument_is_a_clear_value_error() -> None:
    with pytest.raises(UnknownInstrument, match="unknown instrument 'odi'; known: acr2016_fm"):
        score("odi", {})
    assert issubclass(UnknownInstrument, ValueError)


# --- Change over time (Ostelo 2008 and instrument-specific thresholds) ---------------------


@pytest.mark.parametrize(
    ("slug", "before", "after", "direction", "meaningful"),
    [
        ("nrs", 6, 4, "better", True),  # 2 points
        ("nrs", 6, 5, "better", False),  # 1 point, 17%
        ("nrs", 3, 2, "better", True),  # 1 point but 33%
        ("nrs", 10, 8, "better", True),
        ("nrs", 2, 4, "worse", True),  # 2 points
        ("nrs", 2, 3, "worse", False),  # +50%, but the 30% rule is for improvement
        ("nrs", 0, 1, "worse", False),
        ("nrs", 5, 5, "same", False),
        ("rmdq", 12, 7, "better", True),  # 5 points
        ("rmdq", 10, 7, "better", True),  # 30%
        ("rmdq", 10, 8, "better", False),  # 20%
        ("rmdq", 4, 9, "worse", True),
        ("phq9", 15, 10, "better", True),  # 5 points (Löwe 2004)
        ("phq9", 6, 2, "better", False),  # no percentage rule for the PHQ-9
        ("gad7", 12, 8, "better", True),  # 4 points (Toussaint 2020)
        ("gad7", 12, 9, "better", False),
    ],
)
def test_meaningful_change(
    slug: str, before: int, after: int, direction: str, meaningful: bool
) -> None:
    first, second = total_score(slug, before), total_score(slug, after)
    result = change(slug, first, second)
    assert (result.delta, result.direction, result.meaningful) == (
        after - before,
        direction,
        meaningful,
    )


def total_score(slug: str, total: int) -> Score:
    ids = {"nrs": ["pain"], "phq9": PHQ9, "gad7": GAD7}.get(slug)
    if ids is None:  # RMDQ: tick the first statements
        items = [item.id for item in instrument(slug).items]
        return score(slug, dict.fromkeys(items[:total], True))
    return score(slug, spread(ids, total, 10 if slug == "nrs" else 3))


def test_peg_change_of_exactly_one_point_is_meaningful() -> None:
    before = score("peg", dict(zip(PEG, (6, 7, 4), strict=True)))  # 5.67
    after = score("peg", dict(zip(PEG, (5, 6, 3), strict=True)))  # 4.67
    smaller = score("peg", dict(zip(PEG, (6, 6, 3), strict=True)))  # 5.0
    assert change("peg", before, after).meaningful
    assert change("peg", before, after).delta == -1.0
    assert not change("peg", before, smaller).meaningful


def test_instruments_without_a_validated_threshold_never_call_change_meaningful() -> None:
    high = score("phq4", {"nervous": 3, "control_worrying": 3, "interest": 3, "down": 3})
    low = score("phq4", {"nervous": 0, "control_worrying": 0, "interest": 0, "down": 0})
    result = change("phq4", high, low)
    assert (result.direction, result.meaningful) == ("better", False)
    assert "No validated threshold" in result.rule


@given(st.integers(0, 10), st.integers(0, 10))
def test_nrs_change_property(before: int, after: int) -> None:
    result = change("nrs", score("nrs", {"pain": before}), score("nrs", {"pain": after}))
    improved_by = before - after
    expected = abs(improved_by) >= 2 or (improved_by > 0 and improved_by / before >= 0.3)
    assert result.meaningful == expected
    assert result.direction == (
        "same" if improved_by == 0 else "better" if improved_by > 0 else "worse"
    )


def test_change_refuses_mismatched_or_incomplete_scores() -> None:
    nrs = score("nrs", {"pain": 3})
    with pytest.raises(ChangeError, match="before: is a gad7 score"):
        change("nrs", score("gad7", spread(GAD7, 3)), nrs)
    partial = score("phq9", {"thoughts_self_harm": 1})
    with pytest.raises(ChangeError, match="after: has no total"):
        change("phq9", score("phq9", spread(PHQ9, 3)), partial)


# --- Crisis advice -------------------------------------------------------------------------


def test_crisis_message_gives_the_numbers_to_call_with_sources() -> None:
    message = crisis_message()
    assert all(number in message.text for number in ("999", "116 123", "988"))
    assert "emergency number" in message.text
    assert set(message.references) <= set(content.references())
    data = tomllib.loads((content.CONTENT_DIR / "crisis.toml").read_text("utf-8"))
    everyone = [row for row in data["contacts"] if "under_age" not in row]
    assert len(message.contacts) == len(everyone)  # no age known: no line for the young
    assert len(crisis_message(ages=(16, 17)).contacts) == len(data["contacts"])
