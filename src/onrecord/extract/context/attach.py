"""Is a date or venue phrase about the saying of a statement? (the attachment rule)

A date or venue phrase belongs to a statement only if it is in the statement's sentence,
outside every statement's content, and *attached to the cue*: between the phrase and the cue
there are no verbs other than speech/publishing verbs, no clause boundaries ("that", "though",
";", quotes), and the nearest verb on the phrase's left (in its comma segment) is a speech verb
or none. So "recorded last week" dates the recording, not the saying, and a date inside the
content ("said the vote would be on Friday") never dates the statement.
"""
from __future__ import annotations

import re

from ...model import Span, Statement
from .index import Sent, TokenIndex
from .tables import tables
from .venues import BOUNDARY_WORDS, VenueExpr


def spans_of(ev) -> list[Span]:
    return list(ev.spans) if ev is not None else []


def attached(ix: TokenIndex, s: int, e: int, st: Statement, sent_i: int | None,
             content_spans: list[Span], skip: list[tuple[int, int]],
             core: list[tuple[int, int]] = ()) -> bool:
    """Is the phrase ``text[s:e]`` attached to the cue of ``st`` (whose cue is in sentence
    ``sent_i``)? ``content_spans``: every statement's content; ``skip``: other date/venue phrases
    (with their participial tails), which may stand between the phrase and the cue; ``core``:
    the same phrases without their tails (see the module doc)."""
    if st.cue is None or sent_i is None:
        return False
    sent = ix.sents[sent_i]
    if not (sent.start <= s and e <= sent.end):
        return False
    ca, cb = st.cue.start, st.cue.end
    if s < cb and ca < e:
        return True
    if any(sp.start < e and s < sp.end for sp in content_spans):
        return False
    if s >= cb and trailing_speech_participle(ix, sent, cb, s, st, content_spans):
        return True
    if e <= ca and participle_of_dated_verb(ix, s, e, st):
        return True
    if s >= cb and occasion_clause_of_cue(ix, s, e, st):
        return True
    ga, gb = (e, ca) if e <= ca else (cb, s)
    # a content span in the gap is allowed only when it is a bare noun phrase object of the cue
    # ("criticised the idea last month", "rejected the proposal as “a gimmick” on Thursday")
    inside = [sp for sp in content_spans if sp.start < gb and ga < sp.end]
    for sp in inside:
        if sp.start < ga or sp.end > gb or any(
                t.pos in ("VERB", "AUX") for t in ix.toks_in(sp.start, sp.end)):
            return False
    # the gap's own text: without the content spans it may hold and the other date/venue
    # phrases (a programme's quoted title: "On this weekend’s broadcast of “Fox News Sunday,”")
    src = spans_of(st.source)
    gap_text = "".join(ch for k, ch in enumerate(ix.text[ga:gb], ga)
                       if not any(sp.start - 1 <= k <= sp.end for sp in inside)
                       and not any(x <= k < y for x, y in skip)
                       and not any(sp.start <= k < sp.end for sp in src))
    if re.search(r"[;:“”\"‘()\[\]—–]|\s-\s", gap_text):
        return False
    sv = tables().speech_verbs
    n = 0
    for t in ix.toks_in(ga, gb):
        if any(sp.start <= t.start and t.end <= sp.end for sp in src + inside):
            continue
        if any(x <= t.start and t.end <= y for x, y in skip):
            continue
        low = t.text.lower()
        if t.pos == "PUNCT":
            continue
        if t.pos != "DET" and t.dep != "det" and (
                low in BOUNDARY_WORDS - {"as", "and", "after", "before"} or t.pos == "SCONJ"):
            return False
        if low == "and" and any(u.pos in ("VERB", "AUX") for u in ix.toks_in(t.end, gb)):
            return False
        if t.pos in ("VERB", "AUX") and low not in sv and t.dep not in ("aux", "neg", "auxpass"):
            return False
        n += 1
    if n > 8:
        return False
    # parenthetical attribution ("In April, she says, the collective will ..."): what precedes
    # the source belongs to the content around it
    if e <= ca and re.match(r"\s*,", ix.text[cb:cb + 3]) and st.content.start > cb and \
            re.search(r",\s*$", ix.text[max(sent.start, s):(src[0].start if src else ca)]):
        return False
    # nearest verb on the phrase's left inside its comma segment
    for t in reversed(ix.toks_in(sent.start, s)):
        if any(x <= t.start and t.end <= y for x, y in core):
            continue  # inside another date/venue phrase ("In a televised address on Tuesday")
        if t.text in (",", ";", ":", "—", "–", "(", "“", "”", '"'):
            break
        if any(sp.start <= t.start < sp.end for sp in content_spans):
            break
        if t.pos == "VERB" and t.text.lower() not in sv and not (ca <= t.start < cb):
            return False
        if t.pos == "VERB":
            break
    return True


