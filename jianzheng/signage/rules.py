"""The seed's plaque and wall rules as data (永民发〔2020〕91号 二(四), 三(三)二/三/四, 三(四)).

A rule set is JSON: the default is `rulesets/default.json`; a county may load its own, which
replaces the default for its venues (other provinces keep 4 plaques at the door). Each rule has an
`id`, a `type` (one of `CHECKS`), the `clause` it carries and its parameters. `check_venue` reads
one venue's inventory (plain `Item`s, no database) and answers the `Violation`s, each saying what,
where, which clause and what to do."""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jianzheng.core.errors import RuleViolation

DEFAULT_FILE = Path(__file__).with_name("rulesets") / "default.json"

POSITIONS = {
    "door_side": "大门两侧",
    "door_header": "门头",
    "door_wall": "大门两侧墙体",
    "indoor_door": "室内门牌",
    "outdoor_box": "室外挂箱",
    "notice_board": "公示牌",
    "inside": "室内",
}
ORIENTATIONS = {"vertical": "竖牌", "horizontal": "横牌"}
POSTING_KINDS = {"notice": "公示公告警示", "internal": "内部管理", "policy": "具体政策"}
AWARD_PLACES = {"wall": "墙体", "display_board": "展示板", "honour_room": "荣誉室"}


@dataclass(frozen=True)
class Item:
    """One thing in a venue as the rules see it."""

    kind: str  # "plaque" | "posting" | "award"
    id: int
    text: str
    position: str = ""  # plaque: Plaque.Position; award: AwardDisplay.Where
    orientation: str = ""
    posting_kind: str = ""
    approval_reference: str = ""


@dataclass(frozen=True)
class Violation:
    rule: str
    clause: str
    message: str
    subject: str  # "plaque" | "posting" | "award"
    subject_id: int
    fix: str  # "remove" | "handbook" | "move"

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "clause": self.clause,
            "message": self.message,
            "subject": self.subject,
            "subject_id": self.subject_id,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class RuleSet:
    name: str
    rules: tuple[dict, ...]
    rectify_days: int = 10
    source: str = ""
    raw: dict = field(default_factory=dict, compare=False)


def _where(venue: str, item: Item) -> str:
    return f"{venue}{POSITIONS.get(item.position, '')}"


def _door_side(rule: dict, items: Sequence[Item], venue: str) -> Iterable[Violation]:
    # 三(三)二: beside the main door only the allowed vertical plaques, at most max_count.
    plaques = [i for i in items if i.kind == "plaque" and i.position == rule["position"]]
    allowed = rule.get("allowed") or []
    limit = int(rule.get("max_count", 3))
    orientation = rule.get("orientation", "")
    kept: set[str] = set()
    clause, summary = rule["clause"], rule["summary"]
    for number, plaque in enumerate(plaques, start=1):
        label = next(
            (a["label"] for a in allowed if any(k in plaque.text for k in a["keywords"])), None
        )
        problem = ""
        if allowed and label is None:
            problem = "不是规定可以悬挂的牌子"
        elif label is not None and label in kept:
            problem = f"与已有的{label}牌子重复"
        elif len(kept) >= limit:
            problem = f"超过{limit}块"
        elif orientation and plaque.orientation != orientation:
            problem = f"应为{ORIENTATIONS.get(orientation, orientation)}"
        if not problem:
            kept.add(label or plaque.text)
            continue
        fix = "请改为竖牌悬挂" if problem.startswith("应为") else "请摘除这块牌子"
        yield Violation(
            rule["id"],
            clause,
            f"{_where(venue, plaque)}第{number}块牌子“{plaque.text}”{problem}（共{len(plaques)}块）。"
            f"依据{clause}：{summary}。{fix}。",
            "plaque",
            plaque.id,
            "remove",
        )


def _only_texts(rule: dict, items: Sequence[Item], venue: str) -> Iterable[Violation]:
    # 三(三)二: at the door header only the two signs; on the walls beside the door only the board.
    texts = rule["texts"]
    contains = rule.get("match") == "contains"
    for item in items:
        if item.kind != "plaque" or item.position != rule["position"]:
            continue
        text = item.text.replace("（", "(").replace("）", ")").strip()
        ok = any(t in text for t in texts) if contains else text in texts
        if not ok:
            yield Violation(
                rule["id"],
                rule["clause"],
                f"{_where(venue, item)}悬挂了“{item.text}”。依据{rule['clause']}："
                f"{rule['summary']}。请摘除。",
                "plaque",
                item.id,
                "remove",
            )


