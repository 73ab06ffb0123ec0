"""``onrecord run`` on a real Dask ``LocalCluster`` (2 worker processes) and ``onrecord load``:
the same output as one process, a worker killed mid-run, bad files skipped with their reason
beside good ones, a restarted run, and loading into the store as ``ingest`` stores."""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from onrecord.ingest import iter_articles
from onrecord.model import Article
from onrecord.scale import plan, run
from onrecord.scale.work import ARTICLES, REPORTS, STATEMENTS

_spec = importlib.util.spec_from_file_location(
    "make_corpus", Path(__file__).parent / "fixtures" / "corpus" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)

PEOPLE = [("Mayor", "Jane", "Ortiz"), ("Council member", "Tom", "Kessler"),
          ("harbour chair", "Lena", "Moss"), ("director", "Victor", "Hale")]
TOPICS = ["the bridge", "the harbour fees", "the school budget", "the new ferry", "the night buses"]


def many_articles(path: Path, n: int, start: int = 0) -> Path:
    """``n`` short articles (written for these tests) as JSON Lines, speakers recurring."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(start, start + n):
            role, first, last = PEOPLE[i % len(PEOPLE)]
            other = PEOPLE[(i + 1) % len(PEOPLE)]
            topic = TOPICS[i % len(TOPICS)]
            text = (f"Residents of district {i} met on Monday to discuss {topic}.\n\n"
                    f'"{topic.capitalize()} cannot wait another {i % 7 + 2} years," said {role} '
                    f"{first} {last}.\n\n{other[1]} {other[2]} said the district would wait for "
                    f"report number {i}.")
            f.write(json.dumps({"text": text, "url": f"https://local{i % 3}.example/{i}",
                                "published": f"2026-04-{1 + i % 28:02d}"}) + "\n")
    return path


def mixed_folder(root: Path) -> Path:
    """Good text files with a bad one between them: all in one partition."""
    d = root / "mixed"
    d.mkdir()
    (d / "a_good.txt").write_text('Port Alder will keep its night buses.\n\n"They are a lifeline for '
                                  'shift workers," council member Tom Kessler said on Monday.',
                                  encoding="utf-8")
    (d / "b_binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "c_good.txt").write_text('"The ferry will run all winter," harbour chair Lena Moss said '
                                  "on Friday.\n\nShe said fares would not rise.", encoding="utf-8")
    return d


def table(out: Path, sub: str, key: str):
    """Every row of a run's output folder, sorted (the order files are read in is no matter)."""
    rows = [r for f in sorted((out / sub).glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    return sorted(rows, key=lambda r: r[key])


def same_output(a: Path, b: Path) -> None:
    sa, sb = table(a, STATEMENTS, "id"), table(b, STATEMENTS, "id")
    assert sa == sb and len(sa) == len({r["id"] for r in sa})
    assert table(a, ARTICLES, "article_sha256") == table(b, ARTICLES, "article_sha256")


def cli(*args, ok=True):
    from onrecord.cli import main
    r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert r.exit_code == 0, r.output
    return r


def dump(path) -> dict:
    c = sqlite3.connect(path)
    out = {t: c.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
           for t in ("articles", "statements", "speakers", "quote_clusters")}
    c.close()
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    corpus = make_corpus.build(root / "corpus")
    return {"root": root, "corpus": corpus, "mixed": mixed_folder(root),
            "many": many_articles(root / "many.jsonl", 24),
            "paths": [str(corpus["good"]), str(corpus["broken"]), str(mixed_folder_path(root)),
                      str(root / "many.jsonl")]}


def mixed_folder_path(root: Path) -> Path:
    return root / "mixed"


@pytest.fixture(scope="module")
def single(inputs, pipeline):
    """The single-process run: the reference every Dask run must equal."""
    import onrecord.scale.work as work
    work._PIPELINE.setdefault(None, pipeline)  # the session's pipeline: loaded once
    out = inputs["root"] / "single"
    rep = run(inputs["paths"], str(out), size=4)
    return out, rep


def test_plan_cuts_json_lines_at_lines_and_keys_are_stable(inputs, tmp_path):
    many = str(inputs["many"])
    parts, skips = plan([many, str(inputs["mixed"]), str(tmp_path / "missing")], size=5)
    assert [len(p.members) for p in parts] == [1, 1, 1, 1, 1, 3]
    assert [p.members[0].first_line for p in parts[:5]] == [1, 6, 11, 16, 21]
    assert skips and "no such file" in skips[0].reason
    # the pieces read exactly what the whole file gives, with the same file:line paths
    from onrecord.scale.work import _read_member
    pieces = [a for p in parts[:5] for a in _read_member(p.members[0])]
    whole = [a for a in iter_articles([many]) if isinstance(a, Article)]
    assert [(a.path, a.text) for a in pieces] == [(a.path, a.text) for a in whole]
    assert len(whole) == 24
    again, _ = plan([many, str(inputs["mixed"])], size=5)
    assert [p.key for p in again] == [p.key for p in parts]
    changed = tmp_path / "many.jsonl"
    many_articles(changed, 24, start=1)
    assert plan([str(changed)], size=5)[0][0].key != parts[0].key


def test_two_dask_workers_equal_one_process_bad_file_skipped_beside_good(inputs, single,
                                                                          tmp_path):
    ref, ref_report = single
    out = tmp_path / "dask"
    r = cli("run", *inputs["paths"], "--out", out, "--dask", "local:2", "--partition-size", 4,
            "--json")
    rep = json.loads(r.stdout)
    assert rep["complete"] and rep["workers"] == 2 and len(rep["peak_rss_mb_per_worker"]) == 2
    assert rep["partitions"] == ref_report.partitions and rep["partitions_processed"] == rep["partitions"]
    same_output(out, ref)
    # the pipeline was loaded once per worker process: at its first partition, not again
    reports = [json.loads(f.read_text()) for f in (out / REPORTS).glob("*.json")]
    loaded = [r["worker"] for r in reports if r["model_load_seconds"] is not None]
    assert sorted(loaded) == sorted({r["worker"] for r in reports}) and len(loaded) == 2
    # every article once: 11 from the test corpus (as `ingest` stores them), 2 in mixed/, 24
    # lines; the 5 texts repeated in the broken archives (as in `ingest`) are dropped
    assert rep["articles"] == 11 + 2 + 24 and rep["duplicates_across_partitions"] == 5
    assert rep["statements"] == len(table(out, STATEMENTS, "id"))
    # the bad file is in the run's report with its reason; its neighbours are in the output
    run_json = json.loads((out / "run.json").read_text())
    assert run_json["status"] == "complete"
    reasons = {s["source"]: s["reason"] for s in run_json["report"]["skipped"]}
    mixed = inputs["mixed"]
    assert "binary" in reasons[str(mixed / "b_binary.txt")]
    assert "empty" in reasons[str(inputs["corpus"]["broken_empty"])]
    assert "malformed feed XML" in reasons[str(inputs["corpus"]["broken_badfeed"])]
    paths = {r["path"] for r in table(out, ARTICLES, "article_sha256")}
    assert {str(mixed / "a_good.txt"), str(mixed / "c_good.txt")} <= paths
    moss = [r for r in table(out, STATEMENTS, "id") if r["path"] == str(mixed / "c_good.txt")]
    assert moss and moss[0]["speaker_name"] == "Lena Moss"
    assert not list(out.rglob("*.tmp"))


def test_a_worker_killed_mid_run_still_gives_the_whole_result(inputs, tmp_path, pipeline):
    from distributed import Client, LocalCluster

    src = many_articles(tmp_path / "kill.jsonl", 60)
    ref = tmp_path / "ref"
    run([str(src)], str(ref), size=3)  # in-process reference
    out = tmp_path / "killed"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=50) as cluster, \
            Client(cluster) as client:
        result: dict = {}
        t = threading.Thread(target=lambda: result.update(
            report=run([str(src)], str(out), dask=cluster.scheduler_address, size=3)))
        t.start()
        killed, deadline = None, time.monotonic() + 120
        while killed is None and time.monotonic() < deadline and t.is_alive():
            done = len(list((out / STATEMENTS).glob("*.parquet"))) if out.exists() else 0
            busy = [w for w, keys in client.processing().items() if keys]
            if done >= 2 and busy:
                pids = client.run(os.getpid, workers=[busy[0]])
                killed = pids[busy[0]]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.05)
        t.join(timeout=240)
        assert killed is not None, "the run ended before a worker could be killed"
        assert not t.is_alive()
    rep = result["report"]
    assert rep.complete and not rep.failed and rep.partitions == 20
    assert done < 20, "the worker must be killed mid-run"
    same_output(out, ref)  # complete, and each statement once
    assert not list(out.rglob("*.tmp"))


