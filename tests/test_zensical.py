"""`radoc build --engine zensical`: the project assembled for Zensical, its configuration, the
links that resolve under both engines, and publishing as safe as the MkDocs build's."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from radoc.engines.zensical_config import (
    Tagged,
    config_text,
    markdown_extensions,
    radoc_options,
    read_config,
    zensical_config,
)
from radoc.errors import ConfigProblem, EnvironmentProblem
from radoc.urls import MKDOCS_LINKS, LinkStyle

from .conftest import copy_project
from .sitecheck import broken_links

RADOC = [sys.executable, "-m", "radoc"]
ZENSICAL = ["build", "--engine", "zensical"]


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RADOC, *args], cwd=project, capture_output=True, text=True, check=False)


# -- the link style ----------------------------------------------------------------------------


def test_raw_html_links_are_url_relative_for_mkdocs_and_source_relative_for_zensical() -> None:
    zensical = LinkStyle(True, "source")
    assert (
        MKDOCS_LINKS.html("views/tools.md", "components/registry.md")
        == "../../components/registry/"
    )
    assert zensical.html("views/tools.md", "components/registry.md") == "../components/registry.md"
    assert (
        MKDOCS_LINKS.html("index.md", "assets/radoc/diagrams/a.svg")
        == "assets/radoc/diagrams/a.svg"
    )
    assert (
        MKDOCS_LINKS.html("views/tools.md", "assets/radoc/diagrams/a.svg")
        == "../../assets/radoc/diagrams/a.svg"
    )
    assert zensical.html("views/tools.md", "assets/radoc/diagrams/a.svg") == (
        "../assets/radoc/diagrams/a.svg"
    )
    assert LinkStyle(False).html("views/tools.md", "components/registry.md") == (
        "../components/registry.html"
    )


# -- the configuration -------------------------------------------------------------------------


USER_CONFIG = """\
site_name: Someone's site
site_url: !ENV [SITE_URL, "https://example.org/"]
theme:
  name: material
  custom_dir: overrides
watch: [includes]
plugins:
  - search
  - radoc:
      architecture: ra
      strict: true
markdown_extensions:
  - markdown.extensions.admonition
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
nav:
  - Home: index.md
  - Architecture:
      - radoc://sections
  - About: about.md
