"""Reading the corpus: search, speakers, one statement with its evidence, export rows."""
from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from typing import Any, Iterator

from ..errors import StoreError
from ..model import KINDS

_FTS_WORD = re.compile(r"\w+", re.UNICODE)

ROW_SELECT = """
SELECT s.id AS rowid, s.uid AS id, s.kind, s.content, s.content_start, s.content_end,
       s.content_spans, s.cue, s.source, s.said_on, s.stance, s.claim_type, s.confidence,
       coalesce(sp.name, s.speaker_name) AS speaker, s.speaker_name AS speaker_mention,
       s.speaker_type, s.speaker_role, s.speaker_affiliation, s.speaker_id,
       s.cluster_id, a.id AS article_id, a.sha256 AS article_sha256, a.url, a.outlet,
       a.published, a.title, a.author, a.path, a.duplicate_of
FROM statements s
JOIN articles a ON a.id = s.article_id
LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""
COLUMNS = ["id", "kind", "content", "speaker", "speaker_mention", "speaker_type", "speaker_role",
           "speaker_affiliation", "cue", "source", "said_on", "stance", "claim_type",
           "confidence", "content_start", "content_end", "content_spans", "cluster_id",
           "article_sha256", "url", "outlet", "published", "title", "author", "path",
           "duplicate_of"]


def fts_query(query: str) -> str:
    """A safe FTS5 query: every word must match (``"*"`` after a word keeps prefix search);
    ``"quoted phrases"`` stay phrases. Operators in user text are taken as words."""
    parts = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', query):
        if m.group(1) is not None:
            words = _FTS_WORD.findall(m.group(1))
            if words:
                parts.append('"' + " ".join(words) + '"')
        else:
            tok = m.group(2)
            prefix = tok.endswith("*")
            for w in _FTS_WORD.findall(tok):
                parts.append(f'"{w}"')
            if prefix and parts:
                parts[-1] += "*"
    return " ".join(parts)


def _check_date(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
        if re.fullmatch(r"\d{4}(-\d{2})?", value):
            return value
    except ValueError:
        pass
    raise StoreError(f"{what} {value!r} is not a date", hint="use YYYY-MM-DD (or YYYY-MM, YYYY)")


def _row(r: sqlite3.Row) -> dict[str, Any]:
    d = {k: r[k] for k in COLUMNS}
    d["content_spans"] = json.loads(d["content_spans"]) if d["content_spans"] else []
    if d["confidence"] is not None:
        d["confidence"] = round(d["confidence"], 3)
    return d


def search(conn: sqlite3.Connection, query: str = "", speaker: str | None = None,
           since: str | None = None, until: str | None = None, outlet: str | None = None,
           kind: str | None = None, limit: int = 50, include_duplicates: bool = True
           ) -> list[dict[str, Any]]:
    """Statements matching ``query`` (full-text, on content and speaker names) and the filters,
    best match first (by date, newest first, when there is no query)."""
    since, until = _check_date(since, "--since"), _check_date(until, "--until")
    if kind is not None and kind not in KINDS:
        raise StoreError(f"unknown kind {kind!r}", hint=f"one of {', '.join(KINDS)}")
    where, args = [], []
    q = fts_query(query or "")
    sql = ROW_SELECT
    if q:
        sql = ROW_SELECT.replace("FROM statements s",
                                 "FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid")
        where.append("statements_fts MATCH ?")
        args.append(q)
    if speaker:
        like = f"%{speaker.strip()}%"
        # resolved once to speaker ids, so the statements are found through their index
        where.append("s.speaker_id IN (SELECT id FROM speakers WHERE name LIKE ? OR aliases LIKE ?)")
        args += [like, like]
    if since:
        where.append("a.published >= ?")
        args.append(since)
    if until:
        where.append("a.published <= ?")
        args.append(until + "\uffff" if len(until) < 10 else until)
    if outlet:
        where.append("(a.outlet LIKE ? OR a.url LIKE ?)")
        args += [f"%{outlet}%", f"%{outlet}%"]
    if kind:
        where.append("s.kind = ?")
        args.append(kind)
    if not include_duplicates:
        where.append("a.duplicate_of IS NULL")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY bm25(statements_fts, 1.0, 0.5), s.id" if q else \
        " ORDER BY a.published IS NULL, a.published DESC, s.id"
    sql += " LIMIT ?"
    args.append(int(limit))
    try:
        return [_row(r) for r in conn.execute(sql, args)]
    except sqlite3.OperationalError as e:
        raise StoreError(f"search failed: {e}", hint="simplify the query") from None


def speakers(conn: sqlite3.Connection, name: str | None = None, limit: int | None = None
             ) -> list[dict[str, Any]]:
    sql = ("SELECT id, name, type, role, affiliation, aliases, n_statements, n_articles"
           " FROM speakers")
    args: list[Any] = []
    if name:
        sql += " WHERE name LIKE ? OR aliases LIKE ?"
        args += [f"%{name}%", f"%{name}%"]
    sql += " ORDER BY n_statements DESC, name COLLATE NOCASE, id"
    if limit:
        sql += " LIMIT ?"
        args.append(int(limit))
    out = []
    for r in conn.execute(sql, args):
        d = dict(r)
        d["aliases"] = json.loads(d["aliases"] or "[]")
        out.append(d)
    return out


_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


def sentence_around(text: str, start: int, end: int, max_chars: int = 600) -> tuple[int, int]:
    """The sentence(s) around ``[start, end)``: from the previous sentence end to the next."""
    lo = max(0, start - max_chars)
    a = lo
    for m in _SENT_END.finditer(text, lo, start):
        a = m.end()
    m = _SENT_END.search(text, max(end - 1, start), min(len(text), end + max_chars))
    b = m.end() if m else min(len(text), end + max_chars)
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def get_statement(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    """One statement (by its id, e.g. ``3f2a9c1b7d4e-s2``, or its row number) with the sentence
    around it, its full JSON record, and the other occurrences of the same quote."""
    row = conn.execute(ROW_SELECT + " WHERE s.uid = ?", (ident,)).fetchone()
    if row is None and ident.isdigit():
        row = conn.execute(ROW_SELECT + " WHERE s.id = ?", (int(ident),)).fetchone()
    if row is None:
        row = conn.execute(ROW_SELECT + " WHERE s.uid LIKE ? LIMIT 2", (ident + "%",)).fetchone()
    if row is None:
        raise StoreError(f"no statement {ident!r}",
                         hint="statement ids are shown by `onrecord search`")
    d = _row(row)
    text, = conn.execute("SELECT text FROM articles WHERE id = ?", (row["article_id"],)).fetchone()
    data = json.loads(conn.execute("SELECT data FROM statements WHERE id = ?",
                                   (row["rowid"],)).fetchone()[0])
    starts = [s[0] for k in ("content", "cue", "source") if data.get(k) for s in data[k]["spans"]]
    ends = [s[1] for k in ("content", "cue", "source") if data.get(k) for s in data[k]["spans"]]
    if starts:
        a, b = sentence_around(text, min(starts), max(ends))
        d["evidence"] = {"text": text[a:b], "start": a, "end": b}
    else:
        d["evidence"] = None
    d["statement"] = data
    d["also_carried_by"] = []
    if row["cluster_id"] is not None:
        cl = conn.execute("SELECT first_seen, n_occurrences, outlets FROM quote_clusters"
                          " WHERE id = ?", (row["cluster_id"],)).fetchone()
        d["cluster"] = {"id": row["cluster_id"], "first_seen": cl["first_seen"],
                        "n_occurrences": cl["n_occurrences"],
                        "outlets": json.loads(cl["outlets"] or "[]")}
        for r in conn.execute(ROW_SELECT + " WHERE s.cluster_id = ? AND s.id != ?"
                              " ORDER BY a.published, s.id", (row["cluster_id"], row["rowid"])):
            d["also_carried_by"].append({"id": r["id"], "outlet": r["outlet"],
                                         "published": r["published"], "url": r["url"],
                                         "content": r["content"]})
    return d


def iter_export(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every statement, one row each, with its article's url, outlet and date, in store order."""
    for r in conn.execute(ROW_SELECT + " ORDER BY s.id"):
        d = _row(r)
        d["content_spans"] = json.dumps(d["content_spans"])
        yield d


def stats(conn: sqlite3.Connection) -> dict[str, int]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {"articles": one("SELECT count(*) FROM articles"),
            "statements": one("SELECT count(*) FROM statements"),
            "speakers": one("SELECT count(*) FROM speakers"),
            "quote_clusters": one("SELECT count(*) FROM quote_clusters"),
            "duplicate_articles": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")}