def test_restart_does_only_the_missing_partitions(inputs, single, tmp_path):
    import shutil

    ref, _ = single
    out = tmp_path / "restart"
    shutil.copytree(ref, out)
    victim = sorted((out / STATEMENTS).glob("*.parquet"))[3]
    victim.unlink()  # as if the run was killed before this partition was renamed
    (out / ARTICLES / (victim.stem + ".parquet.1234.tmp")).write_bytes(b"half")
    rep = run(inputs["paths"], str(out), size=4)
    assert rep.processed == 1 and rep.already_done == rep.partitions - 1 and rep.complete
    same_output(out, ref)
    assert not list(out.rglob("*.tmp"))
    again = run(inputs["paths"], str(out), size=4)
    assert again.processed == 0 and again.articles == rep.articles


def test_load_stores_what_ingest_stores_idempotently_and_incrementally(inputs, single,
                                                                       tmp_path, pipeline):
    from onrecord.ingest.run import ingest

    out, _ = single
    ingested = tmp_path / "ingested.db"
    ingest(inputs["paths"], str(ingested), extractor=pipeline)
    loaded = tmp_path / "loaded.db"
    s = json.loads(cli("load", out, "--db", loaded, "--json").stdout)
    assert s["articles_stored"] == 37 and s["articles_already_stored"] == 0
    assert dump(loaded) == dump(ingested)
    # the same export from both databases (but for when each was stored)
    def rows(db):
        out = [json.loads(x) for x in cli("export", "--db", db).stdout.splitlines()]
        assert all(r.pop("provenance_at") for r in out)
        return out
    e1 = rows(ingested)
    assert e1 == rows(loaded) and len(e1) > 60
    # again: nothing new
    s = json.loads(cli("load", out, "--db", loaded, "--json").stdout)
    assert s["articles_stored"] == 0 and s["articles_already_stored"] == 37
    assert dump(loaded) == dump(ingested)
    # a second run's output with 6 new articles (and the 24 already stored): only they are added
    more = many_articles(tmp_path / "more.jsonl", 30)
    run([str(more)], str(tmp_path / "more"), size=10)
    s = json.loads(cli("load", tmp_path / "more", "--db", loaded, "--json").stdout)
    assert s["articles_stored"] == 6 and s["articles_already_stored"] == 24


