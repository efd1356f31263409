"""The workshop minutes ("Protokoll") as Markdown.

:func:`to_markdown` is a pure function of the session, the content, the app version and the export time. All
numbers come from the domain core (:func:`ksm_tui.core.tasks.compute_sums`, ``format_percent``,
``format_delta``, :func:`ksm_tui.core.flowchart.evaluate`); nothing is recomputed here. All user text passes
through :mod:`ksm_tui.export.mdtext`, so it cannot change the document's structure. Sections without content
are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from tabulate import tabulate

from ksm_tui.core.content import KOMMUNE_TYPES, Content
from ksm_tui.core.flowchart import CATEGORIES, FlowError, Outcome, check, evaluate, path, repair
from ksm_tui.core.session import ASSESSMENTS, FUNDING_PHASES, Session
from ksm_tui.core.tasks import Pair, Row, compute_sums, format_delta, format_percent, layout, rows
from ksm_tui.core.text import clean_line
from ksm_tui.export.mdtext import block, cell, inline, paragraphs

CATEGORY_LABELS: dict[str, str] = {key: label[:1].upper() + label[1:] for key, label in CATEGORIES.items()}
REASON_LABELS: dict[str, str] = {
    "favours": "spricht dafür",
    "possible": "möglich",
    "against": "spricht dagegen",
}

_NUMBER_ALIGN = ("left", "right", "right", "right")


def to_markdown(session: Session, content: Content, *, app_version: str, exported_at: dt.datetime) -> str:
    """Render the minutes of ``session`` as Markdown (GitHub/GitLab flavoured: CommonMark + pipe tables)."""
    blocks: list[str] = []
    blocks += _header(session, content)
    blocks += _situation(session, content)
    blocks += _tasks(session, content)
    blocks += _flowchart(session, content)
    blocks += _assessments(session, content)
    blocks += _notes(session)
    blocks += _footer(content, app_version, exported_at)
    return "\n\n".join(blocks) + "\n"


def document_title(session: Session) -> str:
    """Plain-text title of the minutes (the HTML ``<title>``), not escaped."""

    name = clean_line(session.title) or clean_line(session.kommune)
    return f"Protokoll: {name}" if name else "Protokoll"


# -- helpers ---------------------------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _population(value: int | None) -> str:
    return f"{value:,}".replace(",", ".") if value else ""


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> str:
    rows = [list(r) for r in rows]
    text = tabulate(
        rows,
        headers=list(headers),
        tablefmt="pipe",
        colalign=tuple(align) if align else ("left",) * len(headers),
        disable_numparse=True,
    )
    # Left is the default: "|:---" would only add style attributes to every cell of the HTML.
    head, rule, *body = text.split("\n")
    return "\n".join([head, rule.replace("|:", "|-"), *body])


def _bullets(items: Iterable[tuple[str, str]]) -> str:
    """A list of ``- **Label:** value`` lines; items with an empty value are skipped."""
    return "\n".join(f"- **{label}:** {value}" for label, value in items if value)


def _model_title(content: Content, model_id: str) -> str:
    """Display name of a model id (or the V 1–V 4 group); unknown ids are shown as they are."""
    for m in content.models:
        if m.id == model_id:
            return inline(m.title)
    for g in content.model_groups:
        if g.id == model_id:
            return inline(f"{g.number} {g.name}")
    return inline(model_id)


def _emphasis(text: str, marker: str) -> str:
    return f"{marker}{text}{marker}" if text else ""


# -- sections --------------------------------------------------------------------------------------------------


def _header(session: Session, content: Content) -> list[str]:
    out = [f"# {inline(document_title(session), heading=True)}"]
    meta = _bullets(
        [
            ("Kommune", inline(session.kommune)),
            ("Art der Kommune", inline(KOMMUNE_TYPES.get(session.kommune_type, session.kommune_type))),
            ("Einwohnerzahl", _population(session.population)),
            ("Datum", _date(session.date)),
            ("Ort", inline(session.place)),
            ("Moderation", inline(session.facilitator)),
        ]
    )
    out.append(meta)
    people = [(inline(p.name), inline(p.role)) for p in session.participants]
    people = [p for p in people if p[0] or p[1]]
    if people:
        out.append("**Teilnehmende:**")
        out.append(_table(("Name", "Rolle"), people))
    return out


def _situation(session: Session, content: Content) -> list[str]:
    items = [
        ("Förderphase", inline(FUNDING_PHASES.get(session.funding_phase or "", session.funding_phase or ""))),
        ("Ende der Förderung", _date(session.funding_end)),
        ("Aktuelles Modell", _model_title(content, session.current_model) if session.current_model else ""),
    ]
    if not any(value for _, value in items):
        return []
    return ["## Ausgangslage", _bullets(items)]


def _has_task_content(session: Session, content: Content) -> bool:
    return any(
        r.ist is not None or r.soll is not None or r.note.strip()
        for r in rows(content, session.kommune_type, session.tasks)
    )


def _pct_cells(pair: Pair, marker: str = "") -> list[str]:
    return [
        _emphasis(format_percent(pair.ist), marker),
        _emphasis(format_percent(pair.soll), marker),
        _emphasis(format_delta(pair.delta), marker),
    ]


def _row_cells(row: Row) -> list[str]:
    return [format_percent(row.ist), format_percent(row.soll), format_delta(row.delta)]


def _tasks(session: Session, content: Content) -> list[str]:
    if not _has_task_content(session, content):
        return []
    kind = session.kommune_type
    sums = compute_sums(content, kind, session.tasks)
    intro = (
        "Anteile an der Arbeitszeit des Klimaschutzmanagements (Selbsteinschätzung): IST heute, SOLL künftig; "
        "Δ = SOLL − IST in Prozentpunkten."
    )
    if kind != "landkreis":
        intro += " Zeilen, die nur für Landkreise gelten, sind ausgeblendet."
    out = ["## Aufgaben: IST und SOLL", intro]
    for view in layout(content, kind, session.tasks):
        table = view.table
        cells: list[list[str]] = []
        notes: list[str] = []
        for group_view in view.groups:
            group = group_view.group
            cells.append([f"**{inline(group.label)}**", "", "", ""])
            for row in group_view.rows:
                cells.append([cell(row.task.label), *_row_cells(row)])
                note = block(row.note, indent="  ")
                if note:
                    notes.append(f"- *{inline(row.task.label)}:* {note}")
            cells.append([f"*Summe {inline(group.label)}*", *_pct_cells(sums.groups[group.id], "*")])
        if not cells:
            continue
        label = f"Summe {inline(table.source)}" if table.source else "Summe"
        cells.append([f"**{label}**", *_pct_cells(sums.tables[table.id], "**")])
        heading = inline(f"{table.title} ({table.source})" if table.source else table.title, heading=True)
        out.append(f"### {heading}")
        out.append(_table(("Aufgabe", "IST", "SOLL", "Δ"), cells, _NUMBER_ALIGN))
        if notes:
            out.append("**Anmerkungen:**")
            out.append("\n".join(notes))
    out.append("### Gesamt")
    out.append(
        _table(
            ("", "IST", "SOLL", "Δ"),
            [
                ["**Summe aller Aufgaben**", *_pct_cells(sums.total, "**")],
                ["Verteilung der Arbeitszeit", sums.ist.text, sums.soll.text, ""],
            ],
            _NUMBER_ALIGN,
        )
    )
    return out


def _flowchart(session: Session, content: Content) -> list[str]:
    state = session.flowchart
    if not state.steps:
        return []
    flow = content.flowchart
    out = ["## Flussdiagramm"]
    if flow.note:
        out.append(f"*Hinweis:* {block(flow.note)}")
    try:
        check(flow, state)
    except FlowError:
        # e.g. a session from older content: show the part of the path that still fits
        state = repair(flow, state)
        out.append(
            "*Hinweis:* Der gespeicherte Weg passt nicht mehr vollständig zum Flussdiagramm (geänderte Inhalte); "
            "gezeigt wird der passende Anfang."
        )
    steps = path(flow, state)
    items = []
    questions = [s for s in steps if s.node.kind != "outcome"]
    for number, step in enumerate(questions, start=1):
        marker = f"{number}. "
        pad = " " * len(marker)
        parts = [f"**{inline(step.node.title)}:** {block(step.node.text, indent=pad)}"]
        parts.append(f"Antwort: **{inline(step.answer.label)}**" if step.answer else "Antwort: *noch offen*")
        note = block(step.note, indent=pad)
        if note:
            parts.append(f"Notiz: {note}")
        items.append(marker + ("\\\n" + pad).join(parts))
    if items:
        out.append("### Weg durch das Flussdiagramm")
        out.append("\n".join(items))
    outcome = evaluate(flow, state, model_order=tuple(m.id for m in content.models))
    if outcome is None:
        out.append("Das Flussdiagramm wurde noch nicht bis zu einem Ergebnis durchlaufen.")
        return out
    out += _outcome(content, outcome, steps[-1].note)
    return out


def _outcome(content: Content, outcome: Outcome, note: str) -> list[str]:
    out = [f"### Ergebnis: {inline(outcome.node.title, heading=True)}"]
    text = block(outcome.node.text)
    if text:
        out.append(text)
    note_text = block(note)
    if note_text:
        out.append(f"Notiz: {note_text}")
    sources = _sources(outcome.sources)
    if sources:
        out.append(f"Grundlage im Leitfaden: {sources}.")
    for category, label in CATEGORY_LABELS.items():
        ranked = [r for r in outcome.ranking if r.category == category]
        if not ranked:
            continue
        out.append(f"**{label}:**")
        lines = []
        for r in ranked:
            lines.append(f"- **{_model_title(content, r.model)}**")
            for reason in r.reasons:
                kind = REASON_LABELS.get(reason.kind, inline(reason.kind))
                lines.append(f"  - {kind}: {block(reason.text, indent='    ')}")
        out.append("\n".join(lines))
    if outcome.recommendations:
        out.append("**Empfehlungen:**")
        recs = []
        for rec in outcome.recommendations:
            source = f" ({inline(rec.source)})" if rec.source else ""
            recs.append(f"- {block(rec.text, indent='  ')}{source}")
        out.append("\n".join(recs))
    return out


_REFERENCE = re.compile(r"^(Kapitel|Tabelle|Abbildung|Abschnitt)\s+(.+)$")


def _natural(item: str) -> tuple[tuple[int, ...], str]:
    return tuple(int(n) for n in re.findall(r"\d+", item.split(" ")[0])), item


def _sources(sources: Iterable[str]) -> str:
    """Sources like "Kapitel 5, 5.1; Kapitel 5.2; Tabelle 3.1" merged per kind and listed once each:
    "Kapitel 5, 5.1, 5.2; Tabelle 3.1" (kinds in first-seen order, numbers in natural order)."""
    kinds: dict[str, list[str]] = {}
    for source in sources:
        for part in source.split(";"):
            part = clean_line(part)
            if not part:
                continue
            match = _REFERENCE.match(part)
            if match is None:
                kinds.setdefault(part, [])
                continue
            items = kinds.setdefault(match.group(1), [])
            for item in match.group(2).split(","):
                item = clean_line(item)
                if item and item not in items:
                    items.append(item)
    merged = [f"{kind} {', '.join(sorted(items, key=_natural))}" if items else kind for kind, items in kinds.items()]
    return "; ".join(inline(m) for m in merged)


def _recorded_marks(session: Session) -> dict[str, str]:
    marks: dict[str, str] = {}
    if session.outcome is None:
        return marks
    for category, ids in (
        ("favoured", session.outcome.favoured),
        ("possible", session.outcome.possible),
        ("against", session.outcome.against),
    ):
        for mid in ids:
            marks.setdefault(mid, CATEGORIES[category])
    return marks


def _recorded_at(value: str) -> str:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return inline(value)
    return when.strftime("%d.%m.%Y, %H:%M Uhr")


def _assessments(session: Session, content: Content) -> list[str]:
    marks = _recorded_marks(session)
    ids = [m.id for m in content.models]
    ids += sorted(mid for mid in set(session.assessments) | set(marks) if mid not in ids)
    rows = []
    for mid in ids:
        a = session.assessment(mid)
        mark = marks.get(mid, "")
        if a.status == "offen" and not a.note and not mark:
            continue
        rows.append([_model_title(content, mid), inline(ASSESSMENTS.get(a.status, a.status)), mark, cell(a.note)])
    if not rows and session.outcome is None:
        return []
    out = ["## Bewertung der Modelle"]
    if session.outcome is not None:
        node = content.flowchart.nodes.get(session.outcome.outcome)
        title = inline(node.title) if node is not None else inline(session.outcome.outcome)
        when = _recorded_at(session.outcome.recorded_at) if session.outcome.recorded_at else ""
        line = f"Festgehaltenes Ergebnis des Flussdiagramms: **{title}**"
        out.append(f"{line} (festgehalten am {when})." if when else f"{line}.")
    if rows:
        # columns that would stay empty (no recorded outcome, no notes) are left out
        keep = [i for i in range(4) if i < 2 or any(r[i] for r in rows)]
        headers = ("Modell", "Bewertung", "Flussdiagramm", "Notiz")
        out.append(_table([headers[i] for i in keep], [[r[i] for i in keep] for r in rows]))
    return out


def _notes(session: Session) -> list[str]:
    paras = paragraphs(session.notes)
    return ["## Notizen", *paras] if paras else []


def _footer(content: Content, app_version: str, exported_at: dt.datetime) -> list[str]:
    lines = []
    if content.guide.citation:
        lines.append(f"Quelle: {block(content.guide.citation)}")
    lines.append(
        f"Erstellt mit ksm-tui {inline(app_version)} am {exported_at.strftime('%d.%m.%Y')} "
        f"um {exported_at.strftime('%H:%M')} Uhr."
    )
    return ["---", "\\\n".join(lines)]