def governed_by_cue(ix: TokenIndex, s: int, e: int, st: Statement,
                    phrases: list[tuple[int, int]] = ()) -> bool:
    """A phrase inside the statement's own content that the parse hangs on the cue verb: the
    adjunct of an object construction ("grilled [Wells Fargo CEO John Stumpf on Tuesday for
    …]", "blasted [Clinton as a “disgrace” Wednesday on The Laura Ingraham Show]"), or of a
    parenthetical cue ("These employees, Stumpf explained earlier in the committee hearing,
    were …"). It is the saying's, not the content's. Phrases inside quotation marks never
    are."""
    if st.cue is None or not any(sp.start <= s and e <= sp.end for sp in st.content.spans):
        return False
    text = ix.text
    before = text[st.content.start:s]
    if before.count("“") > before.count("”") or before.count('"') % 2:
        return False
    cue_toks = {t.i for t in ix.toks_in(st.cue.start, st.cue.end)}
    toks = ix.toks_in(s, e)
    inside = {t.i for t in toks}
    head = next((t for t in toks if t.head not in inside), None)
    if head is None or not cue_toks or head.dep not in (
            "prep", "npadvmod", "advmod", "tmod", "obl", "pobj"):
        return False
    # up to the cue directly, through an adverb ("explained earlier in …"), or through another
    # phrase of the saying ("Wednesday on The Laura Ingraham Show"), or, when the content is a
    # noun phrase object, through its head noun ("blasted [Clinton as a “disgrace”] Wednesday")
    t = head
    for _ in range(4):
        if t.head == t.i:
            return False
        t = ix.toks[t.head]
        if t.i in cue_toks:
            return True
        if t.pos in ("VERB", "AUX"):
            return False
        if t.dep == "pobj" and ix.toks[t.head].dep == "prep" and \
                ix.toks[ix.toks[t.head].head].i in cue_toks:
            return True  # the object's head noun, in a phrase of the cue ("as a “disgrace”")
        if not (t.dep == "advmod" or any(a <= t.start and t.end <= b for a, b in phrases)):
            return False
    return False


def core_content(text: str, st: Statement) -> list[Span]:
    """Content spans for attachment tests. A mixed statement whose span runs past its last
    closing quote into a prepositional tail (‘the proposal as “a gimmick” in a post on X on
    Thursday’) ends at the quote: the tail is the reporter's framing, not the content."""
    spans = list(st.content.spans)
    if st.kind == "mixed" and spans:
        last = spans[-1]
        seg = text[last.start:last.end]
        q = max(seg.rfind("”"), seg.rfind('"'))
        if 0 < q < len(seg) - 1 and re.match(r"\s+(?:in|on|at|during|via|to)\b", seg[q + 1:]):
            spans[-1] = Span(last.start, last.start + q + 1)
    return spans


def trailing_speech_participle(ix: TokenIndex, sent: Sent, cb: int, s: int, st: Statement,
                                content_spans: list[Span]) -> bool:
    """'X said Y, speaking at a conference in Davos on Wednesday': the phrase sits in a comma
    segment after the statement's own content that opens with a speech participle."""
    comma = ix.text.rfind(",", cb, s)
    if comma < 0 or st.content.end > comma + 1 or st.content.start < cb:
        return False
    if any(sp.start < s and comma < sp.end for sp in content_spans):
        return False
    seg = ix.toks_in(comma + 1, s)
    return bool(seg) and seg[0].tag == "VBG" and seg[0].text.lower() in tables().speech_verbs \
        and not any(t.pos in ("VERB", "AUX") for t in seg[1:]) and \
        not re.search(r"[;:“”\"]", ix.text[comma:s])


