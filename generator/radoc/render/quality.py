"""How readable a laid-out diagram is: edge crossings and the size of its smallest label.

Everything is measured from Graphviz's ``-Tjson`` output (``measure`` runs ``dot``;
``measure_json`` takes the parsed JSON), so what is counted is what is drawn.

What is drawn
    A node is drawn unless its ``style`` holds ``invis``, or it has neither a shape
    (``shape=none``/``plaintext``/``plain``), nor an image, nor label text (a spacer).
    An edge is drawn unless its ``style`` holds ``invis``. Clusters and the graph label
    (radoc's legend is an HTML-like graph label) are neither nodes nor edges, so they add
    nothing to any count.

Crossings
    Each drawn edge's curve is read from the ``b``/``B`` operations of its ``_draw_``
    (cubic B-spline pieces ``p0 p1 p2 p3``, ``p3 p4 p5 p6``, … sharing their endpoints),
    its ``L`` polylines and ``p``/``P`` polygons; without ``_draw_`` the ``pos`` spline is
    used. Every curved cubic piece becomes 12 straight segments; a flat one (all
    ``splines=ortho`` and ``splines=line`` edges) stays one segment. Arrowheads are drawn
    by ``_hdraw_``/``_tdraw_`` and are not read; an edge never crosses itself.

    Two edges *meet* where a segment of one meets a segment of the other at an angle of
    at least ``MIN_ANGLE_DEG`` (segments that are parallel, collinear — two ortho edges
    in one channel — or nearly so graze rather than cross). Meetings of the same pair
    closer than ``DEDUPE_PT`` are one (a curve through a sample point of the other meets
    two of its segments). Meetings of a pair follow each other in *runs*: consecutive
    meetings between which the first edge never gets farther than ``ALONGSIDE_PT`` from
    the second belong to one stretch where the curves run together. A run is one
    crossing when the first edge comes from one side of the second and leaves on the
    other side — judged at its last vertex before and first vertex after the run that
    lie farther than ``ALONGSIDE_PT`` from the second edge — and no crossing when it
    leaves on the side it came from (a touch), or when it begins or ends alongside the
    second edge (two edges leaving one point). So a plain X is one crossing, and two
    curves that merge, wiggle over each other and part are one or none, not one per
    wiggle. Edges bundled together (dot merges edges of one node) stay separate edges:
    a line across a bundle of three edges is three crossings.

    Edges that end at the same node — for compound edges (``lhead``/``ltail``), at the
    same cluster — join there: a run reaching into that node's (cluster's) box widened
    by ``SHARED_END_MARGIN_PT`` is no crossing (edges leaving one node touch at its
    border, arrowheads into one node overlap, edges leave a node in a bundle).

    Segments are bucketed in a uniform grid of about their own size, so only nearby
    segments are compared (each pair once, in the cell holding the lower-left corner of
    the overlap of their boxes): a diagram of a hundred edges takes a few tens of
    milliseconds at most.

Labels
    The smallest font of the text a node or an edge label really draws: the current ``F``
    size at each non-blank ``T`` operation of ``_ldraw_`` (which holds ``xlabel`` too),
    ``_hldraw_`` and ``_tldraw_`` — HTML-like labels carry their own sizes there. Without
    those operations, a non-empty ``label`` falls back to ``fontsize`` (14 by default).
    ``fitted_font_px`` gives the size in CSS px (1 pt = 4/3 px) once the drawing is
    scaled down to fit a page column; a narrow drawing is never enlarged.
"""

from __future__ import annotations

import json
import math
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from .graphviz_run import GraphvizFailed, GraphvizMissing

PX_PER_PT = 4 / 3
DEFAULT_FONT_PT = 14.0
SAMPLES_PER_CUBIC = 12
FLAT_PT = 0.05  # control points this close to the chord: the piece is a straight line
SHARED_END_MARGIN_PT = 12.0  # above a default arrowhead's length (10 pt)
DEDUPE_PT = 1.0
ALONGSIDE_PT = 2.5  # curves closer than this run together (their lines touch)
MIN_ANGLE_DEG = 3.0  # segments meeting at a smaller angle graze, they do not cross
_SIN_MIN_ANGLE = math.sin(math.radians(MIN_ANGLE_DEG))
_EPS = 1e-9
_MAX_RING = 16  # grid rings searched for the nearest segment before trying them all
_SHAPELESS = frozenset({"none", "plaintext", "plain"})

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class LayoutQuality:
    width_pt: float  # drawing size (the graph's bb)
    height_pt: float
    nodes: int  # drawn nodes (not invisible ones)
    edges: int  # drawn edges (not style=invis)
    crossings: int  # points where two drawn edges cross
    node_font_pt: float  # smallest font size used by a node label (0 when no nodes)
    edge_font_pt: float  # smallest font size used by an edge label (0 when none)

    @property
    def label_font_pt(self) -> float:
        """The smallest label font of any kind (0 when nothing has a label)."""
        sizes = [s for s in (self.node_font_pt, self.edge_font_pt) if s > 0]
        return min(sizes, default=0.0)


