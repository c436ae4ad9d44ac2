"""`askncpi` commands. A thin shell over the library; the only place errors become exit codes."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .safetext import safe_json, safe_line

EXIT_USAGE = 2
EXIT_FAIL = 1


def _fail(message: str, code: int = EXIT_FAIL) -> None:
    click.echo(f"askncpi: {safe_line(message)}", err=True)
    sys.exit(code)


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's user-facing errors into one line and a non-zero exit."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import AskError

        try:
            return fn(*args, **kwargs)
        except AskError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            # output piped into `head` and the like: stop quietly, as other tools do
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            _fail(f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}")

    return wrapper


def _paths(ctx: click.Context) -> tuple[Path, Path]:
    return ctx.obj["corpus"], ctx.obj["index"]


@click.group(invoke_without_command=True)
@click.option("--corpus", type=click.Path(path_type=Path), envvar="ASKNCPI_CORPUS", default="corpus",
              show_default=True, help="Folder of reports (env ASKNCPI_CORPUS).")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), envvar="ASKNCPI_INDEX", default="index",
              show_default=True, help="Folder for the index (env ASKNCPI_INDEX).")
@click.version_option(package_name="askncpi")
@click.pass_context
def main(ctx: click.Context, corpus: Path, index_dir: Path) -> None:
    """Ask questions of child-protection inspection reports; get cited passages.

    With no command, opens the chat window.
    """
    ctx.ensure_object(dict)
    ctx.obj.update(corpus=corpus, index=index_dir)
    if ctx.invoked_subcommand is None:
        ctx.invoke(chat)


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--corpus/--index accepted after the command name too."""
    fn = click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None,
                      help="Folder for the index (env ASKNCPI_INDEX).")(fn)
    fn = click.option("--corpus", type=click.Path(path_type=Path), default=None,
                      help="Folder of reports (env ASKNCPI_CORPUS).")(fn)
    return fn


def _read_limit_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--read-memory-mb/--read-seconds/--no-ocr: how each file is read (reading.ReadLimits)."""
    fn = click.option("--no-ocr", "no_ocr", is_flag=True,
                      help="Do not OCR scanned pages (env ASKNCPI_OCR=off); a scanned PDF is skipped.")(fn)
    fn = click.option("--read-seconds", type=click.FloatRange(min=1), default=None,
                      help="Skip a file that takes longer than this to read "
                           "(default 120; env ASKNCPI_READ_SECONDS).")(fn)
    fn = click.option("--read-memory-mb", type=click.IntRange(min=64), default=None,
                      help="Skip a file that needs more memory than this to read "
                           "(default 768; env ASKNCPI_READ_MEMORY_MB).")(fn)
    return fn


def _resolve(ctx: click.Context, corpus: Path | None, index_dir: Path | None) -> tuple[Path, Path]:
    c, i = _paths(ctx)
    return corpus or c, index_dir or i


def _ranking(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--without NAME (repeatable) and --ranker FILE, for query and eval."""
    fn = click.option("--ranker", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                      help="Fusion weights to rank with (JSON, as made by scripts/fit_ranker.py).")(fn)
    return click.option("--without", multiple=True, metavar="NAME",
                        help="Leave out this ranking signal or abstention check (names: `askncpi eval --ablate`); "
                             "repeatable.")(fn)


def _searcher(index: Path, without: Sequence[str], ranker: Path | None) -> Any:
    from .fusion import Ranker
    from .search import Searcher
    from .store import IndexStore

    try:
        return Searcher(IndexStore(index), ranker=Ranker.load(ranker) if ranker else None, disabled=without)
    except ValueError as exc:  # an unknown signal or check name, a damaged ranker file
        raise click.UsageError(str(exc)) from exc


