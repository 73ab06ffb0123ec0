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
    many: bool = False  # several people speak there (hearing, debate, town hall …)


# a document source names its document in its first words ("a narrator in the Clinton ad")
DOCUMENT_SOURCE_WORDS = 6
INTERVIEW_TYPES = {"tv": "tv_interview", "tvword": "tv_interview",
                   "radio": "radio_interview", "radioword": "radio_interview",
                   "print": "print_interview", "printword": "print_interview"}
# the occasion verbs after which a "prep" trigger is a venue ("issued a statement")
_VERB_OBJECT = re.compile(
    r"\b(?:issued|issuing|issues|released|releasing|releases|sent|sending|sends|posted|posting|"
    r"posts|published|publishing|gave|giving|gives|delivered|delivering|delivers|held|holding|"
    r"holds|made|making|filed|filing|files|wrote|writing|writes|addressed|addressing|"
    r"attended|attending|hosted|hosting|put out|putting out)\s+(?:(?:an?|the|his|her|their|its|"
    r"a joint|a short|a brief|a written|a new|a televised|an open|a formal|a lengthy|a\s+\S+)\s+)*$")
_AFTER_PREP = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Dd]uring|[Oo]n|[Vv]ia|[Tt]hrough|to|[Bb]efore|[Ff]rom)\s+(?:(?:an?|the|his|"
    r"her|their|its|a joint|a short|a brief|a written|a televised|a video|an online|an official|"
    r"a new|a recent|an open|a formal|a lengthy|this|that|last|[\w-]+(?:’s|'s)|"
    r"[“\"‘]?[A-Z][\w’'.-]*)\s+)*$")  # a title may open a quotation: during a “Commander-in-Chief Forum”
_TOLD = re.compile(
    r"\b(?:told|telling|tells|tell|address(?:ed|ing|es)?|testif(?:ied|ying|y|ies) (?:before|to|in)|"
    r"speaking (?:to|before)|spoke (?:to|before)|talking to|talked to)\s+"
    r"(?:(?:an?|the|his|her|their|its|[\w-]+)\s+){0,3}$")


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


def _typed(vtype: str, phrase: str) -> tuple[str, str | None]:
    """The venue type of an "interview"/"forum" trigger from the outlet in its phrase."""
    mm = re.search(r"\b(?:with|to|for|on|by)\s+(.+)$", phrase)
    tail = mm.group(1) if mm else ""
    outlet, kind = media_kind(phrase)
    if outlet is None and tail and vtype == "interview":
        names = re.findall(r"(?:[A-Z][\w’'&.-]*\d*\s?)+", tail)
        names = [n.strip() for n in names if n.strip()]
        outlet = names[-1] if names else None
    typed = INTERVIEW_TYPES.get(kind or "")
    if kind == "radioword" and re.search(r"\b(?:TV|television)\b", phrase):
        typed = "tv_interview"
    if typed is None:
        typed = "other" if vtype == "interview" else "speech"
    return typed, outlet


def document_venue(text: str, a: int, b: int) -> VenueExpr | None:
    """A source that is itself a document or a recording ("A web video by the RNC", "The ad's
    narrator", "the IMF report", "The GOP's complaint"): the venue of what it says."""
    seg = text[a:b]
    # the head noun or a noun in the first few words, before any comma or dash (not "Kall --
    # co-editor of Debating The Donald, a book …")
    lead = re.split(r"\s*(?:,|--|—|–|\()\s*", seg, maxsplit=1)[0]
    lead = " ".join(lead.split()[:DOCUMENT_SOURCE_WORDS])
    for rx, vtype, _needs, _many in tables().venues:
        if vtype not in ("other", "statement", "court", "social_media"):
            continue
        m = rx.search(lead)
        if m and not re.match(r"(?i)(?:meeting|event|concert|festival|fair|podcast)$", m.group(0)) \
                and not (vtype == "court" and re.match(r"(?i)(?:the\s+)?(?:court|jury|jurors|judge|"
                                                        r"tribunal)$", m.group(0))):
            return VenueExpr(a, b, seg, vtype)  # (a court official is a person, not a filing)
    return None


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
            if nt.text in ("“", '"') and toks[j].text.lower() in ("of", "on", "for", "to"):
                # a quoted programme or publication title: "broadcast of “Fox News Sunday,”"
                close = next((q for q in range(j + 2, min(len(toks), j + 12))
                              if toks[q].text in ("”", '"')), None)
                if close is not None:
                    j = close
                break
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
        while j > k and toks[j].pos in ("ADP", "DET", "PART") and toks[j].text not in ("”", '"'):
            j -= 1
        return s, toks[j].end

    def add(s, e, vtype, outlet=None, place=None, many=False):
        for o in list(out):
            if o.start < e and s < o.end:
                if o.outlet is None and outlet and o.type in ("other", vtype):
                    out.remove(o)
                    continue
                return
        out.append(VenueExpr(s, e, text[s:e], vtype, outlet, place, many))

    tab = tables()
    # 1. social platforms: "on Twitter", "wrote on Facebook", "in a post on X"
    for rx, kind in tab.media if tab.any_media["social"].search(seg) else ():
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
    for rx, vtype, needs, many in tab.venues if tab.any_venue.search(seg) else ():
        for m in rx.finditer(seg):
            s, e = a + m.start(), a + m.end()
            before = text[max(a, s - 60):s]
            if needs == "prep" and not (_AFTER_PREP.search(before) or _VERB_OBJECT.search(before)):
                continue
            if needs == "told" and not _TOLD.search(before):
                continue
            head = tok_at(e - 1)
            if head is not None and head.pos == "VERB" and any(
                    k.head == head.i and k.dep in ("dobj", "aux") for k in toks):
                continue  # "to rally Democrats", "will address the nation": a verb, no venue
            s2, e2 = extend(s, e)
            phrase = text[s2:e2]
            outlet, place = None, None
            if vtype in ("interview", "forum"):
                vtype, outlet = _typed(vtype, phrase)
            elif vtype == "social_media":
                outlet, _ = media_kind(phrase)
            pm = re.search(r"\bin\s+((?:[A-Z][\w’'.-]+\s?)+)", phrase)
            if pm:
                cand = pm.group(1).strip()
                pt = tok_at(s2 + pm.start(1))
                if pt is None or pt.ent in ("GPE", "LOC", "FAC", "") and \
                        (outlet is None or cand != outlet):
                    place = cand
            add(s2, e2, vtype, outlet, place, many)
    # 3. "told CNN" / "told the BBC" / "told French radio" / "told Bill O'Reilly of Fox News"
    for m in re.finditer(r"(?<![\w])(?:told|telling|tells|speaking to|speaking with|talking to|"
                         r"in an interview with|interviewed by)\s+(?:the\s+)?", seg):
        rest = seg[m.end():m.end() + 80]
        outlet, kind = media_kind(rest[:50])
        pre = rest[:rest.find(outlet)] if outlet and outlet in rest else None
        if outlet and kind in ("tv", "radio", "print") and pre is not None and (
                re.fullmatch(r"(?:[\w-]+\s+){0,4}", pre) and not re.search(
                    r"\b(?:that|about|on|of)\b", pre) or
                re.fullmatch(r"(?:[A-Z][\w’'.-]*\s+){1,3}(?:of|from|at)\s+(?:the\s+)?", pre)):
            s, e = a + m.end(), a + m.end() + len(pre) + len(outlet)
            # the programme after the network: "told CBS' Face the Nation", "ABC's This Week"
            tm = re.match(r"(?:’s|'s|’|')\s+[“\"]([^”\"]{1,60})[”\"]|(?:’s|'s|’|')\s+"
                          r"((?:[A-Z][\w’'-]*\s?(?:the\s|of\s)?)+)", text[e:min(b, e + 70)])
            if tm:
                e += len(tm.group(0).rstrip())
            s2, e2 = extend(s, e)
            add(s2, e2, INTERVIEW_TYPES[kind], outlet)
        elif kind in ("tvword", "radioword", "printword"):
            mm = re.match(r"(?:[A-Z]\w+\s)?(?:state\s|public\s|national\s|local\s)?(?i:television|TV|radio|broadcaster|newspaper|magazine|daily)(?:\s+(?:channel|station|network)?\s*(?:[A-Z][\w-]*\s?)+)?", rest)
            if mm:
                add(a + m.end(), a + m.end() + len(mm.group(0).rstrip()), INTERVIEW_TYPES[kind])
    # 3b. "on Fox News's “Fox and Friends”", "on CNBC", "appearing on The Laura Ingraham Show"
    broadcast = tab.any_media["tv"].search(seg) or tab.any_media["radio"].search(seg)
    for rx, kind in tab.media if broadcast else ():
        if kind not in ("tv", "radio"):
            continue
        for m in rx.finditer(seg):
            s = a + m.start()
            pm = re.search(r"(?i)\b(?:on|appearing on|appearance on|appearances on)\s+(?:the\s+)?$",
                           text[max(a, s - 24):s])
            if not pm:
                continue
            e = a + m.end()
            # the programme after the network: "Fox News’s “Fox and Friends.”"
            tm = re.match(r"(?:’s|'s)\s+[“\"]([^”\"]{1,60})[”\"]|(?:’s|'s)\s+((?:[A-Z][\w’'-]*\s?)+)",
                          text[e:min(b, e + 70)])
            if tm:
                e += tm.end()
            add(s - (len(text[max(a, s - 24):s]) - pm.start()), e, INTERVIEW_TYPES[kind],
                m.group(0))
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


