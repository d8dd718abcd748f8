"""The plan of a `graph` view: elements as nodes, relationships as edges, optional clusters."""

from __future__ import annotations

from ..model import Model, ViewDef
from ..palette import CLUSTER, FEEDBACK, Swatch
from ..schema import KIND_PLURALS, Activity, Component, ElementSpec
from .types import (
    LegendEntry,
    PlanCluster,
    PlanEdge,
    ViewPlan,
    element_link,
    element_node,
    kind_legend,
)

EDGE_LABEL_LIMIT = 24


def _cluster_of(spec: ElementSpec, group_by: str) -> str | None:
    if group_by == "group" and isinstance(spec, Component):
        return spec.group
    if group_by == "phase" and isinstance(spec, Activity):
        return spec.phase
    return None


CLUSTER_KIND = {"group": "group", "phase": "phase"}


def plan_graph(model: Model, view: ViewDef) -> ViewPlan:
    """Elements as nodes, grouped in clusters when the view asks, relationships as edges.

    With ``group_by: group`` (or ``phase``), groups (phases) become the clusters that hold
    their members instead of nodes of their own.
    """
    group_by = view.spec.layout.group_by
    cluster_kind = CLUSTER_KIND.get(group_by)
    members = set(view.members)
    nodes = []
    cluster_ids: list[str] = []
    for mid in view.members:
        e = model.element(mid)
        if e.kind == cluster_kind:
            if mid not in cluster_ids:
                cluster_ids.append(mid)
            continue
        cluster = _cluster_of(e.spec, group_by)
        if cluster is not None and cluster not in cluster_ids:
            cluster_ids.append(cluster)
        nodes.append(element_node(model, mid, cluster))
    node_ids = {n.id for n in nodes}
    clusters = tuple(
        PlanCluster(id=c, label=model.element(c).name, link=element_link(model.element(c).kind, c))
        for c in cluster_ids
        if c in model.elements
    )
    shown = [
        rid
        for rid in view.rels
        if model.relationships[rid].source in node_ids and model.relationships[rid].target in node_ids
    ]
    labels = view.spec.layout.edge_labels
    labelled = labels == "always" or (labels == "auto" and len(shown) <= EDGE_LABEL_LIMIT)
    edges = tuple(relationship_edge(model, rid, labelled) for rid in shown)
    kinds = sorted(
        {model.element(m).kind for m in members if model.element(m).kind != cluster_kind},
        key=list(KIND_PLURALS).index,
    )
    legend = kind_legend(kinds)
    if clusters:
        legend += (LegendEntry(cluster_kind or "group", CLUSTER),)
    if any(e.style == "dashed" for e in edges):
        legend += (LegendEntry("feedback loop", Swatch(*FEEDBACK, *FEEDBACK), edge_style="dashed"),)
    return ViewPlan(
        key=view.id,
        title=view.spec.title,
        description=view.spec.question,
        direction=view.spec.layout.direction,
        nodes=tuple(nodes),
        edges=edges,
        clusters=clusters,
        legend=legend,
    )


def relationship_edge(model: Model, rel_id: str, labelled: bool = True) -> PlanEdge:
    """An edge for a relationship; feedback loops are dashed and do not pull the layout."""
    rel = model.relationships[rel_id]
    if rel.spec.feedback:
        return PlanEdge(
            id=rel.id,
            source=rel.source,
            target=rel.target,
            label=rel.label if labelled else "",
            tooltip=f"{rel.label} (feedback loop)",
            color=FEEDBACK[0],
            style="dashed",
            constraint=False,
            penwidth=1.4,
            classes=("feedback",),
        )
    return PlanEdge(
        id=rel.id,
        source=rel.source,
        target=rel.target,
        label=rel.label if labelled else "",
        tooltip=rel.label,
    )
