"""`radoc diff`: what changed in the architecture between two versions, by kind.

Both versions are loaded with the normal loader and compared as models: elements added,
removed, renamed (same id, new name) and changed (field by field), relationships added,
removed and changed, views changed, automation values that moved, and tool coverage that
changed. A version is a git revision of the repository or a folder.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .errors import RadocError
from .model import Model
from .schema import Activity, Tool
from .validate import display_path, validate_project

# reported in their own sections rather than as field changes
_OWN_SECTION = {"activity": {"automation"}, "tool": {"supports"}}


class VersionError(RadocError):
    """A version could not be read (unknown revision, not a folder, not a git repository)."""


class InvalidVersion(RadocError):
    """A version was read but its architecture has errors."""

    def __init__(self, label: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{label} has {sum(d.is_error for d in diagnostics)} error(s)")
        self.label = label
        self.diagnostics = diagnostics


@dataclass
class Change:
    id: str
    kind: str
    name: str
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Diff:
    old: str
    new: str
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    renamed: list[dict[str, str]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    relationships_added: list[Change] = field(default_factory=list)
    relationships_removed: list[Change] = field(default_factory=list)
    relationships_changed: list[Change] = field(default_factory=list)
    views_added: list[Change] = field(default_factory=list)
    views_removed: list[Change] = field(default_factory=list)
    views_changed: list[Change] = field(default_factory=list)
    automation: list[dict[str, str]] = field(default_factory=list)
    coverage: list[dict[str, str]] = field(default_factory=list)
    decisions: list[dict[str, str]] = field(default_factory=list)
    profiles: list[dict[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(v for k, v in asdict(self).items() if k not in ("old", "new"))


# -- reading versions ------------------------------------------------------------------------
def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)


@contextmanager
def checkout(version: str, architecture: Path) -> Iterator[tuple[Path, str]]:
    """The architecture folder of ``version`` (a folder, or a git revision of the repository
    that holds ``architecture``), and a label for it."""
    candidate = Path(version)
    if candidate.is_dir():
        arch = candidate / "architecture" if (candidate / "architecture").is_dir() else candidate
        yield arch, str(candidate)
        return
    arch_abs = architecture.resolve()
    top = _git(arch_abs if arch_abs.is_dir() else arch_abs.parent, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise VersionError(
            f"'{version}' is not a folder, and {architecture} is not in a git repository"
        )
    repo = Path(top.stdout.decode().strip())
    rel = arch_abs.relative_to(repo).as_posix()
    if _git(repo, "rev-parse", "--verify", "--quiet", f"{version}^{{commit}}").returncode != 0:
        raise VersionError(f"'{version}' is neither a folder nor a git revision of {repo}")
    archive = _git(repo, "archive", "--format=tar", version, "--", rel)
    if archive.returncode != 0:
        raise VersionError(f"revision '{version}' has no {rel}/ folder")
    with tempfile.TemporaryDirectory(prefix="radoc-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(tmp, filter="data")
            except tarfile.FilterError as exc:  # an absolute or escaping link in that revision
                raise VersionError(
                    f"revision '{version}' holds {exc.tarinfo.name!r}, which radoc will not "
                    f"extract ({exc}); compare two folders instead"
                ) from None
        yield Path(tmp) / rel, f"{version}"


def load_version(version: str | None, architecture: Path) -> tuple[Model, str]:
    if version is None:
        result = validate_project(architecture)
        if result.model is None:
            raise InvalidVersion("the working tree", result.diagnostics)
        return result.model, "working tree"
    with checkout(version, architecture) as (arch, label):
        result = validate_project(arch)
        # diagnostics name files as architecture/... inside the version, not the temporary
        # folder (without changing the working directory, which a serving thread shares)
        shown = display_path(arch)
        result.diagnostics = [
            replace(d, pos=replace(d.pos, file=arch.name + d.pos.file[len(shown) :]))
            if d.pos.file.startswith(shown)
            else d
            for d in result.diagnostics
        ]
        if result.model is None:
            raise InvalidVersion(label, result.diagnostics)
        return result.model, label


# -- comparing -------------------------------------------------------------------------------
def _dump(spec: Any, skip: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    data = spec.model_dump(mode="json", by_alias=True, exclude_defaults=False)
    return {k: v for k, v in data.items() if k not in skip and k != "$schema"}


def _fields(old: Any, new: Any, skip: set[str] = frozenset()) -> dict[str, dict[str, Any]]:  # type: ignore[assignment]
    a, b = _dump(old, skip), _dump(new, skip)
    return {
        k: {"old": a.get(k), "new": b.get(k)}
        for k in sorted(set(a) | set(b))
        if a.get(k) != b.get(k)
    }


def compare_models(old: Model, new: Model, old_label: str, new_label: str) -> Diff:
    diff = Diff(old_label, new_label)
    for eid, e in new.elements.items():
        if eid not in old.elements:
            diff.added.append(Change(eid, e.kind, e.name))
    for eid, e in old.elements.items():
        if eid not in new.elements:
            diff.removed.append(Change(eid, e.kind, e.name))
            continue
        n = new.elements[eid]
        if e.kind != n.kind:
            diff.removed.append(Change(eid, e.kind, e.name))
            diff.added.append(Change(eid, n.kind, n.name))
            continue
        if e.name != n.name:
            diff.renamed.append({"id": eid, "kind": e.kind, "old": e.name, "new": n.name})
        fields = _fields(e.spec, n.spec, {"name", *_OWN_SECTION.get(e.kind, set())})
        if fields:
            diff.changed.append(Change(eid, e.kind, n.name, fields))
        if isinstance(e.spec, Activity) and isinstance(n.spec, Activity):
            for level in sorted(set(e.spec.automation) | set(n.spec.automation)):
                a, b = e.spec.automation.get(level), n.spec.automation.get(level)
                if (a.mode if a else None) != (b.mode if b else None):
                    diff.automation.append(
                        {
                            "activity": eid,
                            "name": n.name,
                            "level": level,
                            "old": a.mode if a else "none",
                            "new": b.mode if b else "none",
                        }
                    )
        if isinstance(e.spec, Tool) and isinstance(n.spec, Tool):
            for comp in sorted(set(e.spec.supports) | set(n.spec.supports)):
                a2, b2 = e.spec.supports.get(comp), n.spec.supports.get(comp)
                if (a2.coverage if a2 else None) != (b2.coverage if b2 else None):
                    diff.coverage.append(
                        {
                            "tool": eid,
                            "name": n.name,
                            "component": comp,
                            "old": a2.coverage if a2 else "none",
                            "new": b2.coverage if b2 else "none",
                        }
                    )
    for eid, e in new.elements.items():  # coverage of tools that are new
        if eid not in old.elements and isinstance(e.spec, Tool):
            for comp, cov in sorted(e.spec.supports.items()):
                diff.coverage.append(
                    {
                        "tool": eid,
                        "name": e.name,
                        "component": comp,
                        "old": "none",
                        "new": cov.coverage,
                    }
                )
    for rid, r in new.relationships.items():
        if rid not in old.relationships:
            diff.relationships_added.append(
                Change(rid, "relationship", f"{r.source} {r.verb} {r.target}")
            )
        else:
            fields = _fields(old.relationships[rid].spec, r.spec)
            if fields:
                diff.relationships_changed.append(
                    Change(rid, "relationship", f"{r.source} {r.verb} {r.target}", fields)
                )
    for rid, r in old.relationships.items():
        if rid not in new.relationships:
            diff.relationships_removed.append(
                Change(rid, "relationship", f"{r.source} {r.verb} {r.target}")
            )
    old_views = {v.id: v for v in old.views}
    new_views = {v.id: v for v in new.views}
    for vid, v in new_views.items():
        if vid not in old_views:
            diff.views_added.append(Change(vid, "view", v.spec.title))
            continue
        o = old_views[vid]
        fields = _fields(o.spec, v.spec)
        gained, lost = (
            sorted(set(v.members) - set(o.members)),
            sorted(set(o.members) - set(v.members)),
        )
        rel_gained, rel_lost = sorted(set(v.rels) - set(o.rels)), sorted(set(o.rels) - set(v.rels))
        if gained or lost:
            fields["elements"] = {"old": lost, "new": gained}
        if rel_gained or rel_lost:
            fields["relationships"] = {"old": rel_lost, "new": rel_gained}
        if fields:
            diff.views_changed.append(Change(vid, "view", v.spec.title, fields))
    for vid, o in old_views.items():
        if vid not in new_views:
            diff.views_removed.append(Change(vid, "view", o.spec.title))
    _compare_named(
        diff.decisions, {d.id: d.spec for d in old.decisions}, {d.id: d.spec for d in new.decisions}
    )
    _compare_named(
        diff.profiles, {p.id: p.spec for p in old.profiles}, {p.id: p.spec for p in new.profiles}
    )
    return diff


def _compare_named(out: list[dict[str, str]], old: dict[str, Any], new: dict[str, Any]) -> None:
    for key in sorted(set(old) | set(new)):
        if key not in old:
            out.append({"id": key, "change": "added", "name": new[key].name})
        elif key not in new:
            out.append({"id": key, "change": "removed", "name": old[key].name})
        else:
            fields = _fields(old[key], new[key])
            if fields:
                out.append(
                    {
                        "id": key,
                        "change": "changed",
                        "name": new[key].name,
                        "fields": ", ".join(fields),
                    }
                )


# -- output ----------------------------------------------------------------------------------
def _short(value: Any, limit: int = 60) -> str:
    """A value in words: text as written (shortened), lists joined, nothing as 'none'."""
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        text = ", ".join(_short(v, limit) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k} {_short(v, limit)}" for k, v in value.items())
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scalars(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value)


def field_changes(name: str, old: Any, new: Any) -> list[str]:
    """A changed field in words, one phrase per setting that changed: mappings (such as a
    view's ``layout``) by their keys as written in YAML, lists by what they gain and lose."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        return [
            line
            for k in keys
            if old.get(k) != new.get(k)
            for line in field_changes(f"{name}.{k}", old.get(k), new.get(k))
        ]
    if _scalars(old) and _scalars(new) and (old or new):
        gained = [v for v in new if v not in old]
        lost = [v for v in old if v not in new]
        parts = [f"adds {_short(gained)}"] if gained else []
        parts += [f"removes {_short(lost)}"] if lost else []
        if parts:
            return [f"{name}: {'; '.join(parts)}"]
    return [f"{name}: {_short(old)} → {_short(new)}"]


