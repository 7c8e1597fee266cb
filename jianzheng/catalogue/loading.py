"""`jianzheng setup`'s catalogue step (registry order 20, after the regions): the nation's list
(the first batch, 三(三)一), an empty list for the autonomous region and for each county, the demo
county 永宁县's version 1 as before, and with the demo 贺兰县's own small list. A list that has
versions is never re-imported into; versions of an upgraded database that had no county yet go
to the county once it exists."""

from django.conf import settings
from django.db import transaction

from jianzheng.catalogue.models import Catalogue, CatalogueVersion, ChangeRequest
from jianzheng.catalogue.reference import nation_payloads, reference_payloads
from jianzheng.catalogue.reference_demo import helan_payloads
from jianzheng.catalogue.services import ensure_catalogue, import_catalogue
from jianzheng.regions.models import Region
from jianzheng.regions.selectors import counties

YONGNING, HELAN = "640121", "640122"
DEMO_APPROVAL = "示例数据：各地公布的保留证明事项清单"


@transaction.atomic
def adopt_unowned_versions() -> Catalogue | None:
    """migrations 0009's step, for a database upgraded before its county was loaded: its
    versions and change requests become the catalogue of its only (or default) county."""
    unowned = CatalogueVersion.objects.filter(catalogue__isnull=True)
    changes = ChangeRequest.objects.filter(catalogue__isnull=True)
    if not unowned.exists() and not changes.exists():
        return None
    code = getattr(settings, "DEFAULT_COUNTY", "")
    found = list(counties().filter(code=code) if code else counties()[:2])
    if len(found) != 1:
        return None
    catalogue = ensure_catalogue(found[0])
    if catalogue.versions.exists():
        return None
    unowned.update(catalogue=catalogue)
    changes.update(catalogue=catalogue)
    return catalogue


def load_reference_catalogues(*, actor=None, demo: bool = True) -> list:
    """(catalogue, version 1) for each list this run gave its first version."""
    made = []
    adopt_unowned_versions()
    nation = ensure_catalogue(None)
    if not nation.versions.exists():
        version = import_catalogue(
            actor=actor,
            catalogue=nation,
            payloads=nation_payloads(),
            reason="载入国家第一批取消事项",
            legal_basis="民发〔2020〕20号；永民发〔2020〕91号 三（三）一",
        )
        made.append((nation, version))
    for region in Region.objects.filter(level=Region.Level.PROVINCE):
        ensure_catalogue(region)
    for county in counties():
        catalogue = ensure_catalogue(county)
        if catalogue.versions.exists():
            continue
        if county.code == YONGNING:
            payloads = reference_payloads(demo=demo)
            reason = "载入参考清单：国家第一批取消事项" + ("与示例县保留事项" if demo else "")
        elif county.code == HELAN and demo:
            payloads, reason = helan_payloads(), "载入示例县保留和取消事项"
        else:
            continue
        version = import_catalogue(
            actor=actor,
            catalogue=catalogue,
            payloads=payloads,
            reason=reason,
            legal_basis="民发〔2020〕20号；永民发〔2020〕91号 三（三）一",
            approval_reference=DEMO_APPROVAL if demo else "",
        )
        made.append((catalogue, version))
    return made


def describe(made: list) -> str:
    if not made:
        return "清单已存在，未改动（清单只通过变更申请修改）"
    return "已发布" + "；".join(f"{c.label}{v}" for c, v in made if v is not None)


def load_reference_catalogue(*, actor=None, demo: bool = True) -> CatalogueVersion | None:
    """Version 1 of each list that has none; the demo county's version 1 when it was made now.
    Re-running `jianzheng setup` never re-imports into a list that has versions: from then on
    only change requests touch it (三(四))."""
    made = load_reference_catalogues(actor=actor, demo=demo)
    return next((v for c, v in made if c.region and c.region.code == YONGNING), None)
