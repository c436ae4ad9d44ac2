"""One corpus file -> its chunks and manifest entry, or the one-line reason it was skipped.

The limits on reading one file are named here (`ReadLimits`); `sandbox.py` enforces the
memory and time limits by reading in a worker process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import ocr
from .chunking import ChunkParams, chunk_document
from .readers import OcrProgress, ParseError, read_document
from .records import extract_record
from .types import Chunk, Document

TOO_LARGE = "too large to read safely"  # every limit's reason starts with this


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class ReadLimits:
    """How much reading one corpus file may take. A file over a limit is skipped with one
    line ("too large to read safely: ...") and every other report is still indexed.

    Defaults come from the environment (ASKNCPI_READ_MEMORY_MB, ASKNCPI_READ_SECONDS,
    ASKNCPI_READ_TEXT_MB) or `askncpi index --read-memory-mb/--read-seconds`.
    """

    memory_mb: int = 768  # memory the reader may take on top of its own start-up (about 40 MB)
    seconds: float = 120.0  # wall-clock time to read and chunk one file
    text_mb: float = 20.0  # a .txt/.md file larger than this is not read at all
    isolated: bool = True  # read in a worker process that enforces memory_mb and seconds
    ocr: bool = True  # read PDF pages without a text layer by OCR, where ocr.available() (--no-ocr: False)

    @classmethod
    def from_env(cls, **overrides: Any) -> ReadLimits:
        base = cls(memory_mb=int(_env_number("ASKNCPI_READ_MEMORY_MB", cls.memory_mb)),
                   seconds=_env_number("ASKNCPI_READ_SECONDS", cls.seconds),
                   text_mb=_env_number("ASKNCPI_READ_TEXT_MB", cls.text_mb))
        return cls(**{**base.__dict__, **{k: v for k, v in overrides.items() if v is not None}})

    def memory_reason(self) -> str:
        return f"{TOO_LARGE}: needs more than {self.memory_mb} MB of memory"

    def time_reason(self) -> str:
        return f"{TOO_LARGE}: reading took longer than {self.seconds:g} s"


@dataclass(frozen=True)
class SourceFile:
    rel: str  # name relative to corpus/, with forward slashes
    path: Path
    size: int
    mtime_ns: int
    problem: str | None = None  # why it cannot be indexed, when the scan already knows


@dataclass(frozen=True)
class Parsed:
    """A parsed file's chunks (ids from 0) and its manifest entry, or the reason it failed."""

    rel: str
    entry: dict[str, Any]
    chunks: list[Chunk]
    record: dict[str, Any] | None = None  # records.InspectionRecord as JSON


def skipped(src: SourceFile, sha: str, reason: str) -> Parsed:
    entry = {"sha256": sha, "size": src.size, "mtime_ns": src.mtime_ns, "status": "skipped", "reason": reason}
    return Parsed(src.rel, entry, [])


def parse_file(src: SourceFile, sha: str, params: ChunkParams, limits: ReadLimits | None = None,
               ocr_progress: OcrProgress | None = None) -> Parsed:
    """`ocr_progress` is told (pages done, pages to do) as OCR reads a scanned PDF."""
    limits = limits or ReadLimits()
    if src.problem:
        return skipped(src, sha, src.problem)
    use_ocr = limits.ocr and ocr.available()
    try:
        doc = read_document(src.path, src.rel, max_text_bytes=int(limits.text_mb * 1_000_000),
                            ocr_progress=(ocr_progress or _no_progress) if use_ocr else None)
        chunks = chunk_document(doc, params)
        if _changed_since_scan(src):
            # No hash recorded, so the next `askncpi index` reads it again.
            return skipped(src, "", "changed while being read: run `askncpi index` again")
    except ParseError as exc:
        return skipped(src, sha, str(exc))
    except MemoryError:
        return skipped(src, sha, limits.memory_reason())
    except RecursionError:
        return skipped(src, sha, "corrupt file: objects nested too deeply to read")
    except OSError as exc:
        return skipped(src, sha, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # one odd file must never stop the other reports from being indexed
        return skipped(src, sha, f"could not be read ({type(exc).__name__}: {exc})")
    if not chunks:
        return skipped(src, sha, "no text")
    entry: dict[str, Any] = {"sha256": sha, "size": src.size, "mtime_ns": src.mtime_ns, "status": "indexed",
                             "title": doc.title, "organisation": doc.organisation, "year": doc.year,
                             "kind": doc.kind, "pages": len(doc.pages)}
    ocr_pages = sum(p.ocr for p in doc.pages)
    if ocr_pages:
        entry["ocr_pages"] = ocr_pages
    return Parsed(src.rel, entry, chunks, _record(doc))


def _record(doc: Document) -> dict[str, Any] | None:
    """What the report states about its inspection; a report whose record cannot be read
    is still indexed, with no record."""
    if doc.kind == "text":  # press releases and blogs are about an inspection, not one
        return None
    try:
        return extract_record(doc).to_json()
    except (MemoryError, RecursionError):
        raise
    except Exception:
        return None


def _no_progress(done: int, total: int) -> None:
    pass


def _changed_since_scan(src: SourceFile) -> bool:
    st = src.path.stat()  # OSError (it vanished) is reported by the caller
    return (st.st_size, st.st_mtime_ns) != (src.size, src.mtime_ns)
