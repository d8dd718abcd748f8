"""Matrix views as HTML tables: searchable, copyable and readable by screen readers.

Two matrices: activities × maturity levels (manual / human in the loop / automated, told by a
letter and a word as well as a colour) and tools × components (full / partial, told by a
symbol and a word), each with totals per row and per column.
"""

from __future__ import annotations

from collections import Counter

from ..model import Model, ViewDef
from ..pages.markdown import escape_html
from ..palette import AUTOMATION_LABEL, AUTOMATION_LETTER, COVERAGE_ADVERB
from ..plan.workflow import GATE_MARK
from ..schema import Activity, Tool
from ..urls import LinkStyle, element_page

MODES = ("manual", "human-in-the-loop", "automated")
COVERAGE_MARK = {"full": "F", "partial": "P"}


def _a(model: Model, element_id: str, page: str, links: LinkStyle) -> str:
    e = model.element(element_id)
    href = links.html(page, element_page(e.kind, e.id))
    return f'<a href="{href}">{escape_html(e.name)}</a>'


def auto_mark(mode: str) -> str:
    return (
        f'<span class="radoc-auto radoc-auto-{mode}" aria-hidden="true">{AUTOMATION_LETTER[mode]}</span> '
        f'<span class="radoc-auto-word">{AUTOMATION_LABEL[mode]}</span>'
    )


def activities_by_levels(model: Model, view: ViewDef, page: str, links: LinkStyle) -> str:
    members = set(view.members)
    levels = [lv for lv in model.levels() if not view.spec.levels or lv.id in view.spec.levels]

    def link(element_id: str) -> str:
        return _a(model, element_id, page, links)

    head = "".join(f'<th scope="col">{link(lv.id)}</th>' for lv in levels)
    rows = []
    totals = {lv.id: Counter[str]() for lv in levels}
    for phase in model.phases_in_order():
        acts = [
            model.element(a)
            for a in model.children.get(phase.id, ())
            if a in members and isinstance(model.element(a).spec, Activity)
        ]
        if not acts:
            continue
        rows.append(
            f'<tr class="radoc-matrix-group"><th colspan="{len(levels) + 2}" scope="rowgroup">{link(phase.id)}</th></tr>'
        )
        for act in acts:
            spec = act.spec
            assert isinstance(spec, Activity)
            gate = (
                f' <span class="radoc-gate" title="human approval gate">{GATE_MARK} gate</span>'
                if spec.gate
                else ""
            )
            cells = []
            involved = 0
            for lv in levels:
                auto = spec.automation.get(lv.id)
                if auto is None:
                    cells.append("<td>—</td>")
                    continue
                totals[lv.id][auto.mode] += 1
                involved += auto.mode != "automated"
                why = f' title="{escape_html(auto.rationale)}"' if auto.rationale else ""
                cells.append(f'<td class="radoc-cell-{auto.mode}"{why}>{auto_mark(auto.mode)}</td>')
            rows.append(
                f'<tr><th scope="row">{link(act.id)}{gate}</th>{"".join(cells)}'
                f"<td>{involved} of {len(levels)}</td></tr>"
            )
    foot = "".join(
        "<td>" + " · ".join(f"{AUTOMATION_LETTER[m]} {totals[lv.id][m]}" for m in MODES) + "</td>"
        for lv in levels
    )
    legend = " · ".join(auto_mark(m) for m in MODES)
    activity = model.words("activity")
    act_1 = escape_html(activity.singular)
    return (
        f'<p class="radoc-matrix-legend">{legend} · {GATE_MARK} human approval gate. '
        f"Hover a cell for why a person stays involved; each {act_1}'s page gives the full rationale.</p>\n"
        '<div class="radoc-matrix">\n<table class="radoc-table">\n'
        f"<caption>How automated each {act_1} is at each {escape_html(model.words('level').singular)}</caption>\n"
        f'<thead><tr><th scope="col">{escape_html(activity.capital)}</th>{head}<th scope="col">A person is involved at</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n"
        f'<tfoot><tr><th scope="row">Total (M · H · A)</th>{foot}<td></td></tr></tfoot>\n'
        "</table>\n</div>"
    )


