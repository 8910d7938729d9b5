"""Compile a query tree into an SQLite plan: one FTS5 MATCH expression plus an SQL condition.

Every user value reaches SQLite as a bound parameter: the FTS5 expression itself is one
parameter, and inside it every word is an FTS5 string ("...") made of analysed tokens, which
contain only letters and digits, so FTS5 operators or SQL typed by a user are never interpreted.
Wildcards are expanded here against the index vocabulary (or run as FTS5 prefix queries).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from wiredesk.errors import QuerySyntaxError
from wiredesk.query import enrich_fields
from wiredesk.query.analyze import exact_key, fold_pattern, stems
from wiredesk.query.dates import day_number
from wiredesk.query.syntax import (
    ENRICH_FIELDS,
    And,
    Field,
    MatchAll,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    Wildcard,
)

MAX_EXPANSION = 1_000  # words one wildcard may expand to

_STEMMED = {None: ("hs", "bs"), "headline": ("hs",), "body": ("bs",)}
_FOLDED = {None: ("hu", "bu"), "headline": ("hu",), "body": ("bu",)}
_EXACT_TABLE = {"place": "search_place", "agency": "search_agency"}


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters that narrow any query (all optional; dates inclusive, values exact-matched)."""

    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None
    agency: str | None = None
    section: str | None = None


@dataclass(slots=True)
class Compiled:
    """A compiled (part of a) query: FTS5 expression AND SQL condition, or a constant."""

    fts: str | None = None
    sql: str | None = None
    params: list[object] = field(default_factory=list)
    const: bool | None = None  # True: every item, False: no item
    scored: bool = False  # the FTS5 part holds a word or phrase (not only wildcards)

    @property
    def is_pure_fts(self) -> bool:
        """True when this part is only an FTS5 expression."""
        return self.fts is not None and self.sql is None


@dataclass(frozen=True, slots=True)
class Expansion:
    """What one wildcard became: the words (or the FTS5 prefix) it stands for."""

    pattern: str
    field: str | None
    words: tuple[str, ...]
    prefix: str | None = None


@dataclass(slots=True)
class Plan:
    """The SQL of a query: `FROM`/`WHERE` parts plus how it can be ranked."""

    fts: str | None
    where: str
    params: list[object]
    const: bool | None
    expansions: list[Expansion]
    scored: bool = False

    @property
    def ranked(self) -> bool:
        """True when BM25 applies: a required text part with a word or phrase.

        Wildcards alone are not ranked (Lucene scores them as constant too): such queries, like
        those without any required text part, are sorted newest first.
        """
        return self.fts is not None and self.scored

    def from_where(self) -> tuple[str, list[object]]:
        """`FROM ... WHERE ...` over `search_meta m` (joined to `search_fts` when needed)."""
        if self.fts is not None:
            return (
                "FROM search_fts JOIN search_meta m ON m.rowid = search_fts.rowid "
                f"WHERE search_fts MATCH ? AND ({self.where})",
                [self.fts, *self.params],
            )
        return f"FROM search_meta m WHERE ({self.where})", list(self.params)


def fts_string(tokens: list[str]) -> str:
    """An FTS5 string of analysed tokens (letters and digits only, so nothing to escape but `"`)."""
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def _cols(cols: tuple[str, ...]) -> str:
    return "{" + " ".join(cols) + "}"


def _text_leaf(node: Term | Phrase | Near, fld: str | None) -> Compiled:
    toks = stems(node.text)
    if not toks:
        return Compiled(const=False)
    cols = _cols(_STEMMED[fld])
    if isinstance(node, Near) and len(toks) > 1:
        inner = " ".join(fts_string([t]) for t in toks)
        return Compiled(fts=f"{cols} : NEAR({inner}, {int(node.distance)})", scored=True)
    return Compiled(fts=f"{cols} : {fts_string(toks)}", scored=True)


