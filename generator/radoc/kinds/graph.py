"""`graph` views: elements as nodes, relationships as edges, optional clusters."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, ViewDef
from ..plan import ViewPlan
from ..plan.graph import plan_graph
from . import PageParts


@dataclass(frozen=True)
class GraphKind:
    name: str = "graph"
    exportable: bool = True

    def plan(self, model: Model, view: ViewDef) -> list[ViewPlan]:
        return [plan_graph(model, view)]

    def body(self, parts: PageParts, view: ViewDef, plans: list[ViewPlan], page: str) -> str:
        return "\n\n".join(parts.embed(p.key, page, True) for p in plans)

    def extra_pages(
        self, parts: PageParts, view: ViewDef, plans: list[ViewPlan]
    ) -> list[tuple[str, str]]:
        return []

    def listed(self, view: ViewDef, plans: list[ViewPlan]) -> tuple[str, ...]:
        return view.members


KIND = GraphKind()
