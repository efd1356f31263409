"""The flowchart engine: walking the decision tree, evaluating an outcome, and graph helpers.

Works over any valid :class:`~ksm_tui.core.content.Flowchart` (questions and outcomes linked by
``Answer.next``). The walk is kept in a :class:`~ksm_tui.core.session.FlowState`: ``steps`` is the path taken,
``cursor`` the step shown; steps after the cursor are kept so that "forward" works after "back".

State invariants (checked by :func:`check`, restored by :func:`repair`):

* ``steps[0].node`` is the start node; every step before the last one is answered and
  ``steps[i + 1].node`` is the ``next`` of ``steps[i]``'s answer; the last step is unanswered (a question not
  yet answered, or an outcome, which never has an answer).
* ``0 <= cursor < len(steps)``.

An empty ``FlowState()`` (a fresh session) is treated as "at the start".

**All functions are pure**: they never mutate the state passed in and always return a new
:class:`FlowState` (with new :class:`FlowStep` objects). Wrong ids raise :class:`FlowError` (a
``ValueError`` with one German sentence in :attr:`FlowError.message`). "Back" at the first step and
"forward" at the last one are no-ops (check :func:`can_back` / :func:`can_forward` to grey out buttons).

Evaluation: for each model mentioned by an answer's :class:`~ksm_tui.core.content.Effect` along the path, the
score is (#"favours") − (#"against"); score > 0 → "favoured", < 0 → "against", otherwise "possible". Ranking:
favoured (score descending), then possible, then against (score ascending, i.e. the most clearly ruled-out
model first: within each category the strongest evidence leads); ties keep ``model_order`` (pass
``tuple(m.id for m in content.models)``), models not in it follow in first-mention order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ksm_tui.core.content import Answer, Flowchart, FlowNode, Recommendation
from ksm_tui.core.session import FlowState, FlowStep, RecordedOutcome, now_iso
from ksm_tui.core.text import clean_text

Category = Literal["favoured", "possible", "against"]
CATEGORIES: dict[str, str] = {"favoured": "favorisiert", "possible": "möglich", "against": "eher nicht geeignet"}


class FlowError(ValueError):
    """A wrong node/answer id or an inconsistent state; :attr:`message` is one German sentence."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class PathStep:
    node: FlowNode
    answer: Answer | None  # None while unanswered and for an outcome
    note: str


@dataclass(frozen=True)
class Reason:
    kind: str  # "favours" | "possible" | "against"
    text: str
    node: str  # FlowNode.id
    answer: str  # Answer.id


@dataclass(frozen=True)
class RankedModel:
    model: str  # Model.id
    category: Category
    score: int
    reasons: tuple[Reason, ...]

    @property
    def favours(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.kind == "favours")

    @property
    def against(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.kind == "against")


@dataclass(frozen=True)
class Outcome:
    node: FlowNode  # the outcome node reached
    ranking: tuple[RankedModel, ...]
    recommendations: tuple[Recommendation, ...]
    sources: tuple[str, ...] = ()  # sources of the nodes and answers on the path (first-seen, no duplicates)
    path: tuple[PathStep, ...] = ()

    def _ids(self, category: str) -> tuple[str, ...]:
        return tuple(r.model for r in self.ranking if r.category == category)

    @property
    def favoured(self) -> tuple[str, ...]:
        return self._ids("favoured")

    @property
    def possible(self) -> tuple[str, ...]:
        return self._ids("possible")

    @property
    def against(self) -> tuple[str, ...]:
        return self._ids("against")

    def model(self, model_id: str) -> RankedModel | None:
        return next((r for r in self.ranking if r.model == model_id), None)


# -- lookups ------------------------------------------------------------------------------------------------


def node(flowchart: Flowchart, node_id: str) -> FlowNode:
    try:
        return flowchart.nodes[node_id]
    except KeyError:
        raise FlowError(f"Unbekannter Schritt im Entscheidungsbaum: {node_id!r}.") from None


def answer_of(n: FlowNode, answer_id: str) -> Answer:
    for a in n.answers:
        if a.id == answer_id:
            return a
    if n.kind == "outcome":
        raise FlowError(f"„{n.title}“ ist ein Ergebnis und hat keine Antworten.")
    raise FlowError(f"Unbekannte Antwort {answer_id!r} bei „{n.title}“.")


