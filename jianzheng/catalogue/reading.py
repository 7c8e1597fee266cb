"""Reading a resident's sentence for what it asks about: words matched longest first from the
lexicon, negation (没去世 is 健在), kinship (two people named is a relation), look-alike typos,
homophone slips caught by sound (健再 → 健在), and pinyin typed as one string (shenfenzhengdiule).

The same reading tags an item's own names and keywords with senses when the index is built, so a
query and an item meet on what they are about rather than on the exact words."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin

from jianzheng.catalogue import lexicon

FOLLOWED_BY_PROOF = ("证明", "的证明")
PROOF_BONUS = 1.5  # "健在证明" names the proof; "户籍在我们社区" only mentions where one lives
MENTION = 1  # each further word for a sense: a sentence that keeps saying 打官司, 代理人, 推荐…
NEGATED_BEFORE = re.compile(
    "(?:" + "|".join(sorted(lexicon.NEGATION, key=len, reverse=True)) + ")(?:有|曾|过)?$"
)
ASCII = re.compile(r"^[a-z0-9]+$")
MIN_PINYIN_LETTERS = 4  # "si" or "hun" inside a string of pinyin is noise, "jiehun" is a word


@dataclass(frozen=True)
class Word:
    kind: str  # "sense", "document", "person", "negation" or "filler"
    senses: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Reading:
    senses: dict[str, float]  # what the text is about, and how loudly it says so
    words: tuple[str, ...]  # the words understood, as typed ("没结婚"), for "按…查到"
    leftovers: tuple[str, ...]  # runs of two or more characters no word covered


@cache
def vocabulary() -> dict[str, Word]:
    """Every word the reader knows; a word in several tables takes the most telling one."""
    words: dict[str, Word] = {}
    for w in lexicon.FILLER.split():
        words[w] = Word("filler")
    for w in lexicon.NEGATION:
        words[w] = Word("negation")
    for w in lexicon.PEOPLE.split():
        words[w] = Word("person")
    for sense, (strong, weak) in lexicon.SENSES.items():
        for w in weak.split():
            words[w] = Word("sense", ((sense, lexicon.WEAK),))
        for w in strong.split():
            words[w] = Word("sense", ((sense, lexicon.STRONG),))
    for w, topic in lexicon.DOCUMENTS.items():
        senses = [("证件", lexicon.DOCUMENT_WEIGHT)]
        if topic:
            senses.append((topic, lexicon.TOPIC_WEIGHT))
        words[w] = Word("document", tuple(senses))
    return words


@cache
def _lengths() -> dict[str, tuple[int, ...]]:
    """For each character that begins a known word, the lengths of those words, longest first:
    most characters begin none, so the scan costs one look-up for them."""
    lengths: dict[str, set[int]] = {}
    for w in vocabulary():
        lengths.setdefault(w[0], set()).add(len(w))
    return {ch: tuple(sorted(sizes, reverse=True)) for ch, sizes in lengths.items()}


def _syllables(text: str) -> list[str]:
    return lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: ["?"] * len(chars))


@cache
def _by_sound() -> dict[tuple[str, ...], str]:
    """Words of two or more characters that mean something, by their toneless syllables."""
    sounds: dict[tuple[str, ...], str] = {}
    for w, word in vocabulary().items():
        if word.senses and len(w) >= 2:
            sounds.setdefault(tuple(_syllables(w)), w)
    return sounds


@cache
def _pinyin_words() -> tuple[re.Pattern, dict[str, str]]:
    """The meaningful words spelt in pinyin, longest first, for a query typed without 汉字."""
    spelt = {"".join(s): w for s, w in _by_sound().items() if len("".join(s)) >= MIN_PINYIN_LETTERS}
    return re.compile("|".join(sorted(spelt, key=len, reverse=True))), spelt


def _fix_typos(text: str) -> str:
    for wrong, right in lexicon.TYPOS.items():
        text = text.replace(wrong, right)
    return text


def _scan(text: str) -> Iterator[tuple[int, int, Word]]:
    """(start, end, word) for the known words in `text`, left to right, longest word first.
    A document's name is never read out of 证明 (残疾证明 is not 残疾证 + 明)."""
    words, lengths = vocabulary(), _lengths()
    i = 0
    while i < len(text):
        for size in lengths.get(text[i], ()):
            word = words.get(text[i : i + size])
            if word and not (word.kind == "document" and text.startswith("明", i + size)):
                yield i, i + size, word
                i += size
                break
        else:
            i += 1


