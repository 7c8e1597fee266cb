import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jianzheng.core.audit import record
from jianzheng.core.errors import RuleViolation
from jianzheng.regions.models import Region, Unit, UnitName
from jianzheng.regions.naming import name_holders, name_key
from jianzheng.regions.selectors import county_of, resolve_unit_name

CODE_RE = re.compile(r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    parent_code: str


def parse_region_csv(text: str) -> list[RegionRow]:
    """Rows of `code,name,parent code` (a header row is optional). Every bad row is reported."""
    rows, errors = [], {}
    for number, cells in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        if not any(c.strip() for c in cells):
            continue
        if number == 1 and cells and not cells[0].strip().isdigit():
            continue  # header
        if len(cells) < 2:
            errors[f"第{number}行"] = "需要 代码,名称,上级代码 三列"
            continue
        code, name = cells[0].strip(), cells[1].strip()
        parent = cells[2].strip() if len(cells) > 2 else ""
        if not CODE_RE.match(code):
            errors[f"第{number}行.代码"] = f"区划代码应为 2/4/6/9/12 位数字：{code!r}"
        elif not name or len(name) > 100:
            errors[f"第{number}行.名称"] = "名称不能为空，且不超过100字"
        elif parent and not (
            CODE_RE.match(parent) and code.startswith(parent) and len(parent) < len(code)
        ):
            errors[f"第{number}行.上级代码"] = f"上级代码 {parent} 与代码 {code} 不相符"
        else:
            rows.append(RegionRow(code, name, parent))
    if errors:
        raise RuleViolation("invalid_file", "区划文件有错误，未导入任何一行", fields=errors)
    return rows


@transaction.atomic
def import_regions(*, actor, rows: list[RegionRow], is_demo: bool = False) -> int:
    """Create or rename regions; parents must exist already or come earlier in the file.
    All or nothing: one bad row and nothing is written."""
    known = {r.code: r for r in Region.objects.all()}
    errors = {}
    changed = 0
    for row in sorted(rows, key=lambda r: len(r.code)):
        parent = known.get(row.parent_code) if row.parent_code else None
        if row.parent_code and parent is None:
            errors[row.code] = f"上级区划 {row.parent_code} 不存在"
            continue
        region = known.get(row.code)
        if region is None:
            region = Region.objects.create(
                code=row.code,
                name=row.name,
                level=Region.level_for_code(row.code),
                parent=parent,
                path=f"{parent.path if parent else '/'}{row.code}/",
                is_demo=is_demo,
            )
            known[row.code] = region
            changed += 1
        elif region.name != row.name:
            region.name = row.name
            region.save(update_fields=["name"])
            changed += 1
        _ensure_local_unit(region, is_demo)
    if errors:
        raise RuleViolation("invalid_file", "区划文件有错误，未导入任何一行", fields=errors)
    if changed:  # re-running `jianzheng setup` must not add audit noise
        record(
            actor=actor, action="regions.imported", summary={"rows": len(rows), "changed": changed}
        )
    return len(rows)


def _ensure_local_unit(region: Region, is_demo: bool) -> None:
    """Each township gets its government and each community its committee, coded as the region."""
    unit_kinds: dict[str, Unit.Kind] = {
        Region.Level.TOWNSHIP: Unit.Kind.TOWNSHIP,
        Region.Level.COMMUNITY: Unit.Kind.COMMUNITY,
        Region.Level.COUNTY: Unit.Kind.COUNTY,
    }
    kind = unit_kinds.get(region.level)
    if kind is None:
        return
    name = region.name
    if kind == Unit.Kind.COMMUNITY and not name.endswith(("委员会", "委会")):
        committee = {"社区": "居民委员会", "村": "村民委员会"}
        name += next((v for k, v in committee.items() if name.endswith(k)), "居（村）民委员会")
    elif kind == Unit.Kind.TOWNSHIP:
        name = (
            name
            if name.endswith(("办事处", "政府"))
            else (f"{name}办事处" if name.endswith("街道") else f"{name}人民政府")
        )
    elif kind == Unit.Kind.COUNTY:
        name = f"{name}人民政府"
    Unit.objects.get_or_create(
        code=region.code, defaults={"name": name, "kind": kind, "region": region}
    )


@dataclass(frozen=True)
class UnitLink:
    """What a typed unit name links to: the unit when known, the kept name when not (or when it
    came through a merged name)."""

    unit: Unit | None
    name: UnitName | None


def link_unit_name(text: str, *, region: Region) -> UnitLink:
    """The unit `text` names as typed in `region`; an unknown name is kept (one row per way of
    writing it per county) for staff to merge later. Runs in the caller's transaction; the
    caller's own audit entry records the text."""
    key = name_key(text)
    if not key:
        return UnitLink(None, None)
    county = county_of(region)
    unit = resolve_unit_name(text, region=region)
    name = UnitName.objects.filter(region=county, key=key).first()
    if unit is not None:
        return UnitLink(unit, name if name is not None and name.unit_id == unit.pk else None)
    if name is None:
        name, _ = UnitName.objects.get_or_create(
            region=county, key=key, defaults={"text": text[:200], "created_at": timezone.now()}
        )
    return UnitLink(None, name)


@transaction.atomic
def merge_unit_name(*, actor, name: UnitName, into: Unit) -> UnitName:
    """Staff say which registered unit a kept name means. The name and every record carrying it
    point at the unit from now on (counts by unit move with them); each record keeps the text it
    was typed with. Merging again into another unit corrects a mistake. The caller checks that
    `actor` may merge this name (accounts.permissions)."""
    name = UnitName.objects.select_for_update().get(pk=name.pk)
    if not into.is_active:
        raise RuleViolation("unit_inactive", f"{into.name}已停用，不能归并到该单位", field="unit")
    if name.unit_id == into.pk:
        raise RuleViolation("already_merged", f"“{name.text}”已归并到{into.name}", field="unit")
    previous = name.unit
    name.unit, name.merged_by, name.merged_at = into, actor, timezone.now()
    name.save(update_fields=["unit", "merged_by", "merged_at"])
    moved = {
        holder.label: holder.model._default_manager.filter(**{holder.name_field: name}).update(
            **{holder.unit_field: into}
        )
        for holder in name_holders()
    }
    record(
        actor=actor,
        action="unit_name.merged",
        target=name,
        summary={
            "text": name.text,
            "into": into.code,
            "previous": previous.code if previous else None,
            "records": moved,
        },
    )
    return name
