"""API shapes of the complaints area (names unique across the API: core/schemas.py)."""

import datetime as dt

from ninja import Schema
from pydantic import Field

from jianzheng.complaints import services
from jianzheng.complaints.models import Complaint
from jianzheng.core.phones import PHONE_OR_EMPTY_PATTERN
from jianzheng.core.schemas import (
    CodeNameRef,
    any_of_filled,
    choice_param,
    county_param,
    filled,
)


def _complaint_body(schema: dict, model) -> None:
    # services.submit_complaint: the unit by code or by name, the proof by code or by name, and
    # where and what happened, neither blank.
    filled("place", "description")(schema, model)
    schema["allOf"] = [
        any_of_filled(("unit",), ("unit_name",)),
        any_of_filled(("item",), ("item_name",)),
    ]


class ComplaintIn(Schema):
    """The report, as JSON or as the fields of a multipart form (complaints.api)."""

    model_config = {"json_schema_extra": _complaint_body}

    unit: str = Field("", description="the accused unit's code (640121-GAJ); or `unit_name`")
    unit_name: str = Field(
        "",
        max_length=services.MAX_UNIT_NAME,
        description="the unit's name as the resident knows it",
    )
    item: str = Field(
        "",
        max_length=services.MAX_ITEM_NAME,
        description="a catalogue item code (GJ1-10); or `item_name`",
    )
    item_name: str = Field(
        "", max_length=services.MAX_ITEM_NAME, description="the proof demanded, as named"
    )
    date: str = Field(description="the day it was demanded, YYYY-MM-DD")
    place: str = Field(max_length=services.MAX_PLACE, description="where it happened")
    description: str = Field(
        min_length=10,
        max_length=services.MAX_DESCRIPTION,
        description="what happened, at least 10 characters",
    )
    contact_phone: str = Field(
        "",
        description="optional: a mobile (13909511234) or landline (0951-8012345) for news by text",
        json_schema_extra={"pattern": PHONE_OR_EMPTY_PATTERN},
    )
    contact_email: str = Field(
        "",
        description="optional: for news of the case by email",
        json_schema_extra={"anyOf": [{"maxLength": 0}, {"format": "email", "maxLength": 254}]},
    )
    county: str = county_param("6-digit county code; default: the deployment's")


class ComplaintCreatedOut(Schema):
    tracking_number: str
    secret: str = Field(description="shown once: keep it to follow the case (never again shown)")
    state: str
    due_on: dt.date | None
    item_status: str = Field(description="cancelled / retained / not_listed on the day")
    likely_duplicate: str | None = Field(
        description="the number of an open case on the same unit, proof and day, if any"
    )
    evidence: int


class ComplaintEventOut(Schema):
    at: str
    text: str


class ComplaintPublicOut(Schema):
    tracking_number: str
    state: str
    state_label: str
    handled_by: str
    level: str
    due_on: dt.date | None
    overdue: bool
    unit: str
    item_name: str
    item_status: str
    date: dt.date
    joined_to: str | None
    decision_reason: str
    redirect_to: str
    events: list[ComplaintEventOut]


class ComplaintMessageIn(Schema):
    text: str


class ComplaintMessageOut(Schema):
    tracking_number: str
    state: str
    evidence: int


class ComplaintRowOut(Schema):
    id: int
    tracking_number: str
    state: str
    state_label: str
    level: str
    county: CodeNameRef
    unit: CodeNameRef
    item_name: str
    item_status: str
    date: dt.date
    due_on: dt.date | None
    overdue: bool
    received_at: str
    source: str


class ComplaintListOut(Schema):
    items: list[ComplaintRowOut]
    count: int


class ComplaintListQuery(Schema):
    state: str = choice_param(
        ["", *Complaint.State.values], "a case's state; empty: every state", ""
    )
    overdue: bool | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


class ComplaintTransitionIn(Schema):
    to: str
    note: str = ""
    redirect_to: str = Field("", description="not_accepted: where else the resident may go")


class NoticeUnitOut(Schema):
    code: str
    name: str


class ExposureNoticeOut(Schema):
    number: str
    level: str
    level_label: str
    publisher: str
    county: CodeNameRef
    unit: NoticeUnitOut
    item_name: str
    date: str
    finding: str
    rectification: str
    published_at: str


class ExposureNoticeListOut(Schema):
    items: list[ExposureNoticeOut]
    count: int


class ExposureNoticeQuery(Schema):
    level: str = Field("", description="county / city / region")
    county: str = county_param("6-digit county code")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
