"""Text from YAML is shown as text, never run: tests/projects/hostile in a real browser.

The hostile project names and describes its elements with script elements, event handlers,
javascript: links, attribute lists and DOT-breaking quotes. radoc must build it, and on every
page of the built site no payload may run, no payload may turn into markup, and every payload
must be readable as the text the writer typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import Build, Session

pytestmark = [pytest.mark.browser, pytest.mark.dot]

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
JS_LINK = "[click](javascript:window.__pwned=3)"
ATTR_LIST = '{: onclick="window.__pwned=4" }'
DOT_BREAK = '"]; evil [label="x'
DOT_BREAK_EDGE = '"]; evil2 [label="y'
HTML_LABEL = '<<TABLE><TR><TD HREF="javascript:window.__pwned=5">x</TD></TR></TABLE>>'
SAFE_LINK = "https://example.org/hostile-docs"

# Any assignment to window.__pwned, on any page, is reported to the test (and kept readable).
TRAP = """(() => {
  let value;
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get() { return value; },
    set(v) { value = v; window.__radocPwned(String(v), location.href); },
  });
})();"""

# Marks every link of the article (HTML and SVG) with data-hostile-link=<n>, in document order.
LINKS = """() => {
  const out = [];
  const links = document.querySelectorAll('article a');
  links.forEach((a, n) => {
    const raw = a.getAttribute('href') ?? a.getAttribute('xlink:href')
      ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (raw === null || a.classList.contains('headerlink')) return;
    a.setAttribute('data-hostile-link', String(n));
    let url;
    try { url = new URL(raw, location.href).href; } catch (e) { url = raw; }
    out.push({n, raw, url, svg: a instanceof SVGElement, text: a.textContent.trim()});
  });
  return out;
}"""

# What must not be in a page: payload scripts, event handlers, script URLs, embedded documents.
INJECTED = """() => {
  const found = [];
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('__pwned')) found.push('a <script> runs: ' + s.textContent.trim());
  }
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value;
      if (name.startsWith('on')) found.push(`<${el.localName} ${name}="${value}">`);
      if (/(^|:)(href|src|action|formaction|data)$/.test(name)
          && /^[\\s\\u0000-\\u001f]*(javascript|vbscript|data):/i.test(value)) {
        found.push(`<${el.localName} ${name}="${value}">`);
      }
    }
  }
  for (const el of document.querySelectorAll('article iframe, article object, article embed, article img, article form')) {
    found.push('injected element <' + el.localName + '>');
  }
  return found;
}"""


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as URL paths relative to its root ('' for the home page)."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        paths.append("" if rel == "." else rel + "/")
    return paths


def test_the_hostile_project_builds(hostile_build: Build) -> None:
    """radoc escapes text; no name or description may break the build (or Graphviz)."""
    assert hostile_build.returncode == 0, hostile_build.stderr
    assert (hostile_build.site / "views/functional/index.html").is_file()


def _hostile_session(session: Session) -> list[tuple[str, str]]:
    """Arm the trap on every page; answer example.org links with a stub (nothing leaves).

    Returns the list the trap fills with (value, page URL) for every write to __pwned."""
    pwned: list[tuple[str, str]] = []
    session.context.expose_function("__radocPwned", lambda value, href: pwned.append((value, href)))
    session.context.add_init_script(TRAP)
    session.page.route(
        "https://example.org/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>stub</title>ok"
        ),
    )
    return pwned


def _injected(page: Any) -> list[str]:
    """The payloads that became live markup on ``page``, or ran there."""
    found: list[str] = page.evaluate(INJECTED)
    if page.evaluate("typeof window.__pwned") != "undefined":
        found.append(f"window.__pwned is {page.evaluate('String(window.__pwned)')} on the page")
    return found


def test_no_payload_runs_on_any_page(
    session: Session, hostile_build: Build, hostile_url: str
) -> None:
    """Open every page, click every link of its content (the links of descriptions, tables
    and diagrams), and look for anything that ran or turned into live markup."""
    page = session.page
    pwned = _hostile_session(session)
    popups: list[Any] = []
    session.context.on("page", lambda p: popups.append(p))
    found: dict[str, list[str]] = {}  # what → where

    def note(where: str, issues: list[str]) -> None:
        for issue in issues:
            found.setdefault(issue, []).append(where)

    pages = site_pages(hostile_build.site)
    assert "views/functional/" in pages and "components/image/" in pages
    clicked: set[str] = set()
    left_site: list[str] = []
    for path in pages:
        url = hostile_url + path
        page.goto(url)
        note(path or "home", _injected(page))
        for link in page.evaluate(LINKS):
            target = link["url"]
            if target.split("#")[0] == url:
                continue  # a fragment of this page
            if urlsplit(target).scheme in ("http", "https"):
                if target in clicked:
                    continue  # a page already reached through another link
                clicked.add(target)
            if page.url != url:  # the previous click went somewhere: come back
                page.goto(url)
                page.evaluate(LINKS)
            where = f"{path or 'home'} → {link['raw']}"
            anchor = page.locator(f'[data-hostile-link="{link["n"]}"]')
            # an SVG link is clicked on its label, which nothing else in the drawing covers
            label = anchor.locator("text")
            clickable = label.first if link["svg"] and label.count() else anchor
            try:
                clickable.click(timeout=3000)
            except Exception:  # covered or not visible: activate it from the keyboard
                anchor.focus()
                page.keyboard.press("Enter")
            page.wait_for_load_state("load")
            note(where, _injected(page))
            if not page.url.startswith(hostile_url):
                left_site.append(page.url)
            for popup in popups:  # target="_blank"
                popup.wait_for_load_state("load")
                note(f"{where} (new tab {popup.url})", _injected(popup))
                popup.close()
            popups.clear()
    for value, href in pwned:
        note(href.removeprefix(hostile_url) or "home", [f"a payload ran: window.__pwned={value}"])
    report = []
    for issue, where in found.items():
        places = list(dict.fromkeys(where))
        more = f" and {len(places) - 3} more" if len(places) > 3 else ""
        report.append(f"{issue}\n    at {'; '.join(places[:3])}{more}")
    assert report == [], f"{len(report)} payload(s) ran or became markup:\n" + "\n".join(report)
    # the http link of a description stayed a link, and clicking it went there
    assert SAFE_LINK in left_site, left_site
    assert {urlsplit(u).scheme for u in left_site} <= {"https"}, left_site
    assert session.problems() == [], "\n".join(session.problems())


def _text(page: Any, selector: str) -> str:
    """The text of the first match, whitespace collapsed, without mkdocs' permalink '¶'."""
    raw = page.locator(selector).first.evaluate(
        """(el) => {
          const copy = el.cloneNode(true);
          copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
          return copy.textContent;
        }"""
    )
    return re.sub(r"\s+", " ", raw).strip()


