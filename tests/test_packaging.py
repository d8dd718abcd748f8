"""What a `pip install` of radoc carries: every module, the templates and assets, the JSON
Schemas; and dependency ranges that a user's environment can share."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from radoc.schema_files import schema_texts

from .conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SOURCE = REPO / "generator" / "radoc"


def _folders_with_files() -> set[str]:
    return {
        "radoc" + "".join(f".{part}" for part in p.relative_to(SOURCE).parts)
        for p in [SOURCE, *SOURCE.rglob("*")]
        if p.is_dir() and p.name != "__pycache__" and any(c.is_file() for c in p.iterdir())
    }


def test_every_folder_of_the_package_is_listed_in_pyproject() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    missing = _folders_with_files() - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert listed - _folders_with_files() == {"radoc.schemas"}  # mapped from schema/


def test_dependencies_are_ranges_and_the_constraints_pin_them() -> None:
    project = PYPROJECT["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["icons"]]
    pins = {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
        for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    for req in requirements:
        name = re.match(r"[A-Za-z0-9._-]+", req)
        assert name is not None
        assert "==" not in req, req
        assert re.search(r">=[\d.]+", req) and re.search(r"<[\d.]+", req), (
            f"{req}: give a lower and an upper bound"
        )
        assert name.group(0).lower() in pins, f"{req} is not pinned in constraints.txt"


@pytest.mark.slow
def test_the_wheel_carries_templates_assets_and_schemas(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("radoc-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        schemas = {
            n.removeprefix("radoc/schemas/"): zf.read(n).decode("utf-8")
            for n in names
            if n.startswith("radoc/schemas/")
        }
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    sources = {
        f"radoc/{p.relative_to(SOURCE).as_posix()}"
        for p in SOURCE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert sources - names == set()
    assert {"radoc/pages/templates/element.md.j2", "radoc/assets/radoc-zoom.js"} <= names
    assert schemas == schema_texts()  # the files of schema/, as `radoc schema` writes them
    assert "Provides-Extra: icons" in metadata
    assert re.search(r"^Requires-Dist: diagrams.*; extra == \"icons\"$", metadata, re.M)
    assert not re.search(r"^Requires-Dist: (diagrams|Pillow)[^;]*$", metadata, re.M)
    assert "radoc = radoc.plugin:RadocPlugin" in entry_points
    assert "radoc = radoc.cli:main" in entry_points
