"""Every /api/v1 answer a test receives must be one the published /api/v1/openapi.json declares:
the status listed for that operation, the body valid against its schema, no undocumented field.

The root conftest switches this on for the whole suite by wrapping Django's test client, so any
test that calls the API also checks the document; tests/test_openapi.py makes sure every
operation is called with a success and an error."""

import contextlib
import copy
import json
import re
from dataclasses import dataclass

from django.test import Client
from jsonschema import Draft202012Validator

DOCUMENT_URL = "/api/v1/openapi.json"


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # the operation's path template, e.g. /api/v1/certificates/{serial}
    status: int


# Every checked call, in order; tests/test_openapi.py reads it to see what it covered.
RECORDED: list[Call] = []


def _closed(schema):
    """Pydantic leaves objects open; the contract is that a client sees no field it was not told
    of (a field lost from the document is a field the client cannot rely on)."""
    if isinstance(schema, dict):
        schema = {key: _closed(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [_closed(value) for value in schema]
    return schema


class Contract:
    def __init__(self, document: dict):
        self.document = document
        self.components = _closed(copy.deepcopy(document.get("components", {})))
        self.paths = [
            (re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$"), path)
            for path in document["paths"]
        ]
        self._validators: dict = {}

    def operation(self, method: str, path: str) -> tuple[str, dict] | None:
        for pattern, template in self.paths:
            if pattern.match(path):
                operation = self.document["paths"][template].get(method.lower())
                # A method the path does not have is Django's 405, not part of the contract.
                return (template, operation) if operation else None
        return None

    def check(self, method: str, path: str, response) -> Call | None:
        found = self.operation(method, path)
        if found is None:
            return None
        template, operation = found
        where = f"{method} {path} → {response.status_code}"
        declared = operation["responses"].get(str(response.status_code))
        assert declared is not None, (
            f"{where}: status not declared in {DOCUMENT_URL} "
            f"(declared: {', '.join(operation['responses'])})"
        )
        content = declared.get("content", {})
        media = response.get("Content-Type", "").split(";")[0].strip()
        assert media in content, f"{where}: {media or 'no body'} not declared ({list(content)})"
        schema = content[media].get("schema")
        if media == "application/json" and schema is not None:
            errors = sorted(
                self._validator(schema).iter_errors(json.loads(response.content)),
                key=lambda e: list(e.absolute_path),
            )
            assert not errors, f"{where}: body does not match the document:\n" + "\n".join(
                f"  at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                for e in errors[:10]
            )
        return Call(method.upper(), template, response.status_code)

    def _validator(self, schema: dict) -> Draft202012Validator:
        key = json.dumps(schema, sort_keys=True)
        if key not in self._validators:
            # $refs point at #/components/schemas/…: give the schema the components to resolve.
            root = {**_closed(schema), "components": self.components}
            self._validators[key] = Draft202012Validator(
                root, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        return self._validators[key]


_contract: Contract | None = None


def contract() -> Contract:
    global _contract
    if _contract is None:
        response = Client().get(DOCUMENT_URL)
        assert response.status_code == 200, f"{DOCUMENT_URL} is not published"
        _contract = Contract(response.json())
    return _contract


def max_lengths(component: str, *, media: str = "application/json") -> dict[str, int]:
    """The maxLength the published document gives each text field of the schema `component`
    (e.g. WorkItemRequestIn), or of the `media` body of the operation `component` names
    ("POST /api/v1/complaints", whose schema is written inline): what a client checks its body
    against before sending it."""
    document = contract().document
    if " " in component:
        method, path = component.split(" ", 1)
        body = document["paths"][path][method.lower()]["requestBody"]["content"][media]
        properties = body["schema"]["properties"]
    else:
        properties = document["components"]["schemas"][component]["properties"]
    limits = {}
    for name, p in properties.items():
        # A field that may be null states its length on the string branch of its anyOf.
        found = [s["maxLength"] for s in [p, *p.get("anyOf", ())] if "maxLength" in s]
        if found:
            limits[name] = found[0]
    return limits


def at_length(text: str, length: int, pad: str = "。") -> str:
    """`text` cut or padded to exactly `length` characters."""
    return (text or "说明")[:length].ljust(length, pad)


_unchecked_request = Client.request


def _checked_request(self, **request):
    response = _unchecked_request(self, **request)
    path, method = response.request["PATH_INFO"], response.request["REQUEST_METHOD"]
    if path.startswith("/api/v1/") and path != DOCUMENT_URL:
        call = contract().check(method, path, response)
        if call is not None:
            RECORDED.append(call)
    return response


@contextlib.contextmanager
def checking_test_clients():
    Client.request = _checked_request
    try:
        yield
    finally:
        Client.request = _unchecked_request
