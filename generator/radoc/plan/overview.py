"""The plans of an `overview` view: zoom levels, as in the C4 model.

The overview draws each group of the view's elements as one node and the relationships between
groups aggregated (one edge per connected pair, with how many it stands for and their verbs);
elements that belong to no group stay nodes of their own. Each group node links to the group's
own view: its elements in full, and the elements of other groups they connect to collapsed to
their group, each linking to that group's view in turn. Every element node links to the
element's page, which has its own context diagram.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Model, ViewDef
from ..palette import CLUSTER, FEEDBACK, KIND_SWATCH, Swatch
from ..schema import KIND_PLURALS, Component, Group
from ..text import plain_text
from .aggregate import Aggregate, aggregate, aggregate_label, aggregate_tooltip, undirected
from .graph import relationship_edge
from .order import as_map, ordered
from .types import (
    LegendEntry,
    NodeRow,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    element_link,
    element_node,
    first_sentence,
    kind_legend,
    wrap_label,
)

GROUP_SHAPE = "tab"


def group_of(model: Model, element_id: str) -> str | None:
    """The outermost group that holds an element (groups may nest), or None."""
    spec = model.element(element_id).spec
    if isinstance(spec, Component | Group) and spec.group is not None:
        return model.top_group(spec.group) if spec.group in model.elements else None
    return None


def zoom_key(view_id: str, group_id: str) -> str:
    """The diagram key of a group's view: an empty middle part, which no other key has (ids are
    never empty), so it cannot collide with an element's context or a decision option."""
    return f"{view_id}..{group_id}"


def zoom_group(key: str) -> str:
    return key.split("..", 1)[1]


def zoom_page(view_id: str, group_id: str) -> str:
    """The site path of a group's view inside an overview (``views/<view>/<group>``)."""
    return f"views/{view_id}/{group_id}"


def overview_groups(model: Model, view: ViewDef) -> list[str]:
    """The groups an overview draws, in the order their first member appears."""
    found: list[str] = []
    for m in view.members:
        g = model.top_group(m) if model.element(m).kind == "group" else group_of(model, m)
        if g is not None and g not in found:
            found.append(g)
    return found


def _owner(model: Model, members: set[str]) -> dict[str, str]:
    owners: dict[str, str] = {}
    for m in members:
        kind = model.element(m).kind
        owners[m] = model.top_group(m) if kind == "group" else (group_of(model, m) or m)
    return owners


def _name(model: Model, element_id: str) -> str:
    return model.element(element_id).name


def _group_node(model: Model, view: ViewDef, group_id: str, inside: int, here: bool) -> PlanNode:
    g = model.element(group_id)
    count = f"\n({inside} element{'s' if inside != 1 else ''})" if inside else ""
    return PlanNode(
        id=group_id,
        label=wrap_label(g.name) + count,
        kind="group",
        link=zoom_page(view.id, group_id),
        swatch=KIND_SWATCH["component"] if here else CLUSTER,
        shape=GROUP_SHAPE,
        style="filled" if here else "filled,dashed",
        tooltip=f"{g.name}: {first_sentence(plain_text(g.spec.description))} Click to zoom in.",
        classes=("zoom",),
    )


def _aggregate_edge(model: Model, agg: Aggregate, both_ways: bool = False) -> PlanEdge:
    feedback = all(model.relationships[r].spec.feedback for r in agg.relationships)
    return PlanEdge(
        id=agg.id,
        source=agg.source,
        target=agg.target,
        label=aggregate_label(model, agg),
        tooltip=aggregate_tooltip(model, agg, lambda e: _name(model, e)),
        color=FEEDBACK[0] if feedback else "#57606a",
        style="dashed" if feedback else "solid",
        constraint=not feedback,
        penwidth=min(1.0 + 0.3 * len(agg.relationships), 3.5),
        classes=("aggregate", *(("feedback",) if feedback else ())),
        both_ways=both_ways,
    )


