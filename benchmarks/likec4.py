"""radoc against LikeC4 on twin models: `python -m benchmarks --only likec4`.

One generator, one seed, two formats. `make_twin(n, seed)` draws an abstract model of ``n``
elements: ``n // 20`` groups and ``n - n // 20`` components spread evenly over them, ``1.5 n``
relationships between components (nine in ten inside a group, the rest across groups), one view
per group (the group with its components and the relationships among them) and an index view of
the groups alone. `write_radoc` writes it as a radoc project (``architecture/``, ``mkdocs.yml``,
``docs/index.md``), `write_likec4` as LikeC4 sources (``spec.c4`` with the element kinds,
``model/<group>.c4``, ``views.c4``), so both tools draw the same diagrams of the same elements.

`compare()` installs LikeC4 with npm into its own temporary folder (never the project, never
globally), then builds both twins as subprocesses, paired, in three cases: cold (empty caches),
one description edited, nothing changed. It measures CPU seconds of each child process tree
(user + sys, from `os.wait4`), its peak RSS and the wall time.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .synthetic import FLOW_VERBS, _Dumper, _Words

LIKEC4_SPEC = "likec4@1.59"
PER_GROUP = 20  # elements per group, the group included
RELS_PER_ELEMENT = 1.5
CROSS_SHARE = 0.1  # share of the relationships between components of different groups
INDEX_VIEW = "groups"
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
INFERRED = {"inferred": True, "rationale": "Generated for the comparison with LikeC4."}

# targets: radoc CPU / LikeC4 CPU, at 1k and 10k elements
TARGETS = {"cold": 0.5, "edit": 0.1, "nothing": 0.05}
COLD_10K_CPU = 60.0
CASES = (
    ("cold", "cold build (empty caches)"),
    ("edit", "one description edited, rebuild"),
    ("nothing", "nothing changed, rebuild"),
)
CASE_NAMES = tuple(name for name, _ in CASES)


# -- the twin model ------------------------------------------------------------------------------


@dataclass
class TwinElement:
    id: str
    kind: str  # "group" or "component"
    name: str
    description: str
    group: str | None = None


@dataclass
class Twin:
    size: int
    seed: int
    groups: list[TwinElement]
    components: list[TwinElement]
    relationships: list[tuple[str, str, str]]  # (from, verb, to), components only
    members: dict[str, list[str]] = field(default_factory=dict)  # group -> component ids

    @property
    def elements(self) -> list[TwinElement]:
        return [*self.groups, *self.components]

    def element(self, eid: str) -> TwinElement:
        return next(e for e in self.elements if e.id == eid)

    def edited_element(self) -> TwinElement:
        """The component the edit case changes: the most connected one of the first group."""
        degree: dict[str, int] = {}
        for a, _, b in self.relationships:
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
        first = self.members[self.groups[0].id]
        best = max(first, key=lambda c: (degree.get(c, 0), c))
        return self.element(best)


def make_twin(size: int, seed: int = 0) -> Twin:
    """The abstract model both formats are written from (same arguments, same model)."""
    if size < PER_GROUP:
        raise ValueError(f"a twin model needs at least {PER_GROUP} elements, not {size}")
    rng = random.Random(seed)
    words = _Words(rng)
    n_groups = size // PER_GROUP
    n_comps = size - n_groups
    groups = []
    for g in range(1, n_groups + 1):
        name = words.name("groups", g)
        groups.append(TwinElement(f"g{g:04d}", "group", name, words.description(name)))
    members: dict[str, list[str]] = {g.id: [] for g in groups}
    components = []
    for c in range(1, n_comps + 1):
        group = groups[(c - 1) * n_groups // n_comps].id
        name = words.name("components", c)
        components.append(
            TwinElement(f"c{c:05d}", "component", name, words.description(name), group)
        )
        members[group].append(components[-1].id)
    total = int(size * RELS_PER_ELEMENT)
    cross = int(total * CROSS_SHARE) if n_groups > 1 else 0
    comp_ids = [c.id for c in components]
    group_of = {c.id: c.group for c in components}
    seen: set[tuple[str, str]] = set()
    rels: list[tuple[str, str, str]] = []
    while len(rels) < total:
        if len(rels) < total - cross:
            gid = groups[len(rels) * n_groups // (total - cross)].id
            a, b = rng.sample(members[gid], 2)
        else:
            a, b = rng.sample(comp_ids, 2)
            if group_of[a] == group_of[b]:
                continue
        if (a, b) in seen:
            continue
        seen.add((a, b))
        rels.append((a, rng.choice(FLOW_VERBS), b))
    return Twin(size, seed, groups, components, rels, members)


# -- radoc -------------------------------------------------------------------------------------

RADOC_MKDOCS = """\
site_name: Twin model ({size} elements)
use_directory_urls: true
theme:
  name: material
  font: false