# -- query ---------------------------------------------------------------------
@main.command()
@click.argument("question", required=False)
@click.option("-k", "--top-k", default=5, show_default=True, type=click.IntRange(1, 100), help="Passages to show.")
@click.option("--doc", "docs", multiple=True, help="Only search this report (file name or part of it); repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see README).")
@click.option("--batch", type=click.File("r", encoding="utf-8"), help="Read one question per line ('-' for stdin).")
@click.option("--compare", is_flag=True, help="Best passage from each report, side by side.")
@click.option("--explain", is_flag=True, help="Show each card's ranking signal scores.")
@_ranking
@_common
@click.pass_context
@_guard
def query(ctx: click.Context, question: str | None, top_k: int, docs: tuple[str, ...], as_json: bool,
          batch: Any, compare: bool, explain: bool, without: tuple[str, ...], ranker: Path | None,
          corpus: Path | None, index_dir: Path | None) -> None:
    """Answer QUESTION with cited passages."""
    from .jsonio import answer_view_json
    from .render import answer_rich
    from .search import QueryError

    _, index = _resolve(ctx, corpus, index_dir)
    if batch is None and question is None:
        raise QueryError("give a question, e.g. askncpi query \"were appropriate adults delayed?\"")
    if batch is None:
        from .search import clean_question

        clean_question(question or "")  # an empty question fails before the model loads
    searcher = _searcher(index, without, ranker)
    cat = _catalogue_or_none(index)
    ask = (lambda q: searcher.compare(q, docs=docs)) if compare else (lambda q: searcher.ask(q, top_k=top_k, docs=docs))

    def view(answer: Any) -> str:
        data = answer_view_json(answer)
        if cat is not None:
            for h in data["hits"]:
                h.update(cat.currency_json(h["doc"]))
        return safe_json(data)

    def rich(answer: Any) -> Any:
        return answer_rich(answer, explain=explain, currency=cat.currency if cat else None)
    if batch is not None:
        for line in batch:
            if not line.strip():
                continue
            try:
                answer = ask(line)
                click.echo(view(answer) if as_json else "")
                if not as_json:
                    _print_rich(rich(answer))
            except QueryError as exc:
                click.echo(json.dumps({"question": line.strip(), "error": str(exc)}) if as_json else f"askncpi: {exc}")
        return
    answer = ask(question or "")
    if as_json:
        click.echo(view(answer))
    else:
        _print_rich(rich(answer))


def _catalogue_or_none(index: Path) -> Any:
    from .catalogue import Catalogue
    from .store import IndexStore

    try:
        return Catalogue.maybe(IndexStore(index))
    except Exception:  # the records are a nicety on a card: never what stops an answer
        return None


def _print_rich(renderable: Any) -> None:
    from rich.console import Console

    Console(highlight=False, soft_wrap=False).print(renderable)


# -- index -----------------------------------------------------------------------
class _RichProgress:
    """Build progress as a Rich bar on stderr; silent when stderr is not a terminal."""

    def __init__(self, quiet: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self.quiet = quiet
        self.bar = Progress(TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=self.console,
                            disable=quiet or not self.console.is_terminal, transient=False)
        self.task: Any = None
        self.ocr_task: Any = None
        self.ocr_file: str | None = None
        self.ocr_pages = 0

    def __enter__(self) -> _RichProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.stop()

    def phase(self, name: str, total: int) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=self.bar.tasks[self.task].total)
        self.task = self.bar.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.bar.advance(self.task, n)

    def ocr_page(self, rel: str, done: int, total: int) -> None:
        """A second bar while OCR reads a scanned PDF's pages."""
        if self.ocr_task is None or self.ocr_file != rel:
            self.ocr_file = rel
            self.ocr_task = self.bar.add_task(f"OCR {safe_line(rel)[:14]}", total=total)
        self.bar.update(self.ocr_task, completed=done)
        if done >= total:
            self.ocr_pages += total
            self.ocr_task = None

    def skipped(self, rel: str, reason: str) -> None:
        if not self.quiet:
            self.console.print(f"skipped {safe_line(rel)}: {safe_line(reason)}", markup=False, highlight=False)