def _svg_labels(page: Any, selector: str) -> dict[str, str]:
    """Graphviz id (its <title>) → the drawn text, lines joined, for nodes or edges."""
    return dict(
        page.locator(f"div.radoc-diagram {selector}").evaluate_all(
            """(gs) => gs.map((g) => [
                 g.querySelector('title').textContent,
                 [...g.querySelectorAll('text')].map((t) => t.textContent).join(' '),
               ])"""
        )
    )


def test_payloads_are_shown_as_text(session: Session, hostile_url: str) -> None:
    page = session.page
    _hostile_session(session)
    problems: list[str] = []

    def expect_equal(where: str, actual: str, expected: str) -> None:
        if actual != expected:
            problems.append(f"{where}: shows {actual!r}, expected {expected!r}")

    def expect_in(where: str, needle: str, haystack: str) -> None:
        if needle not in haystack:
            problems.append(f"{where}: {needle!r} is not in the page's text")

    page.goto(hostile_url + "groups/payloads/")
    expect_equal("group h1", _text(page, "article h1"), SCRIPT)
    expect_in("group description", f"one too: {SCRIPT}", _text(page, "article"))

    page.goto(hostile_url + "components/image/")
    expect_equal("component h1", _text(page, "article h1"), IMG)
    article = _text(page, "article")
    expect_equal("code badge", _text(page, "article h1 + p code"), "<b>C1</b>")
    expect_in("javascript: link text", "and a click link with a javascript URL", article)
    safe = page.locator(f'article a[href="{SAFE_LINK}"]')
    if safe.count() != 1 or _text(page, f'article a[href="{SAFE_LINK}"]') != "the hostile docs":
        problems.append(f"the Markdown link to {SAFE_LINK} is not a link any more")
    if page.locator("article a", has_text=re.compile(r"^(click|shouting link|data link)$")).count():
        problems.append("a link with a javascript: or data: URL is still a link")

    page.goto(hostile_url + "components/attributes/")
    expect_equal("attribute-list h1", _text(page, "article h1"), f"Attribute list {ATTR_LIST}")
    expect_in(
        "attribute-list description", f"on its paragraph. {ATTR_LIST}", _text(page, "article")
    )

    page.goto(hostile_url + "components/dot-breakage/")
    expect_equal("DOT-breaking h1", _text(page, "article h1"), DOT_BREAK)
    article = _text(page, "article")
    expect_in("raw HTML paragraph", IMG, article)
    # a reference definition is consumed by the Markdown parser; the link using it keeps its text
    if page.locator("article a[href^='javascript:']").count():
        problems.append("a reference definition made a javascript: link")

    page.goto(hostile_url + "views/functional/")
    expect_equal("view h1", _text(page, "article h1"), f"Functional {SCRIPT}")
    nodes = _svg_labels(page, "g.node")
    if set(nodes) != {"image", "attributes", "dot-breakage"}:
        problems.append(f"the diagram's nodes are {sorted(nodes)}: a name added or lost nodes")
    expect_equal("DOT-breaking node", nodes.get("dot-breakage", ""), DOT_BREAK)
    expect_equal("image node", nodes.get("image", ""), f"<b>C1</b> · {IMG}")
    edges = set(_svg_labels(page, "g.edge").values())
    for label in (SCRIPT, DOT_BREAK_EDGE, HTML_LABEL):
        if label not in edges:
            problems.append(f"no edge is labelled {label!r}; edge labels: {sorted(edges)}")
    cluster = _svg_labels(page, "g.cluster")
    if SCRIPT not in cluster.values():
        problems.append(f"the group's box is not labelled {SCRIPT!r}: {cluster}")

    page.goto(hostile_url + "references/")
    expect_in("bibliography", f"Journal of {JS_LINK}", _text(page, "article"))
    expect_in("bibliography", ATTR_LIST, _text(page, "article"))

    assert problems == [], "\n".join(problems)
    assert session.problems() == [], "\n".join(session.problems())


