"""Train the CRF attribution tagger on PolNeAR train; report dev figures.

    python scripts/train_tagger.py [--polnear ../shared/data/polnear] [--out src/onrecord/data/tagger]
                                   [--cache DIR] [--feature-version 3] [--c1 --c2 --iterations]

The defaults reproduce the shipped model (features v3 with the word clusters of
``data/tagger/clusters.tsv.gz``, built once by scripts/build_clusters.py).

Deterministic (CRFsuite's L-BFGS has no randomness; documents are read in sorted order).
Parses every train article with the pinned spaCy model (the slow part), trains, writes
``attribution.crfsuite`` and ``meta.json`` (data, parameters, time, memory, dev scores).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from onrecord import nlp as nlp_mod  # noqa: E402
from onrecord.fastattrs import set_attrs  # noqa: E402
from onrecord.eval.brat import read_split  # noqa: E402
from onrecord.extract.attribution import RuleAttributor  # noqa: E402
from onrecord.extract.quotes import find_quotes  # noqa: E402
from onrecord.extract.crf import MODEL_FILE  # noqa: E402
from onrecord.extract.features import block_features, gold_tags, rule_roles  # noqa: E402

# the shipped model's settings: `python scripts/train_tagger.py` reproduces it
PARAMS = {"c1": 0.1, "c2": 0.005, "max_iterations": 250, "feature.possible_transitions": True}


def parsed_docs(docs, nlp, cache: Path | None):
    """Parse each text once; with ``cache``, parses are kept as DocBin files between runs
    (the parse is most of the time, and the rules change more often than the model)."""
    from spacy.tokens import DocBin
    for d in docs:
        key = hashlib.sha256(d.text.encode()).hexdigest()[:20]
        f = cache / f"{key}.spacy" if cache else None
        if f is not None and f.exists():
            blocks = list(DocBin().from_disk(f).get_docs(nlp.vocab))
            if "onrecord_fast_attrs" in nlp.pipe_names:  # same attributes as a fresh parse
                for doc in blocks:
                    set_attrs(doc)
            ranges = nlp_mod.split_blocks(d.text)
            yield d, nlp_mod.ParsedText(d.text, [nlp_mod.Block(a, doc) for (a, _), doc in zip(ranges, blocks)])
            continue
        parsed = nlp_mod.parse(d.text, nlp)
        if f is not None:
            db = DocBin(store_user_data=False)
            for b in parsed.blocks:
                db.add(b.doc)
            db.to_disk(f)
        yield d, parsed


def sequences(docs, nlp, rules, cache=None, version=1, all_annotations=False):
    seen = set()
    uniq = []
    for d in docs:
        if d.text in seen and not all_annotations:  # one annotation per text (the first annotator's)
            continue
        seen.add(d.text)
        uniq.append(d)
    for k, (d, parsed) in enumerate(parsed_docs(uniq, nlp, cache)):
        quotes = find_quotes(d.text, [(b.offset, b.end) for b in parsed.blocks])
        roles = rule_roles(rules.run(parsed, quotes))
        qr = [r for q in quotes for r in q.outer]
        for block in parsed.blocks:
            offs, feats = block_features(block, qr, roles, version=version)
            if offs:
                yield feats, gold_tags(offs, d.attributions)
        if k % 50 == 0:
            print(f"  parsed {k}/{len(uniq)}", file=sys.stderr, flush=True)


def main() -> None:
    import pycrfsuite
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--out", default=str(ROOT / "src" / "onrecord" / "data" / "tagger"))
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
    ap.add_argument("--cache", default=None, help="folder to keep parses in between runs")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--feature-version", type=int, default=3,
                    help="1 = parse + rule features; 2 = 1 + head role and path; 3 = 1 + word "
                         "clusters (shipped); 4 = 2 + word clusters")
    ap.add_argument("--all-annotations", action="store_true",
                    help="train on every annotation file, not one per text")
    args = ap.parse_args()
    t0 = time.time()
    nlp = nlp_mod.load()
    rules = RuleAttributor()
    train = read_split(Path(args.polnear) / "train", limit=args.limit)
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = 0
    cache = Path(args.cache) if args.cache else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    for feats, tags in sequences(train, nlp, rules, cache, args.feature_version, args.all_annotations):
        trainer.append(feats, tags)
        n_seq += 1
    t_feat = time.time() - t0
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    trainer.set_params(params)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out / MODEL_FILE))
    t_train = time.time() - t0 - t_feat
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    meta = {"model": "linear-chain CRF (CRFsuite, L-BFGS)", "params": params,
            "trained_on": f"PolNeAR train ({len(train)} annotation files, {n_seq} paragraphs)",
            "spacy_model": nlp_mod.model_name(), "feature_version": args.feature_version,
            "all_annotations": args.all_annotations,
            "seconds_features": round(t_feat, 1), "seconds_training": round(t_train, 1),
            "peak_rss_mb": round(peak_mb), "date": time.strftime("%Y-%m-%d")}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
