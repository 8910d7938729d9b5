"""Word-by-word differences between the versions of an item (pure; difflib).

A diff is a list of `Segment`s: runs of words that are equal in both versions, only in the
older one (deleted) or only in the newer one (inserted). Whitespace is not compared: the
same words wrapped differently are the same text.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

SegmentKind = Literal["equal", "delete", "insert"]

_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words that is equal, deleted (only in the older) or inserted (only in the newer)."""

    kind: SegmentKind
    text: str

    def to_json(self) -> dict[str, str]:
        """`{"kind": ..., "text": ...}`."""
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """What changed from one version of an item to the next (headline and body)."""

    older: int
    newer: int
    older_first_seen: str | None
    newer_first_seen: str | None
    headline: tuple[Segment, ...]
    body: tuple[Segment, ...]
    similarity: float | None = None
    rule: str | None = None

    @property
    def words_deleted(self) -> int:
        """Words only in the older version (headline and body)."""
        return sum(len(s.text.split()) for s in (*self.headline, *self.body) if s.kind == "delete")

    @property
    def words_inserted(self) -> int:
        """Words only in the newer version (headline and body)."""
        return sum(len(s.text.split()) for s in (*self.headline, *self.body) if s.kind == "insert")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "older": self.older,
            "newer": self.newer,
            "older_first_seen": self.older_first_seen,
            "newer_first_seen": self.newer_first_seen,
            "similarity": self.similarity,
            "rule": self.rule,
            "words_deleted": self.words_deleted,
            "words_inserted": self.words_inserted,
            "headline": [s.to_json() for s in self.headline],
            "body": [s.to_json() for s in self.body],
        }


def words(text: str | None) -> list[str]:
    """The words of a text (split on whitespace, punctuation kept with its word)."""
    return _WORD.findall(text or "")


def word_diff(older: str | None, newer: str | None) -> tuple[Segment, ...]:
    """The word-by-word difference from `older` to `newer`; a replacement is delete + insert."""
    a, b = words(older), words(newer)
    out: list[Segment] = []
    # autojunk off: news texts repeat "de", "het" often and must still align word by word.
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("equal", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(Segment("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Segment("insert", " ".join(b[j1:j2])))
    return tuple(out)


def version_diffs(versions: Sequence[Any]) -> list[VersionDiff]:
    """Diffs between each version and the next, in version order.

    Args:
        versions: records with `number`, `headline`, `body`, `first_seen`, `similarity` and
            `rule` (the store's `VersionRecord`s).
    """
    ordered = sorted(versions, key=lambda v: int(v.number))
    return [
        VersionDiff(
            older=int(old.number),
            newer=int(new.number),
            older_first_seen=old.first_seen,
            newer_first_seen=new.first_seen,
            headline=word_diff(old.headline, new.headline),
            body=word_diff(old.body, new.body),
            similarity=new.similarity,
            rule=new.rule,
        )
        for old, new in itertools.pairwise(ordered)
    ]


def render_text(segments: Sequence[Segment]) -> str:
    """A diff as plain text: `[-deleted-]` and `{+inserted+}` (the `git diff --word-diff` marks)."""
    parts = []
    for s in segments:
        if s.kind == "equal":
            parts.append(s.text)
        elif s.kind == "delete":
            parts.append(f"[-{s.text}-]")
        else:
            parts.append(f"{{+{s.text}+}}")
    return " ".join(p for p in parts if p)
