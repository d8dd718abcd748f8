/* radoc-zoom: fit, zoom, pan and full screen for radoc's inline Graphviz diagrams.
 *
 * Markup (written by radoc): <div class="radoc-diagram"><svg class="radoc-svg" viewBox="..."
 * data-width data-height data-font-px>. Every diagram is fitted to its column; one whose
 * labels would then be smaller than LEGIBLE_PX also gets zoom controls. Zooming rewrites the
 * viewBox rather than scaling the element, so the page layout never moves and text stays crisp.
 * Plain ES2019 script, no dependencies: loaded by mkdocs through extra_javascript.
 */
(function () {
  "use strict";

  const LEGIBLE_PX = 10; // fitted labels smaller than this make a diagram zoomable
  const MAX_LABEL_PX = 40; // zooming in stops once the smallest label is this big
  const DRAG_PX = 4; // a press moving less than this is a click (links must still work)
  const STEP = 1.25; // one button or key press
  const ICONS = {
    in: "M12 5v14M5 12h14",
    out: "M5 12h14",
    fit: "M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5M9 9h6v6H9z",
    full: "M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5",
    exit: "M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5",
  };

  let diagrams = [];
  // One observer for all diagrams: it also sees a hidden tab's diagram get its width.
  const observer =
    typeof ResizeObserver === "function"
      ? new ResizeObserver((entries) => entries.forEach((e) => e.target.radocZoom.resized()))
      : null;

  function num(value, fallback) {
    const n = parseFloat(value);
    return n > 0 ? n : fallback;
  }

  function padding(el, a, b) {
    const cs = getComputedStyle(el);
    return parseFloat(cs[a]) + parseFloat(cs[b]);
  }

  function setup(box) {
    const svg = box.querySelector("svg.radoc-svg");
    const vb = svg ? (svg.getAttribute("viewBox") || "").trim().split(/[\s,]+/).map(Number) : [];
    if (vb.length !== 4 || !(vb[2] > 0) || !(vb[3] > 0)) return null; // nothing to scale
    const ex = { x: vb[0], y: vb[1], w: vb[2], h: vb[3] }; // the drawing, in user units
    const natW = num(svg.dataset.width, ex.w * (4 / 3)); // Graphviz units are points
    const natH = num(svg.dataset.height, ex.h * (4 / 3));
    const unitPx = natW / ex.w; // CSS px per user unit at natural size
    const fontPx = num(svg.dataset.fontPx, 14 * (4 / 3)); // Graphviz's default 14 pt
    const title = svg.getAttribute("aria-label") || "Diagram";
    const pointers = new Map();
    let bw = 0, bh = 0, lastWidth = -1; // the svg's box in CSS px
    let kFit = 1, kMax = 1, view = null; // k: CSS px per user unit; view: {x, y, k}
    let zoomable = false, full = false, hinted = false, dragging = false, swallowClick = false;
    let tools = null, fullButton = null;

    // Old markup may carry min-width/max-width inline; the fit below decides the size alone.
    svg.style.minWidth = "0";
    svg.style.maxWidth = "100%";

    function layout() {
      const cw = box.clientWidth - padding(box, "paddingLeft", "paddingRight");
      lastWidth = box.clientWidth;
      if (cw <= 0) return; // hidden (an unselected tab): the observer calls again when shown
      if (full) {
        bw = cw;
        bh = Math.max(1, box.clientHeight - padding(box, "paddingTop", "paddingBottom"));
      } else {
        bw = Math.min(natW, cw); // never wider than the column, never blown up past natural
        bh = (bw * natH) / natW;
      }
      svg.style.width = bw + "px";
      svg.style.height = bh + "px";
      kFit = Math.min(bw / ex.w, bh / ex.h);
      kMax = Math.max(kFit, (unitPx * MAX_LABEL_PX) / fontPx);
      setZoomable(full || (fontPx * kFit) / unitPx < LEGIBLE_PX);
      fit();
    }

    // Keep the view inside the drawing; centre it on an axis where the drawing is smaller.
    function clampAxis(pos, visible, start, size) {
      if (visible >= size) return start + (size - visible) / 2;
      return Math.min(Math.max(pos, start), start + size - visible);
    }

    function apply() {
      const k = view.k, vw = bw / k, vh = bh / k;
      view.x = clampAxis(view.x, vw, ex.x, ex.w);
      view.y = clampAxis(view.y, vh, ex.y, ex.h);
      const r = (v) => Math.round(v * 1000) / 1000;
      svg.setAttribute("viewBox", [view.x, view.y, vw, vh].map(r).join(" "));
      box.classList.toggle("radoc-zoomed", k > kFit * 1.001);
    }

    function fit() {
      view = { x: ex.x + ex.w / 2 - bw / (2 * kFit), y: ex.y + ex.h / 2 - bh / (2 * kFit), k: kFit };
      apply();
    }

    // Zoom to scale k keeping the point (px, py) of the box still; false when at a limit.
    function zoomTo(k, px, py) {
      k = Math.min(Math.max(k, kFit), kMax);
      if (Math.abs(k - view.k) < 1e-9) return false;
      view.x += px / view.k - px / k;
      view.y += py / view.k - py / k;
      view.k = k;
      apply();
      return true;
    }

    function zoomBy(factor) {
      return zoomTo(view.k * factor, bw / 2, bh / 2);
    }

    // Move the drawing by (dx, dy) CSS px, as a drag does; false when it cannot move.
    function pan(dx, dy) {
      const x = view.x, y = view.y;
      view.x -= dx / view.k;
      view.y -= dy / view.k;
      apply();
      return Math.abs(view.x - x) + Math.abs(view.y - y) > 1e-9;
    }

    function local(e) {
      const r = svg.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    }

    function setZoomable(on) {
      if (on === zoomable) return;
      zoomable = on;
      box.classList.toggle("radoc-zoomable", on);
      if (on && !tools) tools = makeTools();
      if (tools) tools.hidden = !on;
      if (on) {
        box.tabIndex = 0; // focus is what lets a plain wheel zoom, and the keys work
        box.setAttribute("role", "group");
        box.setAttribute(
          "aria-label",
          title + ". Zoomable diagram: + and - zoom, arrow keys pan, 0 fits, F full screen."
        );
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }

    function button(name, icon, action) {
      const b = document.createElement("button");
      b.type = "button";
      b.title = name;
      b.setAttribute("aria-label", name);
      b.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="' + icon + '"/></svg>';
      b.addEventListener("click", action);
      return b;
    }

    function makeTools() {
      const bar = document.createElement("div");
      bar.className = "radoc-zoom-tools";
      fullButton = button("Full screen", ICONS.full, toggleFull);
      bar.append(
        button("Zoom in", ICONS.in, () => zoomBy(STEP)),
        button("Zoom out", ICONS.out, () => zoomBy(1 / STEP)),
        button("Fit", ICONS.fit, fit),
        fullButton
      );
      box.insertBefore(bar, box.firstChild); // first in tab order, before the diagram's links
      return bar;
    }

    // Tell a user whose wheel just scrolled past the diagram how to zoom it (once).
    function hint() {
      if (hinted) return;
      hinted = true;
      const h = document.createElement("div");
      h.className = "radoc-zoom-hint";
      h.setAttribute("aria-hidden", "true"); // keyboard and screen reader users have the keys
      h.textContent = "Ctrl + wheel to zoom";
      box.appendChild(h);
      setTimeout(() => h.remove(), 2500);
    }

    function enterFull() {
      if (box.requestFullscreen && document.fullscreenEnabled !== false) {
        box.requestFullscreen().catch(fallbackFull); // refused: no user gesture, iframe policy
      } else {
        fallbackFull();
      }
    }

    function fallbackFull() {
      box.classList.add("radoc-fullscreen");
      document.documentElement.classList.add("radoc-fullscreen-open");
      setFull(true);
    }

    function leaveFull() {
      if (document.fullscreenElement === box) {
        document.exitFullscreen().catch(() => {});
      } else if (full) {
        box.classList.remove("radoc-fullscreen");
        document.documentElement.classList.remove("radoc-fullscreen-open");
        setFull(false);
      }
    }

    function setFull(on) {
      if (on === full) return;
      full = on;
      box.classList.toggle("radoc-full", on);
      // a toggle named by what it will do; no aria-pressed, so the name is never contradicted
      const name = on ? "Exit full screen" : "Full screen";
      fullButton.title = name;
      fullButton.setAttribute("aria-label", name);
      fullButton.querySelector("path").setAttribute("d", on ? ICONS.exit : ICONS.full);
      layout();
      if (on && !box.contains(document.activeElement)) box.focus({ preventScroll: true });
    }

    function onWheel(e) {
      if (!zoomable) return;
      const modifier = e.ctrlKey || e.metaKey; // trackpad pinch arrives as Ctrl + wheel
      if (!(full || modifier || box.contains(document.activeElement))) {
        hint(); // never trap page scrolling: a plain wheel passing over scrolls the page
        return;
      }
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? bh : 1;
      const [px, py] = local(e);
      const changed = zoomTo(view.k * Math.exp(-e.deltaY * unit * 0.002), px, py);
      // at a limit a focused diagram lets the page scroll on; Ctrl must never zoom the page
      if (changed || modifier || full) e.preventDefault();
    }

    function onDown(e) {
      swallowClick = false;
      if (!zoomable || e.target.closest(".radoc-zoom-tools")) return;
      if (e.pointerType === "mouse" && e.button !== 0) return;
      if (!box.contains(document.activeElement)) box.focus({ preventScroll: true });
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, x0: e.clientX, y0: e.clientY });
    }

    function pair() {
      const [a, b] = Array.from(pointers.values());
      return { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }

    function onMove(e) {
      const p = pointers.get(e.pointerId);
      if (!p) return;
      if (e.pointerType === "mouse" && !(e.buttons & 1)) return onUp(e); // released elsewhere
      if (!dragging) {
        if (Math.hypot(e.clientX - p.x0, e.clientY - p.y0) < DRAG_PX && pointers.size < 2) return;
        dragging = true;
        box.classList.add("radoc-dragging");
        // Capture only now: captured from the press, the click would not reach the link.
        try {
          box.setPointerCapture(e.pointerId);
        } catch (err) {
          /* the pointer is already gone; nothing to capture */
        }
      }
      if (pointers.size === 2) {
        const before = pair();
        p.x = e.clientX;
        p.y = e.clientY;
        const after = pair();
        const r = svg.getBoundingClientRect();
        zoomTo((view.k * after.d) / before.d, after.x - r.left, after.y - r.top);
        pan(after.x - before.x, after.y - before.y);
      } else {
        pan(e.clientX - p.x, e.clientY - p.y);
        p.x = e.clientX;
        p.y = e.clientY;
      }
      e.preventDefault();
    }

    function onUp(e) {
      if (!pointers.delete(e.pointerId) || pointers.size) return;
      if (dragging) swallowClick = e.type === "pointerup"; // a drag is not a click on a link
      dragging = false;
      box.classList.remove("radoc-dragging");
    }

    function onClick(e) {
      if (!swallowClick) return;
      swallowClick = false;
      e.preventDefault();
      e.stopPropagation();
    }

    function toggleFull() {
      if (full) leaveFull();
      else enterFull();
    }

    function onKey(e) {
      if (!zoomable || e.altKey || e.ctrlKey || e.metaKey) return; // leave browser zoom alone
      const sx = bw * 0.15, sy = bh * 0.15;
      // Arrows look that way; where the view cannot move (false) the page scrolls as usual.
      // Escape is handled for the whole document below.
      const keys = {
        "+": () => zoomBy(STEP),
        "=": () => zoomBy(STEP),
        "-": () => zoomBy(1 / STEP),
        _: () => zoomBy(1 / STEP),
        0: fit,
        ArrowLeft: () => pan(sx, 0),
        ArrowRight: () => pan(-sx, 0),
        ArrowUp: () => pan(0, sy),
        ArrowDown: () => pan(0, -sy),
        f: toggleFull,
        F: toggleFull,
      };
      if (Object.prototype.hasOwnProperty.call(keys, e.key) && keys[e.key]() !== false) {
        e.preventDefault();
      }
    }

    box.addEventListener("wheel", onWheel, { passive: false });
    box.addEventListener("pointerdown", onDown);
    box.addEventListener("pointermove", onMove);
    box.addEventListener("pointerup", onUp);
    box.addEventListener("pointercancel", onUp); // the browser took over (page scroll)
    box.addEventListener("click", onClick, true);
    box.addEventListener("dragstart", (e) => e.preventDefault()); // links would drag away
    box.addEventListener("keydown", onKey);

    const api = {
      box: box,
      resized() {
        // our own height change comes back here: only a new width (or full screen) re-fits
        if (full || box.clientWidth !== lastWidth) layout();
      },
      fullscreenChanged() {
        if (document.fullscreenElement === box) setFull(true);
        else if (!box.classList.contains("radoc-fullscreen")) setFull(false);
      },
      escape() {
        if (full) leaveFull();
      },
    };
    box.radocZoom = api;
    layout();
    return api;
  }

  function initAll() {
    // instant navigation replaced the page: forget diagrams that left the document
    diagrams = diagrams.filter((d) => d.box.isConnected || (observer && observer.unobserve(d.box)));
    if (!document.querySelector(".radoc-fullscreen")) {
      document.documentElement.classList.remove("radoc-fullscreen-open"); // left in full screen
    }
    document.querySelectorAll(".radoc-diagram:not([data-radoc-zoom])").forEach((box) => {
      const d = setup(box);
      box.setAttribute("data-radoc-zoom", d ? "ready" : "none"); // initialised once
      if (!d) return;
      diagrams.push(d);
      if (observer) observer.observe(box);
    });
  }

  document.addEventListener("fullscreenchange", () => diagrams.forEach((d) => d.fullscreenChanged()));
  // Escape from anywhere leaves the CSS full screen (the browser handles its own full screen).
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") diagrams.forEach((d) => d.escape());
  });
  if (!observer) window.addEventListener("resize", () => diagrams.forEach((d) => d.resized()));

  // mkdocs-material's instant navigation swaps pages without reloading scripts: document$
  // emits for every page. Without it (or before it emits) the DOM is ready soon enough.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initAll);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
