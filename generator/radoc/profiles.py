"""A profile analysed: its concrete architecture, coverage gaps, tool seams and the activities
where people stay involved. Pure: the pages and the tests read the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Model, ProfileDef
from .schema import Activity, AutomationMode, Tool
from .variants import Architecture, apply_options

NONE = "none"
IN_HOUSE = "in-house"


@dataclass(frozen=True)
class Seam:
    """A relationship whose two ends are served by different tools."""

    relationship: str
    source: str
    target: str
    source_pick: str
    target_pick: str


@dataclass(frozen=True)
class DecisionPoint:
    """An activity that is manual or keeps a person in the loop at the profile's level."""

    activity: str
    mode: AutomationMode
    roles: tuple[str, ...]
    rationale: str | None
    overridden: bool


@dataclass(frozen=True)
class ProfileAnalysis:
    profile: ProfileDef
    architecture: Architecture
    picks: dict[str, str]  # component → tool id, 'none' or 'in-house'
    gaps: tuple[str, ...]  # components nothing covers
    partial: tuple[str, ...]  # components whose tool covers them only partly
    seams: tuple[Seam, ...]
    tools: tuple[str, ...]  # distinct tools the workflow spans
    in_house: tuple[str, ...]  # components the team built itself
    decision_points: tuple[DecisionPoint, ...]

    @property
    def manual(self) -> int:
        return sum(p.mode == "manual" for p in self.decision_points)

    @property
    def in_the_loop(self) -> int:
        return sum(p.mode == "human-in-the-loop" for p in self.decision_points)


def analyse_profile(model: Model, profile: ProfileDef) -> ProfileAnalysis:
    spec = profile.spec
    arch = apply_options(model, spec.decisions)
    components = [c.id for c in model.components() if c.id in arch.elements]
    picks = {c: spec.tools.get(c, NONE) for c in components}
    gaps = tuple(c for c in components if picks[c] == NONE)
    partial = []
    for c in components:
        pick = picks[c]
        if pick in (NONE, IN_HOUSE):
            continue
        tool = model.element(pick).spec
        if isinstance(tool, Tool) and c in tool.supports and tool.supports[c].coverage == "partial":
            partial.append(c)
    seams = []
    for rid in sorted(arch.relationships):
        rel = model.relationships[rid]
        a, b = picks.get(rel.source), picks.get(rel.target)
        if a is None or b is None or NONE in (a, b) or a == b:
            continue
        seams.append(Seam(rid, rel.source, rel.target, a, b))
    seams.sort(
        key=lambda s: (components.index(s.source), components.index(s.target), s.relationship)
    )
    tools = tuple(dict.fromkeys(p for p in picks.values() if p not in (NONE, IN_HOUSE)))
    in_house = tuple(c for c in components if picks[c] == IN_HOUSE)
    points = []
    for act in model.activities():
        if act.id not in arch.elements:
            continue
        override = spec.automation.get(act.id)
        auto = override or (act.spec.automation.get(spec.level) if spec.level else None)
        if auto is None or auto.mode == "automated":
            continue
        assert isinstance(act.spec, Activity)
        points.append(
            DecisionPoint(act.id, auto.mode, act.spec.roles, auto.rationale, override is not None)
        )
    return ProfileAnalysis(
        profile, arch, picks, gaps, tuple(partial), tuple(seams), tools, in_house, tuple(points)
    )
