"""The export: one typed row per statement with every field of the extract contract and the
article's metadata, read back as users read it (DuckDB, pandas, csv, json), from a corpus built
by the real pipeline (our test corpus, ``examples/harbour.txt`` and the seed article)."""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from onrecord import export
from onrecord.model import (Article, ArticleResult, Evidence, Occasion, SaidOn, Span, Speaker,
                            SpeakerCandidate, Statement, Venue)

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "make_corpus", Path(__file__).parent / "fixtures" / "corpus" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    from onrecord.ingest.run import ingest

    root = tmp_path_factory.mktemp("export")
    corpus = make_corpus.build(root / "corpus")
    inputs = [str(corpus["good"]), str(ROOT / "examples" / "harbour.txt")]
    seed = ROOT.parent / "shared" / "seed" / "article.txt"
    if seed.exists():
        inputs.append(str(seed))
    path = root / "c.db"
    ingest(inputs, str(path), extractor=pipeline)
    return path


def cli(*args):
    from onrecord.cli import main
    r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r


def stored(path) -> dict[str, dict]:
    """Each stored statement's full JSON record and its article's text, by statement id."""
    c = sqlite3.connect(path)
    out = {uid: (json.loads(data), text) for uid, data, text in c.execute(
        "SELECT s.uid, s.data, a.text FROM statements s JOIN articles a ON a.id = s.article_id")}
    c.close()
    return out


def test_parquet_read_by_duckdb_one_row_per_statement_every_field(db, tmp_path):
    import duckdb

    out = tmp_path / "s.parquet"
    cli("export", "--format", "parquet", "-o", out, "--db", db)
    con = duckdb.connect()
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{out}')").fetchall())
    assert list(types) == export.NAMES
    # typed: dates are dates, spans are lists of integer pairs, confidence a number
    assert types["published"] == "DATE" and types["said_on_date"] == "DATE"
    for col in ("content_spans", "cue_spans", "source_spans", "said_on_spans", "venue_spans"):
        assert types[col] == "INTEGER[][]", col
    assert types["confidence"] == "DOUBLE" and types["seq"] == "INTEGER"
    records = stored(db)
    n, distinct = con.execute(f"SELECT count(*), count(DISTINCT id) FROM '{out}'").fetchone()
    assert n == distinct == len(records)
    rows = con.execute(f"SELECT * FROM '{out}'").fetchall()
    cols = [d[0] for d in con.description]
    for r in map(lambda v: dict(zip(cols, v)), rows):
        d, text = records[r["id"]]
        # every field of the contract is in its column
        assert r["kind"] == d["kind"] and r["content"] == d["content"]["text"]
        assert r["content_spans"] == d["content"]["spans"]
        assert "".join(text[a:b] for a, b in r["content_spans"]) == r["content"]
        for f in ("cue", "source"):
            assert r[f] == (d[f]["text"] if d[f] else None)
            assert r[f + "_spans"] == (d[f]["spans"] if d[f] else [])
        sp = d["speaker"] or {}
        assert (r["speaker_name"], r["speaker_type"], r["speaker_role"], r["speaker_affiliation"]) \
            == (sp.get("name"), sp.get("type"), sp.get("role"), sp.get("affiliation"))
        so = d["said_on"]
        assert r["said_on"] == (so and so["value"]) and r["said_on_precision"] == (so and so["precision"])
        if so:
            assert isinstance(r["said_on_date"], dt.date) and so["value"].endswith(
                r["said_on_date"].isoformat()[:len(so["value"])]) or "week of" in so["value"]
        ve = d["venue"] or {}
        assert (r["venue_type"], r["venue_outlet"], r["venue_place"]) == \
            (ve.get("type"), ve.get("outlet"), ve.get("place"))
        assert r["occasion"] == d.get("occasion")
        assert (r["stance"], r["claim_type"], r["method"]) == (d["stance"], d["claim_type"], d["method"])
        assert r["confidence"] == pytest.approx(d["confidence"])
        if d["responds_to"]:
            assert r["responds_to"] == f"{r['id'].split('-')[0]}-{d['responds_to']}"
    # responds_to names a statement of the export; the corpus columns are filled
    answered = con.execute(f"SELECT count(*), count(t.id) FROM '{out}' s LEFT JOIN '{out}' t"
                           " ON t.id = s.responds_to WHERE s.responds_to IS NOT NULL").fetchone()
    assert answered[0] > 0 and answered[0] == answered[1]
    ortiz = con.execute(f"SELECT DISTINCT outlet, published, url, speaker_id FROM '{out}'"
                        " WHERE content LIKE 'We will not back down%' AND speaker_name = 'Jane Ortiz'"
                        " ORDER BY published").fetchall()
    assert [(o, p) for o, p, _, _ in ortiz[:2]] == [("Riverside Ledger", dt.date(2026, 3, 2)),
                                                    ("Valley Wire", dt.date(2026, 3, 3))]
    assert all(u.startswith("https://") for _, _, u, _ in ortiz)
    assert len({sid for *_, sid in ortiz}) == 1 and ortiz[0][3]  # one speaker across outlets
    clusters = con.execute(f"SELECT count(DISTINCT cluster_id), count(duplicate_of) FROM '{out}'").fetchone()
    assert clusters[0] >= 1 and clusters[1] >= 1


