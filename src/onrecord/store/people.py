"""The user's registry of the people (and organisations) they cover, and linking speakers to it.

A registry is read from a CSV file (``onrecord people import FILE.csv``), one entry a row::

    name,aliases,role,affiliation,qid
    Emmanuel Macron,Macron;President Macron,President of France,France;French;Élysée,Q3052772
    Boris Johnson,,Prime Minister,United Kingdom;Conservative Party,Q180589

* ``name`` is required; ``aliases`` and ``affiliation`` hold several values separated by ``;``
  (or ``|``); ``role``, ``affiliation`` and the id are optional. The id column may be called
  ``qid``, ``wikidata``, ``external_id`` or ``id``; a ``qid``/``wikidata`` value must look like
  ``Q42``. An optional ``type`` column says ``person`` (the default), ``organization``,
  ``country`` or ``group``.
* Importing again updates the entries (matched by id, else by name) and keeps the others; a bad
  row is reported with its line number and the rest is imported.
* An entry's id is derived from its external id (or its name) when first imported, so a
  registry imported into two databases gets the same ids.

Linking (done by ``link.py`` with ``speakers.choose``): a full name or a full-name alias links
directly; a surname or a one-word alias only when the article supports it (see
``speakers.py``).
"""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import SPEAKER_TYPES
from .schema import rows as _rows
from .speakers import Candidate, key_surname, key_words, mention_key, speaker_id

ID_COLUMNS = ("qid", "wikidata", "wikidata_id", "external_id", "id")
ALIAS_COLUMNS = ("aliases", "alias", "also_known_as")
ROLE_COLUMNS = ("role", "title", "position")
AFFILIATION_COLUMNS = ("affiliation", "affiliations", "organization", "party", "country")
_SPLIT = re.compile(r"\s*[;|]\s*")
_QID = re.compile(r"^Q[1-9]\d*$")
MAX_REGISTRY_BYTES = 50_000_000


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Person:
    id: int
    key: str
    name: str
    type: str = "person"
    external_id: str | None = None
    role: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)
    speaker_key: str = ""              # set by Registry (the name key, made unique)

    @property
    def affiliations(self) -> tuple[str, ...]:
        return tuple(a for a in _SPLIT.split(self.affiliation or "") if a)

    def alias_keys(self) -> list[str]:
        return [k for k in (mention_key(a, self.type) for a in self.aliases) if k]

    def full_keys(self) -> list[str]:
        """Keys that name this entry on their own: its name and its full-name aliases."""
        keys = [self.key] + [k for k in self.alias_keys() if not k.startswith("bare:")]
        return list(dict.fromkeys(keys))

    def words(self) -> list[str]:
        """Bare words that may refer to it given support: surname and one-word aliases."""
        out = []
        if self.key.startswith("person:"):
            out.append(key_surname(self.key) if len(key_words(self.key)) > 1 else key_words(self.key)[0])
        out += [key_words(k)[0] for k in self.alias_keys() if k.startswith("bare:")]
        return list(dict.fromkeys(out))

    def candidate(self) -> Candidate:
        return Candidate(key=self.speaker_key, name=self.name,
                         names=tuple(k for k in self.full_keys() if k.startswith("person:")
                                     and len(key_words(k)) > 1),
                         registry=True, role=self.role, affiliations=self.affiliations,
                         external_id=self.external_id)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "external_id": self.external_id, "name": self.name,
                "type": self.type, "role": self.role, "affiliation": self.affiliation,
                "aliases": list(self.aliases), "speaker_id": speaker_id(self.speaker_key),
                "speaker_key": self.speaker_key}


def _person(r: sqlite3.Row) -> Person:
    return Person(id=r["id"], key=r["key"], name=r["name"], type=r["type"],
                  external_id=r["external_id"], role=r["role"], affiliation=r["affiliation"],
                  aliases=json.loads(r["aliases"] or "[]"))


