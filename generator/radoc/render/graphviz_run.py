"""Running Graphviz: one content-addressed cache, parallel runs, one clear error when missing.

A rendered diagram is stored under a hash of its DOT source, the output format, radoc's
version and Graphviz's version, so an unchanged view is never rendered twice — across builds
and across `serve` reloads — and a Graphviz upgrade re-renders everything once. Jobs that share
their source and options (a view's SVG, PNG and PDF) are drawn by one `dot` process, which lays
the graph out once and writes every format (``dot -Tsvg -o A -Tpdf -o B``): the same bytes as
one process per format, for a third of the layouts. Graphs without clusters that want only an
SVG (the many small context diagrams of element pages) are drawn many to a process: Graphviz
starts once for the lot, and each graph comes out byte for byte as when drawn alone (tested).
Graphs with clusters, maps laid out by neato and graphs with unconstrained edges are always
drawn alone: in a batch, Graphviz 2.43 carries cluster state into the next graph, places
neato's maps differently, and corrupts its memory after an unconstrained edge.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..errors import EnvironmentProblem, ToolFailure

_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
INSTALL_HINT = (
    "install Graphviz: apt-get install -y graphviz (Debian/Ubuntu), brew install graphviz (macOS)"
)


DOT_TIMEOUT = 120  # seconds for one diagram; a layout that takes longer will not be read either


class GraphvizMissing(EnvironmentProblem):
    """The `dot` binary is not on PATH."""

    def __init__(self) -> None:
        super().__init__(f"the Graphviz 'dot' program was not found; {INSTALL_HINT}")


class GraphvizFailed(ToolFailure):
    def __init__(self, message: str) -> None:
        super().__init__(f"Graphviz failed: {message}")


@lru_cache(maxsize=1)
def graphviz_version() -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing()
    try:
        out = subprocess.run(
            [dot, "-V"], capture_output=True, text=True, check=False, timeout=DOT_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GraphvizFailed(f"'{dot} -V' did not answer: {exc}") from None
    return (out.stderr or out.stdout).strip()


_ROUTING_BUG = re.compile(rb"triangulation failed|Pshortestpath failed|lost .* edge")
# what Graphviz 2.43 does not draw safely in a batch: clusters (their state reaches the next
# graph), layouts other than dot's (neato's maps come out placed differently) and edges
# without constraint (the process corrupts its memory when it moves on to the next graph),
# and table cells that link (their anchors come out numbered on from the graph before)
_NOT_BATCHED = re.compile(r'subgraph\s+"?cluster|\blayout=|\bconstraint=false|<TD[^>]* HREF=')
# in a batch, Graphviz names the graph group of every graph after the first "page<i>,<j>_<id>"
_BATCH_PAGE = re.compile(rb'<g id="page\d+,\d+_([^"]*)" class="graph"')
BATCH = (
    40  # graphs per batched `dot` process: enough to amortise its start, small enough to share out
)
_GRAPH_NAME = re.compile(r'digraph "?([^"\s{]+)')


def _dot(source: str, args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["dot", *args],
            input=source.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=DOT_TIMEOUT,
            # cairo stamps PDFs with the local time and zone: UTC keeps them identical anywhere
            env={**os.environ, "TZ": "UTC", "SOURCE_DATE_EPOCH": "0"},
        )
    except FileNotFoundError:
        raise GraphvizMissing() from None
    except subprocess.TimeoutExpired:
        name = _GRAPH_NAME.match(source)
        raise GraphvizFailed(
            f"laying out diagram '{name.group(1) if name else '?'}' took longer than "
            f"{DOT_TIMEOUT} s; split its view into smaller ones"
        ) from None


def _dot_checked(source: str, args: Sequence[str]) -> bytes:
    """Run `dot` on ``source`` with ``args``; its standard output, or one clear error."""
    proc = _dot(source, args)
    if proc.returncode != 0 and _ROUTING_BUG.search(proc.stderr):
        # Graphviz's spline router sometimes gives up on a valid graph ("triangulation
        # failed"); straight-line routing never does
        proc = _dot(source, [*args, "-Gsplines=polyline"])
    if proc.returncode != 0:
        name = _GRAPH_NAME.match(source)
        which = f" on diagram '{name.group(1)}'" if name else ""
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizFailed(f"{detail[0] if detail else 'no message'}{which}")
    return proc.stdout


def _settled(fmt: str, data: bytes) -> bytes:
    if fmt == "pdf":
        # cairo stamps the time of rendering; a fixed date of the same length keeps the
        # byte offsets of the PDF valid and the output byte-identical
        return _PDF_DATE.sub(rb"/CreationDate (D:19700101000000Z)", data)
    return data


def _batchable(group: Sequence[Job]) -> bool:
    """A graph that may share a `dot` process: one SVG, no options, nothing of ``_NOT_BATCHED``."""
    job = group[0]
    return (
        len(group) == 1
        and job.fmt == "svg"
        and not job.options
        and not _NOT_BATCHED.search(job.source)
    )


def _tasks(groups: list[list[Job]]) -> list[list[list[Job]]]:
    """The groups of jobs, in tasks of one `dot` process each: batches of up to ``BATCH``
    batchable graphs, every other group alone (in the order given)."""
    alone = [[g] for g in groups if not _batchable(g)]
    shared = [g for g in groups if _batchable(g)]
    return alone + [shared[i : i + BATCH] for i in range(0, len(shared), BATCH)]


def _dot_batch(jobs: Sequence[Job]) -> list[bytes] | None:
    """The SVG of each of ``jobs`` (sources of one graph each), drawn by one `dot` process;
    None when Graphviz fails on any of them or its output cannot be split into one document
    per graph (the caller then draws each alone)."""
    try:
        proc = _dot("\n".join(job.source for job in jobs), ["-Tsvg"])
    except GraphvizFailed:  # too slow together: each alone gets its own time
        return None
    if proc.returncode != 0:
        return None
    parts = proc.stdout.split(b"<?xml ")
    if parts[0].strip() or len(parts) != len(jobs) + 1:
        return None
    return [
        _BATCH_PAGE.sub(rb'<g id="\1" class="graph"', b"<?xml " + part, count=1)
        for part in parts[1:]
    ]


@dataclass(frozen=True)
class Job:
    """One Graphviz run: DOT source in, one format out."""

    source: str
    fmt: str = "svg"
    options: tuple[str, ...] = ()

    def key(self) -> str:
        h = hashlib.sha256()
        for part in (__version__, graphviz_version(), self.fmt, *self.options, self.source):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()


@dataclass
class Renderer:
    """Renders jobs through the cache. Counts, for tests and benchmarks: ``runs``, the jobs
    Graphviz rendered (every other one came from the cache), and ``processes``, the `dot`
    processes that rendered them (one per graph: its formats share one layout)."""

    cache_dir: Path | None
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    runs: int = 0
    # hears (drawn, to draw) as real `dot` runs finish: what a progress line shows
    on_drawn: Callable[[int, int], None] | None = None
    processes: int = 0

    def render_all(
        self, jobs: Iterable[Job], on_done: Callable[[Job], None] | None = None
    ) -> dict[Job, bytes]:
        """Render every job once (cached ones are not run); ``on_done`` hears of each."""
        unique = list(dict.fromkeys(jobs))
        results: dict[Job, bytes] = {}
        missing: dict[tuple[str, tuple[str, ...]], list[Job]] = {}
        for job in unique:
            cached = self._read_cache(job)
            if cached is None:
                missing.setdefault((job.source, job.options), []).append(job)
            else:
                results[job] = cached
                if on_done:
                    on_done(job)
        if missing:
            graphviz_version()  # fail early and clearly when dot is missing
            tasks = _tasks(list(missing.values()))
            total = sum(len(t) for t in tasks)
            if self.on_drawn:
                self.on_drawn(0, total)
            drawn = 0
            with ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(tasks)))) as pool:
                futures = {pool.submit(self._run_task, task): task for task in tasks}
                for future in as_completed(futures):
                    task, (outputs, processes) = futures[future], future.result()
                    for group, datas in zip(task, outputs, strict=True):
                        for job, data in zip(group, datas, strict=True):
                            results[job] = data
                            self._write_cache(job, data)
                            if on_done:
                                on_done(job)
                    self.processes += processes
                    drawn += len(task)
                    if self.on_drawn:
                        self.on_drawn(drawn, total)
            self.runs += sum(len(g) for t in tasks for g in t)
        return results

    def _run_task(self, task: Sequence[Sequence[Job]]) -> tuple[list[list[bytes]], int]:
        """The outputs of each group of ``task``, and the `dot` processes it took."""
        if len(task) > 1:
            batched = _dot_batch([g[0] for g in task])
            if batched is not None:
                return [[data] for data in batched], 1
        # alone, or a batch Graphviz refused: each graph on its own, for its own error
        return [self._run_together(group) for group in task], len(task)

    def render(self, job: Job) -> bytes:
        return self.render_all([job])[job]

    def _run(self, job: Job) -> bytes:
        """One job, its output on standard output."""
        return _settled(job.fmt, _dot_checked(job.source, [f"-T{job.fmt}", *job.options]))

    def _run_together(self, jobs: Sequence[Job]) -> list[bytes]:
        """Jobs of one source and options, in one `dot` process: one layout, each format
        written to its own file."""
        if len(jobs) == 1:
            return [self._run(jobs[0])]
        with tempfile.TemporaryDirectory(prefix="radoc-dot-") as tmp:
            outputs = [os.path.join(tmp, f"{i}.{job.fmt}") for i, job in enumerate(jobs)]
            args = [*jobs[0].options]
            for job, out in zip(jobs, outputs, strict=True):
                args += [f"-T{job.fmt}", f"-o{out}"]
            _dot_checked(jobs[0].source, args)
            return [
                _settled(job.fmt, Path(out).read_bytes())
                for job, out in zip(jobs, outputs, strict=True)
            ]

    def _path(self, job: Job) -> Path | None:
        if self.cache_dir is None:
            return None
        key = job.key()
        return self.cache_dir / key[:2] / f"{key}.{job.fmt}"

    def _read_cache(self, job: Job) -> bytes | None:
        path = self._path(job)
        if path is None or not path.is_file():
            return None
        return path.read_bytes()

    def _write_cache(self, job: Job, data: bytes) -> None:
        path = self._path(job)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # write aside, then rename: a reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
