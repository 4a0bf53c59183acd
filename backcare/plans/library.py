"""The exercise library, interventions and articles as pages and the API show them.

One set of helpers for both, so each page and its JSON twin come from the same domain
objects. Illustrations were checked by the exercise loader (no script, no links, no
external URLs) before they can be returned here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from backcare.domain.content import references
from backcare.domain.education import Article, articles
from backcare.domain.exercises import CATEGORIES, Exercise, exercises, illustration_svg
from backcare.domain.interventions import Intervention, interventions, strictest_first

CATEGORY_NAMES = {
    "mobility": "Mobility",
    "stretching": "Stretching",
    "strengthening": "Strengthening",
    "walking": "Walking",
    "relaxation": "Relaxation",
}
#: One line under each kind's heading in the library: what its exercises are.
CATEGORY_ABOUT = {
    "mobility": "Easy movements through a comfortable range, for stiffness",
    "stretching": "Slow holds for tight hips, legs, chest and back",
    "strengthening": "Exercises for the muscles around your back and hips",
    "walking": "Walks you build up week by week",
    "relaxation": "Breathing and relaxation practices",
}
EQUIPMENT_NAMES = {
    "mat": "A mat or rug",
    "chair": "A sturdy chair",
    "wall": "A clear stretch of wall",
    "towel": "A towel",
    "ball": "A tennis or massage ball",
    "foam_roller": "A foam roller",
    "pillow": "A pillow or cushion",
    "massage_gun": "A massage gun",
}
#: The same, in one or two words, for a line under an exercise's name.
EQUIPMENT_SHORT = {
    "mat": "mat",
    "chair": "chair",
    "wall": "wall",
    "towel": "towel",
    "ball": "ball",
    "foam_roller": "foam roller",
    "pillow": "pillow",
    "massage_gun": "massage gun",
}
LEVEL_NAMES = {1: "gentle", 2: "moderate", 3: "demanding"}
CONDITION_NAMES = {
    "pregnancy": "Pregnancy",
    "acute_flare": "During a flare",
    "recent_surgery": "After recent surgery",
    "osteoporosis": "Osteoporosis",
    "back_arching": "Until a clinician has checked a back that hurts more arching backwards",
    "walking_leg_pain": "Until a clinician has checked leg pain or heaviness on walking",
}

GRADE_WORDS = {
    "strong": "strong",
    "moderate": "moderate",
    "low": "low",
    "very_low": "very low",
    "insufficient": "insufficient",
    "against": "against",
}


def citations(ids: Iterable[str]) -> list[dict[str, str]]:
    known = references()
    return [
        {"id": ref, "citation": known[ref].citation, "url": known[ref].url, "doi": known[ref].doi}
        if ref in known
        else {"id": ref, "citation": ref, "url": "", "doi": ""}
        for ref in ids
    ]


def article_links(slugs: Iterable[str]) -> list[dict[str, str]]:
    library = articles()
    return [
        {"slug": slug, "title": library[slug].title, "url": f"/learn/{slug}/"}
        for slug in slugs
        if slug in library
    ]


def grade_word(grade: str) -> str:
    return GRADE_WORDS.get(grade, grade.replace("_", " "))


def evidence_of(slug: str) -> dict[str, Any] | None:
    """The content's grade (in words) and sources for an exercise or self-care item, for a
    page that names it outside the plan; None for a slug the content no longer holds."""
    found = exercises().get(slug) or interventions().get(slug)
    if found is None:
        return None
    return _evidence(found.evidence.grade, found.evidence.note, found.evidence.references)


def pinnable(slug: str) -> tuple[str, str] | None:
    """(name, kind) if ``slug`` may go in the movement toolbox: an exercise, or a self-care
    item the plan may offer (never a medicine or something lacking evidence)."""
    found = exercises().get(slug)
    if found is not None:
        return found.name, "exercise"
    item = interventions().get(slug)
    if item is not None and item.recommendable:
        return item.name, "intervention"
    return None


@dataclass(frozen=True)
class ForYou:
    """What one person's safety conditions say about one exercise or self-care item: the
    same cautions and screens the plan applies, said where the person browses and pins."""

    verdict: str = ""  # "Not for you now" or "Ask a clinician first"; "" when it is for them
    reason: str = ""  # why the verdict applies to them ("you told us ...")
    note: str = ""  # the content's own words on that condition
    notes: tuple[str, ...] = ()  # how to adapt it, one sentence per condition that applies
    #: The clinician whose override put it back in the person's plan: not held back, and
    #: ``reason`` and ``note`` say what they weighed.
    added_by: str = ""
    #: Every other condition of theirs that holds it back too, one sentence each ("You told
    #: us ...: the content's note"), after the strictest one above: none is left unsaid.
    also: tuple[str, ...] = ()

    @property
    def held_back(self) -> bool:
        return bool(self.verdict)

    @property
    def ruled_out(self) -> bool:
        """Not for them at all now (an "exclude" or "avoid"), not only until a clinician
        agrees: a page leaves out how to do it."""
        return self.verdict == VERDICTS["exclude"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "held_back": self.held_back,
            "verdict": self.verdict,
            "reason": self.reason,
            "note": self.note,
            "notes": list(self.notes),
            "added_by": self.added_by,
            "also": list(self.also),
        }


def for_you(
    slug: str, reasons: Mapping[str, str], overrides: Mapping[str, str] | None = None
) -> ForYou:
    """``reasons`` maps each of the person's safety conditions to why it applies
    (``planning.safety_reasons``); an exercise's "avoid" and a self-care item's "exclude" or
    "clinician first" hold it back, as they do in the plan. ``overrides``: the exercises a
    clinician's override keeps in the person's plan now (-> by whom,
    ``tailoring.overrides_in_force``), which are not held back, as the plan does not hold
    them: every page that says whether a move is for the person passes them.

    When several conditions hold it back, the strictest decides the verdict (an "exclude"
    is never softened by a "clinician first" that comes earlier in the content), and the
    others are said too (``also``)."""
    ex = exercises().get(slug)
    item = interventions().get(slug)
    screens = ex.cautions if ex is not None else item.screens if item is not None else ()
    mine = [s for s in screens if s.condition in reasons]
    notes = tuple(
        f"{_sentence(reasons[s.condition])}: {s.note}" for s in mine if s.action == "modify"
    )
    blocking = strictest_first(mine)
    if not blocking:
        return ForYou(notes=notes)
    first, rest = blocking[0], blocking[1:]
    by = (overrides or {}).get(slug, "") if ex is not None else ""
    verdict = "" if by else VERDICTS.get(first.action, VERDICTS["avoid"])
    also = tuple(f"{_sentence(reasons[s.condition])}: {s.note}" for s in rest)
    return ForYou(verdict, reasons[first.condition], first.note, notes, by, also)


VERDICTS = {
    "avoid": "Not for you now",
    "exclude": "Not for you now",
    "clinician_first": "Ask a clinician first",
}

#: "For you in pregnancy: how to do it": the heading over a caution's own version.
CONDITION_PHRASES = {
    "pregnancy": "in pregnancy",
    "acute_flare": "during a flare",
    "recent_surgery": "after recent surgery",
    "osteoporosis": "with osteoporosis",
}


#: What a version is called where it is marked for someone else (the API, a clinician).
VERSION_LABELS = {
    "pregnancy": "pregnancy version",
    "acute_flare": "flare-day version",
    "recent_surgery": "after-surgery version",
    "osteoporosis": "version for osteoporosis",
}


def adapted(slug: str, reasons: Mapping[str, str]) -> dict[str, Any] | None:
    """The version of an exercise to show this person instead of the usual one, when one of
    their safety conditions (``planning.safety_reasons``: pregnancy answered yes or not sure,
    whatever the week) has a caution that says its own steps; None: show the usual one.

    ``picture`` is the version's drawing, or "" when it has none: the usual drawing would
    contradict the steps (lying flat, where the steps say to stand), so the page shows none."""
    ex = exercises().get(slug)
    caution = ex.adapted_for(reasons) if ex is not None else None
    if ex is None or caution is None:
        return None
    drawing = picture(slug, reasons)
    equipment = sorted(ex.equipment_for(reasons))
    return {
        "condition": caution.condition,
        "heading": f"For you {CONDITION_PHRASES[caution.condition]}: how to do it",
        # Its own name and kit where the version changes the position or what it needs.
        "name": ex.name_for(reasons),
        "usual_name": ex.name,
        # Its own summary line where the version is in another position ("sitting on a
        # chair", not "while lying down").
        "summary": ex.summary_for(reasons),
        "usual_summary": ex.summary,
        "version_of": f"The version for you {CONDITION_PHRASES[caution.condition]} of "
        f"\u201c{ex.name}\u201d",
        "equipment": equipment,
        "equipment_names": [EQUIPMENT_NAMES.get(e, e) for e in equipment],
        "steps": list(caution.steps),
        "picture": drawing["url"] if drawing else "",
        "svg": drawing["svg"] if drawing else "",
        "alt": drawing["alt"] if drawing else "",
    }


def shown_item(raw: Mapping[str, Any], reasons: Mapping[str, str]) -> dict[str, Any]:
    """A plan item as the person is shown it. An exercise with a version for one of their
    safety conditions (``adapted``) carries that version's name as its title, marked with
    the condition (``adapted_for``), with the usual title beside it and the version's steps,
    equipment and drawing (``picture``: "" for none), so whoever reads the plan for them (the
    API, a clinician's report) sees what they were asked to do. Its reason (``why``) gives the
    version's summary line where a stored plan gave the usual one. Anything else is
    unchanged."""
    version = adapted(str(raw.get("slug", "")), reasons) if raw.get("kind") == "exercise" else None
    if version is None:
        return dict(raw)
    why = str(raw.get("why", ""))
    return {
        **raw,
        "why": why.replace(version["usual_summary"], version["summary"]),
        "title": version["name"],
        "usual_title": raw.get("title", version["usual_name"]),
        "adapted_for": version["condition"],
        "version_label": VERSION_LABELS[version["condition"]],
        "steps": version["steps"],
        "equipment": version["equipment"],
        "picture": version["picture"],
    }


def shown_body(node: Any, reasons: Mapping[str, str]) -> Any:
    """A plan body (or any part of it) with every exercise item as the person is shown it
    (``shown_item``); the stored body is left as it is."""
    if isinstance(node, Mapping):
        copy = {key: shown_body(value, reasons) for key, value in node.items()}
        return shown_item(copy, reasons) if copy.get("kind") == "exercise" else copy
    if isinstance(node, list | tuple):
        return [shown_body(value, reasons) for value in node]
    return node


def shown_name(slug: str, reasons: Mapping[str, str]) -> str:
    """An exercise's (or self-care item's) name as the person is shown it: the name of the
    version one of their safety conditions gives (a pregnancy version's own), else the usual."""
    ex = exercises().get(slug)
    if ex is not None:
        return ex.name_for(reasons)
    item = interventions().get(slug)
    return item.name if item is not None else slug


def shown_sentence(sentence: str, reasons: Mapping[str, str]) -> str:
    """A sentence stored when it was made (a week's change: "You did Bridge on 6 of 7 days
    ..., so it steps up to Single-leg bridge") as the person reads it now: each exercise it
    names under the name of the version they are shown ("Bridge (propped up on pillows)").

    Only whole names are replaced, exactly as written (case and all), longest first and in
    one pass, so "Bridge" is never found inside "Single-leg bridge", and a name that is
    already a version's is left as it is. The stored sentence is not changed."""
    names = {ex.name: ex.name_for(reasons) for ex in exercises().values()}
    renamed = {usual: mine for usual, mine in names.items() if mine != usual}
    if not renamed:
        return sentence
    table = {**renamed, **{mine: mine for mine in renamed.values()}}
    found = "|".join(re.escape(name) for name in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{found})(?![\w-])")
    return pattern.sub(lambda match: table[match.group(0)], sentence)


def shown_change(change: Mapping[str, Any], reasons: Mapping[str, str]) -> dict[str, Any]:
    """A week's change (slug, action, sentence) with its sentence as the person reads it
    now (``shown_sentence``)."""
    sentence = change.get("sentence")
    if not isinstance(sentence, str):
        return dict(change)
    return {**change, "sentence": shown_sentence(sentence, reasons)}


def picture(slug: str, reasons: Mapping[str, str]) -> dict[str, str] | None:
    """The drawing of an exercise to show this person, wherever one is shown (exercise page,
    guided step, plan, session start, library, toolbox): the usual one, or, when one of their
    safety conditions gives its own version (``adapted``), that version's drawing, or None
    when it has none (never the usual picture of lying flat beside steps that say to stand).
    None too for a slug that is not an exercise. ``url`` is the picture's address, ``svg`` the
    drawing to inline (checked by the loader), ``alt`` its text."""
    ex = exercises().get(slug)
    if ex is None:
        return None
    caution = ex.adapted_for(reasons)
    if caution is None:
        url = f"/exercises/{slug}/picture.svg"
        return {"url": url, "svg": illustration_svg(slug), "alt": ex.alt}
    if caution.illustration is None:
        return None
    return {
        "url": f"/exercises/{slug}/picture.svg?for={caution.condition}",
        "svg": illustration_svg(slug, caution.condition),
        "alt": caution.alt,
    }


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def routine_kit(
    slugs: Iterable[str], owned: Iterable[str], reasons: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """What today's routine needs, as words ("a sturdy chair and a mat or rug"), and whether
    to say that floor exercises need a mat or rug the person has not said they have: before
    preferences are saved a plan assumes only the household basics. ``reasons``: the
    person's safety conditions, whose versions may need other things (a chair, a pillow),
    and which choose the floor exercises the hint names (``floor_examples``: none held back)."""
    known = exercises()
    conditions = reasons or {}
    listed = tuple(slugs)
    needed = sorted(
        {kit for slug in listed if slug in known for kit in known[slug].equipment_for(conditions)}
    )
    words = [_lower_first(EQUIPMENT_NAMES.get(kit, kit)) for kit in needed]
    if len(words) > 1:
        words = [", ".join(words[:-1]), words[-1]]
    floor = "mat" not in set(owned)
    return {
        "needs": " and ".join(words),
        "floor_hint": floor,
        "floor_examples": _floor_examples(listed, conditions) if floor else "",
    }


#: Floor exercises the mat hint may name when the routine holds none the person may do.
FLOOR_EXAMPLES = ("cat-cow", "bridge")


def _floor_examples(slugs: Iterable[str], reasons: Mapping[str, str]) -> str:
    """Up to two exercises that need a mat, as the person is shown them, to name in the hint
    that a mat opens up floor exercises, each in quotes and joined by "or": the routine's own
    first, then ``FLOOR_EXAMPLES``; never one the plan holds back for them (``for_you``). ""
    when none is left."""
    known = exercises()
    names = [
        f"\u201c{known[slug].name_for(reasons)}\u201d"
        for slug in dict.fromkeys((*slugs, *FLOOR_EXAMPLES))
        if slug in known
        and "mat" in known[slug].equipment_for(reasons)
        and not for_you(slug, reasons).held_back
    ][:2]
    return " or ".join(names)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def find_exercises(
    category: str = "",
    query: str = "",
    *,
    flare_safe: bool = False,
    owned: frozenset[str] | None = None,
    reasons: Mapping[str, str] | None = None,
) -> list[Exercise]:
    """Exercises in ``category`` (all if empty) whose name, targets or summary contain every
    word of ``query``, by name; only those gentle enough for a flare if ``flare_safe``, and
    only those needing nothing beyond ``owned`` if given. An unknown category finds nothing.
    ``reasons``: the person's safety conditions; the kit is what the version they are shown
    needs (a pregnancy version on a chair needs no mat), its name and summary are searched
    too, and the list is in the order of the names shown (her version's own name)."""
    if category and category not in CATEGORIES:
        return []
    conditions = reasons or {}
    words = query.lower().split()
    found = []
    for ex in exercises().values():
        said = (ex.name, ex.name_for(conditions), ex.summary, ex.summary_for(conditions))
        text = " ".join((*said, *ex.targets, ex.category)).lower()
        if (
            (not category or ex.category == category)
            and all(w in text for w in words)
            and (ex.flare_safe or not flare_safe)
            and (owned is None or ex.equipment_for(conditions) <= owned)
        ):
            found.append(ex)
    # By the name on the card: her version's own name for a pregnant person.
    return sorted(found, key=lambda ex: ex.name_for(conditions).lower())


def needs_words(equipment: Iterable[str]) -> str:
    """What an exercise needs, in short words ("mat, pillow"); "" for nothing."""
    return ", ".join(EQUIPMENT_SHORT.get(kit, kit) for kit in sorted(equipment))


def exercise_dict(
    ex: Exercise, *, with_svg: bool = False, reasons: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """An exercise as the library and the API give it. With ``reasons`` (a signed-in
    person's safety conditions): as that person is shown it, i.e. the version one of their
    conditions gives (name, summary, steps, equipment, drawing), marked by ``adapted_for``
    (None: the usual one) with the usual name, summary, steps, equipment and alt under
    ``usual``."""
    data = _usual_dict(ex, with_svg=with_svg)
    if reasons is None:
        return data
    version = adapted(ex.slug, reasons)
    if version is None:
        return {**data, "adapted_for": None}
    usual = {key: data[key] for key in ("name", "summary", "steps", "equipment", "alt")}
    shown = {
        "name": version["name"],
        "summary": version["summary"],
        "steps": version["steps"],
        "equipment": version["equipment"],
        "equipment_names": version["equipment_names"],
        "alt": version["alt"],
        "adapted_for": version["condition"],
        "usual": usual,
    }
    if with_svg:
        shown["illustration_svg"] = version["svg"]  # "" when the version has no drawing
    return {**data, **shown}


def _usual_dict(ex: Exercise, *, with_svg: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": ex.slug,
        "name": ex.name,
        "category": ex.category,
        "targets": list(ex.targets),
        "summary": ex.summary,
        "steps": list(ex.steps),
        "dose": ex.dose.describe(),
        "minutes": ex.minutes,
        "equipment": sorted(ex.equipment),
        "equipment_names": [EQUIPMENT_NAMES.get(e, e) for e in sorted(ex.equipment)],
        "level": ex.level,
        "level_name": LEVEL_NAMES[ex.level],
        "easier": ex.easier,
        "harder": ex.harder,
        "flare_safe": ex.flare_safe,
        "evidence": _evidence(ex.evidence.grade, ex.evidence.note, ex.evidence.references),
        "cautions": [
            {"condition": c.condition, "action": c.action, "note": c.note} for c in ex.cautions
        ],
        "alt": ex.alt,
        "url": f"/exercises/{ex.slug}/",
        "version": ex.meta.version,
        "reviewed": ex.meta.reviewed,
    }
    if with_svg:
        data["illustration_svg"] = illustration_svg(ex.slug)
    return data


def intervention_dict(item: Intervention) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.name,
        "kind": item.kind,
        "offer": item.offer,
        "recommendable": item.recommendable,
        "summary": item.summary,
        "statement": item.statement,
        "benefit": item.benefit,
        "what_to_do": list(item.what_to_do),
        "dose": item.dose,
        "addresses": sorted(item.addresses),
        "equipment": sorted(item.equipment),
        "evidence": _evidence(item.evidence.grade, item.evidence.note, item.evidence.references),
        "safety": [
            {"condition": s.condition, "action": s.action, "note": s.note} for s in item.screens
        ],
        "education": article_links(item.education),
        "reviewed": item.meta.reviewed,
    }


def all_interventions() -> list[dict[str, Any]]:
    return [intervention_dict(item) for item in interventions().values()]


def article_summary(item: Article) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "keywords": list(item.keywords),
        "url": f"/learn/{item.slug}/",
    }


def _evidence(grade: str, note: str, refs: Iterable[str]) -> dict[str, Any]:
    return {
        "grade": grade,
        "grade_label": grade_word(grade),
        "note": note,
        "citations": citations(refs),
    }


#: The "What about...?" catalogue's groups: (id, heading, one line on what they are).
CATALOGUE_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("against", "Guidelines advise against these", "In case you are offered them."),
    ("lacking", "People try these; evidence is lacking", "Not enough evidence to say they help."),
    (
        "medicines",
        "Medicines: information only",
        "backcare never recommends or doses a medicine: ask a pharmacist or doctor first.",
    ),
)


