"""Load ``content/*.toml`` and validate it into the frozen dataclasses of :mod:`ksm_tui.core.content`.

The loader runs at every app start, so it only uses the standard library (``tomllib``) and never imports
Textual. It collects *all* problems before giving up and raises :class:`ContentError` with one German line per
problem, each naming the file and the key path (array indices count from 0), e.g.
``models.toml: models[3].name: Pflichtfeld fehlt``. The file layout is described in ``content/README.md``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import ksm_tui
from ksm_tui.core.content import (
    EFFECT_KINDS,
    Answer,
    Content,
    CriterionRow,
    Effect,
    Flowchart,
    FlowNode,
    GuideInfo,
    ListItem,
    Model,
    ModelGroup,
    Recommendation,
    RecommendationField,
    Remark,
    Steckbrief,
    Task,
    TaskGroup,
    TaskTable,
)
from ksm_tui.core.text import clean_line, clean_text

CONTENT_FILES: tuple[str, ...] = ("guide.toml", "models.toml", "tasks.toml", "flowchart.toml", "lists.toml")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_AS_OF = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


class ContentError(Exception):
    """The content is unusable. ``errors`` holds one German line per problem (file and key path first)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors: list[str] = list(errors)
        super().__init__("\n".join(self.errors))


def default_content_dir() -> Path:
    """The shipped content: ``ksm_tui/content`` in an installed wheel, else ``<repo>/content`` in a checkout."""
    package = Path(ksm_tui.__file__).resolve().parent
    shipped = package / "content"
    if shipped.is_dir():
        return shipped
    return package.parent / "content"


# ---------------------------------------------------------------------------------------------------------------
# Field specifications


@dataclass(frozen=True)
class _F:
    """One key of a TOML table: ``kind`` is line | text | bool | strs | table | tables."""

    name: str
    kind: str = "line"
    required: bool = True
    choices: tuple[str, ...] = ()


_EMPTY: dict[str, Any] = {"line": "", "text": "", "bool": None, "strs": (), "table": None, "tables": ()}

