"""Bytes -> clean text: pick the encoding, refuse what is not text, normalise line ends and spaces.

Rules:
- empty input (no bytes, or only white space) -> problem "empty";
- larger than `MAX_BYTES` -> problem "too_large" (checked before anything is decoded);
- a NUL byte, a known binary signature, or many control bytes -> problem "binary";
- UTF-8 with or without BOM; a UTF-8 sequence cut by the end of a truncated page is dropped (it
  does not make the page cp1252); otherwise Windows-1252, and Latin-1 for the few bytes cp1252
  leaves undefined; UTF-16 only with a BOM;
- text that still decodes to many control characters -> problem "undecodable";
- CRLF/CR -> LF, NBSP and other odd spaces -> space, zero-width characters dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024
_SNIFF = 8192
_BINARY_SIGNATURES = (
    b"\x1f\x8b",  # gzip
    b"PK\x03\x04",  # zip / docx / epub
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # jpeg
    b"GIF8",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3",
)
# control bytes that never occur in text (tab, LF, FF, CR and ESC are allowed)
_CONTROL_BYTES = bytes([*range(0, 9), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# looked up one by one with `in` (a fast C scan), replaced only when present
_ODD_SPACES = ("\u00a0", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000")
_ASCII_ODD_SPACES = ("\t", "\f", "\v")
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_MAX_CONTROL_SHARE = 0.05
# pages cut by a crawler are long; a dangling UTF-8 lead byte there is a cut, not cp1252
_CUT_PAGE_MIN = 1024
_CHECKED_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "cp1252"})


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text read from bytes, with the encoding used."""

    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why bytes are not a readable page: a problem code and a short reason."""

    code: str
    reason: str


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut by the end of a truncated page: keep everything before it.
        if (
            exc.reason == "unexpected end of data"
            and exc.end == len(data)
            and len(data) - exc.start < 4
        ):
            head = data[: exc.start]
            # A short, otherwise plain-ASCII text ending in one high byte is more likely cp1252.
            if head.isascii() and len(data) < _CUT_PAGE_MIN:
                return None
            try:
                return head.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return None


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | Unreadable:
    """Turn a page's bytes into normalised text, or say why they are not a readable page.

    Args:
        data: the raw bytes.
        declared: a charset named by the source (HTTP header); tried first when given.

    Returns:
        Decoded text, or Unreadable with a code ("empty", "binary", "undecodable", "too_large").
    """
    if len(data) > MAX_BYTES:
        return Unreadable(
            "too_large", f"too large ({len(data) / 1048576:.0f} MB; the limit is 20 MB)"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            wide = data.decode("utf-16")
        except UnicodeDecodeError:
            return Unreadable(
                "undecodable", "bytes do not decode as the UTF-16 their BOM announces"
            )
        return _finish(wide, "utf-16")
    if not data.strip():
        return Unreadable("empty", "empty file (no text)")
    head = data[:_SNIFF]
    if b"\x00" in data:
        return Unreadable("binary", "binary data (NUL bytes), not a text or HTML page")
    if head.startswith(_BINARY_SIGNATURES):
        return Unreadable("binary", "binary data (a compressed, image or document file)")
    if _control_bytes(head) > _MAX_CONTROL_SHARE * len(head):
        return Unreadable("binary", "binary data (control bytes), not a text or HTML page")
    text: str | None = None
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        text = _decode_utf8(data[3:])
        encoding = "utf-8-sig"
    elif declared:
        try:
            text = data.decode(declared)
            encoding = declared.lower()
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        text = _decode_utf8(data)
        encoding = "utf-8"
    if text is None:
        text, encoding = _decode_single_byte(data)
    return _finish(text, encoding)


def _finish(text: str, encoding: str) -> Decoded | Unreadable:
    sample = text[:_SNIFF]
    # UTF-8 and cp1252 bytes were checked for control bytes already; other decodings may hide
    # them (latin-1 C1 range, UTF-16)
    if (
        encoding not in _CHECKED_ENCODINGS
        and _CONTROL_CHARS.search(sample)
        and len(_CONTROL_CHARS.findall(sample)) > (_MAX_CONTROL_SHARE * len(sample))
    ):
        return Unreadable("undecodable", f"bytes do not decode to text (tried {encoding})")
    text = normalize_text(text)
    if not text.strip():
        return Unreadable("empty", "empty file (no text)")
    return Decoded(text, encoding)


def normalize_text(text: str) -> str:
    """Normalise line ends and spaces: CRLF/CR -> LF, NBSP and friends -> space, drop zero-width.

    Args:
        text: decoded text.

    Returns:
        The same text with only LF line ends and plain spaces.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in _ASCII_ODD_SPACES:
        if char in text:
            text = text.replace(char, " ")
    if not text.isascii():
        for char in _ODD_SPACES:
            if char in text:
                text = text.replace(char, " ")
        for char in _ZERO_WIDTH:
            if char in text:
                text = text.replace(char, "")
    return text


def _control_bytes(data: bytes) -> int:
    """How many bytes of `data` are control bytes that never occur in text."""
    return len(data) - len(data.translate(None, _CONTROL_BYTES))
