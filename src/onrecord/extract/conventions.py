"""Tagged attributions in the contract's conventions, and what is not a statement.

The tagger follows PolNeAR (a quote's content includes its marks, a clause its "that"; beliefs
and inferences are attributions). :func:`to_candidate` turns one tagged attribution into a
rule-style ``Candidate``: marks and complementizer stripped, the cue verb's own adjuncts
dropped from the content, a missing source read from the parse, and ``None`` for what the
product does not report (the writer's inference, a vague majority's state of mind, "continued
to …"). :func:`fold_conditionals` folds an if-clause back into the statement it conditions.
"""
from __future__ import annotations

import re

from ..lexicon import cues as cue_table
from ..nlp import Block
from .candidates import QUOTATION_METHODS, Candidate
from .linking import LinkedAttribution
from .parsetree import animate, head_token, np_tokens, subject_of, tokens_in
from .quotes import Quote
from .speech import SPEECH_TYPES, cue_type_of_token

_QUOTE_CHARS = "“”\"«»„‟″"

_CONDITION_MARKS = {"if", "unless"}

def _conditional(c: Candidate) -> bool:
    """The cue is the verb of an if-clause ("… if the Kremlin chief showed he was …"): a
    condition inside someone else's statement, not something reported as said."""
    if not c.cue or c.block is None:
        return False
    tok = head_token(c.block, c.cue[0])
    return tok is not None and tok.pos_ in ("VERB", "AUX") and any(
        ch.dep_ == "mark" and ch.lower_ in _CONDITION_MARKS for ch in tok.children)

