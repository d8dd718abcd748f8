"""Property-based tests: the loader, the validator and the generator on generated input.

* the loader never raises, whatever the text, and every diagnostic is `file:line:col: ...`;
* generated valid architectures validate without errors and build; mutated ones always get
  at least one error diagnostic in the file that was broken, never an exception;
* the build writes parseable SVG without absolute paths, is deterministic, and every Markdown
  link between generated pages resolves; a few examples are built into a whole site.

Every example writes into its own temporary folder (``tempfile``, not ``tmp_path``: Hypothesis
runs many examples in one call of the test function).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, Generated, build_outputs
from generator.diagnostics import Diagnostic
from generator.load import load_text
from generator.model import Model
from generator.render.graphviz_run import Renderer
from generator.validate import Result, validate_project

from .conftest import PROJECTS, REPO
from .sitecheck import broken_links
from .strategies import Arch, Mutation, architectures, dump_yaml, mutations, yaml_ish

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,
}

# a whole site takes a second or two: a failure is shrunk by the faster tests instead
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]

# `file:line:col: severity [code] message` (one line)
DIAGNOSTIC = re.compile(
    r"(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) \[(?P<code>[a-z-]+)\] (?P<msg>.+)",
    re.S,
)


def check_diagnostic(d: Diagnostic, file: str | None = None) -> re.Match[str]:
    m = DIAGNOSTIC.fullmatch(str(d))
    assert m is not None, f"badly printed diagnostic: {str(d)!r}"
    assert int(m["line"]) >= 1 and int(m["col"]) >= 1, str(d)
    if file is not None:
        assert m["file"] == file, str(d)
    return m


# -- 1. the loader -------------------------------------------------------------------------


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(st.text(), yaml_ish))
@example("a\x00b")
@example("a: b\n\x1b")
@example("x: [1, 2\ny: {a: b\n")
@example("&a [*a, *a]\n")
@example("<<: {a: 1}\n")
@example("a:\n\t- b\n")
def test_load_text_never_raises(text: str) -> None:
    doc, diags = load_text(text, "f.yaml")
    assert doc is not None or diags, "an unreadable text must say why"
    for d in diags:
        check_diagnostic(d, "f.yaml")
        assert d.is_error


@settings(max_examples=200, **SETTINGS)
@given(st.one_of(st.text(), yaml_ish))
# minimal reproducer: load_text("\x1b", "f.yaml") gives
#   'f.yaml:1:1: error [yaml-syntax] invalid YAML: unacceptable character #x001b: control
#    characters are not allowed\n  in "<unicode string>", position 0'
@example("\x1b")
@example("a: b\n\x1b")
def test_load_text_diagnostics_are_one_line_at_the_problem(text: str) -> None:
    """Diagnostics are printed one per line; each points at the character it is about."""
    _, diags = load_text(text, "f.yaml")
    for d in diags:
        assert "\n" not in str(d), f"diagnostic spans lines: {str(d)!r}"


# -- helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    """One cache for the module: identical DOT is rendered once."""
    return Renderer(tmp_path_factory.mktemp("dot-cache"))


@pytest.fixture(autouse=True)
def _no_mkdocs_2_warning() -> Iterator[None]:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    yield


def validate(arch: Arch, root: Path) -> Result:
    return validate_project(arch.write(root))


def valid_model(arch: Arch, root: Path) -> Model:
    result = validate(arch, root)
    errors = [str(d) for d in result.errors]
    assert not errors, "a valid architecture was rejected:\n" + "\n".join(errors)
    assert result.model is not None
    for d in result.diagnostics:
        check_diagnostic(d)
    return result.model


def build(model: Model, root: Path, renderer: Renderer) -> dict[str, bytes]:
    out: Generated = build_outputs(model, BuildOptions(root), renderer)
    paths = [f.path for f in out.files]
    assert len(paths) == len(set(paths)), "two generated files share a path"
    return {f.path: f.data for f in out.files}


# -- 2. validation: valid architectures pass, broken ones get errors ---------------------------


@settings(max_examples=40, **SETTINGS)
@given(architectures())
def test_loader_reads_back_what_was_written(arch: Arch) -> None:
    for rel, data in arch.files.items():
        doc, diags = load_text(dump_yaml(data), rel)
        assert diags == []
        assert doc is not None and doc.data == yaml.safe_load(dump_yaml(data)) == data


@pytest.mark.dot
@settings(max_examples=20, **SETTINGS)
@given(arch=architectures())
def test_valid_architectures_validate_and_build(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model = valid_model(arch, root)
        files = build(model, root, renderer)
    assert files
    for eid, kind in arch.kinds.items():
        assert f"{model.element(eid).plural}/{eid}.md" in files, (kind, eid)
    for vid in arch.views:
        assert f"views/{vid}.md" in files
    assert "views/index.md" in files and "references.md" in files


@settings(max_examples=150, **SETTINGS)
@given(mutations())
def test_mutations_always_yield_an_error(mutation: Mutation) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = validate(mutation.arch, Path(tmp))
        assert result.errors, f"no error after: {mutation.what}"
        assert result.model is None
        where = [check_diagnostic(d)["file"] for d in result.errors]
    assert any(f.endswith(mutation.file) for f in where), (
        f"{mutation.what}: no error in {mutation.file}, only in {where}"
    )


# -- 3. the build ---------------------------------------------------------------------------

_ABSOLUTE = re.compile(r"(?:file:/|(?<![\w.~-])/(?:tmp|home|usr|var|work|root|opt|private|Users)/)")


@pytest.mark.dot
@settings(max_examples=20, **SETTINGS)
@given(arch=architectures())
def test_svgs_parse_and_hold_no_absolute_path(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = build(valid_model(arch, root), root, renderer)
    svgs = {p: d for p, d in files.items() if p.endswith(".svg")}
    assert svgs
    forbidden = [str(root), str(root.resolve()), str(REPO), sys.prefix, "site-packages"]
    for path, data in svgs.items():
        try:
            ET.fromstring(data)
        except ET.ParseError as exc:
            raise AssertionError(f"{path} is not XML: {exc}") from exc
        svg = data.decode("utf-8")
        for text in forbidden:
            assert text not in svg, f"{path} holds the path {text}"
        assert not _ABSOLUTE.search(svg), f"{path}: {_ABSOLUTE.search(svg)}"


@pytest.mark.dot
@settings(max_examples=15, **SETTINGS)
@given(arch=architectures())
def test_builds_are_deterministic(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model = valid_model(arch, root)
        first = build(model, root, renderer)
        again = build(valid_model(arch, root), root, renderer)
    assert list(first) == list(again)
    for path in first:
        assert first[path] == again[path], f"{path} differs between two builds"


# a Markdown link: [label](target.md#anchor), the label possibly holding escaped brackets
_MD_LINK = re.compile(r"(?<!\\)\[(?:\\.|[^\]\\\n])*\]\(([^()\s]*?\.md)(#[^()\s]*)?\)")


@pytest.mark.dot
@settings(max_examples=20, **SETTINGS)
@given(arch=architectures())
def test_markdown_links_resolve(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = build(valid_model(arch, root), root, renderer)
    pages = {p for p in files if p.endswith(".md")}
    for page in pages:
        text = files[page].decode("utf-8")
        for m in _MD_LINK.finditer(text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), m[1]))
            assert target in pages, f"{page}: link {m[0]!r} → {target} is not a generated page"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _radoc_build(project: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.dot
@pytest.mark.slow
@settings(max_examples=5, phases=NO_SHRINK, **SETTINGS)
@given(architectures())
def test_whole_site_has_no_broken_link(arch: Arch) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        shutil.copy(PROJECTS / "mini" / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(PROJECTS / "mini" / "docs", project / "docs")
        # mini's home page links to mini's own views: a generated model has others
        (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        arch.write(project)
        _radoc_build(project, "0")
        assert broken_links(project / "site") == []
        # the pages do not depend on Python's string hashing
        first = _snapshot(project / "build" / "pages")
        _radoc_build(project, "1")
        assert _snapshot(project / "build" / "pages") == first
