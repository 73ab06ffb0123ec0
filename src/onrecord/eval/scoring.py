"""Precision/recall/F1 of predicted attributions against gold ones, PolNeAR style.

Definitions (kept in one place so every report means the same thing):

* A *mention* of a role (source, cue, content) is the tuple of character ranges that role has in
  one attribution (discontinuous content is one mention of several ranges).
* **exact**: the two mentions cover exactly the same non-whitespace characters.
* **overlap**: character Jaccard of the two mentions >= ``OVERLAP_JACCARD`` (0.5).
* **attribution**: a predicted attribution matches a gold one when its content overlaps
  (Jaccard >= 0.5), its cue overlaps, and its source overlaps or both have none.
  ``attribution_exact`` asks the same with exact matches.
Matching is one-to-one and greedy by best score; P = matched/predicted, R = matched/gold.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

ROLES = ("source", "cue", "content")
OVERLAP_JACCARD = 0.5  # the usual "loose" criterion (Pareti; citron reports the same)

Ranges = tuple[tuple[int, int], ...]


def _chars(text: str, ranges: Ranges) -> frozenset[int]:
    """The non-whitespace character positions a mention covers (whitespace at a range's edge
    or between the ranges of a discontinuous mention never decides a match)."""
    return frozenset(i for a, b in ranges for i in range(a, min(b, len(text)))
                     if not text[i].isspace())


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "pred": self.n_pred, "gold": self.n_gold}


def _greedy_match(scores: list[tuple[float, int, int]], ok) -> int:
    used_p, used_g, tp = set(), set(), 0
    for s, i, j in sorted(scores, reverse=True):
        if i in used_p or j in used_g or not ok(s):
            continue
        used_p.add(i)
        used_g.add(j)
        tp += 1
    return tp


def _match_sets(pred: Sequence[frozenset[int]], gold: Sequence[frozenset[int]],
                exact: bool) -> PRF:
    scores = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p & g:
                scores.append((jaccard(p, g), i, j))
    ok = (lambda s: s == 1.0) if exact else (lambda s: s >= OVERLAP_JACCARD)
    return PRF(_greedy_match(scores, ok), len(pred), len(gold))


@dataclass
class Report:
    """All figures for a set of documents."""

    span: dict[str, PRF] = field(default_factory=dict)  # "content/exact" → PRF
    attribution: dict[str, PRF] = field(default_factory=dict)  # "overlap" | "exact"
    documents: int = 0

    def as_dict(self) -> dict:
        return {"documents": self.documents,
                "spans": {k: v.as_dict() for k, v in sorted(self.span.items())},
                "attribution": {k: v.as_dict() for k, v in sorted(self.attribution.items())}}


def score_document(text: str, pred: Iterable, gold: Iterable) -> Report:
    """Score one document; ``pred`` and ``gold`` hold objects with ``source``, ``cue`` and
    ``content`` attributes, each a tuple of (start, end) ranges (empty when absent)."""
    pred, gold = list(pred), list(gold)
    rep = Report(documents=1)
    pc = [{r: _chars(text, getattr(a, r)) for r in ROLES} for a in pred]
    gc = [{r: _chars(text, getattr(a, r)) for r in ROLES} for a in gold]
    for role in ROLES:
        ps = [c[role] for c in pc if c[role]]
        gs = [c[role] for c in gc if c[role]]
        for mode in ("exact", "overlap"):
            rep.span[f"{role}/{mode}"] = _match_sets(ps, gs, mode == "exact")
    for mode in ("exact", "overlap"):
        need = 1.0 if mode == "exact" else OVERLAP_JACCARD
        scores = []
        for i, p in enumerate(pc):
            for j, g in enumerate(gc):
                if not (p["content"] & g["content"]):
                    continue
                js = [jaccard(p[r], g[r]) for r in ROLES]
                if all(x >= need for x in js):
                    scores.append((sum(js), i, j))
        rep.attribution[mode] = PRF(_greedy_match(scores, lambda s: True), len(pc), len(gc))
    return rep


def combine(reports: Iterable[Report]) -> Report:
    total = Report()
    for r in reports:
        total.documents += r.documents
        for k, v in r.span.items():
            total.span.setdefault(k, PRF()).add(v)
        for k, v in r.attribution.items():
            total.attribution.setdefault(k, PRF()).add(v)
    return total


def format_report(rep: Report) -> str:
    lines = [f"documents: {rep.documents}",
             f"{'':22}{'P':>8}{'R':>8}{'F1':>8}{'pred':>8}{'gold':>8}"]
    for role in ROLES:
        for mode in ("exact", "overlap"):
            m = rep.span[f"{role}/{mode}"]
            lines.append(f"{role + ' ' + mode:22}{m.precision:8.3f}{m.recall:8.3f}{m.f1:8.3f}"
                         f"{m.n_pred:8d}{m.n_gold:8d}")
    for mode in ("exact", "overlap"):
        m = rep.attribution[mode]
        lines.append(f"{'attribution ' + mode:22}{m.precision:8.3f}{m.recall:8.3f}{m.f1:8.3f}"
                     f"{m.n_pred:8d}{m.n_gold:8d}")
    return "\n".join(lines)
