"""The Changes page: what changed since a git revision, with links, and each changed view drawn
with what was added highlighted and what was removed faded and struck through."""

from __future__ import annotations

from ..diff import Diff
from ..model import Element, Model, build_model
from ..plan import Highlight, ViewPlan, diagram_key
from ..plan.deployment import plan_deployment
from ..plan.graph import plan_graph
from ..schema import ElementSpec
from ..urls import CHANGES_PAGE, element_page, md_link, view_page
from .markdown import escape_html, escape_md


def union_model(old: Model, new: Model) -> Model:
    """The new model plus what only the old one had, so removals can be drawn."""
    elements: list[Element[ElementSpec]] = list(new.elements.values())
    elements += [e for eid, e in old.elements.items() if eid not in new.elements]
    rels = list(new.relationships.values())
    rels += [r for rid, r in old.relationships.items() if rid not in new.relationships]
    views = [(v.spec, v.pos) for v in new.views]
    return build_model(
        elements, rels, views, list(new.decisions), list(new.profiles), dict(new.sources)
    )


def changed_view_plans(old: Model, new: Model, diff: Diff) -> list[ViewPlan]:
    union = union_model(old, new)
    added = frozenset([c.id for c in diff.added] + [c.id for c in diff.relationships_added])
    removed = frozenset([c.id for c in diff.removed] + [c.id for c in diff.relationships_removed])
    highlight = Highlight(added=added, removed=removed, removed_have_pages=False)
    plans = []
    for view in union.views:
        if view.spec.kind == "matrix":
            continue
        key = diagram_key("changes", view.id)
        title = f"{view.spec.title}: changes"
        if view.spec.kind == "deployment":
            # drawn as a deployment, with its icons; only when something it places changed
            plan = plan_deployment(union, view, highlight=highlight, key=key, title=title)
            marks = {"diff-added", "diff-removed"}
            classes = [n.classes for n in plan.nodes] + [e.classes for e in plan.edges]
            if any(marks & set(c) for c in classes):
                plans.append(plan)
            continue
        if not (set(view.members) | set(view.rels)) & (added | removed):
            continue
        plans.append(plan_graph(union, view, highlight, key=key, title=title))
    return plans


def changes_markdown(diff: Diff, new: Model, diagrams: list[tuple[str, str]]) -> str:
    """``diagrams``: (view title, embedded HTML) of each changed view."""
    page = CHANGES_PAGE

    def link(element_id: str) -> str:
        e = new.elements.get(element_id)
        if e is None:
            return f"`{escape_md(element_id)}`"
        return f"[{escape_md(e.name)}]({md_link(page, element_page(e.kind, e.id))})"

    lines = [
        "---",
        "title: Changes",
        "---",
        "",
        "# Changes",
        "",
        f"What changed in the architecture from **{escape_md(diff.old)}** to **{escape_md(diff.new)}**.",
        "",
    ]
    if diff.empty:
        return "\n".join([*lines, "Nothing has changed.", ""])

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend([f"## {title}", "", *[f"- {i}" for i in items], ""])

    def kind(name: str) -> str:  # in the architecture's own words
        return escape_md(new.words(name).singular)

    section("Elements added", [f"{kind(c.kind)} {link(c.id)}" for c in diff.added])
    section(
        "Elements removed",
        [f"{kind(c.kind)} <del>{escape_html(c.name)}</del> (`{c.id}`)" for c in diff.removed],
    )
    section(
        "Elements renamed",
        [
            f"{kind(r['kind'])} {link(r['id'])}: {escape_md(r['old'])} → {escape_md(r['new'])}"
            for r in diff.renamed
        ],
    )
    section(
        "Elements changed",
        [
            f"{kind(c.kind)} {link(c.id)}: {', '.join(escape_md(f) for f in c.fields)}"
            for c in diff.changed
        ],
    )
    rel_items = []
    for c in diff.relationships_added:
        r = new.relationships[c.id]
        rel_items.append(f"added: {link(r.source)} {escape_md(r.verb)} {link(r.target)}")
    for c in diff.relationships_removed:
        rel_items.append(f"removed: <del>{escape_html(c.name)}</del>")
    for c in diff.relationships_changed:
        rel_items.append(f"changed: {escape_md(c.name)} ({', '.join(c.fields)})")
    section("Relationships", rel_items)
    section(
        "Automation",
        [
            f"{link(a['activity'])} at {link(a['level'])}: {a['old']} → **{a['new']}**"
            for a in diff.automation
        ],
    )
    section(
        f"{new.words('tool').capital} coverage",
        [
            f"{link(c['tool'])} on {link(c['component'])}: {c['old']} → **{c['new']}**"
            for c in diff.coverage
        ],
    )
    views = []
    for c in diff.views_added:
        views.append(f"added: [{escape_md(c.name)}]({md_link(page, view_page(c.id))})")
    for c in diff.views_removed:
        views.append(f"removed: <del>{escape_html(c.name)}</del>")
    for c in diff.views_changed:
        views.append(
            f"changed: [{escape_md(c.name)}]({md_link(page, view_page(c.id))}) ({', '.join(c.fields)})"
        )
    section("Views", views)
    section("Decisions", [f"{d['change']}: {escape_md(d['name'])}" for d in diff.decisions])
    section("Profiles", [f"{p['change']}: {escape_md(p['name'])}" for p in diff.profiles])
    if diagrams:
        lines += ["## The changed views, drawn", ""]
        for title, html in diagrams:
            lines += [f"### {escape_md(title)}", "", html, ""]
    return "\n".join(lines)
