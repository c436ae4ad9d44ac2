"""Bring the index in line with corpus/: parse and embed only what is new or changed."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import __version__
from .acronyms import Acronyms, find_definitions
from .chunking import ChunkParams
from .embedder import Embedder, expected_identity, load_embedder, model_file
from .errors import CorpusError
from .jsonio import chunk_from_json
from .lexical import Bm25Index, TermCounts, analyser_identity, terms_line, tokenize
from .readers import READS, is_supported
from .reading import Parsed, ReadLimits, SourceFile, parse_file
from .records import RECORD_VERSION
from .sandbox import IsolatedReader
from .search import LoadedIndex  # the live index, loaded as a query would (damage shows here)
from .store import (
    Generation,
    IndexError_,
    IndexStore,
    LineTable,
    Manifest,
    chunk_line,
    renumbered,
    write_lines,
)
from .types import Chunk

_TEMP_NAMES = ("~$", ".~", "#")
_TEMP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".part", ".crdownload", ".bak")


@dataclass
class BuildSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    chunks: int = 0
    seconds: float = 0.0
    rebuilt_because: str | None = None
    wrote: bool = False
    pages: int = 0  # pages (text files count one) in the indexed reports
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent reading, embedding, writing

    def to_json(self) -> dict[str, Any]:
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed),
                "unchanged": len(self.unchanged), "skipped": len(self.skipped), "chunks": self.chunks,
                "seconds": round(self.seconds, 3),
                "files": {"added": self.added, "changed": self.changed, "removed": self.removed},
                "skipped_files": [{"file": f, "reason": r} for f, r in self.skipped],
                "rebuilt_because": self.rebuilt_because, "pages": self.pages,
                "phases": {k: round(v, 3) for k, v in self.phases.items()}}


@contextlib.contextmanager
def _timed(summary: BuildSummary, phase: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        summary.phases[phase] = summary.phases.get(phase, 0.0) + time.perf_counter() - t0


class Progress(Protocol):
    """What a build reports as it goes; the CLI draws it, tests may record it."""

    def phase(self, name: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def skipped(self, rel: str, reason: str) -> None: ...

    def ocr_page(self, rel: str, done: int, total: int) -> None: ...


class SilentProgress:
    """A build's progress when nobody watches."""

    def phase(self, name: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def skipped(self, rel: str, reason: str) -> None:
        pass

    def ocr_page(self, rel: str, done: int, total: int) -> None:
        pass


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.startswith(_TEMP_NAMES) or name.endswith(_TEMP_SUFFIXES)


def _source_file(path: Path, corpus: Path, root: Path) -> SourceFile | None:
    """One corpus entry; files askncpi cannot read come back with the reason."""
    rel = path.relative_to(corpus).as_posix()
    try:
        st = path.lstat()
    except OSError:
        return None  # gone since the directory was listed
    problem = None
    try:
        target = path.resolve(strict=True)
        if not target.is_relative_to(root):
            problem = "link to a file outside corpus/: not followed"
        elif not path.is_file():
            return None  # a socket, a fifo, a device: not a report
        else:
            st = path.stat()
    except (OSError, RuntimeError):
        problem = "broken or looping link"
    if problem is None and not is_supported(path):
        suffix = path.suffix.lower() or "no extension"
        problem = f"unsupported file type ({suffix}): askncpi reads {READS}"
    return SourceFile(rel, path, st.st_size, st.st_mtime_ns, problem)


def scan_corpus(corpus: Path) -> list[SourceFile]:
    """Files under corpus/, sorted. Hidden and editor temp files are skipped quietly;
    symlinks are followed only while they stay inside corpus/. Files that cannot be
    indexed (unsupported type, link leaving corpus/) are returned with their problem,
    so the build can list them as skipped."""
    if not corpus.is_dir():
        return []
    root = corpus.resolve()
    found: list[SourceFile] = []
    seen_dirs: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=True):
        real = Path(dirpath).resolve()
        if real in seen_dirs or not real.is_relative_to(root):
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not _ignored(name):
                src = _source_file(path, corpus, root)
                if src is not None:
                    found.append(src)
    return found


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _previous(store: IndexStore) -> tuple[LoadedIndex | None, str | None]:
    """The live index if every part of it loads, else (None, why); its vectors are
    reused for the reports that did not change."""
    if not store.exists():
        return None, None
    try:
        return LoadedIndex.load(store), None
    except IndexError_ as exc:
        return None, f"the index was damaged or from another version ({exc})"


