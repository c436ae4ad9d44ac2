"""Bad files, odd questions, killed and concurrent builds, a full disk: askncpi keeps
working, loses nothing and says what went wrong in one line."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badfiles import make_bad_corpus
from test_cli import run

import askncpi.reading as reading_module
import askncpi.store as store_module
from askncpi.build import scan_corpus, update_index
from askncpi.errors import IndexWriteError
from askncpi.reading import ReadLimits
from askncpi.search import Searcher
from askncpi.store import IndexStore

IN_PROCESS = ReadLimits(isolated=False)  # so that a monkeypatched reader is the one called


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    expect = make_bad_corpus(root / "corpus")
    return root / "corpus", expect


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    from conftest import CORPUS

    root = tmp_path_factory.mktemp("small")
    r = run(["--corpus", str(CORPUS), "--index", str(root / "index"), "index"], root)
    assert r.returncode == 0, r.stderr
    return root / "index"


def test_every_bad_file_gets_one_line_and_the_good_ones_are_indexed(bad_corpus, tmp_path):
    corpus, expect = bad_corpus
    index = tmp_path / "index"
    r = run(["--corpus", str(corpus), "--index", str(index), "index"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    out_lines = (r.stdout + r.stderr).splitlines()
    files = json.loads(run(["--index", str(index), "sources", "--json"], tmp_path).stdout)
    for name, e in expect.items():
        if e.outcome == "quiet":
            assert name not in files and not any(name in ln for ln in out_lines), name
        elif e.outcome == "indexed":
            assert files[name]["status"] == "indexed" and files[name]["chunks"] > 0, (name, files.get(name))
        else:
            assert files[name]["status"] == "skipped", name
            assert e.reason.lower() in files[name]["reason"].lower(), (name, files[name]["reason"])
            said = [ln for ln in out_lines if ln.startswith(f"skipped {name}:")]
            assert len(said) == 1 and e.reason.lower() in said[0].lower(), (name, out_lines)
    assert not any(n.startswith("folder-loop/") for n in files)  # a folder loop is walked once
    table = run(["--index", str(index), "sources"], tmp_path, env_extra={"COLUMNS": "200"}).stdout
    assert "skipped: encrypted PDF: needs a password" in table


def test_skipped_files_are_retried_only_when_they_change(tmp_path):
    work = tmp_path / "corpus"
    expect = make_bad_corpus(work, big=False)
    index = tmp_path / "index"
    assert run(["--corpus", str(work), "--index", str(index), "index"], tmp_path).returncode == 0
    again = json.loads(run(["--corpus", str(work), "--index", str(index), "index", "--json"], tmp_path).stdout)
    assert (again["added"], again["changed"]) == (0, 0)
    assert again["skipped"] == sum(e.outcome == "skipped" for e in expect.values())
    shutil.copy(work / "good.pdf", work / "encrypted-with-password.pdf")  # the user fixes the file
    fixed = json.loads(run(["--corpus", str(work), "--index", str(index), "index", "--json"], tmp_path).stdout)
    assert fixed["files"]["changed"] == ["encrypted-with-password.pdf"]
    assert fixed["skipped"] == again["skipped"] - 1


def test_a_file_changed_while_being_read_is_read_again_next_time(small_corpus, tmp_path, monkeypatch):
    victim = small_corpus / "met-ncpi-post-inspection-review-press-release.txt"
    real_read = reading_module.read_document

    def read_and_edit(path, doc=None, **kw):
        result = real_read(path, doc, **kw)
        if path.name == victim.name:
            with victim.open("a") as fh:
                fh.write("\nA late correction from the inspectorate.\n")
        return result

    monkeypatch.setattr(reading_module, "read_document", read_and_edit)
    store = IndexStore(tmp_path / "index")
    first = update_index(small_corpus, store, embedder_name="hashing", limits=IN_PROCESS)
    assert [r for r, why in first.skipped] == [victim.name]
    assert "changed while being read" in dict(first.skipped)[victim.name]
    monkeypatch.setattr(reading_module, "read_document", real_read)
    second = update_index(small_corpus, store, embedder_name="hashing", limits=IN_PROCESS)
    assert second.changed == [victim.name] and not second.skipped
    text = " ".join(c.text for c in store.current().chunk_table().all() if c.doc == victim.name)
    assert "late correction" in text


def test_a_file_that_vanishes_mid_build_is_dropped_next_time(small_corpus, tmp_path, monkeypatch):
    victim = small_corpus / "merseyside-crc-probation-inspection-blog.txt"
    real_read = reading_module.read_document

    def vanish(path, doc=None, **kw):
        if path.name == victim.name:
            victim.unlink()
        return real_read(path, doc, **kw)

    monkeypatch.setattr(reading_module, "read_document", vanish)
    store = IndexStore(tmp_path / "index")
    first = update_index(small_corpus, store, embedder_name="hashing", limits=IN_PROCESS)
    assert "cannot read" in dict(first.skipped)[victim.name]
    monkeypatch.setattr(reading_module, "read_document", real_read)
    second = update_index(small_corpus, store, embedder_name="hashing", limits=IN_PROCESS)
    assert second.removed == [victim.name] and victim.name not in store.current().manifest.files


@pytest.mark.parametrize("question", [
    "", "   \t ", "x" * 100_000, "\x1b[31mred\x1b[0m overdue \x07visits\x1b]0;title\x07", "[bold]visits[/] [/] [link=x]",
    "¿Cuántas visitas estaban atrasadas?", "儿童保护检查", "\u202e\u200b", "?!?", "-- --",
])
def test_odd_questions_get_an_answer_or_one_clear_line(small_index, tmp_path, question):
    index = small_index
    r = run(["--index", str(index), "query", "--", question], tmp_path)
    assert "Traceback" not in r.stderr
    if r.returncode:
        assert r.stderr.startswith("askncpi: ") and r.stderr.count("\n") == 1, r.stderr
    else:
        assert r.stdout.strip()
    j = run(["--index", str(index), "query", "--json", "--", question], tmp_path)
    assert j.returncode == r.returncode and "Traceback" not in j.stderr
    if j.returncode == 0:
        assert "\x1b" not in json.loads(j.stdout)["question"]


def test_batch_questions_with_nul_and_junk_each_get_a_line(small_index, tmp_path):
    index = small_index
    lines = ["overdue visits\x00 to offenders", "\x1b[2J", "[red]appropriate adults[/red]", "delays"]
    r = run(["--index", str(index), "query", "--json", "--batch", "-"], tmp_path, stdin="\n".join(lines) + "\n")
    assert r.returncode == 0 and "Traceback" not in r.stderr
    out = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert len(out) == 4 and "error" in out[1] and all("hits" in o for i, o in enumerate(out) if i != 1)


def test_disk_full_while_writing_keeps_the_old_index(small_corpus, tmp_path, monkeypatch):
    store = IndexStore(tmp_path / "index")
    update_index(small_corpus, store, embedder_name="hashing")
    before = store.current().path
    (small_corpus / "new.txt").write_text("Inspectors found drift in plans for children.\n")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "_write_file", full)
    with pytest.raises(IndexWriteError) as err:
        update_index(small_corpus, store, embedder_name="hashing")
    assert "No space left on device" in str(err.value) and "previous index is unchanged" in str(err.value)
    assert store.current().path == before
    assert not list(store.root.glob("tmp-*"))
    assert Searcher(store, embedder_name="hashing").ask("drift in plans").hits


def _slow_corpus(small_corpus: Path) -> Path:
    """The bundled corpus plus enough text that a build takes a few seconds."""
    for i in range(40):
        (small_corpus / f"extra-{i:02d}.txt").write_text(
            f"Report {i}\n\n" + "Inspectors found delays in plans for children. " * 4000 + "\n")
    return small_corpus


def _build_proc(corpus: Path, index: Path, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "ASKNCPI_EMBEDDER": "hashing"}
    return subprocess.Popen([sys.executable, "-m", "askncpi.cli", "--corpus", str(corpus), "--index", str(index),
                             "index"], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_killing_a_build_at_any_point_keeps_the_previous_index(small_corpus, tmp_path):
    index = tmp_path / "index"
    base = run(["--corpus", str(small_corpus), "--index", str(index), "index", "--json"], tmp_path)
    old_chunks = json.loads(base.stdout)["chunks"]
    _slow_corpus(small_corpus)
    t0 = time.perf_counter()
    timing = tmp_path / "timing-index"
    shutil.copytree(index, timing)
    assert _build_proc(small_corpus, timing, tmp_path).wait() == 0
    full = time.perf_counter() - t0
    kills = 0
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.85, 0.95):
        proc = _build_proc(small_corpus, index, tmp_path)
        time.sleep(full * fraction)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        q = run(["--index", str(index), "query", "--json", "delays in plans"], tmp_path)
        assert q.returncode == 0, q.stderr  # the old (or, if it finished, the new) index answers
        current = IndexStore(index).current()
        assert len(current.chunk_table()) in (old_chunks, sum(
            e.get("chunks", 0) for e in current.manifest.indexed_files().values()))
    assert kills >= 3
    done = run(["--corpus", str(small_corpus), "--index", str(index), "index", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["chunks"] > old_chunks
    assert not list(index.glob("tmp-*"))
    ids = [h["doc"] for h in json.loads(run(["--index", str(index), "query", "--json", "-k", "10",
                                                "delays in plans"], tmp_path).stdout)["hits"]]
    assert any(f.startswith("extra-") for f in ids)


def test_concurrent_build_is_refused_and_queries_keep_working(small_corpus, tmp_path):
    index = tmp_path / "index"
    assert run(["--corpus", str(small_corpus), "--index", str(index), "index"], tmp_path).returncode == 0
    _slow_corpus(small_corpus)
    proc = _build_proc(small_corpus, index, tmp_path)
    try:
        deadline = time.time() + 30
        while not (index / ".lock").exists() or _lock_free(index):
            assert time.time() < deadline and proc.poll() is None
            time.sleep(0.05)
        second = run(["--corpus", str(small_corpus), "--index", str(index), "index"], tmp_path)
        assert second.returncode == 1 and "another `askncpi index` is running" in second.stderr
        q = run(["--index", str(index), "query", "--json", "overdue visits"], tmp_path)
        assert q.returncode == 0 and json.loads(q.stdout)["hits"]
    finally:
        assert proc.wait(timeout=120) == 0


def _lock_free(index: Path) -> bool:
    import fcntl

    with open(index / ".lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


def test_scan_reports_links_and_unsupported_types(bad_corpus):
    corpus, expect = bad_corpus
    found = {f.rel: f.problem for f in scan_corpus(corpus)}
    for name, e in expect.items():
        if e.outcome == "quiet":
            assert name not in found
        elif e.outcome == "skipped" and ("link" in e.reason or "outside" in e.reason or "unsupported" in e.reason):
            assert found[name] and e.reason.lower() in found[name].lower()


@pytest.mark.parametrize("damage", ["truncate vectors", "garbage manifest", "missing terms", "bad pointer",
                                    "truncate bm25", "old format"])
def test_a_damaged_or_foreign_index_gives_one_clear_line_and_index_repairs_it(small_corpus, tmp_path, damage):
    index = tmp_path / "index"
    assert run(["--corpus", str(small_corpus), "--index", str(index), "index"], tmp_path).returncode == 0
    gen = IndexStore(index).current().path
    if damage == "truncate vectors":
        (gen / "vectors.faiss").write_bytes((gen / "vectors.faiss").read_bytes()[:100])
    elif damage == "garbage manifest":
        (gen / "manifest.json").write_text("{not json")
    elif damage == "missing terms":
        (gen / "terms.txt").unlink()
    elif damage == "bad pointer":
        (index / "CURRENT").write_text("../../etc\n")
    elif damage == "truncate bm25":
        (gen / "bm25" / "data.csc.index.npy").write_bytes(b"\x93NUMPY")
    else:
        manifest = json.loads((gen / "manifest.json").read_text())
        manifest["format"] = 1
        (gen / "manifest.json").write_text(json.dumps(manifest))
    q = run(["--index", str(index), "query", "overdue visits"], tmp_path)
    assert q.returncode == 1 and "Traceback" not in q.stderr and q.stderr.count("\n") == 1, q.stderr
    assert "askncpi index" in q.stderr, q.stderr
    fixed = run(["--corpus", str(small_corpus), "--index", str(index), "index"], tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert run(["--index", str(index), "query", "overdue visits"], tmp_path).returncode == 0


def test_an_index_from_other_chunker_settings_is_rebuilt_by_index(small_corpus, tmp_path):
    index = tmp_path / "index"
    assert run(["--corpus", str(small_corpus), "--index", str(index), "index"], tmp_path).returncode == 0
    gen = IndexStore(index).current().path
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["chunker"]["max_words"] = 999
    (gen / "manifest.json").write_text(json.dumps(manifest))
    again = json.loads(run(["--corpus", str(small_corpus), "--index", str(index), "index", "--json"], tmp_path).stdout)
    assert again["rebuilt_because"] == "the chunker settings changed" and again["added"] == 5
