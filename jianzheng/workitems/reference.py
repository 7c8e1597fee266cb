"""The lists every county starts from (../shared/reference/commitments-workitems-plaques.md).

- At the top of the region tree (宁夏, which every county below inherits): duty examples of
  《城市居民委员会组织法》 and 《村民委员会组织法》, assistance examples with their legal basis.
- On each county: the four burdens 永民发〔2020〕91号 二(二) cancels outright, as negative items.
Adds only what is missing; never changes an item a county has since edited."""

from django.db import transaction

from jianzheng.core import audit
from jianzheng.regions.models import Region
from jianzheng.workitems.models import WorkItem

CLAUSE = "永民发〔2020〕91号 二（二）"

DUTIES = [
    ("开展便民利民的社区服务活动，管理本居民委员会的财产", "《城市居民委员会组织法》第四条"),
    ("召集居民会议，向居民会议负责并报告工作", "《城市居民委员会组织法》第十条"),
    ("设人民调解、治安保卫、公共卫生等委员会并开展工作", "《城市居民委员会组织法》第十三条"),
    ("经居民会议讨论决定，办理本居住地区的公益事业", "《城市居民委员会组织法》第十六条"),
    ("办理本村的公共事务和公益事业，调解民间纠纷，协助维护社会治安", "《村民委员会组织法》第二条"),
]
ASSISTANCE = [
    ("协助开展禁毒宣传教育，落实禁毒防范措施", "《中华人民共和国禁毒法》第十七条", "公安机关"),
    ("协助开展反恐怖主义宣传教育", "《中华人民共和国反恐怖主义法》第十七条", "公安机关"),
    ("协助做好居住证的申领受理、发放等工作", "《居住证暂行条例》第八条", "公安机关"),
]
NEGATIVES = [
    (
        "街道（镇）与社区签订的工作目标责任书",
        ["目标责任书", "责任书", "责任状"],
    ),
    (
        "摊派给社区的各类报刊和杂志征订、募捐等任务",
        ["报刊", "杂志", "征订", "订阅", "募捐", "捐款", "捐赠任务"],
    ),
    (
        "要求社区出具的各类行政审批证明",
        ["行政审批证明", "审批证明", "审批前置证明"],
    ),
    (
        "各部门自行设立的单项社区评比达标活动",
        ["评比", "达标", "创建评选"],
    ),
]


def _tops() -> list[Region]:
    top = list(Region.objects.filter(level=Region.Level.PROVINCE))
    return top or list(Region.objects.filter(level=Region.Level.COUNTY))


def _add(added: list[str], region: Region, code: str, **fields) -> None:
    _, made = WorkItem.objects.get_or_create(code=code, defaults={"region": region, **fields})
    if made:
        added.append(code)


@transaction.atomic
def load_work_items(*, demo: bool = True, actor=None) -> str:
    added: list[str] = []
    for top in _tops():
        for n, (name, basis) in enumerate(DUTIES, start=1):
            code = f"{top.code}-LZ-{n:02d}"
            _add(added, top, code, category="duty", name=name, legal_basis=basis)
        for n, (name, basis, who) in enumerate(ASSISTANCE, start=1):
            _add(
                added,
                top,
                f"{top.code}-XZ-{n:02d}",
                category="assistance",
                name=name,
                legal_basis=basis,
                description=f"责任部门：{who}",
            )
    counties = list(Region.objects.filter(level=Region.Level.COUNTY))
    for county in counties:
        for n, (name, words) in enumerate(NEGATIVES, start=1):
            _add(
                added,
                county,
                f"{county.code}-FM-{n:02d}",
                category="negative",
                name=name,
                legal_basis=f"{CLAUSE} 明令取消",
                keywords=words,
            )
    if added:
        audit.record(actor=actor, action="workitems.lists_loaded", summary={"added": added})
    count = WorkItem.objects.count()
    return f"社区工作事项 {count} 项（依法履职、协助政府工作、负面清单；{len(counties)} 个县）"
