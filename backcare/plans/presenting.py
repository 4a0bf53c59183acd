"""Shape a stored plan body for the plan page, the print page and the CLI.

Pages render from the stored body (what backcare said at the time); only citations, article
titles and the person's current toolbox come from content and the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from backcare.domain import plan_text
from backcare.domain.clinician_checks import CLINICIAN_CHECKED
from backcare.domain.content import GRADES, UNREVIEWED, review_status
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.domain.personal_warnings import PREFIX as PERSONAL_PREFIX
from backcare.domain.plan_rules import (
    ASK_A_CLINICIAN,
    WALKING_SLUG,
    WORK_REASONS,
    habits_this_week,
    status_sentence,
)
from backcare.domain.stop_rules import is_exercise_stop
from backcare.domain.triage import rule_book
from backcare.plans.library import (
    article_links,
    citations,
    grade_word,
    picture,
    pinnable,
    shown_change,
    shown_item,
)

#: (body key, heading, one line on how to use the section), in page order after the routine.
ITEM_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "routine",
        "Today's routine",
        "Once a day, top to bottom: movement first, breathing last. Ease in: go gently at first.",
    ),
    (
        "keep_moving",
        "Moving through the day",
        "Keep up your usual activities as far as you can, and break up long spells of sitting.",
    ),
    ("relaxation", "Relaxation", "Time to let the stress response settle."),
    ("sleep", "Sleep", "Set up your sleep so your back is supported through the night."),
    ("heat", "Warmth", "Warmth helps tight muscles let go."),
    ("daily_habits", "Daily habits", "Small habits that help through the day."),
)
#: Above a clinician-checked person's own warning signs when the plan's same-day line follows
#: them: the first sentence of ``own_signs.CHECKED_TOGETHER``, whose second it replaces.
CHECKED_ON = "You told us a clinician checked these on {day}."
#: Changes the printed plan always lists: the plan paused or resumed, or a step back.
PRINT_ALWAYS = frozenset({"pause", "resume", "step_back"})
#: How many of a week's changes paper lists (more when more of them are always listed); the
#: page says how many more there are, and the plan page lists them all.
PRINTED_CHANGES = 3
#: The relaxation section's line when stress is why its items are there: said once for the
#: group, not on every item.
STRESS_INTRO = "For tension that stress may be causing."
STRESS_LEAD = "Chosen because " + plan_text.FACTOR_PHRASES["stress_anxiety"] + ". "
#: Why a plan kept gentle until a clinician sees the person is gentle, on the page: its
#: booking line (its care advice) says how soon, so the time frame is said once.
SOON_REASON = "A gentle plan, because of your answers."
GENERAL_NOTE = (
    "A general, gentle starting plan: it is not personalised yet and has not checked your "
    "answers for warning signs. Complete the assessment to get a plan built for you."
)


def graded(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A stored item with its grade in words and its sources, as every page shows them."""
    return {
        **raw,
        "grade_label": grade_word(str(raw.get("grade", ""))),
        "citations": citations(raw.get("references") or ()),
    }


def plan_item(
    raw: Mapping[str, Any], where: str, pinned: set[str], reasons: Mapping[str, str]
) -> dict[str, Any]:
    """``reasons``: the person's safety conditions (``planning.safety_reasons``), which choose
    the version shown (``library.shown_item``: a pregnancy version's name, marked) and its
    drawing (``library.picture``: a pregnancy version's own, or none)."""
    slug = str(raw.get("slug", ""))
    found = exercises().get(slug) if raw.get("kind") == "exercise" else None
    drawing = picture(slug, reasons) if found else None
    return {
        **graded(shown_item(raw, reasons)),
        "articles": article_links(raw.get("education", ())),
        "url": f"/exercises/{slug}/" if found else "",
        "picture": drawing["url"] if drawing else "",
        "alt": drawing["alt"] if drawing else "",
        "why_line": why_line(str(raw.get("why", ""))),
        "pinned": slug in pinned,
        "pinnable": pinnable(slug) is not None,
        "pin_id": f"pin-{where}-{slug}",
    }


