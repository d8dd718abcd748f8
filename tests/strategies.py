"""Hypothesis strategies for radoc's property tests: YAML-ish text and whole architectures.

`architectures()` draws a *valid* architecture as plain Python data, one dict per YAML file
(keyed by its path under architecture/); `Arch.write` dumps it to disk. `mutations()`
turns a valid architecture into one that must yield at least one error diagnostic.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from radoc.load import FORBIDDEN_CHARACTERS
from radoc.schema import RESERVED_IDS

# -- text ------------------------------------------------------------------------------------

# characters that mean something to Markdown, HTML, XML, DOT, YAML or Jinja
SPECIALS = "<>&\"'[]{}|*_#`\\:;%$!@~^=+-()/.,?\n\t "
UNICODE = "éßØ漢字🙂\u00a0\u200b\u0301ʼ«»—…"

special_chars = st.sampled_from(SPECIALS + UNICODE)
# any character a UTF-8 file can hold (no lone surrogate) that radoc accepts in a text: the
# controls and separators it rejects (FORBIDDEN_CHARACTERS) are tested as mistakes instead
any_char = st.one_of(
    special_chars,
    st.characters(
        codec="utf-8",
        exclude_categories=["Cc", "Cs", "Zl", "Zp"],  # controls, surrogates, line separators
        exclude_characters="\ufffe\uffff",
    ),
)
assert not FORBIDDEN_CHARACTERS.search(SPECIALS.replace("\n", "").replace("\t", "") + UNICODE)

# pieces a writer really puts in Markdown descriptions (ref links are added per model)
MD_FRAGMENTS = (
    "**bold**",
    "_em_",
    "`code`",
    "\n- item\n",
    "\n1. first\n",
    "\n# heading\n",
    "\n---\n",
    "{: .cls }",
    "--8<-- 'x.md'",
    "<script>alert(1)</script>",
    "[site](https://example.org/a_b)",
    "[rel](other.md)",
    "[up](../index.md)",
    "![img](x.png)",
    "[js](javascript:alert(1))",
    "[a]: https://example.org",
    "&amp; &lt;",
    "\\",
    "}}{{",
    "{% raw %}",
    "|a|b|",
)


def text(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(any_char, min_size=min_size, max_size=max_size)


# a `Name`: 1 to 200 characters of anything; now and then a long one (labels wrap)
NAMES = st.one_of(text(1, 24), text(1, 24), text(1, 24), text(60, 200))
SHORT = text(0, 12)


def names() -> st.SearchStrategy[str]:
    return NAMES


def descriptions(ids: list[str]) -> st.SearchStrategy[str]:
    """Markdown text with hostile pieces and `ref:` links to existing ids (a link to a missing
    one is an error: see the dangling mutations)."""
    refs = [f"[see {i}](ref:{i})" for i in ids[:6]] or ["[site](https://example.org)"]
    piece = st.one_of(SHORT, st.sampled_from(MD_FRAGMENTS), st.sampled_from(refs))
    return st.lists(piece, max_size=5).map("".join)


_LOWER = "abcdefghijklmnopqrstuvwxyz"
ids = st.builds(
    str.__add__, st.sampled_from(_LOWER), st.text(_LOWER + "0123456789-", max_size=9)
).filter(lambda s: s not in RESERVED_IDS)
source_keys = st.builds(
    str.__add__, st.sampled_from(_LOWER + "0123456789"), st.text(_LOWER + "0123456789-", max_size=8)
)
verbs = st.builds(
    lambda a, b, c: a + b + c,
    st.sampled_from(_LOWER),
    st.text(_LOWER + " ", max_size=8),
    st.sampled_from(_LOWER),
)
# never produced by `ids` (at most 10 characters), so always missing
MISSING_ID = "missing-element-id"

# -- YAML-ish text for the loader ------------------------------------------------------------

YAML_FRAGMENTS = (
    "a",
    "id",
    "name",
    "key: ",
    ": ",
    ":",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "<<: *a",
    "? ",
    "!!str ",
    "!!binary ",
    "!!python/object:os.system ",
    "!tag ",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    "#",
    "# comment\n",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "\r\n",
    '"',
    "'",
    '"\\x00"',
    '"\\ud800"',
    "\\",
    "yes",
    "no",
    "~",
    "null",
    "1e3",
    "0x1F",
    "042",
    "2024-01-01",
    ".inf",
    "é",
    "漢字",
    "🙂",
    "\ufeff",
    "\x85",
    "\u2028",
    "\x00",
    "\x1b",
)

yaml_ish = st.lists(st.one_of(st.sampled_from(YAML_FRAGMENTS), text(0, 4)), max_size=40).map(
    "".join
)

# -- architectures ---------------------------------------------------------------------------

KIND_OF_PLURAL = {
    "groups": "group",
    "components": "component",
    "roles": "role",
    "phases": "phase",
    "activities": "activity",
    "levels": "level",
    "tools": "tool",
}


@dataclass
class Arch:
    """A generated architecture: YAML data per file, and what ids it defines."""

    files: dict[str, Any]
    kinds: dict[str, str] = field(default_factory=dict)  # element id -> kind
    views: list[str] = field(default_factory=list)

    def write(self, root: Path) -> Path:
        """Write the files under ``root``/architecture; return that folder."""
        arch = root / "architecture"
        for rel, data in self.files.items():
            path = arch / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_yaml(data), encoding="utf-8")
        return arch


class _Dumper(yaml.SafeDumper):
    pass


_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # anything unusual is written double-quoted, where YAML escapes every character reliably
    style = None if _PLAIN_SAFE.match(value) else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=80)


def _sourced(draw: Callable[..., Any], keys: list[str]) -> dict[str, Any]:
    """`sources:` from the bibliography, or `inferred: true` with a rationale."""
    if draw(st.booleans()):
        return {"sources": draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2))}
    return {"inferred": True, "rationale": draw(names())}


def _element(
    draw: Callable[..., Any], eid: str, keys: list[str], desc: st.SearchStrategy[str]
) -> dict[str, Any]:
    e: dict[str, Any] = {"id": eid, "name": draw(NAMES)}
    e["description"] = draw(desc)
    if draw(st.integers(0, 4)) == 0:
        e["code"] = draw(text(0, 20))
    e.update(_sourced(draw, keys))
    return e


@st.composite
def architectures(draw: Callable[..., Any]) -> Arch:
    n_groups = draw(st.integers(1, 3))
    n_components = draw(st.integers(1, 8))
    n_roles = draw(st.integers(1, 2))
    n_levels = draw(st.integers(1, 3))
    n_phases = draw(st.integers(1, 3))
    n_activities = draw(st.integers(0, 4))
    n_tools = draw(st.integers(0, 3))
    total = n_groups + n_components + n_roles + n_levels + n_phases + n_activities + n_tools
    pool = draw(st.lists(ids, min_size=total, max_size=total, unique=True))
    it = iter(pool)

    def take(n: int) -> list[str]:
        return [next(it) for _ in range(n)]

    groups, components, roles = take(n_groups), take(n_components), take(n_roles)
    levels, phases, activities, tools = (
        take(n_levels),
        take(n_phases),
        take(n_activities),
        take(n_tools),
    )

    keys = draw(st.lists(source_keys, min_size=1, max_size=2, unique=True))
    bibliography = {
        "sources": [
            {
                "key": key,
                "type": draw(st.sampled_from(["article", "book", "online", "report"])),
                "authors": draw(st.lists(names(), min_size=1, max_size=3)),
                "title": draw(names()),
                "year": draw(st.integers(1900, 2100)),
                **({"venue": draw(names())} if draw(st.booleans()) else {}),
                **({"doi": "10.1000/x" + key} if draw(st.booleans()) else {}),
                **({"note": draw(text(0, 20))} if draw(st.booleans()) else {}),
            }
            for key in keys
        ]
    }

    desc = descriptions(pool)
    el = lambda eid: _element(draw, eid, keys, desc)  # noqa: E731
    model: dict[str, Any] = {}
    model["groups"] = [el(g) for g in groups]
    model["components"] = [{**el(c), "group": draw(st.sampled_from(groups))} for c in components]
    model["roles"] = []
    for r in roles:
        role = el(r)
        if draw(st.booleans()):
            role["concerns"] = draw(st.lists(names(), max_size=2))
        model["roles"].append(role)

    # tags shared between elements, for views that include by tag
    tag_pool = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
    for section in ("groups", "components", "roles"):
        for item in model[section]:
            if draw(st.integers(0, 3)) == 0:
                item["tags"] = draw(st.lists(st.sampled_from(tag_pool), max_size=2, unique=True))

    workflow: dict[str, Any] = {}
    ranks = draw(st.lists(st.integers(0, 99), min_size=n_levels, max_size=n_levels))
    workflow["levels"] = []
    for lv, rank in zip(levels, ranks, strict=True):
        level = {**el(lv), "rank": rank}
        if draw(st.booleans()):
            level["maps_to"] = {draw(text(0, 10)): draw(names())}
        workflow["levels"].append(level)
    workflow["phases"] = []
    for i, p in enumerate(phases):
        phase = el(p)
        if i > 0:
            phase["follows"] = [phases[i - 1]]
        workflow["phases"].append(phase)
    workflow["activities"] = []
    for a in activities:
        act = {
            **el(a),
            "phase": draw(st.sampled_from(phases)),
            "roles": draw(st.lists(st.sampled_from(roles), min_size=1, max_size=2, unique=True)),
        }
        comps = draw(st.lists(st.sampled_from(components), max_size=3, unique=True))
        if comps:
            act["components"] = comps
        automation: dict[str, Any] = {}
        for lv in levels:
            mode = draw(st.sampled_from(["manual", "human-in-the-loop", "automated"]))
            automation[lv] = (
                {"mode": mode, "rationale": draw(names())} if draw(st.booleans()) else mode
            )
        act["automation"] = automation
        if draw(st.booleans()):
            act["gate"] = True
        workflow["activities"].append(act)
    workflow["tools"] = []
    for t in tools:
        tool = {**el(t), "url": f"https://{t}.example.org/"}
        supported = draw(st.lists(st.sampled_from(components), max_size=4, unique=True))
        if supported:
            tool["supports"] = {
                c: draw(
                    st.one_of(
                        st.sampled_from(["full", "partial"]),
                        st.fixed_dictionaries(
                            {"coverage": st.sampled_from(["full", "partial"]), "note": text(0, 12)}
                        ),
                    )
                )
                for c in supported
            }
        if draw(st.booleans()):
            tool["category"] = draw(
                st.sampled_from(["open-source", "commercial", "managed-service"])
            )
        workflow["tools"].append(tool)
    if not workflow["tools"]:
        del workflow["tools"]
    if not workflow["activities"]:
        del workflow["activities"]

    # relationships: between distinct elements, unique default ids
    kinds = {i: KIND_OF_PLURAL[s] for s in (*model, *workflow) for i in _ids_of(model, workflow, s)}
    rel_ends = list(kinds)  # any element with any other
    rels = []
    seen: set[str] = set()
    if len(rel_ends) >= 2:
        for _ in range(draw(st.integers(0, 6))):
            src = draw(st.sampled_from(rel_ends))
            dst = draw(st.sampled_from([x for x in rel_ends if x != src]))
            verb = draw(verbs)
            rid = f"{src}-{verb.replace(' ', '-')}-{dst}"
            if rid in seen:
                continue
            seen.add(rid)
            rel: dict[str, Any] = {"from": src, "to": dst, "verb": verb}
            if draw(st.booleans()):
                rel["label"] = draw(names())
            if draw(st.integers(0, 3)) == 0:
                rel["feedback"] = True
            if draw(st.integers(0, 3)) == 0:
                rel["description"] = draw(desc)
            rel.update(_sourced(draw, keys))
            rels.append(rel)
    if rels:
        model["relationships"] = rels

    files: dict[str, Any] = {
        "bibliography.yaml": bibliography,
        "model/components.yaml": model,
        "model/workflow.yaml": workflow,
    }
    view_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    for order, vid in enumerate(view_ids):
        files[f"views/{vid}.yaml"] = draw(_views(vid, order, kinds, tag_pool, levels, desc))
    # sometimes a view whose id is also the name radoc derives for another diagram
    derived = [f"tools-for-{c}" for c in components] + [f"coverage-{t}" for t in tools]
    derived += [
        f"{v}-{lv}"
        for v in view_ids
        if files[f"views/{v}.yaml"]["kind"] == "workflow"
        for lv in files[f"views/{v}.yaml"].get("levels", levels)
    ]
    derived = [d for d in derived if d not in view_ids and len(d) <= 64]
    if derived and draw(st.integers(0, 3)) == 0:
        vid = draw(st.sampled_from(derived))
        files[f"views/{vid}.yaml"] = {
            "id": vid,
            "title": draw(NAMES),
            "question": "",
            "include": {"kinds": ["component"]},
        }
        view_ids.append(vid)
    return Arch(files, kinds, view_ids)


def _ids_of(model: dict[str, Any], workflow: dict[str, Any], section: str) -> list[str]:
    items = model.get(section) or workflow.get(section) or []
    return [item["id"] for item in items]


@st.composite
def _views(
    draw: Callable[..., Any],
    vid: str,
    order: int,
    kinds: dict[str, str],
    tags: list[str],
    levels: list[str],
    desc: st.SearchStrategy[str],
) -> dict[str, Any]:
    kind = draw(st.sampled_from(["graph", "workflow", "matrix"]))
    view: dict[str, Any] = {
        "id": vid,
        "title": draw(names()),
        "kind": kind,
        "question": draw(text(0, 30)),
        "order": draw(st.integers(-5, 200)) if draw(st.booleans()) else order,
    }
    if draw(st.booleans()):
        view["description"] = draw(desc)
    if draw(st.integers(0, 4)) == 0:
        view["exclude"] = draw(st.lists(st.sampled_from(sorted(kinds)), max_size=2, unique=True))
    present = sorted(set(kinds.values()))
    if kind == "graph":
        include: dict[str, Any] = {
            "kinds": draw(st.lists(st.sampled_from(present), min_size=1, max_size=4, unique=True))
        }
        if draw(st.booleans()):
            include["ids"] = draw(st.lists(st.sampled_from(sorted(kinds)), max_size=3, unique=True))
        if draw(st.booleans()):
            include["tags"] = draw(st.lists(st.sampled_from(tags), max_size=2, unique=True))
        view["include"] = include
        view["layout"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "direction": st.sampled_from(["LR", "TB", "RL", "BT"]),
                    "group_by": st.sampled_from(["none", "group", "phase"]),
                    "edge_labels": st.sampled_from(["auto", "always", "never"]),
                },
            )
        )
        view["relationships"] = draw(
            st.one_of(
                st.sampled_from(["all", "none"]),
                st.fixed_dictionaries(
                    {},
                    optional={
                        "verbs": st.lists(verbs, max_size=2),
                        "feedback": st.booleans(),
                    },
                ),
            )
        )
    elif kind == "workflow":
        view["include"] = {"kinds": ["phase", "activity"]}
        if draw(st.booleans()):
            view["levels"] = draw(st.lists(st.sampled_from(levels), min_size=1, unique=True))
        if draw(st.booleans()):
            view["layout"] = {"direction": draw(st.sampled_from(["LR", "TB"]))}
    else:
        matrix = draw(st.sampled_from(["activities-levels", "tools-components"]))
        view["matrix"] = matrix
        view["include"] = {
            "kinds": ["activity", "level"]
            if matrix == "activities-levels"
            else ["tool", "component"]
        }
        if matrix == "activities-levels" and draw(st.booleans()):
            view["levels"] = draw(st.lists(st.sampled_from(levels), min_size=1, unique=True))
    # a view must include something: its kinds are present ones; keep one of them
    wanted = set(view["include"]["kinds"])
    excluded = set(view.get("exclude", ()))
    if not any(k in wanted and e not in excluded for e, k in kinds.items()):
        del view["exclude"]
    return view


def small_arch(
    *,
    view_id: str = "functions",
    view_title: str = "Functions",
    component_name: str = "Registry",
    component_description: str = "",
) -> Arch:
    """The smallest architecture worth drawing, for explicit examples: one of each kind a
    graph, a workflow and a matrix view need, and a tool that covers the component."""
    src = {"sources": ["paper"]}
    files: dict[str, Any] = {
        "bibliography.yaml": {
            "sources": [
                {"key": "paper", "type": "article", "authors": ["Ada"], "title": "A", "year": 2024}
            ]
        },
        "model/components.yaml": {
            "groups": [{"id": "data", "name": "Data", "description": "", **src}],
            "components": [
                {
                    "id": "registry",
                    "name": component_name,
                    "description": component_description,
                    "group": "data",
                    **src,
                }
            ],
            "roles": [{"id": "scientist", "name": "Scientist", "description": "", **src}],
            "relationships": [{"from": "scientist", "to": "registry", "verb": "uses", **src}],
        },
        "model/workflow.yaml": {
            "levels": [{"id": "manual", "name": "Manual", "description": "", "rank": 0, **src}],
            "phases": [{"id": "build", "name": "Build", "description": "", **src}],
            "activities": [
                {
                    "id": "train",
                    "name": "Train",
                    "description": "",
                    "phase": "build",
                    "roles": ["scientist"],
                    "components": ["registry"],
                    "automation": {"manual": "manual"},
                    **src,
                }
            ],
            "tools": [
                {
                    "id": "tool",
                    "name": "Tool",
                    "description": "",
                    "url": "https://tool.example.org/",
                    "supports": {"registry": "full"},
                    **src,
                }
            ],
        },
        f"views/{view_id}.yaml": {
            "id": view_id,
            "title": view_title,
            "question": "Which components are there?",
            "include": {"kinds": ["component", "role", "group"]},
        },
        "views/flow.yaml": {
            "id": "flow",
            "title": "Flow",
            "kind": "workflow",
            "question": "In which order?",
            "include": {"kinds": ["phase", "activity"]},
        },
        "views/involvement.yaml": {
            "id": "involvement",
            "title": "Involvement",
            "kind": "matrix",
            "matrix": "activities-levels",
            "question": "How automated?",
            "include": {"kinds": ["activity", "level"]},
        },
    }
    kinds = {
        "data": "group",
        "registry": "component",
        "scientist": "role",
        "manual": "level",
        "build": "phase",
        "train": "activity",
        "tool": "tool",
    }
    return Arch(files, kinds, [view_id, "flow", "involvement"])


# -- known bugs ------------------------------------------------------------------------------

# Characters that YAML accepts (written as escapes) and the schema allows in any name, but that
# radoc cannot draw yet: a NUL breaks the DOT source, the others make the SVG invalid XML.


# -- mutations -------------------------------------------------------------------------------

REQUIRED = {
    "groups": ["id", "name", "description"],
    "components": ["id", "name", "description", "group"],
    "roles": ["id", "name", "description"],
    "levels": ["id", "name", "description", "rank"],
    "phases": ["id", "name", "description"],
    "activities": ["id", "name", "description", "phase", "roles", "automation"],
    "tools": ["id", "name", "description", "url"],
    "relationships": ["from", "to", "verb"],
}
VIEW_REQUIRED = ["id", "title", "question"]
SOURCE_REQUIRED = ["key", "type", "authors", "title", "year"]
WRONG_TYPES: dict[str, Any] = {
    "name": [1, 2],
    "description": {"a": 1},
    "rank": "high",
    "group": ["x"],
    "phase": 3,
    "roles": "just-one",
    "automation": ["manual"],
    "url": "not a url",
    "from": {"x": 1},
    "verb": "Not A Verb!",
    "title": 12,
    "question": [1],
    "kind": "pie",
    "year": "recent",
    "authors": "Ada",
}


@dataclass
class Mutation:
    arch: Arch
    file: str  # the file that must carry an error
    what: str


def _items(arch: Arch) -> list[tuple[str, str, int]]:
    """Every (file, section, index) of an item in a model file."""
    found = []
    for rel, data in arch.files.items():
        if rel.startswith("model/"):
            for section, items in data.items():
                for i in range(len(items)):
                    found.append((rel, section, i))
    return found


@st.composite
def mutations(draw: Callable[..., Any], base: st.SearchStrategy[Arch] | None = None) -> Mutation:
    arch = draw(base if base is not None else architectures())
    arch = Arch(copy.deepcopy(arch.files), dict(arch.kinds), list(arch.views))
    files = arch.files
    views = [f for f in files if f.startswith("views/")]
    items = _items(arch)
    op = draw(st.sampled_from(["drop", "dangling", "duplicate", "unknown-key", "type", "semantic"]))
    if op == "semantic":
        return draw(_semantic(arch))

    if op == "drop":
        where = draw(st.sampled_from(["item", "view", "source"]))
        if where == "item":
            rel, section, i = draw(st.sampled_from(items))
            key = draw(st.sampled_from(REQUIRED[section]))
            del files[rel][section][i][key]
            return Mutation(arch, rel, f"drop {section}[{i}].{key}")
        if where == "view":
            rel = draw(st.sampled_from(views))
            key = draw(st.sampled_from(VIEW_REQUIRED))
            del files[rel][key]
            return Mutation(arch, rel, f"drop {key} of {rel}")
        sources = files["bibliography.yaml"]["sources"]
        i = draw(st.integers(0, len(sources) - 1))
        key = draw(st.sampled_from(SOURCE_REQUIRED))
        del sources[i][key]
        return Mutation(arch, "bibliography.yaml", f"drop sources[{i}].{key}")

    if op == "dangling":
        refs: list[tuple[str, Callable[[], None]]] = []
        model = files["model/components.yaml"]
        workflow = files["model/workflow.yaml"]
        for c in model["components"]:
            refs.append(("model/components.yaml", lambda c=c: c.__setitem__("group", MISSING_ID)))
        for r in model.get("relationships", []):
            end = draw(st.sampled_from(["from", "to"]))
            refs.append(
                ("model/components.yaml", lambda r=r, end=end: r.__setitem__(end, MISSING_ID))
            )
        for p in workflow["phases"]:
            if "follows" in p:
                refs.append(
                    ("model/workflow.yaml", lambda p=p: p.__setitem__("follows", [MISSING_ID]))
                )
        for a in workflow.get("activities", []):
            refs.append(("model/workflow.yaml", lambda a=a: a.__setitem__("phase", MISSING_ID)))
            refs.append(("model/workflow.yaml", lambda a=a: a["roles"].append(MISSING_ID)))
            refs.append(
                (
                    "model/workflow.yaml",
                    lambda a=a: a["automation"].__setitem__(MISSING_ID, "manual"),
                )
            )
        for t in workflow.get("tools", []):
            refs.append(
                (
                    "model/workflow.yaml",
                    lambda t=t: t.setdefault("supports", {}).__setitem__(MISSING_ID, "full"),
                )
            )
        for rel in views:
            v = files[rel]
            refs.append((rel, lambda v=v: v["include"].setdefault("ids", []).append(MISSING_ID)))
            refs.append((rel, lambda v=v: v.setdefault("exclude", []).append(MISSING_ID)))
        for rel, data in files.items():
            if rel.startswith("model/"):
                for name, section in data.items():
                    for item in section:
                        if "description" in item and name != "relationships":
                            refs.append(
                                (
                                    rel,
                                    lambda item=item: item.__setitem__(
                                        "description", f"See [it](ref:{MISSING_ID})."
                                    ),
                                )
                            )
                        if "sources" in item:
                            refs.append(
                                (rel, lambda item=item: item["sources"].append("missing-key"))
                            )
        rel, apply = draw(st.sampled_from(refs))
        apply()
        return Mutation(arch, rel, "dangling reference")

    if op == "duplicate":
        rel, section, i = draw(st.sampled_from(items))
        data = files[rel][section]
        if section == "relationships":
            data.append(copy.deepcopy(data[i]))
            return Mutation(arch, rel, f"duplicate relationship {i}")
        # same file: a second item with the id of another (or of itself)
        j = draw(st.integers(0, len(data) - 1))
        twin = copy.deepcopy(data[j])
        twin["id"] = data[i]["id"]
        data.append(twin)
        return Mutation(arch, rel, f"duplicate id {data[i]['id']}")

    if op == "unknown-key":
        where = draw(st.sampled_from(["item", "file", "view", "source", "nested"]))
        key = draw(st.sampled_from(["colour", "extra", "Name", "ids", "desc"]))
        if where == "item":
            rel, section, i = draw(st.sampled_from(items))
            if key in files[rel][section][i]:
                key = "colour"
            files[rel][section][i][key] = "x"
            return Mutation(arch, rel, f"unknown key {key} in {section}[{i}]")
        if where == "file":
            rel = draw(st.sampled_from(["model/components.yaml", "model/workflow.yaml"]))
            files[rel][key] = []
            return Mutation(arch, rel, f"unknown top-level key {key}")
        if where == "view":
            rel = draw(st.sampled_from(views))
            files[rel]["colour"] = "x"
            return Mutation(arch, rel, "unknown key in view")
        if where == "source":
            files["bibliography.yaml"]["sources"][0]["colour"] = "x"
            return Mutation(arch, "bibliography.yaml", "unknown key in source")
        rel = draw(st.sampled_from(views))
        files[rel]["include"]["colour"] = ["x"]
        return Mutation(arch, rel, "unknown key in include")

    # op == "type"
    candidates: list[tuple[str, dict[str, Any], str]] = []
    for rel, section, i in items:
        item = files[rel][section][i]
        for key in item:
            if key in WRONG_TYPES:
                candidates.append((rel, item, key))
    for rel in views:
        for key in ("title", "question", "kind"):
            candidates.append((rel, files[rel], key))
    for s in files["bibliography.yaml"]["sources"]:
        for key in ("year", "authors"):
            candidates.append(("bibliography.yaml", s, key))
    rel, target, key = draw(st.sampled_from(candidates))
    target[key] = WRONG_TYPES[key]
    return Mutation(arch, rel, f"wrong type for {key}")


@st.composite
def _semantic(draw: Callable[..., Any], arch: Arch) -> Mutation:
    """Well-formed YAML with the right keys and types that is still wrong."""
    files = arch.files
    model = files["model/components.yaml"]
    workflow = files["model/workflow.yaml"]
    views = [f for f in files if f.startswith("views/")]
    choices = [
        "wrong-kind",
        "self-reference",
        "cycle",
        "reserved-id",
        "bad-id",
        "out-of-range",
        "no-rationale",
        "empty-view",
        "matrix-without-table",
        "too-long",
    ]
    if workflow.get("activities"):
        choices.append("missing-level")
    what = draw(st.sampled_from(choices))
    if what == "wrong-kind":
        comp = draw(st.sampled_from(model["components"]))
        comp["group"] = model["roles"][0]["id"]
        return Mutation(arch, "model/components.yaml", "group names a role")
    if what == "self-reference":
        c = model["components"][0]["id"]
        model.setdefault("relationships", []).append(
            {"id": "loop", "from": c, "to": c, "verb": "uses", "inferred": True, "rationale": "r"}
        )
        return Mutation(arch, "model/components.yaml", "relationship to itself")
    if what == "cycle":
        phases = workflow["phases"]
        phases[0]["follows"] = [phases[-1]["id"]]
        return Mutation(arch, "model/workflow.yaml", "phases in a cycle")
    if what == "reserved-id":
        section = draw(st.sampled_from(["groups", "components", "roles"]))
        item = draw(st.sampled_from(model[section]))
        item["id"] = draw(st.sampled_from(sorted(RESERVED_IDS)))
        return Mutation(arch, "model/components.yaml", f"reserved id {item['id']}")
    if what == "bad-id":
        item = draw(st.sampled_from(model["components"]))
        item["id"] = draw(st.sampled_from(["Upper", "a_b", "1st", "-a", "a/b", "a" * 65, ""]))
        return Mutation(arch, "model/components.yaml", f"bad id {item['id']!r}")
    if what == "out-of-range":
        if draw(st.booleans()):
            level = draw(st.sampled_from(workflow["levels"]))
            level["rank"] = draw(st.sampled_from([-1, 100, 10**6]))
            return Mutation(arch, "model/workflow.yaml", f"rank {level['rank']}")
        source = files["bibliography.yaml"]["sources"][0]
        source["year"] = draw(st.sampled_from([1899, 2101, 0]))
        return Mutation(arch, "bibliography.yaml", f"year {source['year']}")
    if what == "no-rationale":
        item = draw(st.sampled_from(model["components"]))
        item["inferred"] = True
        item.pop("rationale", None)
        return Mutation(arch, "model/components.yaml", "inferred without rationale")
    if what == "empty-view":
        rel = draw(st.sampled_from(views))
        files[rel]["include"] = {}
        return Mutation(arch, rel, "view includes nothing")
    if what == "matrix-without-table":
        rel = draw(st.sampled_from(views))
        files[rel]["kind"] = "matrix"
        files[rel].pop("matrix", None)
        files[rel]["include"] = {"kinds": ["component"]}
        return Mutation(arch, rel, "matrix view without 'matrix'")
    if what == "too-long":
        item = draw(st.sampled_from(model["components"]))
        item["name"] = "n" * 201
        return Mutation(arch, "model/components.yaml", "name of 201 characters")
    act = draw(st.sampled_from(workflow["activities"]))
    level = draw(st.sampled_from(sorted(act["automation"])))
    del act["automation"][level]
    return Mutation(arch, "model/workflow.yaml", f"no automation for level {level}")
