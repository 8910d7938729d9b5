"""The query language: Lucene/AmCAT query strings <-> a typed syntax tree (parse and print).

Rules in brief (docs/query-language.md has them all): words next to each other are OR'ed (AmCAT's
and Lucene's default); `AND` binds tighter than `OR`; `NOT x` and `-x` remove x, `+x` requires x;
`"a b"` is a phrase, `"a b"~N` a proximity; `kim*`/`k?m` are wildcards; `field:x` picks a field;
`published:[2024-01-01 TO 2024-03-31]` is a date range; `*` alone matches every item; a query made
only of NOT parts is an error. `Label# query` labels a query (one per line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput
from lark.exceptions import VisitError

from wiredesk.errors import QuerySyntaxError
from wiredesk.query.analyze import folded_words

MAX_QUERY_CHARS = 2_000
MAX_DEPTH = 20
MAX_CLAUSES = 200
MAX_DISTANCE = 100

TEXT_FIELDS = ("headline", "body")
EXACT_FIELDS = ("place", "agency", "section")
DATE_FIELDS = ("published",)
ENRICH_FIELDS = ("entity", "country", "story", "storyline")  # query/enrich_fields.py
FIELDS = TEXT_FIELDS + EXACT_FIELDS + DATE_FIELDS + ENRICH_FIELDS
FIELD_ALIASES = {"title": "headline", "text": "body", "date": "published", "dateline": "place"}
FUTURE_FIELDS = ("person", "organisation")


# -- the syntax tree -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A word as typed (may analyse to several tokens, e.g. `noord-korea`, then it is a phrase)."""

    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must follow each other: `"verenigde staten"`."""

    text: str


@dataclass(frozen=True, slots=True)
class Near:
    """Words within `distance` words of each other, in any order: `"kim poetin"~10`."""

    text: str
    distance: int


@dataclass(frozen=True, slots=True)
class Wildcard:
    """A word pattern: `*` any letters, `?` one letter (`kim*`, `k?m`), on unstemmed words."""

    pattern: str


@dataclass(frozen=True, slots=True)
class MatchAll:
    """`*` alone: every item."""


@dataclass(frozen=True, slots=True)
class Range:
    """A date range on `published`; None is an open end."""

    start: date | None
    end: date | None
    include_start: bool = True
    include_end: bool = True


@dataclass(frozen=True, slots=True)
class Field:
    """`name:node`: search `node` in one field (the innermost field wins)."""

    name: str
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    """Every child matches (at least one child is not a Not)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one child matches."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The child does not match; only inside an And that also has a positive child."""

    child: Node


Node: TypeAlias = Term | Phrase | Near | Wildcard | MatchAll | Range | Field | And | Or | Not


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    """One query of a set: its label (the query text when unlabelled), its text and its tree."""

    label: str
    text: str
    node: Node


# -- the grammar -----------------------------------------------------------------------------

_GRAMMAR = r"""
start: disj

disj: conj (_OR? conj)*
conj: unary (_AND unary)*
unary: NOT unary | MINUS unary | PLUS unary | atom
atom: FIELD fieldable | primary
fieldable: primary | range
range: LBRACKET bound _TO bound RBRACKET
bound: BOUND | STAR
primary: TERM | PHRASE PROXIMITY? | STAR | "(" disj ")"

_OR.2: /OR(?![^\s"()\[\]{}:^~\\])/ | "||"
_AND.2: /AND(?![^\s"()\[\]{}:^~\\])/ | "&&"
NOT.2: /NOT(?![^\s"()\[\]{}:^~\\])/ | "!"
_TO.2: /TO(?![^\s"()\[\]{}:^~\\])/
PLUS: "+"
MINUS: "-"
STAR.3: /\*(?![^\s"()\[\]{}:^~\\])/
FIELD.3: /[A-Za-z_]+:/
PHRASE: /"(\\.|[^"\\])*"/
PROXIMITY: /~[0-9]+/
LBRACKET: "[" | "{"
RBRACKET: "]" | "}"
BOUND.1: /[0-9]{4}-[0-9]{2}-[0-9]{2}/
TERM: /(\\.|[^\s"()\[\]{}:^~\\+\-!])(\\.|[^\s"()\[\]{}:^~\\])*/

%ignore /\s+/
"""