def _why_rebuild(old: Generation | None, identity: dict[str, Any], params: ChunkParams) -> str | None:
    if old is None:
        return None
    m = old.manifest
    if m.embedder != identity:
        return (f"the index was made by {m.embedder.get('model')} ({m.embedder.get('runtime')}), "
                f"not {identity['model']} ({identity['runtime']})")
    if m.chunker != params.as_dict():
        return "the chunker settings changed"
    if m.analyser != analyser_identity():
        return "the text analyser (tokenizer, stop words, stemmer or figure rule) changed"
    return None


def _classify(files: list[SourceFile], old: dict[str, dict[str, Any]]):
    """Split files into unchanged (with their old entry) and to-parse (with their hash)."""
    unchanged: dict[str, dict[str, Any]] = {}
    todo: list[tuple[SourceFile, str]] = []
    for src in files:
        prev = old.get(src.rel)
        if prev and prev.get("size") == src.size and prev.get("mtime_ns") == src.mtime_ns:
            unchanged[src.rel] = prev
            continue
        if src.problem:
            todo.append((src, ""))  # nothing to hash: it will not be read
            continue
        try:
            sha = file_sha256(src.path)
        except OSError:
            continue  # vanished since the scan
        if prev and prev.get("sha256") == sha:
            unchanged[src.rel] = {**prev, "mtime_ns": src.mtime_ns, "size": src.size}
        else:
            todo.append((src, sha))
    return unchanged, todo


DEFAULT_PARAMS = ChunkParams()


def update_index(corpus: Path, store: IndexStore, *, params: ChunkParams = DEFAULT_PARAMS,
                 embedder_name: str | None = None, rebuild: bool = False,
                 progress: Progress | None = None,
                 embedder_factory: Callable[[], Embedder] | None = None,
                 limits: ReadLimits | None = None) -> BuildSummary:
    """Make the index match `corpus`. Takes the build lock; raises IndexBusy if held.
    Each new or changed file is read under `limits` (default: ReadLimits.from_env())."""
    t0 = time.perf_counter()
    limits = limits or ReadLimits.from_env()
    progress = progress or SilentProgress()
    identity = dict(expected_identity(embedder_name))
    if not corpus.is_dir():
        raise CorpusError(f"corpus folder {corpus} does not exist")
    with store.lock():
        loaded, damaged = (None, None) if rebuild else _previous(store)
        old = loaded.generation if loaded else None
        summary = BuildSummary(rebuilt_because=damaged or _why_rebuild(old, identity, params))
        if summary.rebuilt_because:
            old = None
        old_files = old.manifest.files if old else {}
        files = scan_corpus(corpus)
        unchanged, todo = _classify(files, old_files)
        present = {f.rel for f in files}
        summary.removed = sorted(set(old_files) - present)
        with _timed(summary, "read"):
            parsed = _parse_all(todo, params, progress, limits)
        for p in parsed:
            (summary.changed if p.rel in old_files else summary.added).append(p.rel)
        summary.unchanged = sorted(unchanged)
        entries = {**unchanged, **{p.rel: p.entry for p in parsed}}
        summary.skipped = sorted((rel, e.get("reason", "")) for rel, e in entries.items()
                                 if e.get("status") != "indexed")
        summary.pages = sum(int(e.get("pages", 0)) for e in entries.values() if e.get("status") == "indexed")
        if embedder_factory is None and old:
            _ensure_model(embedder_name, store)  # deleted by hand: make it again
        todo_stale: list[str] = []
        records = _records(old, entries, parsed, todo_stale)
        if todo_stale:
            with _timed(summary, "records"):
                records.update(_read_records(todo_stale, corpus, params, progress, limits))
        if (old and not parsed and not summary.removed and entries == old_files
                and not todo_stale):
            summary.chunks = sum(e.get("chunks", 0) for e in entries.values())
            summary.seconds = time.perf_counter() - t0
            return summary
        if not any(e.get("status") == "indexed" for e in entries.values()):
            raise CorpusError(f"no readable reports in {corpus}: add {READS} files"
                              + (f" ({len(summary.skipped)} skipped)" if summary.skipped else ""))
        factory = embedder_factory or (lambda: _build_embedder(embedder_name, store))
        parts = _assemble(loaded if old else None, unchanged, parsed, factory, progress, summary)
        manifest = Manifest(embedder=identity, chunker=params.as_dict(), analyser=analyser_identity(),
                            version=__version__,
                            files=_with_chunk_ranges(entries, parts.row_docs))
        progress.phase("Writing index", 1)
        with _timed(summary, "write"):
            bm25 = Bm25Index.from_counts(parts.counts)
            acronyms = Acronyms.from_definitions((d[0], d[1]) for pairs in parts.definitions.values() for d in pairs)
            store.write_generation(manifest, parts.chunk_lines, parts.vectors, writers={
                "bm25": bm25.save, "acronyms.json": acronyms.save,
                "definitions.json": lambda path: _write_json(path, parts.definitions),
                "records.json": lambda path: _write_json(path, records),
                "terms.txt": lambda path: write_lines(path, parts.terms)})
        progress.advance(1)
        summary.chunks, summary.wrote = len(parts.row_docs), True
    summary.seconds = time.perf_counter() - t0
    return summary


