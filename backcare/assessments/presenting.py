"""Shape a stored assessment for the result and history pages.

Pages are rendered from the snapshots stored with the assessment (what backcare said at the
time); only citations missing from a snapshot and the crisis contacts come from content, and
which of the stored course's safety-net sentences an urgent or emergency result still says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from backcare.accounts.models import User
from backcare.assessments import wizard
from backcare.assessments.context import clinical_context_for, crisis_for
from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.diary.standing import standing_for
from backcare.domain.content import references, review_status
from backcare.domain.course import course_book, safety_net_for, without_own_signs
from backcare.domain.factors import factor_book
from backcare.domain.instruments import (
    CrisisMessage,
    crisis_message,
    crisis_sources,
    sources_said,
)
from backcare.domain.own_signs import (
    SAME_IF_SURE,
    OwnSign,
    RaisedSince,
    generic_stop_rules,
    own_signs,
    stop_reasons,
)
from backcare.domain.personal_warnings import personal_warnings
from backcare.domain.phones import Phones, for_place, phones_for
from backcare.domain.plans import stop_rules_for
from backcare.domain.standing_triage import TriageReading
from backcare.domain.triage import LEVELS, in_order, rule_book

#: Levels whose result links to the self-care plan.
PLAN_LEVELS = frozenset({"soon", "self_care"})
#: Levels whose result keeps contributing factors and the usual course off its first page.
CARE_FIRST_LEVELS = frozenset({"emergency", "urgent"})
NO_REASON = "No warning signs in your answers"


def _citations(ids: Iterable[str], known: Mapping[str, Mapping[str, str]]) -> list[dict[str, str]]:
    """Citation and link for each reference id, from the snapshot or else from content."""
    catalogue = references()
    cited = []
    for ref in ids:
        if ref in known:
            cited.append(dict(known[ref]))
        elif ref in catalogue:
            cited.append(
                {"id": ref, "citation": catalogue[ref].citation, "url": catalogue[ref].url}
            )
        else:
            cited.append({"id": ref, "citation": ref, "url": ""})
    return cited


def _with_citations(
    items: Iterable[Mapping[str, Any]], known: Mapping[str, Mapping[str, str]]
) -> list[dict[str, Any]]:
    return [{**item, "citations": _citations(item.get("references", ()), known)} for item in items]


def _local_sources(result: Mapping[str, Any], phones: Phones) -> list[dict[str, Any]]:
    """The result's reasons in the order a result lists them (``in_order``, also for one
    stored before), each citing its evidence and, for the services its words name, the
    person's place's sources once the place is known (``sources_said``): a New Zealander's
    "call 111" cites New Zealand's page for 111, never the NHS's or Samaritans'."""
    return [
        {**reason, "references": _said_sources(reason, phones)}
        for reason in in_order(result.get("reasons", ()))
    ]


def _said_sources(reason: Mapping[str, Any], phones: Phones | None) -> tuple[str, ...]:
    return sources_said(str(reason.get("advice", "")), reason.get("references", ()), phones)


def with_local_sources(result: Mapping[str, Any], phones: Phones | None) -> dict[str, Any]:
    """A result as ``TriageResult.to_dict`` gives it, each reason citing its place's sources
    as the result page does (``_local_sources``), and the result's sources those of its
    reasons and of its level's action, each once (for the API)."""
    reasons = [{**r, "references": list(_said_sources(r, phones))} for r in result["reasons"]]
    levels = rule_book().levels
    cited = next(
        (info.references for key, info in levels.items() if key == result.get("level")), ()
    )
    action = sources_said(str(result.get("action", "")), cited, phones)
    ids = dict.fromkeys([*(ref for r in reasons for ref in r["references"]), *action])
    known = {ref["id"]: ref for ref in result.get("references", ())}
    return {**result, "reasons": reasons, "references": _citations(ids, known)}


def _factors(
    assessment: Assessment, known: Mapping[str, Mapping[str, str]]
) -> list[dict[str, Any]]:
    factors = _contact_once(_with_citations(assessment.factors, known))
    for factor in factors:
        factor["grade_label"] = str(factor.get("evidence", {}).get("grade", "")).replace("_", " ")
        factor["articles"] = [
            {"slug": slug, "url": f"/learn/{slug}/", "title": slug.replace("-", " ").capitalize()}
            for slug in factor.get("education", ())
        ]
    return factors


