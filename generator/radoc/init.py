"""`radoc init`: a new project that builds at once.

The files are the smallest valid project: an MkDocs configuration with the radoc plugin and
the sections placeholder, a home page, an architecture with one element of each main kind,
one view, and the JSON Schemas its modelines point at. Nothing that exists is overwritten.
"""

from __future__ import annotations

from pathlib import Path

from .errors import NotOwned
from .pages.markdown import yaml_string
from .schema_files import schema_texts
from .text import md_text

MKDOCS_YML = """\
site_name: {title}
use_directory_urls: true
strict: true

theme:
  name: material
  font: false          # no web fonts: the site works offline
  features:
    - navigation.indexes
    - content.tabs.link
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode

plugins:
  - search
  - radoc:
      architecture: architecture

# the Markdown extensions radoc's pages use
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true

nav:
  - Home: index.md
  - radoc://sections   # radoc's generated sections: views, elements, decisions, references
"""

INDEX_MD = """\
# {title}

This site publishes a reference architecture from the YAML files in `architecture/`.
Edit them, then run `radoc build` (or `radoc serve` to see each save at once).

<!-- radoc-diagram: overview -->
"""

SETTINGS_YAML = """\
# yaml-language-server: $schema=../schema/settings.schema.json
# Optional: what the pages call each kind of element, and drawing styles by tag or group.
kinds:
  component:
    intro: The building blocks of the architecture, by group.
styles: []
"""

MODEL_YAML = """\
# yaml-language-server: $schema=../../schema/model.schema.json
# Every element and relationship names its sources (keys of bibliography.yaml), or says it is
# inferred and why; `radoc check` warns about those that do neither.
roles:
  - id: user
    name: User
    description: Uses the system to get their work done.
    inferred: true
    rationale: An example to start from; replace it with the roles of your architecture.

groups:
  - id: core
    name: Core
    description: The parts every installation has.
    inferred: true
    rationale: An example to start from.

components:
  - id: front-end
    name: Front end
    group: core
    description: Takes requests from users and shows the results.
    inferred: true
    rationale: An example to start from.
  - id: store
    name: Store
    group: core
    description: Keeps what the front end needs between requests.
    inferred: true
    rationale: An example to start from.

relationships:
  - {from: user, verb: uses, to: front-end, inferred: true, rationale: An example.}
  - {from: front-end, verb: reads and writes, to: store, inferred: true, rationale: An example.}
"""

VIEW_YAML = """\
# yaml-language-server: $schema=../../schema/view.schema.json
id: overview
title: Overview
question: What are the parts of the architecture, and who uses them?
include:
  kinds: [role, group, component]
layout:
  group_by: group
"""

GITIGNORE = """\
# written by radoc build: regenerate, never edit
/site/
/build/
/.radoc-cache/
"""


def project_files(title: str) -> dict[str, str]:
    """Every file of a new project, by its path relative to the project folder."""
    files = {
        "mkdocs.yml": MKDOCS_YML.format(title=yaml_string(title)),
        "docs/index.md": INDEX_MD.format(title=md_text(title)),
        "architecture/settings.yaml": SETTINGS_YAML,
        "architecture/model/elements.yaml": MODEL_YAML,
        "architecture/views/overview.yaml": VIEW_YAML,
        ".gitignore": GITIGNORE,
    }
    files.update({f"schema/{name}": text for name, text in schema_texts().items()})
    return files


def init_project(folder: Path, title: str) -> list[Path]:
    """Write a new project into ``folder``; refuse, writing nothing, if any file exists."""
    files = project_files(title)
    taken = sorted(rel for rel in files if (folder / rel).exists() or (folder / rel).is_symlink())
    if taken:
        raise NotOwned(
            f"{folder}: already has {', '.join(taken)}; radoc init writes only into a folder "
            "without these files and never overwrites one"
        )
    written = []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as f:  # never replaces a file that appeared
            f.write(text)
        written.append(path)
    return written
