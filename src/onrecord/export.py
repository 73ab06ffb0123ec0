"""The export's rows: one flat, typed row per statement, with its article's metadata.

This module is the single source of the export's columns. ``onrecord export`` (from the corpus
database) and ``onrecord run`` (Parquet partitions written by Dask workers) both build their rows
here, so both outputs have exactly the same schema::

    ArticleResult ─┐
                   ├─ statement_rows() ─→ rows (dicts of typed values) ─┬→ to_table() → Parquet
    store rows ────┘   (rows_from_store)                               ├→ write_jsonl()
                                                                        └→ write_csv()

Every field of the extract contract has a column (spans as lists of ``[start, end]`` pairs,
dates as dates); the columns the corpus database adds (``speaker_id``, ``cluster_id``, …) are
null where there is no database, e.g. in the output of ``onrecord run``.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import IO, Any, Iterable, Iterator

import pyarrow as pa

from .model import Article, ArticleResult, Evidence, Statement

# Offsets into an article: a file is at most 50 MB (pipeline.MAX_FILE_BYTES), far below 2**31.
OFFSET = pa.int32()
SPAN = pa.list_(OFFSET, 2)           # one [start, end) pair
SPANS = pa.list_(SPAN)               # a field's spans, in text order
CANDIDATE = pa.struct([("name", pa.string()), ("spans", SPANS)])

# (column, type, what it holds). The order is the order of the columns in every output.
COLUMNS: list[tuple[str, pa.DataType, str]] = [
    ("id", pa.string(), "statement id in the corpus: <article sha256[:12]>-<statement id>"),
    ("statement_id", pa.string(), "the statement's id inside its article (s1, s2, …)"),
    ("seq", pa.int32(), "order of the statement in its article (0-based)"),
    ("kind", pa.string(), "direct | indirect | mixed"),
    ("content", pa.string(), "what was said (the contract's content.text)"),
    ("content_spans", SPANS, "where the content is in the article text"),
    ("content_start", OFFSET, "first character of the content"),
    ("content_end", OFFSET, "end of the content (exclusive)"),
    ("cue", pa.string(), "the cue words (said, told, according to …)"),
    ("cue_spans", SPANS, "where the cue is"),
    ("source", pa.string(), "the speaker as mentioned at this statement"),
    ("source_spans", SPANS, "where the source mention is"),
    ("speaker_name", pa.string(), "the resolved speaker's name in the article (derived)"),
    ("speaker_type", pa.string(), "person | organization | country | group | unknown"),
    ("speaker_role", pa.string(), "the speaker's role or title"),
    ("speaker_affiliation", pa.string(), "the speaker's organisation or country"),
    ("speaker_candidates", pa.list_(CANDIDATE),
     "when the speaker is unresolved: the mentions it could be, best first"),
    ("said_on", pa.string(), "when it was said, as in the contract: YYYY-MM-DD, YYYY-MM, YYYY or "
                             "'week of YYYY-MM-DD' (derived)"),
    ("said_on_date", pa.date32(), "the first day of said_on's period, as a date"),
    ("said_on_precision", pa.string(), "day | week | month | year"),
    ("said_on_text", pa.string(), "the words that say when"),
    ("said_on_spans", SPANS, "where they are"),
    ("venue_type", pa.string(), "tv_interview, press_conference, statement, parliament, …"),
    ("venue_text", pa.string(), "the words that say where"),
    ("venue_spans", SPANS, "where they are"),
    ("venue_outlet", pa.string(), "the outlet of an interview or a post"),
    ("venue_place", pa.string(), "the place"),
    ("occasion", pa.string(), "id of the occasion in its article (o1, …)"),
    ("responds_to", pa.string(), "id (as in the id column) of the statement this one answers"),
    ("stance", pa.string(), "against | favor | neutral toward responds_to"),
    ("claim_type", pa.string(), "assertion, demand, condition, denial, criticism, proposal, …"),
    ("confidence", pa.float64(), "how sure the extractor is, 0–1"),
    ("method", pa.string(), "how the statement was found (quote+cue, clause, tagger, …)"),
    ("article_id", pa.string(), "the article's id (the source's, else sha256[:16])"),
    ("article_sha256", pa.string(), "sha256 of the article text"),
    ("url", pa.string(), "the article's URL"),
    ("outlet", pa.string(), "the article's outlet"),
    ("published", pa.date32(), "the article's publication date"),
    ("title", pa.string(), "the article's title"),
    ("author", pa.string(), "the article's author"),
    ("path", pa.string(), "where the article was read from (file, file:line, file#record)"),
    ("language", pa.string(), "the article's language"),
    # filled by the corpus database; null in `onrecord run` output
    ("speaker_id", pa.int64(), "the speaker across the corpus: a stable id, kept from one run "
                               "to the next (database only)"),
    ("speaker_canonical", pa.string(), "that speaker's name in the corpus, after the editor's "
                                       "corrections (database only)"),
    ("speaker_link", pa.string(), "why the statement has that speaker (database only)"),
    ("external_id", pa.string(), "the speaker's id in your registry or Wikidata (QID), when "
                                 "linked to one (database only)"),
    ("replies_to", pa.string(), "id of a statement in another article that this one answers "
                                "(database only)"),
    ("cluster_id", pa.int64(), "the quote cluster: the same quote carried by several articles "
                               "(database only)"),
    ("duplicate_of", pa.string(), "article_sha256 of the earlier article this one is a "
                                  "near-duplicate of (database only)"),
    ("provenance", pa.string(), "machine, or editor when an editor corrected the statement"),
    ("provenance_at", pa.timestamp("s", tz="UTC"), "when the statement was stored, or last "
                                                   "corrected (database only)"),
    ("corrected_fields", pa.list_(pa.string()), "what the editor corrected: speaker, "
                                                "responds_to (database only)"),
]
NAMES = [c[0] for c in COLUMNS]
SCHEMA = pa.schema([pa.field(n, t) for n, t, _ in COLUMNS])
# Columns filled only from the corpus database.
CORPUS_COLUMNS = ("speaker_id", "speaker_canonical", "speaker_link", "external_id", "replies_to",
                  "cluster_id", "duplicate_of", "provenance", "provenance_at", "corrected_fields")
FORMATS = ("jsonl", "csv", "parquet")
# Rows per Parquet row group / Arrow batch when streaming an export.
BATCH_ROWS = 10_000


@dataclass
class ArticleMeta:
    """The article fields every row of its statements carries."""

    id: str
    sha256: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    author: str | None = None
    path: str | None = None
    language: str | None = None

    @classmethod
    def of(cls, a: Article) -> "ArticleMeta":
        return cls(id=a.id, sha256=a.text_sha256, url=a.url, outlet=a.outlet,
                   published=a.published, title=a.title, author=a.author, path=a.path,
                   language=a.language)


def statement_uid(sha256: str, local_id: str) -> str:
    """The corpus-wide id of a statement (the store's ``statements.uid``)."""
    return f"{sha256[:12]}-{local_id}"


_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def to_date(value: str | None) -> dt.date | None:
    """The first day of an ISO date or period (``2024-03-05``, ``2024-03``, ``2024``,
    ``week of 2024-03-04``); None for anything else."""
    if not value:
        return None
    m = _YEAR_MONTH.search(value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _spans(ev) -> list[list[int]]:
    return [s.as_list() for s in ev.spans] if ev is not None else []


def statement_row(st: Statement, seq: int, art: ArticleMeta, uid: str | None = None,
                  corpus: dict[str, Any] | None = None) -> dict[str, Any]:
    """One export row: ``st`` (the ``seq``-th statement of the article ``art``), with the
    corpus columns from ``corpus`` (absent keys are null)."""
    local = st.id or str(seq)
    sp, so, ve = st.speaker, st.said_on, st.venue
    content: Evidence = st.content
    row = {
        "id": uid or statement_uid(art.sha256, local),
        "statement_id": local,
        "seq": seq,
        "kind": st.kind,
        "content": content.text,
        "content_spans": _spans(content),
        "content_start": content.start if content.spans else None,
        "content_end": content.end if content.spans else None,
        "cue": st.cue.text if st.cue else None,
        "cue_spans": _spans(st.cue),
        "source": st.source.text if st.source else None,
        "source_spans": _spans(st.source),
        "speaker_name": sp.name if sp else None,
        "speaker_type": sp.type if sp else None,
        "speaker_role": sp.role if sp else None,
        "speaker_affiliation": sp.affiliation if sp else None,
        "speaker_candidates": [{"name": c.name, "spans": [s.as_list() for s in c.spans]}
                               for c in st.speaker_candidates],
        "said_on": so.value if so else None,
        "said_on_date": to_date(so.value) if so else None,
        "said_on_precision": so.precision if so else None,
        "said_on_text": so.text if so else None,
        "said_on_spans": [s.as_list() for s in so.spans] if so else [],
        "venue_type": ve.type if ve else None,
        "venue_text": ve.text if ve else None,
        "venue_spans": [s.as_list() for s in ve.spans] if ve else [],
        "venue_outlet": ve.outlet if ve else None,
        "venue_place": ve.place if ve else None,
        "occasion": st.occasion,
        "responds_to": statement_uid(art.sha256, st.responds_to) if st.responds_to else None,
        "stance": st.stance,
        "claim_type": st.claim_type,
        "confidence": round(st.confidence, 3) if st.confidence is not None else None,
        "method": st.method or None,
        "article_id": art.id,
        "article_sha256": art.sha256,
        "url": art.url,
        "outlet": art.outlet,
        "published": to_date(art.published),
        "title": art.title,
        "author": art.author,
        "path": art.path,
        "language": art.language,
    }
    row.update({k: None for k in CORPUS_COLUMNS})
    row["corrected_fields"] = []
    if corpus:
        for k, v in corpus.items():
            if v is not None:
                row[k] = v
    return row


def statement_rows(result: ArticleResult) -> list[dict[str, Any]]:
    """The export rows of one extracted article (no corpus columns: they need the database)."""
    art = ArticleMeta.of(result.article)
    out, seen = [], set()
    for seq, st in enumerate(result.statements):
        local = st.id or str(seq)
        uid = statement_uid(art.sha256, local)
        if uid in seen:  # the store's rule for a repeated local id (Store.write)
            uid = f"{uid}.{seq}"
        seen.add(uid)
        out.append(statement_row(st, seq, art, uid=uid, corpus={"provenance": "machine"}))
    return out


# -- from the corpus database ------------------------------------------------------------------
def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _timestamp(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def rows_from_store(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every stored statement as an export row, in store order. The statement itself is read
    from its full JSON record (``statements.data``); the corpus columns come from the store's
    ``statement_links`` view (stable speaker id, registry id, provenance of corrections, the
    answer across articles) where the database has it. Statements an editor marked as not
    statements are left out."""
    views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    scols, acols = _columns(conn, "statements"), _columns(conn, "articles")
    links = "statement_links" in views
    sel = {
        "speaker_id": "s.speaker_id",
        "speaker_canonical": "l.speaker_canonical" if links else "sp.name",
        "speaker_link": "l.speaker_link" if links else "NULL",
        "external_id": "l.external_id" if links else "NULL",
        "replies_to": "l.replies_to" if links else "NULL",
        "responds_to_uid": "s.responds_to_uid" if "responds_to_uid" in scols else "NULL",
        "cluster_id": "s.cluster_id" if "cluster_id" in scols else "NULL",
        "duplicate_of": "d.sha256" if "duplicate_of" in acols else "NULL",
        "provenance": "l.provenance" if links else "'machine'",
        "provenance_at": "l.provenance_at" if links else "NULL",
        "corrected_fields": "l.corrected_fields" if links else "NULL",
    }
    sql = f"""
        SELECT s.uid, s.seq, s.data, a.sha256, a.ext_id, a.url, a.outlet, a.published, a.title,
               a.author, a.path, a.language, {", ".join(f"{v} AS {k}" for k, v in sel.items())}
        FROM statements s
        JOIN articles a ON a.id = s.article_id
        LEFT JOIN speakers sp ON sp.id = s.speaker_id
        {"LEFT JOIN statement_links l ON l.statement_rowid = s.id" if links else ""}
        {"LEFT JOIN articles d ON d.id = a.duplicate_of" if "duplicate_of" in acols else ""}
        {"WHERE s.not_a_statement = 0" if "not_a_statement" in scols else ""}
        ORDER BY s.id"""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    for r in cur.execute(sql):
        sha = r["sha256"]
        art = ArticleMeta(id=r["ext_id"] or sha[:16], sha256=sha, url=r["url"],
                          outlet=r["outlet"], published=r["published"], title=r["title"],
                          author=r["author"], path=r["path"], language=r["language"])
        st = Statement.from_dict(json.loads(r["data"]))
        row = statement_row(st, r["seq"], art, uid=r["uid"], corpus={
            "speaker_id": r["speaker_id"], "speaker_canonical": r["speaker_canonical"],
            "speaker_link": r["speaker_link"], "external_id": r["external_id"],
            "replies_to": r["replies_to"], "cluster_id": r["cluster_id"],
            "duplicate_of": r["duplicate_of"], "provenance": r["provenance"] or "machine",
            "provenance_at": _timestamp(r["provenance_at"]),
            "corrected_fields": json.loads(r["corrected_fields"]) if r["corrected_fields"] else None})
        if "responds_to" in (row["corrected_fields"] or ()):
            row["responds_to"] = r["responds_to_uid"]  # the editor's answer wins
        yield row


# -- writers -----------------------------------------------------------------------------------
def to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table with the export's schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _json_value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per line, dates as ISO strings, spans as ``[[start, end], …]``."""
    n = 0
    for r in rows:
        out.write(json.dumps({k: _json_value(r[k]) for k in NAMES}, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A header and one line per statement; spans and lists as JSON, dates as ISO strings."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(NAMES)
    n = 0
    for r in rows:
        w.writerow(["" if r[k] is None else
                    json.dumps(r[k], ensure_ascii=False) if isinstance(r[k], (list, dict))
                    else _json_value(r[k]) for k in NAMES])
        n += 1
    return n


def write_parquet(rows: Iterable[dict[str, Any]], path: str) -> int:
    """A Parquet file with the export's schema, written in batches of ``BATCH_ROWS``."""
    import pyarrow.parquet as pq

    n = 0
    with pq.ParquetWriter(path, SCHEMA, compression="zstd") as w:
        batch: list[dict[str, Any]] = []
        for r in rows:
            batch.append(r)
            if len(batch) >= BATCH_ROWS:
                w.write_table(to_table(batch))
                n += len(batch)
                batch = []
        if batch or n == 0:
            w.write_table(to_table(batch))
            n += len(batch)
    return n


def write(rows: Iterable[dict[str, Any]], fmt: str, path: str | None = None,
          stdout: IO[str] | None = None) -> int:
    """Write ``rows`` as ``fmt`` (jsonl, csv, parquet) to ``path`` (or ``stdout`` for the
    text formats). Returns the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "parquet":
        if not path:
            raise ValueError("a Parquet export needs a file")
        return write_parquet(rows, path)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if path:
        with open(path, "w", encoding="utf-8", newline="") as f:
            return writer(rows, f)
    return writer(rows, stdout)
