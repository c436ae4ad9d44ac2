"""Speed and scale benchmarks for askncpi. Prints a table and writes it as JSON.

    .venv/bin/python scripts/bench.py                  # everything (about an hour on 2 cores)
    .venv/bin/python scripts/bench.py --only cold warm  # a subset

Steps: cold (fresh `askncpi query` processes), warm (in-process latency over the dev
questions), build (full build of the bench corpus, with phase times), encode (the model
alone on a sample of the same passages), incremental (nothing changed; one report added),
growth (10 / 100 / all reports; plotted to a PNG). Every process is a real `askncpi`
run from this checkout's virtualenv; nothing is simulated.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASKNCPI_SHARED", ROOT.parent / "shared"))
ASKNCPI = [str(ROOT / ".venv" / "bin" / "askncpi")]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
QUESTION = "How many overdue visits to registered sex offenders were there?"
BENCH_QUESTION = "How many children were waiting too long for an assessment?"


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) of the process tree, and stdout of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    out = proc.stdout.read().decode() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}")
    return wall, usage.ru_maxrss // 1024, out


def median_wall(cmd: list[str], runs: int) -> float:
    run(cmd)  # warm the page cache: we measure start-up, not the disk
    return statistics.median(run(cmd)[0] for _ in range(runs))


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def index_mb(index: Path) -> float:
    """The live generation plus the model export: what answers queries. (The generation
    before it is kept too, until the next build, for queries that started before the switch.)"""
    live = (index / "CURRENT").read_text().strip()
    return du_mb(index / live) + du_mb(index / "models")


def make_corpus(dest: Path, files: list[Path]) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for f in files:
        shutil.copy2(f, dest / f.name)
    return dest


def build(corpus: Path, index: Path, rebuild: bool = False) -> dict:
    cmd = ASKNCPI + ["--corpus", str(corpus), "--index", str(index), "index", "--json"]
    wall, rss, out = run(cmd + (["--rebuild"] if rebuild else []))
    summary = json.loads(out.strip().splitlines()[-1])
    return {"wall_s": wall, "peak_rss_mb": rss, "chunks": summary["chunks"], "pages": summary["pages"],
            "phases": summary["phases"], "index_mb": index_mb(index)}


def warm_latency(index: Path, questions: list[str]) -> dict:
    """p50/p95 in ms of Searcher.ask over the questions, model and index already loaded."""
    code = f"""
import json, sys, time
from pathlib import Path
from askncpi.search import Searcher
from askncpi.store import IndexStore
s = Searcher(IndexStore(Path({str(index)!r})))
s.ask("warm up the model")
qs = json.loads(sys.stdin.read())
times = []
for q in qs:
    t = time.perf_counter(); s.ask(q, top_k=10); times.append((time.perf_counter() - t) * 1000)
