"""The questionnaire form, generated from the instrument's content rather than a Django Form.

Posted values go to the domain's ``score`` unchanged in meaning (an empty radio group is
``None``, an unticked box ``0``, anything unreadable is passed on as text), so the domain
stays the one place that decides what a valid answer is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import QueryDict

from backcare.domain.instruments import AnswerError, Instrument, Item

CHOOSE_AN_ANSWER = "Choose an answer to this question."


def is_tick_item(item: Item) -> bool:
    """A box to tick (RMDQ statements, body areas): unticked has a published score of 0."""
    return item.blank_points is not None and item.is_binary


@dataclass(frozen=True)
class Question:
    item: Item
    number: int
    chosen: int | None = None
    error: str = ""

    @property
    def optional(self) -> bool:
        return self.item.role == "unscored"

    @property
    def tick(self) -> bool:
        return is_tick_item(self.item)

    @property
    def summary_text(self) -> str:
        """The error as the summary above the form lists it."""
        if self.error == CHOOSE_AN_ANSWER:
            return f"Question {self.number} needs an answer"
        return f"Question {self.number}: {self.error}"

    @property
    def first_input_id(self) -> str:
        """Where an error-summary link sends the keyboard focus."""
        if self.tick:
            return f"q-{self.item.id}"
        return f"q-{self.item.id}-{self.item.options[0].value}"


@dataclass(frozen=True)
class QuestionGroup:
    """One radio question, or a run of tick boxes shown as one list."""

    questions: tuple[Question, ...]
    tick_list: bool

    @property
    def first(self) -> Question:
        return self.questions[0]


@dataclass(frozen=True)
class QuestionnaireForm:
    groups: tuple[QuestionGroup, ...]
    summary: str  # what the error summary says above the list of questions to fix

    @property
    def with_errors(self) -> tuple[Question, ...]:
        return tuple(q for group in self.groups for q in group.questions if q.error)

    @property
    def has_errors(self) -> bool:
        return bool(self.with_errors or self.summary)


def build_form(
    found: Instrument,
    answers: Mapping[str, object] | None = None,
    errors: Mapping[str, str] | None = None,
    summary: str = "",
) -> QuestionnaireForm:
    answers, errors = answers or {}, errors or {}
    questions = [
        Question(item, number, chosen_value(answers.get(item.id)), errors.get(item.id, ""))
        for number, item in enumerate(found.items, start=1)
    ]
    groups: list[QuestionGroup] = []
    for question in questions:
        if question.tick and groups and groups[-1].tick_list:
            groups[-1] = QuestionGroup((*groups[-1].questions, question), tick_list=True)
        else:
            groups.append(QuestionGroup((question,), tick_list=question.tick))
    return QuestionnaireForm(tuple(groups), summary)


def chosen_value(value: object) -> int | None:
    return int(value) if isinstance(value, int) else None


def answers_from_post(found: Instrument, post: QueryDict) -> dict[str, object]:
    answers: dict[str, object] = {}
    for item in found.items:
        raw = post.get(item.id, "").strip()
        if not raw:
            answers[item.id] = 0 if is_tick_item(item) else None
            continue
        try:
            answers[item.id] = int(raw)
        except ValueError:
            answers[item.id] = raw  # the domain refuses it with a message naming the item
    return answers


def answer_errors(
    found: Instrument, answers: Mapping[str, object], error: AnswerError
) -> tuple[dict[str, str], str]:
    """Errors per item, and the summary line, for an AnswerError from the domain.

    The domain names the first missing question; the page marks every unanswered one, so
    that a person fixes them all in one go.
    """
    if error.item not in {item.id for item in found.items}:
        return {}, str(error)
    if answers.get(error.item) is not None:
        return {error.item: error.message}, ""
    unanswered = [
        item.id for item in found.items if item.role != "unscored" and answers.get(item.id) is None
    ]
    count = len(unanswered)
    noun = "question is" if count == 1 else "questions are"
    summary = f"{count} {noun} not answered yet."
    return dict.fromkeys(unanswered or [error.item], CHOOSE_AN_ANSWER), summary
