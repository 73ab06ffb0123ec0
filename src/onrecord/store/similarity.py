"""MinHash signatures (datasketch) for near-duplicate articles and for the same quote carried
by several outlets, and the LSH grouping over them."""
from __future__ import annotations

import re
from typing import Iterable

import numpy as np

ARTICLE_PERM = 128
QUOTE_PERM = 64
SCHEME = "affine32"
# Wire copies: articles whose word 3-gram Jaccard similarity is at least this.
ARTICLE_THRESHOLD = 0.8
MIN_ARTICLE_WORDS = 30
# The same quote: character 5-gram Jaccard similarity of the normalised content.
QUOTE_THRESHOLD = 0.7
MIN_QUOTE_CHARS = 20

_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _minhash(shingles: Iterable[bytes], num_perm: int):
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm)
    m.update_batch(list(shingles))
    return m


def article_signature(text: str) -> bytes | None:
    words = _WORD.findall(text.lower())
    if len(words) < MIN_ARTICLE_WORDS:
        return None
    grams = {" ".join(words[i:i + 3]).encode() for i in range(len(words) - 2)}
    return _minhash(grams, ARTICLE_PERM).digest().astype("<u4").tobytes()


def quote_signature(text: str) -> bytes | None:
    norm = normalize(text)
    if len(norm) < MIN_QUOTE_CHARS:
        return None
    grams = {norm[i:i + 5].encode() for i in range(len(norm) - 4)}
    return _minhash(grams, QUOTE_PERM).digest().astype("<u4").tobytes()


QUOTE_SIG_BYTES = QUOTE_PERM * 4


def quote_signatures(text: str, spans) -> bytes | None:
    """Signatures of each piece (span) of a statement's content, concatenated: a quote carried
    whole by one outlet and in part by another still shares a piece with it."""
    sigs = [quote_signature(text[a:b]) for a, b in spans]
    sigs = [x for x in sigs if x]
    return b"".join(sigs) or None


def split_signatures(blob: bytes) -> list[bytes]:
    return [blob[i:i + QUOTE_SIG_BYTES] for i in range(0, len(blob), QUOTE_SIG_BYTES)]


class _Signature:
    """A stored MinHash as datasketch's LSH reads it (``hashvalues`` and a length): rebuilding
    full ``MinHash`` objects would recompute their permutations each time."""

    __slots__ = ("hashvalues",)

    def __init__(self, values: np.ndarray):
        self.hashvalues = values

    def __len__(self) -> int:
        return len(self.hashvalues)


def _load(blob: bytes, num_perm: int) -> _Signature | None:
    values = np.frombuffer(blob, dtype="<u4").astype(np.uint64)
    if len(values) != num_perm:
        return None
    return _Signature(values)


def jaccard(a: bytes, b: bytes) -> float:
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.mean(x == y)) if len(x) == len(y) and len(x) else 0.0


def group(items: list[tuple], num_perm: int, threshold: float) -> list[tuple[list, dict]]:
    """Connected groups (of 2 or more) of ids whose signatures are at least ``threshold``
    similar, each with every member's best similarity to another member. Deterministic:
    groups and members come sorted by id."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs: dict = {}
    loaded: dict = {}
    for key, blob in items:
        m = _load(blob, num_perm)
        if m is None:
            continue
        sigs[key] = blob
        loaded[key] = m
        lsh.insert(key, m, check_duplication=False)
    parent = {k: k for k in sigs}

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    best: dict[int, float] = {}
    for key in sorted(sigs):
        for other in lsh.query(loaded[key]):
            if other == key:
                continue
            sim = jaccard(sigs[key], sigs[other])
            if sim < threshold:
                continue
            best[key] = max(best.get(key, 0.0), sim)
            a, b = find(key), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for k in sorted(sigs):
        groups.setdefault(find(k), []).append(k)
    return [(members, {m: best.get(m, 0.0) for m in members})
            for _, members in sorted(groups.items()) if len(members) > 1]