def _copy(state: FlowState) -> FlowState:
    return FlowState(steps=[FlowStep(s.node, s.answer, s.note) for s in state.steps], cursor=state.cursor)


def _norm(flowchart: Flowchart, state: FlowState) -> FlowState:
    """A copy of ``state``; an empty state becomes the start state."""
    return _copy(state) if state.steps else start(flowchart)


# -- navigation ---------------------------------------------------------------------------------------------


def start(flowchart: Flowchart) -> FlowState:
    """A fresh walk: only the start question, unanswered."""
    node(flowchart, flowchart.start)
    return FlowState(steps=[FlowStep(flowchart.start)], cursor=0)


def restart(flowchart: Flowchart) -> FlowState:
    """Start over (all answers and notes of the walk are dropped)."""
    return start(flowchart)


def current(flowchart: Flowchart, state: FlowState) -> FlowNode:
    """The node at the cursor."""
    s = _norm(flowchart, state)
    return node(flowchart, s.steps[s.cursor].node)


def current_step(flowchart: Flowchart, state: FlowState) -> PathStep:
    """The step at the cursor with its recorded answer (if any) and note."""
    return path(flowchart, state)[-1]


def answer(flowchart: Flowchart, state: FlowState, answer_id: str) -> FlowState:
    """Answer the question at the cursor and move to the next node.

    The same answer as recorded keeps the later steps (like "forward"); a different one drops them (their
    notes too). The note of the answered step is kept.
    """
    s = _norm(flowchart, state)
    step = s.steps[s.cursor]
    a = answer_of(node(flowchart, step.node), answer_id)
    nxt = node(flowchart, a.next)
    later = s.steps[s.cursor + 1 :]
    if step.answer == answer_id and later and later[0].node == nxt.id:
        return FlowState(steps=s.steps, cursor=s.cursor + 1)
    steps = s.steps[: s.cursor] + [FlowStep(step.node, answer_id, step.note), FlowStep(nxt.id)]
    return FlowState(steps=steps, cursor=s.cursor + 1)


def can_back(state: FlowState) -> bool:
    return bool(state.steps) and state.cursor > 0


def can_forward(state: FlowState) -> bool:
    return state.cursor + 1 < len(state.steps)


def back(state: FlowState) -> FlowState:
    """One step back (its recorded answer stays, the later steps are kept for :func:`forward`)."""
    s = _copy(state)
    if can_back(s):
        s.cursor -= 1
    return s


def forward(state: FlowState) -> FlowState:
    """Redo a step undone with :func:`back` (no-op at the last step)."""
    s = _copy(state)
    if can_forward(s):
        s.cursor += 1
    return s


def jump(state: FlowState, index: int) -> FlowState:
    """Move the cursor to step ``index`` of the recorded path (e.g. from the breadcrumb); nothing is dropped."""
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(state.steps):
        raise FlowError(f"Schritt {index} gibt es in diesem Weg nicht.")
    s = _copy(state)
    s.cursor = index
    return s


def set_note(state: FlowState, text: str) -> FlowState:
    """Set the note of the step at the cursor (cleaned of control characters)."""
    if not state.steps:
        raise FlowError("Der Entscheidungsbaum wurde noch nicht begonnen.")
    s = _copy(state)
    step = s.steps[s.cursor]
    s.steps[s.cursor] = FlowStep(step.node, step.answer, clean_text(text))
    return s


def replay(flowchart: Flowchart, answer_ids: Iterable[str]) -> FlowState:
    """The state after giving ``answer_ids`` one after the other from the start (cursor at the end)."""
    s = start(flowchart)
    for a in answer_ids:
        s = answer(flowchart, s, a)
    return s


# -- consistency --------------------------------------------------------------------------------------------


