"""Search benchmark: wiredesk's SQLite FTS5 engine vs tantivy (reference) on the same items.

    .venv/bin/python bench/search.py --items 200000

Generates N items (Zipf-distributed Dutch-like words with inflected forms, fixed collocations so
phrases and proximity hit, places/agencies/sections, three years of dates), indexes them into a
scratch wiredesk archive (items table + search index, the real indexing code) and into a tantivy
index in the same run, then times per query kind p50/p95 (one warm-up pass, then timed passes)
and per-week counts over the whole range. Prints a table with ratios to tantivy.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from wiredesk.query import api, scratch
from wiredesk.query.analyze import stems
from wiredesk.query.sqlite_index import ensure_index_schema, optimize_index, rebuild_index

ONSETS = [
    "b",
    "d",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "br",
    "dr",
    "gr",
    "kl",
    "kr",
    "pl",
    "pr",
    "sl",
    "sp",
    "st",
    "str",
    "tr",
    "vr",
    "zw",
    "sch",
    "ch",
    "j",
    "h",
]
VOWELS = [
    "a",
    "e",
    "i",
    "o",
    "u",
    "aa",
    "ee",
    "oo",
    "ie",
    "oe",
    "ui",
    "ij",
    "ei",
    "eu",
    "ou",
    "é",
    "ë",
]
CODAS = ["", "", "k", "l", "m", "n", "r", "s", "t", "nd", "ng", "rt", "st", "cht", "ld", "rk"]
SUFFIXES = ["", "en", "s", "je", "e", "heid", "ing", "t", "ende"]
FUNCTION = [
    "de",
    "het",
    "een",
    "van",
    "en",
    "in",
    "op",
    "te",
    "dat",
    "die",
    "is",
    "voor",
    "met",
    "aan",
    "er",
    "niet",
    "zijn",
    "door",
    "bij",
    "om",
    "ook",
    "als",
    "naar",
    "uit",
    "over",
    "maar",
    "nog",
    "dan",
    "tot",
    "wordt",
    "werd",
    "al",
    "was",
    "of",
    "hij",
    "zij",
    "ze",
    "we",
]
SEEDS = [
    "Poetin",
    "Kim",
    "Rusland",
    "Russische",
    "Oekraïne",
    "Genève",
    "Trump",
    "Iran",
    "Israël",
    "Hezbollah",
    "Louvre",
    "Cuba",
    "president",
    "minister",
    "kabinet",
    "regering",
    "oorlog",
    "vrede",
    "aanval",
    "raketten",
]
COLLOCATIONS = [
    "verenigde staten",
    "noord korea",
    "vladimir poetin",
    "kim jong un",
    "midden oosten",
    "europese unie",
    "tweede kamer",
    "amerikaanse president",
    "russische president",
    "den haag",
]
PLACES = [
    "DEN HAAG",
    "AMSTERDAM",
    "ROTTERDAM",
    "UTRECHT",
    "PARIJS",
    "BERLIJN",
    "MOSKOU",
    "KYIV",
    "WASHINGTON",
    "BEIROET",
    "GENÈVE",
    "BRUSSEL",
    "LONDEN",
    "PYONGYANG",
]
AGENCIES = [
    ["ANP"],
    ["ANP", "AFP"],
    ["ANP", "RTR"],
    ["ANP", "AFP", "RTR"],
    ["AFP"],
    ["RTR"],
    ["AP"],
]
SECTIONS = ["Buitenland", "Binnenland", "Economie", "Sport", "Politiek", "Cultuur & Media", "Tech"]
START = datetime(2023, 1, 1, tzinfo=UTC)
DAYS = 1096


def vocabulary(rng: np.random.Generator, lemmas: int) -> list[str]:
    words = list(FUNCTION) + SEEDS
    seen = set(words)
    while len(words) < lemmas * 3:
        n = rng.integers(1, 4)
        lemma = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n)
        )
        for suf in rng.choice(SUFFIXES, size=3, replace=False):
            w = lemma + suf
            if w not in seen:
                seen.add(w)
                words.append(w)
    return words


def generate(n: int, seed: int) -> tuple[list[scratch.ScratchItem], list[str]]:
    rng = np.random.default_rng(seed)
    vocab = vocabulary(rng, 40_000)
    ranks = np.arange(1, len(vocab) + 1)
    p = 1.0 / (ranks + 2.7) ** 1.08
    p /= p.sum()
    lengths = np.clip(rng.lognormal(4.9, 0.55, size=n).astype(int), 30, 420)
    heads = rng.integers(4, 11, size=n)
    total = int(lengths.sum() + heads.sum())
    draws = rng.choice(len(vocab), size=total, p=p)
    colloc = rng.integers(0, len(COLLOCATIONS), size=n)
    minutes = np.sort(rng.integers(0, DAYS * 24 * 60, size=n))
    widths = rng.choice([0, 60, 120, 1440, 10080], size=n, p=[0.5, 0.2, 0.1, 0.15, 0.05])
    places = rng.integers(0, len(PLACES), size=n)
    agencies = rng.integers(0, len(AGENCIES), size=n)
    sections = rng.integers(0, len(SECTIONS), size=n)
    items = []
    pos = 0
    vocab_arr = np.array(vocab, dtype=object)
    for i in range(n):
        h = heads[i]
        b = lengths[i]
        head = " ".join(vocab_arr[draws[pos : pos + h]])
        pos += h
        words = list(vocab_arr[draws[pos : pos + b]])
        pos += b
        if i % 3 == 0:
            at = int(rng.integers(0, len(words)))
            words.insert(at, COLLOCATIONS[colloc[i]])
        body = " ".join(words)
        latest = START + timedelta(minutes=int(minutes[i]))
        earliest = latest - timedelta(minutes=int(widths[i])) if widths[i] else None
        items.append(
            scratch.ScratchItem(
                id=f"i{i:08d}",
                headline=head.capitalize(),
                body=body,
                places=[PLACES[places[i]]],
                agencies=AGENCIES[agencies[i]],
                section=SECTIONS[sections[i]],
                earliest=earliest.isoformat() if earliest else None,
                latest=latest.isoformat(),
            )
        )
    return items, vocab


def build_sqlite(path: Path, items: list[scratch.ScratchItem]) -> float:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute(scratch.ITEMS_DDL)
    ensure_index_schema(conn)
    t0 = time.perf_counter()
    for k in range(0, len(items), 10_000):
        scratch.insert(conn, items[k : k + 10_000], index=False)
    rebuild_index(conn)
    optimize_index(conn)
    conn.commit()
    conn.close()
    return time.perf_counter() - t0


def tantivy_index(path: Path, items: list[scratch.ScratchItem]) -> tuple[object, float]:
    import tantivy as T

    sb = T.SchemaBuilder()
    sb.add_integer_field("rid", stored=True, indexed=True, fast=True)
    sb.add_text_field("headline", stored=True, tokenizer_name="nl")
    sb.add_text_field("body", stored=True, tokenizer_name="nl")
    sb.add_text_field("headline_u", stored=False, tokenizer_name="nlu")
    sb.add_text_field("body_u", stored=False, tokenizer_name="nlu")
    sb.add_date_field("published", stored=True, indexed=True, fast=True)
    schema = sb.build()
    index = T.Index(schema, path=str(path), reuse=True)
    base = (
        T.TextAnalyzerBuilder(T.Tokenizer.simple())
        .filter(T.Filter.lowercase())
        .filter(T.Filter.ascii_fold())
    )
    index.register_tokenizer("nl", base.filter(T.Filter.stemmer("dutch")).build())
    index.register_tokenizer(
        "nlu",
        T.TextAnalyzerBuilder(T.Tokenizer.simple())
        .filter(T.Filter.lowercase())
        .filter(T.Filter.ascii_fold())
        .build(),
    )
    t0 = time.perf_counter()
    if not items:
        index.reload()
        return (T, schema, index), 0.0
    w = index.writer(heap_size=512_000_000, num_threads=2)
    for i, it in enumerate(items, start=1):
        w.add_document(
            T.Document(
                rid=i,
                headline=it.headline or "",
                body=it.body,
                headline_u=it.headline or "",
                body_u=it.body,
                published=datetime.fromisoformat(it.latest or "2023-01-01T00:00:00+00:00"),
            )
        )
    w.commit()
    w.wait_merging_threads()
    index.reload()
    return (T, schema, index), time.perf_counter() - t0


class TantivyQueries:
    def __init__(self, handle: object) -> None:
        self.T, self.schema, self.index = handle  # type: ignore[misc]
        self.searcher = self.index.searcher()

    def _leaf(self, words: list[str], slop: int = 0, phrase: bool = False) -> object:
        Q, Oc = self.T.Query, self.T.Occur
        st = stems(" ".join(words))

        def one(field: str) -> object:
            if len(st) == 1:
                return Q.term_query(self.schema, field, st[0])
            return Q.phrase_query(self.schema, field, st, slop)

        return Q.boolean_query([(Oc.Should, one("headline")), (Oc.Should, one("body"))])

    def build(self, spec: dict) -> object:
        Q, Oc = self.T.Query, self.T.Occur
        kind = spec["kind"]
        if kind in ("term",):
            return self._leaf([spec["a"]])
        if kind == "and":
            return Q.boolean_query(
                [(Oc.Must, self._leaf([spec["a"]])), (Oc.Must, self._leaf([spec["b"]]))]
            )
        if kind in ("or5", "snippets"):
            return Q.boolean_query([(Oc.Should, self._leaf([w])) for w in spec["words"]])
        if kind == "phrase":
            return self._leaf(spec["words"])
        if kind == "proximity":
            # tantivy slop counts moves; distance d either order ~ slop d+2 (reference only)
            return self._leaf(spec["words"], slop=spec["n"])
        if kind == "prefix":
            rx = spec["p"] + ".*"
            return Q.boolean_query(
                [(Oc.Should, Q.regex_query(self.schema, f, rx)) for f in ("headline_u", "body_u")]
            )
        if kind == "date":
            lo = datetime.fromisoformat(spec["from"]).replace(tzinfo=UTC)
            hi = datetime.fromisoformat(spec["to"]).replace(tzinfo=UTC) + timedelta(days=1)
            rq = Q.range_query(
                self.schema, "published", self.T.FieldType.Date, lo, hi, include_upper=False
            )
            return Q.boolean_query([(Oc.Must, self._leaf([spec["a"]])), (Oc.Must, rq)])
        raise ValueError(kind)

    def top20(self, spec: dict) -> int:
        q = self.build(spec)
        s = self.searcher
        res = s.search(q, limit=20)
        if spec["kind"] == "snippets":
            gen = self.T.SnippetGenerator.create(s, q, self.schema, "body")
            for _, addr in res.hits:
                d = s.doc(addr)
                gen.snippet_from_doc(d).to_html()
        else:
            for _, addr in res.hits:
                s.doc(addr)
        return len(res.hits)

    def per_week(self, spec: dict) -> int:
        agg = self.searcher.aggregate(
            self.build(spec),
            {
                "w": {
                    "date_histogram": {
                        "field": "published",
                        "fixed_interval": "7d",
                        "offset": "-3d",
                    }
                }
            },
        )
        return len(agg["w"]["buckets"])


def query_specs(vocab: list[str], rng: np.random.Generator, per_kind: int) -> list[dict]:
    mid = vocab[150:3000]
    rare = vocab[3000:30000]
    specs: list[dict] = []

    def pick(pool: list[str], k: int) -> list[str]:
        return [pool[int(i)] for i in rng.choice(len(pool), size=k, replace=False)]

    for _ in range(per_kind):
        a, b = pick(mid, 2)
        specs.append({"kind": "term", "a": a, "q": a})
        specs.append({"kind": "and", "a": a, "b": pick(mid, 1)[0], "q": f"{a} AND {b}"})
        specs[-1]["q"] = f"{specs[-1]['a']} AND {specs[-1]['b']}"
        words = pick(rare, 5)
        specs.append({"kind": "or5", "words": words, "q": " OR ".join(words)})
        c = COLLOCATIONS[int(rng.integers(0, len(COLLOCATIONS)))].split()
        specs.append({"kind": "phrase", "words": c, "q": '"' + " ".join(c) + '"'})
        n = int(rng.integers(2, 8))
        specs.append(
            {"kind": "proximity", "words": [c[0], c[-1]], "n": n, "q": f'"{c[0]} {c[-1]}"~{n}'}
        )
        p = pick(mid, 1)[0]
        p = p[: int(rng.integers(3, 6))] if len(p) > 3 else p
        specs.append({"kind": "prefix", "p": p, "q": p + "*"})
        day = START.date() + timedelta(days=int(rng.integers(0, DAYS - 200)))
        to = day + timedelta(days=int(rng.integers(7, 180)))
        specs.append(
            {
                "kind": "date",
                "a": a,
                "from": day.isoformat(),
                "to": to.isoformat(),
                "q": f"{a} AND published:[{day.isoformat()} TO {to.isoformat()}]",
            }
        )
        ws = pick(vocab[300:3000], 2)
        specs.append({"kind": "snippets", "words": ws, "q": " OR ".join(ws)})
    return specs


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--per-kind", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None, help="Index folder (default: temp).")
    ap.add_argument("--reuse", action="store_true", help="Reuse the indexes already in --work.")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="wiredesk-bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    items, vocab = generate(args.items, args.seed)
    print(f"generated {len(items):,} items in {time.perf_counter() - t0:.1f} s")
    db = work / "bench.db"
    tdir = work / "tantivy"
    reuse = args.reuse and db.exists() and tdir.is_dir()
    if not reuse:
        db.unlink(missing_ok=True)
        s_build = build_sqlite(db, items)
        rate = len(items) / s_build
        mb = db.stat().st_size / 1e6
        print(f"wiredesk index: {s_build:.1f} s ({rate:,.0f} items/s), {mb:,.0f} MB")
        shutil.rmtree(tdir, ignore_errors=True)
        tdir.mkdir()
    handle, t_build = tantivy_index(tdir, [] if reuse else items)
    t_mb = sum(f.stat().st_size for f in tdir.iterdir()) / 1e6
    if not reuse:
        rate = len(items) / t_build
        print(f"tantivy index: {t_build:.1f} s ({rate:,.0f} items/s), {t_mb:,.0f} MB")
    del items

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.execute("PRAGMA mmap_size=4000000000")
    tq = TantivyQueries(handle)
    rng = np.random.default_rng(args.seed + 1)
    specs = query_specs(vocab, rng, args.per_kind)

    def ours(spec: dict) -> int:
        r = api.search(conn, spec["q"], limit=20, snippets=spec["kind"] == "snippets")
        return len(r.hits)

    times: dict[tuple[str, str], list[float]] = {}
    for spec in specs:  # warm-up
        ours(spec)
        tq.top20(spec)
    for spec in specs:
        for name, fn in (("wiredesk", ours), ("tantivy", tq.top20)):
            t = time.perf_counter()
            fn(spec)
            times.setdefault((spec["kind"], name), []).append((time.perf_counter() - t) * 1000)
    week_specs = [s for s in specs if s["kind"] in ("term", "and", "phrase")][: args.per_kind]
    for spec in week_specs:
        api.count(conn, spec["q"], by="week")
        tq.per_week(spec)
    for spec in week_specs:
        t = time.perf_counter()
        api.count(conn, spec["q"], by="week")
        times.setdefault(("per-week count", "wiredesk"), []).append(
            (time.perf_counter() - t) * 1000
        )
        t = time.perf_counter()
        tq.per_week(spec)
        times.setdefault(("per-week count", "tantivy"), []).append((time.perf_counter() - t) * 1000)

    kinds = [
        "term",
        "and",
        "or5",
        "phrase",
        "prefix",
        "proximity",
        "date",
        "snippets",
        "per-week count",
    ]
    label = {
        "and": "AND of 2",
        "or5": "OR of 5",
        "date": "term + date range",
        "snippets": "top-20 + snippets",
    }
    print(f"\n{args.items:,} items, {args.per_kind} queries per kind, top-20 unless noted; ms")
    print(f"| {'kind':<18} | wiredesk p50 | wiredesk p95 | tantivy p50 | tantivy p95 | p95 ratio |")
    print("|" + "---|" * 6)
    for k in kinds:
        w = times[(k, "wiredesk")]
        t = times[(k, "tantivy")]
        ratio = pct(w, 0.95) / max(pct(t, 0.95), 1e-6)
        print(
            f"| {label.get(k, k):<18} | {statistics.median(w):12.2f} | {pct(w, 0.95):12.2f} | "
            f"{statistics.median(t):11.2f} | {pct(t, 0.95):11.2f} | {ratio:8.1f}x |"
        )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
