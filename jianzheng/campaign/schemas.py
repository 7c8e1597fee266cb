import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from jianzheng.campaign import services
from jianzheng.core.schemas import CodeNameRef


class CampaignOut(Schema):
    id: int
    code: str
    title: str
    document_number: str
    county: CodeNameRef
    year: int
    copied_from: int | None

    @staticmethod
    def of(c) -> "CampaignOut":
        return CampaignOut(
            id=c.pk,
            code=c.code,
            title=c.title,
            document_number=c.document_number,
            county=CodeNameRef(code=c.county.code, name=c.county.name),
            year=c.year,
            copied_from=c.copied_from_id,
        )


class CampaignListOut(Schema):
    items: list[CampaignOut]
    count: int


class TaskUnitOut(Schema):
    text: str
    unit: CodeNameRef | None
    kept_name: bool
    collective: str


class CampaignTaskOut(Schema):
    id: int
    label: str
    title: str
    content: str
    lead_units: list[TaskUnitOut]
    cooperating_units: list[TaskUnitOut]
    phase: str | None
    due_on: dt.date | None
    state: Literal["under_way", "done", "overdue", "ongoing"]
    days_late: int
    reports: int


class CampaignPhaseOut(Schema):
    label: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    works: list[str]


class CampaignTasksOut(Schema):
    campaign: CampaignOut
    phases: list[CampaignPhaseOut]
    tasks: list[CampaignTaskOut]


class ProgressIn(Schema):
    state: Literal["under_way", "done"]
    summary: str = Field(max_length=services.MAX_PROGRESS_SUMMARY)
    reported_on: dt.date | None = None


class ProgressOut(Schema):
    id: int
    task: int
    unit: CodeNameRef
    state: str
    summary: str
    reported_on: dt.date
