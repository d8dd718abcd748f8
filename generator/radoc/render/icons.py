"""The one adapter to `diagrams` (mingrammer): its provider icons and its way of drawing.

`diagrams` gives random node ids and writes absolute paths to icon files on the build
machine. Here it is kept on a short leash: node ids come from the plan, icon paths in the DOT
are relative to its `resources/` folder (Graphviz finds them through `imagepath`), and the SVG
that comes back gets every icon embedded as a shrunk PNG data URI, so it is deterministic and
self-contained.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import io
import re
from functools import cache, lru_cache
from pathlib import Path

from ..errors import MissingExtra
from ..palette import ADDED, LINE, REMOVED
from ..plan import PlanNode, ViewPlan
from ..plan.types import STYLE_CLASS
from ..text import dot_html, dot_label, dot_label_lines
from .dot import graph_id, legend_label
from .svg import ICON_DEFS, ICON_ID_PREFIX

# `diagrams` and Pillow are the optional `icons` extra: imported here only, and only when an
# icon view is drawn or an icon name is checked, so a plain install (and `import radoc.plugin`)
# never loads them.
ICONS_EXTRA = "pip install 'radoc[icons]'"

FALLBACK_ICON = "generic.blank.Blank"
ICON_PIXELS = 128  # drawn at about 100 px: twice that is sharp and still light
_IMAGE = re.compile(r"<image\b[^>]*?/>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>\n?")

# Icons are drawn on light backgrounds (the page, an environment's fill, the light card icon
# diagrams keep in dark mode). Some are made for dark ones (Presto's white word mark, MLflow's
# white "ml"): those get a dark plate behind them, in every output format.
PLATE = "#24292f"
ICON_PT = 92  # the icon's cell (and plate) in points; an icon node is 1.4 in = 100.8 pt wide
PLATE_PADDING = 6
LINE_PT = 13  # a label line at 11 pt
MEASURE_PIXELS = 64  # the icon is judged at this size (the verdict does not need more)
MELT_CONTRAST = 1.2  # a pixel below this contrast ratio against white melts into the card
MELT_SHARE = 0.3  # an icon with this share of its pixels melted gets a plate
ANCHOR_ATTRS = {  # an invisible point, as small as Graphviz allows
    "shape": "point",
    "style": "invis",
    "width": "0.01",
    "height": "0.01",
    "fixedsize": "true",
}
_FRAMES = {  # node classes drawn as a frame around the icon and its label
    "gap": {"style": "rounded,dashed", "color": "#b91c1c", "penwidth": "2"},
    "variant": {"style": "rounded,dashed", "color": LINE[0], "penwidth": "1.5"},
    "diff-added": {"style": "rounded,bold", "color": ADDED.stroke, "penwidth": "2.5"},
    "diff-removed": {"style": "rounded,dashed", "color": REMOVED.stroke, "penwidth": "1.5"},
}


@cache
def icons_available() -> bool:
    """Whether the `icons` extra (diagrams and Pillow) is installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("diagrams", "PIL"))


def require_icons(
    reason: str = "deployment views and profile pages are drawn with provider icons",
) -> None:
    """Raise `MissingExtra`, naming the extra, when diagrams or Pillow is not installed."""
    if not icons_available():
        raise MissingExtra(
            f"{reason}, which need the diagrams and Pillow packages; "
            f"install radoc's icons extra: {ICONS_EXTRA}"
        )


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    require_icons()
    import diagrams

    return Path(diagrams.__file__).resolve().parent.parent / "resources"


@cache
def icon_class(name: str) -> type | None:
    """The `diagrams` node class named like 'onprem.mlops.Mlflow', or None."""
    module_name, _, class_name = name.rpartition(".")
    try:
        module = importlib.import_module(f"diagrams.{module_name}")
    except ImportError:
        return None
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type) or not getattr(cls, "_icon", None):
        return None
    return cls


