"""Where each generated page lives, and relative URLs between pages.

Markdown links point at ``.md`` files and every engine resolves them. Links inside raw HTML and
inline SVG are another matter: radoc computes them itself, in the style the engine needs
(`LinkStyle`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .schema import KIND_PLURALS


def element_page(kind: str, element_id: str) -> str:
    return f"{KIND_PLURALS[kind]}/{element_id}.md"


def kind_index_page(kind: str) -> str:
    return f"{KIND_PLURALS[kind]}/index.md"


def view_page(view_id: str) -> str:
    return f"views/{view_id}.md"


def decision_page(decision_id: str) -> str:
    return f"decisions/{decision_id}.md"


def profile_page(profile_id: str) -> str:
    return f"profiles/{profile_id}.md"


REFERENCES_PAGE = "references.md"
VIEWS_INDEX = "views/index.md"
ELEMENTS_INDEX = "elements/index.md"
DECISIONS_INDEX = "decisions/index.md"
PROFILES_INDEX = "profiles/index.md"
CHANGES_PAGE = "changes.md"
ASSETS = "assets/radoc"


@lru_cache(maxsize=65536)
def relative(path: str, start: str) -> str:
    """``posixpath.relpath`` for site paths, without asking the operating system for a
    working directory (both are relative to the same root)."""
    to = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) or "."


def md_link(from_page: str, to_page: str) -> str:
    """A Markdown link target: the relative path between two source files."""
    return relative(to_page, posixpath.dirname(from_page))


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) at which MkDocs serves a source file."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def url_between(from_page: str, to: str, use_directory_urls: bool = True) -> str:
    """A URL from the page built from ``from_page`` to the file or page ``to``."""
    here = page_url(from_page, use_directory_urls)
    here_dir = here if here.endswith("/") or not here else posixpath.dirname(here)
    target = page_url(to, use_directory_urls)
    if not here_dir:
        return target or "./"
    rel = relative(target or ".", here_dir)
    if (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


@dataclass(frozen=True)
class LinkStyle:
    """How a site's engine treats the links radoc writes outside Markdown.

    Links inside inline SVG (``xlink:href``) are left as written by MkDocs and Zensical alike,
    so they are URLs relative to the page's address. Links in raw HTML (``href``, ``src``) are
    not: MkDocs leaves them as written (``raw_html="url"``), Zensical resolves them against the
    page's source file as it does Markdown links (``raw_html="source"``: ``.md`` paths).
    """

    use_directory_urls: bool = True
    raw_html: Literal["url", "source"] = "url"

    def html(self, from_page: str, to: str) -> str:
        """A raw-HTML link from the page built from ``from_page`` to the file or page ``to``."""
        if self.raw_html == "source":
            return md_link(from_page, to)
        return url_between(from_page, to, self.use_directory_urls)


MKDOCS_LINKS = LinkStyle()  # MkDocs with directory URLs: the default
