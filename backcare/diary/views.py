"""Diary pages: the daily check-in, its history, and spasm or flare episodes.

Plain form posts and redirects; every query is filtered by the signed-in person.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backcare.accounts.models import User
from backcare.assessments.presenting import phones_for_user
from backcare.diary.activities import activities_for, activity_choices
from backcare.diary.checkins import (
    ESCALATING_LEVELS,
    CheckInError,
    SavedCheckIn,
    delete_checkin,
    local_now,
    local_today,
    moment_for,
    write_checkin,
)
from backcare.diary.episodes import EpisodeConflict, EpisodeError, end_episode, episode_overview
from backcare.diary.episodes import start_episode as begin_episode
from backcare.diary.forms import (
    SAFETY_PREFIX,
    CheckInForm,
    EndEpisodeForm,
    JumpForm,
    StartEpisodeForm,
    initial_from,
    moment_label,
)
from backcare.diary.models import CheckIn, SpasmEpisode

HISTORY_SIZE = 60


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _nice_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# --- check-ins ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def today(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "GET" and "day" in request.GET:
        return _jump(request)
    now = local_now(user)
    return _checkin_page(request, user, now.date(), moment_for(now.time()), choose_moment=True)


def _jump(request: HttpRequest) -> HttpResponse:
    form = JumpForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choose a day (YYYY-MM-DD) and a moment to fill in.")
        return redirect("diary:history")
    return redirect("diary:edit", day=form.cleaned_data["day"], moment=form.cleaned_data["moment"])


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, day: date, moment: str) -> HttpResponse:
    user = _user(request)
    if day > local_today(user):
        messages.error(
            request, f"{_nice_day(day)} has not happened yet: fill in today or an earlier day."
        )
        return redirect("diary:today")
    return _checkin_page(request, user, day, moment, choose_moment=False)


def _checkin_page(
    request: HttpRequest, user: User, day: date, moment: str, *, choose_moment: bool
) -> HttpResponse:
    existing = None
    if request.method == "POST":
        # Any known item may be ticked; the person's own order only matters if we re-render.
        form = CheckInForm(request.POST, activities=activity_choices(), choose_moment=choose_moment)
        if form.is_valid():
            saved = _save(form, user, day, moment)
            if saved is not None:
                return _after_save(request, saved)
        form.activities = activities_for(user)
    else:
        activities = activities_for(user)
        existing = (
            CheckIn.objects.filter(user=user, day=day, moment=moment)
            .prefetch_related("ratings")
            .first()
        )
        ratings = list(existing.ratings.all()) if existing else []
        initial = initial_from(existing, ratings, moment)
        form = CheckInForm(initial=initial, activities=activities, choose_moment=choose_moment)
    context = {
        "form": form,
        "day": day,
        "day_label": _nice_day(day),
        "moment": moment,
        "moment_label": moment_label(moment),
        "is_today": day == local_today(user),
        "existing": existing,
        "same_day": CheckIn.objects.filter(user=user, day=day).values_list("moment", "pain"),
    }
    return TemplateResponse(request, "diary/checkin.html", context)


def _save(form: CheckInForm, user: User, day: date, moment: str) -> SavedCheckIn | None:
    try:
        return write_checkin(user, form.checkin_data(day, moment))
    except CheckInError as exc:
        form.add_error(_form_field(form, exc.field), exc.message)
        return None


def _form_field(form: CheckInForm, field: str) -> str | None:
    if field.startswith("safety."):
        field = SAFETY_PREFIX + field.removeprefix("safety.")
    elif field.startswith("ratings"):
        field = "did"
    return field if field in form.fields else None


def _after_save(request: HttpRequest, saved: SavedCheckIn) -> HttpResponse:
    checkin = saved.checkin
    if checkin.safety_level in ESCALATING_LEVELS:
        # Shown at once and first on the screen: no redirect, and earlier notices are dropped
        # so that nothing comes before the escalation.
        for _notice in messages.get_messages(request):
            pass
        context = {
            "messages": (),
            "checkin": checkin,
            "result": checkin.safety_result,
            "day_label": _nice_day(checkin.day),
            "phones": phones_for_user(checkin.user),
        }
        return TemplateResponse(request, "diary/checkin_saved.html", context)
    verb = "Saved" if saved.created else "Updated"
    messages.success(
        request,
        f"{verb} your {moment_label(checkin.moment)} check-in for {_nice_day(checkin.day)}.",
    )
    return redirect("diary:history")


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
    user = _user(request)
    entries = CheckIn.objects.filter(user=user).order_by("-day", "-recorded_at")
    until = _until(request)
    if until is not None:
        entries = entries.filter(day__lte=until)
    page = list(entries.prefetch_related("ratings")[:HISTORY_SIZE])
    older = None
    if len(page) == HISTORY_SIZE:  # end the page on a whole day; that day starts the next page
        older = page[-1].day
        page = [entry for entry in page if entry.day > older]
    names = {a.slug: a.name for a in activity_choices()}
    context = {
        "entries": [(entry, _did(entry, names)) for entry in page],
        "older": older,
        "jump": JumpForm(initial={"day": local_today(user), "moment": "other"}),
        "escalating": ESCALATING_LEVELS,
    }
    return TemplateResponse(request, "diary/history.html", context)


def _did(entry: CheckIn, names: dict[str, str]) -> str:
    done = []
    for rating in entry.ratings.all():
        name = names.get(rating.item, rating.item)
        done.append(name if rating.relief is None else f"{name} (helped {rating.relief}/10)")
    return ", ".join(done)


def _until(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("until", ""))
    except ValueError:
        return None


# --- episodes -----------------------------------------------------------------------------


def _episodes_page(
    request: HttpRequest,
    *,
    start_form: StartEpisodeForm | None = None,
    end_form: EndEpisodeForm | None = None,
) -> HttpResponse:
    context = {
        "overview": episode_overview(_user(request)),
        "start_form": start_form or StartEpisodeForm(),
        "end_form": end_form or EndEpisodeForm(),
    }
    return TemplateResponse(request, "diary/episodes.html", context)


@login_required
@require_GET
def episodes(request: HttpRequest) -> HttpResponse:
    return _episodes_page(request)


@login_required
@require_POST
def episode_start(request: HttpRequest) -> HttpResponse:
    form = StartEpisodeForm(request.POST)
    if not form.is_valid():
        return _episodes_page(request, start_form=form)
    try:
        begin_episode(_user(request), severity=form.cleaned_data["severity"])
    except EpisodeConflict as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, "Episode started. What can help right now is below.")
    return redirect("diary:episodes")


@login_required
@require_POST
def episode_end(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(SpasmEpisode, pk=pk, user=_user(request))
    form = EndEpisodeForm(request.POST)
    if not form.is_valid():
        return _episodes_page(request, end_form=form)
    try:
        end_episode(episode, **form.cleaned_data)
    except EpisodeConflict as exc:
        messages.info(request, str(exc))
    except EpisodeError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _episodes_page(request, end_form=form)
    else:
        messages.success(request, "Episode ended. It is in your list below.")
    return redirect("diary:episodes")
