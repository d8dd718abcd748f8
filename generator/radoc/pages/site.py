"""Markdown for every generated page, from the model and the rendered diagrams."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..model import Element, Model, ViewDef
from ..palette import AUTOMATION_LABEL, AUTOMATION_LETTER
from ..plan import first_sentence
from ..plan.overview import group_of
from ..schema import (
    KIND_PLURALS,
    Activity,
    Component,
    Coverage,
    ElementSpec,
    Environment,
    Group,
    Level,
    Phase,
    Role,
    Source,
    Tool,
)
from ..text import doi_url, plain_text
from ..urls import (
    ELEMENTS_INDEX,
    MKDOCS_LINKS,
    REFERENCES_PAGE,
    VIEWS_INDEX,
    LinkStyle,
    element_page,
    kind_index_page,
    md_link,
    view_page,
)
from ..variants import variant_only
from ..vocabulary import Words
from .markdown import description_html, description_inline, escape_html, escape_md, page_title

CONTEXT_SECTION = "In context"


@dataclass(frozen=True)
class Diagram:
    """A rendered diagram: inline-ready SVG (links still ``radoc:``) and its stand-alone file."""

    key: str
    title: str
    svg: str
    file: str  # the stand-alone SVG
    icons: bool = False  # drawn with provider icons (kept on a light card in dark mode)


@dataclass
class PageContext:
    """What templates need to link from one page to others."""

    model: Model
    page: str
    links: LinkStyle = MKDOCS_LINKS

    def link(self, element_id: str) -> str:
        e = self.model.elements.get(element_id)
        if e is None:
            return escape_md(element_id)
        return f"[{escape_md(e.name)}]({md_link(self.page, element_page(e.kind, e.id))})"

    def url(self, target: str) -> str:
        return self.links.html(self.page, target)

    def ref(self, element_id: str) -> str | None:
        """The URL of an element's page from this page (descriptions are raw HTML)."""
        e = self.model.elements.get(element_id)
        return self.url(element_page(e.kind, e.id)) if e else None

    def desc(self, text: str) -> str:
        return description_html(text, self.ref)

    def desc_inline(self, text: str) -> str:
        return description_inline(text, self.ref)

    def cite(self, key: str) -> str:
        source = self.model.sources.get(key)
        target = f"{md_link(self.page, REFERENCES_PAGE)}#{key}"
        if source is None:
            return escape_md(key)
        return f"[{escape_md(short_citation(source))}]({target}) — {escape_md(source.title)}"


def short_citation(source: Source) -> str:
    """'Family Year', 'Family & Family Year' or 'Family et al. Year'; an organization keeps its
    full name ('Google Cloud 2020'); a source's own ``label`` wins over all of these."""
    if source.label:
        return source.label
    names = [a.cited_name for a in source.authors[:2]]
    if len(source.authors) == 2:
        cited = " & ".join(names)
    elif len(source.authors) > 2:
        cited = names[0] + " et al."
    else:
        cited = names[0]
    return f"{cited} {source.year}"


def full_citation(source: Source) -> str:
    parts = [
        escape_md(", ".join(a.name for a in source.authors)) + f" ({source.year}).",
        f"*{escape_md(source.title)}*.",
    ]
    venue = source.venue or ""
    details = [escape_md(x) for x in (venue,) if x]
    if source.volume:
        details.append(f"vol. {escape_md(source.volume)}")
    if source.number:
        details.append(f"no. {escape_md(source.number)}")
    if source.pages:
        details.append(f"pp. {escape_md(source.pages)}")
    if source.publisher:
        details.append(escape_md(source.publisher))
    if details:
        parts.append(", ".join(details) + ".")
    if source.doi:
        parts.append(
            f'DOI <a href="{escape_html(doi_url(source.doi))}">{escape_md(source.doi)}</a>.'
        )
    if source.url:
        parts.append(f'<a href="{escape_html(source.url)}">{escape_md(source.url)}</a>')
    if source.note:
        parts.append(escape_md(source.note))
    return " ".join(parts)


