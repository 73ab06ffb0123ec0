"""The corpus commands: ``ingest``, ``search``, ``speakers``, ``show``, ``export``, ``reindex``,
``people import/list/show``, ``correct``, ``corrections list/export/import``, ``run``, ``load``.

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
    """A read-only connection (works on a database in a read-only folder)."""
    from .store import connect
    return connect(db, create=False, readonly=True)


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
def _corpus(db: str):
    from .corpus import Corpus
    return Corpus(db)


class _QueryCommand(click.Command):
    """A query may start with "-" ("-war": statements without "war"): an argument that looks
    like an unknown option is taken as the query, not refused as an option."""

    def parse_args(self, ctx, args):
        if "--" not in args:
            known = {o for p in self.params for o in (*getattr(p, "opts", []),
                                                      *getattr(p, "secondary_opts", []))}
            known |= set(ctx.help_option_names)
            takes_value = {o for p in self.params
                           if isinstance(p, click.Option) and not p.is_flag for o in p.opts}
            i = 0
            while i < len(args):
                a = args[i]
                name = a.split("=", 1)[0]
                attached = not a.startswith("--") and a[:2] in takes_value  # "-n5"
                if a.startswith("-") and len(a) > 1 and name not in known and not attached:
                    args = args[:i] + args[i + 1:] + ["--", a]
                    break
                i += 2 if name in takes_value and "=" not in a else 1
        return super().parse_args(ctx, args)


@click.command("search", cls=_QueryCommand)
@click.argument("query", required=False, default="")
@click.option("--speaker", help="Only statements by this speaker (name or part of it).")
@click.option("--since", help="Articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Articles published on or before this date (YYYY-MM-DD).")
@click.option("--outlet", help="Only articles from this outlet (name or host, part of it).")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]))
@click.option("--stance", type=click.Choice(["against", "favor", "neutral"]),
              help="Only replies with this stance toward what they answer.")
@click.option("--venue", help="Only statements made at this venue type (tv_interview, "
                              "social_media, press_conference, …).")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--limit", "-n", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0, help="Skip this many hits (the next page).")
@click.option("--no-duplicates", is_flag=True, help="Leave out near-duplicate (wire copy) articles.")
@db_option
@_clean_errors
def search_cmd(query, speaker, since, until, outlet, kind, stance, venue, sort, fmt, limit,
               offset, no_duplicates, db):
    """Full-text search of statements (content and speaker names), with filters.

    Words must all match; "quoted words" match as a phrase; word* matches a prefix;
    OR between alternatives; NOT word or -word leaves it out; (parentheses) group;
    speaker:name searches speaker names only. A query may start with "-"."""
    from .store.queries import COLUMNS

    with _corpus(db) as corpus:
        page = corpus.search(query, speaker=speaker, since=since, until=until, outlet=outlet,
                             kind=kind, stance=stance, venue=venue, sort=sort, limit=limit,
                             offset=offset, include_duplicates=not no_duplicates, count=False)
    rows = page["hits"]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        _csv(rows, COLUMNS)
    else:
        for r in rows:
            r["said"] = r["said_on"] or r["published"]
        _table(rows, [("id", "ID", 22), ("said", "DATE", 10), ("outlet", "OUTLET", 20),
                      ("speaker", "SPEAKER", 22), ("kind", "KIND", 8),
                      ("reading", "CONTENT", 70)])


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
    with _corpus(db) as corpus:
        rows = corpus.speakers(name=name, limit=limit)
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
    """One statement with the sentence around it as evidence, its article, what it answers,
    what answers it, and the other outlets that carried the same quote."""
    from .display import STANCE_LABELS, venue_label

    with _corpus(db) as corpus:
        d = corpus.statement(statement_id)
    if fmt == "json":
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    click.echo(f"statement {d['id']}  ({d['kind']}, confidence {d['confidence']})")
    click.echo(f"speaker:   {d['speaker'] or '(unknown)'}"
               + (f"  [mentioned as: {d['speaker_mention']}]"
                  if d['speaker_mention'] and d['speaker_mention'] != d['speaker'] else ""))
    click.echo(f"content:   {d['reading']}")
    if d["cue"]:
        click.echo(f"cue:       {d['cue']}")
    if d["said_on"]:
        click.echo(f"said on:   {d['said_on']}"
                   + (f"  (\"{d['said_on_text']}\")" if d.get("said_on_text") else ""))
    if d["venue"]:
        v = d["venue"]
        click.echo(f"venue:     {venue_label(v.get('type'))}"
                   + (f", {v['outlet']}" if v.get("outlet") else "")
                   + (f", {v['place']}" if v.get("place") else "")
                   + (f"  (\"{v['text']}\")" if v.get("text") else ""))
    if d.get("occasion"):
        click.echo(f"occasion:  {d['occasion']}")
    if d.get("responds_to"):
        r = d["responds_to"]
        click.echo(f"answers:   {r['target']} by {r['target_speaker'] or '?'}"
                   f" ({STANCE_LABELS.get(r['stance'] or '', 'stance unknown')})")
    for r in d.get("answered_by") or []:
        click.echo(f"answered:  by {r['responder']} ({r['responder_speaker'] or '?'},"
                   f" {r['stance'] or 'stance unknown'})")
    click.echo(f"article:   {d['title'] or d['path'] or d['article_sha256'][:12]}  [{d['article_id']}]")
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
    columns (stable speaker_id, external_id, quote cluster, provenance of corrections).
    Parquet columns are typed: dates as dates, spans as lists of [start, end] pairs."""
    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet needs --output FILE")
    with _corpus(db) as corpus:
        n = corpus.export(fmt, output, stdout=sys.stdout)
    if output:
        click.echo(f"exported {n} statements to {output}", err=True)


