"""Near-duplicate detection: word shingles, MinHash signatures (datasketch) and LSH band hashes.

The band hashes are plain integers so that the store can keep them in an indexed SQL table
`(band, hash) -> item`: candidate lookup is then one indexed query, transactional and
restart-proof, with no in-memory LSH to rebuild. Candidates are always verified with the
exact Jaccard similarity of their shingle sets.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from wiredesk.dedup.normalize import words


@dataclass(frozen=True, slots=True)
class NearSettings:
    """How near-duplicates are found; see docs/dedup.md for how the defaults were chosen.

    Attributes:
        threshold: minimum Jaccard similarity of word shingles for a wire update.
        num_perm: MinHash permutations (more: more precise, slower).
        shingle_size: words per shingle.
        seed: MinHash seed (changing it invalidates stored band hashes).
        lsh_threshold: the similarity LSH is tuned to find; lower than `threshold` so that
            pairs at the threshold are found almost surely (LSH only proposes candidates).
            None: `threshold - 0.2`.
    """

    threshold: float = 0.6
    num_perm: int = 128
    shingle_size: int = 3
    seed: int = 1
    lsh_threshold: float | None = None
    bands: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"near threshold must be in (0, 1], not {self.threshold}")
        lsh = self.lsh_threshold
        if lsh is None:
            lsh = round(max(0.1, self.threshold - 0.2), 2)
            object.__setattr__(self, "lsh_threshold", lsh)
        bands, rows = _lsh_params(lsh, self.num_perm)
        object.__setattr__(self, "bands", bands)
        object.__setattr__(self, "rows", rows)

    def describe(self) -> str:
        """A short stable name of the settings (stored with the archive)."""
        return (
            f"minhash(threshold={self.threshold},num_perm={self.num_perm},"
            f"shingle={self.shingle_size},seed={self.seed},lsh={self.lsh_threshold},"
            f"bands={self.bands}x{self.rows})"
        )


@lru_cache(maxsize=16)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    # datasketch picks the bands x rows split that minimises false positives and negatives.
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """The set of `size`-word shingles of the normalised text (one shingle if it is shorter)."""
    tokens = words(text)
    if not tokens:
        return frozenset()
    if len(tokens) <= size:
        return frozenset((" ".join(tokens),))
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity |a & b| / |a | b| (0.0 for two empty sets)."""
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """How much of `part` is in `whole`: |part & whole| / |part| (0.0 for an empty part)."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


def _crc32(data: bytes) -> int:
    # A stable 32-bit hash of a shingle (the same in every process), much cheaper than sha1;
    # MinHash's random affine permutations are applied on top of it.
    return zlib.crc32(data)


class MinHasher:
    """Computes MinHash signatures and LSH band hashes with fixed permutations."""

    def __init__(self, settings: NearSettings) -> None:
        self.settings = settings
        base = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=_crc32)
        self._permutations = base.permutations
        self._scheme = base.scheme

    def signature(self, shingle_set: frozenset[str]) -> np.ndarray:
        """The MinHash signature (uint32 array of `num_perm` values) of a shingle set."""
        mh = MinHash(
            num_perm=self.settings.num_perm,
            seed=self.settings.seed,
            permutations=self._permutations,
            scheme=self._scheme,
            hashfunc=_crc32,
        )
        # Sorted so the signature never depends on set iteration order.
        mh.update_batch([s.encode("utf-8") for s in sorted(shingle_set)])
        return np.asarray(mh.hashvalues)

    def candidate_probability(self, similarity: float) -> float:
        """The chance that LSH proposes a pair of this Jaccard similarity as candidates."""
        s = self.settings
        return float(1.0 - (1.0 - similarity**s.rows) ** s.bands)

    def band_hashes(self, signature: np.ndarray) -> list[tuple[int, int]]:
        """`(band, hash)` pairs: one signed 64-bit hash per band of `rows` signature values."""
        width = self.settings.rows * 4
        raw = np.ascontiguousarray(signature, dtype="<u4").tobytes()
        blake = hashlib.blake2b
        return [
            (
                band,
                int.from_bytes(
                    blake(raw[band * width : (band + 1) * width], digest_size=8).digest(),
                    "little",
                    signed=True,
                ),
            )
            for band in range(self.settings.bands)
        ]

    def bands_for_text(self, text: str) -> tuple[frozenset[str], list[tuple[int, int]]]:
        """Shingles and band hashes of one text."""
        sh = shingles(text, self.settings.shingle_size)
        if not sh:
            return sh, []
        return sh, self.band_hashes(self.signature(sh))
