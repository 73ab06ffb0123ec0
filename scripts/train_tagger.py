"""Train the CRF attribution tagger on PolNeAR train; report dev figures.

    python scripts/train_tagger.py [--polnear ../shared/data/polnear] [--out src/onrecord/data/tagger]

Deterministic (CRFsuite's L-BFGS has no randomness; documents are read in sorted order).
Parses every train article with the pinned spaCy model (the slow part), trains, writes
``attribution.crfsuite`` and ``meta.json`` (data, parameters, time, memory, dev scores).
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from onrecord import nlp as nlp_mod  # noqa: E402
from onrecord.eval.brat import read_split  # noqa: E402
from onrecord.extract.attribution import RuleAttributor  # noqa: E402
from onrecord.extract.quotes import find_quotes  # noqa: E402
from onrecord.extract.tagging import MODEL_FILE, _rule_roles, block_features, gold_tags  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def sequences(docs, nlp, rules):
    seen = set()
    for k, d in enumerate(docs):
        if d.text in seen:  # one annotation per text (the first annotator's, sorted by name)
            continue
        seen.add(d.text)
        parsed = nlp_mod.parse(d.text, nlp)
        quotes = find_quotes(d.text, [(b.offset, b.end) for b in parsed.blocks])
        roles = _rule_roles(rules.run(parsed, quotes))
        qr = [r for q in quotes for r in q.outer]
        for block in parsed.blocks:
            offs, feats = block_features(block, qr, roles)
            if offs:
                yield feats, gold_tags(offs, d.attributions)
        if k % 50 == 0:
            print(f"  parsed {k}/{len(docs)}", file=sys.stderr, flush=True)


def main() -> None:
    import pycrfsuite
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--out", default=str(ROOT / "src" / "onrecord" / "data" / "tagger"))
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
    args = ap.parse_args()
    t0 = time.time()
    nlp = nlp_mod.load()
    rules = RuleAttributor()
    train = read_split(Path(args.polnear) / "train", limit=args.limit)
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = 0
    for feats, tags in sequences(train, nlp, rules):
        trainer.append(feats, tags)
        n_seq += 1
    t_feat = time.time() - t0
    trainer.set_params(PARAMS)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out / MODEL_FILE))
    t_train = time.time() - t0 - t_feat
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    meta = {"model": "linear-chain CRF (CRFsuite, L-BFGS)", "params": PARAMS,
            "trained_on": f"PolNeAR train ({len(train)} annotation files, {n_seq} paragraphs)",
            "spacy_model": nlp_mod.model_name(),
            "seconds_features": round(t_feat, 1), "seconds_training": round(t_train, 1),
            "peak_rss_mb": round(peak_mb), "date": time.strftime("%Y-%m-%d")}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
