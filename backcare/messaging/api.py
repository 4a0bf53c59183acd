"""Messages in the JSON API: /api/care/messages... (the patient) and
/api/clinician/patients/{id}/messages (two factors). Reading a conversation marks it read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from backcare.api.errors import invalid
from backcare.api.input import StrictInput
from backcare.assessments.presenting import phones_for_user
from backcare.care import linking
from backcare.care.api import verified_clinician
from backcare.care.models import CareLink
from backcare.domain.messages import MAX_LENGTH, MessageError
from backcare.domain.phones import Phones
from backcare.domain.triage import level_rank, most_urgent, rule_book
from backcare.messaging import service
from backcare.messaging.models import Message
from backcare.messaging.warnings import warning_prompt
from backcare.questionnaires.schemas import CrisisOut, crisis_out

patient_router = Router(tags=["care team"])
clinician_router = Router(tags=["clinician"])

NOT_FOR_EMERGENCIES = (
    "Messages are not for emergencies and replies may take a few days. "
    "If you need help now, call {number}."
)


class ConversationSummaryOut(Schema):
    link_id: int
    clinician: str
    can_send: bool = Field(description="False once sharing has stopped: read only")
    unread: int
    message_count: int
    last_message_at: datetime | None


class ChatMessageOut(Schema):
    id: int
    sender: str = Field(description="patient or clinician")
    mine: bool
    body: str = Field(description="Plain text; line breaks are \\n")
    sent_at: datetime
    read_at: datetime | None = Field(description="When the recipient opened it")


class WarningRuleOut(Schema):
    id: str = Field(description="The red-flag rule's id in red_flags.toml")
    title: str
    level: str = Field(description="emergency, urgent or soon")
    advice: str = Field(description="The rule's advice, in the words of the sender's place")


class MessageWarningOut(Schema):
    heading: str
    text: str = Field(description="The message is sent, but do not wait for a reply")
    if_not: str = Field(description="Said last: nothing more to do if the sign is not there")
    rule_ids: list[str] = Field(description="Every matched rule, most urgent first")
    level: str = Field(description="The most urgent level among them")
    action: str = Field(
        description="What to do at that level, in the sender's place words (under the call)"
    )
    call_number: str | None = Field(
        description="The emergency number for an emergency, the urgent line for urgent "
        "(when the place has one); otherwise null"
    )
    call_label: str | None = Field(description="The call button's words, as on the page")
    rules: list[WarningRuleOut] = Field(
        description="Each matched rule's advice, most urgent first; thoughts of self-harm "
        "are told by crisis instead"
    )
    crisis: CrisisOut | None = Field(description="The crisis text, for thoughts of self-harm")
    back_check_url: str | None = Field(
        description="The back check's page, to see what to do about each sign; null when "
        "only crisis matched"
    )


class SentMessageOut(ChatMessageOut):
    warning: MessageWarningOut | None = Field(
        description="What the messages page shows the sender at once when the message's words "
        "may describe a warning sign; null for any other message. A safety net, not triage"
    )


HANDLED_AT = (
    "On a patient's message whose words may describe a warning sign: when the clinician "
    "handled it; null until then, and for any other message"
)
HANDLED_HOW = (
    "marked (the clinician marked it handled) or replied (they replied after reading it); "
    "null while not handled, and for any other message"
)


class PatientMessageOut(ChatMessageOut):
    warning: MessageWarningOut | None = Field(
        description="On the patient's own message whose words may describe a warning sign: "
        "the advice the messages page showed them at once, as in the answer to sending it; "
        "null for any other message"
    )
    handled_at: datetime | None = Field(description=HANDLED_AT)
    handled_how: str | None = Field(description=HANDLED_HOW)


class WarningMarkRuleOut(Schema):
    id: str = Field(description="The red-flag rule's id in red_flags.toml")
    title: str
    level: str = Field(description="emergency, urgent or soon")


class MessageWarningMarkOut(Schema):
    rule_ids: list[str] = Field(description="Every matched rule, most urgent first")
    level: str = Field(description="The most urgent level among them")
    rules: list[WarningMarkRuleOut] = Field(
        description="Each matched rule's title, most urgent first (thoughts of self-harm "
        "included): what the clinician's page marks on the message"
    )


class ClinicianMessageOut(ChatMessageOut):
    warning: MessageWarningMarkOut | None = Field(
        description="On a patient's message whose words may describe a warning sign: the "
        "red-flag rules they point to, as the clinician's page marks it (the patient was "
        "shown their advice at once). A list of words can miss a sign and can mark a message "
        "that only mentions one; null for any other message"
    )
    handled_at: datetime | None = Field(description=HANDLED_AT)
    handled_how: str | None = Field(description=HANDLED_HOW)
    needs_handling: bool = Field(
        description="True for a patient's message whose words may describe a warning sign "
        "that the clinician has not handled yet (reading it is not handling it): it counts "
        "among the patient's needs until marked handled or replied to after reading"
    )


class _ConversationOut(Schema):
    link_id: int
    with_name: str
    can_send: bool
    emergency_number: str
    not_for_emergencies: str


class PatientConversationOut(_ConversationOut):
    messages: list[PatientMessageOut]


class ClinicianConversationOut(_ConversationOut):
    messages: list[ClinicianMessageOut]


class NewMessageIn(StrictInput):
    body: str = Field(description=f"Plain text, 1-{MAX_LENGTH} characters")


def _message(message: Message, role: str) -> dict[str, Any]:
    return {
        "id": message.pk,
        "sender": message.sender,
        "mine": message.sender == role,
        "body": message.body,
        "sent_at": message.sent_at,
        "read_at": message.read_at,
    }


def _handled(message: Message) -> dict[str, Any]:
    """When and how a patient's flagged message was handled (nulls for any other message)."""
    return {"handled_at": message.handled_at, "handled_how": message.handled_how or None}


