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
class Entry:
    """One listed item as search sees it."""

    pk: int
    code: str
    status: str
    name_key: str
    keys: tuple[str, ...]
    search_text: str
    summary: dict  # what a search hit shows, ready to send

    @classmethod
    def of(
        cls, pk: int, code: str, name: str, status: str, search_text: str, summary: dict
    ) -> "Entry":
        return cls(
            pk, code, status, normalize(name), tuple(search_text.split("\n")), search_text, summary
        )

    def score(self, query: str) -> int:
        """Higher is better: an exact name beats an alias beats a part of a word beats pinyin."""
        if query == self.name_key:
            return 100
        if query in self.keys:
            return 80
        if self.name_key.startswith(query):
            return 70
        if query in self.name_key:
            return 60
        if query in self.search_text:
            return 40
        return 0


class SearchIndex:
    """Every listed item's keys in memory, with the last answers remembered: residents ask for
    the same few proofs over and over."""

    CACHE_SIZE = 512

    def __init__(self, entries: tuple[Entry, ...]):
        self.entries = entries
        self._answers: dict[tuple[str, str | None], tuple[list[Entry], list[str]]] = {}

    def rank(self, query: str, status: str | None = None) -> tuple[list[Entry], list[str]]:
        """(entries best first, the fragments used when the whole query matched nothing)."""
        cache_key = (query, status)
        answer = self._answers.get(cache_key)
        if answer is None:
            answer = self._rank(query, status)
            if len(self._answers) >= self.CACHE_SIZE:
                self._answers.pop(next(iter(self._answers)))
            self._answers[cache_key] = answer
        return answer

    def _rank(self, query: str, status: str | None) -> tuple[list[Entry], list[str]]:
        entries = [e for e in self.entries if not status or e.status == status]
        if not query:
            return entries, []
        hits = [e for e in entries if query in e.search_text]
        if hits:
            return sorted(hits, key=lambda e: (-e.score(query), e.code)), []
        fragments = fallback_fragments(query)
        hits = [e for e in entries if any(f in e.search_text for f in fragments)]
        scored = sorted(
            ((sum(e.score(f) for f in fragments), e) for e in hits),
            key=lambda pair: (-pair[0], pair[1].code),
        )
        return [e for _, e in scored], fragments


def fallback_fragments(query: str) -> list[str]:
    """For a sentence with no direct hit: the meaningful fragments left after removing filler."""
    if ASCII_QUERY.match(query):
        return []
    parts = [p for p in FILLER.split(query) if p and not FILLER.fullmatch(p)]
    return [p for p in dict.fromkeys(parts) if len(p) >= 2]
