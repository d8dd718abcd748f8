"""`radoc profile new`: a profile file with every component and decision listed and commented,
so a team fills in its choices instead of starting from a blank page."""

from __future__ import annotations

import os
from pathlib import Path

from .model import Model
from .pages.markdown import yaml_string
from .schema import Tool


def profile_template(model: Model, profile_id: str, level: str | None, schema_path: str) -> str:
    name = profile_id.replace("-", " ").capitalize()
    tool, component = model.words("tool"), model.words("component")
    lines = [
        f"# yaml-language-server: $schema={schema_path}",
        f"id: {profile_id}",
        f"name: {yaml_string(name)}",
        "description: >-",
        "  Who uses this profile and what they want from the architecture (two to four",
        "  sentences; shown at the top of the profile's page).",
        *([f"level: {level}"] if level is not None else []),
    ]
    # without tools in the architecture there is nothing to pick: the profile records its
    # decisions' options (and its level) only
    if model.tools():
        lines += [
            "",
            f"# {tool.a[:1].upper() + tool.a[1:]} for each {component.singular}: {tool.a} id from the list in its comment, 'none' when nothing",
            "# covers it (a coverage gap), or 'in-house' for something the team built itself.",
            "tools:",
        ]
    for group in model.of_kind("group") if model.tools() else ():
        members = [
            model.element(c)
            for c in model.children.get(group.id, ())
            if model.element(c).kind == "component"
        ]
        if not members:
            continue
        lines.append(f"  # --- {group.name} ---")
        for comp in members:
            able = []
            for tid in model.tools_for.get(comp.id, ()):
                spec = model.element(tid).spec
                assert isinstance(spec, Tool)
                able.append(f"{tid} ({spec.supports[comp.id].coverage})")
            lines.append(
                f"  # {comp.name}: "
                + (", ".join(able) if able else f"no {tool.singular} in the model covers it")
            )
            lines.append(f"  {comp.id}: none")
    if model.decisions:
        lines += [
            "",
            "# An option for each decision (the first listed is the baseline).",
            "decisions:",
        ]
        for d in model.decisions:
            others = [o.id for o in d.spec.options if o.id != d.spec.baseline]
            lines.append(f"  # {d.spec.name}: {d.spec.baseline} (baseline), {', '.join(others)}")
            lines.append(f"  {d.id}: {d.spec.baseline}")
    activities = model.activities()
    if level is not None and activities:
        example = activities[0].id
        lines += [
            "",
            "# Where this team automates an activity more or less than the reference architecture",
            "# does at this level, say so here, with why. For example:",
            f'#   {example}: {{mode: human-in-the-loop, rationale: "A person signs it off."}}',
            "automation: {}",
        ]
    lines.append("")
    return "\n".join(lines)


def next_step(model: Model) -> str:
    """What to fill in first in a new profile, for what the architecture has."""
    if model.tools():
        return f"pick {model.words('tool').a} for each {model.words('component').singular}"
    if model.decisions:
        return "choose an option for each decision"
    return "describe the team it is for"


def schema_reference(profiles_dir: Path, schema_file: Path) -> str:
    return Path(os.path.relpath(schema_file, profiles_dir)).as_posix()
