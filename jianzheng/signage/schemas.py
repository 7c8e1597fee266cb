"""The signage area's API shapes (names unique across the API: tests/test_openapi.py)."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from jianzheng.core.schemas import CodeNameRef, choice_param
from jianzheng.signage import services
from jianzheng.signage.models import AwardDisplay, Plaque, Venue, WallPosting
from jianzheng.signage.rules import Violation

PlaquePosition = Literal[
    "door_side", "door_header", "door_wall", "indoor_door", "outdoor_box", "notice_board", "inside"
]


class SignageQuery(Schema):
    unit: str = Field(
        "",
        max_length=32,
        description="unit code (community, township, county); none: the user's own",
    )
    venue: int | None = Field(None, ge=1, le=2_147_483_647, description="one venue")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


class ComplianceQuery(Schema):
    unit: str = Field(
        "",
        max_length=32,
        description="unit code (community, township, county); none: the user's own",
    )


class VenueRef(Schema):
    id: int
    name: str
    community: CodeNameRef

    @staticmethod
    def of(venue: Venue) -> "VenueRef":
        return VenueRef(
            id=venue.pk,
            name=venue.name,
            community=CodeNameRef(code=venue.community.code, name=venue.community.name),
        )


class SignageViolationOut(Schema):
    rule: str = Field(description="the rule's id in the county's rule set")
    clause: str = Field(description="the clause of 永民发〔2020〕91号 it carries, e.g. 三(三)二")
    message: str = Field(description="what, where, which clause and what to do")
    subject: Literal["plaque", "posting", "award"]
    subject_id: int
    fix: Literal["remove", "handbook", "move"]

    @staticmethod
    def of(v: Violation) -> "SignageViolationOut":
        return SignageViolationOut(**v.as_dict())


class PlaqueIn(Schema):
    venue: int = Field(ge=1, le=2_147_483_647, description="the venue's id")
    position: str = choice_param(
        Plaque.Position.values,
        "door_side, door_header, door_wall, indoor_door, outdoor_box, notice_board, inside",
    )
    orientation: str = choice_param(Plaque.Orientation.values, "vertical or horizontal")
    text: str = Field(max_length=services.MAX_PLAQUE_TEXT)
    width_cm: int | str = Field(description="centimetres")
    height_cm: int | str = Field(description="centimetres")
    material: str = Field("", max_length=services.MAX_MATERIAL)
    erected_by: str = Field(
        "", max_length=services.MAX_ERECTED_BY, description="the unit that put it up"
    )
    approval_reference: str = Field(
        "",
        max_length=services.MAX_APPROVAL_REFERENCE,
        description="三(四): the approval's reference",
    )


class PlaqueOut(Schema):
    id: int
    venue: VenueRef
    position: PlaquePosition
    position_label: str
    orientation: Literal["vertical", "horizontal"]
    text: str
    width_cm: int
    height_cm: int
    material: str
    erected_by: str
    approval_reference: str
    put_up_on: str
    removed_on: str | None

    @staticmethod
    def of(p: Plaque) -> "PlaqueOut":
        return PlaqueOut(
            id=p.pk,
            venue=VenueRef.of(p.venue),
            position=p.position,  # type: ignore[arg-type]
            position_label=p.get_position_display(),
            orientation=p.orientation,  # type: ignore[arg-type]
            text=p.text,
            width_cm=p.width_cm,
            height_cm=p.height_cm,
            material=p.material,
            erected_by=p.erected_by,
            approval_reference=p.approval_reference,
            put_up_on=p.put_up_on.isoformat(),
            removed_on=p.removed_on.isoformat() if p.removed_on else None,
        )


class PlaqueRecordedOut(PlaqueOut):
    violations: list[SignageViolationOut] = Field(description="the venue's violations now")


class PlaqueListOut(Schema):
    items: list[PlaqueOut]
    count: int


class WallPostingIn(Schema):
    venue: int = Field(ge=1, le=2_147_483_647)
    title: str = Field(max_length=services.MAX_POSTING_TITLE)
    kind: str = choice_param(
        WallPosting.Kind.values, "notice (公示公告警示), internal (内部管理), policy (具体政策)"
    )
    body: str = Field(
        "", max_length=services.MAX_POSTING_BODY, description="the text, for the service handbook"
    )


class WallPostingOut(Schema):
    id: int
    venue: VenueRef
    title: str
    kind: Literal["notice", "internal", "policy"]
    kind_label: str
    in_handbook: bool
    put_up_on: str
    removed_on: str | None

    @staticmethod
    def of(p: WallPosting) -> "WallPostingOut":
        return WallPostingOut(
            id=p.pk,
            venue=VenueRef.of(p.venue),
            title=p.title,
            kind=p.kind,  # type: ignore[arg-type]
            kind_label=p.get_kind_display(),
            in_handbook=p.in_handbook,
            put_up_on=p.put_up_on.isoformat(),
            removed_on=p.removed_on.isoformat() if p.removed_on else None,
        )


class WallPostingRecordedOut(WallPostingOut):
    violations: list[SignageViolationOut]


class WallPostingListOut(Schema):
    items: list[WallPostingOut]
    count: int


class AwardIn(Schema):
    venue: int = Field(ge=1, le=2_147_483_647)
    title: str = Field(max_length=services.MAX_AWARD_TITLE)
    where: str = choice_param(AwardDisplay.Where.values, "wall, display_board, honour_room")
    awarded_by: str = Field("", max_length=services.MAX_AWARDED_BY)


class AwardOut(Schema):
    id: int
    venue: VenueRef
    title: str
    awarded_by: str
    where: Literal["wall", "display_board", "honour_room"]
    where_label: str
    put_up_on: str
    removed_on: str | None

    @staticmethod
    def of(a: AwardDisplay) -> "AwardOut":
        return AwardOut(
            id=a.pk,
            venue=VenueRef.of(a.venue),
            title=a.title,
            awarded_by=a.awarded_by,
            where=a.where,  # type: ignore[arg-type]
            where_label=a.get_where_display(),
            put_up_on=a.put_up_on.isoformat(),
            removed_on=a.removed_on.isoformat() if a.removed_on else None,
        )


class AwardRecordedOut(AwardOut):
    violations: list[SignageViolationOut]


class AwardListOut(Schema):
    items: list[AwardOut]
    count: int


class VenueComplianceOut(Schema):
    venue: VenueRef
    compliant: bool
    violations: list[SignageViolationOut]


class ComplianceOut(Schema):
    unit: CodeNameRef
    rule_set: str = Field(description="the county's own rule set, or the default")
    compliant_venues: int
    total_venues: int
    compliant: bool = Field(description="every venue compliant (true when there is none)")
    venues: list[VenueComplianceOut]
