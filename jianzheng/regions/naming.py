"""How a typed unit name is compared with the registry: "杨和派出所" and "永宁县公安局杨和派出所"
are one unit; "银川市公安局" and "永宁县公安局" are not.

Two steps, both pure: `name_key` (the same text however it was typed: width, spaces, case) and
`name_core` (the key without what the county context already says: the county's own place
chain, a department of the county in front of its own office, the 镇/乡 of a township's name).
Only the county's own prefixes are dropped, so a name that says another place keeps it and
matches nothing; a core is compared whole, never as a part, so "派出所" matches no station.

Records that carry a unit name (a refusal's demanding unit, later a complaint's accused unit)
register here, so a merge re-points them all without regions importing the areas above it."""

import re
import unicodedata
from dataclasses import dataclass
from itertools import product

from django.db import models

# A demo unit's label: "示例企业·永宁县农村商业银行" is 永宁县农村商业银行.
DEMO_LABEL = re.compile(r"^示例[\w]{0,4}[·・]")
PROVINCE_SUFFIXES = ("回族自治区", "壮族自治区", "维吾尔自治区", "自治区", "省")
TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")


def name_key(text: str) -> str:
    """One spelling for comparison: NFKC (full-width letters and brackets), no spaces, lower."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower()


def strip_label(key: str) -> str:
    return DEMO_LABEL.sub("", key)


@dataclass(frozen=True)
class Context:
    """What a county's names may leave out: its place chain, its departments, its townships."""

    places: tuple[str, ...]  # longest first: "宁夏回族自治区银川市永宁县", …, "永宁县"
    departments: tuple[str, ...]  # cores of the county's departments: "公安局", "民政局"
    townships: tuple[tuple[str, str], ...]  # ("杨和镇", "杨和")

    @staticmethod
    def empty() -> "Context":
        return Context((), (), ())


def place_chain(names: list[str]) -> tuple[str, ...]:
    """["宁夏回族自治区", "银川市", "永宁县"] → every way of naming the county with or without
    its ancestors ("银川市永宁县", "宁夏永宁县", …), longest first. It always ends in the county:
    "银川市" alone is not this county."""
    if not names:
        return ()
    *above, county = [name_key(n) for n in names]
    # Each ancestor is left out or written one of its ways ("宁夏回族自治区", "宁夏").
    options = [("", name, _short_province(name)) for name in above]
    variants = {"".join(choice) + county for choice in product(*options)}
    return tuple(sorted(variants, key=len, reverse=True))


def _short_province(name: str) -> str:
    return next((name.removesuffix(s) for s in PROVINCE_SUFFIXES if name.endswith(s)), name)


def township_short(name: str) -> str:
    key = name_key(name)
    for suffix in TOWNSHIP_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key.removesuffix(suffix)
    return key


def _strip_places(key: str, places: tuple[str, ...]) -> str:
    for place in places:
        if key.startswith(place) and len(key) > len(place):
            return key[len(place) :]
    return key


def name_core(text: str, context: Context) -> str:
    """The part of a name that tells units of one county apart."""
    core = _strip_places(strip_label(name_key(text)), context.places)
    for department in context.departments:
        if core.startswith(department) and len(core) > len(department):
            core = core[len(department) :]
            break
    for full, short in context.townships:
        core = core.replace(full, short)
    return core


def department_core(name: str, places: tuple[str, ...]) -> str:
    return _strip_places(strip_label(name_key(name)), places)


@dataclass(frozen=True)
class NameHolder:
    """A model whose rows carry a unit name: `name_field` points at the UnitName, `unit_field`
    at the Unit it resolved to (set for every row of a name when the name is merged)."""

    label: str
    model: type[models.Model]
    name_field: str
    unit_field: str


_HOLDERS: dict[str, NameHolder] = {}


def register_name_holder(
    name: str, *, label: str, model: type[models.Model], name_field: str, unit_field: str
) -> None:
    """Called in the area's AppConfig.ready(); registering a name again replaces it."""
    _HOLDERS[name] = NameHolder(label, model, name_field, unit_field)


def name_holders() -> list[NameHolder]:
    return [_HOLDERS[name] for name in sorted(_HOLDERS)]
