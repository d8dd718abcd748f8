"""Rows S: from a save in the editor to the updated page in the browser, with `radoc serve` and
with `mkdocs serve` (the radoc plugin in mkdocs.yml): `python -m benchmarks --only serve`.

A copy of the default project is served by the real command, as a subprocess in its own
process group; headless Chromium (Python Playwright) opens one component's page; then, several
times, a unique word is appended (a) to the end of the component's description in
``architecture/model/components.yaml`` (only its own page changes) and (b) to its name (shown
in every diagram that draws it), and the wall time is taken from the moment the file is written
to the moment the open page, reloaded by MkDocs' live-reload script, has parsed a document that
holds the word (its ``DOMContentLoaded``). The server's log lines are timestamped as they
arrive, which splits each edit into the file watcher's delay, the generation (MkDocs loading
its configuration, radoc validating and generating), the MkDocs build and the browser's
reload.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .edit import edit_description
from .harness import copy_default_project

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# targets of the project: save → updated page
DESCRIPTION_LIMIT = 1.0
NAME_LIMIT = 2.0
START_TIMEOUT = 300.0  # the first build of a served site, cold cache
EDIT_TIMEOUT = 90.0  # one save until the page shows it
SETTLE = 1.0  # quiet time after a reload before the next save (the watcher polls every 0.5 s)

# records the moment each document the browser loads has been parsed (wall clock, ms)
SHOWN_SCRIPT = (
    "document.addEventListener('DOMContentLoaded', () => { window.__benchShownAt = Date.now(); });"
)
HAS_WORD = "w => window.__benchShownAt !== undefined && document.body.textContent.includes(w)"


# -- the edits ------------------------------------------------------------------------------------


def _item_lines(lines: list[str], element_id: str) -> tuple[int, int, int]:
    """(first line, end line, key indent) of the list item ``- id: element_id``."""
    item = re.compile(rf"(\s*)- id: {re.escape(element_id)}\s*")
    for start, line in enumerate(lines):
        m = item.fullmatch(line)
        if m:
            indent = len(m.group(1)) + 2
            end = start + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) >= indent
            ):
                end += 1
            return start, end, indent
    raise ValueError(f"no '- id: {element_id}' line")


def append_to_description(path: Path, element_id: str, word: str) -> None:
    """``word`` appended to the end of the element's description: one line changed, in place;
    only the element's own page shows the end of its description."""
    edit_description(path, element_id, word, at_start=False)


def append_to_name(path: Path, element_id: str, word: str) -> str:
    """``word`` appended to the element's ``name:`` (one line changed, in place); returns the
    new name. The name is drawn in every diagram that shows the element."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start, end, indent = _item_lines(lines, element_id)
    key = re.compile(rf" {{{indent}}}name:(\s+)(.*?)\s*")
    for i in range(start + 1, end):
        m = key.fullmatch(lines[i])
        if m is None:
            continue
        value = m.group(2)
        if not value or value[0] in "|>&*!":
            raise ValueError(f"{path}:{i + 1}: the name of '{element_id}' is not a one-line scalar")
        quote = value[0] if value[0] in "'\"" else ""
        body = value[1:-1] if quote else value
        name = f"{body} {word}"
        lines[i] = f"{' ' * indent}name:{m.group(1)}{quote}{name}{quote}"
        path.write_text("\n".join(lines), encoding="utf-8")
        return name
    raise ValueError(f"element '{element_id}' has no name line")


@dataclass(frozen=True)
class Target:
    """The component whose page is opened and whose YAML is edited."""

    element_id: str
    name: str
    kind: str
    path: Path  # its model file
    url_path: str  # its page, under the site's root


def pick_component(architecture: Path) -> Target:
    """The component with the most tools and views (the element of rows 3)."""
    from radoc.validate import validate_project

    model = validate_project(architecture).model
    assert model is not None
    comps = model.of_kind("component") or list(model.elements.values())
    element = max(
        comps,
        key=lambda e: (len(model.tools_for.get(e.id, ())), len(model.used_in.get(e.id, ()))),
    )
    path = Path(model.source_paths.get(element.pos.file, element.pos.file))
    if not path.is_absolute():
        path = Path.cwd() / path
    return Target(
        element.id,
        element.name,
        element.kind,
        path,
        f"{element.plural}/{element.id}/",
    )


# -- the server -------------------------------------------------------------------------------


@dataclass
class Server:
    """A serving command in its own process group; every line it prints, with the wall time it
    arrived."""

    proc: subprocess.Popen[str]
    url: str
    lines: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append((time.time(), line.rstrip("\n")))

    def since(self, t: float) -> list[tuple[float, str]]:
        with self.lock:
            return [(at, line) for at, line in self.lines if at >= t]

    def tail(self, n: int = 8) -> str:
        with self.lock:
            return "\n".join(line for _, line in self.lines[-n:])

    def wait_for(self, needle: str, since: float, timeout: float) -> float | None:
        """The arrival time of the first line from ``since`` on that holds ``needle``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, line in self.since(since):
                if needle in line:
                    return at
            if self.proc.poll() is not None:
                return None
            time.sleep(0.05)
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def commands(port: int) -> dict[str, list[str]]:
    """The two ways to serve the site, by row label."""
    addr = f"127.0.0.1:{port}"
    radoc = Path(sys.executable).with_name("radoc")
    return {
        "radoc serve": [str(radoc), "serve", "-a", addr],
        "mkdocs serve": [sys.executable, "-m", "mkdocs", "serve", "-a", addr],
    }


