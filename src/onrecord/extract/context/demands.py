"""Demand lists attached to their holder ("its main three security demands. These include A,
B and C"), computed once per article over the shared token index."""
from __future__ import annotations

import re

from ...model import Statement
from .index import Sent, TokenIndex

_DEMAND_HEAD = re.compile(
    r"(?<![\w])(?P<poss>its|their|his|her|the|(?:[A-Z][\w-]+(?:’s|'s)))\s+(?:(?:main|key|core|three|two|four|five|six|seven|\d+|security|central|principal|basic|list of|set of|own)\s+){0,4}(?P<noun>demands|conditions|requirements|preconditions)\b")
_LIST_LEAD = re.compile(r"\s*(?:[.:]\s*|\s*,?\s*(?:which|that)\s+)?(?:These|They|Those|Which|which|that|these|they)\s+(?:include|included|are|were|being)\s*:?\s*|\s*:\s*|\s*,\s*(?:including|namely|such as)\s+")


def _split_items(text: str, a: int, b: int) -> list[dict]:
    seg = text[a:b]
    items, pos = [], 0
    for m in re.finditer(r",\s*(?:and|or)\s+|;\s*(?:and\s+)?|,\s+|\s+and\s+(?=(?:no|a|an|the)\b)", seg):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, len(seg)))
    out = []
    for s, e in items:
        while s < e and seg[s].isspace():
            s += 1
        while e > s and seg[e - 1] in " .;":
            e -= 1
        if e > s:
            out.append({"text": text[a + s:a + e], "spans": [[a + s, a + e]]})
    return out


def find_demands(statements: list[Statement], ix: TokenIndex) -> list[dict]:
    """Demand lists: ``{"holder", "stated_by" (statement id), "speaker", "text", "spans",
    "items": [{"text", "spans"}]}`` for phrases like "its main three security demands. These
    include A, B and C." The holder is the possessor (its/their resolve to the subject of the
    clause), ``stated_by`` the statement whose content or sentence holds the phrase."""
    text = ix.text
    out = []
    for m in _DEMAND_HEAD.finditer(text):
        s_i = ix.sent_at(m.start())
        if s_i is None:
            continue
        sent = ix.sents[s_i]
        rest_start = m.end()
        # list: after the phrase (same sentence ", including …" / ": …") or in the next sentence
        lead = None
        tail_after = text[rest_start:sent.end + 60]
        lm = _LIST_LEAD.match(tail_after)
        if lm and (lm.group(0).strip() or tail_after.startswith(":")):
            lead = rest_start + lm.end()
        if lead is None:
            continue
        ls = ix.sent_at(lead)
        if ls is None:
            continue
        lend = ix.sents[ls].end
        items = _split_items(text, lead, lend)
        if len(items) < 2:
            continue
        holder = _holder(ix, m, sent)
        stated = None
        for st in statements:
            if any(sp.start <= m.start() < sp.end for sp in st.content.spans):
                stated = st
        if stated is None:
            for st in statements:
                anchor = st.cue.start if st.cue else st.content.start
                if ix.sent_at(anchor) == s_i:
                    stated = st
                    break
        if holder is None and stated is not None and stated.speaker is not None:
            holder = stated.speaker.affiliation or stated.speaker.name
        out.append({"holder": holder, "stated_by": stated.id if stated else None,
                    "speaker": stated.speaker.name if stated and stated.speaker else None,
                    "text": text[m.start():m.end()], "spans": [[m.start(), m.end()]],
                    "items": items})
    return out


def _holder(ix: TokenIndex, m: re.Match, sent: Sent) -> str | None:
    poss = m.group("poss")
    if poss[0].isupper() and poss.lower() not in ("its", "their", "his", "her", "the"):
        return re.sub(r"(?:’s|'s)$", "", poss)
    if poss.lower() == "the":
        return None
    tok = next((ix.toks[i] for i in sent.toks if ix.toks[i].start == m.start()), None)
    seen = 0
    while tok is not None and seen < 12:
        seen += 1
        subj = [ix.toks[i] for i in sent.toks
                if ix.toks[i].head == tok.i and ix.toks[i].dep in ("nsubj", "nsubjpass")
                and ix.toks[i].i != tok.i]
        if subj and subj[0].pos == "PROPN":
            # the whole proper-noun run
            t = subj[0]
            words = [ix.toks[i].text for i in sent.toks
                     if ix.toks[i].head == t.i and ix.toks[i].dep == "compound"] + [t.text]
            return " ".join(words)
        if tok.head == tok.i:
            break
        tok = ix.toks[tok.head]
    return None


