"""The corpus commands: ``ingest``, ``search``, ``speakers``, ``show``, ``export``, ``run``, ``load``.

Thin faces over ``onrecord.ingest`` and ``onrecord.store``: they parse options, call the
library and turn an ``OnrecordError`` into a clean error message (never a traceback).
Registered on the main group with ``for c in COMMANDS: main.add_command(c)``.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from functools import wraps

import click

from .errors import OnrecordError

DEFAULT_DB = "onrecord.db"

db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False),
                         help="The corpus database (SQLite file).")


def _clean_errors(f):
    @wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except OnrecordError as e:
            raise click.ClickException(str(e)) from None
        except BrokenPipeError:  # `onrecord search … | head`
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            return None
    return wrapper


def _open(db: str):
    from .store import connect
    return connect(db, create=False)


# -- ingest ----------------------------------------------------------------------------------
@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", "-j", type=int, default=1, show_default=True,
              help="Extraction processes (0 = one per core).")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "feed", "warc", "jsonl"]),
              default=None, help="Read every file as this format (default: by name/content).")
@click.option("--fetch", is_flag=True,
              help="Fetch http(s) URLs given as PATHs and feed entries' linked pages.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress line (default: only on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--model", default=None, help="spaCy pipeline (package or path).")
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
@_clean_errors
def ingest_cmd(paths, db, workers, fmt, fetch, progress, as_json, model, verbose):
    """Read articles from PATHs (text, HTML, RSS/Atom feeds, WARC/WARC.gz, JSON Lines, folders)
    and store their attributed statements in the corpus database.

    Running it again on the same inputs adds nothing; after an interruption it stores only
    what is missing. Unreadable inputs are skipped, logged and counted."""
    from .ingest.run import ingest, setup_logging

    setup_logging(verbose)
    if workers == 0:
        workers = os.cpu_count() or 1
    summary = ingest(list(paths), db, workers=workers, fmt=fmt, fetch=fetch, progress=progress,
                     model=model)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        for line in summary.lines():
            click.echo(line, err=False)
    if summary.interrupted:
        sys.exit(130)


# -- output helpers ----------------------------------------------------------------------------
def _shorten(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _table(rows: list[dict], cols: list[tuple[str, str, int]]) -> None:
    if not rows:
        click.echo("(no results)", err=True)
        return
    widths = []
    for key, title, maxw in cols:
        w = max([len(title)] + [len(_shorten(str(r.get(key) if r.get(key) is not None else ""), maxw)) for r in rows])
        widths.append(min(w, maxw))
    click.echo("  ".join(t.ljust(w) for (_, t, _), w in zip(cols, widths)).rstrip())
    for r in rows:
        cells = [_shorten(str(r.get(k) if r.get(k) is not None else ""), w).ljust(w)
                 for (k, _, _), w in zip(cols, widths)]
        click.echo("  ".join(cells).rstrip())


def _csv(rows: list[dict], fields: list[str]) -> None:
    w = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()})


# -- search ------------------------------------------------------------------------------------
@click.command("search")
@click.argument("query", required=False, default="")
@click.option("--speaker", help="Only statements by this speaker (name or part of it).")
@click.option("--since", help="Articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Articles published on or before this date (YYYY-MM-DD).")
@click.option("--outlet", help="Only articles from this outlet (name or host, part of it).")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--limit", "-n", type=int, default=20, show_default=True)
@click.option("--no-duplicates", is_flag=True, help="Leave out near-duplicate (wire copy) articles.")
@db_option
@_clean_errors
def search_cmd(query, speaker, since, until, outlet, kind, fmt, limit, no_duplicates, db):
    """Full-text search of statements (content and speaker names), with filters.

    Words must all match; "quoted words" match as a phrase; word* matches a prefix."""
    from .store.queries import COLUMNS, search

    conn = _open(db)
    try:
        rows = search(conn, query, speaker=speaker, since=since, until=until, outlet=outlet,
                      kind=kind, limit=limit, include_duplicates=not no_duplicates)
    finally:
        conn.close()
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        _csv(rows, COLUMNS)
    else:
        _table(rows, [("id", "ID", 22), ("published", "DATE", 10), ("outlet", "OUTLET", 20),
                      ("speaker", "SPEAKER", 22), ("kind", "KIND", 8), ("content", "CONTENT", 70)])


# -- speakers ----------------------------------------------------------------------------------
@click.command("speakers")
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--limit", "-n", type=int, default=None, help="Show at most this many.")
@db_option
@_clean_errors
def speakers_cmd(name, fmt, limit, db):
    """Speakers in the corpus with their statement and article counts (most quoted first)."""
    from .store.queries import speakers

    conn = _open(db)
    try:
        rows = speakers(conn, name=name, limit=limit)
    finally:
        conn.close()
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        _csv(rows, ["id", "name", "type", "role", "affiliation", "n_statements", "n_articles",
                    "aliases"])
    else:
        for r in rows:
            r["aliases_s"] = ", ".join(a for a in r["aliases"] if a != r["name"])
        _table(rows, [("name", "SPEAKER", 30), ("type", "TYPE", 12), ("n_statements", "STATEMENTS", 10),
                      ("n_articles", "ARTICLES", 8), ("role", "ROLE", 20), ("aliases_s", "ALSO NAMED", 40)])


# -- show --------------------------------------------------------------------------------------
@click.command("show")
@click.argument("statement_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@db_option
@_clean_errors
def show_cmd(statement_id, fmt, db):
    """One statement with the sentence around it as evidence, its article and the other
    outlets that carried the same quote."""
    from .store.queries import get_statement

    conn = _open(db)
    try:
        d = get_statement(conn, statement_id)
    finally:
        conn.close()
    if fmt == "json":
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    click.echo(f"statement {d['id']}  ({d['kind']}, confidence {d['confidence']})")
    click.echo(f"speaker:   {d['speaker'] or '(unknown)'}"
               + (f"  [mentioned as: {d['speaker_mention']}]"
                  if d['speaker_mention'] and d['speaker_mention'] != d['speaker'] else ""))
    click.echo(f"content:   {d['content']}")
    if d["cue"]:
        click.echo(f"cue:       {d['cue']}")
    click.echo(f"article:   {d['title'] or d['path'] or d['article_sha256'][:12]}")
    click.echo(f"           {d['outlet'] or '-'} · {d['published'] or 'no date'} · {d['url'] or '-'}")
    if d["duplicate_of"]:
        click.echo("           (a near-duplicate of an earlier article)")
    ev = d["evidence"]
    if ev:
        text = ev["text"]
        rel = [(a - ev["start"], b - ev["start"]) for a, b in d["content_spans"]]
        marked, pos = "", 0
        for a, b in sorted(rel):
            if a < pos or b > len(text) or a < 0:
                continue
            marked += text[pos:a] + "[[" + text[a:b] + "]]"
            pos = b
        marked += text[pos:]
        click.echo(f"evidence:  chars {ev['start']}–{ev['end']}")
        click.echo("    " + "\n    ".join(marked.splitlines() or [""]))
    if d.get("cluster"):
        cl = d["cluster"]
        click.echo(f"quote carried {cl['n_occurrences']} times, first seen {cl['first_seen'] or '?'}, "
                   f"outlets: {', '.join(cl['outlets']) or '-'}")
        for o in d["also_carried_by"]:
            click.echo(f"    {o['id']}  {o['published'] or '-'}  {o['outlet'] or '-'}")


# -- export ------------------------------------------------------------------------------------
@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Output file (default: stdout; required for parquet).")
@db_option
@_clean_errors
def export_cmd(fmt, output, db):
    """Every statement, one per row, with every field of the extract contract (speaker, kind,
    content/cue/source with their spans, said_on, venue, occasion, responds_to, stance,
    claim_type, confidence, method), its article's url, outlet and date, and the corpus
    columns (speaker_id, cluster_id, duplicate_of). Parquet columns are typed: dates as dates,
    spans as lists of [start, end] pairs."""
    from . import export

    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet needs --output FILE")
    conn = _open(db)
    try:
        n = export.write(export.rows_from_store(conn), fmt, output, stdout=sys.stdout)
    finally:
        conn.close()
    if output:
        click.echo(f"exported {n} statements to {output}", err=True)


# -- run / load --------------------------------------------------------------------------------
@click.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Output folder: statements/*.parquet (the export's schema), articles/, "
                   "reports/ and run.json.")
@click.option("--dask", "dask", default=None, metavar="ADDRESS|local[:N]",
              help="Run on Dask: 'local' (one worker process per core), 'local:N', a scheduler "
                   "address (tcp://host:8786) or a scheduler file. Default: in this process.")
@click.option("--partition-size", type=click.IntRange(min=1), default=None,
              help="Articles per partition (files of one article, lines of JSON Lines) "
                   "[default: 100]; a WARC or feed file is one partition.")
@click.option("--model", default=None, help="spaCy pipeline (package or path).")
@click.option("--progress/--no-progress", default=None,
              help="Show progress (default: a bar on a terminal, nothing otherwise).")
@click.option("--json", "as_json", is_flag=True, help="Print the run's report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
@_clean_errors
def run_cmd(inputs, out, dask, partition_size, model, progress, as_json, verbose):
    """Extract the statements of INPUTS (files or folders of text, HTML, feeds, WARC, JSON
    Lines) into partitioned Parquet under --out, in this process or on a Dask cluster.

    Each partition is written under a temporary name and renamed when complete: running the
    same command again does only the partitions that are missing. Bad inputs are skipped with
    their reason (in OUT/run.json). Exit status 1 if a partition failed."""
    from .ingest.run import setup_logging
    from .scale import DEFAULT_SIZE, run

    setup_logging(verbose)
    report = run(list(inputs), out, dask=dask, size=partition_size or DEFAULT_SIZE,
                 model=model, progress=progress)
    if as_json:
        d = report.as_dict()
        d.pop("skipped")  # every skip with its reason is in run.json
        click.echo(json.dumps(d, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    if report.interrupted:
        sys.exit(130)
    if report.failed:
        sys.exit(1)


@click.command("load")
@click.argument("out", type=click.Path(file_okay=False))
@db_option
@click.option("--progress/--no-progress", default=None,
              help="Show progress (default: only on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@_clean_errors
def load_cmd(out, db, progress, as_json):
    """Merge the output folder OUT of `onrecord run` into the corpus database: articles not
    stored yet are added (loading again adds nothing), then speakers, quote clusters and
    near-duplicates are brought up to date."""
    from .scale import load

    summary = load(out, db, progress=progress)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        for line in summary.lines():
            click.echo(line)


COMMANDS = [ingest_cmd, search_cmd, speakers_cmd, show_cmd, export_cmd, run_cmd, load_cmd]
