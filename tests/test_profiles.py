"""Profiles and decisions on the example project: every number checked against a computation
that reads the YAML directly, without radoc's model."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from radoc.build import BuildOptions, build_outputs
from radoc.model import Model
from radoc.plan.decision import plan_option
from radoc.plan.profile import plan_concrete
from radoc.profiles import ProfileAnalysis, analyse_profile
from radoc.render.dot import plan_to_dot
from radoc.render.graphviz_run import Renderer
from radoc.validate import validate_project

from .conftest import PROJECTS, copy_project

ARCH = PROJECTS / "mini" / "architecture"


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def independent(profile_id: str) -> dict[str, Any]:
    """Gaps, partial coverage, seams, tools and decision points, computed from the raw YAML."""
    model: dict[str, list[dict[str, Any]]] = {}
    for f in sorted((ARCH / "model").glob("*.yaml")):
        for key, items in _yaml(f).items():
            model.setdefault(key, []).extend(items)
    profile = _yaml(ARCH / "profiles" / f"{profile_id}.yaml")
    decision = _yaml(ARCH / "decisions" / "inference-style.yaml")
    chosen = profile.get("decisions", {}).get(decision["id"], decision["baseline"])
    components = [c["id"] for c in model["components"]]
    # the embedded engine exists only with the 'embedded' option, which replaces inference
    if chosen == "embedded":
        components.remove("inference")
    else:
        components.remove("engine")
    supports = {t["id"]: t["supports"] for t in model["tools"]}
    picks = {c: profile["tools"].get(c, "none") for c in components}
    gaps = [c for c in components if picks[c] == "none"]
    partial = []
    for c, p in picks.items():
        if p in supports:
            cov = supports[p][c]
            if (cov if isinstance(cov, str) else cov["coverage"]) == "partial":
                partial.append(c)
    seams = []
    for r in model["relationships"]:
        a, b = r["from"], r["to"]
        if (
            a in picks
            and b in picks
            and "none" not in (picks[a], picks[b])
            and picks[a] != picks[b]
        ):
            rid = f"{a}-{r['verb']}-{b}"
            if rid == "registry-deploys-engine" and chosen != "embedded":
                continue
            seams.append(rid)
    level = profile["level"]
    points = []
    for act in model["activities"]:
        auto = profile.get("automation", {}).get(act["id"]) or act["automation"][level]
        mode = auto if isinstance(auto, str) else auto["mode"]
        if mode != "automated":
            points.append((act["id"], mode))
    tools = sorted({p for p in picks.values() if p not in ("none", "in-house")})
    return {
        "gaps": gaps,
        "partial": sorted(partial),
        "seams": sorted(seams),
        "tools": tools,
        "points": points,
    }


@pytest.fixture(scope="module")
def model() -> Model:
    old = os.getcwd()
    os.chdir(PROJECTS / "mini")
    try:
        result = validate_project(Path("architecture"))
    finally:
        os.chdir(old)
    assert result.model is not None, [str(d) for d in result.diagnostics]
    return result.model


def analysis(model: Model, profile_id: str) -> ProfileAnalysis:
    return analyse_profile(model, next(p for p in model.profiles if p.id == profile_id))


@pytest.mark.parametrize("profile_id", ["team-a", "team-b"])
def test_analysis_matches_an_independent_computation(model: Model, profile_id: str) -> None:
    a = analysis(model, profile_id)
    expected = independent(profile_id)
    assert list(a.gaps) == expected["gaps"]
    assert sorted(a.partial) == expected["partial"]
    assert sorted(s.relationship for s in a.seams) == expected["seams"]
    assert sorted(a.tools) == expected["tools"]
    assert [(p.activity, p.mode) for p in a.decision_points] == expected["points"]


def test_the_hand_made_profiles_by_number(model: Model) -> None:
    a, b = analysis(model, "team-a"), analysis(model, "team-b")
    assert (len(a.gaps), len(a.partial), len(a.seams), len(a.tools), a.manual, a.in_the_loop) == (
        0,
        2,
        1,
        2,
        0,
        2,
    )
    assert (len(b.gaps), len(b.partial), len(b.seams), len(b.tools), b.manual, b.in_the_loop) == (
        1,
        0,
        1,
        1,
        3,
        0,
    )
    assert b.in_house == ("ingestion", "engine")
    assert [p.overridden for p in a.decision_points] == [False, True]


@pytest.mark.dot
def test_profile_pages_state_the_numbers(model: Model) -> None:
    files = {
        f.path: f.data.decode()
        for f in build_outputs(model, BuildOptions(PROJECTS / "mini"), Renderer(None)).files
        if not f.path.endswith((".png", ".pdf"))
    }
    page = files["profiles/team-a.md"]
    # a count of one takes the singular ("1 seam")
    assert "· 2 tools · 0 gaps · 1 seam · 2 activities with a person involved" in page
    assert (
        "| [Feature store](../components/feature-store.md) (" in page
        and "[Tool B](../tools/tool-b.md)) | → | [Inference service]" in page
    )
    assert "*this team:* Every batch of predictions is reviewed." in page
    # "(baseline)" marks the decisions where the profile keeps the baseline option
    assert "| Inference service *(baseline)* | Latency |" not in page
    assert "| Inference service *(baseline)* | — | Latency |" in page
    assert "| Embedded engine | Latency | — |" in files["profiles/team-b.md"]
    index = files["profiles/index.md"]
    assert "| Integration seams | 1 | 1 |" in index
    assert "| Components with no tool | 0 | 1 |" in index
    assert "| Manual activities | 0 | 3 |" in index


def test_concrete_architecture_applies_the_chosen_options(model: Model) -> None:
    nodes_a = {n.id for n in plan_concrete(model, analysis(model, "team-a")).nodes}
    nodes_b = {n.id for n in plan_concrete(model, analysis(model, "team-b")).nodes}
    assert "inference" in nodes_a and "engine" not in nodes_a
    assert "engine" in nodes_b and "inference" not in nodes_b
    gap = next(
        n for n in plan_concrete(model, analysis(model, "team-b")).nodes if n.id == "feature-store"
    )
    assert "gap" in gap.classes and "⚠ no tool" in gap.label


@pytest.mark.dot
def test_a_gap_frame_is_as_wide_as_its_label(model: Model) -> None:
    """A coverage gap's frame grows with a long label rather than cut through it."""
    import dataclasses
    import xml.etree.ElementTree as ET

    from radoc.build import plan_job

    from .test_deployment import _box

    plan = plan_concrete(model, analysis(model, "team-b"))
    assert plan.engine == "diagrams"
    word = "Featurestoreandonlinefeatureservingcluster"  # one word: no wrap can shorten it
    plan = dataclasses.replace(
        plan,
        nodes=tuple(
            dataclasses.replace(n, label=f"{word}\n⚠ no tool") if n.id == "feature-store" else n
            for n in plan.nodes
        ),
    )
    svg = ET.fromstring(Renderer(None).render_all([plan_job(plan)])[plan_job(plan)].decode())
    left, _, right, _ = _box(svg, f"{plan.key}-n-feature-store")
    assert right - left > 150  # 42 letters at 11 pt; an icon node is 100.8 pt wide