@cache
def template_environment() -> jinja2.Environment:
    """One environment for the process: templates compile once, not on every serve reload."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("radoc.pages", "templates"),
        autoescape=False,  # Markdown output: every value goes through an explicit filter
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = escape_md
    env.filters["title"] = page_title
    env.filters["e"] = escape_html
    return env


@dataclass
class Section:
    title: str
    body: str


@dataclass
class PageBuilder:
    model: Model
    project_root: Path
    diagrams: dict[str, Diagram] = field(default_factory=dict)
    links: LinkStyle = MKDOCS_LINKS
    # extra sections per element id, contributed by other features (coverage, decisions, ...)
    extra_sections: dict[str, list[Section]] = field(default_factory=dict)
    # hand-written Markdown that replaces the title and intro of a kind's index, by kind
    intros: dict[str, str] = field(default_factory=dict)
    # the members a view's page lists, by view id, where its kind lists fewer than all
    listed: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = template_environment()
        elements, rels = variant_only(self.model)
        # a relationship to or from a variant exists only with it, like the ones options add
        self.variant_rels = rels | {
            r.id
            for r in self.model.relationships.values()
            if r.source in elements or r.target in elements
        }

    def render(self, template: str, page: str, **values: Any) -> str:
        ctx = PageContext(self.model, page, self.links)
        text = self.env.get_template(template).render(
            link=ctx.link,
            desc=ctx.desc,
            cite=ctx.cite,
            url=ctx.url,
            ctx=ctx,
            word=lambda kind: self.model.words(kind).singular,
            words=lambda kind: md_words(self.model, kind),
            **values,
        )
        # one blank line between blocks, whatever the template's conditionals left behind
        lines = text.splitlines()
        out: list[str] = []
        for line in lines:
            if line.strip() == "" and (not out or out[-1].strip() == ""):
                continue
            out.append(line.rstrip())
        return "\n".join(out).strip() + "\n"

    def origin(self, file: str, line: int) -> str:
        path = Path(self.model.source_paths.get(file, file))
        if not path.is_absolute():
            path = Path.cwd() / path
        try:
            shown = os.path.relpath(path, self.project_root)
        except ValueError:
            shown = path.name
        return f"{Path(shown).as_posix()}:{line}"

    # -- element pages ----------------------------------------------------------------------
    def element(self, e: Element[ElementSpec]) -> tuple[str, str]:
        page = element_page(e.kind, e.id)
        ctx = PageContext(self.model, page, self.links)
        facts, sections = self._kind_facts(e, ctx)
        extra = self.extra_sections.get(e.id, [])
        # the element in its context comes first: a picture of what the rest of the page lists
        first = [x for x in extra if x.title == CONTEXT_SECTION]
        sections = first + sections + [x for x in extra if x.title != CONTEXT_SECTION]
        rels_out = [self.model.relationships[r] for r in self.model.rels_out.get(e.id, ())]
        rels_in = [self.model.relationships[r] for r in self.model.rels_in.get(e.id, ())]
        views = [
            f"[{escape_md(self.model.view(v).spec.title)}]({md_link(page, view_page(v))})"
            for v in self.model.used_in.get(e.id, ())
            if v not in self.listed or e.id in self.listed[v]
        ]
        text = self.render(
            "element.md.j2",
            page,
            e=e,
            facts=facts,
            sections=sections,
            rels_out=[_RelRow.of(r, self.variant_rels) for r in rels_out],
            rels_in=[_RelRow.of(r, self.variant_rels) for r in rels_in],
            views=views,
            origin=self.origin(e.pos.file, e.pos.line),
        )
        return page, text

    def _kind_facts(
        self, e: Element[ElementSpec], ctx: PageContext
    ) -> tuple[list[str], list[Section]]:
        spec = e.spec
        m = self.model

        def w(kind: str) -> Words:
            return md_words(m, kind)

        facts: list[str] = []
        sections: list[Section] = []
        if isinstance(spec, Component):
            facts.append(f"in {w('group').singular} {ctx.link(spec.group)}")
            tools = m.tools_for.get(e.id, ())
            if tools:
                rows = [f"| {w('tool').capital} | Coverage | Note | Checked |", "|---|---|---|---|"]
                for tid in tools:
                    tool = m.element(tid).spec
                    assert isinstance(tool, Tool)
                    cov = tool.supports[e.id]
                    rows.append(
                        f"| {ctx.link(tid)} | {cov.coverage} | {escape_md(cov.note or '')} | {basis_cell(cov)} |"
                    )
                body = "\n".join(rows)
            else:
                body = f"No {w('tool').singular} in this architecture covers this {w('component').singular}."
            # an architecture without tools has nothing to say here on any component
            if m.tools():
                sections.append(Section(f"{w('tool').title} that support it", body))
            acts = m.activities_with.get(e.id, ())
            if acts:
                title = f"{w('activity').title} performed with it"
                sections.append(Section(title, _bullets(ctx.link(a) for a in acts)))
        elif isinstance(spec, Role):
            if spec.concerns:
                sections.append(Section("Concerns", _bullets(escape_md(c) for c in spec.concerns)))
            acts = m.activities_of_role.get(e.id, ())
            if acts:
                sections.append(Section("Responsible for", _bullets(ctx.link(a) for a in acts)))
        elif isinstance(spec, Group):
            if spec.group is not None:
                facts.append(f"in {w('group').singular} {ctx.link(spec.group)}")
            members = m.children.get(e.id, ())
            inner = [c for c in members if m.element(c).kind == "group"]
            if inner:
                title = w("group").title
                sections.append(Section(f"{title} inside it", _bullets(ctx.link(c) for c in inner)))
            comps = [c for c in members if m.element(c).kind != "group"]
            none = f"None directly; see the {w('group').plural} inside it." if inner else "None."
            listed = _bullets(ctx.link(c) for c in comps) or none
            sections.append(Section(w("component").title, listed))
        elif isinstance(spec, Environment):
            if spec.environment is not None:
                facts.append(f"part of {w('environment').singular} {ctx.link(spec.environment)}")
            nested = m.children.get(e.id, ())
            if nested:
                title = w("environment").title
                sections.append(
                    Section(f"{title} inside it", _bullets(ctx.link(c) for c in nested))
                )
        elif isinstance(spec, Phase):
            if spec.follows:
                facts.append("after " + ", ".join(ctx.link(p) for p in spec.follows))
            acts = m.children.get(e.id, ())
            listed = _numbered(ctx.link(a) for a in acts) or "None."
            sections.append(Section(w("activity").title, listed))
        elif isinstance(spec, Activity):
            facts.append(f"in {w('phase').singular} {ctx.link(spec.phase)}")
            if spec.gate:
                facts.append("**human approval gate**")
            if m.levels():
                sections.append(
                    Section(
                        f"Automation by {w('level').singular}", self._automation_table(spec, ctx)
                    )
                )
            responsible = f"Responsible {w('role').plural}"
            sections.append(Section(responsible, _bullets(ctx.link(r) for r in spec.roles)))
            if spec.components:
                sections.append(
                    Section("Performed with", _bullets(ctx.link(c) for c in spec.components))
                )
        elif isinstance(spec, Tool):
            facts.append(f'<a href="{escape_html(spec.url)}">{escape_md(spec.url)}</a>')
            if spec.category:
                facts.append(spec.category)
            rows = [
                f"| {w('component').capital} | Coverage | Note | Checked |",
                "|---|---|---|---|",
            ]
            for cid, cov in spec.supports.items():
                rows.append(
                    f"| {ctx.link(cid)} | {cov.coverage} | {escape_md(cov.note or '')} | {basis_cell(cov)} |"
                )
            body = (
                "\n".join(rows)
                if spec.supports
                else f"This {w('tool').singular} covers no {w('component').singular} of the architecture."
            )
            sections.append(Section(f"{w('component').title} it supports", body))
        elif isinstance(spec, Level):
            facts.append(f"rank {spec.rank}")
            if spec.maps_to:
                rows = ["| Model | Equivalent |", "|---|---|"]
                rows += [f"| {escape_md(k)} | {escape_md(v)} |" for k, v in spec.maps_to.items()]
                sections.append(Section(f"Equivalent {w('level').plural}", "\n".join(rows)))
            if m.activities():
                title = f"{w('activity').title} at this {w('level').singular}"
                sections.append(Section(title, self._level_summary(e.id, ctx)))
        return facts, sections

    def _automation_table(self, spec: Activity, ctx: PageContext) -> str:
        heading = md_words(self.model, "level").capital
        rows = [f"| {heading} | Automation | Why a person is involved |", "|---|---|---|"]
        for level in self.model.levels():
            auto = spec.automation.get(level.id)
            if auto is None:
                continue
            mark = f'<span class="radoc-auto radoc-auto-{auto.mode}">{AUTOMATION_LETTER[auto.mode]}</span>'
            rows.append(
                f"| {ctx.link(level.id)} | {mark} {AUTOMATION_LABEL[auto.mode]} | {escape_md(auto.rationale or '')} |"
            )
        return "\n".join(rows)

    def _level_summary(self, level_id: str, ctx: PageContext) -> str:
        counts = {"manual": 0, "human-in-the-loop": 0, "automated": 0}
        for a in self.model.activities():
            auto = a.spec.automation.get(level_id)
            if auto is not None:
                counts[auto.mode] += 1
        return " · ".join(
            f'<span class="radoc-auto radoc-auto-{mode}">{AUTOMATION_LETTER[mode]}</span> {n} {AUTOMATION_LABEL[mode]}'
            for mode, n in counts.items()
        )

    # -- indexes ----------------------------------------------------------------------------
    def kind_index(self, kind: str) -> tuple[str, str]:
        page = kind_index_page(kind)
        ctx = PageContext(self.model, page, self.links)
        elements = self.model.of_kind(kind)
        groups: list[dict[str, Any]] = []

        def row(e: Element[ElementSpec]) -> list[str]:
            return [ctx.link(e.id), summary(e, ctx)]

        if kind == "component":
            for g in self.model.of_kind("group"):
                members = [
                    self.model.element(c)
                    for c in self.model.children.get(g.id, ())
                    if self.model.element(c).kind == "component"
                ]
                if members:
                    # a nested group is titled with the groups it sits in: "Outer › Inner"
                    chain = reversed(self.model.group_chain(g.id))
                    title = " › ".join(ctx.link(x) for x in chain)
                    groups.append({"title": title, "rows": [row(c) for c in members]})
        elif kind == "activity":
            for p in self.model.phases_in_order():
                members = [self.model.element(a) for a in self.model.children.get(p.id, ())]
                if members:
                    groups.append({"title": ctx.link(p.id), "rows": [row(a) for a in members]})
        else:
            ordered = (
                self.model.levels()
                if kind == "level"
                else (self.model.phases_in_order() if kind == "phase" else elements)
            )
            groups.append({"title": "", "rows": [row(e) for e in ordered]})  # type: ignore[arg-type]
        text = self.render(
            "kind_index.md.j2",
            page,
            title=self.model.words(kind).title,
            intro=ctx.desc(self.model.words(kind).intro),
            own=self.intros.get(kind, "").strip(),
            groups=groups,
            columns=["Name", "Summary"],
        )
        return page, text

    def elements_index(self) -> tuple[str, str]:
        """The Elements section's own page: each kind the architecture has, with its count
        and the first sentence of its intro, linking to the kind's index."""
        kinds = [
            {
                "title": self.model.words(kind).title,
                "page": md_link(ELEMENTS_INDEX, kind_index_page(kind)),
                "count": len(self.model.by_kind[kind]),
                "intro": first_sentence(plain_text(self.model.words(kind).intro)),
            }
            for kind in KIND_PLURALS
            if self.model.by_kind.get(kind)
        ]
        return ELEMENTS_INDEX, self.render("elements_index.md.j2", ELEMENTS_INDEX, kinds=kinds)

    def views_index(self) -> tuple[str, str]:
        return VIEWS_INDEX, self.render("views_index.md.j2", VIEWS_INDEX, views=self.model.views)

    def references(self) -> tuple[str, str]:
        ctx = PageContext(self.model, REFERENCES_PAGE, self.links)
        sources = []
        for key, source in sorted(self.model.sources.items()):
            cited = [ctx.link(i) for i in self.model.cited_by.get(key, ())]
            sources.append({"key": key, "text": full_citation(source), "cited": cited})
        return REFERENCES_PAGE, self.render("references.md.j2", REFERENCES_PAGE, sources=sources)

    # -- views ------------------------------------------------------------------------------
    def view(
        self,
        v: ViewDef,
        body: str,
        page: str | None = None,
        listed: tuple[str, ...] | None = None,
    ) -> tuple[str, str]:
        """A view's page; ``listed``: the members its diagrams show (the kind's say), when
        not all of them. Element pages built after it name the view only where it lists them."""
        page = page or view_page(v.id)
        if listed is not None and listed != v.members:
            self.listed[v.id] = frozenset(listed)
            v = replace(
                v,
                members=listed,
                rels=tuple(
                    r
                    for r in v.rels
                    if self.model.relationships[r].source in self.listed[v.id]
                    and self.model.relationships[r].target in self.listed[v.id]
                ),
            )
        members = [self.model.element(m) for m in v.members]
        rels = [_RelRow.of(self.model.relationships[r], self.variant_rels) for r in v.rels]
        text = self.render(
            "view.md.j2",
            page,
            v=v,
            body=body,
            members=members,
            rels=rels,
            summary=lambda e: summary(e, PageContext(self.model, page, self.links)),
            origin=self.origin(v.pos.file, v.pos.line),
        )
        return page, text

    def zoomed_view(
        self, v: ViewDef, group_id: str, page: str, body: str, drawn: Iterable[str] = ()
    ) -> tuple[str, str]:
        """One group of an overview view, on a page of its own below the overview's;
        ``drawn``: the elements its drawing shows as nodes (those of no group listed too)."""
        m = self.model
        inner = [e for e in v.members if group_of(m, e) == group_id]
        inner_set = set(inner)
        rels = [
            r
            for r in v.rels
            if m.relationships[r].source in inner_set or m.relationships[r].target in inner_set
        ]
        shown = set(drawn)
        inner += [e for e in v.members if e in shown and e not in inner_set]
        group = m.element(group_id)
        other = m.words("group").singular
        spec = v.spec.model_copy(
            update={
                "title": f"{v.spec.title}: {group.name}",
                "question": f"What does {group.name} hold, and how does it connect to the rest?",
                "description": f"Zoomed in from the overview *{v.spec.title}*: the elements of "
                f"{group.name} in full, each beside dashed boxes that list, one {other} a row, "
                "where what it gets comes from (above it) and where what it gives goes (below).",
            }
        )
        zoomed = ViewDef(spec, v.pos, tuple(inner), tuple(rels))
        back = md_link(page, view_page(v.id))
        text = self.view(zoomed, f"[← back to the overview]({back})\n\n" + body, page)[1]
        return page, text


