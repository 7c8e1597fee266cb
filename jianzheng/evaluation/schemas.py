"""The evaluation API's shapes: one schema per input and output, names unique in the document."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from jianzheng.core.schemas import CodeNameRef, choice_param, county_param
from jianzheng.evaluation.models import Grade


class RatingIn(Schema):
    case: str = Field(
        max_length=64, description="办件编号：证明或告知承诺书的编号，或举报编号（tracking number）"
    )
    secret: str = Field(
        max_length=40, description="证明上印的校验码，或举报时得到的查询码（证明被服务的是本人）"
    )
    grade: str = choice_param(
        Grade.values,
        "very_satisfied 非常满意 · satisfied 满意 · basically_satisfied 基本满意 · "
        "dissatisfied 不满意 · very_dissatisfied 非常不满意",
    )
    comment: str = Field("", max_length=500, description="意见建议（选填）")


class RatingFollowUpOut(Schema):
    state: str = Field(description="open 待联系 · contacted 已联系 · answered 已答复")
    deadline: dt.date = Field(description="整改答复期限（工作日计算）")


class RatingOut(Schema):
    case: str
    kind: str = Field(description="certificate · commitment · complaint")
    grade: str
    grade_label: str
    rated_at: dt.datetime
    unit: CodeNameRef | None = Field(description="办理单位；举报为空（由受理机关办理）")
    follow_up: RatingFollowUpOut | None = Field(description="不满意及以下：整改答复及期限")


class EvaluationQuery(Schema):
    county: str = county_param("县（市、区）6位区划代码")
    period: str = Field(max_length=16, description="考评期，如 2026")


class EvaluationSchemeOut(Schema):
    name: str
    period: str
    start: dt.date
    end: dt.date
    published_at: dt.datetime | None
    star_thresholds: list[float] = Field(description="五星、四星、三星、二星的最低分")
    deduction_per_notice: str = Field(description="每份曝光通报、督查通报扣分（四(二)）")
    deduction_cap: str


class EvaluationRowOut(Schema):
    community: CodeNameRef
    township: CodeNameRef
    community_score: str = Field(description="星级和谐社区得分（两位小数）")
    community_stars: int
    party_score: str = Field(description="服务型党组织得分")
    party_stars: int
    deduction: str = Field(description="年终扣分（四(二)），已从两项得分中扣除")
    county_rank: int
    township_rank: int


class EvaluationListOut(Schema):
    county: CodeNameRef
    scheme: EvaluationSchemeOut
    results: list[EvaluationRowOut]
    count: int


class EvaluationIndicatorOut(Schema):
    code: str
    name: str
    kind: str = Field(description="service_result 服务居民实效 · satisfaction 群众满意度")
    source: str
    formula: dict[str, Any]
    weight: str
    applies_to: str = Field(description="both · community 星级和谐社区 · party 服务型党组织")
    value: float | None = Field(description="本期取值；无数据为空（不计入）")
    data: dict[str, Any] = Field(description="取值所依据的数据")
    text: str
    score: str | None


class EvaluationDetailOut(EvaluationRowOut):
    county: CodeNameRef
    scheme: EvaluationSchemeOut
    indicators: list[EvaluationIndicatorOut]
