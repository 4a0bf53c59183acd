"""What programme outcomes hide so that no figure, and no difference of two answers, is about
fewer than MIN_CELL people (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from backcare.domain.outcomes import (
    MemberSummary,
    estimate,
    median_interval,
    outcome_figures,
    pain_analysis,
    small_cells,
)

TODAY = date(2026, 12, 5)
JAN, FEB = date(2026, 1, 10), date(2026, 2, 10)


def member(enrolled_on=JAN, baseline=6.0, week12=None, last=None, **fields):  # type: ignore[no-untyped-def]
    return MemberSummary(
        enrolled_on=enrolled_on,
        baseline_pain=baseline,
        week12_pain=week12,
        last_pain=last,
        **fields,
    )


def completers(n: int, enrolled_on: date = JAN, baseline: float = 6.0) -> list[MemberSummary]:
    return [member(enrolled_on, baseline + i % 3, week12=3.0 + i % 2) for i in range(n)]


def missing(n: int, enrolled_on: date = JAN) -> list[MemberSummary]:
    return [member(enrolled_on) for _ in range(n)]


# --- cells: enrolment months, and what a filtered cohort leaves out -----------------------


def test_a_month_of_one_to_four_members_makes_the_cohort_unanswerable():
    assert small_cells(completers(5, JAN) + completers(1, FEB)) == [(date(2026, 2, 1), False)]
    assert small_cells(completers(5, JAN) + completers(5, FEB)) == []
    left_out = completers(3, FEB)
    assert small_cells(completers(5, JAN), left_out) == [(date(2026, 2, 1), True)]


def test_a_figure_is_hidden_when_one_month_would_show_it_about_few_people():
    """January alone shows its 5 completers; January-February has a sixth, the only
    February completer: shown, the two answers' difference would be that person's pain."""
    january = completers(5, JAN)
    february = completers(1, FEB, baseline=9.0) + missing(4, FEB)
    alone = outcome_figures(january, TODAY)
    both = outcome_figures(january + february, TODAY)
    assert alone.completers.change.mean is not None
    assert both.enrolled == 10
    assert both.completers.denominator is None
    assert both.completers.baseline.suppressed
    assert both.completers.change.suppressed


def test_a_figure_is_hidden_when_what_a_filtered_cohort_leaves_out_would_be_small():
    """All members minus one clinician's would show 2 left out with no back check."""
    linked = completers(6) + [member(JAN, week12=3.0, triage="self_care") for _ in range(5)]
    others = completers(2) + [member(JAN, week12=3.0, triage="urgent") for _ in range(3)]
    figures = outcome_figures(linked, TODAY, others)
    assert figures.enrolled == 11
    assert figures.triage["none"] is None  # 6 linked, but 2 of those left out
    assert figures.triage["self_care"] is None  # or none = 11 - 5
    assert figures.triage["urgent"] == 0  # no linked member is urgent: nothing to subtract
    assert figures.completers.change.mean is not None  # 11 and 5 completers: both shown


def test_a_level_hidden_for_a_left_out_cell_hides_the_whole_table_when_it_is_the_only_one():
    """Every linked member has no back check: showing the zeros would give none = 10."""
    linked = completers(10)
    others = completers(2) + [member(JAN, week12=3.0, triage="self_care") for _ in range(5)]
    assert set(outcome_figures(linked, TODAY, others).triage.values()) == {None}


# --- complementary suppression -------------------------------------------------------------


def test_hidden_carried_forward_and_missing_cannot_be_worked_out_from_n_and_the_denominator():
    """11 eligible: 6 observed, 3 carried forward, 2 missing. With n = 9 beside them,
    9 - 6 = 3 and 11 - 9 = 2 would give both hidden counts away."""
    people = completers(6) + [member(last=4.0) for _ in range(3)] + missing(2)
    itt = pain_analysis(people, "itt")
    assert (itt.denominator, itt.observed, itt.carried, itt.missing) == (11, 6, None, None)
    assert (itt.baseline.n, itt.at_12_weeks.n, itt.change.n) == (None, None, None)


def test_one_hidden_count_hides_carried_forward_and_missing_and_the_n_of_the_means():
    """5 carried forward and 2 missing: 5 is shown on its own, but with it 13 - 6 - 5 = 2."""
    people = completers(6) + [member(last=4.0) for _ in range(5)] + missing(2)
    itt = pain_analysis(people, "itt")
    assert (itt.denominator, itt.observed, itt.carried, itt.missing) == (13, 6, None, None)
    assert itt.change.n is None
    assert itt.change.mean is not None  # the mean over 11 people is not a count


def test_the_itt_means_are_hidden_when_they_add_one_to_four_people_to_the_completers():
    """ITT means minus the completers' would be the 3 carried-forward members' values."""
    people = completers(6) + [member(baseline=9.0, last=8.0) for _ in range(3)] + missing(5)
    itt, done = pain_analysis(people, "itt"), pain_analysis(people, "completers")
    assert done.change.mean is not None
    assert itt.baseline.suppressed
    assert itt.change.suppressed
    assert all(s.count is None for s in itt.improved.values())


def test_questionnaire_pairs_and_members_without_one_hide_each_other():
    """7 eligible, 5 with a pair: 2 without would follow from n = 5."""
    people = [member(questionnaires={"peg": (6.0, 4.0)}) for _ in range(5)] + missing(2)
    (peg,) = outcome_figures(people, TODAY).questionnaires
    assert peg.without_pair is None
    assert peg.change.n is None
    assert peg.change.mean == -2.0


# --- the median's interval, rounding ---------------------------------------------------------


@pytest.mark.parametrize("n", [6, 7, 8])
def test_the_median_interval_is_not_published_when_its_ends_are_single_values(n):
    values = [float(v) for v in range(1, n + 1)]
    assert median_interval(values) == (1.0, float(n))  # the lowest and the highest value
    e = estimate(values)
    assert e.median is not None
    assert (e.median_low, e.median_high) == (None, None)


def test_the_median_interval_is_published_from_nine_people():
    e = estimate([float(v) for v in range(1, 10)])
    assert (e.median_low, e.median_high) == (2.0, 8.0)  # rank 1: not the extremes


def test_published_figures_are_rounded_to_one_decimal():
    people = [member(baseline=b, week12=2.0) for b in (3.0, 4.0, 5.0, 6.0, 4.0, 9.0)]
    change = outcome_figures(people, TODAY).completers
    assert change.baseline.mean == 5.2  # 31 / 6 = 5.1666...
    assert change.baseline.mean_low == round(change.baseline.mean_low, 1)
