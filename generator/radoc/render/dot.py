"""ViewPlan → DOT text, built through the `graphviz` package so every string is quoted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from graphviz import quoting

from ..palette import INK, LINE
from ..plan import LegendEntry, NodeRow, PlanCluster, PlanNode, ViewPlan
from ..text import dot_html, dot_label

FONT = "Helvetica,Arial,sans-serif"


LEGEND_ROW_CHARS = 90  # about 650 px of 11 pt text: a legend never widens a diagram much


def _legend_cell(entry: LegendEntry) -> str:
    text = dot_html(entry.label)
    if entry.mark:
        text = f"<B>{dot_html(entry.mark)}</B>&#160;{text}"
    if entry.edge_style is not None:
        dash = "- - →" if entry.edge_style == "dashed" else "──→"
        return (
            f'<TD BORDER="0" ALIGN="LEFT"><FONT COLOR="{entry.swatch.stroke}">{dash}</FONT> '
            f'<FONT COLOR="{INK[0]}">{text}</FONT></TD>'
        )
    styles = [s for s in ("ROUNDED" if entry.shape == "box" else "", entry.border.upper()) if s]
    style = f' STYLE="{",".join(styles)}"' if styles else ""
    return (
        f'<TD BGCOLOR="{entry.swatch.fill}" COLOR="{entry.swatch.stroke}"{style}>'
        f'<FONT COLOR="{INK[0]}">{text}</FONT></TD>'
    )


def legend_columns(widths: list[int], budget: int = LEGEND_ROW_CHARS) -> int:
    """How many entries a legend row holds: as many as fit in ``budget`` characters when the
    entries are laid out in aligned columns (entry i in column i mod n)."""
    for n in range(len(widths), 1, -1):
        if sum(max(widths[j::n]) for j in range(n)) <= budget:
            return n
    return 1


def legend_label(entries: tuple[LegendEntry, ...]) -> str:
    """An HTML-like table drawn under the diagram: one cell per entry, on one row when they
    fit in about ``LEGEND_ROW_CHARS`` characters, else under a heading in aligned columns (an
    entry too long for a column gets a row of its own), so a long legend does not make the
    drawing (and every label in it, once fitted to a column) wider than the diagram needs."""
    cells = [_legend_cell(entry) for entry in entries]
    head = '<TD BORDER="0" ALIGN="LEFT"><B>Legend</B></TD>'
    table = '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="6" CELLPADDING="4">{}</TABLE>>'
    widths = [len(e.label) + len(e.mark) + 4 for e in entries]
    if sum(widths) + len("Legend") <= LEGEND_ROW_CHARS or not cells:
        return table.format(f"<TR>{head}{''.join(cells)}</TR>")
    short = [i for i, w in enumerate(widths) if w <= LEGEND_ROW_CHARS // 2]
    n = legend_columns([widths[i] for i in short]) if short else 1
    rows = [f'<TR><TD BORDER="0" ALIGN="LEFT" COLSPAN="{n}"><B>Legend</B></TD></TR>']
    for start in range(0, len(short), n):
        row = [cells[i] for i in short[start : start + n]]
        row += ['<TD BORDER="0"></TD>'] * (n - len(row))
        rows.append(f"<TR>{''.join(row)}</TR>")
    span = f'<TD COLSPAN="{n}" '
    for i, cell in enumerate(cells):
        if i not in short:
            rows.append("<TR>" + cell.replace("<TD ", span, 1) + "</TR>")
    return table.format("".join(rows))


def _struck(label: str) -> str:
    lines = "<BR/>".join(dot_html(line) for line in label.split("\n"))
    return f"<<S>{lines}</S>>"


def rows_label(rows: tuple[NodeRow, ...]) -> str:
    """A list node's HTML-like label: a row per entry, its title bold over its detail, left
    aligned, each row a link of its own (Graphviz writes a cell's HREF as an SVG link)."""
    cells = []
    for row in rows:
        text = f"<B>{dot_html(row.title)}</B>"
        if row.detail:
            text += f'<BR ALIGN="LEFT"/>{dot_html(row.detail)}'
        attrs = f' HREF="radoc:{dot_html(row.link)}" TARGET="_top"' if row.link else ""
        if row.tooltip:
            attrs += f' TITLE="{dot_html(row.tooltip).replace(chr(10), "&#10;")}"'
        cells.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"{attrs}>{text}</TD></TR>')
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
        + "".join(cells)
        + "</TABLE>>"
    )


