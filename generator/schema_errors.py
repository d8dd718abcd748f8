"""Translate pydantic's validation errors into radoc diagnostics at YAML positions."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, did_you_mean, error
from .load import Document, KeyPath
from .schema import ID_MAX, ID_PATTERN

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


def _found(value: Any) -> str:
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
        if isinstance(value, dict) and part in value:
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
    for part in reversed(loc):
        if isinstance(part, str) and part != "[key]":
            return part
    return "value"


def translate(err: ErrorDetails, doc: Document, root: type[BaseModel], prefix: KeyPath = ()) -> Diagnostic:
    """One pydantic error → one diagnostic. ``prefix`` is where ``root`` sits in the document."""
    loc = tuple(err["loc"])
    full = (*prefix, *loc)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    path = _data_path(doc, full)
    key = _key_name(full)
    if kind == "missing":
        return error("missing-field", f"missing required field '{key}'", doc.pos(path), path)
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        hint = did_you_mean(key, allowed_keys(model)) if model else ""
        where = f" in {model.__name__.lower()}" if model else ""
        return error("unknown-key", f"unknown key '{key}'{where}{hint}", doc.key_pos(full), path)
    found = _value_at(doc, path) if path == full else err.get("input")
    if path != full and path and not (loc and loc[-1] == "[key]"):
        key = _key_name(path)  # a shorthand value: name the key the user wrote
    if loc and loc[-1] == "[key]":
        found = loc[-2] if len(loc) > 1 else found
        key = str(found)
    if kind in _TYPE_WORDS:
        what = "the file" if not path else f"'{key}'"
        return error(
            "wrong-type", f"{what} must be {_TYPE_WORDS[kind]}, found {_found(found)}", doc.pos(path), path
        )
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return error(
                "bad-id",
                f"{_found(found)} is not a valid id: use lowercase letters, digits and hyphens, "
                "starting with a letter",
                doc.pos(path),
                path,
            )
        if str(ctx.get("pattern", "")).startswith("^https?"):
            return error("bad-value", f"'{key}' must be an http(s) URL, found {_found(found)}", doc.pos(path), path)
        return error("bad-value", f"'{key}' has an invalid form: {_found(found)}", doc.pos(path), path)
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        code = "bad-id" if limit == ID_MAX else "too-long"
        return error(code, f"'{key}' is longer than {limit} characters", doc.pos(path), path)
    if kind in ("string_too_short", "too_short"):
        return error("empty", f"'{key}' must not be empty", doc.pos(path), path)
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(found).strip("'"), options) if isinstance(found, str) else ""
        return error(
            "bad-value",
            f"'{key}' must be one of {', '.join(options)}; found {_found(found)}{hint}",
            doc.pos(path),
            path,
        )
    return error("bad-value", f"'{key}': {err['msg']}", doc.pos(path), path)
