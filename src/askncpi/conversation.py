"""A conversation with the reports: follow-up questions, history, Markdown export. No UI here."""

from __future__ import annotations

import fcntl
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .jsonio import answer_from_json, answer_to_json
from .render import answer_markdown
from .types import Answer

_FOLLOW_UP = re.compile(r"^(and|what about|how about|also|same for|in|for|what of)\b"
                        r"|\b(they|them|their|it|its|that|those|this)\b", re.I)


def is_follow_up(question: str) -> bool:
    """A short question leaning on the previous one ("and in Northamptonshire?")."""
    return len(question.split()) <= 7 and bool(_FOLLOW_UP.search(question))


def contextualise(question: str, previous: str | None) -> str:
    """The query to search: a follow-up is searched together with the question before it."""
    if previous and is_follow_up(question):
        return f"{previous} {question}"
    return question


def append_line(path: Path, line: str) -> None:
    """Append one line whole, even while another chat window appends to the same file:
    one write() of the whole line to a file opened for appending, under an exclusive lock
    (a buffered text write of a long line is several writes another process can split)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (line.replace("\n", " ") + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)  # closing releases the lock


def _data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "askncpi"


def history_path() -> Path:
    return _data_dir() / "history.jsonl"


def conversation_path() -> Path:
    return _data_dir() / "conversation.jsonl"


@dataclass
class Conversation:
    answers: list[Answer] = field(default_factory=list)

    def last_searched(self) -> str | None:
        if not self.answers:
            return None
        last = self.answers[-1]
        return last.searched or last.question

    def save_answer(self, answer: Answer, path: Path | None = None) -> None:
        """Append one answer to the conversation file, so the next session can show it."""
        self.answers.append(answer)
        path = path or conversation_path()
        try:
            append_line(path, json.dumps(answer_to_json(answer), ensure_ascii=False))
        except OSError:
            pass  # keeping the conversation is a convenience; never fail an answer over it

    @classmethod
    def load(cls, path: Path | None = None, limit: int = 50) -> Conversation:
        """The last `limit` answers of the saved conversation; damaged lines are passed over."""
        path = path or conversation_path()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return cls()
        answers = []
        for line in lines[-limit:]:
            try:
                answers.append(answer_from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError):
                continue
        return cls(answers)

    @staticmethod
    def clear(path: Path | None = None) -> None:
        path = path or conversation_path()
        try:
            path.unlink()
        except FileNotFoundError:
            pass

    def to_markdown(self) -> str:
        parts = ["# askncpi conversation", ""]
        parts += [answer_markdown(a) for a in self.answers]
        return "\n".join(parts)


def load_history(path: Path | None = None, limit: int = 200) -> list[str]:
    path = path or history_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for line in lines[-limit:]:
        try:
            out.append(str(json.loads(line)["q"]))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def append_history(question: str, path: Path | None = None) -> None:
    path = path or history_path()
    try:
        append_line(path, json.dumps({"q": question}))
    except OSError:
        pass  # history is a convenience; never fail a question over it
