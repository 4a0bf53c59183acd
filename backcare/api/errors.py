"""One error shape for the whole API, declared in the OpenAPI schema as it is returned.

Bad input is ``422 {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}``; every other
refusal (401, 404, 409, 413) is ``{"detail": "<sentence>"}``. :func:`document_errors` adds
these responses to every operation, so the schema promises exactly what clients get.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from ninja.errors import ValidationError
from pydantic import Field

Loc = list[str | int]


class FieldErrorOut(Schema):
    loc: Loc = Field(description="Where the problem is, e.g. body, payload, pain")
    msg: str = Field(description="What is wrong, in plain words")
    type: str = "value_error"


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


class MessageOut(Schema):
    detail: str


def invalid(loc: Loc, message: str) -> ValidationError:
    """A 422 naming the field, in the shape pydantic's own errors have."""
    return ValidationError([{"type": "value_error", "loc": loc, "msg": message}])


def validation_body(loc: Loc, message: str) -> dict[str, Any]:
    return {"detail": [{"type": "value_error", "loc": loc, "msg": message}]}


_REF = "#/components/schemas/{}"
_MESSAGES = {
    400: "The body could not be read as JSON",
    401: "Not logged in",
    403: "Not for this account (e.g. clinician pages before the second sign-in step)",
    404: "Not found (or not yours)",
    409: "Conflicts with what is stored",
    413: "Request body too large",
    422: "Invalid input; detail names each field to fix",
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare, on every operation, the error responses the API can give for it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ValidationErrorOut, MessageOut):
        model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(model_schema.pop("$defs", {}))
        components[model.__name__] = model_schema
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            _declare(method, operation, path)
    return schema


_WRITES = ("post", "put", "patch", "delete")


#: Paths whose operations refuse the wrong kind of account (clinician or patient only).
_ROLE_PATHS = ("/api/clinician", "/api/care")


def _declare(method: str, operation: dict[str, Any], path: str) -> None:
    codes = [422, 413]
    if operation.get("security"):
        codes.append(401)
    if path.startswith(_ROLE_PATHS):
        codes.append(403)
    if "{" in path:
        codes.append(404)
    if "requestBody" in operation:
        codes.append(400)  # the body is not JSON at all
    if method in _WRITES:
        codes.append(409)  # conflicts with what is stored (a duplicate, an ended episode)
    responses = operation.setdefault("responses", {})
    for code in codes:
        name = "ValidationErrorOut" if code == 422 else "MessageOut"
        if code not in responses and str(code) not in responses:
            responses[code] = _response(_MESSAGES[code], name)
    for code, response in responses.items():
        if 400 <= int(code) < 500 and "content" not in response:
            response["content"] = _response("", "MessageOut")["content"]


def _response(description: str, name: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _REF.format(name)}}},
    }
