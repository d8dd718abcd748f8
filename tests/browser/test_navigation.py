"""Reading the default site: diagram nodes link to element pages, search, level tabs."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import Session

pytestmark = [pytest.mark.browser, pytest.mark.dot]

# the h1 without mkdocs' permalink anchor
H1_TEXT = """() => {
  const h1 = document.querySelector('article h1');
  const copy = h1.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
  return copy.textContent.trim();
}"""


def _node(page: Any, element_id: str) -> Any:
    # a Graphviz node: <g class="node"><title>element id</title> ... <a xlink:href> ... </g>
    return page.locator("div.radoc-diagram g.node").filter(
        has=page.locator(f"xpath=./*[local-name()='title'][normalize-space()='{element_id}']")
    )


def test_overview_group_element_navigation_by_clicking(session: Session, default_url: str) -> None:
    """Zoom levels: the overview's group node opens the group's view, whose element node opens
    the element's page, which has its context diagram."""
    page = session.page
    page.goto(default_url + "views/functional/")
    group = _node(page, "model-management")
    expect(group).to_have_count(1)
    group.locator("a").first.click()
    page.wait_for_url(re.compile(r"/views/functional/model-management/$"))
    expect(_node(page, "model-registry")).to_have_count(1)
    _node(page, "model-registry").locator("a").first.click()
    page.wait_for_url(re.compile(r"/components/model-registry/$"))
    assert page.evaluate(H1_TEXT) == "Model registry"
    assert session.problems() == []


def test_clicking_a_diagram_node_opens_its_element_page(session: Session, default_url: str) -> None:
    page = session.page
    page.goto(default_url + "views/functional/model-management/")
    # a Graphviz node: <g class="node"><title>element id</title> ... <a xlink:href> ... </g>
    node = page.locator("div.radoc-diagram g.node").filter(
        has=page.locator("xpath=./*[local-name()='title'][normalize-space()='model-registry']")
    )
    expect(node).to_have_count(1)
    expect(node).to_contain_text("Model registry")
    node.locator("a").first.click()
    page.wait_for_url(re.compile(r"/components/model-registry/$"))
    assert page.url == default_url + "components/model-registry/"
    assert page.evaluate(H1_TEXT) == "Model registry"
    assert session.problems() == []


def test_search_finds_an_element_by_name(session: Session, default_url: str) -> None:
    page = session.page
    page.goto(default_url)
    page.wait_for_load_state("networkidle")  # the search worker has its index
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label.md-header__button[for="__search"]').click()
    box.click()
    # typed key by key: the theme searches on keyboard events, not on a pasted value
    box.press_sequentially("feature store", delay=20)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    expect(results.first).to_be_visible()
    # a result links to the page with the query to highlight: components/feature-store/?h=...
    hit = results.and_(page.locator('[href*="components/feature-store/"]'))
    expect(hit.first).to_be_visible()
    paths = {urlsplit(h).path for h in results.evaluate_all("as => as.map((a) => a.href)")}
    assert "/components/feature-store/" in paths
    hit.first.click()
    page.wait_for_url(re.compile(r"/components/feature-store/(\?.*)?$"))
    assert page.evaluate(H1_TEXT) == "Feature store"
    assert session.problems() == []


def test_workflow_level_tabs_switch_the_diagram(session: Session, default_url: str) -> None:
    page = session.page
    page.goto(default_url + "views/workflow/")
    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    diagrams = tabs.locator(".tabbed-content > .tabbed-block div.radoc-diagram")
    assert labels.count() >= 2 and diagrams.count() == labels.count()
    expect(diagrams.nth(0)).to_be_visible()
    expect(diagrams.nth(1)).to_be_hidden()

    labels.nth(1).click()
    expect(diagrams.nth(1)).to_be_visible()
    expect(diagrams.nth(0)).to_be_hidden()
    assert diagrams.nth(1).locator("svg g.node").count() > 0

    labels.nth(0).click()
    expect(diagrams.nth(0)).to_be_visible()
    expect(diagrams.nth(1)).to_be_hidden()
    assert session.problems() == []


def test_landing_page_answers_its_three_questions_without_zooming(
    session: Session, default_url: str
) -> None:
    """The groups overview, the seams of a profile and the workflow are read where they are:
    at desktop width each fits its column with lettering of 9.5 px or more, and so needs no
    zoom controls."""
    page = session.page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(default_url)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.radoc-diagram')].every(d => d.dataset.radocZoom)"
    )
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.radoc-diagram')].map((d) => {
          const svg = d.querySelector('svg.radoc-svg');
          const drawn = svg.getBoundingClientRect().width;
          const fitted = +svg.dataset.fontPx * Math.min(1, drawn / +svg.dataset.width);
          return [d.id, drawn <= d.getBoundingClientRect().width + 1, fitted >= 9.5,
                  d.querySelectorAll('button').length];
        })"""
    )
    assert shown == [
        ["diagram-functional", True, True, 0],
        ["diagram-workflow.lv-1", True, True, 0],
        ["diagram-seams.small-team-start", True, True, 0],
    ]
    assert session.problems() == []