def _legend(
    model: Model, kinds: set[str], feedback: bool, zoom: bool, outside: bool = False
) -> tuple[LegendEntry, ...]:
    legend = kind_legend(sorted(kinds - {"group"}, key=list(KIND_PLURALS).index))
    if zoom:
        group_word = model.words("group").singular
        group = (
            LegendEntry(
                f"another {group_word} on each row, with the verbs: click one to zoom in",
                CLUSTER,
                GROUP_SHAPE,
                border="dashed",
            )
            if outside
            else LegendEntry(
                f"{group_word}: click to zoom in", KIND_SWATCH["component"], GROUP_SHAPE
            )
        )
        legend = (group, *legend)
    legend += (
        LegendEntry(
            "n · verbs: n relationships between the two",
            Swatch("#57606a", "#57606a", "#9aa4ae", "#9aa4ae"),
            edge_style="solid",
        ),
    )
    if feedback:
        legend += (
            LegendEntry(
                "feedback loop",
                Swatch(FEEDBACK[0], FEEDBACK[0], FEEDBACK[1], FEEDBACK[1]),
                edge_style="dashed",
            ),
        )
    return legend


def plan_overview(model: Model, view: ViewDef) -> ViewPlan:
    """Groups as nodes, relationships aggregated between them."""
    members = set(view.members)
    owners = _owner(model, members)
    inside: dict[str, int] = {}
    for m, o in owners.items():
        if o != m:
            inside[o] = inside.get(o, 0) + 1
    nodes: list[PlanNode] = []
    placed: set[str] = set()
    for m in view.members:
        o = owners[m]
        if o in placed:
            continue
        placed.add(o)
        if model.element(o).kind == "group":
            nodes.append(_group_node(model, view, o, inside.get(o, 0), True))
        else:
            nodes.append(element_node(model, o))
    aggs = undirected(aggregate(model, view.rels, owners.get))
    edges = tuple(_aggregate_edge(model, a, both) for a, both in aggs)
    kinds = {model.element(n.id).kind for n in nodes}
    plan = ViewPlan(
        key=view.id,
        title=view.spec.title,
        description=view.spec.question,
        direction=view.spec.layout.direction,
        nodes=tuple(nodes),
        edges=edges,
        legend=_legend(model, kinds, any("feedback" in e.classes for e in edges), True),
        nodesep=0.5,
        ranksep=0.7,
    )
    groups = {n.id for n in nodes if n.kind == "group"}
    if any(e.source in groups and e.target in groups for e in edges):
        return ordered(plan)  # a flow between groups: ranks along it
    # no two groups related, only elements of no group to groups (roles to what they use):
    # nothing to rank by, so a map with the elements around the groups they use
    return as_map(plan)


def _connector(
    model: Model,
    view: ViewDef,
    near: str,
    inbound: bool,
    feedback: bool,
    ends: list[tuple[str, PlanEdge]],
) -> tuple[PlanNode, PlanEdge]:
    """One node beside ``near`` listing the other groups its relationships come from (or go
    to), each row with their verbs and a link to that group's view, and one edge to it: an
    element fanning out to five groups is one box, not five boxes side by side."""
    side = "from" if inbound else "to"
    node_id = f"{near}.{side}" + (".feedback" if feedback else "")
    rows = tuple(
        NodeRow(
            title=model.element(far).name,
            detail=e.label,
            link=zoom_page(view.id, far),
            tooltip=f"{e.tooltip}\nClick to open {model.element(far).name}.",
        )
        for far, e in ends
    )
    names = ", ".join(row.title for row in rows)
    node = replace(
        _group_node(model, view, ends[0][0], 0, False),
        id=node_id,
        label=names,
        link=None,
        tooltip=f"{'From' if inbound else 'To'} {names}: click {model.words('group').a} to zoom in.",
        rows=rows,
    )
    first = ends[0][1]
    edge = replace(
        first,
        id=f"{node_id}-link",
        source=node_id if inbound else near,
        target=near if inbound else node_id,
        label="",
        tooltip="\n".join(e.tooltip for _, e in ends),
        penwidth=max(e.penwidth for _, e in ends),
        # a loop back too places its list next to the element it leaves
        constraint=True,
        both_ways=False,
    )
    return node, edge


