"""`radoc export`: diagrams as files for papers, slides and reports.

One file per view diagram, theme and format, named ``<key>.<theme>.<format>`` (the key is the
view id, or view id and level for workflow views), plus ``figures.md`` and ``figures.tex`` that
list every figure with its caption. SVGs are self-contained (icons embedded, no local paths;
node links only with ``--links``), PDFs are vector, PNGs have the asked resolution and are never
cropped: a diagram too large for the renderer is exported at a lower resolution, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .build import plan_job, plan_source, plan_view
from .model import Model, ViewDef
from .plan import ViewPlan
from .render.graphviz_run import Job, Renderer
from .render.icons import embed_icons
from .render.svg import absolute_links, drop_links, size_pt
from .render.themes import themed_source
from .text import md_text, tex_text
from .write import OutputFile

FORMATS = ("svg", "png", "pdf")
MAX_PIXELS_SIDE = 16_000  # beyond this cairo scales or fails; we lower the dpi instead
FONT_STYLE = '<style type="text/css">text { font-family: Helvetica, Arial, "Liberation Sans", sans-serif; }</style>'


@dataclass(frozen=True)
class Figure:
    key: str
    view: ViewDef
    plan: ViewPlan

    @property
    def caption(self) -> str:
        return f"{self.plan.title}. {self.view.spec.question}"


@dataclass
class ExportResult:
    files: list[OutputFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def figures_of(model: Model, view_ids: list[str] | None = None) -> tuple[list[Figure], list[str]]:
    """The diagrams of the chosen views (all when none are named), and the views without one."""
    figures, skipped = [], []
    for view in model.views:
        if view_ids and view.id not in view_ids:
            continue
        plans = plan_view(model, view)
        if not plans:
            skipped.append(view.id)
        figures += [Figure(p.key, view, p) for p in plans]
    return figures, skipped


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
) -> ExportResult:
    result = ExportResult()
    figures, result.skipped = figures_of(model, view_ids)
    # SVGs first: the size of each drawing decides the PNG resolution it can have
    svg_jobs = {
        (f.key, theme): plan_job(
            f.plan,
            "svg",
            source=themed_source(plan_source(f.plan), theme, f.plan.engine == "diagrams"),
        )
        for f in figures
        for theme in themes
    }
    svgs = renderer.render_all(svg_jobs.values())
    jobs: dict[tuple[str, str, str], Job] = {}
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
                        f"view '{f.view.id}' ({f.key}) would be {width * dpi / 72:.0f}×"
                        f"{height * dpi / 72:.0f} px at {dpi} dpi, over the {MAX_PIXELS_SIDE} px "
                        f"limit: exported at {use_dpi} dpi instead"
                    )
                jobs[(f.key, theme, fmt)] = plan_job(f.plan, fmt, use_dpi, svg_job.source)
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
        result.files.append(OutputFile(f"{key}.{theme}.{fmt}", data))
    result.files.append(
        OutputFile("figures.md", figures_md(figures, formats, themes).encode("utf-8"))
    )
    result.files.append(
        OutputFile("figures.tex", figures_tex(figures, formats, themes).encode("utf-8"))
    )
    return result


def job_count(
    model: Model, view_ids: list[str] | None, formats: list[str], themes: list[str]
) -> int:
    figures, _ = figures_of(model, view_ids)
    return len(figures) * len(formats) * len(themes)


def _standalone_svg(svg: str, links: bool, base_url: str | None) -> str:
    svg = embed_icons(svg)
    svg = absolute_links(svg, base_url) if links and base_url else drop_links(svg)
    # declare the fonts once, right after the opening <svg ...> tag
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + "\n" + FONT_STYLE, svg, count=1)


def _best(formats: list[str], order: tuple[str, ...]) -> str:
    return next(f for f in order if f in formats)


def figures_md(figures: list[Figure], formats: list[str], themes: list[str]) -> str:
    fmt = _best(formats, ("svg", "png", "pdf"))
    lines = ["# Figures", ""]
    for f in figures:
        for theme in themes:
            caption = md_text(f.caption)
            lines += [f"![{caption}]({f.key}.{theme}.{fmt})", "", f"*{caption}*", ""]
    return "\n".join(lines)


def figures_tex(figures: list[Figure], formats: list[str], themes: list[str]) -> str:
    fmt = _best(formats, ("pdf", "png", "svg"))
    lines = [
        f"% Figures exported by radoc; include with \\input{{figures.tex}} (needs graphicx{', svg' if fmt == 'svg' else ''})",
        "",
    ]
    command = "\\includesvg" if fmt == "svg" else "\\includegraphics"
    for f in figures:
        for theme in themes:
            lines += [
                "\\begin{figure}[htbp]",
                "  \\centering",
                f"  {command}[width=\\linewidth]{{{f.key}.{theme}.{fmt}}}",
                f"  \\caption{{{tex_text(f.caption)}}}",
                f"  \\label{{fig:{f.key}-{theme}}}",
                "\\end{figure}",
                "",
            ]
    return "\n".join(lines)
