"""The JSON Schemas in schema/ pass strict validators, and say what radoc's own checks say.

Editors and check-jsonschema read `pattern` as an ECMAScript regular expression (with the `u`
flag), not as a Python one: a Python-only escape such as ``\\'`` makes the whole schema invalid.
These tests check the schemas the way check-jsonschema does (the metaschema, with the "regex"
format checked by regress, an ECMAScript engine), compile every pattern in Node when it is
installed, and validate every YAML source of the repository against its schema.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
import regress
import yaml
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import SchemaError
from pydantic import StringConstraints, TypeAdapter
from radoc.schema import DOCUMENT_TYPES
from radoc.schema_files import SCHEMA_FILES, schema_texts

from .conftest import PROJECTS, REPO

SCHEMAS = {name: json.loads(text) for name, text in schema_texts().items()}


def ecma_regex(pattern: object) -> bool:
    """Whether ``pattern`` is an ECMAScript regex, as check-jsonschema's "regex" format decides."""
    if not isinstance(pattern, str):
        return True
    try:
        regress.Regex(pattern, flags="u")
    except regress.RegressError:
        return False
    return True


STRICT_FORMATS = FormatChecker()
STRICT_FORMATS.checks("regex", raises=())(ecma_regex)


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


PATTERNS = sorted({p for schema in SCHEMAS.values() for p in _patterns(schema)})


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_passes_the_metaschema_with_ecmascript_regexes(name: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[name], format_checker=STRICT_FORMATS)
    Draft202012Validator.check_schema(SCHEMAS[name], format_checker=FormatChecker())


def test_the_checker_rejects_a_python_only_escape() -> None:
    """The pattern the schemas once had: Python reads ``\\'`` as a quote, ECMAScript rejects it."""
    old = {"type": "string", "pattern": "^https?://[^\\s<>\\\"\\']+$"}
    re.compile(old["pattern"])
    with pytest.raises(SchemaError, match="is not a 'regex'"):
        Draft202012Validator.check_schema(old, format_checker=STRICT_FORMATS)


def test_the_schemas_have_patterns() -> None:
    assert len(PATTERNS) >= 5
    assert "^[a-z][a-z0-9-]*$" in PATTERNS


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_node_compiles_every_pattern() -> None:
    """Node's own RegExp, with and without the `u` flag editors use."""
    script = (
        "const ps = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const bad = [];"
        "for (const p of ps) for (const f of ['', 'u']) {"
        "  try { new RegExp(p, f); } catch (e) { bad.push([p, f, e.message]); } }"
        "process.stdout.write(JSON.stringify(bad));"
    )
    node = shutil.which("node")
    assert node is not None
    proc = subprocess.run(
        [node, "-e", script],
        input=json.dumps(PATTERNS),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(proc.stdout) == []


# Strings on both sides of every pattern: ids, icon names, verbs, URLs, DOIs, and the places
# where regex dialects differ (line breaks before the end, non-ASCII letters and digits).
PROBES = [
    "",
    "a",
    "model-registry",
    "model-registry\n",
    "model\nregistry",
    "Model",
    "-a",
    "a-",
    "a b",
    "deploys",
    "runs on",
    "1paper",
    "kreuzberger2023",
    "ré",
    "a٣",
    "onprem.mlops.Mlflow",
    "onprem..Mlflow",
    "Onprem.mlops.Mlflow",
    "https://mlflow.org",
    "https://example.org/a?b=c&d=%20#top",
    "http://x.org/a b",
    "https://x.org/<script>",
    "ftp://x.org",
    "10.1007/978-3-031-71246-3_6",
    "10.1007/978 3",
    "10.12/x",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_patterns_mean_the_same_to_pydantic_and_ecmascript(pattern: str) -> None:
    """radoc validates with pydantic (Rust's regex engine); editors with ECMAScript's."""
    python = TypeAdapter(Annotated[str, StringConstraints(pattern=pattern)])
    ecma = regress.Regex(pattern, flags="u")
    for probe in PROBES:
        try:
            python.validate_python(probe)
            accepted = True
        except ValueError:
            accepted = False
        assert accepted == (ecma.find(probe) is not None), (pattern, probe)


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if (
        validator.is_type(instance, "string")
        and regress.Regex(pattern, flags="u").find(instance) is None
    ):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# a validator that reads `pattern` as an editor does (Python's re would let "id\n" through)
EditorValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


class _PlainYaml(yaml.SafeLoader):
    """YAML as an editor's language server reads it: a date stays a string."""


_PlainYaml.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _sources() -> list[Path]:
    roots = [REPO / "architecture", *(p / "architecture" for p in sorted(PROJECTS.iterdir()))]
    return [f for root in roots if root.is_dir() for f in sorted(root.rglob("*.yaml"))]


SCHEMA_OF = {cls: name for name, cls in SCHEMA_FILES.items()}


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_source_validates_against_its_schema(path: Path) -> None:
    arch = next(p for p in path.parents if p.name == "architecture")
    folder = path.relative_to(arch).parts[0]
    kind = folder.removesuffix(".yaml")  # bibliography.yaml and settings.yaml sit at the top
    schema = SCHEMAS[SCHEMA_OF[DOCUMENT_TYPES[kind]]]
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_PlainYaml)
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in EditorValidator(schema, format_checker=FormatChecker()).iter_errors(data)
    ]
    assert errors == []


def test_an_editor_flags_what_radoc_rejects() -> None:
    """The same validator finds a bad id and a bad date, so the test above can fail."""
    schema = SCHEMAS["model.schema.json"]
    bad = {
        "components": [{"id": "Model Registry", "name": "x", "group": "g", "description": "d"}],
        "tools": [
            {
                "id": "t",
                "name": "T",
                "description": "d",
                "url": "https://t.org",
                "supports": {
                    "c": {
                        "coverage": "full",
                        "basis": {"url": "https://t.org", "quote": "q", "checked": "2026-13-01"},
                    }
                },
            }
        ],
    }

    def found() -> list[str]:
        validator = EditorValidator(schema, format_checker=FormatChecker())
        return sorted(".".join(map(str, e.absolute_path)) for e in validator.iter_errors(bad))

    assert found() == ["components.0.id", "tools.0.supports.c"]  # the cell is one of two forms
    bad["tools"][0]["supports"]["c"]["basis"]["checked"] = "2026-12-01"
    assert found() == ["components.0.id"]
