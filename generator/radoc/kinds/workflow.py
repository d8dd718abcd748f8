"""`workflow` views: phases as lanes, one diagram per level, shown as tabs."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, ViewDef
from ..pages.html import tabs
from ..plan import ViewPlan
from ..plan.workflow import plan_workflow, workflow_levels
from . import PageParts


@dataclass(frozen=True)
class WorkflowKind:
    name: str = "workflow"
    exportable: bool = True

    def plan(self, model: Model, view: ViewDef) -> list[ViewPlan]:
        return [plan_workflow(model, view, level) for level in workflow_levels(model, view)]

    def body(self, parts: PageParts, view: ViewDef, plans: list[ViewPlan], page: str) -> str:
        shown = [parts.embed(p.key, page, True) for p in plans]
        if len(plans) <= 1:
            return "\n\n".join(shown)
        levels = workflow_levels(parts.model, view)
        return tabs(
            f"levels-{view.id}",
            [(parts.model.element(lv).name, html) for lv, html in zip(levels, shown, strict=True)],
        )

    def extra_pages(
        self, parts: PageParts, view: ViewDef, plans: list[ViewPlan]
    ) -> list[tuple[str, str]]:
        return []

    def listed(self, view: ViewDef, plans: list[ViewPlan]) -> tuple[str, ...]:
        return view.members


KIND = WorkflowKind()