def _node_attrs(plan: ViewPlan, node: PlanNode) -> dict[str, str]:
    label = f"{node.badge}  {node.label}" if node.badge else node.label
    attrs = {
        "label": rows_label(node.rows)
        if node.rows
        else (_struck(label) if node.strike else dot_label(label)),
        "shape": node.shape,
        "style": node.style,
        "fillcolor": node.swatch.fill,
        "color": node.swatch.stroke,
        "fontcolor": INK[0],
        "penwidth": f"{node.penwidth:g}",
        "id": f"{plan.key}-n-{node.id}",
        "class": " ".join(("kind-" + node.kind, *node.classes)),
    }
    if node.peripheries != 1:
        attrs["peripheries"] = str(node.peripheries)
    if node.tooltip:
        attrs["tooltip"] = dot_label(node.tooltip)
    if node.link:
        attrs["URL"] = f"radoc:{node.link}"
        attrs["target"] = "_top"
    return attrs


def _cluster_attrs(plan: ViewPlan, cluster: PlanCluster) -> dict[str, str]:
    attrs = {
        "label": dot_label(cluster.label),
        "style": "filled,rounded",
        "fillcolor": cluster.swatch.fill,
        "color": cluster.swatch.stroke,
        "fontcolor": INK[0],
        "id": f"{plan.key}-c-{cluster.id}",
        "class": "cluster-" + cluster.id,
        "margin": "12",
    }
    if cluster.link:
        attrs["URL"] = f"radoc:{cluster.link}"
        attrs["target"] = "_top"
    return attrs


@lru_cache(maxsize=65536)
def _quote_plain(value: str) -> str:
    return quoting.quote(value)  # type: ignore[no-any-return]


def _quote(value: str) -> str:
    """The graphviz package's quoting; plain strings (most repeat) are cached, marked ones
    (no-HTML labels) never share a cache entry with a plain string of the same text."""
    if type(value) is str:
        return _quote_plain(value)
    return quoting.quote(value)  # type: ignore[no-any-return]


class _DotWriter:
    """The small part of graphviz.Digraph that plans need, writing the same text through
    the package's quoting, without its per-call overhead (it dominated large builds)."""

    def __init__(self, name: str | None = None, indent: str = "\t") -> None:
        self.head = f"digraph {_quote(name)} {{\n" if name is not None else ""
        self.indent = indent
        self.lines: list[str] = []

    @staticmethod
    def _attrs(label: str | None, attrs: dict[str, str]) -> str:
        items = [f"label={_quote(label)}"] if label is not None else []
        items += [f"{_quote(k)}={_quote(v)}" for k, v in sorted(attrs.items()) if v is not None]
        return " ".join(items)

    def attr(self, kind: str, **attrs: str) -> None:
        self.lines.append(f"{self.indent}{kind} [{self._attrs(None, attrs)}]\n")

    def node(self, name: str, label: str | None = None, **attrs: str) -> None:
        listed = self._attrs(label, attrs)
        self.lines.append(
            f"{self.indent}{_quote(name)}" + (f" [{listed}]" if listed else "") + "\n"
        )

    def edge(self, tail: str, head: str, label: str | None = None, **attrs: str) -> None:
        listed = self._attrs(label, attrs)
        self.lines.append(
            f"{self.indent}{_quote(tail)} -> {_quote(head)}"
            + (f" [{listed}]" if listed else "")
            + "\n"
        )

    @contextmanager
    def subgraph(self, name: str) -> Iterator[_DotWriter]:
        sub = _DotWriter(indent=self.indent + "\t")
        yield sub
        self.lines.append(f"{self.indent}subgraph {_quote(name)} {{\n")
        self.lines.extend(sub.lines)
        self.lines.append(f"{self.indent}}}\n")

    @property
    def source(self) -> str:
        return self.head + "".join(self.lines) + "}\n"


