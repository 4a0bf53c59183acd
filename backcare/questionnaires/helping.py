"""What a result page offers beside an anxiety or mood score: what may help (the library's
article and relaxation moves, none the person's safety conditions hold back) and, from a
higher band, where to get support in their place. Nothing beside a crisis result: there the
crisis support is the whole page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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
    slug: str = ""  # the exercise's or article's slug
    grade: str = ""  # a move's evidence grade, as the content gives it ("low")
    references: tuple[str, ...] = ()  # a move's evidence


@dataclass(frozen=True)
class Source:
    citation: str
    url: str


@dataclass(frozen=True)
class Line:
    """One sentence of "Getting support", with the references it rests on."""

    text: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Support:
    clinician: Line
    services: tuple[Line, ...]  # the person's place's own services, each one sentence
    safety_net: Line | None

    @property
    def references(self) -> tuple[str, ...]:
        """Every line's references, in the page's order."""
        lines = (self.clinician, *self.services, *([self.safety_net] if self.safety_net else []))
        return tuple(r for line in lines for r in line.references)


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
        phones.sources_of(["crisis_lines"]) if code and phones else crisis_message().references
    )
    return Support(
        Line(content.clinician, content.references),
        tuple(Line(s.text, s.references) for s in services),
        Line(net, tuple(net_refs)) if net else None,
    )


class HelpFor:
    """``result_help`` for one person in one place: what holds a move back for them is read
    once, however many results ask (a list of responses)."""

    def __init__(self, user: User, phones: Phones | None) -> None:
        self.user = user
        self.phones = phones

    @cached_property
    def screens(self) -> tuple[dict[str, str], dict[str, str]]:
        """The person's safety reasons and the overrides in force (``library.for_you``)."""
        return planning.safety_reasons(self.user), tailoring.overrides_in_force(self.user)

    def __call__(self, found: Instrument, response_band: str) -> ResultHelp | None:
        content = found.helps(response_band)
        if content is None:
            return None
        reasons, overrides = self.screens
        library = exercises()
        shown = [s for s in content.moves if not for_you(s, reasons, overrides).held_back]
        moves = tuple(
            Link(
                library[slug].name_for(reasons),
                reverse("plans:exercise", args=[slug]),
                f"evidence: {grade_word(library[slug].evidence.grade)}",
                slug,
                library[slug].evidence.grade,
                library[slug].evidence.references,
            )
            for slug in shown
        )
        article = articles()[content.article]
        support = _support(found, response_band, self.phones)
        evidence = (r for move in moves for r in move.references)
        return ResultHelp(
            content.text,
            Link(
                article.title,
                reverse("plans:article", args=[content.article]),
                slug=content.article,
            ),
            moves,
            support,
            _sources((*evidence, *(support.references if support else ()))),
        )


def result_help(
    found: Instrument, response_band: str, user: User, phones: Phones | None
) -> ResultHelp | None:
    """What may help beside a result in ``response_band``, for ``user`` in ``phones``' place;
    None below the instrument's ``[help]`` band or for an instrument without one."""
    return HelpFor(user, phones)(found, response_band)