def catalogue_groups(
    query: str = "",
    reasons: Mapping[str, str] | None = None,
    situations: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Everything the plan does not recommend, grouped, each with what guidelines say and
    what the person's own safety conditions say about it (``for_you``; ``reasons``:
    ``planning.safety_reasons``, none for a visitor), what it says to someone in their
    ``situations`` (``when``: one sentence each, ``backcare.domain.situations``), and the
    sources of all it says (``sources``: its evidence's, then the rest of the item's); only
    items whose name or wording contain every word of ``query``."""
    words = query.lower().split()
    theirs = tuple(situations)
    grouped: dict[str, list[dict[str, Any]]] = {key: [] for key, _, _ in CATALOGUE_GROUPS}
    for item in sorted(interventions().values(), key=lambda i: i.name.lower()):
        if item.recommendable:
            continue
        text = " ".join((item.name, item.summary, item.statement)).lower()
        if all(w in text for w in words):
            mine = for_you(item.slug, reasons or {})
            when = item.notes_when(theirs)
            refs = (*item.evidence.references, *item.meta.references)
            refs += tuple(ref for note in when for ref in note.references)
            grouped[_catalogue_group(item)].append(
                {
                    **intervention_dict(item),
                    "for_you": mine,
                    "when": [note.note for note in when],
                    "sources": citations(dict.fromkeys(refs)),
                }
            )
    return [
        {"id": key, "title": title, "intro": intro, "items": grouped[key]}
        for key, title, intro in CATALOGUE_GROUPS
        if grouped[key]
    ]


def _catalogue_group(item: Intervention) -> str:
    if item.kind == "medicine_info":
        return "medicines"
    return "against" if item.evidence.grade == "against" else "lacking"