# -- reindex -----------------------------------------------------------------------------------
@click.command("reindex")
@db_option
@click.option("--extract", is_flag=True,
              help="Extract every article's statements again first (after a model update); "
                   "corrections are applied again by their spans.")
@click.option("--model", default=None, help="spaCy pipeline for --extract (package or path).")
@click.option("--progress/--no-progress", default=None,
              help="Show progress (default: only on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@_clean_errors
def reindex_cmd(db, extract, model, progress, as_json):
    """The deliberate full pass: link every stored article again (speakers, registry links,
    quote clusters, near-duplicates, replies across articles, corrections).

    Ingest already keeps all of these up to date incrementally; reindex is for after a change
    of the linking rules, or with --extract after a new extraction model."""
    import time

    from .corpus import Corpus
    from .ingest.run import Progress, load_pipeline, setup_logging

    setup_logging()
    corpus = Corpus(db, writable=True)
    bar = Progress(progress)
    t0 = time.monotonic()
    try:
        extractor = load_pipeline(model) if extract else None
        out = corpus.reindex(extractor=extractor, progress=bar.phase("linking"),
                             extract_progress=bar.phase("extracting"))
    except KeyboardInterrupt:
        bar.done()
        corpus.close()
        click.echo("interrupted: the articles not linked yet are linked by the next ingest or "
                   "reindex", err=True)
        sys.exit(130)
    finally:
        bar.done()
        corpus.close()
    counts = {k: out[k] for k in ("speakers", "quote_clusters", "duplicate_articles")}
    out["seconds"] = round(time.monotonic() - t0, 2)
    if as_json:
        click.echo(json.dumps(out, indent=2))
    else:
        click.echo(f"articles linked:  {out['articles']}  ({out['statements']} statements)")
        click.echo(f"corpus: {counts['speakers']} speakers, {counts['quote_clusters']} quote clusters, "
                   f"{counts['duplicate_articles']} near-duplicate articles")
        click.echo(f"replies across articles: {out['replies']}; corrections applied: "
                   f"{out['corrections_applied']}")
        click.echo(f"time: {out['seconds']:.1f} s")


# -- people --------------------------------------------------------------------------------------
@click.group("people")
def people_cmd():
    """The registry of the people you cover: import a CSV, list it, show one person."""


@people_cmd.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@_clean_errors
def people_import_cmd(file, db, as_json):
    """Import (or update) registry entries from a CSV file with the columns name, aliases,
    role, affiliation and qid (or external_id); aliases and affiliations are separated by ';'.

    Speakers are linked to an entry by its name or a full-name alias; by a surname or a
    one-word alias only when the article supports it (the full name, role or affiliation in the
    article). Statements already stored are relinked."""
    from .corpus import Corpus

    with Corpus(db, create=True) as corpus:
        d = corpus.import_people(file)
    if as_json:
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    click.echo(f"registry: {d['added']} added, {d['updated']} updated, {d['unchanged']} unchanged")
    click.echo(f"statements relinked: {d['statements_relinked']} ({d['statements_moved']} changed speaker)")
    for s in d["rows_skipped"]:
        click.echo(f"  line {s['line']}: skipped: {s['reason']}", err=True)


@people_cmd.command("list")
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@db_option
@_clean_errors
def people_list_cmd(name, fmt, db):
    """Registry entries with their speaker id and statement counts."""
    with _corpus(db) as corpus:
        rows = corpus.people(name)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        _csv(rows, ["id", "external_id", "name", "type", "role", "affiliation", "aliases",
                    "speaker_id", "n_statements", "n_articles"])
    else:
        for r in rows:
            r["aliases_s"] = ", ".join(r["aliases"])
        _table(rows, [("external_id", "ID", 12), ("name", "NAME", 28), ("role", "ROLE", 24),
                      ("n_statements", "STATEMENTS", 10), ("speaker_id", "SPEAKER ID", 16),
                      ("aliases_s", "ALIASES", 40)])


@people_cmd.command("show")
@click.argument("who")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--limit", "-n", type=int, default=20, show_default=True,
              help="At most this many statements, unlinked mentions and replies.")
