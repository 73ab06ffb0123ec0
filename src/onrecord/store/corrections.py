"""An editor's corrections: kept apart from the machine's output, keyed by what does not change
when the corpus is rebuilt from the same inputs — the article's text hash and the statement's
content spans — so they are applied again after a re-ingest, a ``reindex`` (even one that
extracts again, where statement ids may shift), and in another database after
``corrections export`` / ``corrections import``.

Actions: ``speaker`` (value ``{"name", "external_id"?, "type"?}``), ``not_a_statement`` (value
``true``), ``responds_to`` (value ``{"article_sha256", "spans"}`` of the answered statement, or
``null``: it answers nothing).

A correction finds its statement by equal spans, else by the statement of its article whose
content overlaps the corrected spans most (at least ``MIN_OVERLAP`` of their union); one that
finds none is kept and listed as unmatched.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError
from .schema import rows as _rows

ACTIONS = ("speaker", "not_a_statement", "responds_to")
FORMAT = "onrecord-correction/1"
# An extractor that moves a span edge by a word still finds the corrected statement; one that
# finds a different statement in the same place does not take the correction.
MIN_OVERLAP = 0.5
_SHA = re.compile(r"^[0-9a-f]{64}$")
MAX_FILE_BYTES = 200_000_000


@dataclass
class Correction:
    article_sha256: str
    spans: list[list[int]]
    action: str
    value: Any
    created_at: str
    editor: str | None = None
    note: str | None = None
    id: int | None = None

    @property
    def target_sha256(self) -> str | None:
        if self.action == "responds_to" and isinstance(self.value, dict):
            return self.value.get("article_sha256")
        return None

    def record(self) -> dict[str, Any]:
        """The exported form (one JSON line)."""
        return {"format": FORMAT, "article_sha256": self.article_sha256, "spans": self.spans,
                "action": self.action, "value": self.value, "created_at": self.created_at,
                "editor": self.editor, "note": self.note}


def spans_json(spans) -> str:
    return json.dumps(sorted([int(a), int(b)] for a, b in spans))


def from_row(r: sqlite3.Row) -> Correction:
    return Correction(article_sha256=r["article_sha256"], spans=json.loads(r["spans"]),
                      action=r["action"], value=json.loads(r["value"]), created_at=r["created_at"],
                      editor=r["editor"], note=r["note"], id=r["id"])


def _overlap(a: list, b: list) -> float:
    """Jaccard similarity of the characters covered by two span lists."""
    ca = {i for s, e in a for i in range(s, e)}
    cb = {i for s, e in b for i in range(s, e)}
    if not ca or not cb:
        return 0.0
    return len(ca & cb) / len(ca | cb)


def match(statements: list[tuple[int, str | None]], spans: list) -> int | None:
    """The statement (id, content spans JSON) a correction with ``spans`` applies to."""
    want = spans_json(spans)
    parsed = []
    for sid, sj in statements:
        s = json.loads(sj) if sj else []
        if spans_json(s) == want:
            return sid
        parsed.append((sid, s))
    best = None
    for sid, s in parsed:
        o = _overlap(s, spans)
        if o >= MIN_OVERLAP and (best is None or o > best[0]):
            best = (o, sid)
    return best[1] if best else None


def _article_statements(conn: sqlite3.Connection, sha: str) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT s.id, s.content_spans FROM statements s JOIN articles a ON a.id = s.article_id"
        " WHERE a.sha256 = ? ORDER BY s.id", (sha,))]


def for_article(conn: sqlite3.Connection, sha: str) -> dict[int, dict[str, Correction]]:
    """The corrections of one article, by the statement they apply to."""
    xs = [from_row(r) for r in _rows(
        conn, "SELECT * FROM corrections WHERE article_sha256 = ? ORDER BY id", (sha,))]
    if not xs:
        return {}
    stmts = _article_statements(conn, sha)
    out: dict[int, dict[str, Correction]] = {}
    for x in xs:
        sid = match(stmts, x.spans)
        if sid is not None:
            out.setdefault(sid, {})[x.action] = x
    return out


def for_statement(conn: sqlite3.Connection, statement_id: int) -> dict[str, Correction]:
    row = conn.execute("SELECT a.sha256 FROM statements s JOIN articles a ON a.id = s.article_id"
                       " WHERE s.id = ?", (statement_id,)).fetchone()
    return for_article(conn, row[0]).get(statement_id, {}) if row else {}


def statement_for(conn: sqlite3.Connection, x: Correction) -> int | None:
    return match(_article_statements(conn, x.article_sha256), x.spans)


def target_uid(conn: sqlite3.Connection, x: Correction) -> str | None:
    """The id of the statement a ``responds_to`` correction names (None: none, or not stored)."""
    v = x.value
    if not isinstance(v, dict):
        return None
    sid = match(_article_statements(conn, v["article_sha256"]), v["spans"])
    if sid is None:
        return None
    return conn.execute("SELECT uid FROM statements WHERE id = ?", (sid,)).fetchone()[0]


def find_statement(conn: sqlite3.Connection, ident: str) -> sqlite3.Row:
    """A statement by its id (``3f2a9c1b7d4e-s2``), a unique prefix of it, or its row number."""
    sql = ("SELECT s.id, s.uid, s.article_id, s.content, s.content_spans, s.speaker_id, a.sha256"
           " FROM statements s JOIN articles a ON a.id = s.article_id")
    ident = (ident or "").strip()
    row = _rows(conn, sql + " WHERE s.uid = ?", (ident,)).fetchone()
    if row is None and ident.isdigit():
        row = _rows(conn, sql + " WHERE s.id = ?", (int(ident),)).fetchone()
    if row is None and ident:
        rows = _rows(conn, sql + " WHERE s.uid LIKE ? LIMIT 2", (ident.replace("%", "") + "%",)).fetchall()
        if len(rows) > 1:
            raise StoreError(f"{ident!r} names more than one statement", hint="give the whole id")
        row = rows[0] if rows else None
    if row is None:
        raise StoreError(f"no statement {ident!r}", hint="statement ids are shown by `onrecord search`")
    return row


def save(conn: sqlite3.Connection, x: Correction) -> bool:
    """Store ``x`` (inside the caller's transaction), replacing an older correction of the same
    statement and action. Returns False when a newer one was kept instead."""
    row = conn.execute("SELECT created_at FROM corrections WHERE article_sha256 = ? AND spans = ?"
                       " AND action = ?", (x.article_sha256, spans_json(x.spans), x.action)).fetchone()
    if row is not None and row[0] > x.created_at:
        return False
    conn.execute("INSERT INTO corrections (article_sha256, spans, action, value, target_sha256,"
                 " created_at, editor, note) VALUES (?,?,?,?,?,?,?,?)"
                 " ON CONFLICT(article_sha256, spans, action) DO UPDATE SET value = excluded.value,"
                 " target_sha256 = excluded.target_sha256, created_at = excluded.created_at,"
                 " editor = excluded.editor, note = excluded.note",
                 (x.article_sha256, spans_json(x.spans), x.action,
                  json.dumps(x.value, ensure_ascii=False), x.target_sha256, x.created_at, x.editor,
                  x.note))
    return True


def delete(conn: sqlite3.Connection, statement_id: int, actions: list[str]) -> int:
    """Remove the corrections (of ``actions``) applying to one statement."""
    found = for_statement(conn, statement_id)
    n = 0
    for a in actions:
        if a in found:
            conn.execute("DELETE FROM corrections WHERE id = ?", (found[a].id,))
            n += 1
    return n


def list_corrections(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every correction with the statement it applies to in this database (None: unmatched)."""
    out = []
    cache: dict[str, list] = {}
    for r in _rows(conn, "SELECT * FROM corrections ORDER BY created_at, id"):
        x = from_row(r)
        if x.article_sha256 not in cache:
            cache[x.article_sha256] = _article_statements(conn, x.article_sha256)
        sid = match(cache[x.article_sha256], x.spans)
        uid = content = None
        if sid is not None:
            uid, content = conn.execute("SELECT uid, content FROM statements WHERE id = ?", (sid,)).fetchone()
        d = x.record()
        d.pop("format")
        d.update({"id": x.id, "statement_id": uid, "content": content})
        out.append(d)
    return out


def export_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for r in _rows(conn, "SELECT * FROM corrections ORDER BY created_at, id"):
        yield from_row(r).record()


def parse_record(d: Any) -> Correction:
    """A correction from its exported form; ValueError says what is wrong."""
    if not isinstance(d, dict):
        raise ValueError("not a JSON object")
    if d.get("format", FORMAT) != FORMAT:
        raise ValueError(f"unknown format {d.get('format')!r} (expected {FORMAT})")
    sha = d.get("article_sha256")
    if not isinstance(sha, str) or not _SHA.match(sha):
        raise ValueError("article_sha256 is not a sha256 hex digest")
    spans = _spans(d.get("spans"), "spans")
    action = d.get("action")
    if action not in ACTIONS:
        raise ValueError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    v = d.get("value")
    if action == "speaker":
        if not isinstance(v, dict) or not isinstance(v.get("name"), str) or not v["name"].strip():
            raise ValueError("a speaker correction needs value.name")
    elif action == "not_a_statement":
        if not isinstance(v, bool):
            raise ValueError("a not_a_statement correction needs value true or false")
    elif v is not None:
        if not isinstance(v, dict) or not _SHA.match(str(v.get("article_sha256", ""))):
            raise ValueError("a responds_to correction needs value null or {article_sha256, spans}")
        v = {"article_sha256": v["article_sha256"], "spans": _spans(v.get("spans"), "value.spans")}
    created = d.get("created_at")
    if not isinstance(created, str) or not re.match(r"^\d{4}-\d{2}-\d{2}T", created):
        raise ValueError("created_at is not an ISO 8601 time")
    return Correction(sha, spans, action, v, created, d.get("editor"), d.get("note"))


def _spans(v: Any, what: str) -> list[list[int]]:
    if not isinstance(v, list) or not v or not all(
            isinstance(s, list) and len(s) == 2 and all(isinstance(i, int) and i >= 0 for i in s)
            and s[0] < s[1] for s in v):
        raise ValueError(f"{what} is not a list of [start, end] pairs")
    return sorted([int(a), int(b)] for a, b in v)


def read_file(path: str) -> tuple[list[Correction], list[tuple[int, str]]]:
    """Corrections from an exported JSON Lines file, and the lines skipped with their reason."""
    p = Path(path)
    if not p.is_file():
        raise StoreError(f"no corrections file {path}", hint="give a file written by `onrecord corrections export`")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise StoreError(f"{path} is over {MAX_FILE_BYTES // 1_000_000} MB", hint="split it")
    out, skipped = [], []
    with p.open("rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                skipped.append((n, "not UTF-8"))
                continue
            if not line:
                continue
            try:
                out.append(parse_record(json.loads(line)))
            except json.JSONDecodeError as e:
                skipped.append((n, f"not JSON ({e.msg})"))
            except ValueError as e:
                skipped.append((n, str(e)))
    return out, skipped
