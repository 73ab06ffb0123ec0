"""The corpus database: one SQLite file in WAL mode, its schema built by versioned migrations.

Each migration runs in its own transaction together with the ``PRAGMA user_version`` bump, so a
database is always at exactly one known version. A database newer than this code is refused.
"""
from __future__ import annotations

import os
import sqlite3

from ..errors import StoreError

APPLICATION_ID = 0x6F6E7263  # "onrc": marks the file as an onrecord database

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "articles, speakers, statements, quote clusters", """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,          -- sha256 of the text: the idempotency key
    ext_id TEXT,                          -- the id the source gave, if any
    path TEXT, url TEXT, title TEXT, outlet TEXT, author TEXT,
    published TEXT,                       -- ISO YYYY-MM-DD
    language TEXT,
    text TEXT NOT NULL,
    n_statements INTEGER NOT NULL DEFAULT 0,
    warnings TEXT,                        -- JSON list
    minhash BLOB,                         -- MinHash of word 3-grams (near-duplicate detection)
    duplicate_of INTEGER REFERENCES articles(id),
    duplicate_similarity REAL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_url ON articles(url);

CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,             -- the merge key, e.g. "person:jane ortiz"
    name TEXT NOT NULL,                   -- the canonical display name
    type TEXT, role TEXT, affiliation TEXT,
    aliases TEXT,                         -- JSON list of the names it was mentioned by
    n_statements INTEGER NOT NULL DEFAULT 0,
    n_articles INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX speakers_name ON speakers(name COLLATE NOCASE);

CREATE TABLE quote_clusters (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,                   -- the earliest occurrence's content
    first_seen TEXT,                      -- earliest published date among its occurrences
    n_occurrences INTEGER NOT NULL,
    n_articles INTEGER NOT NULL,
    outlets TEXT                          -- JSON list
);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,             -- "<article sha256[:12]>-<statement id>": stable across databases
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,                 -- order in the article
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    content_start INTEGER, content_end INTEGER,
    content_spans TEXT,                   -- JSON [[start, end], ...]
    cue TEXT, cue_spans TEXT,
    source TEXT, source_spans TEXT,
    speaker_name TEXT, speaker_type TEXT, speaker_role TEXT, speaker_affiliation TEXT,
    speaker_id INTEGER REFERENCES speakers(id),
    cluster_id INTEGER REFERENCES quote_clusters(id),
    said_on TEXT, stance TEXT, claim_type TEXT,
    confidence REAL, method TEXT,
    minhash BLOB,                         -- MinHash of the content's character 5-grams
    data TEXT NOT NULL                    -- the statement's full JSON (the model contract)
);
CREATE INDEX statements_article ON statements(article_id);
CREATE INDEX statements_speaker ON statements(speaker_id);
CREATE INDEX statements_cluster ON statements(cluster_id);
CREATE INDEX statements_kind ON statements(kind);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""),
    (2, "full-text search on statement content and speaker names", """
