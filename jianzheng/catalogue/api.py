"""Public catalogue endpoints: any system may ask whether a community still issues a proof."""

from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from jianzheng.catalogue import selectors
from jianzheng.catalogue.counties import county_for
from jianzheng.catalogue.schemas import (
    CatalogueCheckOut,
    CatalogueVersionOut,
    ItemListOut,
    ItemOut,
    county_ref,
)
from jianzheng.catalogue.search import clean_query
from jianzheng.core.errors import RuleViolation
from jianzheng.core.schemas import county_param, errors

router = Router(tags=["catalogue"])

COUNTY = county_param("县（市、区）6位区划代码，如 640121；只有一个县或设了默认县时可省略")


class CountyQuery(Schema):
    county: str = COUNTY


class ItemFilter(Schema):
    county: str = COUNTY
    q: str = Field("", description="名称、别名、俗称、拼音或拼音首字母")
    status: Literal["retained", "cancelled"] | None = None
    page: int = Field(1, ge=1, le=10000)
    page_size: int = Field(20, ge=1, le=100)


@router.get("/items", response={200: ItemListOut, **errors(400, 422)}, summary="查询证明事项清单")
def list_items(request, filters: Query[ItemFilter]):
    county = county_for(filters.county)
    query = clean_query(filters.q)
    offset = (filters.page - 1) * filters.page_size
    hits, count, version = selectors.search_summaries(
        query, county=county, status=filters.status, offset=offset, limit=filters.page_size
    )
    return {
        "county": county_ref(county),
        "items": hits,
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "catalogue_version": CatalogueVersionOut.of(version),
    }


@router.get("/items/{code}", response={200: ItemOut, **errors(400, 404)}, summary="一个证明事项")
def get_item(request, code: str, params: Query[CountyQuery]):
    county = county_for(params.county)
    item = selectors.get_item(code, county=county)
    if item is None:
        raise Http404
    return ItemOut.of(item, county=county)


class CatalogueCheckQuery(Schema):
    county: str = COUNTY
    name: str = Field(..., min_length=1, description="索要的证明名称，如“单身证明”")


@router.get(
    "/check",
    response={200: CatalogueCheckOut, **errors(400, 422)},
    summary="这个证明还要社区开吗？",
)
def check(request, params: Query[CatalogueCheckQuery]):
    county = county_for(params.county)
    if not clean_query(params.name, field="name"):
        raise RuleViolation("required", "请填写证明名称", field="name")
    answer = selectors.item_in_force(params.name, county=county, field="name")
    item = ItemOut.of(answer.item, county=county) if answer.item else None
    return CatalogueCheckOut(
        county=county_ref(county),
        decision=answer.decision,
        message=answer.message,
        item=item,
        alternatives=item.alternatives if item else [],
        catalogue_version=CatalogueVersionOut.of(answer.version),
    )