def test_search_shows_payloads_as_text(session: Session, hostile_url: str) -> None:
    """Names reach the search index too; its results must not render them as markup."""
    page = session.page
    pwned = _hostile_session(session)
    page.goto(hostile_url)
    page.wait_for_load_state("networkidle")  # the search worker has its index
    box = page.locator("input.md-search__input")
    box.click()
    problems: list[str] = []
    # each query finds pages titled with a payload (the title of a result is the page's)
    for query, title in (
        ("image", IMG),
        ("group", SCRIPT),
        ("evil", DOT_BREAK),
        ("attribute", None),
    ):
        box.fill("")
        box.press_sequentially(query, delay=20)  # the theme searches on keyboard events
        results = page.locator(".md-search-result__list a.md-search-result__link")
        expect(results.first).to_be_visible()
        page.wait_for_timeout(200)  # let every result of the query render
        shown = re.sub(r"\s+", " ", page.locator(".md-search-result").inner_text())
        problems += [f"search {query!r}: {p}" for p in _injected(page)]
        if title is not None and title not in shown:
            problems.append(f"search {query!r}: {title!r} is not shown as text in {shown!r}")
    problems += [f"a payload ran on {href}: window.__pwned={value}" for value, href in pwned]
    assert problems == [], "\n".join(dict.fromkeys(problems))
    assert session.problems() == [], "\n".join(session.problems())
