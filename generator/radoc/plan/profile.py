"""A profile drawn: its concrete architecture with each component's tool (and icon), and its
integration seams with the components grouped by the tool that serves them."""

from __future__ import annotations

from collections import Counter

from ..model import Model
from ..palette import CLUSTER, COVERAGE_SWATCH, FEEDBACK, KIND_SWATCH, Swatch
from ..profiles import IN_HOUSE, NONE, ProfileAnalysis
from ..schema import Component
from .aggregate import aggregate, aggregate_label, aggregate_tooltip
from .deployment import component_icon
from .types import (
    LegendEntry,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    diagram_key,
    element_link,
    grid_layout,
    wrap_label,
)

ROW = 5
IN_HOUSE_ICON = "programming.flowchart.PredefinedProcess"
GAP_ICON = "generic.blank.Blank"


def _pick_label(model: Model, pick: str) -> str:
    if pick == NONE:
        return "⚠ no tool"
    if pick == IN_HOUSE:
        return "(in-house)"
    return f"({model.element(pick).name})"


def draws_concrete(model: Model) -> bool:
    """Whether a profile's concrete architecture says more than the reference architecture:
    only its tools and its decisions' options make it differ."""
    return bool(model.tools() or model.decisions)


def plan_concrete(model: Model, analysis: ProfileAnalysis) -> ViewPlan:
    """The components in their groups, each labelled and drawn with its chosen tool (in an
    architecture without tools: the components its decisions' options leave)."""
    profile = analysis.profile
    tools = bool(model.tools())
    component = model.words("component").singular
    tool = model.words("tool").singular
    nodes = []
    groups: list[str] = []
    icons = {
        c: component_icon(model, c, p if p not in (NONE, IN_HOUSE) else None)
        for c, p in analysis.picks.items()
    }
    # an architecture that names no icon is drawn as cards, gaps and in-house parts too
    drawn = any(icons.values())
    for comp_id, pick in analysis.picks.items():
        comp = model.element(comp_id)
        assert isinstance(comp.spec, Component)
        group = comp.spec.group
        if group not in groups:
            groups.append(group)
        icon = icons[comp_id]
        if not tools:  # picks mean nothing without tools: the component, and its own icon
            nodes.append(
                PlanNode(
                    id=comp_id,
                    label=wrap_label(comp.name, 18),
                    kind="component",
                    link=element_link("component", comp_id),
                    swatch=KIND_SWATCH["component"],
                    cluster=group,
                    tooltip=comp.name,
                    icon=icon,
                )
            )
            continue
        if drawn and pick in (NONE, IN_HOUSE):
            icon = GAP_ICON if pick == NONE else IN_HOUSE_ICON
        partial = comp_id in analysis.partial
        nodes.append(
            PlanNode(
                id=comp_id,
                label=wrap_label(comp.name, 18)
                + "\n"
                + wrap_label(_pick_label(model, pick) + (", partly" if partial else ""), 20),
                kind="component",
                link=element_link("component", comp_id),
                swatch=COVERAGE_SWATCH["none"]
                if pick == NONE
                else COVERAGE_SWATCH["partial"]
                if partial
                else KIND_SWATCH["component"],
                cluster=group,
                tooltip=f"{comp.name}: {_pick_label(model, pick).strip('()')}",
                icon=icon,
                classes=("gap",) if pick == NONE else (("partial",) if partial else ()),
            )
        )
    parents: dict[str, str | None] = {}
    for g in groups:  # nested groups: each box inside its parent's
        chain = model.group_chain(g) if g in model.elements else [g]
        for inner, outer in zip(chain, [*chain[1:], None], strict=True):
            parents.setdefault(inner, outer)
    declared = {e.id: i for i, e in enumerate(model.of_kind("group"))}
    order = sorted(parents, key=lambda g: (declared.get(g, len(declared)), g))

    def nested(parent: str | None) -> list[str]:  # each group before the groups inside it
        return [x for g in order if parents[g] == parent for x in (g, *nested(g))]

    boxes = nested(None)
    rows, edges = grid_layout(boxes, nodes, ROW)
    clusters = tuple(
        PlanCluster(
            id=g,
            label=model.element(g).name,
            link=element_link("group", g),
            parent=parents[g],
        )
        for g in boxes
        if g in model.elements
    )
    if tools:
        description = f"Each {component} of the reference architecture with the {tool} {profile.spec.name} uses for it."
        legend = [
            LegendEntry(
                f"{component} (icon and name of its {tool})"
                if drawn
                else f"{component} (and its {tool})",
                KIND_SWATCH["component"],
            ),
            LegendEntry(
                f"no {tool}: a coverage gap (red dashed border)",
                COVERAGE_SWATCH["none"],
                mark="⚠",
            ),
        ]
        if analysis.partial:  # explained only where some component is drawn so
            legend.append(
                LegendEntry(
                    f"'partly': its {tool} covers it only in part", COVERAGE_SWATCH["partial"]
                )
            )
    else:
        description = f"Each {component} of the reference architecture that {profile.spec.name} has, after its choices."
        legend = [LegendEntry(component, KIND_SWATCH["component"])]
    return ViewPlan(
        key=diagram_key("profile", profile.id),
        title=f"{profile.spec.name}: the concrete architecture",
        description=description,
        direction="TB",
        nodes=tuple(nodes),
        edges=edges,
        clusters=clusters,
        legend=tuple(legend),
        same_rank=rows,
        engine="diagrams",
    )


