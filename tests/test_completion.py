"""Shell completion, as the README tells users to enable it (click's _RADOC_COMPLETE)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RADOC = Path(sys.executable).parent / "radoc"


def _complete(**env: str) -> str:
    proc = subprocess.run(
        [str(RADOC)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return proc.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script(shell: str) -> None:
    assert "_radoc_completion" in _complete(_RADOC_COMPLETE=f"{shell}_source")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("radoc ch", "plain,check\n"),
        ("radoc check --format ", "plain,github\nplain,json\nplain,text\n"),
        ("radoc export --theme p", "plain,print\n"),
    ],
)
def test_bash_completes_commands_and_choices(words: str, expected: str) -> None:
    cword = str(len(words.split(" ")) - 1)
    assert _complete(_RADOC_COMPLETE="bash_complete", COMP_WORDS=words, COMP_CWORD=cword) == (
        expected
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_sourced_bash_function_fills_compreply() -> None:
    script = (
        'eval "$(_RADOC_COMPLETE=bash_source radoc)"\n'
        "COMP_WORDS=(radoc check --format ''); COMP_CWORD=3\n"
        "_radoc_completion radoc\n"
        'echo "${COMPREPLY[*]}"\n'
    )
    path = f"{RADOC.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert proc.stdout == "github json text\n"
