"""Scoring against statement maps in the format of the seed's gold.json.

A gold statement is *found* when a predicted statement's content span covers at least half of
the gold content span; its speaker is *right* when the found statement's speaker name equals
the gold one (case-insensitive). ``not_statements`` are texts that must not become statements.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalError
from ..model import ArticleResult

FOUND_COVER = 0.5


@dataclass
class GoldResult:
    gold: int = 0
    found: int = 0
    speaker_right: int = 0
    predicted: int = 0
    false_statements: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"gold": self.gold, "found": self.found, "speaker_right": self.speaker_right,
                "predicted": self.predicted, "not_statements_predicted": self.false_statements,
                "misses": self.misses}


def _cover(a, b) -> float:
    s, e = max(a[0], b[0]), min(a[1], b[1])
    return max(0, e - s) / max(1, b[1] - b[0])


def load_gold(path: str | Path) -> tuple[dict, str]:
    p = Path(path)
    try:
        gold = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise EvalError(f"cannot read gold file {p}: {e}") from e
    art = gold.get("article", {})
    text_path = p.parent / art.get("file", p.with_suffix(".txt").name)
    if not text_path.exists():
        raise EvalError(f"gold file {p} names article {text_path}, which does not exist")
    return gold, text_path.read_text(encoding="utf-8")


def score_gold(gold: dict, text: str, result: ArticleResult) -> GoldResult:
    out = GoldResult(gold=len(gold["statements"]), predicted=len(result.statements))
    preds = result.statements
    for g in gold["statements"]:
        gs = g["content_span"]
        hits = [p for p in preds if any(_cover(sp.as_list(), gs) >= FOUND_COVER for sp in p.content.spans)]
        if hits:
            out.found += 1
            if any(p.speaker and p.speaker.name.lower() == g["speaker"].lower() for p in hits):
                out.speaker_right += 1
            else:
                out.misses.append(f"{g['id']}: speaker {g['speaker']!r}, got "
                                  f"{[p.speaker.name if p.speaker else None for p in hits]}")
        else:
            out.misses.append(f"{g['id']}: not found ({g['content'][:50]}…)")
    for ns in gold.get("not_statements", []):
        i = text.find(ns)
        if i < 0:
            continue
        rng = (i, i + len(ns))
        for p in preds:
            if any(_cover(sp.as_list(), rng) > 0.3 or _cover(rng, sp.as_list()) > 0.5 for sp in p.content.spans):
                out.false_statements.append(ns)
                break
    return out
