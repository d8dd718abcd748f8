"""`radoc build --engine zensical` and `radoc serve --engine zensical`.

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, and builds only a project whose docs
and site folders lie inside the folder of its configuration. So radoc generates its pages as
for MkDocs (the same `generate`), with the raw-HTML links Zensical expects (`LinkStyle` with
``raw_html="source"``), and assembles a project for Zensical to build:

    build/zensical/pages/     the generated pages (radoc's folder, as build/pages/ is for MkDocs)
    build/zensical/project/   radoc's folder: mkdocs.yml written out for Zensical, and docs/
                              with copies of the hand-written pages (their diagram markers
                              expanded) beside the generated ones; Zensical adds .cache/ and
                              site/, which is published like an MkDocs build

Copies, not symbolic links: Zensical skips linked folders. `radoc serve --engine zensical`
keeps its own pair under build/zensical-serve/ (pages without PNG and PDF downloads, as
`radoc serve` does), runs Zensical's server on it, and re-assembles it whenever the
architecture, the hand-written pages or mkdocs.yml change; Zensical then rebuilds what changed.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build import embed_in_page
from ..errors import (
    DiagnosticsError,
    EnvironmentProblem,
    MissingExtra,
    NotOwned,
    RadocError,
    ToolFailure,
)
from ..fresh import stamp_site
from ..pipeline import GenerateResult, Project, generate, intro_pages
from ..render.graphviz_run import Renderer
from ..urls import LinkStyle, page_url
from ..validate import display_path
from ..write import (
    OutputFile,
    check_site_target,
    folder_lock,
    publish_site,
    staging_folder,
    write_outputs,
)
from . import check_address
from .zensical_config import config_text, radoc_options, read_config, zensical_config

INSTALL = "pip install 'radoc[zensical]'"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
STRICT_ABORT = "Aborted because --strict flag is set"


@dataclass(frozen=True)
class Assembly:
    """Where a Zensical build of one project reads and writes."""

    config_file: Path  # the user's mkdocs.yml
    user_config: dict[str, Any]
    project: Project  # what radoc generates, and where to
    folder: Path  # the project Zensical builds: its mkdocs.yml, docs/, site/

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def zensical_config(self) -> Path:
        return self.folder / "mkdocs.yml"

    @property
    def built_site(self) -> Path:
        return self.folder / "site"

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """One build (or server) at a time uses this assembly."""
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        return folder_lock(self.folder.parent)


def prepare(
    config_file: Path, *, serving: bool = False, strict: bool = False, site_url: str | None = None
) -> Assembly:
    """Read the user's configuration and decide every folder of the build (``site_url``: the
    site's address in place of the configuration's)."""
    config_file = config_file.resolve()
    user = read_config(config_file)
    if site_url:
        user["site_url"] = site_url
    options = radoc_options(user, config_file)
    root = config_file.parent
    docs_dir = (root / str(user.get("docs_dir") or "docs")).resolve()
    base = root / "build" / ("zensical-serve" if serving else "zensical")
    if docs_dir == base or base in docs_dir.parents or docs_dir in base.parents:
        raise NotOwned(
            f"{display_path(docs_dir)}: the docs folder must not hold radoc's build folder "
            f"{display_path(base)}, nor lie inside it"
        )
    use_directory_urls = user.get("use_directory_urls", True)
    project = Project(
        root=root,
        architecture=(root / options.architecture).resolve(),
        output=base / "pages",
        cache=(root / options.cache).resolve(),
        docs_dir=docs_dir,
        links=LinkStyle(use_directory_urls is not False, "source"),
        strict=strict or options.strict,
        diff_against=options.diff_against,
        downloads=not serving,  # serving reloads on every save: downloads wait for a build
    )
    return Assembly(config_file, user, project, base / "project")


def zensical_command() -> list[str]:
    """How to run Zensical: the module installed beside radoc."""
    try:
        found = importlib.util.find_spec("zensical") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise MissingExtra(f"Zensical is not installed; install radoc's zensical extra: {INSTALL}")
    return [sys.executable, "-m", "zensical"]


def _docs_files(docs: Path) -> list[tuple[str, Path]]:
    """The hand-written files of the docs folder, as (path in the site, file), links followed;
    hidden files and folders are left out, as MkDocs leaves them out."""
    found: list[tuple[str, Path]] = []
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(docs, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:  # a link back up the tree
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and path.is_file():
                found.append((path.relative_to(docs).as_posix(), path))
    return found


def assemble(a: Assembly, renderer: Renderer | None = None) -> GenerateResult:
    """Generate radoc's pages and write the project Zensical builds; raises `DiagnosticsError`
    when the architecture has errors (nothing of the project is changed then)."""
    project = a.project
    result = generate(project, renderer)
    if result.failed or result.model is None:
        raise DiagnosticsError(result.diagnostics)
    docs = project.docs_dir or a.root / "docs"
    label = display_path(docs)
    generated = set(result.paths)
    addresses = {
        page_url(p, project.links.use_directory_urls): p for p in result.paths if p.endswith(".md")
    }
    taken_in = intro_pages(result.model, docs)  # they open their kind's generated index
    files: list[OutputFile] = []
    hand_written: list[str] = []
    for rel, path in _docs_files(docs) if docs.is_dir() else []:
        if rel in taken_in:
            continue
        if rel in generated:
            raise NotOwned(
                f"{label}/{rel} is hand-written but radoc generates a page at that path; rename it"
            )
        data = path.read_bytes()
        if rel.endswith(".md"):
            url = page_url(rel, project.links.use_directory_urls)
            if url in addresses:
                raise NotOwned(
                    f"{label}/{rel} is hand-written and would be published at the same address "
                    f"as radoc's {addresses[url]} ({url}); rename it"
                )
            hand_written.append(rel)
            if b"radoc-diagram" in data:
                data = _expand_markers(data, rel, path, result, project.links)
        files.append(OutputFile(f"docs/{rel}", data))
    for rel in result.paths:
        files.append(OutputFile(f"docs/{rel}", (project.output / rel).read_bytes()))
    config = zensical_config(
        a.user_config,
        a.root,
        a.folder,
        use_directory_urls=project.links.use_directory_urls,
        hand_written=hand_written,
        sections=result.nav,
    )
    source = os.path.relpath(a.config_file, a.folder)
    files.append(OutputFile("mkdocs.yml", config_text(config, source).encode("utf-8")))
    write_outputs(a.folder, files)
    return result


def _expand_markers(
    data: bytes, rel: str, path: Path, result: GenerateResult, links: LinkStyle
) -> bytes:
    """A hand-written page with its ``<!-- radoc-diagram: KEY -->`` lines drawn, as the
    plugin draws them under MkDocs."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EnvironmentProblem(
            f"{display_path(path)} is not UTF-8 text; save it as UTF-8"
        ) from None
    return embed_in_page(text, rel, result.diagrams, links).encode("utf-8")


