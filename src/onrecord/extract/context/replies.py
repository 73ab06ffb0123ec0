"""Replies: which statement a statement answers (``responds_to``) and with which ``stance``.

A statement is linked only when the text presents it as an answer to, echo of or rebuttal of
another statement of the article (ANNOTATION.md); the target may come later in the text. The
ways real copy presents one, tried in this order for each statement:

1. it names the statement it answers: "the Russian demands" (a demand list), "Park's remarks",
   "responding to Biden" (a reaction cue aimed at a named speaker);
2. the statement it answers stands in its own sentence: nested in its content ("Trump was
   absolutely right when he said …") or in a "when/after/as" clause of its cue ("described
   Clinton as a disgrace after she attacked … and blamed …");
3. it points back with a statement noun: "that claim", "those comments", "the charges", "this
   framing" (the preceding speaker's statement), "That speech" (the latest speech);
4. a reaction cue aimed at something said without naming whom ("blasted the idea", "hit back",
   "responded"): the statement the article is arguing about so far, else the preceding
   speaker's; failing both, the first question put to the speaker at the same occasion;
5. an answer at the same occasion (a transcript, a town hall, a hearing, an interview): the
   question another speaker put just before ("Do you still believe …?"), or the statement it
   opens by judging ("You're right, …");
6. a contrast with the statement just before by someone else: "But Flynn said …", "However,
   Rep. Lynch said …".

A speaker's next statements on the same occasion (or in the same run) go on answering the same
statement; a headline answers what the body statement it sums up answers. Stance: the
reaction cue's polarity, else evaluative words of the content, else against for a contrast or
a denial, else neutral.
"""
from __future__ import annotations

import re

from ...model import Statement
from ...lexicon import roles
from ..names import is_first_name, party_of, place_of, title_kind
from .attach import attached, present_cue, spans_of
from .core import Info
from .index import TokenIndex
from .names import name_keys, name_rx, same_name, surname_rx, tokens
from .tables import tables

# what a reaction takes as its object ("welcomed the plan", "rejected the decision")
_REACTION_OBJECTS = (r"(?:remarks?|decisions?|orders?|account|announcement|promises?|pledges?|vows?|"
                     r"comments?|statements?|words|idea|suggestion|proposals?|plan|call|claims?|"
                     r"demands?|offer|criticism|position|stance|view|assertion|argument|appeal|"
                     r"warning|threat|ultimatum|speech|interview|tweet|post|accusations?|"
                     r"allegations?|message|charges?|framing|excuse|explanation|answer|response|"
                     r"pitch|plea|attacks?|declaration)")
# what a name's possessive points at when it points at something said ("Holt's account"; not
# "Trump's plan", a policy, nor "the mayor's decision", an act)
_STMT_NOUNS = (r"(?:remarks?|account|announcement|promises?|pledges?|vows?|"
               r"comments?|statements?|words|idea|suggestion|proposals?|call|claims?|"
               r"demands?|offer|criticism|assertion|argument|appeal|"
               r"warning|threat|ultimatum|speech|interview|tweet|post|accusations?|allegations?|"
               r"message|charges?|framing|excuse|explanation|answer|response|pitch|plea|"
               r"declaration)")
_PROPOSAL_NOUNS = r"(?:idea|suggestion|proposals?|plan|call|offer|demands?|order)"
# statement nouns that point back at something said ("that claim", "those comments")
# (a demonstrative points back even with a complement — "this framing of the necessity of
# voting"; "the claims of/about/that …" says which claims instead)
_POINTING = re.compile(
    r"(?i)\b(?:(?:that|this|those|these|such)\s+(?:[\w’'-]+\s+){0,2}?(?P<noun>claims?|comments?|"
    r"remarks?|charges?|accusations?|allegations?|speech|framing|argument|assertion|criticism|"
    r"excuse|explanation|words|message|pitch|rhetoric|characterization|description)\b"
    r"(?!\s+that\b)|"
    r"the\s+(?P<the>charges|accusations?|allegations?|claims?|remarks|comments)\b"
    r"(?!\s+(?:that|of|about|on|by|against)\b))")
# nouns whose referent is an occasion of a kind (the venue type of the occasion meant)
_OCCASION_NOUNS = {"speech": ("speech", "rally"), "pitch": ("speech", "rally"),
                   "message": ("speech", "rally", "social_media")}
