"""Dirty builds never keep a stale page: after each edit, a dirty build (what `mkdocs serve
--dirty` and `mkdocs build --dirty` do on a save) leaves the very site a full build of the same
sources writes, and builds only the pages whose output changes.

MkDocs' dirty build builds a page again only when its source file is newer than its HTML; each
edit below is one it cannot see that way: a generated page rewritten while its HTML carries a
time at or after the save (a file system that keeps times to 2 s, or a clock set back), a
diagram on a hand-written page, a title every page's navigation shows, a page that is no longer
generated.

Each session runs in a child process (`python -m tests.test_dirty`), as `test_serve_pages` does:
``build`` loads the configuration afresh for every build, as `mkdocs build --dirty` (and radoc's
benchmark) does; ``serve`` keeps the plugin across rebuilds and rebuilds through its `on_serve`
wrapper, as `mkdocs serve --dirty` does, without the file watcher.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

from .conftest import copy_project, run_child

pytestmark = [pytest.mark.dot, pytest.mark.slow]

URL = "http://127.0.0.1:8000/"
MODEL = "architecture/model/components.yaml"
WORKFLOW = "architecture/model/workflow.yaml"
FUNCTIONAL = "architecture/views/functional.yaml"
PAGE = "components/ingestion/index.html"
# MkDocs' dirty build indexes only the pages it builds (see the README)
NOT_COMPARED = {"search/search_index.json"}

# (what, [(path, old text, new text), ...], pages whose HTML to stamp 2 s ahead before the edit)
Step = tuple[str, list[tuple[str, str, str]], list[str]]
STEPS: list[Step] = [
    # the end of a description: its element's page only, which the clock shows as built after
    # the save
    (
        "end",
        [(MODEL, "into the platform.", "into the platform. It keeps (every) batch.")],
        [PAGE],
    ),
    # the rationale a workflow node shows: the views' diagrams, and the hand-written home page
    # that shows the workflow
    ("tooltip", [(WORKFLOW, "signs off every release.", "signs off each release.")], []),
    # a view's title: the navigation of every page
    ("title", [(FUNCTIONAL, "title: Functional components", "title: Functional parts")], []),
    # a profile removed: its page is no longer generated
    ("removed", [("architecture/profiles/team-b.yaml", "", "")], []),
]


def _tree(site: Path) -> dict[str, list[Any]]:
    """Every file of the site: [SHA-256, modification time in ns]."""
    return {
        p.relative_to(site).as_posix(): [
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        ]
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _edit(root: Path, edits: list[tuple[str, str, str]]) -> None:
    for path, old, new in edits:
        file = root / path
        if not old and not new:
            file.unlink()
            continue
        text = file.read_text("utf-8")
        assert text.count(old) == 1, old
        file.write_text(text.replace(old, new), "utf-8")


def _session(root: Path, site: Path, mode: str, steps: list[Step]) -> list[dict[str, Any]]:
    """A full build, then a dirty build after each step: the site's files after each."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def get_config() -> Any:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        if mode == "serve":
            config.site_url = URL
        return config

    if mode == "build":
        config = get_config()
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()

        def rebuild() -> None:
            build(get_config(), dirty=True)

    else:
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=True)

        def builder(config: Any = None) -> None:
            build(config if config is not None else get_config(), serve_url=URL, dirty=True)

        builder(config)
        server = config.plugins.on_serve(
            types.SimpleNamespace(builder=builder), config=config, builder=builder
        )
        rebuild = server.builder
    out = [_tree(site)]
    for _, edits, stamped in steps:
        ahead = time.time_ns() + 2_000_000_000
        for page in stamped:
            os.utime(site / page, ns=(ahead, ahead))
        _edit(root, edits)
        rebuild()
        out.append(_tree(site))
    return out


def _run(sessions: list[tuple[Path, Path, str, list[Step]]]) -> list[list[dict[str, Any]]]:
    """The sessions (project, site, mode, steps), one after the other in one child process."""
    jobs = [[str(root), str(site), mode, steps] for root, site, mode, steps in sessions]
    return run_child("tests.test_dirty", json.dumps(jobs), timeout=900)


def _content(tree: dict[str, list[Any]]) -> dict[str, str]:
    return {path: sha for path, (sha, _) in tree.items() if path not in NOT_COMPARED}


def _rewritten(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> set[str]:
    """The pages a build wrote: their HTML has a new modification time."""
    return {
        path
        for path, (_, mtime) in after.items()
        if path.endswith(".html") and (path not in before or before[path][1] != mtime)
    }


@pytest.mark.parametrize("mode", ["build", "serve"])
def test_a_dirty_build_writes_the_site_a_full_build_writes(tmp_path: Path, mode: str) -> None:
    root = copy_project("mini", tmp_path / "dirty")
    alone: list[
        tuple[Path, Path, str, list[Step]]
    ] = []  # the same sources after each step, built from scratch
    for n in range(1, len(STEPS) + 1):
        project = copy_project("mini", tmp_path / f"alone-{n}")
        for _, edits, _ in STEPS[:n]:
            _edit(project, edits)
        alone.append((project, tmp_path / f"alone-{n}-site", mode, []))
    sites, *full_builds = _run([(root, tmp_path / "dirty-site", mode, STEPS), *alone])
    pages = {p for p in sites[0] if p.endswith(".html")}
    for n, (what, _, _) in enumerate(STEPS, start=1):
        (full,) = full_builds[n - 1]
        assert _content(sites[n]) == _content(full), what
        rewritten = _rewritten(sites[n - 1], sites[n])
        if what == "end":
            # the page that changed, the page that shows diagrams, and the theme's 404 page
            assert rewritten == {PAGE, "index.html", "404.html"}
            shown = (tmp_path / "dirty-site" / PAGE).read_text("utf-8")
            assert "It keeps &#40;every&#41; batch." in shown
        elif what == "tooltip":
            assert {"index.html", "views/workflow/index.html"} <= rewritten
            assert len(rewritten) < len(pages) // 2
        elif what == "title":
            assert rewritten == {p for p in sites[n] if p.endswith(".html")}  # every page
        elif what == "removed":
            assert "profiles/team-b/index.html" in sites[n - 1]
            assert "profiles/team-b/index.html" not in sites[n]


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    found = [
        _session(Path(r), Path(site), mode, steps)
        for r, site, mode, steps in json.loads(sys.argv[1])
    ]
    print(json.dumps(found))
