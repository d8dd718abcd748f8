"""Property-based tests: the loader, the validator and the generator on generated input.

1. the loader never raises, whatever the text, and every diagnostic is `file:line:col: ...`;
2. generated valid architectures validate without errors and build; mutated ones always get
   at least one error diagnostic, in the file that was broken, and never an exception;
3. the build writes SVG that parses and names no absolute path, is deterministic, and every
   Markdown link between generated pages resolves; a few examples become a whole site.

Every example writes into its own temporary folder (``tempfile``, not ``tmp_path``: Hypothesis
runs many examples in one call of the test function).

Also: diagnostics point at the character they name, each view page shows its own diagrams,
MkDocs can read every page's front matter, tables keep their shape, and the pages do not
depend on Python's string hashing.

Bugs found so far are kept as explicit ``@example``s (each explained where it is kept), so
the tests that found them fail for that reason, deterministically and fast. Tests that need a
successful build draw architectures without what makes the build itself fail
(all of them fixed since; the examples stay as regression tests).
"""

from __future__ import annotations

import functools
import html
import itertools
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
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from radoc.build import BuildOptions, build_outputs
from radoc.diagnostics import Diagnostic
from radoc.load import load_text
from radoc.model import Model
from radoc.plan.workflow import workflow_levels
from radoc.render.graphviz_run import Renderer
from radoc.validate import Result, validate_project

from .conftest import PROJECTS, REPO
from .sitecheck import broken_links
from .strategies import (
    Arch,
    Mutation,
    architectures,
    dump_yaml,
    mutations,
    small_arch,
    yaml_ish,
)

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,  # write nothing into the repository; failures are kept as @example
    # the same examples on every run, so CI is deterministic; RADOC_EXPLORE=1 draws new ones
    "derandomize": not os.environ.get("RADOC_EXPLORE"),
}
# Tests that run Graphviz take up to a second an example: shrinking a failure would take
# minutes, so they report the failing example as drawn (add Phase.shrink to shrink it).
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]
DOT_SETTINGS = {**SETTINGS, "phases": NO_SHRINK}

# architectures that build (no trailing backslash, no NUL, no character XML forbids), for the
# tests of properties of a build
clean_architectures = architectures()

# `file:line:col: severity [code] message`
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


# -- 1. the loader ---------------------------------------------------------------------------


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(st.text(), yaml_ish))
@example("a\x00b")
@example("a: b\n\x1b")
@example("x: [1, 2\ny: {a: b\n")
@example("&a [*a, *a]\n")
@example("<<: {a: 1}\n")
@example("a:\n\t- b\n")
@example('a: "\\ud800"\n')
def test_load_text_never_raises(text: str) -> None:
    doc, diags = load_text(text, "f.yaml")
    assert doc is not None or diags, "an unreadable text must say why"
    for d in diags:
        check_diagnostic(d, "f.yaml")
        assert d.is_error


# Found by this test, fixed in 992e06d: a reader error (a control character) was printed as
# PyYAML's two-line message at 1:1.
@settings(max_examples=200, **SETTINGS)
@given(st.one_of(st.text(), yaml_ish))
@example("a: b\n\x1b")
def test_load_text_diagnostics_are_one_line(text: str) -> None:
    """Diagnostics are printed one per line (diagnostics.py)."""
    _, diags = load_text(text, "f.yaml")
    for d in diags:
        assert "\n" not in str(d), f"diagnostic spans lines: {str(d)!r}"


_BAD_CHARACTER = re.compile(r"character U\+([0-9A-F]{4,6}) ")
# a character YAML refuses, somewhere in otherwise fine text
text_with_a_bad_character = st.builds(
    lambda before, bad, after: before + bad + after,
    st.one_of(yaml_ish, st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]))),
    st.sampled_from(["\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe"]),
    st.text(),
)


# Found here and fixed: libyaml's ReaderError.position counts bytes of UTF-8, and load_text turns it into a
# line and column as if it counted characters: after any non-ASCII character the column (or
# even the line) is wrong. Minimal: load_text("é: b\n\x1b", "f.yaml") reports 2:2, the
# character is at 2:1; "ééééé: 漢字漢字\nx: \x1b" gives 2:17 on a line of 4 characters.
@settings(max_examples=150, **SETTINGS)
@given(text_with_a_bad_character)
@example("é: b\n\x1b")
def test_bad_character_diagnostics_point_at_the_character(text: str) -> None:
    _, diags = load_text(text, "f.yaml")
    for d in diags:
        named = _BAD_CHARACTER.search(d.message)
        if d.code != "bad-character" or named is None:
            continue
        lines = text.split("\n")
        assert d.pos.line <= len(lines), f"{d} is past the last line"
        line = lines[d.pos.line - 1]
        assert d.pos.col <= len(line), f"{d} is past the end of line {line!r}"
        found = line[d.pos.col - 1]
        assert ord(found) == int(named[1], 16), f"{d} points at {found!r} in {line!r}"


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    """One cache for the module: identical DOT is rendered once."""
    return Renderer(tmp_path_factory.mktemp("dot-cache"))


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
    out = build_outputs(model, BuildOptions(root), renderer)
    paths = [f.path for f in out.files]
    assert len(paths) == len(set(paths)), "two generated files share a path"
    return {f.path: f.data for f in out.files}


