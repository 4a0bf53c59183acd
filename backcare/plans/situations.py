"""The situations (``backcare.domain.situations``) a signed-in person is in, read from what
backcare knows of them: their clinical context and the triage that stands for them."""

from __future__ import annotations

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for
from backcare.diary.standing import standing_for
from backcare.domain.interventions import Situation
from backcare.domain.situations import situations
from backcare.plans.planning import latest_assessment


def situations_for(user: User) -> frozenset[Situation]:
    standing = standing_for(user, latest_assessment(user))
    return situations(clinical_context_for(user), standing.level if standing else None)