@pytest.mark.dot
def test_decision_golden(model: Model, golden: Callable[[str, str], None]) -> None:
    import re

    d = model.decisions[0]
    plan = plan_option(model, d, "embedded")
    assert plan is not None
    golden("mini/dot/decision.inference-style.embedded.dot", plan_to_dot(plan))
    files = {
        f.path: f.data.decode()
        for f in build_outputs(model, BuildOptions(PROJECTS / "mini"), Renderer(None)).files
        if not f.path.endswith((".png", ".pdf"))
    }
    page = re.sub(
        r"<svg\b.*?</svg>",
        "<svg><!-- drawn from dot/… --></svg>",
        files["decisions/inference-style.md"],
        flags=re.S,
    )
    golden("mini/decisions/inference-style.md", page)


def test_option_diagram_highlights_what_changes(model: Model) -> None:
    plan = plan_option(model, model.decisions[0], "embedded")
    assert plan is not None
    nodes = {n.id: n for n in plan.nodes}
    assert "diff-added" in nodes["engine"].classes and nodes["engine"].badge == "+"
    assert nodes["inference"].strike and "diff-removed" in nodes["inference"].classes
    edges = {e.id: e for e in plan.edges}
    assert "diff-added" in edges["registry-deploys-engine"].classes
    assert "diff-removed" in edges["registry-deploys-inference"].classes


def test_profile_new_lists_every_component(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "radoc", *args],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )

    proc = run("profile", "new", "my-team", "--level", "lv-1")
    assert proc.returncode == 0, proc.stderr
    text = (project / "architecture/profiles/my-team.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/profile.schema.json\n")
    for comp in ("ingestion", "feature-store", "registry", "inference", "engine"):
        assert f"\n  {comp}: none\n" in text
    assert "  # Model registry: tool-a (full)\n" in text
    assert "  inference-style: service\n" in text
    assert run("check").returncode == 0
    again = run("profile", "new", "my-team", "--level", "lv-1")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run("profile", "new", "x", "--level", "lv-7")
    assert bad.returncode == 1 and "level 'lv-7' is not defined" in bad.stderr
    evil = run("profile", "new", "evil\n", "--level", "lv-1")
    assert evil.returncode == 1
    assert (
        evil.stderr
        == "radoc: error: 'evil\\n' is not a valid profile id: use lowercase letters, digits and hyphens\n"
    )
    assert not list((project / "architecture/profiles").glob("evil*"))


def test_picks_for_components_the_profile_does_not_have(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    profiles = project / "architecture/profiles"
    team_a = profiles / "team-a.yaml"
    # team A keeps the inference service, so it has no embedded engine: nothing to pick for it
    team_a.write_text(
        team_a.read_text(encoding="utf-8").replace("  engine: none\n", ""), encoding="utf-8"
    )
    assert check(project) == []
    team_a.write_text(
        team_a.read_text(encoding="utf-8").replace("tools:\n", "tools:\n  engine: in-house\n"),
        encoding="utf-8",
    )
    team_b = profiles / "team-b.yaml"
    team_b.write_text(
        team_b.read_text(encoding="utf-8")
        .replace("  inference: none\n", "  inference: tool-a\n")
        .replace("  ingestion: in-house\n", ""),
        encoding="utf-8",
    )
    assert check(project) == [
        "architecture/profiles/team-a.yaml:7:11: warning [absent-component] profile 'team-a' "
        "picks 'in-house' for component 'engine', which exists only with option 'embedded' of "
        "decision 'inference-style'; write 'engine: none' or drop the line",
        "architecture/profiles/team-b.yaml:7:3: warning [unpicked-component] profile 'team-b' "
        "picks nothing for component 'ingestion'; write 'ingestion: none' if that is intended",
        "architecture/profiles/team-b.yaml:9:14: warning [absent-component] profile 'team-b' "
        "picks 'tool-a' for component 'inference', which its option 'embedded' of decision "
        "'inference-style' removes; write 'inference: none' or drop the line",
    ]


def check(project: Path) -> list[str]:
    old = os.getcwd()
    os.chdir(project)
    try:
        return [str(d) for d in validate_project(Path("architecture")).diagnostics]
    finally:
        os.chdir(old)
