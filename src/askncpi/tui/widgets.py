"""Transcript pieces. Report text is passed as rich Text objects, never parsed as markup."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ..render import NO_ANSWER, citation, score_label, segments
from ..types import Answer, Hit

# Terms get a colour as well as an underline: some terminals (and the SVG snapshots)
# drop underlines, and this orange reads on both the dark and the light theme.
STYLES = {"": "", "best": "bold", "term": "underline #d75f00", "best-term": "bold underline #d75f00"}


def passage_text(hit: Hit) -> Text:
    body = Text()
    for piece, kind in segments(hit):
        body.append(piece, style=STYLES[kind])
    return body


class QuestionView(Static):
    """The user's question, and the query searched when a follow-up was expanded."""

    def __init__(self, answer: Answer) -> None:
        text = Text("You: ", style="bold")
        text.append(answer.question)
        if answer.searched and answer.searched != answer.question:
            text.append(f"\nsearched: {answer.searched}", style="dim italic")
        if answer.docs:
            text.append(f"\nin: {', '.join(answer.docs)}", style="dim italic")
        super().__init__(text, classes="question")


class NoAnswerView(Static):
    def __init__(self, answer: Answer) -> None:
        text = Text(answer.note or NO_ANSWER)
        if answer.hits:  # dimmed cards follow: say what they are, so nobody quotes them as an answer
            text.append("\nThe closest passages are below, for reference only.", style="not bold dim")
        super().__init__(text, classes="no-answer")


class ErrorView(Static):
    def __init__(self, message: str) -> None:
        super().__init__(Text(message), classes="error")


class PassageCard(Static, can_focus=True):
    """One cited passage. Enter (or a click) opens it in the page viewer."""

    BINDINGS = [Binding("enter", "open", "Open page"), Binding("c", "copy", "Copy citation"),
                Binding("n", "newer", "Newer inspection")]

    class Open(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class Copy(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class OpenReport(Message):
        """Show a report's record (the newer inspection of this card's organisation)."""

        def __init__(self, doc: str) -> None:
            super().__init__()
            self.doc = doc

    def __init__(self, hit: Hit, reference_only: bool = False, currency: str | None = None,
                 newer: str | None = None) -> None:
        self.hit, self.newer = hit, newer
        head = Text(f"[{hit.rank}] ", style="bold")
        head.append(citation(hit), style="bold")
        head.append(f"   {score_label(hit)}", style="dim")
        if currency:  # "inspected May 2014 · newer: Ofsted ILACS, March 2019 (...)": n opens it
            head.append(f"\n{currency}" + ("  (n: open it)" if newer else ""), style="italic magenta")
        content = Text.assemble(head, "\n", passage_text(hit))
        super().__init__(content, classes="card reference" if reference_only else "card")

    def action_open(self) -> None:
        self.post_message(self.Open(self.hit))

    def action_copy(self) -> None:
        self.post_message(self.Copy(self.hit))

    def action_newer(self) -> None:
        if self.newer:
            self.post_message(self.OpenReport(self.newer))
        else:
            self.notify("The index holds no newer inspection of this report's organisation")

    def on_click(self) -> None:
        self.post_message(self.Open(self.hit))
