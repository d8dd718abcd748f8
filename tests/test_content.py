"""The default architecture: the counts the reference architecture promises, and every element
described and sourced (so a later edit cannot quietly empty them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from radoc.model import Model
from radoc.schema import Activity, Component, Level, Tool
from radoc.validate import validate_project

from .conftest import REPO

BRIEF_SOURCES = {
    "amou2024ra",
    "amou2024sms",
    "kreuzberger2023",
    "google-mlops-levels",
    "azure-maturity",
    "kumara2025",
    "shankar2024",
    "parasuraman2000",
    "john2021",
}


@pytest.fixture(scope="module")
def model() -> Model:
    result = validate_project(REPO / "architecture")
    assert result.model is not None, [str(d) for d in result.diagnostics]
    assert result.diagnostics == [], "radoc check --strict must pass on the default architecture"
    return result.model


@pytest.mark.parametrize(
    ("kind", "at_least"),
    [
        ("principle", 9),
        ("role", 10),
        ("component", 40),
        ("group", 6),
        ("phase", 9),
        ("activity", 25),
        ("artifact", 10),
        ("environment", 3),
        ("level", 4),
        ("tool", 70),
        ("quality", 7),
    ],
)
def test_counts(model: Model, kind: str, at_least: int) -> None:
    assert len(model.of_kind(kind)) >= at_least


def test_views_decisions_profiles(model: Model) -> None:
    assert {v.id for v in model.views} >= {
        "context",
        "functional",
        "workflow",
        "data",
        "deployment",
        "human-involvement",
        "tool-support",
        "maturity",
        "principles",
    }
    assert all(v.spec.question.strip().endswith("?") for v in model.views)
    assert len(model.decisions) >= 6 and all(len(d.spec.options) >= 2 for d in model.decisions)
    assert len(model.profiles) >= 3
    assert {p.spec.level for p in model.profiles} == {lv.id for lv in model.levels()}


def test_every_element_is_described_and_sourced(model: Model) -> None:
    for e in model.elements.values():
        sentences = len(re.findall(r"[.!?](\s|$)", e.spec.description.strip()))
        assert 2 <= sentences <= 6, f"{e.id}: {sentences} sentences"
        assert e.spec.sources or (e.spec.inferred and e.spec.rationale), e.id


def test_bibliography_is_complete(model: Model) -> None:
    assert set(model.sources) >= BRIEF_SOURCES
    for key, s in model.sources.items():
        assert s.authors and s.title and s.year, key
        assert s.doi or s.url, key


def test_activities_have_every_level_and_reasons_for_people(model: Model) -> None:
    levels = [lv.id for lv in model.levels()]
    assert len(levels) == 4
    for a in model.activities():
        assert isinstance(a.spec, Activity)
        assert list(a.spec.automation) == levels, a.id
        assert a.spec.roles, a.id
        for level in levels[1:]:
            auto = a.spec.automation[level]
            if auto.mode != "automated":
                assert auto.rationale, f"{a.id} at {level}"
    assert any(a.spec.gate for a in model.activities())


def test_components_groups_and_tools(model: Model) -> None:
    groups = {c.spec.group for c in model.components() if isinstance(c.spec, Component)}
    assert len(groups) == 6
    for t in model.tools():
        assert isinstance(t.spec, Tool)
        assert t.spec.url.startswith("https://") and t.spec.supports, t.id


def test_levels_map_to_google_and_azure(model: Model) -> None:
    for lv in model.levels():
        assert isinstance(lv.spec, Level)
        assert {"Google", "Azure"} <= set(lv.spec.maps_to), lv.id


def test_feedback_loops(model: Model) -> None:
    phases = {p.id for p in model.phases_in_order()}
    loops = [
        r
        for r in model.relationships.values()
        if r.spec.feedback and r.source in phases and r.target in phases
    ]
    assert len(loops) >= 4


def test_landing_page_names_the_three_problems() -> None:
    text = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    for view in (
        "views/functional.md",
        "views/tool-support.md",
        "views/human-involvement.md",
        "views/workflow.md",
    ):
        assert view in text
    assert Path(REPO / "docs/reading.md").is_file() and Path(REPO / "docs/editing.md").is_file()