@db_option
@_clean_errors
def people_show_cmd(who, fmt, limit, db):
    """One person (a registry id, a speaker id or a name): registry entry, speaker id, how
    their statements were linked, mentions left unlinked that may be them, merges and splits,
    and who answered them across outlets."""
    with _corpus(db) as corpus:
        d = corpus.person(who, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    p, sp = d["person"], d["speaker"]
    name = (p or sp)["name"]
    click.echo(name)
    if p:
        click.echo(f"  registry:   {p['external_id'] or '-'} (entry {p['id']})  {p['role'] or ''}"
                   f"{' · ' + p['affiliation'] if p['affiliation'] else ''}")
        if p["aliases"]:
            click.echo(f"  aliases:    {', '.join(p['aliases'])}")
    if sp:
        click.echo(f"  speaker id: {sp['id']}  ({sp['n_statements']} statements in "
                   f"{sp['n_articles']} articles)")
        click.echo(f"  named as:   {', '.join(sp['aliases'])}")
    else:
        click.echo("  no statements in the corpus")
    if d["links"]:
        click.echo("  linked by:")
        for lk in d["links"]:
            click.echo(f"    {lk['statements']:5d}  {lk['reason']}")
    if d["unlinked"]:
        click.echo("  left unlinked (may be them):")
        for u in d["unlinked"]:
            how = "" if u["role"] == "speaker" else " (named in a reaction)"
            click.echo(f"    {u['statement_id']}  {u['published'] or '-'}  {u['outlet'] or '-'}  "
                       f"'{u['name']}'{how}: {_shorten(u['content'], 60)}")
    if d["history"]:
        click.echo("  history:")
        for e in d["history"]:
            click.echo(f"    {e['at']}  {e['kind']}: {e['from_key']} → {e['to_key']}  "
                       f"({len(e['statements'])} statements; {e['reason']})")
    if d["statements"]:
        click.echo("  latest statements:")
        for s in d["statements"]:
            click.echo(f"    {s['id']}  {s['published'] or '-'}  {_shorten(s['content'], 70)}")
    if d["answered_by"]:
        click.echo("  answered by (across articles):")
        for r in d["answered_by"]:
            click.echo(f"    {r['published']}  {r['speaker']} ({r['outlet'] or '-'}, {r['statement_id']})"
                       f" answered {r['target_id']} of {r['target_published']}")
            click.echo(f"        evidence: {_shorten(r['evidence'], 100)}")
    if d["answers"]:
        click.echo("  answered (across articles):")
        for r in d["answers"]:
            click.echo(f"    {r['published']}  {r['statement_id']} → {r['target_speaker']}"
                       f" ({r['target_outlet'] or '-'}, {r['target_id']})")


# -- corrections ---------------------------------------------------------------------------------
@click.command("correct")
@click.argument("statement_id")
@click.option("--speaker", help="The right speaker: a registry id (QID), a speaker id or a name.")
@click.option("--not-a-statement", is_flag=True, help="This is not a statement (hidden from "
              "search, speakers and replies; kept in the database).")
@click.option("--responds-to", help="The statement it answers (an id, in any article), or 'none'.")
@click.option("--undo", is_flag=True, help="Remove the corrections named (all when none is).")
@click.option("--editor", default=lambda: os.environ.get("ONRECORD_EDITOR"),
              help="Who corrects (default: $ONRECORD_EDITOR).")
@click.option("--note", help="Why, for the record.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@db_option
@_clean_errors
def correct_cmd(statement_id, speaker, not_a_statement, responds_to, undo, editor, note, fmt, db):
    """Correct one statement's attribution. The correction is kept apart from the machine's
    output, keyed by the article's text hash and the statement's spans: it survives
    re-ingest and reindex, and `corrections export`/`import` carry it to a rebuilt database."""
    from .corpus import Corpus

    with Corpus(db, writable=True) as corpus:
        d = corpus.correct(statement_id, speaker=speaker, not_a_statement=not_a_statement,
                           responds_to=responds_to, undo=undo, editor=editor, note=note)
    if fmt == "json":
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    click.echo(f"statement {d['statement_id']}: {d['provenance']}"
               + (f" ({', '.join(d['corrected_fields'])}, {d['provenance_at']})" if d["corrected_fields"] else ""))
    click.echo(f"  speaker:     {d['speaker_canonical'] or '(none)'}"
               + (f"  [{d['external_id']}]" if d["external_id"] else "")
               + (f"  id {d['speaker_id']}" if d["speaker_id"] else ""))
    click.echo(f"  linked by:   {d['speaker_link'] or '-'}")
    if d["not_a_statement"]:
        click.echo("  not a statement")
    if d["responds_to_uid"]:
        click.echo(f"  answers:     {d['responds_to_uid']}")


@click.group("corrections")
def corrections_cmd():
    """The editor's corrections: list them, export them, import them into another database."""


@corrections_cmd.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@db_option
@_clean_errors
def corrections_list_cmd(fmt, db):
    """Every correction, with the statement it applies to here (or 'unmatched')."""
    with _corpus(db) as corpus:
        rows = corpus.corrections()
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        v = r["value"]
        r["value_s"] = v.get("name") if isinstance(v, dict) and "name" in v else json.dumps(v)
        r["statement_s"] = r["statement_id"] or "(unmatched)"
    _table(rows, [("created_at", "WHEN", 25), ("editor", "EDITOR", 12), ("statement_s", "STATEMENT", 22),
                  ("action", "ACTION", 15), ("value_s", "VALUE", 30), ("content", "CONTENT", 40)])


@corrections_cmd.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
@db_option
@_clean_errors
def corrections_export_cmd(output, db):
    """Write every correction as JSON Lines (article text hash, spans, action, value, when,
    editor), to import into a database rebuilt from the same inputs."""
    with _corpus(db) as corpus:
        if output:
            with open(output, "w", encoding="utf-8") as f:
                n = corpus.export_corrections(f)
            click.echo(f"exported {n} corrections to {output}", err=True)
        else:
            corpus.export_corrections(sys.stdout)


@corrections_cmd.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@_clean_errors
def corrections_import_cmd(file, db, as_json):
    """Import corrections exported by `corrections export` and apply them (a newer correction
    of the same statement wins; corrections of articles not stored here are kept for later)."""
    from .corpus import Corpus

    with Corpus(db, writable=True) as corpus:
        d = corpus.import_corrections(file)
    if as_json:
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    click.echo(f"corrections read: {d['read']}, stored: {d['stored']} "
               f"({d['older_than_stored']} older than the one stored were left out)")
    click.echo(f"applied: {d['applied']}, not matching a stored statement: {d['unmatched']}")
    for s in d["lines_skipped"]:
        click.echo(f"  line {s['line']}: skipped: {s['reason']}", err=True)


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
    from .corpus import Corpus

    with Corpus(db, create=True) as corpus:
        summary = corpus.load(out, progress=progress)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        for line in summary.lines():
            click.echo(line)


COMMANDS = [ingest_cmd, search_cmd, speakers_cmd, show_cmd, export_cmd, reindex_cmd, people_cmd,
            correct_cmd, corrections_cmd, run_cmd, load_cmd]