"""

SECTIONS = [
    {"Views": ["views/index.md", {"A view": "views/a.md"}]},
    {"References": "references.md"},
]


def _written(tmp_path: Path, text: str, hand_written: list[str] | None = None) -> dict[str, object]:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    config = zensical_config(
        read_config(path),
        tmp_path,
        tmp_path / "build/zensical/project",
        use_directory_urls=True,
        hand_written=hand_written or ["index.md", "about.md"],
        sections=SECTIONS,
    )
    # the text Zensical reads, read back with the same tag-keeping loader
    out = tmp_path / "written.yml"
    out.write_text(config_text(config, "../../../mkdocs.yml"), encoding="utf-8")
    return read_config(out)


def test_the_written_configuration_carries_radocs_part(tmp_path: Path) -> None:
    config = _written(tmp_path, USER_CONFIG)
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["nav"] == [
        {"Home": "index.md"},
        {"Architecture": SECTIONS},
        {"About": "about.md"},
    ]
    assert config["plugins"] == ["search"]  # Zensical runs no MkDocs plugin: radoc's is dropped
    assert config["extra_css"] == ["assets/radoc/radoc.css", "assets/radoc/radoc-zoom.css"]
    assert config["extra_javascript"] == ["assets/radoc/radoc-zoom.js"]
    # paths relative to the user's mkdocs.yml, now relative to the assembled project
    assert config["theme"] == {"name": "material", "custom_dir": "../../../overrides"}
    assert config["watch"] == ["../../../includes"]
    # the user's tags are kept for Zensical to resolve
    assert config["site_url"] == Tagged("!ENV", ["SITE_URL", "https://example.org/"])
    emoji = config["markdown_extensions"][-2]  # type: ignore[index]
    assert emoji == {
        "pymdownx.emoji": {
            "emoji_generator": Tagged(
                "tag:yaml.org,2002:python/name:material.extensions.emoji.to_svg", ""
            )
        }
    }


def test_the_sections_take_the_placeholders_place(tmp_path: Path) -> None:
    config = _written(
        tmp_path,
        "site_name: S\nnav:\n  - Home: index.md\n  - radoc://sections\n  - About: about.md\n",
    )
    assert config["nav"] == [{"Home": "index.md"}, *SECTIONS, {"About": "about.md"}]


def test_a_placeholder_radoc_would_not_replace_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigProblem) as caught:
        _written(tmp_path, "site_name: S\nnav:\n  - Home: index.md\n  - radoc://section\n")
    assert "nav item 2 is 'radoc://section', which radoc does not replace" in str(caught.value)


def test_without_a_nav_the_hand_written_pages_come_first_then_the_sections(tmp_path: Path) -> None:
    config = _written(tmp_path, "site_name: S\n", ["about.md", "index.md"])
    assert config["nav"] == ["index.md", "about.md", *SECTIONS]
    assert "plugins" not in config


def test_markdown_extensions_are_written_out_with_mkdocs_builtins_and_radocs() -> None:
    # MkDocs always enables toc, tables and fenced_code; radoc's pages need admonition and details
    assert markdown_extensions(None) == [
        "toc",
        "tables",
        "fenced_code",
        "admonition",
        "pymdownx.details",
    ]
    assert markdown_extensions(
        ["markdown.extensions.admonition", {"toc": {"permalink": True}}]
    ) == [
        "tables",
        "fenced_code",
        "markdown.extensions.admonition",
        {"toc": {"permalink": True}},
        "pymdownx.details",
    ]


def test_radoc_options_come_from_the_plugin_entry(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(USER_CONFIG, encoding="utf-8")
    options = radoc_options(read_config(path), path)
    assert (options.architecture, options.strict, options.cache) == ("ra", True, ".radoc-cache")
    path.write_text("site_name: S\nplugins:\n  - radoc:\n      strict: maybe\n", encoding="utf-8")
    with pytest.raises(EnvironmentProblem) as caught:
        radoc_options(read_config(path), path)
    assert str(caught.value).endswith(
        "mkdocs.yml: the radoc plugin's option 'strict' must be true or false"
    )


def test_an_unreadable_configuration_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(EnvironmentProblem) as caught:
        read_config(path)
    assert "mkdocs.yml cannot be read: while parsing a flow sequence" in str(caught.value)
    assert "\n" not in str(caught.value)


# -- a whole build -----------------------------------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project("mini", tmp_path_factory.mktemp("zensical"))
    proc = radoc(project, *ZENSICAL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("site built in site/ with Zensical")
    return project


@pytest.mark.dot
@pytest.mark.slow
def test_every_link_of_the_zensical_site_resolves(built: Path) -> None:
    site = built / "site"
    for page in ("index.html", "views/functional/index.html", "components/registry/index.html"):
        assert (site / page).is_file(), page
    assert broken_links(site) == []
    # the raw-HTML links of the kinds that broke (matrix cells, diagram actions) are there, and
    # Zensical made them URL-relative from the source-relative links radoc wrote
    tools = (site / "views/tools/index.html").read_text(encoding="utf-8")
    assert 'href="../../components/registry/"' in tools
    assert '<a href="../../assets/radoc/diagrams/' not in tools  # a table view: no diagram
    workflow = (site / "views/workflow/index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/radoc/downloads/workflow.lv-1.light.pdf" download' in workflow
    # SVG node links are written URL-relative, and Zensical leaves them so
    functional = (site / "views/functional/index.html").read_text(encoding="utf-8")
    assert 'xlink:href="../../components/registry/"' in functional


@pytest.mark.dot
@pytest.mark.slow
def test_the_navigation_and_the_diagram_markers_are_expanded(built: Path) -> None:
    home = (built / "site/index.html").read_text(encoding="utf-8")
    assert 'href="views/functional/"' in home  # radoc's sections are in the navigation
    assert "radoc://" not in home
    assert 'id="diagram-workflow.lv-1"' in home  # the marker of the hand-written home page
    assert "radoc-diagram:" not in home
    assert 'href="assets/radoc/radoc.css"' in home or 'href="./assets/radoc/radoc.css"' in home
    config = (built / "build/zensical/project/mkdocs.yml").read_text(encoding="utf-8")
    assert "radoc://sections" not in config and "- radoc" not in config


@pytest.mark.dot
@pytest.mark.slow
def test_the_assembled_project_holds_copies_owned_by_radoc(built: Path) -> None:
    folder = built / "build/zensical/project"
    docs = folder / "docs"
    assert not [p for p in docs.rglob("*") if p.is_symlink()]
    manifest = (folder / ".radoc-generated").read_text(encoding="utf-8").splitlines()
    assert "mkdocs.yml" in manifest and "docs/index.md" in manifest
    assert "docs/views/functional.md" in manifest
    # the hand-written page in the docs folder itself is untouched: the copy holds the drawing
    assert "<!-- radoc-diagram: workflow.lv-1 -->" in (built / "docs/index.md").read_text()
    assert 'id="diagram-workflow.lv-1"' in (docs / "index.md").read_text(encoding="utf-8")
    # the generated pages are the MkDocs pages but for raw-HTML links
    page = (built / "build/zensical/pages/views/tools.md").read_text(encoding="utf-8")
    assert page == (docs / "views/tools.md").read_text(encoding="utf-8")
    assert '<a href="../components/registry.md">' in page


@pytest.mark.dot
@pytest.mark.slow
def test_a_second_build_rewrites_nothing_and_keeps_the_users_files(built: Path) -> None:
    folder = built / "build/zensical/project"
    before = {p: p.stat().st_mtime_ns for p in (folder / "docs").rglob("*") if p.is_file()}
    site_before = _files(built / "site")
    (built / "site/CNAME").write_text("ra.example.org\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    proc = radoc(built, *ZENSICAL)
    assert proc.returncode == 0, proc.stderr
    after = {p: p.stat().st_mtime_ns for p in (folder / "docs").rglob("*") if p.is_file()}
    assert after == before
    site_after = _files(built / "site")
    assert site_after.pop("CNAME") == b"ra.example.org\n"
    assert site_after == site_before  # Zensical's output is deterministic too
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.dot
@pytest.mark.slow
def test_a_failed_build_keeps_the_previous_site(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project, symlinks=True)
    site = _files(project / "site")
    # the architecture: its diagnostics, exit 1
    model = project / "architecture/model/components.yaml"
    good = model.read_text(encoding="utf-8")
    model.write_text(good.replace("to: feature-store", "to: feature-stor", 1), encoding="utf-8")
    proc = radoc(project, *ZENSICAL)
    assert proc.returncode == 1
    assert "error [unknown-ref]" in proc.stderr
    assert _files(project / "site") == site
    model.write_text(good, encoding="utf-8")
    # Zensical failing on the configuration radoc gave it: one line, exit 3
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: gone\n"),
        encoding="utf-8",
    )
    proc = radoc(project, *ZENSICAL)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.startswith("radoc: error: Zensical failed (exit 1): ")
    assert "Custom theme directory does not exist" in proc.stderr
    assert proc.stderr.rstrip().endswith("the previous site is unchanged")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert _files(project / "site") == site
    assert not (project / "build/zensical/project/site").exists()


@pytest.mark.dot
@pytest.mark.slow
def test_strict_fails_on_what_zensical_warns_about(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project, symlinks=True)
    site = _files(project / "site")
    home = project / "docs/index.md"
    home.write_text(home.read_text() + "\nSee [the missing page](missing.md).\n")
    proc = radoc(project, *ZENSICAL, "--strict")
    assert proc.returncode == 1
    assert "index.md:" in proc.stderr and "page does not exist" in proc.stderr
    assert proc.stderr.rstrip().endswith(
        "radoc: error: Zensical found the problems above and --strict is set; "
        "the previous site is unchanged"
    )
    assert "\x1b[" not in proc.stderr  # no terminal colours in a log
    assert "Traceback" not in proc.stderr
    assert _files(project / "site") == site
    proc = radoc(project, *ZENSICAL)  # without --strict: the warning, and the site
    assert proc.returncode == 0
    assert "page does not exist" in proc.stderr
    assert "the missing page" in (project / "site/index.html").read_text(encoding="utf-8")


@pytest.mark.dot
@pytest.mark.slow
def test_a_hand_written_page_at_a_generated_address_is_refused(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    (project / "docs/views").mkdir()
    (project / "docs/views/functional.md").write_text("# Mine\n", encoding="utf-8")
    proc = radoc(project, *ZENSICAL)
    assert proc.returncode == 1
    assert proc.stderr == (
        "radoc: error: docs/views/functional.md is hand-written but radoc generates a page "
        "at that path; rename it\n"
    )
    assert not (project / "site").exists()


def test_without_zensical_the_build_says_how_to_install_it(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    # a None entry in sys.modules makes the import fail as for a package that is not installed
    code = (
        "import sys; sys.modules['zensical'] = None; from radoc.cli import main; "
        "sys.argv = ['radoc', 'build', '--engine', 'zensical']; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        "radoc: error: Zensical is not installed; install radoc's zensical extra: pip install 'radoc[zensical]'\n"
    )
    assert not (project / "site").exists() and not (project / "build").exists()


def test_the_written_configuration_is_yaml_zensical_reads(tmp_path: Path) -> None:
    """Tags survive a round trip as YAML text: what Zensical's own loader is given."""
    path = tmp_path / "mkdocs.yml"
    path.write_text(USER_CONFIG, encoding="utf-8")
    text = config_text(
        zensical_config(
            read_config(path),
            tmp_path,
            tmp_path / "build/zensical/project",
            use_directory_urls=True,
            hand_written=[],
            sections=[],
        ),
        "../../../mkdocs.yml",
    )
    assert text.startswith("# Written by radoc for Zensical from ../../../mkdocs.yml")
    assert "site_url: !ENV\n- SITE_URL\n- https://example.org/\n" in text
    assert "emoji_generator: !!python/name:material.extensions.emoji.to_svg ''" in text
    # and the plain parts read as plain YAML
    plain = yaml.safe_load(text.replace("!ENV", "").replace("!!python/name:", ""))
    assert plain["site_name"] == "Someone's site"
    assert (
        os.path.relpath(tmp_path / "overrides", tmp_path / "build/zensical/project")
        == (plain["theme"]["custom_dir"])
    )


