"""Care advice names services that exist where the person is.

The texts once named UK services to everyone: a person in New York or Dublin read "call your
local urgent advice line (NHS 111 in England)", "Ask for an urgent GP appointment today" and
"in the UK call Samaritans on 116 123 or NHS 111". Now a text names a phone line only through
a place word filled from the person's country (their time zone), and says "your doctor".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.domain.content import ContentError
from backcare.domain.findings import red_flag_ids
from backcare.domain.phones import phones_for, place_words
from backcare.domain.triage import rule_book
from backcare.exchange.report import build_report
from tests.conftest import make_user

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
URGENT_LINE_GB = "your local urgent advice line (NHS 111 in England)"
URGENT_LINE_ANYWHERE = "your local urgent care or advice line"
URGENT_LINE_CA = (
    "811, the health line in most provinces and territories "
    "(in Manitoba, Health Links on 1-888-315-9257)"
)
# time zone -> (words the person reads, words they never read)
PLACES = {
    "Europe/London": (
        [URGENT_LINE_GB, "Samaritans on 116 123 or NHS 111 (option 2 for mental health)"],
        ["988", URGENT_LINE_ANYWHERE],
    ),
    "America/New_York": (
        [URGENT_LINE_ANYWHERE, "call or text 988"],
        ["NHS", "Samaritans", "116 123"],
    ),
    "Europe/Dublin": (
        [URGENT_LINE_ANYWHERE, "call Samaritans on 116 123"],
        ["NHS", "988"],
    ),
    "America/Toronto": (  # 811 in most provinces and territories, Manitoba's own number
        [URGENT_LINE_CA, "call or text 9-8-8 (the Suicide Crisis Helpline)"],
        ["NHS", "Samaritans", "116 123", "A&E", URGENT_LINE_ANYWHERE],
    ),
    "Australia/Sydney": (
        [
            "healthdirect on 1800 022 222 (a registered nurse, day or night)",
            "call Lifeline on 13 11 14",
        ],
        ["NHS", "Samaritans", "988", "A&E", URGENT_LINE_ANYWHERE],
    ),
    "Pacific/Auckland": (
        ["Healthline on 0800 611 116 (free, day or night)", "call or text 1737 (Need to talk?)"],
        ["NHS", "Samaritans", "988", "A&E", URGENT_LINE_ANYWHERE],
    ),
    "Europe/Berlin": (  # 112, and no national crisis line sourced yet: a local one or 112
        [URGENT_LINE_ANYWHERE, "call a local crisis line"],
        ["NHS", "Samaritans", "988", "A&E"],
    ),
    # No known place (deliberately one with no entry): words that read right anywhere.
    "Asia/Kolkata": (
        [URGENT_LINE_ANYWHERE, "call a local crisis line (116 123 in the UK and Ireland"],
        ["NHS"],
    ),
}


def full(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


def text_of(html: str) -> str:
    html = re.sub(r'<span class="unbroken">([^<]*)</span>', r"\1", html)  # a number kept whole
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def advice_of(html: str) -> str:
    """The page's words without its sources (citations name the NHS pages they rest on); the
    crisis message names the person's services too (tests/web/test_crisis_by_place.py)."""
    html = re.sub(r'<details class="citations">.*?</details>', "", html, flags=re.S)
    return text_of(html)


def person(db: object, time_zone: str):  # type: ignore[no-untyped-def]
    name = re.sub(r"\W", "", time_zone).lower()[:20]
    return make_user(name, display_name="Sam", year_of_birth=1985, time_zone=time_zone)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def everything(time_zone: str) -> str:
    """Every text of the rule book, read for a person in ``time_zone``."""
    book = rule_book(phones_for(time_zone, "", "112"))
    texts = [book.safety_net, *book.not_sure_advice.values()]
    texts += [t for info in book.levels.values() for t in (info.action, info.after_call)]
    texts += [t for rule in book.rules for t in (rule.advice, rule.not_sure_advice)]
    return "\n".join(texts)


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_rules_name_only_the_services_of_the_persons_place(time_zone):
    read, never = PLACES[time_zone]
    text = everything(time_zone)
    for words in read:
        assert words in text
    for words in never:
        assert words not in text
    assert not re.search(r"\bGP\b", text)  # "your doctor" reads right everywhere
    assert "{" not in text
    assert "}" not in text


