"""Layout quality of every diagram of a site: ``python -m benchmarks --only layout`` (a row
group of ``make bench``) or ``python -m benchmarks.layout [--architecture DIR] [--sort KEY]``.

Every diagram the build draws is planned exactly as the build plans it (views with their zoom
levels and maturity tabs, element context and coverage diagrams, decision options, profile
pictures), laid out with ``dot -Tjson`` and measured by ``radoc.render.quality``: drawn nodes,
drawn edges, crossings, and the smallest label in CSS px once the drawing is fitted to a
688 px column (the width of mkdocs-material's content column at 1440 px)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from radoc.build import element_diagram_plans, plan_source, plan_view
from radoc.model import Model
from radoc.plan import ViewPlan
from radoc.plan.decision import decision_plans
from radoc.plan.profile import plan_concrete, plan_seams
from radoc.profiles import analyse_profile
from radoc.render.icons import resources_dir
from radoc.render.quality import LayoutQuality, fitted_font_px, measure
from radoc.validate import validate_project

from .harness import REPO

COLUMN_PX = 688.0
# the targets of the default site
MAX_PER_EDGE = 0.2
MAX_PER_DIAGRAM = 15
LEGIBLE_PX = 10.0  # below this when fitted, a diagram must offer pan and zoom (every one does)


@dataclass(frozen=True)
class Measured:
    key: str
    kind: str  # which kind of diagram: view, zoom, context, decision, profile, coverage
    quality: LayoutQuality

    @property
    def fitted_px(self) -> float:
        return fitted_font_px(self.quality, COLUMN_PX)


def diagram_kind(key: str) -> str:
    """What kind of diagram a key names (keys are built by the plan modules)."""
    if ".." in key:
        return "zoom"
    if "." not in key:
        return "view"
    head = key.split(".", 1)[0]
    if head in ("context", "decision", "profile", "seams", "coverage", "tools-for"):
        return head
    return "view-level"


def site_plans(model: Model) -> list[ViewPlan]:
    """Every diagram of the site, planned as the build plans it."""
    plans = [p for v in model.views for p in plan_view(model, v)]
    plans += [p for pairs in element_diagram_plans(model).values() for p, _ in pairs]
    plans += decision_plans(model)
    for analysis in (analyse_profile(model, p) for p in model.profiles):
        plans.append(plan_concrete(model, analysis))
        if analysis.seams:
            plans.append(plan_seams(model, analysis))
    return plans


def measure_plan(plan: ViewPlan) -> Measured:
    source = plan_source(plan)
    options = (f"-Gimagepath={resources_dir()}",) if plan.engine == "diagrams" else ()
    return Measured(plan.key, diagram_kind(plan.key), measure(source, options=options))


def measure_site(architecture: Path, workers: int = 2) -> list[Measured]:
    """Every diagram of the site built from ``architecture``, measured, in the build's order."""
    model = validate_project(architecture).model
    if model is None:
        raise SystemExit(f"{architecture}: the architecture does not validate")
    plans = site_plans(model)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(measure_plan, plans))


@dataclass(frozen=True)
class Totals:
    diagrams: int
    nodes: int
    edges: int
    crossings: int
    worst: Measured | None
    over: int  # diagrams over MAX_PER_DIAGRAM
    below_legible: int  # diagrams whose labels are under LEGIBLE_PX when fitted

    @property
    def per_edge(self) -> float:
        return self.crossings / self.edges if self.edges else 0.0


def totals(measured: list[Measured]) -> Totals:
    return Totals(
        diagrams=len(measured),
        nodes=sum(m.quality.nodes for m in measured),
        edges=sum(m.quality.edges for m in measured),
        crossings=sum(m.quality.crossings for m in measured),
        worst=max(measured, key=lambda m: (m.quality.crossings, m.key), default=None),
        over=sum(1 for m in measured if m.quality.crossings > MAX_PER_DIAGRAM),
        below_legible=sum(1 for m in measured if 0 < m.fitted_px < LEGIBLE_PX),
    )


SORTS: dict[str, Callable[[Measured], tuple[object, ...]]] = {
    "crossings": lambda m: (-m.quality.crossings, m.key),
    "key": lambda m: (m.key,),
    "edges": lambda m: (-m.quality.edges, m.key),
    "build": lambda m: (),
}


def table(measured: list[Measured], sort: str = "crossings") -> str:
    """One line per diagram, then the totals per kind and over all."""
    rows = sorted(measured, key=SORTS[sort]) if sort != "build" else measured
    width = max((len(m.key) for m in rows), default=10)
    head = f"{'diagram':<{width}}  {'kind':<10} {'nodes':>5} {'edges':>5} {'cross':>5} {'x/edge':>6} {'width':>7} {'label px':>8}"
    lines = [head, "-" * len(head)]
    for m in rows:
        q = m.quality
        ratio = q.crossings / q.edges if q.edges else 0.0
        lines.append(
            f"{m.key:<{width}}  {m.kind:<10} {q.nodes:>5} {q.edges:>5} {q.crossings:>5} "
            f"{ratio:>6.2f} {q.width_pt * 4 / 3:>5.0f}px {m.fitted_px:>8.1f}"
        )
    lines.append("")
    kinds = sorted({m.kind for m in measured})
    lines.append(
        f"{'by kind':<12} {'diagrams':>8} {'nodes':>6} {'edges':>6} {'cross':>6} {'x/edge':>6} {'most':>5}"
    )
    for kind in [*kinds, "all"]:
        part = [m for m in measured if kind in ("all", m.kind)]
        t = totals(part)
        most = t.worst.quality.crossings if t.worst else 0
        lines.append(
            f"{kind:<12} {t.diagrams:>8} {t.nodes:>6} {t.edges:>6} {t.crossings:>6} "
            f"{t.per_edge:>6.2f} {most:>5}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.layout", description=__doc__)
    parser.add_argument("--architecture", type=Path, default=REPO / "architecture")
    parser.add_argument("--sort", choices=sorted(SORTS), default="crossings")
    args = parser.parse_args(argv)
    measured = measure_site(args.architecture)
    print(table(measured, args.sort))
    t = totals(measured)
    ok = t.per_edge <= MAX_PER_EDGE and t.over == 0
    print(
        f"\n{t.crossings} crossings on {t.edges} edges = {t.per_edge:.3f} per edge "
        f"(target ≤ {MAX_PER_EDGE}); {t.over} diagrams over {MAX_PER_DIAGRAM}; "
        f"{'PASS' if ok else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
