"""`radoc check --format text|json|github`: diagnostics on stdout, in three exact shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from radoc.diagnostics import Pos, error, format_github, format_json, format_text, warning

from .test_bad_inputs import materialise, radoc

# one message with every character GitHub's workflow commands escape, and raw line breaks
TRICKY = error("bad-thing", "50% done, 2: next\nline\rend\u2028x", Pos("dir,a:b/m.yaml", 9, 12))
FILE_ONLY = warning("unused", "nothing shows it", Pos("architecture/views"))


def test_text_is_one_line_per_diagnostic() -> None:
    assert format_text([TRICKY, FILE_ONLY]) == (
        "dir,a:b/m.yaml:9:12: error [bad-thing] 50% done, 2: next\\nline\\rend\\u2028x\n"
        "architecture/views: warning [unused] nothing shows it\n"
    )
    assert format_text([]) == ""


def test_json_is_an_array_of_six_fields() -> None:
    text = format_json([TRICKY, FILE_ONLY])
    assert json.loads(text) == [
        {
            "file": "dir,a:b/m.yaml",
            "line": 9,
            "column": 12,
            "severity": "error",
            "code": "bad-thing",
            "message": "50% done, 2: next\nline\rend\u2028x",
        },
        {
            "file": "architecture/views",
            "line": None,
            "column": None,
            "severity": "warning",
            "code": "unused",
            "message": "nothing shows it",
        },
    ]
    assert text.endswith("}\n]\n")
    assert format_json([]) == "[]\n"


def test_github_escapes_data_and_properties() -> None:
    assert format_github([TRICKY, FILE_ONLY]) == (
        "::error file=dir%2Ca%3Ab/m.yaml,line=9,col=12,title=radoc [bad-thing]"
        "::50%25 done, 2: next%0Aline%0Dend\u2028x\n"
        "::warning file=architecture/views,title=radoc [unused]::nothing shows it\n"
    )
    assert format_github([]) == ""


@pytest.fixture
def bad_project(tmp_path: Path) -> Path:
    """The tiny valid architecture with one group id that holds `%`, `,`, `:` and a newline."""
    project = materialise("_base", tmp_path / "project")
    model = project / "architecture/model/a.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("group: data", 'group: "50%, or: da\\nta"', 1), encoding="utf-8")
    return project


# YAML reads "\n" in double quotes as a line break: the message quotes it as it is
MESSAGE = (
    "'50%, or: da\nta' is not a valid id: use lowercase letters, digits and hyphens, "
    "starting with a letter"
)


def test_check_text(bad_project: Path) -> None:
    run = radoc(bad_project, "check")
    assert run.returncode == 1
    assert run.stdout == (
        "architecture/model/a.yaml:9:12: error [bad-id] '50%, or: da\\nta' is not a valid id: "
        "use lowercase letters, digits and hyphens, starting with a letter\n"
    )
    assert run.stderr == "1 error(s), 0 warning(s)\n"


def test_check_json(bad_project: Path) -> None:
    run = radoc(bad_project, "check", "--format", "json")
    assert run.returncode == 1
    assert run.stdout == (
        "[\n"
        "  {\n"
        '    "file": "architecture/model/a.yaml",\n'
        '    "line": 9,\n'
        '    "column": 12,\n'
        '    "severity": "error",\n'
        '    "code": "bad-id",\n'
        '    "message": "\'50%, or: da\\nta\' is not a valid id: use lowercase letters, digits '
        'and hyphens, starting with a letter"\n'
        "  }\n"
        "]\n"
    )
    assert json.loads(run.stdout)[0]["message"] == MESSAGE
    assert run.stderr == "1 error(s), 0 warning(s)\n"


def test_check_github(bad_project: Path) -> None:
    run = radoc(bad_project, "check", "--format", "github")
    assert run.returncode == 1
    assert run.stdout == (
        "::error file=architecture/model/a.yaml,line=9,col=12,title=radoc [bad-id]::"
        "'50%25, or: da%0Ata' is not a valid id: use lowercase letters, digits and hyphens, "
        "starting with a letter\n"
    )


def test_a_valid_architecture_writes_nothing_but_an_empty_list(tmp_path: Path) -> None:
    project = materialise("_base", tmp_path / "ok")
    for fmt, expected in [("text", ""), ("json", "[]\n"), ("github", "")]:
        run = radoc(project, "check", "--strict", "--format", fmt)
        assert (run.returncode, run.stdout) == (0, expected), run.stderr
        assert run.stderr.startswith("ok: ")


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    project = materialise("_base", tmp_path / "warned")
    model = project / "architecture/model/a.yaml"
    model.write_text(
        model.read_text(encoding="utf-8")
        + "artifacts:\n  - id: stray\n    name: Stray\n    description: Shown nowhere.\n"
        "    sources: [paper]\n",
        encoding="utf-8",
    )
    run = radoc(project, "check", "--format", "json")
    found = json.loads(run.stdout)
    assert run.returncode == 0, run.stdout
    assert [d["severity"] for d in found] == ["warning"] * len(found) and found
    strict = radoc(project, "check", "--strict", "--format", "github")
    assert strict.returncode == 1
    assert strict.stdout.startswith("::warning file=architecture/model/a.yaml,line=")


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    run = radoc(materialise("_base", tmp_path / "p"), "check", "--format", "xml")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "'xml' is not one of 'github', 'json', 'text'" in run.stderr
