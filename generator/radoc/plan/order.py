"""The order a plan's nodes and edges are written in, chosen to give Graphviz few crossings.

`dot` orders the nodes of each rank by starting from the order in which it meets them in its
input (a breadth-first walk from the nodes in declaration order along the edges in declaration
order) and improving on that with a local search, which keeps the best order it finds but
rarely leaves the neighbourhood of where it started. Started from an order with few crossings,
it ends with few: on a zoomed view of eleven components and six roles, its own start gives 14
crossings, the order below gives 2.

So before a plan is written, its graph is ranked as `dot` ranks it (cycles broken along a
depth-first walk, every node as early as its predecessors allow, sources pulled next to their
successors), long edges get a point on every rank they pass, and the ranks are ordered by the
Sugiyama heuristic: sweeps down and up that sort each rank by the barycentre of its neighbours
on the rank before, then sifting (each node moved to its best place in its rank), from several
starting orders (the declared one, its reverse, `dot`'s walk and a few shuffles from a seeded
generator), keeping the order with the fewest crossings. A cluster's nodes stay together in
each rank. The nodes, clusters and edges are then written in that order. Nothing is drawn
differently; only the starting point of `dot`'s own search changes. Pure and deterministic:
about 3 ms of CPU for a plan of 20 nodes.

The same count decides between ranks and a map (`best_layout`): a graph whose best order in
ranks still crosses more than ``LAYERED_LIMIT`` times has no flow that ranks could show.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from .types import ViewPlan

SWEEPS = 4  # barycentre passes (down, up, down, up) before each round of sifting
ROUNDS = 4  # rounds of sweeps and sifting per starting order, while they still help
SHUFFLED_STARTS = 3  # starting orders besides the declared one, its reverse and dot's walk
MAX_NODES = 400  # beyond this the search costs more than it is worth: the plan is left as it is

Layer = list[str]


def ordered(plan: ViewPlan) -> ViewPlan:
    """``plan`` with its nodes, clusters and edges in an order with few crossings."""
    solved = _solve(plan)
    if solved is None:
        return plan
    best, _, block = solved
    return _in_order(plan, best, block)


def _in_order(plan: ViewPlan, best: list[Layer], block: dict[str, tuple[str, ...]]) -> ViewPlan:
    position = {v: (r, i) for r, layer in enumerate(best) for i, v in enumerate(layer)}
    nodes = sorted(plan.nodes, key=lambda n: position[n.id])
    first: dict[str, tuple[int, int]] = {}
    for n in nodes:
        for c in block.get(n.id, ()):
            first.setdefault(c, position[n.id])
    clusters = sorted(plan.clusters, key=lambda c: first.get(c.id, (len(best), 0)))
    edge_order = sorted(
        plan.edges,
        key=lambda e: (position.get(e.source, (0, 0)), position.get(e.target, (0, 0))),
    )
    return replace(plan, nodes=tuple(nodes), clusters=tuple(clusters), edges=tuple(edge_order))


def layered_crossings(plan: ViewPlan) -> int:
    """The crossings of ``plan`` drawn in ranks, as the search counts them for its best order
    (edge labels and the spline router left aside): about the least `dot` can reach."""
    solved = _solve(plan)
    if solved is None:
        return 0
    best, down, _ = solved
    return _crossings(best, down)


Solved = tuple[list[Layer], dict[str, list[str]], dict[str, tuple[str, ...]]]
Shape = tuple[
    tuple[tuple[str, str | None], ...],  # nodes: id, cluster
    tuple[tuple[str, str, bool], ...],  # edges: source, target, constraint
    tuple[tuple[str, str | None, str | None], ...],  # clusters: id, parent, rank
    tuple[tuple[str, ...], ...],  # rows drawn side by side
]


def _solve(plan: ViewPlan) -> Solved | None:
    if not plan.edges or len(plan.nodes) > MAX_NODES:
        return None
    return _solve_shape(
        (
            tuple((n.id, n.cluster) for n in plan.nodes),
            tuple((e.source, e.target, e.constraint) for e in plan.edges),
            tuple((c.id, c.parent, c.rank) for c in plan.clusters),
            tuple(tuple(row) for row in plan.same_rank),
        )
    )


@lru_cache(maxsize=2048)
def _solve_shape(shape: Shape) -> Solved | None:
    """The search for one shape of graph, done once per process: a server that rebuilds after
    each save meets the same shapes again (the result is only read, never changed)."""
    nodes, all_edges, clusters, same_rank = shape
    node_ids = [v for v, _ in nodes]
    known = set(node_ids)
    edges = [(a, b, c) for a, b, c in all_edges if a in known and b in known and a != b]
    if not edges:
        return None
    block = _blocks(nodes, clusters)
    rank = _ranks(node_ids, edges, same_rank, block, {c for c, _, r in clusters if r == "same"})
    layers, links = _layered(node_ids, [(a, b) for a, b, _ in edges], rank)
    down: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        down[a].append(b)
    return _search(layers, links, block), down, block


def _blocks(
    nodes: Sequence[tuple[str, str | None]], clusters: Sequence[tuple[str, str | None, str | None]]
) -> dict[str, tuple[str, ...]]:
    """Each node's clusters, outermost first."""
    parent = {c: p for c, p, _ in clusters}
    chains: dict[str, tuple[str, ...]] = {}
    for v, cluster in nodes:
        chain: list[str] = []
        c = cluster
        while c is not None and c not in chain:
            chain.append(c)
            c = parent.get(c)
        chains[v] = tuple(reversed(chain))
    return chains


