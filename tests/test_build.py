import dataclasses
import json

import numpy as np
import pytest
from pdfgen import write_pdf

from askncpi.acronyms import Acronyms
from askncpi.build import scan_corpus, update_index
from askncpi.chunking import CHUNKER_VERSION
from askncpi.embedder import HashingEmbedder
from askncpi.lexical import Bm25Index
from askncpi.search import Searcher
from askncpi.store import FORMAT_VERSION, IndexBusy, IndexStore


class CountingEmbedder(HashingEmbedder):
    """Records how many texts it was asked to embed, call by call."""

    def __init__(self):
        super().__init__()
        self.calls = []

    @property
    def encoded(self):
        """Passages embedded (the first call of a build)."""
        return self.calls[0] if self.calls else 0

    def encode(self, texts, progress=None):
        self.calls.append(len(texts))
        return super().encode(texts, progress)


def build(corpus, index, **kw):
    emb = CountingEmbedder()
    summary = update_index(corpus, IndexStore(index), embedder_name="hashing",
                           embedder_factory=lambda: emb, **kw)
    return summary, emb


def test_incremental_build_touches_only_what_changed(small_corpus, tmp_path):
    index = tmp_path / "index"
    s1, e1 = build(small_corpus, index)
    assert len(s1.added) == 5 and s1.chunks == e1.encoded > 0 and e1.calls == [s1.chunks]  # passages only
    s2, e2 = build(small_corpus, index)
    assert (s2.added, s2.changed, s2.removed, len(s2.unchanged), e2.calls, s2.wrote) == ([], [], [], 5, [], False)

    new = write_pdf(small_corpus / "kent-2020-report.pdf", [["1. Findings", "Kent found 12 overdue visits."]])
    s3, e3 = build(small_corpus, index)
    assert s3.added == [new.name] and len(s3.unchanged) == 5
    assert e3.calls == [1] and s3.chunks == s1.chunks + 1  # its one passage, nothing else

    (small_corpus / "met-ncpi-post-inspection-review-press-release.txt").write_text("Changed. Only this.\n")
    s4, e4 = build(small_corpus, index)
    assert s4.changed == ["met-ncpi-post-inspection-review-press-release.txt"] and e4.encoded == 1

    new.unlink()
    s5, e5 = build(small_corpus, index)
    assert s5.removed == [new.name] and e5.calls == []
    files = IndexStore(index).current().manifest.files
    assert new.name not in files


def _by_passage(store):
    """Every part of a generation, keyed by passage (doc, char_start) instead of row."""
    gen = store.current()
    chunks = gen.chunk_table().all()
    vectors = gen.read_vectors().reconstruct_n(0, len(chunks))
    terms = gen.terms_path.read_text().splitlines()
    bm25 = Bm25Index.load(gen.bm25_path)
    vocab = sorted(bm25._vocab)
    scores = np.stack([bm25.term_scores([(t, 1.0)]) for t in vocab], axis=1)  # chunk x term
    return {(c.doc, c.char_start): (dataclasses.replace(c, id=0), vectors[c.id], terms[c.id], scores[c.id])
            for c in chunks}, vocab, Acronyms.load(gen.acronyms_path).table


def test_an_index_made_with_stored_sentence_vectors_still_answers(small_corpus, tmp_path):
    # Indexes from before sentence vectors were embedded at query time hold two files more.
    index = tmp_path / "index"
    build(small_corpus, index)
    gen = IndexStore(index).current()
    np.save(gen.path / "sentences.npy", np.zeros((3, 4), np.int8))
    np.save(gen.path / "sentence_starts.npy", np.zeros(2, np.int64))
    assert Searcher(IndexStore(index), embedder=HashingEmbedder()).ask("How many overdue visits were there?").hits
    summary, emb = build(small_corpus, index)
    assert summary.rebuilt_because is None and not summary.wrote

def test_bad_file_is_skipped_and_only_retried_when_changed(small_corpus, tmp_path):
    bad = small_corpus / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    s1, _ = build(small_corpus, tmp_path / "i")
    assert [f for f, _ in s1.skipped] == ["broken.pdf"] and len(s1.added) == 6
    s2, _ = build(small_corpus, tmp_path / "i")
    assert s2.added == [] and s2.wrote is False and [f for f, _ in s2.skipped] == ["broken.pdf"]
    write_pdf(bad, [["Now it reads fine."]])
    s3, e3 = build(small_corpus, tmp_path / "i")
    assert s3.changed == ["broken.pdf"] and s3.skipped == [] and e3.encoded == 1


