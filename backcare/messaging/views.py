"""Message pages: the patient's inbox and conversations (/care/messages/), and the
clinician's (/clinician/messages/, behind two factors). Plain forms; no JavaScript needed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from backcare.assessments.presenting import phones_for_user
from backcare.care import linking
from backcare.care.models import CareLink
from backcare.care.templatetags.patient_words import called
from backcare.care.twofactor import clinician_required
from backcare.domain.message_warnings import message_warnings
from backcare.domain.messages import MAX_LENGTH, MessageError
from backcare.messaging import service
from backcare.messaging.models import Message
from backcare.messaging.templatetags.message_words import clinician_for_patient, patient_heading
from backcare.messaging.warnings import WarningPrompt, warning_prompt

PREFILL_LENGTH = 200


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    patient: Any = request.user
    context = {
        "links": service.patient_conversations(patient),
        "phones": phones_for_user(patient),
    }
    return TemplateResponse(request, "messaging/inbox.html", context)


@login_required
def conversation(request: HttpRequest, link_id: int) -> HttpResponse:
    patient: Any = request.user
    try:
        link = service.patient_link(patient, link_id)
    except CareLink.DoesNotExist as missing:
        raise Http404("No conversation of yours has this number.") from missing
    url = reverse("messaging:conversation", args=[link.pk])
    phones = phones_for_user(patient)
    extra = {
        "other_name": clinician_for_patient(link),  # "your clinician" if they gave no name
        "heading_name": clinician_for_patient(link),
        "phones": phones,
        "notice": message_warnings().notice_for(phones),
    }
    return _converse(request, link, url, extra)


@clinician_required
def clinician_inbox(request: HttpRequest) -> HttpResponse:
    clinician: Any = request.user
    links = service.clinician_conversations(clinician)
    linking.record_list_access(
        clinician,
        [link.patient for link in links if link.patient],
        "saw message count on the messages list",
    )
    return TemplateResponse(request, "messaging/clinician_inbox.html", {"links": links})


@clinician_required
def clinician_conversation(request: HttpRequest, patient_id: int) -> HttpResponse:
    clinician: Any = request.user
    what = "sent a message" if request.method == "POST" else "read messages"
    patient = linking.linked_patient(clinician, patient_id, what)
    link = linking.active_link(clinician, patient.pk)
    if link is None:  # revoked between the two lookups
        raise Http404("No linked patient with this id.")
    url = reverse("messaging:clinician_conversation", args=[patient.pk])
    extra = {
        "other_name": called(patient),  # in sentences: "this patient" if they gave no name
        "heading_name": patient_heading(patient),  # identified: "patient bc-…"
        "patient": patient,
        "phones": phones_for_user(patient),
    }
    return _converse(request, link, url, extra)


@clinician_required
@require_POST
def mark_handled(request: HttpRequest, patient_id: int, message_id: int) -> HttpResponse:
    """ "Mark as handled" beside a patient's message that may describe a warning sign: it
    stops counting as a need on the clinician's list (reading it does not)."""
    clinician: Any = request.user
    patient = linking.linked_patient(clinician, patient_id, "marked a message handled")
    link = linking.active_link(clinician, patient.pk)
    if link is None:  # revoked between the two lookups
        raise Http404("No linked patient with this id.")
    try:
        service.mark_handled(link, clinician, message_id)
    except Message.DoesNotExist as missing:
        raise Http404("No message of this patient's that may describe a warning sign.") from missing
    url = reverse("messaging:clinician_conversation", args=[patient.pk])
    return redirect(f"{url}#warning-{message_id}")


def _converse(
    request: HttpRequest, link: CareLink, url: str, extra: dict[str, Any]
) -> HttpResponse:
    """Send (POST, then back to the page) or show the conversation, marking it read."""
    user: Any = request.user
    # ?text= starts a draft, e.g. from a "Talk about this" link on another page.
    error, text = "", request.GET.get("text", "")[:PREFILL_LENGTH]
    if request.method == "POST":
        text = request.POST.get("body", "")
        try:
            sent = service.send_message(link, user, text)
        except MessageError as problem:
            error = str(problem)
        else:
            if sent.warning_rules and sent.sender == service.PATIENT:
                return redirect(f"{url}?warned={sent.pk}#warning")
            return redirect(url + "#latest")
    messages_list = service.read_conversation(link, user)
    context = {
        **extra,
        "link": link,
        "role": service.role_of(link, user),
        "messages_list": messages_list,
        "warning": _warning(request, messages_list, extra.get("phones")),
        # The first message still waiting for the clinician to handle it ("#flagged").
        "flagged_id": next(
            (m.pk for m in messages_list if m.warning_rules and m.handled_at is None), None
        ),
        "can_send": link.is_active,
        "error": error,
        "text": text,
        "max_length": MAX_LENGTH,
        "action": url,
    }
    template = (
        "messaging/clinician_conversation.html"
        if user.is_clinician
        else "messaging/conversation.html"
    )
    return TemplateResponse(request, template, context, status=422 if error else 200)


def _warning(
    request: HttpRequest, messages_list: list[Message], phones: Any
) -> WarningPrompt | None:
    """The prompt for the patient's own message ``?warned=`` names, if its words matched a
    warning sign: shown after sending, and again from the message's note."""
    user: Any = request.user
    warned = request.GET.get("warned", "")
    if user.is_clinician or not warned.isdigit():
        return None
    for message in messages_list:
        if message.pk == int(warned) and message.sender == service.PATIENT:
            return warning_prompt(message.warning_rule_ids, phones, user)
    return None