class Registry:
    """The registry in memory, indexed the ways the linker asks: by full-name key, by bare word,
    by speaker key."""

    def __init__(self, people: list[Person]):
        self.people = sorted(people, key=lambda p: p.id)
        shared = defaultdict(list)
        for p in self.people:
            shared[p.key].append(p)
        for key, ps in shared.items():
            for p in ps:  # homonyms get speaker keys of their own
                p.speaker_key = key if len(ps) == 1 else f"{key}#{p.external_id or p.id}"
        self.by_full: dict[str, list[Person]] = defaultdict(list)
        self.by_word: dict[str, list[Person]] = defaultdict(list)
        self.by_speaker: dict[str, Person] = {}
        for p in self.people:
            for k in p.full_keys():
                self.by_full[k].append(p)
            for w in p.words():
                self.by_word[w].append(p)
            self.by_speaker[p.speaker_key] = p

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Registry":
        return cls([_person(r) for r in _rows(conn, "SELECT * FROM people ORDER BY id")])

    def __len__(self) -> int:
        return len(self.people)

    def for_speaker(self, key: str | None) -> Person | None:
        return self.by_speaker.get(key) if key else None


# -- reading a registry file --------------------------------------------------------------------
@dataclass
class Row:
    line: int
    name: str
    type: str = "person"
    external_id: str | None = None
    role: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    statements_relinked: int = 0
    moved: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "rows_skipped": [{"line": n, "reason": r} for n, r in self.skipped],
                "statements_relinked": self.statements_relinked, "statements_moved": self.moved}


def _pick(row: dict[str, str], names: tuple[str, ...]) -> tuple[str | None, str | None]:
    for n in names:
        if n in row and (row[n] or "").strip():
            return n, row[n].strip()
    return None, None


def read_registry(path: str) -> tuple[list[Row], list[tuple[int, str]]]:
    """The rows of a registry CSV and the lines skipped with their reason."""
    p = Path(path)
    if not p.is_file():
        raise StoreError(f"no registry file {path}", hint="give a CSV file with a name column")
    if p.stat().st_size > MAX_REGISTRY_BYTES:
        raise StoreError(f"{path} is over {MAX_REGISTRY_BYTES // 1_000_000} MB",
                         hint="split the registry into several files")
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise StoreError(f"{path} is not UTF-8 ({e.reason} at byte {e.start})",
                         hint="save the CSV as UTF-8") from None
    if not text.strip():
        raise StoreError(f"{path} is empty", hint="the first line names the columns: name,aliases,role,affiliation,qid")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
    if "name" not in fields:
        raise StoreError(f"{path}: no 'name' column (columns: {', '.join(fields) or 'none'})",
                         hint="the first line names the columns: name,aliases,role,affiliation,qid")
    reader.fieldnames = fields
    rows, skipped, seen = [], [], {}
    try:
        for rec in reader:
            line = reader.line_num
            rec = {k: (v if isinstance(v, str) else "") for k, v in rec.items() if k}
            name = " ".join((rec.get("name") or "").split())
            if not name:
                if any((v or "").strip() for v in rec.values()):
                    skipped.append((line, "no name"))
                continue
            typ = (rec.get("type") or "person").strip().lower() or "person"
            if typ not in SPEAKER_TYPES or typ == "unknown":
                skipped.append((line, f"unknown type {typ!r} (person, organization, country or group)"))
                continue
            col, ext = _pick(rec, ID_COLUMNS)
            if ext and col in ("qid", "wikidata", "wikidata_id"):
                ext = ext.upper()
                if ext.startswith("HTTP"):  # a Wikidata URL
                    ext = ext.rstrip("/").rsplit("/", 1)[-1]
                if not _QID.match(ext):
                    skipped.append((line, f"{col} {rec[col].strip()!r} is not a Wikidata id like Q42"))
                    continue
            if mention_key(name, typ) is None:
                skipped.append((line, f"{name!r} is not a name"))
                continue
            if ext and ext in seen:
                skipped.append((line, f"id {ext} already given on line {seen[ext]}"))
                continue
            if ext:
                seen[ext] = line
            _, aliases = _pick(rec, ALIAS_COLUMNS)
            _, role = _pick(rec, ROLE_COLUMNS)
            aff_col, _ = _pick(rec, AFFILIATION_COLUMNS)
            affs = [a for c in AFFILIATION_COLUMNS for a in _SPLIT.split(rec.get(c) or "") if a.strip()]
            rows.append(Row(line=line, name=name, type=typ, external_id=ext or None, role=role,
                            affiliation="; ".join(dict.fromkeys(affs)) if aff_col else None,
                            aliases=[a for a in dict.fromkeys(_SPLIT.split(aliases or "")) if a and a != name]))
    except csv.Error as e:
        skipped.append((reader.line_num, f"unreadable CSV: {e}; the rest of the file was not read"))
    return rows, skipped


