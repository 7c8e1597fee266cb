"""Pinyin keys for type-ahead: 杨和派出所 → ("yanghepaichusuo", "yhpcs")."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(text: str) -> tuple[str, str]:
    """Full pinyin and initials of the Chinese characters (and letters) in `text`, lower case."""
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isalpha()]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()
