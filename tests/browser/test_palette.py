"""Diagram text stays legible in both mkdocs-material palettes (WCAG 2.x contrast)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import Build, Session

pytestmark = [pytest.mark.browser, pytest.mark.dot]

# WCAG 2.x, success criterion 1.4.3: 4.5:1 for text (diagram text is 9-11pt, never "large");
# 1.4.11: 3:1 for the graphics needed to read a diagram, such as the line samples of a legend.
TEXT_MIN = 4.5
GRAPHIC_MIN = 3.0

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_color(css: str) -> tuple[float, float, float] | None:
    """An opaque computed colour as (r, g, b) in 0-255; None for none/transparent."""
    m = _RGB.fullmatch(css.strip())
    if m is None:
        return None
    alpha = m.group(4)
    if alpha is not None:
        a = float(alpha.rstrip("%")) / (100 if alpha.endswith("%") else 1)
        if a == 0:
            return None
    return float(m.group(1)), float(m.group(2)), float(m.group(3))


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    ca, cb = parse_color(a), parse_color(b)
    assert ca is not None and cb is not None, f"not an opaque colour: {a!r} / {b!r}"
    la, lb = sorted((luminance(ca), luminance(cb)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(255, 255, 255)", "rgb(255, 255, 255)") == pytest.approx(1)
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert parse_color("rgba(0, 0, 0, 0)") is None
    assert parse_color("none") is None


# --- the palette toggle -----------------------------------------------------------------------

_NODE_COLOURS = """(node) => {
  const text = node.querySelector('text');
  const shape = [...node.querySelectorAll('polygon, path, ellipse, rect')]
    .find((s) => !['none', 'transparent', 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(s).fill));
  return {
    label: text.textContent,
    text: getComputedStyle(text).fill,
    shape: getComputedStyle(shape).fill,
    scheme: document.body.getAttribute('data-md-color-scheme'),
  };
}"""


def test_palette_toggle_keeps_node_text_legible(session: Session, default_url: str) -> None:
    page = session.page
    page.goto(default_url + "views/functional/model-management/")
    node = page.locator("div.radoc-diagram g.node.kind-component").first
    light = node.evaluate(_NODE_COLOURS)
    assert light["scheme"] == "default"

    toggle = page.locator('label.md-header__button[for^="__palette"]').filter(visible=True)
    toggle.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = node.evaluate(_NODE_COLOURS)
    assert dark["scheme"] == "slate"

    for name, colours in (("light", light), ("dark", dark)):
        ratio = contrast(colours["text"], colours["shape"])
        assert ratio >= TEXT_MIN, (
            f"{name} scheme: node {colours['label']!r} has text {colours['text']} on "
            f"{colours['shape']}, contrast {ratio:.2f}:1 < {TEXT_MIN}:1"
        )
    assert dark["text"] != light["text"], "the node text keeps its light colour in the dark scheme"
    assert dark["shape"] != light["shape"], "the node shape keeps its light fill in the dark scheme"

    # and back: the toggle is a real switch, not a one-way trip
    page.locator('label.md-header__button[for^="__palette"]').filter(visible=True).click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert node.evaluate(_NODE_COLOURS) == light
    assert session.problems() == []


# --- every text of every diagram --------------------------------------------------------------

# For each rendered text of each visible diagram: its fill, and the fill of the last shape drawn
# before it whose box holds the text's centre (else the background behind the diagram).
_DIAGRAM_TEXTS = """() => {
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && c !== 'transparent' && c !== 'rgba(0, 0, 0, 0)') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const out = [];
  for (const div of document.querySelectorAll('div.radoc-diagram')) {
    const svg = div.querySelector('svg');
    if (!svg || !svg.getClientRects().length) continue;  // in a hidden tab
    const behind = background(div);
    const shapes = [];
    for (const s of svg.querySelectorAll('polygon, path, ellipse, rect')) {
      const fill = getComputedStyle(s).fill;
      if (fill === 'none' || fill === 'transparent' || fill.endsWith(', 0)')) continue;
      shapes.push({el: s, fill, box: s.getBBox()});
    }
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const b = t.getBBox();
      const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
      let bg = behind;
      for (const s of shapes) {
        if (!(s.el.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
        const r = s.box;
        if (cx >= r.x && cx <= r.x + r.width && cy >= r.y && cy <= r.y + r.height) bg = s.fill;
      }
      const g = t.closest('g.node, g.edge, g.cluster');
      out.push({
        diagram: div.id,
        owner: g ? g.id : 'legend',
        text: t.textContent,
        fill: getComputedStyle(t).fill,
        background: bg,
      });
    }
  }
  return out;
}"""

# A text of line-drawing and arrow characters only is a legend's line sample, not words.
_GLYPHS = re.compile(r"[\s\-\u2190-\u21ff\u2500-\u257f]+")


def diagram_pages(site: Path) -> list[str]:
    """Every view, profile and decision page of a built site (URL paths)."""
    return sorted(
        html.parent.relative_to(site).as_posix() + "/"
        for section in ("views", "profiles", "decisions")
        for html in site.glob(f"{section}/*/index.html")
    )


def _illegible(rows: list[dict[str, Any]], where: str) -> list[str]:
    problems = []
    for row in rows:
        ratio = contrast(row["fill"], row["background"])
        minimum = GRAPHIC_MIN if _GLYPHS.fullmatch(row["text"]) else TEXT_MIN
        if ratio < minimum:
            problems.append(
                f"{where} #{row['diagram']} {row['owner']}: {row['text']!r} is {row['fill']} on "
                f"{row['background']}, {ratio:.2f}:1 < {minimum}:1"
            )
    return problems


# Shows tab n of every tab set (what clicking its label does; test_navigation clicks them).
_SHOW_TAB = """(n) => {
  for (const set of document.querySelectorAll('.tabbed-set')) {
    const inputs = set.querySelectorAll(':scope > input');
    if (inputs[n]) inputs[n].checked = true;
  }
}"""


def test_every_diagram_text_is_legible(
    session: Session, default_build: Build, default_url: str
) -> None:
    """Every text of every diagram on the view, profile and decision pages, in every tab,
    in the light ("default") and in the dark ("slate") scheme."""
    page = session.page
    pages = diagram_pages(default_build.site)
    assert "views/functional/" in pages and any(p.startswith("profiles/") for p in pages)
    problems: list[str] = []
    seen: set[tuple[str, str, str, str, str]] = set()
    for path in pages:
        page.goto(default_url + path)
        tabs = page.evaluate(
            "Math.max(1, ...[...document.querySelectorAll('.tabbed-set')]"
            ".map((s) => s.querySelectorAll(':scope > input').length))"
        )
        for scheme in ("default", "slate"):
            # what the palette toggle sets (test_palette_toggle_keeps_node_text_legible clicks it)
            page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            rows = []
            for n in range(tabs):
                page.evaluate(_SHOW_TAB, n)
                for row in page.evaluate(_DIAGRAM_TEXTS):
                    key = (scheme, row["diagram"], row["owner"], row["text"], row["fill"])
                    if key not in seen:
                        seen.add(key)
                        rows.append(row)
            problems += _illegible(rows, f"{scheme}: {path}")
    schemes = {key[0] for key in seen}
    assert schemes == {"default", "slate"}, schemes
    assert problems == [], f"{len(problems)} illegible diagram text(s):\n" + "\n".join(problems)
    assert session.problems() == []
