"""radoc publishes any reference architecture: a second one, of another field (big data
systems), with nested groups, styles by tag and group, no levels and its own words, and a
project started with `radoc init`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from radoc.build import (
    BuildOptions,
    build_outputs,
    element_diagram_plans,
    plan_source,
    plan_view,
)
from radoc.model import Model
from radoc.pages.variation import relationship_counts
from radoc.plan import with_style_legend
from radoc.plan.profile import plan_concrete
from radoc.profile_template import profile_template
from radoc.profiles import analyse_profile
from radoc.render.graphviz_run import Renderer
from radoc.render.icons import plan_to_diagrams_dot
from radoc.schema import KindWords, SettingsFile
from radoc.validate import validate_project
from radoc.vocabulary import words_for

from .conftest import PROJECTS, REPO, copy_project

BIGDATA = PROJECTS / "bigdata"

# words of the MLOps architecture and of its levels and automation: none may reach the pages
# of an architecture whose own sources do not use them
DOMAIN_WORDS = (
    "mlops",
    "machine learning",
    "maturity",
    "human",
    "a person",
    "people",
    "workflow",
    "manual",
    "automat",
    "level",
    "model registry",
    "training",
)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=cwd,
        env={
            "PYTHONPATH": str(REPO / "generator"),
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def model() -> Model:
    result = validate_project(BIGDATA / "architecture")
    assert result.model is not None, result.diagnostics
    assert not result.diagnostics, result.diagnostics  # passes --strict
    return result.model


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project("bigdata", tmp_path_factory.mktemp("bigdata"))
    # a hand-written page opens the generated index of the layers
    (project / "docs" / "groups").mkdir()
    (project / "docs" / "groups" / "index.md").write_text(
        "# How the layers stack\n\nTwo providers, [back home](../index.md).\n", encoding="utf-8"
    )
    proc = run(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    return project


def markdown_pages(project: Path) -> dict[str, str]:
    """The generated Markdown of a project, by page path (built in process, no site)."""
    result = validate_project(project / "architecture")
    assert result.model is not None, result.diagnostics
    assert not result.diagnostics, [str(d) for d in result.diagnostics]  # passes --strict
    out = build_outputs(result.model, BuildOptions(project, downloads=False), Renderer(None))
    return {f.path: f.data.decode("utf-8") for f in out.files if f.path.endswith(".md")}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return markdown_pages(BIGDATA)


def _sources_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8").lower()
        for p in sorted((BIGDATA / "architecture").rglob("*.yaml"))
    )


def _visible_text(html: str) -> str:
    """The words a reader sees: no tags, attributes or scripts (tooltips kept)."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    titles = " ".join(re.findall(r'(?:title|aria-label)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + titles


@pytest.mark.slow
@pytest.mark.dot
def test_no_word_of_another_domain_reaches_the_pages(built: Path) -> None:
    own = _sources_text()
    found: dict[str, list[str]] = {}
    pages = [*(built / "site").rglob("*.html"), *(built / "site").rglob("*.svg")]
    assert len(pages) > 30
    for page in pages:
        if page.parts[-2:] == ("search", "search_index.json"):
            continue
        text = _visible_text(page.read_text(encoding="utf-8")).lower()
        for word in DOMAIN_WORDS:
            if word in text and word not in own:
                found.setdefault(word, []).append(str(page.relative_to(built / "site")))
    assert not found, found