_REMARK = (_F("id"), _F("text", "text"), _F("as_of"))
_GUIDE = (_F("title"), _F("subtitle"), _F("publisher"), _F("date"), _F("citation", "text"))
_MODEL_GROUP = (_F("id"), _F("number"), _F("name"), _F("note", "text"), _F("source"))
_MODEL = (
    _F("id"),
    _F("number"),
    _F("name"),
    _F("description", "text"),
    _F("advantages", "strs"),
    _F("disadvantages", "strs"),
    _F("scope", choices=("beide", "landkreis")),
    _F("source"),
    _F("steckbrief", "table", required=False),
    _F("steckbrief_missing", "text", required=False),
    _F("remarks", "tables", required=False),
)
_STECKBRIEF = (
    _F("source"),
    _F("ausgangslage", "tables"),
    _F("eigenschaften", "tables"),
    _F("empfehlungen", "tables"),
)
_CRITERION = (_F("label"), _F("value"), _F("comment", "text"))
_RECOMMENDATION_FIELD = (_F("label"), _F("text", "text"))
_TASK_TABLE = (_F("id"), _F("title"), _F("source"))
_TASK_GROUP = (_F("id"), _F("table"), _F("label"), _F("county_only", "bool"), _F("source"))
_TASK = (
    _F("id"),
    _F("group"),
    _F("label"),
    _F("source"),
    _F("county_only", "bool", required=False),
    _F("table", required=False),
    _F("remarks", "tables", required=False),
)
_FLOWCHART = (_F("title"), _F("note", "text"), _F("source"), _F("start"))
_RECOMMENDATION = (_F("id"), _F("text", "text"), _F("source"))
_NODE = (
    _F("kind", choices=("question", "outcome")),
    _F("title"),
    _F("text", "text"),
    _F("explanation", "text"),
    _F("source"),
    _F("answers", "tables", required=False),
    _F("recommendations", "strs", required=False),
)
_ANSWER = (
    _F("id"),
    _F("label"),
    _F("next"),
    _F("effects", "tables", required=False),
    _F("recommendations", "strs", required=False),
    _F("explanation", "text", required=False),
    _F("source", required=False),
)
_EFFECT = (_F("model"), _F("kind", choices=EFFECT_KINDS), _F("reason", "text"))
_LIST_ITEM = (_F("id"), _F("title"), _F("text", "text"), _F("source"), _F("remarks", "tables", required=False))
_LISTS = ("steps", "success_factors", "foundations", "future_topics")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "Wahrheitswert"
    if isinstance(value, str):
        return "Text"
    if isinstance(value, (int, float)):
        return "Zahl"
    if isinstance(value, list):
        return "Liste"
    if isinstance(value, dict):
        return "Tabelle"
    return "Datum/Uhrzeit"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _File:
    """Validation helpers for one content file; errors go to the shared list."""

    def __init__(self, name: str, errors: list[str]) -> None:
        self.name = name
        self.errors = errors

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{self.name}: {path}: {message}" if path else f"{self.name}: {message}")

    def fields(self, data: Any, path: str, specs: tuple[_F, ...]) -> dict[str, Any]:
        """Check ``data`` against ``specs``; return the values (defaults where missing or wrong)."""
        values: dict[str, Any] = {spec.name: _EMPTY[spec.kind] for spec in specs}
        if not isinstance(data, dict):
            self.error(path, f"Tabelle erwartet, gefunden: {_type_name(data)}")
            return values
        known = {spec.name for spec in specs}
        for key in data:
            if key not in known:
                self.error(path, f'unbekannter Schlüssel "{key}"')
        for spec in specs:
            key_path = _join(path, spec.name)
            if spec.name not in data:
                if spec.required:
                    self.error(key_path, "Pflichtfeld fehlt")
                continue
            values[spec.name] = self._value(data[spec.name], key_path, spec)
        return values

    def _value(self, value: Any, path: str, spec: _F) -> Any:
        kind = spec.kind
        if kind in ("line", "text"):
            if not isinstance(value, str):
                self.error(path, f"Text erwartet, gefunden: {_type_name(value)}")
                return ""
            text = clean_line(value) if kind == "line" else clean_text(value).strip()
            if not text:
                self.error(path, "darf nicht leer sein")
            elif spec.choices and text not in spec.choices:
                allowed = ", ".join(f'"{c}"' for c in spec.choices)
                self.error(path, f'ungültiger Wert "{text}" (erlaubt: {allowed})')
                return ""
            return text
        if kind == "bool":
            if not isinstance(value, bool):
                self.error(path, f"Wahrheitswert (true/false) erwartet, gefunden: {_type_name(value)}")
                return None
            return value
        if kind == "strs":
            if not isinstance(value, list):
                self.error(path, f"Liste von Texten erwartet, gefunden: {_type_name(value)}")
                return ()
            items: list[str] = []
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    self.error(f"{path}[{index}]", f"Text erwartet, gefunden: {_type_name(item)}")
                    continue
                text = clean_text(item).strip()
                if not text:
                    self.error(f"{path}[{index}]", "darf nicht leer sein")
                    continue
                items.append(text)
            return tuple(items)
        if kind == "table":
            if not isinstance(value, dict):
                self.error(path, f"Tabelle erwartet, gefunden: {_type_name(value)}")
                return None
            return value
        # tables: each element is checked by the caller via fields()
        if not isinstance(value, list):
            self.error(path, f"Liste von Tabellen erwartet, gefunden: {_type_name(value)}")
            return ()
        return tuple(value)

    def check_id(self, value: str, path: str) -> None:
        if value and not _ID.match(value):
            self.error(path, f'ungültige ID "{value}" (erlaubt: Kleinbuchstaben, Ziffern, Bindestrich)')

    def unique(self, entries: list[tuple[str, str]]) -> None:
        """``entries`` are (id, path of the id); report every repetition."""
        seen: set[str] = set()
        for value, path in entries:
            if not value:
                continue
            if value in seen:
                self.error(path, f'doppelte ID "{value}"')
            seen.add(value)

    def remarks(self, raw: tuple[Any, ...], path: str, ids: list[tuple[str, str]]) -> tuple[Remark, ...]:
        result = []
        for index, item in enumerate(raw):
            item_path = f"{path}[{index}]"
            v = self.fields(item, item_path, _REMARK)
            self.check_id(v["id"], f"{item_path}.id")
            ids.append((v["id"], f"{item_path}.id"))
            if v["as_of"] and not _AS_OF.match(v["as_of"]):
                self.error(f"{item_path}.as_of", f'ungültiger Stand "{v["as_of"]}" (erwartet: JJJJ-MM)')
            result.append(Remark(text=v["text"], as_of=v["as_of"], id=v["id"]))
        return tuple(result)