def _terms_lines(chunks: list[Chunk]):
    for c in chunks:
        yield (terms_line(c.text, [(s.start, s.end) for s in c.sentences]) + "\n").encode("utf-8")


def _ensure_model(embedder_name: str | None, store: IndexStore) -> None:
    """Export the model to ONNX into the index on first use (this needs torch; queries don't)."""
    path = model_file(embedder_name, store.models_dir)
    if path is not None and not path.exists():
        from .onnx_export import ensure_onnx_model

        ensure_onnx_model(path, str(expected_identity(embedder_name)["runtime"]).split("-")[1])


def _build_embedder(embedder_name: str | None, store: IndexStore) -> Embedder:
    _ensure_model(embedder_name, store)
    return load_embedder(embedder_name, store.models_dir)


def _parse_all(todo: list[tuple[SourceFile, str]], params: ChunkParams, progress: Progress,
               limits: ReadLimits, phase: str = "Reading reports") -> list[Parsed]:
    """Each file read under `limits`: in a worker process (sandbox.py) unless told not to,
    or when no worker can be started here, in this process."""
    if not todo:
        return []
    progress.phase(phase, len(todo))
    out = []
    with contextlib.ExitStack() as stack:
        read: Callable[..., Parsed] = functools.partial(parse_file, limits=limits)
        if limits.isolated:
            reader = stack.enter_context(IsolatedReader(limits))
            read = reader.read
        for src, sha in todo:
            pages = functools.partial(progress.ocr_page, src.rel)
            try:
                p = read(src, sha, params, ocr_progress=pages)
            except RuntimeError:  # the worker cannot start on this machine
                read = functools.partial(parse_file, limits=limits)
                p = read(src, sha, params, ocr_progress=pages)
            if p.entry["status"] != "indexed":
                progress.skipped(p.rel, p.entry["reason"])
            out.append(p)
            progress.advance(1)
    return out


@dataclass
class Parts:
    """Everything a generation holds, row-aligned: unchanged reports' rows as stored,
    then the new reports' rows."""

    row_docs: list[str]  # the report of each row
    chunk_lines: list[bytes]  # chunks.jsonl rows
    vectors: np.ndarray
    terms: list[bytes]  # terms.txt rows
    counts: TermCounts  # BM25 term counts
    definitions: dict[str, list[list[str]]]  # report -> abbreviation definitions found in it


def _assemble(loaded: LoadedIndex | None, unchanged: dict[str, dict[str, Any]], parsed: list[Parsed],
              factory: Callable[[], Embedder], progress: Progress, summary: BuildSummary) -> Parts:
    """Old rows of unchanged files, then new ones made now; ids renumbered."""
    keep_docs = {rel for rel, e in unchanged.items() if e.get("status") == "indexed"}
    parts = _kept(loaded, keep_docs) if loaded is not None and keep_docs else _empty_parts()
    new = [c for p in parsed for c in p.chunks]
    if not new:
        return parts
    progress.phase("Loading model", 1)
    with _timed(summary, "load_model"):
        embedder = factory()
    progress.advance(1)
    progress.phase("Embedding passages", len(new))
    with _timed(summary, "embed"):
        texts = [c.context_text() for c in new]  # what both the model and BM25 see
        new_vecs = embedder.encode(texts, progress=progress.advance)
    first = len(parts.row_docs)
    new = [dataclasses.replace(c, id=first + i) for i, c in enumerate(new)]
    definitions = dict(parts.definitions)
    for p in parsed:
        if p.chunks:
            definitions[p.rel] = _definitions(p.chunks)
    return Parts(row_docs=parts.row_docs + [c.doc for c in new],
                 chunk_lines=parts.chunk_lines + [chunk_line(c) for c in new],
                 vectors=np.vstack([v for v in (parts.vectors, new_vecs) if len(v)]),
                 terms=parts.terms + list(_terms_lines(new)),
                 counts=TermCounts.concat([parts.counts, TermCounts.from_tokens([tokenize(t) for t in texts])]),
                 definitions=definitions)


def _empty_parts() -> Parts:
    return Parts([], [], np.zeros((0, 1), np.float32), [], TermCounts.from_tokens([]), {})


