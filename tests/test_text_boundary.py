"""Text from YAML stays text at every boundary it crosses, without a browser.

tests/projects/hostile-2 is built with `radoc build` and exported with `radoc export --links`,
as a user would, and the generated Markdown, the built HTML, the diagrams and the exports are
read for what must never be in them: script URLs, event handlers, attribute lists, images of
other hosts, raw HTML from a title. Names that break Graphviz, and symbolic links that lead
radoc out of its folders, are tried on copies of tests/projects/mini.

Each test guards one boundary; the payload it uses is in tests/projects/hostile-2 (see the
comments there) or written by the test itself.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import markdown
import pytest

from .conftest import copy_project

pytestmark = [pytest.mark.dot, pytest.mark.slow]

RADOC = [sys.executable, "-m", "radoc"]
HOSTILE_BASE = 'https://x.example/"><script>alert(1)</script>'
# Attributes whose value the browser loads or follows.
URL_ATTRS = re.compile(r"^(?:.*:)?(href|src|action|formaction|data|poster|srcset)$")
SCRIPT_URL = re.compile(r"^[\s\x00-\x1f]*(javascript|vbscript|data):", re.I)
# Icons of icon views are embedded as PNG data URIs: the one data: URL a page may hold.
ICON_URI = re.compile(r"^data:image/png;base64,[A-Za-z0-9+/=]*$")
OTHER_HOST = re.compile(r"^\s*(https?:)?//", re.I)
# (tag, attribute) pairs that make the browser fetch a URL when the page loads.
FETCHING = {
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "poster"),
    ("audio", "src"),
    ("video", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("script", "src"),
    ("link", "href"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("feimage", "href"),
    ("feimage", "xlink:href"),
}


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*RADOC, *args], cwd=project, capture_output=True, text=True, check=False, timeout=300
    )


# --- reading what was built ---------------------------------------------------------------


class _Markup(HTMLParser):
    """Every start tag of an HTML (or SVG) document with its attributes, and code spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.code: list[str] = []
        self._in_code = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "code":
            self._in_code += 1
            self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._in_code:
            self._in_code -= 1
            self.code.append("".join(self._text))

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self._text.append(data)


def markup(text: str) -> _Markup:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser


def script_links(text: str) -> list[str]:
    """Links and sources with a javascript:, vbscript: or data: URL (but embedded icons)."""
    found = []
    for tag, attrs in markup(text).tags:
        for name, value in attrs.items():
            if URL_ATTRS.match(name) and SCRIPT_URL.match(value) and not ICON_URI.match(value):
                found.append(f'<{tag} {name}="{value}">')
    return found


def event_handlers(text: str) -> list[str]:
    return [
        f'<{tag} {name}="{value}">'
        for tag, attrs in markup(text).tags
        for name, value in attrs.items()
        if name.startswith("on")
    ]


def fetches_elsewhere(text: str) -> list[str]:
    """Elements that make the browser load something from another host."""
    return [
        f'<{tag} {name}="{value}">'
        for tag, attrs in markup(text).tags
        for name, value in attrs.items()
        if (tag, name) in FETCHING and OTHER_HOST.match(value)
    ]


def payload_scripts(text: str) -> list[str]:
    """<script> elements written by a payload (the theme's scripts have no __pwned)."""
    return [s for s in re.findall(r"<script\b[^>]*>([^<]*)", text, re.I) if "__pwned" in s]


def svg_text(svg: str) -> str:
    """The drawn text of an SVG, every <text> joined by a space, whitespace collapsed."""
    texts = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    return collapse(" ".join(texts))


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article(page: str) -> str:
    """The content of a built page (the theme's own icons and scripts left out)."""
    start = page.index("<article")
    return page[start : page.index("</article>", start)]


