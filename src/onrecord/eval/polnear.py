"""Scoring onrecord's statements against PolNeAR-style brat annotations.

onrecord's contract and PolNeAR differ in two conventions, converted here before scoring:
PolNeAR's content of a direct quote includes its quotation marks (and the punctuation inside
them), and an indirect content includes its complementizer ("that …"). A statement made by
two speakers ("Russia and the US said …") is one attribution in PolNeAR.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..model import ArticleResult, Statement
from .brat import BratDoc, read_split
from .scoring import Report, combine, score_document

_MARKS = "“”\"«»„'’‘`"
_THAT = re.compile(r"\b(that|That|whether|Whether|if|If),?\s+$")


@dataclass(frozen=True)
class PredAttribution:
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]


def _widen_quote(text: str, a: int, b: int) -> tuple[int, int]:
    if a > 0 and text[a - 1] in _MARKS:
        a -= 1
        if a > 0 and text[a - 1] in "'`" and text[a] in "'`":
            a -= 1
    j = b
    while j < len(text) and text[j] in ",.?!…":
        j += 1
    if j < len(text) and text[j] in _MARKS:
        j += 1
        if j < len(text) and text[j] == "'" and text[j - 1] == "'":
            j += 1
        b = j
    return a, b


def to_polnear(text: str, st: Statement) -> PredAttribution:
    """Convert one statement to PolNeAR's span conventions."""
    spans = []
    for sp in st.content.spans:
        a, b = sp.start, sp.end
        a, b = _widen_quote(text, a, b)
        if st.kind != "direct" and a == sp.start:
            m = _THAT.search(text, max(0, a - 9), a)
            if m and m.end() == a:
                a = m.start()
        spans.append((a, b))
    cue = tuple((s.start, s.end) for s in st.cue.spans) if st.cue else ()
    if not cue and st.method == "headline" and st.source:
        # PolNeAR takes the colon of "Speaker: quote" as the cue
        colon = text.find(":", st.source.end, st.content.start)
        if colon >= 0:
            cue = ((colon, colon + 1),)
    return PredAttribution(
        source=tuple((s.start, s.end) for s in st.source.spans) if st.source else (),
        cue=cue,
        content=tuple(spans))


def to_polnear_all(text: str, statements: Iterable[Statement]) -> list[PredAttribution]:
    seen = set()
    out = []
    for st in statements:
        p = to_polnear(text, st)
        key = (p.cue, p.content)
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


@dataclass
class PolnearRun:
    report: Report
    seconds: float
    documents: int


def evaluate(directory: str | Path, extract: Callable[[str], ArticleResult],
             limit: int | None = None, progress: Callable[[int, int], None] | None = None,
             docs: list[BratDoc] | None = None) -> PolnearRun:
    """Run ``extract`` on every article of a brat compartment and score it."""
    docs = docs if docs is not None else read_split(directory, limit=limit)
    reports = []
    cache: dict[str, list[PredAttribution]] = {}
    t0 = time.perf_counter()
    for i, d in enumerate(docs):
        if d.text not in cache:  # several annotators may share one text
            res = extract(d.text)
            cache[d.text] = to_polnear_all(d.text, res.statements)
        reports.append(score_document(d.text, cache[d.text], d.attributions))
        if progress:
            progress(i + 1, len(docs))
    return PolnearRun(combine(reports), time.perf_counter() - t0, len(docs))
