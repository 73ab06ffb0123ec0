"""Venue expressions: where a statement was made, typed (``tv_interview`` … ``rally``,
``debate``, ``other``) with its outlet and place when the text names them.

Triggers are data (``data/context/venues.tsv``: occasion nouns; ``media.tsv``: outlets,
platforms, programmes and medium words); a trigger grows to the phrase around it along the
parse (determiners, adjectives, compounds, "with …"/"in …" tails), stopping at a date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import starts_date, MONTH, WEEKDAY
from .index import Sent, TokenIndex
from .tables import tables

PREPS = {"in", "at", "during", "on", "via", "through", "from", "to", "before", "with"}
BOUNDARY_WORDS = {"that", "though", "although", "but", "while", "whereas", "because",
                   "when", "who", "which", "whether", "if", "after", "before", "as", "since",
                   "and", "or", "whom", "where"}


@dataclass
class VenueExpr:
    start: int
    end: int
    text: str
    type: str
    outlet: str | None = None
    place: str | None = None


def media_kind(s: str) -> tuple[str | None, str | None]:
    """(outlet, kind) of the first named outlet/platform in s, and generic medium words."""
    best = None
    for rx, kind in tables().media:
        if kind.endswith("word"):
            continue
        m = rx.search(s)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(0), kind)
    # an explicit medium word beats the outlet's usual kind ("BBC Radio London", "Bloomberg TV")
    if re.search(r"(?i)\bradio\b", s):
        return (best[1] if best else None), "radio" if best else "radioword"
    if re.search(r"\b(?:TV|[Tt]elevision)\b", s):
        return (best[1] if best else None), "tv" if best else "tvword"
    if best:
        return best[1], best[2]
    for rx, kind in tables().media:
        if kind.endswith("word") and rx.search(s):
            return None, kind
    return None, None


def find_venues(ix: TokenIndex, sent: Sent) -> list[VenueExpr]:
    text = ix.text
    a, b = sent.start, sent.end
    seg = text[a:b]
    out: list[VenueExpr] = []
    toks = [ix.toks[i] for i in sent.toks]

    def tok_at(pos):
        for t in toks:
            if t.start <= pos < t.end:
                return t
        return None

    def extend(s: int, e: int) -> tuple[int, int]:
        # left: determiners/adjectives/compounds and one preposition
        ti = tok_at(s)
        if ti is None:
            return s, e
        k = toks.index(ti)
        while k > 0 and (toks[k - 1].pos in ("DET", "ADJ", "PRON", "NUM") or (
                toks[k - 1].pos in ("NOUN", "PROPN") and toks[k - 1].dep in ("compound", "amod",
                                                                              "nmod"))) and \
                toks[k - 1].text.lower() not in BOUNDARY_WORDS:
            k -= 1
        if k > 0 and toks[k - 1].text.lower() in PREPS:
            k -= 1
        s = toks[k].start
        # right: prepositional phrases made of nominal material
        tj = tok_at(e - 1)
        j = toks.index(tj)
        while j + 1 < len(toks):
            nt = toks[j + 1]
            low = nt.text.lower()
            if nt.pos in ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PART") or \
                    (nt.pos == "ADP" and low in {"with", "in", "to", "for", "on", "at", "of"}) or \
                    nt.text in ("'s", "’s", "-"):
                if nt.pos == "ADP" and low == "on":
                    # "on Sunday" is a date, "on Twitter" a platform
                    if j + 2 < len(toks) and re.match(WEEKDAY + "|" + MONTH, toks[j + 2].text):
                        break
                if starts_date(text, nt.start):
                    break
                j += 1
            else:
                break
        while j > k and toks[j].pos in ("ADP", "DET", "PART"):
            j -= 1
        return s, toks[j].end

    def add(s, e, vtype, outlet=None, place=None):
        for o in list(out):
            if o.start < e and s < o.end:
                if o.outlet is None and outlet and o.type in ("other", vtype):
                    out.remove(o)
                    continue
                return
        out.append(VenueExpr(s, e, text[s:e], vtype, outlet, place))

    # 1. social platforms: "on Twitter", "wrote on Facebook", "in a post on X"
    for rx, kind in tables().media:
        if kind != "social":
            continue
        for m in rx.finditer(seg):
            s = a + m.start()
            before = text[max(a, s - 20):s].lower()
            pm = re.search(r"\b(?:on|via|to|in)\s+(?:(?:his|her|their|its|the|an?) )?(?:official )?$",
                           before, re.I)
            if pm:
                e = a + m.end()
                tm = re.match(r"\s+(?:post|video|message|page|account|channel|thread|live ?stream)s?\b",
                              text[e:e + 20])
                add(s - (len(before) - pm.start()), e + (tm.end() if tm else 0), "social_media",
                    m.group(0))
    for m in re.finditer(r"(?<![\w])(?:posted|wrote|said|tweeted)\s+on\s+X(?![\w])", seg):
        add(a + m.end() - 4, a + m.end(), "social_media", "X")
    for m in re.finditer(r"(?<![\w])tweet(?:ed|s|ing)?(?![\w])", seg, re.I):
        add(a + m.start(), a + m.end(), "social_media", "Twitter")
    # 2. trigger nouns
    for rx, vtype, needs in tables().venues:
        for m in rx.finditer(seg):
            s, e = a + m.start(), a + m.end()
            before = text[max(a, s - 40):s].lower()
            if needs == "prep" and not re.search(
                    r"\b(?:in|at|during|on|via|through|to|before|from)\s+(?:(?:an?|the|his|her|their|its|a joint|a short|a brief|a written|a televised|a video|an online|an official)\s+)*$",
                    before):
                continue
            if needs == "told" and not re.search(
                    r"\b(?:told|telling|tells|tell|address(?:ed|ing)?|testif(?:ied|ying|y) (?:before|to|in))\s+(?:the\s+)?$",
                    before):
                continue
            s2, e2 = extend(s, e)
            phrase = text[s2:e2]
            outlet, place = None, None
            if vtype == "interview":
                mm = re.search(r"\b(?:with|to|for|on)\s+(.+)$", phrase)
                tail = mm.group(1) if mm else ""
                outlet, kind = media_kind(phrase)
                if outlet is None and tail:
                    names = re.findall(r"(?:[A-Z][\w’'&.-]*\d*\s?)+", tail)
                    names = [n.strip() for n in names if n.strip()]
                    outlet = names[-1] if names else None
                vtype = {"tv": "tv_interview", "tvword": "tv_interview",
                         "radio": "radio_interview", "radioword": "radio_interview",
                         "print": "print_interview", "printword": "print_interview"
                         }.get(kind or "", "other")
                if kind == "radioword" and re.search(r"\b(?:TV|television)\b", phrase):
                    vtype = "tv_interview"
            elif vtype == "social_media":
                outlet, _ = media_kind(phrase)
            pm = re.search(r"\bin\s+((?:[A-Z][\w’'-]+\s?)+)", phrase)
            if pm:
                cand = pm.group(1).strip()
                pt = tok_at(s2 + pm.start(1))
                if pt is None or pt.ent in ("GPE", "LOC", "FAC", "") and \
                        (outlet is None or cand != outlet):
                    place = cand
            add(s2, e2, vtype, outlet, place)
    # 3. "told CNN" / "told the BBC" / "told French radio"
    for m in re.finditer(r"(?<![\w])(?:told|telling|tells|speaking to|speaking with|talking to)\s+(?:the\s+)?", seg):
        rest = seg[m.end():m.end() + 60]
        outlet, kind = media_kind(rest[:30])
        pre = rest[:rest.find(outlet)] if outlet and outlet in rest else None
        if outlet and kind in ("tv", "radio", "print") and pre is not None and \
                re.fullmatch(r"(?:[\w-]+\s+){0,4}", pre) and not re.search(r"\b(?:that|about|on|of)\b", pre):
            s, e = a + m.end(), a + m.end() + len(pre) + len(outlet)
            s2, e2 = extend(s, e)
            add(s2, e2, {"tv": "tv_interview", "radio": "radio_interview",
                         "print": "print_interview"}[kind], outlet)
        elif kind in ("tvword", "radioword", "printword"):
            mm = re.match(r"(?:[A-Z]\w+\s)?(?:state\s|public\s|national\s|local\s)?(?i:television|TV|radio|broadcaster|newspaper|magazine|daily)(?:\s+(?:channel|station|network)?\s*(?:[A-Z][\w-]*\s?)+)?", rest)
            if mm:
                add(a + m.end(), a + m.end() + len(mm.group(0).rstrip()),
                    {"tvword": "tv_interview", "radioword": "radio_interview",
                     "printword": "print_interview"}[kind])
    # 4. "on television", "on state TV", "on national radio"
    for m in re.finditer(r"(?<![\w])on\s+(?:(?:state|national|public|local|French|Russian|[A-Z]\w+)\s+)?"
                         r"(television|TV|radio)(?![\w])(?!\s+(?:Nacional|[A-Z]))", seg):
        add(a + m.start(), a + m.end(),
            "radio_interview" if m.group(1) == "radio" else "tv_interview")
    # 5. a named station carrying its medium in the name: "on Radio Nacional", "told Canal TV"
    for m in re.finditer(r"(?<![\w])(?:on|to|told|telling|tells)\s+(?:the\s+)?"
                         r"((?:[A-Z][\w-]+\s)*(?:Radio|TV|Television)(?:\s[A-Z][\w-]+)*)", seg):
        name = m.group(1)
        kind = "radio_interview" if "Radio" in name else "tv_interview"
        st_ = a + m.start(1)
        if text[a + m.start():st_].split()[0] in ("on", "to"):
            st_ = a + m.start()
        add(st_, a + m.end(1), kind, name)
    return sorted(out, key=lambda v: v.start)


