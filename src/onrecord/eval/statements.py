"""Scoring a statement map: predicted statements against a gold map of a real article.

A gold map (``benchmarks/realnews/gold/*/*.json``, written by ``benchmarks/realnews/annotate.py``)
holds offsets only: ``content_span`` (and ``content_parts`` for a split quote), ``speaker``,
``said_on``, ``venue.type``, ``responds_to``/``stance``, ``claim_type``, ``borderline``, and
``not_statements`` with their spans.

Matching (one-to-one, greedy by overlap): a predicted statement matches a gold one when the
characters they share are at least ``MATCH_SHARE`` of each one's content. Among equal overlaps
(two speakers under one cue share a span) the pair whose speaker agrees goes first. A gold
statement marked ``borderline`` is optional: matching it is neither a hit nor a false positive,
missing it is not a miss. Fields are compared on the matched, non-borderline statements:

* speaker *fullest name*: the predicted name equals the gold name (case, dots, apostrophes
  and spacing aside); *wrong person*: the names share no person (neither one's words are
  contained in the other's and their last words differ); an unresolved speaker is neither.
* said_on / venue: *right* among the gold statements that have one (venue: the right type);
  *filled* among those that have none (a false fill).
* responds_to: a gold link is right when its statement's match points at its target's match;
  a predicted link on a matched statement is false when the gold has no such link.
* stance: right when the link is right and the stance equal. claim_type: equal.
"""
from __future__ import annotations

import json
import re

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalError
from ..model import ArticleResult

MATCH_SHARE = 0.5
# a prediction "hits" a not-statement when it covers this share of it (or of itself)
NOT_STATEMENT_SHARE = 0.5


def _chars(spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def norm_name(name: str | None) -> str:
    if not name:
        return ""
    s = name.lower().replace("’", "'").replace(".", " ")
    s = re.sub(r"[^\w' -]+", " ", s)
    return " ".join(s.split())


def same_person(pred: str | None, gold: str | None) -> bool | None:
    """True when the two names can be one person, False when they cannot, None without a
    prediction."""
    if not pred:
        return None
    p, g = norm_name(pred).split(), norm_name(gold).split()
    if not p or not g:
        return False
    if set(p) <= set(g) or set(g) <= set(p):
        return True
    return p[-1] == g[-1]


@dataclass
class FieldCount:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += bool(ok)

    @property
    def rate(self) -> float | None:
        return round(self.right / self.total, 3) if self.total else None

    def as_dict(self) -> dict:
        return {"right": self.right, "total": self.total, "rate": self.rate}


@dataclass
class MapScore:
    """Counts over one or more articles (``+`` adds them)."""

    gold: int = 0              # non-borderline gold statements
    predicted: int = 0         # predictions that are not matched to a borderline gold
    matched: int = 0           # non-borderline gold statements matched
    fields: dict[str, FieldCount] = field(default_factory=dict)
    not_statements: int = 0
    not_statements_hit: int = 0
    wrong_person_by_confidence: list[tuple[float, bool | None]] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)

    def f(self, name: str) -> FieldCount:
        return self.fields.setdefault(name, FieldCount())

    def __add__(self, other: "MapScore") -> "MapScore":
        out = MapScore(self.gold + other.gold, self.predicted + other.predicted,
                       self.matched + other.matched)
        for k in set(self.fields) | set(other.fields):
            a, b = self.fields.get(k, FieldCount()), other.fields.get(k, FieldCount())
            out.fields[k] = FieldCount(a.right + b.right, a.total + b.total)
        out.not_statements = self.not_statements + other.not_statements
        out.not_statements_hit = self.not_statements_hit + other.not_statements_hit
        out.wrong_person_by_confidence = self.wrong_person_by_confidence + other.wrong_person_by_confidence
        out.details = self.details + other.details
        return out

    @property
    def precision(self) -> float:
        return self.matched_pred / self.predicted if self.predicted else 0.0

    # matched predictions = matched gold (one-to-one)
    @property
    def matched_pred(self) -> int:
        return self.matched

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def wrong_speaker_rate(self, threshold: float) -> tuple[float | None, int]:
        """Share of matched statements at or above ``threshold`` whose speaker is the wrong
        person (unresolved speakers are not counted), and how many were counted."""
        xs = [w for c, w in self.wrong_person_by_confidence if c >= threshold and w is not None]
        return (round(sum(xs) / len(xs), 3) if xs else None), len(xs)

    def as_dict(self, thresholds=(0.0, 0.5, 0.6, 0.7)) -> dict:
        return {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": round(self.precision, 3), "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "not_statements": self.not_statements, "not_statements_hit": self.not_statements_hit,
            "fields": {k: v.as_dict() for k, v in sorted(self.fields.items())},
            "wrong_speaker_rate": {str(t): dict(zip(("rate", "n"), self.wrong_speaker_rate(t)))
                                   for t in thresholds},
        }


def load_map(path: str | Path) -> dict:
    p = Path(path)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise EvalError(f"cannot read gold map {p}: {e}") from e


def _gold_parts(g: dict) -> list[list[int]]:
    return g.get("content_parts") or [g["content_span"]]


