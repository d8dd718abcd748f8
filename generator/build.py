"""The whole generator as one call: model → every generated file, nothing written yet.

`build_outputs` plans every diagram, renders them all (cached, in parallel), and writes the
Markdown of every page. The MkDocs plugin and the CLI are thin glue over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import Model, ViewDef
from .pages.site import Diagram, PageBuilder
from .palette import palette_css
from .plan import ViewPlan
from .plan.graph import plan_graph
from .render.dot import plan_to_dot
from .render.graphviz_run import Job, Renderer
from .render.svg import resolve_links, strip_prolog, themable
from .schema import KIND_PLURALS
from .urls import ASSETS, url_between
from .write import OutputFile

ASSET_DIR = Path(__file__).parent / "assets"


@dataclass(frozen=True)
class BuildOptions:
    project_root: Path
    use_directory_urls: bool = True


@dataclass
class Generated:
    files: list[OutputFile] = field(default_factory=list)
    dot_sources: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        self.files.append(OutputFile(path, data))


def plan_view(model: Model, view: ViewDef) -> list[ViewPlan]:
    """The diagrams of one view (none for matrix views, which are tables)."""
    if view.spec.kind == "matrix":
        return []
    return [plan_graph(model, view)]


def diagram_file(key: str) -> str:
    return f"{ASSETS}/diagrams/{key}.svg"


def render_plans(plans: list[ViewPlan], renderer: Renderer) -> dict[str, Diagram]:
    """Render every plan to SVG in one parallel, cached batch."""
    jobs = {p.key: Job(plan_to_dot(p)) for p in plans}
    svgs = renderer.render_all(jobs.values())
    diagrams = {}
    for p in plans:
        raw = svgs[jobs[p.key]].decode("utf-8")
        label = f"{p.title}: {p.description}" if p.description else p.title
        diagrams[p.key] = Diagram(p.key, p.title, themable(raw, label), strip_prolog(raw))
    return diagrams


def embed(diagram: Diagram, page: str, use_directory_urls: bool) -> str:
    """The HTML block that shows a diagram inline in ``page``, with its full-size link."""
    svg = resolve_links(diagram.svg, page, use_directory_urls)
    full = url_between(page, diagram_file(diagram.key), use_directory_urls)
    return (
        f'<div class="radoc-diagram" id="diagram-{diagram.key}">\n{svg.strip()}\n</div>\n'
        f'<p class="radoc-diagram-actions"><a href="{full}" target="_blank">Open full size</a></p>'
    )


def build_outputs(model: Model, options: BuildOptions, renderer: Renderer) -> Generated:
    out = Generated()
    plans_by_view = {v.id: plan_view(model, v) for v in model.views}
    all_plans = [p for plans in plans_by_view.values() for p in plans]
    for p in all_plans:
        out.dot_sources[p.key] = plan_to_dot(p)
    diagrams = render_plans(all_plans, renderer)
    pages = PageBuilder(model, options.project_root, diagrams, options.use_directory_urls)

    for key, d in diagrams.items():
        standalone = resolve_links(d.file, diagram_file(key), options.use_directory_urls)
        out.add(diagram_file(key), standalone)
    for view in model.views:
        page = f"views/{view.id}.md"
        body = "\n\n".join(
            embed(diagrams[p.key], page, options.use_directory_urls) for p in plans_by_view[view.id]
        )
        out.add(*pages.view(view, body))
    out.add(*pages.views_index())
    for kind in KIND_PLURALS:
        if model.by_kind.get(kind):
            out.add(*pages.kind_index(kind))
            for e in model.of_kind(kind):
                out.add(*pages.element(e))
    if model.sources:
        out.add(*pages.references())
    css = (ASSET_DIR / "radoc.css").read_text(encoding="utf-8") + palette_css()
    out.add(f"{ASSETS}/radoc.css", css)
    out.files.sort(key=lambda f: f.path)
    return out
