"""Replies: which statement a statement answers (``responds_to``) and with which ``stance``.

A response needs a reaction cue attached to the statement's cue (blasted, reacting, welcomed…)
or content naming another statement ("the Russian demands were non-starters"). Its target is
the named speaker's statement, else the target of an earlier reaction by someone else (a
controversy), else the head of the preceding speaker's run; a run continues its response.
"""
from __future__ import annotations

import re

from .attach import attached, present_cue, spans_of
from .core import Info
from .index import TokenIndex
from .names import name_keys, name_rx, same_name, surname_rx, tokens
from .tables import tables


def runs(infos: list[Info]) -> dict[int, int]:
    """Previous statement by the same speaker with no other speaker in between."""
    prev_same: dict[int, int] = {}
    last: tuple[str | None, int] | None = None
    for inf in infos:
        if inf.headline:
            continue
        key = inf.key
        if last is not None and key is not None and last[0] == key:
            prev_same[inf.idx] = last[1]
        elif last is not None and key is not None and inf.sent is not None and \
                infos[last[1]].sent == inf.sent:
            pass  # same sentence, another speaker: keep the run of the first
        last = (key, inf.idx)
    return prev_same

_STMT_NOUNS = r"(?:remarks?|decisions?|orders?|account|announcement|promises?|pledges?|vows?|comments?|statements?|words|idea|suggestion|proposals?|plan|call|claims?|demands?|offer|criticism|position|stance|view|assertion|argument|appeal|warning|threat|ultimatum|speech|interview|tweet|post|accusations?|allegations?|message)"


def reaction(ix: TokenIndex, inf: Info, content_spans, skip, core=()) -> tuple[str, bool, str] | None:
    """(polarity, aimed) of the reaction cues attached to the statement's cue: ``aimed`` when
    one is inherently responsive ("reacting", "in response to") or takes a statement noun as
    object ("blasted the idea", "welcomed the proposal")."""
    st = inf.stmt
    if st.cue is None or inf.sent is None:
        return None
    sent = ix.sents[inf.sent]
    pol, aimed, words = None, False, []
    for rx, p, role in tables().stance:
        if role == "content":
            continue
        for m in rx.finditer(ix.text, sent.start, sent.end):
            s, e = m.start(), m.end()
            if not attached(ix, s, e, inf.stmt, inf.sent, content_spans, skip, core):
                continue
            words.append(m.group(0))
            if pol is None or (pol == "neutral" and p != "neutral"):
                pol = p
            after = ix.text[e:e + 50]
            if role == "respond" or re.match(
                    r"\s+(?:(?:the|his|her|their|its|this|that|these|those|such|any)\s+)?(?:[\w’'-]+\s+){0,2}?"
                    + _STMT_NOUNS + r"\b", after, re.I):
                aimed = True
    return (pol, aimed, " ".join(words)) if pol else None


def lead_in_reaction(ix: TokenIndex, inf: Info, content_spans) -> tuple[str, bool, str] | None:
    """'Okafor shrugs off the criticism. "Peter has never …," she told me.' A narrative sentence
    right before, in the same paragraph, holding no statement, whose subject is the speaker and
    whose reaction cue is aimed at something said, frames the statement that follows."""
    st = inf.stmt
    if inf.sent is None or inf.sent == 0 or st.speaker is None:
        return None
    prev = ix.sents[inf.sent - 1]
    if ix.block_at(prev.start) != inf.block or \
            any(sp.start < prev.end and prev.start < sp.end for sp in content_spans):
        return None
    ptext = ix.text[prev.start:prev.end]
    surname = tokens(st.speaker.name)[-1:] or [""]
    if not surname_rx(surname[0]).match(ptext):
        return None
    for rx, p, role in tables().stance:
        if role == "content":
            continue
        m = rx.search(ptext)
        if m and re.match(r"\s+(?:(?:the|his|her|their|its|this|that|these|those|such|any)\s+)?"
                          r"(?:[\w’'-]+\s+){0,2}?" + _STMT_NOUNS + r"\b", ptext[m.end():], re.I):
            return (p, True, m.group(0))
    return None


def _content_polarity(st: Statement) -> str | None:
    found = set()
    for rx, pol, role in tables().stance:
        if role == "content" and rx.search(st.content.text):
            found.add(pol)
    if len(found) == 1:
        return found.pop()
    return None



_PROPOSAL_NOUNS = r"(?:idea|suggestion|proposals?|plan|call|offer|demands?|order)"


def _pick(infos: list[Info], cands: list[int], noun: str | None, types: dict[str, str]) -> int:
    """Among one speaker's earlier statements (a run, oldest first), the one a reaction answers:
    a proposal/demand when the reaction names an idea/plan/proposal, else the run's head."""
    if noun and re.fullmatch(_PROPOSAL_NOUNS, noun, re.I):
        for k in cands:
            if types.get(infos[k].stmt.id) in ("proposal", "demand"):
                return k
    return cands[0]