def measure(
    dot_source: str,
    dot: str = "dot",
    options: tuple[str, ...] = (),
    timeout: float = 120.0,
) -> LayoutQuality:
    """Lay ``dot_source`` out with ``dot -Tjson`` (plus ``options``, e.g. ``-Gimagepath=…``)
    and measure the result."""
    try:
        proc = subprocess.run(
            [dot, "-Tjson", *options],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise GraphvizMissing() from None
    except OSError as exc:
        raise GraphvizFailed(f"could not run {dot}: {exc}") from None
    except subprocess.TimeoutExpired:
        raise GraphvizFailed(f"{dot} -Tjson took longer than {timeout:g} s") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise GraphvizFailed(err or f"{dot} -Tjson exited with status {proc.returncode}")
    try:
        data = json.loads(proc.stdout)
    except ValueError as exc:
        raise GraphvizFailed(f"{dot} -Tjson did not print JSON: {exc}") from None
    if not isinstance(data, dict):
        raise GraphvizFailed(f"{dot} -Tjson printed JSON that is not a graph")
    return measure_json(data)


def measure_json(
    data: dict[str, Any], shared_margin_pt: float = SHARED_END_MARGIN_PT
) -> LayoutQuality:
    """Measure a layout from ``dot -Tjson`` output (parsed with ``json.loads``)."""
    x0, y0, x1, y1 = _box(data.get("bb")) or (0.0, 0.0, 0.0, 0.0)
    objects: list[dict[str, Any]] = list(data.get("objects") or [])
    subgraph_count = data.get("_subgraph_cnt")
    by_gvid: dict[int, dict[str, Any]] = {}
    clusters: dict[str, Box] = {}
    nodes: list[dict[str, Any]] = []
    for i, obj in enumerate(objects):
        if _is_subgraph(obj, i, subgraph_count):
            bb = _box(obj.get("bb"))
            if bb is not None:
                clusters[str(obj.get("name", ""))] = bb
        else:
            by_gvid[int(obj.get("_gvid", i))] = obj
            nodes.append(obj)

    drawn_nodes = [n for n in nodes if _node_drawn(n)]
    node_fonts = [s for n in drawn_nodes for s in _label_sizes(n, is_edge=False)]

    drawn_edges = [e for e in data.get("edges") or [] if not _invisible(e)]
    edge_fonts = [s for e in drawn_edges for s in _label_sizes(e, is_edge=True)]

    curves: list[list[list[Point]]] = []
    ends: list[dict[tuple[str, str], Box]] = []
    for edge in drawn_edges:
        curves.append(_edge_curves(edge))
        ends.append(_edge_ends(edge, by_gvid, clusters, shared_margin_pt))

    return LayoutQuality(
        width_pt=x1 - x0,
        height_pt=y1 - y0,
        nodes=len(drawn_nodes),
        edges=len(drawn_edges),
        crossings=count_crossings(curves, ends),
        node_font_pt=min(node_fonts, default=0.0),
        edge_font_pt=min(edge_fonts, default=0.0),
    )


def fitted_font_px(q: LayoutQuality, column_px: float) -> float:
    """The smallest label in CSS px when the drawing is shown at
    ``min(1, column_px / width_px)`` of its natural size (0 when nothing has a label)."""
    width_px = q.width_pt * PX_PER_PT
    scale = min(1.0, column_px / width_px) if width_px > 0 else 1.0
    return q.label_font_pt * PX_PER_PT * scale


def crossings_per_edge(qs: Iterable[LayoutQuality]) -> float:
    """All crossings over all drawn edges of several diagrams (0 when there are no edges)."""
    crossings = edges = 0
    for q in qs:
        crossings += q.crossings
        edges += q.edges
    return crossings / edges if edges else 0.0


# --- crossings -------------------------------------------------------------------------


def count_crossings(
    curves: Sequence[Sequence[Sequence[Point]]],
    ends: Sequence[dict[tuple[str, str], Box]] | None = None,
) -> int:
    """Crossings between polylines: ``curves[i]`` holds the polylines drawing edge ``i``,
    ``ends[i]`` the (widened) boxes of the nodes or clusters it ends at, keyed by identity;
    two edges do not cross in the box of an end they share."""
    return len(crossing_points(curves, ends))


def crossing_points(
    curves: Sequence[Sequence[Sequence[Point]]],
    ends: Sequence[dict[tuple[str, str], Box]] | None = None,
) -> list[tuple[int, int, Point]]:
    """The crossings ``count_crossings`` counts: (edge, other edge, where), sorted."""
    segs: list[tuple[int, float, float, float, float]] = []
    for i, polylines in enumerate(curves):
        for line in polylines:
            for (ax, ay), (bx, by) in pairwise(line):
                if ax != bx or ay != by:
                    segs.append((i, ax, ay, bx, by))
    if len(segs) < 2:
        return []
    cell = _cell_size(segs)
    segs = _split_long(segs, cell)

    boxes = [(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)) for _, ax, ay, bx, by in segs]
    owner = [seg[0] for seg in segs]
    low_cell = [(math.floor(x0 / cell), math.floor(y0 / cell)) for x0, y0, _, _ in boxes]
    grid: dict[tuple[int, int], list[int]] = {}
    for k, (_, _, x1, y1) in enumerate(boxes):
        gx0, gy0 = low_cell[k]
        for gx in range(gx0, math.floor(x1 / cell) + 1):
            for gy in range(gy0, math.floor(y1 / cell) + 1):
                grid.setdefault((gx, gy), []).append(k)

    # (edge, other edge) -> meetings as ((segment, fraction of it), point); segments are
    # numbered edge by edge along each curve, and a cell lists them in that order, so
    # ka < kb means that the edge of ka comes first
    found: dict[tuple[int, int], list[tuple[tuple[int, float], Point]]] = {}
    for (gx, gy), members in grid.items():
        if len(members) < 2:
            continue
        for m, ka in enumerate(members):
            ea = owner[ka]
            ax0, ay0, ax1, ay1 = boxes[ka]
            acx, acy = low_cell[ka]
            for kb in members[m + 1 :]:
                eb = owner[kb]
                if ea == eb:
                    continue
                bx0, by0, bx1, by1 = boxes[kb]
                if bx0 > ax1 or ax0 > bx1 or by0 > ay1 or ay0 > by1:
                    continue  # the boxes are apart
                # a pair of segments is compared only in the cell holding the lower-left
                # corner of their boxes' overlap, not in every cell they share
                bcx, bcy = low_cell[kb]
                if (acx if acx > bcx else bcx) != gx or (acy if acy > bcy else bcy) != gy:
                    continue
                _, ax, ay, bx, by = segs[ka]
                _, cx, cy, dx, dy = segs[kb]
                hit = _intersection(ax, ay, bx, by, cx, cy, dx, dy)
                if hit is None:
                    continue
                t, p = hit
                points = found.setdefault((ea, eb), [])
                if all(math.hypot(p[0] - q[0], p[1] - q[1]) > DEDUPE_PT for _, q in points):
                    points.append(((ka, t), p))

    index = _Index(segs, grid, cell)
    crossings: list[tuple[int, int, Point]] = []
    for (ea, eb), points in found.items():
        points.sort()
        shared = _shared_ends(ends[ea], ends[eb]) if ends is not None else []
        run = [points[0]]
        for meeting in points[1:]:
            if not index.alongside(run[-1][0][0], meeting[0][0], eb):
                crossings += index.run_crossing(ea, eb, run, shared)
                run = []
            run.append(meeting)
        crossings += index.run_crossing(ea, eb, run, shared)
    return sorted(crossings)


