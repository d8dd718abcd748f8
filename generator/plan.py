"""Stage 4, plan: what a diagram shows, decided without drawing anything.

A ViewPlan lists nodes, edges, clusters and a legend with their styles. Planning is pure, so
a test can compare plans, and every renderer (DOT, `diagrams`, diff highlighting, decisions,
profiles) draws from the same plan type.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace

from .model import Model, ViewDef
from .palette import CLUSTER, FEEDBACK, INK, KIND_SHAPE, KIND_SWATCH, LINE, Swatch
from .schema import KIND_PLURALS, Activity, Component, ElementSpec

LABEL_WIDTH = 22


@dataclass(frozen=True)
class PlanNode:
    id: str
    label: str
    kind: str
    link: str | None  # a site path such as "components/registry", resolved per page
    swatch: Swatch
    shape: str = "box"
    cluster: str | None = None
    tooltip: str = ""
    style: str = "filled,rounded"
    badge: str = ""  # a short mark drawn before the label (e.g. "M", "H", "A")
    penwidth: float = 1.2
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanEdge:
    id: str
    source: str
    target: str
    label: str = ""
    color: str = LINE[0]
    style: str = "solid"
    constraint: bool = True
    penwidth: float = 1.0
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanCluster:
    id: str
    label: str
    link: str | None = None
    swatch: Swatch = CLUSTER
    parent: str | None = None
    rank: str | None = None  # "same" puts the cluster's nodes on one rank


@dataclass(frozen=True)
class LegendEntry:
    label: str
    swatch: Swatch
    shape: str = "box"
    mark: str = ""
    edge_style: str | None = None  # drawn as a line sample instead of a box


@dataclass(frozen=True)
class ViewPlan:
    """One diagram. ``key`` names it (a view id, plus a variant such as a level)."""

    key: str
    title: str
    description: str
    direction: str = "LR"
    nodes: tuple[PlanNode, ...] = ()
    edges: tuple[PlanEdge, ...] = ()
    clusters: tuple[PlanCluster, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    ranksep: float = 0.5
    nodesep: float = 0.3
    extra: dict[str, str] = field(default_factory=dict)

    def with_nodes(self, nodes: tuple[PlanNode, ...]) -> ViewPlan:
        return replace(self, nodes=nodes)


def element_link(kind: str, element_id: str) -> str:
    return f"{KIND_PLURALS[kind]}/{element_id}"


def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """Break a name into lines of about ``width`` characters (never inside a word)."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def first_sentence(text: str, limit: int = 160) -> str:
    sentence = text.strip().split(". ")[0].strip()
    if not sentence.endswith("."):
        sentence += "."
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def element_node(model: Model, element_id: str, cluster: str | None = None) -> PlanNode:
    e = model.element(element_id)
    code = f"{e.spec.code} · " if e.spec.code else ""
    return PlanNode(
        id=e.id,
        label=wrap_label(code + e.name),
        kind=e.kind,
        link=element_link(e.kind, e.id),
        swatch=KIND_SWATCH[e.kind],
        shape=KIND_SHAPE[e.kind],
        cluster=cluster,
        tooltip=f"{e.name} ({e.kind}): {first_sentence(e.spec.description)}",
        style="filled,rounded" if KIND_SHAPE[e.kind] == "box" else "filled",
    )


def kind_legend(kinds: list[str]) -> tuple[LegendEntry, ...]:
    return tuple(LegendEntry(k, KIND_SWATCH[k], KIND_SHAPE[k]) for k in kinds)


def _cluster_of(model: Model, spec: ElementSpec, group_by: str) -> str | None:
    if group_by == "group" and isinstance(spec, Component):
        return spec.group
    if group_by == "phase" and isinstance(spec, Activity):
        return spec.phase
    return None


def plan_graph(model: Model, view: ViewDef) -> ViewPlan:
    """Elements as nodes, grouped in clusters when the view asks, relationships as edges."""
    group_by = view.spec.layout.group_by
    members = set(view.members)
    nodes = []
    cluster_ids: list[str] = []
    for mid in view.members:
        e = model.element(mid)
        cluster = _cluster_of(model, e.spec, group_by)
        if cluster is not None and cluster in members:
            cluster = None  # the group is itself a node of this view
        if cluster is not None and cluster not in cluster_ids:
            cluster_ids.append(cluster)
        nodes.append(element_node(model, mid, cluster))
    clusters = tuple(
        PlanCluster(
            id=c,
            label=model.element(c).name,
            link=element_link(model.element(c).kind, c),
        )
        for c in cluster_ids
        if c in model.elements
    )
    edges = tuple(relationship_edge(model, rid) for rid in view.rels)
    kinds = sorted({model.element(m).kind for m in members}, key=list(KIND_PLURALS).index)
    legend = kind_legend(kinds)
    if any(model.relationships[r].spec.feedback for r in view.rels):
        legend += (LegendEntry("feedback loop", CLUSTER, edge_style="dashed"),)
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


def relationship_edge(model: Model, rel_id: str) -> PlanEdge:
    rel = model.relationships[rel_id]
    if rel.spec.feedback:
        return PlanEdge(
            id=rel.id,
            source=rel.source,
            target=rel.target,
            label=rel.label,
            color=FEEDBACK[0],
            style="dashed",
            constraint=False,
            penwidth=1.4,
            classes=("feedback",),
        )
    return PlanEdge(id=rel.id, source=rel.source, target=rel.target, label=rel.label)


__all__ = [
    "INK",
    "LegendEntry",
    "PlanCluster",
    "PlanEdge",
    "PlanNode",
    "ViewPlan",
    "element_link",
    "element_node",
    "plan_graph",
]
