#!/usr/bin/env bash
# Set up everything radoc needs on this machine: system programs, then the Python environment.
# Usage: scripts/setup.sh [--with-browser]
# Installs Debian packages with apt-get when run as root; otherwise prints the exact command.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--with-browser" ] && want_browser=1

apt_updated=0
apt_install() {
  # $1: package list; $2: why
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "radoc setup: installing $1 ($2) with apt-get"
    if [ $apt_updated = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $1 >/dev/null
  else
    echo "radoc setup: $2 is missing. Install it with:" >&2
    echo "    sudo apt-get install -y $1" >&2
    echo "(macOS: brew install ${1%% *})" >&2
    exit 1
  fi
}

command -v dot >/dev/null 2>&1 || apt_install graphviz "the Graphviz 'dot' program, which draws the diagrams"
if [ $want_browser = 1 ] && [ ! -x /usr/bin/chromium ]; then
  apt_install "chromium fonts-dejavu-core" "headless Chromium, which the browser tests drive"
fi
# pdflatex (and booktabs) for the test that compiles exported figures into an article; optional:
# without root that test is skipped. About 2 minutes and 65 MB, once.
if [ $want_browser = 1 ] && ! command -v pdflatex >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt_install "texlive-latex-base texlive-latex-recommended" "pdflatex, which the export tests compile exported figures with"
  else
    echo "radoc setup: note: pdflatex is missing, so the LaTeX export test will be skipped" >&2
    echo "    (sudo apt-get install -y texlive-latex-base texlive-latex-recommended)" >&2
  fi
fi

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PYTHON="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "radoc setup: Python 3.11 or newer is needed; install it with: sudo apt-get install -y python3 python3-venv" >&2
  exit 1
fi

stamp=.venv/.radoc-installed
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv "Python's venv module"
    "$PYTHON" -m venv .venv
  fi
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "radoc setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  # the exact versions of constraints.txt, so every machine builds and tests the same way;
  # the icons extra draws the default architecture's deployment views and profiles
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev,icons]'
  touch "$stamp"
fi
