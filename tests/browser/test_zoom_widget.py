"""The diagram widget (assets/radoc-zoom.js): fit, zoom, pan, full screen, on a fixture page.

The fixture (fixtures/zoom/index.html) holds the markup radoc emits: a small diagram that is
legible when fitted, a wide one of 60 linked nodes that is not, and one in a content tab that
has no width until its tab is selected. It is served with the package's own asset files.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO
from .conftest import Session, serve

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "zoom"
ASSETS = REPO / "generator" / "radoc" / "assets"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
BUTTONS = ["Zoom in", "Zoom out", "Fit", "Full screen"]
STEP = 1.25  # one button or key press, as in radoc-zoom.js
WIDE = "#diagram-wide"
SECOND = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Second page</title></head>
<body><h1>The page a node links to</h1></body></html>
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("zoom-fixture")
    shutil.copy2(FIXTURE / "index.html", root / "index.html")
    for name in ("radoc-zoom.js", "radoc-zoom.css"):
        shutil.copy2(ASSETS / name, root / name)
    (root / "second.html").write_text(SECOND, encoding="utf-8")
    with serve(root) as url:
        yield url


# --- helpers ----------------------------------------------------------------------------------


def load(session: Session, url: str, viewport: dict[str, int] = DESKTOP) -> Any:
    page = session.page
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.radoc-diagram')].every(d => d.dataset.radocZoom)"
    )
    return page


def clean(session: Session) -> None:
    assert session.problems() == []
    assert session.external == []


def view_box(page: Any, selector: str = WIDE) -> list[float]:
    value = page.locator(f"{selector} svg.radoc-svg").get_attribute("viewBox")
    return [float(v) for v in value.split()]


def wait_view_box(page: Any, condition: str, selector: str = WIDE) -> None:
    """Wait until ``condition`` (JS over x, y, w, h of the viewBox) holds."""
    page.wait_for_function(
        f"""() => {{
          const [x, y, w, h] = document.querySelector('{selector} svg.radoc-svg')
            .getAttribute('viewBox').split(' ').map(Number);
          return {condition};
        }}"""
    )


def no_sideways_scroll(page: Any) -> None:
    sizes = page.evaluate(
        """() => ({
          page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
          diagrams: [...document.querySelectorAll('.radoc-diagram')].map(d => {
            const s = d.querySelector('svg.radoc-svg').getBoundingClientRect();
            const b = d.getBoundingClientRect();
            return [d.id, s.left - b.left, b.right - s.right, d.scrollWidth - d.clientWidth];
          }),
        })"""
    )
    scroll_width, client_width = sizes["page"]
    assert scroll_width <= client_width, sizes
    for key, left, right, overflow in sizes["diagrams"]:
        assert left >= -0.5 and right >= -0.5 and overflow <= 0, (key, sizes)


def fitted_width(page: Any, selector: str) -> tuple[float, float, float]:
    """(displayed svg width, min(natural width, content width of the container), height ratio)."""
    return tuple(
        page.evaluate(
            f"""() => {{
              const d = document.querySelector('{selector}');
              const s = d.querySelector('svg.radoc-svg');
              const cs = getComputedStyle(d);
              const content = d.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
              const r = s.getBoundingClientRect();
              const natW = +s.dataset.width, natH = +s.dataset.height;
              return [r.width, Math.min(natW, content), (r.height / r.width) / (natH / natW)];
            }}"""
        )
    )


def centre(page: Any, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def link_near_centre(page: Any) -> str:
    """The id of the wide diagram's node whose link is nearest the middle of the visible view."""
    return page.evaluate(
        """() => {
          const svg = document.querySelector('#diagram-wide svg.radoc-svg');
          const r = svg.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
          let best = null, bestD = Infinity;
          for (const g of svg.querySelectorAll('g.node')) {
            const b = g.querySelector('a').getBoundingClientRect();
            const d = Math.hypot(b.left + b.width / 2 - cx, b.top + b.height / 2 - cy);
            if (d < bestD) { bestD = d; best = g.id; }
          }
          return best;
        }"""
    )


# --- fitting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_every_diagram_fits_its_column(session: Session, site_url: str, viewport: Any) -> None:
    page = load(session, site_url, viewport)
    no_sideways_scroll(page)
    for selector in ("#diagram-small", WIDE):
        shown, expected, ratio = fitted_width(page, selector)
        assert shown == pytest.approx(expected, abs=1), selector
        assert ratio == pytest.approx(1, abs=0.02), selector
    # zoomed in, the page still does not scroll sideways
    page.locator(WIDE).get_by_role("button", name="Zoom in").click()
    page.locator(WIDE).get_by_role("button", name="Zoom in").click()
    wait_view_box(page, "w < 1832 / 1.5")
    no_sideways_scroll(page)
    clean(session)