def _read(directory: Path, name: str, errors: list[str]) -> dict[str, Any] | None:
    path = directory / name
    if not path.is_file():
        errors.append(f"{name}: Datei fehlt")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(f"{name}: Datei nicht lesbar ({exc.strerror or exc})")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        errors.append(f"{name}: keine gültige UTF-8-Datei")
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        if position:
            detail = _TOML_POSITION.sub("", message)
            errors.append(
                f"{name}, Zeile {position.group(1)}: TOML-Syntaxfehler: {detail} (Spalte {position.group(2)})"
            )
        else:
            detail = _TOML_END.sub("", message)
            suffix = " (am Dateiende)" if _TOML_END.search(message) else ""
            errors.append(f"{name}: TOML-Syntaxfehler: {detail}{suffix}")
        return None


# ---------------------------------------------------------------------------------------------------------------
# Per-file builders


def _guide(f: _File, data: dict[str, Any]) -> tuple[GuideInfo, tuple[Remark, ...]]:
    top = f.fields(data, "", (_F("guide", "table"), _F("remarks", "tables", required=False)))
    g = f.fields(top["guide"], "guide", _GUIDE) if top["guide"] is not None else f.fields({}, "guide", ())
    info = GuideInfo(
        title=g.get("title", ""),
        subtitle=g.get("subtitle", ""),
        publisher=g.get("publisher", ""),
        date=g.get("date", ""),
        citation=g.get("citation", ""),
    )
    ids: list[tuple[str, str]] = []
    remarks = f.remarks(top["remarks"], "remarks", ids)
    f.unique(ids)
    return info, remarks


def _steckbrief(f: _File, raw: dict[str, Any], path: str) -> Steckbrief:
    v = f.fields(raw, path, _STECKBRIEF)

    def rows(key: str) -> tuple[CriterionRow, ...]:
        result = []
        for index, item in enumerate(v[key]):
            r = f.fields(item, f"{path}.{key}[{index}]", _CRITERION)
            result.append(CriterionRow(label=r["label"], value=r["value"], comment=r["comment"]))
        if not result and key in raw:
            f.error(f"{path}.{key}", "mindestens ein Eintrag erwartet")
        return tuple(result)

    fields = []
    for index, item in enumerate(v["empfehlungen"]):
        r = f.fields(item, f"{path}.empfehlungen[{index}]", _RECOMMENDATION_FIELD)
        fields.append(RecommendationField(label=r["label"], text=r["text"]))
    if not fields and "empfehlungen" in raw:
        f.error(f"{path}.empfehlungen", "mindestens ein Eintrag erwartet")
    return Steckbrief(
        source=v["source"],
        ausgangslage=rows("ausgangslage"),
        eigenschaften=rows("eigenschaften"),
        empfehlungen=tuple(fields),
    )