@pytest.mark.slow
@pytest.mark.dot
def test_the_architectures_own_words_name_pages_and_navigation(built: Path) -> None:
    roles = (built / "site" / "roles" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="actors">Actors</h1>' in roles
    assert "The actors of a big data system" in roles
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    for entry in ("Actors", "Provider layers", "Capabilities", "Tools"):
        assert f'<span class="md-ellipsis">\n    \n  \n    {entry}' in home or entry in home
    collection = (built / "site" / "components" / "collection" / "index.html").read_text(
        encoding="utf-8"
    )
    assert ">capability</span>" in collection
    layers = (built / "site" / "groups" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="how-the-layers-stack">How the layers stack</h1>' in layers
    assert 'Two providers, <a href="../">back home</a>' in layers
    assert 'href="application-provider/">Big Data Application Provider</a>' in layers
    assert "The layers that provide" not in layers
    # no level, automation or human-decision section where the architecture has no levels
    profile = (built / "site" / "profiles" / "open-source" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Human decision points" not in profile
    assert "Choices" in profile


@pytest.mark.slow
@pytest.mark.dot
def test_the_elements_section_has_its_own_page_and_an_entry_per_kind(built: Path) -> None:
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([a-z]+/)" class="md-nav__link', home)
    start = links.index("elements/")
    # the section's page, then every kind's index: none hides behind the section's title
    assert links[start : start + 6] == [
        "elements/",
        "roles/",
        "groups/",
        "components/",
        "environments/",
        "tools/",
    ]
    page = (built / "build" / "pages" / "elements" / "index.md").read_text(encoding="utf-8")
    assert "| [Actors](../roles/index.md) | 3 | The actors of a big data system" in page
    assert "| [Capabilities](../components/index.md) | 13 |" in page
    # an organization as author is cited by its whole name
    collection = (built / "build" / "pages" / "components" / "collection.md").read_text(
        encoding="utf-8"
    )
    assert "NIST Big Data Public Working Group 2019" in collection


@pytest.mark.slow
@pytest.mark.dot
def test_a_zoomed_group_lists_the_elements_of_no_group_it_draws(built: Path) -> None:
    page = (built / "build" / "pages" / "views" / "layers" / "application-provider.md").read_text(
        encoding="utf-8"
    )
    table = page.split("## Elements in this view", 1)[1].split("## Relationships", 1)[0]
    # the actors are nodes of the drawing (they belong to no layer): listed with the layer's own
    for row in (
        "| [Collection](../../components/collection.md) | capability |",
        "| [System Orchestrator](../../roles/system-orchestrator.md) | actor |",
        "| [Data Consumer](../../roles/data-consumer.md) | actor |",
    ):
        assert row in table, row
    assert "Big Data Framework Provider" not in table  # another layer: a row of a dashed box


def test_views_include_by_group_all_the_way_down(model: Model) -> None:
    framework = model.view("framework")
    # the group itself (drawn as the outer frame, listed, and its page says the view uses it)
    assert set(framework.members) == {
        "framework-provider",
        "infrastructure",
        "platforms",
        "processing",
        "compute-storage",
        "file-systems",
        "databases",
        "batch",
        "streaming",
        "messaging",
    }
    assert model.in_group("framework-provider")[:3] == ["infrastructure", "platforms", "processing"]
    assert model.top_group("processing") == "framework-provider"


@pytest.mark.dot
def test_nested_groups_are_clusters_inside_their_parents_cluster(model: Model) -> None:
    (plan,) = plan_view(model, model.view("framework"))
    parents = {c.id: c.parent for c in plan.clusters}
    assert parents == {
        "framework-provider": None,
        "infrastructure": "framework-provider",
        "platforms": "framework-provider",
        "processing": "framework-provider",
    }
    dot = plan_source(plan)
    outer = dot.index('subgraph "cluster_framework-provider"')
    inner = dot.index("subgraph cluster_processing")
    assert outer < inner
    # the overview draws the outermost groups only, each linking to its zoomed page
    overview = plan_view(model, model.view("layers"))
    # (in the order that crosses least, not declaration order)
    assert sorted(n.id for n in overview[0].nodes if n.kind == "group") == [
        "application-provider",
        "fabrics",
        "framework-provider",
    ]
    # zoomed into a group, the groups nested in it are clusters (the group itself is the page)
    zoomed = next(p for p in overview if p.key == "layers..framework-provider")
    clusters = {c.id: c.parent for c in zoomed.clusters}
    assert clusters == {"infrastructure": None, "platforms": None, "processing": None}


def test_styles_by_tag_and_group_draw_and_explain_themselves(model: Model) -> None:
    (plan,) = plan_view(model, model.view("framework"))
    batch = next(n for n in plan.nodes if n.id == "batch")
    assert (batch.swatch.fill, batch.swatch.stroke, batch.shape) == (
        "#e0f2fe",
        "#0369a1",
        "cylinder",
    )
    labels = [e.label for e in plan.legend]
    assert "framework capability" in labels
    assert "capability" not in labels  # every capability here is drawn in the style
    (app,) = plan_view(model, model.view("application"))
    fabric = next(n for n in app.nodes if n.id == "management")
    assert fabric.style.endswith("dashed")
    assert [e.label for e in app.legend if e.label.startswith("cross")] == ["cross-cutting fabric"]
    # unstyled capabilities keep the kind's colours and its legend entry, in the RA's word
    assert "capability" in [e.label for e in app.legend]


def test_a_profile_without_icons_draws_cards_in_nested_groups(model: Model) -> None:
    (profile,) = model.profiles
    analysis = analyse_profile(model, profile)
    plan = plan_concrete(model, analysis)
    assert {c.id: c.parent for c in plan.clusters} == {
        "application-provider": None,
        "framework-provider": None,
        "infrastructure": "framework-provider",
        "platforms": "framework-provider",
        "processing": "framework-provider",
        "fabrics": None,
    }
    # no element, tool or group names an icon: every node is a card, a gap a red-dashed one
    assert all(n.icon is None for n in plan.nodes)
    assert plan.legend[0].label == "capability (and its tool)"  # the architecture's word
    # no capability is covered only partly: the legend does not explain 'partly'
    assert not analysis.partial
    assert [e.label for e in plan.legend] == [
        "capability (and its tool)",
        "no tool: a coverage gap (red dashed border)",
    ]
    dot = plan_to_diagrams_dot(plan)
    assert "image=" not in dot.replace('image=""', "")
    gap = dot[dot.index("\tvisualization [") :].split("]\n", 1)[0]
    assert 'style="filled,rounded,dashed"' in gap and 'color="#b91c1c"' in gap
    assert dot.index('"cluster_framework-provider"') < dot.index("cluster_processing")


def test_a_deployment_view_places_by_its_verbs_in_the_architectures_styles(model: Model) -> None:
    (plan,) = plan_view(model, model.view("sites"))
    nodes = {n.id: n for n in plan.nodes}
    # placed by 'runs in' (the view's placement verbs), in the environment each runs in
    assert {n.cluster for n in plan.nodes} == {"data-centre", "cloud"}
    batch, fabric = nodes["data-centre--batch"], nodes["data-centre--security-privacy"]
    assert (batch.shape, batch.swatch.fill) == ("cylinder", "#e0f2fe")  # tag style
    assert fabric.style.endswith("dashed")  # group style, with its parent's fabric border
    assert nodes["cloud--access"].shape == "box"
    labels = [e.label for e in plan.legend]
    assert labels[:2] == ["site", "capability"]  # no icon drawn: no word of icons
    assert "between sites (read along the arrow)" in labels
    assert {"framework capability", "cross-cutting fabric"} <= set(labels)
    dot = plan_to_diagrams_dot(plan)
    # the data centre names an icon: drawn before its name in the cluster's label
    centre = dot[dot.index('subgraph "cluster_data-centre"') :].split("\n", 2)[1]
    assert '<IMG SRC="onprem/compute/server.png" SCALE="TRUE"/>' in centre
    assert '<TD CELLPADDING="4">Data centre</TD>' in centre
    cloud = dot[dot.index("subgraph cluster_cloud") :].split("\n", 2)[1]
    assert 'label="Public cloud"' in cloud and "<IMG" not in cloud


def test_a_styled_element_keeps_its_legend_entry_in_its_context_diagram(model: Model) -> None:
    plans = [with_style_legend(model, p) for p, _ in element_diagram_plans(model)["batch"]]
    context = next(p for p in plans if p.key == "context.batch")
    centre = next(n for n in context.nodes if n.id == "batch")
    assert "focus" in centre.classes and centre.shape == "cylinder"
    assert "framework capability" in [e.label for e in context.legend]


def test_profile_new_needs_no_level_without_levels(tmp_path: Path) -> None:
    project = copy_project("bigdata", tmp_path)
    made = run(project, "profile", "new", "small-team")
    assert made.returncode == 0, made.stderr
    text = (project / "architecture" / "profiles" / "small-team.yaml").read_text(encoding="utf-8")
    assert "level:" not in text and "automation" not in text and "MLOps" not in text
    refused = run(project, "profile", "new", "other", "--level", "lv-1")
    assert refused.returncode == 1
    assert (
        refused.stderr.strip()
        == "radoc: error: the architecture has no levels; leave out --level lv-1"
    )
    checked = run(project, "check")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
@pytest.mark.dot
def test_init_starts_a_project_that_builds_strict_at_once(tmp_path: Path) -> None:
    made = run(tmp_path, "init", "my-ra", "--title", "My RA")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "my-ra"
    built = run(project, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "views" / "overview" / "index.html").is_file()
    assert "My RA" in (project / "site" / "index.html").read_text(encoding="utf-8")
    # the modelines resolve to the schemas init wrote
    for source in (project / "architecture").rglob("*.yaml"):
        first = source.read_text(encoding="utf-8").splitlines()[0]
        target = first.split("$schema=", 1)[1]
        assert (source.parent / target).resolve().is_file(), source


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    refused = run(tmp_path, "init")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "radoc: error: .: already has mkdocs.yml; radoc init writes only into a folder without "
        "these files and never overwrites one"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"


def test_relationship_counts_leave_out_a_zero_and_agree_in_number() -> None:
    assert relationship_counts(0, 3) == "3 relationships removed"
    assert relationship_counts(1, 0) == "1 relationship added"
    assert relationship_counts(2, 5) == "2 relationships added, 5 removed"
    assert relationship_counts(1, 1) == "1 relationship added, 1 removed"
    assert relationship_counts(0, 0) == ""


@pytest.mark.dot
def test_a_decision_page_counts_its_relationships_in_words(pages: dict[str, str]) -> None:
    page = pages["decisions/processing-style.md"]
    assert "*What it changes:* 1 relationship added, 1 removed." in page
    assert "relationship(s)" not in page


def toolless_copy(dest: Path) -> Path:
    """The big-data architecture as a new user may write one: no tools, no activities and no
    levels; an artifact; roles titled in its own words but with no intro of their own."""
    project = copy_project("bigdata", dest)
    arch = project / "architecture"
    (arch / "model" / "tools.yaml").unlink()
    (arch / "views" / "tools.yaml").unlink()
    profile = arch / "profiles" / "open-source.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text[: text.index("tools:\n")] + text[text.index("decisions:\n") :], encoding="utf-8"
    )
    settings = arch / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace(
        "    title: Actors\n    singular: actor\n"
        "    intro: The actors of a big data system, and what each of them is responsible for.\n",
        "    title: Stakeholders\n    singular: stakeholder\n",
    )
    settings.write_text(text, encoding="utf-8")
    (arch / "model" / "artifacts.yaml").write_text(
        "# yaml-language-server: $schema=../../../../../schema/model.schema.json\n"
        "artifacts:\n"
        "  - id: raw-data\n"
        "    name: Raw data\n"
        "    description: The data as the provider sends it.\n"
        "    sources: [nist-1500-6]\n"
        "relationships:\n"
        "  - {from: collection, verb: produces, to: raw-data, sources: [nist-1500-6]}\n",
        encoding="utf-8",
    )
    view = arch / "views" / "application.yaml"
    text = view.read_text(encoding="utf-8")
    view.write_text(text.replace("kinds: [role]", "kinds: [role, artifact]"), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def toolless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return toolless_copy(tmp_path_factory.mktemp("toolless"))


@pytest.fixture(scope="module")
def toolless_pages(toolless: Path) -> dict[str, str]:
    return markdown_pages(toolless)  # also: no warning for the profile that picks nothing


def _prose(text: str) -> str:
    """A page's Markdown as a reader sees it: no drawings, link targets or tags."""
    text = re.sub(r"<svg\b.*?</svg>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", re.sub(r"\]\([^)]*\)", "]", text))


@pytest.mark.dot
def test_component_pages_speak_of_tools_only_where_the_architecture_has_them(
    pages: dict[str, str], toolless_pages: dict[str, str]
) -> None:
    # with tools: every capability has the section, in the architecture's words
    assert "## Tools that support it" in pages["components/batch.md"]
    assert (
        "No tool in this architecture covers this capability." in pages["components/collection.md"]
    )
    for path, page in toolless_pages.items():
        if path.startswith("components/") and path != "components/index.md":
            assert "## Tools that support it" not in page, path
            assert "No tool in this architecture" not in page, path


@pytest.mark.dot
def test_profiles_without_tools_record_choices_only(
    toolless: Path, toolless_pages: dict[str, str]
) -> None:
    words = ("tool", "seam", "gap", "partly", "in-house")
    page = toolless_pages["profiles/open-source.md"]
    # the badge says what a profile has: no count of tools, gaps or seams
    assert '<span class="radoc-badge">profile</span>\n' in page
    assert [w for w in words if w in page.lower()] == []  # the drawing included
    assert "## Choices" in page and "## The concrete architecture" in page
    assert "## Coverage gaps" not in page and "## Integration seams" not in page
    index = toolless_pages["profiles/index.md"]
    assert [w for w in words if w in index.lower()] == []
    assert (
        "| [Batch or streaming analytics](../decisions/processing-style.md) | Streaming |" in index
    )
    assert "Its page shows the architecture its options make." in index
    # the drawing: capabilities without a tool line, a legend of one entry
    result = validate_project(toolless / "architecture")
    assert result.model is not None
    model = result.model
    plan = plan_concrete(model, analyse_profile(model, model.profiles[0]))
    assert [e.label for e in plan.legend] == ["capability"]
    assert {n.label for n in plan.nodes if n.id == "collection"} == {"Collection"}
    assert all(n.classes == () for n in plan.nodes)
    # `radoc profile new` lists the decisions only, and what it writes passes --strict
    text = profile_template(model, "small-team", None, "../../schema/profile.schema.json")
    assert "tool" not in text and "tools:" not in text
    assert "decisions:\n  # Batch or streaming analytics: batch (baseline), streaming\n" in text
    (toolless / "architecture" / "profiles" / "small-team.yaml").write_text(text, encoding="utf-8")
    try:
        checked = validate_project(toolless / "architecture")
        assert checked.model is not None and not checked.diagnostics, [
            str(d) for d in checked.diagnostics
        ]
    finally:
        (toolless / "architecture" / "profiles" / "small-team.yaml").unlink()


@pytest.mark.dot
def test_every_sentence_names_a_kind_in_the_architectures_words(
    pages: dict[str, str], toolless_pages: dict[str, str]
) -> None:
    # a capability's badge names its group by the group kind's singular, as group pages do
    assert (
        "· in layer [Processing frameworks](../groups/processing.md)"
        in pages["components/batch.md"]
    )
    assert "in group" not in pages["components/batch.md"]
    assert "in layer [Big Data Framework Provider]" in pages["groups/processing.md"]
    # the engine's own intros speak in the kinds' words
    assert (
        "The tools, and the capabilities each of them covers fully or partly."
        in pages["tools/index.md"]
    )
    roles = toolless_pages["roles/index.md"]
    assert "The stakeholders that take part, and what each of them cares about." in roles
    assert "roles" not in roles.lower()
    # no activities: the artifacts' intro does not speak of them
    artifacts = toolless_pages["artifacts/index.md"]
    assert "The artifacts that the elements of the architecture produce and consume." in artifacts
    assert "activit" not in artifacts.lower()
    # profiles, in the architecture's words
    profile = _prose(pages["profiles/open-source.md"])
    assert (
        "Every capability of the reference architecture, after the choices above, with the tool "
        "this team uses for it." in profile
    )
    assert "**5 capabilities with no tool:**" in profile
    assert "components" not in profile.lower()
    index = pages["profiles/index.md"]
    assert "## Tools per capability" in index
    assert "| Capabilities with no tool | 5 |" in index
    assert "a tool (or none, or an in-house solution) for each capability" in index
    assert "component" not in _prose(index).lower()
    for path, page in {**pages, **toolless_pages}.items():
        assert "component" not in _prose(page).lower(), path


def test_default_intros_take_the_kinds_words() -> None:
    settings = SettingsFile(
        kinds={
            "role": KindWords(title="Stakeholders", singular="stakeholder"),
            "group": KindWords(title="Tiers", singular="tier"),
            "component": KindWords(title="IoT devices", singular="IoT device"),
        }
    )
    assert words_for(settings, "role").intro == (
        "The stakeholders that take part, and what each of them cares about."
    )
    assert words_for(settings, "group").intro == "The tiers that sort the IoT devices."
    assert words_for(settings, "component").intro == "The IoT devices of the architecture, by tier."
    assert words_for(settings, "artifact").intro == "What the activities produce and consume."
    assert words_for(settings, "artifact", {"component", "artifact"}).intro == (
        "The artifacts that the elements of the architecture produce and consume."
    )
    # an intro of the architecture's own, even an empty one, wins
    own = SettingsFile(kinds={"role": KindWords(intro="")})
    assert words_for(own, "role").intro == ""
    assert words_for(settings, "component").a == "an IoT device"
    assert words_for(settings, "group").a == "a tier"