# a sentence opening on a contrast with what was just said
_ANSWERING_NAME = re.compile(r"(?i)\b(?:respond\w*|react\w*|repl\w+|answer\w*|response|"
                             r"rebutt\w*|retort\w*|fir\w+ back|hit\w* back|shot back)\s+"
                             r"(?:to\s+|at\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}$")
_CONTRAST = re.compile(r"^\s*(?:But|However|Yet|Still)\b[, ]")
# an answer opening by judging what it answers (a question in disbelief — "Do you really see
# those two as equivalent?" — challenges the turn before it)
_JUDGING = re.compile(r"^\W*(?:(?P<favor>you(?:’|')re right|you are right|that(?:’|')s right|"
                      r"that is right|absolutely right|exactly|i agree|yes)|(?P<against>"
                      r"you(?:’|')re wrong|you are wrong|that(?:’|')s (?:not true|wrong|false)|"
                      r"no,|not at all|(?:do|did) you really|are you (?:really|seriously)|"
                      r"is that really|you really (?:think|believe|expect)))\b", re.I)
# a quotation opening by quoting the person spoken to ("You say you ‘accept responsibility’")
_QUOTING_BACK = re.compile(r"^\W*you(?:(?:’|')ve)?\s+(?:say|said|claim|claimed|keep saying|"
                           r"have said|have claimed)\b[^‘“\"']{0,40}[‘“\"']", re.I)
# a question or a request for an answer ("I've got to ask you …")
_ASKING = re.compile(r"\?|\b(?:ask you|asking you|my question|question for you)\b", re.I)
# how a reply names the time it answers: "before X's comments" is a time, not a reaction
_TIME_BEFORE = re.compile(r"(?i)\b(?:before|ahead of|prior to|since)\s+$")
_ANSWER_CUES = re.compile(r"(?i)\b(?:responded|replied|answered|respond|reply|answer|responding|"
                          r"replying|answering)\b")
# clause marks under which another's statement is what this one answers
_REPLY_MARKS = {"when", "after", "as"}


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


def reaction(ix: TokenIndex, inf: Info, content_spans, skip, core=()) -> tuple[str, bool, str] | None:
    """(polarity, aimed, words) of the reaction cues attached to the statement's cue: ``aimed``
    when one is inherently responsive ("reacting", "in response to") or takes a statement noun
    as object ("blasted the idea", "welcomed the proposal")."""
    st = inf.stmt
    if st.cue is None or inf.sent is None:
        return None
    sent = ix.sents[inf.sent]
    pol, aimed, words = None, "", []
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
            if re.match(r"\s+(?:(?:the|his|her|their|its|this|that|these|those|such|any)\s+)?"
                        r"(?:[\w’'-]+\s+){0,2}?" + _REACTION_OBJECTS + r"\b", after, re.I):
                aimed = "noun"  # "blasted the idea", "welcomed the proposal"
            elif role == "respond" and aimed != "noun":
                # "hit back", "countered": answers what was just said; "responded", "agreed",
                # "reacting": something unnamed
                aimed = "rebut" if p == "against" else (aimed or "respond")
    return (pol, aimed, " ".join(words)) if pol else None


def lead_in_reaction(ix: TokenIndex, inf: Info, content_spans) -> tuple[str, bool, str] | None:
    """'Okafor shrugs off the criticism. "Peter has never …," she told me.' A narrative sentence
    right before, in the same paragraph, holding no statement, whose subject is the speaker and
    whose reaction cue is aimed at something said, frames the statement that follows."""
    st = inf.stmt
    if inf.sent is None or inf.sent == 0 or inf.voice is None:
        return None
    prev = ix.sents[inf.sent - 1]
    if ix.block_at(prev.start) != inf.block or \
            any(sp.start < prev.end and prev.start < sp.end for sp in content_spans):
        return None
    ptext = ix.text[prev.start:prev.end]
    surname = tokens(inf.voice.name)[-1:] or [""]
    if not surname_rx(surname[0]).match(ptext):
        return None
    for rx, p, role in tables().stance:
        if role == "content":
            continue
        m = rx.search(ptext)
        if m and re.match(r"\s+(?:(?:the|his|her|their|its|this|that|these|those|such|any)\s+)?"
                          r"(?:[\w’'-]+\s+){0,2}?" + _REACTION_OBJECTS + r"\b", ptext[m.end():], re.I):
            return (p, "noun", m.group(0))
    return None


