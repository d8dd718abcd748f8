"""Shared pieces of the benchmarks: timing, projects, renderers that record or stub `dot`,
and MkDocs builds with the radoc plugin."""

from __future__ import annotations

import bisect
import contextlib
import logging
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radoc.render.graphviz_run import Job, Renderer

REPO = Path(__file__).resolve().parent.parent


def now() -> float:
    return time.perf_counter()


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def peak_rss_mb() -> float:
    """The peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def copy_default_project(dest: Path) -> Path:
    """The bundled architecture as a project of its own: architecture/, mkdocs.yml, docs/."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "architecture", dest / "architecture")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


# -- renderers ---------------------------------------------------------------------------------


class RecordingRenderer(Renderer):
    """A real renderer that also remembers every job it was asked for."""

    def __init__(self, cache_dir: Path | None, **kw: Any) -> None:
        super().__init__(cache_dir, **kw)
        self.jobs: list[Job] = []

    def render_all(self, jobs: Iterable[Job], *args: Any, **kwargs: Any) -> dict[Job, bytes]:
        jobs = list(jobs)
        self.jobs.extend(jobs)
        return super().render_all(jobs, *args, **kwargs)


def run_dot(jobs: list[Job]) -> None:
    """`dot` on jobs of one source and options, as radoc runs it: one process, one layout,
    every format written to its own file."""
    with tempfile.TemporaryDirectory(prefix="bench-dot-") as tmp:
        args = [*jobs[0].options]
        for i, job in enumerate(jobs):
            args += [f"-T{job.fmt}", f"-o{tmp}/{i}.{job.fmt}"]
        subprocess.run(
            ["dot", *args], input=jobs[0].source.encode("utf-8"), capture_output=True, check=True
        )


def dot_floor(jobs: Iterable[Job], workers: int | None = None) -> float:
    """Wall time of running `dot` alone on ``jobs``, ``workers`` processes at a time (jobs of
    one source and options in one process, as radoc runs them)."""
    groups: dict[tuple[str, tuple[str, ...]], list[Job]] = {}
    for job in dict.fromkeys(jobs):
        groups.setdefault((job.source, job.options), []).append(job)
    workers = workers or os.cpu_count() or 1
    start = now()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(run_dot, groups.values()):
            pass
    return now() - start


Sample = tuple[str, tuple[str, ...], int, bytes]  # format, options, DOT size, output


class CannedOutputs:
    """Stand-ins for `dot`'s output, from real output of other, similar diagrams: each job is
    answered with the sample of its format whose DOT source is closest in size, so radoc's
    post-processing (theming, link rewriting) works on realistic SVGs."""

    def __init__(self, samples: Iterable[Sample]) -> None:
        pools: dict[tuple[str, tuple[str, ...]], list[tuple[int, bytes]]] = {}
        for fmt, options, size, data in samples:
            pools.setdefault((fmt, tuple(options)), []).append((size, data))
        self.pools = {
            kind: ([size for size, _ in sorted(group)], [data for _, data in sorted(group)])
            for kind, group in pools.items()
        }

    @staticmethod
    def sample(outputs: dict[Job, bytes], per_format: int = 64) -> list[Sample]:
        """Up to ``per_format`` outputs per format, evenly spread over the DOT sizes."""
        groups: dict[tuple[str, tuple[str, ...]], list[Job]] = {}
        for job in outputs:
            groups.setdefault((job.fmt, job.options), []).append(job)
        picked: list[Sample] = []
        for group in groups.values():
            group.sort(key=lambda j: len(j.source))
            step = max(1, len(group) // per_format)
            for job in group[::step]:
                picked.append((job.fmt, job.options, len(job.source), outputs[job]))
        return picked

    def __call__(self, job: Job) -> bytes:
        sizes, outputs = self.pools.get((job.fmt, job.options)) or self.pools.get(
            (job.fmt, ()), ([], [])
        )
        if not outputs:
            return MINIMAL_SVG
        n = len(job.source)
        i = bisect.bisect_left(sizes, n)
        if i == len(sizes) or (i > 0 and n - sizes[i - 1] < sizes[i] - n):
            i -= 1
        return outputs[i]


MINIMAL_SVG = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    b'<svg width="62pt" height="44pt" viewBox="0.00 0.00 62.00 44.00" '
    b'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
    b'<g id="graph0" class="graph"><polygon fill="#ffffff" stroke="#000000" '
    b'points="0,0 62,0 62,44 0,44"/></g>\n</svg>\n'
)


class StubRenderer(Renderer):
    """A renderer that never runs `dot`: cached jobs are read as usual, misses are answered
    by ``canned`` and counted in ``runs`` (a warm cache gives runs == 0)."""

    def __init__(self, cache_dir: Path | None, canned: Callable[[Job], bytes] | None = None):
        super().__init__(cache_dir)
        self.canned = canned or (lambda job: MINIMAL_SVG)

    def _run(self, job: Job) -> bytes:
        return self.canned(job)

    def _run_together(self, jobs: Sequence[Job]) -> list[bytes]:
        return [self.canned(job) for job in jobs]


class CannedRenderer(StubRenderer):
    """A warm cache without the disk: every job's cache key is computed as on a real cache
    read, and the answer comes from ``canned`` (no `dot`, no files). ``runs`` stays 0."""

    def __init__(self, canned: Callable[[Job], bytes]):
        super().__init__(None, canned)

    def _read_cache(self, job: Job) -> bytes | None:
        job.key()
        return self.canned(job)

    def _write_cache(self, job: Job, data: bytes) -> None:
        pass


# -- MkDocs --------------------------------------------------------------------------------------


@contextlib.contextmanager
def quiet_mkdocs() -> Iterator[None]:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    old = logger.level, logger.propagate, list(logger.handlers)
    logger.handlers = [logging.NullHandler()]
    logger.propagate = False
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(old[0])
        logger.propagate = old[1]
        logger.handlers = old[2]


@dataclass
class GenerateSpy:
    """Wraps the plugin's `generate` to time it and keep its result (renders, writes)."""

    seconds: list[float] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)

    @contextlib.contextmanager
    def installed(self) -> Iterator[GenerateSpy]:
        from radoc import plugin

        original = plugin.generate  # type: ignore[attr-defined]

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = now()
            result = original(*args, **kwargs)
            self.seconds.append(now() - start)
            self.results.append(result)
            return result

        plugin.generate = timed  # type: ignore[attr-defined]
        try:
            yield self
        finally:
            plugin.generate = original  # type: ignore[attr-defined]


def mkdocs_build(project: Path, site_dir: Path, dirty: bool = False) -> float:
    """One build of ``project`` with its plugins (radoc among them); returns seconds.

    ``dirty=False`` is `mkdocs build` (`radoc build`): load the configuration, start the
    plugins, build. ``dirty=True`` is what `mkdocs serve --dirty` does after a file is saved:
    load the configuration afresh and build only the pages whose source changed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = now()
    with quiet_mkdocs():
        cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
        if dirty:
            build(cfg, dirty=True)
        else:
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
    return now() - start
