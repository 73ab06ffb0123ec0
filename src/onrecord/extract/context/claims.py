"""Claim types: assertion, demand, condition, denial, criticism, proposal, prediction, question
(``data/context/claim_types.tsv``, first matching rule wins), over the cue, the content and the
parse of the content."""
from __future__ import annotations

import re

from ...model import Statement
from .index import TokenIndex
from .tables import tables

def claim_type(text: str, st: Statement, ix: TokenIndex | None = None,
               reaction: str = "") -> str | None:
    """The first matching rule of claim_types.tsv; imperatives and reported instructions
    ("told jurors to ignore ...") are demands (checked right before the demand cue rule)."""
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
    done_imperative = False
    for ctype, where, rx in tables().claims:
        if ctype == "demand" and not done_imperative:
            done_imperative = True
            if _imperative(st, ix):
                return "demand"
        if where == "content_end":
            if end.endswith("?"):
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


def _imperative(st: Statement, ix: TokenIndex | None) -> bool:
    c = st.content.text.lstrip("“\"‘' ")
    if st.kind != "direct" and re.match(r"to\s+[a-z]+", c) and ix is not None:
        ts = ix.toks_in(st.content.start, st.content.end)
        return len(ts) > 1 and ts[0].text == "to" and ts[1].tag == "VB"
    if re.match(r"(?:Do not|Don[’']t|Never|Please|Stop|Let us|Let's)\b", c):
        return True
    if ix is not None:
        ts = [t for t in ix.toks_in(st.content.start, st.content.end) if t.pos != "PUNCT"]
        return bool(ts) and ts[0].tag == "VB" and ts[0].dep == "ROOT" and ts[0].text[0].isupper()
    return False


