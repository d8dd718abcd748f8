"""Per-option diagrams of a decision, drawn in context: the elements the option adds, removes
or replaces, and the elements its changed relationships connect, whatever view they belong to. What the option adds is
highlighted, what it removes faded and struck through, relative to the baseline. The baseline
tab shows the elements the decision's options touch, as the reference architecture has them."""

from __future__ import annotations

from dataclasses import replace

from ..model import DecisionDef, Model, ViewDef
from ..schema import Layout
from ..variants import Architecture, Changes, apply_options, compare
from .deployment import plan_deployment, view_placements
from .graph import plan_graph
from .order import ordered
from .types import Highlight, PlanEdge, ViewPlan, diagram_key


def touched_by(model: Model, decision: DecisionDef) -> set[str]:
    """Every element any option of ``decision`` adds, removes or replaces."""
    found: set[str] = set()
    for option in decision.spec.options:
        found.update(option.adds.elements, option.removes.elements)
        for rid in (*option.adds.relationships, *option.removes.relationships):
            if rid in model.relationships:
                rel = model.relationships[rid]
                found.update((rel.source, rel.target))
        for rep in option.replaces:
            found.update((rep.old, rep.new))
    return {e for e in found if e in model.elements}


def context_of(
    model: Model,
    focus: set[str],
    changed: set[str],
    architectures: tuple[Architecture, ...],
    among: set[str] | None = None,
) -> tuple[list[str], list[str]]:
    """The focus elements, the other ends of the changed relationships, the changed
    relationships and every relationship that one of ``architectures`` has between two
    elements of ``among`` (all the members when None), ids in declaration order. Unchanged
    neighbours stay out: around a hub they would be most of the architecture."""
    rels_present = set().union(*(a.relationships for a in architectures))
    members = set(focus)
    for rid in changed:
        rel = model.relationships[rid]
        members.update((rel.source, rel.target))
    between = members if among is None else among & members
    rels = {
        rid
        for element in between
        for rid in model.rels_out.get(element, ())
        if rid in rels_present and model.relationships[rid].target in between
    } | changed
    order = {eid: i for i, eid in enumerate(model.elements)}
    rel_order = {rid: i for i, rid in enumerate(model.relationships)}
    return (
        sorted(members, key=order.__getitem__),
        sorted(rels, key=rel_order.__getitem__),
    )


def decision_plans(model: Model) -> list[ViewPlan]:
    """The drawing of every option that has something to draw (see ``plan_option``)."""
    plans = (plan_option(model, d, o.id) for d in model.decisions for o in d.spec.options)
    return [p for p in plans if p is not None]


def plan_option(model: Model, decision: DecisionDef, option_id: str) -> ViewPlan | None:
    """One option drawn in the kind of its decision's view: a graph in context, or for a
    deployment view the environments with what the option places, adds or removes there.
    None when there is nothing to draw (the page then says so in words).

    In a graph, what the option removes stands on the left, what it adds on the right, and the
    elements both connect to in between, so a replaced hub and its replacement each fan out to
    the same neighbours without crossing each other's edges. Only the changed relationships are
    drawn (and those between the changed elements); every other relationship of those elements
    is on their own pages."""
    baseline = apply_options(model)
    chosen = apply_options(model, {decision.id: option_id})
    changes = compare(baseline, chosen)
    option_name = next(o.name for o in decision.spec.options if o.id == option_id)
    changed = set(changes.added_relationships | changes.removed_relationships)
    if changes.empty:
        focus = touched_by(model, decision) & baseline.elements
    else:
        focus = set(changes.added_elements | changes.removed_elements)
    highlight = Highlight(
        added=changes.added_elements | changes.added_relationships,
        removed=changes.removed_elements | changes.removed_relationships,
        added_label=f"added by '{option_name}'",
        removed_label=f"removed by '{option_name}'",
    )
    view = model.view(decision.spec.view)
    key = diagram_key("decision", decision.id, option_id)
    title = f"{decision.spec.name}: {option_name}"
    if view.spec.kind == "deployment":
        both = Architecture(
            baseline.elements | chosen.elements, baseline.relationships | chosen.relationships
        )
        return _deployment_option(model, view, both, focus, changed, highlight, key, title)
    among = None if changes.empty else focus
    members, rels = context_of(model, focus, changed, (baseline, chosen), among=among)
    if not members:
        return None
    layout = Layout(
        direction="TB" if changes.empty else "LR", group_by="none", edge_labels="always"
    )
    spec = view.spec.model_copy(update={"layout": layout})
    in_context = ViewDef(spec, view.pos, tuple(members), tuple(rels))
    plan = plan_graph(model, in_context, None if changes.empty else highlight, key=key, title=title)
    if changes.empty:
        return plan
    return ordered(replace(plan, edges=tuple(_sided(e, changes) for e in plan.edges)))


def _sided(edge: PlanEdge, changes: Changes) -> PlanEdge:
    """Laid out so that a removed element comes before the element it connects to and an
    added element after it (the arrow keeps its direction)."""
    if edge.id in changes.removed_relationships:
        flip = (
            edge.target in changes.removed_elements and edge.source not in changes.removed_elements
        )
    elif edge.id in changes.added_relationships:
        flip = edge.source in changes.added_elements and edge.target not in changes.added_elements
    else:
        flip = False
    return replace(edge, reversed=True, constraint=True) if flip else edge


def _deployment_option(
    model: Model,
    view: ViewDef,
    both: Architecture,
    focus: set[str],
    changed: set[str],
    highlight: Highlight,
    key: str,
    title: str,
) -> ViewPlan | None:
    """The environments the option touches, with the elements it adds, removes or moves in
    them (added highlighted, removed struck through) and nothing else; ``both`` holds what
    the baseline or the option has."""
    moved = {p.element for p in view_placements(model, view) if p.relationship in changed}
    shown = frozenset(focus | moved)
    marked = highlight if highlight.added or highlight.removed else None
    plan = plan_deployment(
        model, view, architecture=both, highlight=marked, focus=shown, key=key, title=title
    )
    return plan if plan.nodes else None
