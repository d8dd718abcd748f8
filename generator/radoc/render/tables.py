"""Matrix views for papers and spreadsheets: a LaTeX ``tabular`` and a CSV file each.

The same two matrices as the site's tables (render/matrix.py), with the same rows and columns:
activities × maturity levels (M / H / A) and tools × components (F / P). The LaTeX is a
``table`` float that compiles in any document that loads graphicx (for the turned column
heads): booktabs rules when the document loads booktabs, plain rules otherwise. Its first
column takes what the narrow columns leave of ``\\linewidth``, measured by TeX itself, so the
table is never wider than the column it is placed in. The tools × components matrix is one
table per component group: forty components side by side fit no page.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from ..model import Model, ViewDef
from ..palette import AUTOMATION_LABEL, AUTOMATION_LETTER
from ..schema import Activity, Tool
from ..text import tex_text

MODES = ("manual", "human-in-the-loop", "automated")
COVERAGE_LETTER = {"full": "F", "partial": "P"}
RULES = (
    "\\providecommand{\\toprule}{\\hline}\\providecommand{\\midrule}{\\hline}"
    "\\providecommand{\\bottomrule}{\\hline}"
)
WIDTH_REGISTER = (
    "\\ifdefined\\radocnarrow\\else\\newlength{\\radocnarrow}\\fi"  # shared by every table
)


@dataclass(frozen=True)
class ActivityRow:
    name: str
    gate: bool
    modes: tuple[str | None, ...]  # one per level; None where the level says nothing


@dataclass(frozen=True)
class Involvement:
    levels: tuple[str, ...]  # level names
    phases: tuple[tuple[str, tuple[ActivityRow, ...]], ...]


@dataclass(frozen=True)
class Coverage:
    groups: tuple[tuple[str, str, tuple[str, ...]], ...]  # group id, name, component ids
    names: dict[str, str]  # component id → name
    tools: tuple[tuple[str, dict[str, str]], ...]  # tool name, component id → full/partial


def involvement(model: Model, view: ViewDef) -> Involvement:
    """Activities × levels, in the site table's order."""
    members = set(view.members)
    levels = [lv for lv in model.levels() if not view.spec.levels or lv.id in view.spec.levels]
    phases = []
    for phase in model.phases_in_order():
        rows = []
        for a in model.children.get(phase.id, ()):
            spec = model.element(a).spec
            if a not in members or not isinstance(spec, Activity):
                continue
            modes = []
            for lv in levels:
                auto = spec.automation.get(lv.id)
                modes.append(auto.mode if auto else None)
            rows.append(ActivityRow(model.element(a).name, spec.gate, tuple(modes)))
        if rows:
            phases.append((phase.name, tuple(rows)))
    return Involvement(tuple(lv.name for lv in levels), tuple(phases))


def coverage(model: Model, view: ViewDef) -> Coverage:
    """Tools × components, columns grouped as on the site."""
    members = set(view.members)
    groups: list[tuple[str, str, tuple[str, ...]]] = []
    placed: set[str] = set()
    for g in model.of_kind("group"):
        comps = tuple(c for c in model.children.get(g.id, ()) if c in members)
        if comps:
            groups.append((g.id, g.name, comps))
            placed.update(comps)
    other = tuple(
        c for c in view.members if model.element(c).kind == "component" and c not in placed
    )
    if other:
        groups.append(("other", "Other", other))
    names = {c: model.element(c).name for _, _, comps in groups for c in comps}
    tools: list[tuple[str, dict[str, str]]] = []
    for tool in model.tools():
        spec = tool.spec
        if tool.id in members and isinstance(spec, Tool):
            cells: dict[str, str] = {
                c: cov.coverage for c, cov in spec.supports.items() if c in names
            }
            tools.append((tool.name, cells))
    return Coverage(tuple(groups), names, tuple(tools))


# -- CSV -----------------------------------------------------------------------------------------


def _csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([[_csv_cell(c) for c in row] for row in rows])
    return buf.getvalue()


def involvement_csv(table: Involvement) -> str:
    rows = [["Phase", "Activity", "Approval gate", *table.levels]]
    for phase, acts in table.phases:
        for act in acts:
            modes = [AUTOMATION_LABEL[m] if m else "" for m in act.modes]
            rows.append([phase, act.name, "yes" if act.gate else "", *modes])
    return _csv(rows)


def coverage_csv(table: Coverage) -> str:
    columns = [c for _, _, comps in table.groups for c in comps]
    rows = [["Tool", *(table.names[c] for c in columns)]]
    for tool, cells in table.tools:
        rows.append([tool, *(cells.get(c, "") for c in columns)])
    return _csv(rows)


# -- LaTeX ---------------------------------------------------------------------------------------


def _level_heads(names: tuple[str, ...]) -> tuple[list[str], bool]:
    """Column heads for the levels: the part before ': ' when every name has a short one
    ("LV-0: Manual process"), the names when all are short, else 1, 2, 3...; and whether the
    caption must give the full names."""
    parts = [n.partition(": ") for n in names]
    if all(sep and len(head) <= 8 for head, sep, _ in parts):
        return [head for head, _, _ in parts], True
    if all(len(n) <= 10 for n in names):
        return list(names), False
    return [str(i + 1) for i in range(len(names))], True


