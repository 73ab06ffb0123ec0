"""The cross-article layer, kept up to date one batch of new articles at a time.

``Linker.link_pending`` takes the articles stored since the last pass (``articles.linked = 0``)
in batches, one transaction each, and for each batch:

1. applies the editor's corrections kept for these articles (``corrections.py``);
2. records each statement's speaker mention (and the person a reaction names, ``replies.py``)
   and the full names it brings to the corpus (``name_keys``);
3. resolves those mentions to speakers (``speakers.choose`` with the registry, ``people.py``),
   and re-resolves the bare surnames a new full name may now claim ("Johnson" once a second
   Johnson appears) — never the whole corpus; a statement changing speaker is recorded in
   ``speaker_events``;
4. refreshes the speakers touched (name, counts, registry link) and their search-index rows;
5. finds each new quote's earlier occurrences and each new article's near-duplicates through the
   LSH index kept in the store (``similarity.py``), merging groups as needed;
6. links replies across articles: new answers to earlier remarks, and earlier answers to the
   new remarks.

Every derived value is a function of what is stored (not of arrival order), so linking articles
in any order, in one batch or many, gives the same speakers, ids, clusters and duplicates.
``reindex`` clears the derived tables and links every article again: a deliberate full pass.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable

from ..errors import StoreError
from . import corrections as corr
from . import replies
from . import similarity as sim
from .people import Registry, now
from .speakers import (_best_counted, choose, corpus_candidate, display_name, is_named,
                       key_surname, key_words, mention_key, name_tokens, speaker_id)

# Articles linked per transaction: large enough to share the work on a hot speaker between
# articles, small enough that an interrupted pass loses little.
LINK_BATCH = 100

Progress = Callable[[int, int], None]


@dataclass
class LinkStats:
    articles: int = 0
    statements: int = 0
    mentions_resolved: int = 0
    moved: int = 0                 # statements whose speaker changed after their first link
    speakers_touched: int = 0
    clustered: int = 0             # new statements found in an earlier statement's quote group
    duplicates: int = 0            # new articles found near-duplicate of a stored one
    replies: int = 0               # replies across articles set or changed
    corrections_applied: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        return d


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(seq: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


@dataclass
class _Mention:
    statement_id: int
    role: str
    article_id: int
    name: str
    type: str | None
    title: str | None
    affiliation: str | None
    name_key: str
    key: str | None = None
    reason: str | None = None
    forced: bool = False
    forced_to: tuple[str, str] | None = None   # (speaker key, reason) an editor chose


@dataclass
class _Changes:
    """What a resolution changed, for the later steps of the batch."""

    keys: set[str] = field(default_factory=set)          # speakers to refresh
    fts: set[int] = field(default_factory=set)           # statements whose speaker text changed
    moved_out: set[int] = field(default_factory=set)     # statements that left a speaker
    moved_in: set[int] = field(default_factory=set)      # statements that joined one
    cues: set[int] = field(default_factory=set)          # replies to evaluate in full
    events: dict = field(default_factory=lambda: defaultdict(list))


class Linker:
    """Incremental cross-article linking over one open connection (the caller's writer)."""

    def __init__(self, conn: sqlite3.Connection, registry: Registry | None = None):
        self.c = conn
        self.reg = registry if registry is not None else Registry.load(conn)
        self.stats = LinkStats()
        self._texts: dict[int, str] = {}
        self._name_hint: dict[str, str] = {}
        # statement id -> (speaker key, reason, name) of an editor's speaker correction
        self._forced: dict[int, tuple[str, str, str]] = {}

    # -- public -------------------------------------------------------------------------------
    def pending(self) -> int:
        return self.c.execute("SELECT count(*) FROM articles WHERE linked = 0").fetchone()[0]

    def link_pending(self, progress: Progress | None = None, batch: int = LINK_BATCH) -> LinkStats:
        """Link every article not linked yet, ``batch`` per transaction."""
        t0 = time.monotonic()
        total = self.pending()
        done = 0
        if progress and total:
            progress(0, total)
        while True:
            ids = [r[0] for r in self.c.execute(
                "SELECT id FROM articles WHERE linked = 0 ORDER BY id LIMIT ?", (batch,))]
            if not ids:
                break
            self._transaction(lambda: self._link_batch(ids))
            done += len(ids)
            if progress:
                progress(done, max(total, done))
        self.stats.seconds += time.monotonic() - t0
        return self.stats

    def clear(self) -> None:
        """Forget every derived value (speakers, groups, LSH buckets, replies): ``reindex``."""
        def run():
            c = self.c
            c.execute("UPDATE statements SET speaker_id = NULL, cluster_id = NULL, quote_group = NULL,"
                      " speaker_link = NULL, speaker_candidates = NULL")
            c.execute("UPDATE articles SET duplicate_of = NULL, duplicate_similarity = NULL,"
                      " dup_group = NULL, dup_best = NULL, linked = 0")
            for t in ("speakers", "quote_clusters", "mentions", "mention_candidates", "name_keys",
                      "lsh", "replies"):
                c.execute(f"DELETE FROM {t}")
            c.execute("DELETE FROM statements_fts")
            c.execute("INSERT INTO statements_fts (rowid, content, speaker) SELECT id, content,"
                      " coalesce(speaker_name, '') FROM statements WHERE not_a_statement = 0")
        self._transaction(run)

    def relink_registry(self, before: list, after: list) -> tuple[int, int]:
        """Re-resolve the mentions a registry change may affect. Returns (resolved, moved)."""
        self.reg = Registry.load(self.c)
        names, keys = set(), set()
        for p in list(before) + list(after):
            for k in p.full_keys():
                names.add(k)
                s = key_surname(k)
                if s:
                    names.add("bare:" + s)
            names |= {"bare:" + w for w in p.words()}
        for p in list(before) + list(after):  # speaker keys, old and new (homonyms change them)
            keys.add(p.key)
            keys |= {q.speaker_key for q in self.reg.people if q.key == p.key}
            keys.add(f"{p.key}#{p.external_id or p.id}")
        n0, m0 = self.stats.mentions_resolved, self.stats.moved

        def run():
            ms = {(m.statement_id, m.role): m for m in
                  self._select_mentions("name_key", sorted(names)) + self._select_mentions("key", sorted(keys))}
            self._after_resolution(self._resolve([ms[k] for k in sorted(ms)], reason="registry import"))
        self._transaction(run)
        return self.stats.mentions_resolved - n0, self.stats.moved - m0

    def refresh(self, statement_ids: list[int], reason: str = "correction") -> None:
        """Apply the corrections of these statements again (after ``correct`` or an import)."""
        def run():
            rows = self._statement_rows("s.id", statement_ids)
            self._apply_corrections(rows)
            ms = [m for r in rows for m in [self._speaker_mention(r)] if m]
            drop = [r["id"] for r in rows if not any(m.statement_id == r["id"] for m in ms)]
            ch = _Changes()
            self._drop_speaker_mentions(drop, ch)
            ch2 = self._resolve(self._insert_mentions(ms), reason=reason)
            for k in ("keys", "fts", "moved_out", "moved_in", "cues"):
                getattr(ch, k).update(getattr(ch2, k))
            for k, v in ch2.events.items():
                ch.events[k] += v
            ch.fts.update(statement_ids)
            self._replies_for_statements(rows, ch)
            self._after_resolution(ch)
        self._transaction(run)

    # -- plumbing -----------------------------------------------------------------------------
    def transaction(self, fn):
        """Run ``fn`` in one write transaction (or inside the caller's); returns its result."""
        return self._transaction(fn)

    def _transaction(self, fn):
        c = self.c
        if c.in_transaction:
            return fn()
        try:
            c.execute("BEGIN IMMEDIATE")
            out = fn()
            c.execute("COMMIT")
            return out
        except sqlite3.Error as e:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise StoreError(f"the cross-article pass failed: {e}",
                             hint="run the same command again; nothing stored was lost") from None
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        finally:
            self._texts.clear()
            self._forced.clear()

    def _text(self, article_id: int) -> str:
        t = self._texts.get(article_id)
        if t is None:
            row = self.c.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            t = self._texts[article_id] = row[0] if row else ""
        return t

    def _statement_rows(self, column: str, values: list) -> list[sqlite3.Row]:
        out = []
        for part in _chunks(list(values)):
            out += self.c.execute(
                "SELECT s.id, s.uid, s.article_id, s.seq, s.speaker_name, s.speaker_type,"
                " s.speaker_role, s.speaker_affiliation, s.minhash, s.data, s.content,"
                " s.content_spans, s.not_a_statement, s.corrected_fields, s.responds_to_uid,"
                " s.speaker_id, a.sha256, a.published"
                f" FROM statements s JOIN articles a ON a.id = s.article_id WHERE {column} IN"
                f" ({_marks(len(part))}) ORDER BY s.id", part).fetchall()
        return out

    # -- one batch ----------------------------------------------------------------------------
    def _link_batch(self, article_ids: list[int]) -> None:
        c = self.c
        arts = c.execute(f"SELECT id, sha256, text, published, minhash FROM articles WHERE id IN"
                         f" ({_marks(len(article_ids))}) ORDER BY id", article_ids).fetchall()
        for a in arts:
            self._texts[a["id"]] = a["text"]
        rows = self._statement_rows("s.article_id", article_ids)
        self.stats.articles += len(arts)
        self.stats.statements += len(rows)
        # 1. corrections and each statement's in-article answer
        self._apply_corrections(rows)
        rows = self._statement_rows("s.article_id", article_ids)  # with the corrected state
        # 2. mentions, the full names they bring, and the reply cues
        ms = [m for r in rows for m in [self._speaker_mention(r)] if m]
        new_surnames = set()
        for r in rows:  # the full names the machine read, whatever an editor said since
            k = mention_key(r["speaker_name"], r["speaker_type"])
            if k and k.startswith("person:"):
                if c.execute("INSERT OR IGNORE INTO name_keys (key, surname) VALUES (?,?)",
                             (k, key_surname(k))).rowcount:
                    new_surnames.add(key_surname(k))
        by_article = defaultdict(list)
        for r in rows:
            by_article[r["article_id"]].append(r)
        for a in arts:
            ms += self._detect_cues(a, by_article.get(a["id"], []))
        batch_ids = {r["id"] for r in rows}
        self._insert_mentions(ms)
        # 3. resolve them, and the bare surnames a new full name may claim
        todo = self._select_mentions("s.article_id", article_ids, table_alias=True)
        todo += [m for m in self._select_mentions("name_key", sorted("bare:" + s for s in new_surnames))
                 if m.statement_id not in batch_ids]
        ch = self._resolve(todo, reason="new full name in the corpus", new=batch_ids)
        ch.moved_in |= {r["id"] for r in rows}
        ch.cues |= {m.statement_id for m in ms if m.role == "reply_target"}
        ch.fts |= {r["id"] for r in rows if r["not_a_statement"]}  # indexed when written
        # 4.-6.
        self._after_resolution(ch)
        self._quotes(rows)
        self._duplicates(arts)
        self._retarget_corrections([a["sha256"] for a in arts])
        c.execute(f"UPDATE articles SET linked = 1 WHERE id IN ({_marks(len(article_ids))})", article_ids)

    # -- corrections ----------------------------------------------------------------------------
    def _apply_corrections(self, rows: list[sqlite3.Row]) -> None:
        """Set each statement's editor state (not a statement, answer, provenance) from the
        corrections kept for its article; in-article answers from the extractor otherwise."""
        by_sha = defaultdict(list)
        for r in rows:
            by_sha[r["sha256"]].append(r)
        for sha, rs in by_sha.items():
            found = corr.for_article(self.c, sha)
            uid_of = {json.loads(r["data"]).get("id"): r["uid"] for r in rs}
            for r in rs:
                cs = found.get(r["id"], {})
                data = json.loads(r["data"])
                machine = uid_of.get(data.get("responds_to")) if data.get("responds_to") else None
                nas = 1 if cs.get("not_a_statement") and cs["not_a_statement"].value else 0
                responds = machine
                if "responds_to" in cs:
                    responds = corr.target_uid(self.c, cs["responds_to"])
                fields = sorted(cs)
                at = max((x.created_at for x in cs.values()), default=None)
                self.c.execute(
                    "UPDATE statements SET not_a_statement = ?, responds_to_uid = ?, provenance = ?,"
                    " corrected_at = ?, corrected_fields = ? WHERE id = ?",
                    (nas, responds, "editor" if cs else "machine", at,
                     json.dumps(fields) if fields else None, r["id"]))
                if cs:
                    self.stats.corrections_applied += len(cs)
                if "speaker" in cs:
                    self._forced[r["id"]] = self._forced_key(cs["speaker"])
                else:
                    self._forced.pop(r["id"], None)

    def _forced_key(self, x: "corr.Correction") -> tuple[str, str, str]:
        """(speaker key, reason, name) an editor's speaker correction links to."""
        v = x.value or {}
        name = v.get("name") or ""
        p = None
        if v.get("external_id"):
            p = next((q for q in self.reg.people if q.external_id == v["external_id"]), None)
        if p is None and v.get("person_id"):
            p = next((q for q in self.reg.people if q.id == v["person_id"]), None)
        if p is None:
            k = mention_key(name, v.get("type") or "person") or ("person:" + name.lower())
            if k.startswith("bare:"):
                k = "person:" + k[5:]
            ps = self.reg.by_full.get(k, [])
            if len(ps) == 1:
                p = ps[0]
        who = f" ({x.editor})" if x.editor else ""
        if p is not None:
            self._name_hint[p.speaker_key] = p.name
            ext = f" {p.external_id}" if p.external_id else ""
            return p.speaker_key, f"editor{who}: {p.name}{ext}", p.name
        k = mention_key(name, v.get("type") or "person") or ("person:" + name.lower())
        if k.startswith("bare:"):
            k = "person:" + k[5:]
        self._name_hint[k] = display_name(name)
        return k, f"editor{who}: {display_name(name)}", name

    def _retarget_corrections(self, shas: list[str]) -> None:
        """Statements whose corrected answer is in these (new) articles: set their answer now."""
        for part in _chunks(shas):
            for x in self.c.execute(f"SELECT * FROM corrections WHERE target_sha256 IN ({_marks(len(part))})"
                                    " AND action = 'responds_to'", part).fetchall():
                x = corr.from_row(x)
                sid = corr.statement_for(self.c, x)
                if sid is not None:
                    self.c.execute("UPDATE statements SET responds_to_uid = ? WHERE id = ?",
                                   (corr.target_uid(self.c, x), sid))

    # -- mentions -------------------------------------------------------------------------------
    def _speaker_mention(self, r: sqlite3.Row) -> _Mention | None:
        forced = self._forced.get(r["id"])
        if forced:
            key, reason, name = forced
            return _Mention(r["id"], "speaker", r["article_id"], name or key, "person", None, None,
                            mention_key(name, "person") or key, key, reason, forced=True)
        k = mention_key(r["speaker_name"], r["speaker_type"])
        if k is None:
            return None
        return _Mention(r["id"], "speaker", r["article_id"], r["speaker_name"], r["speaker_type"],
                        r["speaker_role"], r["speaker_affiliation"], k)

    def _insert_mentions(self, ms: list[_Mention]) -> list[_Mention]:
        """Write mention rows (their resolution comes after); returns them as stored."""
        for m in ms:
            self.c.execute(
                "INSERT INTO mentions (statement_id, role, article_id, name, type, title, affiliation,"
                " name_key, key, reason) VALUES (?,?,?,?,?,?,?,?,NULL,?)"
                " ON CONFLICT(statement_id, role) DO UPDATE SET name = excluded.name,"
                " type = excluded.type, title = excluded.title, affiliation = excluded.affiliation,"
                " name_key = excluded.name_key, reason = excluded.reason",
                (m.statement_id, m.role, m.article_id, m.name, m.type, m.title, m.affiliation,
                 m.name_key, "forced" if m.forced else None))
        return [self._with_old_key(m) for m in ms]

    def _with_old_key(self, m: _Mention) -> _Mention:
        row = self.c.execute("SELECT key FROM mentions WHERE statement_id = ? AND role = ?",
                             (m.statement_id, m.role)).fetchone()
        old = row[0] if row else None
        if m.forced:
            m.forced_to = (m.key, m.reason)
        m.key = old
        return m

    def _select_mentions(self, column: str, values: list, table_alias: bool = False) -> list[_Mention]:
        out = []
        col = column if table_alias else f"m.{column}"
        for part in _chunks(list(values)):
            if not part:
                continue
            sql = ("SELECT m.statement_id, m.role, m.article_id, m.name, m.type, m.title, m.affiliation,"
                   " m.name_key, m.key, m.reason, s.corrected_fields FROM mentions m"
                   " JOIN statements s ON s.id = m.statement_id"
                   f" WHERE {col} IN ({_marks(len(part))})")
            for r in self.c.execute(sql, part):
                m = _Mention(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])
                if m.role == "speaker" and r[10] and "speaker" in json.loads(r[10]):
                    forced = self._forced.get(m.statement_id)
                    if forced is None:  # an editor's choice: linked as the correction says
                        x = corr.for_statement(self.c, m.statement_id).get("speaker")
                        if x is None:
                            continue
                        forced = self._forced[m.statement_id] = self._forced_key(x)
                    m.forced = True
                    m.forced_to = forced[:2]
                out.append(m)
        uniq = {}
        for m in out:
            uniq[(m.statement_id, m.role)] = m
        return [uniq[k] for k in sorted(uniq)]

    def _drop_speaker_mentions(self, statement_ids: list[int], ch: _Changes) -> None:
        """Statements that no longer have a named speaker (an editor's speaker undone on a
        statement the extractor gave no name)."""
        for sid in statement_ids:
            row = self.c.execute("SELECT key FROM mentions WHERE statement_id = ? AND role = 'speaker'",
                                 (sid,)).fetchone()
            if row is None:
                continue
            self.c.execute("DELETE FROM mentions WHERE statement_id = ? AND role = 'speaker'", (sid,))
            self.c.execute("DELETE FROM mention_candidates WHERE statement_id = ? AND role = 'speaker'", (sid,))
            self.c.execute("UPDATE statements SET speaker_id = NULL, speaker_link = NULL,"
                           " speaker_candidates = NULL WHERE id = ?", (sid,))
            if row[0]:
                ch.keys.add(row[0])
                ch.moved_out.add(sid)
            ch.fts.add(sid)

    # -- resolution ----------------------------------------------------------------------------
    def _candidates_for_word(self, word: str) -> list:
        cands = []
        for (k,) in self.c.execute("SELECT key FROM name_keys WHERE surname = ?", (word,)):
            ps = self.reg.by_full.get(k)
            cands += [p.candidate() for p in ps] if ps else [corpus_candidate(k)]
        cands += [p.candidate() for p in self.reg.by_word.get(word, ())]
        return cands

    def _link_one(self, m: _Mention) -> tuple[str | None, str, tuple]:
        """(speaker key, reason, candidates) of one mention."""
        if m.forced_to:
            return m.forced_to[0], m.forced_to[1], ()
        nk = m.name_key
        if nk.startswith("bare:"):
            word = nk[5:]
            direct = self.reg.by_full.get("person:" + word, [])
            if len(direct) == 1:
                return direct[0].speaker_key, f"registry name '{direct[0].name}'", ()
            cands = self._candidates_for_word(word)
            what = f"surname '{m.name}'" if any(
                key_surname(c.key.split("#")[0]) == word for c in cands) else f"one-word name '{m.name}'"
            link = choose(cands, self._text(m.article_id) if cands else "", m.title, m.affiliation, what)
            if link and link.key:
                return link.key, link.reason, ()
            if m.role == "reply_target" and not cands:
                other = [r[0] for r in self.c.execute(
                    "SELECT key FROM speakers WHERE key IN (?,?,?)",
                    tuple(f"{t}:{word}" for t in ("organization", "country", "group")))]
                if len(other) == 1:
                    return other[0], f"name '{m.name}'", ()
            if link is None:
                return "person:" + word, f"{what}; no full name with it in the corpus or the registry", ()
            return "person:" + word, link.reason, link.candidates
        ps = self.reg.by_full.get(nk, [])
        if len(ps) == 1:
            p = ps[0]
            if nk == p.key:
                return p.speaker_key, "registry name", ()
            return p.speaker_key, f"registry alias '{display_name(m.name)}' of '{p.name}'", ()
        if len(ps) > 1:
            link = choose([p.candidate() for p in ps], self._text(m.article_id), m.title,
                          m.affiliation, f"name '{display_name(m.name)}'")
            if link and link.key:
                return link.key, link.reason, ()
            return nk, link.reason if link else "full name", link.candidates if link else ()
        return nk, "full name" if nk.startswith("person:") else "name", ()

    def _resolve(self, ms: list[_Mention], reason: str, new: set[int] = frozenset()) -> _Changes:
        """Resolve mentions and write the results; moves of already linked statements are
        recorded as events (``reason`` says what caused them)."""
        ch = _Changes()
        c = self.c
        for m in ms:
            key, why, cands = self._link_one(m)
            self.stats.mentions_resolved += 1
            old = m.key
            c.execute("UPDATE mentions SET key = ?, reason = ? WHERE statement_id = ? AND role = ?",
                      (key, why, m.statement_id, m.role))
            c.execute("DELETE FROM mention_candidates WHERE statement_id = ? AND role = ?",
                      (m.statement_id, m.role))
            c.executemany("INSERT OR IGNORE INTO mention_candidates (statement_id, role, key) VALUES (?,?,?)",
                          [(m.statement_id, m.role, x.key) for x in cands])
            if m.role == "reply_target":
                if key != old:
                    c.execute("UPDATE replies SET target_key = ? WHERE statement_id = ?", (key, m.statement_id))
                    ch.cues.add(m.statement_id)
                continue
            cand_json = json.dumps([{"speaker_id": speaker_id(x.key), "name": x.name,
                                     "external_id": x.external_id} for x in cands],
                                   ensure_ascii=False) if cands else None
            row = c.execute("SELECT speaker_id, not_a_statement, uid FROM statements WHERE id = ?",
                            (m.statement_id,)).fetchone()
            sid = speaker_id(key) if key and not row["not_a_statement"] else None
            if sid is not None:
                self._ensure_speaker(key)
            shown = why if not row["not_a_statement"] else "not a statement (editor); " + why
            c.execute("UPDATE statements SET speaker_id = ?, speaker_link = ?, speaker_candidates = ?"
                      " WHERE id = ?", (sid, shown, cand_json, m.statement_id))
            if sid != row["speaker_id"]:
                ch.fts.add(m.statement_id)
                ch.moved_in.add(m.statement_id)
                if row["speaker_id"] is not None:
                    ch.moved_out.add(m.statement_id)
            if key != old:
                if old:
                    ch.keys.add(old)
                    if m.statement_id not in new:
                        kind = "correction" if why.startswith("editor") else reason
                        ch.events[(old, key, kind)].append(row["uid"])
                        self.stats.moved += 1
            if key:
                ch.keys.add(key)
        return ch

    def _ensure_speaker(self, key: str) -> None:
        words = key_words(key.split("#")[0])
        self.c.execute("INSERT OR IGNORE INTO speakers (id, key, name, type, n_statements, n_articles)"
                       " VALUES (?,?,?,?,0,0)",
                       (speaker_id(key), key, self._name_hint.get(key) or
                        " ".join(w.capitalize() for w in words), key.split(":", 1)[0]))

    def _after_resolution(self, ch: _Changes) -> None:
        renamed = set()
        for key in sorted(ch.keys):
            if self._refresh_speaker(key):
                renamed.add(speaker_id(key))
        self.stats.speakers_touched += len(ch.keys)
        if renamed:
            for part in _chunks(sorted(renamed)):
                ch.fts |= {r[0] for r in self.c.execute(
                    f"SELECT id FROM statements WHERE speaker_id IN ({_marks(len(part))})", part)}
        self._fts(sorted(ch.fts))
        stamp = now()
        for (old, new, kind), uids in sorted(ch.events.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])):
            gone = old is not None and self.c.execute(
                "SELECT 1 FROM speakers WHERE id = ?", (speaker_id(old),)).fetchone() is None
            what = "correction" if kind == "correction" else ("merge" if gone and new else "split")
            self.c.execute("INSERT INTO speaker_events (at, kind, from_key, to_key, from_id, to_id,"
                           " statements, reason) VALUES (?,?,?,?,?,?,?,?)",
                           (stamp, what, old, new, speaker_id(old) if old else None,
                            speaker_id(new) if new else None, json.dumps(sorted(uids)), kind))
        self._update_replies(ch)

    def _refresh_speaker(self, key: str) -> bool:
        """Recompute one speaker's row from its statements; True when its name changed. The
        statements are counted by SQLite, grouped by the values that matter (name, type, role,
        affiliation), so a speaker with thousands of statements costs a few distinct rows here."""
        sid = speaker_id(key)
        c = self.c
        n, n_articles = c.execute("SELECT count(*), count(DISTINCT article_id) FROM statements"
                                  " WHERE speaker_id = ?", (sid,)).fetchone()
        old = c.execute("SELECT name FROM speakers WHERE id = ?", (sid,)).fetchone()
        if not n:
            if old is not None:
                c.execute("DELETE FROM speakers WHERE id = ?", (sid,))
            return False
        # the machine's mentions (an editor's speaker choice does not name the speaker)
        groups = [g for g in c.execute(
            "SELECT speaker_name, speaker_type, speaker_role, speaker_affiliation, count(*)"
            " FROM statements WHERE speaker_id = ? AND (corrected_fields IS NULL OR"
            " corrected_fields NOT LIKE '%\"speaker\"%') AND speaker_name IS NOT NULL"
            " GROUP BY 1, 2, 3, 4", (sid,)) if is_named(g[0])]

        def best(pairs) -> str | None:
            tally: dict[str, int] = defaultdict(int)
            for v, k in pairs:
                if v:
                    tally[v] += k
            return _best_counted(tally)

        p = self.reg.for_speaker(key)
        full = best((display_name(g[0]), g[4]) for g in groups if len(name_tokens(g[0])) >= 2)
        name = (p.name if p else None) or full or best((display_name(g[0]), g[4]) for g in groups) \
            or self._name_hint.get(key) or (old[0] if old else None) \
            or " ".join(w.capitalize() for w in key_words(key.split("#")[0]))
        typ = (p.type if p else None) or best((g[1], g[4]) for g in groups if g[1] != "unknown") \
            or ("person" if key.startswith("person:") else "unknown")
        role = (p.role if p and p.role else None) or best((g[2], g[4]) for g in groups)
        aff = (p.affiliations[0] if p and p.affiliations else None) or best((g[3], g[4]) for g in groups)
        aliases = sorted({g[0] for g in groups})
        c.execute("INSERT INTO speakers (id, key, name, type, role, affiliation, aliases, n_statements,"
                  " n_articles, person_id, external_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                  " ON CONFLICT(id) DO UPDATE SET key = excluded.key, name = excluded.name,"
                  " type = excluded.type, role = excluded.role, affiliation = excluded.affiliation,"
                  " aliases = excluded.aliases, n_statements = excluded.n_statements,"
                  " n_articles = excluded.n_articles, person_id = excluded.person_id,"
                  " external_id = excluded.external_id",
                  (sid, key, name, typ, role, aff, json.dumps(aliases, ensure_ascii=False), n,
                   n_articles, p.id if p else None, p.external_id if p else None))
        return old is not None and old[0] != name

    def _fts(self, statement_ids: list[int]) -> None:
        """Rewrite the search-index rows of these statements (speaker column: the canonical name
        and the name as mentioned)."""
        c = self.c
        for part in _chunks(statement_ids):
            rows = c.execute("SELECT s.id, s.content, s.not_a_statement, trim(coalesce(sp.name, '') || ' ' ||"
                             " coalesce(s.speaker_name, '')) FROM statements s LEFT JOIN speakers sp"
                             f" ON sp.id = s.speaker_id WHERE s.id IN ({_marks(len(part))})", part).fetchall()
            c.executemany("DELETE FROM statements_fts WHERE rowid = ?", [(r[0],) for r in rows])
            c.executemany("INSERT INTO statements_fts (rowid, content, speaker) VALUES (?,?,?)",
                          [(r[0], r[1], r[3]) for r in rows if not r[2]])

    # -- quotes and articles: the LSH index --------------------------------------------------------
    def _quotes(self, rows: list[sqlite3.Row]) -> None:
        c = self.c
        affected, dropped = set(), set()
        thr = sim.threshold(sim.QUOTES)
        for r in rows:
            blob = r["minhash"]
            if not blob:
                continue
            cands = sorted(sim.index_query(c, sim.QUOTES, blob) - {r["id"]})
            matches = []
            for part in _chunks(cands):
                for cid, cblob, group in c.execute(
                        f"SELECT id, minhash, quote_group FROM statements WHERE id IN ({_marks(len(part))})", part):
                    if sim.best_similarity(sim.QUOTES, blob, cblob) >= thr:
                        matches.append((cid, group))
            sim.index_add(c, sim.QUOTES, r["id"], blob)
            if not matches:
                continue
            self.stats.clustered += 1
            groups = {g for _, g in matches if g is not None}
            loose = [i for i, g in matches if g is None]
            gid = min(groups | set(loose) | {r["id"]})
            for g in groups - {gid}:
                c.execute("UPDATE statements SET quote_group = ? WHERE quote_group = ?", (gid, g))
                dropped.add(g)
            c.executemany("UPDATE statements SET quote_group = ? WHERE id = ?",
                          [(gid, i) for i in loose + [r["id"]]])
            affected.add(gid)
        if dropped:
            for g in sorted(dropped):
                c.execute("UPDATE statements SET cluster_id = NULL WHERE cluster_id = ?", (g,))
                c.execute("DELETE FROM quote_clusters WHERE id = ?", (g,))
        for gid in sorted(affected - dropped):
            self._refresh_cluster(gid)

    def _refresh_cluster(self, gid: int) -> None:
        c = self.c
        members = c.execute("SELECT s.id, s.uid, s.article_id, a.published, a.outlet, s.content"
                            " FROM statements s JOIN articles a ON a.id = s.article_id"
                            " WHERE s.quote_group = ?", (gid,)).fetchall()
        if len({m[2] for m in members}) < 2:  # a quote repeated inside one article is not "carried"
            c.execute("UPDATE statements SET cluster_id = NULL WHERE cluster_id = ?", (gid,))
            c.execute("DELETE FROM quote_clusters WHERE id = ?", (gid,))
            return
        first = min(members, key=lambda m: (m[3] or "9999", m[1]))
        dates = [m[3] for m in members if m[3]]
        outlets = sorted({m[4] for m in members if m[4]})
        c.execute("INSERT INTO quote_clusters (id, text, first_seen, n_occurrences, n_articles, outlets)"
                  " VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET text = excluded.text,"
                  " first_seen = excluded.first_seen, n_occurrences = excluded.n_occurrences,"
                  " n_articles = excluded.n_articles, outlets = excluded.outlets",
                  (gid, first[5], min(dates) if dates else None, len(members),
                   len({m[2] for m in members}), json.dumps(outlets, ensure_ascii=False)))
        c.execute("UPDATE statements SET cluster_id = ? WHERE quote_group = ? AND cluster_id IS NOT ?",
                  (gid, gid, gid))

    def _duplicates(self, arts: list[sqlite3.Row]) -> None:
        c = self.c
        affected, dropped = set(), set()
        thr = sim.threshold(sim.ARTICLES)
        for a in arts:
            blob = a["minhash"]
            if not blob:
                continue
            cands = sorted(sim.index_query(c, sim.ARTICLES, blob) - {a["id"]})
            matches = []
            for part in _chunks(cands):
                for cid, cblob, group in c.execute(
                        f"SELECT id, minhash, dup_group FROM articles WHERE id IN ({_marks(len(part))})", part):
                    s = sim.best_similarity(sim.ARTICLES, blob, cblob)
                    if s >= thr:
                        matches.append((cid, group, s))
            sim.index_add(c, sim.ARTICLES, a["id"], blob)
            if not matches:
                continue
            self.stats.duplicates += 1
            for cid, _g, s in matches:
                c.execute("UPDATE articles SET dup_best = max(coalesce(dup_best, 0), ?) WHERE id = ?", (s, cid))
            groups = {g for _, g, _ in matches if g is not None}
            loose = [i for i, g, _ in matches if g is None]
            gid = min(groups | set(loose) | {a["id"]})
            for g in groups - {gid}:
                c.execute("UPDATE articles SET dup_group = ? WHERE dup_group = ?", (gid, g))
                dropped.add(g)
            c.executemany("UPDATE articles SET dup_group = ? WHERE id = ?",
                          [(gid, i) for i in loose + [a["id"]]])
            c.execute("UPDATE articles SET dup_best = ? WHERE id = ?",
                      (max(s for _, _, s in matches), a["id"]))
            affected.add(gid)
        for gid in sorted(affected - dropped):
            members = c.execute("SELECT id, sha256, published, dup_best FROM articles WHERE dup_group = ?",
                                (gid,)).fetchall()
            first = min(members, key=lambda m: (m[2] or "9999", m[1]))
            c.executemany("UPDATE articles SET duplicate_of = ?, duplicate_similarity = ? WHERE id = ?",
                          [(None, None, m[0]) if m[0] == first[0] else
                           (first[0], round(m[3] or 0.0, 3), m[0]) for m in members])

    # -- replies across articles -----------------------------------------------------------------
    def _views(self, rows: list[sqlite3.Row]) -> list[replies.StatementView]:
        out = []
        for r in rows:
            d = json.loads(r["data"])
            fields = json.loads(r["corrected_fields"]) if r["corrected_fields"] else []
            out.append(replies.StatementView(
                id=r["id"], local_id=d.get("id") or str(r["seq"]), speaker_name=r["speaker_name"],
                speaker_type=r["speaker_type"], speaker_role=r["speaker_role"],
                speaker_affiliation=r["speaker_affiliation"], content=r["content"],
                content_spans=[tuple(s) for s in d["content"]["spans"]],
                cue_spans=[tuple(s) for s in (d.get("cue") or {}).get("spans", [])],
                responds_to=d.get("responds_to"),
                skip=bool(r["not_a_statement"]) or "responds_to" in fields or not is_named(r["speaker_name"])))
        return out

    def _detect_cues(self, art: sqlite3.Row, rows: list[sqlite3.Row]) -> list[_Mention]:
        """Store the reply cues of an article's statements; returns their target mentions."""
        if not rows or not art["published"]:
            return []
        out = []
        for cue in replies.detect(art["text"], self._views(rows)):
            k = mention_key(cue.target_name, cue.target_type)
            if k is None:
                continue
            self.c.execute(
                "INSERT INTO replies (statement_id, via, target_key, target_id, topic, shared, score,"
                " evidence_text, evidence_spans, published) VALUES (?,?,NULL,NULL,?,NULL,NULL,?,?,?)"
                " ON CONFLICT(statement_id) DO UPDATE SET via = excluded.via, topic = excluded.topic,"
                " evidence_text = excluded.evidence_text, evidence_spans = excluded.evidence_spans,"
                " published = excluded.published",
                (cue.statement_id, cue.via, json.dumps(cue.topic), cue.evidence_text,
                 json.dumps([list(s) for s in cue.evidence_spans]), art["published"]))
            out.append(_Mention(cue.statement_id, "reply_target", art["id"], cue.target_name,
                                cue.target_type, cue.target_title, cue.target_affiliation, k))
        return out

    def _replies_for_statements(self, rows: list[sqlite3.Row], ch: _Changes) -> None:
        """After a correction: detect the reply cues of the statements' articles again (a
        statement marked as none can no longer be answered inside its article either)."""
        c = self.c
        for aid in sorted({r["article_id"] for r in rows}):
            art = c.execute("SELECT id, text, published FROM articles WHERE id = ?", (aid,)).fetchone()
            all_rows = self._statement_rows("s.article_id", [aid])
            for r in all_rows:
                c.execute("DELETE FROM replies WHERE statement_id = ?", (r["id"],))
                c.execute("DELETE FROM mentions WHERE statement_id = ? AND role = 'reply_target'", (r["id"],))
                c.execute("DELETE FROM mention_candidates WHERE statement_id = ? AND role = 'reply_target'",
                          (r["id"],))
            ms = self._detect_cues(art, all_rows)
            if ms:
                self._resolve(self._insert_mentions(ms), reason="correction")
                ch.cues |= {m.statement_id for m in ms}
        ch.moved_out |= {r["id"] for r in rows}

    def _update_replies(self, ch: _Changes) -> None:
        c = self.c
        full = set(ch.cues)
        for part in _chunks(sorted(ch.moved_out)):
            full |= {r[0] for r in c.execute(
                f"SELECT statement_id FROM replies WHERE target_id IN ({_marks(len(part))})", part)}
        for part in _chunks(sorted(ch.moved_out | ch.moved_in)):  # an answerer changed speaker
            full |= {r[0] for r in c.execute(
                f"SELECT statement_id FROM replies WHERE statement_id IN ({_marks(len(part))})", part)}
        for sid in sorted(full):
            self._evaluate_reply(sid)
        # new remarks answered by earlier-stored answers: compare each only with those cues
        for part in _chunks(sorted(ch.moved_in)):
            for x in c.execute(
                    "SELECT s.id, s.uid, s.article_id, s.content, a.published, m.key FROM statements s"
                    " JOIN articles a ON a.id = s.article_id JOIN mentions m ON m.statement_id = s.id"
                    f" AND m.role = 'speaker' WHERE s.id IN ({_marks(len(part))})"
                    " AND s.speaker_id IS NOT NULL AND a.published IS NOT NULL", part).fetchall():
                for cue in c.execute(
                        "SELECT r.statement_id, r.topic, r.score, t.uid, ta.published, y.article_id,"
                        " y.speaker_id"
                        " FROM replies r JOIN statements y ON y.id = r.statement_id"
                        " LEFT JOIN statements t ON t.id = r.target_id"
                        " LEFT JOIN articles ta ON ta.id = t.article_id"
                        " WHERE r.target_key = ? AND r.published >= ? AND r.published <= ?",
                        (x[5], x[4], replies.window_end(x[4]))).fetchall():
                    if cue[0] in full or cue[5] == x[2] or cue[6] == speaker_id(x[5]):
                        continue
                    shared = replies.score(set(json.loads(cue[1])), x[3])
                    if len(shared) < replies.MIN_SHARED_WORDS:
                        continue
                    current = (cue[2] or 0, cue[4] or "", cue[3] or "") if cue[3] else None
                    if current is None or (len(shared), x[4], x[1]) > current:
                        c.execute("UPDATE replies SET target_id = ?, shared = ?, score = ? WHERE statement_id = ?",
                                  (x[0], json.dumps(list(shared)), len(shared), cue[0]))
                        self.stats.replies += 1

    def _evaluate_reply(self, statement_id: int) -> None:
        c = self.c
        r = c.execute("SELECT r.target_key, r.topic, r.published, r.target_id, y.article_id, y.speaker_id"
                      " FROM replies r JOIN statements y ON y.id = r.statement_id"
                      " WHERE r.statement_id = ?", (statement_id,)).fetchone()
        if r is None:
            return
        top = None
        if r[0] and r[2] and speaker_id(r[0]) != r[5]:
            cands = c.execute(
                "SELECT s.id, s.uid, a.published, s.content FROM statements s"
                " JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = ?"
                " AND a.published <= ? AND a.published >= ? AND s.article_id != ?"
                " AND s.not_a_statement = 0",
                (speaker_id(r[0]), r[2], replies.window_start(r[2]), r[4])).fetchall()
            top = replies.best(set(json.loads(r[1])), cands)
        new = (top.statement_id if top else None)
        c.execute("UPDATE replies SET target_id = ?, shared = ?, score = ? WHERE statement_id = ?",
                  (new, json.dumps(list(top.shared)) if top else None, len(top.shared) if top else None,
                   statement_id))
        if new != r[3]:
            self.stats.replies += 1