def icon_names_near(name: str) -> list[str]:
    """Node classes of the module that ``name`` points into (for did-you-mean)."""
    module_name = name.rpartition(".")[0]
    try:
        module = importlib.import_module(f"diagrams.{module_name}")
    except ImportError:
        return []
    return [
        f"{module_name}.{attr}"
        for attr, value in vars(module).items()
        if isinstance(value, type) and getattr(value, "_icon", None) and not attr.startswith("_")
    ]


def icon_file(name: str) -> str | None:
    """The icon of a node class, relative to the `diagrams` resources folder."""
    cls = icon_class(name)
    return None if cls is None else _icon_rel(cls)


def plan_to_diagrams_dot(plan: ViewPlan) -> str:
    """The DOT of an icon view, built by `diagrams` from a plan (deterministic ids)."""
    require_icons(f"diagram '{plan.key}' is drawn with provider icons")
    from diagrams import Cluster, Diagram, Edge, Node, getcluster, setcluster, setdiagram
    from graphviz import quoting

    diagram = Diagram(
        name=plan.key,  # Graphviz copies the name into an SVG comment: only an id is safe there
        filename="radoc-unused",
        direction=plan.direction,
        curvestyle="curved",
        show=False,
        outformat="svg",
        graph_attr={
            "id": graph_id(plan.key),
            "bgcolor": "transparent",
            "pad": "0.3",
            "labelloc": "b",
            "labeljust": "l",
            "fontsize": "11",
            "fontname": "Helvetica,Arial,sans-serif",
            "nodesep": "0.5",
            "ranksep": "0.6",
        },
        node_attr={
            "fontname": "Helvetica,Arial,sans-serif",
            "fontsize": "11",
            "fontcolor": "#1f2328",
        },
        edge_attr={"color": "#57606a", "fontname": "Helvetica,Arial,sans-serif", "fontsize": "9"},
    )
    diagram.dot.graph_attr["label"] = legend_label(plan.legend) if plan.legend else ""
    compound = any(e.tail_cluster or e.head_cluster for e in plan.edges)
    if compound:  # edges clipped at cluster borders (Graphviz 2.43 aborts on curved ones)
        diagram.dot.graph_attr.update(compound="true", splines="spline")
    setdiagram(diagram)
    try:
        nodes: dict[str, Node] = {}
        children: dict[str | None, list[str]] = {}
        for c in plan.clusters:
            children.setdefault(c.parent, []).append(c.id)
        by_cluster: dict[str | None, list[int]] = {}
        for i, n in enumerate(plan.nodes):
            by_cluster.setdefault(n.cluster, []).append(i)
        clusters = {c.id: c for c in plan.clusters}
        cluster_of = {n.id: n.cluster for n in plan.nodes}
        rows_in: dict[str | None, list[tuple[str, ...]]] = {}
        for row in plan.same_rank:
            owners = {cluster_of.get(i) for i in row}
            rows_in.setdefault(owners.pop() if len(owners) == 1 else None, []).append(row)

        def fill(parent: str | None) -> None:
            for cid in children.get(parent, []):
                c = clusters[cid]
                attrs = {
                    "id": f"{plan.key}-c-{c.id}",
                    "bgcolor": c.swatch.fill,
                    "pencolor": c.swatch.stroke,
                    "fontcolor": "#1f2328",
                    "fontname": "Helvetica,Arial,sans-serif",
                    "margin": "16",
                }
                if c.link:
                    attrs.update(URL=f"radoc:{c.link}", target="_top")
                if "variant" in c.classes:
                    attrs["style"] = "rounded,dashed"
                with Cluster(_cluster_label(c.label, c.icon), graph_attr=attrs) as cluster:
                    cluster.dot.name = f"cluster_{c.id}"
                    fill(cid)
            for i in by_cluster.get(parent, []):
                n = plan.nodes[i]
                if n.style == "invis":  # where a flow between environments starts or ends
                    nodes[n.id] = Node("", nodeid=n.id, **ANCHOR_ATTRS)
                    continue
                if n.icon is None:  # nothing to show but its name: a labelled card
                    label, attrs = _card_node(plan, n)
                    nodes[n.id] = Node(label, nodeid=n.id, **attrs)
                    continue
                cls = icon_class(n.icon) or icon_class(FALLBACK_ICON)
                assert cls is not None
                label, attrs = _icon_node(plan, n, cls)
                nodes[n.id] = cls(label, nodeid=n.id, **attrs)
            for row in rows_in.get(parent, []):
                target = diagram.dot if parent is None else getcluster().dot
                target.body.append(
                    "\t{rank=same; " + " ".join(quoting.quote(i) for i in row) + "}\n"
                )

        fill(None)
        for e in plan.edges:
            attrs = {"id": f"{plan.key}-e-{e.id}", "color": e.color, "style": e.style}
            if e.label:  # curved splines cannot place plain labels
                attrs["label" if compound else "xlabel"] = dot_label(e.label)
            if not e.constraint:
                attrs["constraint"] = "false"
            if e.tooltip:
                attrs["tooltip"] = dot_label(e.tooltip)
            if e.penwidth != 1.0:
                attrs["penwidth"] = f"{e.penwidth:g}"
            if e.classes:
                attrs["class"] = " ".join(e.classes)
            if e.tail_cluster:  # clipped at the cluster's border
                attrs["ltail"] = f"cluster_{e.tail_cluster}"
            if e.head_cluster:
                attrs["lhead"] = f"cluster_{e.head_cluster}"
            nodes[e.source] >> Edge(**attrs) >> nodes[e.target]
        source = diagram.dot.source
    finally:
        setcluster(None)
        setdiagram(None)
    return _relative_images(source)