def graph_id(key: str) -> str:
    """The id of a diagram's outer SVG group: not the bare key, which a heading may also have."""
    return f"{key}-graph"


def plan_to_dot(plan: ViewPlan) -> str:
    """The DOT source of one plan. Same plan, same text: no randomness, stable order."""
    # named by its key: Graphviz copies the name into an SVG comment, which a title could break
    g = _DotWriter(name=plan.key)
    g.attr(
        "graph",
        id=graph_id(plan.key),
        rankdir=plan.direction,
        bgcolor="transparent",
        fontname=FONT,
        fontsize="11",
        fontcolor=INK[0],
        nodesep=f"{plan.nodesep:g}",
        ranksep=f"{plan.ranksep:g}",
        pad="0.2",
        newrank="true",
        labelloc="b",
        labeljust="l",
        **plan.extra,
    )
    if plan.legend:
        g.attr("graph", label=legend_label(plan.legend))
    g.attr("node", fontname=FONT, fontsize="11", margin="0.15,0.07")
    g.attr("edge", fontname=FONT, fontsize="9", color=LINE[0], fontcolor=LINE[0], arrowsize="0.7")

    children: dict[str | None, list[PlanCluster]] = {}
    for cluster in plan.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    nodes_in: dict[str | None, list[PlanNode]] = {}
    for node in plan.nodes:
        nodes_in.setdefault(node.cluster, []).append(node)

    cluster_of = {node.id: node.cluster for node in plan.nodes}
    rows_in: dict[str | None, list[tuple[str, ...]]] = {}
    for row in plan.same_rank:
        # a row inside one cluster is drawn there; a row across clusters at the top level
        owners = {cluster_of.get(node_id) for node_id in row}
        rows_in.setdefault(owners.pop() if len(owners) == 1 else None, []).append(row)

    def fill(graph: _DotWriter, parent: str | None) -> None:
        for cluster in children.get(parent, []):
            with graph.subgraph(name=f"cluster_{cluster.id}") as sub:
                sub.attr("graph", **_cluster_attrs(plan, cluster))
                if cluster.rank:
                    sub.attr("graph", rank=cluster.rank)
                fill(sub, cluster.id)
        for node in nodes_in.get(parent, []):
            attrs = _node_attrs(plan, node)
            graph.node(node.id, attrs.pop("label"), **attrs)
        for i, row in enumerate(rows_in.get(parent, [])):
            with graph.subgraph(name=f"row_{parent or 'root'}_{i}") as sub:
                sub.attr("graph", rank="same")
                for node_id in row:
                    sub.node(node_id)

    fill(g, None)
    for edge in plan.edges:
        attrs = {
            "id": f"{plan.key}-e-{edge.id}",
            "color": edge.color,
            "style": edge.style,
            "penwidth": f"{edge.penwidth:g}",
        }
        if edge.label:
            attrs["label"] = dot_label(edge.label)
            attrs["fontcolor"] = edge.color
        if edge.tooltip:
            attrs["tooltip"] = dot_label(edge.tooltip)
        if not edge.constraint:
            attrs["constraint"] = "false"
        tail, head = edge.source, edge.target
        tail_cluster, head_cluster = edge.tail_cluster, edge.head_cluster
        if edge.reversed:
            tail, head, tail_cluster, head_cluster = head, tail, head_cluster, tail_cluster
        if tail_cluster:
            attrs["ltail"] = f"cluster_{tail_cluster}"
        if head_cluster:
            attrs["lhead"] = f"cluster_{head_cluster}"
        if edge.arrowhead != "normal":
            attrs["arrowtail" if edge.reversed else "arrowhead"] = edge.arrowhead
        if edge.both_ways:
            attrs["dir"] = "both"
        elif edge.reversed:
            attrs["dir"] = "back"
        if edge.classes:
            attrs["class"] = " ".join(edge.classes)
        label = attrs.pop("label", None)
        g.edge(tail, head, label, **attrs)
    return g.source
