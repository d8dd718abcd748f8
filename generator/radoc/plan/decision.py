"""Per-option diagrams of a decision: its view, with what the option adds highlighted and
what it removes faded and struck through, relative to the baseline."""

from __future__ import annotations

from ..model import DecisionDef, Model
from ..variants import apply_options, compare
from .graph import plan_graph
from .types import Highlight, ViewPlan, diagram_key


def plan_option(model: Model, decision: DecisionDef, option_id: str) -> ViewPlan:
    view = model.view(decision.spec.view)
    baseline = apply_options(model)
    chosen = apply_options(model, {decision.id: option_id})
    changes = compare(baseline, chosen)
    everything = set(model.elements) | set(model.relationships)
    shown = baseline.elements | chosen.elements | baseline.relationships | chosen.relationships
    option_name = next(o.name for o in decision.spec.options if o.id == option_id)
    highlight = Highlight(
        added=changes.added_elements | changes.added_relationships,
        removed=changes.removed_elements | changes.removed_relationships,
        hidden=frozenset(everything - shown),
        added_label=f"added by '{option_name}'",
        removed_label=f"removed by '{option_name}'",
    )
    return plan_graph(
        model,
        view,
        highlight,
        key=diagram_key("decision", decision.id, option_id),
        title=f"{decision.spec.name}: {option_name}",
    )
