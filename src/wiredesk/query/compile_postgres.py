"""Compile a query tree into a PostgreSQL plan: one SQL condition over tsvector columns.

The PostgreSQL index (`store/postgres_index.py`) holds the same analysed tokens as the SQLite
FTS5 index, as tsvectors: `d.hs`/`d.bs` stemmed headline/body, `d.hu`/`d.bu` folded unstemmed
words (wildcards). A word is `col @@ 'stem'`, a phrase `col @@ 'a' <-> 'b'`, a proximity
`col @@ 'a' & 'b' AND wd_near(col, words, N)` (FTS5's NEAR rule), a `kim*` pattern
`col @@ 'kim':*`; exact fields, dates and filters are the same SQL as for SQLite. Every
user value is a bound parameter and every tsquery is built from analysed tokens (letters and
digits only), quoted as lexemes, so nothing a user types is read as an operator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from wiredesk.errors import QuerySyntaxError
from wiredesk.query.analyze import exact_key, fold_pattern, stems
from wiredesk.query.plan import (
    Expansion,
    Filters,
    day_bounds,
    exact_filters,
    expand_wildcard,
    wildcard_prefix,
)
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

STEMMED = {None: ("hs", "bs"), "headline": ("hs",), "body": ("bs",)}
FOLDED = {None: ("hu", "bu"), "headline": ("hu",), "body": ("bu",)}
EXACT_TABLE = {"place": "search_place", "agency": "search_agency"}

# (columns, prefix) -> folded words of those columns starting with prefix
Vocabulary = Callable[[tuple[str, ...], str], Iterable[str]]
# field -> every exact key of that field in the archive
ExactKeys = Callable[[str], Iterable[str]]


def lexeme(token: str) -> str:
    """One analysed token quoted as a tsquery lexeme."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(slots=True)
class PgCompiled:
    """A compiled part: an SQL condition with its parameters, or a constant."""

    sql: str | None = None
    params: list[object] = field(default_factory=list)
    const: bool | None = None
    rank: list[str] = field(default_factory=list)  # stemmed tsqueries, for ts_rank


@dataclass(slots=True)
class PgPlan:
    """The SQL of a query over `search_meta m JOIN search_doc d`."""

    where: str
    params: list[object]
    const: bool | None
    expansions: list[Expansion]
    rank_query: str | None

    @property
    def ranked(self) -> bool:
        """True when relevance applies (the query has a stemmed text part)."""
        return self.rank_query is not None

    def from_where(self) -> tuple[str, list[object]]:
        """`FROM ... WHERE ...` selecting items as `m` (search_meta) and `d` (search_doc)."""
        return (
            f"FROM search_meta m JOIN search_doc d ON d.rowid = m.rowid WHERE ({self.where})",
            list(self.params),
        )


def _any_column(cols: tuple[str, ...], tsquery: str) -> PgCompiled:
    sql = " OR ".join(f"d.{c} @@ %s::tsquery" for c in cols)
    return PgCompiled(sql=f"({sql})", params=[tsquery] * len(cols))


def _text_leaf(node: Term | Phrase | Near, fld: str | None) -> PgCompiled:
    toks = stems(node.text)
    if not toks:
        return PgCompiled(const=False)
    cols = STEMMED[fld]
    if isinstance(node, Near) and len(toks) > 1:
        both = " & ".join(lexeme(t) for t in toks)
        parts = " OR ".join(
            f"(d.{c} @@ %s::tsquery AND wd_near(d.{c}, %s::text[], %s))" for c in cols
        )
        params: list[object] = []
        for _ in cols:
            params += [both, list(toks), int(node.distance)]
        return PgCompiled(sql=f"({parts})", params=params, rank=[both])
    query = " <-> ".join(lexeme(t) for t in toks)
    out = _any_column(cols, query)
    out.rank = [query]
    return out