def _needs_handling(message: Message) -> bool:
    return (
        message.sender == service.PATIENT
        and bool(message.warning_rules)
        and message.handled_at is None
    )


def _for_clinician(message: Message) -> dict[str, Any]:
    """A message as the clinician's API reads it: the mark, and whether it is handled."""
    return {
        **_message(message, service.CLINICIAN),
        "warning": _warning_mark(message),
        **_handled(message),
        "needs_handling": _needs_handling(message),
    }


def _warning(message: Message, phones: Phones, patient: Any) -> dict[str, Any] | None:
    """The page's warning prompt for ``patient``'s sent message, as data (None: no match)."""
    if message.sender != service.PATIENT or not message.warning_rules:
        return None
    prompt = warning_prompt(message.warning_rule_ids, phones, patient)
    if prompt is None:
        return None
    emergency = prompt.level == "emergency"
    if emergency:
        number, label = phones.emergency, f"Call {phones.emergency} now"
    elif prompt.level == "urgent" and phones.urgent:
        number, label = phones.urgent, f"Call {phones.urgent_name} ({phones.urgent})"
    else:
        number = label = ""
    book = rule_book(phones)
    by_id = {rule.id: rule for rule in book.rules}
    matched = [i for i in message.warning_rule_ids if i in by_id]
    return {
        "heading": prompt.heading,
        "text": prompt.text,
        "if_not": prompt.if_not,
        "rule_ids": sorted(matched, key=lambda i: level_rank(by_id[i].level)),
        "level": prompt.level,
        "action": book.levels["emergency"].after_call if emergency else prompt.action,
        "call_number": number or None,
        "call_label": label or None,
        "rules": [
            {"id": r.id, "title": r.title, "level": r.level, "advice": r.advice}
            for r in prompt.rules
        ],
        "crisis": crisis_out(prompt.crisis) if prompt.crisis else None,
        "back_check_url": reverse("assessments:start") if prompt.rules else None,
    }


def _warning_mark(message: Message) -> dict[str, Any] | None:
    """The clinician's mark on a patient's message that may describe a warning sign (None: no
    match, or only rules no longer in the rule book)."""
    if message.sender != service.PATIENT or not message.warning_rules:
        return None
    by_id = {rule.id: rule for rule in rule_book().rules}
    rules = sorted(
        (by_id[i] for i in message.warning_rule_ids if i in by_id),
        key=lambda rule: level_rank(rule.level),
    )
    if not rules:
        return None
    return {
        "rule_ids": [rule.id for rule in rules],
        "level": most_urgent([rule.level for rule in rules]),
        "rules": [{"id": r.id, "title": r.title, "level": r.level} for r in rules],
    }