def diff_lines(diff: Diff, called: Callable[[str], str] = str) -> list[tuple[str, str]]:
    """The change list as (section, line) pairs, in a fixed order; ``called`` names a kind
    (by default its schema key) as the architecture calls it."""
    out: list[tuple[str, str]] = []
    for c in diff.added:
        out.append(("Elements added", f"+ {called(c.kind)} {c.id} ({c.name})"))
    for c in diff.removed:
        out.append(("Elements removed", f"- {called(c.kind)} {c.id} ({c.name})"))
    for r in diff.renamed:
        out.append(
            ("Elements renamed", f"~ {called(r['kind'])} {r['id']}: {r['old']} → {r['new']}")
        )
    for c in diff.changed:
        for name, values in c.fields.items():
            for change in field_changes(name, values["old"], values["new"]):
                out.append(("Elements changed", f"~ {called(c.kind)} {c.id} {change}"))
    for c in diff.relationships_added:
        out.append(("Relationships added", f"+ {c.name}"))
    for c in diff.relationships_removed:
        out.append(("Relationships removed", f"- {c.name}"))
    for c in diff.relationships_changed:
        for name, values in c.fields.items():
            for change in field_changes(name, values["old"], values["new"]):
                out.append(("Relationships changed", f"~ {c.name} {change}"))
    for c in diff.views_added:
        out.append(("Views", f"+ view {c.id} ({c.name})"))
    for c in diff.views_removed:
        out.append(("Views", f"- view {c.id} ({c.name})"))
    for c in diff.views_changed:
        for name, values in c.fields.items():
            if name in ("elements", "relationships"):
                parts = [f"+{x}" for x in values["new"]] + [f"-{x}" for x in values["old"]]
                out.append(("Views", f"~ view {c.id} {name}: {' '.join(parts)}"))
            else:
                for change in field_changes(name, values["old"], values["new"]):
                    out.append(("Views", f"~ view {c.id} {change}"))
    for a in diff.automation:
        out.append(("Automation", f"~ {a['name']} at {a['level']}: {a['old']} → {a['new']}"))
    for cov in diff.coverage:
        out.append(
            ("Tool coverage", f"~ {cov['name']} on {cov['component']}: {cov['old']} → {cov['new']}")
        )
    for d in diff.decisions:
        out.append(
            (
                "Decisions",
                f"{d['change']}: {d['id']} ({d['name']})"
                + (f" — {d['fields']}" if "fields" in d else ""),
            )
        )
    for p in diff.profiles:
        out.append(
            (
                "Profiles",
                f"{p['change']}: {p['id']} ({p['name']})"
                + (f" — {p['fields']}" if "fields" in p else ""),
            )
        )
    return out


def format_text(diff: Diff, called: Callable[[str], str] = str) -> str:
    lines = [f"radoc diff {diff.old} → {diff.new}"]
    if diff.empty:
        return lines[0] + "\nno changes\n"
    section = None
    for sec, line in diff_lines(diff, called):
        if sec != section:
            lines += ["", f"{sec}:"]
            section = sec
        lines.append(f"  {line}")
    return "\n".join(lines) + "\n"


def format_json(diff: Diff, called: Callable[[str], str] = str) -> str:
    """Kinds by their schema keys, whatever the architecture calls them."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def format_markdown(diff: Diff, called: Callable[[str], str] = str) -> str:
    from .pages.markdown import escape_md

    lines = [f"Changes from **{escape_md(diff.old)}** to **{escape_md(diff.new)}**.", ""]
    if diff.empty:
        return "\n".join([*lines, "No changes."]) + "\n"
    section = None
    for sec, line in diff_lines(diff, called):
        if sec != section:
            lines += ["", f"### {sec}", ""]
            section = sec
        lines.append(f"- {escape_md(line)}")
    return "\n".join(lines) + "\n"
