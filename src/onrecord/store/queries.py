"""Reading the corpus: search (with the query language people type), speakers, one statement
with its evidence, articles with their statements, replies, quote clusters, export rows.

Every function takes an open connection (read-only is enough) and returns plain dicts/lists,
the shapes the JSON API serves as they are.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from ..display import statement_reading
from ..errors import StoreError
from ..model import KINDS, STANCES

# -- limits: no query runs for minutes ---------------------------------------------------------
# A query is refused beyond these sizes (3,300 prefix terms once took 6 minutes) ...
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 24
MAX_PREFIX_TERMS = 6
MAX_QUERY_DEPTH = 8
# ... and stopped when it runs longer than this (SQLite progress handler).
QUERY_SECONDS = 5.0
PROGRESS_EVERY_OPS = 10_000
# Counting the hits of a broad query stops here ("1,000+ statements").
COUNT_CAP = 1000
MAX_PAGE_SIZE = 200

VENUE_TYPES = ("tv_interview", "radio_interview", "print_interview", "social_media",
               "press_conference", "speech", "statement", "parliament", "court", "other")
SORTS = ("relevance", "newest", "oldest")
FTS_COLUMNS = ("content", "speaker")

_FTS_WORD = re.compile(r"\w+", re.UNICODE)

# the date a statement was made as text the index can sort on: said_on when the article says
# it ("week of 2022-11-28" → its Monday), else the article's publication date
DATE_SAID = ("coalesce(CASE WHEN s.said_on LIKE 'week of %' THEN substr(s.said_on, 9)"
             " ELSE s.said_on END, a.published)")

ROW_SELECT = f"""
SELECT s.id AS rowid, s.uid AS id, s.kind, s.content, s.content_start, s.content_end,
       s.content_spans, s.cue, s.source, s.said_on, s.stance, s.claim_type, s.confidence,
       coalesce(sp.name, s.speaker_name) AS speaker, s.speaker_name AS speaker_mention,
       s.speaker_type, s.speaker_role, s.speaker_affiliation, s.speaker_id,
       s.cluster_id, a.id AS article_rowid, a.sha256 AS article_sha256, a.url, a.outlet,
       a.published, a.title, a.author, a.path, a.duplicate_of, s.data,
       {DATE_SAID} AS date_said
FROM statements s
JOIN articles a ON a.id = s.article_id
LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""
COLUMNS = ["id", "kind", "content", "speaker", "speaker_mention", "speaker_type", "speaker_role",
           "speaker_affiliation", "cue", "source", "said_on", "stance", "claim_type",
           "confidence", "content_start", "content_end", "content_spans", "cluster_id",
           "article_sha256", "url", "outlet", "published", "title", "author", "path",
           "duplicate_of"]
ARTICLE_ID_CHARS = 16


class NotFound(StoreError):
    """No statement, article, speaker or quote with that id."""

    code = "E504"
  # an article's id in URLs and JSON: the first characters of its sha256


# -- the query language ----------------------------------------------------------------------
@dataclass
class Term:
    words: list[str]
    prefix: bool = False
    column: str | None = None

    def fts(self) -> str:
        s = '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")
        return f"{self.column} : {s}" if self.column else s


@dataclass
class Not:
    node: Any


@dataclass
class Group:
    op: str  # "AND" | "OR"
    items: list


@dataclass
class ParsedQuery:
    """A user's query as FTS5 text: ``match`` what must match (or None: everything), and
    ``exclude`` what must not (a query of only ``-word`` / ``NOT word`` terms)."""

    text: str
    match: str | None
    exclude: str | None
    terms: int

    @property
    def empty(self) -> bool:
        return self.match is None and self.exclude is None


_TOKEN = re.compile(r'\s*(?:(?P<phrase>-?"[^"]*"\*?)|(?P<open>-?\()|(?P<close>\))|'
                    r'(?P<word>[^\s"()]+))')
_HELP = ('words must all match; "a phrase"; word* for a prefix; OR between alternatives; '
         "NOT word or -word to leave out; (parentheses) to group; speaker:name")


def _bad(msg: str) -> StoreError:
    return StoreError(f"malformed query: {msg}", hint=_HELP)