# -- 2. validation: valid architectures pass, broken ones get errors -------------------------


@settings(max_examples=20, **SETTINGS)
@given(architectures())
def test_loader_reads_back_what_was_written(arch: Arch) -> None:
    for rel, data in arch.files.items():
        text = dump_yaml(data)
        doc, diags = load_text(text, rel)
        assert diags == []
        assert doc is not None and doc.data == yaml.safe_load(text) == data


# Found here and fixed: text that ends in a backslash, in a view title (or in a component or level name, which
# go into the titles of the coverage and workflow diagrams) is the DOT graph name, which
# `plan_to_dot` passes to graphviz.Digraph(name=...) unescaped: the backslash escapes the
# closing quote (graphviz warns DotSyntaxWarning) and `dot` fails with
#   Graphviz failed: Error: <stdin>: syntax error in line 2 near 'graph'
# Minimal: views/functions.yaml with `title: 'C:\'`.
# Found here and fixed: a NUL character (YAML `"a\0b"`) in a name also makes `dot` fail with a syntax error.
@pytest.mark.dot
@settings(max_examples=10, **DOT_SETTINGS)
@given(arch=architectures())
@example(arch=small_arch(view_title="C:\\"))
def test_valid_architectures_validate_and_build(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model = valid_model(arch, root)
        files = build(model, root, renderer)
    for eid in arch.kinds:
        assert f"{model.element(eid).plural}/{eid}.md" in files, eid
    for vid in arch.views:
        assert f"views/{vid}.md" in files, vid
    assert "views/index.md" in files and "references.md" in files


@settings(max_examples=60, **SETTINGS)
@given(mutations())
def test_mutations_always_yield_an_error(mutation: Mutation) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = validate(mutation.arch, Path(tmp))
        assert result.errors, f"no error after: {mutation.what}"
        assert result.model is None
        for d in result.diagnostics:
            check_diagnostic(d)
        where = [check_diagnostic(d)["file"] for d in result.errors]
    assert any(f.endswith(mutation.file) for f in where), (
        f"{mutation.what}: no error in {mutation.file}, only in {where}"
    )


# -- 3. the build ----------------------------------------------------------------------------

_ABSOLUTE = re.compile(r"file:/|(?<![\w.~-])/(?:tmp|home|usr|var|work|root|opt|private|Users)/")


# Found here and fixed: control characters other than tab/LF/CR (YAML `"\x01"`, `"\e"`, `"\v"`, ...) and
# U+FFFE/U+FFFF are valid in any name but not in XML: Graphviz copies them into the SVG,
# which no longer parses (`not well-formed (invalid token)`), inline or stand-alone.
# Minimal: a component named "a\x01b" (YAML `name: "a\x01b"`).
@pytest.mark.dot
@settings(max_examples=10, **DOT_SETTINGS)
@given(arch=architectures())
def test_svgs_parse_and_hold_no_absolute_path(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = build(valid_model(arch, root), root, renderer)
        forbidden = [str(root), str(root.resolve()), str(REPO), sys.prefix, "site-packages"]
    svgs = {p: d for p, d in files.items() if p.endswith(".svg")}  # none for matrix views only
    for path, data in svgs.items():
        try:
            ET.fromstring(data)
        except ET.ParseError as exc:
            raise AssertionError(f"{path} is not XML: {exc}") from exc
        svg = data.decode("utf-8")
        for text in forbidden:
            assert text not in svg, f"{path} holds the path {text}"
        found = _ABSOLUTE.search(svg)
        assert found is None, f"{path} holds an absolute path: {found}"


@pytest.mark.dot
@settings(max_examples=5, **DOT_SETTINGS)
@given(arch=clean_architectures)
def test_builds_are_deterministic(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        first = build(valid_model(arch, root), root, renderer)
        # again from the files, and with Graphviz run afresh (PNG and PDF downloads too)
        cold = Renderer(root / "cold-cache")
        again = build(valid_model(arch, root), root, cold)
    assert list(first) == list(again)
    for path in first:
        assert first[path] == again[path], f"{path} differs between two builds"


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
# a Markdown link [label](target.md#anchor); the label may hold escaped brackets
_MD_LINK = re.compile(r"(?<!\\)\[(?:\\.|[^\]\\\n])*\]\(([^()\s]*?\.md)(#[^()\s]*)?\)")


@pytest.mark.dot
@settings(max_examples=10, **DOT_SETTINGS)
@given(arch=clean_architectures)
def test_markdown_links_resolve(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = build(valid_model(arch, root), root, renderer)
    pages = {p for p in files if p.endswith(".md")}
    for page in pages:
        # inline SVG is HTML: its tooltips hold raw text; its links are checked on the site
        text = _SVG.sub("", files[page].decode("utf-8"))
        for m in _MD_LINK.finditer(text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), m[1]))
            assert target in pages, f"{page}: link {m[0]!r} → {target} is not a generated page"


def _words(text: str) -> list[str]:
    return text.split()  # a title is one line: compare it whitespace-insensitively


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# Found here and fixed: diagrams are keyed by names that views share: a graph view's key is its id, a
# workflow view's is "<view>-<level>", a component's coverage diagram is "tools-for-<id>" and
# a tool's "coverage-<id>". When two coincide, one diagram silently replaces the other (same
# dict key, same assets/radoc/diagrams/<key>.svg) and a page shows another page's diagram.
# Minimal: a graph view with `id: tools-for-registry` in a model where a tool supports the
# component `registry`: views/tools-for-registry.md shows "Tools that cover Registry".
# Likewise a graph view `flow-manual` next to a workflow view `flow` with a level `manual`.
@pytest.mark.dot
@settings(max_examples=6, **DOT_SETTINGS)
@given(arch=clean_architectures)
@example(arch=small_arch(view_id="tools-for-registry"))
@example(arch=small_arch(view_id="flow-manual"))
def test_view_pages_show_their_own_diagrams(arch: Arch, renderer: Renderer) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model = valid_model(arch, root)
        files = build(model, root, renderer)
    for view in model.views:
        page = files[f"views/{view.id}.md"].decode("utf-8")
        labels = re.findall(r'<svg aria-label="([^"]*)"', page)
        if view.spec.kind == "graph":
            titles = [view.spec.title]
        elif view.spec.kind == "workflow":
            levels = workflow_levels(model, view)
            titles = [f"{view.spec.title} — {model.element(lv).name}" for lv in levels]
        else:
            titles = []
        assert len(labels) == len(titles), view.id
        for label, title in zip(labels, titles, strict=True):
            # (a name's line breaks and trailing spaces do not survive: see the table test)
            shown, expected = _spaces(label), _spaces(html.escape(title))
            assert shown == expected or shown.startswith(expected + ": "), (
                f"views/{view.id}.md shows the diagram {html.unescape(label)!r}, not {title!r}"
            )


# Found here and fixed: the front matter holds `title: "<name>"` with the name's characters as they are; a C1
# control character or DEL (U+007F-U+009F, except U+0085) is not printable for PyYAML, so
# MkDocs cannot read that front matter and silently ignores it: the page loses its title and
# shows the front matter as text (`title: "c\x9fd"` becomes an <h2>).
# Minimal: a component named "c\x9fd" (YAML `name: "c\x9fd"`), page components/registry.md.
@pytest.mark.dot
@settings(max_examples=6, **DOT_SETTINGS)
@given(arch=clean_architectures)
def test_front_matter_is_read_by_mkdocs(arch: Arch, renderer: Renderer) -> None:
    from mkdocs.utils.meta import get_data

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model = valid_model(arch, root)
        files = build(model, root, renderer)
    titles = {f"{e.plural}/{e.id}.md": e.name for e in model.elements.values()}
    titles.update({f"views/{v.id}.md": v.spec.title for v in model.views})
    for page, data in files.items():
        if not page.endswith(".md"):
            continue
        text = data.decode("utf-8")
        assert text.startswith("---\n"), page
        _, meta = get_data(text)
        assert "title" in meta, f"{page}: MkDocs cannot read the front matter {text[:120]!r}"
        if page in titles:  # escaped on purpose: themes print titles as raw HTML
            assert _words(html.unescape(str(meta["title"]))) == _words(titles[page]), page


@functools.cache
def _table_splitter() -> Any:
    """Python-Markdown's own row splitter (a private method: the cell rules of the tables
    extension, backslash escapes and code spans, are not reimplemented here)."""
    from markdown import Markdown
    from markdown.extensions.tables import TableProcessor

    splitter = TableProcessor(Markdown().parser, {"use_align_attribute": False})
    splitter.border = True  # radoc writes `| a | b |`
    return splitter


def _table_rows(text: str) -> Iterator[tuple[str, str]]:
    """(header, row) for every row of every Markdown table in ``text``."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        if lines[i].startswith("|") and re.fullmatch(r"\|(?:\s*:?-+:?\s*\|)+", lines[i + 1]):
            for row in itertools.takewhile(str.strip, lines[i + 2 :]):
                yield lines[i], row


# Found here and fixed: names are escaped for Markdown with "\n" turned into a space, but every other line
# break (CR, U+2028, U+2029, U+0085, VT, FF, U+001C-U+001E) is left in, and PageBuilder.render
# then splits the page with str.splitlines(): the name's heading becomes two blocks and its
# table rows break apart. Minimal: a component named "a\rb": components/index.md gets the row
# `| [a` + newline + `b](registry.md) | . |`, the link to the component is lost; a role named
# "Data\u2028- scientist" gets the heading "# Data" and a bullet "- scientist".
# Found here and fixed: `summary()` escapes "|" in a description's first sentence as "\|" without escaping
# backslashes first: a description "a\|b." becomes "a\\|b." in the table, an escaped backslash
# and a cell separator; Python-Markdown cuts the cell at "a\" and drops "b.".
@pytest.mark.dot
@settings(max_examples=8, **DOT_SETTINGS)
@given(arch=clean_architectures)
@example(arch=small_arch(component_description="Keeps a\\|b. More."))
def test_markdown_tables_keep_their_shape(arch: Arch, renderer: Renderer) -> None:
    """Every row of every generated table has as many cells as its header."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = build(valid_model(arch, root), root, renderer)
    split = _table_splitter()._split_row
    for page, data in sorted(files.items()):
        if not page.endswith(".md"):
            continue
        for header, row in _table_rows(data.decode("utf-8")):
            assert row.startswith("|") and row.rstrip().endswith("|"), (
                f"{page}: a row of the table {header!r} is broken: {row!r}"
            )
            cells, columns = len(split(row)), len(split(header))
            assert cells == columns, f"{page}: {cells} cells under {columns} columns: {row!r}"


_BUILD_SCRIPT = """
import hashlib, sys
from pathlib import Path
from radoc.build import BuildOptions, build_outputs
from radoc.render.graphviz_run import Renderer
from radoc.validate import validate_project
model = validate_project(Path("architecture")).model
out = build_outputs(model, BuildOptions(Path.cwd()), Renderer(Path(sys.argv[1])))
for f in out.files:
    print(f.path, hashlib.sha256(f.data).hexdigest())
"""


def _digests_in_subprocess(project: Path, cache: Path, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run(
        [sys.executable, "-c", _BUILD_SCRIPT, str(cache)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.dot
@settings(max_examples=2, **DOT_SETTINGS)
@given(arch=clean_architectures)
def test_pages_do_not_depend_on_string_hashing(arch: Arch, renderer: Renderer) -> None:
    """Two processes with different PYTHONHASHSEED (set order!) write the same bytes."""
    assert renderer.cache_dir is not None
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        arch.write(project)
        first = _digests_in_subprocess(project, renderer.cache_dir, "1")
        assert first == _digests_in_subprocess(project, renderer.cache_dir, "2")


@pytest.mark.dot
@pytest.mark.slow
@settings(max_examples=4, **DOT_SETTINGS)
@given(arch=clean_architectures)
def test_whole_site_has_no_broken_link(arch: Arch) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        shutil.copy(PROJECTS / "mini" / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(PROJECTS / "mini" / "docs", project / "docs")
        # mini's home page links to mini's own views, which a generated model does not have
        (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
        arch.write(project)
        proc = subprocess.run(
            [sys.executable, "-m", "radoc", "build"],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert broken_links(project / "site") == []


# Found here and fixed: characters a YAML escape can put into a text but that break Graphviz,
# XML or Markdown (NUL, other C0 controls, CR, DEL and C1 controls, U+2028) are now rejected
# by the loader with a positioned diagnostic instead of breaking the build or the pages.
@pytest.mark.parametrize(
    "name", ["a\x00b", "a\x01b", "c\x9fd", "a\rb", "Data\u2028- scientist", "a\ufffeb"]
)
def test_characters_that_break_outputs_are_diagnostics(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = validate(small_arch(component_name=name), Path(tmp))
    assert result.model is None
    assert [d.code for d in result.errors] == ["bad-character"]
    check_diagnostic(result.errors[0])
