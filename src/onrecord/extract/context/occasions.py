"""Occasions: the interview, hearing, press conference, statement, post, speech, letter … a
statement was made on. An occasion is introduced once — by the date and venue phrases
attached to a statement's cue, or by a sentence that reports no statement but an event
("Members of the caucus held a press conference Friday afternoon", "Trump made the pledge at
a veterans conference on Monday", "A House panel voted Thursday") — and carries its venue and
date to every statement made on it. Each statement is assigned to one occasion or none:

1. its own date/venue phrases put it on the occasion they describe: the speaker's current one
   when they agree with it (a date where it had none, the same venue type …), an occasion
   where several people speak (a hearing, a town hall, a debate, a press conference held by a
   group) when the speaker takes part in it, else a new one;
2. a continuation quote is on the occasion of the statement it continues;
3. otherwise the speaker's current occasion in the section (the same interview goes on:
   "He also said …", "Trump added …"), unless the cue moves away from it: present tense in a
   feature ("she says", a standing view), perfect ("has said"), future, "later", or a date too
   vague to place;
4. a statement in a section's lede takes the occasion its speaker is given further on (the
   lede sums up, the next paragraphs say where and when); so does one whose own next
   statement, in the same paragraph or the next with no one else between, is on an occasion
   first named at a direct quote ("“…,” he said in an interview on Monday"), and the run of
   the speaker's statements before that one;
5. a statement by someone taking part in an occasion where several people speak is on it;
6. else no occasion. Same-day copy (a lede dated the day of publication; every entry of a
   live blog) dates statements without an occasion, and occasions without a date, to that day.

Sections are the entries of a live blog (time-stamped paragraphs), otherwise the whole body:
occasions do not cross them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ...model import Occasion, SaidOn, Span, Venue
from .attach import attached, governed_by_cue, venue_tail
from .core import DATELINE, Info, Layout, coarsen
from .dates import DateExpr, find_dates
from .index import Tok, TokenIndex
from .names import name_keys, name_rx
from .tables import tables
from ..mentions import role_classes
from .venues import VenueExpr, document_venue, find_venues, media_kind

# Speaker types that take part in a many-party occasion without a phrase of their own
# (organisations and countries speak through statements and spokespeople).
PARTICIPANT_TYPES = ("person", "group", "unknown")
ORGANISATION_HEADS = {"bank", "company", "firm", "agency", "department", "ministry",
                      "government", "administration", "corporation", "office", "campaign",
                      "university", "newspaper", "network", "association", "foundation"}
MEMBERS = re.compile(r"(?:[A-Z][a-z]+ )?[A-Z][a-z]+s")
# A date given for a group without a setting ("Other officials weighed in Friday") dates the
# statements of the next paragraphs only (not the lede before it), and gives no setting: one of
# them tweeting ("chimed in on Twitter") is on an occasion of their own.
GROUP_DATE_SCOPE_BLOCKS = 2
# A speaker not named with a many-party occasion (a hearing, a debate, a summit) is taken to
# speak at it only within this many paragraphs after its evidence or after a statement on it.
MANY_REACH_BLOCKS = 1
# A lede dated the day of publication dates the statements of this many paragraphs after it.
SAME_DAY_BLOCKS = 1
# Heads of subjects that are legislative bodies ("A House panel voted Thursday …")
BODY_WORDS = {"committee", "panel", "subcommittee", "senate", "house", "congress", "parliament",
              "assembly", "legislature", "caucus", "bundestag", "commons", "council"}
# Clause marks that put a statement at another time than the event of its sentence
# ("… held a press conference shortly after Trump said …")
# …whose name says they are legislative ("A House panel", "the Senate banking committee")
BODY_NAME = re.compile(r"\b(?:House|Senate|Congress(?:ional)?|[Pp]arliament(?:ary)?|[Ll]egislat\w+|"
                       r"Bundestag|Commons|Assembly|Caucus)\b")
# participles that publish what they follow ("a statement issued Tuesday")
PUBLISHING = {"issued", "released", "posted", "published", "aired", "broadcast", "sent",
              "delivered", "put"}
INTERVIEW_KIND = {"tv": "tv_interview", "radio": "radio_interview", "print": "print_interview"}
TEMPORAL_MARKS = {"after", "before", "since", "until", "following", "ahead"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")


@dataclass
class Occ:
    n: int
    section: int
    start: int
    date: DateExpr | None = None
    venue: VenueExpr | None = None
    keys: set = field(default_factory=set)
    many: bool = False
    excluded: set = field(default_factory=set)
    undated: bool = False       # introduced as undated ("The AP interviewed …"): no same-day date
    scope_end: int | None = None  # last paragraph a date-only group occasion reaches
    spans: list = field(default_factory=list)
    lede: bool = False
    id: str | None = None
    topic: frozenset = frozenset()  # what a date-only group occasion is about (see Event)
    member_blocks: set = field(default_factory=set)  # paragraphs of the statements on it

    def compatible(self, d: DateExpr | None, v: VenueExpr | None) -> bool:
        # a date agrees when it is the same or names a day of the occasion's week or month (the
        # occasion's date is refined); a coarser one ("this month" against a hearing's day)
        # tells of another time
        if d is not None and d.value and self.date is not None and self.date.value and \
                d.value != self.date.value and not finer(d, self.date):
            return False
        return not (v is not None and self.venue is not None and v.type != self.venue.type)

    def absorb(self, d: DateExpr | None, v: VenueExpr | None, key: str | None, pos: int,
               many: bool = False) -> None:
        if d is not None and d.value and (self.date is None or not self.date.value or
                                          finer(d, self.date)):
            self.date = d
            self.spans.append((d.start, d.end))
        if v is not None and (self.venue is None or (self.venue.outlet is None and v.outlet)):
            self.venue = v
            self.spans.append((v.start, v.end))
        if key:
            self.keys.add(key)
        self.many = self.many or many or bool(v is not None and v.many)
        self.start = min(self.start, pos)


@dataclass
class Event:
    """Evidence of an occasion at ``pos``: from a statement's own phrases or a narrative
    sentence."""
    pos: int
    block: int
    date: DateExpr | None
    venue: VenueExpr | None
    key: str | None = None
    info: Info | None = None
    many: bool = False
    excluded: set = field(default_factory=set)
    undated: bool = False
    group_date: bool = False
    # the words of what a group weighed in about ("… weighed in Friday about whether the video
    # should be released"): the statements it dates are the ones on that topic
    topic: frozenset = frozenset()


class Occasions:
    """Builds the occasions of one article and assigns its statements to them."""

    def __init__(self, ix: TokenIndex, infos: list[Info], layout: Layout, pub: date | None,
                 content_spans: list[Span]) -> None:
        self.ix, self.infos, self.layout, self.pub = ix, infos, layout, pub
        self.content_spans = content_spans
        self.phrases: dict[int, tuple[list[DateExpr], list[VenueExpr]]] = {}
        self.used: set[tuple[int, int]] = set()   # phrase spans attached to some statement
        self.occs: list[Occ] = []

    # ------------------------------------------------------------------ phrases

    def sentence_phrases(self, si: int) -> tuple[list[DateExpr], list[VenueExpr]]:
        if si not in self.phrases:
            s = self.ix.sents[si]
            dates = find_dates(self.ix.text, s.start, s.end, self.pub)
            a = self.ix.blocks[s.block][0]
            if s.start == a:  # a dateline's date is the filing day, not the saying's
                m = DATELINE.match(self.ix.text[a:s.end])
                if m:
                    dates = [d for d in dates if d.start >= a + m.end()]
            self.phrases[si] = (dates, find_venues(self.ix, s))
        return self.phrases[si]

    def own_context(self) -> None:
        """The date and venue phrases attached to each statement's cue (its own evidence)."""
        ix = self.ix
        for inf in self.infos:
            if inf.headline or inf.sent is None or inf.stmt.cue is None:
                continue
            dates, venues = self.sentence_phrases(inf.sent)
            skip = [(d.start, d.end) for d in dates] + [(v.start, venue_tail(ix, v)) for v in venues]
            core = [(d.start, d.end) for d in dates] + [(v.start, v.end) for v in venues]
            inf.notes["skip"], inf.notes["core"] = skip, core
            cue_at = inf.stmt.cue.start
            for d in sorted(dates, key=lambda d: abs(d.start - cue_at)):
                if attached(ix, d.start, d.end, inf.stmt, inf.sent, self.content_spans, skip, core) \
                        or governed_by_cue(ix, d.start, d.end, inf.stmt, core):
                    self.used.add((d.start, d.end))
                    if inf.own_date is None or (not inf.own_date.grounded and not inf.own_date.ref
                                                and not inf.own_date.vague) or \
                            finer(d, inf.own_date):
                        inf.own_date = d
            for v in venues:
                if attached(ix, v.start, v.end, inf.stmt, inf.sent, self.content_spans, skip, core) \
                        or governed_by_cue(ix, v.start, v.end, inf.stmt, core):
                    self.used.add((v.start, v.end))
                    # prefer the phrase naming the outlet ("told Rolling Stone in an interview")
                    if inf.own_venue is None or (inf.own_venue.outlet is None and v.outlet and
                                                 inf.own_venue.type in ("other", v.type)):
                        inf.own_venue = v
            if inf.own_venue is not None and inf.own_date is None:
                inf.own_date = self.venue_date(inf.own_venue, dates)
            if inf.own_venue is None and inf.stmt.source is not None:
                # the source is a document or recording ("A web video by the RNC references …")
                src = inf.stmt.source
                inf.own_venue = document_venue(ix.text, src.start, src.end)

    def venue_date(self, v: VenueExpr, dates: list[DateExpr]) -> DateExpr | None:
        """The date in a venue's participial tail when the participle publishes it ("In a
        statement issued Tuesday morning"); a recording's date is not the saying's ("an
        interview recorded last week", aired later)."""
        end = venue_tail(self.ix, v)
        nxt = self.ix.tok_after(v.end)
        if end <= v.end or nxt is None or nxt.lower not in PUBLISHING:
            return None
        return next((d for d in dates if v.end <= d.start and d.end <= end and d.grounded), None)

    # ------------------------------------------------------------------ narrative events

    def _in_content(self, a: int, b: int) -> bool:
        return any(sp.start < b and a < sp.end for sp in self.content_spans)

    def _phrase_head(self, a: int, b: int) -> Tok | None:
        toks = self.ix.toks_in(a, b)
        for t in toks:
            if not (a <= self.ix.toks[t.head].start < b) or t.head == t.i:
                return t
        return toks[0] if toks else None

    def _governor(self, t: Tok) -> Tok | None:
        """The finite verb a phrase hangs on, climbing nouns, prepositions and the gerunds and
        infinitives of a parse that attaches the phrase low ("discussed his commitment to
        improving services for veterans at an event")."""
        for _ in range(8):
            if t.pos in ("VERB", "AUX") and t.tag in ("VBD", "VBZ", "VBP") or \
                    (t.tag == "VBN" and any(k.dep in ("aux", "auxpass") for k in self._kids(t))):
                return t
            if t.head == t.i:
                return t if t.pos in ("VERB", "AUX") else None
            t = self.ix.toks[t.head]
        return None

    def _kids(self, t: Tok) -> list[Tok]:
        return [self.ix.toks[i] for i in self.ix.sents[t.sent].toks
                if self.ix.toks[i].head == t.i and i != t.i]

    def _subject(self, verb: Tok) -> Tok | None:
        v = verb
        for _ in range(3):
            subj = next((k for k in self._kids(v) if k.dep in _SUBJ), None)
            if subj is not None:
                return subj
            if v.dep in ("advcl", "xcomp", "conj", "acl", "ccomp") and v.head != v.i:
                v = self.ix.toks[v.head]
            else:
                return None
        return None

    def _subtree(self, t: Tok) -> tuple[int, int]:
        sent = self.ix.sents[t.sent]
        inside = {t.i}
        changed = True
        while changed:
            changed = False
            for i in sent.toks:
                if i not in inside and self.ix.toks[i].head in inside:
                    inside.add(i)
                    changed = True
        toks = [self.ix.toks[i] for i in inside]
        return min(x.start for x in toks), max(x.end for x in toks)

    def _key_of(self, subj: Tok, pos: int, block: int) -> str | None:
        """The speaker a narrative subject names (a name, a role, or a pronoun)."""
        if subj.pos == "PRON" and subj.lower in ("he", "she", "they", "it", "we"):
            # the nearest proper-noun subject before it in the sentence, else the nearest
            # statement before it in this or the previous paragraph
            for t in reversed(self.ix.toks_in(self.ix.sents[subj.sent].start, subj.start)):
                if t.dep in _SUBJ and t.pos == "PROPN":
                    return self._key_of(t, pos, block)
            # the same pronoun as the source of the next statement, in this paragraph or the
            # next ("They sent a letter on Thursday …" — "“…,” they wrote"): one referent,
            # as the speaker stage read it
            nxt = next((inf for inf in self.infos if not inf.headline and inf.block is not None
                        and inf.stmt.content.start > pos), None)
            if nxt is not None and nxt.key and nxt.stmt.source is not None and \
                    nxt.block - block <= 1 and nxt.stmt.source.text.lower() == subj.lower:
                return nxt.key
            for inf in reversed(self.infos):
                if inf.key and not inf.headline and inf.block is not None and \
                        inf.stmt.content.start < pos and block - inf.block <= 1:
                    return inf.key
            return None
        a, b = self._subtree(subj)
        phrase = self.ix.text[a:b]
        for inf in self.infos:
            sp = inf.voice
            if inf.key is None or sp is None or inf.headline:
                continue
            for k in name_keys(sp):
                if len(k) > 2 and name_rx(k).search(phrase):
                    return inf.key
        return None

    def _topic(self, si: int, verb: Tok) -> frozenset:
        """Content words of the "about/on/over …" phrase after an event's verb, up to the next
        comma ("weighed in Friday about whether the video should be released" → video,
        release)."""
        sent = self.ix.sents[si]
        m = re.search(r"\b(?:about|on|over)\b([^,;]*)", self.ix.text[verb.end:sent.end])
        if not m:
            return frozenset()
        a = verb.end + m.start(1)
        return frozenset(_content_lemmas(self.ix.toks_in(a, verb.end + m.end(1))))

    def _topical(self, inf: Info | None, occ: Occ) -> bool:
        """A statement is on a group occasion's topic when their content words meet (an
        occasion with no topic takes any)."""
        if not occ.topic or inf is None:
            return True
        toks = [t for sp in inf.stmt.content.spans for t in self.ix.toks_in(sp.start, sp.end)]
        return bool(occ.topic & set(_content_lemmas(toks)))

    def _excluded(self, si: int, verb: Tok) -> set[str]:
        """Speakers of the statements in a temporal clause of the sentence ("… shortly after
        Trump said …"): they spoke at another time."""
        out = set()
        for inf in self.infos:
            if inf.sent != si or inf.stmt.cue is None or not inf.key:
                continue
            t = self.ix.tok_at(inf.stmt.cue.start)
            for _ in range(6):
                if t is None or t.i == verb.i or t.head == t.i:
                    break
                if t.dep == "advcl" and any(k.lower in TEMPORAL_MARKS for k in self._kids(t)):
                    out.add(inf.key)
                    break
                t = self.ix.toks[t.head]
        return out

    def _past(self, verb: Tok) -> bool:
        """Told as past: "held", "had", "has held", "was grilled" (not "meet Monday")."""
        if verb.tag == "VBD":
            return True
        auxes = [k.lower for k in self._kids(verb) if k.dep in ("aux", "auxpass")]
        return verb.tag == "VBN" and bool(auxes) and not any(
            x in ("will", "would", "'ll", "’ll", "shall") for x in auxes)

    def _fronted(self, ph, si: int) -> bool:
        """A setting fronted before the subject: "In a statement issued Tuesday, Clinton …"."""
        sent = self.ix.sents[si]
        lead = self.ix.text[sent.start:ph.start]
        return isinstance(ph, VenueExpr) and not lead.strip() and \
            "," in self.ix.text[ph.end:min(sent.end, ph.end + 80)]

    def narrative_events(self) -> list[Event]:
        """Occasions introduced by sentences that report an event rather than a statement."""
        ix, out = self.ix, []
        verbs = tables().occasion_verbs | tables().speech_verbs
        for si, sent in enumerate(ix.sents):
            block = sent.block
            if block in self.layout.headline_blocks or block in self.layout.stamp_blocks:
                continue
            dates, venues = self.sentence_phrases(si)
            found: dict[int, Event] = {}  # governing verb -> event
            for ph in list(dates) + list(venues):
                if (ph.start, ph.end) in self.used or self._in_content(ph.start, ph.end):
                    continue
                if isinstance(ph, DateExpr) and not (ph.grounded and ph.precision in ("day", "week")):
                    continue  # a day or a week dates an event told in passing
                head = self._phrase_head(ph.start, ph.end)
                verb = self._governor(head) if head else None
                if verb is None or verb.dep == "relcl" or not self._past(verb):
                    continue
                if verb.lemma.lower() not in verbs and verb.lower not in verbs and \
                        not self._fronted(ph, si):
                    continue
                if any(k.dep == "neg" for k in self._kids(verb)):
                    continue
                ev = found.get(verb.i)
                if ev is None:
                    ev = found[verb.i] = Event(ph.start, block, None, None)
                if isinstance(ph, DateExpr):
                    ev.date = ev.date or ph
                else:
                    ev.venue = ev.venue or ph
                    ev.date = ev.date or self.venue_date(ph, dates)
                ev.pos = min(ev.pos, ph.start)
            for t in ix.sent_toks(si):
                if t.dep not in _SUBJ or self._in_content(t.start, t.end):
                    continue
                verb = ix.toks[t.head]
                if not self._past(verb) or verb.dep == "relcl":
                    continue
                a, b = self._subtree(t)
                subject = ix.text[a:b]
                if b - a > 120:
                    continue
                if t.lemma.lower() in BODY_WORDS and BODY_NAME.search(subject) and \
                        not re.search(r"White House", subject) and \
                        (verb.lower in verbs or verb.lemma.lower() in verbs):
                    # a legislative body as the subject of an occasion verb ("The House
                    # Oversight and Government Reform Committee voted 19-15")
                    ev = found.get(verb.i) or Event(a, block, None, None)
                    found[verb.i] = ev
                    if ev.venue is None or not ev.venue.many:
                        ev.venue = VenueExpr(a, b, subject, "parliament", many=True)
                    ev.pos = min(ev.pos, a)
                elif verb.lemma.lower() == "interview":
                    # "The Associated Press interviewed more than 20 former crew members"
                    outlet, kind = media_kind(subject)
                    if outlet and kind in INTERVIEW_KIND:
                        ev = found.get(verb.i) or Event(a, block, None, None)
                        found[verb.i] = ev
                        ev.venue = VenueExpr(a, verb.end, ix.text[a:verb.end], INTERVIEW_KIND[kind],
                                             outlet, many=True)
                        ev.undated = True
            for vi, ev in found.items():
                verb = ix.toks[vi]
                subj = self._subject(verb)
                ev.excluded = self._excluded(si, verb)
                if subj is not None:
                    ev.key = self._key_of(subj, ev.pos, block)
                if ev.venue is not None and ev.venue.many:
                    ev.many = True
                if subj is not None and ev.key is None:
                    group = subj.tag in ("NNS", "NNPS") or subj.lower in ("members", "senator") \
                        or subj.lemma.lower() in BODY_WORDS
                    if group and ev.venue is not None and ev.venue.type in (
                            "press_conference", "parliament", "debate", "speech", "rally"):
                        ev.many = True  # "Members of the caucus held a press conference"
                    elif group and ev.venue is None and ev.date is not None:
                        ev.many, ev.group_date = True, True  # "Other officials weighed in Friday"
                        ev.topic = self._topic(si, verb)
                    elif not ev.many:
                        continue  # an event of someone who says nothing here
                elif subj is None and not ev.many:
                    continue
                out.append(ev)
        return out

    # ------------------------------------------------------------------ building

    def _eligible(self, inf: Info, occ: Occ) -> bool:
        sp = inf.voice
        if inf.key and inf.key in occ.excluded:
            return False
        # members named by a plural ("Democrats", "Republicans") are people, whatever type
        # the speaker stage gives the party
        if inf.aspect == "nominal" and not re.match(r"(?i)according", inf.stmt.cue.text):
            return False  # "repeated warnings from his attorney": no saying to place
        if sp is not None and sp.name.split()[-1].lower() in ORGANISATION_HEADS:
            return False  # "the bank" speaks through statements, not at a hearing
        if sp is not None and sp.role and "commentator" in role_classes(sp.role) and \
                not (inf.key and inf.key in occ.keys):
            return False  # "an independent political analyst" comments on the event, not at it
        return sp is None or sp.type in PARTICIPANT_TYPES or bool(MEMBERS.fullmatch(sp.name))

    def _near(self, inf: Info, occ: Occ) -> bool:
        """The statement's speaker is named with the occasion, or the statement stands within
        MANY_REACH_BLOCKS paragraphs of its evidence or of a statement already on it."""
        if inf.key and inf.key in occ.keys:
            return True
        if occ.scope_end is not None:
            return True  # a group's date covers its own paragraphs (see GROUP_DATE_SCOPE_BLOCKS)
        sp = inf.voice
        if occ.venue is not None and occ.venue.type == "parliament" and sp is not None and (
                "lawmaker" in role_classes(sp.role or "") or MEMBERS.fullmatch(sp.name)):
            return True  # at a hearing, the lawmakers (and "Democrats", "Republicans") take part
        if inf.block is None:
            return False
        blocks = {self.ix.block_at(a) for a, _ in occ.spans} | occ.member_blocks
        return any(b is not None and 0 <= inf.block - b <= MANY_REACH_BLOCKS for b in blocks)

    def _new(self, ev: Event, section: int) -> Occ:
        occ = Occ(len(self.occs), section, ev.pos, undated=ev.undated,
                  lede=self.layout.is_lede(ev.block))
        occ.excluded |= ev.excluded
        if ev.group_date:
            occ.scope_end = ev.block + GROUP_DATE_SCOPE_BLOCKS
            occ.topic = ev.topic
        occ.absorb(ev.date, ev.venue, ev.key, ev.pos, ev.many)
        self.occs.append(occ)
        return occ

    def _place(self, ev: Event, section: int) -> Occ:
        """The occasion an event's evidence describes (merged into one that agrees)."""
        cands = [o for o in reversed(self.occs) if o.section == section]
        inf = ev.info
        if ev.key:
            for o in cands:
                if ev.key in o.keys:
                    if o.compatible(ev.date, ev.venue):
                        o.absorb(ev.date, ev.venue, ev.key, ev.pos, ev.many)
                        o.excluded |= ev.excluded
                        return o
                    break  # the speaker's latest occasion disagrees: a new one
        for o in cands:
            if o.many and o.compatible(ev.date, ev.venue) and \
                    (o.scope_end is None or (ev.block <= o.scope_end and ev.venue is None)) and \
                    (inf is None or self._eligible(inf, o)) and ev.key not in o.excluded and \
                    self._topical(inf, o):
                o.absorb(ev.date, ev.venue, ev.key, ev.pos, ev.many)
                return o
        occ = self._new(ev, section)
        if inf is None and ev.key:  # a narrative event: the speaker's statement in its sentence
            si = self.ix.sent_at(ev.pos)
            inf = next((i for i in self.infos if i.key == ev.key and i.sent == si), None)
        if inf is not None and occ.date is None and ev.venue is not None:
            # a setting of its own in the paragraphs a group's date covers, on its topic
            # ("Other officials weighed in Friday about …" — "Clinton chimed in on Twitter")
            for o in cands:
                if o.scope_end is not None and o.topic and o.date is not None and \
                        o.start <= ev.pos and ev.block <= o.scope_end and \
                        self._eligible(inf, o) and self._topical(inf, o):
                    occ.absorb(o.date, None, None, ev.pos)
                    break
        if occ.many and occ.scope_end is None:
            # a hearing, town hall … named after a lede that gave only the day (or only a
            # setting) of what the article reports: the same occasion
            for o in cands:
                if o.lede and not o.many and o.compatible(occ.date, occ.venue) and \
                        not (o.keys & occ.excluded):
                    occ.absorb(o.date, o.venue, None, o.start)
                    occ.keys |= o.keys
                    occ.spans += o.spans
                    o.n = -1  # absorbed
                    for i2 in self.infos:
                        if i2.occasion is o:
                            i2.occasion = occ
            self.occs = [o for o in self.occs if o.n != -1]
        return occ

    def build(self) -> None:
        self.own_context()
        events = self.narrative_events()
        for inf in self.infos:
            if inf.headline or inf.sent is None:
                continue
            d = inf.own_date
            dated = d if d is not None and d.grounded else None
            if dated is None and inf.own_venue is None:
                continue
            events.append(Event(inf.stmt.cue.start if inf.stmt.cue else inf.stmt.content.start,
                                inf.block, dated, inf.own_venue, inf.key, inf))
        events.sort(key=lambda e: e.pos)
        for ev in events:
            section = self.layout.section(ev.block)
            occ = self._place(ev, section)
            if ev.info is not None:
                ev.info.occasion = occ

    # ------------------------------------------------------------------ assigning

    def _blocked(self, inf: Info) -> bool:
        """The cue moves away from the occasion at hand (see the module doc, 3)."""
        if inf.later or inf.aspect in ("perfect", "future"):
            return True
        if inf.aspect == "present" and not self.layout.live_blog:
            return True
        return inf.own_date is not None and (inf.own_date.vague or
                                             (not inf.own_date.grounded and not inf.own_date.ref))

    def assign(self) -> None:
        infos = [i for i in self.infos if not i.headline and i.sent is not None]
        current: dict[str, Occ | None] = {}
        narrative = sorted(((o.start, o) for o in self.occs), key=lambda x: x[0])
        since: dict[str, int] = {}  # where each speaker's current occasion was last confirmed
        last: Info | None = None
        for inf in infos:
            pos = inf.stmt.content.start if inf.stmt.cue is None else min(
                inf.stmt.cue.start, inf.stmt.content.start)
            section = self.layout.section(inf.block)
            # an occasion introduced for this speaker by a narrative sentence since then
            for start, o in narrative:
                if since.get(inf.key, -1) < start <= pos and o.section == section and \
                        inf.key in o.keys:
                    current[inf.key] = o
            if inf.occasion is None:
                inf.occasion = self._choose(inf, last, current, section)
            if inf.occasion is None and inf.key and section == 0 and \
                    not self.layout.live_blog and inf.aspect == "past" and not self._blocked(inf):
                inf.occasion = self._lede_day_occasion(inf, section)
            if inf.occasion is not None and inf.block is not None:
                inf.occasion.member_blocks.add(inf.block)
            if inf.key:
                since[inf.key] = pos
                if inf.occasion is not None:
                    current[inf.key] = inf.occasion
                elif inf.aspect == "present" and not self.layout.live_blog:
                    current[inf.key] = None  # a standing view: what follows is not the occasion
            last = inf
        self._named_next(infos)

    def _named_next(self, infos: list[Info]) -> None:
        """Rule 4's second half: a statement whose speaker's very next statement — in the same
        paragraph or the next, no one else speaking between — is on an occasion named there
        ("“…,” said Don Fowler. […] Fowler said … — “…,” he said in an interview on Monday")
        is on it too: the interview is named once, where the article gets to it. Back to front,
        so a run of such statements all join it."""
        namer: dict[int, Info] = {}  # each occasion's first statement before this pass
        for inf in infos:
            if inf.occasion is not None:
                namer.setdefault(id(inf.occasion), inf)
        for k in range(len(infos) - 2, -1, -1):
            inf, nxt = infos[k], infos[k + 1]
            if inf.occasion is not None or not inf.key or nxt.key != inf.key or \
                    nxt.occasion is None or nxt.occasion.many or self._blocked(inf) or \
                    inf.block is None or nxt.block is None or \
                    self.layout.section(inf.block) != self.layout.section(nxt.block) or \
                    nxt.block - inf.block > 2 or (inf.own_date is not None and inf.own_date.ref):
                continue
            if any(p.occasion is nxt.occasion for p in infos[:k]) or \
                    namer[id(nxt.occasion)].stmt.kind != "direct":
                continue  # named before; or not where a quote is placed ("“…,” he said in …")
            inf.occasion = nxt.occasion
            inf.occasion.member_blocks.add(inf.block)

    def _lede_day_occasion(self, inf: Info, section: int) -> Occ | None:
        """Same-day copy: a speaker's statement in the lede dated the day of publication opens
        that speaker's occasion of the day, which their next statements continue (rule 3):
        "Rush Limbaugh used his platform Friday …" — "“…,” Limbaugh said."""
        day = self.story_day(0)  # (only lede statements get here: a few per article)
        if day is None or day[1] != "lede" or not self._same_day(inf, day):
            return None
        occ = Occ(len(self.occs), section, inf.stmt.content.start, lede=True)
        occ.absorb(day[0], None, inf.key, inf.stmt.content.start)
        self.occs.append(occ)
        return occ

    def _older(self, inf: Info, occ: Occ) -> bool:
        """A live blog's present-tense "Clinton says …" is the entry's news: not an occasion
        dated another day (Monday's debate) that the speaker was last on."""
        return self.layout.live_blog and inf.aspect == "present" and self.pub is not None and \
            occ.date is not None and occ.date.grounded and occ.date.value != self.pub.isoformat()

    def _choose(self, inf: Info, last: Info | None, current, section: int) -> Occ | None:
        d = inf.own_date
        if d is not None and d.ref:
            return None  # dated by reference (see said_on), no occasion of its own
        if inf.stmt.method == "transcript":
            # an interview transcript is one occasion: the previous turn's, or the occasion of
            # the latest statement of one of the transcript's speakers (the interview it is of)
            turn_keys = {p.key for p in self.infos if p.stmt.method == "transcript" and p.key}
            for p in reversed(self.infos[:inf.idx]):
                if p.occasion is not None and p.section == inf.section and (
                        p.stmt.method == "transcript" or p.key in turn_keys):
                    return p.occasion
            return None
        if inf.continuation:
            prev = next((p for p in reversed(self.infos[:inf.idx]) if not p.headline and
                         p.key == inf.key and p.block is not None and inf.block is not None and
                         inf.block - p.block <= 2), last)
            return prev.occasion if prev is not None else None
        if self._blocked(inf):
            return None
        # one sentence, one occasion: a second cue of the same (or an unnamed) speaker
        # ("Roberts said Friday that … but said “the question is the timing.”")
        for p in self.infos:
            if p is not inf and p.sent == inf.sent and p.occasion is not None and \
                    p.stmt.cue is not None and (p.key == inf.key or inf.key is None):
                return p.occasion
        if inf.key:
            occ = current.get(inf.key)
            if occ is not None and occ.section == section and not self._older(inf, occ):
                return occ
            # the lede sums up; the speaker's occasion is named further on in the section
            if self.layout.is_lede(inf.block):
                for o in self.occs:
                    if o.section == section and inf.key in o.keys:
                        return o
        # an occasion where several people speak, which this speaker takes part in: named
        # with it, or speaking close to where it is told (a commentator quoted further on in
        # an article about a debate or a summit did not speak at it)
        for o in sorted(self.occs, key=lambda o: -o.start):
            if o.many and o.section == section and self._eligible(inf, o) and \
                    not self._older(inf, o) and \
                    self._near(inf, o) and \
                    (o.start <= inf.stmt.content.end or
                     (self.layout.is_lede(inf.block) and o.scope_end is None)) and \
                    (o.scope_end is None or (inf.block is not None and inf.block <= o.scope_end
                                             and self._topical(inf, o))):
                return o
        return None

    # ------------------------------------------------------------------ output

    def story_day(self, section: int) -> tuple[DateExpr, str] | None:
        """The day of same-day copy: a live-blog entry, or a lede dated the publication day."""
        if self.pub is None:
            return None
        lede = self.layout.ledes.get(section)
        if self.layout.live_blog and section > 0:
            # the entry's time stamp, on the day of publication
            stamp = min((b for b in self.layout.stamp_blocks if self.layout.section(b) == section),
                        default=None)
            a, b = self.ix.blocks[stamp] if stamp is not None else (0, 0)
            return DateExpr(a, b, self.ix.text[a:b], self.pub.isoformat(), "day"), "live"
        if lede is None or section != 0:
            return None
        dateline = DATELINE.match(self.ix.block_text(lede))
        after = self.ix.blocks[lede][0] + (dateline.end() if dateline else 0)
        for si in list(self.ix.block_sents(lede))[:2]:
            for d in self.sentence_phrases(si)[0]:
                if d.grounded and d.precision == "day" and d.value == self.pub.isoformat() and \
                        d.start >= after and not self._in_content(d.start, d.end):
                    return d, "lede"
        return None

    def _same_day(self, inf: Info, day: tuple[DateExpr, str]) -> bool:
        """A live-blog entry's statements are all of its day; a lede dated the day of
        publication dates only the statements of its paragraph and the next (ANNOTATION.md:
        "X said" in a paragraph whose date was just given) — not the whole story."""
        if day[1] == "live":
            return True
        lede = self.ix.block_at(day[0].start)
        return lede is not None and inf.block is not None and \
            0 <= inf.block - lede <= SAME_DAY_BLOCKS

    def finish(self) -> list[Occasion]:
        """said_on and venue of every statement from its occasion; the contract's occasions."""
        days = {}
        out: list[Occasion] = []
        for inf in self.infos:
            if inf.headline or inf.sent is None:
                continue
            section = self.layout.section(inf.block)
            if section not in days:
                days[section] = self.story_day(section)
            day = days[section]
            occ = inf.occasion
            d = inf.own_date
            if d is not None and d.ref:
                ref = next((p.said_on for p in reversed(self.infos[:inf.idx])
                            if p.said_on is not None and not p.headline), None)
                if ref is not None:
                    value, precision = coarsen(ref)
                    inf.said_on = SaidOn(value, precision, d.text, (Span(d.start, d.end),))
                    # "he said then": on the speaker's occasion of that time, if it is one
                    prev = next((q for q in reversed(self.infos[:inf.idx])
                                 if q.key == inf.key and q.occasion is not None), None)
                    if prev is not None and prev.said_on is not None and \
                            coarsen(prev.said_on)[0] == value:
                        occ = inf.occasion = prev.occasion
                if occ is None:
                    continue
            if occ is not None:
                if occ.date is not None and occ.date.grounded:
                    dd = occ.date
                    if inf.said_on is None:
                        inf.said_on = SaidOn(dd.value, dd.precision, dd.text, (Span(dd.start, dd.end),))
                elif day is not None and not occ.undated and inf.said_on is None:
                    inf.said_on = _day(day[0])
                if occ.venue is not None:
                    v = occ.venue
                    inf.venue = Venue(type=v.type, text=v.text, spans=(Span(v.start, v.end),),
                                      outlet=v.outlet, place=v.place)
            elif day is not None and self._same_day(inf, day) and not self._blocked(inf) and (inf.aspect in (
                    "past", "progressive", "present") or inf.aspect == "nominal" and
                    re.match(r"(?i)according", inf.stmt.cue.text)):
                if inf.continuation and (inf.idx == 0 or self.infos[inf.idx - 1].said_on is None):
                    continue
                inf.said_on = _day(day[0])
        n = 0
        for inf in self.infos:
            occ = inf.occasion
            if occ is None or inf.headline:
                continue
            if occ.id is None:
                n += 1
                occ.id = f"o{n}"
                said = inf.said_on if occ.date is None else _day(occ.date)
                out.append(Occasion(id=occ.id, venue=inf.venue, said_on=said,
                                    spans=tuple(Span(a, b) for a, b in sorted(set(occ.spans)))))
            inf.stmt = inf.stmt.replace(occasion=occ.id)
        return out


def finer(d: DateExpr, than: DateExpr) -> bool:
    """``d`` is a day inside the week, month or year ``than`` names ("Sunday" in "this weekend's
    broadcast of “Fox News Sunday”"): the two agree and ``d`` says more."""
    if not (d.grounded and than.grounded and d.precision == "day" and than.precision != "day"):
        return False
    v = than.value
    if than.precision == "week":
        monday = date.fromisoformat(v.split()[-1])
        return 0 <= (date.fromisoformat(d.value) - monday).days < 7
    return d.value.startswith(v)


def _day(d: DateExpr) -> SaidOn:
    return SaidOn(d.value, d.precision, d.text, (Span(d.start, d.end),) if d.end > d.start else ())


# verbs and nouns too common to tell what something is about
_LIGHT = {"have", "make", "take", "think", "want", "need", "know", "thing", "time", "people",
          "year", "come", "give", "going", "say", "tell", "whether"}


def _content_lemmas(toks) -> list[str]:
    return [t.lemma.lower() for t in toks if t.pos in ("NOUN", "VERB", "PROPN") and
            len(t.text) > 3 and t.lemma.lower() not in _LIGHT]