def _models(f: _File, data: dict[str, Any]) -> tuple[tuple[Model, ...], tuple[ModelGroup, ...]]:
    top = f.fields(data, "", (_F("groups", "tables", required=False), _F("models", "tables")))
    ids: list[tuple[str, str]] = []
    groups = []
    for index, item in enumerate(top["groups"]):
        path = f"groups[{index}]"
        v = f.fields(item, path, _MODEL_GROUP)
        f.check_id(v["id"], f"{path}.id")
        ids.append((v["id"], f"{path}.id"))
        groups.append(ModelGroup(id=v["id"], number=v["number"], name=v["name"], note=v["note"], source=v["source"]))
    models = []
    remark_ids: list[tuple[str, str]] = []
    for index, item in enumerate(top["models"]):
        path = f"models[{index}]"
        v = f.fields(item, path, _MODEL)
        f.check_id(v["id"], f"{path}.id")
        ids.append((v["id"], f"{path}.id"))
        for key in ("advantages", "disadvantages"):
            if isinstance(item, dict) and isinstance(item.get(key), list) and not item[key]:
                f.error(f"{path}.{key}", "mindestens ein Eintrag erwartet")
        steckbrief = None
        if v["steckbrief"] is not None:
            steckbrief = _steckbrief(f, v["steckbrief"], f"{path}.steckbrief")
            if v["steckbrief_missing"]:
                f.error(path, "steckbrief und steckbrief_missing schließen sich aus")
        elif isinstance(item, dict) and "steckbrief_missing" not in item and "steckbrief" not in item:
            f.error(f"{path}.steckbrief_missing", "Pflichtfeld fehlt (das Modell hat keinen Steckbrief)")
        models.append(
            Model(
                id=v["id"],
                number=v["number"],
                name=v["name"],
                description=v["description"],
                advantages=v["advantages"],
                disadvantages=v["disadvantages"],
                scope=v["scope"] or "beide",
                source=v["source"],
                steckbrief=steckbrief,
                steckbrief_missing="" if steckbrief is not None else v["steckbrief_missing"],
                remarks=f.remarks(v["remarks"], f"{path}.remarks", remark_ids),
            )
        )
    if isinstance(data.get("models"), list) and not data["models"]:
        f.error("models", "mindestens ein Modell erwartet")
    f.unique(ids)
    f.unique(remark_ids)
    return tuple(models), tuple(groups)


def _tasks(f: _File, data: dict[str, Any]) -> tuple[tuple[TaskTable, ...], tuple[TaskGroup, ...], tuple[Task, ...]]:
    top = f.fields(data, "", (_F("tables", "tables"), _F("groups", "tables"), _F("tasks", "tables")))
    tables = []
    table_ids: list[tuple[str, str]] = []
    for index, item in enumerate(top["tables"]):
        path = f"tables[{index}]"
        v = f.fields(item, path, _TASK_TABLE)
        f.check_id(v["id"], f"{path}.id")
        table_ids.append((v["id"], f"{path}.id"))
        tables.append(TaskTable(id=v["id"], title=v["title"], source=v["source"]))
    known_tables = {t.id for t in tables}

    groups = []
    group_ids: list[tuple[str, str]] = []
    for index, item in enumerate(top["groups"]):
        path = f"groups[{index}]"
        v = f.fields(item, path, _TASK_GROUP)
        f.check_id(v["id"], f"{path}.id")
        group_ids.append((v["id"], f"{path}.id"))
        if v["table"] and v["table"] not in known_tables:
            f.error(f"{path}.table", f'unbekannte Tabelle "{v["table"]}"')
        groups.append(
            TaskGroup(
                id=v["id"], table=v["table"], label=v["label"], county_only=bool(v["county_only"]), source=v["source"]
            )
        )
    by_group = {g.id: g for g in groups}

    tasks = []
    task_ids: list[tuple[str, str]] = []
    remark_ids: list[tuple[str, str]] = []
    for index, item in enumerate(top["tasks"]):
        path = f"tasks[{index}]"
        v = f.fields(item, path, _TASK)
        f.check_id(v["id"], f"{path}.id")
        task_ids.append((v["id"], f"{path}.id"))
        group = by_group.get(v["group"])
        if v["group"] and group is None:
            f.error(f"{path}.group", f'unbekannte Gruppe "{v["group"]}"')
        table = v["table"] or (group.table if group else "")
        if v["table"]:
            if v["table"] not in known_tables:
                f.error(f"{path}.table", f'unbekannte Tabelle "{v["table"]}"')
            elif group is not None and group.table != v["table"]:
                f.error(f"{path}.table",
                        f'"{v["table"]}" passt nicht zur Gruppe "{group.id}" (Tabelle "{group.table}")')
        county_only = v["county_only"]
        if group is not None and group.county_only:
            if county_only is False:
                f.error(f"{path}.county_only", f'muss true sein: die Gruppe "{group.id}" gilt nur für Landkreise')
            county_only = True
        tasks.append(
            Task(
                id=v["id"],
                table=table,
                group=v["group"],
                label=v["label"],
                county_only=bool(county_only),
                source=v["source"],
                remarks=f.remarks(v["remarks"], f"{path}.remarks", remark_ids),
            )
        )
    for group in groups:
        if group.id and not any(t.group == group.id for t in tasks):
            f.error("groups", f'Gruppe "{group.id}" hat keine Aufgaben')
    f.unique(table_ids)
    f.unique(group_ids)
    f.unique(task_ids)
    f.unique(remark_ids)
    return tuple(tables), tuple(groups), tuple(tasks)