def match(golds: list[dict], preds) -> tuple[dict[int, int], dict[int, int]]:
    """One-to-one matching of gold and predicted statements (indexes both ways): pairs sharing
    at least MATCH_SHARE of each one's content, the largest overlap first, a borderline gold
    last, the pair whose speaker agrees first among equals."""
    gchars = [_chars(_gold_parts(g)) for g in golds]
    pchars = [_chars(s.as_list() for s in p.content.spans) for p in preds]
    pairs = []
    for gi, gc in enumerate(gchars):
        for pi, pc in enumerate(pchars):
            shared = len(gc & pc)
            if not shared or shared < MATCH_SHARE * len(gc) or shared < MATCH_SHARE * len(pc):
                continue
            jac = shared / len(gc | pc)
            p = preds[pi]
            spk = norm_name(p.speaker.name if p.speaker else "") == norm_name(golds[gi]["speaker"])
            pairs.append((not golds[gi].get("borderline"), round(jac, 3), spk, -gi, -pi, gi, pi))
    pairs.sort(reverse=True)
    g2p: dict[int, int] = {}
    p2g: dict[int, int] = {}
    for _nb, _j, _s, _a, _b, gi, pi in pairs:
        if gi in g2p or pi in p2g:
            continue
        g2p[gi] = pi
        p2g[pi] = gi
    return g2p, p2g


def score_map(gold: dict, result: ArticleResult, keep_details: bool = False) -> MapScore:
    """Score one article's predicted statements against its gold map."""
    golds = gold["statements"]
    preds = result.statements
    pchars = [_chars(s.as_list() for s in p.content.spans) for p in preds]
    g2p, p2g = match(golds, preds)
    out = MapScore()
    border_preds = {pi for pi, gi in p2g.items() if golds[gi].get("borderline")}
    out.gold = sum(1 for g in golds if not g.get("borderline"))
    out.predicted = len(preds) - len(border_preds)
    id2g = {g["id"]: gi for gi, g in enumerate(golds)}
    pid2i = {p.id: pi for pi, p in enumerate(preds)}
    for gi, g in enumerate(golds):
        if g.get("borderline"):
            continue
        pi = g2p.get(gi)
        if pi is None:
            if keep_details:
                out.details.append({"type": "miss", "gold": g["id"], "kind": g["kind"],
                                    "span": g["content_span"], "speaker": g["speaker"]})
            continue
        out.matched += 1
        p = preds[pi]
        pname = p.speaker.name if p.speaker else None
        out.f("kind").add(p.kind == g["kind"])
        name_ok = norm_name(pname) == norm_name(g["speaker"])
        out.f("speaker_fullest_name").add(name_ok)
        person = same_person(pname, g["speaker"])
        out.f("speaker_same_person").add(bool(person))
        out.wrong_person_by_confidence.append((p.confidence, None if person is None else not person))
        if keep_details and not name_ok:
            out.details.append({"type": "speaker", "gold": g["id"], "span": g["content_span"],
                                "want": g["speaker"], "got": pname, "confidence": p.confidence})
        gs, ps = g.get("said_on"), p.said_on.value if p.said_on else None
        if gs:
            out.f("said_on_right").add(ps == gs)
        else:
            out.f("said_on_false_fill").add(ps is not None)
        gv, pv = g.get("venue"), p.venue.type if p.venue else None
        if gv:
            out.f("venue_right").add(pv == gv["type"])
        else:
            out.f("venue_false_fill").add(pv is not None)
        if keep_details and (gs != ps or (gv or {}).get("type") != pv):
            out.details.append({"type": "context", "gold": g["id"], "span": g["content_span"],
                                "said_on": [gs, ps], "venue": [(gv or {}).get("type"), pv]})
        out.f("claim_type").add(p.claim_type == g.get("claim_type", "assertion"))
        # replies
        target_g = id2g.get(g.get("responds_to")) if g.get("responds_to") else None
        want_p = g2p.get(target_g) if target_g is not None else None
        got_p = pid2i.get(p.responds_to) if p.responds_to else None
        if g.get("responds_to"):
            link_ok = want_p is not None and got_p == want_p
            out.f("responds_to_right").add(link_ok)
            out.f("stance_right").add(link_ok and p.stance == g.get("stance"))
        if p.responds_to:
            out.f("responds_to_false_link").add(not (g.get("responds_to") and got_p == want_p))
        out.f("responds_to_any_pred_on_matched").add(bool(p.responds_to))
        if keep_details and (g.get("responds_to") or p.responds_to) and \
                not (g.get("responds_to") and got_p == want_p):
            out.details.append({"type": "reply", "gold": g["id"], "span": g["content_span"],
                                "want": g.get("responds_to"), "got": p.responds_to})
    # gold links whose statement was missed count as misses of the link too
    for gi, g in enumerate(golds):
        if not g.get("borderline") and g.get("responds_to") and gi not in g2p:
            out.f("responds_to_right").add(False)
            out.f("stance_right").add(False)
    for pi, p in enumerate(preds):
        if pi not in p2g and keep_details:
            out.details.append({"type": "false", "pred": p.id, "kind": p.kind,
                                "span": [p.content.start, p.content.end],
                                "speaker": p.speaker.name if p.speaker else None,
                                "method": p.method})
    ns = gold.get("not_statements", [])
    out.not_statements = len(ns)
    for n in ns:
        nc = _chars([n["span"]])
        for pi, pc in enumerate(pchars):
            if pi in p2g:
                continue
            shared = len(nc & pc)
            if shared and (shared >= NOT_STATEMENT_SHARE * len(nc) or
                           shared >= NOT_STATEMENT_SHARE * len(pc)):
                out.not_statements_hit += 1
                if keep_details:
                    out.details.append({"type": "not_statement_hit", "span": n["span"],
                                        "why": n.get("why"), "pred": preds[pi].id})
                break
    return out
