"""Translate pydantic's validation errors into radoc diagnostics at YAML positions."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, closest, did_you_mean, error
from .load import Document, KeyPath
from .schema import ID_MAX, ID_PATTERN, KIND_PLURALS

BIBLIOGRAPHY_FILE = "bibliography.yaml"
SETTINGS_FILE = "settings.yaml"

_BOUNDS = {
    "greater_than_equal": "at least",
    "less_than_equal": "at most",
    "greater_than": "more than",
    "less_than": "less than",
}
PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9-]*$": "lowercase letters, digits and hyphens",
    r"^[a-z][a-z ]*[a-z]$": "lowercase words separated by spaces",
    r"^10\.\d{4,9}/\S+$": "a DOI such as 10.1007/978-3-031-71246-3_6",
    r"^[a-z0-9_]+(\.[a-z0-9_]+)*\.[A-Za-z0-9_]+$": "a diagrams node class such as onprem.mlops.Mlflow",
}
_TYPE_WORDS = {
    "string_type": "a text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _found(value: Any, raw: str | None = None) -> str:
    if raw is not None and isinstance(value, bool):
        return f"'{raw}' (YAML reads it as {str(value).lower()}; put it in quotes for text)"
    if raw is not None and isinstance(value, (int, float)):
        return f"the number {raw}"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    return f"'{value}'"


def _unwrap(tp: Any) -> list[Any]:
    """The concrete classes a field annotation may hold (Annotated and unions unwrapped)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(tp) for c in _unwrap(arg)]
    return [tp]


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The pydantic class that validates the mapping at ``loc`` (None if not a model)."""
    current: list[Any] = [root]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            origin = typing.get_origin(tp)
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                field = _field_by_key(tp, str(part))
                if field is not None:
                    nxt.extend(_unwrap(field))
            elif origin in (tuple, list) and isinstance(part, int):
                nxt.extend(_unwrap(typing.get_args(tp)[0]))
            elif origin is dict and isinstance(part, str):
                nxt.extend(_unwrap(typing.get_args(tp)[1]))
        current = nxt
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
    return None


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info.annotation
    return None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items() if name != "schema_"]


def _data_path(doc: Document, loc: tuple[int | str, ...]) -> KeyPath:
    """The longest prefix of ``loc`` that exists in the YAML data."""
    path: list[int | str] = []
    value: Any = doc.data
    for part in loc:
        if isinstance(value, dict):
            if part not in value:
                break
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            break
        path.append(part)
    return tuple(path)


def _value_at(doc: Document, path: KeyPath) -> Any:
    value: Any = doc.data
    for part in path:
        value = value[part]  # path comes from _data_path, so it exists
    return value


def _key_name(loc: tuple[int | str, ...]) -> str:
    """How a message names the value at ``loc``: its key, or 'item N of key' in a list."""
    for i in range(len(loc) - 1, -1, -1):
        part = loc[i]
        if isinstance(part, str) and part != "[key]":
            if i == len(loc) - 1:
                return part
            if isinstance(loc[i + 1], int) and i + 1 == len(loc) - 1:
                return f"item {int(loc[i + 1]) + 1} of '{part}'"
            return part
    return "value"


def _quoted(key: str) -> str:
    return key if key.startswith("item ") else f"'{key}'"


_SINGULAR = {plural: kind for kind, plural in KIND_PLURALS.items()}
# how a message names the mapping an unknown key is in, where the class name would not do
_SCOPES = {"BibliographyFile": BIBLIOGRAPHY_FILE, "SettingsFile": SETTINGS_FILE}


def translate_all(
    errors: list[ErrorDetails], doc: Document, root: type[BaseModel], prefix: KeyPath = ()
) -> list[Diagnostic]:
    """Every pydantic error of one validation → diagnostics, without the follow-on ones: a
    required field reported missing where the mapping has a misspelling of it (``desription``)
    is the unknown key's diagnostic, which names the field."""
    misspelled: set[tuple[int | str, ...]] = set()
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] != "extra_forbidden" or not loc:
            continue
        model = _model_at(root, loc[:-1])
        if model is None:
            continue
        meant = closest(str(loc[-1]), allowed_keys(model))
        if meant is not None:
            misspelled.add((*loc[:-1], meant))
    found = []
    for err in errors:
        if err["type"] == "missing" and tuple(err["loc"]) in misspelled:
            continue
        diagnostic = translate(err, doc, root, prefix)
        if diagnostic is not None:
            found.append(diagnostic)
    return found


