"""The corpus store without the NLP pipeline: schema and migrations, idempotent writes,
cross-article speaker merging, quote clusters, near-duplicates, search and evidence."""
from __future__ import annotations

import json
import sqlite3

import pytest

from onrecord.errors import StoreError
from onrecord.model import Article, ArticleResult, Evidence, Span, Speaker, Statement
from onrecord.store import SCHEMA_VERSION, Store, connect
from onrecord.store.queries import fts_query, get_statement, search, sentence_around, speakers
from onrecord.store.similarity import article_signature, quote_signatures
from onrecord.store.speakers import Mention, is_named, name_tokens, resolve


def make_result(text: str, quotes: list[tuple[str, str, str]], **meta) -> ArticleResult:
    """An ArticleResult whose statements are (content, speaker name, speaker type) found by
    position in ``text``."""
    art = Article(text=text, **meta)
    sts = []
    for i, (content, name, typ) in enumerate(quotes):
        a = text.index(content)
        sts.append(Statement(id=f"s{i}", kind="direct",
                             content=Evidence.from_spans(text, [Span(a, a + len(content))]),
                             speaker=Speaker(name=name, type=typ) if name else None,
                             confidence=0.9, method="test"))
    return ArticleResult(article=art, statements=sts)


def write(store: Store, res: ArticleResult):
    return store.write(res, article_signature(res.article.text),
                       [quote_signatures(res.article.text, [(p.start, p.end) for p in s.content.spans])
                        for s in res.statements])


FILLER = (" The council met for three hours in the old town hall on the river bank and heard "
          "from residents, shop owners, teachers and two engineers before it voted. The flood in "
          "April closed the only crossing for eleven days, and families on the east bank drove "
          "forty minutes around the lake to reach the hospital, the schools and the market. "
          "Engineers said the new bridge would stand a metre higher than the old one and carry "
          "a separate lane for bicycles. Work is due to begin in the summer if the state grant "
          "arrives on time, and the road will stay closed to lorries until the autumn.")

A1 = ('"We will not back down," said Mayor Jane Ortiz on Monday.' + FILLER)
A2 = ('Ortiz repeated it on Tuesday: "We will not back down," she said at the hall.'
      ' Reporters asked Tom Kessler about it.' + FILLER.replace("three", "four"))
A3 = ('"Budgets are promises," said Ana Kessler. Later, "Budgets are promises," Kessler said.')
A4 = ('"Nobody has shown us the money," Kessler said after the meeting on Thursday night.')
A5 = ('"We are ready," said the Port Authority. "Ready for winter," a spokesman said.')


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "c.db"))
    yield s
    s.close()


def test_schema_is_migrated_in_wal_mode(tmp_path):
    path = str(tmp_path / "x.db")
    conn = connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "statements", "speakers", "quote_clusters", "statements_fts"} <= names
    conn.close()
    connect(path).close()  # reopening migrates nothing and fails nothing


def test_newer_or_foreign_databases_are_refused(tmp_path):
    newer = str(tmp_path / "newer.db")
    connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        connect(newer)
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="something else"):
        connect(str(other))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable"):
        connect(str(junk))
    with pytest.raises(StoreError, match="no corpus database"):
        connect(str(tmp_path / "missing.db"), create=False)


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    from onrecord.store import schema
    path = str(tmp_path / "m.db")
    bad = schema.MIGRATIONS + [(SCHEMA_VERSION + 1, "broken", "CREATE TABLE z (a);\nSELEC nonsense;")]
    monkeypatch.setattr(schema, "MIGRATIONS", bad)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError):
        schema.connect(path)
    c = sqlite3.connect(path)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'z'").fetchone()


def test_writes_are_idempotent_by_text_hash(store):
    r = make_result(A1, [("We will not back down", "Jane Ortiz", "person")], outlet="Ledger")
    assert write(store, r) == 1
    assert write(store, r) is None
    again = make_result(A1, [("We will not back down", "Jane Ortiz", "person")], outlet="Other")
    assert write(store, again) is None  # same text, other metadata: still the same article
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert store.conn.execute("SELECT count(*) FROM statements").fetchone()[0] == 1


def test_speaker_names_are_normalised():
    assert name_tokens("Mayor Jane Ortiz") == ["jane", "ortiz"]
    assert name_tokens("Sen. Mary J. Blake Jr.") == ["mary", "blake", "jr"]
    assert name_tokens("Kessler's") == ["kessler"]
    assert not is_named("he") and not is_named("a spokesman") and not is_named("Officials")
    assert is_named("the Port Authority") and is_named("Ana Kessler")


