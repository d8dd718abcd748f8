#!/usr/bin/env bash
# Test radoc at the ends of its dependency ranges (pyproject.toml), each end in a fresh virtual
# environment with radoc installed from a wheel, as a user would have it:
#   lowest   the oldest release each direct dependency's range allows, icons extra included
#   highest  the newest release each range allows, icons extra included
#   plain    the newest releases without the icons extra (what `pip install radoc` gives)
# Usage: scripts/check-ranges.sh [lowest|highest|plain ...]   (default: all three)
# The lowest end uses `uv pip install --resolution lowest-direct` when uv is on PATH, and
# otherwise pip with a constraints file of the lower bounds, written from pyproject.toml.
# The test tools come at the versions of constraints.txt. Needs Graphviz `dot` (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

ends=("$@")
[ ${#ends[@]} = 0 ] && ends=(lowest highest plain)
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "check-ranges: Python 3.11 or newer is needed (set PYTHON=...)" >&2; exit 1; }

# A fast subset that still goes through every stage: loading and validation with exact
# diagnostics, the JSON Schemas, golden DOT and Markdown, every view kind, the plugin in a user's project
# (nav, extensions, icons extra) and a site built end to end with its link check.
TESTS_WITH_ICONS=(tests/test_load.py tests/test_validate.py tests/test_golden.py
  tests/test_schema.py tests/test_view_kinds.py tests/test_ecosystem.py tests/test_packaging.py
  tests/test_site.py)
# Without the icons extra: what needs no icon (a user's project, built by MkDocs), and the
# tests of the missing extra itself.
TESTS_PLAIN=(tests/test_load.py tests/test_schema.py tests/test_ecosystem.py tests/test_packaging.py)
TEST_TOOLS=(pytest hypothesis pypdf)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "check-ranges: building the radoc wheel"
"$PYTHON" -m pip wheel -q --disable-pip-version-check --no-deps -w "$work/dist" . 2>/dev/null
wheel="$(ls "$work"/dist/radoc-*.whl)"

lower_bounds() {
  # name==lower for every `name>=lower` of the dependencies and the icons extra
  "$PYTHON" - <<'EOF'
import re, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
for req in [*project["dependencies"], *project["optional-dependencies"]["icons"]]:
    m = re.match(r"^([A-Za-z0-9._-]+)\s*(?:\[[^]]*\])?\s*.*?>=\s*([^,;\s]+)", req)
    if not m:
        raise SystemExit(f"check-ranges: {req!r} has no lower bound")
    print(f"{m.group(1)}=={m.group(2)}")
EOF
}

test_tool_pins() {
  for tool in "${TEST_TOOLS[@]}"; do
    grep -i -E "^${tool}==" constraints.txt
  done
}

run_end() {
  local end="$1" venv="$work/$1"
  echo "check-ranges: [$end] installing into a fresh environment"
  "$PYTHON" -m venv "$venv"
  local pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check)
  case "$end" in
    lowest)
      if command -v uv >/dev/null 2>&1; then
        # radoc's dependencies must be direct ones for lowest-direct: read them from
        # pyproject.toml, then add the wheel alone
        uv pip install -q --python "$venv/bin/python" --resolution lowest-direct \
          -r pyproject.toml --extra icons
        uv pip install -q --python "$venv/bin/python" --no-deps "$wheel"
      else
        lower_bounds > "$work/lower.txt"
        "${pip[@]}" -c "$work/lower.txt" "${wheel}[icons]"
      fi ;;
    highest) "${pip[@]}" --upgrade "${wheel}[icons]" ;;
    plain) "${pip[@]}" --upgrade "$wheel" ;;
    *) echo "check-ranges: unknown end '$end' (lowest, highest or plain)" >&2; exit 2 ;;
  esac
  # shellcheck disable=SC2046
  "${pip[@]}" $(test_tool_pins)
  echo "check-ranges: [$end] installed:" $("$venv/bin/python" -m pip list --format=freeze \
    --disable-pip-version-check 2>/dev/null | grep -i -E \
    '^(pyyaml|pydantic|jinja2|markdown-it-py|click|graphviz|mkdocs|mkdocs-material|pymdown-extensions|diagrams|pillow|markdown)==' | tr '\n' ' ')
  local tests=("${TESTS_WITH_ICONS[@]}")
  [ "$end" = plain ] && tests=("${TESTS_PLAIN[@]}")
  "$venv/bin/python" -m pytest -q -p no:cacheprovider "${tests[@]}"
}

for end in "${ends[@]}"; do
  run_end "$end"
done
echo "check-ranges: passed at: ${ends[*]}"
