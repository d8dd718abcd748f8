"""A measured session of the serve benchmark (benchmarks/serve.py) on the example project:
every save reaches the open page, each is split by the server's log lines, and the server's
process group is gone afterwards. No timings here."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.serve import commands, free_port, pick_component, session

from ..conftest import copy_project

pytestmark = [pytest.mark.browser, pytest.mark.dot, pytest.mark.slow]


def _alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("label", ["radoc serve", "mkdocs serve"])
def test_a_session_sees_every_save_and_stops_its_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any, label: str
) -> None:
    project = copy_project("mini", tmp_path)
    monkeypatch.chdir(project)
    target = pick_component(project / "architecture")
    cmd = commands(free_port())[label]
    found = session(browser, cmd, project, target, 1, lambda: 600.0, label=label)
    assert found.failed is None
    assert found.pid is not None and not _alive(found.pid), "the server's process group is alive"
    for kind in ("description", "name"):
        saves = found.saves[kind]
        assert len(saves) == 1
        for save in saves:
            assert save.seconds is not None, f"a {kind} edit never reached the page"
            assert set(save.stages) >= {"detected", "generated", "reloading"}
            assert set(save.split()) == {"watcher", "generation", "build", "reload"}
    # the page edit draws no diagram again and builds its one page (the others are copied);
    # the name is in diagrams, which are drawn again
    assert {(s.rendered, s.built) for s in found.saves["description"]} == {(0, 1)}
    assert all((s.rendered or 0) > 0 for s in found.saves["name"])
    text = target.path.read_text(encoding="utf-8")
    assert len(re.findall(r" edit[0-9a-f]{6}0[dn]\b", text)) == 2
