"""Publishing never loses a file radoc did not write: the manifest, the atomic swap, the lock,
the user's umask, and hand-written pages that would share a generated page's address."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_project

pytestmark = [pytest.mark.dot, pytest.mark.slow]


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def built(tmp_path: Path) -> Path:
    project = copy_project("mini", tmp_path)
    run = radoc(project, "build")
    assert run.returncode == 0, run.stderr
    return project


def test_user_files_survive_rebuilds(built: Path) -> None:
    (built / "site" / "CNAME").write_text("arch.example.org\n", encoding="utf-8")
    (built / "build" / "pages" / "notes.txt").write_text("mine\n", encoding="utf-8")
    (built / ".site.old").mkdir()
    (built / ".site.old" / "keep.txt").write_text("mine\n", encoding="utf-8")
    run = radoc(built, "build", "--force")  # a user's file in site/ is no input: force a build
    assert run.returncode == 0, run.stderr
    assert (built / "site" / "CNAME").read_text(encoding="utf-8") == "arch.example.org\n"
    assert (built / "build" / "pages" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (built / ".site.old" / "keep.txt").is_file()
    assert (built / "site" / "index.html").is_file()
    leftovers = sorted(p.name for p in built.iterdir() if p.name.startswith(".site."))
    assert leftovers == [".site.old", ".site.radoc-stamp"]


def test_a_user_file_where_radoc_would_write_is_an_error(built: Path) -> None:
    page = built / "build" / "pages" / "references.md"
    page.unlink()
    manifest = built / "build" / "pages" / ".radoc-generated"
    manifest.write_text(
        "".join(
            line
            for line in manifest.read_text(encoding="utf-8").splitlines(keepends=True)
            if line.strip() != "references.md"
        ),
        encoding="utf-8",
    )
    page.write_text("my own notes\n", encoding="utf-8")
    run = radoc(built, "build", "--force")  # the site itself is still up to date
    assert run.returncode == 1
    assert run.stderr.strip().endswith(
        "references.md was not written by radoc, and radoc would write a file there: move it away"
    )
    assert page.read_text(encoding="utf-8") == "my own notes\n"


def test_a_hand_written_page_at_a_generated_address_is_an_error(built: Path) -> None:
    (built / "docs" / "components.md").write_text("# Mine\n", encoding="utf-8")
    before = (built / "site" / "index.html").read_bytes()
    run = radoc(built, "build")
    assert run.returncode == 1
    assert run.stderr == (  # said once: MkDocs' log line of the same failure is left out
        "radoc: error: docs/components.md is hand-written and would be published at the same "
        "address as radoc's components/index.md (components/); rename it\n"
    )
    assert (built / "site" / "index.html").read_bytes() == before, "the last good site stays"


def test_the_plugins_own_strict_option_fails_the_build_with_the_warnings(built: Path) -> None:
    config = built / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - radoc\n" in text
    config.write_text(
        text.replace("\n  - radoc\n", "\n  - radoc:\n      strict: true\n"), encoding="utf-8"
    )
    model = built / "architecture" / "model" / "components.yaml"
    model.write_text(
        model.read_text(encoding="utf-8").replace(
            "keep it.\n    sources: [paper]\n", "keep it.\n", 1
        ),
        encoding="utf-8",
    )
    before = (built / "site" / "index.html").read_bytes()
    run = radoc(built, "build")  # no --strict: mkdocs.yml asks for it
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "architecture/model/components.yaml:3:5: warning [unsourced] group 'data' has no "
        "sources; add sources or 'inferred: true' with a rationale",
        "0 error(s), 1 warning(s)",
        "build failed; the previous site is unchanged",
    ]
    assert (built / "site" / "index.html").read_bytes() == before


def test_published_files_follow_the_umask(built: Path) -> None:
    site = built / "site"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~mask
    assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o666 & ~mask
    css = site / "assets" / "radoc" / "radoc.css"
    assert stat.S_IMODE(css.stat().st_mode) == 0o666 & ~mask


def test_site_folder_that_is_a_file_is_one_line(built: Path) -> None:
    other = built / "elsewhere"
    other.write_text("not a folder\n", encoding="utf-8")
    run = radoc(built, "build", "-d", "elsewhere")
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and "exists and is not a folder" in run.stderr


def test_four_builds_at_once_publish_one_site_and_leave_nothing_behind(built: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "radoc", "build", "--force"],
            cwd=built,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert (built / "site" / "index.html").is_file()
    assert [p.name for p in built.iterdir() if p.name.startswith(".site")] == [".site.radoc-stamp"]


def test_serve_on_a_busy_port_is_one_line(built: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "radoc", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=built,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    assert run.returncode == 1, run.stderr
    assert run.stderr == (  # told before a build that would be served nowhere
        f"radoc: error: cannot serve on 127.0.0.1:{port}: the address is in use: "
        "stop the other server or choose another address\n"
    )