def present_cue(ix: TokenIndex, st: Statement) -> bool:
    """A present-tense cue ("she says") reports a standing view, not the dated occasion before."""
    if st.cue is None:
        return False
    ts = ix.toks_in(st.cue.start, st.cue.end)
    return bool(ts) and ts[0].tag in ("VBZ", "VBP") and ts[0].pos == "VERB"


def venue_tail(ix: TokenIndex, v: VenueExpr) -> int:
    """End of the venue phrase including a participial tail ("an interview with TF1 recorded
    during his visit last week,"): the tail describes the venue, it is not a clause of its own."""
    t = ix.tok_after(v.end)
    nxt = [t] if t is not None else []
    if nxt and nxt[0].pos == "VERB" and re.search(r"(?:ed|en|ing)$", nxt[0].text) and \
            nxt[0].dep != "ROOT":
        s = ix.sents[nxt[0].sent]
        comma = ix.text.find(",", v.end, s.end)
        if comma > 0:
            return comma
    return v.end


def participle_of_dated_verb(ix: TokenIndex, s: int, e: int, st: Statement) -> bool:
    """"Trump and Clinton vied for the title Wednesday, each touting their experience and
    saying …": a participle cue hanging (through participles coordinated with it) on the verb
    the phrase before it is attached to says what was said while doing that — on that day."""
    cue = next((t for t in ix.toks_in(st.cue.start, st.cue.end) if t.pos == "VERB"), None)
    if cue is None or cue.tag != "VBG":
        return False
    verb, t = None, cue
    for _ in range(4):
        if t.head == t.i:
            break
        up = ix.toks[t.head]
        if t.dep == "conj" and up.tag == "VBG":
            t = up
            continue
        if t.dep == "advcl" and up.pos in ("VERB", "AUX") and up.tag != "VBG":
            verb = up
        break
    if verb is None or verb.start >= s:
        return False
    toks = ix.toks_in(s, e)
    inside = {x.i for x in toks}
    head = next((x for x in toks if x.head not in inside), None)
    return head is not None and head.head == verb.i and head.dep in (
        "npadvmod", "prep", "tmod", "obl", "advmod")


def occasion_clause_of_cue(ix: TokenIndex, s: int, e: int, st: Statement) -> bool:
    """"Obama sounded a call for … on Monday as he issued a statement in observance of …": the
    object of an occasion verb (issued, released, gave …) in a clause that hangs on the cue
    (as/when/while) is where the saying was done."""
    cue = next((t for t in ix.toks_in(st.cue.start, st.cue.end) if t.pos == "VERB"), None)
    if cue is None:
        return False
    toks = ix.toks_in(s, e)
    inside = {x.i for x in toks}
    head = next((x for x in toks if x.head not in inside), None)
    if head is None or head.dep not in ("dobj", "pobj", "obj"):
        return False
    verb = ix.toks[head.head]
    if head.dep == "pobj":  # "as he spoke at a rally"
        verb = ix.toks[verb.head] if verb.head != verb.i else verb
    if verb.pos != "VERB" or verb.lower not in tables().occasion_verbs | {"spoke", "speaking"}:
        return False
    # the clause hangs on the cue, or on the reported clause ("sounded a call for X to accept
    # refugees on Monday as he issued a statement": the parse hangs it on "accept")
    hosts = {cue.i} | {t.i for sp in st.content.spans for t in ix.toks_in(sp.start, sp.end)}
    return verb.dep == "advcl" and verb.head in hosts and not (
        st.content.start <= verb.start < st.content.end and verb.head != cue.i and
        ix.text[st.content.start:verb.start].count("“") > ix.text[st.content.start:verb.start].count("”")
    ) and any(k.lower in ("as", "when", "while") and k.head == verb.i
              for k in ix.toks_in(cue.end, s))

