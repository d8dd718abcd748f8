"""tests/projects/hostile-2 in a real browser: no payload runs, links or loads anything.

The second hostile project attacks what the first (tests/browser/test_hostile.py) does not: a
DOI and a tool URL holding characters Markdown gives a meaning (those that would close their
link are refused by check: tests/bad_inputs/doi-with-markup, tool-url-attribute-list), names shaped like Graphviz HTML labels in icon views (deployment view, profile diagram),
every Markdown link form the description sanitiser misses, an image of another host inside a
link, admonitions in descriptions, names and reasons in the raw HTML of decision and profile
pages, and removed names on the Changes page (diff_against: previous). Each page kind is
opened; on none may a payload set window.__pwned, a javascript: URL or an on* attribute be in
the DOM, a request leave 127.0.0.1, or the console report an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from ..conftest import copy_project
from .conftest import Build, Session, build, serve
from .test_hostile import TRAP  # any write to window.__pwned is reported to the test

pytestmark = [pytest.mark.browser, pytest.mark.dot]

# What a payload may not leave in the DOM, anywhere in the document (HTML and inline SVG).
LIVE_MARKUP = """() => {
  const found = [];
  const XLINK = 'http://www.w3.org/1999/xlink';
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value;
      if (name.startsWith('on')) found.push(`<${el.localName} ${name}="${value}">`);
      if (/(^|:)(href|src|action|formaction|data|poster|srcset)$/.test(name)
          && /^[\\s\\u0000-\\u001f]*(javascript|vbscript|data):/i.test(value)
          && !/^data:image\\/png;base64,/.test(value)) {
        found.push(`<${el.localName} ${name}="${value}">`);
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('__pwned')) found.push('a payload <script>: ' + s.textContent.trim());
  }
  for (const t of document.querySelectorAll('.admonition-title, summary')) {
    if (t.textContent.includes('INJECTED')) found.push('a description opened: ' + t.textContent.trim());
  }
  for (const img of document.querySelectorAll('img, image')) {
    const src = img.getAttribute('src') ?? img.getAttribute('href') ?? img.getAttributeNS(XLINK, 'href');
    if (!src || src.startsWith('data:')) continue;
    let url;
    try { url = new URL(src, location.href); } catch (e) { continue; }
    if (url.host !== location.host) found.push(`<${img.localName}> from another host: ${src}`);
  }
  return found;
}"""

# Every page kind of the site, with the payloads it shows (see tests/projects/hostile-2).
PAGES = {
    "home": "",
    "element-nested-brackets": "components/ingestion/",
    "element-nested-parens": "components/feature-store/",
    "element-single-quoted-title": "components/registry/",
    "element-two-line-link-text": "components/inference/",
    "element-escaped-bracket": "components/escaped-bracket/",
    "element-bracket-in-code-span": "components/code-bracket/",
    "element-reference-in-list-item": "components/list-refdef/",
    "element-image-in-link": "components/image-link/",
    "element-admonition": "components/admonition/",
    "element-code-badge": "components/code-badge/",
    "element-code-span": "groups/data/",
    "element-html-label-group": "groups/serving/",
    "element-html-label-environment": "environments/production/",
    "element-quality": "qualities/latency/",
    "element-activity-rationale": "activities/approve/",
    "tool-url": "tools/tool-b/",
    "index-components": "components/",
    "index-groups": "groups/",
    "index-environments": "environments/",
    "index-views": "views/",
    "view-functional": "views/functional/",
    "view-deployment": "views/deployment/",
    "view-tools-matrix": "views/tools/",
    "decision": "decisions/inference-style/",
    "index-decisions": "decisions/",
    "profile": "profiles/team-a/",
    "index-profiles": "profiles/",
    "references": "references/",
    "changes": "changes/",
}


@pytest.fixture(scope="session")
def hostile_2_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """tests/projects/hostile-2, built (its Changes page compares with previous/)."""
    return build(copy_project("hostile-2", tmp_path_factory.mktemp("hostile-2-site")))


@pytest.fixture(scope="session")
def hostile_2_url(hostile_2_build: Build) -> Iterator[str]:
    with serve(hostile_2_build.require()) as url:
        yield url


def _armed(session: Session) -> list[tuple[str, str]]:
    """Arm the trap on every page of the session; returns the (value, URL) list it fills."""
    pwned: list[tuple[str, str]] = []
    session.context.expose_function("__radocPwned", lambda value, href: pwned.append((value, href)))
    session.context.add_init_script(TRAP)
    return pwned


def _open(session: Session, url: str) -> None:
    session.page.goto(url)
    # every request done, the search worker's index among them: leaving the page while one
    # is under way would abort it, and an aborted request counts as a problem
    session.page.wait_for_load_state("networkidle")
    session.page.wait_for_timeout(100)  # load handlers of late elements


def _text(page: Any, selector: str) -> str:
    """The text of the first match, whitespace collapsed, without the permalink '¶'."""
    raw = page.locator(selector).first.evaluate(
        """(el) => {
          const copy = el.cloneNode(true);
          copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
          return copy.textContent;
        }"""
    )
    return re.sub(r"\s+", " ", raw).strip()


def test_the_hostile_2_project_builds(hostile_2_build: Build) -> None:
    assert hostile_2_build.returncode == 0, hostile_2_build.stderr
    for path in PAGES.values():
        assert (hostile_2_build.site / path / "index.html").is_file(), path


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_runs_no_payload_and_loads_nothing_from_another_host(
    session: Session, hostile_2_url: str, path: str
) -> None:
    """Open the page: no payload ran, no live payload markup (javascript: URLs, on*
    attributes, payload scripts, images of other hosts, admonitions from descriptions) in
    the whole DOM, no request left 127.0.0.1, no console error."""
    pwned = _armed(session)
    _open(session, hostile_2_url + path)
    found: list[str] = session.page.evaluate(LIVE_MARKUP)
    found += [f"a payload ran: window.__pwned={value} on {href}" for value, href in pwned]
    found += [f"a request to another host: {url}" for url in session.external]
    found += session.problems()
    assert found == [], "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("path", ["groups/data/", "groups/"], ids=["element-page", "index-page"])
def test_code_span_in_a_description_shows_its_text_literally(
    session: Session, hostile_2_url: str, path: str
) -> None:
    """`a < b && c` in a description: the reader sees a < b && c inside the code."""
    _open(session, hostile_2_url + path)
    codes = session.page.locator("article code").all_text_contents()
    assert "a < b && c" in codes, codes


def test_icon_view_draws_html_label_names_as_text(session: Session, hostile_2_url: str) -> None:
    """The deployment view draws the environment, the component and the edge label named
    like Graphviz HTML labels as the text written in the YAML."""
    _open(session, hostile_2_url + "views/deployment/")
    drawn = re.sub(
        r"\s+",
        " ",
        " ".join(session.page.locator("div.radoc-diagram svg text").all_text_contents()),
    )
    for name in ("deployment-cluster", "deployment-node", "deployment-edge"):
        assert f"window.__pwned='{name}'" in drawn, drawn


def test_payload_names_are_shown_as_text(session: Session, hostile_2_url: str) -> None:
    page = session.page
    problems: list[str] = []

    def expect(where: str, actual: str, expected: str) -> None:
        if expected not in actual:
            problems.append(f"{where}: {expected!r} is not in {actual!r}")

    _open(session, hostile_2_url + "decisions/inference-style/")
    expect(
        "decision h1", _text(page, "article h1"), "<script>window.__pwned='decision-name'</script>"
    )
    expect(
        "option tab",
        _text(page, "article .tabbed-labels"),
        '"></label><svg onload="window.__pwned=\'option-tab\'">',
    )
    _open(session, hostile_2_url + "profiles/team-a/")
    expect(
        "profile h1",
        _text(page, "article h1"),
        "<img src=x onerror=\"window.__pwned='profile-name'\">",
    )
    _open(session, hostile_2_url + "references/")
    expect("DOI", _text(page, "article"), "10.1000/x_(y);z:w")
    _open(session, hostile_2_url + "tools/tool-b/")
    expect("tool URL", _text(page, "article"), "https://example.org/a_(b)*c*[d]")
    _open(session, hostile_2_url + "changes/")
    expect(
        "removed element",
        _text(page, "article"),
        "[removed](javascript:window.__pwned=/removed-name-link/)",
    )
    assert problems == [], "\n".join(problems)
    assert session.problems() == [], "\n".join(session.problems())
