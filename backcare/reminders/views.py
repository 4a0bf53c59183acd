"""The reminders page and the links reminders carry (done, snooze, unsubscribe, calendar).

Links that arrive by e-mail or push work without signing in: each carries a signed token
that names one person (unsubscribe) or one occurrence (done/snooze), and nothing else.
"""

from __future__ import annotations

import copy
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from backcare.accounts.models import User
from backcare.reminders import calendar, calendar_link, calendar_routes, trial_sends
from backcare.reminders.calendar_routes import webcal
from backcare.reminders.forms import QuietHoursForm, ReminderForm
from backcare.reminders.page import reminder_cards
from backcare.reminders.paused import paused_context
from backcare.reminders.push import application_server_key
from backcare.reminders.service import (
    masked_address,
    preferences_for,
    read_respond_token,
    read_unsubscribe_token,
    reminders_for,
    respond,
    set_email,
)
from backcare.reminders.texts import anti_nap_context, not_for_you, text_for

ICS_TYPE = "text/calendar; charset=utf-8"
#: The session key of the confirmation the next page shows in the section it opens on.
NOTICE = "reminders_notice"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _page(
    request: HttpRequest,
    *,
    invalid: ReminderForm | None = None,
    quiet_form: QuietHoursForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    prefs = preferences_for(user)
    saved = reminders_for(user)
    forms = [
        invalid
        if invalid is not None and invalid.instance.pk == r.pk
        # "Set up and turn on" opens with "Remind me" ticked: saving turns the reminder on
        else ReminderForm(instance=r, prefix=r.kind, initial={"enabled": True})
        for r in saved
    ]
    notice = request.session.pop(NOTICE, None)
    secret = calendar_link.link_secret(prefs)
    feed = request.build_absolute_uri(reverse("reminders:feed", args=[secret])) if secret else ""
    paused = paused_context(user)
    context = {
        **paused,
        "cards": reminder_cards(forms, prefs, timezone.now(), paused=paused["paused"]),
        "webcal_url": webcal(feed),
        "google_url": calendar_routes.google_subscribe(feed),
        # both ways are always shown; the device only says which comes first
        "calendar_routes": calendar_routes.order(request.headers.get("User-Agent", "")),
        # the calendar holds only reminders that are on with "calendar" ticked
        "calendar_on": any(r.enabled and r.by_calendar for r in saved),
        "quiet_form": quiet_form or QuietHoursForm(instance=prefs),
        "prefs": prefs,
        "feed_url": feed,
        "earlier_link_works": bool(prefs.legacy_feed_hash),
        "push_key": application_server_key(),
        "devices": user.push_subscriptions.count(),
        "time_zone": user.time_zone,
        "notice": notice,
        **anti_nap_context(user),
    }
    response = TemplateResponse(request, "reminders/settings.html", context, status=status)
    patch_vary_headers(response, ["User-Agent"])  # the calendar's ways come in its order
    return response


def back_to(request: HttpRequest, section: str, text: str, *, ok: bool = True) -> HttpResponse:
    """Back to the page, opened on ``section``, with ``text`` shown inside it: the page
    scrolls to the section, so a message at the top of the page would be out of view."""
    request.session[NOTICE] = {"section": section, "text": text, "ok": ok}
    return redirect(f"{reverse('reminders:settings')}#{section}")


@login_required
@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def save_reminder(request: HttpRequest, kind: str) -> HttpResponse:
    reminder = next((r for r in reminders_for(_user(request)) if r.kind == kind), None)
    if reminder is None:
        raise Http404("No such reminder.")
    # The form checks a copy: its card goes on saying how the reminder stands, not how
    # the refused answers would have set it ("On · no channel").
    form = ReminderForm(request.POST, instance=copy.copy(reminder), prefix=kind)
    if not form.is_valid():
        form.instance = reminder
        return _page(request, invalid=form, status=422)
    if form.cleaned_data["enabled"] and not reminder.enabled and kind in not_for_you(reminder.user):
        # Not offered to them (a page opened before their back check still had the form).
        text = f"Not turned on: {reminder.get_kind_display().lower()} may not suit you now."
        return back_to(request, kind, text, ok=False)
    changed = form.save(commit=False)
    changed.since = timezone.now()  # nothing from before this change falls due
    changed.snoozed_until = None
    changed.save()
    if changed.by_email:
        set_email(changed.user, on=True)
    state = "on" if changed.enabled else "off"
    return back_to(request, kind, f"Saved: {changed.get_kind_display()} {state}.")


@login_required
@require_POST
def save_quiet_hours(request: HttpRequest) -> HttpResponse:
    form = QuietHoursForm(request.POST, instance=preferences_for(_user(request)))
    if not form.is_valid():
        return _page(request, quiet_form=form, status=422)
    form.save()
    return back_to(request, "quiet", "Saved when you usually sleep.")


@login_required
@require_POST
def test_channel(request: HttpRequest, channel: str) -> HttpResponse:
    user = _user(request)
    if channel == "calendar":
        return _ics(trial_sends.test_calendar(user), "backcare-test.ics")
    if channel == "push":
        sent = trial_sends.test_push(user)
        where = "to this device" if sent else ""
    elif channel == "email":
        sent = trial_sends.test_email(user)
        where = f"to {user.email}"
    else:
        raise Http404("No such channel.")
    if sent:
        text = f"Test reminder sent {where}. It should arrive within a minute."
        return back_to(request, "channels", text)
    return back_to(request, "channels", trial_sends.failure_hint(channel), ok=False)


# --- links from reminders (no sign-in needed) ---------------------------------------------


@csrf_exempt  # the signed token is the authority; the service worker posts without a form
@require_http_methods(["GET", "POST"])
def respond_view(request: HttpRequest, token: str) -> HttpResponse:
    occurrence = read_respond_token(token)
    if occurrence is None:
        raise Http404("This reminder link has expired or is not valid.")
    context: dict[str, object] = {
        "occurrence": occurrence,
        "token": token,
        "recorded": "",
        "text": text_for(occurrence.reminder.user, occurrence.reminder.kind),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in {"done", "snooze"}:
            context["error"] = "Choose Done or Snooze."
            return TemplateResponse(request, "reminders/respond.html", context, status=422)
        respond(occurrence.reminder, occurrence.at, action)
        context["recorded"] = action
    local = occurrence.at.astimezone(occurrence.reminder.zone)  # may be signed out: no zone
    context["local"] = f"{local:%A} {local.day} {local:%B, %H:%M}"
    return TemplateResponse(request, "reminders/respond.html", context)


@csrf_exempt  # RFC 8058: mail apps post the one-click unsubscribe without a form
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link asks; a post stops the e-mails (the button, or a mail app's one-click
    post) or brings them back. Mail scanners that open every link change nothing."""
    user = read_unsubscribe_token(token)
    if user is None:
        raise Http404("This unsubscribe link is not valid, or has expired.")
    state = "ask"
    if request.method == "POST":
        resume = request.POST.get("action") == "resume"
        set_email(user, on=resume)
        state = "resumed" if resume else "stopped"
    context = {"token": token, "state": state, "email": masked_address(user.email)}
    return TemplateResponse(request, "reminders/unsubscribed.html", context)


# --- calendar -----------------------------------------------------------------------------


def _ics(body: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_TYPE)
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe  # calendar apps probe the link with HEAD before they fetch it
def feed(request: HttpRequest, token: str) -> HttpResponse:
    prefs = calendar_link.preferences_for_link(token)
    if prefs is None:
        raise Http404("This calendar link was turned off or replaced.")
    return _ics(calendar.ics_bytes(prefs.user), "backcare.ics", attachment=False)


@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    return _ics(calendar.ics_bytes(_user(request)), "backcare-reminders.ics")


@login_required
@require_POST
def feed_link(request: HttpRequest) -> HttpResponse:
    prefs = preferences_for(_user(request))
    if request.POST.get("action") == "off":
        calendar_link.turn_off_link(prefs)
        text = "Calendar link turned off. Calendars using it stop updating."
    elif not prefs.feed_nonce:
        calendar_link.replace_link(prefs)
        button = calendar_routes.first_button(request.headers.get("User-Agent", ""))
        text = f"Your calendar link is ready: tap {button}."
    else:
        calendar_link.replace_link(prefs)
        text = "New calendar link made. Any older link no longer works."
    return back_to(request, "calendar", text)