class _Index:
    """The segments of all edges in a grid, to ask where one edge lies next to another."""

    def __init__(
        self,
        segs: Sequence[tuple[int, float, float, float, float]],
        grid: dict[tuple[int, int], list[int]],
        cell: float,
    ) -> None:
        self.segs = segs
        self.cell = cell
        self.reach = math.ceil(ALONGSIDE_PT / cell)
        self.cells: dict[tuple[int, int, int], list[int]] = {}  # (gx, gy, edge) -> segments
        for (gx, gy), members in grid.items():
            for k in members:
                self.cells.setdefault((gx, gy, segs[k][0]), []).append(k)
        self.ranges: dict[int, tuple[int, int]] = {}
        for k, seg in enumerate(segs):
            first, _ = self.ranges.get(seg[0], (k, k))
            self.ranges[seg[0]] = (first, k + 1)

    def run_crossing(
        self, ea: int, eb: int, run: list[tuple[tuple[int, float], Point]], shared: list[Box]
    ) -> list[tuple[int, int, Point]]:
        """The crossing (or none) of a run of meetings of edge ``ea`` with edge ``eb``:
        one when ``ea`` comes from one side of ``eb`` and leaves on the other, none when it
        only touches, when it begins or ends next to ``eb``, or when the run reaches into
        the box of an end both edges share (there they join, or leave together)."""
        for x0, y0, x1, y1 in shared:
            if any(x0 <= x <= x1 and y0 <= y <= y1 for _, (x, y) in run):
                return []
        before = self._leave(run[0][0][0], eb, -1)
        after = self._leave(run[-1][0][0], eb, +1)
        if before is None or after is None:
            return []
        if self._side(*before, eb) * self._side(*after, eb) >= 0:
            return []
        return [(ea, eb, run[len(run) // 2][1])]

    def alongside(self, first: int, last: int, other: int) -> bool:
        """Whether an edge stays within ``ALONGSIDE_PT`` of edge ``other`` from segment
        ``first`` to segment ``last`` of it: meetings there belong to one stretch where the
        curves run together."""
        return all(self._near(*self.segs[k][3:5], other) for k in range(first, last))

    def _leave(self, k: int, other: int, step: int) -> Point | None:
        """The first vertex of an edge farther than ``ALONGSIDE_PT`` from edge ``other``,
        going from segment ``k`` back (``step`` -1) or on (+1) along the edge's line; None
        when the line ends first."""
        seg = self.segs[k]
        while True:
            x, y = (seg[1], seg[2]) if step < 0 else (seg[3], seg[4])
            if not self._near(x, y, other):
                return (x, y)
            k += step
            if not 0 <= k < len(self.segs):
                return None
            nxt = self.segs[k]
            joined = (
                (nxt[3], nxt[4]) == (seg[1], seg[2])
                if step < 0
                else (nxt[1], nxt[2]) == (seg[3], seg[4])
            )
            if nxt[0] != seg[0] or not joined:
                return None
            seg = nxt

    def _near(self, x: float, y: float, other: int) -> bool:
        gx, gy = math.floor(x / self.cell), math.floor(y / self.cell)
        for nx in range(gx - self.reach, gx + self.reach + 1):
            for ny in range(gy - self.reach, gy + self.reach + 1):
                for j in self.cells.get((nx, ny, other), ()):
                    _, cx, cy, dx, dy = self.segs[j]
                    if _distance(x, y, cx, cy, dx, dy) <= ALONGSIDE_PT:
                        return True
        return False

    def _side(self, x: float, y: float, other: int) -> float:
        """Which side of edge ``other`` a point is on (the sign), by its nearest segment:
        grid cells are searched ring by ring around the point until no nearer segment can
        be farther out."""
        gx, gy = math.floor(x / self.cell), math.floor(y / self.cell)
        best: tuple[int, float, float, float, float] | None = None
        best_d = math.inf
        for r in range(_MAX_RING + 1):
            for nx in range(gx - r, gx + r + 1):
                step = 1 if abs(nx - gx) == r else 2 * r
                for ny in range(gy - r, gy + r + 1, max(1, step)):
                    for j in self.cells.get((nx, ny, other), ()):
                        seg = self.segs[j]
                        d = _distance(x, y, seg[1], seg[2], seg[3], seg[4])
                        if d < best_d:
                            best, best_d = seg, d
            if best is not None and best_d <= r * self.cell:
                break
        else:
            first, last = self.ranges[other]
            best = min(self.segs[first:last], key=lambda s: _distance(x, y, s[1], s[2], s[3], s[4]))
        _, cx, cy, dx, dy = best
        return (dx - cx) * (y - cy) - (dy - cy) * (x - cx)


def _distance(x: float, y: float, ax: float, ay: float, bx: float, by: float) -> float:
    """From point (x, y) to segment ab."""
    rx, ry = bx - ax, by - ay
    length2 = rx * rx + ry * ry
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * rx + (y - ay) * ry) / length2))
    return math.hypot(x - ax - t * rx, y - ay - t * ry)


