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


# -- the incremental layer (issue 12/13), still without the NLP pipeline ----------------------------
def _links(conn):
    return sorted(tuple(r) for r in conn.execute(
        "SELECT statement_id, speaker_id, speaker_link, speaker_candidates, replies_to"
        " FROM statement_links"))


def test_speaker_ids_come_from_the_key_not_the_order(tmp_path):
    from onrecord.store.link import Linker
    from onrecord.store.speakers import speaker_id
    # the derivation is part of the data contract: ids must not change between versions
    assert speaker_id("person:jane ortiz") == 2392631949542824
    snaps = []
    for i, (order, batch) in enumerate((([1, 2, 3, 4, 5, 6], 100), ([6, 4, 5, 2, 3, 1], 1),
                                        ([3, 1, 6, 5, 2, 4], 2))):
        s = Store(str(tmp_path / f"k{i}.db"))
        for k in order:
            _fill_one(s, k)
        Linker(s.conn).link_pending(batch=batch)
        snaps.append((_links(s.conn), _snapshot(s.conn)))
        ids = {r[0]: r[1] for r in s.conn.execute("SELECT name, id FROM speakers")}
        assert ids["Jane Ortiz"] == speaker_id("person:jane ortiz")
        assert ids["Kessler"] == speaker_id("person:kessler")
        s.close()
    assert snaps[0] == snaps[1] == snaps[2]


def _fill_one(store, k):
    docs = {
        1: make_result(A1, [("We will not back down", "Jane Ortiz", "person")],
                       outlet="Riverside Ledger", published="2026-03-02"),
        2: make_result(A2, [("We will not back down", "Ortiz", "person")],
                       outlet="North Gazette", published="2026-03-03"),
        3: make_result(A3, [("Budgets are promises", "Ana Kessler", "person")],
                       outlet="Valley Wire", published="2026-03-04"),
        4: make_result(A4, [("Nobody has shown us the money", "Kessler", "person")],
                       outlet="North Gazette", published="2026-03-05"),
        5: make_result(A5, [("We are ready", "the Port Authority", "organization")],
                       outlet="Harbor Post", published="2026-03-06"),
        6: make_result("Tom Kessler spoke. " + A1.replace("Monday", "Friday"),
                       [("We will not back down", "Tom Kessler", "person")],
                       outlet="Valley Wire", published="2026-03-07"),
    }
    write(store, docs[k])


def test_a_second_full_name_splits_a_bare_surname_and_it_is_recorded(store):
    _fill_one(store, 3)  # Ana Kessler
    _fill_one(store, 4)  # "Kessler": the only Kessler, so hers
    store.link()
    sp = {r["name"]: r for r in speakers(store.conn)}
    assert sp["Ana Kessler"]["n_statements"] == 2 and "Kessler" not in sp
    _fill_one(store, 6)  # Tom Kessler arrives: the bare "Kessler" can no longer be hers
    stats = store.link()
    assert stats.moved == 1
    sp = {r["name"]: r for r in speakers(store.conn)}
    assert sp["Ana Kessler"]["n_statements"] == 1 and sp["Kessler"]["n_statements"] == 1
    ev = store.conn.execute("SELECT kind, from_key, to_key, reason, statements FROM speaker_events").fetchall()
    assert [tuple(e)[:4] for e in ev] == [("split", "person:ana kessler", "person:kessler",
                                           "new full name in the corpus")]
    cands = json.loads(store.conn.execute(
        "SELECT speaker_candidates FROM statements WHERE speaker_name = 'Kessler'").fetchone()[0])
    assert {c["name"] for c in cands} == {"Ana Kessler", "Tom Kessler"}


