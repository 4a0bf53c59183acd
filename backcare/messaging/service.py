"""Send and read messages on a care link; unread counts for badges and lists.

Sending needs an active link. After the patient stops sharing, the patient still reads the
conversation but neither side can send, and the clinician sees none of it (their pages go
through ``linking.linked_patient``, which refuses a revoked link).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from backcare.accounts.models import User
from backcare.care.models import CareLink
from backcare.domain.message_warnings import matched_rules
from backcare.domain.messages import MessageError, clean_body
from backcare.messaging.models import Conversation, Message


class SharingStopped(MessageError):
    """The patient stopped sharing: the conversation is read only."""


PATIENT = Message.Sender.PATIENT
CLINICIAN = Message.Sender.CLINICIAN


def role_of(link: CareLink, user: User) -> str:
    """Which side of the link this person is on; anyone else has no place in it."""
    if user.pk == link.patient_id:
        return PATIENT
    if user.pk == link.clinician_id:
        return CLINICIAN
    raise PermissionError("only the link's patient and clinician take part in its conversation")


def other_side(role: str) -> str:
    return CLINICIAN if role == PATIENT else PATIENT


def conversation_for(link: CareLink) -> Conversation:
    conversation, _ = Conversation.objects.get_or_create(
        link=link, defaults={"clinician_name": link.clinician_name}
    )
    return conversation


def send_message(link: CareLink, sender: User, text: str) -> Message:
    """Store the message and queue its notification in one transaction. A patient's message
    keeps the red-flag rules its words point to (``matched_rules``): a safety net, not triage.

    Raises MessageError for an empty, too long or unreadable text, or a link no longer active.
    """
    from backcare.messaging.notify import notify_new_message

    body = clean_body(text)
    role = role_of(link, sender)
    warnings = " ".join(matched_rules(body)) if role == PATIENT else ""
    with transaction.atomic():
        if not CareLink.objects.active().filter(pk=link.pk).exists():
            raise SharingStopped("Sharing has stopped, so no new messages can be sent here.")
        conversation = conversation_for(link)
        message = Message.objects.create(
            conversation=conversation, sender=role, body=body, warning_rules=warnings
        )
        if role == CLINICIAN:
            _handled_by_reply(conversation, message, sender)
        # With the database queue this row commits with the message, or not at all. A
        # message that may describe a warning sign is named: it has a notice of its own.
        if warnings:
            notify_new_message.enqueue(conversation.pk, other_side(role), message.pk)
        else:
            notify_new_message.enqueue(conversation.pk, other_side(role))
    return message


def _handled_by_reply(conversation: Conversation, reply: Message, clinician: User) -> None:
    """A clinician's reply handles the warnings of the patient's messages they had read
    before it. One that came in after they opened the conversation, unseen, stays open."""
    Message.objects.open_warnings().filter(
        conversation=conversation, read_at__isnull=False, sent_at__lte=reply.sent_at
    ).update(
        handled_at=reply.sent_at,
        handled_by=clinician,
        handled_how=Message.Handled.REPLIED,
    )


def mark_handled(link: CareLink, clinician: User, message_id: int) -> Message:
    """The clinician marks a patient's message that may describe a warning sign as handled:
    it leaves their list of needs, and its thread says by whom and when. Marking one already
    handled changes nothing. Message.DoesNotExist for any other message."""
    if role_of(link, clinician) != CLINICIAN:
        raise PermissionError("only the link's clinician handles its messages")
    flagged = Message.objects.filter(
        conversation__link=link, pk=message_id, sender=PATIENT
    ).exclude(warning_rules="")
    message = flagged.get()
    if message.handled_at is None:
        flagged.filter(handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=clinician, handled_how=Message.Handled.MARKED
        )
        message.refresh_from_db()
    return message


def read_conversation(link: CareLink, reader: User) -> list[Message]:
    """Every message of the link, oldest first; the reader's unread ones are marked read."""
    role = role_of(link, reader)
    conversation = Conversation.objects.filter(link=link).first()
    if conversation is None:
        return []
    Message.objects.filter(
        conversation=conversation, sender=other_side(role), read_at__isnull=True
    ).update(read_at=timezone.now())
    return list(conversation.messages.all())


def unread_for(user: User) -> int:
    """Messages waiting for this person, over every conversation they can still open."""
    if user.is_clinician:
        return Message.objects.filter(
            conversation__link__in=CareLink.objects.active().filter(clinician=user),
            sender=PATIENT,
            read_at__isnull=True,
        ).count()
    return Message.objects.filter(
        conversation__link__patient=user, sender=CLINICIAN, read_at__isnull=True
    ).count()


def _with_counts(links: QuerySet[CareLink], incoming: str) -> QuerySet[CareLink]:
    messages = "conversation__messages"
    unread = Q(**{f"{messages}__sender": incoming, f"{messages}__read_at__isnull": True})
    open_warning = Q(
        **{f"{messages}__sender": PATIENT, f"{messages}__handled_at__isnull": True}
    ) & ~Q(**{f"{messages}__warning_rules": ""})
    return links.annotate(
        unread=Count(messages, filter=unread),
        open_warnings=Count(messages, filter=open_warning),
        message_count=Count(messages),
        last_message_at=Max(f"{messages}__sent_at"),
    )


def patient_conversations(patient: User) -> list[CareLink]:
    """Links the patient can message on or read: active ones, and stopped ones with history."""
    links = CareLink.objects.filter(patient=patient, accepted_at__isnull=False).filter(
        Q(revoked_at__isnull=True) | Q(conversation__isnull=False)
    )
    annotated = _with_counts(links.select_related("clinician", "conversation"), CLINICIAN)
    return list(annotated.order_by("-unread", "-last_message_at", "-accepted_at"))


def clinician_conversations(clinician: User) -> list[CareLink]:
    """The clinician's active links that hold messages: those with a message that may
    describe a warning sign not yet handled first, then unread, then newest."""
    links = CareLink.objects.active().filter(clinician=clinician, conversation__isnull=False)
    annotated = _with_counts(links.select_related("patient"), PATIENT)
    return list(annotated.order_by("-open_warnings", "-unread", "-last_message_at"))


def patient_link(patient: User, link_id: int) -> CareLink:
    """The patient's own accepted link (active or stopped); CareLink.DoesNotExist otherwise."""
    return CareLink.objects.select_related("clinician", "conversation").get(
        pk=link_id, patient=patient, accepted_at__isnull=False
    )


def talk_urls_for(patient: User) -> dict[int, str]:
    """The patient's conversation page with each clinician they share with, by clinician id."""
    links = CareLink.objects.active().filter(patient=patient).values_list("clinician_id", "pk")
    return {clinician: reverse("messaging:conversation", args=[pk]) for clinician, pk in links}


def conversation_url_for(patient: User, clinician: User, *, for_clinician: bool = False) -> Any:
    """Where the two talk: the patient's page, or with ``for_clinician`` the clinician's.

    None when they have no active link (nothing to talk on).
    """
    link = CareLink.objects.active().filter(patient=patient, clinician=clinician).first()
    if link is None:
        return None
    if for_clinician:
        return reverse("messaging:clinician_conversation", args=[patient.pk])
    return reverse("messaging:conversation", args=[link.pk])