def _cell_size(segs: Sequence[tuple[int, float, float, float, float]]) -> float:
    """A grid cell about as big as the typical segment (at least 4 pt)."""
    lengths = sorted(math.hypot(bx - ax, by - ay) for _, ax, ay, bx, by in segs)
    return max(4.0, 2 * lengths[len(lengths) // 2])


def _split_long(
    segs: list[tuple[int, float, float, float, float]], cell: float
) -> list[tuple[int, float, float, float, float]]:
    """Long straight segments cut to cell size, so none spans a large block of cells."""
    out: list[tuple[int, float, float, float, float]] = []
    for seg in segs:
        e, ax, ay, bx, by = seg
        n = math.ceil(math.hypot(bx - ax, by - ay) / cell)
        if n <= 1:
            out.append(seg)
            continue
        px, py = ax, ay
        for j in range(1, n + 1):
            qx, qy = (bx, by) if j == n else (ax + (bx - ax) * j / n, ay + (by - ay) * j / n)
            out.append((e, px, py, qx, qy))
            px, py = qx, qy
    return out


def _intersection(
    ax: float, ay: float, bx: float, by: float, cx: float, cy: float, dx: float, dy: float
) -> tuple[float, Point] | None:
    """Where segments ab and cd meet (ends included), as the fraction of ab and the point;
    None when they are apart or parallel."""
    rx, ry = bx - ax, by - ay
    sx, sy = dx - cx, dy - cy
    denom = rx * sy - ry * sx
    if abs(denom) <= _SIN_MIN_ANGLE * math.hypot(rx, ry) * math.hypot(sx, sy):
        return None  # parallel or nearly so: grazing or running alongside, not crossing
    qx, qy = cx - ax, cy - ay
    t = (qx * sy - qy * sx) / denom
    u = (qx * ry - qy * rx) / denom
    if -_EPS <= t <= 1 + _EPS and -_EPS <= u <= 1 + _EPS:
        return t, (ax + t * rx, ay + t * ry)
    return None


def _shared_ends(a: dict[tuple[str, str], Box], b: dict[tuple[str, str], Box]) -> list[Box]:
    return [box for key, box in a.items() if key in b]


def _edge_curves(edge: dict[str, Any]) -> list[list[Point]]:
    """The polylines an edge is drawn with (its curve sampled, arrowheads left out)."""
    ops = edge.get("_draw_")
    if isinstance(ops, list):
        lines: list[list[Point]] = []
        for op in ops:
            if not isinstance(op, dict):
                continue
            kind, points = op.get("op"), _points(op.get("points"))
            if kind in ("b", "B"):
                lines.append(_sample_bspline(points))
            elif kind == "L":
                lines.append(points)
            elif kind in ("p", "P") and points:
                lines.append([*points, points[0]])
        return [line for line in lines if len(line) >= 2]
    return [_sample_bspline(points) for points in _pos_splines(edge.get("pos"))]


def _points(raw: Any) -> list[Point]:
    if not isinstance(raw, list):
        return []
    return [(float(p[0]), float(p[1])) for p in raw if isinstance(p, list | tuple) and len(p) >= 2]


def _pos_splines(pos: Any) -> list[list[Point]]:
    """The control points of an edge's ``pos`` (``e,x,y s,x,y x,y x,y …``, ``;`` between
    splines), without the arrow tips."""
    if not isinstance(pos, str):
        return []
    splines = []
    for part in pos.split(";"):
        points = []
        for token in part.split():
            fields = token.split(",")
            if fields[0] in ("e", "s"):
                continue
            points.append((float(fields[0]), float(fields[1])))
        if len(points) >= 2:
            splines.append(points)
    return splines


def _sample_bspline(points: Sequence[Point]) -> list[Point]:
    """Cubic pieces (p0 p1 p2 p3, p3 p4 p5 p6, …) as a polyline; other counts as given."""
    if len(points) < 4 or (len(points) - 1) % 3:
        return list(points)
    out = [points[0]]
    for i in range(0, len(points) - 1, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        if _flat(p0, p1, p2, p3):
            out.append(p3)
            continue
        for j in range(1, SAMPLES_PER_CUBIC + 1):
            t = j / SAMPLES_PER_CUBIC
            s = 1 - t
            w0, w1, w2, w3 = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
            out.append(
                (
                    w0 * p0[0] + w1 * p1[0] + w2 * p2[0] + w3 * p3[0],
                    w0 * p0[1] + w1 * p1[1] + w2 * p2[1] + w3 * p3[1],
                )
            )
    return out


def _flat(p0: Point, p1: Point, p2: Point, p3: Point) -> bool:
    """Whether the piece is a straight line from p0 to p3 (its control points on the chord)."""
    cx, cy = p3[0] - p0[0], p3[1] - p0[1]
    chord = math.hypot(cx, cy)
    if chord == 0:
        return all(math.hypot(p[0] - p0[0], p[1] - p0[1]) <= FLAT_PT for p in (p1, p2))
    for px, py in (p1, p2):
        vx, vy = px - p0[0], py - p0[1]
        along = (vx * cx + vy * cy) / chord
        if abs(vx * cy - vy * cx) / chord > FLAT_PT or not -FLAT_PT <= along <= chord + FLAT_PT:
            return False
    return True


def _edge_ends(
    edge: dict[str, Any],
    by_gvid: dict[int, dict[str, Any]],
    clusters: dict[str, Box],
    margin: float,
) -> dict[tuple[str, str], Box]:
    """The boxes, widened by ``margin``, of the nodes (clusters for ``ltail``/``lhead``)
    an edge ends at."""
    ends: dict[tuple[str, str], Box] = {}
    for end, cluster_attr in (("tail", "ltail"), ("head", "lhead")):
        cluster = edge.get(cluster_attr)
        if isinstance(cluster, str) and cluster in clusters:
            key, box = ("cluster", cluster), clusters[cluster]
        else:
            gvid = edge.get(end)
            node = by_gvid.get(gvid) if isinstance(gvid, int) else None
            node_box = _node_box(node) if node is not None else None
            if node_box is None:
                continue
            key, box = ("node", str(gvid)), node_box
        x0, y0, x1, y1 = box
        ends[key] = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
    return ends


def _node_box(node: dict[str, Any]) -> Box | None:
    try:
        x, y = (float(v) for v in str(node["pos"]).split(",")[:2])
        half_w = float(node.get("width", 0.75)) * 36
        half_h = float(node.get("height", 0.5)) * 36
    except (KeyError, ValueError):
        return None
    return (x - half_w, y - half_h, x + half_w, y + half_h)


def _box(raw: Any) -> Box | None:
    if not isinstance(raw, str):
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in raw.split(","))
    except ValueError:
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


# --- nodes, edges and labels -----------------------------------------------------------


def _is_subgraph(obj: dict[str, Any], index: int, subgraph_count: Any) -> bool:
    if isinstance(subgraph_count, int):
        return index < subgraph_count
    return any(key in obj for key in ("nodes", "edges", "subgraphs"))


def _style(obj: dict[str, Any]) -> set[str]:
    return {word.strip().lower() for word in str(obj.get("style", "")).split(",")}


def _invisible(obj: dict[str, Any]) -> bool:
    return not _style(obj).isdisjoint({"invis", "invisible"})


def _node_drawn(node: dict[str, Any]) -> bool:
    if _invisible(node):
        return False
    if str(node.get("shape", "ellipse")).lower() not in _SHAPELESS or node.get("image"):
        return True
    return bool(_label_sizes(node, is_edge=False))


def _label_sizes(obj: dict[str, Any], is_edge: bool) -> list[float]:
    """The font size of every piece of label text an object draws."""
    keys = ("_ldraw_", "_hldraw_", "_tldraw_") if is_edge else ("_ldraw_",)
    sizes: list[float] = []
    seen_ops = False
    for key in keys:
        ops = obj.get(key)
        if not isinstance(ops, list):
            continue
        seen_ops = True
        size = _float(obj.get("fontsize"), DEFAULT_FONT_PT)
        for op in ops:
            if not isinstance(op, dict):
                continue
            if op.get("op") == "F":
                size = _float(op.get("size"), size)
            elif op.get("op") == "T" and str(op.get("text", "")).strip():
                sizes.append(size)
    if seen_ops:
        return sizes
    # no drawing operations (hand-made JSON): the label attributes and their font sizes
    fontsize = _float(obj.get("fontsize"), DEFAULT_FONT_PT)
    label = obj.get("label", "" if is_edge else "\\N")
    if _has_text(label, obj):
        sizes.append(fontsize)
    if _has_text(obj.get("xlabel"), obj):
        sizes.append(fontsize)
    if is_edge:
        labelsize = _float(obj.get("labelfontsize"), fontsize)
        sizes += [labelsize for k in ("headlabel", "taillabel") if _has_text(obj.get(k), obj)]
    return sizes


def _has_text(label: Any, obj: dict[str, Any]) -> bool:
    if not isinstance(label, str):
        return False
    if label == "\\N":
        label = str(obj.get("name", ""))
    return bool(label.strip())


def _float(raw: Any, default: float) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return default
