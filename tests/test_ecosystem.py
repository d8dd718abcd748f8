"""radoc inside someone else's MkDocs project: the nav placeholder at any depth, quiet builds,
the Markdown extensions its pages need, a user's own `generator` module, the icons extra."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from radoc.errors import ConfigProblem
from radoc.mkdocs_nav import check_placeholders, place_sections

from .conftest import PROJECTS

SECTIONS: list[Any] = [{"Views": ["views/index.md"]}, {"References": "references.md"}]

# --- the placeholder, as a function -------------------------------------------------------


@pytest.mark.parametrize(
    ("nav", "placed"),
    [
        (
            ["index.md", "radoc://sections", {"About": "about.md"}],
            ["index.md", *SECTIONS, {"About": "about.md"}],
        ),
        (
            [{"Home": "index.md"}, {"Architecture": "radoc://sections"}, "about.md"],
            [{"Home": "index.md"}, {"Architecture": SECTIONS}, "about.md"],
        ),
        (
            [{"Home": "index.md"}, {"Architecture": ["radoc://sections"]}],
            [{"Home": "index.md"}, {"Architecture": SECTIONS}],
        ),
        (
            [{"Reference": ["api.md", {"Architecture": ["intro.md", "radoc://sections"]}]}],
            [{"Reference": ["api.md", {"Architecture": ["intro.md", *SECTIONS]}]}],
        ),
    ],
    ids=["top-level item", "titled value", "titled list", "two levels down"],
)
def test_the_placeholder_works_at_any_depth_and_keeps_titles_and_order(
    nav: list[Any], placed: list[Any]
) -> None:
    assert place_sections(nav, ["index.md"], SECTIONS) == (placed, True)


def test_a_nav_without_the_placeholder_gets_the_sections_at_its_end() -> None:
    nav = [{"Home": "index.md"}, {"About": "about.md"}]
    assert place_sections(nav, ["index.md", "about.md"], SECTIONS) == ([*nav, *SECTIONS], False)


def test_no_nav_lists_the_hand_written_pages_then_the_sections() -> None:
    assert place_sections(None, ["b.md", "index.md", "a.md"], SECTIONS) == (
        ["index.md", "a.md", "b.md", *SECTIONS],
        False,
    )


@pytest.mark.parametrize(
    ("nav", "message"),
    [
        (
            [{"Home": "index.md"}, {"Architecture": ["radoc://section"]}],
            "mkdocs.yml: nav item 2 'Architecture' item 1 is 'radoc://section', which radoc does "
            "not replace (did you mean 'radoc://sections'?); write 'radoc://sections' as a nav "
            "item or as the value of a titled item",
        ),
        (
            [{"radoc://sections": "index.md"}],
            "mkdocs.yml: nav item 1 (its title) is 'radoc://sections', which radoc does not "
            "replace; write 'radoc://sections' as a nav item or as the value of a titled item",
        ),
        (
            ["radoc://sections", {"More": "radoc://sections"}],
            "mkdocs.yml: nav item 2 'More' is a second 'radoc://sections'; radoc's sections go "
            "in one place",
        ),
    ],
    ids=["misspelt", "as a title", "twice"],
)
def test_a_placeholder_radoc_would_leave_unreplaced_is_an_error(
    nav: list[Any], message: str
) -> None:
    with pytest.raises(ConfigProblem) as caught:
        check_placeholders(nav)
    assert str(caught.value) == message


# --- the plugin's configuration hook ------------------------------------------------------


def _config(tmp_path: Path, text: str) -> Any:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return load_config(config_file=str(tmp_path / "mkdocs.yml"))


def test_the_plugin_enables_the_extensions_its_pages_need_once(tmp_path: Path) -> None:
    cfg = _config(
        tmp_path,
        "site_name: x\nplugins: [radoc]\nmarkdown_extensions: [markdown.extensions.admonition]\n",
    )
    cfg = cfg.plugins.on_config(cfg)
    assert cfg.markdown_extensions == [
        "toc",
        "tables",
        "fenced_code",
        "markdown.extensions.admonition",
        "pymdownx.details",
    ]


def test_a_stray_placeholder_stops_the_build_before_generation(tmp_path: Path) -> None:
    cfg = _config(
        tmp_path, "site_name: x\nplugins: [radoc]\nnav:\n  - index.md\n  - radoc://sectoins\n"
    )
    with pytest.raises(PluginError, match=r"^radoc: mkdocs.yml: nav item 2 is 'radoc://sectoins'"):
        cfg.plugins.on_config(cfg)
    assert isinstance(cfg.plugins["radoc"].failure, ConfigProblem)


# --- a user's project, built with plain `python -m mkdocs` --------------------------------

USER_MKDOCS_YML = """\
site_name: Team handbook
theme:
  name: material
  font: false