def test_speakers_merge_with_care():
    ms = [Mention(1, 1, "Macron", "person"), Mention(2, 2, "Emmanuel Macron", "person"),
          Mention(3, 3, "Boris Johnson", "person"), Mention(4, 4, "Mike Johnson", "person"),
          Mention(5, 5, "Johnson", "person"),          # ambiguous: stays apart
          Mention(6, 6, "Johnson", "person"),          # its article names Mike Johnson
          Mention(7, 7, "President Emmanuel Macron", "person"),
          Mention(8, 8, "a spokesman", "person"), Mention(9, 9, "she", "person"),
          Mention(10, 10, "the Pentagon", "organization"),
          Mention(11, 11, "Pentagon", "organization"),
          Mention(12, 12, "Ted Lowe Jr.", "person"), Mention(13, 13, "Ted Lowe", "person"),
          Mention(14, 14, "Lowe", "person"),           # its article names Ted Lowe only
          Mention(15, 15, "Lowe", "person")]           # names both: ambiguous
    texts = {6: "Speaker Mike Johnson arrived late. Johnson said little.",
             14: "Ted Lowe, 70, spoke first. Lowe said the farm was sold.",
             15: "Ted Lowe and his son Ted Lowe Jr. spoke. Lowe said no."}
    groups = {g.key: g for g in resolve(ms, lambda a: texts.get(a, ""))}
    macron = groups["person:emmanuel macron"]
    assert macron.name == "Emmanuel Macron" and macron.statement_ids == [1, 2, 7]
    assert groups["person:boris johnson"].statement_ids == [3]
    assert groups["person:mike johnson"].statement_ids == [4, 6]
    assert groups["person:johnson"].statement_ids == [5]
    assert groups["organization:pentagon"].statement_ids == [10, 11]
    assert groups["person:ted lowe jr"].statement_ids == [12]
    assert groups["person:ted lowe"].statement_ids == [13, 14]
    assert groups["person:lowe"].statement_ids == [15]
    assert all(8 not in g.statement_ids and 9 not in g.statement_ids for g in groups.values())


def _fill(store, order):
    docs = {
        1: make_result(A1, [("We will not back down", "Jane Ortiz", "person")],
                       outlet="Riverside Ledger", published="2026-03-02", url="https://a.example/1"),
        2: make_result(A2, [("We will not back down", "Ortiz", "person")],
                       outlet="North Gazette", published="2026-03-03", url="https://b.example/2"),
        3: make_result(A3, [("Budgets are promises", "Ana Kessler", "person")],
                       outlet="Valley Wire", published="2026-03-04"),
        4: make_result(A4, [("Nobody has shown us the money", "Kessler", "person")],
                       outlet="North Gazette", published="2026-03-05"),
        5: make_result(A5, [("We are ready", "the Port Authority", "organization"),
                            ("Ready for winter", "a spokesman", "person")],
                       outlet="Harbor Post", published="2026-03-06"),
        6: make_result("Tom Kessler spoke. " + A1.replace("Monday", "Friday"),
                       [("We will not back down", "Tom Kessler", "person")],
                       outlet="Valley Wire", published="2026-03-07"),
    }
    for k in order:
        write(store, docs[k])
    store.finalize()


def test_cross_article_merging_speakers_clusters_duplicates(store):
    _fill(store, [1, 2, 3, 4, 5, 6])
    sp = {r["name"]: r for r in speakers(store.conn)}
    assert sp["Jane Ortiz"]["n_statements"] == 2 and sp["Jane Ortiz"]["n_articles"] == 2
    assert "Ortiz" in sp["Jane Ortiz"]["aliases"]
    # "Kessler" alone: Ana and Tom Kessler both exist and its article names neither
    assert sp["Kessler"]["n_statements"] == 1
    assert sp["Ana Kessler"]["n_statements"] == 1 and sp["Tom Kessler"]["n_statements"] == 1
    assert "a spokesman" not in sp
    cl = store.conn.execute("SELECT text, first_seen, n_occurrences, n_articles, outlets"
                            " FROM quote_clusters").fetchall()
    assert len(cl) == 1
    assert tuple(cl[0])[:4] == ("We will not back down", "2026-03-02", 3, 3)
    assert set(json.loads(cl[0][4])) == {"Riverside Ledger", "North Gazette", "Valley Wire"}
    # A6 is A1 with one word changed and a sentence added: a near-duplicate of the earlier A1
    dup = store.conn.execute("SELECT a.id, a.duplicate_of FROM articles a"
                             " WHERE duplicate_of IS NOT NULL").fetchall()
    assert len(dup) == 1
    assert store.conn.execute("SELECT published FROM articles WHERE id = ?",
                              (dup[0][1],)).fetchone()[0] == "2026-03-02"