def _contact_once(factors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """When to contact the person's team, said once: after the first factor that ends with it
    (a result stored before the back check said it once has it after each such factor)."""
    lines = {rule.known.contact for rule in factor_book().factors if rule.known} - {""}
    said: set[str] = set()
    for factor in factors:
        helps = str(factor.get("helps", ""))
        for line in (line for line in lines if helps.endswith(line)):
            if line in said:
                factor["helps"] = helps.removesuffix(line).rstrip()
            said.add(line)
    return factors


def factors_url(assessment: Assessment) -> str:
    """Where the back check says what may be contributing: its section of the result page;
    for a check that asked for care today or now, the section on its "other information"
    page, where ``result_context`` keeps it; for a check cut short, which found no
    contributors, the result page itself."""
    if assessment.result.get("complete") is False:
        return reverse("assessments:result", args=[assessment.pk])
    page = "details" if assessment.level in CARE_FIRST_LEVELS else "result"
    return reverse(f"assessments:{page}", args=[assessment.pk]) + "#factors-title"


def result_context(assessment: Assessment, *, everything: bool = False) -> dict[str, Any]:
    """Context for the result page. An emergency shows only what to do now unless
    ``everything`` is asked for (the "other information" page)."""
    result: Mapping[str, Any] = assessment.result
    known = {ref["id"]: ref for ref in result.get("references", ())}
    course: Mapping[str, Any] = assessment.course
    emergency_only = assessment.level == "emergency" and not everything
    phones = phones_for_user(assessment.user)
    reasons = _with_if_sure(_with_citations(_local_sources(result, phones), known), phones)
    signs = own_signs_for(assessment)
    crisis = crisis_for(assessment.user, phones) if result.get("crisis") else None
    raised = raised_by_checkin(assessment)
    others = [] if emergency_only else other_signs(assessment)
    return {
        "assessment": assessment,
        "result": result,
        "level": assessment.level,
        "emergency_only": emergency_only,
        "everything": everything,
        "reasons": reasons,
        "sign_rows": sign_rows(signs, reasons),
        # A sign whose own timeframe is later than the result's: "in the next few days" under
        # "speak to a clinician today" must not read as leave to wait.
        "later_signs": any(_rank(sign.level) > _rank(assessment.level) for sign in signs),
        "emergency_sources": _emergency_sources(reasons, crisis, known, phones),
        "reviewed": _reviewed(crisis=crisis is not None, whole=not emergency_only),
        "factors": _factors(assessment, known),
        "course": {**course, "safety_net": safety_net_said(assessment, phones)},
        "top_advice": top_advice(assessment.level, result, pathway_action(assessment, phones)),
        "course_citations": _citations(course.get("references", ()), known),
        "crisis": crisis,
        # A check-in since that paused the plan: the result does not offer it.
        "show_plan": assessment.level in PLAN_LEVELS
        and (raised is None or raised.level in PLAN_LEVELS),
        "phones": phones,
        "incomplete": result.get("complete") is False,
        "other_signs": others,
        "other_sources": _citations(
            dict.fromkeys(ref for rule in others for ref in rule.get("references", ())), known
        ),
        "own_signs": signs,
        # Urgent or emergency: what may be contributing and what usually happens are not an
        # explanation to read beside the warning; they wait on a page of their own.
        "care_first": assessment.level in CARE_FIRST_LEVELS,
        "recheck": None if emergency_only else recheck_offer(assessment),
        "show_background": result.get("complete") is not False
        and (everything or assessment.level not in CARE_FIRST_LEVELS),
        "pregnancy_note": _pregnancy_note(assessment),
        "under_18_note": "" if emergency_only else under_18_note(assessment.user, assessment),
        **raised_context(raised, phones, assessment.user),
    }


#: A sentence's end, before the next one's capital ("...(NHS 111 in England). If things...").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def top_advice(level: str, result: Mapping[str, Any], action: str = "") -> dict[str, Any]:
    """What to do, in the level's own words, split for a phone: the first line (``lead``:
    what to do, and by when) and the rest, one short part each (``steps``). Nothing is left
    out or reworded; only the lead's colon ends it, and the next part opens with a capital.
    An emergency's words are those said under its call button (``after_call``); ``action``,
    when given, the main reason's pathway's own words (``pathway_action``)."""
    text = rule_book().levels["emergency"].after_call if level == "emergency" else action
    parts = _SENTENCE_END.split(text or str(result.get("action", "")).strip())
    lead, _, rest = parts[0].partition(": ")
    steps = [rest[:1].upper() + rest[1:]] if rest else []
    return {"lead": f"{lead}." if rest else lead, "steps": [*steps, *parts[1:]]}


def pathway_action(assessment: Assessment, phones: Phones) -> str:
    """What to do in the words of the main reason's pathway, where the content gives them
    for the result's level (``RuleBook.pathway_actions``), read for the person's place; ""
    for the level's own. The maternity pathway's ("contact your midwife or maternity unit
    today") only for someone who is or could be pregnant: its signs are asked of anyone."""
    level = assessment.level
    main = next(
        (r for r in in_order(assessment.result.get("reasons") or ()) if r.get("level") == level),
        None,
    )
    pathway = str(main.get("pathway") or "") if main is not None else ""
    said = rule_book(phones).pathway_actions.get((pathway, level), "")  # type: ignore[arg-type]
    if pathway == "maternity" and not _may_be_pregnant(assessment):
        return ""
    return said


def _may_be_pregnant(assessment: Assessment) -> bool:
    told = (assessment.findings or {}).get("pregnant") in ("yes", "not_sure")
    return told or clinical_context_for(assessment.user).possible("pregnant")


def safety_net_said(assessment: Assessment, phones: Phones) -> list[str]:
    """The folded "more on when to see a clinician" of the stored course. Under "speak to a
    clinician today" or an emergency, only the sentences the course says under that level
    (``safety_net_for``): one stored before it said which (a "see a clinician if..." under
    "today", or "the same day if you get a fever" for a person with a fever) is left out.
    Under any level, none naming a sign the person's own warnings make as urgent or more
    (``without_own_signs``): not "the same day if you get a fever" to someone on long-term
    steroids, for whom a fever is an emergency."""
    said = [str(sentence) for sentence in assessment.course.get("safety_net", ())]
    said = without_own_signs(said, own_warnings(assessment.user), phones)
    if assessment.level not in CARE_FIRST_LEVELS:
        return said
    items = safety_net_for(assessment.level)
    allowed = {for_place(item.text, place) for item in items for place in (phones, None)}
    return [sentence for sentence in said if sentence in allowed]


def own_warnings(user: User) -> list[dict[str, Any]]:
    """The signs the person's clinical context makes more urgent, each with its level, as
    the plan's stop rules read them (``plans.stop_rules_for``)."""
    return [
        {"level": rule.level, "finding_ids": rule.signs}
        for rule in personal_warnings(clinical_context_for(user))
    ]


def raised_context(raised: TriageReading | None, phones: Phones, user: User) -> dict[str, Any]:
    """A check-in since the back check that advised more urgent care (``raised_by_checkin``),
    to say at the top of the result (``raised``), with its level's words (``raised_info``) and
    the crisis text if thoughts of self-harm stand."""
    if raised is None:
        return {"raised": None}
    return {
        "raised": raised,
        "raised_info": rule_book(phones).levels[raised.level],
        "raised_crisis": crisis_for(user, phones) if raised.crisis else None,
    }


def raised_by_checkin(assessment: Assessment) -> TriageReading | None:
    """The check-in whose advice stands over this back check's, more urgent than it; None
    when the back check's own advice stands, or a later back check replaced it."""
    user = assessment.user
    latest = Assessment.objects.filter(user=user).order_by("-created_at", "-pk").first()
    if latest is None or latest.pk != assessment.pk:
        return None
    standing = standing_for(user, assessment)
    return standing if standing is not None and standing.source == "checkin" else None


#: The check-in levels that advised care (diary.standing reads the same).
RAISED_LEVELS = ("emergency", "urgent", "soon")


def own_signs_for(assessment: Assessment) -> tuple[OwnSign, ...]:
    """ "Your own warning signs" for the result and the plan alike: the back check's, and
    what the check-ins while it stood raised, each on its day (``own_signs``)."""
    reasons = assessment.result.get("reasons", ())
    return own_signs(reasons, raised_since(assessment), phones_for_user(assessment.user))


def raised_since(assessment: Assessment) -> tuple[RaisedSince, ...]:
    """The check-ins whose "anything new?" answers advised care while this back check stood:
    from it (a check-in of its own day counts, as for the standing triage) until the next
    back check, oldest first."""
    user = assessment.user
    day = user.local_date(assessment.created_at)
    rows = CheckIn.objects.filter(user=user, safety_level__in=RAISED_LEVELS).filter(
        Q(recorded_at__gt=assessment.created_at) | Q(day=day)
    )
    later = Assessment.objects.filter(user=user, created_at__gt=assessment.created_at)
    following = later.order_by("created_at").values_list("created_at", flat=True).first()
    if following is not None:
        rows = rows.filter(recorded_at__lt=following)
    return tuple(
        RaisedSince(row.day, tuple(_reasons_of(row.safety_result)))
        for row in rows.order_by("day", "recorded_at").only("day", "safety_result")
    )


def _reasons_of(result: object) -> list[Mapping[str, Any]]:
    reasons = result.get("reasons", ()) if isinstance(result, Mapping) else ()
    return [reason for reason in reasons if isinstance(reason, Mapping)]


def _pregnancy_note(assessment: Assessment) -> str:
    """Under a self-care or "soon" result, for someone who is or may be pregnant: that some
    options change, and to check them with the midwife, said first rather than folded in the
    usual course. Not under an urgent one, where "usually not a sign of harm" would soften it."""
    if assessment.level in CARE_FIRST_LEVELS:
        return ""
    if not clinical_context_for(assessment.user).possible("pregnant"):
        return ""
    return course_book().notes["pregnancy"]


def under_18_note(user: User, assessment: Assessment | None = None) -> str:
    """For someone who may be 16 or 17 (by what they told us, or the age ``assessment`` gave):
    to tell a parent or someone they trust, and to see a doctor or physiotherapist; the result
    and the plan say it. Not beside "call now": the emergency page says only that."""
    ages = clinical_context_for(user).possible_ages()
    age = assessment.findings.get("age") if assessment and assessment.findings else None
    if isinstance(age, int) and not isinstance(age, bool):
        ages = (*ages, age)
    return course_book().notes["under_18"] if any(a < 18 for a in ages) else ""


def recheck_offer(assessment: Assessment) -> dict[str, Any] | None:
    """Where and how long to answer again only the questions answered "not sure"."""
    chosen = wizard.unsure_steps(assessment.findings)
    if not chosen or assessment.result.get("complete") is False:
        return None
    estimate = wizard.steps_estimate(chosen)
    return {
        "url": reverse("assessments:recheck", kwargs={"pk": assessment.pk}),
        "steps": estimate.steps,
        "minutes": estimate.minutes,
    }


def _with_if_sure(reasons: list[dict[str, Any]], phones: Phones) -> list[dict[str, Any]]:
    """A sign answered "not sure" that asks for a clinician within days says, with it, the
    sooner care its "yes" asks for (the plan lists that sign with the sooner timeframe)."""
    signs = {sign.title: sign for sign in own_signs(reasons, phones=phones)}
    for reason in reasons:
        sign = signs.get(str(reason.get("title")))
        sooner = sign is not None and sign.not_sure and sign.if_sure != SAME_IF_SURE
        said = sign.if_sure if sign is not None and sooner else ""
        reason["if_sure"] = said if reason.get("level") == "soon" else ""
    return reasons


def sign_rows(signs: Iterable[OwnSign], reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each of "Your own warning signs" with the back check's reasons that explain it (their
    advice and sources, folded under the sign), so that the result lists each sign once.
    A reason whose sign is not listed, because a more urgent sign already names it, is told
    under that sign with its own title (``beside``), and said to be less urgent only on its
    own; one that no sign names (none is listed) is kept beside the signs."""
    rows: list[dict[str, Any]] = [{"sign": sign, "reasons": []} for sign in signs]
    for reason in sorted(reasons, key=lambda r: _rank(r.get("level"))):
        row = _row_for(rows, reason)
        if row is None:
            rows.append({"sign": None, "reasons": [reason]})
        elif row["sign"].title == reason.get("title"):
            row["reasons"].append(reason)
        else:
            later = _rank(reason.get("level")) > _rank(row["sign"].level)
            row["reasons"].append({**reason, "beside": True, "less_urgent": later})
    return rows


def _row_for(rows: list[dict[str, Any]], reason: Mapping[str, Any]) -> dict[str, Any] | None:
    own = [row for row in rows if row["sign"] is not None and row["sign"].said_on is None]
    title, level = str(reason.get("title")), reason.get("level")
    findings = {str(f) for f in reason.get("finding_ids", ())}
    for matches in (
        lambda sign: (sign.title, sign.level) == (title, level),
        lambda sign: sign.title == title,
        lambda sign: bool(findings.intersection(sign.findings)),
    ):
        found = next((row for row in own if matches(row["sign"])), None)
        if found is not None:
            return found
    return own[0] if own else None


def _rank(level: object) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def other_signs(assessment: Assessment) -> list[dict[str, Any]]:
    """ "When to get help" for any other sign: the plan's list (the signs the person's own
    context makes more urgent, then everyone's, in the words of their place), leaving out
    the signs they already have (``generic_stop_rules``), so result and plan say one list.
    Without the plan's line on stopping an exercise: it is not a sign to get help for."""
    user = assessment.user
    context, phones = clinical_context_for(user), phones_for_user(user)
    youth = crisis_for(user, phones, context).youth  # the young's lines, as the plan says them
    rules = stop_rules_for(personal_warnings(context), phones, youth=youth)
    reasons = stop_reasons(assessment.result.get("reasons") or (), raised_since(assessment))
    kept = generic_stop_rules([asdict(rule) for rule in rules], reasons)
    return [rule for rule in kept if rule.get("level") in LEVELS]


def _emergency_sources(
    reasons: list[dict[str, Any]],
    crisis: CrisisMessage | None,
    known: Mapping[str, Mapping[str, str]],
    phones: Phones | None = None,
) -> list[dict[str, str]]:
    """Sources of what an emergency result shows: its advice on what to do now (the crisis
    text and the lines ``crisis`` lists, those for young people too, or the level's action),
    then each emergency reason (as ``_local_sources`` left them), once each. Once the person's
    place is known, of the crisis lines only its own, with its sources for the number the
    call button gives and the lines the crisis text names."""
    if crisis:
        advice = sources_said(crisis.text, crisis.references, phones)
    else:
        advice = rule_book().levels["emergency"].references
    calls = phones.sources_of(("emergency_number",)) if phones is not None else ()
    emergency = [r for r in reasons if r.get("level") == "emergency"]
    shown = [ref for reason in emergency for ref in reason.get("references", ())]
    ids = crisis_sources(dict.fromkeys([*advice, *calls, *shown]), phones)
    return _citations(ids, known)


def _reviewed(*, crisis: bool, whole: bool) -> str:
    """Who checked the content the page shows: the red-flag rules (and the crisis text), and
    on the whole result also the contributing factors and the expected course."""
    reviews = [rule_book().meta.reviewed]
    if crisis:
        reviews.append(crisis_message().reviewed)
    if whole:
        reviews += [factor_book().meta.reviewed, course_book().meta.reviewed]
    return review_status(reviews)


def phones_for_user(user: User) -> Phones:
    """Tap-to-call numbers for the person's country (from their time zone)."""
    return phones_for(user.time_zone, settings.DEFAULT_COUNTRY, settings.EMERGENCY_NUMBER)


def top_reason(result: Mapping[str, Any]) -> str:
    """The main reason: the first the result lists (``in_order``)."""
    reasons = in_order(result.get("reasons") or ())
    return str(reasons[0]["title"]) if reasons else NO_REASON


def history_rows(assessments: Iterable[Assessment]) -> list[dict[str, Any]]:
    return [
        {
            "assessment": assessment,
            "label": assessment.result.get("label", assessment.get_level_display()),
            "top_reason": top_reason(assessment.result),
        }
        for assessment in assessments
    ]
