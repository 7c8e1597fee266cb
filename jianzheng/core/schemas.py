"""API shapes every area shares. django-ninja files each schema under its class name and keeps
the last one it meets, so a shape written twice under one name silently replaces the other in
/api/v1/openapi.json. Shared shapes live here, once; tests/test_openapi.py keeps names unique."""

from typing import Any

from ninja import Schema
from pydantic import Field


class CodeNameRef(Schema):
    """A unit (12/9/6-digit division code or department code) or a catalogue item (YN-…)."""

    code: str
    name: str


class HolderOut(Schema):
    """The person a document is about, as this caller may see them."""

    name: str
    id_number: str
    id_masked: bool = Field(
        description="true: name and ID number are masked (everyone but the issuing community's "
        "clerks sees 张*三 and **************1232)"
    )


class ErrorDetail(Schema):
    code: str = Field(description="machine-readable, e.g. not_found, invalid_input")
    message: str = Field(description="Chinese, for people")
    fields: dict[str, str] = Field(description="input field → what is wrong with it")
    details: dict[str, Any] | None = Field(
        None, description="facts a caller can act on, e.g. the alternatives to a refused proof"
    )


class ErrorOut(Schema):
    """Every 4xx and 5xx answer of the API (jianzheng.api.errors)."""

    error: ErrorDetail


class CursorPage(Schema):
    """A page of a ledger, newest first; subclasses add `items`."""

    next_cursor: str | None = Field(
        description="pass as ?cursor= for the next page; null at the end"
    )


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response={200: ItemOut, **errors(404)}`: the error answers an endpoint can give."""
    return dict.fromkeys(statuses, ErrorOut)


# A county is named by its 6-digit division code; the code answers anything else with 400
# `unknown_county` in its own words (catalogue.counties), so the pattern is the document's
# statement of that rule, not a second check that would answer differently.
COUNTY_PATTERN = "^([0-9]{6})?$"


def county_param(description: str) -> Any:
    return Field("", description=description, json_schema_extra={"pattern": COUNTY_PATTERN})


def choice_param(values, description: str, default: Any = ...) -> Any:
    """A field whose value is one of `values` (a model's TextChoices): the service refuses
    anything else in its own words, naming the field, so the enum is the document's statement
    of that rule (schemathesis then sends only what the code accepts as well-formed)."""
    return Field(default, description=description, json_schema_extra={"enum": list(values)})


def any_of_filled(*groups: tuple[str, ...]) -> dict:
    """`model_config` extra for a body that needs one of several groups of fields, each filled
    (not empty, not only spaces): the code's cross-field rule, stated as `anyOf`."""
    return {
        "anyOf": [
            {
                "required": list(group),
                "properties": {name: {"type": "string", "pattern": r"\S"} for name in group},
            }
            for group in groups
        ]
    }


def filled(*names: str):
    """`model_config = {"json_schema_extra": filled("purpose", …)}` for fields the service requires
    but the schema keeps optional with an empty default (so the service names every missing one
    at once): the document says them required and not blank."""

    def extra(schema: dict, model) -> None:
        schema["required"] = sorted({*schema.get("required", ()), *names})
        for name in names:
            schema["properties"][name]["pattern"] = r"\S"

    return extra
