"""Statement context: when (``said_on``), where (``venue``), in answer to whom (``responds_to``,
``stance``) and what kind of claim (``claim_type``) — plus demand lists (:func:`find_demands`).

Everything is rule-based and grounded in the article text; the rule tables live in
``onrecord/data/context/`` (see the README there). Principles:

* A date or venue phrase belongs to a statement only if it is in the statement's sentence,
  outside every statement's content, and *attached to the cue*: between the phrase and the cue
  there are no verbs other than speech/publishing verbs, no clause boundaries ("that",
  "though", ";", quotes), and the nearest verb on the phrase's left (in its comma segment) is a
  speech verb or none. So "recorded last week" dates the recording, not the saying, and a date
  inside the content ("said the vote would be on Friday") never dates the statement.
* Relative dates resolve against the publication date; without one only dates with a year
  resolve. Nothing is guessed: no evidence, no value.
* Context carries within a speaker's *run* (consecutive statements by the same speaker, no other
  speaker in between) until the speaker gets a new date/venue; a run's first statement with a
  date but no venue takes the venue of the next one when that has a venue but no date (the
  lede "X said on Saturday ..." followed by "In an interview with Y, X said ...").
* A response needs a reaction cue attached to the statement's cue (blasted, reacting, welcomed…)
  or content naming another statement ("the Russian demands were non-starters"). Its target is
  the named speaker's statement, else the target of an earlier reaction by someone else (a
  controversy), else the head of the preceding speaker's run; a run continues its response.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from ..model import SaidOn, Span, Statement, Venue

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "context"

# --------------------------------------------------------------------------- tables


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s*#.*$", "", line) if not line.lstrip().startswith("#") else ""
        if line.strip():
            out.append([f.strip() for f in line.split("\t") if f.strip()])
    return out


@dataclass
class Tables:
    dates: list[tuple[re.Pattern, str]]
    venues: list[tuple[re.Pattern, str, str]]
    media: list[tuple[re.Pattern, str]]
    speech_verbs: frozenset
    stance: list[tuple[re.Pattern, str, str]]
    claims: list[tuple[str, str, re.Pattern]]


def _wb(p: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + p + r")(?![\w])", re.I)


@lru_cache(maxsize=1)
def tables() -> Tables:
    sv = set()
    for line in (DATA_DIR / "speech_verbs.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            sv.update(w.lower() for w in line.split())
    return Tables(
        dates=[(_wb(r[0]), r[1]) for r in _rows("dates.tsv")],
        venues=[(_wb(r[0]), r[1], r[2]) for r in _rows("venues.tsv")],
        # outlet names are case-sensitive ("the Times" vs "times"), medium words are not
        media=[(re.compile(r"(?<![\w])(?:" + r[0] + r")(?![\w])",
                           0 if r[1] in ("tv", "radio", "print", "social") else re.I), r[1])
               for r in _rows("media.tsv")],
        speech_verbs=frozenset(sv),
        stance=[(_wb(r[0]), r[1], r[2]) for r in _rows("stance.tsv")],
        claims=[(r[0], r[1], re.compile(r[2], re.I)) for r in _rows("claim_types.tsv")],
    )


@lru_cache(maxsize=4096)
def _name_rx(key: str) -> re.Pattern:
    """A speaker's name key as a whole word, possessive allowed (compiled once per key: these
    patterns are built from article text and would thrash the re module's cache)."""
    return re.compile(r"(?<![\w])" + re.escape(key) + r"(?:’s|'s)?(?![\w])",
                      re.I if key.startswith("the ") else 0)


@lru_cache(maxsize=4096)
def _surname_rx(surname: str) -> re.Pattern:
    return re.compile(r"(?:[A-Z][\w’'-]*\s+){0,4}?" + re.escape(surname) + r"\b", re.I)


# --------------------------------------------------------------------------- text index


@dataclass
class Tok:
    i: int
    start: int
    end: int
    text: str
    pos: str
    tag: str
    dep: str
    head: int
    ent: str
    sent: int


@dataclass
class Sent:
    start: int
    end: int
    toks: list[int]


