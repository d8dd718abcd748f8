"""Stage 4, plan: what each diagram shows, decided without drawing anything.

A ViewPlan lists nodes, edges, clusters and a legend with their styles. Planning is pure, so
a test can compare plans, and every renderer (DOT, `diagrams`, diff highlighting, decisions,
profiles) draws from the same plan type. One module per view kind.
"""

from .types import (
    Highlight,
    LegendEntry,
    NodeRow,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    diagram_key,
    element_link,
    element_node,
    first_sentence,
    kind_legend,
    with_style_legend,
    wrap_label,
)

__all__ = [
    "Highlight",
    "LegendEntry",
    "NodeRow",
    "PlanCluster",
    "PlanEdge",
    "PlanNode",
    "ViewPlan",
    "diagram_key",
    "element_link",
    "element_node",
    "first_sentence",
    "kind_legend",
    "with_style_legend",
    "wrap_label",
]