def test_linking_cost_does_not_grow_with_the_corpus(tmp_path):
    """SQLite virtual-machine steps spent linking the same 5 articles into a corpus of 40 and of
    400 articles: the index look-ups grow with log(n) at most, never with n."""
    from onrecord.store.link import Linker

    import random
    words = ("harbour bridge ferry council budget school library water road clinic park market "
             "farm river tunnel station airport museum stadium court prison police hospital "
             "rail tram bus taxi port dock canal wall tower square garden forest lake hill").split()

    def corpus(n):
        out = []
        for i in range(n):
            rnd = random.Random(i)  # every article (and quote) its own words
            quote = " ".join(rnd.choice(words) for _ in range(12))
            body = " ".join(rnd.choice(words) for _ in range(120))
            text = f'"{quote}," said Mayor Person{i} Family{i % 97}. {body}.'
            out.append(make_result(text, [(quote, f"Person{i} Family{i % 97}", "person")],
                                   outlet=f"Outlet {i % 7}", published=f"2026-{1 + i % 12:02d}-01"))
        return out

    new = corpus(405)[-5:]
    steps = {}
    for n in (40, 400):
        s = Store(str(tmp_path / f"n{n}.db"))
        for r in corpus(n):
            write(s, r)
        s.link()
        for r in new:
            write(s, r)
        count = [0]

        def tick():
            count[0] += 1
            return 0
        s.conn.set_progress_handler(tick, 100)
        stats = Linker(s.conn).link_pending()
        s.conn.set_progress_handler(None, 0)
        assert stats.articles == 5
        steps[n] = count[0]
        s.close()
    assert steps[400] < 1.5 * steps[40], steps


def test_quote_groups_merge_when_a_later_quote_bridges_them(store):
    """Two outlets carry one half each of a quote (no match between them); a third carries it
    whole, split by its cue: one cluster of three, as a pass over everything would find."""
    q1 = "The council will rebuild the bridge before winter, whatever it costs"
    q2 = "Every family on the east bank will have a safe way home by Christmas"
    for i, q in enumerate((q1, q2)):
        write(store, make_result(f'"{q}," said Mayor Jane Ortiz on day {i}.',
                                 [(q, "Jane Ortiz", "person")], outlet=f"O{i}",
                                 published=f"2026-03-0{i + 2}"))
        store.link()
    assert store.conn.execute("SELECT count(*) FROM quote_clusters").fetchone()[0] == 0
    whole = f'"{q1}," Mayor Jane Ortiz said. "{q2}."'
    a, b = whole.index(q1), whole.index(q2)
    st = Statement(id="s0", kind="direct", content=Evidence.from_spans(
        whole, [Span(a, a + len(q1)), Span(b, b + len(q2))]), speaker=Speaker("Jane Ortiz", "person"))
    write(store, ArticleResult(article=Article(text=whole, outlet="O9", published="2026-03-01"),
                               statements=[st]))
    store.link()
    groups = {r[0] for r in store.conn.execute("SELECT quote_group FROM statements")}
    cl = store.conn.execute("SELECT n_occurrences, n_articles, first_seen FROM quote_clusters").fetchall()
    assert len(groups) == 1 and [tuple(c) for c in cl] == [(3, 3, "2026-03-01")]


def test_a_version_2_database_is_migrated_and_relinked(tmp_path):
    from onrecord.store import schema
    path = tmp_path / "v2.db"
    c = sqlite3.connect(path)
    for v, _d, sql in schema.MIGRATIONS[:2]:
        for stmt in schema._split_sql(sql):
            c.execute(stmt)
    c.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    c.execute("PRAGMA user_version = 2")
    c.execute("INSERT INTO articles (id, sha256, text, published) VALUES (1, 'x', ?, '2026-03-02')", (A1,))
    c.execute("INSERT INTO speakers (id, key, name) VALUES (1, 'person:jane ortiz', 'Jane Ortiz')")
    c.execute("INSERT INTO statements (id, uid, article_id, seq, kind, content, content_spans,"
              " speaker_name, speaker_type, speaker_id, data) VALUES (1, 'x-s0', 1, 0, 'direct',"
              " 'We will not back down', '[[1, 22]]', 'Jane Ortiz', 'person', 1,"
              " '{\"id\": \"s0\", \"content\": {\"spans\": [[1, 22]]}}')")
    c.commit()
    c.close()
    s = Store(str(path))
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert s.pending() == 1 and s.conn.execute("SELECT count(*) FROM speakers").fetchone()[0] == 0
    s.link()
    from onrecord.store.speakers import speaker_id
    assert s.conn.execute("SELECT speaker_id FROM statements").fetchone()[0] == speaker_id("person:jane ortiz")
    s.close()