def test_failed_build_keeps_the_previous_index(small_corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    build(small_corpus, index)
    before = IndexStore(index).current().path
    write_pdf(small_corpus / "new.pdf", [["New text."]])

    class Boom(CountingEmbedder):
        def encode(self, texts, progress=None):
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        update_index(small_corpus, IndexStore(index), embedder_name="hashing", embedder_factory=Boom)
    assert IndexStore(index).current().path == before
    assert not list(index.glob("tmp-*"))


def test_second_build_is_refused_while_one_holds_the_lock(small_corpus, tmp_path):
    store = IndexStore(tmp_path / "index")
    with store.lock(), pytest.raises(IndexBusy):
        update_index(small_corpus, IndexStore(tmp_path / "index"), embedder_name="hashing")


def test_scan_skips_hidden_temp_unsupported_and_outside_links(small_corpus, tmp_path):
    (small_corpus / ".hidden.pdf").write_bytes(b"x")
    (small_corpus / "~$draft.txt").write_text("x")
    (small_corpus / "notes.txt~").write_text("x")
    (small_corpus / "image.png").write_bytes(b"x")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (small_corpus / "link.txt").symlink_to(outside)
    (small_corpus / "inside-link.txt").symlink_to(small_corpus / "met-ncpi-post-inspection-review-press-release.txt")
    (small_corpus / "loop").symlink_to(small_corpus)
    found = {f.rel: f.problem for f in scan_corpus(small_corpus)}
    readable = [n for n, problem in found.items() if problem is None]
    assert "inside-link.txt" in readable
    assert not any(n.startswith((".", "~")) or n.endswith(("~", ".png")) or n == "link.txt" for n in readable)
    assert "unsupported" in found["image.png"] and "outside corpus" in found["link.txt"]
    assert not any(n.startswith(".") or n.startswith("~") or n.endswith("~") for n in found)
    assert not any(n.startswith("loop/") for n in found)


def test_index_files_are_plain_formats(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    gen = IndexStore(tmp_path / "index").current()
    manifest = json.loads((gen.path / "manifest.json").read_text())
    assert manifest["format"] == FORMAT_VERSION and manifest["embedder"]["model"] == "hashing"
    assert manifest["chunker"] == {"max_words": 150, "overlap_words": 30, "version": CHUNKER_VERSION}
    entry = manifest["files"]["merseyside-2018-ncpi-report.pdf"]
    assert len(entry["sha256"]) == 64 and entry["pages"] == 42 and entry["status"] == "indexed"
    assert (gen.path / "bm25" / "params.index.json").is_file()
    assert json.loads((gen.path / "acronyms.json").read_text())["RSO"] == ["registered sex offender"]
    terms = (gen.path / "terms.txt").read_text().splitlines()
    assert len(terms) == len(gen.chunk_table())
    assert any("98" in line and "rso" in line and "#" in line for line in terms)
    assert not list(gen.path.rglob("*.pkl")) and not list(gen.path.rglob("*.pickle"))


def test_search_with_fake_embedder_filters_and_cites(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    s = Searcher(IndexStore(tmp_path / "index"), embedder=HashingEmbedder())
    ans = s.ask("98 visits to RSOs overdue", top_k=5)
    found = [h for h in ans.hits if "98 visits to RSOs" in " ".join(h.chunk.text.split())]
    assert found and found[0].chunk.doc == "merseyside-2018-ncpi-report.pdf" and found[0].page == 30
    only = s.ask("overdue visits", top_k=5, docs=["northamptonshire"])
    assert {h.chunk.doc for h in only.hits} == {"northamptonshire-2019-ncpi-post-inspection-review-press-release.txt"}
    cmp = s.compare("overdue visits to registered sex offenders")
    assert len({h.chunk.doc for h in cmp.hits}) == len(cmp.hits) == 5


def test_a_changed_text_analyser_rebuilds_the_index_and_an_old_index_is_refused(small_corpus, tmp_path, monkeypatch):
    from askncpi import lexical
    from askncpi.store import IndexError_

    index = tmp_path / "index"
    build(small_corpus, index)
    recorded = IndexStore(index).current().manifest.analyser
    assert set(recorded) == {"tokenizer", "stopwords", "stemmer", "figures"}
    # Another stop list gives other term counts: the old ones must not be mixed with new.
    monkeypatch.setattr(lexical, "STOPWORDS", lexical.STOPWORDS | {"inspection"})
    assert lexical.analyser_identity()["stopwords"] != recorded["stopwords"]
    with pytest.raises(IndexError_, match="another text analyser"):
        Searcher(IndexStore(index), embedder=HashingEmbedder())
    summary, emb = build(small_corpus, index)
    assert "text analyser" in summary.rebuilt_because and emb.encoded == summary.chunks
    assert IndexStore(index).current().manifest.analyser == lexical.analyser_identity()
