"""Search keys and query matching: names, aliases, colloquial keywords, partial words, full
pinyin and pinyin initials (jzzm finds 健在证明 and 居住证明); and, when the words typed are in no
key, what the sentence is about (catalogue.reading): "开个证明证明我没结婚" finds 婚姻状况证明."""

import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

from pypinyin import Style, lazy_pinyin

from jianzheng.catalogue.reading import read, senses_of
from jianzheng.core.errors import RuleViolation

MAX_QUERY = 50
# How much each kind of evidence counts when the query is a sentence rather than a key.
EXTRA_SENSE = 1  # a key about something the query does not mention is a worse fit
MIN_EVIDENCE = 4  # a card named alone (护照) is about no proof; 护照丢了 is
NAMED_KEY = 1  # per character of a whole name, alias or keyword in the sentence ("…提供健在证明")
PER_CHARACTER = 2  # per pair of characters a leftover fragment shares with an item's keys
UNSPECIFIC = frozenset({"证明"})  # a pair of characters every proof's name has


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
    words: tuple[str, ...] = ()  # the keys in 汉字 (not pinyin, not the code)
    senses: tuple[frozenset[str], ...] = ()  # what each of `words` is about

    @classmethod
    def of(
        cls, pk: int, code: str, name: str, status: str, search_text: str, summary: dict
    ) -> "Entry":
        keys = tuple(search_text.split("\n"))
        words = tuple(k for k in keys if not k.isascii())
        return cls(
            pk,
            code,
            status,
            normalize(name),
            keys,
            search_text,
            summary,
            words,
            tuple(senses_of(w) for w in words),
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
        # For a sentence: who carries each sense, and which keys start with each pair of
        # characters (to find whole keys inside it).
        self._by_sense: dict[str, set[int]] = defaultdict(set)
        self._by_start: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._all_keys = "\n\n".join(e.search_text for e in entries)
        self._starts = list(accumulate((len(e.search_text) + 2 for e in entries[:-1]), initial=0))
        for position, entry in enumerate(entries):
            for word, senses in zip(entry.words, entry.senses, strict=True):
                for sense in senses:
                    self._by_sense[sense].add(position)
                if len(word) >= 2:
                    self._by_start[word[:2]].append((word, position))

    def _holding(self, text: str) -> set[int]:
        """The entries with `text` in a key: one scan of all keys at C speed, then by offset."""
        found, at = set(), self._all_keys.find(text)
        while at != -1:
            found.add(bisect_right(self._starts, at) - 1)
            at = self._all_keys.find(text, at + 1)
        return found

    def rank(self, query: str, status: str | None = None) -> tuple[list[Entry], list[str]]:
        """(entries best first, the words understood when the whole query is in no key)."""
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
        return self._by_meaning(query, status)

    def _by_meaning(self, query: str, status: str | None) -> tuple[list[Entry], list[str]]:
        """A sentence: its senses against each key's senses (the best key counts, less for what
        the key is about that the query is not), whole keys inside the sentence, and the
        leftover fragments as parts of words."""
        reading = read(query)
        scores: dict[int, float] = defaultdict(float)
        asked = reading.senses
        for position in set().union(*(self._by_sense.get(s, set()) for s in asked)):
            best = max(
                sum(asked.get(s, 0) for s in senses) - EXTRA_SENSE * len(senses - asked.keys())
                for senses in self.entries[position].senses
                if senses & asked.keys()
            )
            if best >= MIN_EVIDENCE:
                scores[position] += best
        named: dict[int, int] = {}
        for i in range(len(query) - 1):
            for word, position in self._by_start.get(query[i : i + 2], ()):
                if query.startswith(word, i):
                    named[position] = max(named.get(position, 0), NAMED_KEY * len(word))
        for position, bonus in named.items():
            scores[position] += bonus
        used = list(reading.words)
        for fragment in reading.leftovers:
            pairs = [p for p in _pairs(fragment) if p not in UNSPECIFIC]
            sharing: dict[int, int] = defaultdict(int)
            for pair in pairs:
                for position in self._holding(pair):
                    sharing[position] += 1
            # Two pairs in common for a longer fragment: one shared pair (银行 in 银行让) is chance.
            enough = [(p, n) for p, n in sharing.items() if n >= min(2, len(pairs))]
            for position, shared in enough:
                scores[position] += PER_CHARACTER * shared
            if enough:
                used.append(fragment)
        ranked = sorted(
            (
                (score, self.entries[p])
                for p, score in scores.items()
                if score > 0 and (not status or self.entries[p].status == status)
            ),
            key=lambda pair: (-pair[0], pair[1].code),
        )
        return [e for _, e in ranked], used if ranked else []


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}
