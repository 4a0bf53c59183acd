"""Work and back pain: the article and the plan item that links to it are graded, sourced,
and encourage staying at or going back to work with changes, never stopping work."""

import re

from backcare.domain.content import references
from backcare.domain.education import article
from backcare.domain.interventions import intervention

ARTICLE, ITEM = "work-and-back-pain", "work-with-changes"
SOURCES = {"nice-ng59", "vanvilsteren-2015-workplace", "waddell-burton-2006-work"}
#: Words that would tell someone to stop or stay off work.
STOP_WORK = re.compile(
    r"\b(stop|give up|quit|leave) (work|working|your job)"
    r"|\bstay off work\b|\bdo not (go to )?work\b"
)


def test_the_plan_item_is_a_graded_recommendation_with_its_sources():
    item = intervention(ITEM)
    assert item.recommendable
    assert (item.evidence.grade, item.evidence.direction) == ("low", "for")
    assert SOURCES <= set(item.evidence.references) <= set(references())
    assert item.evidence.note
    assert item.offer == "plan"
    assert item.kind == "work"


def test_the_item_links_the_article_and_is_offered_for_strain_and_long_sitting():
    item = intervention(ITEM)
    assert ARTICLE in item.education
    assert set(item.addresses) == {"overuse", "sedentary"}
    assert not item.day_to_day  # an arrangement with an employer, not a daily habit to compare


def test_the_article_rests_on_the_guideline_the_review_and_the_fit_note_guidance():
    assert {*SOURCES, "dwp-fit-note-guidance"} <= set(article(ARTICLE).references)


def test_nothing_tells_the_person_to_stop_work():
    item = intervention(ITEM)
    for text in (article(ARTICLE).body, item.summary, item.benefit, *item.what_to_do):
        assert not STOP_WORK.search(text.lower()), text


def test_the_article_covers_changes_a_clinicians_note_and_whom_to_talk_to():
    text = article(ARTICLE).body.lower()
    for said in (
        "lighter lifting",
        "team lifts",
        "breaks",
        "sitting and standing",
        "shorter shifts",
        "gp or physiotherapist",
        "fit note",
        "manager",
        "hr",
        "occupational health",
    ):
        assert said in text, said
