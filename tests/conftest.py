from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parent.parent
# The reports the project ships in corpus/. Tests read a copy of these alone: a user who
# has added reports to corpus/ (the README's `askncpi add`) must still get a passing suite.
BUNDLED = (
    "merseyside-2018-ncpi-press-release.txt",
    "merseyside-2018-ncpi-report.pdf",
    "merseyside-crc-probation-inspection-blog.txt",
    "met-ncpi-post-inspection-review-press-release.txt",
    "northamptonshire-2019-ncpi-post-inspection-review-press-release.txt",
)


def _bundled_corpus() -> Path:
    root = Path(tempfile.mkdtemp(prefix="askncpi-tests-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    dest = root / "corpus"
    dest.mkdir()
    for name in BUNDLED:
        shutil.copy2(REPO / "corpus" / name, dest / name)
    return dest


CORPUS = _bundled_corpus()


def meaning_as(same: dict[str, str]):
    """A hashing embedder that embeds some texts as others, standing in for what MiniLM
    knows: "kids" means "children"; a paraphrased question means its answer's words."""
    from askncpi.embedder import HashingEmbedder

    class MeaningAs(HashingEmbedder):
        def encode(self, texts, progress=None):
            return super().encode([same.get(t, t) for t in texts], progress)

    return MeaningAs()


def searcher_over(tmp_path: Path, reports: dict[str, str], params=None):
    """A Searcher (hashing embedder) over small text reports written for one test."""
    from askncpi.build import update_index
    from askncpi.embedder import HashingEmbedder
    from askncpi.search import Searcher
    from askncpi.store import IndexStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in reports.items():
        (corpus / name).write_text(text, encoding="utf-8")
    extra = {"params": params} if params else {}
    update_index(corpus, IndexStore(tmp_path / "index"), embedder_name="hashing", **extra)
    return Searcher(IndexStore(tmp_path / "index"), embedder=HashingEmbedder())
SHARED = REPO.parent / "shared"
OFSTED = SHARED / "extra-corpus" / "ofsted"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """askncpi must never open a network connection: any attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(autouse=True)
def private_data_dir(monkeypatch, tmp_path):
    """History and saved conversations go to a per-test folder, never the user's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def hashing_env(monkeypatch):
    monkeypatch.setenv("ASKNCPI_EMBEDDER", "hashing")


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """The bundled corpus copied somewhere writable."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    for p in dest.iterdir():
        os.chmod(p, 0o644)
    return dest
