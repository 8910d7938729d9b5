"""One write transaction of an SQLite archive: pages, raw inputs, and items merged by dedup.

Every dedup lookup (exact key, head key, LSH band, lead key) is an indexed query inside the
open transaction, so nothing is kept in memory between batches except a small LRU cache of
exact keys (cleared when a batch is rolled back). The state of the items a batch touches is
held in memory for that batch only and written back with `executemany` at the end.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from wiredesk.dedup.fingerprint import (
    article_lead_key,
    brief_lead_key,
    exact_key,
    head_key,
    item_id,
    text_hash,
)
from wiredesk.dedup.match import (
    RULE_EXACT,
    RULE_NEW,
    Candidate,
    Decision,
    decide_cut_off,
    decide_near,
)
from wiredesk.dedup.merge import (
    ItemFacts,
    SightingFacts,
    add_sighting,
    earlier_crawl,
    new_item,
)
from wiredesk.dedup.near import MinHasher
from wiredesk.model import Interval, Page, ParsedItem, ParsedPage, Problem
from wiredesk.store.base import ItemOutcome, parse_iso, utc_iso
from wiredesk.store.raw import RawVault


class KeyCache:
    """A bounded LRU map of exact key -> (item rowid, version rowid)."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._data: OrderedDict[str, tuple[int, int]] = OrderedDict()

    def get(self, key: str) -> tuple[int, int] | None:
        """The cached value, refreshed as most recently used."""
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: str, value: tuple[int, int]) -> None:
        """Cache a value, dropping the least recently used beyond `size`."""
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self.size:
            self._data.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (after a rollback)."""
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


@dataclass(slots=True)
class _VersionState:
    item: int
    first_seen: datetime | None
    truncated: bool
    changed: bool = False


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _item_row(rowid: int, f: ItemFacts) -> tuple[object, ...]:
    return (
        f.headline,
        f.section,
        f.body,
        utc_iso(f.published.earliest),
        utc_iso(f.published.latest),
        utc_iso(f.first_seen),
        utc_iso(f.last_seen),
        f.n_versions,
        f.n_sightings,
        f.lead_of,
        int(f.conflict),
        rowid,
    )


class SQLiteBatch:
    """The writer handed out by `SQLiteStore.batch()`; valid until its transaction ends."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        hasher: MinHasher,
        key_cache: KeyCache,
    ) -> None:
        self.conn = conn
        self.vault = RawVault(conn)
        self.hasher = hasher
        self.settings = hasher.settings
        self.keys = key_cache
        self._items: dict[int, ItemFacts] = {}
        self._dirty: set[int] = set()
        self._recompute_current: set[int] = set()
        self._versions: dict[int, _VersionState] = {}
        self._sightings: list[tuple[object, ...]] = []
        # the band hashes of the text last looked up, reused when it is then indexed
        self._last_bands: tuple[str, list[tuple[int, int]]] | None = None
        # band rows of this batch, written sorted at flush (one pass over the index)
        self._new_bands: dict[tuple[int, int], set[int]] = {}
        self._now = datetime.now(UTC).replace(microsecond=0).isoformat()

    # -- pages, raw inputs, problems ------------------------------------------------------

    def has_page(self, page_key: str) -> bool:
        """True when this exact page is already stored."""
        row = self.conn.execute("SELECT 1 FROM pages WHERE page_key=?", (page_key,)).fetchone()
        return row is not None

    def add_page(
        self,
        page: Page,
        *,
        raw_sha256: str,
        page_key: str,
        parsed: ParsedPage | None,
        problems: Sequence[Problem],
    ) -> int:
        """Store the raw input, the page row and its problems; returns the page rowid."""
        self.vault.put(page.data, raw_sha256)
        codes = sorted({p.code for p in problems})
        cur = self.conn.execute(
            "INSERT INTO pages(page_key, url, fetched_at, raw_sha256, source_kind,"
            " source_location, source_offset, source_record, layout, page_kind, section,"
            " n_items, problems) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                page_key,
                page.url,
                utc_iso(page.fetched_at),
                raw_sha256,
                page.ref.kind,
                page.ref.location,
                page.ref.offset,
                page.ref.record_id,
                parsed.layout if parsed else None,
                parsed.page_kind if parsed else None,
                parsed.section if parsed else None,
                len(parsed.items) if parsed else 0,
                json.dumps(codes) if codes else None,
            ),
        )
        page_id = int(cur.lastrowid or 0)
        for problem in problems:
            self._insert_problem(problem, page_id)
        return page_id

    def add_problem(self, problem: Problem) -> None:
        """Record a problem that has no page (an unreadable file, a truncated record)."""
        self._insert_problem(problem, None)

    def _insert_problem(self, problem: Problem, page_id: int | None) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO problems(page, input, code, stage, message, recorded_at)"
            " VALUES (?,?,?,?,?,?)",
            (page_id, problem.input, problem.code, problem.stage, problem.message, self._now),
        )

    def input_done(self, location: str, kind: str, pages: int, problems: int) -> None:
        """Mark an input as completely read; the first completion is kept."""
        self.conn.execute(
            "INSERT OR IGNORE INTO inputs_done(location, kind, pages, problems, completed_at)"
            " VALUES (?,?,?,?,?)",
            (location, kind, pages, problems, self._now),
        )

    # -- items ----------------------------------------------------------------------------

    def add_item(self, page_id: int, page: ParsedPage, item: ParsedItem) -> ItemOutcome | None:
        """Merge one item read from a page: a sighting, a new version, or a new item.

        Returns None when the item holds no text to identify it by.
        """
        body = item.body.strip()
        if not body:
            return None
        seen = SightingFacts(
            fetched_at=page.fetched_at,
            published=item.published,
            headline=item.headline or None,
            section=page.section,
        )
        key = exact_key(item.places, item.agencies, body)
        hit = self.keys.get(key)
        if hit is None:
            row = self.conn.execute(
                "SELECT item, version FROM item_keys WHERE key=?", (key,)
            ).fetchone()
            if row is not None:
                hit = (int(row[0]), int(row[1]))
                self.keys.put(key, hit)
        if hit is not None:
            return self._sight(page_id, item, seen, hit[0], hit[1], 1.0, RULE_EXACT)

        decision = self._find_match(item, body)
        if decision is None:
            return self._new_item(page_id, item, body, key, seen)
        if decision.kind == "sighting":
            self._remember_key(key, decision.item, decision.version)
            return self._sight(
                page_id,
                item,
                seen,
                decision.item,
                decision.version,
                decision.similarity,
                decision.rule,
            )
        if decision.kind == "completes":
            self._complete_version(decision, item, body, key, seen)
            out = self._sight(
                page_id,
                item,
                seen,
                decision.item,
                decision.version,
                decision.similarity,
                decision.rule,
            )
            return replace(out, linked=out.linked + self._link_leads(decision.item, item, body))
        return self._new_version(page_id, item, body, key, seen, decision)

    def _find_match(self, item: ParsedItem, body: str) -> Decision | None:
        hkey = head_key(item.places, body)
        if hkey is not None:
            found = [
                int(r[0])
                for r in self.conn.execute("SELECT item FROM head_keys WHERE key=?", (hkey,))
            ]
            if found:
                cands = self._candidates(found, truncated_only=not item.truncated)
                decision = decide_cut_off(
                    body, item.places, item.truncated, cands, item.role, item.published
                )
                if decision is not None:
                    return decision
        if item.truncated:
            # A cut-off text says too little to be a wire update; it waits for its whole form.
            return None
        shingle_set, bands = self.hasher.bands_for_text(body)
        self._last_bands = (body, bands)
        if not bands:
            return None
        # One indexed probe per band (OR of equalities uses the primary key for each term).
        where = " OR ".join("(band=? AND hash=?)" for _ in bands)
        params = [v for pair in bands for v in pair]
        found_set = {
            int(r[0])
            for r in self.conn.execute(f"SELECT DISTINCT item FROM lsh_bands WHERE {where}", params)
        }
        for pair in bands:
            found_set.update(self._new_bands.get(pair, ()))
        found = sorted(found_set)
        if not found:
            return None
        return decide_near(
            shingle_set,
            item.places,
            self._candidates(found, truncated_only=False),
            self.settings.threshold,
            self.settings.shingle_size,
            body=body,
            role=item.role,
            published=item.published,
        )

    def _candidates(self, items: list[int], *, truncated_only: bool) -> list[Candidate]:
        marks = ",".join("?" * len(items))
        sql = (
            "SELECT v.item, v.rowid, v.body, v.truncated, i.places, v.role, i.earliest, i.latest"
            " FROM versions v"
            f" JOIN items i ON i.rowid = v.item WHERE v.item IN ({marks})"
        )
        if truncated_only:
            sql += " AND v.truncated = 1"
        out = []
        for it, ver, vbody, trunc, places, role, earliest, latest in self.conn.execute(sql, items):
            facts = self._items.get(int(it))
            published = (
                facts.published if facts else Interval(parse_iso(earliest), parse_iso(latest))
            )
            out.append(
                Candidate(
                    item=int(it),
                    version=int(ver),
                    body=str(vbody),
                    places=facts.places if facts else tuple(json.loads(places or "[]")),
                    truncated=bool(trunc),
                    role=str(role),
                    published=published,
                )
            )
        return out

    def _load(self, rowid: int) -> ItemFacts:
        facts = self._items.get(rowid)
        if facts is not None:
            return facts
        row = self.conn.execute(
            "SELECT id, headline, places, agencies, section, body, earliest, latest,"
            " first_seen, last_seen, n_versions, n_sightings, lead_of, conflict"
            " FROM items WHERE rowid=?",
            (rowid,),
        ).fetchone()
        facts = ItemFacts(
            id=row[0],
            headline=row[1],
            places=tuple(json.loads(row[2] or "[]")),
            agencies=tuple(json.loads(row[3] or "[]")),
            section=row[4],
            body=row[5],
            published=Interval(parse_iso(row[6]), parse_iso(row[7])),
            first_seen=parse_iso(row[8]),
            last_seen=parse_iso(row[9]),
            n_versions=int(row[10]),
            n_sightings=int(row[11]),
            lead_of=row[12],
            conflict=bool(row[13]),
        )
        self._items[rowid] = facts
        return facts

    def _store(self, rowid: int, facts: ItemFacts) -> None:
        self._items[rowid] = facts
        self._dirty.add(rowid)

    def _version(self, rowid: int) -> _VersionState:
        state = self._versions.get(rowid)
        if state is None:
            row = self.conn.execute(
                "SELECT item, first_seen, truncated FROM versions WHERE rowid=?", (rowid,)
            ).fetchone()
            state = _VersionState(int(row[0]), parse_iso(row[1]), bool(row[2]))
            self._versions[rowid] = state
        return state

    def _remember_key(self, key: str, item_rowid: int, version: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO item_keys(key, item, version) VALUES (?,?,?)",
            (key, item_rowid, version),
        )
        self.keys.put(key, (item_rowid, version))

    def _index_text(self, item_rowid: int, item: ParsedItem, body: str) -> None:
        hkey = head_key(item.places, body)
        if hkey is not None:
            self.conn.execute(
                "INSERT OR IGNORE INTO head_keys(key, item) VALUES (?,?)", (hkey, item_rowid)
            )
        if not item.truncated:
            if self._last_bands is not None and self._last_bands[0] == body:
                bands = self._last_bands[1]
            else:
                _, bands = self.hasher.bands_for_text(body)
            for pair in bands:
                self._new_bands.setdefault(pair, set()).add(item_rowid)

    def _sight(
        self,
        page_id: int,
        item: ParsedItem,
        seen: SightingFacts,
        item_rowid: int,
        version: int,
        similarity: float,
        rule: str,
        *,
        first: bool = False,
    ) -> ItemOutcome:
        if first:
            facts = self._items[item_rowid]
            conflict = facts.conflict
        else:
            facts, conflict = add_sighting(self._load(item_rowid), seen)
            self._store(item_rowid, facts)
            vstate = self._version(version)
            # A cut-off copy cannot tell which version it shows, so it does not date a whole one.
            counts = not item.truncated or vstate.truncated
            earlier = earlier_crawl(vstate.first_seen, seen.fetched_at)
            if counts and earlier != vstate.first_seen:
                vstate.first_seen = earlier
                vstate.changed = True
                if facts.n_versions > 1:
                    self._recompute_current.add(item_rowid)
        self._sightings.append(
            (
                item_rowid,
                version,
                page_id,
                utc_iso(seen.fetched_at),
                item.position,
                item.role,
                item.age,
                utc_iso(item.published.earliest),
                utc_iso(item.published.latest),
                int(conflict),
                int(item.truncated),
                similarity,
                rule,
            )
        )
        return ItemOutcome(item=item_rowid, conflict=conflict)

    def _new_item(
        self, page_id: int, item: ParsedItem, body: str, key: str, seen: SightingFacts
    ) -> ItemOutcome:
        facts, _ = new_item(item_id(key), item.places, item.agencies, body, seen)
        cur = self.conn.execute(
            "INSERT INTO items(id, headline, places, agencies, section, body, earliest, latest,"
            " first_seen, last_seen, n_versions, n_sightings, lead_of, conflict)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                facts.id,
                facts.headline,
                _json_list(facts.places),
                _json_list(facts.agencies),
                facts.section,
                facts.body,
                utc_iso(facts.published.earliest),
                utc_iso(facts.published.latest),
                utc_iso(facts.first_seen),
                utc_iso(facts.last_seen),
                1,
                1,
                None,
                int(facts.conflict),
            ),
        )
        rowid = int(cur.lastrowid or 0)
        self._store(rowid, facts)
        version = self._insert_version(rowid, 1, item, body, seen, None, RULE_NEW)
        self._remember_key(key, rowid, version)
        self._index_text(rowid, item, body)
        linked = self._link_leads(rowid, item, body)
        out = self._sight(page_id, item, seen, rowid, version, 1.0, RULE_NEW, first=True)
        return replace(out, new_item=True, linked=linked)

    def _insert_version(
        self,
        item_rowid: int,
        number: int,
        item: ParsedItem,
        body: str,
        seen: SightingFacts,
        similarity: float | None,
        rule: str,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO versions(item, number, headline, body, text_hash, first_seen,"
            " truncated, role, similarity, rule) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                item_rowid,
                number,
                item.headline or None,
                body,
                text_hash(body),
                utc_iso(seen.fetched_at),
                int(item.truncated),
                item.role,
                similarity,
                rule,
            ),
        )
        version = int(cur.lastrowid or 0)
        self._versions[version] = _VersionState(item_rowid, seen.fetched_at, item.truncated)
        return version

    def _new_version(
        self,
        page_id: int,
        item: ParsedItem,
        body: str,
        key: str,
        seen: SightingFacts,
        decision: Decision,
    ) -> ItemOutcome:
        facts = self._load(decision.item)
        facts = replace(facts, n_versions=facts.n_versions + 1)
        self._store(decision.item, facts)
        version = self._insert_version(
            decision.item, facts.n_versions, item, body, seen, decision.similarity, decision.rule
        )
        self._remember_key(key, decision.item, version)
        self._index_text(decision.item, item, body)
        self._recompute_current.add(decision.item)
        linked = self._link_leads(decision.item, item, body)
        out = self._sight(
            page_id, item, seen, decision.item, version, decision.similarity, decision.rule
        )
        return replace(out, new_version=True, linked=linked)

    def _complete_version(
        self, decision: Decision, item: ParsedItem, body: str, key: str, seen: SightingFacts
    ) -> None:
        vstate = self._version(decision.version)
        if not item.truncated:
            # Its first whole copy dates the version (the cut copies before it could not).
            vstate.first_seen = seen.fetched_at
            vstate.truncated = False
            vstate.changed = True
        self.conn.execute(
            "UPDATE versions SET body=?, text_hash=?, truncated=?,"
            " headline=coalesce(headline, ?), similarity=?, rule=? WHERE rowid=?",
            (
                body,
                text_hash(body),
                int(item.truncated),
                item.headline or None,
                decision.similarity,
                decision.rule,
                decision.version,
            ),
        )
        self._remember_key(key, decision.item, decision.version)
        self._index_text(decision.item, item, body)
        self._recompute_current.add(decision.item)

    def _link_leads(self, item_rowid: int, item: ParsedItem, body: str) -> int:
        """Link briefs and the full articles they lead, whichever was seen first."""
        linked = 0
        akey = article_lead_key(item.places, body)
        if akey is not None:
            self.conn.execute(
                "INSERT OR IGNORE INTO lead_keys(key, kind, item) VALUES (?, 'article', ?)",
                (akey, item_rowid),
            )
            briefs = [
                int(r[0])
                for r in self.conn.execute(
                    "SELECT item FROM lead_keys WHERE key=? AND kind='brief' ORDER BY item",
                    (akey,),
                )
            ]
            article = self._load(item_rowid)
            for brief in briefs:
                if brief != item_rowid and self._set_lead(brief, article):
                    linked += 1
        bkey = brief_lead_key(item.places, body)
        if bkey is not None:
            self.conn.execute(
                "INSERT OR IGNORE INTO lead_keys(key, kind, item) VALUES (?, 'brief', ?)",
                (bkey, item_rowid),
            )
            row = self.conn.execute(
                "SELECT item FROM lead_keys WHERE key=? AND kind='article' AND item != ?"
                " ORDER BY item LIMIT 1",
                (bkey, item_rowid),
            ).fetchone()
            if row is not None and self._set_lead(item_rowid, self._load(int(row[0]))):
                linked += 1
        return linked

    def _set_lead(self, brief_rowid: int, article: ItemFacts) -> bool:
        brief = self._load(brief_rowid)
        if brief.lead_of is not None:
            return False
        self._store(
            brief_rowid,
            replace(brief, lead_of=article.id, headline=brief.headline or article.headline),
        )
        return True

    # -- end of batch ---------------------------------------------------------------------

    def flush(self) -> list[int]:
        """Write back everything held for this batch; returns the changed item rowids."""
        if self._new_bands:
            self.conn.executemany(
                "INSERT OR IGNORE INTO lsh_bands(band, hash, item) VALUES (?,?,?)",
                sorted((b, h, item) for (b, h), items in self._new_bands.items() for item in items),
            )
            self._new_bands.clear()
        if self._sightings:
            self.conn.executemany(
                "INSERT INTO sightings(item, version, page, fetched_at, position, role, age,"
                " earliest, latest, conflict, truncated, similarity, rule)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                self._sightings,
            )
        changed_versions = [
            (utc_iso(v.first_seen), rowid) for rowid, v in self._versions.items() if v.changed
        ]
        if changed_versions:
            self.conn.executemany(
                "UPDATE versions SET first_seen=? WHERE rowid=?", changed_versions
            )
        for rowid in sorted(self._recompute_current):
            self._refresh_current(rowid)
        if self._dirty:
            self.conn.executemany(
                "UPDATE items SET headline=?, section=?, body=?, earliest=?, latest=?,"
                " first_seen=?, last_seen=?, n_versions=?, n_sightings=?, lead_of=?,"
                " conflict=? WHERE rowid=?",
                [_item_row(rowid, self._items[rowid]) for rowid in sorted(self._dirty)],
            )
        changed = sorted(self._dirty)
        self._items.clear()
        self._dirty.clear()
        self._recompute_current.clear()
        self._versions.clear()
        self._sightings.clear()
        return changed

    def _refresh_current(self, rowid: int) -> None:
        """Make the item's body (and headline) that of its current version."""
        row = self.conn.execute(
            "SELECT body, headline FROM versions WHERE item=?"
            " ORDER BY first_seen IS NULL, first_seen DESC, number DESC LIMIT 1",
            (rowid,),
        ).fetchone()
        facts = self._load(rowid)
        self._store(rowid, replace(facts, body=row[0], headline=row[1] or facts.headline))