def fold_conditionals(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Drop conditional attributions; a statement whose content stops right before one (the
    tagger cut it at the nested cue) gets its content back up to the condition's end."""
    out = []
    for c in cands:
        if not _conditional(c):
            out.append(c)
            continue
        start = c.cue[0][0]
        end = max(b for _, b in c.content)
        for o in out:
            a, b = o.content[-1]
            gap = text[b:start]
            if b <= start and len(gap) <= 60 and not re.search(r"[.;:!?\n“”\"]", gap) and \
                    end > b and o.kind != "direct":
                o.content[-1] = (a, end)
                break
    return out

def _strip_marks(text: str, a: int, b: int, whole_quote: bool) -> tuple[int, int]:
    """Contract conventions: a whole quotation loses its marks; a clause keeps the marks of the
    quotes inside it and loses only a dangling mark at either edge and a trailing comma."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    inner = text[a:b]
    opens = sum(inner.count(c) for c in "“«„") + inner.count('"') // 2
    closes = sum(inner.count(c) for c in "”»") + inner.count('"') // 2
    if whole_quote or (b > a and text[a] in _QUOTE_CHARS and opens > closes):
        while a < b and (text[a].isspace() or text[a] in _QUOTE_CHARS):
            a += 1
    if whole_quote or (b > a and text[b - 1] in _QUOTE_CHARS and closes > opens):
        while b > a and (text[b - 1].isspace() or text[b - 1] in _QUOTE_CHARS + ","):
            b -= 1
    return a, b

# Quantifiers that make a source a vague majority ("Many in Ukraine are opposed"): their states
# of mind are the writer's characterisation, not something said.
_VAGUE_SOURCES = {"many", "some", "most", "few", "others", "several", "all"}

# Verbs of duration: "continued to stay away" reports how long, not what was said (the rules
# still propose such clauses: they are a tagger feature, and PolNeAR annotates them)
ASPECTUAL = {"continue", "keep", "begin", "start", "stop", "cease", "resume"}

_INFERENCE_CUES = {"suggest", "show", "indicate", "mean", "reveal", "signal", "imply"}

def _not_a_statement(block: Block, cue_rng, src_head) -> bool:
    """Tagged attributions the product does not report as statements: the writer's inference
    from an inanimate source ("Macron's remarks suggested …"), and the state of mind of a vague
    majority ("Many … are strongly opposed to …")."""
    cue_tok = head_token(block, cue_rng) if cue_rng else None
    if cue_tok is None:
        return False
    lemma = cue_tok.lemma_.lower()
    cls = cue_table().verbs.get(lemma) if cue_tok.pos_ == "VERB" else None
    # the grammatical subject decides, not the tagger's source ("Macron's remarks suggested":
    # the tagger may take "Macron" as the source; the subject is "remarks")
    subj = subject_of(cue_tok) if cue_tok.pos_ == "VERB" else None
    if subj is not None:
        src_head = subj
    if (lemma in _INFERENCE_CUES or cls in ("stance", "belief")) and src_head is not None \
            and not animate(src_head, None):
        return True
    toks = tokens_in(block, cue_rng)
    state = any(t.pos_ == "ADJ" or t.dep_ == "acomp" or (t.tag_ == "VBN" and any(
        c.dep_ in ("auxpass", "aux") and c.lemma_ == "be" for c in t.children)) for t in toks) \
        and any(t.lemma_ == "be" for t in toks)
    vague = src_head is None or src_head.lower_ in _VAGUE_SOURCES
    return state and vague

# Dependents of the cue verb that say where/how/when it was said, never what was said
# ("In an interview with TF1 …, Macron said …": the tagger may take the phrase as content).
_ADJUNCT_DEPS = {"prep", "advcl", "advmod", "npadvmod", "agent", "dative"}

def _drop_cue_adjuncts(block: Block, cue_rng, content: list[tuple[int, int]],
                       quotes: list[Quote]) -> list[tuple[int, int]]:
    """Remove the pieces of a discontinuous content that are the cue verb's own adjuncts."""
    cue_tok = head_token(block, cue_rng)
    if cue_tok is None or cue_tok.pos_ not in ("VERB", "AUX"):
        return content
    quoted = [s for q in quotes for s in q.outer]
    keep = []
    for a, b in content:
        if any(qa <= a + 1 and b - 1 <= qb for qa, qb in quoted):
            keep.append((a, b))
            continue
        head = head_token(block, (a, b))
        if head is not None and head.head.i == cue_tok.i and head.i != cue_tok.i \
                and head.dep_ in _ADJUNCT_DEPS:
            continue
        # a fronted phrase before the cue ("In an interview …, X said …") while the content
        # goes on after it: the parser may not attach the phrase to the cue, the word order tells
        toks = [t for t in tokens_in(block, (a, b)) if not t.is_punct]
        if toks and toks[0].pos_ == "ADP" and b <= block.offset + cue_tok.idx and \
                any(x >= block.offset + cue_tok.idx for x, _ in content):
            continue
        keep.append((a, b))
    return keep

def to_candidate(text: str, block: Block, att: LinkedAttribution, quotes: list[Quote]) -> Candidate | None:
    """A tagged attribution in the contract's conventions (marks, "that" stripped)."""
    content = []
    kind = "indirect"
    n_quoted = 0
    for a, b in att.content:
        inner = [q for q in quotes for s in q.spans if a <= s[0] and s[1] <= b + 1]
        whole = [q for q in quotes for s in q.outer if s[0] <= a + 1 and b - 1 <= s[1] and
                 (b - a) >= 0.8 * (s[1] - s[0])]
        if whole:
            n_quoted += 1
        elif inner:
            kind = "mixed"
        a2, b2 = _strip_marks(text, a, b, bool(whole))
        low = text[a2:a2 + 5].lower()
        if low.startswith("that ") and not whole:
            a2 += 5
            a2, b2 = _strip_marks(text, a2, b2, False)
        if b2 > a2:
            content.append((a2, b2))
    if len(content) > 1 and att.cue:
        content = _drop_cue_adjuncts(block, att.cue[0], content, quotes) or content
    if not content:
        return None
    if n_quoted == len(att.content):
        kind = "direct"
    src = att.source[0] if att.source else None
    head = head_token(block, src) if src else None
    if src is None and att.cue:
        # the tagger found the cue but not its source: take the cue verb's subject
        cue_tok = head_token(block, att.cue[0])
        subj = subject_of(cue_tok) if cue_tok is not None and cue_tok.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.lower_ not in ("that", "which", "who"):
            toks = np_tokens(subj)
            if toks:
                rng = (block.offset + toks[0].idx, block.offset + toks[-1].idx + len(toks[-1].text))
                if not any(a < rng[1] and rng[0] < b for a, b in att.content):
                    src, head = rng, subj
    cue = [c for c in att.cue]
    if _not_a_statement(block, cue[0] if cue else None, head):
        return None
    if cue and text[content[0][0]:content[0][0] + 3].lower() == "to ":
        cue_tok = head_token(block, cue[0])
        if cue_tok is not None and cue_tok.lemma_.lower() in ASPECTUAL:
            return None  # "continued to stay away": how long something went on, not speech
    if src and head is not None:
        # the mention without a possessive ending ("Macron’s statement" → "Macron")
        end = src[1]
        while text[src[0]:end].endswith(("’s", "'s", "’", "'")):
            end -= 2 if text[src[0]:end].endswith(("’s", "'s")) else 1
        src = (src[0], end)
    return Candidate(kind, content, cue, src, head, block, method="tagger",
                     confidence=round(0.5 + 0.5 * att.score, 3), continues=not cue)


def cut_at_second_cue(c: Candidate) -> Candidate:
    """One statement per cue (ANNOTATION.md): a content running over a second verb of saying
    with the same subject ("said he would order a review and warned against hackers") ends
    before it; the second cue's statement is the rules' to give. Also ends a content before a
    dash that opens another attribution ("… election -- meddling the congressman said is …")."""
    if not c.cue or c.block is None or len(c.content) != 1 or c.method in QUOTATION_METHODS:
        return c
    cue_tok = head_token(c.block, c.cue[0])
    if cue_tok is None or cue_tok.pos_ != "VERB":
        return c
    a, b = c.content[0]
    off = c.block.offset
    doc = c.block.doc
    stop = None
    for t in tokens_in(c.block, (a, b)):
        if t.dep_ == "conj" and t.tag_ in ("VBD", "VBZ") and t.head.tag_ != t.tag_ and \
                cue_type_of_token(t) in SPEECH_TYPES and \
                not any(x.dep_ in ("nsubj", "nsubjpass") for x in t.children):
            cc = [x for x in t.head.children if x.dep_ == "cc" and x.i < t.i]
            stop = off + (cc[-1].idx if cc else t.idx)
            break
        if t.tag_ == "VBG" and t.dep_ == "advcl" and off + t.idx > a and \
                t.head.i != t.i and t.head.i < t.i and t.head.pos_ in ("VERB", "AUX") and \
                off + t.head.idx >= a and \
                not _after_quote_open(doc, t) and _comma_before(doc, t) is not None:
            # "…, implicitly putting his name on the line": the writer's gloss on the saying
            stop = off + _comma_before(doc, t).idx
            break
        if t.text in ("--", "—", "–") and any(
                x.pos_ == "VERB" and cue_type_of_token(x) in SPEECH_TYPES and x.idx + off > off + t.idx
                and any(y.dep_ in ("nsubj",) for y in x.children)
                for x in tokens_in(c.block, (off + t.idx, b))):
            stop = off + t.idx
            break
    if stop is not None:
        end = stop
        while end > a and c.block.doc.text[end - off - 1] in " ,;":
            end -= 1
        if end - a > 10:
            c.content = [(a, end)]
    return c


def _comma_before(doc, t):
    """The comma right before ``t`` (an adverb may stand between), or None."""
    k = t.i - 1
    while k >= 0 and doc[k].pos_ == "ADV":
        k -= 1
    return doc[k] if k >= 0 and doc[k].text == "," else None


def _after_quote_open(doc, t) -> bool:
    """``t`` stands inside a quotation opened earlier in its paragraph (an odd mark count)."""
    before = doc.text[:t.idx]
    return (before.count("“") - before.count("”")) % 2 == 1 or before.count('"') % 2 == 1
