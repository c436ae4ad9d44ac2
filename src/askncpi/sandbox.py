"""Read corpus files in a worker process under a memory cap and a time limit.

A decompression bomb (a 2 MB PDF whose content stream inflates to 2 GB), a page tree
that loops, or a crash inside the PDF library then costs one worker, not the build:
the file is skipped with one line and the next file gets a fresh worker.

The worker is `python -m askncpi.sandbox`: it caps its own address space
(`resource.setrlimit(RLIMIT_AS)`, its start-up size plus `ReadLimits.memory_mb`) and
answers one request per file over its stdin/stdout, each a length-prefixed pickle:
request `(SourceFile, sha, ChunkParams, ReadLimits)`, answer `Parsed`. The parent
kills it when a file takes longer than `ReadLimits.seconds`.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from .chunking import ChunkParams
from .readers import OcrProgress
from .reading import TOO_LARGE, Parsed, ReadLimits, SourceFile, parse_file, skipped

_HEADER = struct.Struct(">Q")
READY = b"askncpi-reader-ready"
OCR_PAGE = "ocr-page"  # a progress frame: (OCR_PAGE, pages done, pages to do)
START_SECONDS = 60.0  # a worker that has not said it is ready by then is not coming


def _write_frame(out: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def _read_exact(inp: IO[bytes], n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        part = inp.read(n - len(buf))
        if not part:
            return None
        buf += part
    return buf


def _read_frame(inp: IO[bytes]) -> Any:
    head = _read_exact(inp, _HEADER.size)
    if head is None:
        return None
    data = _read_exact(inp, _HEADER.unpack(head)[0])
    return None if data is None else pickle.loads(data)


class _Timeout(Exception):
    pass


def _read_exact_by(fd: int, n: int, deadline: float) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise _Timeout
        part = os.read(fd, min(n - len(buf), 1 << 20))
        if not part:
            return None
        buf += part
    return bytes(buf)


def _read_frame_by(fd: int, deadline: float) -> Any:
    """A frame from the worker's stdout, None at end of file; _Timeout past `deadline`."""
    head = _read_exact_by(fd, _HEADER.size, deadline)
    if head is None:
        return None
    data = _read_exact_by(fd, _HEADER.unpack(head)[0], deadline)
    return None if data is None else pickle.loads(data)


class IsolatedReader:
    """Parses files one at a time in a worker process; restarts it after any failure."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> IsolatedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join([package_root] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        proc = subprocess.Popen([sys.executable, "-m", "askncpi.sandbox", str(self.limits.memory_mb)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env, start_new_session=True)
        assert proc.stdout is not None
        try:
            hello = _read_frame_by(proc.stdout.fileno(), time.monotonic() + START_SECONDS)
        except _Timeout:
            hello = None
        if hello != READY:
            self._kill(proc)
            raise RuntimeError("the reader process did not start")
        return proc

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()

    def read(self, src: SourceFile, sha: str, params: ChunkParams,
             ocr_progress: OcrProgress | None = None) -> Parsed:
        """Parse one file in the worker. While OCR reads a scanned PDF the worker reports
        each page (`ocr_progress`), and each page gets `limits.seconds` of its own."""
        if src.problem:
            return skipped(src, sha, src.problem)
        if self.proc is None or self.proc.poll() is not None:
            self.proc = self._start()
        proc = self.proc
        assert proc.stdin is not None and proc.stdout is not None
        try:
            _write_frame(proc.stdin, (src, sha, params, self.limits))
            while True:
                answer = _read_frame_by(proc.stdout.fileno(), time.monotonic() + self.limits.seconds)
                if not (isinstance(answer, tuple) and answer[:1] == (OCR_PAGE,)):
                    break
                if ocr_progress is not None:
                    ocr_progress(int(answer[1]), int(answer[2]))
        except _Timeout:
            self._kill(proc)
            self.proc = None
            return skipped(src, sha, self.limits.time_reason())
        except (BrokenPipeError, OSError):
            answer = None
        if answer is None:  # the worker died on this file: out of memory, or a crash in a library
            self._kill(proc)
            self.proc = None
            code = proc.returncode
            how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit status {code}"
            return skipped(src, sha, f"{TOO_LARGE}: the reader stopped ({how}) under its "
                                     f"{self.limits.memory_mb} MB memory limit")
        if not isinstance(answer, Parsed):
            raise RuntimeError("the reader process answered something other than a parsed file")
        if answer.entry.get("reason", "").startswith(TOO_LARGE):
            self._kill(proc)  # after a MemoryError the worker's heap is not to be trusted
            self.proc = None
        return answer

    def close(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        try:
            assert proc.stdin is not None
            proc.stdin.close()  # end of requests: the worker exits
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self._kill(proc)


def _cap_memory(extra_mb: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: read without a cap
        return
    size = 0
    with open("/proc/self/status", encoding="ascii") as fh:  # Linux; elsewhere the cap is absolute
        for line in fh:
            if line.startswith("VmSize:"):
                size = int(line.split()[1]) * 1024
    limit = size + extra_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(extra_mb: int) -> None:
    # Frames go out on a private copy of stdout; anything a library prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    try:
        _cap_memory(extra_mb)
    except (OSError, ValueError):
        pass
    _write_frame(out, READY)
    while True:
        request = _read_frame(inp)
        if request is None:
            return
        src, sha, params, limits = request
        def progress(done: int, total: int) -> None:
            _write_frame(out, (OCR_PAGE, done, total))

        try:
            answer = parse_file(src, sha, params, limits, progress)
        except MemoryError:
            answer = skipped(src, sha, limits.memory_reason())
        _write_frame(out, answer)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
