"""Enrichment quality on the hand-annotated evaluation sets in bench/data/.

Prints precision / recall / F1 for dateline places, body places and entities (per split:
dev = tuned on, test = held out, all), entity variants (role modes, rules off, Frog when the
Debian `frog` program is installed), and B-cubed precision / recall / F1 for stories.

    .venv/bin/python bench/quality.py [--no-frog]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wiredesk.enrich.aliases import default_table
from wiredesk.enrich.entities import EntityRecognizer, Mention
from wiredesk.enrich.places import PlaceResolver

DATA = Path(__file__).parent / "data"
SPLITS = ("dev", "test", "all")


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_sets(self, predicted: Iterable[Any], gold: Iterable[Any]) -> None:
        """Count one item's predicted set against its gold set."""
        p, g = set(predicted), set(gold)
        self.tp += len(p & g)
        self.fp += len(p - g)
        self.fn += len(g - p)

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(name: str) -> list[dict[str, Any]]:
    """The records of one evaluation file."""
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def by_split(items: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """The items of one split (`all`: every item)."""
    return items if split == "all" else [i for i in items if i["split"] == split]


def row(label: str, counts: dict[str, Counts]) -> str:
    """One table row: P/R/F1 per split."""
    cells = []
    for split in SPLITS:
        p, r, f = counts[split].prf()
        cells.append(f"{p:5.3f} {r:5.3f} {f:5.3f}")
    return f"{label:<40} " + " | ".join(cells)


def header(title: str) -> None:
    """Print a table header."""
    print(f"\n{title}")
    print(f"{'':<40} " + " | ".join(f"{s + ' P/R/F1':<17}" for s in SPLITS))


def item_day(item: dict[str, Any]) -> date | None:
    """The publication day of an evaluation item."""
    return date.fromisoformat(item["date"][:10]) if item.get("date") else None


# -- places ----------------------------------------------------------------------------------


def dateline_counts(items: list[dict[str, Any]], resolver: PlaceResolver) -> Counts:
    """Dateline places: a gold place with id None must stay unresolved."""
    c = Counts()
    for item in items:
        for gold in item["dateline_places"]:
            place = resolver.resolve(gold["as_written"]).place
            pred = place.id if place else None
            if pred is not None and pred == gold["id"]:
                c.tp += 1
                continue
            if pred is not None:
                c.fp += 1
            if gold["id"] is not None:
                c.fn += 1
    return c


def predicted_mentions(item: dict[str, Any], recognizer: EntityRecognizer) -> list[Mention]:
    """The recogniser's mentions for one evaluation item."""
    return recognizer.recognise(item["headline"], item["body"], day=item_day(item))


def body_place_counts(
    items: list[dict[str, Any]], resolver: PlaceResolver, recognizer: EntityRecognizer
) -> Counts:
    """Places in headline and body, scored by exact span and id."""
    c = Counts()
    for item in items:
        mentions = predicted_mentions(item, recognizer)
        pred = set()
        for fld in ("headline", "body"):
            skip = [(m.start, m.end) for m in mentions if m.field == fld]
            for pm in resolver.body_places(item[fld], skip=skip):
                pred.add((fld, pm.start, pm.end, pm.place.id))
        gold = {(g["field"], g["start"], g["end"], g["id"]) for g in item["body_places"]}
        c.add_sets(pred, gold)
    return c


# -- entities --------------------------------------------------------------------------------


def gold_ids(item: dict[str, Any], with_roles: bool) -> set[str]:
    """The entities an item refers to (by name; and by role description when asked)."""
    ids = {e["id"] for e in item["entities"]}
    return ids | set(item.get("role_refs", [])) if with_roles else ids


def gold_spans(item: dict[str, Any]) -> set[tuple[str, int, int, str]]:
    """Gold name mentions as (field, start, end, id)."""
    return {
        (m["field"], m["start"], m["end"], e["id"]) for e in item["entities"] for m in e["mentions"]
    }


def entity_counts(
    items: list[dict[str, Any]],
    predict: Callable[[dict[str, Any]], list[Mention]],
    *,
    spans: bool,
    with_roles: bool = False,
) -> Counts:
    """Entities per item (set of ids) or per mention (span and id; role mentions excluded)."""
    c = Counts()
    for item in items:
        mentions = predict(item)
        if spans:
            pred = {(m.field, m.start, m.end, m.entity.id) for m in mentions if m.how != "role"}
            c.add_sets(pred, gold_spans(item))
        else:
            c.add_sets({m.entity.id for m in mentions}, gold_ids(item, with_roles))
    return c


# -- Frog ------------------------------------------------------------------------------------


def run_frog(items: list[dict[str, Any]]) -> tuple[list[list[Mention]], float, float] | None:
    """Frog's PER/ORG spans for every item, canonicalised with the alias table.

    Returns:
        Mentions per item, seconds for the whole run, seconds Frog needs to start.
    """
    if shutil.which("frog") is None:
        return None
    from wiredesk.enrich.aliases import Entity
    from wiredesk.enrich.entities import _slug

    table = default_table()
    lines: list[tuple[int, str, str]] = []
    for n, item in enumerate(items):
        for fld in ("headline", "body"):
            lines.append((n, fld, item[fld]))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.txt"
        tiny = Path(tmp) / "tiny.txt"
        # -n: one sentence per line, so output sentence k belongs to input line k.
        src.write_text("\n".join(t for _, _, t in lines) + "\n", encoding="utf-8")
        tiny.write_text("Jan woont in Utrecht .\n", encoding="utf-8")
        cmd = ["frog", "--skip=mpacl", "-n", "-t"]
        t0 = time.perf_counter()
        subprocess.run([*cmd, str(tiny)], capture_output=True, check=True)
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        out = subprocess.run([*cmd, str(src)], capture_output=True, check=True, text=True)
        total = time.perf_counter() - t0
    # Frog splits sentences itself, so align its tokens with the input lines in order.
    stream: list[tuple[str, str]] = []
    for line in out.stdout.splitlines():
        cols = line.split("\t")
        if len(cols) > 2:
            tags = [c for c in cols[5:] if c == "O" or c[:2] in ("B-", "I-")]
            stream.append((cols[1], tags[0] if tags else "O"))
    result: list[list[Mention]] = [[] for _ in items]
    spans_per_line: list[list[tuple[int, int, str]]] = [[] for _ in lines]
    li, pos = 0, 0
    for word, tag in stream:
        at = lines[li][2].find(word, pos)
        while at < 0 and li + 1 < len(lines):
            li, pos = li + 1, 0
            at = lines[li][2].find(word, pos)
        if at < 0:
            break
        pos = at + len(word)
        spans = spans_per_line[li]
        kind = tag[2:].upper() if len(tag) > 2 else ""
        if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][2] != kind)):
            spans.append((at, pos, kind))
        elif tag.startswith("I-"):
            spans[-1] = (spans[-1][0], pos, kind)
    for (n, fld, text), spans in zip(lines, spans_per_line, strict=True):
        for s, e, kind in spans:
            if kind not in ("PER", "ORG"):
                continue
            surface = text[s:e]
            ent = table.canonical(surface)
            if ent is None:
                k = "person" if kind == "PER" else "org"
                ent = Entity(f"{k}:{_slug(surface)}", k, surface)  # type: ignore[arg-type]
            result[n].append(Mention(fld, s, e, surface, ent, "rule"))  # type: ignore[arg-type]
    # Surname-only mentions after a full name: the same person (as our rules do).
    for mentions in result:
        people = {
            m.text.split()[-1]: m.entity
            for m in mentions
            if m.entity.kind == "person" and " " in m.text
        }
        for k, m in enumerate(mentions):
            if " " not in m.text and m.text in people:
                mentions[k] = Mention(m.field, m.start, m.end, m.text, people[m.text], "rule")
    return result, total, startup


