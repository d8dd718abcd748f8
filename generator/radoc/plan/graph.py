"""The plan of a `graph` view: elements as nodes, relationships as edges, optional clusters."""

from __future__ import annotations

from dataclasses import replace

from ..model import Model, ViewDef
from ..palette import ADDED, CLUSTER, FEEDBACK, REMOVED, Swatch
from ..schema import KIND_PLURALS, Activity, Component, ElementSpec
from ..variants import variant_only
from .order import best_layout
from .types import (
    Highlight,
    LegendEntry,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    element_link,
    element_node,
    kind_legend,
    wrap_label,
)

EDGE_LABEL_LIMIT = 24


def _cluster_of(spec: ElementSpec, group_by: str) -> str | None:
    if group_by == "group" and isinstance(spec, Component):
        return spec.group
    if group_by == "phase" and isinstance(spec, Activity):
        return spec.phase
    return None


CLUSTER_KIND = {"group": "group", "phase": "phase"}


def plan_graph(
    model: Model,
    view: ViewDef,
    highlight: Highlight | None = None,
    key: str | None = None,
    title: str | None = None,
) -> ViewPlan:
    """Elements as nodes, grouped in clusters when the view asks, relationships as edges.

    With ``group_by: group`` (or ``phase``), groups (phases) become the clusters that hold
    their members instead of nodes of their own.
    """
    group_by = view.spec.layout.group_by
    cluster_kind = CLUSTER_KIND.get(group_by)
    hidden = highlight.hidden if highlight else frozenset()
    shown_members = [m for m in view.members if m not in hidden]
    members = set(shown_members)
    variants = variant_only(model)[0] if highlight is None else frozenset()
    nodes = []
    cluster_ids: list[str] = []
    for mid in shown_members:
        e = model.element(mid)
        if e.kind == cluster_kind:
            if mid not in cluster_ids:
                cluster_ids.append(mid)
            continue
        cluster = _cluster_of(e.spec, group_by)
        if cluster is not None and cluster not in cluster_ids:
            cluster_ids.append(cluster)
        nodes.append(_marked(element_node(model, mid, cluster), highlight, mid in variants))
    node_ids = {n.id for n in nodes}
    parents: dict[str, str | None] = {}
    if cluster_kind == "group":  # nested groups: each cluster inside its parent's
        for c in list(cluster_ids):
            chain = model.group_chain(c) if c in model.elements else [c]
            for inner, outer in zip(chain, [*chain[1:], None], strict=True):
                parents[inner] = outer
                if inner not in cluster_ids:
                    cluster_ids.append(inner)
    clusters = tuple(
        PlanCluster(
            id=c,
            label=model.element(c).name,
            link=element_link(model.element(c).kind, c),
            parent=parents.get(c),
        )
        for c in cluster_ids
        if c in model.elements
    )
    shown = [
        rid
        for rid in view.rels
        if rid not in hidden
        and model.relationships[rid].source in node_ids
        and model.relationships[rid].target in node_ids
    ]
    labels = view.spec.layout.edge_labels
    labelled = labels == "always" or (labels == "auto" and len(shown) <= EDGE_LABEL_LIMIT)
    edges = tuple(_marked_edge(relationship_edge(model, rid, labelled), highlight) for rid in shown)
    kinds = sorted(
        {model.element(m).kind for m in members if model.element(m).kind != cluster_kind},
        key=list(KIND_PLURALS).index,
    )
    legend = kind_legend(kinds)
    if clusters:
        legend += (LegendEntry(cluster_kind or "group", CLUSTER),)
    if any("feedback" in e.classes for e in edges):
        legend += (
            LegendEntry(
                "feedback loop",
                Swatch(FEEDBACK[0], FEEDBACK[0], FEEDBACK[1], FEEDBACK[1]),
                edge_style="dashed",
            ),
        )
    if any(n.id in variants for n in nodes):
        legend += (LegendEntry("variant: only with some decision options (dashed)", CLUSTER),)
    if highlight is not None:
        legend += (
            LegendEntry(highlight.added_label, ADDED, mark="+"),
            LegendEntry(highlight.removed_label + " (struck through)", REMOVED, mark="−"),
        )
    plan = ViewPlan(
        key=key or view.id,
        title=title or view.spec.title,
        description=view.spec.question,
        direction=view.spec.layout.direction,
        nodes=tuple(nodes),
        edges=edges,
        clusters=clusters,
        legend=legend,
    )
    # a view's own diagram is laid out for it; a decision or a diff lays out its own
    return best_layout(plan) if highlight is None else plan


def _marked(node: PlanNode, highlight: Highlight | None, variant: bool) -> PlanNode:
    if highlight is not None and node.id in highlight.added:
        return replace(
            node, swatch=ADDED, badge="+", penwidth=2.5, classes=(*node.classes, "diff-added")
        )
    if highlight is not None and node.id in highlight.removed:
        return replace(
            node,
            swatch=REMOVED,
            badge="−",
            strike=True,
            link=node.link if highlight.removed_have_pages else None,
            style=node.style.replace("filled", "filled,dashed"),
            classes=(*node.classes, "diff-removed"),
        )
    if variant:
        return replace(node, style=node.style + ",dashed", classes=(*node.classes, "variant"))
    return node


def _marked_edge(edge: PlanEdge, highlight: Highlight | None) -> PlanEdge:
    if highlight is not None and edge.id in highlight.added:
        return replace(
            edge, color=ADDED.stroke, penwidth=2.5, classes=(*edge.classes, "diff-added")
        )
    if highlight is not None and edge.id in highlight.removed:
        return replace(
            edge, color=REMOVED.stroke, style="dashed", classes=(*edge.classes, "diff-removed")
        )
    return edge


EDGE_LINE = 22  # a longer verb phrase is drawn on lines of even length, not across the picture


def edge_label(text: str) -> str:
    """A relationship's label in lines of at most about ``EDGE_LINE`` characters, as even as
    they go: 'topics and subscriptions / of a new pipeline version', not a widowed last word."""
    if len(text) <= EDGE_LINE:
        return text
    lines = -(-len(text) // EDGE_LINE)
    width = -(-len(text) // lines)
    while (wrapped := wrap_label(text, width)).count("\n") >= lines:
        width += 1  # words do not break evenly: widen the lines until that many hold it
    return wrapped


def relationship_edge(model: Model, rel_id: str, labelled: bool = True) -> PlanEdge:
    """An edge for a relationship; feedback loops are dashed and do not pull the layout."""
    rel = model.relationships[rel_id]
    if rel.spec.feedback:
        return PlanEdge(
            id=rel.id,
            source=rel.source,
            target=rel.target,
            label=edge_label(rel.label) if labelled else "",
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
        label=edge_label(rel.label) if labelled else "",
        tooltip=rel.label,
    )