# -- serving -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return True
        time.sleep(0.3)
    return False


@pytest.mark.dot
@pytest.mark.slow
def test_serve_with_zensical_shows_an_edit_without_a_restart(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*RADOC, "serve", "--engine", "zensical", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/components/registry/"
    try:
        assert _wait_for(url, "Stores trained models with their versions.", 120), log.read_text()
        # the page carries Zensical's live-reload script, which refreshes an open browser
        assert "new WebSocket(" in (_get(url) or "")
        model = project / "architecture/model/components.yaml"
        good = model.read_text(encoding="utf-8")
        model.write_text(good.replace("to: feature-store", "to: feature-stor", 1), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "error [unknown-ref]" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "radoc: the last good pages stay served" in log.read_text()
        assert "Stores trained models with their versions." in (_get(url) or "")
        model.write_text(
            good.replace(
                "Stores trained models with their versions.", "Keeps every model ever trained."
            ),
            encoding="utf-8",
        )
        assert _wait_for(url, "Keeps every model ever trained.", 60), log.read_text()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            # radoc stops Zensical's server first, giving it 10 s before it kills it
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()  # reaped here, not left running into the next test
            pytest.fail(f"radoc serve did not stop on Ctrl-C within 90 s:\n{log.read_text()}")
    assert proc.returncode == 0, log.read_text()
    assert log.read_text().rstrip().endswith("stopped")
    assert _get(url) is None  # Zensical's server stopped with radoc


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = radoc(project, "serve", "--engine", "zensical", "--dev-addr", f"127.0.0.1:{port}")
    assert proc.returncode == 1
    assert proc.stderr == (
        f"radoc: error: cannot serve on 127.0.0.1:{port}: the address is in use: "
        "stop the other server or choose another address\n"
    )