def _ranks(
    node_ids: list[str],
    edges: list[tuple[str, str, bool]],
    same_rank: Sequence[Sequence[str]],
    block: dict[str, tuple[str, ...]],
    same_clusters: set[str],
) -> dict[str, int]:
    """Ranks as `dot` would give them, near enough: back edges of a depth-first walk turned
    round, longest paths from the sources, then each source moved next to its successors."""
    # nodes that must share a rank are one node for ranking
    leader = {v: v for v in node_ids}
    rows = [list(row) for row in same_rank]
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for v in node_ids:
        for c in block[v]:
            if c in same_clusters:
                by_cluster[c].append(v)
    rows += list(by_cluster.values())
    for row in rows:
        members = [v for v in row if v in leader]
        for v in members[1:]:
            leader[_find(leader, v)] = _find(leader, members[0])
    head = {v: _find(leader, v) for v in node_ids}
    out: dict[str, list[str]] = defaultdict(list)
    for a, b, constraint in edges:
        if constraint and head[a] != head[b]:
            out[head[a]].append(head[b])
    roots = list(dict.fromkeys(head[v] for v in node_ids))
    # depth-first, in declaration order: edges back to the walk's path are turned round
    state: dict[str, int] = {}
    forward: dict[str, list[str]] = defaultdict(list)
    for root in roots:
        if root in state:
            continue
        stack = [(root, iter(out[root]))]
        state[root] = 1
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                state[v] = 2
                stack.pop()
            elif state.get(w) == 1:
                forward[w].append(v)  # a back edge, turned round
            else:
                forward[v].append(w)
                if w not in state:
                    state[w] = 1
                    stack.append((w, iter(out[w])))
    preds: dict[str, list[str]] = defaultdict(list)
    for v, ws in forward.items():
        for w in ws:
            preds[w].append(v)
    level: dict[str, int] = {}
    for v in _topological(roots, forward):
        level[v] = max((level[p] + 1 for p in preds[v]), default=0)
    for v in roots:  # a source sits just before its nearest successor
        if not preds[v] and forward[v]:
            level[v] = min(level[w] for w in forward[v]) - 1
    low = min(level.values(), default=0)
    return {v: level[head[v]] - low for v in node_ids}


def _find(leader: dict[str, str], v: str) -> str:
    while leader[v] != v:
        leader[v] = leader[leader[v]]
        v = leader[v]
    return v


def _topological(roots: list[str], forward: dict[str, list[str]]) -> list[str]:
    indegree: dict[str, int] = dict.fromkeys(roots, 0)
    for ws in forward.values():
        for w in ws:
            indegree[w] = indegree.get(w, 0) + 1
    ready = [v for v in roots if indegree[v] == 0]
    order: list[str] = []
    while ready:
        v = ready.pop(0)
        order.append(v)
        for w in forward[v]:
            indegree[w] -= 1
            if indegree[w] == 0:
                ready.append(w)
    return order


def _layered(
    node_ids: list[str], edges: list[tuple[str, str]], rank: dict[str, int]
) -> tuple[list[Layer], list[tuple[str, str]]]:
    """Ranks as layers in declaration order, and links between neighbouring layers (long
    edges pass through a point on each rank between their ends; flat edges are left out)."""
    top = max(rank.values(), default=0)
    layers: list[Layer] = [[] for _ in range(top + 1)]
    for v in node_ids:
        layers[rank[v]].append(v)
    links: list[tuple[str, str]] = []
    for i, (a, b) in enumerate(edges):
        ra, rb = rank[a], rank[b]
        if ra == rb:
            continue
        if ra > rb:
            a, b, ra, rb = b, a, rb, ra
        previous = a
        for r in range(ra + 1, rb):
            point = f"\0{i}:{r}"  # no id holds a NUL
            layers[r].append(point)
            links.append((previous, point))
            previous = point
        links.append((previous, b))
    return layers, links