def upsert(conn: sqlite3.Connection, rows: list[Row], source: str) -> tuple[ImportReport, list[Person], list[Person]]:
    """Write registry rows (inside the caller's transaction). Returns the report and the entries
    before and after for every row that changed something."""
    report = ImportReport()
    before, after = [], []
    stamp = now()
    for r in rows:
        key = mention_key(r.name, r.type)
        if key.startswith("bare:"):
            key = "person:" + key[5:]
        old = None
        if r.external_id:
            old = _rows(conn, "SELECT * FROM people WHERE external_id = ?", (r.external_id,)).fetchone()
        if old is None:
            old = _rows(conn, "SELECT * FROM people WHERE key = ? AND (external_id IS NULL OR ? IS NULL)"
                               " ORDER BY id LIMIT 1", (key, r.external_id)).fetchone()
        values = (key, r.external_id, r.name, r.type, r.role, r.affiliation,
                  json.dumps(r.aliases, ensure_ascii=False))
        if old is not None:
            if (old["key"], old["external_id"], old["name"], old["type"], old["role"],
                    old["affiliation"], old["aliases"]) == values:
                report.unchanged += 1
                continue
            conn.execute("UPDATE people SET key=?, external_id=?, name=?, type=?, role=?, affiliation=?,"
                         " aliases=?, source=?, imported_at=? WHERE id = ?",
                         (*values, source, stamp, old["id"]))
            before.append(_person(old))
            after.append(_person(_rows(conn, "SELECT * FROM people WHERE id = ?", (old["id"],)).fetchone()))
            report.updated += 1
        else:
            pid = speaker_id("registry:" + (r.external_id or key))
            while conn.execute("SELECT 1 FROM people WHERE id = ?", (pid,)).fetchone():
                pid = speaker_id(f"registry:{r.external_id or key}#{pid}")  # a homonym without id
            conn.execute("INSERT INTO people (id, key, external_id, name, type, role, affiliation,"
                         " aliases, source, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         (pid, *values, source, stamp))
            after.append(_person(_rows(conn, "SELECT * FROM people WHERE id = ?", (pid,)).fetchone()))
            report.added += 1
    return report, before, after


def list_people(conn: sqlite3.Connection, name: str | None = None) -> list[dict[str, Any]]:
    """Registry entries with the speaker each is linked to and its statement count."""
    reg = Registry.load(conn)
    out = []
    for p in sorted(reg.people, key=lambda p: (p.name.lower(), p.id)):
        if name and name.lower() not in (p.name + " " + " ".join(p.aliases)).lower() and \
                name != p.external_id:
            continue
        d = p.as_dict()
        row = conn.execute("SELECT n_statements, n_articles FROM speakers WHERE id = ?",
                           (d["speaker_id"],)).fetchone()
        d["n_statements"] = row[0] if row else 0
        d["n_articles"] = row[1] if row else 0
        out.append(d)
    return out


# -- one person or speaker ----------------------------------------------------------------------
def _speaker_row(conn: sqlite3.Connection, where: str, args: tuple) -> sqlite3.Row | None:
    return _rows(conn, "SELECT * FROM speakers WHERE " + where, args).fetchone()


def find(conn: sqlite3.Connection, who: str) -> tuple[Person | None, sqlite3.Row | None]:
    """The registry entry and/or corpus speaker ``who`` names: a registry id (QID or own), a
    speaker id, or a name (exact, else a unique part of one)."""
    who = (who or "").strip()
    if not who:
        raise StoreError("give a name or an id")
    reg = Registry.load(conn)
    low = who.lower()
    p = next((q for q in reg.people if (q.external_id or "").lower() == low or str(q.id) == who), None)
    sp = None
    if p is None and who.isdigit():
        sp = _speaker_row(conn, "id = ?", (int(who),))
    if p is None and sp is None:
        named = [q for q in reg.people if q.name.lower() == low] or \
                [q for q in reg.people if low in (a.lower() for a in q.aliases)]
        if len(named) > 1:
            raise StoreError(f"{who!r} names {len(named)} registry entries",
                             hint="give one of their ids: " + ", ".join(q.external_id or str(q.id) for q in named))
        p = named[0] if named else None
    if p is None and sp is None:
        rows = _rows(conn, "SELECT * FROM speakers WHERE name = ? COLLATE NOCASE OR key = ?"
                            " ORDER BY n_statements DESC, id", (who, who)).fetchall()
        if not rows:
            rows = _rows(conn, "SELECT * FROM speakers WHERE name LIKE ? ORDER BY n_statements DESC,"
                                " id LIMIT 11", (f"%{who}%",)).fetchall()
        if len(rows) > 1:
            raise StoreError(f"{who!r} matches {len(rows)}{'+' if len(rows) > 10 else ''} speakers: "
                             + "; ".join(f"{r['name']} ({r['id']})" for r in rows[:10]),
                             hint="give the speaker id")
        sp = rows[0] if rows else None
    if p is not None and sp is None:
        sp = _speaker_row(conn, "id = ?", (speaker_id(p.speaker_key),))
    if sp is not None and p is None:
        p = reg.for_speaker(sp["key"])
    if p is None and sp is None:
        raise StoreError(f"no person or speaker {who!r}",
                         hint="`onrecord people list` and `onrecord speakers` show who is there")
    return p, sp


def show(conn: sqlite3.Connection, who: str, limit: int = 20) -> dict[str, Any]:
    """Everything about one person: registry entry, speaker (stable id, names), how its
    statements were linked, mentions left unlinked that may be them, merges and splits, its
    latest statements, and the replies across articles it received and made."""
    from . import replies
    p, sp = find(conn, who)
    key = sp["key"] if sp is not None else p.speaker_key
    sid = speaker_id(key)
    out: dict[str, Any] = {"person": p.as_dict() if p else None, "speaker": None}
    if sp is not None:
        d = dict(sp)
        d["aliases"] = json.loads(d["aliases"] or "[]")
        out["speaker"] = d
    out["links"] = [{"reason": r[0], "statements": r[1]} for r in _rows(conn, 
        "SELECT speaker_link, count(*) FROM statements WHERE speaker_id = ? GROUP BY speaker_link"
        " ORDER BY count(*) DESC, speaker_link", (sid,))]
    # mentions left unlinked that list them as a candidate: as the speaker, or as the person a
    # reaction names ("blasted Macron's suggestion")
    out["unlinked"] = [dict(r) for r in _rows(conn,
        "SELECT s.uid AS statement_id, m.role, m.name, m.reason, a.outlet, a.published, s.content"
        " FROM mention_candidates mc JOIN mentions m ON m.statement_id = mc.statement_id"
        " AND m.role = mc.role JOIN statements s ON s.id = mc.statement_id"
        " JOIN articles a ON a.id = s.article_id WHERE mc.key = ?"
        " ORDER BY a.published DESC, s.uid, m.role LIMIT ?", (key, limit))]
    out["statements"] = [dict(r) for r in _rows(conn, 
        "SELECT s.uid AS id, a.published, a.outlet, s.kind, s.content, s.speaker_link, s.provenance"
        " FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = ?"
        " ORDER BY a.published IS NULL, a.published DESC, s.uid LIMIT ?", (sid, limit))]
    out["history"] = [{**dict(r), "statements": json.loads(r["statements"])} for r in _rows(conn, 
        "SELECT at, kind, from_key, to_key, from_id, to_id, statements, reason FROM speaker_events"
        " WHERE from_id = ? OR to_id = ? ORDER BY id", (sid, sid))]
    out["answered_by"] = replies.answered_by(conn, key, limit)
    out["answers"] = replies.answers_of(conn, sid, limit)
    return out
