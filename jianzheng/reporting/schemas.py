import datetime as dt
from typing import Literal

from ninja import Field, Schema

from jianzheng.core.schemas import CodeNameRef


class ReportQuery(Schema):
    scope: str = Field(
        "", description="区划代码（社区、乡镇、县、市、自治区）；默认本人辖区", max_length=12
    )
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")


class CensusIssuedQuery(ReportQuery):
    format: Literal["json", "xlsx"] = "json"


class CensusIssuedRowOut(Schema):
    township: str
    community: str
    item_code: str
    item_name: str
    issued: int
    revoked: int
    handover: int
    refused: int
    legal_basis: str
    form: str


class CensusIssuedOut(Schema):
    scope: CodeNameRef
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    rows: list[CensusIssuedRowOut]
    issued: int
    refused: int


class LegalBasesQuery(Schema):
    county: str = Field("", description="6位县级区划代码；默认本人所在县", max_length=6)


class LegalBasisRowOut(Schema):
    title: str
    level: str
    article: str
    item_code: str
    item_name: str
    status: Literal["保留", "取消"]


class LegalBasesOut(Schema):
    county: CodeNameRef
    rows: list[LegalBasisRowOut]


class DashboardRowOut(Schema):
    label: str
    count: int


class DashboardPanelOut(Schema):
    key: str
    title: str
    summary: str
    columns: list[str]
    rows: list[DashboardRowOut]


class DashboardOut(Schema):
    scope: CodeNameRef
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    panels: list[DashboardPanelOut]
