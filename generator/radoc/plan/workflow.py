"""The plan of a `workflow` view: phases as ordered lanes, activities in order inside them,
coloured by how automated they are at one maturity level, with feedback loops drawn apart."""

from __future__ import annotations

import itertools

from ..model import Element, Model, ViewDef
from ..palette import (
    AUTOMATION_LABEL,
    AUTOMATION_LETTER,
    AUTOMATION_SWATCH,
    CLUSTER,
    FEEDBACK,
    INK,
    KIND_SWATCH,
    LINE,
    Swatch,
)
from ..schema import Activity
from ..text import plain_text
from .graph import relationship_edge
from .types import (
    LegendEntry,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    diagram_key,
    element_link,
    first_sentence,
    wrap_label,
)

GATE_MARK = "◆"


def workflow_levels(model: Model, view: ViewDef) -> list[str]:
    """The maturity levels a workflow view draws: those it names, or all of them."""
    return list(view.spec.levels) or [lv.id for lv in model.levels()]


def activity_node(model: Model, act: Element[Activity], level_id: str) -> PlanNode:
    spec = act.spec
    auto = spec.automation.get(level_id)
    mode = auto.mode if auto else "manual"
    label = wrap_label(act.name, 20)
    if spec.gate:
        label += f"\n{GATE_MARK} approval gate"
    why = f" — {auto.rationale}" if auto and auto.rationale else ""
    level_name = model.element(level_id).name
    return PlanNode(
        id=act.id,
        label=label,
        kind="activity",
        link=element_link("activity", act.id),
        swatch=AUTOMATION_SWATCH[mode],
        shape="box",
        cluster=spec.phase,
        tooltip=f"{act.name}: {AUTOMATION_LABEL[mode]} at {level_name}{why}",
        badge=AUTOMATION_LETTER[mode],
        style="filled,rounded,bold"
        if mode == "automated"
        else ("filled,rounded,dashed" if mode == "human-in-the-loop" else "filled,rounded"),
        classes=(f"auto-{mode}", *(("gate",) if spec.gate else ())),
        peripheries=2 if spec.gate else 1,
        penwidth=1.6 if spec.gate else 1.2,
    )


def lane_rows(acts: list[Element[Activity]], wrap: int) -> list[list[Element[Activity]]]:
    """A phase's activities in rows of at most `wrap`, as even as they go (7 by 4: 4 and 3)."""
    count = -(-len(acts) // wrap)
    size = -(-len(acts) // count)
    return [acts[i : i + size] for i in range(0, len(acts), size)]


def plan_workflow(model: Model, view: ViewDef, level_id: str) -> ViewPlan:
    members = set(view.members)
    phases = [p for p in model.phases_in_order() if p.id in members]
    phase_ids = {p.id for p in phases}
    acts_in: dict[str, list[Element[Activity]]] = {p.id: [] for p in phases}
    for a in model.activities():
        if a.id in members and a.spec.phase in acts_in:
            acts_in[a.spec.phase].append(a)

    nodes: list[PlanNode] = []
    edges: list[PlanEdge] = []
    clusters: list[PlanCluster] = []
    rows: list[tuple[str, ...]] = []
    wrap = view.spec.layout.lane_width
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    for number, phase in enumerate(phases, start=1):
        clusters.append(
            PlanCluster(
                id=phase.id,
                label=phase.name if phase.name[:1].isdigit() else f"{number}. {phase.name}",
                link=element_link("phase", phase.id),
                swatch=KIND_SWATCH["phase"],
                # a lane: its activities side by side, in order, wrapped onto rows below
                rank="same" if len(acts_in[phase.id]) <= wrap else None,
            )
        )
        acts = acts_in[phase.id]
        if len(acts) > wrap:
            rows.extend(tuple(a.id for a in row) for row in lane_rows(acts, wrap))
        if not acts:  # a phase without activities still takes its place in the order
            nodes.append(
                PlanNode(
                    id=f"{phase.id}--empty",
                    label="(no activities)",
                    kind="phase",
                    link=element_link("phase", phase.id),
                    swatch=CLUSTER,
                    cluster=phase.id,
                    style="dashed,rounded",
                    tooltip=f"{phase.name}: {first_sentence(plain_text(phase.spec.description))}",
                )
            )
            first[phase.id] = last[phase.id] = f"{phase.id}--empty"
            continue
        for a in acts:
            nodes.append(activity_node(model, a, level_id))
        for prev, nxt in itertools.pairwise(acts):
            edges.append(
                PlanEdge(
                    id=f"seq-{prev.id}-{nxt.id}",
                    source=prev.id,
                    target=nxt.id,
                    color=LINE[0],
                    arrowhead="vee",
                )
            )
        first[phase.id], last[phase.id] = acts[0].id, acts[-1].id

    for phase in phases:
        for before in phase.spec.follows:
            if before in phase_ids:
                edges.append(
                    PlanEdge(
                        id=f"flow-{before}-{phase.id}",
                        source=first[before],
                        target=first[phase.id],
                        color=INK[0],
                        penwidth=1.6,
                        tail_cluster=before,
                        head_cluster=phase.id,
                        tooltip=f"{model.element(before).name} → {phase.name}",
                    )
                )
    for rid in view.rels:
        rel = model.relationships[rid]
        if rel.spec.feedback and rel.source in phase_ids and rel.target in phase_ids:
            edges.append(
                PlanEdge(
                    id=rel.id,
                    source=first[rel.source],
                    target=last[rel.target],
                    label=rel.label,
                    tooltip=f"feedback loop: {rel.label}",
                    color=FEEDBACK[0],
                    style="dashed",
                    constraint=False,
                    penwidth=1.6,
                    tail_cluster=rel.source,
                    head_cluster=rel.target,
                    classes=("feedback",),
                )
            )
        elif rel.source in first or rel.target in first:
            continue  # other phase-level relationships are told by the lane order
        elif not rel.spec.feedback:
            edges.append(relationship_edge(model, rid))

    legend = (
        *tuple(
            LegendEntry(
                AUTOMATION_LABEL[m],
                AUTOMATION_SWATCH[m],
                mark=AUTOMATION_LETTER[m],
                border="dashed" if m == "human-in-the-loop" else "",
            )
            for m in ("manual", "human-in-the-loop", "automated")
        ),
        LegendEntry("approval gate (double border)", CLUSTER, mark=GATE_MARK),
        LegendEntry("phase order", Swatch(INK[0], INK[0], INK[1], INK[1]), edge_style="solid"),
        LegendEntry(
            "feedback loop",
            Swatch(FEEDBACK[0], FEEDBACK[0], FEEDBACK[1], FEEDBACK[1]),
            edge_style="dashed",
        ),
    )
    level = model.element(level_id)
    return ViewPlan(
        key=diagram_key(view.id, level_id),
        title=f"{view.spec.title} — {level.name}",
        description=view.spec.question,
        direction=view.spec.layout.direction,
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=tuple(clusters),
        legend=legend,
        same_rank=tuple(rows),
        ranksep=0.45,
        nodesep=0.25,
        extra={"compound": "true"},
    )