def _run_index(corpus: Path, index: Path, rebuild: bool, as_json: bool,
               read_memory_mb: int | None = None, read_seconds: float | None = None, no_ocr: bool = False) -> None:
    from .build import update_index
    from .reading import ReadLimits
    from .store import IndexStore

    limits = ReadLimits.from_env(memory_mb=read_memory_mb, seconds=read_seconds, ocr=False if no_ocr else None)
    with _RichProgress(quiet=as_json) as progress:
        summary = update_index(corpus, IndexStore(index), rebuild=rebuild, progress=progress, limits=limits)
    if as_json:
        click.echo(json.dumps(summary.to_json()))
        return
    if summary.rebuilt_because:
        click.echo(f"Rebuilt from scratch: {summary.rebuilt_because}.")
    ocr_note = f"; {progress.ocr_pages} scanned pages read by OCR" if progress.ocr_pages else ""
    click.echo(f"{len(summary.added)} added, {len(summary.changed)} changed, {len(summary.removed)} removed, "
               f"{len(summary.unchanged)} unchanged, {len(summary.skipped)} skipped; "
               f"{summary.chunks} passages; {summary.seconds:.1f} s{ocr_note}")
    for rel, reason in summary.skipped:
        click.echo(f"  skipped {safe_line(rel)}: {safe_line(reason)}")


@main.command()
@click.option("--rebuild", is_flag=True, help="Start from scratch.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@_read_limit_options
@_common
@click.pass_context
@_guard
def index(ctx: click.Context, rebuild: bool, as_json: bool, read_memory_mb: int | None, read_seconds: float | None,
          no_ocr: bool, corpus: Path | None, index_dir: Path | None) -> None:
    """Bring the index in line with the corpus folder."""
    c, i = _resolve(ctx, corpus, index_dir)
    _run_index(c, i, rebuild, as_json, read_memory_mb, read_seconds, no_ocr)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the index summary as one JSON object.")
@_read_limit_options
@_common
@click.pass_context
@_guard
def add(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, read_memory_mb: int | None,
        read_seconds: float | None, no_ocr: bool, corpus: Path | None, index_dir: Path | None) -> None:
    """Copy reports into the corpus folder and update the index."""
    from .readers import READS, is_supported

    c, i = _resolve(ctx, corpus, index_dir)
    c.mkdir(parents=True, exist_ok=True)
    for p in paths:
        if not is_supported(p):
            _fail(f"{p}: unsupported file type (askncpi reads {READS})")
    for p in paths:
        dest = c / p.name
        if dest.resolve() != p.resolve():
            shutil.copy2(p, dest)
            if not as_json:
                click.echo(f"copied {safe_line(str(p))} -> {safe_line(str(dest))}")
    _run_index(c, i, False, as_json, read_memory_mb, read_seconds, no_ocr)


@main.command()
@click.option("--json", "as_json", is_flag=True)
@_common
@click.pass_context
@_guard
def sources(ctx: click.Context, as_json: bool, corpus: Path | None, index_dir: Path | None) -> None:
    """List the indexed reports (and those skipped, with why)."""
    from .store import IndexStore

    _, i = _resolve(ctx, corpus, index_dir)
    files = IndexStore(i).current().manifest.files
    if as_json:
        click.echo(safe_json(files))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for col in ("file", "title", "organisation", "year", "pages", "passages"):
        table.add_column(col)
    for rel, e in sorted(files.items()):
        # Text(), not str: a title or file name with "[bold]" in it must print as it is.
        if e.get("status") == "indexed":
            table.add_row(Text(safe_line(rel)), Text(safe_line(e.get("title", ""))),
                          Text(safe_line(e.get("organisation") or "")),
                          str(e.get("year") or ""), str(e.get("pages", "")), str(e.get("chunks", "")))
        else:
            why = Text(f"skipped: {safe_line(e.get('reason', ''))}")
            table.add_row(Text(safe_line(rel)), why, "", "", "", "", style="yellow")
    Console(highlight=False).print(table)


# -- eval --------------------------------------------------------------------------
@main.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print metrics as JSON.")
@click.option("--ablate", is_flag=True,
              help="Re-run with each ranking signal and each abstention check off in turn and print the deltas.")
@_ranking
@_common
@click.pass_context
@_guard
def eval_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool, ablate: bool, without: tuple[str, ...],
             ranker: Path | None, corpus: Path | None, index_dir: Path | None) -> None:
    """Score retrieval on gold question files (JSONL)."""
    from .evaluate import K, evaluate, load_questions

    _, i = _resolve(ctx, corpus, index_dir)
    try:
        questions = load_questions(files)
    except ValueError as exc:
        _fail(str(exc))
    searcher = _searcher(i, without, ranker)
    report = evaluate(questions, lambda q: searcher.ask(q, top_k=K))
    m = report.metrics()
    if ablate:
        _print_ablation(searcher, questions, m, as_json)
        return
    if as_json:
        click.echo(json.dumps({"metrics": m, "missed": [
            {"id": o.question.id, "rank": o.rank, "page_ok": o.page_ok, "abstained": o.abstained,
             "abstain_reason": o.abstain_reason}
            for o in report.missed()]}))
        return
    click.echo(f"{m['questions']} questions ({m['answerable']} answerable, {m['unanswerable']} unanswerable)")
    for key in ("hit@1", "hit@5", "hit@10", "mrr@10"):
        click.echo(f"  {key:<22} {m[key]:.3f}")
    pa = m["page_accuracy"]
    click.echo(f"  {'page accuracy':<22} {'n/a' if pa is None else f'{pa:.3f}'} (of {m['page_checked']})")
    au = m["abstain_unanswerable"]
    click.echo(f"  {'abstain unanswerable':<22} {'n/a' if au is None else f'{au:.3f}'}")
    click.echo(f"  {'abstain answerable':<22} {m['abstain_answerable']:.3f}")
    missed = report.missed()
    if missed:
        click.echo("Missed or imperfect:")
    for o in missed:
        what = "abstained" if o.abstained and o.question.gold else (
            "answered (should abstain)" if not o.question.gold else
            ("not in top 10" if o.rank is None else f"rank {o.rank}") + (", wrong page" if o.page_ok is False else ""))
        click.echo(f"  {o.question.id:<6} {what:<26} {safe_line(o.question.question)}  [top: {safe_line(str(o.top))}]")


