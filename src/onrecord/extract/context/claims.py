"""Claim types: assertion, demand, condition, denial, criticism, proposal, prediction, question.

The rules are ``data/context/claim_types.tsv``, tried in order (first match wins, none means
assertion). A rule looks at the cue (with the words joining it to the content and the reaction
cues attached to it), at the content's words, or at the content's grammar (``syntax`` rules,
over the parse of the content):

* ``imperative`` — the content is an order ("Do not wait", "told jurors to ignore …");
* ``if-clause`` — the main clause holds an if/unless clause ("If any bank can't be managed
  effectively, it should be broken up");
* ``obligation`` — must/should/need to/have to in the main clause, not said of the speaker
  alone ("You should resign"), not buried in a subordinate clause ("the belief that every
  child should have the chance" asserts);
* ``own-future`` — the speaker's own future (will/would/going to said of "I", "we", or of the
  speaker in reported speech: "said he would order a review"): a promise, a proposal;
* ``future`` — anyone else's future, or may/might/could in the main clause: a prediction.
"""
from __future__ import annotations

import re

from ...model import Statement
from .index import Tok, TokenIndex
from .tables import tables

_OBLIGATION = {"must", "should", "ought", "need", "needs", "have", "has", "got"}
_FUTURE = {"will", "'ll", "’ll", "wo", "shall"}
_REPORTED_FUTURE = {"would", "'d", "’d"}
_POSSIBLE = {"might", "could"}  # "may" is mostly concession ("My name may not be on the ballot")
_ABLE = {"can", "could"}
# verbs of belief whose clause carries the claim ("she thinks the video should be released",
# "I don't think it's going anywhere")
_BELIEF = {"think", "thinks", "thought", "believe", "believes", "believed", "doubt", "doubted",
           "doubts", "expect", "expects", "expected", "feel", "feels", "felt", "hope", "hopes"}
_SELF_DIRECT = {"i", "we"}
_SELF_REPORTED = {"he", "she", "they", "it", "we"}


def claim_type(text: str, st: Statement, ix: TokenIndex | None = None,
               reaction: str = "") -> str | None:
    """The type of the first matching rule of claim_types.tsv, else "assertion"."""
    if not st.content or not st.content.spans:
        return None
    content = st.content.text
    end = content.rstrip("”’\"' ").rstrip()
    cue = ""
    if st.cue is not None:
        # the cue plus the words joining it to the content ("pondering whether")
        a, b = st.cue.start, st.cue.end
        cue = text[a:min(st.content.start, b + 40)] if b <= st.content.start else text[a:b]
    cue = (reaction + " " + cue).strip()  # reaction cues attached to the cue ("dismissed …, telling")
    # content outside quotation marks (what the reporter paraphrased)
    reported = re.sub(r"[“\"][^”\"]*[”\"]", " ", content) if st.kind != "direct" else ""
    grammar = _Grammar(st, ix) if ix is not None else None
    for ctype, where, rx in tables().claims:
        if where == "syntax":
            if grammar is not None and grammar.test(rx.pattern):
                return ctype
        elif where == "content_end":
            if _ends_asking(end):
                return ctype
        elif where == "cue":
            if cue and rx.search(cue):
                return ctype
        elif where == "content_reported":
            if reported and rx.search(reported):
                return ctype
        elif rx.search(content):
            return ctype
    return "assertion"


def _ends_asking(end: str) -> bool:
    """The content ends on a question (its last sentence, past a trailing outburst after a
    question mark: "Did you shoot him? He better not be dead")."""
    return end.endswith("?") or bool(re.search(r"\?\s+[^.?!]{0,40}[^.?!\s]$", end))


