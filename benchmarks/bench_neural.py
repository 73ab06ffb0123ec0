"""Benchmark the shipped neural tagger on PolNeAR dev: F1 table, articles/s, peak memory.

    cd /work/main && PYTHONPATH=src .venv/bin/python benchmarks/bench_neural.py

Writes ``benchmarks/neural_results.json``. Speed: every dev text (84 unique texts) tagged
and linked, one article at a time (``predict``), after one warm-up article; onnxruntime with
intra_op_num_threads = 1 and 2. Scores use all 94 dev annotation files (2 texts have 6).
Optionally ``--max-lengths 128 256`` to record the window-size trade-off.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from onrecord.eval.brat import read_split  # noqa: E402
from onrecord.eval.scoring import combine, format_report, score_document  # noqa: E402
from onrecord.extract.neural import DEFAULT_DIR, NeuralTagger  # noqa: E402

DEV = Path("/work/shared/data/polnear/dev")


def table(rep) -> dict:
    out = {}
    for k, v in sorted(rep.span.items()):
        out[k.replace("/", " ")] = v.as_dict()
    for k, v in sorted(rep.attribution.items()):
        out[f"attribution {k}"] = v.as_dict()
    return out


def run(path, threads: int, max_length: int | None, docs, texts):
    tagger = NeuralTagger.load(path, threads=threads, max_length=max_length)
    tagger.predict(texts[0])  # warm-up
    t0 = time.perf_counter()
    preds = {t: tagger.predict(t) for t in texts}
    dt = time.perf_counter() - t0
    rep = combine(score_document(d.text, preds[d.text], d.attributions) for d in docs)
    return rep, len(texts) / dt, dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--max-lengths", type=int, nargs="*", default=[])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "neural_results.json")
    args = ap.parse_args()
    docs = read_split(DEV)
    texts = sorted({d.text for d in docs})
    meta = json.loads((args.model / "meta.json").read_text(encoding="utf-8"))
    result = {"data": "PolNeAR dev (94 annotation files over 84 texts)",
              "model": {"file": "model.int8.onnx",
                        "size_mb": round((args.model / "model.int8.onnx").stat().st_size / 1e6, 1),
                        "layers": meta.get("layers"), "max_length": meta.get("max_length"),
                        "decode_gap": meta.get("decode_gap"),
                        "seed": meta.get("seed"), "best_epoch": meta.get("best_epoch")},
              "training": {"minutes": meta.get("train_minutes"),
                           "peak_rss_mb": meta.get("train_peak_rss_mb"),
                           "command": "HF_HUB_OFFLINE=1 PYTHONPATH=src .venv/bin/python scripts/train_neural.py"},
              "speed": {}, "tradeoffs": {}}
    rep = None
    for threads in (1, 2):
        r, aps, dt = run(args.model, threads, None, docs, texts)
        rep = rep or r
        result["speed"][f"threads_{threads}"] = {"articles_per_s": round(aps, 2), "seconds": round(dt, 1)}
        print(f"threads={threads}: {aps:.2f} articles/s ({dt:.1f}s for {len(texts)} texts)", flush=True)
    result["dev"] = table(rep)
    # the shipped meta.json records the dev F1 of the shipped configuration
    meta["dev_scores"] = {k: v["f1"] for k, v in result["dev"].items()}
    (args.model / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    print(format_report(rep), flush=True)
    for ml in args.max_lengths:
        r, aps, _ = run(args.model, 1, ml, docs, texts)
        t = table(r)
        result["tradeoffs"][f"max_length_{ml}"] = {
            "articles_per_s_1_thread": round(aps, 2),
            **{k: t[k]["f1"] for k in ("source exact", "cue exact", "content exact",
                                       "attribution overlap")}}
        print(f"max_length={ml}: {aps:.2f} articles/s", result["tradeoffs"][f"max_length_{ml}"], flush=True)
    result["inference_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"peak RSS {result['inference_peak_rss_mb']} MB; wrote {args.out}")


if __name__ == "__main__":
    main()
