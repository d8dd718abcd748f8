"""The whole generator as one call: model → every generated file, nothing written yet.

`build_outputs` plans every diagram, renders them all (cached, in parallel), and writes the
Markdown of every page. The MkDocs plugin and the CLI are thin glue over it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .diff import compare_models
from .kinds import PageParts, kind_of
from .model import Model, ViewDef
from .pages.changes import changed_view_plans, changes_markdown
from .pages.markdown import escape_md
from .pages.site import CONTEXT_SECTION, Diagram, PageBuilder, Section
from .pages.variation import (
    EFFECT_MARK,
    decision_page_text,
    decisions_index_text,
    profile_page_text,
    profiles_index_text,
)
from .palette import KIND_SWATCH, palette_css, style_swatch
from .plan import ViewPlan, with_style_legend
from .plan.context import plan_context
from .plan.coverage import components_view, plan_component_tools, plan_tool_coverage
from .plan.decision import decision_plans
from .plan.profile import draws_concrete, plan_concrete, plan_seams
from .profiles import analyse_profile
from .render.dot import plan_to_dot
from .render.graphviz_run import Job, Renderer
from .render.icons import embed_icons, plan_to_diagrams_dot, resources_dir
from .render.svg import icons_once_per_page, resolve_links, strip_prolog, themable
from .schema import KIND_PLURALS
from .urls import (
    ASSETS,
    CHANGES_PAGE,
    MKDOCS_LINKS,
    LinkStyle,
    decision_page,
    element_page,
    md_link,
)
from .validate import gc_paused
from .variants import introduced_by
from .write import OutputFile

ASSET_DIR = Path(__file__).parent / "assets"
# None: Graphviz's own 96 dpi, so a view's PNG and PDF are drawn in the run that draws its SVG
DOWNLOAD_DPI: int | None = None
DOWNLOAD_FORMATS = ("png", "pdf")
# fit, pan, zoom and full screen for diagrams too large to read fitted to their column
SCRIPT_ASSETS = ("radoc-zoom.css", "radoc-zoom.js")


@dataclass(frozen=True)
class BuildOptions:
    project_root: Path
    # the engine's link style: URL style, and how raw-HTML links are written
    links: LinkStyle = MKDOCS_LINKS
    # an earlier version to compare with: its model and a label (e.g. the git revision)
    previous: tuple[Model, str] | None = None
    # PNG and PDF downloads under view diagrams (left out while serving, to reload faster)
    downloads: bool = True
    # hand-written pages that open a kind's index in place of its title and intro, by kind
    intros: tuple[tuple[str, str], ...] = ()


@dataclass
class Generated:
    files: list[OutputFile] = field(default_factory=list)
    dot_sources: dict[str, str] = field(default_factory=dict)
    diagrams: dict[str, Diagram] = field(default_factory=dict)  # hand-written pages embed them

    def add(self, path: str, text: str | bytes) -> None:
        if isinstance(text, str) and path.endswith(".md"):
            text = icons_once_per_page(text)
        data = text.encode("utf-8") if isinstance(text, str) else text
        self.files.append(OutputFile(path, data))


def plan_view(model: Model, view: ViewDef) -> list[ViewPlan]:
    """The diagrams of one view (none for matrix views, which are tables), in the
    architecture's words and styles."""
    return [with_style_legend(model, p) for p in _plan_view(model, view)]


def _plan_view(model: Model, view: ViewDef) -> list[ViewPlan]:
    return kind_of(view).plan(model, view)


