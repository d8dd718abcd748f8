"""The plan of a `deployment` view: environments as clusters, the components each hosts as
icon nodes (one node per component and environment), drawn through `diagrams`."""

from __future__ import annotations

from ..model import Model, ViewDef
from ..palette import KIND_SWATCH, LINE
from ..schema import Component, Group, Tool
from ..text import plain_text
from .types import (
    LegendEntry,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    element_link,
    first_sentence,
    grid_layout,
    wrap_label,
)

HOSTS = "hosts"
ROW = 6  # icons side by side in an environment before the next row


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
    present: frozenset[str] | None = None,
) -> ViewPlan:
    """``picks`` maps components to the tools a profile chose (their icons and names are shown);
    ``present`` limits the view to the elements of that profile's architecture."""
    members = set(view.members) if present is None else set(view.members) & present
    environments = [e for e in model.of_kind("environment") if e.id in members]
    env_ids = {e.id for e in environments}
    placed: dict[str, list[str]] = {}  # component → node ids
    nodes: list[PlanNode] = []
    for env in environments:
        for rid in model.rels_out.get(env.id, ()):
            rel = model.relationships[rid]
            if rel.verb != HOSTS or rel.target not in members or rel.target in env_ids:
                continue
            comp = model.element(rel.target)
            tool = (picks or {}).get(comp.id)
            label = wrap_label(comp.name, 18)
            if tool and tool in model.elements:
                label += "\n" + wrap_label(f"({model.element(tool).name})", 18)
            node_id = f"{env.id}--{comp.id}"
            placed.setdefault(comp.id, []).append(node_id)
            nodes.append(
                PlanNode(
                    id=node_id,
                    label=label,
                    kind=comp.kind,
                    link=element_link(comp.kind, comp.id),
                    swatch=KIND_SWATCH[comp.kind],
                    cluster=env.id,
                    tooltip=f"{comp.name} in {env.name}: {first_sentence(plain_text(comp.spec.description))}",
                    icon=component_icon(model, comp.id, tool),
                )
            )
    # environments stacked top to bottom, each a grid of icons ROW wide
    rows, grid_edges = grid_layout([e.id for e in environments], nodes, ROW)
    edges: list[PlanEdge] = list(grid_edges)
    for rid in view.rels:
        rel = model.relationships[rid]
        if rel.verb == HOSTS or rel.source not in placed or rel.target not in placed:
            continue
        pairs = [
            (a, b)
            for a in placed[rel.source]
            for b in placed[rel.target]
            if a.split("--")[0] == b.split("--")[0]
        ] or [(placed[rel.source][0], placed[rel.target][0])]
        for a, b in pairs:
            # the grid places the icons; relationships are drawn without moving them
            edges.append(
                PlanEdge(
                    id=f"{rel.id}--{a}",
                    source=a,
                    target=b,
                    label=rel.label,
                    color=LINE[0],
                    constraint=False,
                )
            )
    clusters = tuple(
        PlanCluster(
            id=e.id,
            label=e.name,
            link=element_link("environment", e.id),
            swatch=KIND_SWATCH["environment"],
        )
        for e in environments
    )
    legend = (
        LegendEntry("environment", KIND_SWATCH["environment"]),
        LegendEntry(
            "component (icon: " + ("the profile's tool" if picks else "its kind") + ")",
            KIND_SWATCH["component"],
        ),
    )
    return ViewPlan(
        key=view.id,
        title=view.spec.title,
        description=view.spec.question,
        direction="TB",
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=clusters,
        legend=legend,
        same_rank=tuple(rows),
        engine="diagrams",
    )
