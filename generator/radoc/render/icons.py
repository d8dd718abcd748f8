"""The one adapter to `diagrams` (mingrammer): its provider icons and its way of drawing.

`diagrams` gives random node ids and writes absolute paths to icon files on the build
machine. Here it is kept on a short leash: node ids come from the plan, icon paths in the DOT
are relative to its `resources/` folder (Graphviz finds them through `imagepath`), and the SVG
that comes back gets every icon embedded as a shrunk PNG data URI, so it is deterministic and
self-contained.
"""

from __future__ import annotations

import base64
import importlib
import importlib.util
import io
import re
from functools import cache, lru_cache
from pathlib import Path

from ..errors import MissingExtra
from ..plan import ViewPlan
from ..text import dot_label, dot_label_lines
from .dot import legend_label

# `diagrams` and Pillow are the optional `icons` extra: imported here only, and only when an
# icon view is drawn or an icon name is checked, so a plain install (and `import radoc.plugin`)
# never loads them.
ICONS_EXTRA = "pip install 'radoc[icons]'"

FALLBACK_ICON = "generic.blank.Blank"
ICON_PIXELS = 128  # drawn at about 100 px: twice that is sharp and still light
_IMAGE = re.compile(r'(<image\b[^>]*?xlink:href=")([^"]+)(")')


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
    if cls is None:
        return None
    icon_dir = str(cls._icon_dir)  # type: ignore[attr-defined]
    rel = Path(icon_dir).relative_to("resources") / str(cls._icon)  # type: ignore[attr-defined]
    return rel.as_posix() if (resources_dir() / rel).is_file() else None


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
            "id": plan.key,
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
                with Cluster(dot_label(c.label), graph_attr=attrs) as cluster:
                    cluster.dot.name = f"cluster_{c.id}"
                    fill(cid)
            for i in by_cluster.get(parent, []):
                n = plan.nodes[i]
                cls = icon_class(n.icon or FALLBACK_ICON) or icon_class(FALLBACK_ICON)
                assert cls is not None
                attrs = {
                    "id": f"{plan.key}-n-{n.id}",
                    "class": f"kind-{n.kind}",
                    "tooltip": dot_label(n.tooltip or n.label),
                }
                if n.link:
                    attrs.update(URL=f"radoc:{n.link}", target="_top")
                if "gap" in n.classes:  # nothing covers it: a red dashed frame
                    attrs.update(shape="box", style="rounded,dashed", color="#b91c1c", penwidth="2")
                nodes[n.id] = cls(dot_label_lines(n.label), nodeid=n.id, **attrs)
            for row in rows_in.get(parent, []):
                target = diagram.dot if parent is None else getcluster().dot
                target.body.append(
                    "\t{rank=same; " + " ".join(quoting.quote(i) for i in row) + "}\n"
                )

        fill(None)
        for e in plan.edges:
            attrs = {"id": f"{plan.key}-e-{e.id}", "color": e.color, "style": e.style}
            if e.label:  # curved splines cannot place plain labels
                attrs["xlabel"] = dot_label(e.label)
            if not e.constraint:
                attrs["constraint"] = "false"
            if e.tooltip:
                attrs["tooltip"] = dot_label(e.tooltip)
            nodes[e.source] >> Edge(**attrs) >> nodes[e.target]
        source = diagram.dot.source
    finally:
        setcluster(None)
        setdiagram(None)
    return _relative_images(source)


def _relative_images(source: str) -> str:
    """Absolute icon paths → paths relative to the resources folder (found via imagepath)."""
    root = str(resources_dir()) + "/"
    return source.replace(root, "")


@cache
def icon_data_uri(rel: str) -> str | None:
    """A PNG data URI of an icon, shrunk to the size it is drawn at."""
    from PIL import Image

    path = (resources_dir() / rel).resolve()
    if resources_dir() not in path.parents or not path.is_file():
        return None
    with Image.open(path) as original:
        icon = original.convert("RGBA")
    icon.thumbnail((ICON_PIXELS, ICON_PIXELS), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    icon.save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


@lru_cache(maxsize=1024)
def embed_icons(svg: str) -> str:
    """Replace every icon reference in an SVG by its data URI (unknown files are dropped)."""

    def repl(m: re.Match[str]) -> str:
        href = m.group(2)
        root = str(resources_dir()) + "/"
        rel = href[len(root) :] if href.startswith(root) else href
        uri = icon_data_uri(rel)
        return f"{m.group(1)}{uri or ''}{m.group(3)}"

    return _IMAGE.sub(repl, svg)