def variation_sections(model: Model, pages: PageBuilder) -> dict[str, list[Section]]:
    """On element pages: the options that bring a variant in, the decisions that touch an
    element, and for quality attributes the options that move them."""
    sections: dict[str, list[Section]] = {}
    for element_id, pairs in introduced_by(model).items():
        page = element_page(model.element(element_id).kind, element_id)
        items = []
        for did, oid in pairs:
            d = next(x for x in model.decisions if x.id == did)
            o = next(x for x in d.spec.options if x.id == oid)
            items.append(
                f"- option *{escape_md(o.name)}* of [{escape_md(d.spec.name)}]({md_link(page, decision_page(did))})"
            )
        sections.setdefault(element_id, []).append(
            Section(
                "A variant",
                "This element is not part of the baseline architecture; it exists only with:\n\n"
                + "\n".join(items),
            )
        )
    for element_id, dids in model.decisions_touching.items():
        if element_id not in model.elements:
            continue
        e = model.element(element_id)
        page = element_page(e.kind, element_id)
        if e.kind == "quality":
            rows = ["| Decision | Option | Effect | Why |", "|---|---|---|---|"]
            for d in model.decisions:
                for o in d.spec.options:
                    eff = o.qualities.get(element_id)
                    if eff is not None:
                        rows.append(
                            f"| [{escape_md(d.spec.name)}]({md_link(page, decision_page(d.id))}) | {escape_md(o.name)} "
                            f"| {EFFECT_MARK[eff.effect]} {eff.effect} | {escape_md(eff.reason)} |"
                        )
            sections.setdefault(element_id, []).append(
                Section("Decisions that affect it", "\n".join(rows))
            )
        else:
            links = [
                f"- [{escape_md(d.spec.name)}]({md_link(page, decision_page(d.id))})"
                for d in model.decisions
                if d.id in dids
            ]
            sections.setdefault(element_id, []).append(
                Section("Decisions that touch it", "\n".join(links))
            )
    return sections


def element_diagram_plans(model: Model) -> dict[str, list[tuple[ViewPlan, str]]]:
    """Diagrams on element pages: every element in its context, coverage for each tool, the
    covering tools for each component."""
    plans: dict[str, list[tuple[ViewPlan, str]]] = {}
    for element_id in model.elements:
        context = plan_context(model, element_id)
        if context is not None:
            plans.setdefault(element_id, []).append((context, CONTEXT_SECTION))
    base = components_view(model)
    for tool in model.tools():
        if base is not None and tool.spec.supports:
            plans.setdefault(tool.id, []).append(
                (plan_tool_coverage(model, tool.id, base), "Coverage")
            )
    for comp in model.components():
        plan = plan_component_tools(model, comp.id)
        if plan is not None:
            plans.setdefault(comp.id, []).append((plan, "Tools that cover it, drawn"))
    return plans


def diagram_file(key: str) -> str:
    return f"{ASSETS}/diagrams/{key}.svg"


def plan_source(plan: ViewPlan) -> str:
    """The DOT source of a plan, through `diagrams` for icon views."""
    return plan_to_diagrams_dot(plan) if plan.engine == "diagrams" else plan_to_dot(plan)


def plan_job(
    plan: ViewPlan, fmt: str = "svg", dpi: int | None = DOWNLOAD_DPI, source: str | None = None
) -> Job:
    """A Graphviz run for a plan (``source``: its DOT, already themed, if not the plan's own)."""
    options: tuple[str, ...] = ()
    if plan.engine == "diagrams":
        options += (f"-Gimagepath={resources_dir()}",)
    if fmt == "png" and dpi is not None:
        options += (f"-Gdpi={dpi}",)
    return Job(source if source is not None else plan_source(plan), fmt, options)


def render_plans(
    plans: list[ViewPlan],
    renderer: Renderer,
    extra: list[Job] | None = None,
    sources: dict[str, str] | None = None,
) -> dict[str, Diagram]:
    """Render every plan to SVG (and the ``extra`` jobs) in one parallel, cached batch;
    ``sources`` holds DOT already written for some plans."""
    sources = sources or {}
    jobs = {p.key: plan_job(p, source=sources.get(p.key)) for p in plans}
    svgs = renderer.render_all([*jobs.values(), *(extra or [])])
    diagrams = {}
    for p in plans:
        raw = svgs[jobs[p.key]].decode("utf-8")
        if p.engine == "diagrams":
            raw = embed_icons(raw)
        label = f"{p.title}: {p.description}" if p.description else p.title
        icons = p.engine == "diagrams"
        diagrams[p.key] = Diagram(
            p.key, p.title, themable(raw, label, not icons), strip_prolog(raw), icons
        )
    return diagrams


DIAGRAM_MARKER = re.compile(r"<!--\s*radoc-diagram:\s*([a-z0-9.-]+)\s*-->")


