"""The site Zensical builds (`radoc build --engine zensical`), read in the browser: diagrams
show, level tabs switch, a node click opens the element's page; and every link of the
default site built with Zensical resolves."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from ..conftest import copy_project
from ..sitecheck import broken_links
from . import test_hostile
from .conftest import Build, Session, serve

pytestmark = [pytest.mark.browser, pytest.mark.dot, pytest.mark.slow]

H1_TEXT = """() => {
  const h1 = document.querySelector('article h1');
  const copy = h1.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
  return copy.textContent.trim();
}"""


def _zensical_build(project: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radoc", "build", "--engine", "zensical", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="session")
def zensical_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project("mini", tmp_path_factory.mktemp("zensical-site"))
    proc = _zensical_build(project)
    assert proc.returncode == 0, proc.stderr
    with serve(project / "site") as url:
        yield url


def _node(page: Any, element_id: str) -> Any:
    return page.locator("div.radoc-diagram g.node").filter(
        has=page.locator(f"xpath=./*[local-name()='title'][normalize-space()='{element_id}']")
    )


def test_a_diagram_shows_with_its_styles_and_script(session: Session, zensical_url: str) -> None:
    page = session.page
    page.goto(zensical_url + "views/functional/")
    diagram = page.locator("div.radoc-diagram").first
    expect(diagram).to_be_visible()
    box = diagram.locator("svg.radoc-svg").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    assert diagram.locator("svg.radoc-svg g.node").count() >= 4
    # radoc's style sheets load, and radoc-zoom.js ran on the diagram
    assert page.locator("link[href$='assets/radoc/radoc.css']").count() == 1
    assert page.locator("link[href$='assets/radoc/radoc-zoom.css']").count() == 1
    expect(diagram).to_have_attribute("data-radoc-zoom", re.compile(r"^(ready|none)$"))
    assert session.problems() == [] and session.external == []


def test_level_tabs_switch_the_diagram(session: Session, zensical_url: str) -> None:
    page = session.page
    page.goto(zensical_url + "views/workflow/")
    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    diagrams = tabs.locator(".tabbed-content > .tabbed-block div.radoc-diagram")
    assert labels.count() == 2 and diagrams.count() == 2
    expect(diagrams.nth(0)).to_be_visible()
    expect(diagrams.nth(1)).to_be_hidden()
    labels.nth(1).click()
    expect(diagrams.nth(1)).to_be_visible()
    expect(diagrams.nth(0)).to_be_hidden()
    assert diagrams.nth(1).locator("svg g.node").count() > 0
    labels.nth(0).click()
    expect(diagrams.nth(0)).to_be_visible()
    assert session.problems() == [] and session.external == []


def test_a_node_click_opens_the_element_page(session: Session, zensical_url: str) -> None:
    page = session.page
    page.goto(zensical_url + "views/functional/")
    node = _node(page, "registry")
    expect(node).to_have_count(1)
    node.locator("a").first.click()
    page.wait_for_url(re.compile(r"/components/registry/$"))
    assert page.evaluate(H1_TEXT) == "Model registry"
    # and from there, a link in raw HTML (the context diagram's "Open full size")
    full = page.locator("p.radoc-diagram-actions a", has_text="Open full size").first
    href = full.get_attribute("href")
    assert href == "../../assets/radoc/diagrams/context.registry.svg"
    response = page.request.get(zensical_url + "assets/radoc/diagrams/context.registry.svg")
    assert response.ok
    assert session.problems() == [] and session.external == []


def test_a_matrix_cell_link_opens_the_element_page(session: Session, zensical_url: str) -> None:
    """Matrix tables are raw HTML: the links that broke under Zensical before."""
    page = session.page
    page.goto(zensical_url + "views/tools/")
    link = page.locator("article table a", has_text="Model registry").first
    link.click()
    page.wait_for_url(re.compile(r"/components/registry/$"))
    assert page.evaluate(H1_TEXT) == "Model registry"
    assert session.problems() == [] and session.external == []


def test_every_link_of_the_default_site_built_with_zensical_resolves(
    default_build: Build,
) -> None:
    """The repository's own architecture: built with Zensical beside the MkDocs site of the
    same project (whose diagrams are cached by then), strictly (Zensical finds nothing to warn
    about in radoc's pages), with 0 broken links."""
    default_build.require()
    proc = _zensical_build(default_build.project, "--strict", "-d", "site-zensical")
    assert proc.returncode == 0, proc.stderr
    site = default_build.project / "site-zensical"
    assert (site / "views/functional/index.html").is_file()
    assert broken_links(site) == []


@pytest.fixture(scope="session")
def zensical_hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """tests/projects/hostile, built with Zensical."""
    project = copy_project("hostile", tmp_path_factory.mktemp("zensical-hostile"))
    proc = _zensical_build(project)
    return Build(project, proc.returncode, proc.stderr)


def test_no_payload_runs_on_any_page_of_the_zensical_site(
    session: Session, zensical_hostile_build: Build
) -> None:
    """Zensical renders the navigation, titles and tables with its own templates: the hostile
    project's payloads stay text there too (the same walk as for the MkDocs site)."""
    with serve(zensical_hostile_build.require()) as url:
        test_hostile.test_no_payload_runs_on_any_page(session, zensical_hostile_build, url)
