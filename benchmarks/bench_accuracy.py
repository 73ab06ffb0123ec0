"""Accuracy of every extraction mode on PolNeAR dev and on the seed article.

    python benchmarks/bench_accuracy.py [--modes rules,crf] [--write-baseline]

Writes ``benchmarks/accuracy_results.json``; with ``--write-baseline`` also
``benchmarks/accuracy_baseline.json``, the figures the CI gate (tests/test_accuracy_gate.py)
holds the default mode to (it fails when one falls more than 0.02 below).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

from onrecord.eval.gold import load_gold, score_gold  # noqa: E402
from onrecord.eval.polnear import evaluate  # noqa: E402
from onrecord.model import Article  # noqa: E402
from onrecord.pipeline import Pipeline  # noqa: E402

GATED = ["source/exact", "cue/exact", "content/exact", "content/overlap"]


def figures(run) -> dict:
    rep = run.report
    out = {k: round(v.f1, 4) for k, v in rep.span.items()}
    out.update({f"attribution/{k}": round(v.f1, 4) for k, v in rep.attribution.items()})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--modes", default="rules,crf")
    ap.add_argument("--write-baseline", action="store_true")
    args = ap.parse_args()
    results = {"date": time.strftime("%Y-%m-%d"), "data": "PolNeAR dev (all 94 annotation files)",
               "modes": {}}
    gold, seed_text = load_gold(SHARED / "seed" / "gold.json")
    for mode in args.modes.split(","):
        pipe = Pipeline.load(tagger=None if mode == "rules" else "auto", scope="all")
        t0 = time.perf_counter()
        run = evaluate(SHARED / "data" / "polnear" / "dev", lambda t: pipe.extract(Article(text=t)))
        seed = score_gold(gold, seed_text, pipe.extract(Article(text=seed_text, published="2022-12-05")))
        results["modes"][mode] = {"f1": figures(run), "seconds": round(time.perf_counter() - t0, 1),
                                  "seed": {"found": seed.found, "speaker_right": seed.speaker_right,
                                           "predicted": seed.predicted,
                                           "not_statements_predicted": len(seed.false_statements)}}
        print(mode, json.dumps(results["modes"][mode], indent=1), flush=True)
    (ROOT / "benchmarks" / "accuracy_results.json").write_text(json.dumps(results, indent=1) + "\n")
    if args.write_baseline:
        default = "crf" if "crf" in results["modes"] else args.modes.split(",")[0]
        base = {"mode": default, "date": results["date"],
                "f1": {k: results["modes"][default]["f1"][k] for k in GATED + ["attribution/overlap"]},
                "seed": results["modes"][default]["seed"]}
        (ROOT / "benchmarks" / "accuracy_baseline.json").write_text(json.dumps(base, indent=1) + "\n")


if __name__ == "__main__":
    main()