def content_polarity(st: Statement) -> str | None:
    """against / favor when the content's evaluative words (stance.tsv) agree on one."""
    found = set()
    for rx, pol, role in tables().stance:
        if role == "content" and rx.search(st.content.text):
            found.add(pol)
    if len(found) == 1:
        return found.pop()
    return None


# A statement with a cue of its own carries its speaker's answer only within this many
# paragraphs of the statement it continues.
CARRY_BLOCKS = 1


class Replies:
    """The reply links of one article (see the module doc)."""

    def __init__(self, ix: TokenIndex, infos: list[Info], demands: list[dict],
                 types: dict[str, str]) -> None:
        self.ix, self.infos, self.demands, self.types = ix, infos, demands, types
        self.text = ix.text
        self.prev_same = runs(infos)
        self.by_id = {inf.stmt.id: inf for inf in infos}
        self.body = [i for i in infos if not i.headline and i.sent is not None]
        self.controversy: list[tuple[str, str | None]] = []  # (target id, responder key)

    # ------------------------------------------------------------------ helpers

    def run_of(self, k: int) -> list[int]:
        run = [k]
        while run[0] in self.prev_same:
            run.insert(0, self.prev_same[run[0]])
        return [i for i in run if not self.infos[i].headline] or run

    def pick(self, k: int, noun: str | None = None) -> str:
        """Among the run of statement ``k`` (its speaker's consecutive statements, oldest
        first), the one a reaction answers: a proposal/demand when the reaction names an
        idea/plan/proposal, else the run's head."""
        cands = self.run_of(k)
        if noun and re.fullmatch(_PROPOSAL_NOUNS, noun, re.I):
            for c in cands:
                if self.types.get(self.infos[c].stmt.id) in ("proposal", "demand"):
                    return self.infos[c].stmt.id
        return self.infos[cands[0]].stmt.id

    def sent_text(self, inf: Info) -> tuple[int, str]:
        s = self.ix.sents[inf.sent]
        return s.start, self.text[s.start:s.end]

    def earlier_others(self, inf: Info) -> list[Info]:
        """Each earlier speaker's latest statement, most recent first."""
        latest: dict[str, Info] = {}
        for p in self.body:
            if p.idx >= inf.idx:
                break
            if p.key and p.key != inf.key:
                latest[p.key] = p
        return sorted(latest.values(), key=lambda p: -p.idx)

    def previous_other(self, inf: Info, adjacent: bool = True) -> Info | None:
        """The statement just before ``inf`` when it is someone else's and stands in the
        sentence right before (what "that claim" or "But …" answers is what was just said).
        Co-speakers of one statement ("Mr. Grassley and Mr. Leahy say") count as one."""
        voices = {p.key for p in self.body if p.stmt.content.spans == inf.stmt.content.spans}
        prev = next((p for p in reversed(self.body) if p.idx < inf.idx and
                     p.sent != inf.sent), None)
        if prev is None or prev.key is None or prev.key in voices or prev.section != inf.section:
            return None
        if adjacent and prev.sent is not None and inf.sent is not None and \
                self._last_sent(prev) != inf.sent - 1:
            return None
        return prev

    def _last_sent(self, inf: Info) -> int | None:
        """The last sentence a statement reaches (its content or its cue: "“…?” Park said.")."""
        st = inf.stmt
        end = max(st.content.end, st.cue.end if st.cue is not None else 0)
        return self.ix.sent_at(max(end - 1, st.content.start))

    # ------------------------------------------------------------------ the rules

    def demand_target(self, inf: Info) -> str | None:
        st = inf.stmt
        if not re.search(r"\bdemands?\b", st.content.text, re.I):
            return None
        target = None
        for d in self.demands:
            hk = d["holder"].lower()[:5] if d.get("holder") else "the"
            by = self.by_id.get(d.get("stated_by"))
            if by is not None and by.idx < inf.idx and by.key != inf.key and re.search(
                    r"\b(?:the|these|those|such|" + re.escape(hk) + r"\w*)\s+(?:\w+\s+)?demands?\b",
                    st.content.text, re.I):
                target = by.stmt.id
        return target

    def named_target(self, inf: Info) -> str | None:
        """Another speaker named with a statement noun ("Holt's account", "the mayor's
        evacuation order") or as the object of a reaction ("responding to Biden")."""
        start, stext = self.sent_text(inf)
        src = spans_of(inf.stmt.source)
        for other in self.earlier_others(inf):
            if other.voice is None:
                continue
            for key in name_keys(other.voice):
                for m in name_rx(key).finditer(stext):
                    pos = start + m.start()
                    before = re.sub(r"(?:[A-Z][\w’'.-]*\s+)+$", "", stext[:m.start()])
                    if any(sp.start <= pos < sp.end for sp in src) or _TIME_BEFORE.search(before):
                        continue
                    if _other_first_name(stext[:m.start()], other.voice.name):
                        continue  # "Ivanka Trump's statement" is not Donald Trump's
                    nm = re.match(r"(?:’s|'s)\s+(?:[\w-]+\s+){0,2}?(" + _STMT_NOUNS + r")\b",
                                  stext[m.start() + len(key):m.start() + len(key) + 60], re.I)
                    # "responding to Biden", "in a reply to Cruz" — not "called on Trump to …"
                    # (a demand made of him) or "references to Machado" (a topic)
                    if nm or (inf.reaction and _ANSWERING_NAME.search(stext[:m.start()])):
                        return self.pick(other.idx, nm.group(1) if nm else None)
        return None

    def clause_target(self, inf: Info) -> str | None:
        """Another speaker's statement in this one's sentence, nested in its content or in a
        when/after/as clause of its cue: the last such."""
        st = inf.stmt
        if st.cue is None:
            return None
        cue_tok = self.ix.tok_at(st.cue.start)
        found = None
        for p in self.body:
            if p is inf or p.sent != inf.sent or p.key == inf.key or p.stmt.cue is None:
                continue
            if any(sp.start <= p.stmt.cue.start < sp.end for sp in st.content.spans):
                if _speech_cue(p.stmt):
                    found = p  # nested: "Trump was absolutely right when he said …"
                continue
            t = self.ix.tok_at(p.stmt.cue.start)
            for _ in range(6):
                if t is None or cue_tok is None or t.head == t.i:
                    break
                if t.dep == "advcl" and self.ix.toks[t.head].i == cue_tok.i and any(
                        self.ix.toks[k].lower in _REPLY_MARKS and self.ix.toks[k].head == t.i
                        for k in self.ix.sents[t.sent].toks):
                    found = p
                    break
                if t.dep == "conj" and t.head != t.i:
                    t = self.ix.toks[t.head]  # "after she attacked … and blamed …"
                    continue
                if t.dep == "relcl" and self.ix.toks[t.head].dep in ("dobj", "dative", "pobj") \
                        and self.ix.toks[self.ix.toks[t.head].head].i == cue_tok.i:
                    found = p  # "told a young woman who suggested that …"
                break
        return found.stmt.id if found is not None else None

    def noun_target(self, inf: Info) -> str | None:
        """"that claim", "those comments", "the charges", "That speech" …"""
        st = inf.stmt
        start, stext = self.sent_text(inf)
        region = stext[:max(0, st.content.start - start)] + st.content.text  # in text order
        m = _POINTING.search(region)
        if not m:
            return None
        noun = (m.group("noun") or m.group("the")).lower()
        kinds = _OCCASION_NOUNS.get(noun)
        if kinds:
            for p in reversed(self.body[:self.body.index(inf)]):
                if p.key != inf.key and p.venue is not None and p.venue.type in kinds and \
                        p.occasion is not None and p.aspect != "perfect":
                    first = next(q for q in self.body if q.occasion is p.occasion)
                    return first.stmt.id
        prev = self.previous_other(inf, adjacent=True)
        if prev is not None:
            return self.pick(prev.idx)
        return self.named_before(inf)

    def named_before(self, inf: Info) -> str | None:
        """What a pointing noun refers to when the sentence right before reports no statement
        but names one: "Not everyone finds that pitch or Mr. Obama's remarks compelling." —
        "Absolutely hate this framing …"."""
        if inf.sent is None or inf.sent == 0:
            return None
        prev = self.ix.sents[inf.sent - 1]
        if inf.block is None or inf.block - prev.block > 1 or any(
                p.sent == inf.sent - 1 or any(sp.start < prev.end and prev.start < sp.end
                                              for sp in p.stmt.content.spans)
                for p in self.body):
            return None
        ptext = self.text[prev.start:prev.end]
        for other in self.earlier_others(inf):
            if other.voice is None:
                continue
            for key in name_keys(other.voice):
                for m in name_rx(key).finditer(ptext):
                    nm = re.match(r"(?:’s|'s)\s+(?:[\w-]+\s+){0,2}?(" + _STMT_NOUNS + r")\b",
                                  ptext[m.start() + len(key):m.start() + len(key) + 60], re.I)
                    if nm:
                        return self.pick(other.idx, nm.group(1))
        return None

    def reaction_target(self, inf: Info) -> str | None:
        """A reaction aimed at something said but not naming whom: the controversy so far,
        else the preceding speaker's run, else (a reply in the lede) the first question put to
        the speaker at the same occasion."""
        if inf.reaction is None or not inf.reaction[1]:
            return None
        for tid, rk in reversed(self.controversy):
            if rk != inf.key and self.by_id[tid].key != inf.key and \
                    self.by_id[tid].section == inf.section:
                return tid
        _s, stext = self.sent_text(inf)
        # what was just said — only when the reaction names it by a noun ("blasted the idea")
        # or rebuts ("hit back"): a bare "responded"/"agreed" after someone else is as often
        # about something else
        other = self.previous_other(inf, adjacent=False) if inf.reaction[1] in (
            "noun", "rebut") else None
        last = self._last_sent(other) if other is not None else None
        if other is not None and last is not None and inf.sent is not None and \
                inf.sent - last <= 2 and inf.block is not None and other.block is not None and \
                inf.block - other.block <= 1:
            # only what was just said, a lead-in sentence at most between ("X shrugs off the
            # criticism. “…,” X said"): further back, the answered statement is a guess
            nm = re.search(_PROPOSAL_NOUNS, stext, re.I)
            return self.pick(other.idx, nm.group(0) if nm else None)
        if inf.occasion is not None and _ANSWER_CUES.search(inf.reaction[2]):
            for p in self.body:
                if p.idx > inf.idx and p.occasion is inf.occasion and p.key != inf.key and \
                        self.is_question(p):
                    return p.stmt.id
        return None

    def is_question(self, inf: Info) -> bool:
        return self.types.get(inf.stmt.id) == "question" or bool(_ASKING.search(inf.stmt.content.text))

    def addressee(self, inf: Info) -> Info | None:
        """The person spoken to at the statement's occasion: another participant named right
        after a cue of address ("Warren told Stumpf", "asked Mr. Lee") in a statement made
        there; their latest statement before ``inf``."""
        occ = inf.occasion
        if occ is None:
            return None
        named = None
        for p in self.body:
            if p.idx >= inf.idx:
                break
            if p.occasion is not occ or p.stmt.cue is None or p.key == inf.key:
                continue
            if not re.search(r"(?i)\b(?:told|asked|pressed|grilled|questioned|urged)\s*$",
                             p.stmt.cue.text):
                continue
            after = self.text[p.stmt.cue.end:p.stmt.cue.end + 60]
            for q in self.body:
                if q.voice is None or q.key in (None, inf.key, p.key) or q.occasion is not occ:
                    continue
                if any(re.match(r"\s*(?:[A-Z][\w’'.-]*\s+){0,4}" + re.escape(k) + r"\b", after)
                       for k in name_keys(q.voice) if not k.startswith("the ")):
                    named = q.key
        if named is None:
            return None
        return next((q for q in reversed(self.body[:self.body.index(inf)])
                     if q.key == named and q.occasion is occ), None)

    def quoted_back(self, inf: Info) -> str | None:
        """"You say you ‘accept responsibility, and it was the fault of those 5,000 people’":
        quoting the words of the person spoken to back at them, at the occasion where they
        speak, answers them."""
        st = inf.stmt
        if st.kind != "direct" or not _QUOTING_BACK.match(st.content.text):
            return None
        target = self.addressee(inf)
        return self.pick(target.idx) if target is not None else None

    def answer_target(self, inf: Info) -> tuple[str, str] | None:
        """(target, stance) of an answer at the same occasion."""
        st = inf.stmt
        occ = inf.occasion
        if st.method != "transcript" and (occ is None or not (occ.many or (
                occ.venue is not None and occ.venue.type.endswith("interview")))):
            return None  # answers are given where questions are put: Q&A, hearing, interview
        judged = _JUDGING.match(st.content.text)
        if self.is_question(inf) and not judged:
            return None  # a question asks, it does not answer
        first_turn = True
        for p in reversed(self.body[:self.body.index(inf)]):
            same = p.occasion is inf.occasion if st.method != "transcript" else (
                p.stmt.method == "transcript" or (first_turn and self.is_question(p)))
            first_turn = False
            if not same:
                break
            if p.key == inf.key:
                return None  # answered already: what follows goes on with that answer
            if p.key is None:
                continue
            if inf.sent is not None and self._last_sent(p) not in (inf.sent - 1, inf.sent) and \
                    st.method != "transcript":
                return None  # an answer follows the question it answers
            if self.is_question(p):
                return p.stmt.id, self.stance_of(inf)
            if judged:
                inf.notes["judged"] = True
                return p.stmt.id, "favor" if judged.group("favor") else "against"
            return None
        return None

    def contrast_target(self, inf: Info) -> str | None:
        """"But Flynn said …", "However, Rep. Lynch said …" after someone else's statement."""
        if inf.stmt.cue is None:
            return None
        start, stext = self.sent_text(inf)
        head = stext[:max(0, min(inf.stmt.cue.start, inf.stmt.content.start) - start)]
        if not (_CONTRAST.match(stext) or re.search(r"(?i),\s*however,", head)):
            return None
        prev = self.previous_other(inf)
        if prev is None or (prev.venue is not None and prev.venue.type == "other" and
                            prev.aspect == "nominal"):
            return None  # "But …" after a poll's or a report's finding answers data, not a claim
        return self.pick(prev.idx)

    def contrast_clause(self, inf: Info):
        """"Tapper followed up on …, but Obama said …": the verb of the clause this statement's
        cue is coordinated with by "but"/"yet", when that clause has a subject of its own
        (someone else doing or saying something the statement answers); else None."""
        st = inf.stmt
        if st.cue is None or inf.sent is None:
            return None
        verb = next((t for t in self.ix.toks_in(st.cue.start, st.cue.end) if t.pos == "VERB"), None)
        if verb is None or verb.dep != "conj" or verb.head == verb.i:
            return None
        head = self.ix.toks[verb.head]
        kids = [self.ix.toks[i] for i in self.ix.sents[verb.sent].toks
                if self.ix.toks[i].head in (head.i, verb.i) and i not in (head.i, verb.i)]
        if not any(k.dep == "cc" and k.lower in ("but", "yet") and head.start < k.start < verb.start
                   for k in kids):
            return None
        own = [k for k in kids if k.head == verb.i and k.dep in ("nsubj", "nsubjpass")]
        subj = [k for k in kids if k.head == head.i and k.dep in ("nsubj", "nsubjpass")]
        if not own or not subj or subj[0].pos == "PRON":
            return None  # "… but added", "he … but said": the same speaker goes on
        return head

    def object_target(self, inf: Info) -> str | None:
        """A reaction cue whose object is a speaker this one has answered already ("blasted
        Clinton as a disgrace" after "described Clinton as a disgrace after she attacked …"):
        the same exchange goes on."""
        if inf.reaction is None or inf.reaction[0] == "neutral" or inf.stmt.cue is None:
            return None
        start, stext = self.sent_text(inf)
        after = stext[max(0, inf.stmt.cue.end - start):][:60]
        for other in self.earlier_others(inf):
            if other.voice is None:
                continue
            for key in name_keys(other.voice):
                if name_rx(key).match(after.lstrip()) or re.match(
                        r"\s*(?:[A-Z][\w’'.-]*\s+){0,4}" + re.escape(key) + r"\b", after):
                    for tid, rk in reversed(self.controversy):
                        if self.by_id[tid].key == other.key and rk == inf.key:
                            return tid
                    return None
        return None

    def rejoinder_target(self, inf: Info) -> str | None:
        """At an occasion where several people speak, a negation right after someone else's
        statement that takes up its words ("his attorney offered to have Pagliano appear at a
        closed session" — "I don't think it should be done behind closed doors")."""
        occ = inf.occasion
        if occ is None or not occ.many or inf.stmt.cue is None:
            return None
        prev = self.previous_other(inf)
        if prev is None or prev.occasion is not occ:
            return None
        toks = self.ix.toks_in(inf.stmt.content.start, inf.stmt.content.end)
        if not any(t.dep == "neg" or t.lower in ("never", "no", "however", "but") for t in toks):
            return None
        names = set(_content_words(prev.voice.name if prev.voice else ""))
        mine = {w for t in toks if t.pos in ("NOUN", "ADJ", "VERB") and len(t.text) > 3
                for w in (t.lemma.lower(), t.lower) if w not in _LIGHT}
        theirs = {w for t in self.ix.toks_in(prev.stmt.content.start, prev.stmt.content.end)
                  if t.pos in ("NOUN", "ADJ", "VERB") and len(t.text) > 3
                  for w in (t.lemma.lower(), t.lower)}
        return prev.stmt.id if (mine & theirs) - names else None  # the statement taken up

    # ------------------------------------------------------------------ the pass

    def stance_of(self, inf: Info, default: str = "neutral", critical: bool = False) -> str:
        """The reaction cue's polarity, else the content's evaluative words, else against for
        a denial (it contradicts what it answers) or — when ``critical``, for a statement that
        names what it answers — a criticism, else ``default``."""
        pol = inf.reaction[0] if inf.reaction else None
        if pol in (None, "neutral"):
            pol = content_polarity(inf.stmt) or pol
        ctype = self.types.get(inf.stmt.id)
        if pol in (None, "neutral") and (ctype == "denial" or (ctype == "criticism" and critical)):
            pol = "against"
        return pol or default

    def link(self, inf: Info, target: str, stance: str, kind: str) -> None:
        inf.responds_to, inf.stance = target, stance
        inf.notes["link"] = kind
        self.controversy.append((target, inf.key))

    def run(self) -> None:
        for inf in self.body:
            st = inf.stmt
            for kind, rule in (("demand", self.demand_target), ("named", self.named_target),
                               ("clause", self.clause_target), ("object", self.object_target),
                               ("quoted", self.quoted_back)):
                target = rule(inf)
                if target is not None and target != st.id:
                    self.link(inf, target, self.stance_of(inf, "against" if kind in (
                        "clause", "object", "quoted") else "neutral", critical=True), kind)
                    break
            if inf.responds_to:
                continue
            ans = self.answer_target(inf)
            if ans is not None:
                self.link(inf, ans[0], ans[1], "answer")
                continue
            if inf.reaction is None:
                target = self.noun_target(inf)
                if target is not None and target != st.id:
                    self.link(inf, target, self.stance_of(inf, "against", critical=True), "noun")
                    continue
            target = self.reaction_target(inf)
            if target is not None and target != st.id:
                self.link(inf, target, self.stance_of(inf), "reaction")
                continue
            clause = self.contrast_clause(inf)
            if clause is not None:
                # "X did …, but Y said …": Y answers X's clause — X's statement when it is one
                # of the article's, else something not reported as a statement: no carry
                other = next((p for p in self.body if p.sent == inf.sent and p.key != inf.key
                              and p.stmt.cue is not None and
                              p.stmt.cue.start <= clause.start < p.stmt.cue.end), None)
                if other is not None and other.key is not None:
                    stance = self.stance_of(inf, "against")
                    self.link(inf, self.pick(other.idx), "against" if stance == "neutral"
                              else stance, "contrast")
                continue
            if self.carry(inf):
                continue
            for kind, rule in (("contrast", self.contrast_target),
                               ("rejoinder", self.rejoinder_target)):
                target = rule(inf)
                if target is not None and target != st.id:
                    stance = self.stance_of(inf, "against")
                    self.link(inf, target, "against" if stance == "neutral" else stance, kind)
                    break
        self.headlines()

    def carry(self, inf: Info) -> bool:
        """A statement without a target of its own goes on with its speaker's answer: the
        run it continues (or, for an answer at an occasion, the speaker's previous statement
        there); a contrast ("But X said") carries only within its paragraph and to the
        quotation that continues it."""
        st, ix = inf.stmt, self.ix
        j = self.prev_same.get(inf.idx)
        if j is not None and self.infos[j].section != inf.section:
            j = None
        if j is None and inf.idx > 0 and inf.voice is not None and inf.voice.affiliation:
            # a spokesman continuing the reaction of the body he speaks for
            p = self.infos[inf.idx - 1]
            if p.voice is not None and not p.headline and p.section == inf.section and \
                    same_name(p.voice.name, inf.voice.affiliation):
                j = p.idx
        me = inf.key
        if j is None and inf.reaction is None and me is not None:
            # a speaker who answered a statement earlier, returning to the same proposal
            # ("his party would fight the change")
            earlier = next((c for c in reversed(self.controversy) if c[1] == me), None)
            if earlier and re.search(r"\b(?:the|this|that|these|those)\s+(?:\w+\s+)?(?:change|reform|"
                                     + _PROPOSAL_NOUNS + r")\b", st.content.text, re.I):
                prior = next(x for x in reversed(self.infos[:inf.idx])
                             if x.key == me and x.responds_to == earlier[0])
                self.link(inf, earlier[0], content_polarity(st) or prior.stance, "returning")
                return True
        if j is None or not self.infos[j].responds_to:
            return False
        prev = self.infos[j]
        kind = prev.notes.get("link")
        if kind in ("contrast", "rejoinder") and st.cue is not None:
            return False
        if st.cue is not None and inf.block is not None and prev.block is not None and \
                inf.block - prev.block > CARRY_BLOCKS:
            return False  # a statement with a cue of its own further on: nothing says it
            # still answers (its run goes on, its exchange need not)
        if kind == "answer" and (prev.occasion is not inf.occasion or (
                st.method == "transcript" and st.source is not None)):
            return False  # an answer goes on at its occasion; a new turn answers afresh
        if kind == "answer" and prev.notes.get("judged") and st.cue is not None and \
                inf.block != prev.block:
            return False  # agreeing with a claim ("You're right, …") is one turn: a new
            # paragraph with a cue of its own is the speaker going on to something else
        if inf.reaction is not None and inf.reaction[1]:
            return False  # an aimed reaction of its own (found no target): not a carry
        if present_cue(ix, st) and not present_cue(ix, prev.stmt):
            return False  # a switch to the present tense - "she says" - leaves the exchange
        stance = prev.stance
        if inf.reaction is not None and inf.reaction[0] != "neutral":
            stance = inf.reaction[0]
        # a contrastive turn ("She warned, however, ...") does not carry the stance
        start, stext = self.sent_text(inf)
        cue_region = stext[:max(0, st.content.start - start)]
        if re.search(r"\b(?:however|but|though|although|nevertheless|still)\b", cue_region, re.I):
            stance = content_polarity(st) or "neutral"
        self.link(inf, prev.responds_to, stance, kind or "carried")
        inf.notes["carried"] = True
        if prev.notes.get("judged"):
            inf.notes["judged"] = True
        return True

    def headlines(self) -> None:
        """A headline answers what the body statement it sums up answers."""
        for inf in self.infos:
            if not inf.headline or inf.key is None or inf.responds_to:
                continue
            words = set(_content_words(inf.stmt.content.text))
            if not words:
                continue
            for p in self.body:
                if p.key == inf.key and p.responds_to and not p.notes.get("carried") and \
                        p.notes.get("link") in ("named", "clause", "object", "reaction") and \
                        len(words & set(_content_words(p.stmt.content.text))) * 2 >= len(words):
                    inf.responds_to, inf.stance = p.responds_to, p.stance
                    break


