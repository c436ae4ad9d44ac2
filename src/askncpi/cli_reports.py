"""`askncpi reports` and `askncpi followup`: the inspections as records (catalogue.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .judgements import judgement_for
from .render_records import record_details, records_table
from .safetext import safe_json, safe_line


def _catalogue(index: Path) -> Any:
    from .catalogue import Catalogue
    from .store import IndexStore

    return Catalogue.load(IndexStore(index))


def _chart(rows: list[Any], area: str, path: Path) -> None:
    """Grades for one area per organisation over time, as a PNG."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        from .errors import AskError

        raise AskError("--chart needs matplotlib: pip install 'askncpi[charts]'") from exc
    from datetime import date

    levels = {"inadequate": 0, "requires improvement": 1, "adequate": 1, "good": 2, "outstanding": 3}
    by_org: dict[str, list[tuple[date, int]]] = {}
    for row in rows:
        j, d = judgement_for(row.record, area), row.record.date
        if j and j.grade in levels and d:
            by_org.setdefault(row.organisation, []).append((date(int(d[:4]), int(d[5:7] or 1), 1), levels[j.grade]))
    fig, ax = plt.subplots(figsize=(10, 0.35 * max(4, len(by_org)) + 1.5))
    for i, (_org, points) in enumerate(sorted(by_org.items())):
        points.sort()
        xs: Any = [p[0] for p in points]  # matplotlib plots dates; its stubs say numbers
        ax.plot(xs, [i + (p[1] - 1.5) * 0.12 for p in points], "-", color="#999", lw=0.8)
        ax.scatter(xs, [i + (p[1] - 1.5) * 0.12 for p in points],
                   c=[("#c0392b", "#e67e22", "#27ae60", "#2471a3")[p[1]] for p in points], s=30, zorder=3)
    ax.set_yticks(range(len(by_org)))
    ax.set_yticklabels(sorted(by_org))
    ax.set_title(f"{area.replace('_', ' ')}: red inadequate, orange requires improvement, green good, "
                 f"blue outstanding")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def register(main: click.Group, common: Any, guard: Any, resolve: Any, print_rich: Any) -> None:
    @main.command()
    @click.argument("report", required=False)
    @click.option("--org", help="Only organisations whose name contains this.")
    @click.option("--since", help="Inspected on or after this date (YYYY or YYYY-MM-DD).")
    @click.option("--until", help="Inspected on or before this date (YYYY or YYYY-MM-DD).")
    @click.option("--judgement", help="Only this overall grade (inadequate, requires improvement, good, outstanding).")
    @click.option("--framework", help="Only this framework (ilacs, sif, sif-reinspection, ncpi, ...).")
    @click.option("--area", help="One judgement area per organisation and date (e.g. 'care leavers').")
    @click.option("--chart", type=click.Path(dir_okay=False, path_type=Path),
                  help="With --area: draw the grades over time to this PNG.")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per inspection, one per line.")
    @click.option("--csv", "as_csv", is_flag=True, help="One CSV row per inspection.")
    @common
    @click.pass_context
    @guard
    def reports(ctx: click.Context, report: str | None, org: str | None, since: str | None, until: str | None,
                judgement: str | None, framework: str | None, area: str | None, chart: Path | None,
                as_json: bool, as_csv: bool, corpus: Path | None, index_dir: Path | None) -> None:
        """The inspections in the index: one row each, with judgements and pages.

        With REPORT (a file name or part of it): that report's judgements and
        recommendations, each with its page.
        """
        from .catalogue import Filters, area_key, row_json, rows_csv

        _, index = resolve(ctx, corpus, index_dir)
        cat = _catalogue(index)
        if report:
            if as_json:
                row = next(r for r in cat.rows() if r.record.doc == cat.find(report).doc)
                click.echo(safe_json(row_json(row)))
            else:
                print_rich(record_details(cat, report))
            return
        key = area_key(area) if area else None
        rows = [r for r in cat.rows() if Filters(org, since, until, judgement, framework).keep(r)]
        if key:
            rows = [r for r in rows if judgement_for(r.record, key)]
        if chart:
            if not key:
                raise click.UsageError("--chart needs --area, e.g. --area 'care leavers'")
            _chart(rows, key, chart)
            click.echo(f"wrote {chart} ({len(rows)} inspections)", err=True)
        if as_json:
            for row in rows:
                click.echo(safe_json(row_json(row)))
        elif as_csv:
            click.echo(rows_csv(rows), nl=False)
        else:
            print_rich(records_table(rows, key))
            click.echo(f"{len(rows)} inspection(s); RI = requires improvement (to be good); "
                       "`askncpi reports REPORT` shows one report's judgements and recommendations")

    @main.command()
    @click.argument("report")
    @click.option("-k", "--top-k", default=2, show_default=True, type=click.IntRange(1, 10),
                  help="Passages of the next inspection per recommendation.")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object.")
    @common
    @click.pass_context
    @guard
    def followup(ctx: click.Context, report: str, top_k: int, as_json: bool, corpus: Path | None,
                 index_dir: Path | None) -> None:
        """Each recommendation of REPORT beside what the organisation's next inspection says about it.

        Shows evidence (cited passages), not a verdict.
        """
        from .errors import AskError
        from .jsonio import hit_view_json
        from .render import citation
        from .search import Searcher
        from .store import IndexStore

        _, index = resolve(ctx, corpus, index_dir)
        cat = _catalogue(index)
        rec = cat.find(report)
        newer = cat.newer(rec.doc)
        if newer is None:
            raise AskError(f"the index holds no later inspection of {cat.organisation(rec)} than {rec.doc}")
        if not rec.recommendations:
            raise AskError(f"{rec.doc} states no recommendations as a list")
        searcher = Searcher(IndexStore(index))
        out = []
        for x in rec.recommendations:
            answer = searcher.ask(x.text, top_k=top_k, docs=(newer.doc,))
            out.append((x, answer.hits))
        if as_json:
            click.echo(safe_json({"report": rec.doc, "next": newer.doc, "items": [
                {"recommendation": {"text": x.text, "page": x.page},
                 "evidence": [hit_view_json(h) for h in hits]} for x, hits in out]}))
            return
        click.echo(f"{cat.organisation(rec)}: {len(out)} recommendations of {rec.doc}, "
                   f"with the closest passages of {newer.doc} ({newer.label().removeprefix('newer: ')})\n")
        for i, (x, hits) in enumerate(out, 1):
            click.echo(f"{i}. {safe_line(x.text)} (p. {x.page})")
            for h in hits:
                from .render import best_sentence_text

                click.echo(f"     {citation(h)}")
                click.echo(f"       \u201c{safe_line(best_sentence_text(h) or h.chunk.text[:200])}\u201d")
            click.echo("")


