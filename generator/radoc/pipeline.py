"""One run of the generator for a project: validate, generate, write. Used by plugin and CLI."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import BuildOptions, build_outputs
from .diagnostics import Diagnostic, Pos, error
from .diff import InvalidVersion, VersionError, load_version
from .model import Model
from .pages.site import Diagram
from .progress import Progress, drawing
from .render.graphviz_run import Renderer
from .schema import KIND_PLURALS
from .urls import (
    CHANGES_PAGE,
    DECISIONS_INDEX,
    ELEMENTS_INDEX,
    MKDOCS_LINKS,
    PROFILES_INDEX,
    REFERENCES_PAGE,
    VIEWS_INDEX,
    LinkStyle,
    kind_index_page,
    view_page,
)
from .validate import display_path, validate_project
from .write import WriteReport, write_outputs


@dataclass(frozen=True)
class Project:
    root: Path
    architecture: Path
    output: Path
    cache: Path | None
    docs_dir: Path | None = None
    links: LinkStyle = MKDOCS_LINKS
    strict: bool = False
    diff_against: str | None = None
    downloads: bool = True

    @classmethod
    def at(cls, root: Path, architecture: str = "architecture") -> Project:
        root = root.resolve()
        return cls(
            root=root,
            architecture=root / architecture,
            output=root / "build" / "pages",
            cache=root / ".radoc-cache",
            docs_dir=root / "docs",
        )


@dataclass
class GenerateResult:
    diagnostics: list[Diagnostic]
    failed: bool
    model: Model | None = None
    paths: list[str] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)
    report: WriteReport | None = None
    renders: int = 0
    diagrams: dict[str, Diagram] = field(default_factory=dict)


def generate(
    project: Project, renderer: Renderer | None = None, progress: Progress | None = None
) -> GenerateResult:
    """Validate, generate and write; ``progress`` hears what is being done (for a status line)."""
    if progress:
        progress("checking the architecture")
    result = validate_project(project.architecture)
    diags = result.diagnostics
    failed = bool(result.errors) or (project.strict and bool(result.warnings))
    if failed or result.model is None:
        return GenerateResult(diags, True)
    model = result.model
    previous = None
    if project.diff_against:
        try:
            previous = load_version(project.diff_against, project.architecture)
        except (VersionError, InvalidVersion) as exc:
            where = Pos(display_path(project.root / "mkdocs.yml"))
            detail = (
                str(exc)
                if isinstance(exc, VersionError)
                else f"revision '{project.diff_against}' does not validate; "
                f"run `radoc diff {project.diff_against}` to see why"
            )
            problem = error("diff-against", f"cannot show changes: {detail}", where)
            return GenerateResult([*diags, problem], True)
    renderer = renderer or Renderer(project.cache)
    before = renderer.runs
    intros = hand_written_intros(project.docs_dir, model)
    options = BuildOptions(
        project.root,
        project.links,
        previous,
        project.downloads,
        tuple(sorted(intros.items())),
    )
    if progress:
        progress("generating pages")
        renderer.on_drawn = drawing(progress)
    generated = build_outputs(model, options, renderer)
    if progress:
        progress("writing pages")
    report = write_outputs(project.output, generated.files)
    paths = [f.path for f in generated.files]
    return GenerateResult(
        diags,
        False,
        model,
        paths,
        navigation(model, set(paths)),
        report,
        renderer.runs - before,
        generated.diagrams,
    )


def hand_written_intros(docs_dir: Path | None, model: Model) -> dict[str, str]:
    """Hand-written ``docs/<kind plural>/index.md`` pages: each opens its kind's generated index
    in place of the generated title and intro (the element table follows it)."""
    found: dict[str, str] = {}
    if docs_dir is None:
        return found
    for kind in KIND_PLURALS:
        path = docs_dir / kind_index_page(kind)
        if model.by_kind.get(kind) and path.is_file():
            found[kind] = path.read_text(encoding="utf-8")
    return found


def intro_pages(model: Model, docs_dir: Path | None) -> set[str]:
    """The site paths of the hand-written pages that `hand_written_intros` takes in."""
    return {kind_index_page(k) for k in hand_written_intros(docs_dir, model)}


def navigation(model: Model, paths: set[str]) -> list[Any]:
    """radoc's sections of the site navigation. Element pages are reached through their
    kind's index, not listed one by one, so the navigation stays small at any model size."""
    nav: list[Any] = []
    if model.views:
        # navigation titles are printed as raw HTML by the theme: escape them
        titles = [{html.escape(v.spec.title): view_page(v.id)} for v in model.views]
        nav.append({"Views": [VIEWS_INDEX, *titles]})
    kinds = [
        {html.escape(model.words(kind).title): kind_index_page(kind)}
        for kind in KIND_PLURALS
        if kind_index_page(kind) in paths
    ]
    if kinds:  # the section's own page first: each kind index then has its entry
        nav.append({"Elements": [ELEMENTS_INDEX, *kinds] if ELEMENTS_INDEX in paths else kinds})
    if DECISIONS_INDEX in paths:
        nav.append({"Decisions": DECISIONS_INDEX})
    if PROFILES_INDEX in paths:
        nav.append({"Profiles": PROFILES_INDEX})
    if CHANGES_PAGE in paths:
        nav.append({"Changes": CHANGES_PAGE})
    if REFERENCES_PAGE in paths:
        nav.append({"References": REFERENCES_PAGE})
    return nav
