"""The plan types: what a diagram shows, decided without drawing anything.

A ViewPlan lists nodes, edges, clusters and a legend with their styles. Planning is pure, so
a test can compare plans, and every renderer (DOT, `diagrams`, diff highlighting, decisions,
profiles) draws from the same plan type.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..model import Model
from ..palette import CLUSTER, KIND_SHAPE, KIND_SWATCH, LINE, Swatch, style_swatch
from ..schema import KIND_PLURALS, Style
from ..text import plain_text

LABEL_WIDTH = 22


@dataclass(frozen=True)
class PlanNode:
    id: str
    label: str
    kind: str
    link: str | None  # a site path such as "components/registry", resolved per page
    swatch: Swatch
    shape: str = "box"
    cluster: str | None = None
    tooltip: str = ""
    style: str = "filled,rounded"
    badge: str = ""  # a short mark drawn before the label (e.g. "M", "H", "A")
    penwidth: float = 1.2
    classes: tuple[str, ...] = ()
    peripheries: int = 1
    icon: str | None = None  # a `diagrams` node class, for icon views
    strike: bool = False  # label struck through (removed in a diff or by an option)
    rows: tuple[NodeRow, ...] = ()  # a list node: one linked row each, drawn instead of label


@dataclass(frozen=True)
class NodeRow:
    """One line of a list node: what it names, the page it opens, its tooltip."""

    title: str
    detail: str = ""  # a second, plain line under the title
    link: str | None = None
    tooltip: str = ""


@dataclass(frozen=True)
class PlanEdge:
    id: str
    source: str
    target: str
    label: str = ""
    tooltip: str = ""
    color: str = LINE[0]
    style: str = "solid"
    constraint: bool = True
    penwidth: float = 1.0
    classes: tuple[str, ...] = ()
    tail_cluster: str | None = None  # draw the edge from/to the cluster's border
    head_cluster: str | None = None
    arrowhead: str = "normal"
    both_ways: bool = False  # an arrow at each end (an aggregate of both directions)
    # laid out from target to source (the arrow still points at the target): puts the
    # target before the source along the flow without changing what the edge says
    reversed: bool = False


@dataclass(frozen=True)
class PlanCluster:
    id: str
    label: str
    link: str | None = None
    swatch: Swatch = CLUSTER
    parent: str | None = None
    rank: str | None = None  # "same" puts the cluster's nodes on one rank
    classes: tuple[str, ...] = ()  # "variant": only with some decision options (dashed)
    icon: str | None = None  # a `diagrams` node class drawn before the label, in icon views


@dataclass(frozen=True)
class LegendEntry:
    label: str
    swatch: Swatch
    shape: str = "box"
    mark: str = ""
    edge_style: str | None = None  # drawn as a line sample instead of a box
    border: str = ""  # "dashed" or "dotted" when the nodes it explains have such a border


@dataclass(frozen=True)
class Highlight:
    """What a diagram marks: ids (of elements and relationships) added, removed or left out."""

    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()
    added_label: str = "added"
    removed_label: str = "removed"
    removed_have_pages: bool = True  # False in a diff: removed elements have no page any more


@dataclass(frozen=True)
class ViewPlan:
    """One diagram. ``key`` names it (a view id, plus a variant such as a level)."""

    key: str
    title: str
    description: str
    direction: str = "LR"
    nodes: tuple[PlanNode, ...] = ()
    edges: tuple[PlanEdge, ...] = ()
    clusters: tuple[PlanCluster, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    same_rank: tuple[tuple[str, ...], ...] = ()  # groups of node ids drawn side by side
    ranksep: float = 0.5
    nodesep: float = 0.3
    engine: str = "dot"  # "diagrams" for views drawn with provider icons
    extra: dict[str, str] = field(default_factory=dict)

    def with_nodes(self, nodes: tuple[PlanNode, ...]) -> ViewPlan:
        return replace(self, nodes=nodes)


def diagram_key(*parts: str) -> str:
    """The name of a diagram that is not a view's own: its parts joined by '.', which no id
    can contain, so it never collides with a view id (a view's diagram is named by its id)."""
    return ".".join(parts)


def element_link(kind: str, element_id: str) -> str:
    return f"{KIND_PLURALS[kind]}/{element_id}"


@lru_cache(maxsize=8192)
def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """Break a name into lines of about ``width`` characters (never inside a word)."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or text


def first_sentence(text: str, limit: int = 160) -> str:
    sentence = text.strip().split(". ")[0].strip()
    if not sentence.endswith("."):
        sentence += "."
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def element_node(model: Model, element_id: str, cluster: str | None = None) -> PlanNode:
    e = model.element(element_id)
    code = f"{e.spec.code} · " if e.spec.code else ""
    node = PlanNode(
        id=e.id,
        label=wrap_label(code + e.name),
        kind=e.kind,
        link=element_link(e.kind, e.id),
        swatch=KIND_SWATCH[e.kind],
        shape=KIND_SHAPE[e.kind],
        cluster=cluster,
        tooltip=f"{e.name} ({model.words(e.kind).singular}): {first_sentence(plain_text(e.spec.description))}",
        style="filled,rounded" if KIND_SHAPE[e.kind] == "box" else "filled",
    )
    found = style_of(model, element_id)
    return node if found is None else styled(node, *found)


STYLE_CLASS = "radoc-style-"


def style_of(model: Model, element_id: str) -> tuple[int, Style] | None:
    """The first of the architecture's styles that matches an element, with its position."""
    e = model.element(element_id)
    groups: list[str] = []
    parent = getattr(e.spec, "group", None)
    if isinstance(parent, str):
        groups = model.group_chain(parent)
    for i, style in enumerate(model.settings.styles):
        if (
            (style.tag is not None and style.tag in e.spec.tags)
            or (style.group is not None and (style.group in groups or style.group == e.id))
            or (style.kind is not None and style.kind == e.kind)
        ):
            return i, style
    return None


def styled(node: PlanNode, index: int, style: Style) -> PlanNode:
    shape = style.shape or node.shape
    base = "filled,rounded" if shape == "box" else "filled"
    border = {"dashed": ",dashed", "dotted": ",dotted"}.get(style.border or "", "")
    return replace(
        node,
        swatch=style_swatch(node.swatch, style.fill, style.stroke),
        shape=shape,
        style=base + border,
        penwidth=2.4 if style.border == "bold" else node.penwidth,
        icon=node.icon or style.icon,
        classes=(*node.classes, f"{STYLE_CLASS}{index}"),
    )


def with_style_legend(model: Model, plan: ViewPlan) -> ViewPlan:
    """The plan in the architecture's words: kinds in its legend named as the architecture
    names them, and an entry for each of the architecture's styles its nodes use."""
    plain_kinds = {
        n.kind for n in plan.nodes if not any(c.startswith(STYLE_CLASS) for c in n.classes)
    }
    node_kinds = {n.kind for n in plan.nodes}
    renamed = tuple(
        replace(e, label=model.words(e.label).singular) if e.label in KIND_PLURALS else e
        for e in plan.legend
        # a kind whose every node is drawn in one of the architecture's styles needs no entry
        if not (e.label in node_kinds and e.label not in plain_kinds and e.edge_style is None)
    )
    if renamed != plan.legend:
        plan = replace(plan, legend=renamed)
    first: dict[int, PlanNode] = {}
    for n in plan.nodes:
        for c in n.classes:
            if c.startswith(STYLE_CLASS):
                first.setdefault(int(c[len(STYLE_CLASS) :]), n)
    entries = []
    for i in sorted(first):
        style = model.settings.styles[i]
        entry = LegendEntry(
            style.legend,
            first[i].swatch,
            first[i].shape,
            border=style.border if style.border in ("dashed", "dotted") else "",
        )
        if entry not in plan.legend:
            entries.append(entry)
    return replace(plan, legend=(*plan.legend, *entries)) if entries else plan


def kind_legend(kinds: list[str]) -> tuple[LegendEntry, ...]:
    return tuple(LegendEntry(k, KIND_SWATCH[k], KIND_SHAPE[k]) for k in kinds)


def grid_layout(
    cluster_order: list[str], nodes: list[PlanNode], row: int
) -> tuple[tuple[tuple[str, ...], ...], tuple[PlanEdge, ...]]:
    """Rows and invisible edges that draw each cluster as a grid ``row`` nodes wide, the
    clusters stacked top to bottom, nodes in declaration order (for views without edges)."""
    rows: list[tuple[str, ...]] = []
    edges: list[PlanEdge] = []
    previous: str | None = None
    for cluster in cluster_order:
        ids = [n.id for n in nodes if n.cluster == cluster]
        for start in range(0, len(ids), row):
            chunk = tuple(ids[start : start + row])
            rows.append(chunk)
            for a, b in itertools.pairwise(chunk):
                edges.append(PlanEdge(id=f"grid-{a}-{b}", source=a, target=b, style="invis"))
            if previous is not None:
                edges.append(
                    PlanEdge(
                        id=f"grid-{previous}-{chunk[0]}",
                        source=previous,
                        target=chunk[0],
                        style="invis",
                    )
                )
            previous = chunk[0]
    return tuple(rows), tuple(edges)
