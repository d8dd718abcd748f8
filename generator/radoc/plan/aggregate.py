"""Relationships aggregated to a coarser level, as Structurizr's implied relationships and
LikeC4's derived ones: when elements are drawn as the group (or tool, or any owner) they belong
to, every relationship between two owners becomes one edge, labelled with how many it stands
for and its most frequent verbs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Model

MAX_VERBS = 2


@dataclass(frozen=True)
class Aggregate:
    """The relationships from one owner to another."""

    source: str
    target: str
    relationships: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.source}--{self.target}"


def aggregate(
    model: Model, relationship_ids: Iterable[str], owner: Callable[[str], str | None]
) -> list[Aggregate]:
    """One aggregate per ordered pair of different owners, in the order they first appear.
    Relationships inside one owner, or with an end that has no owner, are left out."""
    found: dict[tuple[str, str], list[str]] = {}
    for rid in relationship_ids:
        rel = model.relationships[rid]
        a, b = owner(rel.source), owner(rel.target)
        if a is None or b is None or a == b:
            continue
        found.setdefault((a, b), []).append(rid)
    return [Aggregate(a, b, tuple(rids)) for (a, b), rids in found.items()]


def undirected(aggs: list[Aggregate]) -> list[tuple[Aggregate, bool]]:
    """One aggregate per unordered pair (the first direction met), and whether it runs both
    ways: an overview needs to say that two groups are connected, not twice."""
    merged: dict[frozenset[str], Aggregate] = {}
    both: dict[frozenset[str], bool] = {}
    for a in aggs:
        pair = frozenset((a.source, a.target))
        if pair in merged:
            first = merged[pair]
            merged[pair] = Aggregate(
                first.source, first.target, first.relationships + a.relationships
            )
            both[pair] = True
        else:
            merged[pair] = a
            both[pair] = False
    return [(a, both[p]) for p, a in merged.items()]


def aggregate_label(model: Model, agg: Aggregate) -> str:
    """'3 · feeds, writes': how many relationships, and their most frequent verbs."""
    verbs = Counter(model.relationships[r].verb for r in agg.relationships)
    top = [v for v, _ in sorted(verbs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_VERBS]]
    more = ", …" if len(verbs) > MAX_VERBS else ""
    count = len(agg.relationships)
    return f"{count} · {', '.join(top)}{more}" if count > 1 else top[0]


def aggregate_tooltip(model: Model, agg: Aggregate, name: Callable[[str], str]) -> str:
    """Every relationship an aggregate stands for, one per line."""
    lines = []
    for rid in agg.relationships:
        rel = model.relationships[rid]
        lines.append(f"{name(rel.source)} {rel.label} {name(rel.target)}")
    return "\n".join(lines)