def _tokens(query: str) -> list[tuple[str, str]]:
    if query.count('"') % 2:
        raise _bad("a quotation mark is not closed")
    out, pos = [], 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.toks = tokens
        self.i = 0
        self.terms = 0
        self.prefixes = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self):
        node = self.or_expr(0)
        if self.peek() is not None:
            raise _bad("a closing parenthesis has no opening one")
        return node

    def or_expr(self, depth: int):
        items = [self.and_expr(depth)]
        while self.peek() == ("word", "OR"):
            if items[-1] is None:
                raise _bad("OR needs a word on both sides")
            self.i += 1
            if self.peek() is None or self.peek()[0] == "close" or self.peek() == ("word", "OR"):
                raise _bad("OR needs a word on both sides")
            items.append(self.and_expr(depth))
        items = [x for x in items if x is not None]
        if not items:
            return None
        return items[0] if len(items) == 1 else Group("OR", items)

    def and_expr(self, depth: int):
        items = []
        while True:
            t = self.peek()
            if t is None or t[0] == "close" or t == ("word", "OR"):
                break
            if t == ("word", "AND"):
                self.i += 1
                if self.peek() is None or self.peek()[0] == "close" or \
                        self.peek() in (("word", "OR"), ("word", "AND")):
                    raise _bad("AND needs a word on both sides")
                continue
            node = self.unary(depth)
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else Group("AND", items)

    def unary(self, depth: int):
        t = self.peek()
        if t == ("word", "NOT"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt[0] == "close" or nxt in (("word", "OR"), ("word", "AND"),
                                                          ("word", "NOT")):
                raise _bad("NOT needs a word after it")
            node = self.primary(depth)
            return Not(node) if node is not None else None
        return self.primary(depth)

    def primary(self, depth: int):
        kind, tok = self.toks[self.i]
        self.i += 1
        neg = tok.startswith("-") and len(tok) > 1
        if neg:
            tok = tok[1:]
        if kind == "open":
            if depth + 1 > MAX_QUERY_DEPTH:
                raise _bad(f"more than {MAX_QUERY_DEPTH} nested parentheses")
            node = self.or_expr(depth + 1)
            if self.peek() is None or self.peek()[0] != "close":
                raise _bad("a parenthesis is not closed")
            self.i += 1
        elif kind == "close":  # pragma: no cover - and_expr stops before a close
            raise _bad("a closing parenthesis has no opening one")
        elif kind == "phrase":
            prefix = tok.endswith("*")
            words = _FTS_WORD.findall(tok.rstrip("*").strip('"'))
            node = self.term(words, prefix, None)
        else:
            column = None
            m = re.match(r"(\w+):(.*)$", tok)
            if m and m.group(1).lower() in FTS_COLUMNS and m.group(2):
                column, tok = m.group(1).lower(), m.group(2)
            prefix = tok.endswith("*")
            node = self.term(_FTS_WORD.findall(tok), prefix, column)
        if node is None:
            return None
        return Not(node) if neg else node

    def term(self, words: list[str], prefix: bool, column: str | None):
        if not words:
            return None
        self.terms += len(words)
        if self.terms > MAX_QUERY_TERMS:
            raise _bad(f"more than {MAX_QUERY_TERMS} words")
        if prefix:
            self.prefixes += 1
            if self.prefixes > MAX_PREFIX_TERMS:
                raise _bad(f"more than {MAX_PREFIX_TERMS} prefix terms (word*)")
        return Term(words, prefix, column)


def _render(node, top: bool = False) -> tuple[str | None, list[str]]:
    """(FTS5 text of what must match, FTS5 texts of what must not) for ``node``; only the top
    level may have nothing that must match."""
    if isinstance(node, Term):
        return node.fts(), []
    if isinstance(node, Not):
        inner, inner_neg = _render(node.node)
        if inner is None or inner_neg:
            raise _bad("NOT of a negation")
        if not top:
            return None, [inner]
        return None, [inner]
    if node.op == "OR":
        parts = []
        for x in node.items:
            pos, neg = _render(x)
            if pos is None:
                raise _bad("a left-out word (NOT word, -word) inside OR has nothing to be left "
                           "out of: put it outside the OR")
            parts.append(_excluding(pos, neg))
        return "(" + " OR ".join(parts) + ")", []
    pos_parts, neg_parts = [], []
    for x in node.items:
        pos, neg = _render(x)
        if pos is not None:
            pos_parts.append(pos)
        neg_parts += neg
    if not pos_parts:
        return None, neg_parts
    return "(" + " AND ".join(pos_parts) + ")" if len(pos_parts) > 1 else pos_parts[0], neg_parts


def _excluding(pos: str, negs: list[str]) -> str:
    for n in negs:
        pos = f"({pos} NOT {n})"
    return pos


def parse_query(query: str) -> ParsedQuery:
    """Parse what a person typed into FTS5 syntax we wrote ourselves (user text is never passed
    to FTS5 as syntax). Raises ``StoreError`` with a clear message for a malformed or too
    large query."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise _bad(f"longer than {MAX_QUERY_CHARS} characters")
    if not query:
        return ParsedQuery(query, None, None, 0)
    p = _Parser(_tokens(query))
    node = p.parse()
    if node is None:
        return ParsedQuery(query, None, None, 0)
    pos, negs = _render(node, top=True)
    if pos is not None:
        return ParsedQuery(query, _excluding(pos, negs), None, p.terms)
    return ParsedQuery(query, None, " OR ".join(negs), p.terms)


def fts_query(query: str) -> str:
    """The FTS5 text that must match for ``query`` ("" when everything matches)."""
    return parse_query(query).match or ""


# -- helpers ---------------------------------------------------------------------------------
def like_pattern(value: str) -> str:
    """``%value%`` for LIKE … ESCAPE '\\', with ``%``, ``_`` and ``\\`` in ``value`` literal."""
    v = value.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{v}%"


def _check_date(value: str | None, what: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
        if re.fullmatch(r"\d{4}(-\d{2})?", value):
            return value
    except ValueError:
        pass
    raise StoreError(f"{what} {value!r} is not a date", hint="use YYYY-MM-DD (or YYYY-MM, YYYY)")


def _check_choice(value: str | None, choices: tuple, what: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in choices:
        raise StoreError(f"unknown {what} {value!r}", hint=f"one of {', '.join(choices)}")
    return value


@contextmanager
def time_limit(conn: sqlite3.Connection, seconds: float = QUERY_SECONDS):
    """Stop any statement on ``conn`` that runs longer than ``seconds`` (StoreError)."""
    deadline = time.monotonic() + seconds
    stopped = []

    def check() -> int:
        if time.monotonic() > deadline:
            stopped.append(True)
            return 1
        return 0

    conn.set_progress_handler(check, PROGRESS_EVERY_OPS)
    try:
        yield
    except sqlite3.OperationalError as e:
        if stopped or "interrupted" in str(e):
            raise StoreError(f"the search was stopped after {seconds:g} s",
                             hint="use fewer or longer prefix terms (word*), a phrase, or "
                                  "filters") from None
        raise StoreError(f"search failed: {e}", hint="simplify the query") from None
    finally:
        conn.set_progress_handler(None, 0)


def article_id(sha256: str) -> str:
    return sha256[:ARTICLE_ID_CHARS]


def _row(r: sqlite3.Row) -> dict[str, Any]:
    d = {k: r[k] for k in COLUMNS}
    d["content_spans"] = json.loads(d["content_spans"]) if d["content_spans"] else []
    if d["confidence"] is not None:
        d["confidence"] = round(d["confidence"], 3)
    return d


def _hit(r: sqlite3.Row) -> dict[str, Any]:
    """A statement row as the search and the pages show it: the export columns, plus the
    reader's text, venue, occasion and reply link from the statement's JSON."""
    d = _row(r)
    data = json.loads(r["data"]) if r["data"] else {}
    venue = data.get("venue") or None
    d.update({
        "article_id": article_id(r["article_sha256"]),
        "speaker_id": r["speaker_id"],
        "local_id": data.get("id"),
        "reading": statement_reading(data) if data else d["content"],
        "date_said": r["date_said"],
        "said_on_text": (data.get("said_on") or {}).get("text"),
        "venue_type": venue.get("type") if venue else None,
        "venue": venue,
        "occasion": data.get("occasion"),
        "responds_to_local": data.get("responds_to"),
        "method": data.get("method"),
    })
    return d


# -- search ----------------------------------------------------------------------------------
def search_page(conn: sqlite3.Connection, query: str = "", speaker: str | None = None,
                speaker_id: int | None = None, since: str | None = None,
                until: str | None = None, outlet: str | None = None, kind: str | None = None,
                stance: str | None = None, venue: str | None = None, offset: int = 0,
                limit: int = 20, include_duplicates: bool = True, sort: str = "relevance",
                count: bool = True, seconds: float = QUERY_SECONDS) -> dict[str, Any]:
    """Statements matching ``query`` (our query language over content and speaker names) and
    the filters: ``{"hits", "total", "total_capped", "offset", "limit", "query", "fts"}``.

    ``since``/``until`` bound the article's publication date; ``speaker`` matches a speaker's
    name or aliases (part of it, ``%``/``_`` literal); ``venue`` is a venue type."""
    since, until = _check_date(since, "since"), _check_date(until, "until")
    kind = _check_choice(kind, KINDS, "kind")
    stance = _check_choice(stance, STANCES, "stance")
    venue = _check_choice(venue, VENUE_TYPES, "venue type")
    sort = _check_choice(sort, SORTS, "sort") or "relevance"
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    offset = max(0, int(offset))
    pq = parse_query(query)
    where, args = [], []
    sql = ROW_SELECT
    if pq.match:
        sql = ROW_SELECT.replace(
            "FROM statements s",
            "FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid")
        where.append("statements_fts MATCH ?")
        args.append(pq.match)
    if pq.exclude:
        where.append("s.id NOT IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
        args.append(pq.exclude)
    if speaker_id is not None:
        where.append("s.speaker_id = ?")
        args.append(int(speaker_id))
    if speaker and speaker.strip():
        like = like_pattern(speaker)
        # resolved once to speaker ids, so the statements are found through their index
        where.append("s.speaker_id IN (SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\'"
                     " OR aliases LIKE ? ESCAPE '\\')")
        args += [like, like]
    if since:
        where.append("a.published >= ?")
        args.append(since)
    if until:
        where.append("a.published <= ?")
        args.append(until + "\uffff" if len(until) < 10 else until)
    if outlet and outlet.strip():
        like = like_pattern(outlet)
        where.append("(a.outlet LIKE ? ESCAPE '\\' OR a.url LIKE ? ESCAPE '\\')")
        args += [like, like]
    if kind:
        where.append("s.kind = ?")
        args.append(kind)
    if stance:
        where.append("s.stance = ?")
        args.append(stance)
    if venue:
        where.append("json_extract(s.data, '$.venue.type') = ?")
        args.append(venue)
    if not include_duplicates:
        where.append("a.duplicate_of IS NULL")
    if _has_column(conn, "statements", "not_a_statement"):
        where.append("s.not_a_statement = 0")  # an editor said so: out of every listing
    if where:
        sql += " WHERE " + " AND ".join(where)
    if sort == "relevance" and pq.match:
        order = " ORDER BY bm25(statements_fts, 1.0, 0.5), s.id"
    elif sort == "oldest":
        order = " ORDER BY a.published IS NULL, a.published, s.id"
    else:
        order = " ORDER BY a.published IS NULL, a.published DESC, s.id"
    total = None
    with time_limit(conn, seconds):
        hits = [_hit(r) for r in conn.execute(sql + order + " LIMIT ? OFFSET ?",
                                              [*args, limit, offset])]
        if count:
            if offset == 0 and len(hits) < limit:
                total = len(hits)
            else:
                total = conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP + 1})",
                                     args).fetchone()[0]
    capped = total is not None and total > COUNT_CAP
    return {"query": pq.text, "fts": pq.match, "exclude": pq.exclude, "hits": hits,
            "total": min(total, COUNT_CAP) if total is not None else None,
            "total_capped": capped, "offset": offset, "limit": limit}


def _has_column(conn, table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` (a read-only database of an older schema may not)."""
    return any(r[1] == column for r in conn.execute(f"PRAGMA table_info({table})"))


def search(conn: sqlite3.Connection, query: str = "", speaker: str | None = None,
           since: str | None = None, until: str | None = None, outlet: str | None = None,
           kind: str | None = None, limit: int = 50, include_duplicates: bool = True,
           **filters) -> list[dict[str, Any]]:
    """The hits of ``search_page`` (first page, no count)."""
    return search_page(conn, query, speaker=speaker, since=since, until=until, outlet=outlet,
                       kind=kind, limit=limit, include_duplicates=include_duplicates,
                       count=False, **filters)["hits"]


# -- speakers --------------------------------------------------------------------------------
def speakers(conn: sqlite3.Connection, name: str | None = None, limit: int | None = None,
             offset: int = 0) -> list[dict[str, Any]]:
    """Speakers (most quoted first), those whose name or aliases contain ``name``."""
    sql = ("SELECT id, name, type, role, affiliation, aliases, n_statements, n_articles"
           " FROM speakers")
    args: list[Any] = []
    if name and name.strip():
        sql += " WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'"
        args += [like_pattern(name), like_pattern(name)]
    sql += " ORDER BY n_statements DESC, name COLLATE NOCASE, id"
    if limit:
        sql += " LIMIT ? OFFSET ?"
        args += [int(limit), max(0, int(offset))]
    out = []
    for r in conn.execute(sql, args):
        d = dict(r)
        d["aliases"] = json.loads(d["aliases"] or "[]")
        out.append(d)
    return out


def count_speakers(conn: sqlite3.Connection, name: str | None = None) -> int:
    if name and name.strip():
        return conn.execute("SELECT count(*) FROM speakers WHERE name LIKE ? ESCAPE '\\'"
                            " OR aliases LIKE ? ESCAPE '\\'",
                            (like_pattern(name), like_pattern(name))).fetchone()[0]
    return conn.execute("SELECT count(*) FROM speakers").fetchone()[0]


def get_speaker(conn: sqlite3.Connection, ident: int | str) -> dict[str, Any]:
    """One speaker by id (or exact name): who they are, their roles and affiliations as seen,
    the venues they used, statements per month, and the replies in both directions."""
    row = None
    if isinstance(ident, int) or str(ident).isdigit():
        row = conn.execute("SELECT * FROM speakers WHERE id = ?", (int(ident),)).fetchone()
    if row is None:
        row = conn.execute("SELECT * FROM speakers WHERE name = ? COLLATE NOCASE"
                           " ORDER BY n_statements DESC LIMIT 1", (str(ident),)).fetchone()
    if row is None:
        raise NotFound(f"no speaker {ident!r}", hint="speakers are listed by `onrecord speakers`")
    sid = row["id"]
    d = {k: row[k] for k in ("id", "name", "type", "role", "affiliation", "n_statements",
                             "n_articles")}
    d["aliases"] = json.loads(row["aliases"] or "[]")

    def counted(sql: str) -> list[dict[str, Any]]:
        return [{"value": r[0], "n": r[1]} for r in conn.execute(sql, (sid,))]

    d["roles"] = counted("SELECT speaker_role, count(*) FROM statements WHERE speaker_id = ?"
                         " AND speaker_role IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20")
    d["affiliations"] = counted("SELECT speaker_affiliation, count(*) FROM statements WHERE"
                                " speaker_id = ? AND speaker_affiliation IS NOT NULL"
                                " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20")
    d["venues"] = counted("SELECT json_extract(data, '$.venue.type'), count(*) FROM statements"
                          " WHERE speaker_id = ? AND json_extract(data, '$.venue.type')"
                          " IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
    d["kinds"] = counted("SELECT kind, count(*) FROM statements WHERE speaker_id = ?"
                         " GROUP BY 1 ORDER BY 2 DESC, 1")
    d["outlets"] = counted("SELECT a.outlet, count(*) FROM statements s JOIN articles a"
                           " ON a.id = s.article_id WHERE s.speaker_id = ? AND a.outlet IS NOT"
                           " NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20")
    d["timeline"] = [{"month": r[0], "n": r[1]} for r in conn.execute(
        f"SELECT substr({DATE_SAID}, 1, 7) AS m, count(*) FROM statements s JOIN articles a"
        " ON a.id = s.article_id WHERE s.speaker_id = ? AND m IS NOT NULL GROUP BY 1"
        " ORDER BY 1", (sid,))]
    d["undated"] = conn.execute(
        f"SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id"
        f" WHERE s.speaker_id = ? AND {DATE_SAID} IS NULL", (sid,)).fetchone()[0]
    d["answered_by"] = replies(conn, target_speaker=sid)
    d["answers"] = replies(conn, responder_speaker=sid)
    return d


# -- replies (responds_to inside an article) ---------------------------------------------------
_REPLY_SELECT = """
SELECT r.uid AS responder, t.uid AS target, r.stance AS stance,
       coalesce(rsp.name, r.speaker_name) AS responder_speaker, r.speaker_id AS responder_speaker_id,
       coalesce(tsp.name, t.speaker_name) AS target_speaker, t.speaker_id AS target_speaker_id,
       r.data AS responder_data, t.data AS target_data, a.sha256 AS article_sha256,
       a.title, a.outlet, a.published
FROM statements r
JOIN statements t ON t.article_id = r.article_id
     AND json_extract(t.data, '$.id') = json_extract(r.data, '$.responds_to')
JOIN articles a ON a.id = r.article_id
LEFT JOIN speakers rsp ON rsp.id = r.speaker_id
LEFT JOIN speakers tsp ON tsp.id = t.speaker_id
"""


def _reply(r: sqlite3.Row) -> dict[str, Any]:
    rd, td = json.loads(r["responder_data"]), json.loads(r["target_data"])
    return {"responder": r["responder"], "target": r["target"], "stance": r["stance"],
            "responder_speaker": r["responder_speaker"],
            "responder_speaker_id": r["responder_speaker_id"],
            "target_speaker": r["target_speaker"], "target_speaker_id": r["target_speaker_id"],
            "responder_reading": statement_reading(rd, 240),
            "target_reading": statement_reading(td, 240),
            "article_id": article_id(r["article_sha256"]), "title": r["title"],
            "outlet": r["outlet"], "published": r["published"]}


def replies(conn: sqlite3.Connection, target_speaker: int | None = None,
            responder_speaker: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Statements answering ``target_speaker``'s statements, or those by ``responder_speaker``
    that answer someone, each with the stance, both speakers and both statements."""
    if target_speaker is not None:
        sql = _REPLY_SELECT + " WHERE t.speaker_id = ? AND json_extract(r.data, '$.responds_to')" \
                              " IS NOT NULL"
        arg = target_speaker
    else:
        sql = _REPLY_SELECT + " WHERE r.speaker_id = ? AND json_extract(r.data, '$.responds_to')" \
                              " IS NOT NULL"
        arg = responder_speaker
    sql += " ORDER BY a.published DESC, r.id LIMIT ?"
    return [_reply(r) for r in conn.execute(sql, (arg, int(limit)))]


# -- one statement -----------------------------------------------------------------------------
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


def _find_statement(conn: sqlite3.Connection, ident: str) -> sqlite3.Row:
    ident = str(ident).strip()
    row = conn.execute(ROW_SELECT + " WHERE s.uid = ?", (ident,)).fetchone()
    if row is None and ident.isdigit():
        row = conn.execute(ROW_SELECT + " WHERE s.id = ?", (int(ident),)).fetchone()
    if row is None and len(ident) >= 8:  # a unique prefix of the id
        rows = conn.execute(ROW_SELECT + " WHERE s.uid >= ? AND s.uid < ? LIMIT 2",
                            (ident, ident + "\uffff")).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFound(f"no statement {ident!r}",
                         hint="statement ids are shown by `onrecord search`")
    return row


def get_statement(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    """One statement (by its id, e.g. ``3f2a9c1b7d4e-s2``, its row number or a unique prefix)
    with the sentence around it, its full JSON record, what it answers and what answers it, and
    the other occurrences of the same quote."""
    row = _find_statement(conn, ident)
    d = _hit(row)
    text, = conn.execute("SELECT text FROM articles WHERE id = ?",
                         (row["article_rowid"],)).fetchone()
    data = json.loads(row["data"])
    starts = [s[0] for k in ("content", "cue", "source") if data.get(k) for s in data[k]["spans"]]
    ends = [s[1] for k in ("content", "cue", "source") if data.get(k) for s in data[k]["spans"]]
    if starts:
        a, b = sentence_around(text, min(starts), max(ends))
        d["evidence"] = {"text": text[a:b], "start": a, "end": b}
    else:
        d["evidence"] = None
    d["statement"] = data
    d["occasion_detail"] = None
    if data.get("occasion"):
        d["occasion_detail"] = next((o for o in article_occasions(conn, row["article_rowid"])
                                     if o["id"] == data["occasion"]), None)
    d["responds_to"] = None
    d["answered_by"] = []
    for r in conn.execute(_REPLY_SELECT + " WHERE r.id = ? OR t.id = ?",
                          (row["rowid"], row["rowid"])):
        rep = _reply(r)
        if rep["responder"] == d["id"]:
            d["responds_to"] = rep
        else:
            d["answered_by"].append(rep)
    d["also_carried_by"] = []
    d["cluster"] = None
    if row["cluster_id"] is not None:
        d["cluster"] = get_cluster_summary(conn, row["cluster_id"])
        for r in conn.execute(ROW_SELECT + " WHERE s.cluster_id = ? AND s.id != ?"
                              " ORDER BY a.published, s.id", (row["cluster_id"], row["rowid"])):
            d["also_carried_by"].append({"id": r["id"], "outlet": r["outlet"],
                                         "published": r["published"], "url": r["url"],
                                         "content": r["content"],
                                         "article_id": article_id(r["article_sha256"])})
    return d


# -- articles --------------------------------------------------------------------------------
def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _find_article(conn: sqlite3.Connection, ident: str) -> sqlite3.Row:
    ident = str(ident).strip().lower()
    row = None
    if re.fullmatch(r"[0-9a-f]{8,64}", ident):
        rows = conn.execute("SELECT * FROM articles WHERE sha256 >= ? AND sha256 < ? LIMIT 2",
                            (ident, ident + "g")).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFound(f"no article {ident!r}",
                         hint="article ids are the first 16 characters of the text's sha256")
    return row


def _article_meta(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": article_id(row["sha256"]), "sha256": row["sha256"], "title": row["title"],
            "url": row["url"], "outlet": row["outlet"], "author": row["author"],
            "published": row["published"], "path": row["path"], "language": row["language"],
            "n_statements": row["n_statements"],
            "warnings": json.loads(row["warnings"]) if row["warnings"] else [],
            "duplicate_of": row["duplicate_of"]}


def list_articles(conn: sqlite3.Connection, limit: int = 20, offset: int = 0,
                  outlet: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT id, sha256, title, url, outlet, author, published, path, language,"
           " n_statements, warnings, duplicate_of FROM articles")
    args: list[Any] = []
    if outlet and outlet.strip():
        sql += " WHERE outlet LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\'"
        args += [like_pattern(outlet)] * 2
    sql += " ORDER BY published IS NULL, published DESC, id DESC LIMIT ? OFFSET ?"
    args += [max(1, min(int(limit), MAX_PAGE_SIZE)), max(0, int(offset))]
    return [_article_meta(r) for r in conn.execute(sql, args)]


def article_occasions(conn: sqlite3.Connection, article_rowid: int) -> list[dict[str, Any]]:
    """The occasions of an article: as stored with it when the store keeps them, else gathered
    from its statements (the venue and date each statement made on that occasion carries)."""
    if "occasions" in _columns(conn, "articles"):
        raw = conn.execute("SELECT occasions FROM articles WHERE id = ?",
                           (article_rowid,)).fetchone()[0]
        if raw:
            return json.loads(raw)
    out: dict[str, dict[str, Any]] = {}
    for (raw,) in conn.execute("SELECT data FROM statements WHERE article_id = ? ORDER BY seq",
                               (article_rowid,)):
        st = json.loads(raw)
        oid = st.get("occasion")
        if not oid:
            continue
        o = out.setdefault(oid, {"id": oid, "venue": None, "said_on": None, "spans": []})
        o["venue"] = o["venue"] or st.get("venue")
        o["said_on"] = o["said_on"] or st.get("said_on")
    return list(out.values())


def get_article(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    """An article with its text, every statement (the JSON contract plus its stored id, speaker
    id and reader's text) and its occasions."""
    row = _find_article(conn, ident)
    d = _article_meta(row)
    d["text"] = row["text"]
    sts = []
    for r in conn.execute("SELECT s.uid, s.speaker_id, s.cluster_id, s.data,"
                          " coalesce(sp.name, s.speaker_name) AS speaker FROM statements s"
                          " LEFT JOIN speakers sp ON sp.id = s.speaker_id"
                          " WHERE s.article_id = ? ORDER BY s.seq", (row["id"],)):
        st = json.loads(r["data"])
        st["uid"] = r["uid"]
        st["speaker_id"] = r["speaker_id"]
        st["corpus_speaker"] = r["speaker"]
        st["cluster_id"] = r["cluster_id"]
        st["reading"] = statement_reading(st)
        sts.append(st)
    by_local = {s["id"]: s["uid"] for s in sts}
    for s in sts:
        s["responds_to_uid"] = by_local.get(s.get("responds_to"))
    d["statements"] = sts
    d["occasions"] = article_occasions(conn, row["id"])
    return d


# -- quote clusters --------------------------------------------------------------------------
def get_cluster_summary(conn: sqlite3.Connection, cluster_id: int) -> dict[str, Any] | None:
    cl = conn.execute("SELECT id, text, first_seen, n_occurrences, n_articles, outlets"
                      " FROM quote_clusters WHERE id = ?", (int(cluster_id),)).fetchone()
    if cl is None:
        return None
    return {"id": cl["id"], "text": cl["text"], "first_seen": cl["first_seen"],
            "n_occurrences": cl["n_occurrences"], "n_articles": cl["n_articles"],
            "outlets": json.loads(cl["outlets"] or "[]")}


def get_cluster(conn: sqlite3.Connection, cluster_id: int | str) -> dict[str, Any]:
    """One quote carried by several articles: its text, first seen, every occurrence."""
    try:
        cid = int(cluster_id)
    except (TypeError, ValueError):
        cid = -1
    d = get_cluster_summary(conn, cid)
    if d is None:
        raise NotFound(f"no quote {cluster_id!r}", hint="quotes are listed at /quotes")
    d["occurrences"] = [_hit(r) for r in conn.execute(
        ROW_SELECT + " WHERE s.cluster_id = ? ORDER BY a.published IS NULL, a.published, s.id",
        (cid,))]
    return d


def list_clusters(conn: sqlite3.Connection, limit: int = 20, offset: int = 0
                  ) -> list[dict[str, Any]]:
    return [{"id": r["id"], "text": r["text"], "first_seen": r["first_seen"],
             "n_occurrences": r["n_occurrences"], "n_articles": r["n_articles"],
             "outlets": json.loads(r["outlets"] or "[]")}
            for r in conn.execute("SELECT * FROM quote_clusters ORDER BY n_articles DESC,"
                                  " first_seen, id LIMIT ? OFFSET ?",
                                  (max(1, min(int(limit), MAX_PAGE_SIZE)), max(0, int(offset))))]


# -- exchanges ---------------------------------------------------------------------------------
def exchange_for_article(conn: sqlite3.Connection, ident: str, everything: bool = False
                         ) -> dict[str, Any]:
    """The statements of an article as nodes and their responds_to links as edges (with the
    stance); only statements in a link unless ``everything``."""
    art = get_article(conn, ident)
    nodes = [{"id": s["uid"], "local_id": s["id"], "speaker": s["corpus_speaker"],
              "speaker_id": s["speaker_id"], "kind": s["kind"], "reading": s["reading"],
              "said_on": (s.get("said_on") or {}).get("value"),
              "venue_type": (s.get("venue") or {}).get("type"), "article_id": art["id"],
              "outlet": art["outlet"], "published": art["published"],
              "claim_type": s.get("claim_type")} for s in art["statements"]]
    edges = [{"source": s["uid"], "target": s["responds_to_uid"], "stance": s.get("stance")}
             for s in art["statements"] if s.get("responds_to_uid")]
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    shown = nodes if everything else [n for n in nodes if n["id"] in linked]
    return {"article": {k: art[k] for k in ("id", "title", "outlet", "published", "url")},
            "nodes": shown, "edges": edges, "unlinked": len(nodes) - len(linked)}


def exchange_for_statements(conn: sqlite3.Connection, uids: list[str]) -> dict[str, Any]:
    """The exchange around a set of statements (e.g. a search result): each with what it
    answers and what answers it."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    if not uids:
        return {"nodes": [], "edges": []}
    marks = ",".join("?" * len(uids))
    for r in conn.execute(_REPLY_SELECT + f" WHERE r.uid IN ({marks}) OR t.uid IN ({marks})",
                          [*uids, *uids]):
        rep = _reply(r)
        edges[(rep["responder"], rep["target"])] = {"source": rep["responder"],
                                                    "target": rep["target"],
                                                    "stance": rep["stance"]}
    wanted = set(uids) | {e["source"] for e in edges.values()} | {e["target"] for e in edges.values()}
    marks = ",".join("?" * len(wanted))
    for r in conn.execute(ROW_SELECT + f" WHERE s.uid IN ({marks})", list(wanted)):
        h = _hit(r)
        nodes[h["id"]] = {"id": h["id"], "local_id": h["local_id"], "speaker": h["speaker"],
                          "speaker_id": h["speaker_id"], "kind": h["kind"],
                          "reading": h["reading"], "said_on": h["said_on"],
                          "venue_type": h["venue_type"], "article_id": h["article_id"],
                          "outlet": h["outlet"], "published": h["published"],
                          "claim_type": h["claim_type"]}
    order = {u: i for i, u in enumerate(uids)}
    return {"nodes": sorted(nodes.values(), key=lambda n: (order.get(n["id"], len(order)),
                                                           n["id"])),
            "edges": sorted(edges.values(), key=lambda e: (e["source"], e["target"]))}


# -- export and counts -------------------------------------------------------------------------
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


def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    """What is in the corpus: counts, the span of publication dates, outlets, statement kinds."""
    d: dict[str, Any] = dict(stats(conn))
    lo, hi = conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
    d["published_from"], d["published_to"] = lo, hi
    d["outlets"] = [{"value": r[0], "n": r[1]} for r in conn.execute(
        "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY 1"
        " ORDER BY 2 DESC, 1 LIMIT 12")]
    d["n_outlets"] = conn.execute("SELECT count(DISTINCT outlet) FROM articles").fetchone()[0]
    d["kinds"] = {r[0]: r[1] for r in conn.execute(
        "SELECT kind, count(*) FROM statements GROUP BY 1")}
    d["replies"] = conn.execute("SELECT count(*) FROM statements WHERE"
                                " json_extract(data, '$.responds_to') IS NOT NULL").fetchone()[0]
    return d