def register_glossary(main: click.Group, common: Any, guard: Any, resolve: Any) -> None:
    @main.command()
    @click.argument("term", required=False)
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per abbreviation, one per line.")
    @common
    @click.pass_context
    @guard
    def glossary(ctx: click.Context, term: str | None, as_json: bool, corpus: Path | None,
                 index_dir: Path | None) -> None:
        """The abbreviations the reports define: long form, and the report and page that define it.

        With TERM (an abbreviation or words of its long form): every report that defines it.
        """
        from . import glossary as gl
        from .errors import AskError
        from .store import IndexStore

        _, index = resolve(ctx, corpus, index_dir)
        entries = gl.build(IndexStore(index).current().chunk_table().all())
        chosen = sorted(gl.lookup(entries, term) if term else entries.values(), key=lambda e: e.short.lower())
        if term and not chosen:
            raise AskError(f"no indexed report defines {term!r} (as 'long form (ABBR)')")
        for e in chosen:
            if as_json:
                forms = [f for f, _ in e.longs.most_common()]
                click.echo(safe_json({"short": e.short, "long": e.long, "long_forms": forms,
                                      "defined_in": [{"doc": d.doc, "title": d.title, "page": d.page, "long": d.long}
                                                     for d in e.definers]}))
                continue
            first = e.definers[0]
            more = f" (+{e.reports - 1} more reports)" if e.reports > 1 and not term else ""
            click.echo(f"{safe_line(e.short):<10} {safe_line(e.long)} · {safe_line(first.doc)} p. {first.page}{more}")
            if term:
                others = [f for f, _ in e.longs.most_common()[1:4]]
                if others:
                    click.echo(f"{'':<10} also written: {'; '.join(map(safe_line, others))}")
                for d in e.definers:
                    click.echo(f"{'':<10} {safe_line(d.title)} · p. {d.page}: “{safe_line(d.long)} ({e.short})”")
        if not term and not as_json:
            click.echo(f"{len(chosen)} abbreviations; `askncpi glossary TERM` shows every report that defines one")