def check(flowchart: Flowchart, state: FlowState) -> None:
    """Raise :class:`FlowError` if ``state`` does not fit ``flowchart`` (e.g. a session from older content)."""
    if not state.steps:
        if state.cursor != 0:
            raise FlowError("Der gespeicherte Weg durch den Entscheidungsbaum ist leer, zeigt aber auf einen Schritt.")
        return
    if state.steps[0].node != flowchart.start:
        raise FlowError("Der gespeicherte Weg beginnt nicht beim ersten Schritt des Entscheidungsbaums.")
    for i, step in enumerate(state.steps):
        n = node(flowchart, step.node)
        last = i == len(state.steps) - 1
        if step.answer is None:
            if not last:
                raise FlowError(f"Im gespeicherten Weg fehlt bei „{n.title}“ die Antwort.")
            continue
        a = answer_of(n, step.answer)
        if last:
            raise FlowError(f"Der gespeicherte Weg endet nach „{n.title}“ ohne den nächsten Schritt.")
        if state.steps[i + 1].node != a.next:
            raise FlowError(f"Der gespeicherte Weg passt nach „{n.title}“ nicht zum Entscheidungsbaum.")
    if not 0 <= state.cursor < len(state.steps):
        raise FlowError("Die gespeicherte Position im Entscheidungsbaum liegt außerhalb des Wegs.")


def repair(flowchart: Flowchart, state: FlowState) -> FlowState:
    """The longest consistent prefix of ``state`` (notes kept), cursor clamped; the start state if none fits."""
    steps: list[FlowStep] = []
    expected = flowchart.start
    for step in state.steps:
        if step.node != expected or step.node not in flowchart.nodes:
            break
        n = flowchart.nodes[step.node]
        a = next((x for x in n.answers if x.id == step.answer), None)
        if a is None or a.next not in flowchart.nodes:
            steps.append(FlowStep(step.node, None, step.note))
            break
        steps.append(FlowStep(step.node, step.answer, step.note))
        expected = a.next
    if steps and steps[-1].answer is not None:  # the answered step's successor was missing or did not fit
        steps.append(FlowStep(expected))
    if not steps:
        return start(flowchart)
    return FlowState(steps=steps, cursor=min(max(state.cursor, 0), len(steps) - 1))


# -- path and outcome ---------------------------------------------------------------------------------------


def path(flowchart: Flowchart, state: FlowState) -> list[PathStep]:
    """The steps from the start up to and including the cursor, with nodes and answers resolved."""
    s = _norm(flowchart, state)
    out: list[PathStep] = []
    for step in s.steps[: s.cursor + 1]:
        n = node(flowchart, step.node)
        out.append(PathStep(n, answer_of(n, step.answer) if step.answer is not None else None, step.note))
    return out


def evaluate(flowchart: Flowchart, state: FlowState, model_order: Sequence[str] = ()) -> Outcome | None:
    """The outcome of the walk, or ``None`` unless the node at the cursor is an outcome."""
    steps = path(flowchart, state)
    if steps[-1].node.kind != "outcome":
        return None
    return outcome_of(flowchart, steps, model_order)


def outcome_of(flowchart: Flowchart, steps: Sequence[PathStep], model_order: Sequence[str] = ()) -> Outcome:
    """Evaluate a path whose last step is an outcome node (used by :func:`evaluate` and the overview)."""
    end = steps[-1].node
    if end.kind != "outcome":
        raise FlowError(f"„{end.title}“ ist kein Ergebnis.")
    reasons: dict[str, list[Reason]] = {}
    rec_ids: list[str] = []
    sources: list[str] = []

    def add_source(src: str) -> None:
        if src and src not in sources:
            sources.append(src)

    for st in steps:
        add_source(st.node.source)
        if st.answer is None:
            continue
        add_source(st.answer.source)
        for e in st.answer.effects:
            reasons.setdefault(e.model, []).append(Reason(e.kind, e.reason, st.node.id, st.answer.id))
        rec_ids.extend(st.answer.recommendations)
    rec_ids.extend(end.recommendations)

    recs: list[Recommendation] = []
    for rid in dict.fromkeys(rec_ids):
        try:
            recs.append(flowchart.recommendations[rid])
        except KeyError:
            raise FlowError(f"Unbekannte Empfehlung {rid!r} im Entscheidungsbaum.") from None

    ranked = [_rank(model, tuple(rs)) for model, rs in reasons.items()]
    order = {m: i for i, m in enumerate(model_order)}
    first_seen = {m: len(order) + i for i, m in enumerate(reasons)}

    def key(r: RankedModel) -> tuple[int, int, int]:
        tie = order.get(r.model, first_seen[r.model])
        if r.category == "favoured":
            return (0, -r.score, tie)
        if r.category == "possible":
            return (1, 0, tie)
        return (2, r.score, tie)

    return Outcome(
        node=end,
        ranking=tuple(sorted(ranked, key=key)),
        recommendations=tuple(recs),
        sources=tuple(sources),
        path=tuple(steps),
    )