def tools_by_components(model: Model, view: ViewDef, page: str, links: LinkStyle) -> str:
    members = set(view.members)

    def link(element_id: str) -> str:
        return _a(model, element_id, page, links)

    groups = [g for g in model.of_kind("group")]
    columns: list[str] = []
    group_head = []
    for g in groups:
        comps = [
            c
            for c in model.children.get(g.id, ())
            if c in members and model.element(c).kind == "component"
        ]
        if comps:
            columns.extend(comps)
            group_head.append(f'<th colspan="{len(comps)}" scope="colgroup">{link(g.id)}</th>')
    ungrouped = [
        c for c in view.members if model.element(c).kind == "component" and c not in columns
    ]
    if ungrouped:
        columns.extend(ungrouped)
        group_head.append(f'<th colspan="{len(ungrouped)}" scope="colgroup">Other</th>')
    tools = [t for t in model.tools() if t.id in members]
    full = Counter[str]()
    partial = Counter[str]()
    rows = []
    for tool in tools:
        spec = tool.spec
        assert isinstance(spec, Tool)
        cells = []
        for c in columns:
            cov = spec.supports.get(c)
            if cov is None:
                cells.append("<td></td>")
                continue
            (full if cov.coverage == "full" else partial)[c] += 1
            note = f": {cov.note}" if cov.note else ""
            title = escape_html(
                f"{tool.name} covers {model.element(c).name} {COVERAGE_ADVERB[cov.coverage]}{note}"
            )
            cells.append(
                f'<td class="radoc-cov-{cov.coverage}" title="{title}">'
                f'<span aria-hidden="true">{COVERAGE_MARK[cov.coverage]}</span>'
                f'<span class="radoc-sr">{cov.coverage}</span></td>'
            )
        count = sum(1 for c in columns if c in spec.supports)
        rows.append(
            f'<tr><th scope="row">{link(tool.id)}</th>{"".join(cells)}<td>{count}</td></tr>'
        )
    comp_head = "".join(f'<th scope="col" class="radoc-vertical">{link(c)}</th>' for c in columns)
    foot_cells = []
    gaps = []
    for c in columns:
        cls = (
            ' class="radoc-gap"'
            if full[c] == 0
            else (' class="radoc-thin"' if full[c] + partial[c] <= 1 else "")
        )
        foot_cells.append(f"<td{cls}>{full[c]} · {partial[c]}</td>")
        if full[c] == 0:
            gaps.append(c)
    # the kinds in the architecture's words (settings.yaml), escaped for HTML
    tool_words, component = (model.words(k) for k in ("tool", "component"))
    tool_1, tools_n = escape_html(tool_words.singular), escape_html(tool_words.plural)
    comp_1, comps_n = escape_html(component.singular), escape_html(component.plural)
    gap_text = (
        f"{escape_html(component.title)} no {tool_1} covers fully: "
        + ", ".join(link(c) for c in gaps)
        + "."
        if gaps
        else f"Every {comp_1} has at least one {tool_1} that covers it fully."
    )
    return (
        f'<p class="radoc-matrix-legend"><span class="radoc-cov-full radoc-cov-key">F</span> full · '
        f'<span class="radoc-cov-partial radoc-cov-key">P</span> partial. The last row counts the {tools_n} per {comp_1} '
        f"(full · partial); {comps_n} that no {tool_1} covers fully are marked.</p>\n"
        f'<p class="radoc-gaps">{gap_text}</p>\n'
        '<div class="radoc-matrix radoc-matrix-wide">\n<table class="radoc-table">\n'
        f"<caption>Which {tools_n} cover which {comps_n}</caption>\n"
        f"<thead><tr><td></td>{''.join(group_head)}<td></td></tr>\n"
        f'<tr><th scope="col">{escape_html(tool_words.capital)}</th>{comp_head}<th scope="col">{escape_html(component.title)}</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n"
        f'<tfoot><tr><th scope="row">{escape_html(tool_words.title)} (full · partial)</th>{"".join(foot_cells)}<td></td></tr></tfoot>\n'
        "</table>\n</div>"
    )


def render_matrix(model: Model, view: ViewDef, page: str, links: LinkStyle) -> str:
    if view.spec.matrix == "tools-components":
        return tools_by_components(model, view, page, links)
    return activities_by_levels(model, view, page, links)
