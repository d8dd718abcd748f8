"""The context diagram of an element page: the element, its direct neighbours and the
relationships between it and them, each labelled with its verb. What points at the element
stands on its left, what it points at on its right, so the picture reads as a flow through it."""

from __future__ import annotations

from dataclasses import replace

from ..model import Model
from ..palette import FEEDBACK, LINE, Swatch
from ..schema import KIND_PLURALS
from ..variants import variant_only
from .graph import relationship_edge
from .types import LegendEntry, ViewPlan, diagram_key, element_node, kind_legend


def plan_context(model: Model, element_id: str) -> ViewPlan | None:
    """None for an element without relationships (its page says so in words)."""
    rel_ids = [*model.rels_in.get(element_id, ()), *model.rels_out.get(element_id, ())]
    if not rel_ids:
        return None
    variant_elements, variant_rels = variant_only(model)
    element = model.element(element_id)
    centre = element_node(model, element_id)  # its style's class kept: the legend names it
    centre = replace(centre, penwidth=2.6, classes=(*centre.classes, "focus"), link=None)
    nodes = [centre]
    seen = {element_id}
    edges = []
    for rid in rel_ids:
        rel = model.relationships[rid]
        other = rel.target if rel.source == element_id else rel.source
        if other not in seen:
            seen.add(other)
            node = element_node(model, other)
            if other in variant_elements:
                node = replace(
                    node, style=node.style + ",dashed", classes=(*node.classes, "variant")
                )
            nodes.append(node)
        edge = replace(relationship_edge(model, rid), label=rel.verb, tooltip=rel.label)
        if rid in variant_rels:
            edge = replace(edge, style="dashed", classes=(*edge.classes, "variant"))
        # feedback loops keep their dash and colour but still place the nodes left to right
        edges.append(replace(edge, constraint=True))
    kinds = sorted({n.kind for n in nodes}, key=list(KIND_PLURALS).index)
    legend = kind_legend(kinds)
    if any("feedback" in e.classes for e in edges):
        legend += (
            LegendEntry(
                "feedback loop",
                Swatch(FEEDBACK[0], FEEDBACK[0], FEEDBACK[1], FEEDBACK[1]),
                edge_style="dashed",
            ),
        )
    legend += (
        LegendEntry(
            "relationship, labelled with its verb",
            Swatch(LINE[0], LINE[0], LINE[1], LINE[1]),
            edge_style="solid",
        ),
    )
    return ViewPlan(
        key=diagram_key("context", element_id),
        title=f"{element.name} in context",
        description=f"What {element.name} is related to, and how.",
        direction="LR",
        nodes=tuple(nodes),
        edges=tuple(edges),
        legend=legend,
        nodesep=0.2,
        ranksep=0.9,
    )
