"""Diary pages: the daily check-in, its history, and spasm or flare episodes.

Plain form posts and redirects; every query is filtered by the signed-in person.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backcare.accounts.models import User, record_data_change
from backcare.assessments.context import crisis_for, possible_facts
from backcare.assessments.presenting import phones_for_user, with_local_sources
from backcare.assessments.waiting import while_you_wait
from backcare.diary.activities import activities_for, activity_choices, known_activity_slugs
from backcare.diary.calm import calm_items
from backcare.diary.checkins import (
    ESCALATING_LEVELS,
    CheckInError,
    SavedCheckIn,
    delete_checkin,
    delete_checkin_by_id,
    local_now,
    local_today,
    slot_time,
    update_checkin,
    write_checkin,
)
from backcare.diary.easing import heat_held_back
from backcare.diary.episodes import (
    EpisodeConflict,
    EpisodeError,
    duration_text,
    end_episode,
    episode_overview,
)
from backcare.diary.episodes import start_episode as begin_episode
from backcare.diary.forms import (
    RELIEF_PREFIX,
    SAFETY_PREFIX,
    CheckInForm,
    EndEpisodeForm,
    JumpForm,
    StartEpisodeForm,
    initial_from,
    moment_label,
)
from backcare.diary.models import ActivityRating, CheckIn, SpasmEpisode
from backcare.diary.months import build_month, day_url, parse_month
from backcare.diary.screen import (
    answered_when,
    fold_note,
    last_screened,
    last_screened_day,
    screen_due,
)
from backcare.diary.standing_care import standing_care
from backcare.diary.stop_rules import stop_rules_shown
from backcare.diary.summary import day_summary, hard_pain, high_stress
from backcare.domain.exercises import exercises
from backcare.domain.phones import Phones
from backcare.domain.plausible import earliest_day
from backcare.domain.standing_triage import TriageReading
from backcare.domain.triage import LEVELS, Level, level_rank
from backcare.plans.library import for_you, grade_word
from backcare.plans.planning import latest_plan, pinned_slugs, safety_reasons
from backcare.plans.presenting import advice, shown_stop_rules
from backcare.plans.sessions import session_moves_on
from backcare.plans.views import paused_plan


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _nice_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# --- check-ins ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def today(request: HttpRequest) -> HttpResponse:
    """A new check-in: now, or (``?day=``) for an earlier day."""
    user = _user(request)
    when = local_now(user)
    if request.method == "GET" and "day" in request.GET:
        today = user.local_date(when)
        day = _jump_day(request, today, user)
        if day is None:
            return redirect("diary:history")
        when = slot_time(user, day, "other") if day != today else when
    return _checkin_page(request, user, None, when)


def _jump_day(request: HttpRequest, today: date, user: User) -> date | None:
    """The day ``?day=`` names, from the year of birth to today; None, with a message
    saying what to fix, otherwise."""
    form = JumpForm(request.GET, today=today, earliest=earliest_day(user.year_of_birth))
    if not form.is_valid():
        for error in form.errors.get("day", ()):
            messages.error(request, str(error))
        return None
    day: date = form.cleaned_data["day"]
    return day


@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    existing = get_object_or_404(CheckIn.objects.prefetch_related("ratings"), pk=pk, user=user)
    return _checkin_page(request, user, existing, local_now(user))


@login_required
@require_GET
def edit(request: HttpRequest, day: date, moment: str) -> HttpResponse:
    """The older address of a check-in (day and moment): open its latest, or a new one."""
    user = _user(request)
    if day > local_today(user):
        messages.error(
            request, f"{_nice_day(day)} has not happened yet: fill in today or an earlier day."
        )
        return redirect("diary:today")
    if day < earliest_day(user.year_of_birth):
        messages.error(request, f"{day.isoformat()} is too long ago for a diary; check the year.")
        return redirect("diary:today")
    found = CheckIn.objects.filter(user=user, day=day, moment=moment).order_by(
        "-recorded_at", "-id"
    )
    latest = found.values_list("pk", flat=True).first()
    if latest is not None:
        return redirect("diary:edit_entry", pk=latest)
    return redirect(f"{reverse('diary:today')}?day={day.isoformat()}")


def _checkin_page(
    request: HttpRequest, user: User, existing: CheckIn | None, when: datetime
) -> HttpResponse:
    if existing is not None:
        when = timezone.localtime(existing.recorded_at, when.tzinfo)
    facts = possible_facts(user)
    if request.method == "POST":
        # Any known item may be ticked; the person's own order only matters if we re-render.
        form = CheckInForm(
            request.POST,
            activities=activity_choices(),
            when=when,
            possible_facts=facts,
            existing=existing,
            screen_required=existing is None and screen_asked(request, user),
            day_ends=user.day_ends_at,
        )
        if form.is_valid():
            saved = _save(form, user, existing)
            if saved is not None:
                return _after_save(request, saved, adding=existing is None)
        form.activities = activities_for(user, keep=_sent_items(request))
        form.last_screened = last_screened(user)
        session_stopped = () if existing else _done_in_session(user, user.local_date(when))[1]
    else:
        ratings = list(existing.ratings.all()) if existing else []
        from_session, session_stopped = (
            ((), ()) if existing else _done_in_session(user, user.local_date(when))
        )
        # The first new check-in of today in 7 days asks the warning-sign screen as required;
        # a back check counts as an answer, as a check-in that answered it does.
        screened, today = last_screened(user), local_today(user)
        last_day = screened.day if screened else None
        required = existing is None and user.local_date(when) == today
        required = required and screen_due(last_day, today)
        form = CheckInForm(
            initial=initial_from(existing, ratings, when, user.day_ends_at),
            activities=activities_for(user, keep=[*(r.item for r in ratings), *from_session]),
            when=when,
            possible_facts=facts,
            from_session=from_session,
            screen_required=required,
            last_screened=screened,
            day_ends=user.day_ends_at,
        )
    day = existing.day if existing else user.local_date(when)
    today = local_today(user)
    # Where it is due and this page does not ask it, the folded line says why.
    why = "when changing a check-in" if existing else ("" if day == today else "for an earlier day")
    context = {
        # The advice that stands (an emergency or urgent back check, or a check-in since)
        # leads the page, with its date, as on every later page: a check-in never comes first.
        **standing_care(user),
        "form": form,
        "screened_on": answered_when(form.last_screened, today) if form.last_screened else "",
        "screen_note": fold_note(form.last_screened, today, why_optional=why),
        "day_label": _nice_day(day),
        "is_today": day == today,
        "existing": existing,
        "session_stopped": session_stopped,
        "day_ends_at": user.day_ends_at if user.day_ends_hour else None,
        "diary_url": day_url(day),
        "same_day": CheckIn.objects.filter(user=user, day=day)
        .order_by("recorded_at", "id")
        .values_list("pk", "recorded_at", "pain"),
    }
    return TemplateResponse(request, "diary/checkin.html", context)


def screen_asked(request: HttpRequest, user: User) -> bool:
    """Whether a posted check-in must answer the warning-sign screen: its page asked it as
    required (``screen_due``; a page from before, or one for a past day, did not) and it is
    still due, so a second check-in sent from a page kept offline, after a first that
    answered it, is not refused."""
    if request.POST.get("screen_due") != "1":
        return False
    return screen_due(last_screened_day(user), local_today(user))


def _sent_items(request: HttpRequest) -> list[str]:
    """The items a sent check-in ticked or rated: shown again with it, whatever is offered."""
    rated = [
        key.removeprefix(RELIEF_PREFIX) for key in request.POST if key.startswith(RELIEF_PREFIX)
    ]
    return [*request.POST.getlist("did"), *rated]


def _done_in_session(user: User, day: date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Exercises a guided session of ``day`` recorded as done that no check-in of that day
    has ticked yet (a second check-in does not tick them again); and the names of those
    stopped there because they hurt, which are not ticked: they were not done."""
    ticked = set(
        ActivityRating.objects.filter(checkin__user=user, checkin__day=day).values_list(
            "item", flat=True
        )
    )
    known = known_activity_slugs()
    done, hurt = session_moves_on(user, day)
    catalogue = exercises()
    stopped = tuple(catalogue[slug].name for slug in hurt if slug in catalogue)
    return tuple(slug for slug in done if slug in known and slug not in ticked), stopped