def plan_seams(model: Model, analysis: ProfileAnalysis) -> ViewPlan:
    """The seams of a profile: every relationship of the architecture whose two ends are
    served by different tools, aggregated per pair of tools and labelled with how many there
    are and their verbs, in one box per group of the architecture: the seams that start at a
    component of that group, between the tools on each side. A tool that serves several
    groups appears in each, so every box reads on its own (one picture of all tools and all
    their seams crossed itself dozens of times)."""
    profile = analysis.profile
    words = model.words
    served = {c: p for c, p in analysis.picks.items() if p != NONE}
    counts = Counter(served.values())
    order = {g.id: i for i, g in enumerate(model.of_kind("group"))}
    by_group: dict[str, list[str]] = {}
    for seam in analysis.seams:
        spec = model.element(seam.source).spec
        group = spec.group if isinstance(spec, Component) else ""
        by_group.setdefault(group, []).append(seam.relationship)

    def name_of(element_id: str) -> str:
        return model.element(element_id).name

    def tool_node(pick: str, group: str) -> PlanNode:
        name = "In-house" if pick == IN_HOUSE else model.element(pick).name
        parts = [c for c, p in served.items() if p == pick]
        return PlanNode(
            id=f"{group}.{pick}",
            label=wrap_label(name)
            + f"\n({counts[pick]} {words('component').singular if counts[pick] == 1 else words('component').plural})",
            kind="tool",
            link=None if pick == IN_HOUSE else element_link("tool", pick),
            swatch=KIND_SWATCH["tool"],
            shape="box",
            style="filled,rounded",
            cluster=group,
            tooltip=f"{name}: " + ", ".join(model.element(c).name for c in parts),
        )

    nodes: list[PlanNode] = []
    edges: list[PlanEdge] = []
    clusters: list[PlanCluster] = []
    for group in sorted(by_group, key=lambda g: order.get(g, len(order))):
        seams = aggregate(model, by_group[group], served.get)
        picks = list(dict.fromkeys(p for agg in seams for p in (agg.source, agg.target)))
        nodes += [tool_node(pick, group) for pick in picks]
        edges += [
            PlanEdge(
                id=f"{group}.{agg.id}",
                source=f"{group}.{agg.source}",
                target=f"{group}.{agg.target}",
                label=aggregate_label(model, agg),
                color=FEEDBACK[0],
                penwidth=min(1.2 + 0.4 * len(agg.relationships), 4.0),
                classes=("seam",),
                tooltip=aggregate_tooltip(model, agg, name_of),
            )
            for agg in seams
        ]
        name = model.element(group).name if group in model.elements else "Other"
        clusters.append(
            PlanCluster(
                id=group,
                label=f"Seams that start in {name}",
                link=element_link("group", group) if group in model.elements else None,
            )
        )
    # with rankdir=LR, Graphviz stacks a rank's nodes from the bottom up: the boxes are
    # written last group first, so that the first group is drawn at the top
    return ViewPlan(
        key=diagram_key("seams", profile.id),
        title=f"{profile.spec.name}: integration seams",
        description=f"Where one {words('tool').singular} hands over to another: each edge stands for the relationships of the architecture whose two ends different {words('tool').plural} serve, boxed by the {words('group').singular} where they start.",
        direction="LR",
        nodes=tuple(reversed(nodes)),
        edges=tuple(edges),
        clusters=tuple(reversed(clusters)),
        legend=(
            LegendEntry(
                f"{words('tool').singular} (with the {words('component').plural} it serves)",
                KIND_SWATCH["tool"],
            ),
            LegendEntry(
                "seam: how many relationships cross, and their verbs",
                Swatch(FEEDBACK[0], FEEDBACK[0], FEEDBACK[1], FEEDBACK[1]),
                edge_style="solid",
            ),
            LegendEntry(
                f"the seams that start at {words('component').a} of one {words('group').singular}",
                CLUSTER,
            ),
        ),
        nodesep=0.3,
        ranksep=0.6,
    )
