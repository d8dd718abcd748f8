"""Layout quality of the default site, measured from the curves Graphviz draws (`dot -Tjson`):
crossings per diagram and over all diagrams, as the README's layout-quality table reports.

The issue's targets are 0.2 crossings per edge overall and 15 on any one diagram; the first is
not met yet, so the overall bound here is today's figure rounded up, to catch regressions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from radoc.build import plan_source, plan_view
from radoc.plan.context import plan_context
from radoc.plan.decision import decision_plans
from radoc.plan.profile import plan_seams
from radoc.profiles import analyse_profile
from radoc.render.icons import resources_dir
from radoc.render.quality import LayoutQuality, fitted_font_px, measure
from radoc.validate import validate_project

from .conftest import REPO

pytestmark = [pytest.mark.dot, pytest.mark.slow]


@pytest.fixture(scope="module")
def measured() -> dict[str, LayoutQuality]:
    model = validate_project(REPO / "architecture").model
    assert model is not None
    plans = [p for v in model.views for p in plan_view(model, v)]
    plans += decision_plans(model)
    plans += [
        plan_seams(model, a)
        for a in map(lambda p: analyse_profile(model, p), model.profiles)
        if a.seams
    ]
    plans += [c for c in (plan_context(model, e) for e in model.elements) if c is not None]

    def one(plan: object) -> tuple[str, LayoutQuality]:
        source = plan_source(plan)  # type: ignore[arg-type]
        options = (f"-Gimagepath={resources_dir()}",) if "image=" in source else ()
        return plan.key, measure(source, options=options)  # type: ignore[attr-defined]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, plans))


def test_the_first_picture_of_the_architecture_reads_at_a_glance(
    measured: dict[str, LayoutQuality],
) -> None:
    functional = measured["functional"]
    assert functional.crossings <= 15
    assert functional.nodes <= 12, "an overview shows groups, about a dozen nodes at most"
    assert fitted_font_px(functional, 688) >= 7.5


def test_element_context_diagrams_never_cross(measured: dict[str, LayoutQuality]) -> None:
    crossing = {
        k: q.crossings
        for k, q in measured.items()
        if k.startswith("context.") and ".." not in k and q.crossings
    }
    assert crossing == {}


def test_crossings_over_all_diagrams_do_not_grow(measured: dict[str, LayoutQuality]) -> None:
    crossings = sum(q.crossings for q in measured.values())
    edges = sum(q.edges for q in measured.values())
    assert edges > 0
    assert crossings / edges <= 0.4, f"{crossings} crossings on {edges} edges"
