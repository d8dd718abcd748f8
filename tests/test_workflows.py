"""The GitHub workflow of this repository and the template for projects that use radoc:
current actions, least privilege, pull requests that never deploy, a site_url for the site."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from radoc.cli import main

from .conftest import REPO

WORKFLOWS = {
    "site": REPO / ".github/workflows/site.yml",
    "template": REPO / "templates/github-pages.yml",
}
DEPLOYS = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
# the first major version of each action that runs on Node 24 (Node 20 is deprecated)
FIRST_NODE24 = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/cache/restore": 5,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,  # v4 still wraps a Node 20 upload-artifact
    "actions/deploy-pages": 5,
}


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOWS[name].read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, spec in workflow["jobs"].items() for step in spec["steps"]]


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_actions_are_current(name: str) -> None:
    used = {}
    for _, step in _steps(_load(name)):
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            assert action in FIRST_NODE24, f"{action} is not one of the known actions"
            assert ref.startswith("v") and ref[1:].isdigit(), ref
            assert int(ref[1:]) >= FIRST_NODE24[action], f"{step['uses']} runs on Node 20"
            used[action] = ref
    assert {"actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(
        used
    )


def test_the_template_uses_the_same_versions_as_this_repository() -> None:
    def versions(name: str) -> dict[str, str]:
        return dict(s["uses"].split("@") for _, s in _steps(_load(name)) if "uses" in s)

    site, template = versions("site"), versions("template")
    assert {a: v for a, v in template.items() if a in site} == {
        a: v for a, v in site.items() if a in template
    }


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_least_privilege(name: str) -> None:
    workflow = _load(name)
    assert workflow["permissions"] == {"contents": "read"}
    for job, spec in workflow["jobs"].items():
        granted = spec.get("permissions", {})
        if job == "deploy":
            assert granted == {"pages": "write", "id-token": "write"}
        else:
            assert "write" not in granted.values(), (job, granted)


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_pull_requests_never_deploy_nor_queue_for_it(name: str) -> None:
    workflow = _load(name)
    assert "pull_request" in workflow["on"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["if"] == DEPLOYS
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    # the run's own group is per branch or pull request, never the deployment's
    assert "github.ref" in workflow["concurrency"]["group"]
    for job, spec in workflow["jobs"].items():
        if job != "deploy":
            assert "concurrency" not in spec
    for _, step in _steps(workflow):
        if step.get("uses", "").startswith(("actions/upload-pages", "actions/configure-pages")):
            assert step["if"] == DEPLOYS, step


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_the_site_is_built_for_its_address(name: str) -> None:
    steps = [step for _, step in _steps(_load(name))]
    pages = [s for s in steps if s.get("uses", "").startswith("actions/configure-pages")]
    assert [s["id"] for s in pages] == ["pages"]
    builds = [s for s in steps if "RADOC_SITE_URL" in s.get("env", {})]
    assert len(builds) == 1
    assert builds[0]["env"]["RADOC_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert builds[0]["run"] in ("make site", "radoc build --strict")
    assert steps.index(pages[0]) < steps.index(builds[0])


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_downloads_are_cached(name: str) -> None:
    steps = [step for _, step in _steps(_load(name))]
    cached = [s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/cache")]
    pip_cached = [s for s in steps if s.get("with", {}).get("cache") == "pip"]
    assert "~/.cache/pip" in cached or pip_cached


def test_the_template_runs_real_radoc_commands() -> None:
    """Every `radoc …` line of the template parses with today's command line."""
    runs = [s["run"] for _, s in _steps(_load("template")) if "radoc " in s.get("run", "")]
    assert len(runs) == 2
    for run in runs:
        args = shlex.split(run)[1:]
        with main.make_context("radoc", list(args)) as ctx:
            command = main.get_command(ctx, args[0])
            assert command is not None, run
            command.make_context(args[0], args[1:], parent=ctx)


def _zizmor() -> str | None:
    beside = Path(sys.executable).parent / "zizmor"
    return str(beside) if beside.is_file() else shutil.which("zizmor")


@pytest.mark.skipif(_zizmor() is None, reason="zizmor is not installed")
def test_zizmor_finds_nothing() -> None:
    files = [str(p) for p in WORKFLOWS.values()]
    proc = subprocess.run(
        [_zizmor() or "zizmor", "--offline", "--config", str(REPO / ".github/zizmor.yml"), *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout


@pytest.mark.skipif(_zizmor() is None, reason="zizmor is not installed")
def test_zizmor_would_flag_an_injection(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    text = WORKFLOWS["template"].read_text(encoding="utf-8")
    bad.write_text(
        text.replace(
            "run: radoc check --strict --format github",
            "run: echo '${{ github.event.pull_request.title }}'",
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [
            _zizmor() or "zizmor",
            "--offline",
            "--config",
            str(REPO / ".github/zizmor.yml"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode != 0
    assert "template-injection" in proc.stdout