def embed_in_page(markdown: str, page: str, diagrams: dict[str, Diagram], links: LinkStyle) -> str:
    """Hand-written pages show a diagram with ``<!-- radoc-diagram: KEY -->`` on a line of its
    own (KEY: a view id, or view id and level such as ``workflow.lv-1``)."""

    out: list[str] = []
    fence = ""
    for line in markdown.splitlines(keepends=True):
        stripped = line.strip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
            out.append(line)
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            out.append(line)
            continue
        marker = DIAGRAM_MARKER.fullmatch(stripped)
        indented = line.startswith(("    ", "\t"))  # an indented code block
        diagram = diagrams.get(marker.group(1)) if marker and not indented else None
        if diagram is None:
            out.append(line)
        else:
            out.append(embed(diagram, page, links) + ("\n" if line.endswith("\n") else ""))
    return icons_once_per_page("".join(out))


# the inline SVG of a diagram block as `embed` writes it: after its opening line, before "</div>"
_INLINE_SVG = re.compile(
    r'(<div class="radoc-diagram[^"\n]*" id="diagram-[^"\n]*" data-search-exclude>\n)(<svg\b.*?</svg>)(?=\n</div>\n)',
    re.S,
)


def stash_diagrams(markdown: str) -> tuple[str, dict[str, str]]:
    """``markdown`` with the inline SVG of each diagram block replaced by a comment naming
    its SHA-256, and the SVGs by comment. Markdown passes raw HTML through unchanged, so the
    SVG need not go through it (nor through the search plugin, which skips diagram blocks):
    `restore_diagrams` puts it back into the page's HTML. The hash keeps the Markdown of two
    pages with different diagrams different, as the page cache needs."""
    stash: dict[str, str] = {}

    def hide(match: re.Match[str]) -> str:
        svg = match.group(2)
        comment = f"<!--radoc-svg:{hashlib.sha256(svg.encode('utf-8')).hexdigest()}-->"
        stash[comment] = svg
        return match.group(1) + comment

    return _INLINE_SVG.sub(hide, markdown), stash


def restore_diagrams(html: str, stash: dict[str, str]) -> str:
    """The page's HTML with the SVGs `stash_diagrams` took out put back."""
    for comment, svg in stash.items():
        html = html.replace(comment, svg)
    return html


def download_file(key: str, fmt: str) -> str:
    return f"{ASSETS}/downloads/{key}.light.{fmt}"


def embed(diagram: Diagram, page: str, links: LinkStyle, downloads: bool = False) -> str:
    """The HTML block that shows a diagram inline in ``page``, with its full-size link and,
    for view diagrams, downloads as SVG, PNG and PDF."""
    svg = resolve_links(diagram.svg, page, links.use_directory_urls)
    full = links.html(page, diagram_file(diagram.key))
    actions = [f'<a href="{full}" target="_blank">Open full size</a>']
    if downloads:
        actions.append(f'<a href="{full}" download="{diagram.key}.light.svg">SVG</a>')
        for fmt in DOWNLOAD_FORMATS:
            href = links.html(page, download_file(diagram.key, fmt))
            actions.append(f'<a href="{href}" download>{fmt.upper()}</a>')
    icons = " radoc-icons" if diagram.icons else ""
    return (
        f'<div class="radoc-diagram{icons}" id="diagram-{diagram.key}" data-search-exclude>\n{svg.strip()}\n</div>\n'
        f'<p class="radoc-diagram-actions" data-search-exclude>{" · ".join(actions)}</p>'
    )


def build_outputs(model: Model, options: BuildOptions, renderer: Renderer) -> Generated:
    """Every generated file for ``model``: pages, diagrams, downloads, assets."""
    with gc_paused():
        return _build_outputs(model, options, renderer)