def why_line(why: str) -> str:
    """The plan's reason in one line: "Chosen because X." becomes "X." (capitalised)."""
    head, dot, _ = why.partition(". ")
    line = head + "." if dot else why
    line = line.removeprefix("Chosen because ")
    return line[:1].upper() + line[1:]


def status_shown(body: Mapping[str, Any]) -> str:
    """The plan's status sentence as the page shows it: a plan kept gentle by "see a
    clinician in the next few days" says why (``SOON_REASON``) and leaves how soon to its
    booking line. Reports and exports keep the stored sentence (``status_reason``)."""
    reason = str(body.get("status_reason") or "")
    booked = any(a.get("level") == "soon" for a in body.get("care_advice") or ())
    return SOON_REASON if booked and reason == status_sentence("gentle", "triage_soon") else reason


def shared_why_line(items: Sequence[Mapping[str, Any]]) -> str:
    """The reason most items of a routine share, two or more of them ("Guidelines advise it
    for most people with back pain."), said once for the routine rather than under each; ""
    when no reason is shared by more than half. An item with a reason of its own keeps it
    under its name, and every item keeps its grade and its "Why"."""
    lines = [str(item.get("why_line", "")) for item in items]
    common = max(lines, key=lines.count, default="")
    return common if common and lines.count(common) > max(1, len(lines) // 2) else ""


def info_item(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **graded(raw),
        "articles": article_links(raw.get("education", ())),
    }


def advice(raw: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**a, "citations": citations(a.get("references", ()))} for a in raw]


def plan_view(
    body: Mapping[str, Any],
    *,
    changes: Iterable[Mapping[str, Any]] = (),
    pinned: Iterable[str] = (),
    general: bool = False,
    reasons: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the plan templates show. A care-first plan shows no self-care items,
    whatever the body holds. ``reasons``: the person's safety conditions, which choose each
    exercise's version (its name, also in the week's changes, and drawing; none given: the
    usual ones)."""
    mine = set(pinned)
    care_first = body.get("status") == "care_first"
    info = [info_item(i) for i in body.get("not_recommended_info", ())]
    view: dict[str, Any] = {
        "status": body.get("status"),
        "care_first": care_first,
        "gentle": body.get("status") == "gentle",
        "general": general,
        "general_note": GENERAL_NOTE if general else "",
        "status_reason": body.get("status_reason", ""),
        "status_shown": status_shown(body),
        # Gentle because a clinician's check the person told us about resumed it: the page's
        # note of that check (with its day) says why, so the sentence is not said as well.
        "status_checked": body.get("status_reason") == status_sentence("gentle", CLINICIAN_CHECKED),
        # One deadline: a plan kept gentle by "see a clinician soon" has it in its care advice.
        "gentle_safety_net": ""
        if body.get("triage_level") == "soon"
        else plan_text.GENTLE_SAFETY_NET,
        "week": body.get("week"),
        "minutes_budget": body.get("minutes_budget"),
        "routine_minutes": body.get("routine_minutes"),
        "care_advice": advice(body.get("care_advice", ())),
        # A paused plan whose advice is to call now offers the call, as the result page does.
        "call_now": care_first
        and any(a.get("level") == "emergency" for a in body.get("care_advice", ())),
        # Stored sentences, each exercise named as the person is shown it now.
        "changes": [_change(shown_change(c, reasons or {}), mine) for c in changes],
        "sections": [],
        "walking": None,
        "flare": {"steps": [], "items": []},
        "also_consider": [],
        "lacking": [i for i in info if i["grade"] != "against"],
        "against": [i for i in info if i["grade"] == "against"],
        "medicines": [info_item(i) for i in body.get("medicines", ())],
        "held_back": list(body.get("held_back", ())),
        "stop_rules": advice(shown_stop_rules(body.get("stop_rules", ()), care_first)),
        "disclaimer": body.get("disclaimer", ""),
        "routine": [],
        "routine_why": "",
        "week_sections": [],
        "flare_entries": [],
        "flare_new": [],
        "also_new": [],
        "later": [],
        "later_count": 0,
        "ask_clinician": [],
        "ask_intro": plan_text.ASK_A_CLINICIAN_INTRO,
    }
    if not care_first:
        view.update(_self_care(body, mine, reasons or {}))
        view.update(_page_layout(view))
    view["printed_changes"] = printed_changes(view["changes"])
    view["more_changes"] = len(view["changes"]) - len(view["printed_changes"])
    view["sources"] = _number_sources(view)
    view["reviewed"] = _reviewed(view)
    view["stop_sources"] = _unique(c for rule in view["stop_rules"] for c in rule["citations"])
    return view


def same_day_with_signs(view: Mapping[str, Any]) -> dict[str, Any]:
    """On a gentle plan a clinician's check resumed, with the signs it covers said together
    (``own_checked``), the plan's same-day line (what to do if one comes back or gets worse,
    or a new one appears) is about those signs: the page says it once, under them, in full
    with its sources, and the status box at the top points to them. ``same_day_with_signs``
    says so; ``own_checked_on`` is the check's day said above the signs. Paper keeps both."""
    signs = view.get("own_signs") or ()
    day = signs[0].checked_on if signs else None
    moved = bool(
        view.get("gentle")
        and view.get("own_checked")
        and day is not None
        and any(a.get("level") != "info" for a in view.get("care_advice", ()))
    )
    said = CHECKED_ON.format(day=f"{day.day} {day:%B}") if moved and day is not None else ""
    return {"same_day_with_signs": moved, "own_checked_on": said}