def _snapshot(conn):
    return {
        "speakers": sorted((r[0], r[1], r[2]) for r in conn.execute(
            "SELECT name, n_statements, n_articles FROM speakers")),
        "by_statement": sorted(tuple(r) for r in conn.execute(
            "SELECT s.uid, sp.name, q.text FROM statements s LEFT JOIN speakers sp ON sp.id ="
            " s.speaker_id LEFT JOIN quote_clusters q ON q.id = s.cluster_id")),
        "dups": sorted(tuple(r) for r in conn.execute(
            "SELECT a.sha256, b.sha256 FROM articles a JOIN articles b ON b.id = a.duplicate_of")),
    }


def test_cross_article_results_do_not_depend_on_order(tmp_path):
    snaps = []
    for i, order in enumerate(([1, 2, 3, 4, 5, 6], [6, 4, 5, 2, 3, 1], [3, 1, 6, 5], )):
        s = Store(str(tmp_path / f"o{i}.db"))
        _fill(s, order)
        if i == 2:  # the rest in a second run
            _fill(s, [2, 4])
        snaps.append(_snapshot(s.conn))
        s.close()
    assert snaps[0] == snaps[1] == snaps[2]


def test_search_filters_and_evidence(store):
    _fill(store, [1, 2, 3, 4, 5, 6])
    hits = search(store.conn, "back down")
    assert len(hits) == 3 and all("back down" in h["content"] for h in hits)
    assert [h["outlet"] for h in search(store.conn, "back down", outlet="gazette")] == ["North Gazette"]
    assert len(search(store.conn, "back down", speaker="Ortiz")) == 2
    assert len(search(store.conn, "", speaker="Jane Ortiz")) == 2
    assert len(search(store.conn, "ortiz")) == 2  # speaker names are searchable
    assert len(search(store.conn, "back", since="2026-03-03", until="2026-03-03")) == 1
    assert search(store.conn, "money", kind="indirect") == []
    assert len(search(store.conn, "budget*")) == 1
    assert len(search(store.conn, '"not back"')) == 3
    with pytest.raises(StoreError, match="malformed query"):  # a clear message, not SQL's
        search(store.conn, 'AND OR NOT ( "')
    assert len(search(store.conn, "back down", include_duplicates=False)) == 2
    with pytest.raises(StoreError, match="not a date"):
        search(store.conn, "x", since="last week")
    d = get_statement(store.conn, hits[0]["id"])
    assert d["content"] in d["evidence"]["text"]
    assert d["cluster"]["n_occurrences"] == 3 and len(d["also_carried_by"]) == 2
    with pytest.raises(StoreError, match="no statement"):
        get_statement(store.conn, "nope")


def test_fts_query_and_sentence_around():
    assert fts_query('back down') == '("back" AND "down")'
    assert fts_query('"not back" budg*') == '("not back" AND "budg"*)'
    t = "First sentence here. He said \"we go\" loudly. Last one."
    a, b = sentence_around(t, t.index("we go"), t.index("we go") + 5)
    assert t[a:b] == 'He said "we go" loudly.'


def test_finalize_runs_only_when_something_changed(store):
    _fill(store, [1, 2])
    assert not store.dirty()
    assert store.finalize() is None
    assert store.finalize(force=True) is not None


def test_a_quote_carried_in_part_joins_the_cluster_of_the_whole(store):
    """One outlet quotes two sentences, another only the second (lightly edited)."""
    whole = ('"We will not back down," said Mayor Jane Ortiz. "The bridge will be rebuilt before '
             'winter, and every family will have a safe way home."' + FILLER)
    a, b = whole.index("We will"), whole.index("The bridge")
    st = Statement(id="s0", kind="direct", content=Evidence.from_spans(
        whole, [Span(a, a + 21), Span(b, whole.index('home."') + 5)]),
        speaker=Speaker("Jane Ortiz", "person"))
    r1 = ArticleResult(article=Article(text=whole, outlet="Ledger", published="2026-03-02"),
                       statements=[st])
    again = "The bridge will be rebuilt before the winter, and every family will have a safe way home."
    r2 = make_result(f'Later that week she said it again: "{again}" the Gazette reported.',
                     [(again, "Ortiz", "person")],
                     outlet="Gazette", published="2026-03-04")
    write(store, r1)
    write(store, r2)
    store.finalize()
    row = store.conn.execute("SELECT content FROM statements WHERE uid LIKE ?",
                             (r1.article.text_sha256[:12] + "%",)).fetchone()
    assert row[0].startswith("We will not back down The bridge")  # pieces joined by a space
    assert len(search(store.conn, "down bridge")) == 1
    cl = store.conn.execute("SELECT n_articles, outlets, first_seen FROM quote_clusters").fetchall()
    assert len(cl) == 1 and cl[0][0] == 2 and cl[0][2] == "2026-03-02"