def _build_outputs(model: Model, options: BuildOptions, renderer: Renderer) -> Generated:
    out = Generated()
    plans_by_view = {v.id: plan_view(model, v) for v in model.views}
    element_plans = element_diagram_plans(model)
    analyses = [analyse_profile(model, p) for p in model.profiles]
    all_plans = [p for plans in plans_by_view.values() for p in plans]
    all_plans += [p for plans in element_plans.values() for p, _ in plans]
    all_plans += decision_plans(model)
    change_plans: list[ViewPlan] = []
    diff = None
    if options.previous is not None:
        old_model, old_label = options.previous
        diff = compare_models(old_model, model, old_label, "this version")
        change_plans = changed_view_plans(old_model, model, diff)
        all_plans += change_plans
    for a in analyses:
        if draws_concrete(model):
            all_plans.append(plan_concrete(model, a))
        if a.seams:
            all_plans.append(plan_seams(model, a))
    all_plans = [with_style_legend(model, p) for p in all_plans]
    for p in all_plans:
        out.dot_sources[p.key] = plan_source(p)  # written once, used for every format
    # downloads are linked under the diagrams of view pages; an overview's zoomed groups are
    # pages of their own without them
    view_plans = [
        p
        for v in model.views
        for p in plans_by_view[v.id][: 1 if v.spec.kind == "overview" else None]
    ]
    formats = DOWNLOAD_FORMATS if options.downloads else ()
    downloads = {
        (p.key, fmt): plan_job(p, fmt, source=out.dot_sources[p.key])
        for p in view_plans
        for fmt in formats
    }
    diagrams = render_plans(all_plans, renderer, list(downloads.values()), out.dot_sources)
    out.diagrams = diagrams
    pages = PageBuilder(model, options.project_root, diagrams, options.links)
    pages.intros = dict(options.intros)
    for element_id, sections in variation_sections(model, pages).items():
        pages.extra_sections.setdefault(element_id, []).extend(sections)
    for element_id, plans in element_plans.items():
        page = element_page(model.element(element_id).kind, element_id)
        for plan, title in plans:
            pages.extra_sections.setdefault(element_id, []).append(
                Section(title, embed(diagrams[plan.key], page, options.links))
            )

    for key, d in diagrams.items():
        standalone = resolve_links(d.file, diagram_file(key), options.links.use_directory_urls)
        out.add(diagram_file(key), standalone)
    rendered = renderer.render_all(downloads.values())  # all cached by now: no second run
    for (key, fmt), job in downloads.items():
        out.add(download_file(key, fmt), rendered[job])

    def embed_on(key: str, page: str, with_downloads: bool) -> str:
        show_downloads = with_downloads and options.downloads
        return embed(diagrams[key], page, options.links, show_downloads)

    parts = PageParts(model, pages, embed_on, options.links)
    for view in model.views:
        view_kind = kind_of(view)
        drawn = plans_by_view[view.id]
        page = f"views/{view.id}.md"
        body = view_kind.body(parts, view, drawn, page)
        out.add(*pages.view(view, body, listed=view_kind.listed(view, drawn)))
        for path, text in view_kind.extra_pages(parts, view, drawn):
            out.add(path, text)
    out.add(*pages.views_index())
    if any(model.by_kind.get(kind) for kind in KIND_PLURALS):
        out.add(*pages.elements_index())
    for kind in KIND_PLURALS:
        if model.by_kind.get(kind):
            out.add(*pages.kind_index(kind))
            for e in model.of_kind(kind):
                out.add(*pages.element(e))
    if model.sources:
        out.add(*pages.references())

    def embed_key(key: str, page: str) -> str:
        return embed(diagrams[key], page, options.links)

    if diff is not None:
        changes_drawn = [(p.title, embed_key(p.key, CHANGES_PAGE)) for p in change_plans]
        out.add(CHANGES_PAGE, changes_markdown(diff, model, changes_drawn))
    if model.decisions:
        out.add(*decisions_index_text(pages))
        for decision in model.decisions:
            out.add(*decision_page_text(pages, decision, embed_key))
    if analyses:
        out.add(*profiles_index_text(pages, analyses))
        for a in analyses:
            out.add(*profile_page_text(pages, a, embed_key))
    styles = tuple(
        style_swatch(
            KIND_SWATCH.get(s.kind or "component", KIND_SWATCH["component"]), s.fill, s.stroke
        )
        for s in model.settings.styles
    )
    css = (ASSET_DIR / "radoc.css").read_text(encoding="utf-8") + palette_css(styles)
    out.add(f"{ASSETS}/radoc.css", css)
    for asset in SCRIPT_ASSETS:
        out.add(f"{ASSETS}/{asset}", (ASSET_DIR / asset).read_bytes())
    out.files.sort(key=lambda f: f.path)
    return out