def test_resize_refits(session: Session, site_url: str) -> None:
    page = load(session, site_url, DESKTOP)
    wide_before = fitted_width(page, WIDE)[0]
    page.set_viewport_size(PHONE)
    page.wait_for_function(
        "() => document.querySelector('#diagram-wide svg.radoc-svg').getBoundingClientRect().width < 380"
    )
    shown, expected, _ = fitted_width(page, WIDE)
    assert shown == pytest.approx(expected, abs=1) and shown < wide_before
    no_sideways_scroll(page)
    clean(session)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_hidden_tab_diagram_is_fitted_when_shown(
    session: Session, site_url: str, viewport: Any
) -> None:
    page = load(session, site_url, viewport)
    assert page.locator("#diagram-tabbed").bounding_box() is None  # display: none, width 0
    page.locator("label[for=__tabbed_1_2]").click()
    page.wait_for_function(
        "() => document.querySelector('#diagram-tabbed svg.radoc-svg').style.width !== ''"
    )
    shown, expected, ratio = fitted_width(page, "#diagram-tabbed")
    assert shown == pytest.approx(expected, abs=1) and shown > 0
    assert ratio == pytest.approx(1, abs=0.02)
    w = view_box(page, "#diagram-tabbed")[2]
    assert w == pytest.approx(955.98, abs=0.5)  # the whole drawing
    no_sideways_scroll(page)
    # legible when fitted on a desktop column, not on a phone
    tools = page.locator("#diagram-tabbed .radoc-zoom-tools:not([hidden])")
    assert tools.count() == (1 if viewport == PHONE else 0)
    clean(session)


# --- the toolbar ------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_legible_diagram_gets_no_controls(session: Session, site_url: str, viewport: Any) -> None:
    page = load(session, site_url, viewport)
    small = page.locator("#diagram-small")
    assert small.locator("button").count() == 0
    assert small.get_attribute("tabindex") is None
    assert small.get_attribute("data-radoc-zoom") == "ready"
    clean(session)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_wide_diagram_has_four_buttons_top_right(
    session: Session, site_url: str, viewport: Any
) -> None:
    page = load(session, site_url, viewport)
    wide = page.locator(WIDE)
    buttons = wide.locator(".radoc-zoom-tools button")
    assert [b.get_attribute("aria-label") for b in buttons.all()] == BUTTONS
    for name in BUTTONS:
        button = wide.get_by_role("button", name=name, exact=True)
        assert button.count() == 1
        assert button.get_attribute("type") == "button"
        assert button.get_attribute("title") == name
        assert button.locator("svg").count() == 1  # a visible icon
        assert button.bounding_box()["width"] >= 24  # a target a finger can hit
    bar = wide.locator(".radoc-zoom-tools").bounding_box()
    box = wide.bounding_box()
    svg = wide.locator("svg.radoc-svg").bounding_box()
    assert box["x"] + box["width"] - (bar["x"] + bar["width"]) < 12  # at the right
    assert bar["y"] - box["y"] < 12 and bar["y"] + bar["height"] <= svg["y"] + 1  # at the top
    assert wide.get_attribute("tabindex") == "0"
    assert "zoom" in (wide.get_attribute("aria-label") or "").lower()
    clean(session)


