"""The published API document names every code a client sends or receives, with its label."""

import json


def _document(client) -> str:
    return json.dumps(client.get("/api/v1/openapi.json").json(), ensure_ascii=False)


def test_the_api_document_lists_the_hand_over_reason_codes_with_their_labels(client, db):
    document = _document(client)
    assert "policy_gap（政策措施衔接不到位）" in document
    assert "entity_demand（民商事主体明确要求）" in document


def test_the_api_document_lists_the_check_method_codes_with_their_labels(client, db):
    assert "home_visit（入户核实）" in _document(client)
