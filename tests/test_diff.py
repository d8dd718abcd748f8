"""`radoc diff` and the Changes page: two versions of the example project in a git repository."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from radoc.diff import compare_models, load_version
from radoc.pages.changes import changed_view_plans
from radoc.render.dot import plan_to_dot

from .conftest import copy_project

LEGACY = """\
  - id: legacy
    name: Legacy exporter
    group: data
    description: Copies data out of the old warehouse.
    sources: [paper]
"""
LEGACY_REL = """\
  - from: legacy
    to: registry
    verb: feeds
    sources: [paper]
  - from: production
    to: legacy
    verb: hosts
    sources: [paper]
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=radoc@example.org", "-c", "user.name=radoc", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project("mini", tmp_path_factory.mktemp("diff"))
    arch = project / "architecture"
    components = arch / "model/components.yaml"
    # version 1: the example plus a legacy component that version 2 drops
    edit(components, "roles:\n", LEGACY + "roles:\n")
    edit(components, "relationships:\n", "relationships:\n" + LEGACY_REL)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "v1")
    git(project, "tag", "v1")
    # version 2 (the working tree)
    edit(components, LEGACY, "")
    edit(components, LEGACY_REL, "")
    edit(
        components,
        "roles:\n",
        "  - id: monitor\n    name: Model monitor\n    group: serving\n    description: Watches predictions.\n    sources: [paper]\nroles:\n",
    )
    edit(
        components,
        "relationships:\n",
        "relationships:\n  - {from: inference, to: monitor, verb: feeds, sources: [paper]}\n"
        "  - {from: production, to: monitor, verb: hosts, sources: [paper]}\n",
    )
    edit(components, "    name: Feature store\n", "    name: Feature platform\n")
    edit(
        components,
        "description: Stores trained models with their versions.",
        "description: Stores trained models, their versions and stages.",
    )
    edit(
        components,
        "  - from: data-scientist\n    to: registry\n    verb: uses\n    sources: [paper]\n",
        "",
    )
    edit(
        arch / "model/workflow.yaml",
        "      lv-0: manual\n      lv-1: automated\n    description: Answers",
        "      lv-0: manual\n      lv-1: {mode: human-in-the-loop, rationale: Checked by hand.}\n    description: Answers",
    )
    edit(
        arch / "model/workflow.yaml",
        'inference: {coverage: partial, note: "Only a local server."}',
        "inference: full",
    )
    edit(arch / "views/groups.yaml", "title: Groups", "title: Component groups")
    edit(arch / "views/functional.yaml", "  direction: LR\n", "  direction: TB\n")
    edit(arch / "views/groups.yaml", "  kinds: [group]\n", "  kinds: [group]\n  tags: [core]\n")
    return project


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_text_output_names_every_kind_of_change(repo: Path) -> None:
    proc = radoc(repo, "diff", "v1")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for line in [
        "radoc diff v1 → working tree",
        "Elements added:\n  + component monitor (Model monitor)",
        "Elements removed:\n  - component legacy (Legacy exporter)",
        "Elements renamed:\n  ~ component feature-store: Feature store → Feature platform",
        "  ~ component registry description: Stores trained models with their versions. → Stores trained models, their versions and stages.",
        "Relationships added:\n  + inference feeds monitor",
        "Relationships removed:\n  - legacy feeds registry\n  - production hosts legacy\n"
        "  - data-scientist uses registry",
        "  ~ view groups title: Groups → Component groups",
        # settings inside a mapping are named by their YAML keys and told in words
        "  ~ view functional layout.direction: LR → TB",
        "  ~ view groups include.tags: adds core",
        "  ~ view functional elements: +monitor -legacy",
        "Automation:\n  ~ Serve predictions at lv-1: automated → human-in-the-loop",
        "Tool coverage:\n  ~ Tool A on inference: partial → full",
    ]:
        assert line in out, line


def test_json_output(repo: Path) -> None:
    proc = radoc(repo, "diff", "v1", "--format", "json")
    data = json.loads(proc.stdout)
    assert [c["id"] for c in data["added"]] == ["monitor"]
    assert [c["id"] for c in data["removed"]] == ["legacy"]
    assert data["renamed"] == [
        {
            "id": "feature-store",
            "kind": "component",
            "old": "Feature store",
            "new": "Feature platform",
        }
    ]
    assert data["automation"] == [
        {
            "activity": "serve",
            "name": "Serve predictions",
            "level": "lv-1",
            "old": "automated",
            "new": "human-in-the-loop",
        }
    ]
    assert data["coverage"] == [
        {
            "tool": "tool-a",
            "name": "Tool A",
            "component": "inference",
            "old": "partial",
            "new": "full",
        }
    ]
    assert sorted(c["id"] for c in data["relationships_removed"]) == [
        "data-scientist-uses-registry",
        "legacy-feeds-registry",
        "production-hosts-legacy",
    ]


