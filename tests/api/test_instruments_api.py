"""GET /api/instruments: the questionnaires as JSON, from the same content as the pages."""

from backcare.domain.instruments import instrument, instruments
from backcare.questionnaires.responses import record_response


def test_it_needs_a_session(client, db):
    assert client.get("/api/instruments").status_code == 401


def test_it_lists_every_instrument_with_items_options_licence_and_loinc(ana_client):
    body = ana_client.get("/api/instruments").json()
    assert {entry["slug"] for entry in body} == set(instruments())
    phq9 = next(entry for entry in body if entry["slug"] == "phq9")
    assert (phq9["loinc"]["panel"], phq9["loinc"]["total"]) == ("44249-1", "44261-6")
    assert len(phq9["items"]) == len(instrument("phq9").items)
    question_9 = next(item for item in phq9["items"] if item["id"] == "thoughts_self_harm")
    assert question_9["loinc"] == "44260-8"
    assert question_9["options"][0]["label"] == "Not at all"
    assert phq9["items"][-1]["optional"] is True
    assert "Pfizer" in phq9["licence"]
    assert phq9["latest"] is None


def test_it_keeps_the_keele_statement_and_the_scoring_points(ana_client):
    body = ana_client.get("/api/instruments/startback").json()
    assert body["copyright"] == instrument("startback").copyright
    assert body["loinc"]["other"] == {"distress": "91350-9", "risk": "91352-5"}
    bothersome = next(item for item in body["items"] if item["id"] == "bothersome")
    # Only "Very much" and "Extremely" score a point (Keele scoring).
    assert [option["points"] for option in bothersome["options"]] == [0, 0, 0, 1, 1]


def test_it_marks_tick_lists(ana_client):
    body = ana_client.get("/api/instruments/rmdq").json()
    assert all(item["tick"] for item in body["items"])
    assert body["change_rule"]["validated"] is True
    assert body["change_rule"]["points"] == 5


def test_it_includes_my_latest_result_only(client, ana, bo):
    mine = record_response(ana, "nrs", {"pain": 6})
    record_response(bo, "nrs", {"pain": 2})
    client.force_login(ana)
    listed = next(
        entry for entry in client.get("/api/instruments").json() if entry["slug"] == "nrs"
    )
    assert (listed["latest"]["id"], listed["latest"]["total"]) == (mine.pk, 6)
    assert client.get("/api/instruments/nrs").json()["latest"]["id"] == mine.pk
    client.force_login(bo)
    assert client.get("/api/instruments/nrs").json()["latest"]["total"] == 2


def test_it_404s_for_an_unknown_instrument_and_names_the_known_ones(ana_client):
    response = ana_client.get("/api/instruments/odi")
    assert response.status_code == 404
    assert "phq9" in response.json()["detail"]


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/instruments/{slug}/responses" in paths
    assert {"get", "post"} <= set(paths["/api/instruments/{slug}/responses"])