def site_page(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


def generated(project: Path, path: str) -> str:
    return (project / "build/pages" / path).read_text(encoding="utf-8")


def markdown_lines(text: str) -> list[str]:
    """The lines of a generated page that Markdown parses (not raw HTML, not front matter)."""
    lines = text.split("\n")
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        lines = lines[end + 1 :]
    return [line for line in lines if not line.lstrip().startswith("<")]


@pytest.fixture(scope="module")
def hostile2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/projects/hostile-2, built (with its Changes page against previous/)."""
    project = copy_project("hostile-2", tmp_path_factory.mktemp("hostile-2"))
    proc = radoc(project, "build")
    assert proc.returncode == 0, proc.stderr
    return project


def _every_output(project: Path) -> dict[str, str]:
    files = {}
    for path in sorted((project / "site").rglob("*")):
        if path.suffix in (".html", ".svg") and path.is_file():
            files[path.relative_to(project / "site").as_posix()] = path.read_text(encoding="utf-8")
    return files


# --- the whole site -----------------------------------------------------------------------


def test_hostile_2_passes_check_and_builds(hostile2: Path) -> None:
    proc = radoc(hostile2, "check")
    assert proc.returncode == 0, proc.stderr
    assert "changes/index.html" in _every_output(hostile2)


def test_no_script_url_in_any_built_page_or_diagram(hostile2: Path) -> None:
    """No href, xlink:href or src in the built HTML and SVG starts with javascript: (or
    vbscript:, or data: but for embedded icons)."""
    found = {
        path: links
        for path, text in _every_output(hostile2).items()
        if (links := script_links(text))
    }
    assert found == {}, json.dumps(found, indent=1)


def test_no_event_handler_attribute_in_any_built_page_or_diagram(hostile2: Path) -> None:
    found = {
        path: attrs
        for path, text in _every_output(hostile2).items()
        if (attrs := event_handlers(text))
    }
    assert found == {}, json.dumps(found, indent=1)


def test_no_built_page_loads_anything_from_another_host(hostile2: Path) -> None:
    found = {
        path: tags
        for path, text in _every_output(hostile2).items()
        if (tags := fetches_elsewhere(text))
    }
    assert found == {}, json.dumps(found, indent=1)


# --- bibliography --------------------------------------------------------------------------


def test_doi_cannot_close_its_link_and_open_markup(hostile2: Path) -> None:
    """A DOI holding markup is refused by check (bad_inputs/doi-with-markup); one holding
    characters Markdown gives a meaning (`10.1000/x_(y);z:w`) is shown and linked as written."""
    page = generated(hostile2, "references.md")
    assert "<svg/onload" not in page, "the DOI reaches the References page as raw HTML"
    built = article(site_page(hostile2, "references"))
    assert event_handlers(built) == []
    assert not [tag for tag, _ in markup(built).tags if tag == "svg"], "an <svg> from the DOI"


# --- tool URLs -----------------------------------------------------------------------------


def test_tool_url_cannot_add_an_attribute_list_to_its_link(hostile2: Path) -> None:
    """A URL with braces is refused by check (bad_inputs/tool-url-attribute-list); one holding
    characters Markdown gives a meaning (`https://example.org/a_(b)*c*[d]`) stays one link."""
    page = generated(hostile2, "tools/tool-b.md")
    assert not re.search(r"\)\{:", page), "the tool URL closes its link and opens an attribute list"
    assert event_handlers(site_page(hostile2, "tools/tool-b")) == []


# --- icon views (drawn through `diagrams`) -------------------------------------------------


@pytest.mark.parametrize(
    "diagram", ["deployment", "profile.team-a"], ids=["deployment-view", "profile-diagram"]
)
def test_icon_view_names_and_labels_never_become_graphviz_html(
    hostile2: Path, diagram: str
) -> None:
    """Names shaped like a Graphviz HTML label (`<<TABLE><TR><TD HREF="javascript:...">`):
    no script link in the diagram, and the name is drawn as the text it is."""
    svg = (hostile2 / f"site/assets/radoc/diagrams/{diagram}.svg").read_text(encoding="utf-8")
    assert script_links(svg) == []
    drawn = svg_text(svg)
    if diagram == "deployment":
        assert "<<TABLE><TR><TD HREF=" in drawn and "production</TD></TR></TABLE>>" in drawn, drawn
    else:
        assert "serving</TD></TR></TABLE>>" in drawn, drawn


def _mini_with(tmp_path: Path, place: str, text: str) -> Path:
    """A copy of tests/projects/mini with ``text`` as the name (or label) at ``place``."""
    project = copy_project("mini", tmp_path)
    quoted = json.dumps(text)  # a JSON string is a YAML double-quoted scalar
    if place == "environment":
        path, old, new = "workflow.yaml", "name: Production\n", f"name: {quoted}\n"
    elif place == "component":
        path = "components.yaml"
        old = "name: Inference service\n    group: serving\n"
        new = f"name: {quoted}\n    group: serving\n"
    else:
        path = "components.yaml"
        old = "  - from: registry\n    to: inference\n    verb: deploys\n"
        new = old + f"    label: {quoted}\n"
    model = project / "architecture/model" / path
    source = model.read_text(encoding="utf-8")
    assert old in source
    model.write_text(source.replace(old, new, 1), encoding="utf-8")
    return project


@pytest.mark.parametrize(
    "place",
    ["environment", "component", "relationship"],
    ids=["cluster-label", "node-label", "edge-label"],
)
@pytest.mark.parametrize(
    "text",
    ["Ends in a backslash \\", "<<b>x>", "Graphviz escapes \\N and \\G and \\l"],
    ids=["trailing-backslash", "unbalanced-html-label", "escstring-sequences"],
)
def test_icon_view_draws_any_name_that_passes_check(tmp_path: Path, place: str, text: str) -> None:
    """A name `check` accepts must build, and the deployment view must draw it as written
    (not fail with "Graphviz failed: syntax error in line 8", not expand \\N to a node id)."""
    project = _mini_with(tmp_path, place, text)
    check = radoc(project, "check")
    assert check.returncode == 0, check.stderr
    proc = radoc(project, "build")
    assert proc.returncode == 0, proc.stderr
    svg = (project / "site/assets/radoc/diagrams/deployment.svg").read_text(encoding="utf-8")
    assert collapse(text) in svg_text(svg), svg_text(svg)


# --- descriptions --------------------------------------------------------------------------

# component id → the regex flag its description's javascript: link sets
LINK_FORMS = {
    "ingestion": "nested-brackets",
    "feature-store": "nested-parens",
    "registry": "single-quoted-title",
    "inference": "two-line-text",
    "escaped-bracket": "escaped-bracket",
    "code-bracket": "code-bracket",
    "list-refdef": "list-refdef",
}


@pytest.mark.parametrize("component", list(LINK_FORMS), ids=list(LINK_FORMS.values()))
def test_description_link_with_a_script_url_is_not_a_link(hostile2: Path, component: str) -> None:
    """Every Markdown link form Python-Markdown accepts, not only those the sanitiser's
    regexes know: the javascript: URL keeps at most its text."""
    assert script_links(site_page(hostile2, f"components/{component}")) == []


def test_index_summaries_have_no_script_links(hostile2: Path) -> None:
    """Index pages and view tables show each description's first sentence."""
    found = {
        page: links
        for page in ("components", "views/functional", "views/deployment", "views/tools")
        if (links := script_links(site_page(hostile2, page)))
    }
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize("page", ["groups/data", "groups"], ids=["element-page", "index-summary"])
def test_code_span_in_a_description_shows_its_text_literally(hostile2: Path, page: str) -> None:
    """`a < b && c` in a description: the reader sees `a < b && c`, not `a &lt; b ...`."""
    code = markup(site_page(hostile2, page)).code
    assert "a < b && c" in code, code


def test_description_image_inside_a_link_fetches_nothing_from_another_host(
    hostile2: Path,
) -> None:
    """`[![p](https://evil.example/p.png)](https://example.org/)` keeps no image."""
    for path in ("components/image-link.md", "components/index.md", "views/functional.md"):
        lines = markdown_lines(generated(hostile2, path))
        images = [line for line in lines if re.search(r"!\[[^\]]*\]\(\s*(https?:)?//", line)]
        assert images == [], f"{path}: {images}"
    assert fetches_elsewhere(site_page(hostile2, "components/image-link")) == []
    assert fetches_elsewhere(site_page(hostile2, "components")) == []


def test_description_cannot_open_an_admonition_or_details_block(hostile2: Path) -> None:
    """Descriptions are emphasis, lists, code and links: `!!!` and `???` lines stay text."""
    built = article(site_page(hostile2, "components/admonition"))
    classes = [attrs.get("class", "") for _, attrs in markup(built).tags]
    assert not [c for c in classes if "admonition" in c.split()], "an admonition opened"
    assert not re.search(r"<summary>[^<]*INJECTED", built), "a details block opened"
    assert "!!! danger" in html.unescape(re.sub(r"<[^>]+>", "", built))


def test_decision_context_and_profile_description_have_no_script_links(hostile2: Path) -> None:
    assert script_links(site_page(hostile2, "decisions/inference-style")) == []
    assert script_links(site_page(hostile2, "profiles/team-a")) == []


def test_code_badge_is_shown_as_code_not_parsed_as_markdown(hostile2: Path) -> None:
    """An element's code (`[C9](javascript:9)`) goes into an inline <code> element, whose
    content Python-Markdown still parses: it must stay the text it is."""
    built = site_page(hostile2, "components/code-badge")
    assert script_links(built) == []
    assert "[C9](javascript:9)" in markup(built).code


# --- decisions, profiles, Changes: names in raw HTML tables and lists ----------------------


@pytest.mark.parametrize(
    "page",
    ["decisions/inference-style", "decisions", "profiles/team-a", "profiles", "changes"],
    ids=["decision", "decisions-index", "profile", "profiles-index", "changes"],
)
def test_names_options_and_reasons_stay_text_in_html_tables(hostile2: Path, page: str) -> None:
    """Decision, option, quality and profile names, reasons and rationales, and on the
    Changes page removed and renamed names, carry <script>, <img onerror> and tag-closing
    payloads; none may become an element."""
    built = site_page(hostile2, page)
    assert event_handlers(built) == []
    assert payload_scripts(built) == []
    assert "<img src=x" not in built


def test_changes_page_lists_what_changed(hostile2: Path) -> None:
    """The Changes page exists (diff_against: previous) and names the removed payloads."""
    text = html.unescape(re.sub(r"<[^>]+>", "", site_page(hostile2, "changes")))
    assert "<img src=x onerror=\"window.__pwned='removed-element'\">" in text
    assert "<img src=x onerror=\"window.__pwned='removed-view'\">" in text


def test_changes_page_removed_names_are_not_parsed_as_markdown(hostile2: Path) -> None:
    """Removed elements and views are listed as <del>name</del>: HTML-escaped, but Markdown
    still parses the inside, so a removed name `[removed](javascript:...)` became a link."""
    assert script_links(site_page(hostile2, "changes")) == []


# --- radoc export ---------------------------------------------------------------------------


BENIGN_BASE = "https://example.org/site/"


@pytest.fixture(scope="module")
def exports(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    """hostile-2 exported with --links: under a plain base URL, and under a hostile one
    given by --base-url and by site_url in mkdocs.yml."""
    project = copy_project("hostile-2", tmp_path_factory.mktemp("hostile-2-export"))
    config = project / "mkdocs.yml"
    config.write_text(
        f"site_url: {json.dumps(HOSTILE_BASE)}\n" + config.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = {}
    for name, extra in (
        ("plain", ["--base-url", BENIGN_BASE]),
        ("base-url", ["--base-url", HOSTILE_BASE]),
        ("site-url", []),
    ):
        proc = radoc(project, "export", "--links", *extra, "--out", f"exports-{name}")
        out[name] = (proc, project / f"exports-{name}")
    return out


def _plain_export(
    exports: dict[str, tuple[subprocess.CompletedProcess[str], Path]],
) -> Path:
    proc, folder = exports["plain"]
    assert proc.returncode == 0, proc.stderr
    return folder


@pytest.mark.parametrize("source", ["base-url", "site-url"])
def test_export_links_escape_a_hostile_base_url(
    exports: dict[str, tuple[subprocess.CompletedProcess[str], Path]], source: str
) -> None:
    """`export --links` with a base URL `https://x.example/"><script>...` (from --base-url
    or site_url): radoc either refuses it with an error, or writes SVGs that are well-formed
    XML without a <script>, whose links start with that URL (as text, or percent-encoded)."""
    proc, folder = exports[source]
    if proc.returncode != 0:
        assert "Traceback" not in proc.stderr, proc.stderr
        assert re.search(r"base.url|site_url", proc.stderr), proc.stderr
        assert not list(folder.glob("*.svg")), "a refused export still wrote files"
        return
    base = HOSTILE_BASE.rstrip("/") + "/"
    allowed = (base, quote(base, safe=":/"))
    svgs = sorted(folder.glob("*.svg"))
    assert svgs
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            pytest.fail(f"{svg.name} is not well-formed XML any more: {exc}")
        scripts = [el for el in root.iter() if el.tag.rpartition("}")[2] == "script"]
        assert scripts == [], f"{svg.name}: a <script> element from the base URL"
        hrefs = [
            v
            for el in root.iter()
            if el.tag.rpartition("}")[2] == "a"
            for k, v in el.attrib.items()
            if k.endswith("href")
        ]
        assert hrefs, f"{svg.name} has no links"
        assert [h for h in hrefs if not h.startswith(allowed)] == [], svg.name


def test_exported_svgs_have_no_script_links(
    exports: dict[str, tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    """Icon views drawn for export keep no javascript: link from a Graphviz HTML label."""
    found = {
        svg.name: links
        for svg in sorted(_plain_export(exports).glob("*.svg"))
        if (links := script_links(svg.read_text(encoding="utf-8")))
    }
    assert found == {}, json.dumps(found, indent=1)


def test_figures_md_shows_titles_and_questions_as_text(
    exports: dict[str, tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    """figures.md: view titles and questions with <script>, <img onerror> and an image of
    another host must render as text; the only images are the exported files."""
    text = (_plain_export(exports) / "figures.md").read_text(encoding="utf-8")
    rendered = markdown.markdown(text)
    tags = markup(rendered).tags
    assert {tag for tag, _ in tags} <= {"h1", "p", "img", "em"}, sorted({t for t, _ in tags})
    sources = [attrs.get("src", "") for tag, attrs in tags if tag == "img"]
    assert sources and all(re.fullmatch(r"[a-z0-9.-]+\.light\.svg", s) for s in sources), sources
    assert event_handlers(rendered) == []
    plain = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert "Functional <img src=x onerror=\"window.__pwned='view-title'\">" in plain


def test_figures_tex_escapes_titles_and_questions(
    exports: dict[str, tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    """The LaTeX snippets of figures and tables: every caption is plain text for LaTeX
    (specials escaped, no commands but the escapes themselves)."""
    folder = _plain_export(exports)
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.tex")}
    figures = [
        c
        for n, t in texts.items()
        if n.endswith(".light.tex")
        for c in re.findall(r"\\caption\{(.*)\}\n", t)
    ]
    assert len(figures) == 5
    captions = [c for t in texts.values() for c in re.findall(r"\\caption\{(.*)\}\n", t)]
    assert len(captions) > 5  # and the tables'
    escapes = re.compile(
        r"\\(?:textbackslash|textasciitilde|textasciicircum|textless|textgreater)\{\}|\\[&%$#_{}]"
    )
    for caption in captions:
        bare = escapes.sub("", caption)
        assert not re.search(r"[\\{}$&#^_%~]", bare), caption


# --- symbolic links -------------------------------------------------------------------------

OUTSIDE = {
    # /etc/passwd-like: YAML reads it as one string
    "passwd": "root:x:0:0:TOP-SECRET-ROOT:/root:/bin/bash\n"
    "daemon:x:1:1:TOP-SECRET-DAEMON:/usr/sbin:/usr/sbin/nologin\n",
    # a secrets file: keys and values that diagnostics quote
    "secrets": "components: TOP-SECRET-TOKEN\nTOP-SECRET-KEY: 1\n",
    # a valid model file: without a refusal its text would be published in the site
    "model": "components:\n  - id: leaked\n    name: TOP-SECRET-NAME\n    group: data\n"
    "    description: TOP-SECRET-DESCRIPTION\n    sources: [paper]\n",
}


@pytest.mark.parametrize("content", list(OUTSIDE))
def test_symlink_out_of_the_architecture_is_refused_without_quoting_its_target(
    tmp_path: Path, content: str
) -> None:
    """architecture/model/evil.yaml → a file outside the project: one error naming the
    link, nothing of the target's content in the output, and no build."""
    project = copy_project("mini", tmp_path / "project")
    target = tmp_path / "outside" / "passwd"
    target.parent.mkdir()
    target.write_text(OUTSIDE[content], encoding="utf-8")
    link = project / "architecture/model/evil.yaml"
    link.symlink_to(target)
    proc = radoc(project, "check")
    output = proc.stdout + proc.stderr
    assert "TOP-SECRET" not in output, output
    assert proc.returncode == 1, output
    errors = [line for line in proc.stdout.splitlines() if ": error [" in line]
    assert len(errors) == 1, output
    assert errors[0].startswith("architecture/model/evil.yaml"), errors[0]
    assert re.search(r"symbolic link|symlink", errors[0], re.I), errors[0]
    build = radoc(project, "build")
    assert build.returncode == 1, build.stderr
    assert "TOP-SECRET" not in build.stderr
    published = [
        p
        for p in project.rglob("*")
        if p.is_file() and "TOP-SECRET" in p.read_text("utf-8", "ignore")
    ]
    assert published == [] or published == [link], published


def test_symlink_in_the_pages_folder_receives_no_writes(tmp_path: Path) -> None:
    """build/pages/assets → a folder outside the project: radoc writes only inside its own
    folders (it may refuse the build, or replace the link, but not write through it)."""
    project = copy_project("mini", tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n", encoding="utf-8")
    pages = project / "build/pages"
    pages.mkdir(parents=True)
    (pages / ".radoc-generated").write_text("This folder is generated by radoc.\n")
    (pages / "assets").symlink_to(outside, target_is_directory=True)
    proc = radoc(project, "build")
    assert sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")) == [
        "precious.txt"
    ], proc.stderr
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "keep me\n"
    assert "Traceback" not in proc.stderr
