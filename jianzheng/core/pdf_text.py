"""Chinese line breaking with 避头尾 (kinsoku), independent of any PDF library.

ReportLab's own CJK wrapping lets a line start with "，", which looks careless on an official
paper; this module decides where lines break, and the renderer only draws them.
"""

import re
from collections.abc import Callable

# May not start a line (行首禁则): closing brackets and quotes, sentence punctuation, the
# ellipsis and dash (they belong to the text before them), iteration marks, percent signs.
NO_LINE_START = frozenset(
    "，。、；：？！）》」』】〕〗〙〛］｝〉”’…—–～·・‰％%°℃"
    "ー々〻ゝゞヽヾ"
    ",.;:!?)]}>"
    "﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞"
)
# May not end a line (行尾禁则): opening brackets and quotes.
NO_LINE_END = frozenset("（《「『【〔〖〘〚［｛〈“‘([{<$￥＄")

# An unbroken ASCII unit: ID-card numbers, serials like YH-2026-000123, phone numbers like
# 0951-1234567, decimals, dates like 2026-11-26, URLs. Joiners count only between alphanumerics,
# so "ABC," still lets the comma be checked on its own.
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-_./:@+&#=~%?][A-Za-z0-9]+)*")

Measure = Callable[[str], float]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    for match in _WORD.finditer(text):
        tokens.extend(text[pos : match.start()])
        tokens.append(match.group())
        pos = match.end()
    tokens.extend(text[pos:])
    return tokens


def _atoms(text: str) -> list[str]:
    """Glue tokens that must stay on one line: an opener to what follows, a closer to what precedes."""
    atoms: list[str] = []
    glue_next = False
    for token in _tokens(text):
        if atoms and (glue_next or token in NO_LINE_START):
            atoms[-1] += token
        else:
            atoms.append(token)
        glue_next = token in NO_LINE_END
    return atoms


def break_lines(
    text: str,
    measure: Measure,
    max_width: float,
    *,
    first_line_width: float | None = None,
) -> list[str]:
    """Break one paragraph into lines no wider than max_width (first_line_width for the first).

    No line starts with closing punctuation or ends with opening punctuation, and ASCII words
    (ID numbers, serials, phone numbers) stay whole when they fit on a line. "\\n" forces a
    break. Spaces at a break are dropped. An empty paragraph gives [""].
    """
    if max_width <= 0:
        raise ValueError("max_width must be positive")
    first = max_width if first_line_width is None else first_line_width
    lines: list[str] = []
    for part in text.split("\n"):
        part_first = first if not lines else max_width
        lines.extend(_break_part(part, measure, max_width, part_first))
    return lines


def _break_part(text: str, measure: Measure, max_width: float, first: float) -> list[str]:
    lines: list[str] = []
    line = ""
    width = 0.0
    limit = first

    def flush() -> None:
        nonlocal line, width, limit
        lines.append(line.rstrip(" "))
        line, width, limit = "", 0.0, max_width

    for atom in _atoms(text):
        if not line and atom.strip(" ") == "":
            continue  # no leading space on a continuation line
        atom_width = measure(atom)
        if width + atom_width <= limit:
            line += atom
            width += atom_width
            continue
        if atom_width > max_width:
            # Wider than any line (a very long number or URL): fill this line, then hard-break
            # by character, carrying one character down rather than start a line with a closer.
            for ch in atom:
                ch_width = measure(ch)
                if line and width + ch_width > limit:
                    carry = line[-1] if ch in NO_LINE_START and len(line) > 1 else ""
                    line = line[: len(line) - len(carry)]
                    flush()
                    line, width = carry, measure(carry)
                line += ch
                width += ch_width
            continue
        if line:
            flush()
        atom = atom.lstrip(" ")
        line, width = atom, measure(atom)
    if line or not lines:
        lines.append(line.rstrip(" "))
    return lines