def _icon_node(plan: ViewPlan, n: PlanNode, cls: type) -> tuple[str, dict[str, str]]:
    """The label and attributes of an icon node: its frame (a coverage gap, a variant, added or
    removed), its mark (+ or −), a struck-through label, and a dark plate for a light icon.

    A plain node is drawn the way `diagrams` draws it. A node with any of these is an
    HTML-like table of the node's own size: the icon in a cell (on the plate when it needs
    one) and the label under it; without a frame an empty row above keeps the icon at the
    node's centre, where `diagrams` puts its icons."""
    text = f"{n.badge} {n.label}" if n.badge else n.label
    attrs = _node_attrs(plan, n)
    frame = next((f for name, f in _FRAMES.items() if name in n.classes), None)
    if frame is None and any(c.startswith(STYLE_CLASS) for c in n.classes):
        frame = _style_frame(n)
    rel = _icon_rel(cls)
    plated = rel is not None and needs_plate(rel)
    if not n.strike and not plated and (frame is None or "gap" in n.classes):
        # a coverage gap has a blank icon: its frame can be the node's own box
        if frame is not None:  # at least an icon node's size, wider for a long label
            attrs.update(shape="box", fixedsize="false", image="", **frame)
        return dot_label_lines(text), attrs
    lines = _html_lines(text)
    if n.strike:
        lines = f"<S>{lines}</S>"
    text_pt = LINE_PT * (text.count("\n") + 1) + 8
    plate = f' BGCOLOR="{PLATE}" STYLE="ROUNDED"' if plated else ""
    image = f'<IMG SRC="{dot_html(rel)}" SCALE="TRUE"/>' if rel is not None else ""
    rows = [
        f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{ICON_PT}" HEIGHT="{ICON_PT}" '
        f'CELLPADDING="{PLATE_PADDING}"{plate}>{image}</TD></TR>',
        f'<TR><TD HEIGHT="{text_pt}" VALIGN="BOTTOM">{lines}</TD></TR>',
    ]
    height = ICON_PT + text_pt
    if frame is None:
        rows.insert(0, f'<TR><TD HEIGHT="{text_pt}"></TD></TR>')
        height += text_pt
    else:  # the table in the middle of its frame, not on its bottom edge
        attrs.update(shape="box", labelloc="c", **frame)
    # a frame is drawn: at least an icon node's size, and wider for a long label
    fixed = "true" if frame is None else "false"
    attrs.update(image="", fixedsize=fixed, height=f"{(height + 10) / 72:.2f}")
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
    return f"<{table}{''.join(rows)}</TABLE>>", attrs