def _rank(model: str, reasons: tuple[Reason, ...]) -> RankedModel:
    score = sum(1 for r in reasons if r.kind == "favours") - sum(1 for r in reasons if r.kind == "against")
    category: Category = "favoured" if score > 0 else "against" if score < 0 else "possible"
    return RankedModel(model=model, category=category, score=score, reasons=reasons)


def record(outcome: Outcome, recorded_at: str | None = None) -> RecordedOutcome:
    """What the session stores of an outcome; ``recorded_at`` defaults to now (ISO 8601, local time)."""
    return RecordedOutcome(
        outcome=outcome.node.id,
        favoured=list(outcome.favoured),
        possible=list(outcome.possible),
        against=list(outcome.against),
        recorded_at=now_iso() if recorded_at is None else recorded_at,
    )


# -- graph helpers ------------------------------------------------------------------------------------------

def reachable(flowchart: Flowchart) -> set[str]:
    """Ids of all nodes reachable from the start (including it); links to unknown ids are ignored."""
    seen: set[str] = set()
    todo = [flowchart.start] if flowchart.start in flowchart.nodes else []
    while todo:
        nid = todo.pop()
        if nid in seen:
            continue
        seen.add(nid)
        todo.extend(a.next for a in flowchart.nodes[nid].answers if a.next in flowchart.nodes)
    return seen


