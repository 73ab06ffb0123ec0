"""Combining the rules' candidates with the tagger's: one statement per content.

The tagger (trained with the rules' output as a feature) decides for clauses; the rules keep
what they read exactly from quotation marks (split quotes joined, marks excluded).
"""
from __future__ import annotations

from .candidates import QUOTATION_METHODS, Candidate

def _content_jaccard(a, b) -> float:
    ca = {i for x, y in a for i in range(x, y)}
    cb = {i for x, y in b for i in range(x, y)}
    return len(ca & cb) / max(1, len(ca | cb))

def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(y, d) - max(x, c)) for x, y in a for c, d in b)


# Rule candidates found from quotation marks whose spans follow the marks exactly and whose
# split quotes are joined: where one matches a tagged attribution the rule's version is kept.
# (An unattributed quote is not among them: the tagger may know its cue.)
QUOTE_METHODS = QUOTATION_METHODS - {"unattributed-quote", "quotes-only"}

# Rule candidates the tagger did not confirm are kept only when they are of these kinds; the
# tagger (trained with the rules' output as a feature) is the better judge of the others.
# Measured on PolNeAR dev: see benchmarks/accuracy_results.json.
UNCONFIRMED_KEPT = ("quote+cue", "headline", "continuation", "byline", "parenthetical",
                    "transcript", "unattributed-quote")

# ... and clause-based ones whose cue is a verb of saying ("said", "told") — see
# benchmarks/accuracy_results.json for the effect.
KEEP_SPEECH_CLAUSES = True

ADOPT_TAGGED_CUE = True

def _infinitive(text: str, c: Candidate) -> bool:
    """"continued to stay away": an infinitive after a verb of saying is not what was said."""
    return text[c.content[0][0]:c.content[0][0] + 3].lower() == "to "

def merge_tagged(rule_cands: list[Candidate], tagged: list[Candidate], text: str) -> list[Candidate]:
    """Combine rule and tagger candidates, the tagger first.

    * a tagged attribution overlapping a quotation-based rule candidate → the rule's version
      (exact quote spans, split quotes joined), with the tagger's cue/source if it had none;
    * any other tagged attribution → kept, with the rule's source if the tagger found none;
    * rule candidates no tagged attribution overlaps → kept if quotation-based.
    """
    out: list[Candidate] = []
    used_rules: set[int] = set()
    for t in tagged:
        for r in rule_cands:
            if r.object_cue and t.cue and overlap(r.cue, t.cue) and overlap(r.content, t.content):
                # an object construction: the parse knows where the object and its complement
                # end ("criticized [the ACA as a “crazy system”] during a stop …")
                t.content, t.kind = list(r.content), r.kind
    for t in tagged:
        overl = [(i, r) for i, r in enumerate(rule_cands) if overlap(r.content, t.content) > 0]
        quote_rules = [(i, r) for i, r in overl if r.method in QUOTE_METHODS and i not in used_rules]
        if not quote_rules and any(r.method in QUOTE_METHODS for _, r in overl):
            continue  # a quotation already reported (e.g. one paragraph of a longer quote)
        if quote_rules:
            # the quotation with a cue of its own first, then the largest overlap
            i, r = max(quote_rules, key=lambda ir: (ir[1].follows is None,
                                                    overlap(ir[1].content, t.content)))
            used_rules.add(i)
            # the tagger joined quotations the rules kept apart ("“A,” she told reporters at
            # City Hall. “B.”"): the continuation stays a statement of its own
            for j, other in quote_rules:
                if j != i and other.method == "continuation" and other.continues:
                    used_rules.add(j)
                    out.append(other)
            if ADOPT_TAGGED_CUE and r.cue and t.cue and overlap(r.cue, t.cue) and r.method != "headline":
                r.cue = t.cue  # "said in an interview": the tagger knows how far a cue reaches
            if not r.cue and t.cue and r.method != "headline":
                r.cue, r.source, r.source_head = t.cue, t.source or r.source, t.source_head or r.source_head
                r.continues = False
            out.append(r)
            continue
        if t.continues and t.kind != "direct":
            continue  # a cue-less tagged span is a statement only when it is a quotation;
            # the rule candidates it overlaps stay free
        cued = [(i, r) for i, r in overl if r.cue and r.method == "clause" and i not in used_rules]
        if len({tuple(r.cue[0]) for _, r in cued}) >= 2 and len(t.content) >= 2:
            # the tagger hung the clauses of two cues on one ("is telling … and says …"):
            # the rules' attributions, one per cue, are kept instead
            for i, r in cued:
                used_rules.add(i)
                out.append(r)
            continue
        for i, r in overl:
            used_rules.add(i)
            if r.method == "parenthetical" and t.cue and overlap(r.cue, t.cue):
                # "The museum, Mr. Bush said, celebrated …": the sentence around the cue
                t.content, t.kind = r.content, r.kind
            if r.method == "clause" and r.cue and r.noun_cue and not overlap(r.cue, t.cue) and \
                    _content_jaccard(r.content, t.content) >= 0.5:
                # same content, another cue: "X's statement that …" — the noun cue governs the
                # clause in the parse, the tagger's cue was only the nearest one (measured on
                # PolNeAR dev, overriding verb cues too costs 0.01 attribution F1)
                t.cue, t.source, t.source_head, t.continues = r.cue, r.source, r.source_head, False
            if not t.source and r.source:
                t.source, t.source_head = r.source, r.source_head
            if r.kind == "mixed":
                t.kind = "mixed"
                if all(a >= t.content[0][0] for a, _ in r.content):
                    t.content = r.content  # the rules narrowed "whether “…”" to the quote
        if t.continues and t.kind != "direct":
            continue  # a cue-less tagged span is a statement only when it is a quotation
        out.append(t)
    for i, r in enumerate(rule_cands):
        if i in used_rules:
            continue
        if r.method not in UNCONFIRMED_KEPT and not (KEEP_SPEECH_CLAUSES and r.method == "clause"
                                                     and r.speech_cue and not _infinitive(text, r)):
            continue
        if any(overlap(r.content, o.content) > 0 for o in out):
            continue
        out.append(r)
    # one statement per content: drop later duplicates (two taggings of one quote)
    out.sort(key=lambda c: (c.start, -len(c.content)))
    dedup: list[Candidate] = []
    for c in out:
        if any(c is d for d in dedup):
            continue
        dedup.append(c)
    return dedup