plugins:
  - search
  - radoc
nav:
  - Home: index.md
  - Reference:
      - Guide: guide.md
      - Architecture:
          - radoc://sections
  - About: about.md
"""

# names a Python user project may well have, and that `python -m` puts first on sys.path
USER_GENERATOR_PY = "raise SystemExit('the user generator.py ran')\n"


def _user_project(root: Path) -> Path:
    """A handbook with its own pages and nav, and an architecture that draws no icons, so it
    builds the same with and without the icons extra."""
    project = root / "handbook"
    shutil.copytree(PROJECTS / "mini/architecture", project / "architecture")
    shutil.rmtree(project / "architecture/profiles")
    for name, old, new in [
        ("views/deployment.yaml", "kind: deployment", "kind: graph"),
        ("model/workflow.yaml", "    icon: onprem.mlops.Mlflow\n", ""),
    ]:
        path = project / "architecture" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs/index.md").write_text("# Team handbook\n", encoding="utf-8")
    (project / "docs/guide.md").write_text("# Guide\n", encoding="utf-8")
    (project / "docs/about.md").write_text("# About\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(USER_MKDOCS_YML, encoding="utf-8")
    (project / "generator.py").write_text(USER_GENERATOR_PY, encoding="utf-8")
    (project / "generator").mkdir()
    (project / "generator/__init__.py").write_text(USER_GENERATOR_PY, encoding="utf-8")
    (project / "generator/plugin.py").write_text(USER_GENERATOR_PY, encoding="utf-8")
    return project


class _NavTitles(HTMLParser):
    """The titles of Material's primary navigation, in order, with their depth."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[tuple[int, str]] = []
        self._depth = 0  # open <nav> elements
        self._primary = 0  # depth at which the primary nav opened
        self._lists = 0  # open <ul> inside the primary nav
        self._label: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav":
            self._depth += 1
            if "md-nav--primary" in classes:
                self._primary = self._depth
        elif self._primary and tag == "ul":
            self._lists += 1
        elif self._primary and tag == "span" and "md-ellipsis" in classes:
            self._label = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            if self._depth == self._primary:
                self._primary = 0
            self._depth -= 1
        elif self._primary and tag == "ul":
            self._lists -= 1
        elif tag == "span" and self._label is not None:
            self.titles.append((self._lists, " ".join("".join(self._label).split())))
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)


def _nav_titles(html: str) -> list[tuple[int, str]]:
    parser = _NavTitles()
    parser.feed(html)
    titles = [t for t in parser.titles if t[1] != "Team handbook"]  # the site title on top
    # Material repeats a section's title as the header of its nested list: keep one of each
    return [t for i, t in enumerate(titles) if i == 0 or titles[i - 1][1] != t[1]]


@pytest.fixture(scope="module")
def user_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = _user_project(tmp_path_factory.mktemp("ecosystem"))
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return project, proc.stderr


@pytest.mark.dot
@pytest.mark.slow
def test_the_nav_keeps_the_users_titles_and_order(user_site: tuple[Path, str]) -> None:
    project, _ = user_site
    html = (project / "site/index.html").read_text(encoding="utf-8")
    titles = _nav_titles(html)
    top = [title for depth, title in titles if depth == 1]
    assert top == ["Home", "Reference", "About"]
    names = [title for _, title in titles]
    start = names.index("Reference")
    assert names[start : start + 4] == ["Reference", "Guide", "Architecture", "Views"]
    depth = dict((title, d) for d, title in titles)
    assert depth["Guide"] == depth["Architecture"] == 2
    assert depth["Views"] == depth["Elements"] == depth["References"] == 3
    assert names.index("References") < names.index("About")
    assert "None" not in names


