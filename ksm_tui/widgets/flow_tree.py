"""The whole decision graph as a tree, with the path taken marked, for showing where the group stands.

Each tree line below the start question is "answer → next step". Nodes shared by several answers appear under
each of them. Branches off the path are built only when opened, so large graphs stay cheap. Marks (never colour
alone): ``●`` answered step on the path, ``▶`` the step shown now, ``○`` a later step kept for "vor",
``·`` not on the path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ksm_tui.core.content import Flowchart, FlowNode
from ksm_tui.core.flowchart import PathStep
from ksm_tui.widgets.flow_parts import short_label


@dataclass(frozen=True)
class FlowItem:
    node: str  # FlowNode.id the tree line leads to
    step: int | None  # index of that step in the recorded path, None when off the path


class FlowTree(Tree[FlowItem]):
    """Enter on a marked step posts :class:`FlowTree.Jump`; Enter elsewhere (or Space) opens/closes a branch."""

    DEFAULT_CSS = """
    FlowTree { height: 1fr; border: round $panel-lighten-2; }
    FlowTree:focus { border: round $accent; }
    """

    @dataclass
    class Jump(Message):
        tree: FlowTree
        step: int

        @property
        def control(self) -> FlowTree:
            return self.tree

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.auto_expand = False
        self.show_root = True
        self._flow: Flowchart | None = None
        self._steps: Sequence[PathStep] = ()
        self._cursor = 0

    def show(self, flowchart: Flowchart, steps: Sequence[PathStep], cursor: int) -> None:
        """``steps``: the whole recorded path (also the steps after ``cursor`` kept for "vor")."""
        self._flow, self._steps, self._cursor = flowchart, steps, cursor
        self.border_title = f"Übersicht: {flowchart.title}"
        self.clear()
        start = flowchart.nodes[flowchart.start]
        on_path = 0 if steps else None
        self.root.set_label(self._label(start, None, on_path))
        self.root.data = FlowItem(start.id, on_path)
        self._fill(self.root)
        self.root.expand()
        target = self._find_step(self.root, cursor) or self.root
        self.call_after_refresh(self.move_cursor, target, animate=False)

    def _find_step(self, tree_node: TreeNode[FlowItem], step: int) -> TreeNode[FlowItem] | None:
        if tree_node.data is not None and tree_node.data.step == step:
            return tree_node
        for child in tree_node.children:
            if child.data is not None and child.data.step is not None:
                found = self._find_step(child, step)
                if found is not None:
                    return found
        return None

    def _fill(self, tree_node: TreeNode[FlowItem]) -> None:
        """Add the answers of the tree node's flow node; path branches are filled and opened at once."""
        assert self._flow is not None and tree_node.data is not None
        item = tree_node.data
        node = self._flow.nodes[item.node]
        taken = None
        if item.step is not None and item.step + 1 < len(self._steps):
            taken = self._steps[item.step].answer
        for answer in node.answers:
            nxt = self._flow.nodes.get(answer.next)
            if nxt is None:
                continue
            step = item.step + 1 if taken is not None and answer.id == taken.id and item.step is not None else None
            label = self._label(nxt, answer.label, step)
            child_item = FlowItem(nxt.id, step)
            if nxt.answers:
                child = tree_node.add(label, child_item, allow_expand=True)
                if step is not None:
                    self._fill(child)
                    child.expand()
            else:
                tree_node.add_leaf(label, child_item)

    def _label(self, node: FlowNode, answer: str | None, step: int | None) -> Text:
        """Tree labels are Rich ``Text`` (built from plain strings, never parsed as markup)."""
        if step is None:
            mark, style = "·", "dim"
        elif step == self._cursor:
            mark, style = "▶", "bold reverse"
        elif step < self._cursor:
            mark, style = "●", "bold"
        else:
            mark, style = "○", "italic"
        kind = " (Ergebnis)" if node.kind == "outcome" else ""
        number = f"{step + 1} " if step is not None else ""
        text = f"{number}{node.title}{kind}"
        if answer is not None:
            text = f"{short_label(answer, 30)} → {text}"
        return Text.assemble((f"{mark} ", "bold"), (text, style))

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[FlowItem]) -> None:
        if event.node.data is not None and not event.node.children:
            self._fill(event.node)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[FlowItem]) -> None:
        event.stop()
        item = event.node.data
        if item is not None and item.step is not None:
            self.post_message(self.Jump(self, item.step))
        else:
            event.node.toggle()