def test_run_and_load_errors(tmp_path):
    r = cli("run", tmp_path, "--out", tmp_path / "o", "--dask", "local:x", ok=False)
    assert r.exit_code == 1 and "number of workers" in r.output and "Traceback" not in r.output
    r = cli("load", tmp_path / "nothing", "--db", tmp_path / "d.db", ok=False)
    assert r.exit_code == 1 and "no run output folder" in r.output
    (tmp_path / "f").write_text("x")
    r = cli("run", tmp_path, "--out", tmp_path / "f", ok=False)
    assert r.exit_code != 0


def test_progress_in_a_log_and_on_a_terminal(inputs, tmp_path, pipeline):
    import io

    from onrecord.scale.progress import Progress

    class Term(io.StringIO):
        def isatty(self):
            return True

    log = io.StringIO()
    bar = Progress("run", total=2, enabled=True, stream=log)
    bar.advance(1, articles=3, statements=7)
    bar.advance(1, articles=2, statements=1)
    bar.status("cross-article pass")
    bar.close()
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("run: 1/2 partitions · 3 articles · 7 statements")
    assert lines[1].startswith("run: 2/2 partitions · 5 articles · 8 statements")
    assert lines[2] == "run: cross-article pass"
    term = Term()
    bar = Progress("load", total=4, stream=term)  # a terminal: a bar, on by default
    bar.advance(2, articles=10)
    bar.close()
    assert "load" in term.getvalue() and "2/4" in term.getvalue()
    assert Progress("run", total=1, stream=io.StringIO()).enabled is False  # a pipe: quiet
