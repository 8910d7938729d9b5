"""A deterministic generator of realistic synthetic crawls of the ANP-republishing portal."""

from wiredesk.generate.config import GeneratorConfig
from wiredesk.generate.page_model import ItemTruth
from wiredesk.generate.pages import GeneratedPage, generate_pages

__all__ = ["GeneratedPage", "GeneratorConfig", "ItemTruth", "generate_pages", "write_crawl"]


def __getattr__(name: str) -> object:
    # write_crawl pulls in warcio; import it only when asked for.
    if name == "write_crawl":
        from wiredesk.generate.write import write_crawl

        return write_crawl
    raise AttributeError(name)
