"""`matrix` views: a table (activities × levels, or tools × components), no diagram."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, ViewDef
from ..plan import ViewPlan
from ..render.matrix import render_matrix
from . import PageParts


@dataclass(frozen=True)
class MatrixKind:
    name: str = "matrix"
    exportable: bool = False

    def plan(self, model: Model, view: ViewDef) -> list[ViewPlan]:
        return []

    def body(self, parts: PageParts, view: ViewDef, plans: list[ViewPlan], page: str) -> str:
        return render_matrix(parts.model, view, page, parts.links)

    def extra_pages(
        self, parts: PageParts, view: ViewDef, plans: list[ViewPlan]
    ) -> list[tuple[str, str]]:
        return []

    def listed(self, view: ViewDef, plans: list[ViewPlan]) -> tuple[str, ...]:
        return view.members


KIND = MatrixKind()
