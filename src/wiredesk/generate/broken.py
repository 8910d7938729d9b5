"""Deliberately unreadable page payloads: binary, undecodable, empty, NUL-ridden."""

from __future__ import annotations

import random

BROKEN_KINDS: tuple[str, ...] = ("binary", "undecodable", "empty", "nul")


def broken_payload(rng: random.Random, kind: str) -> bytes:
    """Bytes no reader can take as a page of text, of the given kind."""
    if kind == "binary":
        # A PNG signature followed by noise: what a crawler stores for an image URL.
        return b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randint(200, 3000))
    if kind == "undecodable":
        # Neither UTF-8 nor Windows-1252: bytes undefined in cp1252 and broken UTF-8 runs.
        text = b"Kabinet presenteert plannen voor de zorg"
        junk = bytes(rng.choice((0x81, 0x8D, 0x8F, 0x90, 0x9D)) for _ in range(40))
        return text + b"\n" + junk + b"\xc3\x28\xe2\x82" + junk
    if kind == "nul":
        text = b"DEN HAAG (ANP) - De Tweede Kamer vergadert.\n" * 20
        return b"\x00".join(text[i : i + 7] for i in range(0, len(text), 7))
    return b""