class Index:
    def __init__(self, text: str, parsed) -> None:
        self.text = text
        self.toks: list[Tok] = []
        self.sents: list[Sent] = []
        self.blocks: list[tuple[int, int]] = []
        for b in parsed.blocks:
            self.blocks.append((b.offset, b.end))
            base = len(self.toks)
            for s in b.doc.sents:
                si = len(self.sents)
                ids = []
                for t in s:
                    self.toks.append(Tok(base + t.i, b.offset + t.idx,
                                         b.offset + t.idx + len(t.text), t.text, t.pos_,
                                         t.tag_, t.dep_, base + t.head.i, t.ent_type_, si))
                    ids.append(base + t.i)
                self.sents.append(Sent(b.offset + s.start_char, b.offset + s.end_char, ids))

        self._tok_starts = [t.start for t in self.toks]
        self._sent_starts = [s.start for s in self.sents]
        self._block_starts = [a for a, _ in self.blocks]

    def sent_at(self, pos: int) -> int | None:
        i = bisect_right(self._sent_starts, pos) - 1
        return i if i >= 0 and self.sents[i].start <= pos < self.sents[i].end else None

    def block_at(self, pos: int) -> int | None:
        i = bisect_right(self._block_starts, pos) - 1
        return i if i >= 0 and self.blocks[i][0] <= pos < self.blocks[i][1] else None

    def toks_in(self, a: int, b: int) -> list[Tok]:
        out = []
        for k in range(bisect_left(self._tok_starts, a), len(self.toks)):
            t = self.toks[k]
            if t.start >= b:
                break
            if t.end <= b:
                out.append(t)
        return out

    def tok_after(self, pos: int) -> Tok | None:
        k = bisect_left(self._tok_starts, pos)
        return self.toks[k] if k < len(self.toks) else None


# --------------------------------------------------------------------------- dates

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TOD = r"(?:\s+(?:morning|afternoon|evening|night))?"
RE_DMY = re.compile(r"(?<![\w])(?:on\s+)?(?:" + _WD + r",?\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>" + _MON + r")(?:,?\s+(?P<y>\d{4}))?(?![\w])", re.I)
RE_MDY = re.compile(r"(?<![\w])(?:on\s+)?(?:" + _WD + r",?\s+)?(?P<m>" + _MON + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?(?![\w])")
RE_MY = re.compile(r"(?<![\w])(?:in\s+|early\s+|late\s+|mid-)?(?P<m>" + _MON + r")\s+(?P<y>\d{4})(?![\w])")
RE_INM = re.compile(r"(?<![\w])(?i:in|earlier in|early|late|in early|in late|in mid-)\s+(?P<m>" + _MON + r")(?![\w])(?!\s+\d)")
RE_INY = re.compile(r"(?<![\w])in\s+(?P<y>(?:19|20)\d{2})(?![\w])")
RE_WD = re.compile(r"(?<![\w])(?i:on\s+|last\s+|this\s+past\s+|late\s+|early\s+)?(?P<wd>" + _WD + r")" + _TOD + r"(?![\w])")
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "a": 1}
RE_AGO = re.compile(r"(?<![\w])(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<u>day|week|month|year)s?\s+ago(?![\w])", re.I)


@dataclass
class DateExpr:
    start: int
    end: int
    text: str
    value: str | None  # None for "ref"
    precision: str | None
    ref: bool = False


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _resolve_rule(rule: str, pub: date | None) -> tuple[str, str] | None:
    if rule == "ref":
        return None
    if pub is None:
        return None
    kind, _, n = rule.partition(":")
    if kind == "day":
        return (pub + timedelta(days=int(n))).isoformat(), "day"
    if kind == "thisweek":
        return "week of " + _monday(pub - timedelta(days=1)).isoformat(), "week"
    if kind == "lastweek":
        return "week of " + (_monday(pub) - timedelta(days=7)).isoformat(), "week"
    if kind == "month":
        y, m = _add_months(pub.year, pub.month, int(n))
        return f"{y:04d}-{m:02d}", "month"
    if kind == "year":
        return f"{pub.year + int(n):04d}", "year"
    return None


