"""The OpenAPI schema is true: one name per shape, and the 422 it declares is the 422 sent."""

import typing
from collections import defaultdict

import pytest
from pydantic import BaseModel

from backcare.api.urls import api


def _models_in(annotation: object, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, found)


def _all_models() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    _models_in(model, found)
                for model in operation.models:
                    _models_in(model, found)
    return found


def test_no_two_schemas_share_a_name():
    by_name = defaultdict(set)
    for model in _all_models():
        if model.__module__.startswith("backcare."):
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert not clashes, f"schemas that would overwrite each other in the OpenAPI file: {clashes}"


def test_the_check_finds_a_clash(monkeypatch):
    """The check above can fail: two different classes named alike are reported."""
    from ninja import Schema

    first = type("Twin", (Schema,), {"__annotations__": {"a": int}, "__module__": "backcare.x"})
    second = type("Twin", (Schema,), {"__annotations__": {"b": str}, "__module__": "backcare.y"})
    holder = type("Holder", (Schema,), {"__annotations__": {"one": first, "two": second}})
    found: set[type[BaseModel]] = set()
    _models_in(holder, found)
    assert {m.__module__ for m in found if m.__name__ == "Twin"} == {"backcare.x", "backcare.y"}


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema(path_prefix="/api/")


def test_the_episode_and_dashboard_shapes_are_each_documented(schema):
    components = schema["components"]["schemas"]
    episodes = schema["paths"]["/api/episodes"]["get"]["responses"][200]
    ref = episodes["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "current" in components[ref]["properties"]
    dashboard = components["DashboardOut"]["properties"]
    counts = dashboard["episodes"]["$ref"].rsplit("/", 1)[-1]
    assert set(components[counts]["properties"]) == {"in_period", "total", "open"}


def test_every_operation_declares_the_422_it_sends(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            response = operation["responses"].get(422) or operation["responses"].get("422")
            assert response, f"{method.upper()} {path} does not declare 422"
            ref = response["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ValidationErrorOut"), (method, path, ref)


def test_a_refused_answer_has_the_declared_422_shape(ana_client, ana):
    import json

    response = ana_client.post(
        "/api/instruments/nrs/responses",
        json.dumps({"answers": {"pain": 3, "mood": 2}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert set(error) == {"loc", "msg", "type"}
    assert error["loc"][-1] == "mood"


def test_the_preferences_document_the_due_date_they_take_and_give(schema):
    """A date or null, both ways; the PUT says it is left out to keep the one stored."""
    components = schema["components"]["schemas"]
    put = schema["paths"]["/api/plan/preferences"]["put"]
    body = put["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)
    answer = put["responses"][200]["content"]["application/json"]["schema"]["$ref"]
    taken = components[body[-1]]["properties"]["due_date"]
    given = components[answer.rsplit("/", 1)[-1]]
    for field in (taken, given["properties"]["due_date"]):
        assert {"type": "string", "format": "date"} in field["anyOf"]
        assert {"type": "null"} in field["anyOf"]
    assert "due_date" in given["required"]
    assert "Left out: the due date stored stays" in taken["description"]
    assert "42 weeks ahead or two weeks past" in taken["description"]


def test_the_triage_api_says_whose_words_and_questions_a_signed_in_call_reads(schema):
    """Signed in, POST /api/triage reads as the back check: own place, pregnancy where asked."""
    described = " ".join(schema["paths"]["/api/triage"]["post"]["description"].split())
    assert "own place's services and numbers" in described
    assert "pregnancy questions may be left out for a man or a woman aged 60 or over" in described
    assert "Without a login, every red-flag question is needed" in described