def _table(
    label: str,
    caption: str,
    narrow: list[str],
    heads: list[str],
    body: list[str],
    first_head: str,
) -> list[str]:
    """A ``table`` float: a wide first column and ``len(heads)`` narrow ones, whose widest
    contents (``narrow``: one measuring row per line) TeX measures to size the first."""
    n = len(heads)
    measure = "\\\\".join(narrow)
    return [
        "\\begin{table}[tbp]",
        "  \\centering",
        f"  \\caption{{{caption}}}",
        f"  \\label{{{label}}}",
        "  \\footnotesize",
        f"  {RULES}",
        "  \\setlength{\\tabcolsep}{3pt}",
        f"  {WIDTH_REGISTER}",
        f"  \\settowidth{{\\radocnarrow}}{{\\begin{{tabular}}{{@{{}}*{{{n}}}{{c}}@{{}}}}{measure}\\end{{tabular}}}}",
        f"  \\begin{{tabular}}{{@{{}}p{{\\dimexpr\\linewidth-\\radocnarrow-2\\tabcolsep\\relax}}*{{{n}}}{{c}}@{{}}}}",
        "  \\toprule",
        f"  {first_head} & {' & '.join(heads)} \\\\",
        "  \\midrule",
        *(f"  {line}" for line in body),
        "  \\bottomrule",
        "  \\end{tabular}",
        "\\end{table}",
    ]


def involvement_tex(table: Involvement, view_id: str, title: str, question: str) -> str:
    if not table.levels or not table.phases:
        return f"% radoc table: {view_id} has no activities or no levels to show\n"
    shorts, spelled_out = _level_heads(table.levels)
    heads = [tex_text(s) for s in shorts]
    n = len(heads)
    body = []
    totals = [Counter[str]() for _ in table.levels]
    for phase, acts in table.phases:
        body.append(
            f"\\multicolumn{{{n + 1}}}{{@{{}}p{{\\linewidth}}@{{}}}}{{\\textbf{{{tex_text(phase)}}}}} \\\\"
        )
        for act in acts:
            cells = []
            for i, mode in enumerate(act.modes):
                if mode is None:
                    cells.append("--")
                    continue
                totals[i][mode] += 1
                cells.append(AUTOMATION_LETTER[mode])
            gate = " (gate)" if act.gate else ""
            body.append(f"\\raggedright {tex_text(act.name)}{gate} & {' & '.join(cells)} \\\\")
    body.append("\\midrule")
    for mode in MODES:
        counts = " & ".join(str(t[mode]) for t in totals)
        body.append(
            f"{tex_text(AUTOMATION_LABEL[mode].capitalize())} ({AUTOMATION_LETTER[mode]}) & {counts} \\\\"
        )
    widest_count = max((max(t.values(), default=0) for t in totals), default=0)
    narrow = [" & ".join(heads), " & ".join(["M"] * n), " & ".join([str(widest_count)] * n)]
    key = ", ".join(f"{AUTOMATION_LETTER[m]}: {AUTOMATION_LABEL[m]}" for m in MODES)
    levels = ""
    if spelled_out:
        named = [
            full if full.startswith(f"{short}: ") else f"{short}: {full}"
            for short, full in zip(shorts, table.levels, strict=True)
        ]
        levels = " Levels: " + "; ".join(tex_text(n) for n in named) + "."
    caption = (
        f"{tex_text(title)}. {tex_text(question)} {key}; (gate): a human approval gate.{levels}"
    )
    lines = [
        f"% radoc table: {view_id} (activities by maturity level)",
        *_table(f"tab:{view_id}", caption, narrow, heads, body, "Activity"),
        "",
    ]
    return "\n".join(lines)


def coverage_tex(table: Coverage, view_id: str, title: str, question: str) -> str:
    lines = [f"% radoc table: {view_id} (tools by components), one table per component group"]
    for group_id, group, comps in table.groups:
        n = len(comps)
        heads = [f"\\rotatebox{{90}}{{{tex_text(table.names[c])}}}" for c in comps]
        body = []
        full, partial = Counter[str](), Counter[str]()
        for tool, cells in table.tools:
            if not any(c in cells for c in comps):
                continue
            marks = []
            for c in comps:
                cov = cells.get(c)
                if cov is not None:
                    (full if cov == "full" else partial)[c] += 1
                marks.append(COVERAGE_LETTER.get(cov or "", ""))
            body.append(f"\\raggedright {tex_text(tool)} & {' & '.join(marks)} \\\\")
        body.append("\\midrule")
        body.append(
            "Tools covering it fully & " + " & ".join(str(full[c]) for c in comps) + " \\\\"
        )
        body.append(
            "Tools covering it partly & " + " & ".join(str(partial[c]) for c in comps) + " \\\\"
        )
        widest = max([*full.values(), *partial.values(), 0])
        narrow = [" & ".join(heads), " & ".join(["F"] * n), " & ".join([str(widest)] * n)]
        caption = (
            f"{tex_text(title)}: {tex_text(group)}. {tex_text(question)} "
            "F: covers it fully, P: covers it partly."
        )
        lines += _table(f"tab:{view_id}-{group_id}", caption, narrow, heads, body, "Tool")
    lines.append("")
    return "\n".join(lines)


def matrix_files(model: Model, view: ViewDef) -> dict[str, str]:
    """``<view>.tex`` and ``<view>.csv`` of a matrix view."""
    title, question = view.spec.title, view.spec.question
    if view.spec.matrix == "tools-components":
        cov = coverage(model, view)
        return {
            f"{view.id}.tex": coverage_tex(cov, view.id, title, question),
            f"{view.id}.csv": coverage_csv(cov),
        }
    inv = involvement(model, view)
    return {
        f"{view.id}.tex": involvement_tex(inv, view.id, title, question),
        f"{view.id}.csv": involvement_csv(inv),
    }
