"""Answers encoded by pydantic: the JSON ninja's renderer would give, for less CPU.

ninja dumps an answer's model to Python values, then encodes them with Django's JSON
encoder, calling back into Python for every date and date-time. The check-in writes, the
API's busiest answers, encode their validated model in one pass of pydantic's own encoder
instead. Date-times are written as Django writes them (milliseconds, ``Z`` for UTC), so
both paths give the same JSON; tests/api/test_answers.py compares them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from pydantic import BaseModel, PlainSerializer, WithJsonSchema
from pydantic_core import to_json

_DJANGO = DjangoJSONEncoder()
_JSON = "application/json; charset=utf-8"

#: A date-time written in JSON as Django's encoder writes it (and so documented).
AnswerDateTime = Annotated[
    datetime,
    PlainSerializer(_DJANGO.default, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def json_answer(model: BaseModel, status: int) -> HttpResponse:
    """``model`` as the JSON answer with ``status``, as ninja would send it (as bytes, with
    the character set given, so that Django neither encodes the text nor parses the type)."""
    return HttpResponse(to_json(model), status=status, content_type=_JSON, charset="utf-8")
