"""Where the person's back pain is, as the back check's body map (``where``) and its
thoracic question tell it: in the lower back, or only higher up.

Much of the content rests on studies of low back pain (the course figures, the reasons given
for some sleep positions). For someone whose pain is only higher up the back those words
would claim more than their sources say, so the content gives them its own words
(``course.toml``'s ``[notes] higher_up``, an intervention's ``benefit_higher_up``)."""

from __future__ import annotations

from collections.abc import Mapping

#: Body-map areas of the low back as the low-back-pain studies count it: from the lowest
#: ribs down to the buttock creases.
LOW_BACK_AREAS: frozenset[str] = frozenset({"lower_back", "buttock", "pelvis_back"})
#: Body-map areas higher up the back (the thoracic spine): the middle and upper back.
HIGHER_UP_AREAS: frozenset[str] = frozenset({"mid_back", "upper_back"})


def higher_up(findings: Mapping[str, object] | None) -> bool:
    """The pain is higher up the back and not in the lower back: the body map marks the
    middle or upper back, or the person said it comes from the spine there ("rather than
    from the lower back", ``thoracic_pain``), and it marks none of the low back's areas."""
    if not findings:
        return False
    where = findings.get("where")
    areas = (
        frozenset(str(a) for a in where)
        if isinstance(where, (list, tuple, set, frozenset))
        else frozenset()
    )
    if areas & LOW_BACK_AREAS:
        return False
    return bool(areas & HIGHER_UP_AREAS) or findings.get("thoracic_pain") == "yes"
