"""`radoc export`: diagrams and tables as files for papers, slides and reports.

One file per diagram, theme and format, named ``<key>.<theme>.<format>`` (the key is the view
id, or view id and level for workflow views, ``<view>..<group>`` for a group's view of an
overview, ``context.<element>`` for an element's context diagram), with a LaTeX snippet
``<key>.<theme>.tex`` beside each; matrix views as ``<view>.tex`` (a ``tabular``) and
``<view>.csv``; ``figures.tex`` inputs every snippet that exists and ``figures.md`` lists the
figures. SVGs are self-contained (icons embedded, no local paths; node links only with
``--links``), PDFs are vector and have no margin, PNGs carry their resolution.

With a print size (``--width``), each diagram is laid out for it (render/paper.py) and drawn
at that size, so a PDF is as large as it prints and its lettering can be read from the file.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .build import plan_job, plan_source, plan_view
from .diagnostics import did_you_mean
from .errors import RadocError
from .kinds import kind_of
from .model import Model, ViewDef
from .plan import ViewPlan
from .plan.context import plan_context
from .plan.overview import zoom_key
from .plan.types import diagram_key
from .render.graphviz_run import Job, Renderer
from .render.icons import embed_icons
from .render.paper import (
    BP_PER,
    FIGURE_HEIGHT_SHARE,
    MIN_LETTERING_PT,
    Drawing,
    PrintSize,
    Variant,
    fitted_source,
    pt_text,
    search_variants,
    variant_plan,
    variant_source,
    wider_legends,
    with_defaults,
)
from .render.svg import absolute_links, drop_links, size_pt, smallest_font_pt
from .render.tables import matrix_files
from .render.themes import THEMES, themed_source
from .text import md_text, tex_text
from .write import OutputFile

FORMATS = ("svg", "png", "pdf")
MAX_PIXELS_SIDE = 16_000  # beyond this cairo scales or fails; we lower the dpi instead
FONT_STYLE = '<style type="text/css">text { font-family: Helvetica, Arial, "Liberation Sans", sans-serif; }</style>'
TIE_PT = 0.05  # a layout must letter this much larger to beat a simpler one
SUGGESTED = 4  # smaller diagrams named in a warning
_SNIPPET = re.compile(r"(.+)\.(" + "|".join(THEMES) + r")\.tex")
_IMAGE = re.compile(r"(.+)\.(" + "|".join(THEMES) + r")\.(" + "|".join(FORMATS) + r")")
# the folder of the file being read, as given to \input (LaTeX 2021 and later); empty otherwise
_HERE = "\\ifdefined\\CurrentFilePath\\ifx\\CurrentFilePath\\empty\\else\\CurrentFilePath/\\fi\\fi"


class UnknownFigure(RadocError):
    """``--view`` names neither a view nor a diagram."""


@dataclass(frozen=True)
class Figure:
    key: str
    plan: ViewPlan
    caption: str
    view: ViewDef | None = None  # None for an element's context diagram

    @property
    def name(self) -> str:
        """How messages name it: the view and the diagram, or the diagram."""
        if self.view is None:
            return f"diagram '{self.key}'"
        return f"view '{self.view.id}'" + (f" ({self.key})" if self.key != self.view.id else "")


@dataclass(frozen=True)
class Placement:
    """A figure laid out for a print size: its DOT (light, drawn at print size), the size it
    prints at, its lettering there, and what was changed to get it."""

    key: str
    source: str
    width_bp: float
    height_bp: float
    lettering: float
    changes: tuple[str, ...]
    natural: Drawing

    def summary(self) -> str:
        mm = BP_PER["mm"]
        how = f" ({'; '.join(self.changes)})" if self.changes else ""
        return (
            f"{self.key}: {self.width_bp / mm:.0f} × {self.height_bp / mm:.0f} mm, "
            f"lettering {pt_text(self.lettering)}{how}"
        )


@dataclass
class ExportResult:
    files: list[OutputFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # matrix views exported as tables


def view_figures(model: Model, view: ViewDef) -> list[Figure]:
    return [
        Figure(p.key, p, f"{p.title}. {view.spec.question}", view) for p in plan_view(model, view)
    ]


def context_figure(model: Model, element_id: str) -> Figure | None:
    """An element's context diagram, as on its page (None without relationships)."""
    if element_id not in model.elements:
        return None
    plan = plan_context(model, element_id)
    return None if plan is None else Figure(plan.key, plan, f"{plan.title}. {plan.description}")


