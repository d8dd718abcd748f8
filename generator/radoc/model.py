"""Stage 3, the model: typed and frozen, ids resolved, back references computed once.

Every object keeps the position of its YAML source so later checks and pages can point at it.
Lookups are dictionaries built once here, so later stages never scan lists for an id.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Generic, TypeVar, cast

from .diagnostics import Pos
from .schema import (
    KIND_PLURALS,
    Activity,
    Component,
    Decision,
    ElementSpec,
    Environment,
    Group,
    Level,
    Phase,
    Profile,
    Relationship,
    SettingsFile,
    Source,
    Tool,
    View,
)
from .vocabulary import DEFAULT_NAMES, Words, words_for

S = TypeVar("S", bound=ElementSpec)


@dataclass(frozen=True)
class Element(Generic[S]):
    kind: str
    spec: S
    pos: Pos

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def plural(self) -> str:
        return KIND_PLURALS[self.kind]


@dataclass(frozen=True)
class Rel:
    spec: Relationship
    pos: Pos

    @property
    def id(self) -> str:
        return self.spec.rel_id

    @property
    def source(self) -> str:
        return self.spec.from_

    @property
    def target(self) -> str:
        return self.spec.to

    @property
    def verb(self) -> str:
        return self.spec.verb

    @property
    def label(self) -> str:
        return self.spec.label or self.spec.verb


@dataclass(frozen=True)
class ViewDef:
    spec: View
    pos: Pos
    members: tuple[str, ...]
    rels: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class DecisionDef:
    spec: Decision
    pos: Pos

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class ProfileDef:
    spec: Profile
    pos: Pos

    @property
    def id(self) -> str:
        return self.spec.id


def _freeze(d: dict[str, list[str]]) -> MappingProxyType[str, tuple[str, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in d.items()})


@dataclass(frozen=True)
class Model:
    """The whole architecture. Element order is declaration order (files sorted by path)."""

    elements: MappingProxyType[str, Element[ElementSpec]]
    relationships: MappingProxyType[str, Rel]
    views: tuple[ViewDef, ...]
    decisions: tuple[DecisionDef, ...] = ()
    profiles: tuple[ProfileDef, ...] = ()
    sources: MappingProxyType[str, Source] = field(default_factory=lambda: MappingProxyType({}))
    by_kind: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    rels_out: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    rels_in: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    used_in: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    cited_by: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    children: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    tools_for: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    activities_of_role: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    activities_with: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    decisions_touching: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # where each source file is on disk, by the name diagnostics show for it
    source_paths: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # the architecture's own words for the pages, and its drawing styles (settings.yaml)
    settings: SettingsFile = field(default_factory=SettingsFile)

    # -- typed accessors -------------------------------------------------------------------
    def element(self, element_id: str) -> Element[ElementSpec]:
        return self.elements[element_id]

    def words(self, kind: str) -> Words:
        """What the pages call this kind of element (see `radoc.vocabulary`)."""
        return self._words[kind]

    @cached_property
    def _words(self) -> dict[str, Words]:
        present = frozenset(k for k, ids in self.by_kind.items() if ids)
        return {k: words_for(self.settings, k, present) for k in DEFAULT_NAMES}

    def group_chain(self, group_id: str) -> list[str]:
        """A group and the groups it is nested in, innermost first (a cycle stops the walk)."""
        chain: list[str] = []
        current: str | None = group_id
        while current is not None and current in self.elements and current not in chain:
            chain.append(current)
            spec = self.elements[current].spec
            current = spec.group if isinstance(spec, Group) else None
        return chain

    def environment_chain(self, environment_id: str) -> list[str]:
        """An environment and the environments it is part of, innermost first (a cycle stops
        the walk)."""
        chain: list[str] = []
        current: str | None = environment_id
        while current is not None and current in self.elements and current not in chain:
            chain.append(current)
            spec = self.elements[current].spec
            current = spec.environment if isinstance(spec, Environment) else None
        return chain

    def top_group(self, group_id: str) -> str:
        """The outermost group that holds ``group_id`` (itself when it is not nested)."""
        return self.group_chain(group_id)[-1] if group_id in self.elements else group_id

    def in_group(self, group_id: str) -> list[str]:
        """Every element inside a group, nested groups and their components included, in
        declaration order (the group itself not included)."""
        found: list[str] = []
        todo = [group_id]
        seen = {group_id}
        while todo:
            for child in self.children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    found.append(child)
                    todo.append(child)
        order = {eid: i for i, eid in enumerate(self.elements)}
        return sorted(found, key=order.__getitem__)

    def of_kind(self, kind: str) -> list[Element[ElementSpec]]:
        return [self.elements[i] for i in self.by_kind.get(kind, ())]

    def view(self, view_id: str) -> ViewDef:
        return self._views_by_id[view_id]

    @cached_property
    def _views_by_id(self) -> dict[str, ViewDef]:
        return {v.id: v for v in self.views}

    def levels(self) -> list[Element[Level]]:
        return list(self._levels)

    @cached_property
    def _levels(self) -> tuple[Element[Level], ...]:
        found = [
            cast(Element[Level], e) for e in self.of_kind("level") if isinstance(e.spec, Level)
        ]
        return tuple(sorted(found, key=lambda e: (e.spec.rank, e.id)))

    def activities(self) -> list[Element[Activity]]:
        return [e for e in self.of_kind("activity") if isinstance(e.spec, Activity)]  # type: ignore[misc]

    def tools(self) -> list[Element[Tool]]:
        return [e for e in self.of_kind("tool") if isinstance(e.spec, Tool)]  # type: ignore[misc]

    def components(self) -> list[Element[Component]]:
        return [e for e in self.of_kind("component") if isinstance(e.spec, Component)]  # type: ignore[misc]

    def phases_in_order(self) -> list[Element[Phase]]:
        """Phases sorted so that each comes after the ones it follows (ties: declaration order)."""
        return list(self._phases_in_order)

    @cached_property
    def _phases_in_order(self) -> tuple[Element[Phase], ...]:
        phases = [
            cast(Element[Phase], e) for e in self.of_kind("phase") if isinstance(e.spec, Phase)
        ]
        position = {p.id: i for i, p in enumerate(phases)}
        waiting = {p.id: sum(1 for f in p.spec.follows if f in position) for p in phases}
        followers: dict[str, list[str]] = defaultdict(list)
        for p in phases:
            for f in p.spec.follows:
                if f in position:
                    followers[f].append(p.id)
        ready = [i for i, p in enumerate(phases) if waiting[p.id] == 0]
        heapq.heapify(ready)
        placed: list[Element[Phase]] = []
        while ready:  # Kahn's algorithm, always taking the earliest declared phase that is free
            p = phases[heapq.heappop(ready)]
            placed.append(p)
            for nxt in followers[p.id]:
                waiting[nxt] -= 1
                if waiting[nxt] == 0:
                    heapq.heappush(ready, position[nxt])
        if len(placed) < len(phases):  # a cycle: validation reports it; keep declaration order
            seen = {p.id for p in placed}
            placed += [p for p in phases if p.id not in seen]
        return tuple(placed)


def build_model(
    elements: list[Element[ElementSpec]],
    rels: list[Rel],
    views: list[tuple[View, Pos]],
    decisions: list[DecisionDef],
    profiles: list[ProfileDef],
    sources: dict[str, Source],
    source_paths: dict[str, str] | None = None,
    settings: SettingsFile | None = None,
) -> Model:
    """Index validated specs; assumes references were checked (unknown ids are skipped)."""
    by_id = {e.id: e for e in elements}
    rel_by_id = {r.id: r for r in rels}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for e in elements:
        by_kind[e.kind].append(e.id)
    rels_out: dict[str, list[str]] = defaultdict(list)
    rels_in: dict[str, list[str]] = defaultdict(list)
    for r in rels:
        rels_out[r.source].append(r.id)
        rels_in[r.target].append(r.id)

    view_defs = []
    used_in: dict[str, list[str]] = defaultdict(list)
    index = MemberIndex(elements, rels)
    for spec, pos in sorted(views, key=lambda v: (v[0].order, v[0].id)):
        members = index.members(spec)
        shown = index.relationships(spec, set(members))
        view_defs.append(ViewDef(spec, pos, tuple(members), tuple(shown)))
        for m in members:
            used_in[m].append(spec.id)

    cited_by: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    tools_for: dict[str, list[str]] = defaultdict(list)
    activities_of_role: dict[str, list[str]] = defaultdict(list)
    activities_with: dict[str, list[str]] = defaultdict(list)
    for e in elements:
        for key in e.spec.sources:
            cited_by[key].append(e.id)
        element_spec = e.spec
        if isinstance(element_spec, Component | Group) and element_spec.group is not None:
            children[element_spec.group].append(e.id)
        elif isinstance(element_spec, Environment) and element_spec.environment is not None:
            children[element_spec.environment].append(e.id)
        elif isinstance(element_spec, Activity):
            children[element_spec.phase].append(e.id)
            for role in element_spec.roles:
                activities_of_role[role].append(e.id)
            for comp in element_spec.components:
                activities_with[comp].append(e.id)
        elif isinstance(element_spec, Tool):
            for comp in element_spec.supports:
                tools_for[comp].append(e.id)

    touching: dict[str, list[str]] = defaultdict(list)
    for d in decisions:
        ids: set[str] = set()
        for option in d.spec.options:
            ids.update(option.adds.elements)
            ids.update(option.removes.elements)
            for rid in (*option.adds.relationships, *option.removes.relationships):
                if rid in rel_by_id:
                    ids.update((rel_by_id[rid].source, rel_by_id[rid].target))
            for rep in option.replaces:
                ids.update((rep.old, rep.new))
            ids.update(option.qualities)
        for i in sorted(ids):
            touching[i].append(d.id)

    return Model(
        elements=MappingProxyType(by_id),
        relationships=MappingProxyType(rel_by_id),
        views=tuple(view_defs),
        decisions=tuple(sorted(decisions, key=lambda d: d.id)),
        profiles=tuple(sorted(profiles, key=lambda p: p.id)),
        sources=MappingProxyType(dict(sources)),
        by_kind=_freeze(by_kind),
        rels_out=_freeze(rels_out),
        rels_in=_freeze(rels_in),
        used_in=_freeze(used_in),
        cited_by=_freeze(cited_by),
        children=_freeze(children),
        tools_for=_freeze(tools_for),
        activities_of_role=_freeze(activities_of_role),
        activities_with=_freeze(activities_with),
        decisions_touching=_freeze(touching),
        source_paths=MappingProxyType(dict(source_paths or {})),
        settings=settings or SettingsFile(),
    )


class MemberIndex:
    """Elements by kind, tag and id, built once, so selecting a view's members costs the size
    of the view rather than the size of the model."""

    def __init__(self, elements: list[Element[ElementSpec]], rels: list[Rel] | None = None) -> None:
        self.order = {e.id: i for i, e in enumerate(elements)}
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        self.by_tag: dict[str, list[str]] = defaultdict(list)
        self.inside: dict[str, list[str]] = defaultdict(list)  # group → direct members
        for e in elements:
            self.by_kind[e.kind].append(e.id)
            for tag in e.spec.tags:
                self.by_tag[tag].append(e.id)
            parent = getattr(e.spec, "group", None)
            if isinstance(e.spec, Component | Group) and parent is not None:
                self.inside[parent].append(e.id)
        self.rel_order: dict[str, int] = {}
        self.rels_out: dict[str, list[Rel]] = defaultdict(list)
        for i, r in enumerate(rels or ()):
            self.rel_order.setdefault(r.id, i)
            self.rels_out[r.source].append(r)

    def members(self, spec: View) -> list[str]:
        """The element ids a view includes, in declaration order."""
        found: set[str] = set()
        for kind in spec.include.kinds:
            found.update(self.by_kind.get(kind, ()))
        for tag in spec.include.tags:
            found.update(self.by_tag.get(tag, ()))
        found.update(i for i in spec.include.ids if i in self.order)
        for group in spec.include.groups:  # the group itself (its frame) and what it holds
            if group in self.order:
                found.add(group)
            todo = [group]
            while todo:  # nested groups, all the way down (a cycle is reported elsewhere)
                for child in self.inside.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
        found.difference_update(spec.exclude)
        return sorted(found, key=self.order.__getitem__)

    def relationships(self, spec: View, members: set[str]) -> list[str]:
        """The relationship ids a view draws: both ends shown, and passing the view's filter."""
        f = spec.relationships
        if not f.show:
            return []
        verbs = set(f.verbs)
        shown = [
            r
            for m in members
            for r in self.rels_out.get(m, ())
            if r.target in members
            and (not verbs or r.verb in verbs)
            and (f.feedback is None or r.spec.feedback == f.feedback)
        ]
        return [r.id for r in sorted(shown, key=lambda r: self.rel_order[r.id])]