def _postings(rule: dict, items: Sequence[Item], venue: str) -> Iterable[Violation]:
    # 三(三)三: only notices on the walls; internal rules and policies go into the handbook.
    allowed = rule["allowed_kinds"]
    for item in items:
        if item.kind == "posting" and item.posting_kind not in allowed:
            kind = POSTING_KINDS.get(item.posting_kind, item.posting_kind)
            yield Violation(
                rule["id"],
                rule["clause"],
                f"{venue}墙上的“{item.text}”属{kind}类。依据{rule['clause']}：{rule['summary']}。"
                "请取下，编入本社区服务手册。",
                "posting",
                item.id,
                "handbook",
            )


def _awards(rule: dict, items: Sequence[Item], venue: str) -> Iterable[Violation]:
    # 三(三)四: no awards on the walls inside or out.
    for item in items:
        if item.kind == "award" and item.position in rule["forbidden"]:
            yield Violation(
                rule["id"],
                rule["clause"],
                f"{venue}{AWARD_PLACES.get(item.position, '')}上悬挂了“{item.text}”。"
                f"依据{rule['clause']}：{rule['summary']}。请取下，改为图片缩影集中展示或移入荣誉室。",
                "award",
                item.id,
                "move",
            )


def _approval(rule: dict, items: Sequence[Item], venue: str) -> Iterable[Violation]:
    # 三(四) (and 二(四)): any other plaque needs the approval reference.
    for item in items:
        if item.kind != "plaque" or item.position not in rule["positions"]:
            continue
        if not item.approval_reference.strip():
            clauses = rule["clause"] + (
                f"、{rule['also_clause']}" if rule.get("also_clause") else ""
            )
            yield Violation(
                rule["id"],
                rule["clause"],
                f"{_where(venue, item)}的“{item.text}”没有审批文号。依据{clauses}："
                f"{rule['summary']}。请补录市级领导小组的审核同意文号，没有的请摘除。",
                "plaque",
                item.id,
                "remove",
            )


CHECKS: dict[str, Callable[[dict, Sequence[Item], str], Iterable[Violation]]] = {
    "door_side": _door_side,
    "only_texts": _only_texts,
    "postings": _postings,
    "awards": _awards,
    "approval": _approval,
}
REQUIRED = {
    "door_side": ("position", "summary"),
    "only_texts": ("position", "texts", "summary"),
    "postings": ("allowed_kinds", "summary"),
    "awards": ("forbidden", "summary"),
    "approval": ("positions", "summary"),
}


def _bad(message: str) -> RuleViolation:
    return RuleViolation("invalid_rule_set", f"规则文件有误：{message}", field="file")


def parse_rule_set(data: dict | str | bytes) -> RuleSet:
    """A rule set from its JSON, checked: every rule known, with its id, clause and parameters."""
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise _bad("不是有效的 JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise _bad("缺少 rules 列表")
    name = str(data.get("name") or "").strip()
    if not name:
        raise _bad("缺少 name（规则名称）")
    seen = set()
    for number, rule in enumerate(data["rules"], start=1):
        if not isinstance(rule, dict):
            raise _bad(f"第{number}条规则不是对象")
        kind = rule.get("type")
        if kind not in CHECKS:
            raise _bad(f"第{number}条规则的 type “{kind}” 未知（可用：{'、'.join(CHECKS)}）")
        for key in ("id", "clause", *REQUIRED[kind]):
            if not rule.get(key):
                raise _bad(f"第{number}条规则缺少 {key}")
        if rule["id"] in seen:
            raise _bad(f"规则 id “{rule['id']}” 重复")
        seen.add(rule["id"])
        if rule.get("position") and rule["position"] not in POSITIONS:
            raise _bad(f"第{number}条规则的 position “{rule['position']}” 未知")
        if "max_count" in rule and (
            not isinstance(rule["max_count"], int) or not 0 <= rule["max_count"] <= 20
        ):
            raise _bad(f"第{number}条规则的 max_count 应为 0 到 20 的整数")
    days = data.get("rectify_days", 10)
    if not isinstance(days, int) or not 1 <= days <= 60:
        raise _bad("rectify_days 应为 1 到 60 的整数（工作日）")
    return RuleSet(
        name=name,
        rules=tuple(data["rules"]),
        rectify_days=days,
        source=str(data.get("source") or ""),
        raw=data,
    )


@cache
def default_rule_set() -> RuleSet:
    return parse_rule_set(DEFAULT_FILE.read_text(encoding="utf-8"))


def check_venue(items: Sequence[Item], rule_set: RuleSet, *, venue: str = "") -> list[Violation]:
    """Every violation of the rule set in one venue's inventory, in the rule set's order."""
    found: list[Violation] = []
    for rule in rule_set.rules:
        found.extend(CHECKS[rule["type"]](rule, items, venue))
    return found