def figures_of(model: Model, names: list[str] | None = None) -> tuple[list[Figure], list[ViewDef]]:
    """The diagrams and the matrix views that ``names`` choose (everything when none are
    named). A name is a view id (all its diagrams), one diagram of a view (``workflow.lv-1``,
    ``functional..data``) or an element's context diagram (``context.<element id>``)."""
    wanted = list(dict.fromkeys(names or []))
    figures: list[Figure] = []
    tables: list[ViewDef] = []
    found: set[str] = set()
    for view in model.views:
        whole = not wanted or view.id in wanted
        if whole:
            found.add(view.id)
        if not kind_of(view).exportable:
            if whole and view.spec.matrix is not None:
                tables.append(view)
            continue
        for f in view_figures(model, view):
            if whole or f.key in wanted:
                figures.append(f)
                found.add(f.key)
    for name in wanted:
        if name in found:
            continue
        kind, _, element_id = name.partition(".")
        figure = context_figure(model, element_id) if kind == "context" else None
        if figure is None or figure.key != name:
            raise UnknownFigure(_unknown(model, name))
        figures.append(figure)
        found.add(name)
    return figures, tables


def _unknown(model: Model, name: str) -> str:
    views = [v.id for v in model.views]
    keys = [f.key for v in model.views if kind_of(v).exportable for f in view_figures(model, v)]
    contexts = [diagram_key("context", e) for e in model.elements]
    return (
        f"'{name}' is neither a view nor a diagram{did_you_mean(name, [*views, *keys, *contexts])}; "
        f"views: {', '.join(views)}; a view's diagrams are named like its diagram files "
        "(workflow.lv-1, functional..data), an element's context diagram context.<element id>"
    )


# -- laying figures out for print ----------------------------------------------------------------


def _try(
    renderer: Renderer, tries: list[tuple[Figure, Variant]], drawn: dict[str, str] | None = None
) -> dict[tuple[str, Variant], tuple[str, Drawing]]:
    """Render each figure in each variant (in one parallel batch) and measure it; ``drawn``:
    DOT already written for figures as the site draws them."""
    jobs = {}
    for f, variant in tries:
        plan = variant_plan(f.plan, variant)
        known = (drawn or {}).get(f.key) if variant == Variant() else None
        source = variant_source(known or plan_source(plan), f.plan, variant)
        jobs[(f.key, variant)] = plan_job(plan, "svg", source=source)
    svgs = renderer.render_all(jobs.values())
    measured = {}
    for k, job in jobs.items():
        svg = svgs[job].decode("utf-8")
        width, height = size_pt(svg)
        measured[k] = (job.source, Drawing(width, height, smallest_font_pt(svg)))
    return measured


def place(
    figures: list[Figure],
    renderer: Renderer,
    size: PrintSize,
    minimum: float = MIN_LETTERING_PT,
    drawn: dict[str, str] | None = None,
) -> list[Placement]:
    """Lay every figure out for ``size``: as the site draws it when that letters at least
    ``minimum`` pt, else the best of the print layouts (``drawn``: see ``_try``)."""
    best: dict[str, tuple[Variant, str, Drawing]] = {}

    def consider(tried: dict[tuple[str, Variant], tuple[str, Drawing]]) -> None:
        for (key, variant), (source, drawing) in tried.items():
            held = best.get(key)
            if held is None or drawing.lettering(size) > held[2].lettering(size) + TIE_PT:
                best[key] = (variant, source, drawing)

    def low() -> list[Figure]:
        return [f for f in figures if best[f.key][2].lettering(size) < minimum]

    consider(_try(renderer, [(f, Variant()) for f in figures], drawn))
    consider(_try(renderer, [(f, v) for f in low() for v in search_variants(f.plan)]))
    tall = [f for f in low() if best[f.key][2].height_bound(size)]
    consider(_try(renderer, [(f, v) for f in tall for v in wider_legends(f.plan, best[f.key][0])]))
    placements = []
    for f in figures:
        variant, source, drawing = best[f.key]
        scale = drawing.scale_to(size)
        width, height = drawing.width * scale, drawing.height * scale
        placements.append(
            Placement(
                f.key,
                fitted_source(source, width, height),
                width,
                height,
                drawing.font * scale,
                tuple(variant.changes(f.plan)),
                drawing,
            )
        )
    return placements


