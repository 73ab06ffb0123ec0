"""People across the corpus, through the real pipeline and real SQLite files: stable speaker
ids (re-ingest, rebuild in another order, registry before or after), registry linking only with
the article's support, corrections that survive re-ingest, reindex (with extraction again) and a
rebuild, replies across articles; and the CLI faces of all of it."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from onrecord.corpus_cli import COMMANDS
from onrecord.ingest.run import ingest
from onrecord.store import Store
from onrecord.store.people import show
from onrecord.store.speakers import speaker_id

FIX = Path(__file__).parent / "fixtures" / "people"
REGISTRY = FIX / "registry.csv"
MACRON, PUTIN = speaker_id("person:emmanuel macron"), speaker_id("person:vladimir putin")
BORIS, MIKE = speaker_id("person:boris johnson"), speaker_id("person:mike johnson")


@click.group()
def cli():
    """The corpus commands."""


for _c in COMMANDS:
    cli.add_command(_c)


def run(*args, ok=True):
    r = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert r.exit_code == 0, r.output
    return r


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, shared_dir) -> list[Path]:
    """One JSON Lines file per article: ours and the seed (published 2022-12-05)."""
    d = tmp_path_factory.mktemp("inputs")
    lines = FIX.joinpath("articles.jsonl").read_text(encoding="utf-8").splitlines()
    seed = (shared_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    lines.append(json.dumps({"text": seed, "published": "2022-12-05", "outlet": "seed",
                             "url": "https://seed.example/macron"}))
    paths = []
    for i, line in enumerate(lines):
        p = d / f"a{i}.jsonl"
        p.write_text(line + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def build(path: Path, inputs: list[Path], pipeline, registry_at: int | None = 0) -> Path:
    """Ingest ``inputs`` one run each, importing the registry before input ``registry_at``."""
    for i, p in enumerate(inputs):
        if registry_at == i:
            with Store(str(path)) as s:
                s.import_people(str(REGISTRY))
        ingest([str(p)], str(path), extractor=pipeline, progress=False)
    if registry_at is not None and registry_at >= len(inputs):
        with Store(str(path)) as s:
            s.import_people(str(REGISTRY))
    return path


def links(path: Path) -> dict[str, tuple]:
    c = sqlite3.connect(path)
    try:
        return {r[0]: tuple(r[1:]) for r in c.execute(
            "SELECT statement_id, speaker_id, external_id, speaker_link, speaker_candidates,"
            " not_a_statement, responds_to_uid, replies_to, provenance FROM statement_links")}
    finally:
        c.close()


def speakers_of(path: Path) -> list[tuple]:
    c = sqlite3.connect(path)
    try:
        return sorted(c.execute("SELECT id, key, name, n_statements, n_articles, aliases, external_id"
                                " FROM speakers"))
    finally:
        c.close()


def by_mention(path: Path) -> dict[str, list[tuple]]:
    """Statement rows by the outlet of their article: (uid, mention, speaker id, external id)."""
    c = sqlite3.connect(path)
    out: dict[str, list[tuple]] = {}
    for r in c.execute("SELECT a.outlet, s.uid, s.speaker_name, l.speaker_id, l.external_id,"
                       " l.speaker_link, l.speaker_candidates FROM statements s"
                       " JOIN articles a ON a.id = s.article_id"
                       " JOIN statement_links l ON l.statement_rowid = s.id ORDER BY s.id"):
        out.setdefault(r[0], []).append(tuple(r[1:]))
    c.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, inputs, pipeline) -> Path:
    return build(tmp_path_factory.mktemp("a") / "a.db", inputs, pipeline, registry_at=0)


def test_macron_and_putin_named_differently_are_one_speaker_each(corpus):
    rows = by_mention(corpus)
    macron = [r for o in ("paris-daily", "europe-wire", "seed") for r in rows[o]
              if r[1] and "Macron" in r[1]]
    assert {r[1] for r in macron} >= {"Emmanuel Macron", "Macron"}  # named differently
    assert {r[2] for r in macron} == {MACRON} and {r[3] for r in macron} == {"Q3052772"}
    bare = next(r for r in rows["europe-wire"] if r[1] == "Macron")
    assert "affiliation 'French' in the article" in bare[4]
    putin = [r for o in ("moscow-wire", "kremlin-watch", "seed") for r in rows[o]
             if r[1] and "Putin" in r[1]]
    assert {r[1] for r in putin} >= {"Vladimir V. Putin", "Putin", "Vladimir Putin"}
    assert {r[2] for r in putin} == {PUTIN} and {r[3] for r in putin} == {"Q7747"}
    # one speaker row each, with the registry's name and id
    sp = {r[0]: r for r in speakers_of(corpus)}
    assert sp[MACRON][2] == "Emmanuel Macron" and sp[MACRON][6] == "Q3052772"
    assert sp[PUTIN][2] == "Vladimir Putin" and sp[PUTIN][6] == "Q7747"
    assert [r for r in sp.values() if "macron" in r[1]] == [sp[MACRON]]


def test_a_surname_is_linked_only_with_the_articles_support(corpus):
    rows = by_mention(corpus)
    # "Johnson" with two registry Johnsons and nothing in the article: unlinked, both candidates
    (j,) = rows["capitol-notes"]
    assert j[1] == "Johnson" and j[2] == speaker_id("person:johnson") and j[3] is None
    assert "left unlinked" in j[4]
    assert {c["external_id"] for c in json.loads(j[5])} == {"Q180589", "Q6847932"}
    # the article says which: "a Republican from Louisiana"
    (m,) = rows["house-daily"]
    assert m[2] == MIKE and m[3] == "Q6847932" and "Republican" in m[4]
    (b,) = rows["london-post"]
    assert b[2] == BORIS and b[3] == "Q180589"
    # "blasted Macron's suggestion" in a Lithuanian's story: one registry Macron, but nothing in
    # the article supports him, so the person the reaction names stays unlinked
    c = sqlite3.connect(corpus)
    named = c.execute("SELECT m.name, m.key, m.reason, (SELECT group_concat(key) FROM"
                      " mention_candidates mc WHERE mc.statement_id = m.statement_id AND"
                      " mc.role = m.role) FROM mentions m JOIN statements s ON s.id = m.statement_id"
                      " JOIN articles a ON a.id = s.article_id WHERE a.outlet = 'baltic-times'"
                      " AND m.role = 'reply_target'").fetchall()
    assert named and all(r[:2] == ("Macron", "person:macron") and "left unlinked" in r[2]
                         and r[3] == "person:emmanuel macron" for r in named)
    c.close()


def test_ids_are_the_same_after_reingest_and_a_rebuild_in_another_order(corpus, inputs, pipeline,
                                                                        tmp_path):
    before = links(corpus), speakers_of(corpus)
    s = ingest([str(p) for p in inputs], str(corpus), extractor=pipeline, progress=False)
    assert s.stored == 0 and s.already_stored == len(inputs)
    assert (links(corpus), speakers_of(corpus)) == before
    # another order, the registry imported halfway; and one with the registry imported last
    other = build(tmp_path / "b.db", inputs[::-1], pipeline, registry_at=4)
    assert links(other) == before[0] and speakers_of(other) == before[1]
    last = build(tmp_path / "c.db", [inputs[i] for i in (9, 2, 5, 0, 7, 1, 8, 6, 3, 4)], pipeline,
                 registry_at=99)
    assert links(last) == before[0] and speakers_of(last) == before[1]
    # the registry imported last moved statements: recorded as splits, with their reason
    c = sqlite3.connect(last)
    ev = c.execute("SELECT kind, from_key, to_key, reason FROM speaker_events").fetchall()
    # ("Johnson" was the corpus's only Boris Johnson's until the registry brought Mike)
    assert ("split", "person:boris johnson", "person:johnson", "registry import") in ev


def test_replies_across_articles_with_evidence(corpus):
    c = sqlite3.connect(corpus)
    rows = c.execute("SELECT y.uid, ya.outlet, t.uid, ta.outlet, ta.published, r.via,"
                     " r.evidence_text, r.shared, ya.published FROM replies r"
                     " JOIN statements y ON y.id = r.statement_id JOIN articles ya ON ya.id = y.article_id"
                     " JOIN statements t ON t.id = r.target_id JOIN articles ta ON ta.id = t.article_id"
                     ).fetchall()
    # the seed (5 Dec) quotes Macron's remark and its critics; the remark itself is in the
    # Paris Daily story of 3 Dec: the critics answer it across articles
    seed = [r for r in rows if r[1] == "seed"]
    assert seed and all(r[3] == "paris-daily" and r[4] == "2022-12-03" for r in seed)
    assert {r[5] for r in seed} == {"in-article"}
    assert any("blasted" in r[6] for r in seed)
    assert all("guarantee" in json.loads(r[7]) for r in seed)
    # a reaction naming the person answered: Kuleba (10 Dec) rejects Putin's call of 8 Dec
    kyiv = [r for r in rows if r[1] == "kyiv-post"]
    assert kyiv and all(r[3] == "moscow-wire" and r[5] == "named" for r in kyiv)
    assert any("Putin's call" in r[6] for r in kyiv)
    assert all({"west", "accept"} <= set(json.loads(r[7])) for r in kyiv)
    # the Lithuanian's story names a Macron nothing links: no reply from it
    assert not [r for r in rows if r[1] == "baltic-times"]
    # no reply to a later statement, none inside one article
    assert all(r[4] <= r[8] for r in rows) and all(r[1] != r[3] for r in rows)
    # the speaker's page lists who answered them, across outlets
    d = show(c, "Q3052772")
    who = {(r["speaker"], r["outlet"]) for r in d["answered_by"]}
    assert ("Linas Linkevicius", "seed") in who and ("Mykhailo Podolyak", "seed") in who
    assert all(r["target_outlet"] == "paris-daily" for r in d["answered_by"])


def test_corrections_survive_reingest_reindex_and_a_rebuild(corpus, inputs, pipeline, tmp_path):
    db = tmp_path / "corr.db"
    shutil.copyfile(corpus, db)
    rows = by_mention(db)
    j = rows["capitol-notes"][0][0]
    sug, linas = (r[0] for r in rows["baltic-times"])  # "blasted Macron's suggestion …", the quote
    target = next(r[0] for r in rows["paris-daily"] if r[1] == "Emmanuel Macron")
    run("correct", j, "--speaker", "Q180589", "--editor", "desk", "--note", "the PM", "--db", db)
    run("correct", sug, "--not-a-statement", "--db", db)
    out = json.loads(run("correct", linas, "--responds-to", target, "--format", "json",
                         "--db", db).stdout)
    assert out["responds_to_uid"] == target and out["provenance"] == "editor"
    want = {k: links(db)[k] for k in (j, sug, linas)}
    assert want[j][:2] == (BORIS, "Q180589") and want[j][2].startswith("editor (desk)")
    assert want[j][-1] == "editor" and want[sug][4] == 1 and want[sug][0] is None
    assert want[linas][5] == target
    assert sug not in run("search", "suggestion", "--db", db, "--format", "json").stdout
    assert sug not in run("search", "--db", db, "--format", "json", "--limit", "500").stdout

    # what corrections did incrementally is what a full pass over everything gives
    state = links(db), speakers_of(db)
    run("reindex", "--no-progress", "--db", db)
    assert (links(db), speakers_of(db)) == state
    # 1. ingest the same inputs again
    ingest([str(p) for p in inputs], str(db), extractor=pipeline, progress=False)
    assert {k: links(db)[k] for k in want} == want
    # 2. the full pass, extracting every article again
    r = json.loads(run("reindex", "--extract", "--json", "--no-progress", "--db", db).stdout)
    assert r["corrections_applied"] == 3 and r["articles"] == len(inputs)
    assert {k: links(db)[k] for k in want} == want
    # 3. a database rebuilt from the same inputs in another order, with the corrections imported
    exported = tmp_path / "corrections.jsonl"
    run("corrections", "export", "-o", exported, "--db", db)
    assert len(exported.read_text().splitlines()) == 3
    rebuilt = build(tmp_path / "rebuilt.db", inputs[::-1], pipeline, registry_at=len(inputs))
    rep = json.loads(run("corrections", "import", exported, "--json", "--db", rebuilt).stdout)
    assert rep["stored"] == 3 and rep["applied"] == 3 and rep["unmatched"] == 0
    assert {k: links(rebuilt)[k] for k in want} == want
    assert speakers_of(rebuilt) == speakers_of(db)
    # importing again changes nothing; an older correction does not replace a newer one
    rep = json.loads(run("corrections", "import", exported, "--json", "--db", rebuilt).stdout)
    assert rep["stored"] == 3 and {k: links(rebuilt)[k] for k in want} == want
    # undo returns the machine's attribution
    run("correct", j, "--undo", "--db", rebuilt)
    assert links(rebuilt)[j][0] == speaker_id("person:johnson") and links(rebuilt)[j][-1] == "machine"
    listed = run("corrections", "list", "--db", rebuilt).stdout
    assert sug in listed and j not in listed


def test_people_commands(corpus, tmp_path):
    db = tmp_path / "p.db"
    shutil.copyfile(corpus, db)
    rows = json.loads(run("people", "list", "--format", "json", "--db", db).stdout)
    assert {r["external_id"]: r["n_statements"] > 0 for r in rows} == {
        "Q3052772": True, "Q7747": True, "Q180589": True, "Q6847932": True}
    text = run("people", "show", "Q3052772", "--db", db).stdout
    assert f"speaker id: {MACRON}" in text and "answered by (across articles)" in text
    assert "left unlinked (may be them)" in text and "'Macron' (named in a reaction)" in text
    d = json.loads(run("people", "show", "Mike Johnson", "--format", "json", "--db", db).stdout)
    assert d["speaker"]["id"] == MIKE and d["unlinked"]  # the capitol-notes "Johnson"
    r = run("people", "show", "Nobody Atall", "--db", db, ok=False)
    assert r.exit_code == 1 and "no person or speaker" in r.output
    # importing again: unchanged; an update is relinked
    rep = json.loads(run("people", "import", REGISTRY, "--json", "--db", db).stdout)
    assert rep["unchanged"] == 4 and rep["added"] == 0
    upd = tmp_path / "upd.csv"
    upd.write_text("name,role,affiliation,qid\nBoris Johnson,Prime Minister,United Kingdom;"
                   "Conservative Party;Brexit;Lawmakers,Q180589\n", encoding="utf-8")
    rep = json.loads(run("people", "import", upd, "--json", "--db", db).stdout)
    assert rep["updated"] == 1 and rep["statements_moved"] == 1  # "Lawmakers" now in capitol-notes
    j = by_mention(db)["capitol-notes"][0]
    assert j[2] == BORIS and "affiliation 'Lawmakers' in the article" in j[4]
    state = links(db), speakers_of(db)
    run("reindex", "--db", db)
    assert (links(db), speakers_of(db)) == state


def test_progress_is_shown_for_the_linking_phase(corpus, inputs, pipeline, tmp_path, capsys):
    db = tmp_path / "g.db"
    shutil.copyfile(corpus, db)
    r = run("reindex", "--progress", "--db", db)
    assert f"linking: {len(inputs)}/{len(inputs)} articles" in r.output
    capsys.readouterr()
    ingest([str(p) for p in inputs[:2]], str(tmp_path / "new.db"), extractor=pipeline, progress=True)
    err = capsys.readouterr().err
    assert "ingest: " in err and "linking: 2/2 articles" in err


def test_editing_errors_are_messages(corpus, tmp_path):
    db = tmp_path / "e.db"
    shutil.copyfile(corpus, db)
    sid = by_mention(db)["capitol-notes"][0][0]
    for args, msg in (((sid,), "nothing to correct"), (("nope-s9", "--not-a-statement"), "no statement"),
                      ((sid, "--responds-to", sid), "cannot answer itself"),
                      ((sid, "--speaker", "Johnson"), None)):
        r = run("correct", *args, "--db", db, ok=msg is None)
        if msg:
            assert r.exit_code == 1 and msg in r.output and "Traceback" not in r.output
    assert links(db)[sid][2].startswith("editor: Johnson")  # a plain name is a speaker of its own
    for args, msg in ((("people", "import", tmp_path / "none.csv"), "no registry file"),
                      (("corrections", "import", tmp_path / "none.jsonl"), "no corrections file"),
                      (("people", "show", "Johnson"), None)):
        r = run(*args, "--db", db, ok=msg is None)
        if msg:
            assert r.exit_code == 1 and msg in r.output
    r = run("reindex", "--db", tmp_path / "missing.db", ok=False)
    assert r.exit_code == 1 and "no corpus database" in r.output


def test_the_corpus_object_carries_people_and_corrections(corpus, tmp_path):
    from onrecord import Corpus
    from onrecord.errors import StoreError
    db = tmp_path / "k.db"
    shutil.copyfile(corpus, db)
    sid = by_mention(db)["capitol-notes"][0][0]
    with Corpus(db) as ro:
        assert {p["external_id"] for p in ro.people()} == {"Q3052772", "Q7747", "Q180589", "Q6847932"}
        assert ro.person("Q7747")["speaker"]["id"] == PUTIN
        assert ro.links(sid)["speaker_candidates"] and ro.links(sid)["provenance"] == "machine"
        with pytest.raises(StoreError, match="read-only"):
            ro.correct(sid, speaker="Q6847932")
    with Corpus(db, writable=True) as rw:
        d = rw.correct(sid, speaker="Q6847932", editor="desk")
        assert d["speaker_id"] == MIKE and d["provenance"] == "editor"
        assert rw.links(sid)["external_id"] == "Q6847932"  # the reader sees the writer's commit
        assert [c["statement_id"] for c in rw.corrections()] == [sid]
        assert rw.reindex()["corrections_applied"] == 1