def _html_lines(text: str) -> str:
    """A label's lines inside an HTML-like Graphviz label."""
    return "<BR/>".join(dot_html(line) for line in text.split("\n"))


CLUSTER_ICON_PT = 22  # an environment's icon, before its name in the cluster's label


def _cluster_label(label: str, icon: str | None) -> str:
    """A cluster's label, after its own icon when it names one that exists."""
    cls = icon_class(icon) if icon else None
    rel = _icon_rel(cls) if cls is not None else None
    if rel is None:
        return dot_label(label)
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
        f'<TD FIXEDSIZE="TRUE" WIDTH="{CLUSTER_ICON_PT}" HEIGHT="{CLUSTER_ICON_PT}">'
        f'<IMG SRC="{dot_html(rel)}" SCALE="TRUE"/></TD>'
        f'<TD CELLPADDING="4">{_html_lines(label)}</TD></TR></TABLE>>'
    )


def _node_attrs(plan: ViewPlan, n: PlanNode) -> dict[str, str]:
    attrs = {
        "id": f"{plan.key}-n-{n.id}",
        "class": " ".join((f"kind-{n.kind}", *n.classes)),
        "tooltip": dot_label(n.tooltip or n.label),
    }
    if n.link:
        attrs.update(URL=f"radoc:{n.link}", target="_top")
    return attrs


def _style_frame(n: PlanNode) -> dict[str, str]:
    """An icon node drawn in one of the architecture's styles: a frame in the style's stroke
    and border, so that its legend entry names what the reader sees."""
    border = next((b for b in ("dashed", "dotted") if b in n.style.split(",")), "")
    return {
        "style": "rounded," + border if border else "rounded",
        "color": n.swatch.stroke,
        "penwidth": "2.4" if n.penwidth >= 2.4 else "1.5",
    }


def _card_node(plan: ViewPlan, n: PlanNode) -> tuple[str, dict[str, str]]:
    """A node with no icon (its element, its tool and its group name none): its label on a
    card of its kind's colours, as wide as an icon node so that rows of both line up, and
    framed like an icon node (a gap, a variant, added or removed)."""
    text = f"{n.badge} {n.label}" if n.badge else n.label
    attrs = _node_attrs(plan, n)
    frame = next((f for name, f in _FRAMES.items() if name in n.classes), {})
    parts = [*n.style.split(","), *frame.get("style", "").split(",")]
    style = ",".join(dict.fromkeys(x for x in parts if x))
    attrs.update(
        shape=n.shape,
        style=style,
        fillcolor=n.swatch.fill,
        color=frame.get("color", n.swatch.stroke),
        penwidth=frame.get("penwidth", f"{n.penwidth:g}"),
        fixedsize="false",
        width="1.4",
        height="0.6",
        labelloc="c",
        margin="0.12,0.08",
    )
    if n.strike:
        return f"<<S>{_html_lines(text)}</S>>", attrs
    return dot_label_lines(text), attrs


def _icon_rel(cls: type) -> str | None:
    icon_dir = str(cls._icon_dir)  # type: ignore[attr-defined]
    rel = Path(icon_dir).relative_to("resources") / str(cls._icon)  # type: ignore[attr-defined]
    return rel.as_posix() if (resources_dir() / rel).is_file() else None


