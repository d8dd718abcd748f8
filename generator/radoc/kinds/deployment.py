"""`deployment` views: environments with what runs in them, drawn with provider icons;
optionally as one profile builds it (its options applied, its tools' icons)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, ViewDef
from ..pages.markdown import escape_md
from ..plan import ViewPlan
from ..plan.deployment import plan_deployment
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
        return "\n\n".join(shown)

    def extra_pages(
        self, parts: PageParts, view: ViewDef, plans: list[ViewPlan]
    ) -> list[tuple[str, str]]:
        return []


KIND = DeploymentKind()
