"""The JSON Schemas of the YAML sources, as files editors can point at."""

from __future__ import annotations

import json
from pathlib import Path

from . import schema

SCHEMA_FILES: dict[str, type[schema.Spec]] = {
    "model.schema.json": schema.ModelFile,
    "view.schema.json": schema.View,
    "decision.schema.json": schema.Decision,
    "profile.schema.json": schema.Profile,
    "bibliography.schema.json": schema.BibliographyFile,
    "settings.schema.json": schema.SettingsFile,
}

TITLES = {
    "model.schema.json": "radoc model file (architecture/model/*.yaml)",
    "view.schema.json": "radoc view (architecture/views/*.yaml)",
    "decision.schema.json": "radoc decision (architecture/decisions/*.yaml)",
    "profile.schema.json": "radoc profile (architecture/profiles/*.yaml)",
    "bibliography.schema.json": "radoc bibliography (architecture/bibliography.yaml)",
    "settings.schema.json": "radoc settings (architecture/settings.yaml)",
}


def schema_texts() -> dict[str, str]:
    texts = {}
    for name, cls in SCHEMA_FILES.items():
        data = cls.model_json_schema(by_alias=True)
        data = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": TITLES[name],
            **{k: v for k, v in data.items() if k != "title"},
        }
        texts[name] = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return texts


def stale_schema_files(folder: Path) -> list[str]:
    return [
        name
        for name, text in schema_texts().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