def personal_stop_rules(
    rules: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[Mapping[str, Any]]]:
    """The stop rules as the plan page groups them: the warnings the person's health makes more
    urgent, each without the "Because of what you told us about your health: " it is stored
    with (the page says it once above them), and the rest as they are. Every rule keeps its
    level and sources; paper and every other page say each in full."""
    personal, rest = [], []
    for rule in rules:
        said = str(rule.get("text", ""))
        if said.startswith(PERSONAL_PREFIX):
            personal.append({**rule, "text": said.removeprefix(PERSONAL_PREFIX)})
        else:
            rest.append(rule)
    return personal, rest


def shown_stop_rules(
    rules: Iterable[Mapping[str, Any]], care_first: bool
) -> list[Mapping[str, Any]]:
    """When to stop and get help, as stored; a plan paused for care has no exercises, so it
    leaves out when to stop one, in whichever wording it is stored (the stored version keeps
    it, for when the plan resumes).
    The plan page, its print, the flare page and the API read them through here."""
    return [rule for rule in rules if not (care_first and is_exercise_stop(rule.get("text")))]


def flare_hint(steps: Sequence[str], slugs: Iterable[str]) -> str:
    """The flare routine in a few words, said the same way on the plan and on the flare
    page, which list the same items: "3 gentle moves, short walks and warmth". Every item
    listed is counted or named, so the words match the list: its moves (exercises), then
    each other item; with no items, its steps ("3 steps")."""
    catalogue, library = exercises(), interventions()
    found = list(slugs)
    moves = sum(1 for slug in found if slug in catalogue)
    words = [f"{moves} gentle move{'s' * (moves != 1)}"] if moves else []
    for slug in found:
        word = "" if slug in catalogue else _flare_word(slug, library)
        if word and word not in words:
            words.append(word)
    if not words:
        return f"{len(steps)} step{'s' * (len(steps) != 1)}" if steps else ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _flare_word(slug: str, library: Mapping[str, Any]) -> str:
    """An item of the flare list that is not a move, in a word or two: walking in a flare is
    short and easy, and warmth is what the heat items are."""
    if slug == WALKING_SLUG:
        return "short walks"
    item = library.get(slug)
    if item is None:
        return slug.replace("-", " ")
    if item.kind == "heat":
        return "warmth"
    name = str(item.name)
    return name if name[:2].isupper() else name[:1].lower() + name[1:]  # "TENS" stays


