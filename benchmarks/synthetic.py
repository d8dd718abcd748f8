"""A synthetic architecture of any size, shaped like a real one, for the benchmarks.

`write_architecture(dest, elements, relationships, views, seed)` writes a complete radoc project
into ``dest``: ``architecture/`` (bibliography, model files, views), ``mkdocs.yml`` and
``docs/index.md``. The same arguments always give the same bytes, and the project passes
``radoc check`` (with a few ``illegible-view`` warnings: its densest views are as tangled as a
real architecture's would be before it is split, which the benchmarks want to measure).

The architecture is a set of *domains* of about a hundred elements each (a real reference
architecture of many parts looks like this). Every domain has groups of components, phases of
activities (automated differently at three maturity levels shared by all domains), roles,
artefacts, environments, tools that support its components, principles and qualities, and five
views of 10-40 nodes each:

- ``<d>-functional``: groups and components (graph, grouped by group), with the flows between
  components;
- ``<d>-workflow``: phases and activities (workflow: one diagram per level);
- ``<d>-context``: roles, artefacts, environments, principles, qualities (graph);
- ``<d>-tools``: tools against components (matrix);
- ``<d>-involvement``: activities against the levels (matrix).

Views beyond ``5 × domains`` are deployment views (environments and components). Views select
their members by tag (``include: {tags: [...]}``), so every element is in some view.
Relationships: flows among a domain's components (most), roles owning or reviewing artefacts,
environments hosting components, feedback between phases, and a few flows across domains.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

try:
    _Dumper: type[Any] = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Dumper = yaml.SafeDumper

LEVELS = (("lv-0", "Manual", 0), ("lv-1", "Pipeline automation", 1), ("lv-2", "Full CI/CD", 2))
VIEWS_PER_DOMAIN = 5
MIN_DOMAIN = 12  # fewest elements a domain can hold (one of each kind it needs, and views)
# share of a domain's elements per kind (normalised)
KIND_WEIGHTS = {
    "groups": 0.03,
    "components": 0.30,
    "phases": 0.04,
    "activities": 0.24,
    "roles": 0.06,
    "artifacts": 0.12,
    "environments": 0.02,
    "tools": 0.12,
    "principles": 0.02,
    "qualities": 0.03,
}
KIND_MINIMUM = {"groups": 1, "components": 2, "phases": 1, "activities": 1, "roles": 1}
# share of the relationships per type
REL_WEIGHTS = {"flow": 0.62, "owns": 0.18, "hosts": 0.10, "feedback": 0.04, "cross": 0.06}
FLOW_VERBS = ("feeds", "calls", "triggers", "stores", "reads from")
OWN_VERBS = ("owns", "reviews", "approves")

NOUNS = (
    "data",
    "feature",
    "model",
    "pipeline",
    "metric",
    "label",
    "schema",
    "artefact",
    "release",
    "request",
    "event",
    "dataset",
    "prediction",
    "report",
    "policy",
    "experiment",
    "container",
    "trace",
    "alert",
    "baseline",
    "record",
    "image",
    "config",
    "secret",
    "contract",
    "batch",
)
ADJECTIVES = (
    "online",
    "offline",
    "batch",
    "streaming",
    "versioned",
    "shared",
    "central",
    "regional",
    "secure",
    "audited",
    "scheduled",
    "incremental",
    "federated",
    "managed",
    "internal",
    "public",
)
THINGS = (
    "store",
    "registry",
    "service",
    "gateway",
    "monitor",
    "validator",
    "scheduler",
    "catalogue",
    "tracker",
    "engine",
    "broker",
    "index",
    "cache",
    "collector",
    "orchestrator",
    "workspace",
)
VERBS = (
    "collects",
    "validates",
    "stores",
    "serves",
    "tracks",
    "checks",
    "publishes",
    "transforms",
    "schedules",
    "records",
    "compares",
    "approves",
    "routes",
    "archives",
    "monitors",
    "builds",
)
ROLE_NAMES = (
    "data scientist",
    "ML engineer",
    "data engineer",
    "platform engineer",
    "product owner",
    "domain expert",
    "reviewer",
    "security officer",
    "software engineer",
    "operator",
)


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, words: tuple[str, ...]) -> str:
        return self.rng.choice(words)

    def name(self, kind: str, n: int) -> str:
        r = self.pick
        if kind == "components":
            return f"{r(ADJECTIVES).capitalize()} {r(NOUNS)} {r(THINGS)} {n}"
        if kind == "groups":
            return f"{r(NOUNS).capitalize()} {r(THINGS)}s {n}"
        if kind == "phases":
            return f"{n}. {r(NOUNS).capitalize()} {r(('design', 'preparation', 'delivery'))}"
        if kind == "activities":
            return f"{r(VERBS)[:-1].capitalize()} the {r(ADJECTIVES)} {r(NOUNS)} {n}"
        if kind == "roles":
            return f"{r(ROLE_NAMES).capitalize()} {n}"
        if kind == "artifacts":
            return f"{r(ADJECTIVES).capitalize()} {r(NOUNS)} {r(('set', 'log', 'file'))} {n}"
        if kind == "environments":
            return f"{r(('Development', 'Staging', 'Production', 'Edge'))} {n}"
        if kind == "tools":
            return f"{r(NOUNS).capitalize()}{r(THINGS).capitalize()} {n}"
        if kind == "principles":
            return f"{r(('Version', 'Automate', 'Monitor', 'Review'))} every {r(NOUNS)} {n}"
        return f"{r(('Reproducibility', 'Latency', 'Cost', 'Auditability'))} of {r(NOUNS)} {n}"

    def sentence(self) -> str:
        r = self.pick
        return (
            f"It {r(VERBS)} the {r(ADJECTIVES)} {r(NOUNS)} {r(NOUNS)} records for the {r(NOUNS)} "
            f"{r(THINGS)} and {r(VERBS)} each {r(NOUNS)} it receives."
        )

    def description(self, name: str) -> str:
        r = self.pick
        first = f"The {name.lower()} {r(VERBS)} {r(ADJECTIVES)} {r(NOUNS)} items for its domain."
        return " ".join([first, *(self.sentence() for _ in range(self.rng.randint(1, 4)))])


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _kind_counts(n: int) -> dict[str, int]:
    """How many elements of each kind a domain of ``n`` elements has (largest remainder)."""
    weight = sum(KIND_WEIGHTS.values())
    exact = {k: n * w / weight for k, w in KIND_WEIGHTS.items()}
    counts = {k: max(KIND_MINIMUM.get(k, 0), int(v)) for k, v in exact.items()}
    order = sorted(exact, key=lambda k: exact[k] - int(exact[k]), reverse=True)
    i = 0
    while sum(counts.values()) < n:
        counts[order[i % len(order)]] += 1
        i += 1
    shrink = ["components", "activities", "artifacts", "tools", "roles", "qualities"]
    i = 0
    while sum(counts.values()) > n:
        k = shrink[i % len(shrink)]
        if counts[k] > KIND_MINIMUM.get(k, 0):
            counts[k] -= 1
        i += 1
    return counts


def _dump(path: Path, data: Any, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# yaml-language-server: $schema={schema}\n{text}", encoding="utf-8")


MKDOCS_YML = """\
site_name: Synthetic architecture ({elements} elements)
use_directory_urls: true
theme:
  name: material
  font: false
  features:
    - navigation.indexes
    - navigation.prune