# -- stories ---------------------------------------------------------------------------------


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item id -> cluster id)."""
    pred_members: dict[str, set[str]] = {}
    gold_members: dict[str, set[str]] = {}
    for i, c in pred.items():
        pred_members.setdefault(c, set()).add(i)
    for i, c in gold.items():
        gold_members.setdefault(c, set()).add(i)
    p = r = 0.0
    for i in gold:
        same_pred = pred_members[pred[i]]
        same_gold = gold_members[gold[i]]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p /= len(gold)
    r /= len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


_RESOLVER = PlaceResolver()
_RECOGNIZER = EntityRecognizer(places=_RESOLVER)
_STORY_ITEMS: dict[str, Any] = {}


def story_item(item: dict[str, Any]) -> Any:
    """An evaluation item as the story tracker sees it (entities and places resolved)."""
    from wiredesk.enrich.stories import StoryItem

    if item["id"] not in _STORY_ITEMS:
        mentions = _RECOGNIZER.recognise(item["headline"], item["body"])
        places = []
        for p in item["places"]:
            place = _RESOLVER.resolve(p).place
            places.append(place.id if place else p)
        _STORY_ITEMS[item["id"]] = StoryItem(
            id=item["id"],
            headline=item["headline"],
            body=item["body"],
            places=tuple(places),
            entities=tuple(dict.fromkeys(m.entity.id for m in mentions)),
            published=datetime.fromisoformat(item["published"]),
        )
    return _STORY_ITEMS[item["id"]]


def story_scores(
    items: list[dict[str, Any]], **options: Any
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """B-cubed for stories and for storylines over the given items, in arrival order."""
    from wiredesk.enrich.stories import StoryTracker

    tracker = StoryTracker(**options)
    for item in sorted(items, key=lambda i: (i["published"], i["id"])):
        tracker.add(story_item(item))
    stories = {i["id"]: tracker.story_of(i["id"]) for i in items}
    lines = {i["id"]: tracker.storyline_of(i["id"]) for i in items}
    return (
        bcubed(stories, {i["id"]: i["story"] for i in items}),
        bcubed(lines, {i["id"]: i["storyline"] for i in items}),
    )


def tune_stories() -> None:
    """Grid search on dev; print the best settings and their held-out (test) scores."""
    from datetime import timedelta

    stories = load("eval_stories.jsonl")
    dev, test = by_split(stories, "dev"), by_split(stories, "test")
    results = []
    for st in (0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30, 0.35):
        for eb in (0.0, 0.05, 0.10, 0.15):
            for pb in (0.0, 0.05, 0.10):
                for days in (2, 4, 7, 10):
                    opts = {
                        "story_threshold": st,
                        "entity_bonus": eb,
                        "place_bonus": pb,
                        "story_window": timedelta(days=days),
                    }
                    (_, _, f), _ = story_scores(dev, **opts)
                    results.append((f, opts))
    results.sort(key=lambda r: -r[0])
    print("stories: best settings on dev (B3 F1 dev -> test)")
    for f, opts in results[:8]:
        (_, _, tf), _ = story_scores(test, **opts)
        shown = {k: (v.days if isinstance(v, timedelta) else v) for k, v in opts.items()}
        print(f"  {f:.3f} -> {tf:.3f}  {shown}")
    best = results[0][1]
    print("stories: maximum story span, other settings as chosen (B3 F1 dev -> test)")
    for span in (None, 14, 21, 30, 60):
        opts = {**best, "story_max_span": timedelta(days=span) if span else None}
        (_, _, df), _ = story_scores(dev, **opts)
        (_, _, tf), _ = story_scores(test, **opts)
        print(f"  {df:.3f} -> {tf:.3f}  story_max_span={span}")
    print("stories: strongest terms kept per item, other settings as chosen (dev -> test)")
    for top in (None, 40, 30, 20, 15):
        opts = {**best, "top_terms": top}
        (_, _, df), _ = story_scores(dev, **opts)
        (_, _, tf), _ = story_scores(test, **opts)
        print(f"  {df:.3f} -> {tf:.3f}  top_terms={top}")
    line_results = []
    for lt in (0.10, 0.15, 0.20, 0.25, 0.30, 0.35):
        for days in (60, 120, 240, 365):
            opts = {**best, "storyline_threshold": lt, "storyline_window": timedelta(days=days)}
            _, (_, _, f) = story_scores(dev, **opts)
            line_results.append((f, opts))
    line_results.sort(key=lambda r: -r[0])
    print("storylines: best settings on dev (B3 F1 dev -> test)")
    for f, opts in line_results[:6]:
        _, (_, _, tf) = story_scores(test, **opts)
        print(
            f"  {f:.3f} -> {tf:.3f}  storyline_threshold={opts['storyline_threshold']} "
            f"window={opts['storyline_window'].days}d"
        )


# -- main ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    """Print every table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-frog", action="store_true", help="skip the Frog comparison")
    ap.add_argument(
        "--tune-stories",
        action="store_true",
        help="grid-search the story thresholds on the dev half, then show test",
    )
    args = ap.parse_args(argv)
    if args.tune_stories:
        tune_stories()
        return

    items = load("eval_entities.jsonl")
    resolver = PlaceResolver()
    recognizer = EntityRecognizer(places=resolver)
    n_places = sum(len(i["dateline_places"]) for i in items)
    print(
        f"eval_entities.jsonl: {len(items)} items, {n_places} dateline places, "
        f"{sum(len(i['body_places']) for i in items)} body places, "
        f"{sum(len(e['mentions']) for i in items for e in i['entities'])} entity mentions"
    )

    header("Places")
    print(
        row(
            "dateline places (as written -> id)",
            {s: dateline_counts(by_split(items, s), resolver) for s in SPLITS},
        )
    )
    print(
        row(
            "body places (span + id)",
            {s: body_place_counts(by_split(items, s), resolver, recognizer) for s in SPLITS},
        )
    )

    header("Entities (people + organisations)")
    variants: list[tuple[str, EntityRecognizer]] = [
        ("alias table + rules, roles=context", recognizer),
        ("alias table + rules, roles=off", EntityRecognizer(places=resolver, role_mode="off")),
        ("alias table + rules, roles=date", EntityRecognizer(places=resolver, role_mode="date")),
        ("alias table only (no rules)", EntityRecognizer(places=resolver, rules=False)),
    ]
    for label, rec in variants:

        def predict(item: dict[str, Any], rec: EntityRecognizer = rec) -> list[Mention]:
            return predicted_mentions(item, rec)

        print(
            row(
                f"{label}: items",
                {s: entity_counts(by_split(items, s), predict, spans=False) for s in SPLITS},
            )
        )
        if label.endswith("context") or label.endswith("date"):
            print(
                row(
                    "   ... items, gold incl. role-only refs",
                    {
                        s: entity_counts(by_split(items, s), predict, spans=False, with_roles=True)
                        for s in SPLITS
                    },
                )
            )
        print(
            row(
                "   ... mentions (span + id)",
                {s: entity_counts(by_split(items, s), predict, spans=True) for s in SPLITS},
            )
        )

    t0 = time.perf_counter()
    for _ in range(5):
        for item in items:
            recognizer.recognise(item["headline"], item["body"], day=item_day(item))
    ours = 5 * len(items) / (time.perf_counter() - t0)

    frog = None if args.no_frog else run_frog(items)
    if frog is not None:
        frog_mentions, total, startup = frog
        lookup = {item["id"]: m for item, m in zip(items, frog_mentions, strict=True)}

        def frog_predict(item: dict[str, Any]) -> list[Mention]:
            return lookup[item["id"]]

        print(
            row(
                "Frog NER (PER/ORG) + alias table: items",
                {s: entity_counts(by_split(items, s), frog_predict, spans=False) for s in SPLITS},
            )
        )
        print(
            row(
                "   ... mentions (span + id)",
                {s: entity_counts(by_split(items, s), frog_predict, spans=True) for s in SPLITS},
            )
        )
        per_s = len(items) / max(total - startup, 1e-9)
        print(
            f"\nspeed: alias table + rules {ours:,.0f} items/s; Frog {per_s:,.1f} items/s "
            f"after a {startup:.1f} s start ({len(items)} items took {total:.1f} s)"
        )
    else:
        print(f"\nspeed: alias table + rules {ours:,.0f} items/s (Frog not installed or skipped)")

    if (DATA / "eval_stories.jsonl").exists():
        stories = load("eval_stories.jsonl")
        print(
            f"\nStories: eval_stories.jsonl, {len(stories)} items, "
            f"{len({i['story'] for i in stories})} stories, "
            f"{len({i['storyline'] for i in stories})} storylines"
        )
        print(f"{'':<40} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}")
        for split in SPLITS:
            (sp, sr, sf), (lp, lr, lf) = story_scores(by_split(stories, split))
            print(f"{'stories, ' + split:<40} {sp:6.3f} {sr:6.3f} {sf:6.3f}")
            print(f"{'storylines, ' + split:<40} {lp:6.3f} {lr:6.3f} {lf:6.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