def _context_keys(model: Model, plan: ViewPlan, inner_only: bool) -> list[str]:
    """The context diagrams of the elements a plan draws (in its order)."""
    keys = []
    for node in plan.nodes:
        element_id = node.id
        if element_id not in model.elements and node.link:
            element_id = node.link.rpartition("/")[2]
        if element_id not in model.elements or (inner_only and node.cluster is None):
            continue
        if model.element(element_id).kind == "group":
            continue
        if model.rels_in.get(element_id) or model.rels_out.get(element_id):
            key = diagram_key("context", element_id)
            if key not in keys:
                keys.append(key)
    return keys


def legibility_warning(
    model: Model,
    figure: Figure,
    placement: Placement,
    size: PrintSize,
    minimum: float,
    lettering: dict[str, float],
) -> str:
    """What to say about a figure whose lettering stays under ``minimum``: how large it would
    have to be, and which smaller diagrams to use instead."""
    mm = BP_PER["mm"]
    grow = minimum / placement.natural.font
    need_w, need_h = placement.natural.width * grow / mm, placement.natural.height * grow / mm
    text = (
        f"{figure.name}: lettering {pt_text(placement.lettering)} at {size.label} "
        f"({placement.width_bp / mm:.0f} × {placement.height_bp / mm:.0f} mm), under "
        f"{minimum:g} pt even laid out for print; at {minimum:g} pt it needs "
        f"{need_w:.0f} × {need_h:.0f} mm"
    )
    view = figure.view
    group_views = zoom_key(view.id, "") if view is not None else None  # "<view>.." + group id
    zooms = [f.key for f in view_figures(model, view)] if view is not None else []
    zooms = [k for k in zooms if group_views and k.startswith(group_views)]
    if view is not None and figure.key == view.id and zooms:
        shown = [
            f"{k} ({pt_text(lettering[k])})" if k in lettering else k for k in zooms[:SUGGESTED]
        ]
        more = f", … ({len(zooms)} in all)" if len(zooms) > SUGGESTED else ""
        return f"{text}; use its groups' diagrams instead: --view {', '.join(shown)}{more}"
    zoomed = group_views is not None and figure.key.startswith(group_views)
    keys = [] if view is None else _context_keys(model, figure.plan, zoomed)
    if not keys:
        return f"{text}; no smaller diagram shows it: use a wider page"
    more = f", … ({len(keys)} in all, named context.<element id>)" if len(keys) > SUGGESTED else ""
    return (
        f"{text}; use the context diagrams of its elements instead: "
        f"--view {', '.join(keys[:SUGGESTED])}{more}"
    )


# -- files ---------------------------------------------------------------------------------------


def png_with_dpi(data: bytes, dpi: int) -> bytes:
    """The PNG with its resolution recorded (a pHYs chunk right after IHDR, replacing any
    other), so Word and python-docx place it at the size it was drawn for, not at 72 or 96
    dpi. Written by hand: a chunk is length, type, data and CRC, and no image library is needed."""
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        return data
    chunks: list[bytes] = []
    at = len(signature)
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        end = at + 12 + length
        if data[at + 4 : at + 8] != b"pHYs":
            chunks.append(data[at:end])
        at = end
    ppm = int(dpi / 0.0254 + 0.5)  # pixels per metre, as PNG records it
    body = b"pHYs" + ppm.to_bytes(4, "big") * 2 + b"\x01"
    phys = (9).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    return signature + chunks[0] + phys + b"".join(chunks[1:])