def test_markdown_output(repo: Path) -> None:
    proc = radoc(repo, "diff", "v1", "--format", "markdown")
    assert proc.stdout.startswith("Changes from **v1** to **working tree**.")
    assert (
        "### Automation\n\n- &#126; Serve predictions at lv-1: automated → human-in-the-loop"
        in proc.stdout
    )


def test_two_folders_and_no_changes(repo: Path) -> None:
    proc = radoc(repo, "diff", "architecture", "architecture")
    assert proc.returncode == 0
    assert proc.stdout.endswith("no changes\n")


def test_text_names_each_kind_as_the_architecture_calls_it(tmp_path: Path) -> None:
    old = copy_project("bigdata", tmp_path / "old")
    new = copy_project("bigdata", tmp_path / "new")
    edit(
        new / "architecture/model/layers.yaml",
        "name: Big Data Application Provider",
        "name: Application Provider",
    )
    versions = str(old / "architecture"), str(new / "architecture")
    proc = radoc(tmp_path, "diff", *versions)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith(  # a group is a layer there
        "Elements renamed:\n"
        "  ~ layer application-provider: Big Data Application Provider → Application Provider\n"
    )
    machine = radoc(tmp_path, "diff", *versions, "--format", "json")
    assert json.loads(machine.stdout)["renamed"][0]["kind"] == "group"  # the schema's key


def test_highlighted_dot(repo: Path, golden: Callable[[str, str], None]) -> None:
    old, _ = load_version("v1", repo / "architecture")
    new, _ = load_version(None, repo / "architecture")
    plans = {p.key: p for p in changed_view_plans(old, new, compare_models(old, new, "v1", "now"))}
    assert sorted(plans) == ["changes.deployment", "changes.functional"]
    # a deployment view is drawn as a deployment: environments and icons, placements marked
    deployment = plans["changes.deployment"]
    assert deployment.engine == "diagrams"
    assert [c.id for c in deployment.clusters] == ["staging", "production", "canary"]
    nodes = {n.id: n for n in deployment.nodes}
    assert "diff-added" in nodes["production--monitor"].classes
    removed = nodes["production--legacy"]
    assert "diff-removed" in removed.classes and removed.strike and removed.link is None
    assert not {"diff-added", "diff-removed"} & set(nodes["production--registry"].classes)
    dot = plan_to_dot(plans["changes.functional"])
    assert re.search(r'monitor \[label="\+  Model monitor".*class="kind-component diff-added"', dot)
    assert re.search(
        r"legacy \[label=<<S>−  Legacy exporter</S>>.*class=\"kind-component diff-removed\"", dot
    )
    golden("mini/dot/changes.functional.dot", dot)


def test_an_invalid_revision_reports_its_diagnostics(repo: Path) -> None:
    components = repo / "architecture/model/components.yaml"
    good = components.read_text(encoding="utf-8")
    components.write_text(
        good.replace(
            "group: serving\n    description: Watches", "group: servng\n    description: Watches"
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "broken")
    git(repo, "tag", "broken")
    components.write_text(good, encoding="utf-8")
    proc = radoc(repo, "diff", "broken")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "radoc: broken does not validate:" in proc.stderr
    assert (
        "architecture/model/components.yaml:" in proc.stderr
        and "group 'servng' is not defined (did you mean 'serving'?)" in proc.stderr
    )
    unknown = radoc(repo, "diff", "no-such-tag")
    assert (
        unknown.returncode == 1
        and "'no-such-tag' is neither a folder nor a git revision" in unknown.stderr
    )
    assert "Traceback" not in unknown.stderr


@pytest.mark.dot
@pytest.mark.slow
def test_changes_page_in_the_site(repo: Path) -> None:
    from .sitecheck import broken_links

    config = repo / "mkdocs.yml"
    edit(config, "  - radoc\n", "  - radoc:\n      diff_against: v1\n")
    proc = radoc(repo, "build")
    assert proc.returncode == 0, proc.stderr
    page = (repo / "site/changes/index.html").read_text(encoding="utf-8")
    assert 'href="../components/monitor/"' in page
    assert "<del>Legacy exporter</del>" in page
    assert 'id="diagram-changes.functional"' in page
    assert broken_links(repo / "site") == []


def test_a_revision_with_an_absolute_symlink_is_one_line(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    (project / "architecture/model/link.yaml").symlink_to("/etc/hostname")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "with a link")
    (project / "architecture/model/link.yaml").unlink()
    proc = radoc(project, "diff", "HEAD")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "which radoc will not extract" in proc.stderr


def test_diagnostics_of_a_revision_name_its_own_files(tmp_path: Path) -> None:
    """Files of an old revision are named architecture/..., not a temporary folder."""
    broken = copy_project("mini", tmp_path)
    edit(broken / "architecture/model/components.yaml", "group: data", "group: dta")
    git(broken, "init", "-q")
    git(broken, "add", "-A")
    git(broken, "commit", "-qm", "broken")
    proc = radoc(broken, "diff", "HEAD")
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if "error [" in line]
    assert lines and all(line.startswith("architecture/model/components.yaml:") for line in lines)
