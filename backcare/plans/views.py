"""Pages for the plan, its preferences and progression, the toolbox, the exercise library
and the education articles. Plain form posts and redirects; HTMX only swaps pin buttons."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from backcare.accounts.models import User
from backcare.assessments import clinician_cover
from backcare.assessments.birth import birth_question_for
from backcare.assessments.context import clinical_context_for, crisis_for
from backcare.assessments.models import Assessment
from backcare.assessments.presenting import (
    own_signs_for,
    phones_for_user,
    raised_since,
    recheck_offer,
    under_18_note,
)
from backcare.assessments.waiting import while_you_wait
from backcare.diary.models import CheckIn
from backcare.diary.standing import standing_for
from backcare.domain import education, plan_text
from backcare.domain.exercises import CATEGORIES, Exercise, exercises, illustration_svg
from backcare.domain.own_signs import checked, checked_together, generic_stop_rules, stop_reasons
from backcare.domain.swaps import SWAP_REASONS, LastExercise
from backcare.domain.tailoring import TailoringError
from backcare.messaging.service import talk_urls_for
from backcare.plans import planning, session_stops, sessions, swap_refusals, tailoring, toolbox
from backcare.plans.article_html import render_markdown
from backcare.plans.condition_notes import with_condition_notes
from backcare.plans.forms import CONDITION_NAMES as TICK_NAMES
from backcare.plans.forms import PreferencesForm, SwapForm, initial_from
from backcare.plans.library import (
    CATEGORY_ABOUT,
    CATEGORY_NAMES,
    CONDITION_NAMES,
    adapted,
    catalogue_groups,
    citations,
    evidence_of,
    exercise_dict,
    find_exercises,
    for_you,
    needs_words,
    picture,
    pinnable,
    routine_kit,
    shown_change,
)
from backcare.plans.presenting import personal_stop_rules, plan_view, same_day_with_signs
from backcare.plans.situations import situations_for


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
    user: User


# --- the plan -----------------------------------------------------------------------------


def _plan_context(user: User) -> dict[str, object]:
    record = planning.current_plan(user)
    pinned = planning.pinned_slugs(user)
    reasons = planning.safety_reasons(user)  # a pregnancy version's drawing, or none
    if record is None:
        body = planning.general_plan(user).to_dict()
        view = plan_view(body, pinned=pinned, general=True, reasons=reasons)
    else:
        view = plan_view(record.body, changes=record.changes, pinned=pinned, reasons=reasons)
        _lead_with_own_signs(view, record.assessment)
        view["recheck"] = recheck_offer(record.assessment) if record.assessment else None
    # On screen, "Because of what you told us about your health" once, above those warnings.
    view["personal_stops"], view["everyone_stops"] = personal_stop_rules(view["stop_rules"])
    # e.g. an inflammatory arthritis, or pelvic girdle pain in pregnancy (a factor of the check)
    with_condition_notes(view, user)
    view["under_18_note"] = under_18_note(user, record.assessment if record else None)
    view["flare_holds"] = (
        planning.FLARE_HOLDS if record is not None and planning.held_for_flare(record) else ""
    )
    # Why this week reads as it does: started again easier after a break, or held for want
    # of check-ins (else it "builds up week by week").
    view["restarted"] = planning.restarted_words(record) if record is not None else ""
    view["held"] = planning.held_words(record) if record is not None else ""
    context_source = planning.restart_source() if view["restarted"] else None
    return {
        "record": record,
        "plan": view,
        "kit": _kit(user, view["routine"], reasons),
        "restart_source": context_source,
        # "Before you start, check in" only until the person's own day has a check-in
        "checked_in_today": bool(view["restarted"])
        and CheckIn.objects.filter(user=user, day=planning.local_today(user)).exists(),
    }


def paused_plan(user: User) -> dict[str, Any] | None:
    """The plan as the plan page shows it, while it is paused for care: other pages (the flare
    page) show its notice (``plans/_plan_status.html``: why, and where to get help in the
    words of the person's place) rather than a wording of their own. None otherwise."""
    view: dict[str, Any] = _plan_context(user)["plan"]  # type: ignore[assignment]
    return view if view["care_first"] else None


def _lead_with_own_signs(view: dict[str, Any], assessment: Assessment | None) -> None:
    """When to get help starts with the person's own warning signs, at their own level (the
    back check's and what check-ins since raised, as on the result: ``own_signs_for``); the
    list for everyone then leaves out a sign they already have at a more urgent level, so it
    never gives that sign a later timeframe than their result. On a plan a clinician's check
    resumed, each sign that check covers says so, with the day, and how soon to get help
    should it come back or get worse (``own_signs.checked``)."""
    if assessment is None:
        view["own_signs"] = ()
        view["stop_rules"] = generic_stop_rules(view["stop_rules"], ())
        return
    view["own_signs"] = own_signs_for(assessment)
    user = assessment.user
    if clinician_cover.current_cover(user, assessment) is not None:
        day = user.local_date(assessment.created_at)
        checks = clinician_cover.told_checks(user)
        phones = phones_for_user(user)
        view["own_signs"] = checked(view["own_signs"], checks, day, phones)
        view["own_checked"] = checked_together(view["own_signs"], phones)
        view.update(same_day_with_signs(view))
    reasons = stop_reasons(assessment.result.get("reasons") or (), raised_since(assessment))
    view["stop_rules"] = generic_stop_rules(view["stop_rules"], reasons)


def _kit(user: User, routine: list[dict[str, Any]], reasons: Mapping[str, str]) -> dict[str, Any]:
    owned = planning.preferences_for(user).equipment
    return routine_kit((item["slug"] for item in routine), owned, reasons)


@login_required
@require_GET
def show_plan(request: HtmxHttpRequest) -> HttpResponse:
    if birth_question_for(request.user) is not None:  # the plan's versions depend on it
        return redirect(f"{reverse('assessments:baby_born')}?next=/plan/")
    context = _plan_context(request.user)
    context["relief"] = _relief(request.user)
    context["changes_open"] = request.GET.get("changes") == "open"
    context["care_team"] = _with_talk_links(request.user, tailoring.for_patient(request.user))
    context["phones"] = phones = phones_for_user(request.user)
    view: dict[str, Any] = context["plan"]  # type: ignore[assignment]
    # Paused while thoughts of self-harm stand: the crisis wording and lines, as on the result.
    standing = standing_for(request.user, planning.latest_assessment(request.user))
    if view["care_first"] and standing is not None and standing.crisis:
        context["crisis"] = crisis_for(request.user, phones)
    # Paused for a same-day check: what eases it meanwhile, and Flare help (not beside a call now).
    if view["care_first"] and standing is not None:
        context["wait"] = while_you_wait(request.user, standing.level, crisis=standing.crisis)
    routine = sessions.routine_exercises(view["routine"])
    context["done_today"] = sessions.done_today(request.user, routine)
    # "Swap this exercise" on each of a personal plan's exercises (not while a flare holds
    # the plan gentle: its routine is the flare's), with when to stop for "it hurts".
    context["swappable"] = context["record"] is not None and not view["flare_holds"]
    context["swap_reasons"] = SWAP_REASONS
    context["stop_rule"] = session_stops.stop_rule(request.user)
    context["swapped_hurts"] = request.GET.get("swapped") == "hurts"
    context["none_left"] = plan_text.NO_EXERCISES_LEFT
    return TemplateResponse(request, "plans/plan.html", context)


def _with_talk_links(user: User, care_team: dict[str, list[dict[str, Any]]]) -> Any:
    """Each change links to a draft message to its clinician, while they still share; once
    they no longer do, the person may undo the change themselves."""
    urls = talk_urls_for(user)
    for change in care_team["recent"] + care_team["earlier"]:
        url = urls.get(change["clinician_id"])
        draft = f"About the change on {change['created_at']:%d %b}: {change['what']}. "
        change["talk_url"] = f"{url}?{urlencode({'text': draft})}" if url else None
        active = change["withdrawn_at"] is None and change["kind"] != "note"
        change["can_undo"] = active and url is None
    return care_team


@login_required
@require_POST
def undo_change(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo a change from a clinician who no longer shares the person's care."""
    try:
        row = tailoring.undo_by_patient(request.user, pk)
    except TailoringError as error:
        messages.error(request, error.message)
    else:
        what = tailoring.describe(row, planning.safety_reasons(request.user))
        messages.success(request, f"Undone: {what}. Your plan is updated.")
    return redirect(reverse("plans:plan") + "#care-team")


@login_required
@require_GET
def print_plan(request: HtmxHttpRequest) -> HttpResponse:
    return TemplateResponse(request, "plans/print.html", _plan_context(request.user))


def _not_yet(
    waiting_until: datetime.datetime, first_review: datetime.datetime | None, after_break: bool
) -> str:
    """Why pressing "update" changed nothing: in the plan's first week, when its first weekly
    review is (as the update page says); after it, that this week's update was made."""
    if first_review is not None:
        day = dateformat.format(timezone.localtime(first_review), "l j F")
        after = "started again after your break" if after_break else "started"
        since = "a week" if after_break else "a full week"
        return (
            f"Your first weekly review is on {day}, {since} after your plan {after}; "
            "until then your plan stays as it is, so keep checking in."
        )
    day = dateformat.format(timezone.localtime(waiting_until), "j F")
    return f"Your plan was already updated this week; the next update is on {day}."


@login_required
@require_http_methods(["GET", "POST"])
def progress_now(request: HtmxHttpRequest) -> HttpResponse:
    """GET shows what updating would change and why; POST applies it, once a week."""
    waiting_until = planning.next_progress_at(request.user)
    if request.method == "GET":
        preview = planning.preview_progress(request.user)
        context = {
            # Each exercise named as she is shown it (a pregnancy version's own name).
            "changes": [shown_change(c, planning.safety_reasons(request.user)) for c in preview[1]]
            if preview
            else [],
            "week": preview[0].week if preview else None,
            "has_plan": preview is not None,
            "waiting_until": waiting_until,
        }
        return TemplateResponse(request, "plans/progress.html", context)
    before = planning.latest_plan(request.user)
    first_review = planning.first_review_at(request.user)
    after_break = planning.first_review_after_break(request.user)
    record = planning.progress_plan(request.user, on_demand=True)
    if record is None:
        messages.info(request, "Complete the assessment first: your plan is built from it.")
    elif waiting_until is not None and record == before:
        messages.info(request, _not_yet(waiting_until, first_review, after_break))
    elif record.changes:
        messages.success(request, "Your plan has been updated. What changed and why is below.")
        return redirect(reverse("plans:plan") + "?changes=open#changes")
    else:
        messages.info(request, "Your plan is ready.")
    return redirect("plans:plan")


@login_required
@require_http_methods(["GET", "POST"])
def edit_preferences(request: HtmxHttpRequest) -> HttpResponse:
    current = planning.screened_preferences(request.user)  # pre-filled from the context
    # The due date in force, wherever it was told (the back check or here).
    initial = {**initial_from(current), "due_date": clinical_context_for(request.user).due_date}
    form = PreferencesForm(
        request.POST or None,
        initial=initial,
        toolbox=current.toolbox,
        today=request.user.local_date(),
    )
    if request.method == "POST" and form.is_valid() and form.preferences is not None:
        due = form.cleaned_data["due_date"]
        # The date the form showed, left as it was, is not told again (the back check's, say).
        told = planning.KEEP_DUE_DATE if due == initial["due_date"] else due
        record = planning.save_preferences(request.user, form.preferences, due_date=told)
        note = " and your plan was rebuilt around them" if record is not None else ""
        messages.success(request, f"Your preferences are saved{note}.")
        return redirect("plans:plan")
    reasons = planning.context_reasons(request.user)
    names = {**TICK_NAMES, **CONDITION_NAMES}  # every screen the context may tick, by name
    screens = [(names.get(c, c), why) for c, why in reasons.items()]
    context = {"form": form, "context_screens": screens, "cannot_do": _cannot_do_groups(form)}
    return TemplateResponse(request, "plans/preferences.html", context)


@login_required
@require_POST
def swap_exercise(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """ "Swap this exercise": rule it out and put one of its kind in its place, keeping the
    week and every other exercise. "It hurts" leads back to the plan with when to stop and
    the warning signs."""
    form = SwapForm(request.POST)
    back = reverse("plans:plan")
    if not form.is_valid():
        messages.error(request, str(form.errors["why"][0]))
        return redirect(f"{back}#swap-{slug}")
    why = form.cleaned_data["why"]
    try:
        _, made = planning.swap_exercise(request.user, slug, why)
        messages.success(request, made.sentence(why))
    except (planning.SwapError, LastExercise) as error:
        level, said = swap_refusals.refused(request.user, slug, why, error)
        messages.add_message(request, level, said)
        if level == messages.ERROR:  # nothing swapped, now or before (INFO: a second tap)
            return redirect(back)
    return redirect(f"{back}?swapped={why}" if why == "hurts" else back)


def _cannot_do_groups(form: PreferencesForm) -> list[dict[str, Any]]:
    """The 40 "exercises you cannot do" under their kinds, each kind folded unless one of
    its exercises is ticked or the field has an error, so the page stays short on a phone."""
    field = form["cannot_do_exercises"]
    catalogue = exercises()
    groups = []
    for kind in CATEGORIES:
        boxes = [w for w in field.subwidgets if catalogue[w.data["value"]].category == kind]
        ticked = sum(1 for w in boxes if w.data["selected"])
        groups.append(
            {"name": CATEGORY_NAMES[kind], "boxes": boxes, "ticked": ticked,
             "open": ticked > 0 or bool(field.errors)}
        )  # fmt: skip
    return groups


@require_GET
def what_about(request: HtmxHttpRequest) -> HttpResponse:
    """Treatments people ask about that the plan does not recommend, what guidelines say,
    and, for a signed-in person, what their own safety conditions say (pregnancy, ...)."""
    query = request.GET.get("q", "").strip()[:100]
    user = request.user
    theirs = situations_for(user) if isinstance(user, User) else frozenset()
    groups = catalogue_groups(query, _person(request).reasons, theirs)
    return TemplateResponse(request, "plans/what_about.html", {"groups": groups, "query": query})


# --- toolbox ------------------------------------------------------------------------------


@login_required
@require_GET
def show_toolbox(request: HtmxHttpRequest) -> HttpResponse:
    reasons = planning.safety_reasons(request.user)
    overrides = tailoring.overrides_in_force(request.user)
    items = [
        {
            "pin": p,
            "svg": _svg(p.slug, reasons) if p.kind == "exercise" else "",
            # The name of the version the person is shown (a pregnancy version's own).
            "name": exercises()[p.slug].name_for(reasons) if p.kind == "exercise" else p.name,
            "for_you": for_you(p.slug, reasons, overrides),
            "evidence": evidence_of(p.slug),
        }
        for p in toolbox.toolbox_of(request.user)
    ]
    context = {"items": items, "relief": _relief(request.user)}
    return TemplateResponse(request, "plans/toolbox.html", context)


def _relief(user: User) -> dict[str, list[toolbox.Relief]]:
    """What the person's relief ratings say: items to offer for the toolbox in one tap, and
    items that do not seem to help."""
    verdicts = toolbox.relief_verdicts(user)
    return {
        "offers": [r for r in verdicts if r.helps and r.can_pin and not r.pinned],
        "not_helping": [r for r in verdicts if not r.helps],
    }


@login_required
@require_POST
def pin(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    found = pinnable(slug)
    if found is None:
        raise Http404("Nothing to pin by that name")
    try:
        added = toolbox.pin(request.user, slug)
    except toolbox.HeldBack as refused:
        # The pages offer no button for it; a stale page or a hand-made request lands here.
        # HTMX swaps only a 2xx answer, so the button is replaced by the reason.
        if request.htmx:
            context = {"message": refused.message}
            return TemplateResponse(request, "plans/_pin_refused.html", context)
        messages.error(request, refused.message)
        return (
            redirect("plans:exercise", slug=slug)
            if found[1] == "exercise"
            else redirect("plans:toolbox")
        )
    if added and not request.htmx:
        messages.success(request, f"{found[0]} is in your toolbox: it comes first in a flare.")
    return _after_pin(request, slug, found[0], pinned=True)


@login_required
@require_POST
def unpin(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    if not toolbox.unpin(request.user, slug):
        raise Http404("That is not in your toolbox")
    name = (pinnable(slug) or (slug, ""))[0]
    if not request.htmx:
        messages.success(request, f"{name} is no longer in your toolbox.")
    return _after_pin(request, slug, name, pinned=False)


def _after_pin(request: HtmxHttpRequest, slug: str, name: str, *, pinned: bool) -> HttpResponse:
    """HTMX swaps just the button; a plain post goes back where it came from."""
    if request.htmx:
        context = {
            "slug": slug,
            "name": name,
            "pinned": pinned,
            "pin_id": request.POST.get("pin_id", f"pin-{slug}"),
            "next": request.POST.get("next", ""),
        }
        return TemplateResponse(request, "plans/_pin.html", context)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("plans:toolbox")


# --- exercise library ---------------------------------------------------------------------


def _svg(slug: str, reasons: Mapping[str, str]) -> str:
    """The drawing to inline for this person (``library.picture``): "" for none.

    The exercise loader refused any drawing with scripts, event handlers, links or outside
    URLs (exercises.check_svg), so the drawing can be inlined as it is."""
    drawing = picture(slug, reasons)
    return mark_safe(drawing["svg"]) if drawing else ""


@dataclass(frozen=True)
class _Person:
    """What the library says for the signed-in person: their safety conditions (-> why) and
    the exercises their clinician added to their plan with an override (-> by whom)."""

    reasons: dict[str, str]
    overrides: dict[str, str]

    def entry(self, ex: Exercise) -> dict[str, Any]:
        return {
            # The version the person is shown: a pregnancy version's own name and kit.
            "ex": exercise_dict(ex, reasons=self.reasons),
            "needs": needs_words(ex.equipment_for(self.reasons)),
            "svg": _svg(ex.slug, self.reasons),
            "for_you": for_you(ex.slug, self.reasons, self.overrides),
        }


def _person(request: HtmxHttpRequest) -> _Person:
    user = request.user
    if not isinstance(user, User):
        return _Person({}, {})
    reasons = planning.safety_reasons(user)
    if not reasons:  # an override only matters for something a condition holds back
        return _Person({}, {})
    # only overrides still in force: one that a later screen holds back does not keep it
    return _Person(reasons, tailoring.overrides_in_force(user))


@require_GET
def exercise_picture(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    if slug not in exercises():
        raise Http404("No exercise by that name")
    # ?for=pregnancy: the drawing of the version a caution gives (pages link it only then).
    condition = request.GET.get("for", "")
    if condition and condition not in CONDITION_NAMES:
        raise Http404("No such version")
    drawing = illustration_svg(slug, condition or None)
    if not drawing:
        raise Http404("No drawing of that version")
    response = HttpResponse(drawing, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _by_kind(found: list[Exercise], person: _Person) -> list[dict[str, Any]]:
    """The exercises found, under one heading per kind that opens to its list (each kind
    folded until the person narrows the list, so a phone shows the kinds first), each with
    what the person's own safety conditions say about it."""
    return [
        {
            "category": kind,
            "name": CATEGORY_NAMES[kind],
            "about": CATEGORY_ABOUT[kind],
            "exercises": [person.entry(ex) for ex in found if ex.category == kind],
        }
        for kind in CATEGORIES
        if any(ex.category == kind for ex in found)
    ]


@require_GET
def list_exercises(request: HtmxHttpRequest) -> HttpResponse:
    """The library, narrowed by kind, words, "gentle enough for a flare" and "only what I
    have at home" (a visitor's home is taken to have nothing)."""
    category = request.GET.get("category", "")
    category = category if category in CATEGORIES else ""
    query = request.GET.get("q", "").strip()[:100]
    flare = request.GET.get("flare") == "1"
    kit = request.GET.get("kit") == "mine"
    signed_in = isinstance(request.user, User)
    owned = planning.preferences_for(request.user).equipment if signed_in else frozenset()
    person = _person(request)  # her version's kit, not the usual one's, for "what I have"
    found = find_exercises(
        category, query, flare_safe=flare, owned=owned if kit else None, reasons=person.reasons
    )
    context = {
        "count": len(found),
        "groups": _by_kind(found, person),
        "reasons": person.reasons,
        "categories": [(c, CATEGORY_NAMES[c]) for c in CATEGORIES],
        "category": category,
        "query": query,
        "flare": flare,
        "kit": kit,
        "owned": needs_words(owned),
        "signed_in": signed_in,
        "filtered": bool(category or query or flare or kit),
    }
    return TemplateResponse(request, "plans/exercises.html", context)


@require_GET
def show_exercise(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    catalogue = exercises()
    if slug not in catalogue:
        raise Http404("No exercise by that name")
    person = _person(request)
    # The version the person is shown: a pregnancy version's own name, steps and kit.
    ex = exercise_dict(catalogue[slug], reasons=person.reasons)
    for caution in ex["cautions"]:
        caution["label"] = CONDITION_NAMES[caution["condition"]]
    pinned = request.user.is_authenticated and slug in planning.pinned_slugs(request.user)
    version = adapted(slug, person.reasons)
    context = {
        "ex": ex,
        "adapted": version,
        "for_you": for_you(slug, person.reasons, person.overrides),
        "svg": _svg(slug, person.reasons),
        "category_name": CATEGORY_NAMES[ex["category"]],
        "easier": catalogue.get(ex["easier"] or ""),
        "harder": catalogue.get(ex["harder"] or ""),
        "pinned": pinned,
    }
    return TemplateResponse(request, "plans/exercise.html", context)


# --- education ----------------------------------------------------------------------------


@require_GET
def learn(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    found = education.search(query) if query else list(education.articles().values())
    return TemplateResponse(request, "plans/learn.html", {"articles": found, "query": query})


@require_GET
def show_article(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    item = education.articles().get(slug)
    if item is None:
        raise Http404("No article by that name")
    context = {
        "article": item,
        # render_markdown escapes every piece of text before adding its own few tags.
        "body": mark_safe(render_markdown(item.body)),
        "citations": citations(item.references),
    }
    return TemplateResponse(request, "plans/article.html", context)
