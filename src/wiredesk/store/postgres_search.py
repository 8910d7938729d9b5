"""Search, count, co-occurrence, KWIC and explain over a PostgreSQL archive.

The same functions, signatures and result types as `wiredesk.query.api` (which serves SQLite),
taking a psycopg connection; the query tree is compiled by `wiredesk.query.compile_postgres`.
Counts and hits are the same sets as on SQLite; relevance is PostgreSQL's `ts_rank` (headline
words weigh four times body words) instead of FTS5's BM25, so the order of equally good hits
may differ. A query that runs longer than `TIME_LIMIT_S` is cancelled by the server.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from wiredesk.errors import QuerySyntaxError, StoreError
from wiredesk.query.api import TIME_LIMIT_S, make_filters
from wiredesk.query.assemble import (
    HIT_COLUMNS,
    check_by,
    check_kwic_args,
    check_search_args,
    cooc_result,
    hits_of_rows,
    labelled_queries,
    row_kwic_lines,
)
from wiredesk.query.compile_postgres import PgPlan, build_pg_plan
from wiredesk.query.dates import bucket_key, day_of_number
from wiredesk.query.kwic import highlighter
from wiredesk.query.plan import Filters
from wiredesk.query.results import Bucket, CoocResult, CountResult, KwicLine, SearchResult
from wiredesk.query.syntax import LabelledQuery, Node, parse_query, print_query

__all__ = [
    "cooccurrence",
    "count",
    "explain",
    "kwic",
    "make_filters",
    "matching_rowids",
    "plan_for",
    "search",
]

_PREFIX_END = "\U0010ffff"


@contextmanager
def _time_limit(conn: psycopg.Connection[Any], query: str) -> Iterator[psycopg.Cursor[Any]]:
    try:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute(f"SET LOCAL statement_timeout = {int(TIME_LIMIT_S * 1000)}")
            yield cur
    except psycopg.errors.QueryCanceled:
        raise QuerySyntaxError(
            query, f"the query ran longer than {TIME_LIMIT_S:.0f} s: make it narrower", 1
        ) from None
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise StoreError("search", f"postgresql: {first}") from exc


def _vocabulary(conn: psycopg.Connection[Any]) -> Any:
    def words(cols: tuple[str, ...], prefix: str) -> Iterable[str]:
        rows = conn.execute(
            "SELECT term FROM search_terms WHERE col = ANY(%s) AND term >= %s AND term < %s",
            (list(cols), prefix, prefix + _PREFIX_END),
        )
        return [str(r[0]) for r in rows]

    return words


def _exact_keys(conn: psycopg.Connection[Any]) -> Any:
    def keys(fld: str) -> Iterable[str]:
        if fld == "section":
            sql = "SELECT DISTINCT section_key FROM search_meta WHERE section_key IS NOT NULL"
        elif fld == "place":
            sql = "SELECT DISTINCT key FROM search_place"
        else:
            sql = "SELECT DISTINCT key FROM search_agency"
        return [str(r[0]) for r in conn.execute(sql)]  # type: ignore[arg-type]

    return keys


def plan_for(
    conn: psycopg.Connection[Any], query: str | Node, filters: Filters | None = None
) -> tuple[Node, PgPlan]:
    """Parse (when given text) and plan a query."""
    text = query if isinstance(query, str) else print_query(query)
    node = parse_query(query) if isinstance(query, str) else query
    return node, build_pg_plan(node, _vocabulary(conn), _exact_keys(conn), filters, text)


def _order(plan: PgPlan, sort: str) -> str:
    if sort == "relevance" and plan.ranked:
        return "ORDER BY score DESC, m.rowid DESC"
    if sort == "oldest":
        return "ORDER BY m.ts IS NULL, m.ts ASC, m.rowid ASC"
    return "ORDER BY m.ts DESC NULLS LAST, m.rowid DESC"


def _score(plan: PgPlan, sort: str) -> tuple[str, list[object]]:
    if sort == "relevance" and plan.rank_query is not None:
        return (
            "4 * ts_rank(d.hs, %s::tsquery) + ts_rank(d.bs, %s::tsquery)",
            [plan.rank_query, plan.rank_query],
        )
    return "0.0", []


def _items(cur: psycopg.Cursor[Any], rowids: list[int]) -> dict[int, Sequence[Any]]:
    if not rowids:
        return {}
    cur.execute(f"SELECT {HIT_COLUMNS} FROM items WHERE rowid = ANY(%s)", (rowids,))
    return {int(r[0]): r for r in cur.fetchall()}


def _count_plan(cur: psycopg.Cursor[Any], plan: PgPlan) -> int:
    if plan.const is False:
        return 0
    from_where, params = plan.from_where()
    cur.execute(f"SELECT count(*) {from_where}", params)  # type: ignore[arg-type]
    return int(cur.fetchone()[0])  # type: ignore[index]


def search(
    conn: psycopg.Connection[Any],
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    filters: Filters | None = None,
    snippets: bool = True,
    explain: bool = False,
) -> SearchResult:
    """The hits of a query, best (or newest/oldest) first, with the total and snippets.

    Raises:
        QuerySyntaxError: the query does not parse or cannot run.
        UsageError: bad sort, limit or offset.
    """
    check_search_args(sort, limit, offset)
    node, plan = plan_for(conn, query, filters)
    rows: list[tuple[int, float]] = []
    with _time_limit(conn, query) as cur:
        total = _count_plan(cur, plan)
        if plan.const is not False and limit > 0:
            from_where, params = plan.from_where()
            score, score_params = _score(plan, sort)
            cur.execute(
                f"SELECT m.rowid, {score} AS score {from_where} {_order(plan, sort)}"  # type: ignore[arg-type]
                " LIMIT %s OFFSET %s",
                [*score_params, *params, limit, offset],
            )
            rows = [(int(r[0]), float(r[1])) for r in cur.fetchall()]
        found = _items(cur, [r for r, _ in rows])
    hl = highlighter(node) if snippets else None
    return SearchResult(
        query=query,
        total=total,
        hits=hits_of_rows(rows, found, hl),
        offset=offset,
        limit=limit,
        plan=explain_plan(conn, node, plan) if explain else None,
    )


def matching_rowids(
    conn: psycopg.Connection[Any], query: str, filters: Filters | None = None
) -> list[int]:
    """The `items` rowids of every item that matches, ascending (for export)."""
    _, plan = plan_for(conn, query, filters)
    if plan.const is False:
        return []
    from_where, params = plan.from_where()
    with _time_limit(conn, query) as cur:
        cur.execute(f"SELECT m.rowid {from_where} ORDER BY m.rowid", params)  # type: ignore[arg-type]
        return [int(r[0]) for r in cur.fetchall()]


def _buckets(cur: psycopg.Cursor[Any], plan: PgPlan, by: str) -> list[Bucket]:
    from_where, params = plan.from_where()
    if by in ("day", "week", "month"):
        cur.execute(
            f"SELECT m.day, count(*) {from_where} AND m.day IS NOT NULL"  # type: ignore[arg-type]
            " GROUP BY m.day ORDER BY m.day",
            params,
        )
        counts: Counter[str] = Counter()
        for day, n in cur.fetchall():
            counts[bucket_key(day_of_number(int(day)), by)] += int(n)
        return [Bucket(k, counts[k]) for k in sorted(counts)]
    if by == "section":
        cur.execute(
            f"SELECT min(m.section), count(*) {from_where} AND m.section_key IS NOT NULL"  # type: ignore[arg-type]
            " GROUP BY m.section_key",
            params,
        )
    else:
        table = "search_place" if by == "place" else "search_agency"
        joined = from_where.replace(" WHERE ", f" JOIN {table} x ON x.item = m.rowid WHERE ", 1)
        cur.execute(f"SELECT min(x.name), count(*) {joined} GROUP BY x.key", params)  # type: ignore[arg-type]
    rows = cur.fetchall()
    return sorted((Bucket(str(k), int(n)) for k, n in rows), key=lambda b: (-b.count, b.key))


def count(
    conn: psycopg.Connection[Any],
    queries: str | Sequence[str],
    *,
    by: str | None = None,
    filters: Filters | None = None,
) -> list[CountResult]:
    """Totals (and buckets by day/week/month/place/agency/section) of labelled queries."""
    check_by(by)
    out = []
    for lq in labelled_queries(queries):
        _, plan = plan_for(conn, lq.node, filters)
        with _time_limit(conn, lq.text) as cur:
            total = _count_plan(cur, plan)
            buckets = _buckets(cur, plan, by) if by and plan.const is not False else []
        out.append(CountResult(lq.label, lq.text, total, by, tuple(buckets)))
    return out


def _rowid_set(
    conn: psycopg.Connection[Any], lq: LabelledQuery, filters: Filters | None
) -> set[int]:
    _, plan = plan_for(conn, lq.node, filters)
    if plan.const is False:
        return set()
    from_where, params = plan.from_where()
    with _time_limit(conn, lq.text) as cur:
        cur.execute(f"SELECT m.rowid {from_where}", params)  # type: ignore[arg-type]
        return {int(r[0]) for r in cur.fetchall()}


def cooccurrence(
    conn: psycopg.Connection[Any],
    queries: str | Sequence[str],
    *,
    filters: Filters | None = None,
) -> CoocResult:
    """How many items match each pair of (labelled) queries."""
    lqs = labelled_queries(queries)
    return cooc_result(lqs, [_rowid_set(conn, lq, filters) for lq in lqs])


def kwic(
    conn: psycopg.Connection[Any],
    query: str,
    *,
    width: int = 8,
    limit: int = 100,
    sort: str = "newest",
    filters: Filters | None = None,
) -> list[KwicLine]:
    """Keyword-in-context lines of the hits (headline and body), up to `limit` lines."""
    check_kwic_args(width, limit)
    node, plan = plan_for(conn, query, filters)
    hl = highlighter(node)
    lines: list[KwicLine] = []
    if plan.const is False or limit == 0:
        return lines
    from_where, params = plan.from_where()
    score, score_params = _score(plan, sort)
    offset = 0
    page = 100
    with _time_limit(conn, query) as cur:
        while len(lines) < limit:
            cur.execute(
                f"SELECT m.rowid, {score} AS score {from_where} {_order(plan, sort)}"  # type: ignore[arg-type]
                " LIMIT %s OFFSET %s",
                [*score_params, *params, page, offset],
            )
            rowids = [int(r[0]) for r in cur.fetchall()]
            if not rowids:
                break
            found = _items(cur, rowids)
            for rowid in rowids:
                row = found.get(rowid)
                if row is None:
                    continue
                lines += row_kwic_lines(row, hl, width=width, room=limit - len(lines))
                if len(lines) >= limit:
                    break
            offset += page
    return lines[:limit]


def explain_plan(conn: psycopg.Connection[Any], node: Node, plan: PgPlan) -> str:
    """The parsed tree, wildcard expansions, the SQL and PostgreSQL's plan for it."""
    lines = [f"query:    {print_query(node)}", "backend:  postgresql (tsvector + GIN)"]
    for e in plan.expansions:
        target = e.field or "headline/body"
        if e.prefix is not None:
            lines.append(f"wildcard: {e.pattern} in {target}: words starting with {e.prefix!r}")
        else:
            shown = ", ".join(e.words[:20]) + (" ..." if len(e.words) > 20 else "")
            lines.append(f"wildcard: {e.pattern} in {target}: {len(e.words)} words ({shown})")
    if plan.const is not None:
        lines.append(f"constant: {'every item' if plan.const else 'no item'}")
        return "\n".join(lines)
    from_where, params = plan.from_where()
    lines.append(f"sql:      SELECT m.rowid {from_where}")
    lines.append(f"params:   {params!r}")
    with _time_limit(conn, "explain") as cur:
        cur.execute(f"EXPLAIN SELECT m.rowid {from_where}", params)  # type: ignore[arg-type]
        lines += ["plan:"] + [f"  {r[0]}" for r in cur.fetchall()]
        total = _count_plan(cur, plan)
    lines.append(f"items:    {total}")
    return "\n".join(lines)


def explain(conn: psycopg.Connection[Any], query: str, filters: Filters | None = None) -> str:
    """How a query is understood and run (see `explain_plan`)."""
    node, plan = plan_for(conn, query, filters)
    return explain_plan(conn, node, plan)
