"""The catalogue's list: one option per model (number, name, marks), the V 1–V 4 group as a disabled note."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ksm_tui.core.catalogue import ModelMarks
from ksm_tui.core.content import Model, ModelGroup
from ksm_tui.widgets.hanging import Hanging
from ksm_tui.widgets.model_marks import ASSESSMENT_SYMBOLS, LIST_STYLES, join_tags, mark_tags

GROUP_PREFIX = "gruppe-"


NUMBER_WIDTH = 8  # "V 6a–6c" and a space
GUTTER_WIDTH = 2 + NUMBER_WIDTH  # assessment symbol, space, number


def model_prompt(model: Model, marks: ModelMarks, *, session_open: bool) -> Hanging:
    """Gutter: assessment symbol and number. Body: the name (wrapping under itself), then the marks as
    symbol + text on a line of their own, aligned under the name."""
    status = marks.assessment.status
    symbol = (
        Content.styled(ASSESSMENT_SYMBOLS[status], LIST_STYLES[status]) if session_open else Content(" ")
    )
    gutter = Content.assemble(symbol, " ", Content.styled(model.number.ljust(NUMBER_WIDTH), "bold"))
    tags = mark_tags(marks, session_open=session_open)
    body = Content(model.name) if not tags else Content.assemble(Content(model.name), "\n", join_tags(tags))
    prompt = Hanging([(gutter, body)], gutter_width=GUTTER_WIDTH)
    if marks.out_of_scope:
        prompt = prompt.stylize("dim")
    return prompt


def group_prompt(group: ModelGroup) -> Hanging:
    """The V 1–V 4 note: title, the guide's note and its source, indented by two columns."""
    body = Content.assemble(
        Content.styled(f"{group.number}  {group.name}", "bold"), "\n", Content(group.note), "\n",
        Content.styled(f"({group.source})", "italic"),
    )
    return Hanging([("  ", body)])


class ModelList(OptionList):
    """Models in the guide's order. Option ids are model ids; group notes use ``gruppe-<id>`` and are disabled."""

    DEFAULT_CSS = """
    ModelList { height: 1fr; border: none; padding: 0; }
    ModelList > .option-list--option { padding: 0 1; }
    /* The group notes (disabled options) and the rule above them: Textual's $text-disabled and $foreground 15%
       fall into the list's background colour when a colour theme is shown in 16 colours (TERM=xterm/linux). */
    ModelList > .option-list--option-disabled { color: $text-muted; }
    ModelList > .option-list--separator { color: $foreground 50%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._model_ids: list[str] = []
        self._group_ids: list[str] = []

    @property
    def highlighted_model(self) -> str | None:
        option = self.highlighted_option
        if option is None or option.id is None or option.id.startswith(GROUP_PREFIX):
            return None
        return option.id

    def show_entries(
        self,
        models: Sequence[tuple[Model, ModelMarks]],
        groups: Sequence[ModelGroup],
        *,
        session_open: bool,
        keep: str | None = None,
    ) -> None:
        """Show these entries. When the same entries are shown already, only their prompts are replaced."""
        model_ids = [m.id for m, _ in models]
        group_ids = [g.id for g in groups]
        if model_ids == self._model_ids and group_ids == self._group_ids:
            for model, marks in models:
                self.replace_option_prompt(model.id, model_prompt(model, marks, session_open=session_open))
            return
        keep = keep or self.highlighted_model
        options: list[Option | None] = [
            Option(model_prompt(m, marks, session_open=session_open), id=m.id) for m, marks in models
        ]
        if groups:
            if options:
                options.append(None)
            options.extend(Option(group_prompt(g), id=GROUP_PREFIX + g.id, disabled=True) for g in groups)
        self.set_options(options)
        self._model_ids = model_ids
        self._group_ids = group_ids
        if keep in model_ids:
            self.highlighted = model_ids.index(keep)
        elif model_ids:
            self.highlighted = 0

    def select_model(self, model_id: str) -> bool:
        if model_id not in self._model_ids:
            return False
        self.highlighted = self.get_option_index(model_id)
        return True