def responses(text: str, ix: TokenIndex, infos: list[Info], prev_same: dict[int, int],
               demands: list[dict], types: dict[str, str]) -> None:
    controversy: list[tuple[str, str | None]] = []  # (target id, responder key)
    by_id = {inf.stmt.id: inf for inf in infos}

    def run_of(k: int) -> list[int]:
        run = [k]
        while run[0] in prev_same:
            run.insert(0, prev_same[run[0]])
        return [i for i in run if not infos[i].headline] or run

    latest: dict[str, int] = {}  # speaker key -> index of their latest statement so far
    ptr = 0
    for inf in infos:
        while ptr < inf.idx:
            if not infos[ptr].headline and infos[ptr].key:
                latest[infos[ptr].key] = ptr
            ptr += 1
        if inf.headline or inf.sent is None:
            continue
        st = inf.stmt
        me = inf.key
        sent = ix.sents[inf.sent]
        stext = text[sent.start:sent.end]
        src = spans_of(st.source)
        target = None
        noun = None
        # explicit: demands named in the content ("the Russian demands were non-starters")
        if re.search(r"\bdemands?\b", st.content.text, re.I):
            for d in demands:
                hk = d["holder"].lower()[:5] if d.get("holder") else "the"
                if d.get("stated_by") in by_id and by_id[d["stated_by"]].idx < inf.idx and \
                        by_id[d["stated_by"]].key != me and re.search(
                            r"\b(?:the|these|those|such|" + re.escape(hk) + r"\w*)\s+(?:\w+\s+)?demands?\b",
                            st.content.text, re.I):
                    target = d["stated_by"]
        # explicit: another speaker named with a statement noun ("Holt's account", "the
        # mayor's evacuation order") or as the object of a reaction ("responding to Biden")
        if target is None:
            # each earlier speaker once, most recent first
            for okey in sorted(latest, key=latest.get, reverse=True):
                other = infos[latest[okey]]
                ok = other.key
                if ok == me or other.stmt.speaker is None:
                    continue
                for key in name_keys(other.stmt.speaker):
                    for m in name_rx(key).finditer(stext):
                        pos = sent.start + m.start()
                        if any(sp.start <= pos < sp.end for sp in src):
                            continue
                        nm = re.match(r"(?:’s|'s)\s+(?:[\w-]+\s+){0,2}?(" + _STMT_NOUNS + r")\b",
                                      stext[m.start() + len(key):m.start() + len(key) + 60], re.I)
                        if nm or (inf.reaction and re.search(
                                r"(?:to|at|with|on)\s+$", stext[:m.start()])):
                            noun = nm.group(1) if nm else None
                            target = infos[_pick(infos, run_of(other.idx), noun, types)].stmt.id
                            break
                    if target:
                        break
                if target:
                    break
        pol = None
        if inf.reaction is not None:
            pol = inf.reaction[0]
            if target is None and inf.reaction[1]:
                # aimed at something said but not naming whom: the controversy so far, else
                # the preceding speaker's run
                for tid, rk in reversed(controversy):
                    if rk != me and by_id[tid].key != me:
                        target = tid
                        break
                if target is None:
                    for other in reversed(infos[:inf.idx]):
                        if other.headline or other.key in (None, me):
                            continue
                        nm = re.search(_PROPOSAL_NOUNS, stext, re.I)
                        target = infos[_pick(infos, run_of(other.idx),
                                             nm.group(0) if nm else None, types)].stmt.id
                        break
        if target is not None:
            if pol in (None, "neutral"):
                pol = _content_polarity(st) or pol or "neutral"
            inf.responds_to, inf.stance = target, pol
            controversy.append((target, me))
            continue
        j = prev_same.get(inf.idx)
        if j is None and inf.idx > 0 and st.speaker is not None and st.speaker.affiliation:
            # a spokesman continuing the reaction of the body he speaks for
            p = infos[inf.idx - 1]
            if p.stmt.speaker is not None and not p.headline and \
                    same_name(p.stmt.speaker.name, st.speaker.affiliation):
                j = p.idx
        if j is None and inf.reaction is None and me is not None:
            # a speaker who answered a statement earlier, returning to the same proposal
            # ("his party would fight the change")
            earlier = next((c for c in reversed(controversy) if c[1] == me), None)
            if earlier and re.search(r"\b(?:the|this|that|these|those)\s+(?:\w+\s+)?(?:change|reform|"
                                     + _PROPOSAL_NOUNS + r")\b", st.content.text, re.I):
                prior = next(x for x in reversed(infos[:inf.idx])
                             if x.key == me and x.responds_to == earlier[0])
                inf.responds_to = earlier[0]
                inf.stance = _content_polarity(st) or prior.stance
                continue
        if j is not None and infos[j].responds_to and inf.reaction is None and \
                not (present_cue(ix, st) and not present_cue(ix, infos[j].stmt)):
            # (a switch to the present tense - "she says" - leaves the exchange, as for dates)
            inf.responds_to, inf.stance = infos[j].responds_to, infos[j].stance
            # a contrastive turn ("She warned, however, ...") does not carry the stance
            cue_region = text[sent.start:st.content.start] if st.content.start > sent.start else ""
            if re.search(r"\b(?:however|but|though|although|nevertheless|still)\b", cue_region, re.I):
                inf.stance = _content_polarity(st) or "neutral"