@contextlib.contextmanager
def serving(cmd: list[str], cwd: Path, url: str) -> Iterator[Server]:
    """``cmd`` running in ``cwd``; its whole process group (`dot` included) is stopped at the
    end, whatever happens: SIGINT first (MkDocs removes its temporary site), then SIGKILL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
    )
    server = Server(proc, url)
    reader = threading.Thread(target=server._read, daemon=True)
    reader.start()
    try:
        yield server
    finally:
        for sig, wait in ((signal.SIGINT, 15.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # anything of the group still alive
        reader.join(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()


# -- one save, measured ----------------------------------------------------------------------------

# what the server prints on a rebuild, in order (radoc's line after it generated the pages)
STAGES = (
    ("detected", "Detected file changes"),
    ("building", "Building documentation"),
    ("generated", "generated, "),
    ("built", "Documentation built in"),
    ("reloading", "Reloading browsers"),
)
COUNTS = re.compile(r"(\d+) written, (\d+) diagram\(s\) rendered")
PAGES = re.compile(r"radoc: pages: (\d+) rendered, (\d+) built, (\d+) copied")


@dataclass
class Save:
    """One save: seconds from the write to the page showing it (None: it never did), and the
    moments the server's log lines arrived, in seconds after the write."""

    seconds: float | None
    stages: dict[str, float]
    written: int | None = None  # generated files written
    rendered: int | None = None  # diagrams drawn
    built: int | None = None  # pages built by MkDocs (None: every page)

    def split(self) -> dict[str, float]:
        """watcher (save → change detected), generation (→ radoc's pages generated, MkDocs'
        configuration loaded first), build (→ the site built), reload (→ the page parsed)."""
        s = self.stages
        out: dict[str, float] = {}
        if "detected" in s:
            out["watcher"] = s["detected"]
            if "generated" in s:
                out["generation"] = s["generated"] - s["detected"]
                if "reloading" in s:
                    out["build"] = s["reloading"] - s["generated"]
        if "reloading" in s and self.seconds is not None:
            out["reload"] = self.seconds - s["reloading"]
        return out


def measure_save(
    server: Server, page: Any, edit: Callable[[], object], word: str, timeout: float
) -> Save:
    """Run ``edit`` (one write of the YAML) and wait until ``page`` shows ``word``."""
    page.evaluate("() => { window.__benchShownAt = undefined; }")
    t0 = time.time()
    edit()
    shown: float | None = None
    with contextlib.suppress(Exception):  # Playwright's TimeoutError: reported as not shown
        page.wait_for_function(HAS_WORD, arg=word, polling=50, timeout=timeout * 1000)
        shown = float(page.evaluate("() => window.__benchShownAt")) / 1000
    stages: dict[str, float] = {}
    # the reload's own lines arrive before the page shows it; wait briefly for stragglers
    server.wait_for("Reloading browsers", t0, 0 if shown is None else 5)
    written = rendered = built = None
    for at, line in server.since(t0):
        if built is None and (found := PAGES.search(line)):
            built = int(found.group(2))
        for name, needle in STAGES:
            if name not in stages and needle in line:
                stages[name] = at - t0
                m = COUNTS.search(line)
                if name == "generated" and m:
                    written, rendered = int(m.group(1)), int(m.group(2))
    return Save(None if shown is None else shown - t0, stages, written, rendered, built)


