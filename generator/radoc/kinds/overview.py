"""`overview` views: zoom levels. The groups as nodes with their relationships aggregated,
and a page per group with its elements in full."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, ViewDef
from ..pages.markdown import escape_md
from ..plan import ViewPlan
from ..plan.overview import overview_groups, plan_overview, plan_zoom, zoom_group, zoom_page
from ..urls import md_link
from . import PageParts


@dataclass(frozen=True)
class OverviewKind:
    name: str = "overview"
    exportable: bool = True

    def plan(self, model: Model, view: ViewDef) -> list[ViewPlan]:
        groups = overview_groups(model, view)
        return [plan_overview(model, view), *(plan_zoom(model, view, g) for g in groups)]

    def body(self, parts: PageParts, view: ViewDef, plans: list[ViewPlan], page: str) -> str:
        model = parts.model
        words = model.words("group")
        zooms = [
            f"- [{escape_md(model.element(zoom_group(p.key)).name)}]"
            f"({md_link(page, zoom_page(view.id, zoom_group(p.key)) + '.md')})"
            for p in plans[1:]
        ]
        intro = (
            f"Each {words.singular} is one node; an edge stands for all relationships between "
            f"two of them, labelled with how many there are and their verbs. Click a "
            f"{words.singular} to zoom into it."
        )
        overview = parts.embed(plans[0].key, page, True)
        if not zooms:
            return "\n\n".join([intro, overview])
        heading = f"**Zoom into a {words.singular}:**"
        return "\n\n".join([intro, overview, heading + "\n\n" + "\n".join(zooms)])

    def extra_pages(
        self, parts: PageParts, view: ViewDef, plans: list[ViewPlan]
    ) -> list[tuple[str, str]]:
        out = []
        for plan in plans[1:]:
            group_id = zoom_group(plan.key)
            page = zoom_page(view.id, group_id) + ".md"
            out.append(
                parts.pages.zoomed_view(
                    view,
                    group_id,
                    page,
                    parts.embed(plan.key, page, False),
                    (n.id for n in plan.nodes),
                )
            )
        return out

    def listed(self, view: ViewDef, plans: list[ViewPlan]) -> tuple[str, ...]:
        return view.members


KIND = OverviewKind()