def _flowchart(f: _File, data: dict[str, Any], model_ids: set[str] | None) -> Flowchart:
    top = f.fields(
        data, "", (_F("flowchart", "table"), _F("recommendations", "tables", required=False), _F("nodes", "table"))
    )
    head = f.fields(top["flowchart"], "flowchart", _FLOWCHART) if top["flowchart"] is not None else {}

    recommendations: dict[str, Recommendation] = {}
    rec_ids: list[tuple[str, str]] = []
    for index, item in enumerate(top["recommendations"]):
        path = f"recommendations[{index}]"
        v = f.fields(item, path, _RECOMMENDATION)
        f.check_id(v["id"], f"{path}.id")
        rec_ids.append((v["id"], f"{path}.id"))
        recommendations.setdefault(v["id"], Recommendation(id=v["id"], text=v["text"], source=v["source"]))
    f.unique(rec_ids)

    def check_recs(values: tuple[str, ...], path: str) -> None:
        for index, rec in enumerate(values):
            if rec not in recommendations:
                f.error(f"{path}[{index}]", f'unbekannte Empfehlung "{rec}"')

    raw_nodes: dict[str, Any] = top["nodes"] or {}
    nodes: dict[str, FlowNode] = {}
    for node_id, item in raw_nodes.items():
        path = f"nodes.{node_id}"
        f.check_id(node_id, path)
        v = f.fields(item, path, _NODE)
        answers = []
        answer_ids: list[tuple[str, str]] = []
        for index, raw_answer in enumerate(v["answers"]):
            a_path = f"{path}.answers[{index}]"
            a = f.fields(raw_answer, a_path, _ANSWER)
            f.check_id(a["id"], f"{a_path}.id")
            answer_ids.append((a["id"], f"{a_path}.id"))
            if a["next"] and a["next"] not in raw_nodes:
                f.error(f"{a_path}.next", f'unbekannter Knoten "{a["next"]}"')
            check_recs(a["recommendations"], f"{a_path}.recommendations")
            effects = []
            effect_models: set[str] = set()
            for e_index, raw_effect in enumerate(a["effects"]):
                e_path = f"{a_path}.effects[{e_index}]"
                e = f.fields(raw_effect, e_path, _EFFECT)
                if e["model"] and model_ids is not None and e["model"] not in model_ids:
                    f.error(f"{e_path}.model", f'unbekanntes Modell "{e["model"]}"')
                elif e["model"] and e["model"] in effect_models:
                    f.error(f"{e_path}.model", f'Modell "{e["model"]}" ist in dieser Antwort schon bewertet')
                effect_models.add(e["model"])
                effects.append(Effect(model=e["model"], kind=e["kind"] or "possible", reason=e["reason"]))
            answers.append(
                Answer(
                    id=a["id"],
                    label=a["label"],
                    next=a["next"],
                    effects=tuple(effects),
                    recommendations=a["recommendations"],
                    explanation=a["explanation"],
                    source=a["source"],
                )
            )
        f.unique(answer_ids)
        check_recs(v["recommendations"], f"{path}.recommendations")
        if v["kind"] == "question" and not answers:
            f.error(f"{path}.answers", "eine Frage braucht mindestens eine Antwort")
        if v["kind"] == "outcome" and answers:
            f.error(f"{path}.answers", "ein Ergebnisknoten darf keine Antworten haben")
        nodes[node_id] = FlowNode(
            id=node_id,
            kind=v["kind"] or "question",
            title=v["title"],
            text=v["text"],
            explanation=v["explanation"],
            source=v["source"],
            answers=tuple(answers),
            recommendations=v["recommendations"],
        )
    if top["nodes"] is not None and not nodes:
        f.error("nodes", "mindestens ein Knoten erwartet")

    start = head.get("start", "")
    if start and start not in nodes:
        f.error("flowchart.start", f'unbekannter Knoten "{start}"')
    elif start:
        _check_graph(f, nodes, start)

    return Flowchart(
        title=head.get("title", ""),
        note=head.get("note", ""),
        source=head.get("source", ""),
        start=start,
        nodes=MappingProxyType(nodes),
        recommendations=MappingProxyType(recommendations),
    )


