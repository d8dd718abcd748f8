"""The default site loads cleanly and entirely from the local server (it works offline)."""

from __future__ import annotations

import pytest

from .conftest import Session

pytestmark = [pytest.mark.browser, pytest.mark.dot]

PAGES = ["", "views/functional/", "views/workflow/", "components/model-registry/"]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "landing")
def test_page_loads_without_errors(session: Session, default_url: str, path: str) -> None:
    page = session.page
    response = page.goto(default_url + path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").count() == 1
    assert session.problems() == []
    assert session.external == []


def test_nothing_leaves_the_local_server(session: Session, default_url: str) -> None:
    page = session.page
    for path in ("", "views/functional/"):
        page.goto(default_url + path)
        # let the search worker, fonts and icons load whatever they load on their own
        page.wait_for_load_state("networkidle")
    assert session.requests, "no request was recorded at all"
    elsewhere = [u for u in session.requests if not u.startswith((default_url, "data:", "blob:"))]
    assert elsewhere == [], "requests that leave 127.0.0.1 (the site must work offline)"
    assert any(u.endswith(".css") for u in session.requests)
    assert any(u.endswith(".js") for u in session.requests)
