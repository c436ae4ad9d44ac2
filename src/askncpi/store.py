"""The index on disk: generations of (manifest, chunk table, faiss vectors, BM25).

    index/
      CURRENT             name of the live generation, replaced atomically
      .lock               held (flock) by the one build allowed at a time
      gen-000007/
        manifest.json     format, embedder identity, chunker params, per-file entries
        chunks.jsonl      one JSON object per chunk, row i = vector i
        chunks.offsets.npy byte offset of each row, so a query reads only its hits
        vectors.faiss     inner-product index over unit vectors
        bm25/             BM25 in bm25s's layout (params JSON, vocab JSON, CSC .npy
                          arrays) plus each chunk's term counts, reused by rebuilds
        terms.txt         each chunk's sentences as stemmed terms (+ offsets)
        sentences.npy     a vector per sentence of each chunk (int8), rows' in row
                          order; sentence_starts.npy: where each row's begin
        acronyms.json     abbreviations the reports define, for queries
        definitions.json  the definitions found per report, reused by rebuilds
        records.json      per report: inspectorate, organisation, framework, dates,
                          judgements and recommendations with their pages (records.py)

A build writes a whole new generation in a temporary folder, renames it into place
and only then points CURRENT at it, so a crash at any moment leaves the previous
generation live, and a reader sees one generation or the other, never a mix.
Nothing here unpickles: JSON, .npy with allow_pickle=False, and faiss's own format.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import IndexBusy, IndexError_, IndexWriteError
from .jsonio import chunk_from_json, chunk_to_json
from .types import Chunk

FORMAT_VERSION = 2  # 2: terms.txt, acronyms.json
CURRENT = "CURRENT"
LOCK = ".lock"


@dataclass
class Manifest:
    embedder: dict[str, Any]
    chunker: dict[str, Any]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: int = FORMAT_VERSION
    created: float = 0.0
    version: str = ""
    analyser: dict[str, Any] = field(default_factory=dict)  # lexical.analyser_identity() at build time

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format, "version": self.version, "created": self.created,
                "embedder": self.embedder, "chunker": self.chunker, "analyser": self.analyser, "files": self.files}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(embedder=data["embedder"], chunker=data["chunker"], files=data.get("files", {}),
                   format=data.get("format", 0), created=data.get("created", 0.0),
                   version=data.get("version", ""), analyser=data.get("analyser", {}))

    def indexed_files(self) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.files.items() if v.get("status") == "indexed"}


def chunk_line(c: Chunk) -> bytes:
    """A chunk as its chunks.jsonl row."""
    return (json.dumps(chunk_to_json(c), ensure_ascii=False) + "\n").encode("utf-8")


_ID_PREFIX = re.compile(rb'^\{"id": \d+,')


def renumbered(line: bytes, row: int) -> bytes:
    """A stored chunk row moved to `row`: only its id changes, so the rest of the
    line is kept as written (parsing and writing 30,000 rows again costs seconds)."""
    new, n = _ID_PREFIX.subn(b'{"id": %d,' % row, line, count=1)
    if n == 1:
        return new
    return chunk_line(dataclasses.replace(chunk_from_json(json.loads(line)), id=row))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class LineTable:
    """Random access to the lines of a file by row, through its offsets file
    (`chunks.jsonl` -> `chunks.offsets.npy`), reading only the rows asked for."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._offsets = np.load(path.with_suffix(".offsets.npy"), allow_pickle=False)
        self._fd: int | None = os.open(path, os.O_RDONLY)
        if os.fstat(self._fd).st_size != int(self._offsets[-1]):
            raise ValueError(f"{path.name} does not match its offsets (truncated or replaced)")

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def line(self, row: int) -> bytes:
        assert self._fd is not None
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        return os.pread(self._fd, end - start, start)  # no shared file position: thread-safe

    def lines(self, rows: Iterable[int]) -> list[bytes]:
        """Many rows at once: one read of the whole file (a rebuild keeps most rows)."""
        data = self._path.read_bytes()
        if len(data) != int(self._offsets[-1]):
            raise ValueError(f"{self._path.name} changed while being read")
        off = self._offsets
        return [data[off[r]:off[r + 1]] for r in rows]

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)  # absent when __init__ failed
        if fd is not None:
            os.close(fd)


def write_lines(path: Path, lines: Iterable[bytes]) -> None:
    """Write newline-terminated `lines` and the offsets file LineTable reads them by."""
    offsets = [0]
    with open(path, "wb") as fh:
        for line in lines:
            fh.write(line)
            offsets.append(offsets[-1] + len(line))
        fh.flush()
        os.fsync(fh.fileno())
    save_array(path.with_suffix(".offsets.npy"), np.asarray(offsets, dtype=np.int64))


def save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as fh:
        np.save(fh, np.ascontiguousarray(array), allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())