def _conversation(link: CareLink, reader: Any, with_name: str, phones_of: Any) -> dict[str, Any]:
    """The conversation as its reader may see it: the patient gets the advice shown for their
    own flagged messages, the clinician the mark on the patient's."""
    role = service.role_of(link, reader)
    phones = phones_for_user(phones_of)
    number = phones.emergency
    messages = []
    for m in service.read_conversation(link, reader):
        if role == service.PATIENT:
            warning = _warning(m, phones, reader) if m.sender == role else None
            messages.append({**_message(m, role), "warning": warning, **_handled(m)})
        else:
            messages.append(_for_clinician(m))
    return {
        "link_id": link.pk,
        "with_name": with_name,
        "can_send": link.is_active,
        "emergency_number": number,
        "not_for_emergencies": NOT_FOR_EMERGENCIES.format(number=number),
        "messages": messages,
    }


def _store(link: CareLink, sender: Any, body: str) -> Message:
    try:
        return service.send_message(link, sender, body)
    except service.SharingStopped as stopped:
        raise HttpError(409, str(stopped)) from stopped
    except MessageError as problem:
        raise invalid(["body", "body"], str(problem)) from problem


def _send(link: CareLink, sender: Any, body: str) -> Status[Any]:
    message = _store(link, sender, body)
    return Status(201, _message(message, message.sender))


def _sent(link: CareLink, sender: Any, body: str) -> Status[Any]:
    """A patient's sent message, with the advice the page would show them at once."""
    message = _store(link, sender, body)
    warning = _warning(message, phones_for_user(sender), sender)
    return Status(201, {**_message(message, message.sender), "warning": warning})


def _patient_link(request: HttpRequest, link_id: int) -> CareLink:
    try:
        return service.patient_link(request.user, link_id)  # type: ignore[arg-type]
    except CareLink.DoesNotExist as missing:
        raise HttpError(404, "No conversation of yours has this number.") from missing


@patient_router.get("/messages", response=list[ConversationSummaryOut])
def list_conversations(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "link_id": link.pk,
            "clinician": link.clinician_name,
            "can_send": link.is_active,
            "unread": link.unread,  # type: ignore[attr-defined]
            "message_count": link.message_count,  # type: ignore[attr-defined]
            "last_message_at": link.last_message_at,  # type: ignore[attr-defined]
        }
        for link in service.patient_conversations(request.user)  # type: ignore[arg-type]
    ]


@patient_router.get("/messages/{link_id}", response=PatientConversationOut)
def get_conversation(request: HttpRequest, link_id: int) -> dict[str, Any]:
    link = _patient_link(request, link_id)
    return _conversation(link, request.user, link.clinician_name, request.user)


@patient_router.post("/messages/{link_id}", response={201: SentMessageOut})
def send_to_clinician(request: HttpRequest, link_id: int, payload: NewMessageIn) -> Status[Any]:
    link = _patient_link(request, link_id)
    return _sent(link, request.user, payload.body)


def _clinician_link(request: HttpRequest, patient_id: int, what: str) -> tuple[Any, CareLink]:
    clinician = verified_clinician(request)
    patient = linking.linked_patient(clinician, patient_id, what)
    link = linking.active_link(clinician, patient.pk)
    if link is None:
        raise HttpError(404, "No linked patient with this id.")
    return clinician, link


@clinician_router.get("/patients/{patient_id}/messages", response=ClinicianConversationOut)
def get_patient_messages(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    clinician, link = _clinician_link(request, patient_id, "read messages through the API")
    assert link.patient is not None
    return _conversation(link, clinician, link.patient.name, link.patient)


@clinician_router.post("/patients/{patient_id}/messages", response={201: ChatMessageOut})
def send_to_patient(request: HttpRequest, patient_id: int, payload: NewMessageIn) -> Status[Any]:
    clinician, link = _clinician_link(request, patient_id, "sent a message through the API")
    return _send(link, clinician, payload.body)


@clinician_router.post(
    "/patients/{patient_id}/messages/{message_id}/handled", response=ClinicianMessageOut
)
def mark_message_handled(request: HttpRequest, patient_id: int, message_id: int) -> dict[str, Any]:
    """Mark a patient's message that may describe a warning sign as handled, as "Mark as
    handled" on the page does: it leaves the patient's needs. Marking it again changes
    nothing; 404 for any other message."""
    clinician, link = _clinician_link(
        request, patient_id, "marked a message handled through the API"
    )
    try:
        message = service.mark_handled(link, clinician, message_id)
    except Message.DoesNotExist as missing:
        raise HttpError(
            404, "No message of this patient's that may describe a warning sign."
        ) from missing
    return _for_clinician(message)
