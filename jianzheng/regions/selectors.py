from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from jianzheng.core.pinyin import pinyin_keys
from jianzheng.regions.models import Region, Unit, UnitName
from jianzheng.regions.naming import (
    Context,
    department_core,
    name_core,
    name_holders,
    name_key,
    place_chain,
    strip_label,
    township_short,
)


def list_units(*, kind: str | None = None) -> QuerySet[Unit]:
    units = Unit.objects.select_related("region").order_by("code")
    return units.filter(kind=kind) if kind else units


def get_unit(code: str) -> Unit | None:
    return Unit.objects.select_related("region").filter(code=code).first()


def county_of(region: Region) -> Region:
    """The county a region lies in (itself if it is one); the region itself above county level."""
    code = region.county_code
    if code == region.code:
        return region
    # A township of a city without counties (东莞) has no county row: it stands for itself.
    return Region.objects.filter(code=code).first() or region


class UnknownCounty(LookupError):
    """A county code that names no county of this deployment."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def counties() -> QuerySet[Region]:
    """The counties this deployment serves, by code."""
    return Region.objects.filter(level=Region.Level.COUNTY).order_by("code")


def county_by_code(code: str) -> Region:
    """The county with this 6-digit code (UnknownCounty if there is none)."""
    code = (code or "").strip()
    county = counties().filter(code=code).first() if len(code) == 6 else None
    if county is None:
        raise UnknownCounty(code)
    return county


def default_county() -> Region | None:
    """The county a visitor sees when they have not picked one: `JIANZHENG_DEFAULT_COUNTY`, else
    the only county of a one-county deployment, else none (the visitor must pick)."""
    code = getattr(settings, "DEFAULT_COUNTY", "")
    if code:
        return counties().filter(code=code).first()
    only = list(counties()[:2])
    return only[0] if len(only) == 1 else None


def units_near(region: Region | None) -> QuerySet[Unit]:
    """The active units a name typed in `region` may mean: those of its county and of the
    regions above it (a city's bureau may demand a proof too)."""
    units = Unit.objects.filter(is_active=True).select_related("region")
    if region is None:
        return units
    county = county_of(region)
    above = [f"/{'/'.join(county.path.strip('/').split('/')[:n])}/" for n in range(1, 10)]
    return units.filter(Q(region__path__startswith=county.path) | Q(region__path__in=above))


def _context(county: Region | None, units: list[Unit]) -> Context:
    if county is None:
        return Context.empty()
    chain = [county]
    while (parent := chain[0].parent) is not None:
        chain.insert(0, parent)
    places = place_chain([r.name for r in chain])
    departments = {department_core(u.name, places) for u in units if u.kind == Unit.Kind.DEPARTMENT}
    townships = Region.objects.filter(
        path__startswith=county.path, level=Region.Level.TOWNSHIP
    ).values_list("name", flat=True)
    return Context(
        places,
        tuple(sorted(departments, key=len, reverse=True)),
        tuple((name_key(t), township_short(t)) for t in townships if township_short(t) != t),
    )


def resolve_unit_name(text: str, *, region: Region | None = None) -> Unit | None:
    """The registered unit `text` names, as typed in `region` (a community's region): by code,
    by exact name, by a name staff merged into a unit, or by the name's core when exactly one
    unit has it. None when it names no unit, or several (never a guess)."""
    key = name_key(text)
    if not key:
        return None
    units = list(units_near(region))
    by_code = [u for u in units if u.code.lower() == key]
    exact = [u for u in units if key in (name_key(u.name), strip_label(name_key(u.name)))]
    if len(by_code or exact) == 1:
        return (by_code or exact)[0]
    county = county_of(region) if region else None
    if county is not None:
        merged = UnitName.objects.filter(region=county, key=key, unit__is_active=True).first()
        if merged is not None:
            return merged.unit
    context = _context(county, units)
    core = name_core(text, context)
    same = [u for u in units if name_core(u.name, context) == core]
    return same[0] if len(same) == 1 else None


@dataclass(frozen=True)
class UnitOption:
    code: str
    name: str
    pinyin: str
    initials: str


def unit_options(region: Region | None) -> list[UnitOption]:
    """Every unit a clerk in `region` may pick, with its pinyin (for type-ahead lists)."""
    options = []
    for unit in units_near(region).order_by("name"):
        full, initials = pinyin_keys(strip_label(unit.name))
        options.append(UnitOption(unit.code, unit.name, full, initials))
    return options


def suggest_units(query: str, *, region: Region | None, limit: int = 10) -> list[UnitOption]:
    """Units whose name holds `query`, or whose pinyin or initials start with it (yhpcs finds
    永宁县公安局杨和派出所 as well: the initials of every part after the county's prefix)."""
    key = name_key(query)
    if not key:
        return []
    ranked = []
    for option in unit_options(region):
        name = strip_label(name_key(option.name))
        if name.startswith(key):
            rank = 0
        elif key in name:
            rank = 1
        elif option.initials.startswith(key) or option.pinyin.startswith(key):
            rank = 2
        elif key in option.initials or (len(key) >= 3 and key in option.pinyin):
            rank = 3
        else:
            continue
        ranked.append((rank, len(option.name), option))
    ranked.sort(key=lambda r: (r[0], r[1], r[2].code))
    return [option for _, _, option in ranked[:limit]]


def count_name_uses(names: list[UnitName]) -> dict[int, int]:
    """How many records (of every registered holder) carry each kept name."""
    counts = dict.fromkeys((n.pk for n in names), 0)
    for holder in name_holders():
        rows = (
            holder.model._default_manager.filter(**{f"{holder.name_field}__in": list(counts)})
            .order_by()
            .values_list(holder.name_field)
            .annotate(n=Count("pk"))
        )
        for pk, n in rows:
            counts[pk] += n
    return counts
