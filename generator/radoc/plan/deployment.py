"""The plan of a `deployment` view: environments as clusters (an environment that is part of
another drawn inside it), the elements placed in each as icon nodes (one node per element and
environment), and the flows between environments, drawn through `diagrams`.

An element is placed in an environment by a relationship between the two whose verb the view
lists under ``placement: verbs:`` (default ``hosts``), whichever way it points: ``production
hosts api`` and ``api runs in production`` both put the api into production. Other
relationships the view shows are drawn as edges: between the placed elements, and between two
environments (``development promotes to staging``) as one labelled edge from the border of one
environment's cluster to the border of the other's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace

from ..model import Model, Rel, ViewDef
from ..palette import ADDED, CLUSTER, KIND_SWATCH, LINE, REMOVED
from ..schema import Component, Group, Tool
from ..text import plain_text
from ..variants import Architecture, variant_only
from .types import (
    Highlight,
    LegendEntry,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    element_link,
    first_sentence,
    grid_layout,
    style_of,
    styled,
    wrap_label,
)

ROW = 6  # icons side by side in an environment before the next row
ENVIRONMENT = "environment"
ANCHOR = "anchor"  # the class of the invisible node a flow starts or ends at in an empty cluster
FLOW = KIND_SWATCH[ENVIRONMENT]  # flows are drawn in the environments' own colour


@dataclass(frozen=True)
class Placement:
    """One element in one environment, and the relationship that puts it there."""

    environment: str
    element: str
    relationship: str


def placements(
    rels: Iterable[Rel],
    members: Collection[str],
    kind_of: Callable[[str], str | None],
    verbs: Collection[str],
) -> list[Placement]:
    """The placements that ``rels`` (in their order) make among ``members``: a relationship with
    one of ``verbs`` between an environment and an element that is not one."""
    found = []
    for rel in rels:
        if rel.verb not in verbs or rel.source not in members or rel.target not in members:
            continue
        source_env = kind_of(rel.source) == ENVIRONMENT
        if source_env == (kind_of(rel.target) == ENVIRONMENT):
            continue
        env, element = (rel.source, rel.target) if source_env else (rel.target, rel.source)
        found.append(Placement(env, element, rel.id))
    return found


def view_placements(
    model: Model, view: ViewDef, members: Collection[str] | None = None
) -> list[Placement]:
    """The placements a deployment view draws, by environment (in declaration order)."""
    shown = set(view.members if members is None else members)
    kinds = {eid: model.element(eid).kind for eid in shown}
    found = placements(model.relationships.values(), shown, kinds.get, view.spec.placement.verbs)
    order = {e.id: i for i, e in enumerate(model.of_kind(ENVIRONMENT))}
    return sorted(found, key=lambda p: order[p.environment])  # stable: relationship order kept


def component_icon(model: Model, component_id: str, tool_id: str | None = None) -> str | None:
    """The icon of a component: its tool's, else its own, else its group's."""
    if tool_id and tool_id in model.elements:
        tool = model.element(tool_id).spec
        if isinstance(tool, Tool) and tool.icon:
            return tool.icon
    spec = model.element(component_id).spec
    if spec.icon:
        return spec.icon
    if isinstance(spec, Component) and spec.group in model.elements:
        group = model.element(spec.group).spec
        if isinstance(group, Group) and group.icon:
            return group.icon
    return None


def plan_deployment(
    model: Model,
    view: ViewDef,
    picks: dict[str, str] | None = None,
    architecture: Architecture | None = None,
    *,
    highlight: Highlight | None = None,
    focus: frozenset[str] | None = None,
    key: str | None = None,
    title: str | None = None,
) -> ViewPlan:
    """``picks`` maps components to the tools a profile chose (their icons and names are shown);
    ``architecture`` limits the view to what that profile's architecture has. ``highlight``
    marks what was added and removed (decision and Changes pages; variants are dashed only
    without it), and ``focus`` keeps only those elements and the environments they are in."""
    members = set(view.members)
    if architecture is not None:
        members &= architecture.elements
    if focus is not None:
        members &= focus | set(model.by_kind.get(ENVIRONMENT, ()))
    found = [
        p
        for p in view_placements(model, view, members)
        if architecture is None or p.relationship in architecture.relationships
    ]
    variant_elements, variant_rels = (
        variant_only(model) if highlight is None else (frozenset(), frozenset())
    )
    if focus is None:  # an environment with nothing placed in it is still part of the view
        shown = {e.id for e in model.of_kind(ENVIRONMENT) if e.id in members}
    else:  # the environments something is placed in, and those they are part of
        shown = {
            env for p in found for env in model.environment_chain(p.environment) if env in members
        }
    parent_of = drawn_parents(model, shown)
    environments = [model.element(e) for e in nesting_order(model, parent_of)]
    placed: dict[str, list[str]] = {}  # element → node ids
    nodes: list[PlanNode] = []
    for p in found:
        element = model.element(p.element)
        tool = (picks or {}).get(element.id)
        env = model.element(p.environment)
        label = wrap_label(element.name, 18)
        if tool and tool in model.elements:
            label += "\n" + wrap_label(f"({model.element(tool).name})", 18)
        node_id = f"{env.id}--{element.id}"
        if node_id in placed.get(element.id, ()):
            continue  # placed there twice (by two verbs): drawn once
        placed.setdefault(element.id, []).append(node_id)
        node = PlanNode(
            id=node_id,
            label=label,
            kind=element.kind,
            link=element_link(element.kind, element.id),
            swatch=KIND_SWATCH[element.kind],
            cluster=env.id,
            tooltip=f"{element.name} in {env.name}: {first_sentence(plain_text(element.spec.description))}",
            icon=component_icon(model, element.id, tool),
        )
        style = style_of(model, element.id)
        if style is not None:  # a card takes its colours and shape, an icon node its frame
            node = styled(node, *style)
        if highlight is not None:
            node = _marked(node, highlight, (element.id, p.relationship))
        elif element.id in variant_elements or p.relationship in variant_rels:
            node = replace(node, classes=(*node.classes, "variant"))
        nodes.append(node)
    flows = [
        model.relationships[rid]
        for rid in view.rels
        if model.relationships[rid].source in parent_of
        and model.relationships[rid].target in parent_of
        and model.relationships[rid].source != model.relationships[rid].target
        and (architecture is None or rid in architecture.relationships)
    ]
    nodes += _anchors(flows, nodes, parent_of)
    # environments stacked top to bottom (nested ones inside theirs, after its own icons),
    # each a grid of icons ROW wide
    rows, grid_edges = grid_layout([e.id for e in environments], nodes, ROW)
    edges: list[PlanEdge] = list(grid_edges)
    placing = {p.relationship for p in found}
    for rel in flows:
        edge = _flow_edge(model, rel, nodes, rows, parent_of)
        if highlight is not None:
            edge = _marked_edge(edge, highlight, rel.id)
        elif rel.id in variant_rels or {rel.source, rel.target} & variant_elements:
            edge = replace(edge, style="dashed", classes=(*edge.classes, "variant"))
        edges.append(edge)
    for rid in view.rels:
        rel = model.relationships[rid]
        if rid in placing or rel.source not in placed or rel.target not in placed:
            continue
        if architecture is not None and rid not in architecture.relationships:
            continue
        pairs = [
            (a, b)
            for a in placed[rel.source]
            for b in placed[rel.target]
            if a.split("--")[0] == b.split("--")[0]
        ] or [(placed[rel.source][0], placed[rel.target][0])]
        for a, b in pairs:
            # the grid places the icons; relationships are drawn without moving them
            edge = PlanEdge(
                id=f"{rel.id}--{a}",
                source=a,
                target=b,
                label=rel.label,
                color=LINE[0],
                constraint=False,
            )
            if highlight is not None:
                edge = _marked_edge(edge, highlight, rid)
            edges.append(edge)
    clusters = tuple(
        PlanCluster(
            id=e.id,
            label=e.name,
            link=element_link(ENVIRONMENT, e.id),
            swatch=KIND_SWATCH[ENVIRONMENT],
            parent=parent_of[e.id],
            classes=("variant",) if highlight is None and e.id in variant_elements else (),
            icon=e.spec.icon,
        )
        for e in environments
    )
    component = model.words("component").singular
    if any(n.icon for n in nodes):
        component += (
            " (icon: " + ("the profile's tool" if picks else "its own, or its group's") + ")"
        )
    legend: tuple[LegendEntry, ...] = (
        LegendEntry(ENVIRONMENT, KIND_SWATCH[ENVIRONMENT]),
        LegendEntry(component, KIND_SWATCH["component"]),
    )
    if flows:
        between = f"between {model.words(ENVIRONMENT).plural} (read along the arrow)"
        legend += (LegendEntry(between, FLOW, edge_style="solid"),)
    if any("variant" in n.classes for n in nodes) or any("variant" in c.classes for c in clusters):
        legend += (
            LegendEntry(
                "variant: only with some decision options (dashed)", CLUSTER, border="dashed"
            ),
        )
    if highlight is not None:
        legend += (
            LegendEntry(highlight.added_label, ADDED, mark="+"),
            LegendEntry(highlight.removed_label + " (struck through)", REMOVED, mark="−"),
        )
    return ViewPlan(
        key=key or view.id,
        title=title or view.spec.title,
        description=view.spec.question,
        direction="TB",
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=clusters,
        legend=legend,
        same_rank=tuple(rows),
        engine="diagrams",
    )


def _marked(node: PlanNode, highlight: Highlight, ids: tuple[str, str]) -> PlanNode:
    """An element (or its placement) added: green and '+'; removed: grey, '−', struck."""
    if any(i in highlight.added for i in ids):
        return replace(node, swatch=ADDED, badge="+", classes=(*node.classes, "diff-added"))
    if any(i in highlight.removed for i in ids):
        return replace(
            node,
            swatch=REMOVED,
            badge="−",
            strike=True,
            link=node.link if highlight.removed_have_pages else None,
            classes=(*node.classes, "diff-removed"),
        )
    return node


def _marked_edge(edge: PlanEdge, highlight: Highlight, rid: str) -> PlanEdge:
    """A relationship added: green and bold; removed: grey and dashed."""
    if rid in highlight.added:
        return replace(edge, color=ADDED.stroke, penwidth=2.5, classes=("diff-added",))
    if rid in highlight.removed:
        return replace(edge, color=REMOVED.stroke, style="dashed", classes=("diff-removed",))
    return edge


def drawn_parents(model: Model, shown: Collection[str]) -> dict[str, str | None]:
    """Each environment drawn, with the innermost environment it is part of that is drawn too
    (None for one drawn at the top)."""
    parents: dict[str, str | None] = {}
    for env in shown:
        outer = model.environment_chain(env)[1:]
        parents[env] = next((o for o in outer if o in shown and o != env), None)
    return parents


def nesting_order(model: Model, parent_of: dict[str, str | None]) -> list[str]:
    """The environments drawn, each followed by those inside it: outermost ones in declaration
    order, nested ones in declaration order after their parent."""
    declared = [e.id for e in model.of_kind(ENVIRONMENT) if e.id in parent_of]
    order: list[str] = []

    def visit(env: str) -> None:
        order.append(env)
        for inner in declared:
            if parent_of[inner] == env and inner not in order:
                visit(inner)

    for env in declared:
        if parent_of[env] is None:
            visit(env)
    return order


def _within(env: str, parent_of: dict[str, str | None]) -> set[str]:
    """An environment and every environment drawn inside it, all the way down."""
    inside = {env}
    grew = True
    while grew:
        more = {e for e, p in parent_of.items() if p in inside} - inside
        inside |= more
        grew = bool(more)
    return inside


def _region(env: str, other: str, parent_of: dict[str, str | None]) -> set[str]:
    """Where a flow between ``env`` and ``other`` may start or end on ``env``'s side: ``env``
    and everything inside it, but for ``other`` when ``other`` is part of ``env``."""
    inside = _within(env, parent_of)
    return inside - _within(other, parent_of) if other in inside else inside


def drawn_elements(plan: ViewPlan) -> set[str]:
    """The elements a deployment plan draws: its environments and what is placed in them."""
    placed = {n.id.split("--", 1)[1] for n in plan.nodes if ANCHOR not in n.classes}
    return placed | {c.id for c in plan.clusters}


def _anchors(
    flows: list[Rel], nodes: list[PlanNode], parent_of: dict[str, str | None]
) -> list[PlanNode]:
    """An invisible node in each environment a flow starts or ends at that has nothing of its
    own to start from: nothing is drawn in it (or nothing but the flow's other end)."""
    anchors: list[PlanNode] = []
    for rel in flows:
        for env, other in ((rel.source, rel.target), (rel.target, rel.source)):
            region = _region(env, other, parent_of)
            if any(n.cluster in region for n in (*nodes, *anchors)):
                continue
            anchors.append(
                PlanNode(
                    id=f"{env}--{ANCHOR}",
                    label="",
                    kind=ENVIRONMENT,
                    link=None,
                    swatch=KIND_SWATCH[ENVIRONMENT],
                    shape="point",
                    cluster=env,
                    style="invis",
                    classes=(ANCHOR,),
                )
            )
    return anchors


def _flow_edge(
    model: Model,
    rel: Rel,
    nodes: list[PlanNode],
    rows: tuple[tuple[str, ...], ...],
    parent_of: dict[str, str | None],
) -> PlanEdge:
    """A flow between two environments: from the border of the one's cluster to the border of
    the other's (Graphviz clips a compound edge there), between icons of the rows that face
    each other, so that it does not wander through the icons. A flow down to the next
    environment of the stack runs straight down from the middle of the narrower row; any other
    (up the stack, or past other environments) starts and ends at its rows' last icons and
    goes round the environments between on their right, apart from the straight ones. A flow
    between an environment and one inside it is clipped at the inner one only."""
    cluster_of = {n.id: n.cluster for n in nodes}
    order = {env: i for i, env in enumerate(nesting_order(model, parent_of))}
    downwards = order[rel.source] < order[rel.target]
    straight = order[rel.target] - order[rel.source] == 1

    def facing(env: str, other: str, last: bool) -> tuple[str, ...]:
        region = _region(env, other, parent_of)
        mine = [row for row in rows if cluster_of[row[0]] in region]
        return mine[-1] if last else mine[0]

    tail_row = facing(rel.source, rel.target, downwards)
    head_row = facing(rel.target, rel.source, not downwards)
    column = (min(len(tail_row), len(head_row)) - 1) // 2
    tail, head = (tail_row[column], head_row[column]) if straight else (tail_row[-1], head_row[-1])
    source, target = model.element(rel.source), model.element(rel.target)
    return PlanEdge(
        id=rel.id,
        source=tail,
        target=head,
        label=rel.label,
        tooltip=f"{source.name} {rel.verb} {target.name}"
        + (f": {rel.label}" if rel.label != rel.verb else ""),
        color=FLOW.stroke,
        constraint=False,
        penwidth=1.6,
        classes=("flow",),
        tail_cluster=None if rel.target in _within(rel.source, parent_of) else rel.source,
        head_cluster=None if rel.source in _within(rel.target, parent_of) else rel.target,
    )