@dataclass(frozen=True)
class _RelRow:
    source: str
    target: str
    text: str  # the verb, then the label in brackets when it says something else
    feedback: bool
    variant: bool = False

    @classmethod
    def of(cls, rel: Any, variants: frozenset[str] = frozenset()) -> _RelRow:
        label = rel.spec.label
        text = rel.verb if not label or label == rel.verb else f"{rel.verb} ({label})"
        return cls(rel.source, rel.target, text, rel.spec.feedback, rel.id in variants)


def basis_cell(cov: Coverage) -> str:
    """When and where a coverage cell was checked: the date, linked to the page, with the
    supporting words as its title; a dash when no basis is recorded."""
    if cov.basis is None:
        return "—"
    b = cov.basis
    return f'<a href="{escape_html(b.url)}" title="{escape_html(b.quote)}">{escape_md(b.checked.isoformat())}</a>'


def md_words(model: Model, kind: str) -> Words:
    """A kind's words (from settings.yaml), escaped for a page's Markdown."""
    words = model.words(kind)
    return Words(escape_md(words.title), escape_md(words.singular), words.intro)


def summary(e: Element[ElementSpec], ctx: PageContext) -> str:
    """The first sentence of a description, on one line (for tables)."""
    return ctx.desc_inline(first_sentence(e.spec.description))


def _bullets(items: Any) -> str:
    return "\n".join(f"- {i}" for i in items)


def _numbered(items: Any) -> str:
    return "\n".join(f"{n}. {i}" for n, i in enumerate(items, start=1))


LinkFn = Callable[[str], str]
__all__ = ["KIND_PLURALS", "Diagram", "PageBuilder", "PageContext", "Section", "md_words"]
