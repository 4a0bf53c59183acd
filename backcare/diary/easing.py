"""Whether a bad day's help may offer heat: only where the person's plan offers it.

Home's "Help for a bad day" and the saved page after a check-in of severe pain name what eases
it (a position, heat, slow breathing). Heat is left out of those words for someone whose plan
holds it back for safety (reduced feeling in the skin, blood thinners), read from the plan's
own screen (``planning.safety_reasons`` and ``library.for_you``), as the library, the toolbox,
a session's end and the night wake-up read it: one rule, not a second one here.
"""

from __future__ import annotations

from backcare.accounts.models import User
from backcare.plans.library import for_you
from backcare.plans.planning import safety_reasons

#: The plan's heat item (a heating pad, a warm bath or a warm pack).
HEAT_SLUG = "superficial-heat"


def heat_held_back(user: User) -> bool:
    """The plan's safety screen holds heat back for ``user``: not for them now, or only after
    asking a clinician."""
    return for_you(HEAT_SLUG, safety_reasons(user)).held_back