def test_jsonl_csv_and_pandas_hold_the_same_rows(db, tmp_path):
    import pandas as pd

    pout, cout = tmp_path / "s.parquet", tmp_path / "s.csv"
    cli("export", "--format", "parquet", "-o", pout, "--db", db)
    cli("export", "--format", "csv", "-o", cout, "--db", db)
    lines = cli("export", "--db", db).stdout.splitlines()
    j = [json.loads(x) for x in lines]
    c = list(csv.DictReader(cout.open(encoding="utf-8")))
    p = pq.read_table(pout).to_pylist()
    df = pd.read_parquet(pout)
    assert len(j) == len(c) == len(p) == len(df) > 40
    assert list(j[0]) == list(c[0]) == list(df.columns) == export.NAMES
    for jr, cr, pr in zip(j, c, p):
        assert jr["id"] == cr["id"] == pr["id"]
        assert jr["content_spans"] == json.loads(cr["content_spans"]) == pr["content_spans"]
        assert jr["published"] == (cr["published"] or None) == (pr["published"] and pr["published"].isoformat())
        assert (cr["responds_to"] or None) == jr["responds_to"] == pr["responds_to"]
    first = next(i for i, r in enumerate(j) if r["published"])
    assert str(df["published"].iloc[first]) == j[first]["published"]


def test_every_contract_field_from_an_extraction_result():
    """Fields the test corpus happens not to produce (an occasion, speaker candidates, a week)."""
    text = 'On Monday, in an interview with TF1, Ana Ruiz said "the port will reopen". Someone said "no".'
    art = Article(text=text, id="wire-42", url="https://example.org/a", outlet="Wire",
                  published="2024-03-06", path="feed.xml#entry1")
    venue = Venue("tv_interview", "an interview with TF1", (Span(14, 35),), outlet="TF1")
    said = SaidOn("week of 2024-03-04", "week", "On Monday", (Span(0, 9),))
    s1 = Statement("s1", "direct", Evidence.from_spans(text, [Span(52, 71)]),
                   cue=Evidence.from_spans(text, [Span(46, 50)]),
                   source=Evidence.from_spans(text, [Span(37, 45)]),
                   speaker=Speaker("Ana Ruiz", "person", "mayor", "Port Alder"),
                   said_on=said, venue=venue, occasion="o1", claim_type="prediction",
                   confidence=0.91234, method="quote+cue")
    s2 = Statement("s2", "direct", Evidence.from_spans(text, [Span(88, 90)]),
                   responds_to="s1", stance="against", confidence=0.4,
                   speaker_candidates=(SpeakerCandidate("Ana Ruiz", (Span(37, 45),)),))
    res = ArticleResult(art, [s1, s2], occasions=[Occasion("o1", venue, said, (Span(14, 35),))])
    r1, r2 = export.statement_rows(res)
    sha = art.text_sha256
    assert r1["id"] == f"{sha[:12]}-s1" and r1["article_id"] == "wire-42"
    assert r1["external_id"] is None and r1["speaker_id"] is None  # corpus columns: no database
    assert r1["said_on_date"] == dt.date(2024, 3, 4) and r1["published"] == dt.date(2024, 3, 6)
    assert r1["venue_outlet"] == "TF1" and r1["venue_spans"] == [[14, 35]] and r1["occasion"] == "o1"
    assert r1["speaker_role"] == "mayor" and r1["confidence"] == 0.912
    assert r2["responds_to"] == r1["id"] and r2["stance"] == "against"
    assert r2["speaker_name"] is None
    assert r2["speaker_candidates"] == [{"name": "Ana Ruiz", "spans": [[37, 45]]}]
    t = export.to_table([r1, r2])  # the rows fit the schema as they are
    assert t.schema == export.SCHEMA and t.num_rows == 2
    assert export.to_date("2024-03") == dt.date(2024, 3, 1) and export.to_date("2024") == dt.date(2024, 1, 1)
    assert export.to_date("soon") is None and export.to_date(None) is None


def test_export_errors(db, tmp_path):
    from onrecord.cli import main
    r = CliRunner().invoke(main, ["export", "--format", "parquet", "--db", str(db)])
    assert r.exit_code != 0 and "needs --output" in r.output
    r = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no corpus database" in r.output


def test_every_column_is_documented():
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    assert [n for n in export.NAMES if f"| `{n}` |" not in doc] == []
