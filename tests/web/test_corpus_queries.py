"""``onrecord.Corpus`` and the read queries on a real corpus file: the query language, its
caps in terms and time, LIKE escaping, read-only folders, and the CLI faces over the same
calls (search, show, the extract table)."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import ARTICLES, Server, copy_db, get_json, onrecord

import onrecord as lib
from onrecord.errors import StoreError
from onrecord.store import queries
from onrecord.store.queries import parse_query


@pytest.mark.parametrize("query, match, exclude", [
    ("back down", '("back" AND "down")', None),
    ('"not back" budg*', '("not back" AND "budg"*)', None),
    ("war OR peace", '("war" OR "peace")', None),
    ("war -ukraine", '("war" NOT "ukraine")', None),
    ("war NOT ukraine", '("war" NOT "ukraine")', None),
    ("-war", None, '"war"'),
    ("-war -peace", None, '"war" OR "peace"'),
    ("macron NOT (putin OR biden)", '("macron" NOT ("putin" OR "biden"))', None),
    ("(a OR b) c", '(("a" OR "b") AND "c")', None),
    ("speaker:macron guarantees", '(speaker : "macron" AND "guarantees")', None),
    ("U.S. policy", '("U S" AND "policy")', None),
    ("war AND peace", '("war" AND "peace")', None),
    ("or not and", '("or" AND "not" AND "and")', None),  # lower case: words
    # FTS5's own syntax in user text reaches it only as quoted words
    ("NEAR(a b) {col}: ^x", '("NEAR" AND ("a" AND "b") AND "col" AND "x")', None),
    ("", None, None), ("  -  ", None, None),
])
def test_query_language(query, match, exclude):
    pq = parse_query(query)
    assert (pq.match, pq.exclude) == (match, exclude)


@pytest.mark.parametrize("query, message", [
    ('"open', "quotation mark is not closed"), ("(a b", "parenthesis is not closed"),
    ("a b)", "closing parenthesis has no opening"), ("a OR", "OR needs a word"),
    ("OR a", "OR needs a word"), ("a AND", "AND needs a word"), ("NOT", "NOT needs a word"),
    ("a OR -b", "inside OR"), ("x" * 600, "longer than"),
    ("a* b* c* d* e* f* g*", "prefix terms"), (" ".join(["w"] * 30), "more than 24 words"),
    ("(" * 10 + "a" + ")" * 10, "nested parentheses"),
])
def test_malformed_queries(query, message):
    with pytest.raises(StoreError, match="malformed query") as e:
        parse_query(query)
    assert message in str(e.value) and e.value.hint


def test_3300_prefix_terms_are_refused_at_once():
    t = time.perf_counter()
    with pytest.raises(StoreError):
        parse_query(" ".join(f"t{i}*" for i in range(3300)))
    assert time.perf_counter() - t < 1.0


def test_time_limit_stops_a_long_statement(web_db):
    c = lib.Corpus(web_db)
    conn = c._conn()
    with pytest.raises(StoreError, match="stopped after"):
        with queries.time_limit(conn, 0.05):
            conn.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)"
                         " SELECT count(*) FROM n").fetchone()
    # the connection is usable afterwards, without the limit
    assert c.search("guarantees")["total"] >= 3
    c.close()


def test_like_filters_escape_wildcards(web_db):
    with lib.Corpus(web_db) as c:
        assert c.search("", speaker="%")["total"] == 0
        assert c.search("", speaker="_")["total"] == 0
        assert c.search("", outlet="%")["total"] == 0
        assert c.speakers(name="%") == []
        assert c.search("", speaker="Macron")["total"] >= 5
        assert queries.like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_corpus_is_the_public_library_object(web_db):
    assert "Corpus" in lib.__all__
    with lib.Corpus(web_db) as c:
        macron = c.speaker("Emmanuel Macron")
        assert macron["id"] == c.speakers(name="Emmanuel Macron")[0]["id"]
        art = c.article(c.search('"terrorist state"')["hits"][0]["article_id"])
        ex = c.exchange(article=art["id"])
        assert any(e["stance"] == "against" for e in ex["edges"])
        with pytest.raises(StoreError, match="read-only"):
            c.ingest([str(ARTICLES / "harbour.txt")])
        assert c.stats()["articles"] == 4


def test_a_database_in_a_read_only_folder_can_be_searched_and_served(web_db, tmp_path):
    ro = tmp_path / "ro"
    db = copy_db(web_db, ro)
    with lib.Corpus(web_db) as c:
        n_statements = c.stats()["statements"]
    # WAL mode in the file header, and no -wal/-shm beside it: what a copy to read-only media is
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for p in ro.iterdir():
        if p != db:
            p.unlink()
    os.chmod(db, 0o444)
    os.chmod(ro, 0o555)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root writes anywhere: drop the capabilities that allow it
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a folder read-only")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    probe = subprocess.run([*prefix, "touch", str(ro / "probe")], capture_output=True)
    assert probe.returncode != 0, "the folder is writable: the test would prove nothing"
    try:
        base = [*prefix, sys.executable, "-m", "onrecord.cli"]
        r = subprocess.run([*base, "search", "guarantees", "--db", str(db), "--format", "json"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)) >= 3
        uid = json.loads(r.stdout)[0]["id"]
        r = subprocess.run([*base, "show", uid, "--db", str(db)], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0 and "evidence:" in r.stdout, r.stderr
        r = subprocess.run([*base, "export", "--db", str(db)], capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        assert len(r.stdout.splitlines()) == n_statements
        log_dir = tmp_path / "logs"
        log_dir.mkdir()
        s = Server(db, prefix=prefix, log_dir=log_dir)
        try:
            status, d = get_json(s.base + "/search.json?q=guarantees")
            assert status == 200 and d["total"] >= 3
        finally:
            s.stop()
        assert sorted(p.name for p in ro.iterdir()) == [db.name]  # nothing written beside it
    finally:
        os.chmod(ro, 0o755)


def test_cli_search_is_thin_over_corpus_and_takes_a_query_starting_with_dash(web_db):
    r = onrecord("search", "-guarantees", "--db", web_db, "--format", "json", "-n", "100")
    hits = json.loads(r.stdout)
    assert hits and all("guarantee" not in h["content"].lower() for h in hits)
    r = onrecord("search", "--db", web_db, "-n5", "--format", "json", "-Russia")
    assert json.loads(r.stdout) and all("russia" not in h["content"].lower()
                                        for h in json.loads(r.stdout))
    with lib.Corpus(web_db) as c:
        same = c.search("-guarantees", limit=100)["hits"]
    assert [h["id"] for h in hits] == [h["id"] for h in same]
    r = onrecord("search", '"open', "--db", web_db, check=False)
    assert r.returncode == 1 and "malformed query" in r.stderr and "Traceback" not in r.stderr
    r = onrecord("search", "--stance", "against", "--venue", "social_media", "--db", web_db,
                 "--format", "json")
    assert {h["speaker"] for h in json.loads(r.stdout)} >= {"Linas Linkevicius"}


def test_tables_quote_only_direct_speech_and_join_split_pieces(web_db, tmp_path):
    """Indirect speech is never shown inside quotation marks; a split quote reads with an
    ellipsis, not glued ("the pilingsEvery week")."""
    art = tmp_path / "split.txt"
    art.write_text('"We will finish the pilings," Mayor Ana Ruiz said, "and every week counts for '
                   'the ferries."\n\nHarbour chair Lena Moss said the work would take a year.\n',
                   encoding="utf-8")
    out = onrecord("extract", art, "--published", "2024-03-06").stdout
    lines = [x.strip() for x in out.splitlines()]
    assert "“We will finish the pilings … and every week counts for the ferries.”" in lines, out
    assert "pilingsand" not in out
    assert "the work would take a year" in lines and "“the work would take a year”" not in out
    r = onrecord("search", "pilings OR work", "--db", web_db, "--format", "table")
    for line in r.stdout.splitlines()[1:]:
        if " indirect " in line:
            assert "“" not in line.split(" indirect ", 1)[1], line


@pytest.mark.parametrize("kind, pieces, expected", [
    ("direct", ["the pilings", "Every week"], "“the pilings … Every week”"),
    ("indirect", ["the city would reopen", "the harbour"], "the city would reopen … the harbour"),
    ("mixed", ["the demands were “non-starters”"], "the demands were “non-starters”"),
    ("direct", ["  two\n lines "], "“two lines”"),
])
def test_reading(kind, pieces, expected):
    from onrecord.display import pieces_from_text, reading
    assert reading(kind, pieces) == expected
    joined = "".join(pieces)
    spans, pos = [], 0
    for p in pieces:
        spans.append([pos, pos + len(p)])
        pos += len(p)
    assert pieces_from_text(joined, spans) == pieces
    assert len(reading(kind, ["x" * 500], max_chars=40)) == 40