plugins:
  - search
  - radoc
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
nav:
  - Home: index.md
  - radoc://sections
"""

INDEX_MD = """\
# Synthetic architecture

A generated architecture of {elements} elements, {relationships} relationships and {views}
views, used by radoc's benchmarks. Start with the [first functional view]({first}).
"""


class _Domain:
    def __init__(self, index: int, counts: dict[str, int]) -> None:
        self.index = index
        self.prefix = f"d{index:03d}"
        self.counts = counts
        self.ids: dict[str, list[str]] = {
            kind: [
                f"{self.prefix}-{kind[:-1] if kind != 'activities' else 'activity'}-{i}"
                for i in range(1, n + 1)
            ]
            for kind, n in counts.items()
        }

    def tag(self, what: str) -> str:
        return f"{self.prefix}-{what}"


def write_architecture(
    dest: Path, elements: int, relationships: int, views: int, seed: int = 0
) -> dict[str, int]:
    """Write a synthetic project into ``dest``; return what it holds (elements, ...)."""
    domains_n = max(1, views // VIEWS_PER_DOMAIN)
    budget = elements - len(LEVELS)
    if budget < domains_n * MIN_DOMAIN:
        raise ValueError(
            f"{elements} elements are too few for {views} views "
            f"(at least {domains_n * MIN_DOMAIN + len(LEVELS)} needed)"
        )
    rng = random.Random(seed)
    words = _Words(rng)
    dest = Path(dest)
    arch = dest / "architecture"
    sources = [f"source-{i}" for i in range(1, 9)]
    _dump(
        arch / "bibliography.yaml",
        {
            "sources": [
                {
                    "key": key,
                    "type": rng.choice(("article", "inproceedings", "book", "report")),
                    "authors": [f"Author {i}", f"Writer {i + 1}"],
                    "title": f"A Study of {words.pick(NOUNS).capitalize()} {words.pick(THINGS)}s",
                    "venue": "Journal of Synthetic Architectures",
                    "year": 2010 + i,
                    "doi": f"10.1000/synthetic.{i}",
                }
                for i, key in enumerate(sources, 1)
            ]
        },
        "../../schema/bibliography.schema.json",
    )

    def sourced() -> dict[str, Any]:
        if rng.random() < 0.15:
            return {"inferred": True, "rationale": "Derived from the other elements of the domain."}
        return {"sources": rng.sample(sources, rng.randint(1, 2))}

    _dump(
        arch / "model" / "levels.yaml",
        {
            "levels": [
                {
                    "id": lid,
                    "name": name,
                    "rank": rank,
                    "description": f"Maturity level {rank}. {words.sentence()}",
                    "maps_to": {"Google": f"Level {rank}"},
                    **sourced(),
                }
                for lid, name, rank in LEVELS
            ]
        },
        "../../schema/model.schema.json",
    )

    domains = [_Domain(i, _kind_counts(n)) for i, n in enumerate(_split(budget, domains_n), 1)]
    rel_counts = _split(relationships, domains_n)
    seen_rels: set[tuple[str, str, str]] = set()
    views_written = 0
    for dom, rel_budget in zip(domains, rel_counts, strict=True):
        ids = dom.ids

        def element(kind: str, eid: str, n: int, tags: list[str], **extra: Any) -> dict[str, Any]:
            name = words.name(kind, n)
            item: dict[str, Any] = {"id": eid, "name": name}
            item.update(extra)
            item["description"] = words.description(name)
            item["tags"] = tags
            item.update(sourced())
            return item

        groups = ids["groups"]
        comp_group = {
            c: groups[i * len(groups) // len(ids["components"])]
            for i, c in enumerate(ids["components"])
        }
        structure: dict[str, Any] = {
            "groups": [element("groups", g, n, [dom.tag("func")]) for n, g in enumerate(groups, 1)],
            "components": [
                element("components", c, n, [dom.tag("func"), dom.tag("comp")], group=comp_group[c])
                for n, c in enumerate(ids["components"], 1)
            ],
            "environments": [
                element("environments", e, n, [dom.tag("ctx"), dom.tag("env")])
                for n, e in enumerate(ids["environments"], 1)
            ],
            "principles": [
                element("principles", p, n, [dom.tag("ctx")])
                for n, p in enumerate(ids["principles"], 1)
            ],
            "qualities": [
                element("qualities", q, n, [dom.tag("ctx")])
                for n, q in enumerate(ids["qualities"], 1)
            ],
        }
        tools = []
        for n, t in enumerate(ids["tools"], 1):
            supports: dict[str, Any] = {}
            for c in rng.sample(ids["components"], min(len(ids["components"]), rng.randint(1, 4))):
                if rng.random() < 0.3:
                    supports[c] = {"coverage": "partial", "note": f"Only {words.pick(NOUNS)}s."}
                else:
                    supports[c] = "full"
            tools.append(
                element(
                    "tools",
                    t,
                    n,
                    [dom.tag("tools")],
                    url=f"https://{t}.example.org",
                    category=rng.choice(("open-source", "commercial", "managed-service")),
                    supports=supports,
                )
            )
        structure["tools"] = tools

        phases = ids["phases"]
        act_phase = {
            a: phases[i * len(phases) // len(ids["activities"])]
            for i, a in enumerate(ids["activities"])
        }
        activities = []
        for n, a in enumerate(ids["activities"], 1):
            automation: dict[str, Any] = {"lv-0": "manual"}
            for lid, _, rank in LEVELS[1:]:
                mode = rng.choices(
                    ("manual", "human-in-the-loop", "automated"), (3 - rank, 2, 1 + 2 * rank)
                )[0]
                automation[lid] = (
                    mode
                    if mode == "automated"
                    else {"mode": mode, "rationale": f"A person checks each {words.pick(NOUNS)}."}
                )
            activities.append(
                element(
                    "activities",
                    a,
                    n,
                    [dom.tag("flow"), dom.tag("act")],
                    phase=act_phase[a],
                    roles=rng.sample(ids["roles"], min(len(ids["roles"]), rng.randint(1, 2))),
                    components=rng.sample(
                        ids["components"], min(len(ids["components"]), rng.randint(0, 2))
                    ),
                    automation=automation,
                    gate=rng.random() < 0.08,
                )
            )
        workflow: dict[str, Any] = {
            "phases": [
                element(
                    "phases",
                    p,
                    n,
                    [dom.tag("flow")],
                    **({"follows": [phases[n - 2]]} if n > 1 else {}),
                )
                for n, p in enumerate(phases, 1)
            ],
            "activities": activities,
            "roles": [
                element("roles", r, n, [dom.tag("ctx")], concerns=[f"{words.pick(NOUNS)} quality"])
                for n, r in enumerate(ids["roles"], 1)
            ],
            "artifacts": [
                element("artifacts", x, n, [dom.tag("ctx")])
                for n, x in enumerate(ids["artifacts"], 1)
            ],
        }

        # relationships, each (from, verb, to) once
        rels: list[dict[str, Any]] = []
        others = [d for d in domains if d is not dom] or [dom]
        want = dict(zip(REL_WEIGHTS, _split_weighted(rel_budget, REL_WEIGHTS), strict=True))
        comps = len(ids["components"])
        # at most half of the possible distinct relationships of a type; the rest become flows
        room = {
            "owns": len(ids["roles"]) * len(ids["artifacts"]) * len(OWN_VERBS) // 2,
            "hosts": len(ids["environments"]) * comps // 2,
            "feedback": len(phases) * (len(phases) - 1) // 4,
            "cross": comps * len(others[0].ids["components"]) * len(FLOW_VERBS) // 2,
        }
        for rtype, limit in room.items():
            if want[rtype] > limit:
                want["flow"] += want[rtype] - limit
                want[rtype] = limit
        if want["flow"] > comps * (comps - 1) * len(FLOW_VERBS) // 2:
            raise ValueError(
                f"{rel_budget} relationships are too many for domain {dom.prefix}'s "
                f"{comps} components"
            )
        for rtype, count in want.items():
            made = tries = 0
            while made < count:
                tries += 1
                if tries > 50 * count + 1000:
                    raise ValueError(
                        f"cannot place {count} '{rtype}' relationships in domain {dom.prefix}"
                    )
                if rtype == "flow":
                    a, b = rng.sample(ids["components"], 2)
                    verb = rng.choice(FLOW_VERBS)
                elif rtype == "owns":
                    a, b = rng.choice(ids["roles"]), rng.choice(ids["artifacts"])
                    verb = rng.choice(OWN_VERBS)
                elif rtype == "hosts":
                    a, b = rng.choice(ids["environments"]), rng.choice(ids["components"])
                    verb = "hosts"
                elif rtype == "feedback":
                    i, j = sorted(rng.sample(range(len(phases)), 2))
                    a, b, verb = phases[j], phases[i], "informs"
                else:
                    a = rng.choice(ids["components"])
                    b = rng.choice(rng.choice(others).ids["components"])
                    verb = rng.choice(FLOW_VERBS)
                if a == b or (a, verb, b) in seen_rels:
                    continue
                seen_rels.add((a, verb, b))
                rel: dict[str, Any] = {"from": a, "to": b, "verb": verb}
                if rtype == "feedback":
                    rel["feedback"] = True
                    rel["label"] = "lessons learnt"
                rel.update(sourced())
                rels.append(rel)
                made += 1

        schema = "../../schema/model.schema.json"
        _dump(arch / "model" / f"{dom.prefix}-structure.yaml", structure, schema)
        _dump(arch / "model" / f"{dom.prefix}-workflow.yaml", workflow, schema)
        _dump(arch / "model" / f"{dom.prefix}-relationships.yaml", {"relationships": rels}, schema)

        base_order = dom.index * 10
        for suffix, spec in (
            (
                "functional",
                {
                    "kind": "graph",
                    "question": "Which components are there, and how does data flow between them?",
                    "include": {"tags": [dom.tag("func")]},
                    "relationships": {"verbs": list(FLOW_VERBS)},
                    "layout": {"direction": "TB", "group_by": "group"},
                },
            ),
            (
                "workflow",
                {
                    "kind": "workflow",
                    "question": "In which order do the phases run, and how automated is each step?",
                    "include": {"tags": [dom.tag("flow")]},
                    "layout": {"direction": "TB"},
                },
            ),
            (
                "context",
                {
                    "kind": "graph",
                    "question": "Who owns which artefacts, and what principles guide them?",
                    "include": {"tags": [dom.tag("ctx")]},
                    "relationships": {"verbs": list(OWN_VERBS)},
                },
            ),
            (
                "tools",
                {
                    "kind": "matrix",
                    "matrix": "tools-components",
                    "question": "Which tools cover which components?",
                    "include": {"tags": [dom.tag("tools"), dom.tag("comp")]},
                },
            ),
            (
                "involvement",
                {
                    "kind": "matrix",
                    "matrix": "activities-levels",
                    "question": "Which activities keep a person involved at each level?",
                    "include": {"kinds": ["level"], "tags": [dom.tag("act")]},
                    "relationships": "none",
                },
            ),
        ):
            views_written += 1
            _write_view(arch, dom, suffix, spec, base_order, words)
    for i in range(views - views_written):
        dom = domains[i % len(domains)]
        suffix = "deployment" if i < len(domains) else f"deployment-{i // len(domains) + 1}"
        _write_view(
            arch,
            dom,
            suffix,
            {
                "kind": "deployment",
                "question": "Where does each component run?",
                "include": {"tags": [dom.tag("env"), dom.tag("comp")]},
                "relationships": {"verbs": ["hosts"]},
            },
            dom.index * 10,
            words,
        )

    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(MKDOCS_YML.format(elements=elements), encoding="utf-8")
    (dest / "docs").mkdir(exist_ok=True)
    (dest / "docs" / "index.md").write_text(
        INDEX_MD.format(
            elements=elements,
            relationships=relationships,
            views=views,
            first=f"views/{domains[0].prefix}-functional.md",
        ),
        encoding="utf-8",
    )
    return {
        "elements": elements,
        "relationships": len(seen_rels),
        "views": views,
        "domains": domains_n,
    }


def _split_weighted(total: int, weights: dict[str, float]) -> list[int]:
    s = sum(weights.values())
    exact = [total * w / s for w in weights.values()]
    counts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _write_view(
    arch: Path, dom: _Domain, suffix: str, spec: dict[str, Any], order: int, words: _Words
) -> None:
    vid = f"{dom.prefix}-{suffix}"
    title = f"Domain {dom.index}: {suffix.replace('-', ' ')}"
    data = {
        "id": vid,
        "title": title,
        "order": order,
        "description": f"{title}. {words.sentence()}",
        **spec,
    }
    _dump(arch / "views" / f"{vid}.yaml", data, "../../schema/view.schema.json")


def default_shape(elements: int) -> tuple[int, int]:
    """The relationships and views a realistic architecture of ``elements`` elements has:
    1.5 relationships per element (the bundled architecture has 1.6) and a view per 20
    elements (5 views per domain of ~100)."""
    return int(elements * 1.5), max(VIEWS_PER_DOMAIN, elements // 20)