def _search(
    layers: list[Layer], links: list[tuple[str, str]], block: dict[str, tuple[str, ...]]
) -> list[Layer]:
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        down[a].append(b)
        up[b].append(a)
    grouped = _grouped(layers, block)
    starts = [grouped, _walk_order(layers, down, up, block)]
    starts.append(_grouped([list(reversed(layer)) for layer in grouped], block))
    shuffle = random.Random(len(links))  # seeded: the same plan gets the same order
    for _ in range(SHUFFLED_STARTS):
        mixed = [list(layer) for layer in grouped]
        for layer in mixed:
            shuffle.shuffle(layer)
        starts.append(_grouped(mixed, block))
    best = starts[0]
    best_crossings = _crossings(best, down)
    for start in starts:
        current = [list(layer) for layer in start]
        for _round in range(ROUNDS):
            before = _crossings(current, down)
            for sweep in range(SWEEPS):
                downward = sweep % 2 == 0
                indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
                for r in indices:
                    fixed = current[r - 1] if downward else current[r + 1]
                    neighbours = up if downward else down
                    current[r] = _by_barycentre(current[r], fixed, neighbours, block)
                crossings = _crossings(current, down)
                if crossings < best_crossings:
                    best, best_crossings = [list(layer) for layer in current], crossings
            _sift(current, down, up, block)
            crossings = _crossings(current, down)
            if crossings < best_crossings:
                best, best_crossings = [list(layer) for layer in current], crossings
            if best_crossings == 0:
                return best
            if crossings >= before:
                break  # this start has reached a local optimum
    return best


def _grouped(layers: list[Layer], block: dict[str, tuple[str, ...]]) -> list[Layer]:
    """Declaration order with each cluster's nodes together (where its first node is)."""
    out = []
    for layer in layers:
        first: dict[tuple[str, ...], int] = {}
        for i, v in enumerate(layer):
            chain = block.get(v, ())
            for depth in range(1, len(chain) + 1):
                first.setdefault(chain[:depth], i)
        out.append(
            sorted(
                layer,
                key=lambda v: (
                    [first[block.get(v, ())[:d]] for d in range(1, len(block.get(v, ())) + 1)],
                    layer.index(v),
                ),
            )
        )
    return out


def _walk_order(
    layers: list[Layer],
    down: dict[str, list[str]],
    up: dict[str, list[str]],
    block: dict[str, tuple[str, ...]],
) -> list[Layer]:
    """The order `dot` starts from: a breadth-first walk from the nodes in declaration order."""
    seen: set[str] = set()
    visit: list[str] = []
    for layer in layers:
        for v in layer:
            if v in seen:
                continue
            seen.add(v)
            queue = [v]
            while queue:
                u = queue.pop(0)
                visit.append(u)
                for w in (*down[u], *up[u]):
                    if w not in seen:
                        seen.add(w)
                        queue.append(w)
    index = {v: i for i, v in enumerate(visit)}
    return _grouped([sorted(layer, key=index.__getitem__) for layer in layers], block)


def _by_barycentre(
    layer: Layer, fixed: Layer, neighbours: dict[str, list[str]], block: dict[str, tuple[str, ...]]
) -> Layer:
    """The layer sorted by the mean position of each node's neighbours in ``fixed`` (a node
    without any keeps its place), clusters kept together and ordered by their own mean."""
    where = {v: i for i, v in enumerate(fixed)}
    value: dict[str, float] = {}
    for i, v in enumerate(layer):
        ps = [where[w] for w in neighbours[v] if w in where]
        value[v] = sum(ps) / len(ps) if ps else float(i) * len(fixed) / max(1, len(layer))
    group_value: dict[tuple[str, ...], list[float]] = defaultdict(list)
    for v in layer:
        chain = block.get(v, ())
        for depth in range(1, len(chain) + 1):
            group_value[chain[:depth]].append(value[v])
    mean = {k: sum(vs) / len(vs) for k, vs in group_value.items()}
    position = {v: i for i, v in enumerate(layer)}

    def key(v: str) -> tuple[list[tuple[float, str]], float, int]:
        chain = block.get(v, ())
        return (
            [(mean[chain[:d]], chain[d - 1]) for d in range(1, len(chain) + 1)],
            value[v],
            position[v],
        )

    # nodes outside clusters compare with clusters by their own value
    def outer_key(v: str) -> tuple[float, str, tuple[list[tuple[float, str]], float, int]]:
        chain = block.get(v, ())
        top = mean[chain[:1]] if chain else value[v]
        return (top, chain[0] if chain else "", key(v))

    return sorted(layer, key=outer_key)