def _print_ablation(searcher: Any, questions: Any, base: dict[str, Any], as_json: bool) -> None:
    """One row per signal and check in use: the metrics with it left out, less the metrics with all."""
    from .evaluate import K, evaluate
    from .switches import switch_names

    keys = ("hit@1", "hit@5", "mrr@10", "abstain_unanswerable", "abstain_answerable")
    rows = {}
    everything = searcher.disabled
    for name in (n for n in switch_names() if n not in everything and n not in searcher.ranker.abstention.off):
        searcher.disabled = everything | {name}
        m = evaluate(questions, lambda q: searcher.ask(q, top_k=K)).metrics()
        rows[name] = {k: None if m[k] is None or base[k] is None else round(m[k] - base[k], 4) for k in keys}
    searcher.disabled = everything
    if as_json:
        click.echo(json.dumps({"ranker": searcher.ranker.name, "metrics": base, "ablation": rows}))
        return
    click.echo(f"ranker {searcher.ranker.name}; {base['answerable']} answerable, {base['unanswerable']} unanswerable")
    click.echo(f"{'switched off':<22}" + "".join(f"{k:>22}" for k in keys))
    click.echo(f"{'(none: all on)':<22}" + "".join(f"{'n/a' if base[k] is None else format(base[k], '.3f'):>22}"
                                                   for k in keys))
    for name, row in rows.items():
        click.echo(f"{name:<22}" + "".join(f"{'n/a' if row[k] is None else format(row[k], '+.3f'):>22}" for k in keys))


# -- chat ----------------------------------------------------------------------------
@main.command()
@_common
@click.pass_context
@_guard
def chat(ctx: click.Context, corpus: Path | None, index_dir: Path | None) -> None:
    """Open the chat window (Textual)."""
    c, i = _resolve(ctx, corpus, index_dir)
    try:
        from .tui.app import AskApp
    except ImportError as exc:
        _fail(f"the chat window is not available: {exc}")
    AskApp(corpus=c, index=i).run()


def _register_record_commands() -> None:
    from .cli_reports import register, register_glossary

    register(main, _common, _guard, _resolve, _print_rich)
    register_glossary(main, _common, _guard, _resolve)


_register_record_commands()


if __name__ == "__main__":  # pragma: no cover
    main()