def find_dates(text: str, a: int, b: int, pub: date | None) -> list[DateExpr]:
    """Date expressions in ``text[a:b]`` with their resolved values (``value`` None when they
    cannot be grounded)."""
    seg = text[a:b]
    out: list[DateExpr] = []

    def add(m, value, precision, ref=False):
        s, e = a + m.start(), a + m.end()
        for o in out:
            if o.start < e and s < o.end:
                return
        out.append(DateExpr(s, e, text[s:e], value, precision, ref))

    for rx in (RE_DMY, RE_MDY):
        for m in rx.finditer(seg):
            mon = MONTHS.get(m.group("m").lower().rstrip("."))
            d = int(m.group("d"))
            if not mon or not 1 <= d <= 31:
                continue
            if m.group("y"):
                try:
                    v = date(int(m.group("y")), mon, d)
                except ValueError:
                    continue
                add(m, v.isoformat(), "day")
            elif pub:
                v = None
                for y in (pub.year, pub.year - 1):
                    try:
                        c = date(y, mon, d)
                    except ValueError:
                        continue
                    if c <= pub:
                        v = c
                        break
                add(m, v.isoformat() if v else None, "day")
            else:
                add(m, None, "day")
    for m in RE_MY.finditer(seg):
        mon = MONTHS.get(m.group("m").lower().rstrip("."))
        add(m, f"{int(m.group('y')):04d}-{mon:02d}", "month")
    for m in RE_AGO.finditer(seg):
        n = int(m.group("n")) if m.group("n").isdigit() else _NUM[m.group("n").lower()]
        u = m.group("u").lower()
        if not pub:
            add(m, None, u)
        elif u == "day":
            add(m, (pub - timedelta(days=n)).isoformat(), "day")
        elif u == "week":
            add(m, "week of " + (_monday(pub) - timedelta(days=7 * n)).isoformat(), "week")
        elif u == "month":
            y, mo = _add_months(pub.year, pub.month, -n)
            add(m, f"{y:04d}-{mo:02d}", "month")
        else:
            add(m, f"{pub.year - n:04d}", "year")
    for rx, rule in tables().dates:
        for m in rx.finditer(seg):
            if rule == "ref":
                add(m, None, None, ref=True)
            else:
                r = _resolve_rule(rule, pub)
                add(m, r[0] if r else None, r[1] if r else None)
    for m in RE_WD.finditer(seg):
        if pub:
            wd = WEEKDAYS[m.group("wd").lower()]
            # the most recent such day not after publication: wire copy names the publication
            # day itself ("said on Thursday" in a Thursday paper)
            back = (pub.weekday() - wd) % 7
            add(m, (pub - timedelta(days=back)).isoformat(), "day")
        else:
            add(m, None, "day")
    for m in RE_INM.finditer(seg):
        mon = MONTHS.get(m.group("m").lower().rstrip("."))
        if pub:
            y = pub.year if mon <= pub.month else pub.year - 1
            add(m, f"{y:04d}-{mon:02d}", "month")
        else:
            add(m, None, "month")
    for m in RE_INY.finditer(seg):
        add(m, m.group("y"), "year")
    return sorted(out, key=lambda d: d.start)


# --------------------------------------------------------------------------- venues