def _kept(loaded: LoadedIndex, keep_docs: set[str]) -> Parts:
    """The stored rows of the reports in `keep_docs`, renumbered from 0. Rows are copied
    as written; an index from before counts and definitions were stored has them
    recomputed from its chunks."""
    gen = loaded.generation
    keep_ids = [i for i, d in enumerate(loaded.docs) if d in keep_docs]
    rows = np.flatnonzero(np.isin(loaded.doc_of_row, keep_ids))
    row_docs = [loaded.docs[i] for i in loaded.doc_of_row[rows]]
    lines = LineTable(gen.chunks_path).lines(rows)
    chunk_lines = [renumbered(line, i) for i, line in enumerate(lines)]
    counts = _stored_counts(loaded.bm25)
    counts = counts.take(rows) if counts is not None else None
    definitions = _stored_definitions(gen)
    if counts is None or definitions is None:
        chunks = [chunk_from_json(json.loads(line)) for line in lines]
        if counts is None:
            counts = TermCounts.from_tokens([tokenize(c.context_text()) for c in chunks])
        if definitions is None:
            definitions = {}
            for c in chunks:  # one pass: rows of a report are contiguous
                definitions.setdefault(c.doc, []).extend(_definitions([c]))
    return Parts(row_docs=row_docs, chunk_lines=chunk_lines, vectors=loaded.vectors[rows],
                 terms=LineTable(gen.terms_path).lines(rows),  # stemming them again is most of a rewrite
                 counts=counts, definitions={d: v for d, v in definitions.items() if d in keep_docs})


def _definitions(chunks: list[Chunk]) -> list[list[str]]:
    return [[short, long] for c in chunks for short, long in find_definitions(c.text)]


def _stored_counts(bm25: Bm25Index) -> TermCounts | None:
    """The live index's BM25 term counts; None when missing or damaged (only builds read
    them, so they are recomputed rather than reported)."""
    try:
        return bm25.stored_counts()
    except (ValueError, OSError, EOFError):
        return None


def _stored_definitions(gen: Generation) -> dict[str, list[list[str]]] | None:
    try:
        data = json.loads(gen.definitions_path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    ok = isinstance(data, dict) and all(isinstance(v, list) and all(isinstance(p, list) and len(p) == 2
                                                                    for p in v) for v in data.values())
    return data if ok else None


def _stored_records(gen: Generation) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(gen.records_path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def _records(old: Generation | None, entries: dict[str, dict[str, Any]], parsed: list[Parsed],
             stale: list[str]) -> dict[str, dict[str, Any]]:
    """Each indexed report's record: new reports' as just read, unchanged reports' as stored
    when made by this RECORD_VERSION; the rest are named in `stale`, to be read again. Text
    files (press releases, blogs) have none; a report whose record could not be made gets
    an empty one, so it is not read again at every build."""
    stored = _stored_records(old) if old else {}
    fresh = {p.rel: p.record or _empty_record(p.rel) for p in parsed}
    out: dict[str, dict[str, Any]] = {}
    for rel, e in entries.items():
        if e.get("status") != "indexed" or e.get("kind") == "text":
            continue
        if rel in fresh:
            out[rel] = fresh[rel]
        elif stored.get(rel, {}).get("version") == RECORD_VERSION:
            out[rel] = stored[rel]
        else:
            stale.append(rel)
    return out


def _empty_record(rel: str) -> dict[str, Any]:
    return {"doc": rel, "version": RECORD_VERSION}


def _read_records(rels: list[str], corpus: Path, params: ChunkParams, progress: Progress,
                  limits: ReadLimits) -> dict[str, dict[str, Any]]:
    """Records for reports indexed before this version of records.py: the files are read
    again (as carefully as any new file), their stored passages and vectors are kept."""
    files = {f.rel: f for f in scan_corpus(corpus)}
    todo = [(files[rel], "") for rel in rels if rel in files]
    parsed = _parse_all(todo, params, progress, limits, phase="Reading inspection records")
    return {p.rel: p.record or _empty_record(p.rel) for p in parsed}


def _write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def _with_chunk_ranges(entries: dict[str, dict[str, Any]], row_docs: list[str]) -> dict[str, dict[str, Any]]:
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for row, doc in enumerate(row_docs):
        counts[doc] = counts.get(doc, 0) + 1
        first.setdefault(doc, row)
    out = {}
    for rel in sorted(entries):
        e = dict(entries[rel])
        if e.get("status") == "indexed":
            e["chunks"], e["first_chunk"] = counts.get(rel, 0), first.get(rel, 0)
        out[rel] = e
    return out
