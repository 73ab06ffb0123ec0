"""MinHash signatures (datasketch) for near-duplicate articles and for the same quote carried
by several outlets, and the LSH index over them.

The index is kept in the store (table ``lsh``), so adding an article costs a few indexed look-ups
instead of a pass over everything stored: a signature is cut into datasketch's bands
(``MinHashLSH(threshold, num_perm)`` chooses ``b`` bands of ``r`` rows to suit the threshold),
each band is hashed to a 64-bit integer, and two signatures are candidates when they share a
band. Candidates are then checked on their estimated Jaccard similarity, as datasketch does.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from functools import lru_cache
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


# -- the persisted index ---------------------------------------------------------------------------
ARTICLES, QUOTES = "a", "q"
_PARAMS = {ARTICLES: (ARTICLE_PERM, ARTICLE_THRESHOLD), QUOTES: (QUOTE_PERM, QUOTE_THRESHOLD)}


@lru_cache(maxsize=None)
def hashranges(kind: str) -> tuple[tuple[int, int], ...]:
    """datasketch's band layout for ``kind`` (the (start, end) of each band in a signature)."""
    from datasketch import MinHashLSH

    num_perm, threshold = _PARAMS[kind]
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


def band_keys(kind: str, sig: bytes) -> list[int]:
    """One signed 64-bit key per band of one signature (band number folded in)."""
    out = []
    for i, (a, b) in enumerate(hashranges(kind)):
        h = hashlib.blake2b(sig[4 * a:4 * b], digest_size=8, person=b"onrc-lsh%d" % i).digest()
        out.append(int.from_bytes(h, "big", signed=True))
    return out


def pieces(kind: str, blob: bytes | None) -> list[bytes]:
    """The signatures in a stored blob (a quote's blob holds one per content span)."""
    if not blob:
        return []
    if kind == QUOTES:
        return [p for p in split_signatures(blob) if len(p) == QUOTE_SIG_BYTES]
    return [blob] if len(blob) == ARTICLE_PERM * 4 else []


def index_add(conn: sqlite3.Connection, kind: str, item: int, blob: bytes | None) -> None:
    conn.executemany("INSERT OR IGNORE INTO lsh (kind, band, item) VALUES (?,?,?)",
                     [(kind, k, item) for p in pieces(kind, blob) for k in band_keys(kind, p)])


def index_query(conn: sqlite3.Connection, kind: str, blob: bytes | None) -> set[int]:
    """Items sharing at least one band with any signature in ``blob``."""
    keys = sorted({k for p in pieces(kind, blob) for k in band_keys(kind, p)})
    if not keys:
        return set()
    marks = ",".join("?" * len(keys))
    return {r[0] for r in conn.execute(
        f"SELECT item FROM lsh WHERE kind = ? AND band IN ({marks})", (kind, *keys))}


def best_similarity(kind: str, a: bytes | None, b: bytes | None) -> float:
    """The best estimated Jaccard similarity between any signature of ``a`` and any of ``b``."""
    best = 0.0
    for x in pieces(kind, a):
        for y in pieces(kind, b):
            best = max(best, jaccard(x, y))
    return best


def threshold(kind: str) -> float:
    return _PARAMS[kind][1]