@pytest.mark.dot
@pytest.mark.slow
def test_the_build_says_only_what_matters(user_site: tuple[Path, str]) -> None:
    _, log = user_site
    lines = log.splitlines()
    known = [
        r"INFO    -  Cleaning site directory",
        r"INFO    -  Building documentation to directory: .*",
        r"INFO    -  radoc: enabled the Markdown extension\(s\) its pages use: admonition, pymdownx\.details",
        r"INFO    -  radoc: \d+ page\(s\) and asset\(s\) generated, \d+ written, \d+ diagram\(s\) rendered",
        r"INFO    -  Documentation built in [\d.]+ seconds",
    ]
    unexpected = [line for line in lines if not any(re.fullmatch(k, line) for k in known)]
    assert unexpected == []
    assert "not included in the" not in log


@pytest.mark.dot
@pytest.mark.slow
def test_generated_pages_render_their_admonitions(user_site: tuple[Path, str]) -> None:
    project, _ = user_site
    view = (project / "site/views/functional/index.html").read_text(encoding="utf-8")
    assert '<div class="admonition question">' in view
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 20
    raw = [
        p.relative_to(project / "site").as_posix()
        for p in pages
        if re.search(r"(^|>)\s*(!!!|\?\?\?)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert raw == []
    notes = [p for p in pages if '<details class="note">' in p.read_text(encoding="utf-8")]
    assert notes, "no collapsed note rendered"


@pytest.mark.dot
@pytest.mark.slow
def test_a_user_generator_module_changes_nothing(user_site: tuple[Path, str]) -> None:
    project, log = user_site
    assert "the user generator.py ran" not in log
    proc = subprocess.run(
        [sys.executable, "-m", "radoc", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "the user generator.py ran" not in proc.stderr


# --- the icons extra ------------------------------------------------------------------------

# run radoc as if diagrams and Pillow were not installed (a None entry blocks an import)
WITHOUT_ICONS = (
    "import sys; sys.modules['diagrams'] = None; sys.modules['PIL'] = None; "
    "from radoc.cli import main; sys.argv[0] = 'radoc'; main()"
)


def _radoc_without_icons(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_ICONS, *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_importing_the_plugin_loads_no_icon_package() -> None:
    code = (
        "import sys, radoc.plugin, radoc.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'diagrams', 'PIL', 'pre_commit', 'virtualenv', 'nodeenv'}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_check_without_the_icons_extra_warns_where_icons_are_drawn(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECTS / "mini/architecture", project / "architecture")
    proc = _radoc_without_icons(project, "check")
    need = (
        "which need the diagrams package (pip install 'radoc[icons]'); radoc build fails without it"
    )
    assert proc.returncode == 0, proc.stderr
    # diagnostics on stdout, the summary on stderr
    assert [*proc.stdout.splitlines(), *proc.stderr.splitlines()] == [
        f"architecture/profiles/team-a.yaml:6:1: warning [icons-missing] profile 'team-a' is drawn with its tools' icons, {need}",
        f"architecture/profiles/team-b.yaml:6:1: warning [icons-missing] profile 'team-b' is drawn with its tools' icons, {need}",
        f"architecture/views/deployment.yaml:4:1: warning [icons-missing] view 'deployment' is drawn with provider icons, {need}",
        "0 error(s), 3 warning(s)",
    ]
    assert _radoc_without_icons(project, "check", "--strict").returncode == 1


def test_icon_names_go_unchecked_without_the_extra_and_it_says_so(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECTS / "mini/architecture", project / "architecture")
    (project / "architecture/views/deployment.yaml").unlink()
    shutil.rmtree(project / "architecture/profiles")
    model = project / "architecture/model/workflow.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("onprem.mlops.Mlflow", "onprem.mlops.Mlflw"), encoding="utf-8")
    proc = _radoc_without_icons(project, "check")
    assert proc.returncode == 0, proc.stderr
    about_icons = [line for line in proc.stdout.splitlines() if "icon" in line]
    assert about_icons == [
        "architecture/model/components.yaml:27:5: warning [icons-missing] icon names are not "
        "checked: the diagrams package is not installed (pip install 'radoc[icons]')"
    ]  # once, at the first icon (the registry's), however many there are


@pytest.mark.dot
def test_build_without_the_icons_extra_names_the_extra(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECTS / "mini", project, ignore=shutil.ignore_patterns("site", "build"))
    proc = _radoc_without_icons(project, "build")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == (
        "radoc: error: diagram 'deployment' is drawn with provider icons, which "
        "need the diagrams and Pillow packages; install radoc's icons extra: "
        "pip install 'radoc[icons]'"
    )
    assert "Traceback" not in proc.stderr
    assert not (project / "site").exists()
