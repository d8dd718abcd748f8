"""Turning Graphviz's SVG into markup that can sit inline in a page or stand alone."""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import xml_text
from ..urls import page_url, url_between

_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="([\d.]+)pt"')
_SHAPE = re.compile(r"<(polygon|path|ellipse|polyline|text|rect)\b([^>]*?)(/?)>")
_COLOR = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{6})"')
_LINK = re.compile(r'(xlink:href|href)="radoc:([a-z0-9/#-]*)"')
_ANCHOR = re.compile(r"<a\b[^>]*>|</a>")

# Icon diagrams define each distinct icon once, as a <symbol> in a <defs> of this class right
# after the opening <svg> tag, with an id taken from the icon's content; every icon node draws
# it with <use>. A page that holds several such diagrams keeps each symbol once (see
# `icons_once_per_page`), so the ids stay unique on the page.
ICON_DEFS = '<defs class="radoc-icons">'
ICON_ID_PREFIX = "radoc-icon-"
_ICON_SYMBOL = re.compile(rf'<symbol id="({ICON_ID_PREFIX}[0-9a-f]+)"[^>]*>.*?</symbol>\n?', re.S)
_EMPTY_ICON_DEFS = re.compile(re.escape(ICON_DEFS) + r"\s*</defs>\n?")


def strip_prolog(svg: str) -> str:
    return _PROLOG.sub("", svg).strip() + "\n"


def size_pt(svg: str) -> tuple[float, float]:
    opening = _SVG_OPEN.search(svg)
    sizes = dict(_SIZE.findall(opening.group(0))) if opening else {}
    return float(sizes.get("width", 0)), float(sizes.get("height", 0))


def _classify(match: re.Match[str]) -> str:
    tag, attrs, close = match.groups()
    classes = [
        f"r{'f' if kind == 'fill' else 's'}-{color.lower().lstrip('#')}"
        for kind, color in _COLOR.findall(attrs)
    ]
    if not classes:
        return match.group(0)
    return f'<{tag}{attrs} class="{" ".join(classes)}"{close}>'


_FONT_SIZE = re.compile(r'font-size="([\d.]+)"')
PX_PER_PT = 4 / 3


@lru_cache(maxsize=4096)  # serve rebuilds in the same process meet the same SVGs again
def themable(svg: str, label: str, classify: bool = True) -> str:
    """Inline-ready SVG: no prolog, fitted to its column by the page (no fixed size), themed by
    class, with an accessible name and the numbers the zoom script needs (natural size and the
    smallest label, in CSS px).

    ``classify=False`` keeps the light colours (icon diagrams sit on a light card in both
    palettes, since provider icons are drawn for a light background)."""
    svg = strip_prolog(svg)
    width, height = size_pt(svg)
    fonts = [float(f) for f in _FONT_SIZE.findall(svg)]
    font_px = min(fonts) * PX_PER_PT if fonts else 14.0
    opening = _SVG_OPEN.search(svg)
    assert opening is not None, "Graphviz always writes an <svg> element"
    tag = _SIZE.sub("", opening.group(0))
    tag = tag.replace(
        "<svg",
        f'<svg aria-label="{xml_text(label)}" class="radoc-svg" '
        f'data-width="{width * PX_PER_PT:.0f}" data-height="{height * PX_PER_PT:.0f}" '
        f'data-font-px="{font_px:.1f}" style="max-width:{width * PX_PER_PT:.0f}px"',
        1,
    )
    svg = svg[: opening.start()] + tag + svg[opening.end() :]
    return _SHAPE.sub(_classify, svg) if classify else svg


def resolve_links(svg: str, page: str, use_directory_urls: bool = True) -> str:
    """Rewrite ``radoc:kind/id`` links into URLs relative to the page that embeds the SVG.

    ``page`` is the source path of that page (``views/functional.md``).
    """

    def repl(m: re.Match[str]) -> str:
        target, _, anchor = m.group(2).partition("#")
        url = url_between(page, target + ".md", use_directory_urls)
        return f'{m.group(1)}="{url}{"#" + anchor if anchor else ""}"'

    return _LINK.sub(repl, svg)


def absolute_links(svg: str, base_url: str, use_directory_urls: bool = True) -> str:
    """Links for a stand-alone export: absolute URLs under the site's address."""
    base = base_url.rstrip("/") + "/"

    def repl(m: re.Match[str]) -> str:
        target, _, anchor = m.group(2).partition("#")
        url = base + page_url(target + ".md", use_directory_urls) + ("#" + anchor if anchor else "")
        return f'{m.group(1)}="{xml_text(url)}"'

    return _LINK.sub(repl, svg)


def drop_links(svg: str) -> str:
    return _ANCHOR.sub("", svg)


def icons_once_per_page(page: str) -> str:
    """A page (Markdown or HTML) with each icon symbol defined once: the first diagram that
    uses an icon keeps its definition, later diagrams refer to it (a ``<use>`` finds its symbol
    anywhere in the document, also inside a tab that is not shown)."""
    if ICON_DEFS not in page:
        return page
    seen: set[str] = set()

    def first_only(m: re.Match[str]) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)

    return _EMPTY_ICON_DEFS.sub("", _ICON_SYMBOL.sub(first_only, page))


_SCALE = re.compile(r'<g id="[^"]*" class="graph" transform="scale\(([\d.]+)')


def smallest_font_pt(svg: str) -> float:
    """The smallest text of a Graphviz SVG, in pt at the size the SVG declares (font sizes
    times the drawing's scale, which a ``size`` attribute sets)."""
    fonts = [float(f) for f in _FONT_SIZE.findall(svg)]
    scale = _SCALE.search(svg)
    return min(fonts, default=0.0) * (float(scale.group(1)) if scale else 1.0)
