"""Render a page model as the crawler's plain text, as a list of tagged tokens.

Each token is `(text, kind, item)`: kind says what the text is (furniture, a headline, a dateline,
body text, a paragraph break, an age, the section line, an index line) and item is the position of
the item in the page's expected items (-1 for none). Joining the texts gives the page; the tags let
`expected.py` say what a perfect reader gets when the page is cut anywhere.
"""

from __future__ import annotations

from wiredesk.generate.page_model import ItemView, PageModel
from wiredesk.generate.vocab import EDITION_LINE, WEBMAIL_LINES

Token = tuple[str, str, int]

_WEBMAIL = "\n".join(WEBMAIL_LINES) + "\n\n"


def _body(tokens: list[Token], view: ItemView, item: int, para_break: str) -> None:
    tokens.append((view.dateline, "dl", item))
    for i, paragraph in enumerate(view.paragraphs):
        if i:
            tokens.append((para_break, "psep", item))
        tokens.append((paragraph, "body", item))


def _items(model: PageModel) -> list[ItemView]:
    return ([model.main] if model.main else []) + model.entries


def render_tokens(model: PageModel) -> list[Token]:
    """The page as tagged text tokens, in its layout."""
    tokens: list[Token] = []
    if "leading_blank" in model.features:
        tokens.append(("\n", "furn", -1))
    if model.layout == "A":
        _layout_a(tokens, model)
    elif model.layout == "B":
        _layout_b(tokens, model)
    elif model.layout == "C":
        _layout_c(tokens, model)
    else:
        _layout_d(tokens, model)
    return tokens


def _layout_a(tokens: list[Token], model: PageModel) -> None:
    main = model.main
    assert main is not None
    assert main.headline is not None
    tokens.append((_WEBMAIL, "furn", -1))
    tokens += [
        (main.headline, "hl", 0),
        ("\n\n", "furn", -1),
        (main.headline, "hl", 0),
        ("\n\n", "furn", -1),
    ]
    _body(tokens, main, 0, "\n\n")
    if not model.entries:
        tokens.append(("\n", "furn", -1))
        return
    tokens += [
        ("\n\n", "furn", -1),
        (f"Meer uit {model.section}", "section", -1),
        ("\n\n", "furn", -1),
    ]
    for i, view in enumerate(model.entries, start=1):
        assert view.headline is not None
        assert view.age is not None
        tokens += [(view.headline, "hl", i), ("\n\n", "furn", -1)]
        _body(tokens, view, i, "\n\n")
        tokens += [("\n\n", "furn", -1), (view.age, "age", i), ("\n", "furn", -1)]


def _compact_list(tokens: list[Token], entries: list[ItemView], first: int) -> None:
    # Ages are glued to the next dateline: the first brief has nothing before it.
    for i, view in enumerate(entries, start=first):
        assert view.age is not None
        _body(tokens, view, i, "\n")
        tokens += [("\n", "furn", -1), (view.age, "age", i)]


def _layout_b(tokens: list[Token], model: PageModel) -> None:
    main = model.main
    assert main is not None
    assert main.headline is not None
    tokens += [(main.headline, "hl", 0), ("\n", "furn", -1)]
    _body(tokens, main, 0, "\n")
    if not model.entries:
        return
    tokens += [("\n", "furn", -1), (f"Meer uit {model.section}", "section", -1), ("\n", "furn", -1)]
    _compact_list(tokens, model.entries, 1)


def _layout_c(tokens: list[Token], model: PageModel) -> None:
    tokens += [
        (_WEBMAIL, "furn", -1),
        (f"{model.date_line}\n{EDITION_LINE}\n\n", "furn", -1),
        (model.section, "section", -1),
        ("\n\n", "furn", -1),
    ]
    for i, view in enumerate(model.entries):
        assert view.headline is not None
        assert view.age is not None
        # The portal glues a photo credit "ANP " to the title.
        tokens += [("ANP ", "furn", -1), (view.headline, "hl", i), ("\n\n", "furn", -1)]
        _body(tokens, view, i, "\n\n")
        tokens += [("\n\n", "furn", -1), (view.age, "age", i), ("\n", "furn", -1)]


def _layout_d(tokens: list[Token], model: PageModel) -> None:
    tokens += [
        (_WEBMAIL, "furn", -1),
        (model.section, "section", -1),
        ("\n\nNet binnen\n", "furn", -1),
    ]
    for j, entry in enumerate(model.index):
        tokens += [(f"- {entry.section} {entry.time} {entry.title}", "idx", j), ("\n", "furn", -1)]
    tokens.append(("\n", "furn", -1))
    _compact_list(tokens, model.entries, 0)


def expected_items(model: PageModel) -> list[ItemView]:
    """The page's items in the order the reader returns them."""
    return _items(model)
