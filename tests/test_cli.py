"""The CLI as a user meets it: real processes, fake embedder for speed."""

import json
import os
import subprocess
import sys

import pytest
from pdfgen import write_pdf


def run(args, cwd, env_extra=None, stdin=None):
    env = {**os.environ, "ASKNCPI_EMBEDDER": "hashing", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "askncpi.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture
def built(small_corpus, tmp_path):
    r = run(["--corpus", str(small_corpus), "--index", str(tmp_path / "index"), "index", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    return small_corpus, tmp_path / "index"


def test_index_json_summary(built, tmp_path):
    corpus, index = built
    r = run(["index", "--json", "--corpus", str(corpus), "--index", str(index)], tmp_path)
    summary = json.loads(r.stdout)
    assert {k: summary[k] for k in ("added", "changed", "removed", "unchanged", "skipped")} == \
        {"added": 0, "changed": 0, "removed": 0, "unchanged": 5, "skipped": 0}
    assert summary["chunks"] > 100 and summary["seconds"] >= 0


def test_query_json_is_the_documented_shape(built, tmp_path):
    corpus, index = built
    r = run(["query", "--json", "-k", "3", "overdue visits to RSOs"], tmp_path,
            {"ASKNCPI_CORPUS": str(corpus), "ASKNCPI_INDEX": str(index)})
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) >= {"question", "abstained", "hits"} and len(out["hits"]) == 3
    for h in out["hits"]:
        assert set(h) >= {"rank", "score", "doc", "title", "page", "page_end", "page_label", "section", "text", "citation"}
    assert [h["rank"] for h in out["hits"]] == [1, 2, 3]


def test_batch_answers_each_line_in_order(built, tmp_path):
    corpus, index = built
    qs = "What is Operation Encompass?\n\nHow many cases were examined?\n"
    r = run(["query", "--json", "--batch", "-", "--index", str(index)], tmp_path, stdin=qs)
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["question"] for x in lines] == ["What is Operation Encompass?", "How many cases were examined?"]


def test_doc_filter_and_unknown_doc(built, tmp_path):
    corpus, index = built
    r = run(["query", "--json", "--doc", "met-ncpi", "oversight", "--index", str(index)], tmp_path)
    assert {h["doc"] for h in json.loads(r.stdout)["hits"]} == {"met-ncpi-post-inspection-review-press-release.txt"}
    r = run(["query", "--doc", "kent", "oversight", "--index", str(index)], tmp_path)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "no indexed report matches 'kent'" in r.stderr


@pytest.mark.parametrize("args,needle", [
    (["query", "   "], "question is empty"),
    (["query", "anything"], "no index"),
    (["sources"], "no index"),
])
def test_errors_are_one_line_not_tracebacks(tmp_path, args, needle):
    r = run(["--index", str(tmp_path / "missing"), *args], tmp_path)
    assert r.returncode != 0 and needle in r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1


def test_empty_corpus_fails_clearly(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run(["index", "--corpus", str(tmp_path / "empty"), "--index", str(tmp_path / "i")], tmp_path)
    assert r.returncode == 1 and "no readable reports" in r.stderr and "Traceback" not in r.stderr


def test_add_copies_and_indexes_only_the_new_report(built, tmp_path):
    corpus, index = built
    pdf = write_pdf(tmp_path / "kent-2020.pdf", [["1. Findings", "Kent had 12 overdue visits."]])
    r = run(["add", str(pdf), "--json", "--corpus", str(corpus), "--index", str(index)], tmp_path)
    summary = json.loads(r.stdout)
    assert summary["added"] == 1 and summary["unchanged"] == 5 and (corpus / "kent-2020.pdf").is_file()
    r = run(["sources", "--json", "--index", str(index)], tmp_path)
    assert json.loads(r.stdout)["kent-2020.pdf"]["status"] == "indexed"


def test_skipped_file_is_listed(built, tmp_path):
    corpus, index = built
    (corpus / "broken.pdf").write_bytes(b"not a pdf at all")
    r = run(["index", "--corpus", str(corpus), "--index", str(index)], tmp_path)
    assert r.returncode == 0 and "skipped broken.pdf: not a PDF" in r.stdout
    r = run(["sources", "--json", "--index", str(index)], tmp_path)
    assert json.loads(r.stdout)["broken.pdf"]["status"] == "skipped"


def test_index_built_by_another_embedder_is_refused(built, tmp_path):
    corpus, index = built
    r = run(["query", "anything", "--index", str(index)], tmp_path, {"ASKNCPI_EMBEDDER": "minilm"})
    assert r.returncode == 1 and "rebuild" in r.stderr and "Traceback" not in r.stderr


def test_explain_without_and_reason_codes_as_a_user_sees_them(built, tmp_path):
    corpus, index = built
    env = {"ASKNCPI_CORPUS": str(corpus), "ASKNCPI_INDEX": str(index)}
    r = run(["query", "--json", "-k", "2", "overdue visits to RSOs"], tmp_path, env)
    out = json.loads(r.stdout)
    assert out["ranker"] and out["abstain_reason"] is None and not out["abstained"]
    assert {"dense", "bm25", "sentence"} <= set(out["hits"][0]["signals"])
    r = run(["query", "--json", "--without", "bm25", "overdue visits to RSOs"], tmp_path, env)
    assert "bm25" not in json.loads(r.stdout)["hits"][0]["signals"]
    r = run(["query", "--explain", "-k", "1", "overdue visits to RSOs"], tmp_path, env)
    assert r.returncode == 0 and "dense " in r.stdout and "bm25 " in r.stdout
    r = run(["query", "--without", "bm52", "overdue visits"], tmp_path, env)
    assert r.returncode == 2 and "unknown signal or check bm52" in r.stderr
    # An abstention says which check refused, and that check can be switched off by name.
    question = "How many overdue visits to sex offenders did Greater Manchester Police have?"
    refused = json.loads(run(["query", "--json", question], tmp_path, env).stdout)
    assert refused["abstained"] and refused["abstain_reason"] == "unknown_name" and "Manchester" in refused["note"]
    again = json.loads(run(["query", "--json", "--without", "unknown_name", question], tmp_path, env).stdout)
    assert again["abstain_reason"] == "no_report_on"  # the next check in order


def test_eval_ablate_prints_a_row_per_signal_and_check(built, tmp_path):
    corpus, index = built
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "q1", "question": "overdue visits to registered sex offenders", "kind": "x",
                                "gold": [{"doc": "northamptonshire-2019-ncpi-post-inspection-review-press-release",
                                          "text": "overdue", "pages": []}]}) + "\n"
                    + json.dumps({"id": "q2", "question": "How much does Merseyside Police spend on its sex offender unit?", "kind": "x",
                                  "gold": []}) + "\n")
    r = run(["eval", "--ablate", "--json", "--corpus", str(corpus), "--index", str(index), str(gold)], tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert {"dense", "bm25", "no_report_on", "no_figure"} <= set(out["ablation"])
    assert out["metrics"]["abstain_unanswerable"] == 1.0
    assert out["ablation"]["no_money"]["abstain_unanswerable"] == -1.0  # without it, the spending is "answered"
    assert out["ablation"]["no_report_on"]["abstain_unanswerable"] == 0.0