class ChunkTable:
    """Random access to chunks.jsonl by row; parsed chunks are kept."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lines = LineTable(path)
        self._cache: dict[int, Chunk] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def get(self, row: int) -> Chunk:
        if row not in self._cache:
            self._cache[row] = chunk_from_json(json.loads(self._lines.line(row)))
        return self._cache[row]

    def all(self) -> list[Chunk]:
        with open(self._path, "rb") as fh:
            chunks = [chunk_from_json(json.loads(line)) for line in fh if line.strip()]
        self._cache.update(enumerate(chunks))
        return chunks


@dataclass
class Generation:
    """One readable generation of the index."""

    path: Path
    manifest: Manifest

    @property
    def chunks_path(self) -> Path:
        return self.path / "chunks.jsonl"

    @property
    def vectors_path(self) -> Path:
        return self.path / "vectors.faiss"

    @property
    def bm25_path(self) -> Path:
        return self.path / "bm25"

    @property
    def acronyms_path(self) -> Path:
        return self.path / "acronyms.json"

    @property
    def terms_path(self) -> Path:
        """Each chunk's sentences as stemmed terms, one line per chunk (see lexical.terms_line)."""
        return self.path / "terms.txt"

    @property
    def definitions_path(self) -> Path:
        """Abbreviation definitions found in each report (acronyms.find_definitions)."""
        return self.path / "definitions.json"

    @property
    def records_path(self) -> Path:
        """What each report states about its inspection (records.InspectionRecord)."""
        return self.path / "records.json"

    def chunk_table(self) -> ChunkTable:
        return ChunkTable(self.chunks_path)

    def read_vectors(self):
        import faiss

        return faiss.read_index(str(self.vectors_path))


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- reading -------------------------------------------------------------
    @property
    def models_dir(self) -> Path:
        """ONNX exports of the embedding model; shared by generations, named by identity."""
        return self.root / "models"

    def exists(self) -> bool:
        return (self.root / CURRENT).is_file()

    def current(self) -> Generation:
        """The live generation; IndexError_ with a plain message when there is none or it is damaged."""
        pointer = self.root / CURRENT
        if not pointer.is_file():
            raise IndexError_(f"no index at {self.root}: run `askncpi index` first")
        name = pointer.read_text(encoding="utf-8").strip()
        path = self.root / name
        if not name.startswith("gen-") or not (path / "manifest.json").is_file():
            raise IndexError_(f"index at {self.root} is damaged (CURRENT points to '{name}'): "
                              "run `askncpi index --rebuild`")
        try:
            manifest = Manifest.from_json(json.loads((path / "manifest.json").read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexError_(f"index manifest at {path} is damaged ({exc}): run `askncpi index --rebuild`") from exc
        if manifest.format != FORMAT_VERSION:
            raise IndexError_(f"index at {self.root} has format {manifest.format}, this askncpi reads "
                              f"{FORMAT_VERSION}: run `askncpi index --rebuild`")
        return Generation(path, manifest)

    # -- writing -------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, wait: bool = False) -> Iterator[None]:
        """Exclusive build lock; released by the kernel if its holder dies."""
        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.root / LOCK, "a+")  # noqa: SIM115 -- held open for the lock's life, closed below
        try:
            flags = fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB
            try:
                fcntl.flock(fh, flags)
            except OSError as exc:
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise IndexBusy(f"another `askncpi index` is running on {self.root}") from exc
                raise
            yield
        finally:
            fh.close()

    def write_generation(self, manifest: Manifest, chunk_lines: Iterable[bytes], vectors: np.ndarray,
                         writers: dict[str, Callable[[Path], None]] | None = None) -> Generation:
        """Write a complete generation beside the live one, then switch CURRENT to it.
        `chunk_lines` are chunks.jsonl's rows (see chunk_line); `writers` add further
        parts: name in the generation folder -> function writing it."""
        import faiss

        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f"tmp-{os.getpid()}-{time.time_ns()}"
        tmp.mkdir()
        try:
            write_lines(tmp / "chunks.jsonl", chunk_lines)
            index = faiss.IndexFlatIP(int(manifest.embedder["dim"]))
            if len(vectors):
                index.add(np.ascontiguousarray(vectors, dtype=np.float32))
            faiss.write_index(index, str(tmp / "vectors.faiss"))
            for name, write in (writers or {}).items():
                write(tmp / name)
            manifest.created = time.time()
            _write_file(tmp / "manifest.json", json.dumps(manifest.to_json(), indent=1).encode())
            _fsync_dir(tmp)
            final = self.root / self._next_name()
            os.rename(tmp, final)
            self._point_to(final.name)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            kept = ("the previous index is unchanged and still answers queries" if self.exists()
                    else "no index was written")
            raise IndexWriteError(f"could not write the new index in {self.root} "
                                  f"({exc.strerror or exc}): {kept}") from exc
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._collect_garbage(keep={final.name})
        return Generation(final, manifest)

    def _generations(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.name.startswith("gen-") and p.is_dir())

    def _next_name(self) -> str:
        gens = self._generations()
        last = int(gens[-1].split("-")[1]) if gens else 0
        return f"gen-{last + 1:06d}"

    def _point_to(self, name: str) -> None:
        tmp = self.root / f"{CURRENT}.tmp-{os.getpid()}"
        _write_file(tmp, (name + "\n").encode())
        os.replace(tmp, self.root / CURRENT)
        _fsync_dir(self.root)

    def _collect_garbage(self, keep: set[str]) -> None:
        """Remove old generations and leftovers of crashed builds. The one before the
        live generation is kept, so a query that started just before the switch can finish."""
        gens = self._generations()
        keep = keep | set(gens[-2:])
        for name in gens:
            if name not in keep:
                shutil.rmtree(self.root / name, ignore_errors=True)
        for p in self.root.glob("tmp-*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in self.root.glob(f"{CURRENT}.tmp-*"):
            with contextlib.suppress(OSError):
                p.unlink()