def wildcard_regex(pattern: str) -> re.Pattern[str]:
    """The regex of a folded wildcard pattern (`*` any letters, `?` one letter), whole word."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body + r"\Z", re.S)


def wildcard_prefix(pattern: str) -> tuple[str, bool]:
    """The literal start of a folded pattern, and whether the pattern is just that plus `*`."""
    literal = re.match(r"[^*?]*", pattern)
    prefix = literal.group() if literal else ""
    return prefix, re.fullmatch(r"[^*?]+\*+", pattern) is not None


def too_many_words(query: str, pattern: str) -> QuerySyntaxError:
    """The error of a wildcard that expands to more than MAX_EXPANSION words or keys."""
    col = query.find(pattern) + 1 if pattern in query else 1
    return QuerySyntaxError(
        query,
        f"{pattern!r} matches more than {MAX_EXPANSION} words: make it longer or more precise",
        col,
    )


def expand_wildcard(terms: Iterable[str], pattern: str, raw: str, query: str) -> list[str]:
    """The terms the folded `pattern` matches, in their order.

    Raises:
        QuerySyntaxError: more than MAX_EXPANSION of them (`raw` is the pattern as typed).
    """
    rx = wildcard_regex(pattern)
    words: list[str] = []
    for term in terms:
        if rx.match(term):
            words.append(term)
            if len(words) > MAX_EXPANSION:
                raise too_many_words(query, raw)
    return words


def day_bounds(node: Range) -> tuple[int | None, int | None]:
    """The first and last day numbers a date range includes (None: open)."""
    start = end = None
    if node.start is not None:
        start = day_number(node.start if node.include_start else node.start + timedelta(days=1))
    if node.end is not None:
        end = day_number(node.end if node.include_end else node.end - timedelta(days=1))
    return start, end


def exact_filters(filters: Filters) -> list[tuple[str, str]]:
    """The (field, value) pairs of the place/agency/section filters that are set."""
    pairs = (("place", filters.place), ("agency", filters.agency), ("section", filters.section))
    return [(fld, value) for fld, value in pairs if value]


class Compiler:
    """Compiles trees against one connection (which it reads for wildcard expansion)."""

    def __init__(self, conn: sqlite3.Connection, query: str = "") -> None:
        self.conn = conn
        self.query = query
        self.expansions: list[Expansion] = []

    def _wildcard(self, node: Wildcard, fld: str | None) -> Compiled:
        pattern = fold_pattern(node.pattern)
        if fld in ("place", "agency", "section"):
            return self._exact_wildcard(node.pattern, pattern, fld)
        cols = _FOLDED[fld]
        prefix, plain = wildcard_prefix(pattern)
        if plain:
            # Plain `kim*`: FTS5's own prefix query, no vocabulary limit needed.
            self.expansions.append(Expansion(node.pattern, fld, (), prefix))
            return Compiled(fts=f"{_cols(cols)} : {fts_string([prefix])} *")
        marks = ",".join("?" * len(cols))
        rows = self.conn.execute(
            "SELECT DISTINCT term FROM search_vocab "
            f"WHERE col IN ({marks}) AND term >= ? AND term < ?",
            [*cols, prefix, prefix + "\U0010ffff"],
        )
        words = expand_wildcard((r[0] for r in rows), pattern, node.pattern, self.query)
        self.expansions.append(Expansion(node.pattern, fld, tuple(words)))
        if not words:
            return Compiled(const=False)
        inner = " OR ".join(fts_string([w]) for w in words)
        return Compiled(fts=f"{_cols(cols)} : ({inner})")

    def _exact_keys(self, fld: str) -> list[str]:
        if fld == "section":
            sql = "SELECT DISTINCT section_key FROM search_meta WHERE section_key IS NOT NULL"
        else:
            sql = f"SELECT DISTINCT key FROM {_EXACT_TABLE[fld]}"
        return [r[0] for r in self.conn.execute(sql)]

    def _exact_wildcard(self, raw: str, pattern: str, fld: str) -> Compiled:
        # Exact-field patterns apply to the whole folded value (`place:den*` finds DEN HAAG).
        keys = expand_wildcard(self._exact_keys(fld), pattern, raw, self.query)
        self.expansions.append(Expansion(raw, fld, tuple(keys)))
        if not keys:
            return Compiled(const=False)
        return self._exact_in(fld, keys)

    @staticmethod
    def _exact_in(fld: str, keys: list[str]) -> Compiled:
        marks = ",".join("?" * len(keys))
        if fld == "section":
            # `IS NOT NULL` first: a NULL would make NOT (...) unknown instead of true.
            return Compiled(
                sql=f"m.section_key IS NOT NULL AND m.section_key IN ({marks})", params=list(keys)
            )
        table = _EXACT_TABLE[fld]
        return Compiled(
            sql=f"m.rowid IN (SELECT item FROM {table} WHERE key IN ({marks}))", params=list(keys)
        )

    def _enrich(self, node: Wildcard | Term | Phrase | Near, fld: str) -> Compiled:
        # entity:/country:/story:/storyline: read the enrichment tables (enrich_fields.py).
        enrich_fields.require_tables(self.conn, fld, self.query)
        if isinstance(node, Wildcard):
            values = enrich_fields.expand_wildcard(self.conn, fld, node.pattern, self.query)
            self.expansions.append(Expansion(node.pattern, fld, tuple(values)))
        else:
            values = enrich_fields.values_for(fld, node.text)
        found = enrich_fields.compile_values(fld, values)
        return Compiled(const=False) if found is None else Compiled(sql=found[0], params=found[1])

    def compile(self, node: Node, fld: str | None = None) -> Compiled:
        """Compile `node`, searching text in field `fld` (None: headline and body)."""
        if isinstance(node, MatchAll):
            return Compiled(const=True)
        if isinstance(node, Range):
            return _range(node)
        if isinstance(node, Field):
            return self.compile(node.node, node.name)
        if fld in ENRICH_FIELDS and isinstance(node, Wildcard | Term | Phrase | Near):
            return self._enrich(node, fld)
        if isinstance(node, Wildcard):
            return self._wildcard(node, fld)
        if isinstance(node, Term | Phrase | Near):
            if fld in ("place", "agency", "section"):
                key = exact_key(node.text)
                return self._exact_in(fld, [key]) if key else Compiled(const=False)
            return _text_leaf(node, fld)
        if isinstance(node, Or):
            return _or([self.compile(c, fld) for c in node.children])
        if isinstance(node, And):
            pos = [self.compile(c, fld) for c in node.children if not isinstance(c, Not)]
            neg = [self.compile(c.child, fld) for c in node.children if isinstance(c, Not)]
            return _and(pos, neg)
        if isinstance(node, Not):
            # Only reachable through a hand-built tree; parse_query never yields a lone Not.
            return _and([Compiled(const=True)], [self.compile(node.child, fld)])
        raise TypeError(node)


def _range(node: Range) -> Compiled:
    parts: list[str] = ["m.day IS NOT NULL"]
    params: list[object] = []
    start, end = day_bounds(node)
    if start is not None:
        parts.append("m.day >= ?")
        params.append(start)
    if end is not None:
        parts.append("m.day <= ?")
        params.append(end)
    return Compiled(sql=" AND ".join(parts), params=params)


def as_sql(c: Compiled) -> tuple[str, list[object]]:
    """One SQL condition over `m` for a compiled part."""
    if c.const is not None:
        return ("1" if c.const else "0"), []
    parts: list[str] = []
    params: list[object] = []
    if c.fts is not None:
        parts.append("m.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)")
        params.append(c.fts)
    if c.sql is not None:
        parts.append(f"({c.sql})")
        params.extend(c.params)
    return " AND ".join(parts), params


def _or(children: list[Compiled]) -> Compiled:
    if any(c.const is True for c in children):
        return Compiled(const=True)
    live = [c for c in children if c.const is None]
    if not live:
        return Compiled(const=False)
    if len(live) == 1:
        return live[0]
    if all(c.is_pure_fts for c in live):
        return Compiled(
            fts=" OR ".join(f"({c.fts})" for c in live), scored=any(c.scored for c in live)
        )
    sqls = [as_sql(c) for c in live]
    return Compiled(
        sql=" OR ".join(f"({s})" for s, _ in sqls), params=[p for _, ps in sqls for p in ps]
    )


def _and(pos: list[Compiled], neg: list[Compiled]) -> Compiled:
    if any(c.const is False for c in pos) or any(c.const is True for c in neg):
        return Compiled(const=False)
    pos = [c for c in pos if c.const is None]
    neg = [c for c in neg if c.const is None]
    if not pos and not neg:
        return Compiled(const=True)
    fts_parts = [c.fts for c in pos if c.fts is not None]
    sql_parts: list[str] = [c.sql for c in pos if c.sql is not None]
    params: list[object] = [p for c in pos if c.sql is not None for p in c.params]
    fts = " AND ".join(f"({f})" for f in fts_parts) if fts_parts else None
    for n in neg:
        if fts is not None and n.is_pure_fts:
            fts = f"({fts}) NOT ({n.fts})"
        else:
            s, ps = as_sql(n)
            sql_parts.append(f"NOT ({s})")
            params.extend(ps)
    return Compiled(
        fts=fts,
        sql=" AND ".join(f"({s})" for s in sql_parts) or None,
        params=params,
        scored=any(c.scored for c in pos if c.fts is not None),
    )


def _filters(filters: Filters) -> Compiled:
    parts: list[Compiled] = []
    if filters.date_from is not None or filters.date_to is not None:
        parts.append(_range(Range(filters.date_from, filters.date_to)))
    for fld, value in exact_filters(filters):
        key = exact_key(value)
        parts.append(Compiler._exact_in(fld, [key]) if key else Compiled(const=False))
    return _and(parts, []) if parts else Compiled(const=True)


def build_plan(
    conn: sqlite3.Connection, node: Node, filters: Filters | None = None, query: str = ""
) -> Plan:
    """The plan of a query tree under filters."""
    compiler = Compiler(conn, query)
    body = compiler.compile(node)
    if filters is not None and filters != Filters():
        body = _and([body, _filters(filters)], [])
    if body.const is not None:
        return Plan(None, "1" if body.const else "0", [], body.const, compiler.expansions)
    where = body.sql or "1"
    return Plan(body.fts, where, list(body.params), None, compiler.expansions, body.scored)
