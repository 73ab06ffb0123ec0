"""Incremental ingest: adding the same 20 articles to an empty corpus and to a corpus of
≥ 15,000 statements (issue 12's first "done when": at most 1.5× as long).

The corpus is built from the PolNeAR train+dev texts (read from the shared data folder, never
copied into the project): every text but the last 20 (by compartment and file name) goes into
a base database under /tmp (built once through the real ``ingest``, reused by later runs;
``--rebuild`` builds it again); the last 20 are the articles added. The 904 texts give fewer
than 15,000 statements with the current extractor, so the base also holds a second, syndicated
edition of its first ``EDITIONS`` articles (the lede paragraph dropped, another outlet name), as
wire stories are republished: near-duplicates and repeated quotes, which the store must link.

Each measurement ingests the 20 articles, through the real ``ingest`` with the extraction
pipeline loaded once beforehand (model loading is the same for both and not what is measured),
into a fresh copy: of an empty database, or of the base corpus (the copy is not timed). Runs
alternate empty/full and the medians are compared, because the machine is shared and noisy.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_incremental.py [--runs 5] [--rebuild]

Writes benchmarks/incremental_results.json (or --out).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import polnear_texts  # noqa: E402
DATA = Path(os.environ.get("POLNEAR_DIR", "/work/shared/data/polnear"))
WORK = Path(os.environ.get("ONRECORD_BENCH_DIR", "/tmp/onrecord-bench"))
N_NEW = 20
EDITIONS = 100
MIN_STATEMENTS = 15_000
GOAL_RATIO = 1.5


def polnear_records() -> list[dict]:
    out = list(polnear_texts.records(DATA))
    if not out:
        sys.exit(f"no PolNeAR texts under {DATA} (set POLNEAR_DIR)")
    return out


def edition(r: dict) -> dict:
    """The same story republished by a syndication partner: its first paragraph dropped."""
    paras = r["text"].split("\n\n")
    text = "\n\n".join(paras[1:]) if len(paras) > 2 else r["text"] + "\n\n(Syndicated.)"
    return {**r, "text": text, "id": r["id"] + "-syndicated",
            "outlet": f"{r.get('outlet') or 'wire'} (syndicated)"}


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def count(db: Path, table: str) -> int:
    c = sqlite3.connect(db)
    try:
        return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        c.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="measurements of each kind (alternated)")
    ap.add_argument("--rebuild", action="store_true", help="build the base corpus again")
    ap.add_argument("--workers", type=int, default=2, help="workers for building the base corpus")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "incremental_results.json"))
    args = ap.parse_args()

    from onrecord.ingest.run import ingest, load_pipeline

    WORK.mkdir(parents=True, exist_ok=True)
    records = polnear_records()
    base_recs, new_recs = records[:-N_NEW], records[-N_NEW:]
    base_recs = base_recs + [edition(r) for r in base_recs[:EDITIONS]]
    base_src, new_src = WORK / "base.jsonl", WORK / "new.jsonl"
    write_jsonl(base_src, base_recs)
    write_jsonl(new_src, new_recs)
    base_db = WORK / "base.db"
    build = None
    if args.rebuild or not base_db.exists():
        for p in (base_db, Path(f"{base_db}-wal"), Path(f"{base_db}-shm")):
            if p.exists():
                p.unlink()
        t = time.monotonic()
        s = ingest([str(base_src)], str(base_db), workers=args.workers, progress=sys.stderr.isatty())
        build = {"seconds": round(time.monotonic() - t, 1), "workers": args.workers,
                 "cross_article_seconds": s.finalize_seconds, "articles": s.stored,
                 "statements": s.statements}
        print(f"base corpus built: {json.dumps(build)}", file=sys.stderr)
        (WORK / "base.json").write_text(json.dumps(build))
        c = sqlite3.connect(base_db)
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        c.close()
    if build is None and (WORK / "base.json").exists():
        build = json.loads((WORK / "base.json").read_text())
    base_statements = count(base_db, "statements")
    if base_statements < MIN_STATEMENTS:
        sys.exit(f"the base corpus has {base_statements} statements (< {MIN_STATEMENTS})")

    pipe = load_pipeline()
    pipe.extract(__import__("onrecord").Article(text='"Warm up," she said.'))  # first-call costs

    def one(kind: str) -> dict:
        tmp = Path(tempfile.mkdtemp(prefix=f"inc-{kind}-", dir=WORK))
        db = tmp / "c.db"
        if kind == "full":
            shutil.copyfile(base_db, db)
        t = time.monotonic()
        s = ingest([str(new_src)], str(db), extractor=pipe, progress=False)
        total = time.monotonic() - t
        assert s.stored == N_NEW, s.as_dict()
        out = {"seconds": total, "cross_article_seconds": s.finalize_seconds or 0.0,
               "statements_after": count(db, "statements"), "new_statements": s.statements}
        shutil.rmtree(tmp)
        return out

    # the deliberate full pass over the base corpus, for scale
    tmp = Path(tempfile.mkdtemp(prefix="inc-reindex-", dir=WORK))
    shutil.copyfile(base_db, tmp / "c.db")
    from onrecord.store import Store
    with Store(str(tmp / "c.db")) as st:
        t = time.monotonic()
        rs = st.reindex()
        reindex = {"seconds": round(time.monotonic() - t, 2), "articles": rs.articles,
                   "statements": rs.statements}
    shutil.rmtree(tmp)
    print(f"reindex of the base corpus: {reindex}", file=sys.stderr)

    runs: dict[str, list[dict]] = {"empty": [], "full": []}
    for i in range(args.runs):
        for kind in (("empty", "full") if i % 2 == 0 else ("full", "empty")):
            r = one(kind)
            runs[kind].append(r)
            print(f"run {i + 1} {kind:5s}: {r['seconds']:.2f} s "
                  f"(cross-article {r['cross_article_seconds']:.3f} s)", file=sys.stderr)

    def med(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    ratio = med("full", "seconds") / med("empty", "seconds")
    link_ratio = med("full", "cross_article_seconds") / med("empty", "cross_article_seconds")
    result = {
        "benchmark": "bench_incremental",
        "data": f"PolNeAR train+dev texts from {DATA}: base corpus = all but the last {N_NEW}, "
                f"plus a syndicated edition (lede dropped) of the first {EDITIONS} of them; "
                f"added = the last {N_NEW}",
        "base_corpus": {"articles": count(base_db, "articles"), "statements": base_statements,
                        "speakers": count(base_db, "speakers"),
                        "quote_clusters": count(base_db, "quote_clusters"),
                        **({"build": build} if build else {})},
        "reindex_base_corpus": reindex,
        "added": {"articles": N_NEW, "statements": runs["empty"][0]["new_statements"]},
        "runs_each": args.runs,
        "median_seconds": {"empty": round(med("empty", "seconds"), 3),
                           "full": round(med("full", "seconds"), 3)},
        "median_cross_article_seconds": {"empty": round(med("empty", "cross_article_seconds"), 4),
                                         "full": round(med("full", "cross_article_seconds"), 4)},
        "ratio_full_to_empty": round(ratio, 3),
        "cross_article_ratio_full_to_empty": round(link_ratio, 3),
        "goal": f"ratio <= {GOAL_RATIO}",
        "met": ratio <= GOAL_RATIO,
        "runs": {k: [{kk: (round(vv, 4) if isinstance(vv, float) else vv) for kk, vv in r.items()}
                     for r in v] for k, v in runs.items()},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "loadavg_1min": round(os.getloadavg()[0], 2)},
        "how": "PYTHONPATH=src .venv/bin/python benchmarks/bench_incremental.py",
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("base_corpus", "median_seconds",
                                            "median_cross_article_seconds", "ratio_full_to_empty",
                                            "cross_article_ratio_full_to_empty", "met")}, indent=2))


if __name__ == "__main__":
    main()