def test_without_a_place_the_rules_read_the_words_for_anywhere():
    assert rule_book() == rule_book(phones_for("Asia/Kolkata", "", "112"))
    assert "NHS" not in everything("UTC")


def test_red_flags_keep_their_urgency_wherever_the_person_is():
    london = rule_book(phones_for("Europe/London", "", "112"))
    for time_zone in PLACES:
        book = rule_book(phones_for(time_zone, "", "112"))
        assert [(r.id, r.level, r.hard, r.references) for r in book.rules] == [
            (r.id, r.level, r.hard, r.references) for r in london.rules
        ]
        assert book.levels["urgent"].action.startswith("Speak to a doctor or another clinician")
        words = {**place_words(), **dict(phones_for(time_zone, "", "112").words)}
        emergency_help = words["emergency_help"]
        assert emergency_help in book.levels["urgent"].action
        self_harm = next(r for r in book.rules if r.id == "self_harm")
        assert emergency_help in self_harm.advice


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_urgent_and_crisis_results_name_the_persons_services(client, db, time_zone):
    read, never = PLACES[time_zone]
    someone = person(db, time_zone)
    client.force_login(someone)
    urgent = assess(someone, full(fever="yes"))
    crisis = assess(someone, full(self_harm_thoughts="yes"))
    assert urgent.level == "urgent"
    assert crisis.level == "emergency"
    shown = ""
    for assessment in (urgent, crisis):
        for view in ("assessments:result", "assessments:details"):
            url = reverse(view, kwargs={"pk": assessment.pk})
            shown += advice_of(client.get(url).content.decode())
    assert escape(read[0]) in shown  # the urgent line in the urgent action
    assert escape(read[1]) in shown  # the crisis lines in the self-harm advice
    for words in never:
        assert escape(words) not in shown


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_report_gives_the_advice_the_person_was_shown(db, frozen, time_zone):
    read, _never = PLACES[time_zone]
    someone = person(db, time_zone)
    assess(someone, full(fever="yes"))
    report = build_report(someone, NOW.date(), identified=False)
    for pdf in (False, True):
        text = text_of(render_to_string("exchange/report.html", {"report": report, "pdf": pdf}))
        assert "Advice shown to the person:" in text
        assert read[0] in text
        assert "NHS" not in text or time_zone == "Europe/London"


@pytest.mark.parametrize("time_zone", ["Europe/London", "America/New_York"])
def test_the_warning_signs_page_names_the_persons_services(client, db, time_zone):
    client.force_login(person(db, time_zone))
    html = advice_of(client.get("/warning-signs/").content.decode())
    if time_zone == "Europe/London":
        assert escape(URGENT_LINE_GB) in html
    else:
        assert "NHS" not in html
        assert escape(URGENT_LINE_ANYWHERE) in html
    assert not re.search(r"\bGP\b", html)


def test_a_check_in_names_the_persons_services():
    from backcare.domain.findings import Findings
    from backcare.domain.triage import triage_checkin

    result = triage_checkin(
        Findings({"self_harm_thoughts": "yes"}),
        None,
        phones_for("America/New_York", "", "112"),
    )
    assert "call or text 988" in result.reasons[0].advice
    assert "NHS" not in result.action + result.reasons[0].advice


def edit(path, old, new):  # type: ignore[no-untyped-def]
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("or call {urgent_line}. If", "or call {gp_line}. If", "unknown place word {gp_line}"),
        ("or call {urgent_line}. If", "or call {urgent_line. If", "unmatched brace"),
        (
            "[phones.US.words]\n",
            '[phones.US.words]\nurgent_lines = "911"\n',
            "urgent_lines not in \\[place_words\\]",
        ),
    ],
)
def test_content_validation_refuses_an_unknown_place_word(content_copy, old, new, message):
    edit(content_copy / "red_flags.toml", old, new)
    with pytest.raises(ContentError, match=message):
        rule_book(phones_for("America/New_York", "", "112"))