CREATE VIRTUAL TABLE statements_fts USING fts5(
    content, speaker, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO statements_fts(rowid, content, speaker)
    SELECT id, content, coalesce(speaker_name, '') FROM statements;
"""),
    (3, "incremental cross-article layer: persisted LSH, stable speaker ids, registry, corrections,"
        " replies across articles", """
-- Speakers are re-derived by the incremental linker with ids computed from their key (the ids
-- of version 2 were insertion order): every article is relinked once, on the next ingest.
UPDATE statements SET speaker_id = NULL, cluster_id = NULL;
UPDATE articles SET duplicate_of = NULL, duplicate_similarity = NULL;
DELETE FROM speakers;
DELETE FROM quote_clusters;
DELETE FROM meta WHERE key = 'dirty';

ALTER TABLE articles ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;  -- 1 once the linker took it in
ALTER TABLE articles ADD COLUMN dup_group INTEGER;    -- near-duplicate group (smallest article id in it)
ALTER TABLE articles ADD COLUMN dup_best REAL;        -- best similarity to another member of the group
CREATE INDEX articles_pending ON articles(id) WHERE linked = 0;
CREATE INDEX articles_dup_group ON articles(dup_group) WHERE dup_group IS NOT NULL;

-- when each article was stored (machine provenance); kept apart so that two runs over the same
-- inputs store identical article rows
CREATE TABLE article_ingest (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    ingested_at TEXT NOT NULL             -- ISO 8601 UTC
);

ALTER TABLE statements ADD COLUMN quote_group INTEGER;     -- same-quote group (smallest statement id)
ALTER TABLE statements ADD COLUMN speaker_link TEXT;       -- why it has this speaker (or none)
ALTER TABLE statements ADD COLUMN speaker_candidates TEXT; -- JSON [{speaker_id, name, external_id}] when unlinked
ALTER TABLE statements ADD COLUMN responds_to_uid TEXT;    -- the statement it answers (in-article or editor's)
ALTER TABLE statements ADD COLUMN not_a_statement INTEGER NOT NULL DEFAULT 0;  -- an editor said so
ALTER TABLE statements ADD COLUMN provenance TEXT NOT NULL DEFAULT 'machine';   -- machine | editor
ALTER TABLE statements ADD COLUMN corrected_at TEXT;       -- latest correction applied (ISO UTC)
ALTER TABLE statements ADD COLUMN corrected_fields TEXT;   -- JSON list: speaker, not_a_statement, responds_to
CREATE INDEX statements_quote_group ON statements(quote_group) WHERE quote_group IS NOT NULL;

ALTER TABLE speakers ADD COLUMN person_id INTEGER;         -- registry entry it is linked to
ALTER TABLE speakers ADD COLUMN external_id TEXT;          -- that entry's QID or own id
CREATE INDEX speakers_person ON speakers(person_id) WHERE person_id IS NOT NULL;

-- the user's registry of people (and organisations) they cover
CREATE TABLE people (
    id INTEGER PRIMARY KEY,               -- derived from the external id (or the name key) at first import
    key TEXT NOT NULL,                    -- the name's canonical key, e.g. "person:emmanuel macron"
    external_id TEXT UNIQUE,              -- a Wikidata QID or the user's own id
    name TEXT NOT NULL, type TEXT NOT NULL DEFAULT 'person',
    role TEXT, affiliation TEXT,          -- affiliation: one or more phrases separated by ';'
    aliases TEXT NOT NULL DEFAULT '[]',   -- JSON list
    source TEXT, imported_at TEXT
);
CREATE INDEX people_key ON people(key);

-- a speaker mention to resolve: the statement's speaker, or the person a reaction names
-- ("blasted Macron's suggestion"); key is the speaker it resolved to (NULL: nobody)
CREATE TABLE mentions (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    role TEXT NOT NULL,                   -- speaker | reply_target
    article_id INTEGER NOT NULL,
    name TEXT NOT NULL, type TEXT, title TEXT, affiliation TEXT,
    name_key TEXT NOT NULL,               -- "person:jane ortiz", "bare:ortiz", "organization:pentagon"
    key TEXT, reason TEXT,
    PRIMARY KEY (statement_id, role)
) WITHOUT ROWID;
CREATE INDEX mentions_name_key ON mentions(name_key);
CREATE INDEX mentions_key ON mentions(key);
CREATE TABLE mention_candidates (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    role TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (statement_id, role, key)
) WITHOUT ROWID;
CREATE INDEX mention_candidates_key ON mention_candidates(key);

-- full person names seen as speakers, by surname: the candidates of a bare surname
CREATE TABLE name_keys (
    key TEXT PRIMARY KEY, surname TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX name_keys_surname ON name_keys(surname);

-- MinHash LSH buckets (datasketch's banding), kept in the store: kind 'a' articles, 'q' quotes
CREATE TABLE lsh (
    kind TEXT NOT NULL, band INTEGER NOT NULL, item INTEGER NOT NULL,
    PRIMARY KEY (kind, band, item)
) WITHOUT ROWID;

-- merges, splits and corrections of speaker identities, as they happened
CREATE TABLE speaker_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL, kind TEXT NOT NULL, -- merge | split | correction
    from_key TEXT, to_key TEXT, from_id INTEGER, to_id INTEGER,
    statements TEXT NOT NULL,             -- JSON list of statement ids (uid)
    reason TEXT
);
CREATE INDEX speaker_events_from ON speaker_events(from_id);
CREATE INDEX speaker_events_to ON speaker_events(to_id);

-- an editor's overrides, keyed by the article's text hash and the statement's content spans
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    article_sha256 TEXT NOT NULL,
    spans TEXT NOT NULL,                  -- JSON [[start, end], ...] of the statement's content
    action TEXT NOT NULL,                 -- speaker | not_a_statement | responds_to
    value TEXT NOT NULL,                  -- JSON
    target_sha256 TEXT,                   -- responds_to: the answered statement's article
    created_at TEXT NOT NULL, editor TEXT, note TEXT,
    UNIQUE (article_sha256, spans, action)
);
CREATE INDEX corrections_target ON corrections(target_sha256) WHERE target_sha256 IS NOT NULL;

-- replies across articles: statement_id answers target_id, said earlier in another article
CREATE TABLE replies (
    statement_id INTEGER PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,
    via TEXT NOT NULL,                    -- in-article (it answers a statement quoted beside it) | named
    target_key TEXT,                      -- the answered speaker (resolved from the mention)
    target_id INTEGER REFERENCES statements(id) ON DELETE SET NULL,  -- NULL: not in the corpus (yet)
    topic TEXT NOT NULL,                  -- JSON list of the words the answered remark is about
    shared TEXT, score REAL,              -- words shared with the target, and their count
    evidence_text TEXT, evidence_spans TEXT,  -- where the article says it is an answer
    published TEXT                        -- the answering article's date
);
CREATE INDEX replies_target ON replies(target_id) WHERE target_id IS NOT NULL;
CREATE INDEX replies_target_key ON replies(target_key, published);

-- one row per statement: what an export needs about identity and provenance
CREATE VIEW statement_links AS
SELECT s.id AS statement_rowid, s.uid AS statement_id, s.speaker_id, sp.key AS speaker_key,
       sp.name AS speaker_canonical, sp.external_id, sp.person_id, s.speaker_link,
       s.speaker_candidates, s.not_a_statement, s.provenance,
       coalesce(s.corrected_at, ai.ingested_at) AS provenance_at, s.corrected_fields,
       s.responds_to_uid, t.uid AS replies_to, r.via AS replies_to_via,
       r.evidence_text AS replies_to_evidence, r.evidence_spans AS replies_to_evidence_spans
FROM statements s
LEFT JOIN article_ingest ai ON ai.article_id = s.article_id
LEFT JOIN speakers sp ON sp.id = s.speaker_id
LEFT JOIN replies r ON r.statement_id = s.id
LEFT JOIN statements t ON t.id = r.target_id;
"""),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def rows(conn: sqlite3.Connection, sql: str, args=()) -> sqlite3.Cursor:
    """``conn.execute`` whose rows are ``sqlite3.Row`` whatever the connection's row factory."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, args)


def _split_sql(script: str) -> list[str]:
    out, cur = [], ""
    for line in script.splitlines(keepends=True):
        cur += line
        if sqlite3.complete_statement(cur):
            if cur.strip():
                out.append(cur.strip())
            cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def connect(path: str, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open (and with ``create``, create and migrate) the corpus database at ``path``;
    ``readonly`` opens it for reading only (see ``connect_readonly``)."""
    if readonly:
        return connect_readonly(path)
    if not create and not os.path.exists(path):
        raise StoreError(f"no corpus database at {path}",
                         hint="run `onrecord ingest PATH... --db FILE` first, or pass --db")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise StoreError(f"folder {parent} does not exist", hint="create it or choose another --db")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{path}: cannot use WAL journal mode (got {mode})",
                             hint="put the database on a local file system")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, path)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not a usable onrecord database: {e}",
                         hint="pass --db with a new file name or an onrecord database") from None
    return conn


def migrate(conn: sqlite3.Connection, path: str = "") -> int:
    """Apply every pending migration, each in one transaction. Returns the schema version."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(f"{path} is not an onrecord database (application_id {app_id:#x})",
                         hint="pass --db with a new file name")
    if app_id == 0 and version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise StoreError(f"{path} is an SQLite database of something else",
                             hint="pass --db with a new file name")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} has schema version {version}, newer than this onrecord "
                         f"({SCHEMA_VERSION})", hint="upgrade onrecord")
    for v, _desc, sql in MIGRATIONS:
        if v <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-read under the write lock: another process may have migrated meanwhile
            if conn.execute("PRAGMA user_version").fetchone()[0] >= v:
                conn.execute("ROLLBACK")
                continue
            for stmt in _split_sql(sql):
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {int(v)}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = v
    return version


def connect_readonly(path: str) -> sqlite3.Connection:
    """Open the corpus database at ``path`` for reading only: nothing is ever written, so a
    database in a read-only folder or on read-only media can be read.

    A WAL database is read with ``mode=ro`` (which sees other processes' commits, through the
    ``-shm`` file beside it); where that file cannot be created (a read-only folder), the file
    is opened ``immutable`` (nothing can change it there). Never migrates: a database older than
    this code is refused with the command that upgrades it."""
    if not os.path.exists(path):
        raise StoreError(f"no corpus database at {path}",
                         hint="run `onrecord ingest PATH... --db FILE` first, or pass --db")
    from urllib.parse import quote

    base = "file:" + quote(os.path.abspath(path))
    last: Exception | None = None
    for params in ("mode=ro", "mode=ro&immutable=1"):
        conn = None
        try:
            conn = sqlite3.connect(f"{base}?{params}", uri=True, isolation_level=None,
                                   timeout=30.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA query_only = 1")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            if conn is not None:
                conn.close()
            last = e
            continue
        if app_id != APPLICATION_ID:
            conn.close()
            raise StoreError(f"{path} is not an onrecord database",
                             hint="pass --db with a database made by `onrecord ingest`")
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"{path} has schema version {version}, newer than this onrecord "
                             f"({SCHEMA_VERSION})", hint="upgrade onrecord")
        if version < SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"{path} has schema version {version}, older than this onrecord "
                             f"({SCHEMA_VERSION}) and it is opened read-only",
                             hint="open it once where it is writable (any "
                                  "`onrecord ingest … --db FILE` upgrades it)")
        return conn
    raise StoreError(f"{path} cannot be opened for reading: {last}",
                     hint="check that the file is readable and is an onrecord database")
