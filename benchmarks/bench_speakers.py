"""Speaker readings on the real-news development set: how each way of reading a source mention
fares, and the speaker-confidence threshold calibrated on one part and checked on the other.

    python benchmarks/bench_speakers.py                    # half A, both folds
    python benchmarks/bench_speakers.py --record NAME      # store in speakers_results.json

Every matched, non-borderline gold statement (matching as in ``onrecord.eval.statements``)
contributes the reading the resolver made for it — reported or not: its path (how it was made,
``onrecord.extract.speakers.PATH_CONFIDENCE``), its confidence, whether it names the gold
person (``same_person``) and whether it is the gold's fullest name.

Calibration, honestly: the half's articles are split in two folds (sorted by name, alternate).
On the *fit* fold each path's share of right readings is measured (smoothed toward the shipped
confidence), and the threshold is the lowest at which the readings at or above it name the
wrong person in at most ``TARGET`` of cases; the *check* fold then reports what that threshold
gives on articles the fit did not see. Both directions are printed. The shipped table
(``PATH_CONFIDENCE``) and the default threshold (``pipeline.DEFAULT_SPEAKER_THRESHOLD``) are
the ones fitted on fold 1; fold 2 is their check. The rules themselves were written looking at
the whole half, so the real held-out figure is the lead's run on half B.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_realnews as realnews  # noqa: E402

RESULTS = HERE / "speakers_results.json"
TARGET = 0.03           # wrong-person rate allowed on the fit part (the goal: ≤ 3%)
SMOOTHING = 3.0         # pseudo-readings of the shipped confidence added to each path's count
LOOSE_PRIOR = 0.6
GRID = [round(0.30 + 0.05 * i, 2) for i in range(14)]


def readings(half: str) -> list[dict]:
    """One record per matched, non-borderline gold statement of the half."""
    from onrecord.eval.statements import load_map, match, norm_name, same_person
    from onrecord.extract import speakers as spk
    from onrecord.model import Article
    from onrecord.pipeline import Pipeline

    captured = []
    orig_init = spk.SpeakerResolver.__init__

    def init(self, *a, **k):
        orig_init(self, *a, **k)
        captured.append(self)

    spk.SpeakerResolver.__init__ = init
    try:
        pipe = Pipeline.load()
        out = []
        for path in realnews.gold_files(half):
            gold = load_map(path)
            src = gold["article"]["source"]
            text = (realnews.shared_data() / src).read_text(encoding="utf-8")
            captured.clear()
            res = pipe.extract(Article(text=text, path=src,
                                       published=gold["article"].get("published")))
            # statements leave the resolver before the context stage copies them: match them
            # by their evidence, in order (two speakers under one cue share it)
            by_key: dict = defaultdict(list)
            for resolver in captured:
                for st, r, c_conf in resolver.statements:
                    by_key[_key(st)].append((r, c_conf))
            reading = {}
            for st in res.statements:
                rs = by_key.get(_key(st))
                if rs:
                    reading[id(st)] = rs.pop(0)
            golds, preds = gold["statements"], res.statements
            g2p, p2g = match(golds, preds)
            for gi, g in enumerate(golds):
                if g.get("borderline") or gi not in g2p:
                    continue
                p = preds[g2p[gi]]
                r, c_conf = reading.get(id(p), (None, 0.0))
                name = r.speaker.name if r is not None and r.speaker is not None else None
                out.append({
                    "article": path.stem, "gold": g["id"], "want": g["speaker"],
                    "reading": name, "path": r.path if r is not None else "none",
                    "confidence": round(r.confidence, 3) if r is not None else 0.0,
                    "continued": r.continued if r is not None else "",
                    "loose": bool(r is not None and r.loose),
                    "statement_confidence": round(c_conf, 3),
                    "reported": p.speaker.name if p.speaker else None,
                    "right": bool(same_person(name, g["speaker"])) if name else False,
                    "fullest": norm_name(name) == norm_name(g["speaker"]) if name else False,
                })
        return out
    finally:
        spk.SpeakerResolver.__init__ = orig_init


def _key(st) -> tuple:
    return (st.content.spans, st.source.spans if st.source else None, st.kind)


def folds(recs: list[dict]) -> tuple[list[dict], list[dict]]:
    arts = sorted({r["article"] for r in recs})
    one = set(arts[0::2])
    return [r for r in recs if r["article"] in one], [r for r in recs if r["article"] not in one]


def fit(recs: list[dict]) -> dict[str, float]:
    from onrecord.extract.speakers import PATH_CONFIDENCE
    n, right = defaultdict(int), defaultdict(int)
    for r in recs:
        if r["reading"] is None:
            continue
        n[r["path"]] += 1
        right[r["path"]] += r["right"]
    out = {}
    for path, prior in PATH_CONFIDENCE.items():
        out[path] = round((right[path] + SMOOTHING * prior) / (n[path] + SMOOTHING), 3)
    # the loose-source factor: right share of loose readings over that of their paths
    loose = [r for r in recs if r["reading"] is not None and r["loose"]]
    if loose:
        expect = sum(out.get(r["path"], 0.5) for r in loose)
        got = sum(r["right"] for r in loose)
        out["loose"] = round(min(1.0, (got + SMOOTHING * LOOSE_PRIOR) /
                                 (expect + SMOOTHING)), 3)
    return out


def at(recs: list[dict], table: dict[str, float], t: float) -> dict:
    """Figures when each reading gets its path's confidence from ``table`` and only readings at
    or above ``t`` are reported."""
    from onrecord.extract.speakers import CONTINUATION_CONFIDENCE, LOOSE_SOURCE_FACTOR

    def conf(r):
        cont = CONTINUATION_CONFIDENCE.get(r["continued"], 1.0) if r["continued"] else 1.0
        return min(r["statement_confidence"], table.get(r["path"], 0) * cont * (
            table.get("loose", LOOSE_SOURCE_FACTOR) if r["loose"] else 1.0))
    rep = [r for r in recs if r["reading"] is not None and conf(r) >= t]
    wrong = sum(1 for r in rep if not r["right"])
    return {"threshold": t, "matched": len(recs), "reported": len(rep),
            "wrong": wrong, "wrong_rate": round(wrong / len(rep), 3) if rep else None,
            "fullest_name": round(sum(r["fullest"] for r in rep) / len(recs), 3) if recs else None,
            "unresolved": len(recs) - len(rep)}


def _held_out(held: list[dict]) -> dict:
    """Figures of readings each judged by its own (table, threshold)."""
    rep = []
    for r in held:
        f = at([r], r["_table"], r["_t"])
        if f["reported"]:
            rep.append(r)
    wrong = sum(1 for r in rep if not r["right"])
    ts = sorted(r["_t"] for r in held)
    return {"matched": len(held), "reported": len(rep), "wrong": wrong,
            "wrong_rate": round(wrong / len(rep), 3) if rep else None,
            "fullest_name": round(sum(r["fullest"] for r in rep) / len(held), 3),
            "thresholds": [ts[0], ts[len(ts) // 2], ts[-1]]}


def choose(recs: list[dict], table: dict[str, float]) -> float:
    for t in GRID:
        f = at(recs, table, t)
        if f["wrong_rate"] is not None and f["wrong_rate"] <= TARGET:
            return t
    return GRID[-1]


def per_path(recs: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in recs:
        d = out.setdefault(r["path"] + (" (loose)" if r["loose"] else "") + (
            f" +{r['continued']}" if r["continued"] else ""),
                           {"n": 0, "right": 0, "fullest": 0})
        d["n"] += 1
        d["right"] += r["right"]
        d["fullest"] += r["fullest"]
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["n"]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", default="A", choices=[*realnews.HALVES, "D", "E", "F", "G", "all"])
    ap.add_argument("--record", metavar="NAME")
    ap.add_argument("--list", action="store_true", help="print every wrong or unresolved reading")
    args = ap.parse_args(argv)
    from onrecord.extract.speakers import PATH_CONFIDENCE
    from onrecord.pipeline import DEFAULT_SPEAKER_THRESHOLD

    recs = readings(args.half)
    print(f"half {args.half}: {len(recs)} matched statements")
    print(f"{'path':22} {'n':>4} {'right':>6} {'fullest':>8}  shipped")
    for path, d in per_path(recs).items():
        print(f"{path:22} {d['n']:4d} {d['right'] / d['n']:6.2f} {d['fullest'] / d['n']:8.2f}"
              f"  {PATH_CONFIDENCE.get(path, '-')}")
    shipped = at(recs, PATH_CONFIDENCE, DEFAULT_SPEAKER_THRESHOLD)
    print(f"shipped table, threshold {DEFAULT_SPEAKER_THRESHOLD}: {shipped}")
    f1, f2 = folds(recs)
    cal = {}
    # the threshold alone, on the shipped table: fitted on one fold, checked on the other
    for name, a, b in (("threshold: fit 1, check 2", f1, f2), ("threshold: fit 2, check 1", f2, f1)):
        t = choose(a, PATH_CONFIDENCE)
        cal[name] = {"threshold": t, "fit": at(a, PATH_CONFIDENCE, t),
                     "check": at(b, PATH_CONFIDENCE, t)}
        print(f"{name}: threshold {t}; fit {cal[name]['fit']}; check {cal[name]['check']}")
    held = []
    for art in sorted({r["article"] for r in recs}):
        rest = [r for r in recs if r["article"] != art]
        t = choose(rest, PATH_CONFIDENCE)
        held += [dict(r, _table=PATH_CONFIDENCE, _t=t) for r in recs if r["article"] == art]
    cal["threshold: leave one article out"] = _held_out(held)
    print(f"threshold: leave one article out: {cal['threshold: leave one article out']}")
    for t in GRID:
        print(f"  at {t}: {at(recs, PATH_CONFIDENCE, t)}")
    # the table and the threshold, both fitted on one fold (for information)
    for name, a, b in (("fit 1, check 2", f1, f2), ("fit 2, check 1", f2, f1)):
        table = fit(a)
        t = choose(a, table)
        cal[name] = {"threshold": t, "fit": at(a, table, t), "check": at(b, table, t),
                     "check_with_shipped": at(b, PATH_CONFIDENCE, DEFAULT_SPEAKER_THRESHOLD),
                     "table": table}
        print(f"{name}: threshold {t}; fit {cal[name]['fit']}; check {cal[name]['check']}")
    # leave one article out: each article judged with a table and threshold fitted on the others
    held = []
    for art in sorted({r["article"] for r in recs}):
        rest = [r for r in recs if r["article"] != art]
        table = fit(rest)
        t = choose(rest, table)
        mine = [r for r in recs if r["article"] == art]
        held += [dict(r, _table=table, _t=t) for r in mine]
    cal["leave one article out"] = _held_out(held)
    print(f"leave one article out: {cal['leave one article out']}")
    print("fitted on fold 1:", {k: v for k, v in cal["fit 1, check 2"]["table"].items()})
    if args.list:
        for r in recs:
            if not r["right"]:
                print(f"  {r['article'][:40]:40} {r['gold']:5} {r['path']:18} {r['confidence']:.2f}"
                      f"{' loose' if r['loose'] else ''}"
                      f" want={r['want']!r} reading={r['reading']!r} reported={r['reported']!r}")
    if args.record:
        data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        data.setdefault(args.half, {})[args.record] = {
            "date": dt.date.today().isoformat(), "commit": realnews.git_head(),
            "default_threshold": DEFAULT_SPEAKER_THRESHOLD, "shipped": shipped,
            "per_path": per_path(recs), "calibration": cal}
        RESULTS.write_text(json.dumps(data, indent=1) + "\n")
        print(f"recorded as {args.half}/{args.record} in {RESULTS.relative_to(realnews.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