def translate(
    err: ErrorDetails, doc: Document, root: type[BaseModel], prefix: KeyPath = ()
) -> Diagnostic | None:
    """One pydantic error → one diagnostic (None when it only repeats what the loader said).

    ``prefix`` is where ``root`` sits in the document."""
    loc = tuple(err["loc"])
    full = (*prefix, *loc)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    path = _data_path(doc, full)
    if doc.is_flagged(path):
        return None
    key = _key_name(full)
    raw = doc.raw.get(path)
    if kind == "missing":
        return error("missing-field", f"missing required field '{key}'", doc.pos(path), path)
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        hint = did_you_mean(key, allowed_keys(model)) if model else ""
        scope = f" in {_SCOPES.get(model.__name__, model.__name__.lower())}" if model else ""
        return error("unknown-key", f"unknown key '{key}'{scope}{hint}", doc.key_pos(full), path)
    found = _value_at(doc, path) if path == full else err.get("input")
    is_key = bool(loc) and loc[-1] == "[key]"
    where = doc.pos(path)
    if path != full and path and not is_key:
        key = _key_name(path)  # a shorthand value: name the key the user wrote
    if is_key:
        found = loc[-2] if len(loc) > 1 else found
        key = str(found)
        where = doc.key_pos(path)
        raw = None
    if kind in _TYPE_WORDS:
        what = "the file" if not path else _quoted(key)
        return error(
            "wrong-type",
            f"{what} must be {_TYPE_WORDS[kind]}, found {_found(found, raw)}",
            where,
            path,
        )
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == ID_PATTERN:
            return error(
                "bad-id",
                f"{_found(found, raw)} is not a valid id: use lowercase letters, digits and hyphens, "
                "starting with a letter",
                where,
                path,
            )
        if pattern.startswith("^https?"):
            return error(
                "bad-value",
                f"{_quoted(key)} must be an http(s) URL, found {_found(found, raw)}",
                where,
                path,
            )
        expected = PATTERN_WORDS.get(pattern, "a different form")
        return error(
            "bad-value",
            f"{_quoted(key)} must be {expected}, found {_found(found, raw)}",
            where,
            path,
        )
    if kind == "value_error":  # our own validators (URLs, DOIs) say what is wrong
        reason = str(ctx.get("error", err["msg"]))
        return error(
            "bad-value", f"{_quoted(key)} is {reason}, found {_found(found, raw)}", where, path
        )
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        code = "bad-id" if limit == ID_MAX else "too-long"
        return error(code, f"{_quoted(key)} is longer than {limit} characters", where, path)
    if kind == "string_too_short":
        return error("empty", f"{_quoted(key)} must not be empty", where, path)
    if kind == "too_short":
        given = _value_at(doc, path) if path == full else None
        wanted = int(ctx.get("min_length", 1))
        if isinstance(given, list) and len(given) >= wanted:
            return None  # some items are invalid; those have their own diagnostics
        if wanted <= 1:
            return error("empty", f"{_quoted(key)} must not be empty", where, path)
        count = len(given) if isinstance(given, list) else 0
        return error(
            "too-few", f"{_quoted(key)} needs at least {wanted} items, found {count}", where, path
        )
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()), "?")
        return error(
            "bad-value",
            f"{_quoted(key)} must be {_BOUNDS[kind]} {bound}, found {_found(found, raw)}",
            where,
            path,
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(found).strip("'"), options) if isinstance(found, str) else ""
        owner = _key_name(full[:-2]) if is_key and len(full) > 2 else "the mapping"
        what = f"key '{found}' of {_quoted(owner)}" if is_key else _quoted(key)
        if set(options) == set(KIND_PLURALS) and found in _SINGULAR:
            shown = "" if is_key else f", found '{found}'"  # a key is the value found
            return error(
                "bad-value",
                f"{what} must be a kind in the singular{shown} (did you mean '{_SINGULAR[found]}'?)",
                where,
                path,
            )
        if is_key:  # the key is the value found: name it once
            return error(
                "bad-value", f"{what} must be one of {', '.join(options)}{hint}", where, path
            )
        return error(
            "bad-value",
            f"{_quoted(key)} must be one of {', '.join(options)}; found {_found(found, raw)}{hint}",
            where,
            path,
        )
    return error("bad-value", f"{_quoted(key)}: {err['msg']}", where, path)
