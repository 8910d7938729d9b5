"""HTML page -> lines, so HTML pages go through the same layouts as text pages.

Block elements (p, h1-h6, li, div ..., an inline element holding an age) become lines;
inline elements join into their block's line; scripts, navigation, footers, forms and
figures are dropped. After each container that can hold one item (article, aside, section,
li, ul, ol, main) a BOUNDARY line is emitted so that text after a brief's container is never
glued to it. Inside a block that holds exactly one dateline (li, article, div ...), ages are
moved after the text: in HTML the age of a brief belongs to the brief's own container,
wherever it is placed in it.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from wiredesk.parse.age import AGE_AT_START
from wiredesk.parse.dateline import match_dateline
from wiredesk.parse.lines import BOUNDARY

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "nav",
        "footer",
        "form",
        "button",
        "select",
        "iframe",
        "figure",
        "figcaption",
        "picture",
        "img",
        "video",
        "audio",
        "object",
        "canvas",
        "-comment",
        "input",
        "textarea",
        "title",
        "meta",
        "link",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "article",
        "section",
        "aside",
        "main",
        "header",
        "blockquote",
        "table",
        "tr",
        "td",
        "th",
        "dl",
        "dt",
        "dd",
        "pre",
        "address",
        "hr",
        "body",
        "html",
        "center",
        "details",
        "summary",
    }
)
# Deeply nested markup makes HTML tree building quadratic (a 20 MB page of nested <div>s would
# take hours); such pages, and pages with an absurd number of tags, are read flat instead.
_CHECK_DEPTH_FROM = 50_000
_MAX_DEPTH = 1_000
_MAX_TAGS = 100_000  # a portal page has a few thousand; more is junk, read flat as well
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_TAG_OR_SKIPPED = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# inline elements whose text joins the surrounding line
_INLINE = frozenset(
    {"a", "span", "strong", "b", "i", "em", "u", "small", "abbr", "cite", "q", "mark", "time"}
)
# an item's container holds a handful of lines; bigger blocks are never reordered
_MAX_ITEM_LINES = 16
_CONTAINERS = frozenset({"article", "aside", "section", "li", "ul", "ol", "main"})
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body|meta|!--|div|article|section|main"
    r"|header|p|h1|h2|ul|table|title|link|script|style)\b",
    re.IGNORECASE,
)

# an html or body tag further in (after a stray preamble line)
_HTML_TAG = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML document or fragment (sniffed from its start)."""
    head = text[:2048]
    return _HTML_START.match(head) is not None or _HTML_TAG.search(head) is not None


def _move_ages_last(lines: list[str], start: int) -> None:
    if not 1 < len(lines) - start <= _MAX_ITEM_LINES:
        return
    block = lines[start:]
    ages = [line for line in block if AGE_AT_START.fullmatch(line)]
    if not ages or block[-len(ages) :] == ages:
        return
    if sum(1 for line in block if match_dateline(line) is not None) != 1:
        return
    lines[start:] = [line for line in block if not AGE_AT_START.fullmatch(line)] + ages


def _nesting_depth(html: str) -> int:
    """The deepest element nesting, counted from the tags (void elements do not nest)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _flat_lines(html: str) -> list[str]:
    """Lines of an HTML page too deeply nested for a tree: every tag ends a line."""
    text = unescape(_TAG_OR_SKIPPED.sub("\n", html))
    return [" ".join(line.split()) for line in text.split("\n")] + [""]


def _holds_age(node: Any) -> bool:
    """An inline element whose whole text is an age (`<span class="age">2 uur geleden</span>`)."""
    child = node.child
    if child is None or child.tag != "-text" or child.next is not None:
        return False
    text = (child.text_content or "").strip()
    return text[:1].isdigit() and AGE_AT_START.fullmatch(text) is not None


def _is_plain_inline(node: Any) -> bool:
    tag: str = node.tag
    if tag == "-text":
        return True
    if tag not in _INLINE:
        return False
    # an inline element with no element children, and no age in it (an age is a line of its own)
    return node.child is None or (
        node.child.tag == "-text" and node.child.next is None and not _holds_age(node)
    )


def html_to_lines(html: str) -> list[str]:
    """Render an HTML page as text lines (see the module docstring).

    Args:
        html: the page's HTML as text.

    Returns:
        Lines in document order, with BOUNDARY lines after item containers.
    """
    if len(html) > _CHECK_DEPTH_FROM and (
        html.count("<") > _MAX_TAGS or _nesting_depth(html) > _MAX_DEPTH
    ):
        return _flat_lines(html)
    tree = LexborHTMLParser(html)
    root = tree.body if tree.body is not None else tree.root
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            line = " ".join("".join(buffer).split())
            buffer.clear()
            if line:
                lines.append(line)

    if root is None:
        return lines
    # explicit stack instead of recursion: deeply nested junk must not hit the recursion limit;
    # nodes are pushed as they are, a block's end as a (node, first line) pair
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if node.__class__ is tuple:
            block, opened_at = node
            if buffer:
                flush()
            if len(lines) - opened_at > 1:
                _move_ages_last(lines, opened_at)
            if block.tag in _CONTAINERS:
                lines.append(BOUNDARY)
            continue
        tag: str = node.tag
        if tag == "-text":
            buffer.append(node.text_content or "")
            continue
        if tag in _SKIP or tag[0] == "-":
            continue
        if tag == "br":
            flush()
            continue
        children = list(node.iter(include_text=True))
        # inline elements (`- Binnenland <time>9:05</time> Titel`) join the line, unless they
        # hold an age: that is a line of its own even inside a paragraph
        if tag in _BLOCK or (tag in _INLINE and _holds_age(node)):
            if buffer:
                flush()
            stack.append((node, len(lines)))
            if all(_is_plain_inline(child) for child in children):
                # a block of text and inline markup only: one call instead of a walk
                buffer.append(node.text(deep=True) or "")
                continue
        children.reverse()
        stack.extend(children)
    flush()
    lines.append("")  # an HTML page is whole: its last line is not cut
    return lines
