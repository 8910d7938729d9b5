"""Keyword in context and highlighted snippets, by re-tokenising the original text.

A token is marked when its stem is a stem of a (non-negated) query word, or its folded form
matches a (non-negated) wildcard of the query; adjacent marked tokens form one match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wiredesk.query.analyze import Token, fold_pattern, stems, tokens
from wiredesk.query.plan import wildcard_regex
from wiredesk.query.results import KwicLine, Snippet
from wiredesk.query.syntax import And, Field, Near, Node, Not, Or, Phrase, Term, Wildcard


@dataclass(slots=True)
class Highlighter:
    """The words of a query to mark, per text field (None: both)."""

    stems: dict[str | None, set[str]] = field(default_factory=dict)
    patterns: dict[str | None, list[re.Pattern[str]]] = field(default_factory=dict)

    def marks(self, toks: list[Token], fld: str) -> list[bool]:
        """Which tokens of a text in field `fld` are marked."""
        wanted = self.stems.get(None, set()) | self.stems.get(fld, set())
        pats = self.patterns.get(None, []) + self.patterns.get(fld, [])
        return [t.stem in wanted or any(p.match(t.folded) for p in pats) for t in toks]


def highlighter(node: Node) -> Highlighter:
    """Collect the positive words and wildcards of a tree."""
    hl = Highlighter()

    def walk(n: Node, fld: str | None) -> None:
        if isinstance(n, Not):
            return
        if isinstance(n, Field):
            walk(n.node, n.name)
        elif isinstance(n, And | Or):
            for c in n.children:
                walk(c, fld)
        elif fld in (None, "headline", "body"):
            if isinstance(n, Term | Phrase | Near):
                hl.stems.setdefault(fld, set()).update(stems(n.text))
            elif isinstance(n, Wildcard):
                hl.patterns.setdefault(fld, []).append(wildcard_regex(fold_pattern(n.pattern)))

    walk(node, None)
    return hl


def _spans(marks: list[bool]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(marks):
        if marks[i]:
            j = i
            while j + 1 < len(marks) and marks[j + 1]:
                j += 1
            spans.append((i, j))
            i = j + 1
        else:
            i += 1
    return spans


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def kwic_lines(
    item_id: str, text: str, hl: Highlighter, *, fld: str = "body", width: int = 8, limit: int = 10
) -> list[KwicLine]:
    """One line per match in `text`: `width` words left and right of it."""
    toks = tokens(text)
    out: list[KwicLine] = []
    for i, j in _spans(hl.marks(toks, fld))[:limit]:
        lo = max(0, i - width)
        hi = min(len(toks) - 1, j + width)
        left = text[toks[lo].start : toks[i].start] if i > lo else ""
        right = text[toks[j].end : toks[hi].end] if hi > j else ""
        out.append(
            KwicLine(
                id=item_id,
                left=_squeeze(left),
                match=_squeeze(text[toks[i].start : toks[j].end]),
                right=_squeeze(right),
                field=fld,
            )
        )
    return out


def snippet(text: str, hl: Highlighter, *, fld: str = "body", words: int = 40) -> Snippet:
    """The window of about `words` words with the most matches, as (text, is_match) segments."""
    toks = tokens(text)
    if not toks:
        return ((text[:300], False),) if text else ()
    marks = hl.marks(toks, fld)
    best, best_n = 0, -1
    window = min(words, len(toks))
    running = sum(marks[:window])
    best_n, best = running, 0
    for start in range(1, len(toks) - window + 1):
        running += marks[start + window - 1] - marks[start - 1]
        if running > best_n:
            best_n, best = running, start
    if best_n == 0:
        best = 0
    lo, hi = best, best + window - 1
    first = toks[lo].start if lo > 0 else 0
    last = toks[hi].end if hi < len(toks) - 1 else len(text)
    segments: list[tuple[str, bool]] = []
    if lo > 0:
        segments.append(("…", False))
    pos = first
    for i, j in _spans(marks[lo : hi + 1]):
        a, b = toks[lo + i].start, toks[lo + j].end
        if a > pos:
            segments.append((text[pos:a], False))
        segments.append((text[a:b], True))
        pos = b
    if last > pos:
        segments.append((text[pos:last], False))
    if hi < len(toks) - 1:
        segments.append(("…", False))
    return tuple((_squeeze_keep(t), m) for t, m in segments if t)


def _squeeze_keep(text: str) -> str:
    # Squeeze runs of white space (newlines between paragraphs) but keep edge spaces.
    return re.sub(r"\s+", " ", text)