class PgCompiler:
    """Compiles trees for one archive (asked for its vocabulary to expand wildcards)."""

    def __init__(self, vocabulary: Vocabulary, exact_keys: ExactKeys, query: str = "") -> None:
        self.vocabulary = vocabulary
        self.exact_keys = exact_keys
        self.query = query
        self.expansions: list[Expansion] = []

    def _wildcard(self, node: Wildcard, fld: str | None) -> PgCompiled:
        pattern = fold_pattern(node.pattern)
        if fld in ("place", "agency", "section"):
            return self._exact_wildcard(node.pattern, pattern, fld)
        cols = FOLDED[fld]
        prefix, plain = wildcard_prefix(pattern)
        if plain:
            self.expansions.append(Expansion(node.pattern, fld, (), prefix))
            return _any_column(cols, f"{lexeme(prefix)}:*")
        vocabulary = sorted(set(self.vocabulary(cols, prefix)))
        words = expand_wildcard(vocabulary, pattern, node.pattern, self.query)
        self.expansions.append(Expansion(node.pattern, fld, tuple(words)))
        if not words:
            return PgCompiled(const=False)
        return _any_column(cols, " | ".join(lexeme(w) for w in words))

    def _exact_wildcard(self, raw: str, pattern: str, fld: str) -> PgCompiled:
        keys = expand_wildcard(sorted(set(self.exact_keys(fld))), pattern, raw, self.query)
        self.expansions.append(Expansion(raw, fld, tuple(keys)))
        if not keys:
            return PgCompiled(const=False)
        return exact_in(fld, keys)

    def compile(self, node: Node, fld: str | None = None) -> PgCompiled:
        """Compile `node`, searching text in field `fld` (None: headline and body)."""
        if isinstance(node, MatchAll):
            return PgCompiled(const=True)
        if isinstance(node, Range):
            return date_range(node)
        if isinstance(node, Field):
            return self.compile(node.node, node.name)
        if fld in ENRICH_FIELDS:
            raise QuerySyntaxError(
                self.query, f"{fld}: works on SQLite archives only (enrichment)", 1
            )
        if isinstance(node, Wildcard):
            return self._wildcard(node, fld)
        if isinstance(node, Term | Phrase | Near):
            if fld in ("place", "agency", "section"):
                key = exact_key(node.text)
                return exact_in(fld, [key]) if key else PgCompiled(const=False)
            return _text_leaf(node, fld)
        if isinstance(node, Or):
            return any_of([self.compile(c, fld) for c in node.children])
        if isinstance(node, And):
            pos = [self.compile(c, fld) for c in node.children if not isinstance(c, Not)]
            neg = [self.compile(c.child, fld) for c in node.children if isinstance(c, Not)]
            return all_of(pos, neg)
        if isinstance(node, Not):
            return all_of([PgCompiled(const=True)], [self.compile(node.child, fld)])
        raise TypeError(node)


def exact_in(fld: str, keys: list[str]) -> PgCompiled:
    """Items whose place/agency/section has one of these exact keys."""
    if fld == "section":
        return PgCompiled(sql="m.section_key = ANY(%s::text[])", params=[list(keys)])
    return PgCompiled(
        sql=f"m.rowid IN (SELECT item FROM {EXACT_TABLE[fld]} WHERE key = ANY(%s::text[]))",
        params=[list(keys)],
    )


def date_range(node: Range) -> PgCompiled:
    """Items whose publication day lies in the range."""
    parts: list[str] = []
    params: list[object] = []
    start, end = day_bounds(node)
    if start is not None:
        parts.append("m.day >= %s")
        params.append(start)
    if end is not None:
        parts.append("m.day <= %s")
        params.append(end)
    if not parts:
        return PgCompiled(sql="m.day IS NOT NULL")
    return PgCompiled(sql=" AND ".join(parts), params=params)


def any_of(children: list[PgCompiled]) -> PgCompiled:
    """OR of compiled parts (constants folded)."""
    if any(c.const is True for c in children):
        return PgCompiled(const=True)
    live = [c for c in children if c.const is None]
    if not live:
        return PgCompiled(const=False)
    if len(live) == 1:
        return live[0]
    return PgCompiled(
        sql=" OR ".join(f"({c.sql})" for c in live),
        params=[p for c in live for p in c.params],
        rank=[r for c in live for r in c.rank],
    )


def all_of(pos: list[PgCompiled], neg: list[PgCompiled]) -> PgCompiled:
    """AND of the positive parts and NOT of the negative ones (constants folded)."""
    if any(c.const is False for c in pos) or any(c.const is True for c in neg):
        return PgCompiled(const=False)
    pos = [c for c in pos if c.const is None]
    neg = [c for c in neg if c.const is None]
    if not pos and not neg:
        return PgCompiled(const=True)
    parts = [f"({c.sql})" for c in pos]
    params = [p for c in pos for p in c.params]
    for n in neg:
        # NULL (an unknown day) must count as "does not match", so NOT x is true there.
        parts.append(f"NOT coalesce(({n.sql}), false)")
        params.extend(n.params)
    return PgCompiled(sql=" AND ".join(parts), params=params, rank=[r for c in pos for r in c.rank])


def filters_part(filters: Filters) -> PgCompiled:
    """The condition of the search filters (dates inclusive, values exact-matched)."""
    parts: list[PgCompiled] = []
    if filters.date_from is not None or filters.date_to is not None:
        parts.append(date_range(Range(filters.date_from, filters.date_to)))
    for fld, value in exact_filters(filters):
        key = exact_key(value)
        parts.append(exact_in(fld, [key]) if key else PgCompiled(const=False))
    return all_of(parts, []) if parts else PgCompiled(const=True)


def build_pg_plan(
    node: Node,
    vocabulary: Vocabulary,
    exact_keys: ExactKeys,
    filters: Filters | None = None,
    query: str = "",
) -> PgPlan:
    """The PostgreSQL plan of a query tree under filters."""
    compiler = PgCompiler(vocabulary, exact_keys, query)
    body = compiler.compile(node)
    if filters is not None and filters != Filters():
        body = all_of([body, filters_part(filters)], [])
    if body.const is not None:
        return PgPlan("true" if body.const else "false", [], body.const, compiler.expansions, None)
    rank = " | ".join(f"({r})" for r in body.rank) if body.rank else None
    return PgPlan(body.sql or "true", list(body.params), None, compiler.expansions, rank)
