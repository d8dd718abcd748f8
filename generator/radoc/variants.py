"""Decisions applied: which elements and relationships a concrete architecture has.

The model declares every element and relationship, including those that exist only in some
option of a decision. The baseline architecture leaves out whatever a non-baseline option
adds; choosing options adds, removes and replaces relative to that baseline. A relationship
exists only while both its ends do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import DecisionDef, Model
from .schema import Option


@dataclass(frozen=True)
class Architecture:
    """A concrete architecture: the element and relationship ids it has."""

    elements: frozenset[str]
    relationships: frozenset[str]


@dataclass(frozen=True)
class Changes:
    """What one architecture has that another has not, and the reverse."""

    added_elements: frozenset[str] = frozenset()
    removed_elements: frozenset[str] = frozenset()
    added_relationships: frozenset[str] = frozenset()
    removed_relationships: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (
            self.added_elements
            or self.removed_elements
            or self.added_relationships
            or self.removed_relationships
        )


def option(decision: DecisionDef, option_id: str) -> Option:
    return next(o for o in decision.spec.options if o.id == option_id)


def _adds(o: Option) -> tuple[set[str], set[str]]:
    return set(o.adds.elements) | {r.new for r in o.replaces}, set(o.adds.relationships)


def variant_only(model: Model) -> tuple[frozenset[str], frozenset[str]]:
    """Elements and relationships that exist only when a non-baseline option is chosen."""
    elements: set[str] = set()
    rels: set[str] = set()
    for d in model.decisions:
        for o in d.spec.options:
            if o.id != d.spec.baseline:
                e, r = _adds(o)
                elements |= e
                rels |= r
    for d in model.decisions:  # what the baseline itself adds is never variant-only
        base = next((o for o in d.spec.options if o.id == d.spec.baseline), None)
        if base is not None:
            e, r = _adds(base)
            elements -= e
            rels -= r
    return frozenset(elements), frozenset(rels)


def apply_options(model: Model, chosen: Mapping[str, str] | None = None) -> Architecture:
    """The architecture with ``chosen`` options (decision id → option id; others: baseline)."""
    chosen = chosen or {}
    var_elements, var_rels = variant_only(model)
    elements = set(model.elements) - var_elements
    rels = set(model.relationships) - var_rels
    removed_rels: set[str] = set()
    for d in model.decisions:
        o = option(d, chosen.get(d.id, d.spec.baseline))
        add_e, add_r = _adds(o)
        elements |= add_e
        rels |= add_r
        elements -= set(o.removes.elements) | {r.old for r in o.replaces}
        removed_rels |= set(o.removes.relationships)
    rels -= removed_rels
    present = {
        r
        for r in rels
        if model.relationships[r].source in elements and model.relationships[r].target in elements
    }
    return Architecture(frozenset(elements), frozenset(present))


def compare(old: Architecture, new: Architecture) -> Changes:
    return Changes(
        added_elements=new.elements - old.elements,
        removed_elements=old.elements - new.elements,
        added_relationships=new.relationships - old.relationships,
        removed_relationships=old.relationships - new.relationships,
    )


def option_changes(model: Model, decision: DecisionDef, option_id: str) -> Changes:
    """What choosing one option changes relative to the baseline architecture."""
    return compare(apply_options(model), apply_options(model, {decision.id: option_id}))


def introduced_by(model: Model) -> dict[str, list[tuple[str, str]]]:
    """For each variant-only element: the (decision, option) pairs that bring it in."""
    found: dict[str, list[tuple[str, str]]] = {}
    for d in model.decisions:
        for o in d.spec.options:
            if o.id == d.spec.baseline:
                continue
            for e in sorted(_adds(o)[0]):
                found.setdefault(e, []).append((d.id, o.id))
    return found