_PREPS = {"in", "at", "during", "on", "via", "through", "from", "to", "before", "with"}
_BOUNDARY_WORDS = {"that", "though", "although", "but", "while", "whereas", "because",
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


def _media_kind(s: str) -> tuple[str | None, str | None]:
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


def find_venues(ix: Index, sent: Sent) -> list[VenueExpr]:
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
                toks[k - 1].text.lower() not in _BOUNDARY_WORDS:
            k -= 1
        if k > 0 and toks[k - 1].text.lower() in _PREPS:
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
                    if j + 2 < len(toks) and re.match(_WD + "|" + _MON, toks[j + 2].text):
                        break
                if _starts_date(text, nt.start):
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
                outlet, kind = _media_kind(phrase)
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
                outlet, _ = _media_kind(phrase)
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
        outlet, kind = _media_kind(rest[:30])
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


def _venue_tail(ix: Index, v: VenueExpr) -> int:
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


def _starts_date(text: str, pos: int) -> bool:
    seg = text[pos:pos + 40]
    return bool(re.match(r"(?:on\s+|last\s+|this\s+|earlier\s+|yesterday|today|tonight)?(?:"
                         + _WD + r"|yesterday|today|tonight|week|month|year|time\b|"
                         + r"\d{1,2}\s+" + _MON + r")", seg, re.I))


# --------------------------------------------------------------------------- attachment


@dataclass
class Info:
    stmt: Statement
    idx: int
    sent: int | None = None
    block: int | None = None
    headline: bool = False
    key: str | None = None  # canonical speaker key (variant names of one speaker merged)
    own_date: DateExpr | None = None
    own_venue: VenueExpr | None = None
    said_on: SaidOn | None = None
    venue: Venue | None = None
    reaction: tuple[str, bool, str] | None = None  # polarity, aimed at a statement, cue words
    responds_to: str | None = None
    stance: str | None = None
    explicit_target: str | None = None


def _spans_of(ev) -> list[Span]:
    return list(ev.spans) if ev is not None else []


def _attached(ix: Index, s: int, e: int, info: Info, content_spans: list[Span],
              skip: list[tuple[int, int]], core: list[tuple[int, int]] = ()) -> bool:
    """Is the phrase text[s:e] attached to the statement's cue (see the module doc)?"""
    st = info.stmt
    if st.cue is None or info.sent is None:
        return False
    sent = ix.sents[info.sent]
    if not (sent.start <= s and e <= sent.end):
        return False
    ca, cb = st.cue.start, st.cue.end
    if s < cb and ca < e:
        return True
    if any(sp.start < e and s < sp.end for sp in content_spans):
        return False
    if s >= cb and _trailing_speech_participle(ix, sent, cb, s, st, content_spans):
        return True
    ga, gb = (e, ca) if e <= ca else (cb, s)
    # a content span in the gap is allowed only when it is a bare noun phrase object of the cue
    # ("criticised the idea last month", "rejected the proposal as “a gimmick” on Thursday")
    inside = [sp for sp in content_spans if sp.start < gb and ga < sp.end]
    for sp in inside:
        if sp.start < ga or sp.end > gb or any(
                t.pos in ("VERB", "AUX") for t in ix.toks_in(sp.start, sp.end)):
            return False
    gap_text = "".join(ch for k, ch in enumerate(ix.text[ga:gb], ga)
                       if not any(sp.start - 1 <= k <= sp.end for sp in inside))
    if re.search(r"[;:“”\"‘()\[\]—–]|\s-\s", gap_text):
        return False
    src = _spans_of(st.source)
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
                low in _BOUNDARY_WORDS - {"as", "and", "after", "before"} or t.pos == "SCONJ"):
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


# --------------------------------------------------------------------------- main


def _core_content(text: str, st: Statement) -> list[Span]:
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