class _Grammar:
    """The main clauses of a statement's content, from the parse."""

    def __init__(self, st: Statement, ix: TokenIndex) -> None:
        self.st, self.ix = st, ix
        self.toks = [t for sp in st.content.spans for t in ix.toks_in(sp.start, sp.end)]
        inside = {t.i for t in self.toks}
        # the content's top verbs: heads outside the content (or roots), and their conjuncts
        tops = [t for t in self.toks if (t.head not in inside or t.head == t.i) and
                t.pos in ("VERB", "AUX")]
        for t in list(tops):
            tops += [k for k in self.toks if k.dep == "conj" and k.head == t.i and
                     k.pos in ("VERB", "AUX")]
        for t in list(tops):
            if t.lemma.lower() in _BELIEF or t.lower in _BELIEF:
                tops += [k for k in self.toks if k.dep == "ccomp" and k.head == t.i]
        self.main = tops
        self.inside = inside

    def kids(self, t: Tok) -> list[Tok]:
        return [k for k in self.toks if k.head == t.i and k.i != t.i]

    def subject(self, t: Tok) -> Tok | None:
        for _ in range(2):
            s = next((k for k in self.kids(t) if k.dep in ("nsubj", "nsubjpass", "expl")), None)
            if s is not None:
                return s
            if t.dep == "conj" and t.head in self.inside:
                t = self.ix.toks[t.head]
        return None

    def modals(self, t: Tok) -> list[str]:
        """The auxiliaries of a main verb, and "need to"/"have to"/"going to" verbs."""
        out = [k.lower for k in self.kids(t) if k.dep in ("aux", "auxpass")]
        if t.lower in ("need", "needs", "have", "has") and any(
                k.dep == "xcomp" for k in self.kids(t)):
            out.append("need")
        if t.lower == "going" and any(k.dep == "xcomp" for k in self.kids(t)):
            out.append("will")
        return out

    def self_subject(self, t: Tok) -> bool:
        s = self.subject(t)
        if s is None:
            return False
        if self.st.kind == "direct":
            return s.lower in _SELF_DIRECT
        return s.lower in _SELF_REPORTED or s.lower in _SELF_DIRECT

    def test(self, name: str) -> bool:
        return getattr(self, "_" + name.replace("-", "_"))()

    def _imperative(self) -> bool:
        st = self.st
        c = st.content.text.lstrip("“\"‘' ")
        if st.kind != "direct" and re.match(r"to\s+[a-z]+", c):
            ts = self.toks
            return len(ts) > 1 and ts[0].text == "to" and ts[1].tag == "VB"
        if re.match(r"(?:Do not|Don[’']t|Never|Please|Stop|Let us|Let's|Let)\b", c):
            return True
        ts = [t for t in self.toks if t.pos != "PUNCT"]
        return bool(ts) and ts[0].tag == "VB" and ts[0].dep == "ROOT" and ts[0].text[0].isupper()

    def _if_clause(self) -> bool:
        for v in self.main:
            for k in self.kids(v):
                if k.dep == "advcl" and any(m.lower in ("if", "unless") and m.dep == "mark"
                                            for m in self.kids(k)):
                    return True
        return bool(re.match(r"[“\"‘']?(?:If|Unless)\b", self.st.content.text))

    def _obligation(self) -> bool:
        for v in self.main:
            mods = self.modals(v)
            if not any(m in _OBLIGATION for m in mods):
                continue
            if "have" in mods or "has" in mods or "got" in mods:
                # "have to"/"has got to" only; "have" alone is the perfect
                if not (v.tag == "VB" or any(m in ("need", "must", "should") for m in mods)):
                    continue
            s = self.subject(v)
            if s is not None and s.lower == "i":
                continue  # "I must tell you …"
            return True
        return False

    def _own_future(self) -> bool:
        for v in self.main:
            mods = set(self.modals(v))
            future = mods & _FUTURE or mods & _ABLE or (
                self.st.kind != "direct" and mods & _REPORTED_FUTURE)
            if future and self.self_subject(v) and not any(
                    k.dep == "neg" for k in self.kids(v)):
                return True
        return False

    def _future(self) -> bool:
        for v in self.main:
            mods = set(self.modals(v))
            s = self.subject(v)
            if s is None or (s.lower in _SELF_DIRECT and self.st.kind == "direct"):
                continue  # "I am not going to …", "Not going to go into that": intention
            if mods & _FUTURE or mods & _POSSIBLE or (
                    self.st.kind != "direct" and mods & _REPORTED_FUTURE):
                return True
        return False