def _plain(text: str, keep_colour: bool) -> str:
    return text if keep_colour else _ANSI.sub("", text)


def _zensical_report(stderr: str) -> str:
    """What Zensical told about the pages (its warnings), without its traceback or the
    "No issues found" line."""
    text = stderr.split("Traceback (most recent call last):", 1)[0]
    lines = [line for line in text.rstrip().splitlines() if line.strip() != "No issues found"]
    return "\n".join(lines).strip("\n")


def _reason(stderr: str) -> str:
    lines = [_ANSI.sub("", line).strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Error:"):
            return line.removeprefix("Error:").strip()
    return lines[-1] if lines else "no message"


def run_zensical(a: Assembly, strict: bool, verbose: bool, say: Callable[[str], None]) -> Path:
    """``zensical build`` on the assembled project; the built site folder."""
    command = zensical_command()
    if a.built_site.exists():  # left by a build that was stopped: radoc's, not the user's
        shutil.rmtree(a.built_site)
    proc = subprocess.run(
        [*command, "build", "-f", str(a.zensical_config), *(["--strict"] if strict else [])],
        cwd=a.root,
        capture_output=True,
        text=True,
        check=False,
    )
    colour = sys.stderr.isatty()
    if verbose and proc.stdout.strip():
        say(_plain(proc.stdout.rstrip(), colour))
    report = _plain(_zensical_report(proc.stderr), colour)
    aborted = strict and STRICT_ABORT in proc.stderr
    if report and (proc.returncode == 0 or aborted):  # its warnings about the pages
        say(report)
    if proc.returncode != 0:
        with contextlib.suppress(OSError):
            shutil.rmtree(a.built_site)
        if aborted:
            raise RadocError(
                "Zensical found the problems above and --strict is set; the previous site is unchanged"
            )
        raise ToolFailure(
            f"Zensical failed (exit {proc.returncode}): {_reason(proc.stderr)}; "
            "the previous site is unchanged"
        )
    if not a.built_site.is_dir():
        raise ToolFailure(f"Zensical finished but wrote no site into {display_path(a.built_site)}")
    return a.built_site


def _move(source: Path, dest: Path) -> None:
    """Move a built site into an empty folder beside its target (renamed where it can be)."""
    dest.rmdir()
    try:
        os.replace(source, dest)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.copytree(source, dest, symlinks=True)
        shutil.rmtree(source)


def build_site(
    config_file: Path,
    site_dir: Path | None,
    strict: bool,
    verbose: bool,
    say: Callable[[str], None],
    site_url: str | None = None,
) -> Path:
    """Generate, assemble, build with Zensical and publish; returns the published folder.
    A failure at any step leaves the previous site as it was."""
    a = prepare(config_file, strict=strict, site_url=site_url)
    zensical_command()  # before any work: say at once when Zensical is missing
    target = (site_dir or a.root / str(a.user_config.get("site_dir") or "site")).resolve()
    check_site_target(target)
    with folder_lock(target), a.lock():
        assemble(a)
        built = run_zensical(a, strict, verbose, say)
        staging = staging_folder(target)
        try:
            _move(built, staging)
            publish_site(staging, target)
            stamp_site(target, None)  # the stamp of an MkDocs build no longer holds
        finally:
            for leftover in (staging, built):
                if leftover.exists():
                    shutil.rmtree(leftover, ignore_errors=True)
    return target


# -- serving -----------------------------------------------------------------------------------


def _snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under ``paths``."""
    seen: dict[str, tuple[int, int]] = {}
    for top in paths:
        if top.is_file():
            st = top.stat()
            seen[str(top)] = (st.st_mtime_ns, st.st_size)
            continue
        for dirpath, _, filenames in os.walk(top):
            for name in filenames:
                with contextlib.suppress(OSError):
                    st = os.stat(os.path.join(dirpath, name))
                    seen[os.path.join(dirpath, name)] = (st.st_mtime_ns, st.st_size)
    return seen


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def _server(a: Assembly, dev_addr: str) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        [*zensical_command(), "serve", "-f", str(a.zensical_config), "-a", dev_addr],
        cwd=a.root,
    )
    try:
        yield proc
    finally:
        _stop(proc)


def serve_site(
    config_file: Path,
    dev_addr: str,
    say: Callable[[str], None],
    on_diagnostics: Callable[[DiagnosticsError], None],
    interval: float = 0.5,
) -> None:
    """Serve with Zensical's server, re-assembling on every change of the sources; runs until
    interrupted. An edit that breaks the architecture is reported and the last good pages
    stay served."""
    check_address(dev_addr)
    a = prepare(config_file, serving=True)
    zensical_command()
    watched = [a.project.architecture, a.config_file]
    if a.project.docs_dir is not None:
        watched.append(a.project.docs_dir)
    renderer = Renderer(a.project.cache)
    with a.lock():
        before = _snapshot(watched)
        assemble(a, renderer)
        with _server(a, dev_addr) as proc:
            while proc.poll() is None:
                time.sleep(interval)
                now = _snapshot(watched)
                if now == before:
                    continue
                before = now
                try:
                    a = prepare(config_file, serving=True)  # mkdocs.yml may have changed too
                    assemble(a, renderer)
                    say("radoc: pages updated")
                except DiagnosticsError as exc:
                    on_diagnostics(exc)
                except RadocError as exc:
                    say(f"radoc: error: {exc}")
            raise ToolFailure(f"Zensical's server stopped (exit {proc.returncode})")