def _save(form: CheckInForm, user: User, existing: CheckIn | None) -> SavedCheckIn | None:
    try:
        if existing is None:
            return write_checkin(user, form.checkin_data(), replace=False)
        return update_checkin(user, existing.pk, form.checkin_data())
    except CheckInError as exc:
        form.add_error(_form_field(form, exc.field), exc.message)
        return None
    except CheckIn.DoesNotExist:
        raise Http404("No such check-in.") from None


def _form_field(form: CheckInForm, field: str) -> str | None:
    if field.startswith("safety."):
        field = SAFETY_PREFIX + field.removeprefix("safety.")
    elif field.startswith("ratings"):
        field = "did"
    elif field == "recorded_at":
        field = "time"
    return field if field in form.fields else None


ALREADY_SAVED = (
    "This check-in was already saved, so it was not added again. "
    "To change it, choose Change this check-in."
)


def _after_save(request: HttpRequest, saved: SavedCheckIn, *, adding: bool) -> HttpResponse:
    checkin = saved.checkin
    if adding and not saved.created:  # the same page sent twice: a second tap, or a replay
        messages.info(request, ALREADY_SAVED)
    if checkin.safety_level in ESCALATING_LEVELS:
        # Shown at once and first on the screen: no redirect, and earlier notices are dropped
        # so that nothing comes before the escalation.
        for _notice in messages.get_messages(request):
            pass
        return _escalation_page(request, checkin)
    return redirect("diary:saved", pk=checkin.pk)