def test_registry_files_bad_rows_are_reported_and_the_rest_imported(store, tmp_path):
    from onrecord.store.people import read_registry
    f = tmp_path / "r.csv"
    f.write_text("Name;Aliases;QID;Type\n"
                 "Jane Ortiz;Mayor Ortiz|Ortiz;Q111;person\n"
                 ";;Q2;person\n"
                 "Tom Kessler;;Q1x;person\n"
                 "Ana Kessler;;Q111;person\n"
                 "Port Authority;;;organisation\n"
                 "he;;;person\n"
                 "Harbor Board;;https://www.wikidata.org/wiki/Q99;organization\n", encoding="utf-8")
    rows, skipped = read_registry(str(f))
    assert [r.name for r in rows] == ["Jane Ortiz", "Harbor Board"]
    assert rows[0].aliases == ["Mayor Ortiz", "Ortiz"] and rows[1].external_id == "Q99"
    reasons = dict(skipped)
    assert reasons[3] == "no name" and "not a Wikidata id" in reasons[4]
    assert "already given on line 2" in reasons[5] and "unknown type" in reasons[6]
    assert "not a name" in reasons[7]
    for text, msg in (("", "empty"), ("who,what\nx,y\n", "no 'name' column")):
        f.write_text(text, encoding="utf-8")
        with pytest.raises(StoreError, match=msg):
            read_registry(str(f))
    f.write_bytes("name\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(StoreError, match="not UTF-8"):
        read_registry(str(f))
    with pytest.raises(StoreError, match="no registry file"):
        read_registry(str(tmp_path / "nope.csv"))


def test_a_registry_alias_links_full_names_and_a_one_word_alias_needs_support(store, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("name,aliases,affiliation,external_id\n"
                 "Jane Ortiz,Janet Q. Ortiz-Smith;JO,Riverside council,desk-1\n", encoding="utf-8")
    store.import_people(str(f))
    write(store, make_result('"Bridges first," said Janet Q. Ortiz-Smith, the mayor.',
                             [("Bridges first", "Janet Q. Ortiz-Smith", "person")]))
    write(store, make_result('"Ferries next," JO said.', [("Ferries next", "JO", "person")]))
    write(store, make_result('"Ferries next," JO told the Riverside council.',
                             [("Ferries next", "JO", "person")], outlet="Other"))
    store.link()
    rows = store.conn.execute("SELECT s.content, l.external_id, l.speaker_link FROM statements s"
                              " JOIN statement_links l ON l.statement_rowid = s.id ORDER BY s.id").fetchall()
    assert rows[0][1] == "desk-1" and "registry alias" in rows[0][2]
    assert rows[1][1] is None and "left unlinked" in rows[1][2]
    assert rows[2][1] == "desk-1" and "affiliation 'Riverside council' in the article" in rows[2][2]


def test_corrections_match_by_spans_and_files_are_checked(store, tmp_path):
    from onrecord.store import corrections as corr
    assert corr.match([(1, "[[0, 10]]"), (2, "[[12, 40]]")], [[12, 40]]) == 2
    assert corr.match([(1, "[[0, 10]]"), (2, "[[12, 40]]")], [[14, 40]]) == 2  # an edge moved
    assert corr.match([(1, "[[0, 10]]"), (2, "[[12, 40]]")], [[30, 60]]) is None
    f = tmp_path / "c.jsonl"
    good = {"format": corr.FORMAT, "article_sha256": "a" * 64, "spans": [[1, 5]],
            "action": "not_a_statement", "value": True, "created_at": "2026-03-02T10:00:00+00:00"}
    lines = [json.dumps(good), "{not json", json.dumps({**good, "action": "delete"}),
             json.dumps({**good, "spans": [[5, 1]]}), json.dumps({**good, "article_sha256": "xyz"}),
             json.dumps({**good, "action": "speaker", "value": {"name": ""}}), ""]
    f.write_text("\n".join(lines), encoding="utf-8")
    xs, skipped = corr.read_file(str(f))
    assert len(xs) == 1 and [n for n, _ in skipped] == [2, 3, 4, 5, 6]
    assert "not JSON" in skipped[0][1] and "not one of" in skipped[1][1]
    # stored for an article not in this database: kept, listed as unmatched
    rep = store.import_corrections(str(f))
    assert rep["stored"] == 1 and rep["unmatched"] == 1 and len(rep["lines_skipped"]) == 5
    assert corr.list_corrections(store.conn)[0]["statement_id"] is None
