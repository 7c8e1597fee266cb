"""The published formula (docs/evaluation.md): indicator values → indicator scores → a weighted
score → stars. Pure functions of the data, so anyone can recompute a published result from its
breakdown (and a test does).

    indicator score (0–100, two decimals, half up):
      share          100 × value                 (value a share 0–1)
      inverse_share  100 × (1 − value)
      mean           value                       (value already 0–100: mean rating points)
      count_target   100 × min(value ÷ target, 1)
      count_penalty  max(0, 100 − per × value)
    an indicator with no data that period (no certificates, no ratings) scores nothing and its
    weight drops out.
    score = Σ weight × indicator score ÷ Σ weight (over the indicators with data that apply to
            the title: 星级和谐社区 or 服务型党组织), minus the unit's deduction (四(二)), not below 0
    stars = 5 at or above thresholds[0], 4 at [1], 3 at [2], 2 at [3], else 1; but 0 (未评星)
            when no satisfaction indicator of the title has data: nobody served rated the
            community, and 二(二) makes 群众满意度 the heart of the evaluation. Ranks put the
            starred before the unstarred, then the higher score first (equal scores share one)."""

from decimal import ROUND_HALF_UP, Decimal

from jianzheng.core.errors import RuleViolation

FORMULAS = {
    "share": "100 × 比例",
    "inverse_share": "100 × (1 − 比例)",
    "mean": "平均分（0–100）",
    "count_target": "100 × min(数量 ÷ 目标, 1)",
    "count_penalty": "max(0, 100 − 每件扣分 × 数量)",
}
DEFAULT_THRESHOLDS = [90, 80, 70, 60]
CENT = Decimal("0.01")


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def clean_formula(formula) -> dict:
    """A formula as data, checked: its type and the one number some types need."""
    if not isinstance(formula, dict) or formula.get("type") not in FORMULAS:
        raise RuleViolation(
            "invalid_formula",
            "计分公式应为以下之一：" + "、".join(FORMULAS),
            field="formula",
        )
    kind = formula["type"]
    needs = {"count_target": "target", "count_penalty": "per"}.get(kind)
    if needs is None:
        return {"type": kind}
    try:
        number = Decimal(str(formula.get(needs)))
    except Exception:  # noqa: BLE001 - any unreadable number is the same error
        number = Decimal(0)
    if not number.is_finite() or number <= 0 or number > 1000:
        raise RuleViolation(
            "invalid_formula",
            f"计分公式的{'目标数量' if needs == 'target' else '每件扣分'}应为正数",
            field="formula",
        )
    return {"type": kind, needs: float(number)}


def indicator_score(formula: dict, value) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(str(value))
    kind = formula["type"]
    if kind == "share":
        score = 100 * value
    elif kind == "inverse_share":
        score = 100 * (1 - value)
    elif kind == "mean":
        score = value
    elif kind == "count_target":
        score = 100 * min(value / Decimal(str(formula["target"])), Decimal(1))
    else:
        score = max(Decimal(0), 100 - Decimal(str(formula["per"])) * value)
    return cents(min(max(score, Decimal(0)), Decimal(100)))


def weighted_score(rows: list[dict], title: str) -> Decimal:
    """rows: the breakdown ({"weight", "score", "applies_to"}); title: community | party."""
    used = [
        row for row in rows if row["score"] is not None and row["applies_to"] in ("both", title)
    ]
    total = sum((Decimal(str(row["weight"])) for row in used), Decimal(0))
    if not total:
        return Decimal("0.00")
    weighted = sum(
        (Decimal(str(row["weight"])) * Decimal(str(row["score"])) for row in used), Decimal(0)
    )
    return cents(weighted / total)


def final_score(rows: list[dict], title: str, deduction) -> Decimal:
    return max(Decimal("0.00"), cents(weighted_score(rows, title) - Decimal(str(deduction))))


def has_satisfaction(rows: list[dict], title: str) -> bool:
    return any(
        row["kind"] == "satisfaction"
        and row["score"] is not None
        and row["applies_to"] in ("both", title)
        for row in rows
    )


def title_stars(rows: list[dict], title: str, score, thresholds: list) -> int:
    return stars(score, thresholds) if has_satisfaction(rows, title) else 0


def stars(score, thresholds: list) -> int:
    score = Decimal(str(score))
    for index, line in enumerate(thresholds[:4]):
        if score >= Decimal(str(line)):
            return 5 - index
    return 1


def clean_thresholds(thresholds) -> list[float]:
    if not thresholds:
        return list(DEFAULT_THRESHOLDS)
    try:
        lines = [float(x) for x in thresholds]
    except (TypeError, ValueError):
        lines = []
    ok = len(lines) == 4 and all(0 < x <= 100 for x in lines)
    if not ok or any(a <= b for a, b in zip(lines, lines[1:], strict=False)):
        raise RuleViolation(
            "invalid_thresholds",
            "星级分数线应为从高到低的四个分数（五星、四星、三星、二星），例如 90,80,70,60",
            field="star_thresholds",
        )
    return lines