def _check_graph(f: _File, nodes: dict[str, FlowNode], start: str) -> None:
    """Reachability, cycles and dead ends (paths that stop before an outcome node)."""
    successors = {
        node_id: list(dict.fromkeys(a.next for a in node.answers if a.next in nodes)) for node_id, node in nodes.items()
    }
    # breadth-first from the start: reachability and a shortest path to every node
    parent: dict[str, str | None] = {start: None}
    queue = [start]
    for current in queue:
        for nxt in successors[current]:
            if nxt not in parent:
                parent[nxt] = current
                queue.append(nxt)
    for node_id in nodes:
        if node_id not in parent:
            f.error("", f'Knoten "{node_id}" ist vom Start aus nicht erreichbar')

    # depth-first over all nodes: report every cycle once
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    reported: set[frozenset[str]] = set()
    for root in nodes:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        trail: list[str] = [root]
        state[root] = 1
        while stack:
            node_id, index = stack[-1]
            if index < len(successors[node_id]):
                stack[-1] = (node_id, index + 1)
                nxt = successors[node_id][index]
                if state.get(nxt) == 1:
                    cycle = trail[trail.index(nxt) :] + [nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        f.error("", "Zyklus: " + " → ".join(cycle))
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, 0))
                    trail.append(nxt)
            else:
                state[node_id] = 2
                stack.pop()
                trail.pop()

    # reachable question nodes without a way on: the path ends without an outcome
    for node_id in parent:
        node = nodes[node_id]
        if node.kind != "outcome" and not successors[node_id]:
            steps = [node_id]
            while parent[steps[-1]] is not None:
                steps.append(parent[steps[-1]])  # type: ignore[arg-type]
            f.error("", "Pfad " + " → ".join(reversed(steps)) + " endet ohne Ergebnis")


def _lists(f: _File, data: dict[str, Any]) -> dict[str, tuple[ListItem, ...]]:
    top = f.fields(data, "", tuple(_F(name, "tables") for name in _LISTS))
    result: dict[str, tuple[ListItem, ...]] = {}
    remark_ids: list[tuple[str, str]] = []
    for name in _LISTS:
        items = []
        ids: list[tuple[str, str]] = []
        for index, item in enumerate(top[name]):
            path = f"{name}[{index}]"
            v = f.fields(item, path, _LIST_ITEM)
            f.check_id(v["id"], f"{path}.id")
            ids.append((v["id"], f"{path}.id"))
            items.append(
                ListItem(
                    id=v["id"],
                    title=v["title"],
                    text=v["text"],
                    source=v["source"],
                    remarks=f.remarks(v["remarks"], f"{path}.remarks", remark_ids),
                )
            )
        f.unique(ids)
        result[name] = tuple(items)
    f.unique(remark_ids)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Entry points


