"""Input schemas are as strict as the domain: a number is a number, never ``true``.

Pydantic's lax mode reads ``true`` as 1 for an int field; a pain score of ``true`` is a
client bug to report, not a 1 to store. Strings keep pydantic's rules; dates still parse
from ISO text (strict mode would refuse them in a JSON body). A field the schema does not
know is refused too: a misspelt ``stifness`` would otherwise be dropped and the request
"succeed" without the value.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator


def _accepts_bool(annotation: object) -> bool:
    if annotation is bool or annotation is Any or annotation is object:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_accepts_bool(arg) for arg in typing.get_args(annotation))
    if origin is typing.Literal:
        return any(isinstance(arg, bool) for arg in typing.get_args(annotation))
    return False


class StrictInput(BaseModel):
    """Base for request bodies: refuses true/false where the field is not a yes/no.

    A plain pydantic model, not ninja's ``Schema``: a body is always parsed JSON, never an
    object whose attributes ninja's per-field getter would need to read (that getter took
    more CPU than the rest of a check-in's validation).
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans_for_other_types(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, bool) and info.field_name is not None:
            annotation = cls.model_fields[info.field_name].annotation
            if not _accepts_bool(annotation):
                raise ValueError("must not be true or false")
        return value
