"""Speaker resolution within one article: a source mention → a speaker, a confidence, and the
candidates when no reading is confident enough.

The article's people and organisations are gathered once (:mod:`.mentions`); names are split
and compared by :mod:`.names`. A source mention is read by what heads it:

* a **name** → the person of the article it can be, under the fullest name the article gives
  ("Macron" → "Emmanuel Macron"; "President (Vladimir) Putin" → "Vladimir Putin"). A surname
  two people share ("Clinton") goes by honorific ("Mrs."), title ("former President") and then
  by who was last the subject or the speaker; never merged across people.
* a **pronoun** → the last person who was the subject in the paragraph, else the previous
  speaker, else the nearest earlier person, skipping those whose gender (honorific, gendered
  role noun, first name) contradicts "he"/"she"; "they"/"it" → the previous group or
  organisation.
* a **description** ("the mayor", "the California congressman", "Pagliano's lawyer", "The
  Democratic presidential nominee") → the person the article gave that role (data/roles.tsv
  classes), with party, state and "former" agreeing.
* an **organisation** → its name as the article gives it, acronyms expanded ("the IMF" →
  "International Monetary Fund"), a kind noun ("the fund", "the bank") → the organisation of
  that kind; "<agency> officials" → the agency.
* a **place** speaks only as a government ("Russia said"); as a modifier of a person or role
  ("Connecticut's tax commissioner") it is an affiliation, never the speaker.
* a **group** keeps its qualifier ("Central European leaders", "supporters in Congress"); a
  bare "police" takes the article's one qualified form ("Charlotte-Mecklenburg police").

Every reading carries a confidence from how it was made (``PATH_CONFIDENCE``, calibrated on
the real-news development set: see README "Speakers"); the pipeline reports the speaker only at
or above its threshold and otherwise leaves it unresolved with the candidate mentions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Span, Speaker, SpeakerCandidate
from ..nlp import ParsedText
from ..lexicon import cues as cue_table, is_outlet, org_nouns, person_nouns, places, roles
from .parsetree import head_token, tokens_in
from .mentions import FRONTED_SAYING, ArticleEntities, Org, Person, role_classes, widen_name  # noqa: F401
from .names import fix_mojibake, key, party_of, place_of, split_name, title_kind

_PRONOUN_PERSON = {"he", "she", "him", "her", "i", "me"}
_PRONOUN_GROUP = {"they", "we", "them", "us"}
_PRONOUN_THING = {"it"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "likes", "of"}
_POSS_PRONOUNS = {"his", "her", "its", "their", "our", "my", "your"}
_ARTICLES = {"the", "a", "an", "this", "that", "these", "those"}
# Nouns for what was said or written: their author is the speaker ("the IMF report said").
DOCUMENT_NOUNS = frozenset("""report reports study survey poll statement statements letter memo
complaint lawsuit filing suit ad ads advertisement clip video spot commercial release analysis
review ruling order opinion editorial article story website site post tweet book document
documents paper papers forecast outlook assessment note notice""".split())
# Singular nouns for a group of people.
COLLECTIVE_NOUNS = frozenset({"family", "crowd", "audience", "public", "staff", "team",
                              "couple", "household", "community"})
# Group nouns that stand for one body the article qualifies once ("police" → "Charlotte-
# Mecklenburg police", "the family" → "Keith Lamont Scott's family"); a bare "developers" or
# "voters" is no particular body.
QUALIFIED_GROUPS = frozenset({"police", "official", "authority", "prosecutor", "investigator",
                              "officer", "regulator", "lawmaker", "legislator", "family",
                              "relative", "attorney", "lawyer", "firefighter", "trooper"})
# Group nouns whose organisation, when named, is the speaker ("IMF officials" → the IMF).
AGENCY_GROUP_NOUNS = frozenset({"official", "officials"})

# How much each way of reading a mention is worth: the share of readings made that way that
# named the right person on the development set (see benchmarks/bench_speakers.py), rounded.
PATH_CONFIDENCE = {
    "name": 0.97,                # a name that can only be one person of the article
    "name-single": 0.9,         # a person the article names by one word only
    "name-unknown": 0.6,         # a proper noun the article never introduces as a person
    "name-disambiguated": 0.85,  # a shared surname decided by honorific, title or role
    "name-salient": 0.75,        # a shared surname decided by who was last subject or speaker
    "transcript": 0.9,           # a transcript label ("WALLACE:")
    "pronoun-subject": 0.9,      # "he" → the paragraph's subject, nobody else in between
    "pronoun-speaker": 0.92,     # "he" → the previous speaker, nobody else in between
    "pronoun-contested": 0.7,    # another person of that gender was named in between
    "pronoun-gender": 0.8,       # far back, but the only person of that gender since
    "pronoun-distant": 0.5,      # the nearest earlier person, no speaker or subject close
    "pronoun-group": 0.65,       # "they"/"it" → the previous group or organisation
    "role": 0.9,                # "the mayor" → the one person given that role
    "role-salient": 0.6,         # several people have the role: the last one referred to
    "role-headline": 0.7,        # a headline's "Lawmaker" → the article's person of that role
    "role-previous": 0.55,       # a description no role matches → the previous speaker
    "role-cataphora": 0.75,      # a lede's "a judge", named with that role further on
    "description": 0.4,          # a description of someone the article does not name
    "org": 0.95,                 # an organisation's name
    "org-acronym": 0.93,         # an acronym the article expands
    "org-kind": 0.9,
    "org-described": 0.7,        # "the port authority", no such organisation named: as written            # "the fund" → the organisation whose name ends with "Fund"
    "org-salient": 0.6,          # "the bank" → the article's most named organisation
    "org-author": 0.6,           # "the IMF report said" → the IMF
    "place": 0.9,                # a country or state speaking as a government
    "group": 0.9,               # a group noun phrase, qualifier kept
    "group-qualified": 0.6,     # a bare group noun given the article's qualifier
    "anonymous": 0.7,            # "a campaign aide": someone unnamed, labelled "unnamed …"
    "person-inside": 0.4,       # a person named inside a source headed by a thing
    "unknown": 0.3,              # nothing the mention could be
}


# A statement that continues the previous one's speaker keeps its reading at this share of the
# confidence, by how the statement was found (an unattributed quote is only near the other).
CONTINUATION_CONFIDENCE = {"continuation": 0.97, "unattributed-quote": 0.6, "default": 0.9}
# A lede's indefinite description ("A New York judge has rejected …") may be the person named
# with that role in the next two paragraphs, when it stands in the first this many paragraphs.
CATAPHORA_LEDE_BLOCKS = 2
# A reading from a loose source (see SpeakerResolver.resolve) is worth this share of its path's.
LOOSE_SOURCE_FACTOR = 0.55


def _is_speech_word(tok) -> bool:
    """A cue word that reports speech or writing (data/cues.tsv types), or "according"."""
    if tok.lower_ == "according":
        return True
    table = cue_table()
    lemma = (tok.lemma_ or tok.lower_).lower()
    for pos in ("VERB", "NOUN", "PHRASE"):
        if table.type_of(lemma, pos) in ("speech", "writing", "speech-object"):
            return True
    return False


@dataclass
class Resolution:
    """A reading of a source mention: the speaker, how sure, how it was made, and the
    candidates to report when it is not sure enough (the reading first)."""

    speaker: Speaker | None
    confidence: float
    path: str
    candidates: list[SpeakerCandidate] = field(default_factory=list)
    person: Person | None = None
    continued: str = ""      # carried on from the previous statement: how (its method)
    loose: bool = False      # the source mention does not stand where a speaker does

    def carried(self, method: str) -> "Resolution":
        """This reading, for a statement that continues this one's speaker (a quote after
        its attributed sentence, an unattributed quote next to it): worth a little less, or
        much less when nothing but nearness ties the two."""
        factor = CONTINUATION_CONFIDENCE.get(method, CONTINUATION_CONFIDENCE["default"])
        return Resolution(self.speaker, self.confidence * factor, self.path,
                          list(self.candidates), self.person, continued=method or "default",
                          loose=self.loose)

    @classmethod
    def unresolved(cls, path: str = "unknown", candidates=()) -> "Resolution":
        return cls(None, PATH_CONFIDENCE.get(path, 0.3), path, list(candidates))


class SpeakerResolver:
    """Resolves source mentions of one article; build one per article, and ``note`` each
    statement's resolution in text order (pronouns and salience read them)."""

    def __init__(self, parsed: ParsedText, quote_ranges: list[tuple[int, int]] = ()):
        self.parsed = parsed
        self.text = parsed.text
        self.ents = ArticleEntities(parsed, quote_ranges)
        self._offsets = {id(b.doc): b.offset for b in parsed.blocks}
        self._block_of_doc = {id(b.doc): i for i, b in enumerate(parsed.blocks)}
        self._block_starts = [b.offset for b in parsed.blocks]
        self.history: list[tuple[int, Resolution]] = []
        # (statement, its reading, the statement's own confidence), for benchmarks
        self.statements: list[tuple[object, Resolution, float]] = []
        self._mention_at = sorted(((m.start, m.end, m) for m in self.ents.mentions),
                                  key=lambda x: x[0])

    # -- bookkeeping ------------------------------------------------------------------------
    def note(self, position: int, res: Resolution, statement=None,
             statement_confidence: float = 1.0) -> None:
        """Remember a statement's reading (at ``position``) for the mentions after it."""
        self.history.append((position, res))
        if statement is not None:
            self.statements.append((statement, res, statement_confidence))

    def block_index(self, pos: int) -> int:
        import bisect
        return max(0, bisect.bisect_right(self._block_starts, pos) - 1)

    def _abs(self, tok) -> int:
        return self._offsets[id(tok.doc)] + tok.idx

    def _last_reference(self, p: Person, pos: int, strong_only: bool = False) -> int:
        """Offset of the last reference to ``p`` before ``pos``: a mention (a subject one when
        ``strong_only``) or a statement resolved to them."""
        best = -1
        for m in p.mentions:
            if m.start < pos and (not strong_only or m.subject) and m.start > best:
                best = m.start
        for hp, r in self.history:
            if hp < pos and r.person is p and r.speaker is not None and hp > best:
                best = hp
        return best

    def _candidate(self, name: str, pos: int, p: Person | None = None,
                   span: tuple[int, int] | None = None) -> SpeakerCandidate:
        if p is not None and span is None:
            before = [m for m in p.mentions if m.start < pos] or p.mentions
            if before:
                m = before[-1]
                span = (m.start, m.end)
        return SpeakerCandidate(name, (Span(*span),) if span else ())

    def _person_res(self, p: Person, path: str, pos: int, role: str | None = None,
                    conf: float | None = None, others=()) -> Resolution:
        if path == "name" and len(p.words) == 1:
            path = "name-single"
        sp = Speaker(p.name, "person", p.role or role, p.affiliation or p.party)
        cands = [self._candidate(p.name, pos, p)] + [self._candidate(o.name, pos, o)
                                                      for o in others if o is not p]
        return Resolution(sp, PATH_CONFIDENCE[path] if conf is None else conf, path, cands, p)

    # -- entry point ------------------------------------------------------------------------
    def resolve(self, source_head, source_range: tuple[int, int] | None,
                position: int, cue=(), content=()) -> list[Resolution]:
        """Readings of a source mention headed by ``source_head`` (a spaCy token or None, then
        read from the text of ``source_range``): one per coordinated speaker. ``cue`` and
        ``content`` (character ranges) tell whether the mention is where a speaker stands; a
        source that is not (inside the content, the object of "telling", the subject of a verb
        that is no cue) is a *loose* one, and its readings are worth less."""
        if source_head is None:
            if source_range is None:
                return []
            return [self._from_text(source_range, position)]
        heads = [source_head] + [c for c in source_head.children if c.dep_ == "conj"
                                 and c.pos_ in ("PROPN", "NOUN", "PRON")]
        loose = not self._source_fits(source_head, source_range, cue, content)
        out = []
        for h in heads:
            r = self._from_head(h, position, source_range, plural=len(heads) > 1)
            if r is not None:
                if loose:
                    r.loose = True
                    r.confidence *= LOOSE_SOURCE_FACTOR
                out.append(r)
        return out

    def _source_fits(self, head, rng, cue, content) -> bool:
        """Whether the source mention stands where a speaker does: outside the content, and
        the subject (or possessor, "according to"/"by"/"from" object) of a speech cue word or
        of a verb such a word continues ("said … and added")."""
        if rng is not None and any(a < rng[1] and rng[0] < b for a, b in content):
            return False
        if rng is not None and self.ents.in_quote(rng[0]):
            return False  # a title in quotation marks ("Fox and Friends") is not a speaker
        if not cue:
            return True
        off = self._offsets[id(head.doc)]
        cue_toks = []  # (a span per cue range: walking the paragraph's tokens costs more)
        for a, b in cue:
            span = head.doc.char_span(a - off, b - off, alignment_mode="expand")
            if span is not None:
                cue_toks.extend(t for t in span if a <= off + t.idx < b)
        if not cue_toks or all(t.is_punct for t in cue_toks):
            return True  # a colon or a dash (a headline's, a byline's), or another paragraph
        # the cue's words of saying; a cue the table does not type ("has encouraged",
        # "tried to make the case") passed the speech test: its head word stands for it
        speech = [t for t in cue_toks if _is_speech_word(t)]
        if not speech:
            ids = {t.i for t in cue_toks}
            speech = [t for t in cue_toks if t.head.i not in ids or t.head.i == t.i][:1]
        # the mention itself, and what it is coordinated with or in apposition to
        srcs = [head]
        while srcs[-1].dep_ in ("conj", "appos") and srcs[-1].head.i != srcs[-1].i:
            srcs.append(srcs[-1].head)
        return any(self._stands_for(src, c) for src in srcs for c in speech)

    @staticmethod
    def _stands_for(src, c) -> bool:
        """``src`` is the speaker's place for the cue word ``c``."""
        if src.head.i == c.i and src.dep_ in ("nsubj", "poss", "compound", "nmod", "npadvmod"):
            return True
        if src.head.i == c.i and src.i < c.i and src.dep_ in ("advcl", "dep", "appos") and (
                src.pos_ == "PROPN" or src.i == src.sent.start and src.text[:1].isupper()
                and src.pos_ != "PRON") and \
                not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in c.children):
            return True  # a subject the parser hung elsewhere ("Trump, appearing after …, cited")
        if src.dep_ == "pobj" and src.head.lower_ in ("by", "from", "to", "of") and (
                src.head.head.i == c.i or src.head.head.lower_ == "according" or
                src.head.head.head.i == c.i):
            return True
        # "X said … and added", "X went on to say": the verb whose subject X is
        v, hops = c, 0
        while hops < 4 and v.dep_ in ("conj", "xcomp", "advcl", "ccomp", "acl", "relcl",
                                      "pcomp", "prep", "dep", "dobj") and v.head.i != v.i:
            if v.dep_ == "xcomp" and any(x.dep_ == "dobj" for x in v.head.children):
                break  # "forced Stumpf to admit": the object speaks, not the subject
            v = v.head
            hops += 1
            if src.head.i == v.i and src.dep_ in ("nsubj",):
                return True
        # "X, who said", "according to X"
        return c.lower_ == "according" or c.dep_ in ("relcl", "acl") and c.head.i == src.i

    # -- a mention given as text (headline "Pence:", transcript "WALLACE:") -----------------
    def _from_text(self, rng: tuple[int, int], pos: int) -> Resolution:
        raw = fix_mojibake(self.text[rng[0]:rng[1]]).strip()
        # "Continued Stone: “…”": an inverted attribution's verb is not part of the name
        fronted = re.match(r"([A-Z][a-z]+)\s+(?=[A-Z])", raw)
        if fronted and fronted.group(1).lower() in FRONTED_SAYING:
            rng = (rng[0] + self.text[rng[0]:rng[1]].find(raw) + fronted.end(), rng[1])
            raw = raw[fronted.end():]
        # "Railing Against Trump, Sanders Vows …": the speaker is what follows the comma
        tail = re.search(r",\s*([^,]+)$", raw)
        if tail and not re.match(r"(?:Jr|Sr|II|III|IV)\b", tail.group(1)):
            rng = (rng[0] + self.text[rng[0]:rng[1]].rfind(tail.group(1)), rng[1])
            raw = tail.group(1).strip()
        label = raw.title() if raw.isupper() and len(raw) > 3 else raw
        org = self.ents.org_named(raw)
        if org is not None:
            return Resolution(Speaker(org.display, "organization"), PATH_CONFIDENCE["org"],
                              "org", [self._candidate(org.display, pos, span=rng)])
        hit = places().get(key(raw))
        if hit:
            return self._place(hit, rng, pos)
        parts = split_name(label)
        # a description in a headline ("Lawmaker urges …"): read it as one
        block = self.parsed.block_at(rng[0])
        head = head_token(block, rng) if block is not None else None
        if head is not None and not raw.isupper() and (
                head.lower_ in person_nouns() or role_classes(head.lower_)) and not (
                parts is not None and self.ents.people_named(parts.words)):
            return self._common(head, tokens_in(block, rng), pos, rng)
        if parts is None:
            return Resolution.unresolved("unknown", [self._candidate(raw, pos, span=rng)])
        res = self._by_name(parts.words, parts, pos, rng)
        if raw.isupper() and res.path == "name-unknown":
            res.confidence = PATH_CONFIDENCE["transcript"]
            res.path = "transcript"
        return res

    def _place(self, hit, rng, pos) -> Resolution:
        canon, kind = hit
        sp = Speaker(canon, "country" if kind == "country" else "organization")
        return Resolution(sp, PATH_CONFIDENCE["place"], "place",
                          [self._candidate(canon, pos, span=rng)])

    # -- names ------------------------------------------------------------------------------
    def _by_name(self, words, parts, pos: int, rng=None, mention=None) -> Resolution:
        ents = self.ents
        if mention is not None and mention.person is not None:
            p = mention.person
            return self._person_res(p, "name", pos, parts.role if parts else None)
        cands = ents.people_named(words)
        if len(cands) == 1:
            return self._person_res(cands[0], "name", pos, parts.role if parts else None)
        if not cands:
            name = parts.name if parts else " ".join(words)
            if name.isupper() and len(name) > 3:
                name = name.title()
            sp = Speaker(name, "person", parts.role if parts else None,
                         (parts.affiliation or parts.party) if parts else None)
            return Resolution(sp, PATH_CONFIDENCE["name-unknown"], "name-unknown",
                              [self._candidate(name, pos, span=rng)])
        # a surname several people share: honorific, title or role first
        keep = cands
        if parts is not None and parts.honorific:
            from ..lexicon import genders
            g = genders()["title"].get(parts.honorific)
            if g:
                keep = [p for p in keep if p.gender in (g, None)] or keep
                if len(keep) > 1:
                    keep = [p for p in keep if p.gender == g] or keep
        if len(keep) > 1 and parts is not None and parts.role:
            want = role_classes(parts.role)
            fit = [p for p in keep if want & set(p.role_classes())]
            former = "former" in parts.role.lower()
            fit = [p for p in fit if not former or any("former" in r for _, r in p.roles)] or fit
            keep = fit or keep
        if len(keep) == 1:
            return self._person_res(keep[0], "name-disambiguated", pos, others=cands)
        # who was last the subject or the speaker, then who was last named
        ranked = sorted(keep, key=lambda p: (self._last_reference(p, pos, True),
                                             self._last_reference(p, pos)), reverse=True)
        return self._person_res(ranked[0], "name-salient", pos, others=ranked)

    def _mention_covering(self, a: int) -> object | None:
        for s, e, m in self._mention_at:
            if s <= a < e:
                return m
            if s > a:
                break
        return None

    # -- pronouns ---------------------------------------------------------------------------
    def _pronoun(self, tok, pos: int) -> Resolution | None:
        low = tok.lower_
        if low in _PRONOUN_PERSON:
            return self._person_pronoun(tok, pos)
        return self._plural_pronoun(tok, pos)

    def _person_pronoun(self, tok, pos: int) -> Resolution | None:
        """"he"/"she": the most recent main-clause subject or speaker of its paragraph, else
        the previous speaker (two paragraphs at most), else the nearest person named."""
        low = tok.lower_
        ents = self.ents
        bi = self.block_index(pos)
        if low in ("i", "me") and not ents.in_quote(self._abs(tok)):
            return None  # the writer's own "I said": nobody the article names

        def agrees(p: Person) -> bool:
            want = "m" if low in ("he", "him") else "f" if low in ("she", "her") else None
            return want is None or p.gender in (None, want)

        people_before = [m for m in ents.mentions if m.end <= pos and m.person is not None
                         and not ents.in_quote(m.start)]

        def rivals(p: Person | None, since: int) -> bool:
            return any(m.start > since and m.person is not p and agrees(m.person)
                       for m in people_before)

        # (position, person, speaker reading or None): main-clause subjects of this paragraph
        # and the one before, and earlier speakers; the most recent wins
        prev_start = self._block_starts[max(0, bi - 1)]
        pool: list[tuple[int, Person | None, Resolution | None]] = []
        if low not in ("i", "me"):
            pool += [(m.start, m.person, None) for m in people_before
                     if m.start >= prev_start and m.main and agrees(m.person)]
            # a subject earlier in the pronoun's own sentence binds it ("But some note that
            # Trump — even as he says …"), whatever clause it stands in
            at = self._abs(tok)
            sent_start = at - (tok.idx - tok.sent.start_char)
            bound = [(m.start, m.person, None) for m in people_before
                     if sent_start <= m.start < at and m.subject and agrees(m.person)]
            if not bound:
                # "As for Trump, he said …": the one person of that gender named earlier in the
                # sentence, whatever their role in it
                named = [m for m in people_before if sent_start <= m.start < at and agrees(m.person)]
                if len({id(m.person) for m in named}) == 1:
                    bound = [(named[-1].start, named[-1].person, None)]
            pool += bound
        # earlier speakers; a description the article never ties to a name ("the former first
        # lady") is no antecedent of "he"/"she"
        gendered = low in ("he", "him", "she", "her")
        pool += [(hp, r.person, r) for hp, r in self.history if hp < pos and r.speaker is not None
                 and r.speaker.type == "person" and r.path != "anonymous"
                 and r.confidence > PATH_CONFIDENCE["pronoun-distant"]  # a guess is no speaker
                 and (agrees(r.person) if r.person is not None else
                      not (gendered and r.path == "description"))]
        want = "m" if low in ("he", "him") else "f" if low in ("she", "her") else None

        def far(p: Person | None, at: int) -> str:
            # far back, but the only one of that gender named since: "she" after one woman
            since = self._block_starts[self.block_index(at)]
            if p is not None and want and p.gender == want and not rivals(p, since):
                return "pronoun-gender"
            return "pronoun-distant"

        if pool:
            at, p, r = max(pool, key=lambda x: x[0])
            close = self.block_index(at) >= bi - (1 if r is None else 2)
            if not close:
                path = far(p, at)
            elif rivals(p, at):
                path = "pronoun-contested"
            else:
                path = "pronoun-speaker" if r is not None else "pronoun-subject"
            if p is None:
                return Resolution(r.speaker, PATH_CONFIDENCE[path], path, list(r.candidates[:1]))
            return self._person_res(p, path, pos)
        before = [m for m in people_before if agrees(m.person)]
        if before:
            return self._person_res(before[-1].person, far(before[-1].person, before[-1].start),
                                    pos)
        return None

    def _plural_pronoun(self, tok, pos: int) -> Resolution | None:
        """"they"/"we"/"it": the most recent group, organisation or coordinated people that
        stood as a subject (or "according to" object) in its paragraph or the one before, else
        the previous speaker that is no person (two paragraphs at most); otherwise none."""
        low = tok.lower_
        bi = self.block_index(pos)
        lo = self._block_starts[max(0, bi - 1)]
        best = None
        for k in range(max(0, bi - 1), bi + 1):
            block = self.parsed.blocks[k]
            for t in self.ents.tokens[k]:
                a = block.offset + t.idx
                if a < lo or a >= pos or self.ents.in_quote(a):
                    continue
                if not (t.dep_ in ("nsubj", "nsubjpass") or t.dep_ == "pobj" and
                        t.head.lower_ in ("to", "by") and t.head.head.lower_ in ("according", "said")):
                    continue
                if t.pos_ == "PRON":
                    continue
                plural_ok = low in _PRONOUN_GROUP and (
                    t.tag_ in ("NNS", "NNPS") and ((t.lemma_ or t.lower_).lower() in person_nouns()
                                                    or t.lower_ in person_nouns())
                    or any(c.dep_ == "conj" for c in t.children) and t.ent_type_ == "PERSON"
                    or t.ent_type_ in ("ORG", "NORP"))
                thing_ok = low in _PRONOUN_THING and (
                    t.ent_type_ in ("ORG", "GPE") or (t.lemma_ or "").lower() in org_nouns())
                if plural_ok or thing_ok:
                    best = t
        hist = None
        for hp, r in reversed(self.history):
            if hp < pos and r.speaker is not None and r.speaker.type != "person":
                hist = (hp, r)
                break
        if best is not None and (hist is None or self._abs(best) > hist[0]):
            r = self._from_head(best, self._abs(best))
            if r is not None and r.speaker is not None:
                r.path, r.confidence = "pronoun-group", PATH_CONFIDENCE["pronoun-group"]
                return r
        if hist is not None and self.block_index(hist[0]) >= bi - 2:
            r = hist[1]
            return Resolution(r.speaker, PATH_CONFIDENCE["pronoun-group"], "pronoun-group",
                              list(r.candidates[:1]), r.person)
        return None

    # -- a mention headed by a token --------------------------------------------------------
    def _own_tokens(self, head) -> list:
        """``head``'s subtree without coordinated siblings, relative clauses, appositions and
        "including …" lists."""
        skip = set()
        first_conj = min((c.i for c in head.children if c.dep_ == "conj"), default=None)
        for c in head.children:
            drop = c.dep_ in ("conj", "cc", "relcl", "acl", "appos", "advcl") or (
                c.dep_ == "punct" and c.i > head.i) or (
                c.dep_ == "prep" and c.lower_ in ("including", "like", "such")) or (
                # "Developers and supporters in Congress": a modifier after the last
                # conjunct is that conjunct's
                first_conj is not None and c.i > first_conj and c.dep_ == "prep")
            if drop:
                skip.update(x.i for x in c.subtree)
        toks = [t for t in head.subtree if t.i not in skip] or [head]
        if head.dep_ == "conj" and not any(c.dep_ == "prep" and c.i > head.i
                                           for c in head.children):
            # … and the last conjunct takes the modifier the parser hung on the first
            shared = [c for c in head.head.children if c.dep_ == "prep" and c.i > head.i]
            for c in shared:
                toks += list(c.subtree)
            toks.sort(key=lambda t: t.i)
        # a dateline or a timestamp before a dash is not the mention
        cuts = [i for i, t in enumerate(toks) if t.text in ("—", "–", "--", ":") and t.i < head.i]
        if cuts:
            toks = toks[cuts[-1] + 1:] or [head]
        return toks

    def _from_head(self, head, pos: int, rng=None, plural: bool = False) -> Resolution | None:
        low = head.lower_
        if head.pos_ == "PRON" and not (head.text.isupper() and len(head.text) > 1) or \
                low in _PRONOUN_PERSON and head.text != head.text.upper():
            if low in ("who", "that", "which"):
                # "demonstrators, who have called for …": the noun the clause hangs on
                clause = head.head
                if clause.dep_ in ("relcl", "acl") and clause.head.pos_ in ("NOUN", "PROPN"):
                    ante = clause.head
                    # "… Will Smith, Robert DeNiro and Stevie Wonder, who joked": the clause
                    # hangs on the conjunct right before it, not on the list's first
                    near = [c for c in ante.conjuncts if ante.i < c.i < head.i]
                    if near:
                        ante = max(near, key=lambda c: c.i)
                    return self._from_head(ante, pos, None, plural)
                return None
            return self._pronoun(head, pos)
        toks = self._own_tokens(head)
        if rng is not None:
            a, b = rng
            toks = [t for t in toks if a <= self._abs(t) < b] or [head]
        ha = self._abs(head)
        # a person's name heads the mention
        m = self._mention_covering(ha)
        if m is not None and not (head.pos_ == "NOUN" and head.lower_ in person_nouns()):
            return self._by_name(m.words, m.parts, pos, mention=m)
        role_word = (low in roles() or low in person_nouns()) and not any(
            c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" for c in head.children)
        if m is None and role_word and head.pos_ == "PROPN":
            return self._common(head, toks, pos, rng)  # "Lawmaker urges …" in a headline
        if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            r = self._proper(head, toks, pos)
            if r is not None:
                return r
        return self._common(head, toks, pos, rng)

    def _span_text(self, toks) -> str:
        toks = sorted(toks, key=lambda t: t.i)
        return "".join(t.text_with_ws for t in toks).strip()

    def _proper(self, head, toks, pos: int) -> Resolution | None:
        """A mention headed by a proper noun that is not a collected person name."""
        doc = head.doc
        ent = next((e for e in self.ents.ents.get(id(doc), ()) if e.start <= head.i < e.end), None)
        rng = (self._abs(toks[0]), self._abs(toks[-1]) + len(toks[-1].text))
        if ent is not None and ent.label_ == "PERSON" and not is_outlet(ent.text):
            a, b = widen_name(doc, ent.start, ent.end)
            parts = split_name(doc[a:b].text)
            if parts is not None:
                return self._by_name(parts.words, parts, pos, rng)
        # a person of the article, whatever label the recogniser gave the name ("Trump" ORG)
        own = [t for t in toks if t.pos_ == "PROPN" and (
            t.i == head.i or (t.head.i == head.i and t.dep_ in ("compound", "flat")))]
        if own:
            parts = split_name(" ".join(t.text for t in sorted(own, key=lambda t: t.i)))
            if parts is not None and parts.words and self.ents.people_named(parts.words):
                return self._by_name(parts.words, parts, pos, rng)
        phrase_toks = [t for t in toks if t.lower_ not in _DETERMINERS and t.dep_ != "case"]
        phrase = self._span_text(phrase_toks) if phrase_toks else head.text
        cands = [ent.text if ent is not None else None, phrase, head.text]
        for c in cands:
            if not c:
                continue
            hit = places().get(key(re.sub(r"['’]s$", "", c)))
            # a place inside an organisation's name ("Washington Post") is not the place
            if ent is not None and ent.label_ == "ORG" and c != ent.text:
                continue
            if hit and (ent is None or ent.label_ in ("GPE", "NORP", "ORG", "LOC")) and \
                    not (head.tag_ == "NNPS" and hit[1] == "country" and c == head.text
                         and key(c) != key(hit[0])):
                return self._place(hit, rng, pos)
        for c in cands:
            if not c:
                continue
            org = self.ents.org_named(c)
            if org is not None:
                acr = key(org.name) != key(re.sub(r"^(the|The)\s+", "", c))
                path = "org-acronym" if acr else "org"
                return Resolution(Speaker(org.display, "organization"), PATH_CONFIDENCE[path],
                                  path, [self._candidate(org.display, pos, span=rng)])
        if ent is not None and (ent.label_ in ("ORG", "FAC") or is_outlet(ent.text)):
            # an organisation's name ends at a comma ("by Politico, Democratic party insiders")
            name = re.sub(r"^(the|The)\s+", "", re.split(r",\s", ent.text)[0])
            return Resolution(Speaker(name, "organization"), PATH_CONFIDENCE["org"], "org",
                              [self._candidate(name, pos, span=rng)])
        if ent is not None and ent.label_ == "GPE":
            return Resolution(Speaker(ent.text, "country"), PATH_CONFIDENCE["place"], "place",
                              [self._candidate(ent.text, pos, span=rng)])
        if head.tag_ == "NNPS" or (ent is not None and ent.label_ == "NORP"):
            return None  # "Democrats", "Republicans": a group
        # a proper noun the article never introduced as a person: its own name words
        own = [t for t in toks if t.pos_ == "PROPN" and (
            t.i == head.i or (t.head.i == head.i and t.dep_ in ("compound", "flat")))]
        text = " ".join(t.text for t in own) if own else head.text
        parts = split_name(text)
        if parts is None:
            return None
        return self._by_name(parts.words, parts, pos, rng)

    def _common(self, head, toks, pos: int, rng) -> Resolution:
        """A mention headed by a common noun: a description, a group, a kind of organisation,
        a document."""
        lemma = (head.lemma_ or head.lower_).lower()
        low = head.lower_
        span = (self._abs(toks[0]), self._abs(toks[-1]) + len(toks[-1].text))
        # "Its president, Marcus Bell", "one of the family's attorneys, Justin Bamberg": an
        # apposition names the person
        ids = {t.i for t in toks}
        for c in list(head.children) + [t for t in toks if t.dep_ == "appos"]:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and (c.head.i == head.i or c.head.i in ids):
                m = self._mention_covering(self._abs(c))
                if m is not None:
                    return self._by_name(m.words, m.parts, pos, mention=m)
                # the recogniser called the name something else ("Marcus Bell" as ORG): a
                # person noun's apposition of two or more proper nouns is a person's name
                name = [t for t in c.subtree if t.pos_ == "PROPN"]
                parts = split_name(" ".join(t.text for t in name)) if len(name) >= 2 else None
                if parts is not None and len(parts.words) >= 2:
                    return self._by_name(parts.words, parts, pos)
        mods = [t for t in toks if t.i != head.i]
        # the author of a document: "the IMF report", "Clinton's statement"
        if lemma in DOCUMENT_NOUNS or low in DOCUMENT_NOUNS:
            # "the IMF report", "Clinton's statement", "a new report by Politico"
            by = [t for t in mods if t.dep_ == "pobj" and t.head.lower_ in ("by", "from")
                  and t.head.head.i == head.i]
            for t in mods + by:
                if (t.dep_ in ("poss", "compound", "nmod") or t in by) and \
                        (t.pos_ == "PROPN" or t.ent_type_):
                    r = self._proper(t, [t], pos)
                    if r is None:
                        m = self._mention_covering(self._abs(t))
                        r = self._by_name(m.words, m.parts, pos, mention=m) if m else None
                    if r is not None and r.speaker is not None:
                        r.path = "org-author" if r.speaker.type != "person" else r.path
                        r.confidence = min(r.confidence, PATH_CONFIDENCE["org-author"])
                        return r
            return self._inside_or_unknown(toks, pos, span)
        # "<agency> officials", "officials at <agency>" speak for the agency
        if lemma in AGENCY_GROUP_NOUNS or low in AGENCY_GROUP_NOUNS:
            org = self._org_modifier(head)
            if org is not None:
                return Resolution(Speaker(org.display, "organization"), PATH_CONFIDENCE["org"],
                                  "org", [self._candidate(org.display, pos, span=span)])
            body = self._named_body(head)
            if body is not None:
                return Resolution(Speaker(body, "organization"), PATH_CONFIDENCE["org-kind"],
                                  "org-kind", [self._candidate(body, pos, span=span)])
        if _plural(head):
            return self._group(head, toks, pos, span)
        if lemma in org_nouns() or low in org_nouns():
            return self._org_kind(head, mods, lemma, pos, span)
        # a collective noun ("the family", "Scott's relatives"): a group
        if lemma in COLLECTIVE_NOUNS:
            return self._group(head, toks, pos, span)
        if low in person_nouns() or title_kind(low) or lemma in roles() or \
                role_classes(low):
            if head.pos_ == "NOUN" and any(
                    c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another")
                    for c in head.children):
                return self._anonymous(head, toks, pos, span)
            return self._describe(head, toks, pos, span)
        return self._inside_or_unknown(toks, pos, span)

    def _org_modifier(self, head) -> Org | None:
        for c in head.children:
            if c.dep_ in ("compound", "nmod", "poss") and c.ent_type_ == "ORG":
                return self.ents.org_named(self._ent_text(c)) or self._org_from_tok(c)
            if c.dep_ == "prep" and c.lower_ in ("at", "of", "from", "with", "for"):
                for o in c.children:
                    if o.dep_ == "pobj" and o.ent_type_ == "ORG":
                        return self.ents.org_named(self._ent_text(o)) or self._org_from_tok(o)
        return None

    def _ent_text(self, tok) -> str:
        ent = next((e for e in self.ents.ents.get(id(tok.doc), ()) if e.start <= tok.i < e.end),
                   None)
        return ent.text if ent is not None else tok.text

    def _org_from_tok(self, tok) -> Org:
        name = re.sub(r"^(the|The)\s+", "", self._ent_text(tok))
        return Org(name, key(name))

    def _inside_or_unknown(self, toks, pos: int, span) -> Resolution:
        """A source headed by something that cannot speak: a person named inside it is a weak
        reading ("an explosion that Mayor Bill de Blasio [described]"); else unresolved."""
        for t in toks:
            m = self._mention_covering(self._abs(t))
            if m is not None and m.person is not None:
                r = self._person_res(m.person, "person-inside", pos)
                return r
        text = self._span_text(toks)
        return Resolution.unresolved("unknown", [self._candidate(text, pos, span=span)])

    def _anonymous(self, head, toks, pos: int, span) -> Resolution:
        """"a campaign aide said": someone the article does not name — labelled "unnamed
        campaign aide" (ANNOTATION.md), never one of the people named before."""
        toks = [t for t in toks if not (t.i < head.i and t.lower_ in ("one", "another"))]
        ahead = self._named_further(head, pos)
        if ahead is not None:
            return self._person_res(ahead, "role-cataphora", pos)
        name = "unnamed " + self._phrase(head, toks, pos=pos)
        return Resolution(Speaker(name, "person"), PATH_CONFIDENCE["anonymous"], "anonymous",
                          [self._candidate(name, pos, span=span)])

    def _named_further(self, head, pos: int) -> Person | None:
        """A lede's "A New York judge has rejected …", named in the next paragraphs
        ("Manhattan Supreme Court Justice Frank Nervo rejected that argument"): the first person
        named after it, within two paragraphs, with a role of the same class."""
        bi = self.block_index(pos)
        classes = role_classes(head.lower_)
        if bi > CATAPHORA_LEDE_BLOCKS or not classes:
            return None
        for m in self.ents.mentions:
            if m.start <= pos or m.person is None or m.headline:
                continue
            if self.block_index(m.start) - bi > 2:
                continue
            if any(role_classes(w) & classes for _at, r in m.person.roles for w in r.split()):
                return m.person
        return None

    def _phrase(self, head, toks, drop_det: bool = True, pos: int = 0) -> str:
        """The words of a mention as a label: determiners before the head dropped, people
        under their fullest name ("advisers to Mr. Obama" → "advisers to Obama", "Scott's
        family" → "Keith Lamont Scott's family"), "the family" as the article qualifies it."""
        toks = sorted(toks, key=lambda x: x.i)
        ids = {t.i for t in toks}
        out: list[str] = []
        done_people: set[int] = set()
        skip: set[int] = set()
        for t in toks:
            if t.i in skip:
                continue
            if drop_det and t.lower_ in _ARTICLES and t.i < head.i and t.head.i == head.i:
                continue
            if t.is_punct and t.i < head.i and t.head.i == head.i and t.text in ",;":
                if out and not out[-1].endswith(" "):
                    out[-1] += " "  # "the stakes, no matter …": the comma goes, not the space
                continue
            if title_kind(t.text) == "honorific" and t.i + 1 in ids:
                nxt = self._mention_covering(self._abs(t.doc[t.i + 1]))
                if nxt is not None and nxt.person is not None:
                    continue
            if t.dep_ == "poss" and t.lower_ in ("his", "her") and t.head.i == head.i and \
                    t.i < head.i:
                # "His aides" → "Robert C. "Bobby" Scott's aides": whose, as the pronoun reads
                r = self._person_pronoun(t, pos or self._abs(t))
                if r is not None and r.person is not None and \
                        r.confidence >= PATH_CONFIDENCE["pronoun-contested"]:
                    out.append(r.person.name + "'s" + t.whitespace_)
                    continue
            m = self._mention_covering(self._abs(t))
            name_root = next((x for x in toks if self._mention_covering(self._abs(x)) is m
                              and x.head.i != x.i and self._mention_covering(
                                  self._abs(x.head)) is not m), t) if m is not None else t
            if m is not None and (t.pos_ == "PROPN" or t.ent_type_ == "PERSON") and \
                    name_root.dep_ != "compound":
                p = m.person
                if p is None:  # a surname people share: the one the article is about
                    cands = self.ents.people_named(m.words)
                    p = self.ents.dominant(cands) if cands else None
                if p is not None:
                    if p.id not in done_people or out and not out[-1].startswith(p.name):
                        poss = t.text.endswith(("'s", "’s")) or (
                            t.i + 1 < len(t.doc) and t.doc[t.i + 1].dep_ == "case"
                            and t.i + 1 in ids)
                        out.append(p.name + ("'s" if poss else "") + t.doc[
                            min(t.i + (1 if poss and not t.text.endswith("s") else 0),
                                len(t.doc) - 1)].whitespace_)
                        done_people.add(p.id)
                        # the rest of this name's tokens
                        for x in toks:
                            if x.i > t.i and self._mention_covering(self._abs(x)) is m:
                                skip.add(x.i)
                        if poss and t.i + 1 < len(t.doc) and t.doc[t.i + 1].dep_ == "case":
                            skip.add(t.i + 1)
                    continue
            # "attorneys for the family" → "… for Keith Lamont Scott's family"
            if t.i != head.i and t.pos_ == "NOUN" and t.dep_ == "pobj":
                dets = [c for c in t.children if c.dep_ == "det" and c.lower_ == "the"]
                others = [c for c in t.children if c.dep_ not in ("det",)]
                q = self.ents.qualified_group(t.text) if dets and not others else None
                if q:
                    if out and out[-1].strip().lower() == "the":
                        out.pop()
                    out.append(q + t.whitespace_)
                    continue
            out.append(t.text_with_ws)
        return "".join(out).strip(" ,")

    # -- groups -----------------------------------------------------------------------------
    def _group(self, head, toks, pos: int, span) -> Resolution:
        name = self._phrase(head, toks, pos=pos)
        path = "group"
        campaign = self._campaign_of_team(head, toks)
        if campaign is not None:
            return Resolution(Speaker(campaign, "organization"), PATH_CONFIDENCE["org-kind"],
                              "org-kind", [self._candidate(campaign, pos, span=span)])
        content = [t for t in toks if not t.is_punct and t.lower_ not in _ARTICLES]
        if len(content) == 1 and (head.lemma_ or head.lower_).lower() in QUALIFIED_GROUPS:
            q = self.ents.qualified_group(head.text)
            if q and key(q) != key(name):
                name, path = q, "group-qualified"
        if name[:1].isupper() and head.i == head.sent.start and not head.ent_type_ and \
                name.split()[0] == head.text:
            name = name[0].lower() + name[1:]
        return Resolution(Speaker(name, "group"), PATH_CONFIDENCE[path], path,
                          [self._candidate(name, pos, span=span)])

    def _named_body(self, head) -> str | None:
        """"Administration officials said": the one administration (campaign, government) the
        article names by its leader ("the Obama administration")."""
        kind = next((c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and
                     c.lower_ in ("administration", "campaign", "government")), None)
        if kind is None:
            return None
        found = {m.group(1) for m in re.finditer(r"\b([A-Z][\w-]+)(?:['’]s)? " + kind + r"\b", self.text)
                 if m.group(1) not in ("The", "This", "That", "A", "An", "Administration",
                                       "Campaign", "Government")}
        return f"{found.pop()} {kind}" if len(found) == 1 else None

    def _campaign_of_team(self, head, toks) -> str | None:
        """"The Trump team has said", "Clinton's team says": a candidate's team is the
        campaign when the article calls it that ("the Trump campaign") — the same body under
        the name the article gives it."""
        if (head.lemma_ or head.lower_).lower() != "team":
            return None
        for t in toks:
            if t.i != head.i and t.pos_ == "PROPN" and t.dep_ in ("poss", "compound"):
                surname = re.sub(r"['’]s$", "", t.text)
                if re.search(r"\b" + re.escape(surname) + r"(?:['’]s)? campaign\b", self.text):
                    return f"{surname} campaign"
        return None

    # -- organisations by kind --------------------------------------------------------------
    def _org_kind(self, head, mods, lemma: str, pos: int, span) -> Resolution:
        # "the Clinton campaign", "the Obama administration": named by a person or a name
        named = [t for t in mods if t.dep_ in ("compound", "poss", "nmod") and t.pos_ == "PROPN"
                 and t.lower_ not in person_nouns() and t.lower_ not in roles()]
        if named:
            words = [t.text for t in sorted(named, key=lambda t: t.i)]
            words = [re.sub(r"['’]s$", "", w) for w in words if w not in ("'s", "’s")]
            name = " ".join(words + [head.text])
            org = self.ents.org_named(name)
            if org is not None:
                return Resolution(Speaker(org.display, "organization"), PATH_CONFIDENCE["org"],
                                  "org", [self._candidate(org.display, pos, span=span)])
            return Resolution(Speaker(name, "organization"), PATH_CONFIDENCE["group"], "group",
                              [self._candidate(name, pos, span=span)])
        if head.tag_ in ("NNS", "NNPS"):
            return self._group(head, mods + [head], pos, span)
        orgs = self.ents.orgs_of_kind(lemma, pos)
        if not orgs:
            # an organisation the article describes but never names ("the port authority",
            # "the state election board"): its description, as written, when it says more than
            # the kind noun ("the company" alone names nobody)
            desc = [t for t in mods if t.dep_ in ("compound", "amod") and t.i < head.i]
            if desc:
                label = " ".join(t.text for t in sorted(desc, key=lambda t: t.i)) + " " + head.text
                return Resolution(Speaker(label, "organization"),
                                  PATH_CONFIDENCE["org-described"], "org-described",
                                  [self._candidate(label, pos, span=span)])
            return Resolution.unresolved("unknown", [self._candidate(head.text, pos, span=span)])
        exact = orgs[0].kind == lemma or lemma in key(orgs[0].name).split()
        path = "org-kind" if exact and (len(orgs) == 1 or len(orgs[0].positions) >
                                        len(orgs[1].positions)) else "org-salient"
        cands = [self._candidate(o.display, pos, span=(o.positions[-1], o.positions[-1] +
                                                       len(o.name))) for o in orgs[:3]]
        return Resolution(Speaker(orgs[0].display, "organization"), PATH_CONFIDENCE[path], path,
                          cands)

    # -- descriptions of people -------------------------------------------------------------
    def _describe(self, head, toks, pos: int, span) -> Resolution:
        """"the mayor", "The Democratic presidential nominee", "Pagliano's lawyer": the person
        the article gave that role."""
        doc = head.doc
        words = [t for t in toks if t.lower_ not in _DETERMINERS and t.lower_ not in _POSS_PRONOUNS]
        # the head's own class: the longest role phrase ending at the head ("tax commissioner")
        own = None
        table = roles()
        for n in (3, 2, 1):
            a = head.i - n + 1
            if a < 0:
                continue
            phrase = key(doc[a:head.i + 1].text)
            if phrase in table:
                own = table[phrase].cls
                break
        if own is None:
            lem = (head.lemma_ or head.lower_).lower()
            own = table[lem].cls if lem in table else None
        former = any(t.lower_ in ("former", "ex") for t in words)
        party = next((party_of(t.text) for t in words if party_of(t.text)), None)
        place = None
        for t in words:
            if t.i == head.i:
                continue
            pl = place_of(re.sub(r"['’]s$", "", t.text)) if t.text[:1].isupper() else None
            if pl:
                place = pl
        possessor = [t for t in words if t.dep_ == "poss" and t.pos_ == "PROPN"]
        poss_keys = {key(re.sub(r"['’]s$", "", t.text)) for t in possessor}
        headline = self.block_index(pos) in self.ents.headline_blocks or \
            self.block_index(pos) == 0
        cands: list[Person] = []
        for p in self.ents.people:
            if own is None:
                break
            before = None if headline else pos
            rc = p.role_classes(before)
            if own not in rc:
                continue
            if not headline and not any(m.start < pos for m in p.mentions):
                continue
            if party and p.party and p.party != party:
                continue
            if place and place[1] == "state" and p.state and p.state != place[0]:
                continue
            if place and place[1] != "state" and p.affiliation and p.affiliation != place[0]:
                continue
            if poss_keys and any(k in p.words for k in poss_keys):
                continue  # "Pagliano's lawyer" is not Pagliano
            cands.append(p)
        if cands:
            texts = {p.id: " ".join(t for c, ts in p.role_classes(None if headline else pos).items()
                                    if c == own for t in ts) for p in cands}
            if former:
                # "Former DNC chairman": not the current chairwoman the article also names
                cands = [p for p in cands if "former" in texts[p.id] or "ex-" in texts[p.id]]
            else:
                nf = [p for p in cands if "former" not in texts[p.id]]
                cands = nf or cands
            if poss_keys:
                f = [p for p in cands if any(k in texts[p.id] for k in poss_keys)]
                cands = f or cands
        if len(cands) == 1:
            return self._person_res(cands[0], "role-headline" if headline else "role", pos)
        if cands:
            if headline:
                ranked = sorted(cands, key=lambda p: -len(p.mentions))
                return self._person_res(ranked[0], "role-headline", pos, others=ranked,
                                        conf=PATH_CONFIDENCE["role-salient"])
            ranked = sorted(cands, key=lambda p: self._last_reference(p, pos), reverse=True)
            return self._person_res(ranked[0], "role-salient", pos, others=ranked)
        # no one was given that role: the previous speaker, if nothing contradicts it
        bi = self.block_index(pos)
        for hp, r in reversed(self.history if own is not None else []):
            if hp >= pos or r.speaker is None:
                continue
            if self.block_index(hp) < bi - 1:
                break
            p = r.person
            if p is None or r.speaker.type != "person":
                break
            if party and p.party and p.party != party:
                break
            if p.role_classes(pos):
                break  # the article gave them another role
            return self._person_res(p, "role-previous", pos)
        text = self._span_text(toks)
        label = self._phrase(head, toks, pos=pos)
        recent = [m.person for m in reversed(self.ents.mentions) if m.start < pos and m.person]
        seen, alts = set(), []
        for p in recent:
            if p.id not in seen:
                seen.add(p.id)
                alts.append(self._candidate(p.name, pos, p))
            if len(alts) == 3:
                break
        if own is not None and label and not possessor:
            # "The FBI director": someone the article describes but does not name
            return Resolution(Speaker(label, "person"), PATH_CONFIDENCE["description"],
                              "description", [self._candidate(label, pos, span=span)] + alts)
        return Resolution.unresolved("unknown", [self._candidate(text, pos, span=span)] + alts)


def _plural(tok) -> bool:
    """A plural noun, also one a title-case headline left tagged singular ("Black Lawmakers")."""
    if tok.tag_ in ("NNS", "NNPS"):
        return True
    low = tok.lower_
    return tok.tag_ == "NNP" and low.endswith("s") and (
        low[:-1] in person_nouns() or low[:-1] in roles())


__all__ = ["SpeakerResolver", "Resolution", "PATH_CONFIDENCE", "widen_name"]
