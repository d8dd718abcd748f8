"""Layout quality: edge crossings and label sizes, from hand-made JSON and from real `dot` runs."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from radoc.render.graphviz_run import GraphvizFailed, GraphvizMissing
from radoc.render.quality import (
    LayoutQuality,
    crossing_points,
    crossings_per_edge,
    fitted_font_px,
    measure,
    measure_json,
)

# --- hand-made `dot -Tjson` output ---------------------------------------------------


def _node(gvid: int, name: str, x: float, y: float, **attrs: Any) -> dict[str, Any]:
    """A 54 x 36 pt node at (x, y) whose label draws its name in 14 pt."""
    obj: dict[str, Any] = {
        "_gvid": gvid,
        "name": name,
        "pos": f"{x},{y}",
        "width": "0.75",
        "height": "0.5",
        "label": "\\N",
        "_ldraw_": [{"op": "F", "size": 14.0, "face": "Times-Roman"}, _text(name, x, y)],
    }
    obj.update(attrs)
    return obj


def _text(text: str, x: float = 0.0, y: float = 0.0) -> dict[str, Any]:
    return {"op": "T", "pt": [x, y], "align": "c", "width": 10.0, "text": text}


def _edge(
    gvid: int, tail: int, head: int, points: list[tuple[float, float]], op: str = "b", **attrs: Any
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "_gvid": gvid,
        "tail": tail,
        "head": head,
        "_draw_": [
            {"op": "c", "grad": "none", "color": "#000000"},
            {"op": op, "points": [list(p) for p in points]},
        ],
        # an arrowhead: never part of the curve
        "_hdraw_": [{"op": "P", "points": [list(points[-1]), [0.0, 0.0], [500.0, 500.0]]}],
    }
    obj.update(attrs)
    return obj


def _line(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """A straight cubic piece from a to b (how dot writes a straight edge)."""
    (ax, ay), (bx, by) = a, b
    return [
        a,
        (ax + (bx - ax) / 3, ay + (by - ay) / 3),
        (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3),
        b,
    ]


def _graph(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], **attrs: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "G",
        "directed": True,
        "bb": "0,0,400,300",
        "_subgraph_cnt": 0,
        "objects": nodes,
        "edges": edges,
    }
    data.update(attrs)
    return data


def _x_graph(**edge_attrs: Any) -> dict[str, Any]:
    """a -> d and b -> c, drawn as one X crossing at (200, 150)."""
    nodes = [
        _node(0, "a", 100, 250),
        _node(1, "b", 300, 250),
        _node(2, "c", 100, 50),
        _node(3, "d", 300, 50),
    ]
    edges = [
        _edge(0, 0, 3, _line((110, 232), (290, 68))),
        _edge(1, 1, 2, _line((290, 232), (110, 68)), **edge_attrs),
    ]
    return _graph(nodes, edges)


def test_one_x_crossing_counts_once() -> None:
    q = measure_json(_x_graph())
    assert q == LayoutQuality(
        width_pt=400.0,
        height_pt=300.0,
        nodes=4,
        edges=2,
        crossings=1,
        node_font_pt=14.0,
        edge_font_pt=0.0,
    )


def test_a_crossing_at_a_sample_point_counts_once() -> None:
    # both polylines have a vertex exactly at the crossing: four segment pairs meet there
    nodes = [
        _node(0, "a", 0, 200),
        _node(1, "b", 200, 200),
        _node(2, "c", 0, 0),
        _node(3, "d", 200, 0),
    ]
    edges = [
        _edge(0, 0, 3, [(20, 180), (100, 100), (180, 20)], op="L"),
        _edge(1, 1, 2, [(180, 180), (100, 100), (20, 20)], op="L"),
    ]
    assert measure_json(_graph(nodes, edges)).crossings == 1


def test_invisible_edges_are_neither_counted_nor_crossed() -> None:
    q = measure_json(_x_graph(style="invis"))
    assert (q.edges, q.crossings) == (1, 0)
    q = measure_json(_x_graph(style="dashed,invis"))
    assert (q.edges, q.crossings) == (1, 0)


def test_edges_sharing_a_node_meet_there_without_crossing() -> None:
    nodes = [_node(0, "a", 200, 250), _node(1, "b", 100, 50), _node(2, "c", 300, 50)]
    # both edges leave a's bottom border (y 232) and cross 8 pt below it
    edges = [
        _edge(0, 0, 2, _line((195, 232), (300, 68))),
        _edge(1, 0, 1, _line((205, 232), (100, 68))),
    ]
    data = _graph(nodes, edges)
    assert measure_json(data).crossings == 0
    # without the margin around the shared node, that meeting would count
    assert measure_json(data, shared_margin_pt=0).crossings == 1
    # edges leaving from the very same point and parting never cross, margin or not
    edges = [
        _edge(0, 0, 1, [(200, 232), (205, 226), (150, 150), (100, 68)]),
        _edge(1, 0, 2, [(200, 232), (195, 226), (250, 150), (300, 68)]),
    ]
    assert measure_json(_graph(nodes, edges), shared_margin_pt=0).crossings == 0


def test_edges_into_one_cluster_meet_at_its_border_without_crossing() -> None:
    cluster = {"_gvid": 0, "name": "cluster_x", "bb": "150,20,250,120", "nodes": [3]}
    nodes = [
        cluster,
        _node(1, "a", 100, 250),
        _node(2, "b", 300, 250),
        _node(3, "inside", 200, 60),
    ]
    # compound edges, clipped at the cluster's top border, ending crossed over each other
    edges = [
        _edge(0, 1, 3, _line((110, 232), (206, 121)), lhead="cluster_x"),
        _edge(1, 2, 3, _line((290, 232), (194, 121)), lhead="cluster_x"),
    ]
    q = measure_json(_graph(nodes, edges, _subgraph_cnt=1))
    assert (q.nodes, q.edges, q.crossings) == (3, 2, 0)


def test_ortho_polylines_cross_and_share_channels() -> None:
    # splines=ortho edges are cubic pieces with control points on the straight line
    def ortho(*corners: tuple[float, float]) -> list[tuple[float, float]]:
        points = [corners[0]]
        for a, b in pairwise(corners):
            points += [a, b, b]
        return points

    right_down = [(0.0, 100.0), (200.0, 100.0), (200.0, 0.0)]
    down_right = [(100.0, 200.0), (100.0, 50.0), (180.0, 50.0)]
    # runs in right_down's channel from its start, then turns off: they touch, no crossing
    along_up = [(0.0, 100.0), (150.0, 100.0), (150.0, 150.0)]
    nodes = [_node(i, n, 0, 0, pos=None) for i, n in enumerate("abcdef")]
    edges = [
        _edge(0, 0, 1, ortho(*right_down)),
        _edge(1, 2, 3, ortho(*down_right)),
        _edge(2, 4, 5, ortho(*along_up)),
    ]
    assert measure_json(_graph(nodes, edges)).crossings == 2
    # down_right crosses both others at (100, 100)
    assert crossing_points([[right_down], [down_right], [along_up]]) == [
        (0, 1, (100.0, 100.0)),
        (1, 2, (100.0, 100.0)),
    ]
    # the same as "L" polylines
    edges = [
        _edge(i, 2 * i, 2 * i + 1, line, op="L")
        for i, line in enumerate([right_down, down_right, along_up])
    ]
    assert measure_json(_graph(nodes, edges)).crossings == 2


def test_curves_running_together_cross_only_when_they_change_sides() -> None:
    along = [(0.0, 0.0), (100.0, 0.0)]
    # wiggles across the straight edge four times within 1 pt of it, then leaves on the side
    # it came from: the two lines touch, they do not cross
    back = [(0, 20), (30, 1), (40, -1), (50, 1), (60, -1), (70, 20)]
    # ...the same, but it leaves on the other side: one crossing
    over = [(0, 20), (30, 1), (40, -1), (50, 1), (60, -1), (70, -20)]
    assert crossing_points([[along], [back]]) == []
    assert len(crossing_points([[along], [over]])) == 1


def test_graph_label_clusters_and_invisible_nodes_add_nothing() -> None:
    data = _x_graph()
    data["_subgraph_cnt"] = 1
    data["objects"] = [
        {"_gvid": 0, "name": "cluster_g", "bb": "10,10,390,290", "label": "Group", "nodes": [1, 2]},
        *[{**n, "_gvid": n["_gvid"] + 1} for n in data["objects"]],
        _node(5, "spacer", 20, 20, style="invis", _ldraw_=[{"op": "F", "size": 4.0}, _text("x")]),
        _node(6, "blank", 30, 30, shape="none", label="", _ldraw_=[]),
    ]
    for e in data["edges"]:
        e["tail"] += 1
        e["head"] += 1
    data["label"] = "<TABLE><TR><TD>Legend</TD></TR></TABLE>"
    data["_ldraw_"] = [{"op": "F", "size": 6.0}, _text("Legend")]
    q = measure_json(data)
    assert (q.nodes, q.edges, q.crossings, q.node_font_pt) == (4, 2, 1, 14.0)


def test_fonts_come_from_the_text_labels_draw() -> None:
    html = _node(
        0,
        "html",
        50,
        50,
        label="<b>x</b>",
        _ldraw_=[
            {"op": "F", "size": 12.0},
            _text("Title"),
            {"op": "F", "size": 8.5},
            _text("small print"),
            {"op": "F", "size": 5.0},
            _text("   "),  # blank text draws nothing
        ],
    )
    plain = _node(1, "plain", 150, 50)
    labelled = _edge(
        0,
        0,
        1,
        _line((70, 50), (130, 50)),
        label="calls",
        _ldraw_=[{"op": "F", "size": 9.0}, _text("calls")],
        _tldraw_=[{"op": "F", "size": 7.0}, _text("1")],
    )
    q = measure_json(_graph([html, plain], [labelled]))
    assert (q.node_font_pt, q.edge_font_pt) == (8.5, 7.0)


def test_fonts_fall_back_to_fontsize_attributes() -> None:
    # JSON without drawing operations: fontsize, or 14 when absent
    nodes = [
        {"_gvid": 0, "name": "a", "pos": "10,10", "fontsize": "10"},
        {"_gvid": 1, "name": "b", "pos": "90,10"},
        {"_gvid": 2, "name": "c", "pos": "90,90", "label": "", "fontsize": "3"},
    ]
    edges = [
        {"_gvid": 0, "tail": 0, "head": 1, "pos": "e,80,10 20,10 40,10 60,10 78,10"},
        {
            "_gvid": 1,
            "tail": 1,
            "head": 2,
            "label": "x",
            "fontsize": "9",
            "pos": "90,20 90,40 90,60 90,80",
        },
    ]
    q = measure_json(_graph(nodes, edges))
    assert (q.nodes, q.edges, q.crossings, q.node_font_pt, q.edge_font_pt) == (3, 2, 0, 10.0, 9.0)


def test_an_empty_graph() -> None:
    q = measure_json({"name": "G", "bb": "0,0,8,8"})
    assert q == LayoutQuality(8.0, 8.0, 0, 0, 0, 0.0, 0.0)
    assert fitted_font_px(q, 688) == 0.0


def test_fifty_curves_across_fifty_lines_cross_each_one_once() -> None:
    nodes = [_node(i, f"n{i}", 0, 0, pos=None) for i in range(200)]
    edges = []
    for i in range(50):  # gentle S-curves from left to right
        y = 10.0 + i * 10
        edges.append(_edge(i, i, i + 100, [(0, y), (170, y + 3), (340, y - 3), (510, y)]))
    for j in range(50):  # straight lines from top to bottom
        x = 5.0 + j * 10
        edges.append(_edge(50 + j, 50 + j, 150 + j, _line((x, 520), (x, 0))))
    # (how long measuring takes is the layout row of the benchmarks, never a test's business)
    assert measure_json(_graph(nodes, edges)).crossings == 50 * 50


# --- fitting into a page column ------------------------------------------------------


def _quality(width_pt: float, node_font_pt: float, edge_font_pt: float = 0.0) -> LayoutQuality:
    return LayoutQuality(width_pt, 100.0, 3, 2, 0, node_font_pt, edge_font_pt)


def test_fitted_font_of_a_wide_drawing_shrinks_with_it() -> None:
    q = _quality(1000.0, 11.0)
    assert fitted_font_px(q, 688) == pytest.approx(11 * 4 / 3 * 688 / (1000 * 4 / 3))
    assert fitted_font_px(q, 688) == pytest.approx(7.568)


def test_fitted_font_of_a_narrow_drawing_is_not_enlarged() -> None:
    assert fitted_font_px(_quality(300.0, 11.0), 688) == pytest.approx(11 * 4 / 3)


def test_fitted_font_takes_the_smallest_label() -> None:
    assert fitted_font_px(_quality(516.0, 11.0, 9.0), 688) == pytest.approx(12.0)
    assert fitted_font_px(_quality(516.0, 0.0, 9.0), 688) == pytest.approx(12.0)
    assert fitted_font_px(_quality(516.0, 11.0, 0.0), 688) == pytest.approx(11 * 4 / 3)


def test_crossings_per_edge_over_diagrams() -> None:
    qs = [LayoutQuality(1, 1, 2, 10, 1, 11, 9), LayoutQuality(1, 1, 2, 30, 3, 11, 9)]
    assert crossings_per_edge(qs) == pytest.approx(0.1)
    assert crossings_per_edge([]) == 0.0


# --- real layouts ----------------------------------------------------------------------


K33 = "digraph { a1; a2; a3; b1; b2; b3; {a1 a2 a3} -> {b1 b2 b3} }"


@pytest.mark.dot
def test_a_chain_has_no_crossing() -> None:
    q = measure("digraph { a -> b -> c }")
    assert (q.nodes, q.edges, q.crossings) == (3, 2, 0)
    assert q.node_font_pt == 14.0
    assert q.width_pt > 0 and q.height_pt > 0


@pytest.mark.dot
def test_parallel_edges_do_not_cross() -> None:
    q = measure("digraph { a -> b; a -> b }")
    assert (q.nodes, q.edges, q.crossings) == (2, 2, 0)


@pytest.mark.dot
def test_edges_sharing_a_source_do_not_cross() -> None:
    q = measure("digraph { a -> {b c d e f}; a -> b [label=x fontsize=8] }")
    assert (q.edges, q.crossings, q.edge_font_pt) == (6, 0, 8.0)


@pytest.mark.dot
def test_k33_cannot_be_drawn_without_a_crossing() -> None:
    q = measure(K33)
    assert (q.nodes, q.edges) == (6, 9)
    assert q.crossings >= 1


@pytest.mark.dot
def test_invisible_edges_are_ignored_by_dot_too() -> None:
    q = measure("digraph { a1; a2; a3; b1; b2; b3; edge [style=invis]; {a1 a2 a3} -> {b1 b2 b3} }")
    assert (q.nodes, q.edges, q.crossings) == (6, 0, 0)


@pytest.mark.dot
def test_an_html_legend_adds_nothing() -> None:
    legend = (
        'label=<<TABLE BORDER="0"><TR><TD><FONT POINT-SIZE="6">Legend</FONT></TD>'
        '<TD BGCOLOR="#dbeafe">component</TD><TD>- - → feedback</TD></TR></TABLE>> labelloc=b'
    )
    plain = measure(K33)
    with_legend = measure(K33.replace("{ a1;", "{ " + legend + "; a1;"))
    assert (with_legend.nodes, with_legend.edges, with_legend.crossings) == (
        plain.nodes,
        plain.edges,
        plain.crossings,
    )
    assert (with_legend.node_font_pt, with_legend.edge_font_pt) == (14.0, 0.0)


@pytest.mark.dot
def test_ortho_layouts_are_measured() -> None:
    chain = measure("digraph { splines=ortho; a -> b -> c; a -> c }")
    assert (chain.edges, chain.crossings) == (3, 0)
    assert measure(K33.replace("{ a1;", "{ splines=ortho; a1;")).crossings >= 1


@pytest.mark.dot
def test_clusters_and_compound_edges() -> None:
    q = measure(
        "digraph { compound=true; subgraph cluster_x { label=X; p; q } "
        "a -> p [lhead=cluster_x]; b -> q [lhead=cluster_x]; p -> r [ltail=cluster_x] }"
    )
    assert (q.nodes, q.edges, q.crossings) == (5, 3, 0)


@pytest.mark.dot
def test_a_bad_graph_fails_clearly() -> None:
    with pytest.raises(GraphvizFailed, match="syntax error"):
        measure("digraph { a -> }")


def test_a_missing_dot_fails_clearly() -> None:
    with pytest.raises(GraphvizMissing):
        measure("digraph { a }", dot="/nonexistent/dot")
