"""Benchmark the statement-context stage (onrecord.extract.context) against annotated articles.

The real-news development set (independent annotators, half A for tuning, half B held out) is
scored by benchmarks/bench_realnews.py; this script scores our own hand-written fixtures and
the seed, with the engine's statements and with statements rebuilt from the gold (which
isolates the context stage from the attribution stages).

Usage:  PYTHONPATH=src .venv/bin/python benchmarks/bench_context.py [--engine|--gold] [--out F]

Inputs: tests/fixtures/context/*.txt + *.json (our fixtures) and /work/shared/seed (if present).
Statements are taken from the extraction engine (onrecord.pipeline) when it is importable
(``--engine``, the default when available), else rebuilt from the gold files (``--gold``): content
from content_span, cue/source found by searching the cue word / speaker mention near the content.
By default both run when the engine is importable (engine first = "primary"); per-field
precision/recall go to benchmarks/context_results.json, labelled with the statement source.
Groups: "fixtures" = all tests/fixtures/context articles; "fixtures_heldout" = the three written
after the rules were tuned (their notes say "held-out"); "seed" = /work/shared/seed.

Scoring (per statement, aligned to gold by content-span overlap):
  said_on      value equal
  venue        both non-null, a key word of the gold venue (len >= 3) appears in the predicted
               venue's text/outlet/place, and the type equals gold ``venue_type`` when given
  responds_to  ids equal (engine ids are mapped to gold ids through the alignment)
  stance       equal (only scored where both have one)
  claim_type   equal (fixtures only; the seed gold has none)
precision = correct / predicted non-null, recall = correct / gold non-null.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from onrecord.model import Evidence, Span, Speaker, Statement  # noqa: E402
from onrecord.extract import context  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "context"
SEED = Path("/work/shared/seed")
FIELDS = ("said_on", "venue", "responds_to", "stance", "claim_type")


def load_articles(include_seed: bool = True) -> list[tuple[str, str, dict]]:
    out = []
    for j in sorted(FIXTURES.glob("*.json")):
        out.append(("fixtures", j.with_suffix(".txt").read_text(encoding="utf-8"),
                    json.loads(j.read_text(encoding="utf-8"))))
    if include_seed and (SEED / "gold.json").exists():
        out.append(("seed", (SEED / "article.txt").read_text(encoding="utf-8"),
                    json.loads((SEED / "gold.json").read_text(encoding="utf-8"))))
    return out


def _nearest(text: str, needle: str | None, a: int, b: int, lo: int, hi: int) -> Span | None:
    """The occurrence of needle in text[lo:hi] nearest to the range [a, b), outside it."""
    if not needle:
        return None
    best = None
    for m in re.finditer(re.escape(needle), text[lo:hi]):
        s, e = lo + m.start(), lo + m.end()
        if s < b and a < e:
            continue
        d = a - e if e <= a else s - b
        if best is None or d < best[0]:
            best = (d, Span(s, e))
    return best[1] if best else None


def gold_statements(text: str, gold: dict) -> list[Statement]:
    """Statements rebuilt from a gold file (what the engine would give, ideally)."""
    out = []
    roles = {sp["name"]: sp for sp in gold.get("speakers", [])}
    for g in gold["statements"]:
        a, b = g["content_span"]
        sp = roles.get(g.get("speaker"), {})
        lo = text.rfind("\n", 0, a) + 1
        hi = text.find("\n", b)
        hi = len(text) if hi < 0 else hi
        cue = _nearest(text, g.get("cue"), a, b, lo, hi)
        src = _nearest(text, g.get("speaker_mention"), a, b, lo, hi)
        out.append(Statement(
            id=g["id"], kind=g["kind"], content=Evidence.from_spans(text, [Span(a, b)]),
            cue=Evidence.from_spans(text, [cue]) if cue else None,
            source=Evidence.from_spans(text, [src]) if src else None,
            speaker=Speaker(g["speaker"], role=sp.get("role"), affiliation=sp.get("affiliation"))
            if g.get("speaker") else None, method="gold"))
    return out


def engine_statements(text: str, published: str | None):
    from onrecord.model import Article
    from onrecord.pipeline import Pipeline
    return Pipeline.load().extract(Article(text=text, published=published)).statements


def _venue_ok(pred, g: dict) -> bool:
    gv = g.get("venue")
    if pred is None or gv is None:
        return False
    if g.get("venue_type") and pred.type != g["venue_type"]:
        return False
    hay = " ".join(x for x in (pred.text, pred.outlet or "", pred.place or "") if x).lower()
    keys = [w.lower() for w in re.findall(r"[\w-]+", gv) if len(w) >= 3 and
            w.lower() not in ("interview", "the", "with", "and", "news", "conference",
                              "press", "statement", "speech")]
    if not keys:  # a venue named only by its kind ("statement"): the type decides
        return bool(g.get("venue_type")) or gv.lower() in hay
    return any(k in hay for k in keys)


def score(pairs: list[tuple[dict, Statement | None, dict]]) -> dict:
    """pairs: (gold statement, predicted statement or None, gold->pred id map)."""
    res = {}
    for f in FIELDS:
        tp = npred = ngold = 0
        for g, p, idmap in pairs:
            gv = g.get(f) if f != "claim_type" else g.get("claim_type")
            if f == "claim_type" and "claim_type" not in g:
                continue
            pv = getattr(p, f) if p is not None else None
            if f == "stance" and (gv is None or pv is None):
                # stance only where both exist
                if gv is not None and pv is None:
                    ngold += 1
                if pv is not None and gv is None:
                    npred += 1
                continue
            if pv is not None:
                npred += 1
            if gv is not None:
                ngold += 1
            if pv is None or gv is None:
                continue
            if f == "said_on":
                ok = pv.value == gv
            elif f == "venue":
                ok = _venue_ok(pv, g)
            elif f == "responds_to":
                ok = idmap.get(pv) == gv
            else:
                ok = pv == gv
            tp += ok
        res[f] = {"correct": tp, "predicted": npred, "gold": ngold,
                  "precision": round(tp / npred, 3) if npred else None,
                  "recall": round(tp / ngold, 3) if ngold else None}
    return res


def align(text: str, gold: dict, preds: list[Statement]) -> list[tuple[dict, Statement | None, dict]]:
    idmap, pairs = {}, []
    for g in gold["statements"]:
        a, b = g["content_span"]
        best = None
        for p in preds:
            ov = sum(max(0, min(b, s.end) - max(a, s.start)) for s in p.content.spans)
            if ov > 0 and (best is None or ov > best[0]):
                best = (ov, p)
        if best:
            idmap[best[1].id] = g["id"]
        pairs.append([g, best[1] if best else None])
    return [(g, p, idmap) for g, p in pairs]


def run(mode: str) -> dict:
    groups: dict[str, list] = {"fixtures": [], "seed": [], "fixtures_heldout": []}
    details = []
    t0 = time.time()
    for group, text, gold in load_articles():
        pub = gold["article"].get("published")
        stmts = gold_statements(text, gold) if mode == "gold" else engine_statements(text, pub)
        preds = context.annotate(text, stmts, pub)
        pairs = align(text, gold, preds)
        groups[group].extend(pairs)
        if str(gold.get("notes", "")).startswith("held-out"):
            groups["fixtures_heldout"].extend(pairs)
        for g, p, idmap in pairs:
            row = {"article": gold["article"].get("file"), "id": g["id"]}
            for f in FIELDS:
                pv = getattr(p, f) if p is not None else None
                if f == "said_on" and pv is not None:
                    pv = pv.value
                elif f == "venue" and pv is not None:
                    pv = f"{pv.type}: {pv.text}"
                elif f == "responds_to" and pv is not None:
                    pv = idmap.get(pv, pv)
                row[f] = [g.get(f), pv]
            row["venue_ok"] = _venue_ok(p.venue if p else None, g)
            details.append(row)
    out = {"mode": mode,
           "statements_from": "engine (onrecord.pipeline)" if mode == "engine"
           else "gold-derived statements (content spans, cue and mention from the gold files)",
           "seconds": round(time.time() - t0, 2),
           "n_statements": {k: len(v) for k, v in groups.items()},
           "n_articles_fixtures": len(list(FIXTURES.glob("*.json"))),
           "fixtures": score(groups["fixtures"]), "seed": score(groups["seed"]),
           "fixtures_heldout": score(groups["fixtures_heldout"]),
           "details": details}
    return out


def _print(res: dict) -> None:
    print(f"mode: {res['statements_from']}  ({res['seconds']} s)")
    for grp in ("fixtures", "fixtures_heldout", "seed"):
        print(f"[{grp}] n={res['n_statements'][grp]}")
        for f, r in res[grp].items():
            print(f"  {f:12s} P={r['precision']} R={r['recall']}  "
                  f"({r['correct']}/{r['predicted']} pred, {r['gold']} gold)")


def main() -> None:
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--engine", action="store_true", help="only on the engine's statements")
    g.add_argument("--gold", action="store_true", help="only on gold-derived statements")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "context_results.json"))
    ap.add_argument("-v", action="store_true", help="print the wrong rows")
    args = ap.parse_args()
    engine_ok = True
    try:
        import onrecord.pipeline  # noqa: F401
    except ImportError:
        engine_ok = False
    modes = ["gold"] if args.gold or not engine_ok else ["engine"] if args.engine \
        else ["engine", "gold"]
    results = {m: run(m) for m in modes}
    primary = results[modes[0]]
    out = {"primary": modes[0], **{m: r for m, r in results.items()}}
    for m, r in results.items():
        if m != modes[0]:
            r.pop("details", None)
    Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    for m in modes:
        _print(results[m])
    if args.v:
        for row in primary["details"]:
            bad = {f: v for f, v in row.items() if isinstance(v, list) and f != "venue_ok"
                   and not (v[0] == v[1] or (f == "venue" and row["venue_ok"]))}
            if bad:
                print(row["article"], row["id"], bad)


if __name__ == "__main__":
    main()
