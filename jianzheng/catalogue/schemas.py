from datetime import date

from ninja import Schema
from pydantic import Field

from jianzheng.catalogue.models import CatalogueVersion, CertificateItem, ServiceGuide
from jianzheng.core.schemas import CodeNameRef
from jianzheng.regions.models import Region


def county_ref(county: Region) -> CodeNameRef:
    """The county whose list answered: `{"code": "640121", "name": "永宁县"}`."""
    return CodeNameRef(code=county.code, name=county.name)


class CatalogueVersionOut(Schema):
    number: int
    effective_date: date

    @staticmethod
    def of(version: CatalogueVersion | None) -> "CatalogueVersionOut | None":
        return (
            CatalogueVersionOut(number=version.number, effective_date=version.effective_date)
            if version
            else None
        )


class LegalBasisOut(Schema):
    title: str
    article: str
    level: str
    level_label: str


class ServiceGuideOut(Schema):
    """The 事项指南 lines: for an item, the community's own service; for an alternative, the body
    the resident goes to instead. Empty strings where the list does not say."""

    service_place: str = Field(description="办理地点")
    service_hours: str = Field(description="办理时间")
    service_phone: str = Field(description="咨询电话，多个号码以“、”分隔")
    phones: list[str] = Field(description="咨询电话逐个列出")
    fee: str = Field(description="free（不收费）、charged（收费），空 = 未注明")
    fee_label: str = Field(description="不收费 / 收费 / 未注明")
    fee_note: str = Field(description="收费标准和依据")
    online_channel: str = Field(description="网上办理渠道，如 宁夏政务服务网")
    online_url: str = Field(description="网上办理网址（http/https）")

    @staticmethod
    def of(row: ServiceGuide) -> "ServiceGuideOut":
        return ServiceGuideOut(
            service_place=row.service_place,
            service_hours=row.service_hours,
            service_phone=row.service_phone,
            phones=[number for number, _ in row.phone_links],
            fee=row.fee,
            fee_label=row.get_fee_display() if row.fee else "未注明",
            fee_note=row.fee_note,
            online_channel=row.online_channel,
            online_url=row.online_url,
        )


class AlternativeOut(Schema):
    kind: str
    kind_label: str
    handling_unit: CodeNameRef | None
    handling_unit_name: str
    instruction: str
    guide: ServiceGuideOut


class TemplateFieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    choices: list[str] | None = None


class TemplateOut(Schema):
    """The certificate's 式样 (二(三)), so another system can build the issuing form."""

    version: int | None
    title: str
    fields: list[TemplateFieldOut]
    validity_days: int

    @staticmethod
    def of(item: CertificateItem) -> "TemplateOut | None":
        if not item.template:
            return None
        return TemplateOut(
            version=item.version.number if item.version_id else None,
            title=item.template["title"],
            fields=[
                TemplateFieldOut(
                    name=f["name"],
                    label=f["label"],
                    type=f["type"],
                    required=f["required"],
                    choices=f.get("choices"),
                )
                for f in item.template["fields"]
            ],
            validity_days=item.template["validity_days"],
        )


class ItemOut(Schema):
    county: CodeNameRef = Field(description="答复所依据的县（市、区）清单")
    code: str
    name: str
    status: str
    status_label: str
    community_may_issue: bool
    aliases: list[str]
    keywords: list[str]
    national_batch: int | None
    issuing_unit_kind: str
    requesting_units: list[str]
    purpose: str
    conditions: str
    materials: list[str]
    steps: list[str]
    time_limit_days: int | None
    guide: ServiceGuideOut
    legal_bases: list[LegalBasisOut]
    alternatives: list[AlternativeOut]
    template: TemplateOut | None
    sample_url: str | None
    is_demo: bool
    url: str

    @staticmethod
    def of(item: CertificateItem, *, county: Region) -> "ItemOut":
        return ItemOut(
            county=county_ref(county),
            code=item.code,
            name=item.name,
            status=item.status,
            status_label=item.get_status_display(),
            community_may_issue=item.is_retained,
            aliases=item.aliases,
            keywords=item.keywords,
            national_batch=item.national_batch,
            issuing_unit_kind=item.issuing_unit_kind,
            requesting_units=item.requesting_units,
            purpose=item.purpose,
            conditions=item.conditions,
            materials=item.materials,
            steps=item.steps,
            time_limit_days=item.time_limit_days,
            guide=ServiceGuideOut.of(item),
            legal_bases=[
                LegalBasisOut(
                    title=b.title,
                    article=b.article,
                    level=b.level,
                    level_label=b.get_level_display(),
                )
                for b in item.legal_bases.all()
            ],
            alternatives=[
                AlternativeOut(
                    kind=a.kind,
                    kind_label=a.get_kind_display(),
                    handling_unit=CodeNameRef(code=a.handling_unit.code, name=a.handling_unit.name)
                    if a.handling_unit_id
                    else None,
                    handling_unit_name=a.handler_label,
                    instruction=a.instruction,
                    guide=ServiceGuideOut.of(a),
                )
                for a in item.alternatives.all()
            ],
            template=TemplateOut.of(item),
            sample_url=f"/items/{item.code}/sample.pdf"
            if item.is_retained and item.template
            else None,
            is_demo=item.is_demo,
            url=f"/items/{item.code}",
        )


class ItemSummaryOut(Schema):
    """One search hit; `GET /items/{code}` has the rest."""

    code: str
    name: str
    status: str
    status_label: str
    community_may_issue: bool
    aliases: list[str]
    national_batch: int | None
    url: str


class ItemListOut(Schema):
    county: CodeNameRef = Field(description="所查询的县（市、区）清单")
    items: list[ItemSummaryOut]
    count: int
    page: int
    page_size: int
    catalogue_version: CatalogueVersionOut | None


class CatalogueCheckOut(Schema):
    """Whether a community still issues a proof asked for by name, and what replaces it if not."""

    county: CodeNameRef = Field(description="答复所依据的县（市、区）清单")
    decision: str
    message: str
    item: ItemOut | None
    alternatives: list[AlternativeOut]
    catalogue_version: CatalogueVersionOut | None
