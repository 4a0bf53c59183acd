"""What a result page offers beside an anxiety or mood score: what may help (the library's
article and relaxation moves, none the person's safety conditions hold back) and, from a
higher band, where to get support in their place. Nothing beside a crisis result: there the
crisis support is the whole page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from backcare.accounts.models import User
from backcare.domain.content import references
from backcare.domain.education import articles
from backcare.domain.exercises import exercises
from backcare.domain.instruments import Instrument, crisis_message
from backcare.domain.phones import Phones, for_place, phone_book
from backcare.plans import planning, tailoring
from backcare.plans.library import for_you, grade_word


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    note: str = ""  # a move's evidence grade, in words


@dataclass(frozen=True)
class Source:
    citation: str
    url: str


@dataclass(frozen=True)
class Support:
    clinician: str
    services: tuple[str, ...]  # the person's place's own services, each one sentence
    safety_net: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class ResultHelp:
    text: str
    article: Link
    moves: tuple[Link, ...]
    support: Support | None
    #: The moves' evidence, then the sources of each service named: one list under the part.
    sources: tuple[Source, ...]


def _sources(ids: tuple[str, ...]) -> tuple[Source, ...]:
    known = references()
    return tuple(Source(known[r].citation, known[r].url) for r in dict.fromkeys(ids) if r in known)


def _support(found: Instrument, band: str, phones: Phones | None) -> Support | None:
    content = found.supports(band)
    if content is None:
        return None
    code = phones.code if phones is not None and phones.code in phone_book()[0] else ""
    services = content.for_place(code)
    net = for_place(content.safety_net, phones) if content.safety_net else ""
    # The crisis lines' sources: the person's place's own, or every one when it is not known.
    net_refs = (
        (phones.sources_of(["crisis_lines"]) if code and phones else crisis_message().references)
        if net
        else ()
    )
    ids = (*content.references, *(r for s in services for r in s.references), *net_refs)
    return Support(content.clinician, tuple(s.text for s in services), net, ids)


def result_help(
    found: Instrument, response_band: str, user: User, phones: Phones | None
) -> ResultHelp | None:
    """What may help beside a result in ``response_band``, for ``user`` in ``phones``' place;
    None below the instrument's ``[help]`` band or for an instrument without one."""
    content = found.helps(response_band)
    if content is None:
        return None
    reasons = planning.safety_reasons(user)
    overrides = tailoring.overrides_in_force(user)
    library = exercises()
    shown = [slug for slug in content.moves if not for_you(slug, reasons, overrides).held_back]
    moves = tuple(
        Link(
            library[slug].name_for(reasons),
            reverse("plans:exercise", args=[slug]),
            f"evidence: {grade_word(library[slug].evidence.grade)}",
        )
        for slug in shown
    )
    article = articles()[content.article]
    support = _support(found, response_band, phones)
    evidence = (r for slug in shown for r in library[slug].evidence.references)
    return ResultHelp(
        content.text,
        Link(article.title, reverse("plans:article", args=[content.article])),
        moves,
        support,
        _sources((*evidence, *(support.references if support else ()))),
    )
