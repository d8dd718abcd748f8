"""`deployment` views: environments with what runs in them, drawn with provider icons;
optionally as one profile builds it (its options applied, its tools' icons)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, ViewDef
from ..pages.markdown import escape_md
from ..pages.site import PageContext
from ..plan import ViewPlan
from ..plan.deployment import ENVIRONMENT, drawn_elements, plan_deployment, view_placements
from ..profiles import analyse_profile
from ..urls import PROFILES_INDEX, md_link, profile_page
from . import PageParts


@dataclass(frozen=True)
class DeploymentKind:
    name: str = "deployment"
    exportable: bool = True

    def plan(self, model: Model, view: ViewDef) -> list[ViewPlan]:
        profile = next((p for p in model.profiles if p.id == view.spec.profile), None)
        if profile is None:
            return [plan_deployment(model, view)]
        analysis = analyse_profile(model, profile)
        return [plan_deployment(model, view, analysis.picks, analysis.architecture)]

    def body(self, parts: PageParts, view: ViewDef, plans: list[ViewPlan], page: str) -> str:
        shown = [parts.embed(p.key, page, True) for p in plans]
        profile = next((p for p in parts.model.profiles if p.id == view.spec.profile), None)
        if profile is not None:
            link = md_link(page, profile_page(profile.id))
            shown.insert(
                0,
                f"Drawn as the profile [{escape_md(profile.spec.name)}]({link}) builds it: each "
                "component shows the tool that profile picks. Other teams pick other tools; "
                f"[compare the profiles]({md_link(page, PROFILES_INDEX)}).",
            )
        unplaced = self._unplaced(parts.model, view)
        if unplaced:
            verbs = " or ".join(f"*{escape_md(v)}*" for v in view.spec.placement.verbs)
            ctx = PageContext(parts.model, page, parts.links)
            names = ", ".join(ctx.link(e) for e in unplaced)
            shown.append(
                f"Not drawn, as no relationship with the verb {verbs} places them in one of "
                f"the view's environments: {names}."
            )
        return "\n\n".join(shown)

    def listed(self, view: ViewDef, plans: list[ViewPlan]) -> tuple[str, ...]:
        drawn = set().union(*(drawn_elements(p) for p in plans))
        return tuple(m for m in view.members if m in drawn)

    @staticmethod
    def _unplaced(model: Model, view: ViewDef) -> list[str]:
        """The elements the view includes that no placement puts in an environment."""
        placed = {p.element for p in view_placements(model, view)}
        return [m for m in view.members if m not in placed and model.element(m).kind != ENVIRONMENT]

    def extra_pages(
        self, parts: PageParts, view: ViewDef, plans: list[ViewPlan]
    ) -> list[tuple[str, str]]:
        return []


KIND = DeploymentKind()
