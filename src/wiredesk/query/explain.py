"""`explain`: how a query was understood, what each word became (with counts), the SQL plan."""

from __future__ import annotations

import sqlite3

from wiredesk.query.analyze import exact_key, stems
from wiredesk.query.enrich_fields import values_for
from wiredesk.query.plan import Plan, fts_string
from wiredesk.query.syntax import (
    ENRICH_FIELDS,
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    print_query,
)

_STEM_COLS = {None: ("hs", "bs"), "headline": ("hs",), "body": ("bs",)}


def tree_lines(node: Node, indent: int = 0, fld: str | None = None) -> list[str]:
    """The tree, one node per line."""
    pad = "  " * indent
    if isinstance(node, And | Or):
        out = [f"{pad}{type(node).__name__.upper()}"]
        for c in node.children:
            out += tree_lines(c, indent + 1, fld)
        return out
    if isinstance(node, Not):
        return [f"{pad}NOT", *tree_lines(node.child, indent + 1, fld)]
    if isinstance(node, Field):
        return [f"{pad}FIELD {node.name}", *tree_lines(node.node, indent + 1, node.name)]
    if isinstance(node, Range):
        return [f"{pad}RANGE {print_query(node)}"]
    return [f"{pad}{type(node).__name__.upper()} {print_query(node)}"]


def _docs(conn: sqlite3.Connection, tokens: list[str], cols: tuple[str, ...]) -> int:
    """How many items hold these tokens (as a phrase) in these columns."""
    expr = "{" + " ".join(cols) + "} : " + fts_string(tokens)
    row = conn.execute(
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", [expr]
    ).fetchone()
    return int(row[0] or 0)


def word_lines(conn: sqlite3.Connection, node: Node, plan: Plan) -> list[str]:
    """Each word of the query: the stems or words it stands for and how many fields hold them."""
    out: list[str] = []

    def walk(n: Node, fld: str | None) -> None:
        if isinstance(n, And | Or):
            for c in n.children:
                walk(c, fld)
        elif isinstance(n, Not):
            walk(n.child, fld)
        elif isinstance(n, Field):
            walk(n.node, n.name)
        elif isinstance(n, Term | Phrase | Near):
            if fld in ("place", "agency", "section"):
                out.append(f"  {fld}:{print_query(n)} -> key {exact_key(n.text)!r}")
                return
            if fld in ENRICH_FIELDS:
                ids = ", ".join(values_for(fld, n.text)) or "nothing known"
                out.append(f"  {fld}:{print_query(n)} -> {ids}")
                return
            cols = _STEM_COLS.get(fld, ("hs", "bs"))
            toks = stems(n.text)
            parts = ", ".join(f"{s} ({_docs(conn, [s], cols)} items)" for s in toks)
            line = f"  {print_query(n)} -> stems {parts}"
            if len(toks) > 1 and not isinstance(n, Near):
                line += f"; as a phrase: {_docs(conn, toks, cols)} items"
            out.append(line)

    walk(node, None)
    for e in plan.expansions:
        where = e.field or "headline/body"
        if e.prefix is not None:
            n = conn.execute(
                "SELECT count(DISTINCT term) FROM search_vocab "
                "WHERE term >= ? AND term < ? AND col IN ('hu','bu')",
                [e.prefix, e.prefix + "\U0010ffff"],
            ).fetchone()[0]
            out.append(f"  {e.pattern} ({where}) -> FTS5 prefix {e.prefix!r}* ({n} words)")
        else:
            shown = ", ".join(e.words[:20]) + (" ..." if len(e.words) > 20 else "")
            out.append(f"  {e.pattern} ({where}) -> {len(e.words)} words: {shown}")
    return out


def explain_text(conn: sqlite3.Connection, node: Node, plan: Plan) -> str:
    """The full explanation as text."""
    lines = ["query: " + print_query(node), "tree:"]
    lines += tree_lines(node, 1)
    words = word_lines(conn, node, plan)
    if words:
        lines += ["words:", *words]
    if plan.const is not None:
        lines.append("plan: " + ("every item" if plan.const else "no item can match"))
        return "\n".join(lines)
    from_where, params = plan.from_where()
    lines.append("fts5: " + (plan.fts if plan.fts is not None else "(none: metadata only)"))
    lines.append(f"sql: SELECT m.rowid {from_where}")
    lines.append(f"params: {params!r}")
    lines.append("sqlite plan:")
    for row in conn.execute(f"EXPLAIN QUERY PLAN SELECT m.rowid {from_where}", params):
        lines.append(f"  {row[-1]}")
    lines.append(
        "ranking: "
        + (
            "BM25, headline x4 (over the 10,000 most recently stored matches when more match)"
            if plan.ranked
            else "most recently stored first (nothing to rank: only wildcards or metadata)"
        )
    )
    return "\n".join(lines)
