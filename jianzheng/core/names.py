"""Whether free text can name a thing: a proof asked for, a unit that asked for it.

Refusals are evidence (永民发〔2020〕91号 二(五)): a record naming "😀😀😀" or "asdfgh" proves
nothing. These checks run after `core.text.clean_text`, on text that is not a catalogue item or a
registered unit, and name the field in Chinese."""

import unicodedata

from jianzheng.core.errors import RuleViolation

# Punctuation a name of a proof or a unit may carry: 《居住证明》, 中国银行（永宁支行）, 示例企业·….
NAME_PUNCTUATION = set("（）()《》〈〉【】[]、，,.．。·・•-—－_/“”\"' 　")


def is_han(ch: str) -> bool:
    """A CJK ideograph (the unified blocks and their extensions, compatibility ideographs)."""
    return unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, "")


def han_count(text: str) -> int:
    return sum(1 for ch in text if is_han(ch))


def check_name(text: str, *, field: str, label: str, min_han: int = 2) -> str:
    """`text` (already cleaned) must read as a Chinese name: letters, digits and the usual
    punctuation only — no emoji or other symbols — and at least `min_han` Chinese characters, so
    that keyboard mashes ("asdfgh") and single letters ("x") are refused."""
    odd = [ch for ch in text if not (ch.isalnum() or ch in NAME_PUNCTUATION)]
    if odd:
        raise RuleViolation(
            "invalid_name",
            f"{label}含有不能用于名称的符号（如“{odd[0]}”），请填写中文名称",
            field=field,
        )
    if han_count(text) < min_han:
        raise RuleViolation(
            "invalid_name", f"{label}应为中文名称，至少{min_han}个汉字", field=field
        )
    return text