_parser = Lark(_GRAMMAR, parser="lalr", lexer="contextual", propagate_positions=True)


class _Required:
    """A `+x` part: required in an OR list (inside an AND chain it is required anyway)."""

    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        self.node = node


def _plain(part: Node | _Required) -> Node:
    return part.node if isinstance(part, _Required) else part


class _BadQuery(Exception):
    def __init__(self, why: str, column: int) -> None:
        super().__init__(why)
        self.why = why
        self.column = column


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _col(tok: Token) -> int:
    return int(tok.column) if tok.column is not None else 1


class _ToTree(Transformer[Token, Node]):
    def start(self, items: list[Node]) -> Node:
        return items[0]

    def disj(self, items: list[Node | _Required]) -> Node:
        must = [p.node for p in items if isinstance(p, _Required)]
        should = [p for p in items if not isinstance(p, _Required | Not)]
        prohibit = [p.child for p in items if isinstance(p, Not)]
        if must:
            positive: list[Node] = must
        elif should:
            positive = [should[0] if len(should) == 1 else Or(tuple(should))]
        else:
            raise _BadQuery(
                "NOT (or -) needs something to subtract from: write `* NOT x` for every item "
                "except those with x",
                0,
            )
        parts = positive + [Not(n) for n in prohibit]
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def conj(self, items: list[Node | _Required]) -> Node | _Required:
        if len(items) == 1:
            return items[0]
        nodes = [_plain(n) for n in items]
        if all(isinstance(n, Not) for n in nodes):
            raise _BadQuery(
                "an AND of NOT parts only matches nothing: add a positive part, or write "
                "`* AND NOT x` for every item except x",
                0,
            )
        return And(tuple(nodes))

    def unary(self, items: list[object]) -> Node | _Required:
        if len(items) == 1:
            return items[0]  # type: ignore[return-value]
        tok, child = items
        assert isinstance(tok, Token)
        if tok.type == "PLUS":
            return child if isinstance(child, Not | _Required) else _Required(child)  # type: ignore[arg-type]
        inner = _plain(child)  # type: ignore[arg-type]
        return inner.child if isinstance(inner, Not) else Not(inner)

    def atom(self, items: list[object]) -> Node:
        if len(items) == 1:
            return items[0]  # type: ignore[return-value]
        tok, node = items
        assert isinstance(tok, Token)
        name = tok.value[:-1].lower()
        name = FIELD_ALIASES.get(name, name)
        col = _col(tok)
        if name in FUTURE_FIELDS:
            raise _BadQuery(f"the field {name}: is not available yet", col)
        if name not in FIELDS:
            raise _BadQuery(
                f"unknown field {tok.value!r}: use one of {', '.join(f + ':' for f in FIELDS)} "
                "(or write \\: to search for a colon)",
                col,
            )
        if isinstance(node, Range):
            if name not in DATE_FIELDS:
                raise _BadQuery(f"a [.. TO ..] range only works on published:, not {name}:", col)
            return node
        if name in DATE_FIELDS:
            if isinstance(node, Term) and _parse_date(node.text) is not None:
                day = _parse_date(node.text)
                return Range(day, day)
            raise _BadQuery(
                "published: takes a date or a range: published:2024-01-31 or "
                "published:[2024-01-01 TO 2024-03-31]",
                col,
            )
        if isinstance(node, Near) and name in EXACT_FIELDS + ENRICH_FIELDS:
            raise _BadQuery(f"proximity (~N) does not work on {name}:", col)
        assert not isinstance(node, Token)
        return Field(name, node)  # type: ignore[arg-type]

    def fieldable(self, items: list[Node]) -> Node:
        return items[0]

    def range(self, items: list[object]) -> Range:
        lb, lo, hi, rb = items
        assert isinstance(lb, Token)
        assert isinstance(rb, Token)
        start = lo if isinstance(lo, date) else None
        end = hi if isinstance(hi, date) else None
        if start is not None and end is not None and start > end:
            raise _BadQuery(f"the range starts after it ends ({start} > {end})", _col(lb))
        return Range(start, end, lb.value == "[", rb.value == "]")

    def bound(self, items: list[Token]) -> date | None:
        tok = items[0]
        if tok.type == "STAR":
            return None
        day = _parse_date(tok.value)
        if day is None:
            raise _BadQuery(f"{tok.value!r} is not a date: write YYYY-MM-DD", _col(tok))
        return day

    def primary(self, items: list[object]) -> Node:
        if not items:
            raise _BadQuery("empty parentheses: put a query inside ( )", 0)
        first = items[0]
        if not isinstance(first, Token):
            return first  # type: ignore[return-value]
        col = _col(first)
        if first.type == "STAR":
            return MatchAll()
        if first.type == "PHRASE":
            text = _unescape(first.value[1:-1])
            if not folded_words(text):
                raise _BadQuery("this phrase has no letters or digits to search for", col)
            if len(items) == 2:
                prox = items[1]
                assert isinstance(prox, Token)
                distance = int(prox.value[1:])
                if distance > MAX_DISTANCE:
                    raise _BadQuery(
                        f"proximity ~{distance} is too wide: use at most ~{MAX_DISTANCE}",
                        _col(prox),
                    )
                return Near(text, distance)
            return Phrase(text)
        raw = first.value
        text = _unescape(raw)
        if raw in _KEYWORDS:
            raise _BadQuery(
                f"{raw} needs a query on both sides (write \\{raw} to search for the word)", col
            )
        if _has_wildcard(raw):
            return _wildcard(raw, col)
        if not folded_words(text):
            raise _BadQuery(
                f"{raw!r} has no letters or digits to search for (quote or drop it)", col
            )
        return Term(text)


