"""Serving rebuilds only the pages whose output changes: the others are copied from the site
served before the save, and the site served is the very site a first build of the same
sources writes. A failed rebuild leaves the last good site served.

Each session runs in a child process (`python -m tests.test_serve_pages`), which does what
`mkdocs serve` does on a save: the radoc plugin kept across rebuilds, a configuration loaded
afresh and `build(config, serve_url=…)` through the plugin's `on_serve` wrapper; only the file
watcher is left out, so each rebuild is one call.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
import types
from pathlib import Path
from typing import Any

import pytest

from .conftest import copy_project, run_child

pytestmark = [pytest.mark.dot, pytest.mark.slow]

URL = "http://127.0.0.1:8000/"
MODEL = "architecture/model/components.yaml"


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _session(root: Path, site: Path, edits: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The first build, then one rebuild after each edit (path, old text, new text): whether it
    succeeded, the plugin's page counts and the site's files after it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def get_config() -> Any:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        config.site_url = URL
        return config

    def builder(config: Any = None) -> None:
        build(config if config is not None else get_config(), serve_url=URL)

    def state(ok: bool) -> dict[str, Any]:
        for thread in threading.enumerate():  # the last site, deleted in the background
            if thread.name == "radoc-discard":
                thread.join()
        n = radoc.pages.counts if radoc.pages is not None else None
        return {
            "ok": ok,
            "counts": None if n is None else [n.rendered, n.built, n.reused],
            "tree": _tree(site),
            "left": sorted(p.name for p in site.parent.iterdir()),
        }

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    radoc = config.plugins["radoc"]
    builder(config)
    server = config.plugins.on_serve(
        types.SimpleNamespace(builder=builder), config=config, builder=builder
    )
    out = [state(True)]
    for path, old, new in edits:
        file = root / path
        text = file.read_text("utf-8")
        assert text.count(old) == 1, old
        file.write_text(text.replace(old, new), "utf-8")
        try:
            server.builder()
        except Exception:  # mkdocs serve logs it and keeps serving
            out.append(state(False))
        else:
            out.append(state(True))
    return out


def _run(root: Path, edits: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    site = root.parent / f"{root.name}-served" / "site"
    site.parent.mkdir()
    return run_child("tests.test_serve_pages", str(root), str(site), json.dumps(edits), timeout=600)


def _edited(tmp_path: Path, name: str, edits: list[tuple[str, str, str]]) -> Path:
    """A copy of the example project with ``edits`` made, in order."""
    root = copy_project("mini", tmp_path / name)
    for path, old, new in edits:
        file = root / path
        file.write_text(file.read_text("utf-8").replace(old, new, 1), "utf-8")
    return root


def test_serving_rebuilds_only_the_pages_that_change(tmp_path: Path) -> None:
    root = copy_project("mini", tmp_path / "served")
    edits = [
        # after the first sentence of a description: that element's page only
        (MODEL, "with their versions.", "with their versions. And more."),
        # an unknown reference: the rebuild fails
        (
            MODEL,
            "group: serving\n    description: Stores",
            "group: servin\n    description: Stores",
        ),
        # fixed, and a name changed: every page that shows the name
        (MODEL, "group: servin\n", "group: serving\n"),
        (MODEL, "name: Model registry", "name: Model store"),
    ]
    # the first build trusts only files older than the window in which a change could hide
    time.sleep(3.5)
    first, described, failed, fixed, renamed = _run(root, edits)
    total = len([p for p in first["tree"] if p.endswith("index.html")])  # one per page
    assert first["ok"] and first["counts"] == [total, total, 0]  # nothing to copy yet
    assert described["ok"] and described["counts"] == [1, 1, total - 1]
    assert not failed["ok"]
    assert failed["tree"] == described["tree"]  # the last good site stays served
    assert fixed["ok"] and fixed["counts"] == [0, 0, total]  # as it was: every page copied
    rendered, built, copied = renamed["counts"]
    assert renamed["ok"] and rendered == built and 2 < built < total // 2
    assert copied == total - built
    for step in (first, described, failed, fixed, renamed):
        assert step["left"] == ["site"]  # no second folder left beside the served site

    # the same sources served from the start give the very same site, byte for byte
    for done, step in ((1, described), (4, renamed)):
        (alone,) = _run(_edited(tmp_path, f"alone-{done}", edits[:done]), [])
        assert alone["ok"] and alone["tree"] == step["tree"]


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(json.dumps(_session(Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3]))))
