"""Give back the week to plans that a logged flare reset to week 1.

Before a flare kept the plan's week, logging one rebuilt the plan as a new week-1 plan ("... It
starts again at an easy level and builds up week by week."), and so did its end. Plan versions
are deleted only with the account, so the version just before such a reset, for the same back
check, holds the week and the exercise levels the person had reached. Two clean cases are
repaired, each only while the person's latest version is the one the reset left:

(a) the latest version is the reset itself (week 1, built around the flare): the flare is
    still running, or it ended since and no page has read the plan yet (which then gives back
    the levels reached, in the week repaired here). The reset takes the week, and the day
    that week began, from the version before, and the sentence a flare's start says now;
(b) the flare is over (or was undone, or ran too long) and the latest version is the week-1
    rebuild at its end, right after the reset, with nothing progressed since: it becomes the
    plan from before the flare (its week, its routine at the levels reached, its walking),
    with the day that week began, and the sentence a flare's end says now.

Every other case is left as it is (docs/clinical-content.md says which). A version is repaired
only while it holds the old sentence, which the repair replaces: running it again changes
nothing. The sentences are written out here, as they were and as they are, so that later
wording changes do not change what this migration matches or writes.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

EASY_START = " It starts again at an easy level and builds up week by week."
STARTED = (
    "You logged a flare that is still running, so the plan was rebuilt around it until you "
    "mark the flare as over."
)
ENDED = (
    "You marked your flare as over, so the plan was rebuilt without it.",
    "The flare you logged was undone, so the plan was rebuilt without it.",
)
TOO_LONG = ("Your logged flare has run for more than ", "to keep the plan gentle until then.")
KEEPS_WEEK = (
    " It stays at week {week}; once the flare is over, your exercises come back at the levels "
    "you had reached."
)
GIVES_BACK = (
    " It picks up where you were before the flare: week {week}, with your exercises at the "
    "levels you had reached."
)
FLARE_KEY = "logged_flare"
WEEK_STARTED_KEY = "week_started"
WEEK_CHANGES_KEY = "week_changes"


def _old_end(sentence: str) -> str:
    """The first part of an old "flare over" sentence (without its easy start), or ""."""
    if not sentence.endswith(EASY_START):
        return ""
    head = sentence[: -len(EASY_START)]
    if head in ENDED or (head.startswith(TOO_LONG[0]) and head.endswith(TOO_LONG[1])):
        return head.replace("see a GP or physiotherapist", "see a doctor or physiotherapist")
    return ""


def _says(version: Any, sentence: str) -> bool:
    return any(isinstance(c, dict) and c.get("sentence") == sentence for c in version.changes)


def _week_began(version: Any) -> str:
    stored = version.body.get(WEEK_STARTED_KEY)
    return stored if isinstance(stored, str) else version.created_at.isoformat()


def _before(plans: Any, version: Any) -> Any:
    """The version just before ``version`` for the same back check, or None."""
    if version.assessment_id is None:
        return None
    return (
        plans.filter(
            user_id=version.user_id,
            assessment_id=version.assessment_id,
            created_at__lte=version.created_at,
        )
        .exclude(pk=version.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


def _reached(version: Any) -> bool:
    """A version past week 1, built around no flare: it holds what the person had reached."""
    return version is not None and version.week > 1 and version.body.get(FLARE_KEY) is None


def _reset(version: Any) -> bool:
    """An old week-1 reset built around a logged flare."""
    return (
        version is not None
        and version.week == 1
        and version.body.get(FLARE_KEY) is not None
        and _says(version, STARTED + EASY_START)
    )


def _replaced(changes: list[Any], old: str, new: str) -> list[Any]:
    return [
        {**c, "sentence": new} if isinstance(c, dict) and c.get("sentence") == old else c
        for c in changes
    ]


def _repair_reset(plans: Any, latest: Any) -> bool:
    """(a): the reset is the latest version."""
    before = _before(plans, latest) if _reset(latest) else None
    if not _reached(before):
        return False
    body = {**latest.body, "week": before.week, WEEK_STARTED_KEY: _week_began(before)}
    advice, earlier = body.get("care_advice"), before.body.get("care_advice")
    # The opening line of a self-care plan speaks of the stage its week has reached.
    if (
        body.get("triage_level") == before.body.get("triage_level") == "self_care"
        and isinstance(advice, list)
        and advice
        and isinstance(earlier, list)
        and earlier
    ):
        body["care_advice"] = [earlier[0], *advice[1:]]
    latest.week, latest.body = before.week, body
    old = STARTED + EASY_START
    latest.changes = _replaced(latest.changes, old, STARTED + KEEPS_WEEK.format(week=latest.week))
    latest.save(update_fields=["week", "body", "changes"])
    return True


def _repair_ended(plans: Any, latest: Any) -> bool:
    """(b): the latest version is the week-1 rebuild at the flare's end, right after the
    reset, and nothing progressed since."""
    if latest.week != 1 or latest.body.get(FLARE_KEY) is not None:
        return False
    old = next(
        (
            c["sentence"]
            for c in latest.changes
            if isinstance(c, dict) and _old_end(str(c.get("sentence", "")))
        ),
        "",
    )
    reset = _before(plans, latest) if old else None
    if not _reset(reset):
        return False
    before = _before(plans, reset)
    if not _reached(before) or before.status != latest.status:
        return False
    body = {**before.body, FLARE_KEY: None, WEEK_STARTED_KEY: _week_began(before)}
    body.pop(WEEK_CHANGES_KEY, None)
    if "stop_rules" in latest.body:  # the later warning signs
        body["stop_rules"] = latest.body["stop_rules"]
    latest.week, latest.body = before.week, body
    new = _old_end(old) + GIVES_BACK.format(week=latest.week)
    latest.changes = _replaced(latest.changes, old, new)
    latest.save(update_fields=["week", "body", "changes"])
    return True


def repair_flare_resets(apps: Any, schema_editor: Any) -> None:
    plans = apps.get_model("plans", "Plan")
    people = plans.objects.filter(week=1).order_by().values_list("user_id", flat=True).distinct()
    for user_id in people.iterator():
        latest = plans.objects.filter(user_id=user_id).order_by("-created_at", "-pk").first()
        if latest is not None and not _repair_reset(plans.objects, latest):
            _repair_ended(plans.objects, latest)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_tailoring_overridden_screens"),
    ]

    operations = [
        migrations.RunPython(repair_flare_resets, migrations.RunPython.noop, elidable=True),
    ]
