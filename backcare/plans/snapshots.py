"""Read a stored plan body (``Plan.to_dict()``) back into the domain's frozen Plan.

Progression needs last week's plan as a domain object; the database keeps it as JSON so that
history reads as it did. A body that no longer fits the current dataclasses (an older
shape) raises :class:`StoredPlanError`, and the caller rebuilds the plan instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backcare.domain.plans import (
    Advice,
    FlareProtocol,
    HeldBack,
    InfoItem,
    Plan,
    PlanItem,
    WalkingTarget,
)


class StoredPlanError(ValueError):
    """A stored plan body cannot be read as a current Plan."""


def plan_from_body(body: Mapping[str, Any]) -> Plan:
    """The domain Plan a stored body was saved from."""
    try:
        walking = body["walking"]
        flare = body["flare_protocol"]
        return Plan(
            week=int(body["week"]),
            status=body["status"],
            status_reason=str(body["status_reason"]),
            triage_level=str(body["triage_level"]),
            minutes_budget=int(body["minutes_budget"]),
            care_advice=_advice(body["care_advice"]),
            routine=_items(body["routine"]),
            keep_moving=_items(body["keep_moving"]),
            walking=None if walking is None else _walking(walking),
            relaxation=_items(body["relaxation"]),
            sleep=_items(body["sleep"]),
            heat=_items(body["heat"]),
            daily_habits=_items(body["daily_habits"]),
            flare_protocol=FlareProtocol(tuple(flare["steps"]), _items(flare["items"])),
            also_consider=_items(body["also_consider"]),
            medicines=tuple(_info(i) for i in body["medicines"]),
            not_recommended_info=tuple(_info(i) for i in body["not_recommended_info"]),
            held_back=tuple(HeldBack(**h) for h in body["held_back"]),
            stop_rules=_advice(body["stop_rules"]),
            goals=tuple(body["goals"]),
            disclaimer=str(body["disclaimer"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise StoredPlanError(f"stored plan body cannot be read: {exc!r}") from exc


def _items(raw: list[dict[str, Any]]) -> tuple[PlanItem, ...]:
    return tuple(_item(entry) for entry in raw)


def _item(raw: Mapping[str, Any]) -> PlanItem:
    lists = {key: tuple(raw[key]) for key in ("references", "education", "cautions")}
    return PlanItem(**{**raw, **lists})


def _walking(raw: Mapping[str, Any]) -> WalkingTarget:
    return WalkingTarget(int(raw["minutes_per_day"]), int(raw["days_per_week"]), _item(raw["item"]))


def _advice(raw: list[dict[str, Any]]) -> tuple[Advice, ...]:
    return tuple(Advice(a["text"], a["level"], tuple(a["references"])) for a in raw)


def _info(raw: Mapping[str, Any]) -> InfoItem:
    lists = {key: tuple(raw[key]) for key in ("cautions", "references", "education")}
    return InfoItem(**{**raw, **lists})
