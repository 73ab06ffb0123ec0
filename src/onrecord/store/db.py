"""Writing to the corpus: one article (with its statements) per transaction, and the
cross-article pass (speakers, quote clusters, near-duplicate articles, search index) that
``finalize`` recomputes from everything stored, so its result never depends on the order or the
number of runs the articles came in."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ..errors import StoreError
from ..model import ArticleResult
from . import similarity
from .schema import connect
from .speakers import Mention, resolve


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
        return {r[0] for r in self.conn.execute("SELECT sha256 FROM articles")}

    def has(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE sha256 = ?", (sha256,)).fetchone() is not None

    # -- writing ---------------------------------------------------------------------------
    def write(self, result: ArticleResult, article_sig: bytes | None = None,
              quote_sigs: list[bytes | None] | None = None) -> int | None:
        """Store one article and its statements in one transaction. Returns the number of
        statements stored, or None when the article (same text) is already there."""
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
                    (uid, article_id, seq, st.kind, content_text(a.text, st),
                     st.content.start if st.content.spans else None,
                     st.content.end if st.content.spans else None, _spans(st.content),
                     st.cue.text if st.cue else None, _spans(st.cue),
                     st.source.text if st.source else None, _spans(st.source),
                     sp.name if sp else None, sp.type if sp else None,
                     sp.role if sp else None, sp.affiliation if sp else None,
                     st.said_on.value if st.said_on else None, st.stance, st.claim_type,
                     st.confidence, st.method, sig, json.dumps(st.as_dict(), ensure_ascii=False)))
                c.execute("INSERT INTO statements_fts (rowid, content, speaker) VALUES (?,?,?)",
                          (cur.lastrowid, content_text(a.text, st), (sp.name if sp else "") or ""))
            c.execute("INSERT INTO meta (key, value) VALUES ('dirty', '1')"
                      " ON CONFLICT(key) DO UPDATE SET value = '1'")
            c.execute("COMMIT")
            return len(result.statements)
        except sqlite3.Error as e:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not store article {a.path or sha[:12]}: {e}",
                             hint="is the disk full or the database locked by another writer?") from None

    # -- the cross-article pass ----------------------------------------------------------
    def dirty(self) -> bool:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'dirty'").fetchone()
        return bool(row and row[0] == "1")

    def finalize(self, force: bool = False) -> FinalizeStats | None:
        """Recompute speakers, quote clusters, near-duplicate flags and the speaker names in
        the search index from all stored rows, in one transaction. Skipped when nothing was
        written since the last time (unless ``force``)."""
        if not force and not self.dirty():
            return None
        c = self.conn
        stats = FinalizeStats()
        try:
            c.execute("BEGIN IMMEDIATE")
            # speakers
            mentions = [Mention(r[0], r[1], r[2], r[3], r[4], r[5]) for r in c.execute(
                "SELECT id, article_id, speaker_name, speaker_type, speaker_role,"
                " speaker_affiliation FROM statements ORDER BY id")]

            def text_of(article_id: int) -> str:
                row = c.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
                return row[0] if row else ""

            groups = resolve(mentions, text_of)
            c.execute("UPDATE statements SET speaker_id = NULL, cluster_id = NULL")
            c.execute("UPDATE articles SET duplicate_of = NULL, duplicate_similarity = NULL")
            c.execute("DELETE FROM speakers")
            c.execute("DELETE FROM quote_clusters")
            for i, g in enumerate(groups, 1):
                c.execute("INSERT INTO speakers (id, key, name, type, role, affiliation, aliases,"
                          " n_statements, n_articles) VALUES (?,?,?,?,?,?,?,?,?)",
                          (i, g.key, g.name, g.type, g.role, g.affiliation,
                           json.dumps(g.aliases, ensure_ascii=False), len(g.statement_ids),
                           len(g.article_ids)))
                c.executemany("UPDATE statements SET speaker_id = ? WHERE id = ?",
                              [(i, sid) for sid in g.statement_ids])
            stats.speakers = len(groups)
            # near-duplicate articles (wire copies): flag all but the earliest of each group
            arts = {r[0]: (r[1], r[2]) for r in c.execute(
                "SELECT id, minhash, published FROM articles WHERE minhash IS NOT NULL")}
            for members, best in similarity.group([(k, v[0]) for k, v in arts.items()],
                                                  similarity.ARTICLE_PERM,
                                                  similarity.ARTICLE_THRESHOLD):
                first = min(members, key=lambda k: (arts[k][1] or "9999", k))
                for m in members:
                    if m != first:
                        c.execute("UPDATE articles SET duplicate_of = ?, duplicate_similarity = ?"
                                  " WHERE id = ?", (first, round(best[m], 3), m))
                        stats.duplicate_articles += 1
            # quote clusters: the same content (or a piece of it) carried by several articles
            rows = {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in c.execute(
                "SELECT s.id, s.minhash, s.article_id, a.published, a.outlet, s.content"
                " FROM statements s JOIN articles a ON a.id = s.article_id"
                " WHERE s.minhash IS NOT NULL")}
            pieces = [((sid, i), sig) for sid, v in rows.items()
                      for i, sig in enumerate(similarity.split_signatures(v[0]))]
            parent = {sid: sid for sid in rows}

            def find(k: int) -> int:
                while parent[k] != k:
                    parent[k] = parent[parent[k]]
                    k = parent[k]
                return k

            for members, _best in similarity.group(pieces, similarity.QUOTE_PERM,
                                                   similarity.QUOTE_THRESHOLD):
                roots = sorted({find(sid) for sid, _ in members})
                for r in roots[1:]:
                    parent[r] = roots[0]
            by_root: dict[int, list[int]] = {}
            for sid in sorted(rows):
                by_root.setdefault(find(sid), []).append(sid)
            cid = 0
            for _root, members in sorted(by_root.items()):
                articles = {rows[m][1] for m in members}
                if len(articles) < 2:
                    continue  # a quote repeated inside one article is not "carried"
                cid += 1
                first = min(members, key=lambda m: (rows[m][2] or "9999", m))
                dates = [rows[m][2] for m in members if rows[m][2]]
                outlets = sorted({rows[m][3] for m in members if rows[m][3]})
                c.execute("INSERT INTO quote_clusters (id, text, first_seen, n_occurrences,"
                          " n_articles, outlets) VALUES (?,?,?,?,?,?)",
                          (cid, rows[first][4], min(dates) if dates else None, len(members),
                           len(articles), json.dumps(outlets, ensure_ascii=False)))
                c.executemany("UPDATE statements SET cluster_id = ? WHERE id = ?",
                              [(cid, m) for m in members])
                stats.clustered_statements += len(members)
            stats.clusters = cid
            # search index: speaker column = canonical name and the name as mentioned
            c.execute("DELETE FROM statements_fts")
            c.execute("INSERT INTO statements_fts (rowid, content, speaker)"
                      " SELECT s.id, s.content, trim(coalesce(sp.name, '') || ' ' ||"
                      " coalesce(s.speaker_name, ''))"
                      " FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id"
                      " ORDER BY s.id")
            c.execute("INSERT INTO meta (key, value) VALUES ('dirty', '0')"
                      " ON CONFLICT(key) DO UPDATE SET value = '0'")
            c.execute("COMMIT")
        except sqlite3.Error as e:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise StoreError(f"{self.path}: the cross-article pass failed: {e}",
                             hint="run the same ingest again; nothing stored was lost") from None
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return stats
