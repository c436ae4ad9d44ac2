"""The errors askncpi reports to users. Each message is one line a user can act on;
the CLI turns any `AskError` into that line and a non-zero exit, the TUI into a notice.
Kept apart from the modules that raise them so catching them imports nothing heavy."""


class AskError(Exception):
    """Base of every user-facing error."""


class ParseError(AskError):
    """A file that cannot be turned into a Document; the message says why."""


class CorpusError(AskError):
    """The corpus folder is missing or has no readable report."""


class EmbedderError(AskError):
    """The model cannot be loaded (not installed, damaged)."""


class IndexError_(AskError):
    """The index is missing, damaged or from an incompatible build."""


class IndexWriteError(AskError):
    """Writing a new index generation failed (disk full, permissions); the old one is intact."""


class IndexBusy(AskError):
    """Another build holds the lock."""


class QueryError(AskError):
    """A question that cannot be searched (empty, no usable words, unknown report)."""
