"""The weekly update's sentences live with the plan's other words (plan_text, reviewed in
one place), not in the engine that decides when each is said."""

from backcare.domain import plan_text, progression


def test_the_engine_holds_no_sentence_of_its_own():
    sentences = [
        name
        for name, value in vars(progression).items()
        if name.isupper() and isinstance(value, str) and " " in value
    ]
    assert sentences == []


def test_what_hurt_today_is_said_in_plan_text():
    assert "you said it hurt today" in plan_text.HELD_TODAY
    assert "{minutes} minutes this week" in plan_text.WALK_HELD_TODAY