plugins:
  - search
  - radoc
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - pymdownx.details
  - pymdownx.superfences
nav:
  - Home: index.md
  - radoc://sections
"""

TWIN_INDEX = """\
# Twin model

{size} elements ({groups} groups), {relationships} relationships, {views} views: the radoc twin
of a LikeC4 model written by the same generator (`benchmarks/likec4.py`).
"""


def _yaml(path: Path, data: Any, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # one line per scalar (width): the edit case finds a description by its text
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    path.write_text(f"# yaml-language-server: $schema={schema}\n{text}", encoding="utf-8")


def write_radoc(twin: Twin, dest: Path) -> None:
    """The twin as a radoc project: one model file per group (the group, its components and
    their outgoing relationships), one view per group and the index view."""
    arch = dest / "architecture"
    model_schema = "../../schema/model.schema.json"
    view_schema = "../../schema/view.schema.json"
    by_source: dict[str, list[tuple[str, str, str]]] = {}
    for rel in twin.relationships:
        by_source.setdefault(rel[0], []).append(rel)
    index = {c.id: c for c in twin.components}
    for order, group in enumerate(twin.groups, 1):
        comps = [index[c] for c in twin.members[group.id]]
        data: dict[str, Any] = {
            "groups": [
                {
                    "id": group.id,
                    "name": group.name,
                    "description": group.description,
                    "tags": [group.id],
                    **INFERRED,
                }
            ],
            "components": [
                {
                    "id": c.id,
                    "name": c.name,
                    "description": c.description,
                    "group": group.id,
                    "tags": [group.id],
                    **INFERRED,
                }
                for c in comps
            ],
            "relationships": [
                {"from": a, "to": b, "verb": verb, **INFERRED}
                for c in comps
                for a, verb, b in by_source.get(c.id, [])
            ],
        }
        _yaml(arch / "model" / f"{group.id}.yaml", data, model_schema)
        _yaml(
            arch / "views" / f"{group.id}.yaml",
            {
                "id": group.id,
                "title": group.name,
                "order": order + 1,
                "kind": "graph",
                "question": f"What is in {group.name}, and how do its parts connect?",
                "include": {"tags": [group.id]},
                "layout": {"group_by": "group"},
            },
            view_schema,
        )
    _yaml(
        arch / "views" / f"{INDEX_VIEW}.yaml",
        {
            "id": INDEX_VIEW,
            "title": "All groups",
            "order": 1,
            "kind": "graph",
            "question": "Which groups are there?",
            "include": {"kinds": ["group"]},
            "relationships": "none",
        },
        view_schema,
    )
    (dest / "mkdocs.yml").write_text(RADOC_MKDOCS.format(size=twin.size), encoding="utf-8")
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    (dest / "docs" / "index.md").write_text(
        TWIN_INDEX.format(
            size=twin.size,
            groups=len(twin.groups),
            relationships=len(twin.relationships),
            views=len(twin.groups) + 1,
        ),
        encoding="utf-8",
    )


# -- LikeC4 ------------------------------------------------------------------------------------

LIKEC4_SPECIFICATION = """\
specification {
  element group
  element component
}
"""


def _c4(text: str) -> str:
    if "'" in text or "\\" in text or "\n" in text:
        raise ValueError(f"cannot quote {text!r} for LikeC4")
    return f"'{text}'"


def write_likec4(twin: Twin, dest: Path) -> None:
    """The twin as LikeC4 sources: the element kinds, one model file per group (the group
    with its components nested, and their outgoing relationships), the views."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "spec.c4").write_text(LIKEC4_SPECIFICATION, encoding="utf-8")
    fqn = {c.id: f"{c.group}.{c.id}" for c in twin.components}
    by_source: dict[str, list[tuple[str, str, str]]] = {}
    for rel in twin.relationships:
        by_source.setdefault(rel[0], []).append(rel)
    index = {c.id: c for c in twin.components}
    for group in twin.groups:
        lines = [
            "model {",
            f"  {group.id} = group {_c4(group.name)} {{",
            f"    description {_c4(group.description)}",
        ]
        for cid in twin.members[group.id]:
            c = index[cid]
            lines += [
                f"    {c.id} = component {_c4(c.name)} {{",
                f"      description {_c4(c.description)}",
                "    }",
            ]
        lines.append("  }")
        for cid in twin.members[group.id]:
            for a, verb, b in by_source.get(cid, []):
                lines.append(f"  {fqn[a]} -> {fqn[b]} {_c4(verb)}")
        lines.append("}")
        path = dest / "model" / f"{group.id}.c4"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    views = [
        "views {",
        f"  view {INDEX_VIEW} {{",
        f"    title {_c4('All groups')}",
        "    include *",
        "    exclude * -> *",
        "  }",
    ]
    for group in twin.groups:
        views += [
            f"  view {group.id} {{",
            f"    title {_c4(group.name)}",
            f"    include {group.id}, {group.id}.*",
            "  }",
        ]
    views.append("}")
    (dest / "views.c4").write_text("\n".join(views) + "\n", encoding="utf-8")