def _trailing_speech_participle(ix: Index, sent: Sent, cb: int, s: int, st: Statement,
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


def _present_cue(ix: Index, st: Statement) -> bool:
    """A present-tense cue ("she says") reports a standing view, not the dated occasion before."""
    if st.cue is None:
        return False
    ts = ix.toks_in(st.cue.start, st.cue.end)
    return bool(ts) and ts[0].tag in ("VBZ", "VBP") and ts[0].pos == "VERB"


def _is_headline(text: str, pos: int, ix: Index) -> bool:
    if not ix.blocks or ix.block_at(pos) != 0:
        return False
    a, b = ix.blocks[0]
    line = text[a:b].rstrip("”’\"' ")
    return len(ix.blocks) > 1 and not line.endswith((".", "!", "?")) and (b - a) < 250


def _tokens(name: str) -> list[str]:
    return [w for w in re.findall(r"[\w’'-]+", name.lower()) if w not in ("the", "of")]


def _same_name(a: str, b: str) -> bool:
    """"Sara Lind" = "Lind" = "Executive Sara Lind"; "Popular Party" != "Conservative Party"."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return short[-1] == long_[-1] and set(short) <= set(long_)


def _canonical_keys(statements: list[Statement]) -> dict[str, str]:
    """Statement id -> a canonical speaker key, merging variant names of one speaker."""
    canon: list[str] = []
    out = {}
    for st in statements:
        if not (st.speaker and st.speaker.name and st.speaker.name.strip()):
            continue
        name = st.speaker.name.strip()
        hit = next((c for c in canon if _same_name(c, name)), None)
        if hit is None:
            canon.append(name)
            hit = name
        out[st.id] = hit.lower()
    return out




def _parse(text: str, parsed):
    if parsed is not None:
        return parsed
    from ..nlp import parse
    return parse(text)


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _coarsen(v: SaidOn) -> tuple[str, str]:
    if v.precision == "day":
        return v.value[:7], "month"
    return v.value, v.precision


def annotate(text: str, statements: list[Statement], published: str | None,
             parsed=None, _ix: "Index | None" = None) -> list[Statement]:
    """Fill said_on, venue, responds_to, stance and claim_type (see the module doc)."""
    if not statements:
        return []
    ix = _ix or Index(text, _parse(text, parsed))
    pub = _pub(published)
    keys = _canonical_keys(statements)
    content_spans = [sp for st in statements if st.content for sp in _core_content(text, st)]
    infos: list[Info] = []
    for k, st in enumerate(statements):
        if not st.content or not st.content.spans:  # nothing to ground: left as it is
            inf = Info(st, k, None, None, key=keys.get(st.id), headline=True)
            infos.append(inf)
            continue
        anchor = st.cue.start if st.cue and st.cue.spans else st.content.start
        inf = Info(st, k, ix.sent_at(anchor), ix.block_at(anchor), key=keys.get(st.id))
        inf.headline = st.method == "headline" or _is_headline(text, st.content.start, ix)
        infos.append(inf)

    sent_cache: dict[int, tuple[list[DateExpr], list[VenueExpr]]] = {}
    for inf in infos:
        if inf.headline or inf.sent is None or inf.stmt.cue is None:
            continue
        if inf.sent not in sent_cache:
            s = ix.sents[inf.sent]
            sent_cache[inf.sent] = (find_dates(text, s.start, s.end, pub), find_venues(ix, s))
        dates, venues = sent_cache[inf.sent]
        skip = [(d.start, d.end) for d in dates] + [(v.start, _venue_tail(ix, v)) for v in venues]
        core = [(d.start, d.end) for d in dates] + [(v.start, v.end) for v in venues]
        cue_at = inf.stmt.cue.start
        for d in sorted(dates, key=lambda d: abs(d.start - cue_at)):
            if _attached(ix, d.start, d.end, inf, content_spans, skip, core):
                if inf.own_date is None or (inf.own_date.value is None and not inf.own_date.ref):
                    inf.own_date = d
        for v in venues:
            if _attached(ix, v.start, v.end, inf, content_spans, skip, core):
                # prefer the phrase naming the outlet ("told Rolling Stone in an interview")
                if inf.own_venue is None or (inf.own_venue.outlet is None and v.outlet and
                                             inf.own_venue.type in ("other", v.type)):
                    inf.own_venue = v
        inf.reaction = _reaction(ix, inf, content_spans, skip, core) or \
            _lead_in_reaction(ix, inf, content_spans)

    # runs: previous statement by the same speaker with no other speaker in between
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

    # backward merge: dated lede without venue + next run member with venue but no date
    # (and: one sentence describes one occasion - "questioned whether …, asking on Radio X: …")
    for k, j in sorted(prev_same.items(), reverse=True):
        a, b = infos[j], infos[k]
        if a.own_venue is None and b.own_venue and b.own_date is None and \
                (a.own_date or (a.sent == b.sent and a.sent is not None)):
            a.own_venue = b.own_venue

    def venue_of(v: VenueExpr) -> Venue:
        return Venue(type=v.type, text=v.text, spans=(Span(v.start, v.end),), outlet=v.outlet,
                     place=v.place)

    for inf in infos:
        if inf.headline:
            continue
        d = inf.own_date
        if d is not None and d.ref:
            ref = next((infos[k].said_on for k in range(inf.idx - 1, -1, -1)
                        if infos[k].said_on is not None and not infos[k].headline), None)
            if ref is not None:
                v, p = _coarsen(ref)
                inf.said_on = SaidOn(v, p, d.text, (Span(d.start, d.end),))
        elif d is not None and d.value:
            inf.said_on = SaidOn(d.value, d.precision, d.text, (Span(d.start, d.end),))
        if inf.own_venue is not None:
            inf.venue = venue_of(inf.own_venue)
        j = prev_same.get(inf.idx)
        if j is not None and not _present_cue(ix, inf.stmt):
            p = infos[j]
            if inf.said_on is None and d is None:
                inf.said_on = p.said_on
            if inf.venue is None and p.venue is not None and \
                    (d is None or (p.said_on is not None and inf.said_on == p.said_on)):
                inf.venue = p.venue

    types = {inf.stmt.id: claim_type(text, inf.stmt, ix,
                                     inf.reaction[2] if inf.reaction else "") for inf in infos}
    _responses(text, ix, infos, prev_same, find_demands(text, statements, parsed=None, _ix=ix),
               types)

    out = []
    for inf in infos:
        st = inf.stmt
        out.append(st.replace(said_on=inf.said_on, venue=inf.venue, responds_to=inf.responds_to,
                              stance=inf.stance, claim_type=types[st.id]))
    return out


# --------------------------------------------------------------------------- responses

_STMT_NOUNS = r"(?:remarks?|decisions?|orders?|account|announcement|promises?|pledges?|vows?|comments?|statements?|words|idea|suggestion|proposals?|plan|call|claims?|demands?|offer|criticism|position|stance|view|assertion|argument|appeal|warning|threat|ultimatum|speech|interview|tweet|post|accusations?|allegations?|message)"


def _reaction(ix: Index, inf: Info, content_spans, skip, core=()) -> tuple[str, bool, str] | None:
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
            if not _attached(ix, s, e, inf, content_spans, skip, core):
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


def _lead_in_reaction(ix: Index, inf: Info, content_spans) -> tuple[str, bool, str] | None:
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
    surname = _tokens(st.speaker.name)[-1:] or [""]
    if not _surname_rx(surname[0]).match(ptext):
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


def _name_keys(sp) -> list[str]:
    """Ways an article refers to a speaker: full name, surname, role head ("the mayor's")."""
    parts = [p for p in re.split(r"[\s()]+", sp.name) if p]
    keys = [sp.name]
    if len(parts) > 1:
        keys.append(parts[-1])
    if sp.role:
        head = sp.role.split()[-1]
        if len(head) > 2 and head.lower() not in ("former", "of", "the"):
            keys.append("the " + head.lower())
    return keys


_PROPOSAL_NOUNS = r"(?:idea|suggestion|proposals?|plan|call|offer|demands?|order)"


def _pick(infos: list[Info], cands: list[int], noun: str | None, types: dict[str, str]) -> int:
    """Among one speaker's earlier statements (a run, oldest first), the one a reaction answers:
    a proposal/demand when the reaction names an idea/plan/proposal, else the run's head."""
    if noun and re.fullmatch(_PROPOSAL_NOUNS, noun, re.I):
        for k in cands:
            if types.get(infos[k].stmt.id) in ("proposal", "demand"):
                return k
    return cands[0]


def _responses(text: str, ix: Index, infos: list[Info], prev_same: dict[int, int],
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
        src = _spans_of(st.source)
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
                for key in _name_keys(other.stmt.speaker):
                    for m in _name_rx(key).finditer(stext):
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
                    _same_name(p.stmt.speaker.name, st.speaker.affiliation):
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
                not (_present_cue(ix, st) and not _present_cue(ix, infos[j].stmt)):
            # (a switch to the present tense - "she says" - leaves the exchange, as for dates)
            inf.responds_to, inf.stance = infos[j].responds_to, infos[j].stance
            # a contrastive turn ("She warned, however, ...") does not carry the stance
            cue_region = text[sent.start:st.content.start] if st.content.start > sent.start else ""
            if re.search(r"\b(?:however|but|though|although|nevertheless|still)\b", cue_region, re.I):
                inf.stance = _content_polarity(st) or "neutral"


# --------------------------------------------------------------------------- claim types


def claim_type(text: str, st: Statement, ix: Index | None = None,
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


def _imperative(st: Statement, ix: Index | None) -> bool:
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


# --------------------------------------------------------------------------- demands

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


def find_demands(text: str, statements: list[Statement], parsed=None, _ix: Index | None = None
                 ) -> list[dict]:
    """Demand lists: ``{"holder", "stated_by" (statement id), "speaker", "text", "spans",
    "items": [{"text", "spans"}]}`` for phrases like "its main three security demands. These
    include A, B and C." The holder is the possessor (its/their resolve to the subject of the
    clause), ``stated_by`` the statement whose content or sentence holds the phrase."""
    ix = _ix or Index(text, _parse(text, parsed))
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


def _holder(ix: Index, m: re.Match, sent: Sent) -> str | None:
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


def annotate_with_demands(text: str, statements: list[Statement], published: str | None,
                          parsed=None) -> tuple[list[Statement], list[dict]]:
    """:func:`annotate` and :func:`find_demands` over one shared index of the article."""
    if not statements:
        return [], []
    ix = Index(text, _parse(text, parsed))
    statements = annotate(text, statements, published, parsed, _ix=ix)
    return statements, find_demands(text, statements, parsed, _ix=ix)
