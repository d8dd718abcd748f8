"""Colours and shapes of every diagram, for the light and the dark palette.

Diagrams are drawn with the light colours. Inline in a page, each colour attribute also gets a
class (`rf-<hex>` for fills, `rs-<hex>` for strokes) and the site's CSS maps it to the dark
colour under mkdocs-material's dark scheme, so one SVG serves both palettes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Swatch:
    fill: str
    stroke: str
    dark_fill: str
    dark_stroke: str


INK = ("#1f2328", "#e6edf3")
LINE = ("#57606a", "#9aa4ae")
CLUSTER = Swatch("#f6f8fa", "#d0d7de", "#161b22", "#444c56")
FEEDBACK = ("#b23a0b", "#fb923c")  # 4.5:1 or better on every light fill it crosses

KIND_SWATCH: dict[str, Swatch] = {
    "component": Swatch("#dbeafe", "#1d4ed8", "#0c2d48", "#60a5fa"),
    "role": Swatch("#fef3c7", "#b45309", "#3d2e05", "#fbbf24"),
    "artifact": Swatch("#dcfce7", "#15803d", "#0b3320", "#4ade80"),
    "phase": Swatch("#ede9fe", "#6d28d9", "#2a1f4d", "#a78bfa"),
    "activity": Swatch("#f1f5f9", "#475569", "#1e293b", "#94a3b8"),
    "tool": Swatch("#fae8ff", "#a21caf", "#3b0d40", "#e879f9"),
    "level": Swatch("#cffafe", "#0e7490", "#08333a", "#22d3ee"),
    "principle": Swatch("#ffe4e6", "#be123c", "#4a0d17", "#fb7185"),
    "environment": Swatch("#e0e7ff", "#4338ca", "#1e1b4b", "#818cf8"),
    "quality": Swatch("#fef9c3", "#a16207", "#3a3505", "#facc15"),
    "group": Swatch("#f8fafc", "#64748b", "#1a202c", "#94a3b8"),
}

KIND_SHAPE: dict[str, str] = {
    "component": "box",
    "role": "ellipse",
    "artifact": "note",
    "phase": "box",
    "activity": "box",
    "tool": "component",
    "level": "box",
    "principle": "hexagon",
    "environment": "box3d",
    "quality": "octagon",
    "group": "tab",
}

# Automation of an activity: colour, a letter (never colour alone) and a line style, so the
# meaning survives greyscale printing.
AUTOMATION_SWATCH: dict[str, Swatch] = {
    "manual": Swatch("#fecaca", "#b91c1c", "#4c1515", "#f87171"),
    "human-in-the-loop": Swatch("#fde68a", "#92400e", "#4d3a07", "#fcd34d"),
    "automated": Swatch("#bbf7d0", "#166534", "#0f3d22", "#86efac"),
}
AUTOMATION_LETTER = {"manual": "M", "human-in-the-loop": "H", "automated": "A"}
AUTOMATION_LABEL = {
    "manual": "manual",
    "human-in-the-loop": "human in the loop",
    "automated": "automated",
}
AUTOMATION_STYLE = {"manual": "solid", "human-in-the-loop": "dashed", "automated": "bold"}

COVERAGE_SWATCH: dict[str, Swatch] = {
    "full": Swatch("#86efac", "#14532d", "#14532d", "#86efac"),
    "partial": Swatch("#fef08a", "#854d0e", "#422006", "#fde047"),
    "none": Swatch("#e5e7eb", "#6b7280", "#262a30", "#6b7280"),
}

# Diff highlighting.
ADDED = Swatch("#bbf7d0", "#15803d", "#0f3d22", "#4ade80")
# removed: grey, dashed and struck through; its stroke keeps 4.8:1 on white, 5.6:1 on the dark fill
REMOVED = Swatch("#f3f4f6", "#6b7280", "#1f2329", "#9ca3af")


def _pairs() -> list[tuple[str, str]]:
    pairs = [INK, LINE, FEEDBACK]
    swatches = [
        CLUSTER,
        ADDED,
        REMOVED,
        *KIND_SWATCH.values(),
        *AUTOMATION_SWATCH.values(),
        *COVERAGE_SWATCH.values(),
    ]
    for s in swatches:
        pairs += [(s.fill, s.dark_fill), (s.stroke, s.dark_stroke)]
    return pairs


@cache
def dark_map() -> dict[str, str]:
    """Light colour → dark colour, for every colour a diagram may use."""
    mapping: dict[str, str] = {}
    for light, dark in _pairs():
        mapping.setdefault(light.lower(), dark.lower())
    return mapping


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` moved ``share`` of the way towards ``other`` (both ``#rrggbb``)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def style_swatch(base: Swatch, fill: str | None, stroke: str | None) -> Swatch:
    """A swatch for an architecture's own style: its colours, and dark ones derived from them
    (the fill darkened, the stroke lightened, so text and borders keep their contrast)."""
    fill = (fill or base.fill).lower()
    stroke = (stroke or base.stroke).lower()
    return Swatch(fill, stroke, _mix(fill, "#0d1117", 0.8), _mix(stroke, "#ffffff", 0.45))


def palette_css(extra: tuple[Swatch, ...] = ()) -> str:
    """CSS that recolours inline diagrams under mkdocs-material's dark scheme (``extra``: the
    swatches of the architecture's own styles)."""
    scope = '[data-md-color-scheme="slate"] .radoc-diagram'
    lines = []
    colours = dict(dark_map())
    for s in extra:
        colours.setdefault(s.fill, s.dark_fill)
        colours.setdefault(s.stroke, s.dark_stroke)
    for light, dark in sorted(colours.items()):
        name = light.lstrip("#")
        lines.append(f"{scope} .rf-{name} {{ fill: {dark}; }}")
        lines.append(f"{scope} .rs-{name} {{ stroke: {dark}; }}")
    return "\n".join(lines) + "\n"


COVERAGE_ADVERB = {"full": "fully", "partial": "partly"}
