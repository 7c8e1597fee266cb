"""Search keys and query matching: names, aliases, colloquial keywords, partial words, full
pinyin and pinyin initials (jzzm finds 健在证明 and 居住证明)."""

import re
import unicodedata
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from jianzheng.core.errors import RuleViolation

MAX_QUERY = 50
ASCII_QUERY = re.compile(r"^[a-z0-9]+$")
# Words residents wrap around the name of a proof ("社区还给开居住证明吗?").
FILLER = re.compile(
    r"(证明|社区|村委会|居委会|村里|还要|还能|还给|需要|要求|可以|能不能|怎么|哪里|办理|开具|出具"
    r"|开个|开|办|给|我|的|吗|呢|啊|吧|还|要|个|去|说|是|否|在|了|不|一下)"
)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def clean_query(raw: str | None, *, field: str = "q") -> str:
    """The query as matched; raises with the field named for control characters or a huge string."""
    raw = raw or ""
    if any(unicodedata.category(ch) == "Cc" for ch in raw):
        raise RuleViolation("invalid_characters", "查询内容含有不可见的控制字符", field=field)
    if len(raw) > MAX_QUERY * 4 or len(normalize(raw)) > MAX_QUERY:
        raise RuleViolation("too_long", f"查询内容不能超过{MAX_QUERY}个字", field=field)
    return normalize(raw)


def _pinyin_keys(text: str) -> tuple[str, str]:
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isalpha()]
    return "".join(syllables), "".join(s[0] for s in syllables)


def search_keys(name: str, aliases: list[str], keywords: list[str], code: str) -> str:
    """The item's `search_text`: one normalised key a line, names first."""
    keys: list[str] = []
    for text in [name, *aliases, *keywords]:
        key = normalize(text)
        if key:
            keys.append(key)
            full, initials = _pinyin_keys(text)
            keys.extend(k for k in (full, initials) if k)
    keys.append(normalize(code))
    return "\n".join(dict.fromkeys(keys))


@dataclass(frozen=True)
class Match:
    score: int
    key_index: int


def score(query: str, search_text: str, name: str) -> int:
    """Higher is better: an exact name beats an alias beats a part of a word beats pinyin."""
    name_key = normalize(name)
    if query == name_key:
        return 100
    keys = search_text.split("\n")
    if query in keys:
        return 80
    if name_key.startswith(query):
        return 70
    if query in name_key:
        return 60
    if any(query in key for key in keys):
        return 40
    return 0


def fallback_fragments(query: str) -> list[str]:
    """For a sentence with no direct hit: the meaningful fragments left after removing filler."""
    if ASCII_QUERY.match(query):
        return []
    parts = [p for p in FILLER.split(query) if p and not FILLER.fullmatch(p)]
    return [p for p in dict.fromkeys(parts) if len(p) >= 2]