def _reviewed(view: dict[str, Any]) -> str:
    """Who checked what the plan shows: each item's content file, and the red-flag rules its
    advice on when to get help comes from."""
    items = [
        *view["routine"],
        *(i for s in view["week_sections"] for i in s["items"]),
        *view["flare_new"],
        *view["later"],
        *view["ask_clinician"],
        *view["also_new"],
    ]
    return review_status([rule_book().meta.reviewed, *(_item_review(i["slug"]) for i in items)])


def _item_review(slug: str) -> str:
    found = exercises().get(slug) or interventions().get(slug)
    return found.meta.reviewed if found else UNREVIEWED


def _unique(cited: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    return list({c["id"]: c for c in cited}.values())


def _number_sources(view: dict[str, Any]) -> list[dict[str, str]]:
    """One numbered source list for paper: each item and rule gets ``source_numbers``."""
    numbered: dict[str, int] = {}
    sources: list[dict[str, str]] = []
    shown = [
        *view["care_advice"],
        *view["routine"],
        *(i for s in view["week_sections"] for i in s["items"]),
        *view["flare_new"],
        *view["later"],
        *view["ask_clinician"],
        *view["stop_rules"],
    ]  # not also_new: paper leaves those out, so their sources would be cited by nothing
    for entry in shown:
        for cited in entry["citations"]:
            if cited["id"] not in numbered:
                numbered[cited["id"]] = len(sources) + 1
                sources.append(cited)
        entry["source_numbers"] = ",".join(str(numbered[c["id"]]) for c in entry["citations"])
    return sources


def _page_layout(view: dict[str, Any]) -> dict[str, Any]:
    """The plan page's order: today's routine first, then this week's other habits; the
    flare section lists only what is not already on the page, so no item shows twice."""
    routine: list[dict[str, Any]] = next(
        (s["items"] for s in view["sections"] if s["id"] == "routine"), []
    )
    week = [s for s in view["sections"] if s["id"] != "routine"]
    ask = [i for s in week for i in s["items"] if i["slug"] in ASK_A_CLINICIAN]
    week, later = _this_week(
        [{**s, "items": [i for i in s["items"] if i["slug"] not in ASK_A_CLINICIAN]} for s in week],
        habits_this_week(int(view["week"] or 1)),
    )
    shown = {i["slug"] for i in routine} | {i["slug"] for s in week for i in s["items"]}
    shown |= {i["slug"] for i in (*later, *ask)}
    flare = [{"item": i, "seen": i["slug"] in shown} for i in view["flare"]["items"]]
    flare_new = [e["item"] for e in flare if not e["seen"]]
    shown |= {i["slug"] for i in flare_new}
    steps, slugs = view["flare"]["steps"], [i["slug"] for i in view["flare"]["items"]]
    also = [i for i in view["also_consider"] if i["slug"] not in shown]
    return {
        "routine": routine,
        "routine_why": shared_why_line(routine),
        "week_sections": week,
        "flare_entries": flare,
        "flare_new": flare_new,
        "flare_hint": flare_hint(steps, slugs),
        "also_new": also,
        "later": later,
        "later_count": len(later) + len(also),
        "ask_clinician": ask,
    }


#: Reasons, besides the contributing factors, that keep an item in this week's habits.
TOLD_REASONS: frozenset[str] = frozenset(WORK_REASONS.values())


def _this_week(
    sections: list[dict[str, Any]], habits: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """This week's sections with at most ``habits`` habits besides the walk, and the rest for
    later. Kept first: for each of the person's contributing factors an item was chosen for
    (its ``reason``), the best item for it, whatever its grade (very low too; the grade
    stays shown), so no contributor the back check found is a habit only "For later"; and
    so is the work item of someone who said their back is making work hard or keeping them
    off it (``WORK_REASONS``): what they told us worries them is this week's. The
    routine and the walk do their own part; a sitting break or a sleep set-up is still
    this week's. These take the places of general habits: the week grows only when there
    are more such factors than places. Then what the person pinned, then the best evidence,
    one per section before a second from any; the page keeps its order."""
    ranked = sorted(
        (
            (not item["pinned"], GRADES.index(item["grade"]), index, pos, item["slug"])
            for index, section in enumerate(sections)
            if section["id"] != "walking"
            for pos, item in enumerate(section["items"])
        )
    )
    reasons = {item["slug"]: str(item.get("reason", "")) for s in sections for item in s["items"]}
    covered: set[str] = set()
    kept: set[str] = set()
    taken_sections: set[int] = set()
    for _, _, index, _, slug in ranked:  # each contributor's best item first
        told = reasons[slug] in plan_text.FACTOR_PHRASES or reasons[slug] in TOLD_REASONS
        if told and reasons[slug] not in covered:
            covered.add(reasons[slug])
            kept.add(slug)
            taken_sections.add(index)
    habits = max(habits, len(kept))
    for first_pass in (True, False):
        for _, _, index, _, slug in ranked:
            if len(kept) >= habits:
                break
            if slug in kept or (first_pass and index in taken_sections):
                continue
            kept.add(slug)
            taken_sections.add(index)
    now, later = [], []
    for section in sections:
        keep = section["id"] == "walking"
        items = [i for i in section["items"] if keep or i["slug"] in kept]
        later += [i for i in section["items"] if not (keep or i["slug"] in kept)]
        if items:
            now.append({**section, "items": items})
    return now, later


def _self_care(
    body: Mapping[str, Any], pinned: set[str], reasons: Mapping[str, str]
) -> dict[str, Any]:
    walking = body.get("walking")
    sections = []
    for key, title, intro in ITEM_SECTIONS:
        items = [plan_item(raw, key, pinned, reasons) for raw in body.get(key) or ()]
        lead = ""
        if key == "relaxation" and any(i["reason"] == "stress_anxiety" for i in items):
            lead, items = STRESS_INTRO, [_without_stress_lead(i) for i in items]
        if items:
            sections.append(
                {"id": key, "title": title, "intro": intro, "lead": lead, "items": items}
            )
        if key == "keep_moving" and walking:
            sections.append(_walking_section(walking, pinned, reasons))
    flare = body.get("flare_protocol") or {}
    return {
        "sections": sections,
        "walking": walking,
        "flare": {
            "steps": list(flare.get("steps", ())),
            "items": [plan_item(raw, "flare", pinned, reasons) for raw in flare.get("items", ())],
        },
        "also_consider": [
            plan_item(raw, "consider", pinned, reasons) for raw in body.get("also_consider", ())
        ],
    }


def _without_stress_lead(item: dict[str, Any]) -> dict[str, Any]:
    """A relaxation item without "Chosen because stress ...": its section says it once."""
    why = str(item.get("why", ""))
    if not why.startswith(STRESS_LEAD):
        return item
    return {**item, "why": why.removeprefix(STRESS_LEAD)}


def _walking_section(
    walking: Mapping[str, Any], pinned: set[str], reasons: Mapping[str, str]
) -> dict[str, Any]:
    target = (
        f"{walking['minutes_per_day']} minutes a day on {walking['days_per_week']} days a week."
    )
    return {
        "id": "walking",
        "title": "Walking target",
        "lead": "",
        "intro": target,
        "items": [plan_item(walking["item"], "walking", pinned, reasons)],
    }


def printed_changes(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes paper lists, in the page's order: every pause, resume and step back, then
    the others up to ``PRINTED_CHANGES`` in all, so a long plan keeps to two pages."""
    room = PRINTED_CHANGES - sum(c.get("action") in PRINT_ALWAYS for c in changes)
    kept: list[dict[str, Any]] = []
    for change in changes:
        if change.get("action") in PRINT_ALWAYS or room > 0:
            room -= change.get("action") not in PRINT_ALWAYS
            kept.append(change)
    return kept


def _change(raw: Mapping[str, Any], pinned: set[str]) -> dict[str, Any]:
    """A change sentence; a toolbox suggestion carries its pin button."""
    slug = str(raw.get("slug", ""))
    found = pinnable(slug) if raw.get("action") == "add_toolbox" and slug not in pinned else None
    name = found[0] if found else slug
    return {**raw, "pin": found is not None, "name": name, "pin_id": f"pin-change-{slug}"}
