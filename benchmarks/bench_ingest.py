"""Ingest throughput, database size and search latency on the PolNeAR train+dev texts.

The texts are read from the shared data folder (never copied into the project), written with
their metadata (outlet, date, title, author from metadata.tsv) to a temporary JSON Lines file,
and ingested into fresh temporary databases with 1 and 2 workers:

    PYTHONPATH=src .venv/bin/python benchmarks/bench_ingest.py            # all ~924 articles
    PYTHONPATH=src .venv/bin/python benchmarks/bench_ingest.py --limit 200  # a subset

Writes benchmarks/ingest_results.json (or --out). Each configuration runs in its own child
process so model loading is counted like a user would see it (reported separately too).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_texts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("POLNEAR_DIR", "/work/shared/data/polnear"))
QUERIES = [  # (query, filters)
    ("said", {}), ("Clinton", {}), ("Trump", {}), ("economy", {}), ("emails", {}),
    ('"health care"', {}), ("immigration border", {}), ("campaign", {"kind": "direct"}),
    ("", {"speaker": "Trump"}), ("", {"speaker": "Clinton", "since": "2016-09-01"}),
    ("vote", {"outlet": "breitbart"}), ("poll*", {"until": "2016-06-30"}),
    ("debate", {"speaker": "Sanders"}), ("tax", {"kind": "indirect"}),
    ("Russia", {}), ("jobs", {"since": "2016-01-01", "until": "2016-12-31"}),
]


def write_jsonl(out: Path, limit: int | None) -> int:
    recs = list(polnear_texts.records(DATA))
    if not recs:
        sys.exit(f"no PolNeAR texts under {DATA} (set POLNEAR_DIR)")
    if limit:
        recs = recs[:limit]
    with out.open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    return len(recs)


CHILD = r"""
import json, sys, time
t0 = time.monotonic()
from onrecord.ingest.run import ingest, load_pipeline
src, db, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
load_s = None
if workers == 1:
    t = time.monotonic(); load_pipeline(); load_s = time.monotonic() - t
    import onrecord.ingest.run as r
    r._PIPELINE = load_pipeline()
t1 = time.monotonic()
s = ingest([src], db, workers=workers, progress=False)
t2 = time.monotonic()
print(json.dumps({"summary": s.as_dict(), "import_s": t1 - t0 - (load_s or 0),
                  "pipeline_load_s": load_s, "ingest_s": t2 - t1, "total_s": t2 - t0}))
"""


def run_config(src: Path, db: Path, workers: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t = time.monotonic()
    p = subprocess.run([sys.executable, "-c", CHILD, str(src), str(db), str(workers)],
                       capture_output=True, text=True, env=env)
    wall = time.monotonic() - t
    if p.returncode != 0:
        sys.exit(f"ingest with {workers} workers failed:\n{p.stderr[-3000:]}")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["wall_s"] = wall
    return r


def db_size(db: Path) -> int:
    import sqlite3
    c = sqlite3.connect(db)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    return sum(os.path.getsize(p) for p in (str(db), f"{db}-wal") if os.path.exists(p))


def search_latency(db: Path, repeats: int = 20) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from onrecord.store import connect
    from onrecord.store.queries import search
    conn = connect(str(db), create=False)
    per_query = {}
    all_ms = []
    for q, kw in QUERIES:
        times, n = [], 0
        for _ in range(repeats):
            t = time.perf_counter()
            n = len(search(conn, q, limit=20, **kw))
            times.append((time.perf_counter() - t) * 1000)
        all_ms += times
        per_query[f"{q} {kw}".strip()] = {"median_ms": round(statistics.median(times), 3),
                                          "results": n}
    all_ms.sort()
    conn.close()
    return {"queries": len(QUERIES), "repeats": repeats, "limit": 20,
            "median_ms": round(statistics.median(all_ms), 3),
            "p95_ms": round(all_ms[int(0.95 * (len(all_ms) - 1))], 3),
            "max_ms": round(all_ms[-1], 3), "per_query": per_query}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "ingest_results.json"))
    args = ap.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp:
        src = Path(tmp) / "polnear.jsonl"
        n = write_jsonl(src, args.limit)
        runs = {}
        last_db = None
        for w in args.workers:
            db = Path(tmp) / f"w{w}.db"
            print(f"ingesting {n} articles with {w} worker(s)…", file=sys.stderr)
            load0 = os.getloadavg()[0]
            r = run_config(src, db, w)
            s = r["summary"]
            size = db_size(db)
            runs[str(w)] = {
                "articles": s["articles_read"], "statements": s["statements_stored"],
                "wall_s": round(r["wall_s"], 2), "ingest_s": round(r["ingest_s"], 2),
                "pipeline_load_s": round(r["pipeline_load_s"], 2) if r["pipeline_load_s"] else None,
                "articles_per_s_wall": round(s["articles_read"] / r["wall_s"], 2),
                "articles_per_s_ingest": round(s["articles_read"] / r["ingest_s"], 2),
                "db_bytes": size,
                "cross_article_pass_s": s.get("cross_article_seconds"),
                "loadavg_1min_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)],
                "speakers": s["speakers"], "quote_clusters": s["quote_clusters"],
                "duplicate_articles": s["duplicate_articles"],
            }
            print(json.dumps(runs[str(w)]), file=sys.stderr)
            last_db = db
        first = next(iter(runs.values()))
        latency = search_latency(last_db)
    result = {
        "benchmark": "bench_ingest",
        "data": "PolNeAR train+dev texts (read from the shared data folder, converted to a temporary JSONL)",
        "articles": n, "subset": args.limit is not None,
        "note": ("all train+dev articles" if args.limit is None else f"first {n} articles only"),
        "runs_by_workers": runs,
        "db_bytes_per_1000_articles": round(first["db_bytes"] / max(n, 1) * 1000),
        "db_mib_per_1000_articles": round(first["db_bytes"] / max(n, 1) * 1000 / 2**20, 2),
        "search_latency_at_this_size": latency,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(),
                    "loadavg_before": [round(x, 2) for x in load_before],
                    "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
        "caveats": ("this machine has 2 cores shared with other jobs running at the same time "
                    "(see the load averages): the throughput figures, and the gain from a second "
                    "worker, are lower than on an idle machine"),
        "definitions": {
            "wall_s": "child process start to end: imports, model loading, reading, extraction, "
                      "writing, cross-article pass",
            "ingest_s": "the ingest() call only (with 1 worker the model is already loaded; with "
                        "2 the worker processes start and load it inside this time)",
        },
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "search_latency_at_this_size"},
                     indent=2))


if __name__ == "__main__":
    main()
