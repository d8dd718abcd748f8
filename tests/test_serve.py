"""`radoc serve`: an edit to the architecture reaches the served page without a restart."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import copy_project

pytestmark = [pytest.mark.dot, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return True
        time.sleep(0.3)
    return False


def test_editing_yaml_updates_the_served_page(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "radoc", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/components/registry/"
    try:
        assert _wait_for(url, "Stores trained models with their versions.", 60), (
            "serve did not start"
        )
        model = project / "architecture/model/components.yaml"
        text = model.read_text(encoding="utf-8")
        model.write_text(
            text.replace(
                "Stores trained models with their versions.", "Keeps every model ever trained."
            ),
            encoding="utf-8",
        )
        assert _wait_for(url, "Keeps every model ever trained.", 60), (
            "the edit never reached the page"
        )
        # the page carries MkDocs' live-reload script, which refreshes an open browser
        assert "livereload" in (_get(url) or "")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