# -- the rows --------------------------------------------------------------------------------------


@dataclass
class Result:
    """Rows as (number, what, measured, target, PASS/MISS or None or "info"), and notes."""

    rows: list[tuple[str, str, str, str, bool | str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def missing_browser() -> str | None:
    """Why the rows cannot run here (None: they can)."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install playwright; never `playwright install`)"
    return None


def _secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _summary(saves: list[Save]) -> tuple[float | None, str]:
    """The median (None when a save never showed) and the text of the measured cell."""
    times = [s.seconds for s in saves]
    shown = [t for t in times if t is not None]
    if len(shown) < len(times):
        return None, f"page not updated in {len(times) - len(shown)} of {len(times)} saves"
    mid = statistics.median(shown)
    parts: dict[str, list[float]] = {}
    for s in saves:
        for k, v in s.split().items():
            parts.setdefault(k, []).append(v)
    split = ", ".join(f"{k} {_secs(statistics.median(v))}" for k, v in parts.items())
    spread = f", {_secs(min(shown))}–{_secs(max(shown))}" if len(shown) > 1 else ""
    return mid, f"{_secs(mid)} (median of {len(shown)}{spread}; {split})"


EDITS: tuple[tuple[str, Callable[[Path, str, str], object]], ...] = (
    ("description", append_to_description),
    ("name", append_to_name),
)


@dataclass
class Session:
    """What one server did: the saves of each kind, its log, the load average around it; or
    why it could not be measured."""

    saves: dict[str, list[Save]] = field(default_factory=dict)
    log: list[tuple[float, str]] = field(default_factory=list)
    load: tuple[float, float] = (0.0, 0.0)
    failed: str | None = None
    pid: int | None = None


def session(
    browser: Any,
    cmd: list[str],
    project: Path,
    target: Target,
    repeat: int,
    remaining: Callable[[], float],
    say: Callable[[str], None] = lambda _: None,
    label: str = "",
) -> Session:
    """Serve ``project`` with ``cmd``, open the target's page in ``browser``, then ``repeat``
    times save a description edit and a name edit, each measured; the server is stopped at
    the end (its whole process group)."""
    url = cmd[cmd.index("-a") + 1]
    url = f"http://{url}/{target.url_path}"
    out = Session({"description": [], "name": []}, load=(os.getloadavg()[0], 0.0))
    token = uuid.uuid4().hex[:6]
    with serving(cmd, project, url) as server:
        out.pid = server.proc.pid
        try:
            started = server.wait_for("Serving on", 0, min(START_TIMEOUT, max(remaining(), 10)))
            if started is None:
                out.failed = "server did not start: " + server.tail(3).replace("\n", " | ")
                return out
            page = browser.new_page()
            try:
                page.add_init_script(SHOWN_SCRIPT)
                page.goto(url, wait_until="load")
                page.wait_for_function(HAS_WORD, arg=target.name, timeout=30_000)
                time.sleep(SETTLE)
                # one untimed save first: the served site's first build trusts no file changed
                # within seconds before it (as the project was just copied), so its records of
                # the inputs and pages start with the first rebuild, as on files long unchanged
                word = f"edit{token}w"
                measure_save(
                    server,
                    page,
                    functools.partial(append_to_description, target.path, target.element_id, word),
                    word,
                    min(EDIT_TIMEOUT, remaining()),
                )
                time.sleep(SETTLE)
                for rep in range(repeat):
                    if remaining() < 2 * EDIT_TIMEOUT / 3:
                        break
                    for kind, edit in EDITS:
                        word = f"edit{token}{rep}{kind[0]}"
                        say(f"S. {label}: {kind} edit {rep + 1}/{repeat}")
                        save = measure_save(
                            server,
                            page,
                            functools.partial(edit, target.path, target.element_id, word),
                            word,
                            min(EDIT_TIMEOUT, remaining()),
                        )
                        out.saves[kind].append(save)
                        time.sleep(SETTLE)
            finally:
                page.close()
        finally:
            out.log = server.since(0)
            out.load = (out.load[0], os.getloadavg()[0])
    return out


def measure(
    tmp: Path,
    repeat: int,
    remaining: Callable[[], float],
    say: Callable[[str], None],
    cache: Path | None = None,
    servers: tuple[str, ...] = ("radoc serve", "mkdocs serve"),
) -> Result:
    """Rows S1–S4: ``repeat`` saves of each kind under each server. ``cache``: a diagram cache
    to start from (the first build of the served site is not measured)."""
    result = Result()
    why = missing_browser()
    if why is not None:
        result.rows.append(
            ("S", "save → updated page in the browser", f"skipped: {why}", "—", None)
        )
        return result
    from playwright.sync_api import sync_playwright

    project = copy_default_project(tmp / "serve")
    if cache is not None and cache.is_dir():
        shutil.copytree(cache, project / ".radoc-cache")
    cwd = Path.cwd()
    os.chdir(project)  # the model's source paths are relative to the working folder
    try:
        target = pick_component(project / "architecture")
    finally:
        os.chdir(cwd)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for number, label in ((1, "radoc serve"), (3, "mkdocs serve")):
                if label not in servers:
                    continue
                if remaining() < 60:
                    result.rows.append(
                        (f"S{number}", f"{label}: save → page", "skipped (time budget)", "—", None)
                    )
                    continue
                say(f"S. {label}: first build of the served site")
                cmd = commands(free_port())[label]
                found = session(browser, cmd, project, target, repeat, remaining, say, label)
                if found.failed is not None:
                    result.rows.append(
                        (f"S{number}", f"{label}: save → page", found.failed, "—", None)
                    )
                    continue
                _rows(result, number, label, target, found)
        finally:
            browser.close()
    result.notes.append(
        f"S: `radoc serve` / `python -m mkdocs serve` in a copy of the default project; "
        f"Chromium opened /{target.url_path}; each save appends a new word "
        "to the description's end or to the name of "
        f"'{target.element_id}' ({target.path.name}); time = file written → the reloaded "
        "page's DOMContentLoaded with the word in it (wall clock). Split from the server's "
        "log lines as they arrived: watcher = save → 'Detected file changes' (MkDocs polls "
        "every 0.5 s), generation = → radoc's 'generated' line (MkDocs loads its "
        "configuration first), build = → 'Reloading browsers', reload = → page parsed."
    )
    return result


def _rows(result: Result, number: int, label: str, target: Target, found: Session) -> None:
    for offset, kind, limit in ((0, "description", DESCRIPTION_LIMIT), (1, "name", NAME_LIMIT)):
        saves = found.saves[kind]
        drawn = max((s.rendered or 0 for s in saves), default=0)
        built = [s.built for s in saves]
        pages = "every page" if None in built else f"{max(b or 0 for b in built)} pages"
        what = (
            f"{label}: description edited at its end ({pages} built)"
            if kind == "description"
            else f"{label}: name edited ({drawn} diagrams drawn, {pages} built)"
        )
        if not saves:
            result.rows.append((f"S{number + offset}", what, "skipped (time budget)", "—", None))
            continue
        mid, text = _summary(saves)
        result.rows.append(
            (
                f"S{number + offset}",
                f"{what}: save → page shown",
                text,
                f"≤ {limit:g} s",
                mid is not None and mid <= limit,
            )
        )
        counts = sorted({(s.written, s.rendered, s.built) for s in saves}, key=str)
        times = [None if s.seconds is None else round(s.seconds, 2) for s in saves]
        result.notes.append(
            f"S{number + offset}: {label}, {kind} of '{target.element_id}': saves {times} s; "
            f"(generated files written, diagrams drawn, pages built) per rebuild {counts}; "
            "load average "
            f"{found.load[0]:.1f} at the start, {found.load[1]:.1f} at the end."
        )
    result.notes.append(
        f"S{number}: {label}, the log of the last rebuild: "
        + " | ".join(line.strip() for _, line in found.log[-6:])
    )