def plan_zoom(model: Model, view: ViewDef, group_id: str) -> ViewPlan:
    """One group of an overview in full, with its neighbours collapsed to their groups.

    Each relationship with another group is drawn as a short edge between the element and a
    node of the group at its other end, placed beside the element (its id
    ``<element>.from.<group>`` or ``<element>.to.<group>``), as a connector to another sheet:
    no edge has to cross the group to reach a neighbour drawn far away, and each element shows
    where what it gets comes from and where what it gives goes. Every such node still opens
    that group's view. Groups nested in the group are clusters, each holding its elements."""
    members = set(view.members)
    owners = _owner(model, members)
    inner = [
        m
        for m in view.members
        if owners[m] == group_id and m != group_id and model.element(m).kind != "group"
    ]
    inner_set = set(inner)
    parents: dict[str, str | None] = {}
    nodes = []
    for m in inner:
        spec = model.element(m).spec
        direct = spec.group if isinstance(spec, Component) else None
        chain = model.group_chain(direct) if direct else []
        chain = chain[: chain.index(group_id)] if group_id in chain else []
        for sub_group, outer in zip(chain, [*chain[1:], None], strict=False):
            parents.setdefault(sub_group, outer)
        nodes.append(element_node(model, m, chain[0] if chain else None))
    inner_rels = [
        r
        for r in view.rels
        if model.relationships[r].source in inner_set and model.relationships[r].target in inner_set
    ]
    edges = [relationship_edge(model, r) for r in inner_rels]
    crossing = [
        r
        for r in view.rels
        if (model.relationships[r].source in inner_set)
        != (model.relationships[r].target in inner_set)
    ]

    def collapsed(element_id: str) -> str | None:
        if element_id in inner_set:
            return element_id
        return owners.get(element_id)

    aggs = [_aggregate_edge(model, a) for a in aggregate(model, crossing, collapsed)]
    outside = list(
        dict.fromkeys(end for e in aggs for end in (e.source, e.target) if end not in inner_set)
    )
    for far in outside:
        if model.element(far).kind != "group":
            nodes.append(element_node(model, far))  # an element of no group: one node
    lists: dict[tuple[str, bool, bool], list[tuple[str, PlanEdge]]] = {}
    for e in aggs:
        inbound = e.source not in inner_set
        far, near = (e.source, e.target) if inbound else (e.target, e.source)
        if model.element(far).kind != "group":
            edges.append(e)
            continue
        lists.setdefault((near, inbound, "feedback" in e.classes), []).append((far, e))
    for (near, inbound, feedback), ends in lists.items():
        node, edge = _connector(model, view, near, inbound, feedback, ends)
        nodes.append(node)
        edges.append(edge)
    g = model.element(group_id)
    kinds = {n.kind for n in nodes}
    plan = ViewPlan(
        key=zoom_key(view.id, group_id),
        title=f"{view.spec.title}: {g.name}",
        description=f"The elements of {g.name} and how they connect to the rest of the architecture.",
        direction=view.spec.layout.direction,
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=tuple(
            PlanCluster(
                id=c, label=model.element(c).name, link=element_link("group", c), parent=parent
            )
            for c, parent in parents.items()
        ),
        legend=_legend(
            model,
            kinds,
            any("feedback" in e.classes for e in edges),
            any(model.element(o).kind == "group" for o in outside),
            outside=True,
        ),
        nodesep=0.4,
        ranksep=0.6,
    )
    return ordered(plan)