def load_content(directory: Path | str | None = None) -> Content:
    """Read and validate the content folder (default: :func:`default_content_dir`).

    Raises :class:`ContentError` listing every problem found.
    """
    folder = Path(directory) if directory is not None else default_content_dir()
    if not folder.is_dir():
        raise ContentError([f"{folder}: Inhaltsordner nicht gefunden"])
    errors: list[str] = []
    raw = {name: _read(folder, name, errors) for name in CONTENT_FILES}

    guide_info = None
    general_remarks: tuple[Remark, ...] = ()
    if raw["guide.toml"] is not None:
        guide_info, general_remarks = _guide(_File("guide.toml", errors), raw["guide.toml"])
    models: tuple[Model, ...] = ()
    model_groups: tuple[ModelGroup, ...] = ()
    model_ids: set[str] | None = None
    if raw["models.toml"] is not None:
        models, model_groups = _models(_File("models.toml", errors), raw["models.toml"])
        model_ids = {m.id for m in models}
    tables: tuple[TaskTable, ...] = ()
    groups: tuple[TaskGroup, ...] = ()
    tasks: tuple[Task, ...] = ()
    if raw["tasks.toml"] is not None:
        tables, groups, tasks = _tasks(_File("tasks.toml", errors), raw["tasks.toml"])
    flowchart = None
    if raw["flowchart.toml"] is not None:
        flowchart = _flowchart(_File("flowchart.toml", errors), raw["flowchart.toml"], model_ids)
    lists: dict[str, tuple[ListItem, ...]] = {}
    if raw["lists.toml"] is not None:
        lists = _lists(_File("lists.toml", errors), raw["lists.toml"])

    if errors or guide_info is None or flowchart is None:
        raise ContentError(errors or ["Inhalt unvollständig"])
    return Content(
        guide=guide_info,
        models=models,
        model_groups=model_groups,
        task_tables=tables,
        task_groups=groups,
        tasks=tasks,
        flowchart=flowchart,
        steps=lists["steps"],
        success_factors=lists["success_factors"],
        foundations=lists["foundations"],
        future_topics=lists["future_topics"],
        remarks=general_remarks,
        directory=folder,
    )


def all_remarks(content: Content) -> tuple[Remark, ...]:
    """Every remark of ksm-tui in the content: general ones first, then those attached to items."""
    found: list[Remark] = list(content.remarks)
    for model in content.models:
        found.extend(model.remarks)
    for task in content.tasks:
        found.extend(task.remarks)
    for items in (content.steps, content.success_factors, content.foundations, content.future_topics):
        for item in items:
            found.extend(item.remarks)
    return tuple(found)


def describe_content(content: Content) -> str:
    """One German line with the counts, e.g. for ``ksm-tui check-content``."""
    nodes = content.flowchart.nodes.values()
    questions = sum(1 for n in nodes if n.kind == "question")
    outcomes = sum(1 for n in nodes if n.kind == "outcome")
    return (
        f"{len(content.models)} Modelle, {len(content.tasks)} Aufgaben in {len(content.task_groups)} Gruppen, "
        f"{len(content.flowchart.nodes)} Knoten im Flussdiagramm ({questions} Fragen, {outcomes} Ergebnisse), "
        f"{len(content.flowchart.recommendations)} Empfehlungen, {len(content.steps)} Schritte, "
        f"{len(content.success_factors)} Erfolgsfaktoren, {len(content.foundations)} Grundlagen, "
        f"{len(content.future_topics)} Zukunftsthemen, {len(all_remarks(content))} Anmerkungen ksm-tui"
    )