def find_cycle(flowchart: Flowchart) -> list[str] | None:
    """A cycle as node ids with the first repeated at the end (``["a", "b", "a"]``), or ``None``."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {nid: WHITE for nid in flowchart.nodes}
    for root in flowchart.nodes:
        if colour[root] != WHITE:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        trail: list[str] = [root]
        colour[root] = GREY
        while stack:
            nid, i = stack[-1]
            answers = flowchart.nodes[nid].answers
            if i >= len(answers):
                stack.pop()
                trail.pop()
                colour[nid] = BLACK
                continue
            stack[-1] = (nid, i + 1)
            nxt = answers[i].next
            if nxt not in colour:
                continue
            if colour[nxt] == GREY:
                return trail[trail.index(nxt) :] + [nxt]
            if colour[nxt] == WHITE:
                colour[nxt] = GREY
                stack.append((nxt, 0))
                trail.append(nxt)
    return None


def all_paths(flowchart: Flowchart, limit: int = 100_000) -> list[list[tuple[FlowNode, Answer | None]]]:
    """Every path from the start: (node, answer) pairs, the last being ``(outcome, None)``.

    Raises :class:`FlowError` for a cycle, a link to an unknown node, a question without answers, or more than
    ``limit`` paths.
    """
    cycle = find_cycle(flowchart)
    if cycle:
        raise FlowError("Der Entscheidungsbaum enthält einen Kreis: " + " → ".join(cycle) + ".")
    out: list[list[tuple[FlowNode, Answer | None]]] = []

    def walk(nid: str, prefix: list[tuple[FlowNode, Answer | None]]) -> None:
        n = node(flowchart, nid)
        if n.kind == "outcome":
            out.append(prefix + [(n, None)])
            if len(out) > limit:
                raise FlowError(f"Der Entscheidungsbaum hat mehr als {limit} Wege.")
            return
        if not n.answers:
            raise FlowError(f"Die Frage „{n.title}“ hat keine Antworten.")
        for a in n.answers:
            walk(a.next, prefix + [(n, a)])

    walk(flowchart.start, [])
    return out


def problems(flowchart: Flowchart, model_ids: Iterable[str] | None = None) -> list[str]:
    """Everything wrong with the graph, as German sentences (empty list = valid). For content validation.

    With ``model_ids`` the models named in effects are checked too.
    """
    msgs: list[str] = []
    nodes = flowchart.nodes
    if flowchart.start not in nodes:
        msgs.append(f"Der Startknoten {flowchart.start!r} fehlt.")
    models = set(model_ids) if model_ids is not None else None
    for key, n in nodes.items():
        if key != n.id:
            msgs.append(f"Knoten {key!r} trägt die id {n.id!r}.")
        if n.kind == "question" and not n.answers:
            msgs.append(f"Frage {n.id!r} hat keine Antworten.")
        if n.kind == "outcome" and n.answers:
            msgs.append(f"Ergebnis {n.id!r} darf keine Antworten haben.")
        if n.kind not in ("question", "outcome"):
            msgs.append(f"Knoten {n.id!r} hat die unbekannte Art {n.kind!r}.")
        ids = [a.id for a in n.answers]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            msgs.append(f"Knoten {n.id!r}: Antwort-id {dup!r} kommt mehrfach vor.")
        for rid in n.recommendations:
            if rid not in flowchart.recommendations:
                msgs.append(f"Knoten {n.id!r}: unbekannte Empfehlung {rid!r}.")
        for a in n.answers:
            where = f"Knoten {n.id!r}, Antwort {a.id!r}"
            if a.next not in nodes:
                msgs.append(f"{where}: Ziel {a.next!r} gibt es nicht.")
            for rid in a.recommendations:
                if rid not in flowchart.recommendations:
                    msgs.append(f"{where}: unbekannte Empfehlung {rid!r}.")
            for e in a.effects:
                if e.kind not in ("favours", "possible", "against"):
                    msgs.append(f"{where}: unbekannte Wirkung {e.kind!r}.")
                if models is not None and e.model not in models:
                    msgs.append(f"{where}: unbekanntes Modell {e.model!r}.")
    for rid, r in flowchart.recommendations.items():
        if rid != r.id:
            msgs.append(f"Empfehlung {rid!r} trägt die id {r.id!r}.")
    if flowchart.start in nodes:
        seen = reachable(flowchart)
        msgs.extend(f"Knoten {nid!r} ist vom Start aus nicht erreichbar." for nid in nodes if nid not in seen)
        if not any(nodes[n].kind == "outcome" for n in seen):
            msgs.append("Vom Start aus ist kein Ergebnis erreichbar.")
    cycle = find_cycle(flowchart)
    if cycle:
        msgs.append("Kreis im Entscheidungsbaum: " + " → ".join(cycle) + ".")
    return msgs


# -- convenience wrapper ------------------------------------------------------------------------------------


class Navigator:
    """The functions above bound to one flowchart (and the content's model order for ranking ties)."""

    def __init__(self, flowchart: Flowchart, model_order: Sequence[str] = ()) -> None:
        self.flowchart = flowchart
        self.model_order = tuple(model_order)

    def start(self) -> FlowState:
        return start(self.flowchart)

    def restart(self) -> FlowState:
        return restart(self.flowchart)

    def current(self, state: FlowState) -> FlowNode:
        return current(self.flowchart, state)

    def current_step(self, state: FlowState) -> PathStep:
        return current_step(self.flowchart, state)

    def answer(self, state: FlowState, answer_id: str) -> FlowState:
        return answer(self.flowchart, state, answer_id)

    def back(self, state: FlowState) -> FlowState:
        return back(state)

    def forward(self, state: FlowState) -> FlowState:
        return forward(state)

    def can_back(self, state: FlowState) -> bool:
        return can_back(state)

    def can_forward(self, state: FlowState) -> bool:
        return can_forward(state)

    def jump(self, state: FlowState, index: int) -> FlowState:
        return jump(state, index)

    def set_note(self, state: FlowState, text: str) -> FlowState:
        return set_note(state, text)

    def path(self, state: FlowState) -> list[PathStep]:
        return path(self.flowchart, state)

    def evaluate(self, state: FlowState) -> Outcome | None:
        return evaluate(self.flowchart, state, self.model_order)

    def repair(self, state: FlowState) -> FlowState:
        return repair(self.flowchart, state)
