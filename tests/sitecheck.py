"""Walks a built site: every internal link and anchor must resolve."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href", "data"):
                self.links.append(value)
            if name in ("id", "name"):
                self.ids.add(value)


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def _target_file(site: Path, url_path: str) -> Path:
    p = site / url_path.lstrip("/")
    if url_path.endswith("/") or p.is_dir():
        p = p / "index.html"
    return p


def broken_links(site: Path) -> list[str]:
    """Every internal link of every page that points at nothing, as 'page: link'."""
    problems: list[str] = []
    parsed: dict[Path, _Collector] = {}

    def get(path: Path) -> _Collector:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    for page in sorted(site.rglob("*.html")):
        rel_dir = posixpath.dirname(page.relative_to(site).as_posix())
        for link in get(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            if not parts.path:
                target = page
            else:
                joined = posixpath.normpath(posixpath.join(rel_dir, unquote(parts.path)))
                if joined.startswith(".."):
                    problems.append(f"{page.relative_to(site)}: {link} (leaves the site)")
                    continue
                suffix = "/" if parts.path.endswith("/") else ""
                target = _target_file(site, joined + suffix if joined != "." else "/")
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {link}")
                continue
            if (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in get(target).ids
            ):
                problems.append(f"{page.relative_to(site)}: {link} (no anchor)")
    return problems