def export(
    model: Model,
    renderer: Renderer,
    view_ids: list[str] | None,
    formats: list[str],
    themes: list[str],
    dpi: int = 200,
    links: bool = False,
    base_url: str | None = None,
    progress: Callable[[int], None] | None = None,
    size: PrintSize | None = None,
    minimum: float = MIN_LETTERING_PT,
    existing: Iterable[str] = (),
) -> ExportResult:
    """Every file of an export. ``size``: lay the diagrams out for that print size;
    ``existing``: the files an earlier export left in the folder (figures.tex inputs them)."""
    result = ExportResult()
    figures, tables = figures_of(model, view_ids)
    # Graphviz puts half an inch of blank page around a PDF, and its graph margin also spaces
    # the legend: none, in every format, so SVG, PNG and PDF are one drawing
    sources = {f.key: with_defaults(plan_source(f.plan), {"margin": "0"}) for f in figures}
    if size is not None:
        result.placements = place(figures, renderer, size, minimum, sources)
        sources = {p.key: p.source for p in result.placements}
        lettering = {p.key: p.lettering for p in result.placements}
        for f, p in zip(figures, result.placements, strict=True):
            if p.lettering < minimum:
                result.warnings.append(legibility_warning(model, f, p, size, minimum, lettering))
    # SVGs first: the size of each drawing decides the PNG resolution it can have
    svg_jobs = {
        (f.key, theme): plan_job(
            f.plan,
            "svg",
            source=themed_source(sources[f.key], theme, f.plan.engine == "diagrams"),
        )
        for f in figures
        for theme in themes
    }
    svgs = renderer.render_all(svg_jobs.values())
    jobs: dict[tuple[str, str, str], Job] = {}
    png_dpi: dict[tuple[str, str], int] = {}
    for f in figures:
        for theme in themes:
            svg_job = svg_jobs[(f.key, theme)]
            width, height = size_pt(svgs[svg_job].decode("utf-8"))
            for fmt in formats:
                if fmt == "svg":
                    jobs[(f.key, theme, fmt)] = svg_job
                    continue
                use_dpi = dpi
                largest = max(width, height) * dpi / 72
                if fmt == "png" and largest > MAX_PIXELS_SIDE:
                    use_dpi = max(36, int(MAX_PIXELS_SIDE * 72 / max(width, height)))
                    result.warnings.append(
                        f"{f.name} would be {width * dpi / 72:.0f}×"
                        f"{height * dpi / 72:.0f} px at {dpi} dpi, over the {MAX_PIXELS_SIDE} px "
                        f"limit: exported at {use_dpi} dpi instead"
                    )
                jobs[(f.key, theme, fmt)] = plan_job(f.plan, fmt, use_dpi, svg_job.source)
                png_dpi[(f.key, theme)] = use_dpi
    done = 0

    def tick(_: Job) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done)

    rendered = renderer.render_all(jobs.values(), on_done=tick)
    for (key, theme, fmt), job in sorted(jobs.items()):
        data = rendered[job]
        if fmt == "svg":
            data = _standalone_svg(data.decode("utf-8"), links, base_url).encode("utf-8")
        elif fmt == "png":
            data = png_with_dpi(data, png_dpi[(key, theme)])
        result.files.append(OutputFile(f"{key}.{theme}.{fmt}", data))
    placed = {p.key: p for p in result.placements}
    for f in figures:
        for theme in themes:
            snippet = figure_snippet(f, theme, formats, size, placed.get(f.key))
            result.files.append(OutputFile(f"{f.key}.{theme}.tex", snippet.encode("utf-8")))
    for view in tables:
        for name, text in matrix_files(model, view).items():
            result.files.append(OutputFile(name, text.encode("utf-8")))
        result.tables.append(view.id)
    names = {f.path for f in result.files} | set(existing)
    order, captions = _catalogue(model, figures)
    result.files.append(OutputFile("figures.md", figures_md(order, captions, names).encode()))
    result.files.append(OutputFile("figures.tex", figures_tex(model, order, names).encode()))
    return result


def _standalone_svg(svg: str, links: bool, base_url: str | None) -> str:
    svg = embed_icons(svg)
    svg = absolute_links(svg, base_url) if links and base_url else drop_links(svg)
    # declare the fonts once, right after the opening <svg ...> tag
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + "\n" + FONT_STYLE, svg, count=1)


def _best(formats: Iterable[str], order: tuple[str, ...]) -> str:
    return next(f for f in order if f in formats)


