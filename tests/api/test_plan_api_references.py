"""``/api/plan`` names each source the plan cites once, with its link and DOI, beside the
plan body that cites them by id; every earlier field stays as it was."""

from __future__ import annotations

from backcare.assessments.models import Assessment
from backcare.domain.content import references

FIELDS = {"id", "created_at", "week", "status", "general", "note", "assessment_id", "plan",
          "changes"}  # fmt: skip


def cited_ids(node: object) -> set[str]:
    if isinstance(node, dict):
        found = set(node.get("references", ()) if isinstance(node.get("references"), list) else ())
        return found.union(*(cited_ids(v) for k, v in node.items() if k != "references"))
    if isinstance(node, list):
        return set().union(*(cited_ids(v) for v in node))
    return set()


def check(body: dict) -> None:  # type: ignore[type-arg]
    assert set(body) > FIELDS
    ids = [ref["id"] for ref in body["references"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == cited_ids(body["plan"])
    known = references()
    for ref in body["references"]:
        item = known[ref["id"]]
        assert ref == {
            "id": item.id,
            "citation": item.citation,
            "url": item.url,
            "doi": item.doi or None,
        }


def test_a_built_plan_lists_its_sources_with_links(ana_client, ana):
    Assessment.objects.create(
        user=ana, findings={}, level="self_care", result={}, factors=[{"id": "stress_anxiety"}]
    )
    body = ana_client.get("/api/plan").json()
    check(body)
    assert any(ref["doi"] for ref in body["references"])
    assert any(ref["doi"] is None for ref in body["references"])
    assert ana_client.post("/api/plan/rebuild").json()["references"] == body["references"]


def test_the_general_plan_lists_its_sources_too(ana_client, ana):
    body = ana_client.get("/api/plan").json()
    assert body["general"] is True
    check(body)
    assert body["references"]


def test_the_schema_documents_the_new_field(client, db):
    schema = client.get("/api/openapi.json").json()
    plan_out = schema["components"]["schemas"]["PlanOut"]
    assert "references" in plan_out["required"]
    reference = schema["components"]["schemas"]["ReferenceOut"]
    assert set(reference["properties"]) == {"id", "citation", "url", "doi"}
