"""Writing to the corpus: one article (with its statements) per transaction; then the
incremental cross-article pass (``link.py``) over the articles not linked yet, so ingesting N
articles costs in proportion to N, never to what is stored. ``reindex`` is the deliberate full
pass. The editor's operations (registry import, corrections) also go through the one writer here.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from ..model import Article, ArticleResult
from . import corrections as corr
from . import similarity
from .link import Linker, LinkStats, Progress
from .people import ImportReport, Registry, now, read_registry, upsert
from .schema import connect, rows


def content_text(article_text: str, st) -> str:
    """The content as stored for search and display: its pieces joined by a space (the
    statement's own ``content.text`` joins them with nothing: "…down" + "The…")."""
    spans = st.content.spans
    if len(spans) <= 1 or not article_text:
        return st.content.text
    parts = [article_text[s.start:s.end].strip() for s in spans]
    return " ".join(p for p in parts if p)


def _spans(ev) -> str | None:
    return json.dumps([s.as_list() for s in ev.spans]) if ev is not None else None


@dataclass
class FinalizeStats:
    speakers: int = 0
    clusters: int = 0
    clustered_statements: int = 0
    duplicate_articles: int = 0


class Store:
    """The one write connection to a corpus database."""

    def __init__(self, path: str, create: bool = True):
        self.path = path
        self.conn = connect(path, create=create)

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading what is there -------------------------------------------------------------
    def known_hashes(self) -> set[str]:
        """Every stored text hash (a pass over the corpus: prefer ``has`` per article)."""
        return {r[0] for r in self.conn.execute("SELECT sha256 FROM articles")}

    def has(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE sha256 = ?", (sha256,)).fetchone() is not None

    # -- writing ---------------------------------------------------------------------------
    def add(self, result: ArticleResult) -> int | None:
        """``write`` with the similarity signatures computed here."""
        text = result.article.text
        return self.write(result, similarity.article_signature(text),
                          [similarity.quote_signatures(text, [(p.start, p.end) for p in s.content.spans])
                           for s in result.statements])

    def write(self, result: ArticleResult, article_sig: bytes | None = None,
              quote_sigs: list[bytes | None] | None = None) -> int | None:
        """Store one article and its statements in one transaction (linked later, by ``link``).
        Returns the number of statements stored, or None when the article (same text) is
        already there."""
        a = result.article
        sha = a.text_sha256
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            cur = c.execute(
                "INSERT INTO articles (sha256, ext_id, path, url, title, outlet, author, published,"
                " language, text, n_statements, warnings, minhash)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(sha256) DO NOTHING",
                (sha, a.id if a.id and a.id != sha[:16] else None, a.path, a.url, a.title,
                 a.outlet, a.author, a.published, a.language, a.text, len(result.statements),
                 json.dumps(result.warnings) if result.warnings else None, article_sig))
            if cur.rowcount == 0:
                c.execute("ROLLBACK")
                return None
            article_id = cur.lastrowid
            c.execute("INSERT INTO article_ingest (article_id, ingested_at) VALUES (?,?)",
                      (article_id, now()))
            self._insert_statements(article_id, sha, a.text, result, quote_sigs)
            c.execute("COMMIT")
            return len(result.statements)
        except sqlite3.Error as e:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not store article {a.path or sha[:12]}: {e}",
                             hint="is the disk full or the database locked by another writer?") from None

    def _insert_statements(self, article_id: int, sha: str, text: str, result: ArticleResult,
                           quote_sigs: list[bytes | None] | None) -> None:
        c = self.conn
        seen: set[str] = set()
        for seq, st in enumerate(result.statements):
            local = st.id or str(seq)
            uid = f"{sha[:12]}-{local}"
            if uid in seen:
                uid = f"{sha[:12]}-{local}.{seq}"
            seen.add(uid)
            sp = st.speaker
            sig = quote_sigs[seq] if quote_sigs and seq < len(quote_sigs) else None
            cur = c.execute(
                "INSERT INTO statements (uid, article_id, seq, kind, content, content_start,"
                " content_end, content_spans, cue, cue_spans, source, source_spans,"
                " speaker_name, speaker_type, speaker_role, speaker_affiliation, said_on,"
                " stance, claim_type, confidence, method, minhash, data)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (uid, article_id, seq, st.kind, content_text(text, st),
                 st.content.start if st.content.spans else None,
                 st.content.end if st.content.spans else None, _spans(st.content),
                 st.cue.text if st.cue else None, _spans(st.cue),
                 st.source.text if st.source else None, _spans(st.source),
                 sp.name if sp else None, sp.type if sp else None,
                 sp.role if sp else None, sp.affiliation if sp else None,
                 st.said_on.value if st.said_on else None, st.stance, st.claim_type,
                 st.confidence, st.method, sig, json.dumps(st.as_dict(), ensure_ascii=False)))
            c.execute("INSERT INTO statements_fts (rowid, content, speaker) VALUES (?,?,?)",
                      (cur.lastrowid, content_text(text, st), (sp.name if sp else "") or ""))

    def counts(self) -> dict[str, int]:
        """Speakers, quote clusters and near-duplicate articles (read from their own tables and
        indexes, not from the statements)."""
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {"speakers": one("SELECT count(*) FROM speakers"),
                "quote_clusters": one("SELECT count(*) FROM quote_clusters"),
                "duplicate_articles": one("SELECT count(*) FROM articles WHERE dup_group IS NOT NULL"
                                          " AND duplicate_of IS NOT NULL")}

    # -- the cross-article pass ----------------------------------------------------------
    def linker(self) -> Linker:
        return Linker(self.conn)

    def pending(self) -> int:
        """Articles stored but not linked yet."""
        return self.linker().pending()

    def dirty(self) -> bool:
        return self.pending() > 0

    def link(self, progress: Progress | None = None) -> LinkStats:
        """Link the articles stored since the last pass (in proportion to their number)."""
        return self.linker().link_pending(progress)

    def reindex(self, progress: Progress | None = None, extractor=None,
                extract_progress: Progress | None = None) -> LinkStats:
        """The deliberate full pass: forget every derived value and link all articles again.
        With ``extractor`` (an object with ``extract(Article)``, e.g. a ``Pipeline``), extract
        every article's statements again first; corrections are applied again by their spans."""
        lk = self.linker()
        lk.clear()
        if extractor is not None:
            self._extract_again(extractor, extract_progress)
        return lk.link_pending(progress)

    def _extract_again(self, extractor, progress: Progress | None) -> None:
        c = self.conn
        ids = [r[0] for r in c.execute("SELECT id FROM articles ORDER BY id")]
        for i, aid in enumerate(ids, 1):
            r = c.execute("SELECT * FROM articles WHERE id = ?", (aid,)).fetchone()
            art = Article(text=r["text"], id=r["ext_id"] or "", path=r["path"], url=r["url"],
                          title=r["title"], outlet=r["outlet"], author=r["author"],
                          published=r["published"], language=r["language"] or "en")
            result = extractor.extract(art)
            sigs = [similarity.quote_signatures(art.text, [(p.start, p.end) for p in s.content.spans])
                    for s in result.statements]
            try:
                c.execute("BEGIN IMMEDIATE")
                old = [x[0] for x in c.execute("SELECT id FROM statements WHERE article_id = ?", (aid,))]
                c.executemany("DELETE FROM statements_fts WHERE rowid = ?", [(x,) for x in old])
                c.execute("DELETE FROM statements WHERE article_id = ?", (aid,))
                self._insert_statements(aid, r["sha256"], art.text, result, sigs)
                c.execute("UPDATE articles SET n_statements = ?, warnings = ?, linked = 0 WHERE id = ?",
                          (len(result.statements),
                           json.dumps(result.warnings) if result.warnings else None, aid))
                c.execute("COMMIT")
            except sqlite3.Error as e:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise StoreError(f"{self.path}: could not store the new statements of article"
                                 f" {r['path'] or r['sha256'][:12]}: {e}") from None
            if progress:
                progress(i, len(ids))

    def finalize(self, force: bool = False) -> "FinalizeStats | None":
        """Link what is pending (``force``: ``reindex``); None when nothing was pending."""
        if force:
            self.reindex()
        elif self.link().articles == 0:
            return None
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return FinalizeStats(
            speakers=one("SELECT count(*) FROM speakers"),
            clusters=one("SELECT count(*) FROM quote_clusters"),
            clustered_statements=one("SELECT count(*) FROM statements WHERE cluster_id IS NOT NULL"),
            duplicate_articles=one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"))

    # -- the registry ------------------------------------------------------------------------
    def import_people(self, path: str) -> ImportReport:
        """Import a registry CSV (see ``people.py``) and relink the speakers it concerns."""
        rows, skipped = read_registry(path)
        c = self.conn
        lk = self.linker()

        def run():
            report, before, after = upsert(c, rows, path)
            report.skipped = skipped
            if before or after:
                report.statements_relinked, report.moved = lk.relink_registry(before, after)
            return report
        return lk.transaction(run)

    # -- corrections ---------------------------------------------------------------------------
    def correct(self, statement: str, *, speaker: str | None = None,
                not_a_statement: bool = False, responds_to: str | None = None,
                undo: bool = False, editor: str | None = None, note: str | None = None
                ) -> dict[str, Any]:
        """Correct one statement (by id): its speaker (a registry id or name, a speaker id, or a
        name), that it is not a statement, or which statement it answers (``"none"``: none).
        With ``undo``, remove the named corrections (all when none is named) instead. Returns
        the statement's identity and provenance afterwards."""
        c = self.conn
        row = corr.find_statement(c, statement)
        actions = [a for a, on in (("speaker", speaker is not None), ("not_a_statement", not_a_statement),
                                   ("responds_to", responds_to is not None)) if on]
        if not undo and not actions:
            raise StoreError("nothing to correct",
                             hint="give --speaker NAME, --not-a-statement or --responds-to ID (or --undo)")
        spans = json.loads(row["content_spans"] or "[]")
        if not spans:
            raise StoreError(f"statement {row['uid']} has no content spans to key a correction on")
        xs = []
        if not undo:
            stamp = now()
            for a in actions:
                value: Any
                if a == "speaker":
                    value = self._speaker_value(speaker)
                elif a == "not_a_statement":
                    value = True
                else:
                    value = self._responds_value(responds_to, row)
                xs.append(corr.Correction(row["sha256"], spans, a, value, stamp, editor, note))
        lk = self.linker()

        def run():
            if undo:
                corr.delete(c, row["id"], actions or list(corr.ACTIONS))
            for x in xs:
                corr.save(c, x)
            lk.refresh([row["id"]])
        lk.transaction(run)
        return statement_links(c, row["uid"])

    def _speaker_value(self, who: str) -> dict[str, Any]:
        who = (who or "").strip()
        if not who:
            raise StoreError("--speaker needs a name or an id")
        reg = Registry.load(self.conn)
        low = who.lower()
        for p in reg.people:
            if (p.external_id and p.external_id.lower() == low) or str(p.id) == who:
                return {"name": p.name, "external_id": p.external_id, "type": p.type}
        named = [p for p in reg.people if p.name.lower() == low]
        if len(named) == 1:
            p = named[0]
            return {"name": p.name, "external_id": p.external_id, "type": p.type}
        if len(named) > 1:
            raise StoreError(f"{who!r} names {len(named)} registry entries",
                             hint="give the registry id: " + ", ".join(p.external_id or str(p.id) for p in named))
        if who.isdigit():
            sp = self.conn.execute("SELECT name, type FROM speakers WHERE id = ?", (int(who),)).fetchone()
            if sp is not None:
                return {"name": sp["name"], "type": sp["type"]}
        return {"name": " ".join(who.split()), "type": "person"}

    def _responds_value(self, target: str, row) -> dict[str, Any] | None:
        if target.strip().lower() in ("", "none", "null", "nothing"):
            return None
        t = corr.find_statement(self.conn, target)
        if t["id"] == row["id"]:
            raise StoreError("a statement cannot answer itself")
        spans = json.loads(t["content_spans"] or "[]")
        if not spans:
            raise StoreError(f"statement {t['uid']} has no content spans")
        return {"article_sha256": t["sha256"], "spans": spans}

    def export_corrections(self, out) -> int:
        """Write every correction as JSON Lines to the text stream ``out``."""
        n = 0
        for rec in corr.export_records(self.conn):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n

    def import_corrections(self, path: str) -> dict[str, Any]:
        """Store the corrections of an exported file (a newer correction of the same statement
        wins) and apply them. Returns counts and the lines skipped."""
        xs, skipped = corr.read_file(path)
        c = self.conn
        lk = self.linker()
        report = {"read": len(xs), "stored": 0, "older_than_stored": 0, "applied": 0,
                  "unmatched": 0, "lines_skipped": [{"line": n, "reason": r} for n, r in skipped]}

        def run():
            ids = set()
            for x in xs:
                if not corr.save(c, x):
                    report["older_than_stored"] += 1
                    continue
                report["stored"] += 1
                sid = corr.statement_for(c, x)
                if sid is None:
                    report["unmatched"] += 1
                else:
                    report["applied"] += 1
                    ids.add(sid)
            if ids:
                lk.refresh(sorted(ids))
        lk.transaction(run)
        return report


def statement_links(conn: sqlite3.Connection, uid: str) -> dict[str, Any]:
    """One row of the ``statement_links`` view: a statement's stable speaker id, registry id,
    link reason, candidates, provenance and answers."""
    r = rows(conn, "SELECT * FROM statement_links WHERE statement_id = ?", (uid,)).fetchone()
    if r is None:
        raise StoreError(f"no statement {uid!r}")
    d = dict(r)
    for k in ("speaker_candidates", "corrected_fields", "replies_to_evidence_spans"):
        d[k] = json.loads(d[k]) if d[k] else None
    d.pop("statement_rowid")
    return d