def figure_snippet(
    figure: Figure,
    theme: str,
    formats: list[str],
    size: PrintSize | None,
    placement: Placement | None,
) -> str:
    """One figure as a LaTeX float that finds its file beside itself, fills the line width
    and never grows taller than the page leaves it."""
    fmt = _best(formats, ("pdf", "png", "svg"))
    command = "\\includesvg" if fmt == "svg" else "\\includegraphics"
    needs = "graphicx and svg" if fmt == "svg" else "graphicx"
    where = ""
    if size is not None and placement is not None:
        mm = BP_PER["mm"]
        where = (
            f"; laid out for {size.label}: {placement.width_bp / mm:.0f} × "
            f"{placement.height_bp / mm:.0f} mm, lettering {pt_text(placement.lettering)}"
        )
    float_env = "figure*" if size is not None and size.wide else "figure"
    share = 1.0 if size is None or placement is None else placement.width_bp / size.width_bp
    width = "\\linewidth" if share > 0.995 else f"{share:.2f}\\linewidth"
    return "\n".join(
        [
            f"% radoc figure {figure.key} ({theme}){where}; needs {needs}",
            f"\\begin{{{float_env}}}[tbp]",
            "  \\centering",
            f"  \\edef\\radocdir{{{_HERE}}}%",
            f"  {command}[width={width},height={FIGURE_HEIGHT_SHARE:g}\\textheight,"
            f"keepaspectratio]{{\\radocdir {figure.key}.{theme}.{fmt}}}",
            f"  \\caption{{{tex_text(figure.caption)}}}",
            f"  \\label{{fig:{figure.key}-{theme}}}",
            f"\\end{{{float_env}}}",
            "",
        ]
    )


def _catalogue(model: Model, figures: list[Figure]) -> tuple[list[str], dict[str, str]]:
    """Every diagram key in the architecture's order (views first, then the rest of this
    export), and the captions known for them."""
    everything, _ = figures_of(model)
    order = [f.key for f in everything]
    order += [f.key for f in figures if f.key not in order]
    captions = {f.key: f.caption for f in [*everything, *figures]}
    return order, captions


def _ordered(keys: Iterable[tuple[str, str]], order: list[str]) -> list[tuple[str, str]]:
    rank = {k: i for i, k in enumerate(order)}
    themes = list(THEMES)
    return sorted(
        set(keys), key=lambda kt: (rank.get(kt[0], len(rank)), kt[0], themes.index(kt[1]))
    )


def figures_tex(model: Model, order: list[str], names: set[str]) -> str:
    """Inputs every snippet in the folder, this export's and earlier ones', in the order of
    the architecture (``order``: the diagram keys), each only if its file is there."""
    snippets = [(m.group(1), m.group(2)) for n in names if (m := _SNIPPET.fullmatch(n))]
    table_order = [v.id for v in model.views]
    tables = sorted(
        (n[: -len(".tex")] for n in names if n.endswith(".tex") and f"{n[:-4]}.csv" in names),
        key=lambda t: (table_order.index(t) if t in table_order else len(table_order), t),
    )
    lines = [
        "% Figures and tables exported by radoc: \\input this file, or any one snippet beside it",
        "% (<diagram>.<theme>.tex, <matrix view>.tex). Needs \\usepackage{graphicx}; tables use",
        "% booktabs rules when the document loads booktabs. Files are found beside this one.",
        f"\\edef\\radocfigures{{{_HERE}}}%",
    ]
    for key, theme in _ordered(snippets, order):
        lines.append(f"\\InputIfFileExists{{\\radocfigures {key}.{theme}.tex}}{{}}{{}}")
    for table in tables:
        lines.append(f"\\InputIfFileExists{{\\radocfigures {table}.tex}}{{}}{{}}")
    return "\n".join(lines) + "\n"


def figures_md(order: list[str], captions: dict[str, str], names: set[str]) -> str:
    """Every figure in the folder with its caption, shown in the first of SVG, PNG, PDF."""
    images: dict[tuple[str, str], set[str]] = {}
    for n in names:
        m = _IMAGE.fullmatch(n)
        if m:
            images.setdefault((m.group(1), m.group(2)), set()).add(m.group(3))
    lines = ["# Figures", ""]
    for key, theme in _ordered(images, order):
        fmt = _best(images[(key, theme)], ("svg", "png", "pdf"))
        caption = md_text(captions.get(key, key))
        lines += [f"![{caption}]({key}.{theme}.{fmt})", "", f"*{caption}*", ""]
    return "\n".join(lines)