def _has_wildcard(raw: str) -> bool:
    return bool(re.search(r"(?<!\\)[*?]", raw.replace("\\\\", "")))


def _wildcard(raw: str, col: int) -> Wildcard:
    # Escaped wildcard characters are not supported inside a pattern; keep the rule simple.
    pattern = raw.replace("\\", "")
    literal = re.sub(r"[*?]", "", pattern)
    if pattern[0] in "*?":
        raise _BadQuery(
            f"{raw!r}: a word cannot start with a wildcard; start it with at least one letter", col
        )
    words = folded_words(re.sub(r"[*?]", "a", pattern))
    if len(words) != 1 or not literal:
        raise _BadQuery(f"{raw!r}: a wildcard works inside one word (letters and digits only)", col)
    return Wildcard(pattern)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


# -- parsing ---------------------------------------------------------------------------------


def _precheck(query: str) -> None:
    """Catch the common mistakes before the grammar, with a precise column and a fix."""
    if len(query) > MAX_QUERY_CHARS:
        raise _BadQuery(
            f"the query has {len(query)} characters; the limit is {MAX_QUERY_CHARS}",
            MAX_QUERY_CHARS + 1,
        )
    if not query.strip():
        raise _BadQuery("the query is empty: type a word, or * for every item", 1)
    stack: list[int] = []
    brackets: list[tuple[str, int]] = []
    depth_max = 0
    i = 0
    n = len(query)
    while i < n:
        c = query[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            j = i + 1
            while j < n and query[j] != '"':
                j += 2 if query[j] == "\\" else 1
            if j >= n:
                raise _BadQuery('unbalanced quote: close it with "', i + 1)
            i = j + 1
            continue
        if c == "(":
            stack.append(i + 1)
            depth_max = max(depth_max, len(stack))
        elif c == ")":
            if not stack:
                raise _BadQuery("unbalanced parenthesis: this ) has no ( before it", i + 1)
            stack.pop()
        elif c in "[{":
            brackets.append((c, i + 1))
        elif c in "]}":
            if not brackets:
                raise _BadQuery(
                    f"this {c} closes no range: write published:[2024-01-01 TO 2024-03-31]",
                    i + 1,
                )
            brackets.pop()
        elif c == "^":
            raise _BadQuery("boosts (^) are not supported: remove the ^ (or write \\^)", i + 1)
        i += 1
    if stack:
        raise _BadQuery("unbalanced parenthesis: close this ( with )", stack[-1])
    if brackets:
        raise _BadQuery("unclosed range: close it with ] (or })", brackets[-1][1])
    if depth_max > MAX_DEPTH:
        raise _BadQuery(f"parentheses nest {depth_max} deep; the limit is {MAX_DEPTH}", 1)


def _describe(exc: UnexpectedInput, query: str) -> tuple[str, int]:
    col = int(getattr(exc, "column", 0) or 0)
    if isinstance(exc, UnexpectedEOF) or col <= 0 or col > len(query):
        tail = query.rstrip()
        last = tail.split()[-1] if tail.split() else ""
        if last in ("AND", "OR", "NOT", "&&", "||", "!", "+", "-") or tail.endswith(":"):
            return (f"the query ends with {last!r}: add what it applies to", len(tail))
        return ("the query ends too early", max(len(tail), 1))
    ch = query[col - 1]
    word = re.match(r"\S+", query[col - 1 :])
    here = word.group() if word else ch
    if isinstance(exc, UnexpectedCharacters):
        if ch == "~":
            return ('~N proximity must follow a quoted phrase: write "a b"~5', col)
        if ch == ":":
            return (
                "a colon must follow a field name (headline:, body:, ...); write \\: for a colon",
                col,
            )
    if ch == "~":
        return ('~N proximity must follow a quoted phrase: write "a b"~5', col)
    if ch in "+-!":
        return (
            f"{ch} must be followed directly by the word or (group) it applies to "
            f"(write \\{ch} to search for it)",
            col,
        )
    if ch in "[{":
        return ("a range needs a field: published:[2024-01-01 TO 2024-03-31]", col)
    if here.split("(")[0] in ("AND", "OR", "&&", "||"):
        return (f"{here.split('(')[0]} needs a query on both sides", col)
    if here.startswith(("TO", "]", "}")):
        return ("a range looks like published:[2024-01-01 TO 2024-03-31] (dates or *)", col)
    return (f"unexpected {here!r}: check the operators and quotes around it", col)


def parse_query(query: str) -> Node:
    """Parse a query string into its syntax tree.

    Args:
        query: the query as typed (no label; see `parse_labelled`).

    Returns:
        The tree.

    Raises:
        QuerySyntaxError: the query is malformed or too large; names the 1-based column and a fix.
    """
    try:
        _precheck(query)
        tree = _parser.parse(query)
        node = _ToTree().transform(tree)
    except _BadQuery as bad:
        raise QuerySyntaxError(query, bad.why, max(bad.column, 1)) from None
    except VisitError as exc:
        orig = exc.orig_exc
        if isinstance(orig, _BadQuery):
            meta = getattr(exc.obj, "meta", None)
            column = orig.column or (int(meta.column) if meta is not None and not meta.empty else 1)
            raise QuerySyntaxError(query, orig.why, max(column, 1)) from None
        raise
    except UnexpectedInput as exc:
        why, col = _describe(exc, query)
        raise QuerySyntaxError(query, why, col) from None
    except RecursionError:
        raise QuerySyntaxError(query, "the query nests too deeply", 1) from None
    clauses = _count_clauses(node)
    if clauses > MAX_CLAUSES:
        raise QuerySyntaxError(
            query, f"the query has {clauses} parts; the limit is {MAX_CLAUSES}", 1
        )
    return node


def _count_clauses(node: Node) -> int:
    if isinstance(node, And | Or):
        return sum(_count_clauses(c) for c in node.children)
    if isinstance(node, Not):
        return _count_clauses(node.child)
    if isinstance(node, Field):
        return _count_clauses(node.node)
    return 1


_LABEL = re.compile(r"^\s*([^#\"()\[\]{}:\s](?:[^#\"()\[\]{}:\n]*[^#\"()\[\]{}:\s])?)#(.*)$", re.S)


def split_label(line: str) -> tuple[str | None, str]:
    """Split AmCAT's `Label# query` into (label, query); (None, line) without a label."""
    m = _LABEL.match(line)
    if m is None:
        return None, line.strip()
    return m.group(1).strip(), m.group(2).strip()


def parse_labelled(queries: str | list[str] | tuple[str, ...]) -> list[LabelledQuery]:
    """Parse one or several (optionally labelled) queries; a string holds one query per line.

    Raises:
        QuerySyntaxError: a query does not parse, or a label is used twice.
    """
    lines: list[str] = []
    for q in [queries] if isinstance(queries, str) else list(queries):
        lines.extend(part for part in q.splitlines() if part.strip())
    if not lines:
        raise QuerySyntaxError("", "the query is empty: type a word, or * for every item", 1)
    out: list[LabelledQuery] = []
    seen: set[str] = set()
    for line in lines:
        label, text = split_label(line)
        offset = line.find(text) if label is not None else 0
        try:
            node = parse_query(text)
        except QuerySyntaxError as exc:
            if label is None:
                raise
            raise QuerySyntaxError(line, exc.why.split(": ", 1)[1], exc.column + offset) from None
        name = label if label is not None else text
        if name in seen:
            raise QuerySyntaxError(
                line, f"the label {name!r} is used twice: give each query its own label", 1
            )
        seen.add(name)
        out.append(LabelledQuery(name, text, node))
    return out


# -- printing --------------------------------------------------------------------------------

_KEYWORDS = ("AND", "OR", "NOT", "TO")


def _escape_term(text: str) -> str:
    out = re.sub(r'([\s"()\[\]{}:^~\\*?!+\-&|])', r"\\\1", text)
    if text in _KEYWORDS or text == "*":
        out = "\\" + out
    return out


def _escape_phrase(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _print_child(node: Node) -> str:
    text = print_query(node)
    return f"({text})" if isinstance(node, And | Or) else text


def print_query(node: Node) -> str:
    """The query string of a tree; `parse_query(print_query(q)) == q` for every parsed q."""
    if isinstance(node, Term):
        return _escape_term(node.text)
    if isinstance(node, Phrase):
        return f'"{_escape_phrase(node.text)}"'
    if isinstance(node, Near):
        return f'"{_escape_phrase(node.text)}"~{node.distance}'
    if isinstance(node, Wildcard):
        return node.pattern
    if isinstance(node, MatchAll):
        return "*"
    if isinstance(node, Range):
        lo = node.start.isoformat() if node.start else "*"
        hi = node.end.isoformat() if node.end else "*"
        left = "[" if node.include_start else "{"
        right = "]" if node.include_end else "}"
        return f"published:{left}{lo} TO {hi}{right}"
    if isinstance(node, Field):
        inner = print_query(node.node)
        return (
            f"{node.name}:({inner})"
            if isinstance(node.node, And | Or | Field)
            else f"{node.name}:{inner}"
        )
    if isinstance(node, Not):
        return f"NOT {_print_child(node.child)}"
    if isinstance(node, And):
        return " AND ".join(_print_child(c) for c in node.children)
    return " OR ".join(_print_child(c) for c in node.children)