print(json.dumps(times))
"""
    proc = subprocess.run([PYTHON, "-c", code], input=json.dumps(questions), capture_output=True,
                          text=True, cwd=ROOT, check=True)
    times = sorted(json.loads(proc.stdout.strip().splitlines()[-1]))
    q = statistics.quantiles(times, n=20)
    return {"p50_ms": statistics.median(times), "p95_ms": q[18], "max_ms": times[-1], "n": len(times)}


def encode_sample(index: Path, n: int) -> dict:
    """The embedding model alone on a random sample of the index's own passages."""
    code = f"""
import json, random, time
from pathlib import Path
from askncpi.store import IndexStore
from askncpi.embedder import load_embedder
store = IndexStore(Path({str(index)!r}))
table = store.current().chunk_table()
rows = random.Random(0).sample(range(len(table)), min({n}, len(table)))
texts = [table.get(r).context_text() for r in rows]
emb = load_embedder(None, store.models_dir)
emb.encode(texts[:32])
t = time.perf_counter(); emb.encode(texts); dt = time.perf_counter() - t
print(json.dumps({{"passages": len(texts), "seconds": dt, "per_s": len(texts) / dt}}))
"""
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def dev_questions() -> list[str]:
    out = []
    for name in ("dev.jsonl", "dev-ofsted.jsonl"):
        for line in (SHARED / "eval" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    for line in (ROOT / "eval" / "val-bench.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line)["question"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench-corpus", type=Path, default=SHARED / "bench-corpus" / "ofsted-ilacs")
    ap.add_argument("--work", type=Path, default=Path("/tmp/askncpi-bench"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    ap.add_argument("--only", nargs="+", choices=["cold", "warm", "build", "encode", "incremental", "growth"])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.json")
    args = ap.parse_args()
    steps = set(args.only or ["cold", "warm", "build", "encode", "incremental", "growth"])
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    reports = sorted(args.bench_corpus.glob("*.pdf"))
    full_corpus, full_index = work / f"corpus-{len(reports)}", work / f"index-{len(reports)}"
    bundled_index = work / "index-bundled"
    results: dict = json.loads(args.out.read_text()) if args.out.exists() and args.only else {}
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform(), "cpu": platform.processor() or platform.machine(),
                          "date": time.strftime("%Y-%m-%d")}

    if not bundled_index.exists() or "build" in steps:
        results["bundled_build"] = build(ROOT / "corpus", bundled_index, rebuild=True)
    if "build" in steps or not full_index.exists():
        make_corpus(full_corpus, reports)
        print(f"building the bench corpus ({len(reports)} reports) ...", flush=True)
        results["build"] = build(full_corpus, full_index, rebuild=True)
        b = results["build"]
        b["pages_per_s"], b["chunks_per_s"] = b["pages"] / b["wall_s"], b["chunks"] / b["wall_s"]
        print(json.dumps(b), flush=True)
    if "encode" in steps:
        e = encode_sample(full_index, 2000)
        b = results.get("build", {})
        if b:
            e["estimated_full_s"] = b["chunks"] / e["per_s"]
            e["build_over_encode"] = b["wall_s"] / e["estimated_full_s"]
            e["build_over_embed_phase"] = b["wall_s"] / b["phases"].get("embed", float("nan"))
        results["encode"] = e
        print(json.dumps(e), flush=True)
    if "cold" in steps:
        results["cold"] = {
            "python_pass_s": median_wall([PYTHON, "-c", "pass"], args.runs),
            "import_sentence_transformers_s": median_wall([PYTHON, "-c", "import sentence_transformers"], args.runs),
            "query_bundled_s": median_wall(ASKNCPI + ["--index", str(bundled_index), "query", QUESTION], args.runs),
            "query_bench_s": median_wall(ASKNCPI + ["--index", str(full_index), "query", BENCH_QUESTION], args.runs),
        }
        print(json.dumps(results["cold"]), flush=True)
    if "warm" in steps:
        qs = dev_questions()
        results["warm"] = {"bundled": warm_latency(bundled_index, qs), "bench": warm_latency(full_index, qs)}
        print(json.dumps(results["warm"]), flush=True)
    if "incremental" in steps:
        results["incremental"] = incremental(full_corpus, full_index, args.runs)
        print(json.dumps(results["incremental"]), flush=True)
    if "growth" in steps:
        results["growth"] = growth(reports, work, args.sizes, results.get("build"), full_index)
        plot_growth(results["growth"], args.out.with_suffix(".png"))
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print_table(results)


def incremental(corpus: Path, index: Path, runs: int) -> dict:
    cmd = ASKNCPI + ["--corpus", str(corpus), "--index", str(index), "index"]
    unchanged = statistics.median(run(cmd)[0] for _ in range(runs))
    extra = sorted((SHARED / "extra-corpus" / "ofsted").glob("*.pdf"))[0]
    shutil.copy2(extra, corpus / extra.name)
    try:
        added, _, _ = run(cmd)
    finally:
        (corpus / extra.name).unlink()
    run(cmd)  # back to the bench corpus as it was
    return {"unchanged_s": unchanged, "add_one_report_s": added, "added": extra.name}


def growth(reports: list[Path], work: Path, sizes: list[int], full: dict | None, full_index: Path) -> list[dict]:
    rows = []
    picked = random.Random(0).sample(reports, len(reports))  # a spread of councils and years
    qs = dev_questions()
    for n in sizes:
        corpus, index = make_corpus(work / f"corpus-{n}", picked[:n]), work / f"index-{n}"
        b = build(corpus, index, rebuild=True)
        rows.append({"reports": n, **b, **{f"warm_{k}": v for k, v in warm_latency(index, qs).items()},
                     "query_rss_mb": run(ASKNCPI + ["--index", str(index), "query", BENCH_QUESTION])[1]})
        print(json.dumps(rows[-1]), flush=True)
    if full:
        rows.append({"reports": len(reports), **full,
                     **{f"warm_{k}": v for k, v in warm_latency(full_index, qs).items()},
                     "query_rss_mb": run(ASKNCPI + ["--index", str(full_index), "query", BENCH_QUESTION])[1]})
    return rows


def plot_growth(rows: list[dict], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed (pip install -e '.[bench]'): no plot", file=sys.stderr)
        return
    n = [r["reports"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, key, label in ((axes[0], "wall_s", "full build (s)"), (axes[1], "warm_p95_ms", "warm query p95 (ms)"),
                           (axes[2], "peak_rss_mb", "memory (MB)")):
        ax.plot(n, [r[key] for r in rows], marker="o", label=label)
        ax.set_xlabel("reports")
        ax.set_title(label)
        ax.grid(alpha=0.3)
    axes[2].lines[0].set_label("build peak RSS")
    axes[2].plot(n, [r["query_rss_mb"] for r in rows], marker="s", label="one-shot query peak RSS")
    axes[2].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def print_table(r: dict) -> None:
    def line(name: str, value: str) -> None:
        print(f"| {name:<58} | {value:>22} |")

    print(f"| {'measure':<58} | {'value':>22} |\n|{'-' * 60}|{'-' * 24}|")
    if "cold" in r:
        c = r["cold"]
        line("cold: python -c pass (median)", f"{c['python_pass_s']:.2f} s")
        line("cold: python -c 'import sentence_transformers'", f"{c['import_sentence_transformers_s']:.2f} s")
        line("cold: askncpi query, bundled corpus", f"{c['query_bundled_s']:.2f} s")
        line("cold: askncpi query, bench corpus", f"{c['query_bench_s']:.2f} s")
    for name, w in r.get("warm", {}).items():
        line(f"warm query p50 / p95, {name} index ({w['n']} questions)", f"{w['p50_ms']:.0f} / {w['p95_ms']:.0f} ms")
    if "build" in r:
        b = r["build"]
        line("full build of bench corpus: wall", f"{b['wall_s']:.0f} s")
        line("  pages, passages", f"{b['pages']}, {b['chunks']}")
        line("  pages/s, passages/s", f"{b['pages_per_s']:.1f}, {b['chunks_per_s']:.1f}")
        line("  phases: read / load model / embed / write", " / ".join(
            f"{b['phases'].get(k, 0):.0f}" for k in ("read", "load_model", "embed", "write")) + " s")
        line("  peak RSS, index size", f"{b['peak_rss_mb']} MB, {b['index_mb']:.0f} MB")
    if "encode" in r:
        e = r["encode"]
        line(f"model alone: {e['passages']} sampled passages", f"{e['per_s']:.1f} passages/s")
        if "build_over_encode" in e:
            line("build wall / model-alone time for all passages", f"{e['build_over_encode']:.2f}")
            line("build wall / time in its embed phase", f"{e['build_over_embed_phase']:.2f}")
    if "incremental" in r:
        i = r["incremental"]
        line("askncpi index, nothing changed (bench)", f"{i['unchanged_s']:.2f} s")
        line("askncpi index after adding one report (bench)", f"{i['add_one_report_s']:.2f} s")
    for g in r.get("growth", []):
        line(f"growth {g['reports']} reports: build s / p95 ms / build RSS / query RSS",
             f"{g['wall_s']:.0f} / {g['warm_p95_ms']:.0f} / {g['peak_rss_mb']} / {g['query_rss_mb']}")


if __name__ == "__main__":
    main()
