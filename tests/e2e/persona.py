"""A patient with some of everything, so every page of the audit shows its full markup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backcare.assessments.intake import assess
from backcare.care.linking import accept_invitation, create_invitation
from backcare.diary.episodes import end_episode, start_episode
from backcare.diary.models import CheckIn
from backcare.domain.findings import red_flag_ids
from backcare.messaging.service import send_message
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user

LIFTING = {
    "age": 35,
    "where": ["lower_back"],
    "feel": ["pain", "stiffness"],
    "onset": "sudden_movement",
    "onset_days_ago": 2,
    "intensity_now": 6,
    "triggers": ["lifting"],
    "unaccustomed_activity": "yes",
}
# One red flag answered "yes" for each level; the self-care one is stored last (the latest).
LEVEL_ANSWERS = {
    "emergency": {"bladder_change": "yes"},
    "urgent": {"fever": "yes"},
    "soon": {"numbness_tingling": "yes"},
    "self_care": {},
}
PHQ9_CALM = dict.fromkeys(
    ("interest", "down", "sleep", "tired", "appetite", "feeling_bad", "concentrating", "moving"),
    1,
)


@dataclass(frozen=True)
class Persona:
    session_cookie: str
    result_ids: dict[str, int]  # assessment id by level
    phq9_ids: dict[str, int]  # "calm" and "crisis" responses
    checkin_day: date
    reset_path: str  # a valid password-reset link
    link_id: int | None = None  # with_clinician: the care link, a message each way


def create_persona(*, with_clinician: bool = False) -> Persona:
    user = make_user("audra", display_name="Audra", year_of_birth=1985, sex="female")
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            day=today - timedelta(days=d),
            moment="evening",
            pain=3 + d % 4,
            stiffness=2 + d % 3,
            stress=d % 6,
            sleep_hours=6.5 + d % 3,
        )
        for d in range(1, 22)
    )
    base = {**dict.fromkeys(red_flag_ids(), "no"), **LIFTING}
    results = {level: assess(user, {**base, **extra}).pk for level, extra in LEVEL_ANSWERS.items()}
    calm = record_response(
        user,
        "phq9",
        {**PHQ9_CALM, "thoughts_self_harm": 0},
        taken_at=timezone.now() - timedelta(days=14),
    )
    crisis = record_response(user, "phq9", {**PHQ9_CALM, "thoughts_self_harm": 1})
    past = start_episode(user, severity=6, started_at=timezone.now() - timedelta(days=5))
    end_episode(past, ended_at=timezone.now() - timedelta(days=4))
    start_episode(user, severity=5, started_at=timezone.now() - timedelta(hours=2))
    link = None
    if with_clinician:
        clinician = make_user("lee", role="clinician", display_name="Dr Lee")
        link = accept_invitation(create_invitation(clinician), user)
        send_message(link, clinician, "How did the walk go?")
        send_message(link, user, "Better, thank you.\nA little stiff in the morning.")
    client = Client()
    client.force_login(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return Persona(
        session_cookie=client.cookies["sessionid"].value,
        result_ids=results,
        phq9_ids={"calm": calm.pk, "crisis": crisis.pk},
        checkin_day=today - timedelta(days=1),
        reset_path=f"/accounts/password/reset/{uid}/{default_token_generator.make_token(user)}/",
        link_id=link.pk if link else None,
    )