def _escalation_page(request: HttpRequest, checkin: CheckIn) -> HttpResponse:
    """The check-in's own advice, under the advice that stands when that is more: a more
    urgent back check (or check-in) comes first, and so do thoughts of self-harm reported in
    either; the check-in's own lower advice then never points to the paused plan."""
    result = checkin.safety_result if isinstance(checkin.safety_result, dict) else {}
    phones = phones_for_user(checkin.user)
    care = standing_care(checkin.user)
    standing = cast("TriageReading | None", care.get("care"))
    first = standing is not None and _stands_over(standing, checkin, result)
    own = level_rank(cast(Level, checkin.safety_level))
    softer = first and standing is not None and own > level_rank(standing.level)
    crisis = bool(result.get("crisis")) or (standing is not None and standing.crisis)
    stop = _stop_rules_after(checkin, result)
    context = {
        **(care if first else {}),
        "messages": (),
        "checkin": checkin,
        "result": result,
        "softer": softer,  # the check-in's own advice is less urgent than what stands
        # A reason of its own with a later timeframe than its result ("usually settles ... in
        # the next few days" under "call now"): the line the back check's result says then.
        "later_signs": _has_later_reason(result),
        "day_label": _nice_day(checkin.day),
        "phones": phones,
        "crisis": crisis_for(checkin.user, phones) if crisis else None,
        # Whatever this result says: the person's own list, as flare help and the plan say it.
        "stop_rules": stop,
        "sources": _with_stop_sources(_local_sources(result, phones), stop),
    }
    return TemplateResponse(request, "diary/checkin_saved.html", context)


