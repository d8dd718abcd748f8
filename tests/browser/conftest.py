"""Fixtures of the browser tests: built sites, a local HTTP server, headless Chromium.

Every site is built once per session (per xdist worker) into its own temporary folder by
`python -m radoc build`, as a user would build it, and served from 127.0.0.1 on a free
port. Each test gets a fresh browser context (clean storage, light colour scheme) whose
requests to anything but the local server are aborted and recorded: the site must work
offline, and nothing a test does may leave the machine.
"""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmarks.serve import CHROMIUM, CHROMIUM_ARGS

from ..conftest import REPO, copy_project

VIEWPORT = {"width": 1280, "height": 900}


# --- building ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """The outcome of `radoc build` in a project folder."""

    project: Path
    returncode: int
    stderr: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def require(self) -> Path:
        """The built site; fails the calling test when the build did not succeed."""
        if self.returncode != 0:
            pytest.fail(
                f"`radoc build` failed in {self.project} (exit {self.returncode}):\n{self.stderr}",
                pytrace=False,
            )
        return self.site


def build(project: Path) -> Build:
    proc = subprocess.run(
        [sys.executable, "-m", "radoc", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return Build(project, proc.returncode, proc.stderr)


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own architecture (architecture/, docs/, mkdocs.yml), built."""
    project = tmp_path_factory.mktemp("default-site")
    shutil.copytree(REPO / "architecture", project / "architecture")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return build(project)


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """tests/projects/hostile: names and descriptions carrying injection payloads, built."""
    return build(copy_project("hostile", tmp_path_factory.mktemp("hostile-site")))


# --- serving ----------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # the browser may drop a connection it no longer needs; that is not a test failure
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def default_url(default_build: Build) -> Iterator[str]:
    """The base URL of the served default site (ends with '/')."""
    with serve(default_build.require()) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_build: Build) -> Iterator[str]:
    with serve(hostile_build.require()) as url:
        yield url


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    try:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


# Any URL but the local server's (and the browser's own data:, blob: and about: URLs). A
# pattern, not a Python callable, so the browser only stops the requests that match it.
ELSEWHERE = re.compile(r"^(?!http://127\.0\.0\.1:|data:|blob:|about:)")


@dataclass
class Session:
    """A fresh browser context with one page, and what happened while the test drove it."""

    context: Any
    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, failed requests and HTTP errors so far
        (requests the browser cancelled itself are not failures)."""
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"uncaught exception: {m}" for m in self.page_errors),
            *(f"request failed: {m}" for m in self.failed),
            *(f"HTTP error: {m}" for m in self.bad_status),
        ]


def open_session(browser: Any, color_scheme: str = "light") -> Session:
    context = browser.new_context(
        viewport=VIEWPORT, color_scheme=color_scheme, service_workers="block"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    s = Session(context, page)

    def block_external(route: Any) -> None:
        s.external.append(route.request.url)
        route.abort()

    context.route(ELSEWHERE, block_external)
    page.on(
        "console",
        lambda msg: (
            s.console_errors.append(f"{msg.text} ({msg.location})") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: s.page_errors.append(str(exc)))

    def failed(req: Any) -> None:
        # net::ERR_ABORTED is the browser cancelling a request itself: the page was left
        # (a click on a link while the search worker still loads), an element went away. A
        # file that is missing or broken shows as an HTTP error or another net:: error.
        if not str(req.failure).endswith("net::ERR_ABORTED"):
            s.failed.append(f"{req.url}: {req.failure}")

    page.on("requestfailed", failed)
    page.on(
        "response",
        lambda resp: (
            s.bad_status.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None
        ),
    )
    page.on("request", lambda req: s.requests.append(req.url))
    return s


@pytest.fixture
def session(browser: Any) -> Iterator[Session]:
    s = open_session(browser)
    try:
        yield s
    finally:
        s.context.close()
