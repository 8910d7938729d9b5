"""Render a page model as a realistic portal HTML page (head, nav, article, aside list, footer).

The list markup varies between pages (an `<aside>` with `<li>`s, a `<section>` with `<div>`s, a
bare `<ul>`) and ages sit in a `<time>` or a `<span class="age">`, so readers and trafilatura can
both be benchmarked on it. The HTML form is always whole (never cut) and UTF-8.
"""

from __future__ import annotations

from html import escape

from wiredesk.generate.page_model import ItemView, PageModel
from wiredesk.generate.vocab import (
    ALL_SECTIONS,
    EDITION_LINE,
    PORTAL,
    PORTAL_NAME,
    WEBMAIL_LINES,
)

_NAV = "".join(
    f'<li><a href="{PORTAL}/{"regio" if s.regional else "nieuws"}/{s.slug}">'
    f"{escape(s.name)}</a></li>"
    for s in ALL_SECTIONS
)
_HEADER = (
    f'<header class="site-header"><a class="logo" href="{PORTAL}/">{PORTAL_NAME}</a>\n'
    f'<nav class="menu"><ul>{_NAV}</ul></nav>\n'
    '<div class="webmail">'
    + "".join(f"<p>{escape(line)}</p>" for line in WEBMAIL_LINES)
    + "</div>\n</header>\n"
)
_FOOTER = (
    '<footer class="site-footer"><ul>'
    f'<li><a href="{PORTAL}/over-ons">Over ons</a></li>'
    f'<li><a href="{PORTAL}/privacy">Privacy</a></li>'
    f'<li><a href="{PORTAL}/cookies">Cookies</a></li>'
    f'<li><a href="{PORTAL}/contact">Contact</a></li></ul>'
    f"<p>&copy; 2026 {PORTAL_NAME}. Nieuws van ANP.</p></footer>\n"
)


def _paragraphs(view: ItemView, first_class: str) -> str:
    out = []
    for i, paragraph in enumerate(view.paragraphs):
        if i == 0:
            out.append(f'<p class="{first_class}">{escape(view.dateline + paragraph)}</p>')
        elif len(paragraph) < 30 and not paragraph.endswith("."):
            out.append(f"<h3>{escape(paragraph)}</h3>")
        else:
            out.append(f"<p>{escape(paragraph)}</p>")
    return "\n".join(out)


def _age(view: ItemView, style: int) -> str:
    age = escape(view.age or "")
    return f"<time>{age}</time>" if style % 2 == 0 else f'<span class="age">{age}</span>'


def _brief(view: ItemView, with_headline: bool, style: int, prefix: str = "") -> str:
    head = f"<h3>{prefix}{escape(view.headline or '')}</h3>" if with_headline else ""
    return f"{head}{_paragraphs(view, 'lead')}{_age(view, style)}"


def _list(model: PageModel, with_headlines: bool, style: int) -> str:
    heading = f"<h2>Meer uit {escape(model.section)}</h2>"
    briefs = [_brief(v, with_headlines, style) for v in model.entries]
    if style == 0:
        inner = "".join(f"<li>{b}</li>\n" for b in briefs)
        return f'<aside class="more">{heading}\n<ul>\n{inner}</ul></aside>'
    if style == 1:
        inner = "".join(f'<div class="brief">{b}</div>\n' for b in briefs)
        return f'<section class="related">{heading}\n{inner}</section>'
    inner = "".join(f"<li>{b}</li>\n" for b in briefs)
    return f'{heading}\n<ul class="meer-uit">\n{inner}</ul>'


def render_html(model: PageModel, style: int = 0) -> str:
    """The page as a full HTML document; style (0-2) picks the list markup."""
    if model.main is not None:
        title = model.main.headline or ""
        main = model.main
        body = f"<article>\n<h1>{escape(title)}</h1>\n{_paragraphs(main, 'dateline')}\n</article>\n"
        if model.entries:
            body += _list(model, model.layout == "A", style) + "\n"
    elif model.layout == "C":
        title = model.section
        teasers = "".join(
            f'<div class="teaser">{_brief(v, True, style, prefix="ANP ")}</div>\n'
            for v in model.entries
        )
        body = (
            f'<p class="date">{escape(model.date_line)}</p>\n'
            f'<p class="edition">{escape(EDITION_LINE)}</p>\n'
            f"<h1>{escape(model.section)}</h1>\n{teasers}"
        )
    else:
        title = model.section
        lines = "".join(
            f'<li>- <span class="section">{escape(e.section)}</span> <time>{e.time}</time> '
            f"<a>{escape(e.title)}</a></li>\n"
            for e in model.index
        )
        briefs = "".join(
            f'<div class="brief">{_brief(v, False, style)}</div>\n' for v in model.entries
        )
        body = (
            f"<h1>{escape(model.section)}</h1>\n"
            f'<section class="net-binnen"><h2>Net binnen</h2>\n<ul>\n{lines}</ul></section>\n'
            f"{briefs}"
        )
    canonical = f'<link rel="canonical" href="{escape(model.url)}">' if model.url else ""
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} | {PORTAL_NAME}</title>\n"
        f'<meta name="description" content="{escape(title)}">\n'
        f'<meta property="og:title" content="{escape(title)}">\n{canonical}\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n'
        f"<body>\n{_HEADER}<main>\n{body}</main>\n{_FOOTER}</body>\n</html>\n"
    )
