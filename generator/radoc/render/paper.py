"""Figures for print: a target size, the layouts a diagram can take there, and the lettering
each layout has at that size.

A figure placed with ``width=\\linewidth,height=...,keepaspectratio`` is scaled by
``min(width / natural width, height / natural height)``; its smallest text then prints at the
smallest font size of the drawing times that scale. That product is the figure's *lettering*.
When the drawing as the site shows it letters too small, it is laid out again for print:
uniform lettering (edge labels as large as node labels), tighter spacing, the legend in a
column, the direction turned, labels wrapped narrower. Every variant is measured, never
estimated: the one with the largest lettering wins, the simplest one on a tie.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from graphviz import quoting

from ..plan import LegendEntry, ViewPlan
from ..plan.types import wrap_label
from .dot import legend_label

# Graphviz measures in PostScript points (1/72 in); LaTeX's pt is 1/72.27 in
BP_PER = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 72 / 72.27, "bp": 1.0}
MIN_LETTERING_PT = 7.0
# a small diagram is not blown up past the body text of a paper: it prints narrower instead
MAX_LETTERING_PT = 10.0
# the share of the text height a figure may take: the rest is left to its caption
FIGURE_HEIGHT_SHARE = 0.85
# a page's text block is about half again as high as it is wide (LNCS 1.58, A4 article 1.54)
TEXT_BLOCK_RATIO = 1.55
PRINT_FONT_PT = 12  # every label of a print layout (the site: 11 pt nodes, 9 pt edges)
PRINT_WRAPS = (14, 11)  # characters per line when labels are wrapped narrower
PRINT_SPACING = {"nodesep": "0.1", "ranksep": "0.25", "pad": "0.05"}  # inches
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt|bp)\s*")


@dataclass(frozen=True)
class Preset:
    name: str
    width_mm: float
    text_height_mm: float
    what: str
    wide: bool = False  # spans both columns of a two-column page: a figure*


PRESETS = {
    p.name: p
    for p in (
        Preset("lncs", 122, 193, "Springer LNCS text block"),
        Preset("ieee-column", 88.9, 235, "one column of an IEEE two-column paper (3.5 in)"),
        Preset("ieee-page", 181.9, 235, "both columns of an IEEE paper (7.16 in)", wide=True),
        Preset("a4", 160, 247, "A4 article with 25 mm margins"),
    )
}


@dataclass(frozen=True)
class PrintSize:
    """Where a figure is printed: the text width, and the height a figure may take."""

    label: str  # as the user named it: "lncs" or "122 mm"
    width_bp: float
    height_bp: float
    wide: bool = False

    @property
    def width_mm(self) -> float:
        return self.width_bp / BP_PER["mm"]

    @property
    def height_mm(self) -> float:
        return self.height_bp / BP_PER["mm"]


def parse_length(text: str) -> float:
    """A length such as ``122mm``, ``12.2 cm``, ``3.5in`` or ``345pt`` (TeX points), in bp."""
    m = _LENGTH.fullmatch(text)
    if m is None or float(m.group(1)) <= 0:
        raise ValueError(
            f"{text!r} is not a length: give a number and a unit (mm, cm, in, pt, bp), "
            f"e.g. 122mm, or a preset: {', '.join(PRESETS)}"
        )
    return float(m.group(1)) * BP_PER[m.group(2)]


def print_size(width: str, height: str | None = None) -> PrintSize:
    """The print size of ``--width`` (a length or a preset) and ``--height`` (the text height;
    by default the preset's, or 1.55 times the width)."""
    preset = PRESETS.get(width.strip().lower())
    if preset is not None:
        width_bp = preset.width_mm * BP_PER["mm"]
        text_height = preset.text_height_mm * BP_PER["mm"]
        label, wide = preset.name, preset.wide
    else:
        width_bp = parse_length(width)
        text_height = width_bp * TEXT_BLOCK_RATIO
        label, wide = f"{width_bp / BP_PER['mm']:.4g} mm", False
    if height is not None:
        text_height = parse_length(height)
    return PrintSize(label, width_bp, text_height * FIGURE_HEIGHT_SHARE, wide)


@dataclass(frozen=True)
class Drawing:
    """A rendered drawing: its size in pt and its smallest text in pt, at that size."""

    width: float
    height: float
    font: float

    def scale_to(self, size: PrintSize) -> float:
        """The scale it prints at: as large as fits the width and the height (LaTeX's
        ``keepaspectratio``), but lettering no larger than ``MAX_LETTERING_PT``."""
        fit = min(size.width_bp / self.width, size.height_bp / self.height)
        return min(fit, MAX_LETTERING_PT / self.font) if self.font else fit

    def lettering(self, size: PrintSize) -> float:
        return self.font * self.scale_to(size)

    def height_bound(self, size: PrintSize) -> bool:
        return size.height_bp / self.height < size.width_bp / self.width


@dataclass(frozen=True)
class Variant:
    """One way to lay a diagram out for print (the default: as the site draws it)."""

    print_style: bool = False  # uniform lettering, tight spacing, little padding
    flip: bool = False  # left-to-right becomes top-to-bottom and back
    wrap: int | None = None  # labels wrapped at this many characters
    legend_columns: int | None = None  # the legend as a grid this many entries wide

    def changes(self, plan: ViewPlan) -> list[str]:
        """What this variant changes, in words (for the export summary)."""
        said = []
        if self.print_style:
            said.append(f"all lettering {PRINT_FONT_PT} pt, tighter spacing")
        if self.flip:
            said.append(f"drawn {_DIRECTION_WORDS[_FLIP[plan.direction]]}")
        if self.wrap is not None:
            said.append(f"labels wrapped at {self.wrap} characters")
        if self.legend_columns is not None and plan.legend:
            n = self.legend_columns
            said.append(f"legend {n} entr{'y' if n == 1 else 'ies'} wide")
        return said


_FLIP = {"LR": "TB", "TB": "LR", "RL": "BT", "BT": "RL"}
_DIRECTION_WORDS = {
    "LR": "left to right",
    "RL": "right to left",
    "TB": "top to bottom",
    "BT": "bottom to top",
}
_DEFAULTS = re.compile(r"\t(?:graph|node|edge) \[[^\n]*\]\n")


def search_variants(plan: ViewPlan) -> list[Variant]:
    """The print layouts tried when the site's layout letters too small (simplest first)."""
    column = 1 if plan.legend else None
    return [
        Variant(True, flip, wrap, column) for flip in (False, True) for wrap in (None, *PRINT_WRAPS)
    ]


def wider_legends(plan: ViewPlan, best: Variant) -> list[Variant]:
    """For a drawing bounded by the page height: the same layout with a wider legend."""
    return [replace(best, legend_columns=n) for n in (2, 3) if n <= len(plan.legend)]


def variant_plan(plan: ViewPlan, variant: Variant) -> ViewPlan:
    """The plan as the variant changes it (its DOT is then restyled by ``variant_source``)."""
    if variant.flip:
        plan = replace(plan, direction=_FLIP.get(plan.direction, plan.direction))
    if variant.wrap is not None:
        width = variant.wrap
        plan = replace(
            plan,
            nodes=tuple(replace(n, label=_rewrap(n.label, width)) for n in plan.nodes),
            edges=tuple(replace(e, label=_rewrap(e.label, width)) for e in plan.edges),
        )
    if variant.legend_columns is not None and plan.legend:
        plan = replace(plan, legend=())  # drawn as a grid by variant_source
    return plan


def _rewrap(label: str, width: int) -> str:
    return "\n".join(wrap_label(line, width) for line in label.split("\n")) if label else label


def variant_source(source: str, plan: ViewPlan, variant: Variant) -> str:
    """``source`` (the DOT of ``variant_plan(plan, variant)``) with the variant's defaults."""
    graph: dict[str, str] = {}
    lines = []
    if variant.print_style:
        graph.update(PRINT_SPACING, fontsize=str(PRINT_FONT_PT))
        size = str(PRINT_FONT_PT)
        lines += [f"\tnode [fontsize={size}]\n", f"\tedge [fontsize={size}]\n"]
    if variant.legend_columns is not None and plan.legend:
        graph["label"] = legend_grid(plan.legend, variant.legend_columns)
    return with_defaults(source, graph, lines)


def with_defaults(source: str, graph: dict[str, str], lines: list[str] | None = None) -> str:
    """``source`` with graph attributes (and default statements) set after its own defaults,
    before any node, edge or cluster, so they hold for the whole drawing."""
    end = source.index("\n") + 1  # after `digraph name {`
    for m in _DEFAULTS.finditer(source, end):
        if m.start() != end:
            break
        end = m.end()
    added = list(lines or [])
    if graph:
        attrs = " ".join(f"{quoting.quote(k)}={quoting.quote(v)}" for k, v in sorted(graph.items()))
        added.insert(0, f"\tgraph [{attrs}]\n")
    return source[:end] + "".join(added) + source[end:]


def legend_grid(entries: tuple[LegendEntry, ...], columns: int) -> str:
    """The legend of ``legend_label`` laid out ``columns`` entries wide."""
    cells = [_legend_cell(e) for e in entries]
    rows = []
    for start in range(0, len(cells), columns):
        head = (
            '<TD BORDER="0" ALIGN="LEFT"><B>Legend</B></TD>'
            if start == 0
            else '<TD BORDER="0"></TD>'
        )
        row = cells[start : start + columns]
        row += ['<TD BORDER="0"></TD>'] * (columns - len(row))
        rows.append(f"<TR>{head}{''.join(row)}</TR>")
    return (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="6" CELLPADDING="4">'
        f"{''.join(rows)}</TABLE>>"
    )


def _legend_cell(entry: LegendEntry) -> str:
    """The one cell ``legend_label`` draws for ``entry`` (after its "Legend" heading)."""
    table = legend_label((entry,))
    start = table.index("</TD>", table.index("<B>Legend</B>")) + len("</TD>")
    return table[start : table.rindex("</TR>")]


def fitted_source(source: str, width_bp: float, height_bp: float) -> str:
    """``source`` drawn at its print size (Graphviz scales it to fit the box), without the
    page margin Graphviz puts around a PDF."""
    box = f"{width_bp / 72:.4f},{height_bp / 72:.4f}!"
    return with_defaults(source, {"size": box, "margin": "0"})


def pt_text(points: float) -> str:
    """A lettering size as radoc reports it: rounded down, so 6.97 pt never reads as 7.0."""
    return f"{math.floor(points * 10 + 1e-9) / 10:.1f} pt"