def _linear(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


@cache
def needs_plate(rel: str) -> bool:
    """Whether an icon (a path in the resources folder) melts into a light background: at
    least MELT_SHARE of its opaque pixels are nearly white (contrast below MELT_CONTRAST
    against white) and connected to its transparent surroundings through such pixels. Light
    fills inside a dark outline (flowchart shapes) and white rims around colour (Kubernetes,
    Elastic) stay below that; white word marks and glyphs (Presto, MLflow's "ml") do not."""
    from PIL import Image, ImageChops, ImageDraw, ImageOps

    with Image.open(resources_dir() / rel) as original:
        icon = original.convert("RGBA")
    icon.thumbnail((MEASURE_PIXELS, MEASURE_PIXELS), Image.Resampling.BOX)
    icon = ImageOps.expand(icon, border=1, fill=(0, 0, 0, 0))  # a transparent ring to start from
    opaque = icon.getchannel("A").point(lambda v: 255 if v >= 128 else 0)
    linear = [round(_linear(v) * 255) for v in range(256)]
    luminance = icon.convert("RGB").point(linear * 3).convert("L", (0.2126, 0.7152, 0.0722, 0))
    bright = round((1.05 / MELT_CONTRAST - 0.05) * 255)
    light = luminance.point(lambda v: 255 if v >= bright else 0)
    passable = ImageChops.lighter(ImageChops.invert(opaque), light)
    ImageDraw.floodfill(passable, (0, 0), 128)
    reached = passable.point(lambda v: 255 if v == 128 else 0)
    total = opaque.histogram()[255]
    melted = ImageChops.multiply(reached, opaque).histogram()[255]
    return total > 0 and melted >= MELT_SHARE * total


def _relative_images(source: str) -> str:
    """Absolute icon paths → paths relative to the resources folder (found via imagepath)."""
    root = str(resources_dir()) + "/"
    return source.replace(root, "")


@cache
def icon_png(rel: str) -> tuple[str, int, int] | None:
    """An icon as a PNG data URI, shrunk to the size it is drawn at, with its size in pixels."""
    from PIL import Image

    path = (resources_dir() / rel).resolve()
    if resources_dir() not in path.parents or not path.is_file():
        return None
    with Image.open(path) as original:
        icon = original.convert("RGBA")
    icon.thumbnail((ICON_PIXELS, ICON_PIXELS), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    icon.save(buf, format="PNG", optimize=True)
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    return uri, icon.width, icon.height


@lru_cache(maxsize=1024)
def embed_icons(svg: str) -> str:
    """The SVG made self-contained, each icon embedded once: every distinct icon becomes a
    ``<symbol>`` (its PNG as a data URI) in a ``<defs>`` right after the opening tag, with an id
    derived from the icon's content, and each place that draws it a ``<use>`` of that symbol.
    Icons whose file is not found are dropped."""
    root = str(resources_dir()) + "/"
    symbols: dict[str, str] = {}

    def use(m: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(m.group(0)))
        href = attrs.pop("xlink:href", attrs.pop("href", ""))
        icon = icon_png(href[len(root) :] if href.startswith(root) else href)
        if icon is None:
            return ""
        uri, width, height = icon
        fit = attrs.pop("preserveAspectRatio", "xMidYMid meet")
        digest = hashlib.sha256(f"{fit}\n{uri}".encode("ascii")).hexdigest()[:16]
        symbol_id = ICON_ID_PREFIX + digest
        symbols.setdefault(
            symbol_id,
            f'<symbol id="{symbol_id}" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="{fit}"><image width="{width}" height="{height}" '
            f'xlink:href="{uri}"/></symbol>',
        )
        placed = " ".join(f'{k}="{v}"' for k, v in attrs.items())
        return f'<use xlink:href="#{symbol_id}" {placed}/>'

    body = _IMAGE.sub(use, svg)
    opening = _SVG_OPEN.search(body)
    if not symbols or opening is None:
        return body
    defs = ICON_DEFS + "\n" + "".join(f"{s}\n" for s in symbols.values()) + "</defs>\n"
    head = body[: opening.end()].rstrip("\n") + "\n"
    return head + defs + body[opening.end() :]