def _senses(text: str, start: int, word: Word) -> tuple[tuple[str, float], ...]:
    """The word's senses, turned by a negation just before it (没去世 is 健在)."""
    if not any(s in lexicon.NEGATED for s, _ in word.senses):
        return word.senses
    if not NEGATED_BEFORE.search(text, 0, start):
        return word.senses
    return tuple((lexicon.NEGATED.get(s, s), w) for s, w in word.senses)


def _about_kin(text: str, people: int) -> bool:
    return people >= 2 or (people > 0 and any(w in text for w in lexicon.RELATION_WORDS))


class _Collector:
    def __init__(self) -> None:
        self.senses: dict[str, float] = {}
        self.words: list[str] = []
        self.people = 0

    def add(self, senses: tuple[tuple[str, float], ...], shown: str, *, loud: bool = False) -> None:
        for sense, weight in senses:
            weight *= PROOF_BONUS if loud else 1
            before = self.senses.get(sense, 0)
            self.senses[sense] = max(before, weight) + (MENTION if before else 0)
        self.words.append(shown)


def read(text: str) -> Reading:
    """What a resident's normalised text (search.normalize) is about; the characters no word
    covers are also tried as homophones of known words."""
    text = _fix_typos(text)
    found = _Collector()
    if ASCII.match(text):
        pattern, spelt = _pinyin_words()
        for match in pattern.finditer(text):
            word = spelt[match.group()]
            found.add(vocabulary()[word].senses, word)
        return Reading(found.senses, tuple(found.words), ())
    runs, covered = [], 0
    for start, end, word in _scan(text):
        if start > covered:
            runs.append(text[covered:start])
        covered = end
        if word.kind == "person":
            found.people += 1
        elif word.senses:
            negation = NEGATED_BEFORE.search(text, 0, start)
            shown = (negation.group() if negation else "") + text[start:end]
            loud = text.startswith(FOLLOWED_BY_PROOF, end)
            found.add(_senses(text, start, word), shown, loud=loud)
    if covered < len(text):
        runs.append(text[covered:])
    leftovers = []
    for piece in runs:
        leftovers.extend(p for p in _hear(piece, found) if len(p) >= 2)
    if _about_kin(text, found.people):
        found.senses["亲属"] = max(found.senses.get("亲属", 0), lexicon.KINSHIP_WEIGHT)
    return Reading(found.senses, tuple(found.words), tuple(leftovers))


def _hear(piece: str, found: _Collector) -> list[str]:
    """Homophones of known words inside `piece` (a pinyin keyboard's commonest slip: 健再 for
    健在); returns what is still not understood."""
    if len(piece) < 2:
        return [piece]
    sounds, syllables = _by_sound(), _syllables(piece)
    rest, i, kept = [], 0, ""
    while i < len(piece):
        for size in (4, 3, 2):
            heard = sounds.get(tuple(syllables[i : i + size]))
            if heard and len(syllables[i : i + size]) == size:
                if kept:
                    rest.append(kept)
                    kept = ""
                found.add(vocabulary()[heard].senses, heard)
                i += size
                break
        else:
            kept += piece[i]
            i += 1
    if kept:
        rest.append(kept)
    return rest


@lru_cache(maxsize=65536)
def senses_of(key: str) -> frozenset[str]:
    """The senses an item's own name, alias or keyword carries (its words are spelt right, so
    no typos or homophones are tried: this runs for every key when the index is built)."""
    senses: set[str] = set()
    people = 0
    for start, _, word in _scan(key):
        people += word.kind == "person"
        senses.update(s for s, _ in _senses(key, start, word))
    if _about_kin(key, people):
        senses.add("亲属")
    return frozenset(senses)