def test_buttons_zoom_and_fit(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    wide = page.locator(WIDE)
    x0, y0, w0, h0 = view_box(page)
    assert (w0, h0) == (pytest.approx(1832, abs=0.5), pytest.approx(206, abs=0.5))
    wide.get_by_role("button", name="Zoom in").click()
    wait_view_box(page, f"w < {w0 - 1}")
    x1, y1, w1, h1 = view_box(page)
    assert w1 == pytest.approx(w0 / STEP, rel=1e-3) and h1 == pytest.approx(h0 / STEP, rel=1e-3)
    assert x1 + w1 / 2 == pytest.approx(x0 + w0 / 2, abs=0.5)  # about the centre
    assert y1 + h1 / 2 == pytest.approx(y0 + h0 / 2, abs=0.5)
    wide.get_by_role("button", name="Zoom in").click()
    wait_view_box(page, f"w < {w1 - 1}")
    wide.get_by_role("button", name="Zoom out").click()
    wait_view_box(page, f"Math.abs(w - {w1}) < 0.01")
    wide.get_by_role("button", name="Zoom in").click()
    wide.get_by_role("button", name="Fit").click()
    wait_view_box(page, f"Math.abs(w - {w0}) < 0.01")
    assert view_box(page) == pytest.approx([x0, y0, w0, h0], abs=0.01)
    # never below the fitted scale
    wide.get_by_role("button", name="Zoom out").click()
    assert view_box(page) == pytest.approx([x0, y0, w0, h0], abs=0.01)
    clean(session)


def test_touch_action_follows_the_zoom(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    wide = page.locator(WIDE)
    touch = "el => getComputedStyle(el).touchAction"
    assert wide.evaluate(touch) == "pan-x pan-y"  # one finger scrolls the page
    wide.get_by_role("button", name="Zoom in").click()
    page.wait_for_function(f"() => ({touch})(document.querySelector('{WIDE}')) === 'none'")
    clean(session)


# --- wheel ------------------------------------------------------------------------------------


def test_ctrl_wheel_zooms_about_the_pointer(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    x0, _, w0, _ = view_box(page)
    svg = page.locator(f"{WIDE} svg.radoc-svg").bounding_box()
    px, py = svg["x"] + svg["width"] * 0.25, svg["y"] + svg["height"] / 2
    page.mouse.move(px, py)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    wait_view_box(page, f"w < {w0 - 1}")
    x1, _, w1, _ = view_box(page)
    # the drawing point under the pointer stayed under it
    under = x0 + 0.25 * w0
    assert x1 + (px - svg["x"]) / svg["width"] * w1 == pytest.approx(under, abs=1)
    assert page.evaluate("window.scrollY") == 0
    clean(session)


def test_plain_wheel_scrolls_the_page_and_hints(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    before = view_box(page)
    # the hint fades and goes: record it as it comes, whatever the speed of the machine
    page.evaluate(
        """() => { window.hints = [];
          new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n =>
            n.classList && n.classList.contains('radoc-zoom-hint') &&
            window.hints.push([n.parentElement.id, n.textContent])))
          ).observe(document.body, { childList: true, subtree: true }); }"""
    )
    page.mouse.move(*centre(page, f"{WIDE} svg.radoc-svg"))
    page.mouse.wheel(0, 300)
    page.wait_for_function("() => window.scrollY > 0 && window.hints.length > 0")
    assert page.evaluate("window.hints") == [["diagram-wide", "Ctrl + wheel to zoom"]]
    assert view_box(page) == before
    # once only
    scrolled = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 100)
    page.wait_for_function(f"() => window.scrollY > {scrolled}")
    assert len(page.evaluate("window.hints")) == 1
    # a legible diagram is left alone entirely
    assert page.locator("#diagram-small .radoc-zoom-hint").count() == 0
    clean(session)


def test_wheel_zooms_once_the_diagram_has_focus(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    w0 = view_box(page)[2]
    page.locator(WIDE).focus()
    page.mouse.move(*centre(page, f"{WIDE} svg.radoc-svg"))
    page.mouse.wheel(0, -300)
    wait_view_box(page, f"w < {w0 - 1}")
    assert page.evaluate("window.scrollY") == 0
    clean(session)


# --- pointer ----------------------------------------------------------------------------------


def test_drag_pans_and_does_not_follow_the_link(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    url = page.url
    # a click on a link records whether it was cancelled (a capturing listener runs first)
    page.evaluate(
        """() => { window.linkClicks = [];
          window.addEventListener('click', e => setTimeout(() => window.linkClicks.push(
            [!!e.target.closest('a'), e.defaultPrevented])), true); }"""
    )
    wide = page.locator(WIDE)
    wide.get_by_role("button", name="Zoom in").click()
    wide.get_by_role("button", name="Zoom in").click()
    wait_view_box(page, "w < 1832 / 1.5")
    x0, _, w0, _ = view_box(page)
    node = link_near_centre(page)
    cx, cy = centre(page, f"#{node} a")
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 200, cy - 10, steps=10)
    page.mouse.up()
    wait_view_box(page, f"x > {x0 + 1}")
    scale = page.locator(f"{WIDE} svg.radoc-svg").bounding_box()["width"] / w0
    assert view_box(page)[0] == pytest.approx(x0 + 200 / scale, abs=1)
    # any click that reached a link was cancelled, and this is still the same page
    clicks = page.evaluate("new Promise(r => setTimeout(() => r(window.linkClicks), 0))")
    assert all(prevented for on_link, prevented in clicks if on_link)
    assert page.url == url
    assert not wide.evaluate("el => el.classList.contains('radoc-dragging')")
    clean(session)


@pytest.mark.parametrize("zoomed", [False, True], ids=["fitted", "zoomed"])
def test_click_on_a_node_follows_its_link(session: Session, site_url: str, zoomed: bool) -> None:
    page = load(session, site_url)
    if zoomed:
        page.locator(WIDE).get_by_role("button", name="Zoom in").click()
        wait_view_box(page, "w < 1832 / 1.2")
    node = link_near_centre(page)
    target = page.locator(f"#{node} a").get_attribute("xlink:href")
    assert target.startswith("second.html#")
    cx, cy = centre(page, f"#{node} a")
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 2, cy + 1)  # a wobble under the drag threshold is still a click
    page.mouse.up()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.locator("h1").text_content() == "The page a node links to"
    clean(session)


def test_two_pointers_pinch_zoom(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    w0 = view_box(page)[2]
    # synthetic touch pointers: Playwright has no multi-touch; the widget only reads the events
    page.evaluate(
        """() => {
          const svg = document.querySelector('#diagram-wide svg.radoc-svg');
          const r = svg.getBoundingClientRect(), y = r.top + r.height / 2, x = r.left + r.width / 2;
          const fire = (type, id, cx) => svg.dispatchEvent(new PointerEvent(type, {
            pointerId: id, pointerType: 'touch', isPrimary: id === 11, clientX: cx, clientY: y,
            bubbles: true, cancelable: true, buttons: type === 'pointerup' ? 0 : 1 }));
          fire('pointerdown', 11, x - 20); fire('pointerdown', 12, x + 20);
          for (let i = 1; i <= 5; i++) fire('pointermove', 12, x + 20 + i * 12);
          fire('pointerup', 12, x + 80); fire('pointerup', 11, x - 20);
        }"""
    )
    w = view_box(page)[2]
    assert w == pytest.approx(w0 / 2.5, rel=0.02)  # fingers 40 px apart, then 100 px
    clean(session)


# --- keyboard ---------------------------------------------------------------------------------


def test_keyboard(session: Session, site_url: str) -> None:
    page = load(session, site_url)
    wide = page.locator(WIDE)
    w0 = view_box(page)[2]
    wide.focus()
    assert wide.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("+")
    wait_view_box(page, f"Math.abs(w - {w0 / STEP}) < 0.01")
    page.keyboard.press("=")
    wait_view_box(page, f"Math.abs(w - {w0 / STEP**2}) < 0.01")
    page.keyboard.press("-")
    wait_view_box(page, f"Math.abs(w - {w0 / STEP}) < 0.01")
    page.keyboard.press("0")
    wait_view_box(page, f"Math.abs(w - {w0}) < 0.01")
    page.keyboard.press("+")
    page.keyboard.press("+")
    x1, y1, _, _ = view_box(page)
    page.keyboard.press("ArrowRight")
    wait_view_box(page, f"x > {x1 + 1}")
    page.keyboard.press("ArrowLeft")
    wait_view_box(page, f"Math.abs(x - {x1}) < 0.01")
    page.keyboard.press("ArrowDown")
    wait_view_box(page, f"y > {y1 + 1}")
    page.keyboard.press("ArrowUp")
    wait_view_box(page, f"Math.abs(y - {y1}) < 0.01")
    assert page.evaluate("window.scrollY") == 0  # the arrows panned, not scrolled
    # zooming in stops where the smallest label is about 40 px
    for _ in range(30):
        page.keyboard.press("+")
    label_px = page.evaluate(
        """() => { const s = document.querySelector('#diagram-wide svg.radoc-svg');
          const w = +s.getAttribute('viewBox').split(' ')[2];
          const k = s.getBoundingClientRect().width / w, unit = +s.dataset.width / 1832;
          return +s.dataset.fontPx * k / unit; }"""
    )
    assert label_px == pytest.approx(40, abs=0.5)
    clean(session)


# --- full screen ------------------------------------------------------------------------------

IS_FULL = f"""() => {{ const d = document.querySelector('{WIDE}');
  return document.fullscreenElement === d || d.classList.contains('radoc-fullscreen'); }}"""
FALLBACKS = {
    "api": "",  # whatever headless Chromium does: the API, or the fallback if it refuses
    "refused": "Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('no'));",
    "missing": "delete Element.prototype.requestFullscreen;",
}


def fills_viewport(page: Any) -> None:
    vw, vh = page.evaluate("[innerWidth, innerHeight]")
    box = page.locator(WIDE).bounding_box()
    assert box["x"] == pytest.approx(0, abs=1) and box["y"] == pytest.approx(0, abs=1)
    assert box["width"] == pytest.approx(vw, abs=1) and box["height"] == pytest.approx(vh, abs=1)
    svg = page.locator(f"{WIDE} svg.radoc-svg").bounding_box()
    assert svg["width"] >= vw - 40 and svg["height"] >= vh - 80
    x, _, w, _ = view_box(page)
    assert w >= 1832 - 0.5 and x <= 0.5  # fitted: the whole drawing is in view


@pytest.mark.parametrize("api", list(FALLBACKS))
def test_full_screen(session: Session, site_url: str, api: str) -> None:
    if FALLBACKS[api]:
        session.page.add_init_script(FALLBACKS[api])
    page = load(session, site_url)
    wide = page.locator(WIDE)
    wide.get_by_role("button", name="Full screen").click()
    page.wait_for_function(IS_FULL)
    if api != "api":
        assert wide.evaluate("el => el.classList.contains('radoc-fullscreen')")
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('{WIDE}').getBoundingClientRect().height - innerHeight) < 1"
    )
    fills_viewport(page)
    exit_button = wide.get_by_role("button", name="Exit full screen")
    assert exit_button.get_attribute("title") == "Exit full screen"
    # in full screen a plain wheel zooms, focus or not
    w0 = view_box(page)[2]
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(*centre(page, f"{WIDE} svg.radoc-svg"))
    page.mouse.wheel(0, -300)
    wait_view_box(page, f"w < {w0 - 1}")
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !({IS_FULL})()")
    page.wait_for_function(
        f"() => document.querySelector('{WIDE}').getBoundingClientRect().height < 400"
    )
    assert wide.get_by_role("button", name="Full screen", exact=True).count() == 1
    shown, expected, _ = fitted_width(page, WIDE)
    assert shown == pytest.approx(expected, abs=1)
    no_sideways_scroll(page)
    # the button leaves it too, and F enters it from the keyboard
    wide.focus()
    page.keyboard.press("f")
    page.wait_for_function(IS_FULL)
    wide.get_by_role("button", name="Exit full screen").click()
    page.wait_for_function(f"() => !({IS_FULL})()")
    clean(session)


# --- pages, palettes --------------------------------------------------------------------------


def test_initialised_once_and_on_instant_navigation(session: Session, site_url: str) -> None:
    # mkdocs-material's document$ emits on every (instant) page load
    session.page.add_init_script(
        "window.document$ = { subscribe(fn) { (window.radocSubs = window.radocSubs || []).push(fn); } };"
    )
    page = load(session, site_url)
    assert page.evaluate("window.radocSubs.length") == 1
    page.evaluate("() => { window.radocSubs[0](); window.radocSubs[0](); }")
    assert page.locator(f"{WIDE} .radoc-zoom-tools").count() == 1
    # a page swapped in: a fresh diagram is initialised, the old ones are forgotten
    page.evaluate(
        """async () => {
          const text = await (await fetch('index.html')).text();
          const fresh = new DOMParser().parseFromString(text, 'text/html').querySelector('#diagram-wide');
          fresh.id = 'diagram-fresh';
          document.querySelector('main').replaceChildren(document.importNode(fresh, true));
          window.radocSubs[0]();
        }"""
    )
    fresh = page.locator("#diagram-fresh")
    assert fresh.get_attribute("data-radoc-zoom") == "ready"
    assert fresh.locator(".radoc-zoom-tools button").count() == 4
    shown, expected, _ = fitted_width(page, "#diagram-fresh")
    assert shown == pytest.approx(expected, abs=1)
    clean(session)


def _rgba(css: str) -> tuple[float, float, float, float]:
    m = re.fullmatch(r"rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)", css)
    assert m, css
    return (*(float(v) for v in m.groups()[:3]), float(m.group(4) or 1))


def _over(top: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = _rgba(top)
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), below, strict=True))


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    def lum(rgb: tuple[float, float, float]) -> float:
        lin = [
            (c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
            for c in rgb
        ]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_toolbar_contrast(session: Session, site_url: str, scheme: str) -> None:
    page = load(session, site_url)
    page.evaluate(f"document.body.dataset.mdColorScheme = '{scheme}'")
    styles = page.locator(f"{WIDE} .radoc-zoom-tools button").first.evaluate(
        """b => { const c = getComputedStyle(b);
          return [getComputedStyle(document.body).backgroundColor, c.backgroundColor,
                  c.color, c.borderTopColor]; }"""
    )
    page_bg = _over(styles[0], (255, 255, 255))
    button_bg = _over(styles[1], page_bg)
    assert _contrast(_over(styles[2], button_bg), button_bg) >= 4.5  # the icon
    assert _contrast(_over(styles[3], page_bg), page_bg) >= 3  # the button's edge
    clean(session)