def write_twins(size: int, seed: int, radoc_dir: Path, likec4_dir: Path) -> Twin:
    """Both formats from one generator and one seed."""
    twin = make_twin(size, seed)
    write_radoc(twin, radoc_dir)
    write_likec4(twin, likec4_dir)
    return twin


def edit_description(twin: Twin, radoc_dir: Path, likec4_dir: Path, revision: int) -> str:
    """Edit one element's description in both twins, in place, as a person would: a word in
    its first sentence changes (radoc draws the first sentence as the node's tooltip, LikeC4
    draws the description in the node). Returns the element's id."""
    element = twin.edited_element()
    old = element.description
    head, _, rest = old.partition(" ")
    new = f"{head} revised-{revision} {rest}"
    files = (
        radoc_dir / "architecture" / "model" / f"{element.group}.yaml",
        likec4_dir / "model" / f"{element.group}.c4",
    )
    for path in files:
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise RuntimeError(f"{path}: the description of {element.id} is not found once")
        path.write_text(text.replace(old, new), encoding="utf-8")
    element.description = new
    return element.id


def count_likec4(folder: Path) -> dict[str, int]:
    """Rough counts of LikeC4 sources: element declarations by kind, relationships, views."""
    counts: dict[str, int] = {"relationships": 0, "views": 0}
    declaration = re.compile(r"^\s*[A-Za-z_][\w-]*\s*=\s*([A-Za-z_][\w-]*)\s+'")
    relation = re.compile(r"^\s*[\w.-]+\s*(?:->|-\[[\w-]+\]->)\s*[\w.-]+")
    view = re.compile(r"^\s*view\s+[\w-]+")
    for path in sorted(folder.rglob("*.c4")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := declaration.match(line):
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
            elif relation.match(line):
                counts["relationships"] += 1
            elif view.match(line):
                counts["views"] += 1
    return counts


def count_radoc(project: Path) -> dict[str, int]:
    counts: dict[str, int] = {"relationships": 0, "views": 0}
    for path in sorted((project / "architecture" / "model").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for key, kind in (("groups", "group"), ("components", "component")):
            counts[kind] = counts.get(kind, 0) + len(data.get(key, []))
        counts["relationships"] += len(data.get("relationships", []))
    counts["views"] = len(list((project / "architecture" / "views").glob("*.yaml")))
    return counts


# -- running the tools ---------------------------------------------------------------------------


@dataclass
class Measure:
    cpu: float  # user + sys of the child and every descendant it waited for
    wall: float
    rss_mb: float  # peak RSS of the largest process in that tree (ru_maxrss)
    returncode: int
    timed_out: bool = False


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float) -> Measure:
    """Run ``cmd`` as a child in its own process group, stdout and stderr to ``log``; its
    resource use comes from `os.wait4` (the child's tree, as its processes were reaped)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    killed = threading.Event()
    with log.open("ab") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait for it again
    return Measure(
        cpu=usage.ru_utime + usage.ru_stime,
        wall=wall,
        rss_mb=usage.ru_maxrss / 1024,
        returncode=proc.returncode,
        timed_out=killed.is_set(),
    )


def install_likec4(prefix: Path, log: Path, timeout: float = 300) -> Path | str:
    """`npm install --prefix PREFIX likec4@1.59`; the path of its `likec4` command, or why
    there is none."""
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed"
    if shutil.which("node") is None:
        return "node is not installed"
    prefix.mkdir(parents=True, exist_ok=True)
    cmd = [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", LIKEC4_SPEC]
    try:
        with log.open("ab") as out:
            done = subprocess.run(
                cmd, cwd=prefix, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, check=False
            )
    except subprocess.TimeoutExpired:
        return f"`npm install {LIKEC4_SPEC}` took more than {timeout:g} s (no network?)"
    binary = prefix / "node_modules" / ".bin" / "likec4"
    if done.returncode != 0 or not binary.exists():
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
        return f"`npm install {LIKEC4_SPEC}` failed (exit {done.returncode}): {' '.join(tail)}"
    return binary


def likec4_version(binary: Path) -> str:
    done = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    return done.stdout.strip() or "?"


# -- the comparison ------------------------------------------------------------------------------


@dataclass
class Result:
    """Rows as (number, what, measured, target, ok: True/False/None, or "info")."""

    rows: list[tuple[str, str, str, str, bool | str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)


def _label(size: int) -> str:
    return f"{size / 1000:g}k" if size >= 1000 else str(size)


def _secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _clean_radoc(project: Path) -> None:
    for name in (".radoc-cache", "build", "site"):
        shutil.rmtree(project / name, ignore_errors=True)


def compare(
    tmp: Path,
    sizes: list[int],
    *,
    quick: bool,
    remaining: Callable[[], float],
    say: Callable[[str], None],
    seed: int = 1,
    cases: tuple[str, ...] = CASE_NAMES,
) -> Result:
    """The comparison at ``sizes``; rows stop when ``remaining()`` runs out. ``cases`` picks
    among cold, edit and nothing (cold always runs: the others rebuild after it)."""
    result = Result()
    radoc = Path(sys.executable).parent / "radoc"
    if not radoc.exists():
        found = shutil.which("radoc")
        if found is None:
            result.rows.append(("L", "radoc vs LikeC4", "skipped: no `radoc` command", "—", None))
            return result
        radoc = Path(found)
    say(f"L. installing {LIKEC4_SPEC} with npm into {tmp / 'npm'}")
    start = time.perf_counter()
    installed = install_likec4(tmp / "npm", tmp / "npm-install.log")
    if isinstance(installed, str):
        result.rows.append(("L", "radoc vs LikeC4", f"skipped: {installed}", "—", None))
        result.notes.append(f"L: LikeC4 rows skipped: {installed}.")
        return result
    version = likec4_version(installed)
    result.notes.append(
        f"L: LikeC4 {version} installed with `npm install --prefix TMP {LIKEC4_SPEC}` in "
        f"{_secs(time.perf_counter() - start)} (node {_node_version()}); it lays views out "
        "with the Graphviz `dot` binary (its default, --use-dot), as radoc does."
    )
    result.markdown += [
        "| elements | case | radoc CPU | LikeC4 CPU | ratio | target | radoc wall | "
        "LikeC4 wall | radoc RSS | LikeC4 RSS |",
        "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for size in sizes:
        if remaining() < 30:
            result.rows.append((f"L.{_label(size)}", "skipped", "time budget", "—", None))
            continue
        try:
            _compare_one(tmp, size, seed, radoc, installed, quick, remaining, say, result, cases)
        except Exception as exc:  # one size failing must not hide the others
            result.rows.append(
                (f"L.{_label(size)}", "(failed)", f"{type(exc).__name__}: {exc}"[:120], "—", None)
            )
    return result


def _node_version() -> str:
    done = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _compare_one(
    tmp: Path,
    size: int,
    seed: int,
    radoc: Path,
    likec4: Path,
    quick: bool,
    remaining: Callable[[], float],
    say: Callable[[str], None],
    result: Result,
    cases: tuple[str, ...],
) -> None:
    label = _label(size)
    base = tmp / f"twin-{size}"
    rdir, ldir, lout = base / "radoc", base / "likec4", base / "likec4-site"
    load = os.getloadavg()[0]
    twin = write_twins(size, seed + size, rdir, ldir)
    say(
        f"L. {label}: twins of {size:,} elements ({len(twin.groups)} groups), "
        f"{len(twin.relationships):,} relationships, {len(twin.groups) + 1} views"
    )
    repeat = 1 if quick or size >= 10_000 else 3
    cap = 1800.0 if size >= 10_000 else 600.0
    runs: dict[tuple[str, str], list[Measure]] = {}
    radoc_cmd = [str(radoc), "build", "-f", "mkdocs.yml"]
    likec4_cmd = [str(likec4), "build", "-o", str(lout), "."]
    logs = base / "logs"
    logs.mkdir()

    def run(tool: str, case: str) -> bool:
        left = remaining()
        if left < 10:
            return False
        if tool == "radoc":
            m = run_measured(radoc_cmd, rdir, logs / f"radoc-{case}.log", min(cap, left))
        else:
            m = run_measured(likec4_cmd, ldir, logs / f"likec4-{case}.log", min(cap, left))
        if m.returncode != 0 and not m.timed_out:
            log = logs / f"{tool}-{case}.log"
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{tool} build failed ({case}): {' | '.join(tail)}"[:300])
        runs.setdefault((tool, case), []).append(m)
        return not m.timed_out

    ok = True
    round_took = 0.0
    for i in range(repeat):
        if i > 0 and remaining() < 1.2 * round_took:
            say(f"L. {label}: no time left for another round ({round_took:.0f} s each)")
            break
        round_start = time.perf_counter()
        for case, _ in CASES:
            if not ok:
                break
            if case != "cold" and case not in cases:
                continue
            say(f"L. {label}: {case} ({i + 1}/{repeat})")
            if case == "cold":
                _clean_radoc(rdir)
                shutil.rmtree(lout, ignore_errors=True)
            elif case == "edit":
                edit_description(twin, rdir, ldir, i + 1)
            # paired: both tools on the same state, the order alternating between rounds
            order = ("radoc", "likec4") if i % 2 == 0 else ("likec4", "radoc")
            for tool in order:
                ok = run(tool, case) and ok
        round_took = time.perf_counter() - round_start
        if not ok:
            break
    for ms in runs.values():  # a run killed by the time budget counts only when it is alone
        if len(ms) > 1 and any(m.timed_out for m in ms):
            ms[:] = [m for m in ms if not m.timed_out] or ms[:1]
    for case, what in CASES:
        if case != "cold" and case not in cases:
            continue
        r, lk = runs.get(("radoc", case), []), runs.get(("likec4", case), [])
        number = f"L.{label}{case[0]}"
        if case == "cold" and size == 10_000 and r:
            cpu = statistics.median(m.cpu for m in r)
            killed = any(m.timed_out for m in r)
            result.rows.append(
                (
                    f"L.{label}r",
                    f"{label}: cold build, radoc CPU"
                    + (" (killed: time budget)" if killed else ""),
                    ("> " if killed else "") + _secs(cpu),
                    f"< {COLD_10K_CPU:g} s",
                    cpu < COLD_10K_CPU if not killed or cpu >= COLD_10K_CPU else None,
                )
            )
        if not r or not lk:
            known = ", ".join(
                f"{tool} {'> ' if any(m.timed_out for m in ms) else ''}"
                f"{_secs(statistics.median(m.cpu for m in ms))} CPU"
                for tool, ms in (("radoc", r), ("LikeC4", lk))
                if ms
            )
            result.rows.append(
                (
                    number,
                    f"{label}: {what}",
                    "not measured (time budget)" + (f"; {known}" if known else ""),
                    "—",
                    None,
                )
            )
            continue
        rc, lc = (statistics.median(m.cpu for m in ms) for ms in (r, lk))
        rw, lw = (statistics.median(m.wall for m in ms) for ms in (r, lk))
        rm, lm = (max(m.rss_mb for m in ms) for ms in (r, lk))
        timed_out = any(m.timed_out for m in r + lk)
        ratio = rc / lc
        target = TARGETS[case] if size >= 1000 else None
        shown = f"{_secs(rc)} / {_secs(lc)} = {ratio:.2f}×" + (" (timed out)" if timed_out else "")
        ok_case: bool | str | None = "info"
        if target is not None:
            ok_case = None if timed_out else ratio <= target
        result.rows.append(
            (
                number,
                f"{label}: {what}: CPU radoc / LikeC4 (wall {_secs(rw)} / {_secs(lw)}, "
                f"peak RSS {rm:.0f} / {lm:.0f} MB)",
                shown,
                f"≤ {target:g}×" if target is not None else "—",
                ok_case,
            )
        )
        result.markdown.append(
            f"| {size:,} | {what} | {rc:.2f} s | {lc:.2f} s | {ratio:.2f}× | "
            f"{f'≤ {target:g}×' if target is not None else '—'} | {rw:.2f} s | {lw:.2f} s | "
            f"{rm:.0f} MB | {lm:.0f} MB |"
        )
    n = len(runs.get(("radoc", "cold"), []))
    result.notes.append(
        f"L.{label}: {size:,} elements ({len(twin.groups)} groups, {len(twin.components):,} "
        f"components), {len(twin.relationships):,} relationships, {len(twin.groups) + 1} views; "
        f"median of {n} paired run(s) per case; the edit changes the first sentence of "
        f"{twin.edited_element().id}'s description; load average {load:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after."
    )
