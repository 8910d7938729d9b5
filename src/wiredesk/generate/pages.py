"""generate_pages: a deterministic stream of crawled pages over the world, with expected output."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from wiredesk.generate.broken import BROKEN_KINDS, broken_payload
from wiredesk.generate.compose import (
    compose_article,
    compose_regional_index,
    compose_section_index,
    local_zone,
)
from wiredesk.generate.config import GeneratorConfig
from wiredesk.generate.expected import build_expected
from wiredesk.generate.page_model import ItemTruth, PageModel
from wiredesk.generate.render_html import render_html
from wiredesk.generate.render_text import Token, render_tokens
from wiredesk.generate.world import World, build_world
from wiredesk.model import Page, SourceRef

_NBSP_SPOT = re.compile(r"(\d) (?=\w)")
_BOM = b"\xef\xbb\xbf"


class GeneratedPage:
    """One generated page: its text form (and bytes as written), HTML form and expected output.

    Attributes:
        url: the page's URL (None for a few pages, as in real crawls).
        fetched_at: crawl time (tz-aware, the portal's local offset).
        layout: "A", "B", "C", "D" or "broken".
        text: the text form as a reader decodes it ("" for broken pages).
        data: the bytes of the text form as written to disk (cut, encoded, maybe with BOM/CRLF).
        encoding: "utf-8", "utf-8-sig" or "cp1252" for the text form.
        expected: the parse-output contract JSON for the text form (None for broken pages).
        truth: per expected item, what the wire knows (wire_id, version, lead_of, published).
        features: irregularities present on the page (for coverage tests).
        cut: True when the text form was truncated.
        cut_fragment: a bare fragment at the cut that `expected` leaves out (readers may keep it).
        html: the HTML form (always whole, UTF-8), rendered on first use.
        expected_html: the contract JSON for the HTML form (the whole page).
    """

    __slots__ = (
        "_html",
        "_model",
        "_style",
        "cut",
        "cut_fragment",
        "data",
        "encoding",
        "expected",
        "features",
        "fetched_at",
        "layout",
        "text",
        "truth",
        "url",
    )

    def __init__(
        self,
        *,
        url: str | None,
        fetched_at: datetime | None,
        layout: str,
        text: str,
        data: bytes,
        encoding: str,
        expected: dict[str, Any] | None,
        truth: list[ItemTruth],
        features: frozenset[str],
        cut: bool,
        cut_fragment: str | None,
        model: PageModel | None,
        style: int,
    ) -> None:
        self.url = url
        self.fetched_at = fetched_at
        self.layout = layout
        self.text = text
        self.data = data
        self.encoding = encoding
        self.expected = expected
        self.truth = truth
        self.features = features
        self.cut = cut
        self.cut_fragment = cut_fragment
        self._model = model
        self._style = style
        self._html: str | None = None

    @property
    def html(self) -> str:
        """The HTML form of the page ("" for broken pages)."""
        if self._html is None:
            self._html = render_html(self._model, self._style) if self._model else ""
        return self._html

    @property
    def expected_html(self) -> dict[str, Any] | None:
        """Expected contract JSON for the HTML form (the whole page, never cut)."""
        if self._model is None:
            return None
        return build_expected(self._model, render_tokens(self._model)).expected

    def to_page(self, form: str = "text", n: int | None = None) -> Page:
        """This page as a source `Page` (what `iter_pages` would yield), text or HTML form."""
        html = form == "html" and self.layout != "broken"
        where = self.url or "generated"
        return Page(
            data=self.html.encode() if html else self.data,
            ref=SourceRef("generated", where if n is None else f"{where}#{n}"),
            url=self.url,
            fetched_at=self.fetched_at,
            format="html" if html else None,
            encoding="utf-8" if html else None,
        )

    def __repr__(self) -> str:
        return f"GeneratedPage({self.layout}, {self.url!r}, {self.fetched_at})"


def _choose_model(rng: random.Random, world: World, t: int, kind: str) -> PageModel | None:
    if kind == "C":
        return compose_section_index(rng, world, t)
    if kind == "D":
        return compose_regional_index(rng, world, t)
    model = compose_article(rng, world, t, "A", regional=kind == "regional")
    if model is not None and model.main is not None:
        # Mostly one layout per URL; now and then the same URL in the other format.
        serial = int(model.main.truth.wire_id[1:])
        layout = "A" if (serial * 2654435761) % 97 < 56 else "B"
        if rng.random() < 0.03:
            layout = "B" if layout == "A" else "A"
        model.layout = layout
    return model


def _transform(tokens: list[Token], nbsp: bool, crlf: bool) -> tuple[list[Token], bool]:
    changed = False
    out: list[Token] = []
    for text, kind, item in tokens:
        if nbsp and kind == "body":
            new = _NBSP_SPOT.sub("\\1\u00a0", text, count=1)
            changed = changed or new != text
            text = new
        if crlf:
            text = text.replace("\n", "\r\n")
        out.append((text, kind, item))
    return out, changed


def _cut(tokens: list[Token], encoding: str, budget: int) -> tuple[int, str]:
    pos = 0
    for i, (text, _, _) in enumerate(tokens):
        raw = text.encode(encoding)
        if pos + len(raw) > budget:
            return i, raw[: budget - pos].decode(encoding, errors="ignore")
        pos += len(raw)
    return len(tokens), ""


def _page(
    rng: random.Random, config: GeneratorConfig, world: World, t: int, kind: str
) -> GeneratedPage | None:
    model = _choose_model(rng, world, t, kind)
    if model is None:
        return None
    if rng.random() < config.leading_blank_share:
        model.features.add("leading_blank")
    tokens = render_tokens(model)
    features = set(model.features)
    features.add(f"layout_{model.layout}")
    nbsp = rng.random() < config.nbsp_share
    crlf = rng.random() < config.crlf_share
    if nbsp or crlf:
        tokens, changed = _transform(tokens, nbsp, crlf)
        if changed:
            features.add("nbsp")
        if crlf:
            features.add("crlf")
    full = "".join(text for text, _, _ in tokens)
    encoding = "utf-8"
    roll = rng.random()
    if roll < config.cp1252_share:
        try:
            data = full.encode("cp1252")
            encoding = "cp1252"
        except UnicodeEncodeError:
            data = full.encode("utf-8")
    else:
        data = full.encode("utf-8")
        if roll < config.cp1252_share + config.bom_share:
            encoding = "utf-8-sig"
            data = _BOM + data
    features.add(f"enc_{encoding}")
    cut = rng.random() < config.cut_fraction and len(data) > config.cut_bytes
    codec = "cp1252" if encoding == "cp1252" else "utf-8"
    if cut:
        bom = _BOM if encoding == "utf-8-sig" else b""
        kept, partial = _cut(tokens, codec, config.cut_bytes - len(bom))
        expectation = build_expected(model, tokens, kept, partial)
        data = data[: config.cut_bytes]
        features.add("cut")
        if kept < len(tokens):
            features.add(f"cut_in_{tokens[kept][1]}")  # cut_in_body, cut_in_dl, cut_in_age ...
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            features.add("cut_mid_char")
        if expectation.expected["section"] is None and model.page_kind == "article":
            features.add("cut_before_list")
    else:
        expectation = build_expected(model, tokens)
    text = data.decode(codec, errors="ignore").removeprefix("\ufeff")
    url = model.url
    if rng.random() < config.no_url_share:
        url = None
        features.add("no_url")
    if url and "-ANP" in url:
        features.add("anp_suffix")
    return GeneratedPage(
        url=url,
        fetched_at=model.fetched_at,
        layout=model.layout,
        text=text,
        data=data,
        encoding=encoding,
        expected=expectation.expected,
        truth=expectation.truth,
        features=frozenset(features),
        cut=cut,
        cut_fragment=expectation.fragment,
        model=model,
        style=rng.randrange(3),
    )


def _broken(rng: random.Random, t: int) -> GeneratedPage:
    kind = rng.choice(BROKEN_KINDS)
    fetched = datetime.fromtimestamp(t, local_zone(t))
    url = f"https://portaal.example.nl/media/{rng.randrange(10**6)}"
    return GeneratedPage(
        url=url,
        fetched_at=fetched,
        layout="broken",
        text="",
        data=broken_payload(rng, kind),
        encoding="utf-8",
        expected=None,
        truth=[],
        features=frozenset({"broken", f"broken_{kind}"}),
        cut=False,
        cut_fragment=None,
        model=None,
        style=0,
    )


def generate_pages(
    n: int, seed: int = 0, config: GeneratorConfig | None = None
) -> Iterator[GeneratedPage]:
    """Yield n pages crawled at times spread over the span, in crawl order, deterministically.

    Args:
        n: how many pages.
        seed: the same seed gives the same world and the same bytes.
        config: knobs (span, cut fraction, layout mix ...); defaults are realistic.
    """
    config = config or GeneratorConfig()
    world = build_world(config, seed)
    rng = random.Random(f"pages-{seed}")  # noqa: S311 -- reproducible, not secret
    times = sorted(rng.randrange(world.start, world.end) for _ in range(n))
    kinds = list(config.layout_weights)
    weights = [config.layout_weights[k] for k in kinds]
    for t in times:
        if rng.random() < config.broken_fraction:
            yield _broken(rng, t)
            continue
        page = None
        kind = rng.choices(kinds, weights=weights)[0]
        for attempt in range(3):
            page = _page(rng, config, world, t, kind if attempt == 0 else "A")
            if page is not None:
                break
        if page is None:  # the world is empty at t (a span too short); still yield a page
            yield _broken(rng, t)
        else:
            yield page
