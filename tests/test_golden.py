"""Golden DOT and Markdown for the example project under tests/projects/mini."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from radoc.build import BuildOptions, build_outputs
from radoc.render.graphviz_run import Renderer
from radoc.validate import validate_project

from .conftest import PROJECTS

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    old = os.getcwd()
    os.chdir(PROJECTS / "mini")
    try:
        result = validate_project(Path("architecture"))
        assert result.model is not None, [str(d) for d in result.diagnostics]
        out = build_outputs(result.model, BuildOptions(Path.cwd()), Renderer(None))
    finally:
        os.chdir(old)
    files = {f.path: f.data.decode("utf-8") for f in out.files if f.path.endswith(".md")}
    files.update({f"dot/{k}.dot": v for k, v in out.dot_sources.items()})
    return files


CASES = [
    "dot/functional.dot",
    "dot/groups.dot",
    "dot/workflow.lv-0.dot",
    "dot/workflow.lv-1.dot",
    "dot/deployment.dot",
    "dot/coverage.tool-a.dot",
    "dot/tools-for.registry.dot",
    "views/workflow.md",
    "views/involvement.md",
    "views/tools.md",
    "views/deployment.md",
    "activities/approve.md",
    "tools/tool-a.md",
    "levels/lv-1.md",
    "components/feature-store.md",
    "components/index.md",
    "groups/data.md",
    "roles/data-scientist.md",
    "references.md",
    "views/functional.md",
    "views/index.md",
]


@pytest.mark.dot
@pytest.mark.parametrize("name", CASES)
def test_golden(generated: dict[str, str], golden: Callable[[str, str], None], name: str) -> None:
    # inline SVG depends on the Graphviz version; its DOT source is compared instead
    text = _SVG.sub("<svg><!-- drawn from dot/… --></svg>", generated[name])
    golden(f"mini/{name}", text)
