"""Faults of the machine, not of the architecture: a full disk, a read-only folder, a site folder
that is a mount point. Each ends in one line naming the path and what to do, exit 1, and
nothing of the last good site is lost. Real file systems (small tmpfs mounts) make the faults:
the tests need root and mount(8), and are skipped where either is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO, copy_project

pytestmark = [pytest.mark.slow, pytest.mark.dot]


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs root and mount(8)")


class Mounts:
    def __init__(self) -> None:
        self.points: list[Path] = []

    def tmpfs(self, where: Path, size: str = "1m", read_only: bool = False) -> None:
        where.mkdir(parents=True, exist_ok=True)
        options = f"size={size}" + (",ro" if read_only else "")
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
        self.points.append(where)

    def remount(self, where: Path, options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    m = Mounts()
    yield m
    for point in reversed(m.points):
        subprocess.run(["umount", "-l", str(point)], check=False)


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "generator"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("radoc: error:")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


@needs_mount
def test_a_full_disk_is_one_line_and_the_last_site_stays(tmp_path: Path, mounts: Mounts) -> None:
    project = copy_project("mini", tmp_path / "p")
    assert radoc(project, "build").returncode == 0
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    shutil.rmtree(project / "build")
    mounts.tmpfs(project / "build", size="64k")  # the generated pages do not fit
    # the site is current (build/ is output, not input): --force makes radoc write again
    line = one_line_error(radoc(project, "build", "--force"))
    assert "the disk is full: free some space and run radoc again" in line, line
    after = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    assert after == before


@needs_mount
def test_a_read_only_output_folder_is_one_line(tmp_path: Path, mounts: Mounts) -> None:
    project = copy_project("mini", tmp_path / "p")
    mounts.tmpfs(project / "build", read_only=True)
    line = one_line_error(radoc(project, "build"))
    assert "it is on a read-only file system: choose another folder" in line, line
    assert str(project / "build") in line


@needs_mount
def test_export_into_a_read_only_folder_is_one_line(tmp_path: Path, mounts: Mounts) -> None:
    project = copy_project("mini", tmp_path / "p")
    mounts.tmpfs(project / "figures", read_only=True)
    line = one_line_error(
        radoc(project, "export", "--view", "functional", "--format", "svg", "--out", "figures")
    )
    assert "it is on a read-only file system: choose another folder" in line, line


@needs_mount
def test_a_site_folder_that_is_a_mount_point_is_rebuilt_in_place(
    tmp_path: Path, mounts: Mounts
) -> None:
    """A Docker volume or a web server's mount: radoc cannot swap it, so it syncs into it,
    keeping the mount and the files it did not write."""
    project = copy_project("mini", tmp_path / "p")
    mounts.tmpfs(project / "site", size="64m")
    first = radoc(project, "build")
    assert first.returncode == 0, first.stderr
    assert os.path.ismount(project / "site")
    assert (project / "site" / "views" / "functional" / "index.html").is_file()
    (project / "site" / "CNAME").write_text("ra.example.org\n", encoding="utf-8")
    # an edit, rebuilt into the same mount: the old page is replaced, the user's file stays
    view = project / "architecture" / "views" / "functional.yaml"
    view.write_text(
        view.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1),
        encoding="utf-8",
    )
    second = radoc(project, "build")
    assert second.returncode == 0, second.stderr
    assert os.path.ismount(project / "site")
    page = (project / "site" / "views" / "functional" / "index.html").read_text(encoding="utf-8")
    assert "Renamed" in page
    assert (project / "site" / "CNAME").read_text(encoding="utf-8") == "ra.example.org\n"
    # no swap folder is left beside the mount; the up-to-date stamp is radoc's record
    assert [p.name for p in project.glob(".site.*")] == [".site.radoc-stamp"]