def _has_later_reason(result: dict[str, Any]) -> bool:
    """Whether the check-in's result lists a reason less urgent than the result itself."""
    level = result.get("level")
    if level not in LEVELS:
        return False
    return any(
        reason.get("level") in LEVELS and LEVELS.index(reason["level"]) > LEVELS.index(level)
        for reason in result.get("reasons", ())
        if isinstance(reason, dict)
    )


def _stop_rules_after(checkin: CheckIn, result: dict[str, Any]) -> list[dict[str, Any]]:
    """When to get help for anything else, under a check-in's result: the person's stop
    rules (``stop_rules_shown``), without this check-in's own signs, and without when to
    stop an exercise (a result that needs care pauses exercise)."""
    own = [r for r in result.get("reasons", ()) if isinstance(r, dict)]
    return advice(shown_stop_rules(stop_rules_shown(checkin.user, also=own), True))


def _with_stop_sources(
    sources: list[dict[str, Any]], stop: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The result's sources, then those of the stop rules not among them, each once."""
    cited = {str(ref.get("id")): ref for ref in sources}
    for rule in stop:
        for ref in rule["citations"]:
            cited.setdefault(str(ref["id"]), ref)
    return list(cited.values())


def _local_sources(result: dict[str, Any], phones: Phones) -> list[dict[str, Any]]:
    """The result's sources as the back check's result cites them (``with_local_sources``):
    each reason's evidence, and the person's place's own sources of the services its words
    and its level's action name (a Canadian's "call 911" the Government of Canada's page, a
    New Zealander's Healthline its page), never another place's."""
    reasons = [r for r in result.get("reasons", ()) if isinstance(r, dict)]
    cited: list[dict[str, Any]] = with_local_sources({**result, "reasons": reasons}, phones)[
        "references"
    ]
    return cited


def _stands_over(standing: TriageReading, checkin: CheckIn, result: dict[str, Any]) -> bool:
    """Another reading's advice outranks this check-in's own: more urgent, or thoughts of
    self-harm that this check-in's own answers did not report."""
    if standing.source == "checkin" and standing.ref == checkin.pk:
        return False
    more_urgent = level_rank(standing.level) < level_rank(cast(Level, checkin.safety_level))
    return more_urgent or (standing.crisis and not result.get("crisis"))


@login_required
@require_GET
def saved(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after a check-in: how today compares with yesterday, and the streak."""
    user = _user(request)
    checkin = get_object_or_404(CheckIn, pk=pk, user=user)
    if checkin.safety_level in ESCALATING_LEVELS:
        return _escalation_page(request, checkin)  # the home page links here while it stands
    is_today = checkin.day == local_today(user)
    hard = is_today and hard_pain(checkin.pain)
    context = {
        **standing_care(user),
        "checkin": checkin,
        "day_label": _nice_day(checkin.day),
        "is_today": is_today,
        "d": day_summary(user, checkin.day),
        "hard": hard,  # ease it now: not for a past day
        # Heat only where the plan's own safety screen offers it (not with reduced feeling).
        "heat_held": hard and heat_held_back(user),
        # Stress high today: the person's own relaxation item, as their plan gives it.
        "calm": _calm_item(user) if is_today and not hard and high_stress(checkin.stress) else None,
    }
    return TemplateResponse(request, "diary/saved.html", context)


def _calm_item(user: User) -> dict[str, str] | None:
    """The first breathing or relaxation item of the person's current plan (one pinned to
    their toolbox first) that their screen does not hold back now, with its dose and grade;
    None with no such item, or while the plan is paused for care."""
    plan = latest_plan(user)
    body = plan.body if plan is not None and isinstance(plan.body, dict) else {}
    items = [i for i in body.get("relaxation") or [] if isinstance(i, dict) and i.get("slug")]
    if body.get("status") == "care_first" or not items:
        return None
    reasons = safety_reasons(user)
    pinned = set(pinned_slugs(user))
    items.sort(key=lambda i: i["slug"] not in pinned)  # stable: the plan's order otherwise
    for item in items:
        if not for_you(item["slug"], reasons).held_back:
            return {
                "title": str(item.get("title") or item["slug"]),
                "dose": str(item.get("dose") or "").rstrip("."),
                "grade": str(item.get("grade") or ""),
                "grade_label": grade_word(str(item.get("grade") or "")),
                "href": f"/exercises/{item['slug']}/" if item.get("kind") == "exercise" else "",
            }
    return None


@login_required
@require_POST
def delete_entry(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(CheckIn, pk=pk, user=_user(request))
    delete_checkin_by_id(_user(request), checkin.pk)
    when = timezone.localtime(checkin.recorded_at)
    messages.success(request, f"Deleted your check-in of {_nice_day(checkin.day)} at {when:%H:%M}.")
    return redirect(day_url(checkin.day))  # back to the day it was on, not to this month


@login_required
@require_POST
def delete(request: HttpRequest, day: date, moment: str) -> HttpResponse:
    if not delete_checkin(_user(request), day, moment):
        raise Http404("No check-in for that day and moment.")
    messages.success(request, f"Deleted your {moment_label(moment)} check-in for {_nice_day(day)}.")
    return redirect("diary:history")


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """The diary a month at a time (``?month=YYYY-MM``, default this month); ``?day=`` goes
    to a day, unfolded; ``?open=`` unfolds a day of the month shown."""
    user = _user(request)
    today = local_today(user)
    if "day" in request.GET:
        day = _jump_day(request, today, user)
        return redirect(day_url(day) if day else "diary:history")
    first = _month_asked(request, today, user)
    if first is None:
        return redirect("diary:history")
    names = {a.slug: a.name for a in activity_choices()}
    chosen = _open_day(request, first)
    context = {
        "month": build_month(user, first, today, names, chosen=chosen),
        "jump": JumpForm(initial={"day": chosen or today}, today=today),
        "escalating": ESCALATING_LEVELS,
        "logged_today": CheckIn.objects.filter(user=user, day=today).exists(),
    }
    return TemplateResponse(request, "diary/history.html", context)


def _month_asked(request: HttpRequest, today: date, user: User) -> date | None:
    """The month to show: ``?month=``, or the month of ``?until=`` (the older address of a
    page of the diary), or this one. None (with a message saying why) when it cannot be."""
    raw = request.GET.get("month") or request.GET.get("until", "")[:7]
    if not raw:
        return today.replace(day=1)
    first = parse_month(raw)
    if first is None:
        messages.error(request, "Choose a month as YYYY-MM, for example 2026-11.")
        return None
    if first > today:
        messages.error(
            request, f"{first:%B %Y} has not begun yet: choose this month or an earlier one."
        )
        return None
    if first < earliest_day(user.year_of_birth):
        messages.error(request, f"{first:%B %Y} is too long ago for a diary; check the year.")
        return None
    return first


def _open_day(request: HttpRequest, first: date) -> date | None:
    """``?open=``: a day of the month shown, to unfold; anything else is ignored."""
    try:
        day = date.fromisoformat(request.GET.get("open", ""))
    except ValueError:
        return None
    return day if (day.year, day.month) == (first.year, first.month) else None


# --- episodes -----------------------------------------------------------------------------

#: The flare just logged from this browser, which "Undo" may take back.
UNDO_KEY = "flare_just_logged"
#: How long "Undo" stays offered after logging a flare: long enough for a mis-tap to be
#: noticed, short enough that a real flare someone lives with is not deleted by accident.
UNDO_MINUTES = 60


def _undoable(request: HttpRequest, current: SpasmEpisode | None) -> SpasmEpisode | None:
    """The running flare this browser has just logged, if nothing was added to it since."""
    if current is None or request.session.get(UNDO_KEY) != current.pk:
        return None
    fresh = timezone.now() - current.started_at <= timedelta(minutes=UNDO_MINUTES)
    untouched = current.ended_at is None and not current.trigger and not current.notes
    return current if fresh and untouched else None


def _episodes_page(
    request: HttpRequest,
    *,
    start_form: StartEpisodeForm | None = None,
    end_form: EndEpisodeForm | None = None,
) -> HttpResponse:
    user = _user(request)
    reasons = safety_reasons(user)  # the calm items' cautions, and flare help's without a plan
    overview = episode_overview(user, reasons)
    current = overview.current.episode if overview.current else None
    context = {
        **(_paused(user) if overview.flare.source == "paused" else {}),
        "overview": overview,
        "start_form": start_form or StartEpisodeForm(),
        "end_form": end_form or EndEpisodeForm(),
        "calm": calm_items(reasons),
        "undoable": _undoable(request, current),
        "comparison": overview.comparison,
    }
    return TemplateResponse(request, "diary/episodes.html", context)


def _paused(user: User) -> dict[str, object]:
    """While the plan is paused for care: the triage that stands (``standing_care``), the
    plan's paused notice as the plan page gives it (``paused_plan``), in the same words, and
    warmth as the same-day result and the paused plan offer it while waiting to be seen
    (``while_you_wait``: never under an emergency, nor where the screen holds heat back)."""
    care = standing_care(user)
    standing = care.get("care")
    wait = while_you_wait(user, standing.level, crisis=standing.crisis) if standing else None
    return {
        "phones": phones_for_user(user),
        **care,
        "paused_plan": paused_plan(user),
        "wait": wait,
    }


@login_required
@require_GET
def episodes(request: HttpRequest) -> HttpResponse:
    """Flare help: calming help first; logging the flare is a separate, optional step."""
    return _episodes_page(request)


@login_required
@require_POST
def episode_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Undo" after logging a flare by mistake: deletes the flare this browser has just
    logged, and only while nothing has been added to it."""
    user = _user(request)
    episode = get_object_or_404(SpasmEpisode, pk=pk, user=user)
    if _undoable(request, episode) is None:
        messages.info(
            request,
            "This flare can no longer be undone here. End it when it is over; "
            "it stays in your list.",
        )
        return redirect("diary:episodes")
    with transaction.atomic():
        episode.delete()
        record_data_change(user.pk)
    request.session.pop(UNDO_KEY, None)
    messages.success(request, "Undone: that flare is not in your diary.")
    return redirect("diary:episodes")


@login_required
@require_POST
def episode_start(request: HttpRequest) -> HttpResponse:
    form = StartEpisodeForm(request.POST)
    if not form.is_valid():
        return _episodes_page(request, start_form=form)
    try:
        episode = begin_episode(_user(request), severity=form.cleaned_data["severity"])
    except EpisodeConflict as exc:
        messages.info(request, str(exc))
    else:
        request.session[UNDO_KEY] = episode.pk  # the page then offers "Undo"
        return redirect(reverse("diary:episodes") + "#this-flare")
    return redirect("diary:episodes")


@login_required
@require_POST
def episode_end(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(SpasmEpisode, pk=pk, user=_user(request))
    form = EndEpisodeForm(request.POST)
    if not form.is_valid():
        return _episodes_page(request, end_form=form)
    try:
        ended = end_episode(episode, **form.cleaned_data)
    except EpisodeConflict as exc:
        messages.info(request, str(exc))
    except EpisodeError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _episodes_page(request, end_form=form)
    else:
        request.session.pop(UNDO_KEY, None)
        messages.success(request, _ended_words(ended))
    return redirect("diary:episodes")


def _ended_words(episode: SpasmEpisode) -> str:
    """What ending a flare did, said where the page opens: the past flares are a long way
    down a phone's screen."""
    assert episode.ended_at is not None
    lasted = duration_text(episode.ended_at - episode.started_at)
    return (
        f"Flare ended: it lasted {lasted}, at worst {episode.severity}/10. "
        "It is under Past flares, at the end of this page."
    )