def _sift(
    layers: list[Layer],
    down: dict[str, list[str]],
    up: dict[str, list[str]],
    block: dict[str, tuple[str, ...]],
) -> None:
    """Move each node, most connected first, to the place in its rank (among the nodes of its
    own cluster) where its edges cross the fewest others."""
    for r, layer in enumerate(layers):
        if len(layer) < 2:
            continue
        above = {v: i for i, v in enumerate(layers[r - 1])} if r > 0 else {}
        below = {v: i for i, v in enumerate(layers[r + 1])} if r + 1 < len(layers) else {}
        ends = {
            v: (
                sorted(above[w] for w in up[v] if w in above),
                sorted(below[w] for w in down[v] if w in below),
            )
            for v in layer
        }
        # cost[v, u]: crossings between the edges of v and of u when v stands before u; the
        # neighbouring ranks stay put while this one is sifted, so it is counted once
        cost: dict[tuple[str, str], int] = {}
        for v in layer:
            av, bv = ends[v]
            for u in layer:
                if u != v:
                    au, bu = ends[u]
                    cost[v, u] = _before(av, au) + _before(bv, bu)
        degree = {v: len(ends[v][0]) + len(ends[v][1]) for v in layer}
        for v in sorted(layer, key=lambda v: -degree[v]):
            i = layer.index(v)
            chain = block.get(v, ())
            lo = i
            while lo > 0 and block.get(layer[lo - 1], ()) == chain:
                lo -= 1
            hi = i
            while hi + 1 < len(layer) and block.get(layer[hi + 1], ()) == chain:
                hi += 1
            others = [u for u in layer[lo : hi + 1] if u != v]
            total = sum(cost[v, u] for u in others)  # v before all of them
            best_k, best_total = 0, total
            for k, u in enumerate(others):
                total += cost[u, v] - cost[v, u]
                if total < best_total:
                    best_k, best_total = k + 1, total
            others.insert(best_k, v)
            layer[lo : hi + 1] = others


def _before(a: list[int], b: list[int]) -> int:
    """Pairs (x of a, y of b) with x > y: the crossings of two nodes' edges to one rank when
    the node of ``a`` stands before the node of ``b`` (both lists sorted)."""
    if not a or not b:
        return 0
    return sum(bisect_left(b, x) for x in a)


def _crossings(layers: list[Layer], down: dict[str, list[str]]) -> int:
    total = 0
    for r in range(len(layers) - 1):
        below = {v: i for i, v in enumerate(layers[r + 1])}
        ends = sorted((i, below[w]) for i, v in enumerate(layers[r]) for w in down[v] if w in below)
        total += _inversions([b for _, b in ends])
    return total


def _inversions(values: list[int]) -> int:
    """Pairs out of order: for each value, how many before it are greater."""
    seen: list[int] = []
    count = 0
    for x in values:
        i = bisect_right(seen, x)
        count += len(seen) - i
        seen.insert(i, x)
    return count


# A map: `neato` places the nodes by their distances in the graph, with no ranks, and routes
# the edges around the nodes. For pictures with no flow to follow (roles around what they use,
# principles among what realises them) it crosses far less than ranks can: on the default
# site's context overview, 11 crossings where the best order in ranks has 51.
MAP_LAYOUT = {
    "layout": "neato",
    "overlap": "prism",  # nodes pushed apart, the distances kept as far as they can be
    "overlap_scaling": "-2",
    "sep": "+8",  # points of air around each node, for the edges and their labels
    "splines": "true",
}
LAYERED_LIMIT = 15  # the crossings a drawing in ranks may need before a map is drawn instead


def as_map(plan: ViewPlan) -> ViewPlan:
    """``plan`` laid out as a map (its clusters, which `neato` does not draw, left out)."""
    return replace(
        plan,
        extra={**plan.extra, **MAP_LAYOUT},
        clusters=(),
        nodes=tuple(replace(n, cluster=None) for n in plan.nodes),
    )


def best_layout(plan: ViewPlan) -> ViewPlan:
    """Ranks, in an order with few crossings, when they can be that clean; else a map (for a
    plan without clusters: a map would lose them). In ranks, edges are drawn as polylines:
    where many edges leave one node, `dot`'s curves cross each other as they fan out (34 times
    in the default site's maturity view), straight pieces do not."""
    solved = _solve(plan)
    if solved is None:
        return plan
    best, down, block = solved
    if not plan.clusters and _crossings(best, down) > LAYERED_LIMIT:
        return as_map(plan)
    return replace(_in_order(plan, best, block), extra={**plan.extra, "splines": "polyline"})
