"""The ``onrecord`` command line: a thin face over the library."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from .errors import OnrecordError


def _fail(e: OnrecordError) -> click.ClickException:
    return click.ClickException(str(e))


def _date(ctx, param, value):
    if value is None:
        return None
    import datetime as _dt
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onrecord")
def main() -> None:
    """onrecord: who said what, when, where and in answer to whom, from news articles."""


def _pipeline(model: str | None, rules_only: bool, scope: str = "speech",
              speaker_threshold: float | None = None):
    from .pipeline import DEFAULT_SPEAKER_THRESHOLD, Pipeline
    try:
        return Pipeline.load(model=model, tagger=None if rules_only else "auto", scope=scope,
                             speaker_threshold=DEFAULT_SPEAKER_THRESHOLD
                             if speaker_threshold is None else speaker_threshold)
    except OnrecordError as e:
        raise _fail(e)


def _table(result) -> str:
    from .display import pieces_from_text, reading
    lines = []
    a = result.article
    lines.append(f"== {a.path or a.id}  ({len(result.statements)} statements)")
    for w in result.warnings:
        lines.append(f"   ! {w}")
    for s in result.statements:
        who = s.speaker.name if s.speaker else (
            "? " + " / ".join(c.name for c in s.speaker_candidates[:2])
            if s.speaker_candidates else "?")
        when = f" [{s.said_on.value}]" if s.said_on else ""
        where = f" @{s.venue.type}" if s.venue else ""
        resp = f" → {s.responds_to} ({s.stance})" if s.responds_to else ""
        # only direct quotes inside quotation marks; split pieces joined by an ellipsis
        content = reading(s.kind, pieces_from_text(s.content.text,
                                                   [x.as_list() for x in s.content.spans]),
                          max_chars=112)
        cue = s.cue.text if s.cue else "(no cue)"
        lines.append(f"{s.id:>4} {s.kind:8} {who[:28]:28} {cue[:14]:14}{when}{where}{resp}")
        lines.append(f"{'':14}{content}")
    return "\n".join(lines)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) that relative dates are grounded on.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="table",
              show_default=True, help="jsonl: one object per article; json: a list; table: for people.")
@click.option("--model", default=None, help="spaCy pipeline to use (package name or path); default en_core_web_sm.")
@click.option("--rules-only", is_flag=True, help="Do not use the trained tagger, only the rules.")
@click.option("--scope", type=click.Choice(["speech", "all"]), default="speech", show_default=True,
              help="speech: statements of speech and writing (the contract); all: every attribution "
                   "PolNeAR annotates (beliefs, intentions, perceptions too).")
@click.option("--speaker-threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Report a speaker only at or above this confidence (default 0.6: on the "
                   "development set at most 3% of the speakers reported above it were the wrong "
                   "person); below it the speaker is null and speaker_candidates lists who it "
                   "could be.")
def extract(files, published, fmt, model, rules_only, scope, speaker_threshold):
    """Extract the attributed statements of each article FILE (UTF-8 text; '-' reads stdin)."""
    from .model import Article
    from .ingest.text import read_text_file
    pipe = _pipeline(model, rules_only, scope, speaker_threshold)
    failed = 0
    results = []
    show_progress = len(files) > 1 and sys.stderr.isatty() and fmt != "table"
    t0 = time.perf_counter()
    for n, f in enumerate(files, 1):
        if show_progress:
            rate = (n - 1) / max(time.perf_counter() - t0, 1e-9)
            click.echo(f"\r{n - 1}/{len(files)} files, {failed} failed, {rate:.1f}/s", err=True, nl=False)
        try:
            if str(f) == "-":
                article = Article(text=sys.stdin.read(), path="-")
            else:
                article = read_text_file(f)
            if published:
                article.published = published
            res = pipe.extract(article)
        except OnrecordError as e:
            failed += 1
            click.echo(f"onrecord: skipped {f}: {e}", err=True)
            continue
        if fmt == "jsonl":
            click.echo(json.dumps(res.as_dict(), ensure_ascii=False))
        elif fmt == "table":
            click.echo(_table(res))
        else:
            results.append(res.as_dict())
    if show_progress:
        click.echo(f"\r{len(files)}/{len(files)} files, {failed} failed", err=True)
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    if failed:
        click.echo(f"onrecord: {failed} of {len(files)} file(s) failed", err=True)
        sys.exit(1)


@main.group("eval")
def eval_group():
    """Measure extraction against annotated data."""


@eval_group.command("polnear")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Only the first N annotation files.")
@click.option("--model", default=None, help="spaCy pipeline to use.")
@click.option("--rules-only", is_flag=True, help="Do not use the trained tagger.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--scope", type=click.Choice(["speech", "all"]), default="all", show_default=True,
              help="speech: statements of speech and writing (the contract); all: every attribution "
                   "PolNeAR annotates (beliefs, intentions, perceptions too).")
def eval_polnear(directory, limit, model, rules_only, as_json, scope):
    """Precision/recall/F1 of source, cue, content (exact and overlap) and attributions on a
    PolNeAR-style brat DIRECTORY (text/ + attributions/). PolNeAR annotates beliefs and
    intentions as attributions, so the default scope here is "all"."""
    from .eval.polnear import evaluate
    from .eval.scoring import format_report
    from .model import Article
    pipe = _pipeline(model, rules_only, scope)

    def progress(i, n):
        if sys.stderr.isatty():
            click.echo(f"\r{i}/{n} documents", err=True, nl=False)
    try:
        run = evaluate(directory, lambda t: pipe.extract(Article(text=t)), limit=limit, progress=progress)
    except OnrecordError as e:
        raise _fail(e)
    if sys.stderr.isatty():
        click.echo("", err=True)
    if as_json:
        click.echo(json.dumps({**run.report.as_dict(), "seconds": round(run.seconds, 2)}, indent=1))
    else:
        click.echo(format_report(run.report))
        click.echo(f"{run.documents} documents in {run.seconds:.1f} s")


@eval_group.command("gold")
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", default=None)
@click.option("--rules-only", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
def eval_gold(gold_file, model, rules_only, as_json):
    """Statements found and speakers right against a gold.json statement map."""
    from .eval.gold import load_gold, score_gold
    from .model import Article
    try:
        gold, text = load_gold(gold_file)
    except OnrecordError as e:
        raise _fail(e)
    pipe = _pipeline(model, rules_only)
    res = pipe.extract(Article(text=text, published=gold.get("article", {}).get("published")))
    out = score_gold(gold, text, res)
    if as_json:
        click.echo(json.dumps(out.as_dict(), indent=1, ensure_ascii=False))
        return
    click.echo(f"gold statements: {out.gold}  found: {out.found}  speaker right: {out.speaker_right}"
               f"  predicted: {out.predicted}")
    for m in out.misses:
        click.echo(f"  miss {m}")
    for ns in out.false_statements:
        click.echo(f"  predicted a statement from a not_statement: {ns!r}")


def _register_optional() -> None:
    """Commands of the corpus layer live in their own module."""
    try:
        from .corpus_cli import COMMANDS
    except ImportError:
        return
    for c in COMMANDS:
        main.add_command(c)
    try:
        from .web.cli import serve_cmd
    except ImportError:  # the web extras are not installed
        return
    main.add_command(serve_cmd)


_register_optional()

if __name__ == "__main__":
    main()