# verbs and adjectives too common to show that a statement takes up another's words
_LIGHT = {"think", "have", "make", "take", "want", "need", "know", "good", "right", "time",
          "people", "year", "thing", "going", "said", "say", "tell", "come", "give", "only"}


def _speech_cue(st: Statement) -> bool:
    """A cue of the cue table (said, told, claimed …), not a verb of intention or action."""
    from ...lexicon import cues
    words = re.findall(r"[A-Za-z]+", st.cue.text) if st.cue else []
    table = cues()
    return any(table.type_of(x, "VERB") in ("speech", "writing", "speech-object")
               for w in words[:2] for x in (w, _lemma(w)))


def _lemma(w: str) -> str:
    w = w.lower()
    for suf, rep in (("ied", "y"), ("ies", "y"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "")):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            return w[: -len(suf)] + rep
    return w


def _content_words(s: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z’'-]{3,}", s.lower())
            if w not in {"that", "this", "with", "from", "have", "were", "been", "they", "their",
                         "would", "will", "about", "there", "which", "what"}]


def responses(ix: TokenIndex, infos: list[Info], demands: list[dict], types: dict[str, str]) -> None:
    Replies(ix, infos, demands, types).run()


def _other_first_name(before: str, name: str) -> bool:
    """The word right before a matched surname is another given name ("Ivanka Trump's
    statement" is not Donald Trump's): capitalised inside the sentence, not part of this
    person's name, and no title, role, party or place."""
    m = re.search(r"(?<=[a-z,;]\s)([A-Z][a-z]+)\s+$", before)
    if not m:
        return False
    w = m.group(1)
    return w not in name.split() and (is_first_name(w) or (
        title_kind(w) is None and party_of(w) is None and place_of(w) is None
        and w.lower() not in roles()))

