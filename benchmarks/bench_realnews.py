"""Statements, speakers and context on the real-news development set (benchmarks/realnews).

    python benchmarks/bench_realnews.py --half A                 # print the figures
    python benchmarks/bench_realnews.py --half A --details       # and every miss / false hit
    python benchmarks/bench_realnews.py --half A --record NAME   # store them in realnews_results.json

The engine runs on each gold map's article (PolNeAR dev text read from ../shared, publication
date from the corpus metadata) and ``onrecord.eval.statements.score_map`` compares (see its
docstring for the matching rules).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = HERE / "realnews" / "gold"
RESULTS = HERE / "realnews_results.json"
THRESHOLDS = (0.0, 0.5, 0.6, 0.7)


def shared_data() -> Path:
    return Path(os.environ.get("ONRECORD_SHARED", ROOT.parent / "shared")) / "data"


HALVES = ("A", "B", "C")


def gold_files(half: str) -> list[Path]:
    halves = list(HALVES) if half == "all" else [half]
    return sorted(p for h in halves for p in (GOLD / h).glob("*.json"))


def run(half: str, rules_only: bool = False, details: bool = False, pipeline=None):
    from onrecord.eval.statements import MapScore, load_map, score_map
    from onrecord.model import Article
    from onrecord.pipeline import Pipeline

    pipe = pipeline or Pipeline.load(tagger=None if rules_only else "auto")
    total = MapScore()
    per_article = {}
    texts = {}
    t0 = time.perf_counter()
    for path in gold_files(half):
        gold = load_map(path)
        src = gold["article"]["source"]
        text = (shared_data() / src).read_text(encoding="utf-8")
        texts[path.stem] = text
        res = pipe.extract(Article(text=text, path=src, published=gold["article"].get("published")))
        sc = score_map(gold, res, keep_details=details)
        for d in sc.details:
            d["article"] = path.stem
        per_article[path.stem] = (sc, res)
        total = total + sc
    return total, per_article, texts, time.perf_counter() - t0


def summary_lines(total) -> list[str]:
    d = total.as_dict(THRESHOLDS)
    f = d["fields"]

    def r(name):
        x = f.get(name)
        return f"{x['rate']:.3f} ({x['right']}/{x['total']})" if x and x["total"] else "-"
    lines = [
        f"statements: gold {d['gold']}, predicted {d['predicted']}, matched {d['matched']}: "
        f"P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}",
        f"not-statements hit: {d['not_statements_hit']} of {d['not_statements']}",
        f"speaker fullest name {r('speaker_fullest_name')}   same person {r('speaker_same_person')}"
        f"   kind {r('kind')}",
        "wrong speaker above threshold: " + ", ".join(
            f"≥{t}: {v['rate']} (n={v['n']})" for t, v in d["wrong_speaker_rate"].items()),
        f"said_on right {r('said_on_right')}   false fill {r('said_on_false_fill')}",
        f"venue right {r('venue_right')}   false fill {r('venue_false_fill')}",
        f"responds_to right {r('responds_to_right')}   false links {r('responds_to_false_link')}"
        f"   stance right {r('stance_right')}",
        f"claim_type right {r('claim_type')}",
    ]
    return lines


def show_details(per_article, texts) -> None:
    for name, (sc, res) in per_article.items():
        text = texts[name]
        print(f"\n=== {name}")
        byid = {s.id: s for s in res.statements}
        for d in sc.details:
            if "span" in d:
                a, b = d["span"]
                snippet = text[a:b].replace("\n", " ")
                snippet = snippet if len(snippet) < 140 else snippet[:90] + " … " + snippet[-40:]
            else:
                snippet = ""
            extra = {k: v for k, v in d.items() if k not in ("span", "article", "type")}
            if d["type"] == "false" and d["pred"] in byid:
                p = byid[d["pred"]]
                extra["cue"] = p.cue.text if p.cue else None
            print(f"  {d['type']:18} {extra}  «{snippet}»")


def git_head() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", default="A", choices=[*HALVES, "D", "E", "F", "G", "all"])
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--details", action="store_true", help="print every miss and false hit")
    ap.add_argument("--record", metavar="NAME", help="store the figures under this name")
    args = ap.parse_args(argv)
    files = gold_files(args.half)
    if not files:
        print(f"no gold maps for half {args.half} in {GOLD}", file=sys.stderr)
        return 1
    total, per_article, texts, secs = run(args.half, args.rules_only, args.details)
    print(f"half {args.half}: {len(files)} articles, {secs:.1f} s")
    for line in summary_lines(total):
        print("  " + line)
    if args.details:
        show_details(per_article, texts)
    if args.record:
        data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        data.setdefault(args.half, {})[args.record] = {
            "date": dt.date.today().isoformat(), "commit": git_head(),
            "mode": "rules-only" if args.rules_only else "default",
            "articles": len(files), **total.as_dict(THRESHOLDS),
            "per_article": {k: {"gold": v[0].gold, "predicted": v[0].predicted,
                                "matched": v[0].matched} for k, v in per_article.items()}}
        RESULTS.write_text(json.dumps(data, indent=1) + "\n")
        print(f"recorded as {args.half}/{args.record} in {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
