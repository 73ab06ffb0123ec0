"""Rule-based attribution: cue + source + content for direct, indirect and mixed speech.

Input: the parsed article (blocks of spaCy Docs) and its quotations. Output: ``Candidate``
records (character ranges, not yet resolved to speakers). The steps, in order:

1. Cues: tokens outside quotations whose lemma is in the cue table (verbs, nouns with a
   that-clause, "according to"); a verb of evidence ("suggest", "show") needs an animate source.
2. For each cue, its source (grammatical subject, inherited through participles and
   coordination; the object of "according to"; the possessor of a noun cue).
3. Its content: quotations adjacent to the cue's clause (direct speech, possibly split
   around the cue) or else the cue's complement clause (indirect; mixed when it holds a quote).
   Nested attributions inside the content (a second cue with its own clause) are cut off.
4. Quotations left over: a quote filling its paragraph continues the previous speaker; a
   headline ``Speaker: "quote"`` is attributed to the name before the colon.
"""
from __future__ import annotations

import bisect
import re

from ..nlp import Block, ParsedText
from ..lexicon import cues as cue_table
from .parsetree import (animate, np_tokens, sent_bounds, subject_of, tok_range,
                        trim_tokens)
from .candidates import Candidate
from .headlines import headline_candidates
from .quotes import Quote

# A quote filling at least this share of its paragraph's characters, with no cue in the
# paragraph, is taken as the previous speaker's words continuing (news convention).
CONTINUATION_SHARE = 0.6
# `X said:` before a block quotation is at most this long (an attribution, not a paragraph).
MAX_BLOCK_QUOTE_LEAD = 160
# Quotes shorter than this many words with no cue nearby are scare quotes, not statements.
MIN_DIRECT_WORDS = 4
# Between a quote and its cue's clause only punctuation, whitespace and these words may stand.
_GLUE = re.compile(r"^[\s,:;—–\-…]*$")
# `“…” ― Oscar P. Quintero` / `“…” — Jane Doe, 45, nurse`: a dash and a capitalised name (with
# an optional short description) closing the paragraph after a quote
_BYLINE = re.compile(r"[^\S\n]*(?P<dash>[―—–]|--)[^\S\n]*(?P<name>(?:[A-Z][\w.'’\-]*\.?[^\S\n]+){0,4}"
                     r"[A-Z][\w'’\-]*\.?)(?:,[^\n“”\"]{0,80})?[^\S\n]*(?:\n|$)")  # \xa0 is a space too
_SENTENCE_GAP = re.compile(r"^\s*[.!?]\s*$")
# Object constructions (ANNOTATION.md: "accused [X of Y]", "urged [X to Y]"): verbs of saying
# whose content is their object and its complement, with the prepositions that introduce the
# complement. The object alone is the content for the verbs in BARE_OBJECT_CUES
# ("questioned Europe's reliance on the United States", "condemned the attack").
OBJECT_CUES = {
    "accuse": {"of"}, "blame": {"for", "on"}, "urge": {"to"}, "call": {"for", "on", "as"},
    "criticize": {"for", "as", "over"}, "criticise": {"for", "as", "over"},
    "praise": {"for", "as"}, "describe": {"as"}, "characterize": {"as"},
    "characterise": {"as"}, "chastise": {"for", "over"}, "scold": {"for"},
    "rebuke": {"for"}, "thank": {"for"}, "warn": {"of", "against", "about"},
    "ask": {"to", "for"}, "tell": {"to"}, "order": {"to"}, "instruct": {"to"},
    "beg": {"to", "for"}, "plead": {"with", "for"}, "press": {"to", "for", "on"},
    "implore": {"to"}, "encourage": {"to"}, "challenge": {"to", "on", "over"},
    "compare": {"to", "with"}, "dismiss": {"as"}, "deride": {"as"}, "brand": {"as"},
    "label": {"as"}, "slam": {"for", "as", "over"}, "blast": {"for", "as", "over"},
    "knock": {"for"}, "condemn": {"for", "as"}, "denounce": {"as", "for"},
    "fault": {"for"}, "credit": {"with", "for"}, "commend": {"for"}, "applaud": {"for"},
    "congratulate": {"on", "for"}, "shout": {"at"}, "yell": {"at"}, "demand": {"from"},
    "push": {"to", "for"}, "question": {"about", "on", "over"}, "mock": {"as", "for"},
    "attack": {"as", "for", "over"}, "hail": {"as", "for"}, "grill": {"on", "about", "over"},
}
# Prepositions that open the occasion of the saying, not a part of what was said.
ADJUNCT_PREPS = {"during", "after", "before", "amid", "following", "throughout", "while"}
# "at a rally", "in an interview": where it was said
OCCASION_NOUNS = {"rally", "conference", "event", "hearing", "briefing", "meeting", "dinner",
                  "forum", "stop", "speech", "summit", "debate", "interview", "appearance",
                  "luncheon", "breakfast", "session", "ceremony", "convention", "gathering",
                  "address", "statement", "news", "town", "roundtable", "panel"}
BARE_OBJECT_CUES = {"question", "criticize", "criticise", "condemn", "denounce", "slam",
                    "blast", "praise", "applaud", "hail", "mock", "knock", "deride", "fault",
                    "commend"}
# A transcript turn: a paragraph opening (after an optional quotation mark) with a speaker's
# label in capitals and a colon: `"PENCE: Well, look …`, `SEN. WARREN: …`.
_TURN = re.compile(r"[ \t]*[“\"]?[ \t]*(?P<label>(?:[A-Z][A-Z.'’-]*[ \t]){0,3}[A-Z][A-Z'’-]+\.?)"
                   r"[ \t]*:[ \t]+(?P<body>\S)")
# Capitalised labels that are not speakers.
_NOT_SPEAKER_LABELS = {"NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "UPDATE", "CORRECTION", "WATCH",
                       "RELATED", "READ MORE", "PHOTOS", "VIDEO", "WARNING", "BREAKING", "SOURCE",
                       "CLARIFICATION", "ADVERTISEMENT", "PHOTO", "AP", "UPDATED", "LISTEN"}
# An article is read as a transcript only with at least this many labelled paragraphs (and two
# different labels): a lone "UPDATE:" or "WASHINGTON:" is not a conversation.
MIN_TRANSCRIPT_TURNS = 3
_COMPLEMENTS = ("ccomp", "xcomp", "csubj")
_LEADING_MARKERS = {"that", "whether", "if"}
_EVIDENCE_VERBS = {"suggest", "show", "find", "indicate", "mean", "reveal", "appear", "seem"}
_MARK_CHARS = "“”\"«»"


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """``pos`` is inside one of ``ranges`` (sorted, non-overlapping)."""
    k = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= pos < ranges[k][1]


def _strip_end_punct(text: str, a: int, b: int) -> int:
    """``b`` moved back over the sentence's closing punctuation."""
    while b > a and text[b - 1] in ".!?;:":
        b -= 1
    return b


def _content_tokens(comp, cue_tok, is_cue) -> list:
    """The complement clause of a cue, cut before a nested attribution or a following clause
    that belongs to another cue."""
    toks = sorted(comp.subtree, key=lambda t: t.i)
    stop = None
    for t in toks:
        if t is comp:
            continue
        # a coordinated / adverbial clause with a cue of its own ends this content
        if t.dep_ in ("advcl", "conj", "parataxis") and t.i > comp.i and any(
                is_cue(x) for x in t.subtree):
            first = min(x.i for x in t.subtree)
            stop = first if stop is None else min(stop, first)
    if stop is not None:
        toks = [t for t in toks if t.i < stop]
    # drop a leading complementizer ("that", "whether"): the contract's content is the clause
    if toks and toks[0].lower_ in _LEADING_MARKERS and toks[0].dep_ not in ("det", "nsubj", "dobj"):
        toks = toks[1:]
    # a time adverbial before the clause's subject modifies the saying, not the said:
    # "have both said this week they are open" → content "they are open"
    while toks and toks[0].ent_type_ in ("DATE", "TIME") and toks[0].i < comp.i and \
            any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.i > toks[0].i for t in comp.children):
        ent_end = toks[0].i
        while ent_end + 1 < len(toks[0].doc) and toks[0].doc[ent_end + 1].ent_iob_ == "I":
            ent_end += 1
        toks = [t for t in toks if t.i > ent_end]
    return trim_tokens(toks)


def _sentence_before(text: str, q: Quote, c_start: int) -> bool:
    """The quotation closes a sentence of its own and a new sentence starts after it
    (`… “same rigged system.” She adds, “…”`): the cue that follows is not its."""
    inner = text[q.start:q.end].rstrip()
    nxt = text[q.outer_end:c_start + 1].lstrip()
    return inner[-1:] in ".!?" and nxt[:1].isupper()


def _whole_sentence(text: str, q: Quote, block_end: int) -> bool:
    """The quotation is a sentence of its own: nothing but another quotation or the next
    sentence follows it (`“…” to drive up the stock price, she said` is not)."""
    rest = text[q.outer_end:block_end].lstrip()
    return not rest or rest[0] in _MARK_CHARS or (
        text[q.start:q.end].rstrip()[-1:] in ".?!—–…" and rest[0].isupper())


def join_followers(cands: list[Candidate]) -> list[Candidate]:
    """PolNeAR's convention: “A,” X said. “B.” is one attribution with two content spans (the
    contract's is two statements). Folds each follower back into the candidate it follows."""
    ids = {id(c) for c in cands}
    out = []
    for c in cands:
        if c.follows is not None and id(c.follows) in ids:
            c.follows.content = sorted(c.follows.content + c.content)
            continue
        out.append(c)
    return out


class RuleAttributor:
    """Finds attributions in a parsed article by rules over the dependency parse."""

    def __init__(self) -> None:
        self.table = cue_table()

    # -- step 1: cues -------------------------------------------------------------------
    def is_cue(self, tok) -> bool:
        lemma = tok.lemma_.lower() if tok.lemma_ else tok.lower_
        if tok.pos_ in ("VERB", "AUX") and lemma in self.table.verbs:
            # "Asked whether she would resign, …": the question is the interviewer's, and its
            # clause is not the answer
            if lemma == "ask" and tok.tag_ == "VBN":
                return False
            return tok.pos_ == "VERB" and self.table.verbs[lemma] != "evidence"
        if tok.pos_ == "VERB" and lemma in OBJECT_CUES:
            # "chastised Clinton for …", "pleaded with officers not to shoot": a verb of saying
            # the tagger does not know, read from its object and complement
            return self._object_content(tok, lemma) is not None
        if tok.pos_ == "NOUN" and lemma in self.table.nouns:
            if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and \
                    (tok.head.lemma_ or "").lower() in self.table.verbs:
                return False  # "rejected the claim that …": the verb's statement holds it
            return any(c.dep_ in ("acl", "ccomp", "relcl") and
                       any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
                       for c in tok.children)
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            return True
        return False

    def _heads_speech(self, tok) -> bool:
        """A nested cue with its own complement clause (cuts an enclosing content)."""
        return self.is_cue(tok) and any(c.dep_ in ("ccomp",) for c in tok.children)

    def run(self, parsed: ParsedText, quotes: list[Quote]) -> list[Candidate]:
        """Candidates of the article, in text order. A block quotation found here (a paragraph
        without marks after `X said:`) is added to ``quotes``, so later stages see it too."""
        text = parsed.text
        quote_ranges = sorted(r for q in quotes for r in q.outer)
        used_quotes: set[int] = set()
        out: list[Candidate] = []
        self._followers: list[Candidate] = []
        heads = headline_candidates(parsed)
        if heads:  # the headline is read by its own grammar (see headlines.py)
            first = parsed.blocks[0]
            for qi, q in enumerate(quotes):
                if any(first.offset <= x < first.end for x, _ in q.outer):
                    used_quotes.add(qi)
            out.extend(heads)
        for bi, block in enumerate(parsed.blocks):
            if heads and bi == 0:
                continue
            doc = block.doc
            block_quotes = [(qi, q) for qi, q in enumerate(quotes)
                            if any(block.offset <= a < block.end for a, _ in q.outer)]
            # a paragraph ending in a colon introduces the quote opening the next one
            if text[block.offset:block.end].rstrip().endswith(":") and bi + 1 < len(parsed.blocks):
                nxt = parsed.blocks[bi + 1]
                opening = [(qi, q) for qi, q in enumerate(quotes) if q.outer_start == nxt.offset]
                if not opening and self._block_quote(text, block, nxt):
                    # `The governor added:` + a paragraph without marks: a block quotation
                    # (the page's indentation did not survive as text)
                    bq = Quote(spans=[(nxt.offset, nxt.end)], outer=[(nxt.offset, nxt.end)])
                    quotes.append(bq)
                    inside = [qi for qi, q in enumerate(quotes)
                              if q is not bq and nxt.offset <= q.outer_start < nxt.end]
                    used_quotes.update(inside)
                    opening = [(len(quotes) - 1, bq)]
                block_quotes += opening
            for tok in doc:
                pos = block.offset + tok.idx
                if _inside(pos, quote_ranges) or not self.is_cue(tok):
                    continue
                cand = self._attribute(block, tok, block_quotes, used_quotes, text)
                if cand is not None:
                    out.append(cand)
        out.extend(self._followers)
        out.extend(self._transcript_turns(parsed, quotes, used_quotes, out))
        out.extend(self._leftover_quotes(parsed, quotes, used_quotes, out))
        out.sort(key=lambda c: c.start)
        return out

    # -- steps 2 and 3 --------------------------------------------------------------------
    def _attribute(self, block: Block, tok, block_quotes, used_quotes, text) -> Candidate | None:
        doc = block.doc
        lemma = tok.lemma_.lower()
        cue_toks = [tok]
        source_head = None
        if tok.lower_ == "according":
            cue_toks = [tok, doc[tok.i + 1]]
            pobj = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            source_head = pobj[0] if pobj else None
        elif tok.pos_ == "NOUN":
            poss = [c for c in tok.children if c.dep_ == "poss"]
            source_head = poss[0] if poss else None
        else:
            source_head = subject_of(tok)
            qr_all = sorted(r for _, q in block_quotes for r in q.outer)
            if source_head is not None and _inside(block.offset + source_head.idx, qr_all):
                # `…,” Flynn said Thursday on Fox News’s “Fox and Friends.”`: a quoted title is
                # not the subject; the name between the quote and the verb is
                source_head = self._name_before_cue(block, tok, qr_all)
            # auxiliaries and negation belong to the cue ("has said", "did not deny"), unless
            # the parser hung them from inside a quotation ("“… Probably not,” she said")
            cue_toks = [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and
                        c.i < tok.i and not _inside(block.offset + c.idx, qr_all)] + [tok]
            # phrasal particle: "pointed out"
            cue_toks += [c for c in tok.children if c.dep_ == "prt"]
        if source_head is not None and source_head.lower_ in ("that", "which", "who"):
            # "… Democrats and Republicans, who have questioned …": the relative clause's
            # antecedent speaks
            head = source_head.head
            source_head = head.head if head.dep_ == "relcl" and head.head.pos_ in (
                "PROPN", "NOUN") and source_head.lower_ == "who" else None
        cls = self.table.verbs.get(lemma) if tok.pos_ == "VERB" else "speech"
        # kept by the merge without the tagger's confirmation (see merge.KEEP_SPEECH_CLAUSES)
        speech = (tok.pos_ == "VERB" and cls == "speech") or tok.lower_ == "according"
        # thought, stance and inference need someone to hold them: "Macron's remarks
        # suggested …" is the writer's inference, not a statement
        if (lemma in _EVIDENCE_VERBS or cls in ("stance", "belief")) and not animate(source_head, None):
            return None
        src_toks = np_tokens(source_head) if source_head is not None else []
        if src_toks and source_head not in src_toks:  # a dateline was cut off: new head
            ids = {t.i for t in src_toks}
            source_head = next((t for t in src_toks if t.head.i not in ids), src_toks[-1])
        # poss source of a noun cue: only the possessor itself ("Macron's statement")
        if tok.pos_ == "NOUN" and source_head is not None:
            src_toks = [t for t in source_head.subtree if t.dep_ != "case"]
        source = tok_range(block, src_toks) if src_toks else None

        clause = sorted({t for t in cue_toks} | set(src_toks), key=lambda t: t.i)
        c_start = block.offset + clause[0].idx
        c_end = block.offset + clause[-1].idx + len(clause[-1].text)
        cue = [tok_range(block, cue_toks)]

        # 3a. direct speech: quotes touching the cue clause with only glue between
        # the end of the verb phrase ("told the council"), for a quote introduced after it
        qr = sorted(r for _, q in block_quotes for r in q.outer)
        vp = [t for t in tok.subtree if not t.is_punct and not _inside(block.offset + t.idx, qr)]
        vp_end = max(c_end, max((block.offset + t.idx + len(t.text) for t in vp), default=c_end))
        adjacent = []
        followers = []
        for qi, q in block_quotes:
            if qi in used_quotes:
                continue
            qs, qe = q.outer_start, q.outer_end
            if qe <= c_start and _GLUE.match(text[qe:c_start]) and \
                    not _sentence_before(text, q, c_start):
                if re.search(r"\b(as|in|on|by|from|of)\s*$", text[max(block.offset, qs - 6):qs], re.I):
                    continue  # `as “The Wall Street Journal” wrote`: the quote names the source
                adjacent.append((qi, q))
            elif qs >= c_end and _GLUE.match(text[c_end:qs].replace("\n", " ")) and (
                    ":" in text[c_end:qs] or "," in text[c_end:qs] or qs - c_end <= 2):
                adjacent.append((qi, q))
            elif qs >= vp_end and _GLUE.match(text[vp_end:qs]) and ":" in text[vp_end:qs]:
                adjacent.append((qi, q))
            elif adjacent and adjacent[0][1].outer_end <= c_start and qs >= vp_end and \
                    _GLUE.match(text[vp_end:qs]) and "," in text[vp_end:qs]:
                # “…,” Trump said during a rally in Kenansville, “but …”: the cue's phrase
                # between the two halves of one quotation
                adjacent.append((qi, q))
            elif adjacent and not followers and _whole_sentence(text, q, block.end) and (
                    (qs >= c_end and _SENTENCE_GAP.match(text[c_end:qs])) or
                    (qs >= vp_end and _SENTENCE_GAP.match(text[vp_end:qs]))):
                # “A,” said X. “B.” — the quote after the attribution's sentence: the same
                # speaker goes on, in a statement of its own (ANNOTATION.md, continuation)
                followers.append((qi, q))
        # a cue between two quotes of the same sentence joins them: "…," he said, "…"
        if len(adjacent) == 1 and self._in_fronted_phrase(block, tok, adjacent[0][1], c_start, text):
            adjacent = []  # `In an interview on “Face the Nation,” X said …`: a title, not speech
        tail = self._object_tail(block, tok, adjacent, c_end, text)
        if tail is not None:
            # `reported “2,521 shooting incidents” in the city between …`: the quote begins
            # the cue's object, which goes on after it
            for qi, _ in adjacent:
                used_quotes.add(qi)
            return Candidate("mixed", [tail], cue, source, source_head, block, method="clause",
                             confidence=0.75, speech_cue=speech)
        if adjacent:
            spans = [s for _, q in adjacent for s in q.spans]
            for qi, _ in adjacent:
                used_quotes.add(qi)
            lead = self._mixed_lead(block, tok, adjacent, c_start, text)
            if lead is not None:
                # `However laudable the goal, the tax “is a misguided approach,” she said`:
                # the reporter's words and the quote make one (mixed) content
                main = Candidate("mixed", [lead], cue, source, source_head, block,
                                 method="clause", confidence=0.8, speech_cue=speech)
            else:
                main = Candidate("direct", sorted(spans), cue, source, source_head, block,
                                 method="quote+cue", confidence=0.9)
            for qi, q in followers:
                used_quotes.add(qi)
                self._followers.append(Candidate("direct", list(q.spans), [], None, None, block,
                                                 method="continuation", confidence=0.8,
                                                 continues=True, follows=main))
            return main

        # 3b. indirect speech: the complement clause
        comp = None
        if tok.lower_ == "according":
            # "according to X, <clause>": the main clause of the sentence
            root = tok.sent.root
            comp_toks = [t for t in tok.sent if t.i not in {x.i for x in doc[tok.i].subtree}
                         and not t.is_space]
            comp_toks = trim_tokens(comp_toks)
            if not comp_toks or root.i in {x.i for x in doc[tok.i].subtree}:
                # the parser took the whole sentence under "According" (it does, with an
                # unknown verb): "According to X, <clause>." is read from the punctuation
                return self._according_by_comma(block, tok, cue, text)
            content_toks = comp_toks
        else:
            comps = [c for c in tok.children
                     if c.dep_ in _COMPLEMENTS or (c.dep_ in ("acl", "relcl") and tok.pos_ == "NOUN")]
            # the clause after the cue first ("said Europe needs …"), then one before it
            comps.sort(key=lambda c: (c.i < tok.i, abs(c.i - tok.i)))
            comp = comps[0] if comps else None
            obj = self._object_content(tok, lemma) if tok.pos_ == "VERB" else None
            if obj is not None and (comp is None or comp.dep_ == "xcomp"):
                # "urged her husband to get out", "accused Holt of being a Democrat": the
                # addressee and what is said of them (ANNOTATION.md, object constructions)
                content_toks = trim_tokens(obj)
                c_range = tok_range(block, content_toks)
                if source and c_range[0] <= source[0] < c_range[1] or len(content_toks) < 2:
                    return None
                inner = [(qi, q) for qi, q in block_quotes if qi not in used_quotes and
                         c_range[0] <= q.outer_start and q.outer_end <= c_range[1] + 1]
                for qi, _ in inner:
                    used_quotes.add(qi)
                return Candidate("mixed" if inner else "indirect", [c_range], cue, source,
                                 source_head, block, method="clause", confidence=0.7,
                                 speech_cue=True, object_cue=True)
            if comp is None and tok.pos_ == "VERB":
                # "blasted the idea that …", "denied the report": the object is the content
                for c in tok.children:
                    if c.dep_ in ("dobj",) and (lemma in self.table.verbs and
                                                self.table.verbs[lemma] == "stance"):
                        comp = c
                        break
            if comp is None:
                return self._parenthetical(block, tok, cue, source, source_head, src_toks, text, cls)
            content_toks = _content_tokens(comp, tok, self._heads_speech)
            if comp.dep_ == "dobj":
                content_toks = trim_tokens(sorted(comp.subtree, key=lambda t: t.i))
        if not content_toks or len([t for t in content_toks if not t.is_punct]) < 2:
            return None
        # the content must not contain the source or the cue
        c_range = tok_range(block, content_toks)
        if source and c_range[0] <= source[0] < c_range[1]:
            return None
        spans = [c_range]
        kind = "indirect"
        inner = [(qi, q) for qi, q in block_quotes
                 if qi not in used_quotes and c_range[0] <= q.outer_start and q.outer_end <= c_range[1] + 1]
        if inner:
            kind = "mixed"
            for qi, _ in inner:
                used_quotes.add(qi)
            # "pondering whether “…”": the clause is nothing but the quote → content is the quote
            if len(inner) == 1:
                q = inner[0][1]
                if _GLUE.match(text[c_range[0]:q.outer_start]) and _GLUE.match(
                        text[q.outer_end:c_range[1]].strip(".")):
                    spans = list(q.spans)
        return Candidate(kind, spans, cue, source, source_head, block, method="clause",
                         confidence=0.75, noun_cue=tok.pos_ == "NOUN",
                         speech_cue=speech)

    def _block_quote(self, text: str, block: Block, nxt: Block) -> bool:
        """Is the paragraph after `X said:` a block quotation: the colon paragraph a short
        attribution with a cue, the next one a few sentences without opening marks?"""
        if block.end - block.offset > MAX_BLOCK_QUOTE_LEAD or text[nxt.offset] in _MARK_CHARS + "‘'":
            return False
        if len(text[nxt.offset:nxt.end].split()) < MIN_DIRECT_WORDS * 2 or _TURN.match(text, nxt.offset, nxt.end):
            return False
        return any(self.is_cue(t) and t.pos_ == "VERB" for t in block.doc)

    @staticmethod
    def _object_content(tok, lemma: str) -> list | None:
        """Tokens of an object construction's content — the object and its complement
        ("accused [Holt of being a Democrat]", "urged [X to Y]", "called [X a Y]", "described
        [the incident as …]", "called for [X]", "pleaded with [officers not to shoot]") — or
        None. The cue verb's adjuncts ("during a campaign stop") stay out: they are its own
        children, not the object's."""
        if lemma not in OBJECT_CUES:
            return None
        kids = [c for c in tok.children if c.i > tok.i]
        dobj = next((c for c in kids if c.dep_ in ("dobj", "dative")), None)
        preps = OBJECT_CUES[lemma]
        parts = []
        if dobj is not None:
            comp = next((c for c in kids if c.i > dobj.i and (
                (c.dep_ == "prep" and c.lower_ in preps) or
                c.dep_ in ("xcomp", "oprd") or (c.dep_ == "ccomp" and any(
                    x.lower_ == "to" for x in c.children)))), None)
            if comp is None and dobj.dep_ == "dobj":
                # "called Mr. Obama a liar" may come out as one object with the noun inside
                inner = [c for c in dobj.children if c.dep_ in ("appos", "oprd", "attr") or (
                    c.dep_ == "prep" and c.lower_ in preps)]
                comp = inner[0] if inner and lemma in ("call", "brand", "label") else None
            if comp is None:
                if lemma not in BARE_OBJECT_CUES:
                    return None
                parts = [dobj]
            else:
                parts = [dobj, comp]
        else:
            # "called for a ban", "pleaded with officers not to shoot", "shouted at him to …"
            prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in preps), None)
            if prep is None:
                return None
            xcomp = next((c for c in kids + [t for p in kids for t in p.children]
                          if c.i > prep.i and c.dep_ in ("xcomp", "ccomp", "advcl")), None)
            pobj = [c for c in prep.children if c.dep_ == "pobj"]
            if xcomp is not None and pobj:
                parts = [pobj[0], xcomp]
            elif prep.lower_ == "for" and lemma in ("call", "press", "push", "plead", "beg") and pobj:
                parts = [pobj[0]]
            elif lemma == "warn" and pobj:  # "warned against potential hackers"
                parts = [prep]
            else:
                return None
        def own(p):  # a part without the verbs coordinated with it ("… and begging …")
            skip = {x.i for c in p.children if c.dep_ in ("conj", "cc") for x in c.subtree}
            return [t for t in p.subtree if t.i not in skip]
        toks = sorted({t for p in parts for t in own(p)}, key=lambda t: t.i)
        # an adjunct of time or place at the end is the saying's, even where the parser hung it
        # on the object ("as a “bad deal” during a stop in Leith")
        cut = next((t for t in toks if t.dep_ == "prep" and t.i > parts[-1].i and (
            t.lower_ in ADJUNCT_PREPS or (t.lower_ in ("at", "in") and any(
                c.dep_ == "pobj" and c.lemma_.lower() in OCCASION_NOUNS for c in t.children)))),
            None)
        if cut is not None:
            toks = [t for t in toks if t.i < min(x.i for x in cut.subtree)]
        if not toks:
            return None
        lo, hi = toks[0].i, toks[-1].i
        return [t for t in tok.doc[lo:hi + 1]]

    @staticmethod
    def _name_before_cue(block: Block, tok, quote_ranges):
        """The proper noun or pronoun heading the words between the last quotation before the
        cue and the cue (`“…,” Flynn, a top surrogate, said`), or None."""
        off = block.offset
        left = [t for t in tok.sent if t.i < tok.i]
        k = len(left)
        while k > 0 and not _inside(off + left[k - 1].idx, quote_ranges):
            k -= 1
        for t in left[k:]:
            if t.pos_ in ("PROPN", "PRON") and not t.is_punct:
                while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i < tok.i:
                    t = t.head
                return t
        return None

    @staticmethod
    def _object_tail(block: Block, tok, adjacent, c_end: int, text: str) -> tuple[int, int] | None:
        """One quote right after the cue (no comma or colon between), not a sentence of its own,
        followed by more words of the same sentence: the content runs to the sentence's end."""
        if len(adjacent) != 1:
            return None
        q = adjacent[0][1]
        if len(q.outer) != 1 or q.outer_start < c_end or text[c_end:q.outer_start].strip():
            return None
        if re.search(r"[.!?,;:…]\s*$", text[q.start:q.end]):
            return None
        _, s1 = sent_bounds(block, tok)
        if not (q.outer_end < s1):
            return None
        rest = text[q.outer_end:s1]
        if any(ch in rest for ch in _MARK_CHARS) or rest[:1] in (",", ";", ":", ".") or \
                len(re.findall(r"[A-Za-z]+", rest)) < 2:
            return None
        return (q.outer_start, _strip_end_punct(text, q.outer_end, s1))

    def _according_by_comma(self, block: Block, tok, cue, text: str) -> Candidate | None:
        sent = tok.sent
        if tok.i != sent.start or tok.i + 2 >= sent.end:
            return None
        comma = next((t for t in sent if t.i > tok.i + 1 and t.text == ","), None)
        if comma is None or comma.i - tok.i > 12:
            return None
        src_toks = [t for t in block.doc[tok.i + 2:comma.i]]
        body = trim_tokens([t for t in sent if t.i > comma.i and not t.is_space])
        if not src_toks or len([t for t in body if not t.is_punct]) < 3:
            return None
        head = next((t for t in reversed(src_toks) if t.pos_ in ("PROPN", "NOUN", "PRON")), src_toks[-1])
        return Candidate("indirect", [tok_range(block, body)], cue, tok_range(block, src_toks),
                         head, block, method="clause", confidence=0.7, speech_cue=True)

    def _parenthetical(self, block: Block, tok, cue, source, source_head, src_toks, text: str,
                       cls) -> Candidate | None:
        """`The museum, Mr. Bush said, celebrated several of his heroes.`: a speech verb set
        off by commas inside the sentence it reports; the content is the sentence around it."""
        if tok.pos_ != "VERB" or cls != "speech" or tok.dep_ not in ("parataxis", "ccomp", "advcl") \
                or not src_toks:
            return None
        off = block.offset
        paren = [t for t in tok.subtree if not t.is_punct]
        p0 = off + min(t.idx for t in paren + src_toks)
        p1 = max(off + t.idx + len(t.text) for t in paren)
        s0, s1 = sent_bounds(block, tok)
        before, after = text[s0:p0].rstrip(), text[p1:s1].lstrip()
        if not before.endswith(",") or not after.startswith(","):
            return None
        a_end = s0 + len(before) - 1
        b_start = p1 + (len(text[p1:s1]) - len(after)) + 1
        while b_start < s1 and text[b_start].isspace():
            b_start += 1
        b_end = _strip_end_punct(text, b_start, s1)
        first, second = text[s0:a_end], text[b_start:b_end]
        if len(re.findall(r"\w+", first)) < 1 or len(re.findall(r"\w+", second)) < 2:
            return None
        if any(ch in first + second for ch in _MARK_CHARS):
            return None  # quotations are 3a's business
        return Candidate("indirect", [(s0, a_end), (b_start, b_end)], cue, source, source_head,
                         block, method="parenthetical", confidence=0.75, speech_cue=True)

    @staticmethod
    def _in_fronted_phrase(block: Block, tok, q, c_start: int, text: str) -> bool:
        """The quote closes a phrase that opens the sentence with a preposition."""
        if q.outer_end > c_start:
            return False
        s0, _ = sent_bounds(block, tok)
        return tok.sent[0].pos_ == "ADP" and s0 < q.outer_start and \
            not any(ch in text[s0:q.outer_start] for ch in _MARK_CHARS)

    @staticmethod
    def _mixed_lead(block: Block, tok, adjacent, c_start: int, text: str) -> tuple[int, int] | None:
        """A single quote before the cue that does not open its sentence: the sentence from its
        start to the quote's end, when the words before the quote are plain reporting (no other
        quote, no colon, no cue clause of their own)."""
        if len(adjacent) != 1:
            return None
        q = adjacent[0][1]
        if len(q.outer) != 1 or q.outer_end > c_start:
            return None
        s0, s1 = sent_bounds(block, tok)
        if not (s0 < q.outer_start <= s1):
            return None
        lead = text[s0:q.outer_start]
        if any(ch in lead for ch in _MARK_CHARS + ":;") or "''" in lead or "``" in lead:
            return None
        if len(re.findall(r"[A-Za-z]+", lead)) < 2:
            return None
        return (s0, q.outer_end)

    # -- step 4 ---------------------------------------------------------------------------
    def _transcript_turns(self, parsed: ParsedText, quotes, used_quotes,
                          found: list[Candidate]) -> list[Candidate]:
        """An interview transcript: paragraphs opening with a speaker's label in capitals
        (`PENCE: Well, look …`, often inside a quotation running over the paragraphs). Each
        labelled paragraph is a statement of the labelled speaker; an unlabelled paragraph
        between two turns goes on with the last speaker."""
        text = parsed.text
        turns = []
        for bi, block in enumerate(parsed.blocks):
            m = _TURN.match(text, block.offset, block.end)
            if m and m.group("label").strip().upper() not in _NOT_SPEAKER_LABELS:
                turns.append((bi, m))
        if len(turns) < MIN_TRANSCRIPT_TURNS or len({m.group("label") for _, m in turns}) < 2:
            return []
        labelled = {bi for bi, _ in turns}
        last_turn = max(labelled)
        out = []
        current = None
        for bi, block in enumerate(parsed.blocks):
            if bi < turns[0][0] or bi > last_turn:
                continue
            m = _TURN.match(text, block.offset, block.end) if bi in labelled else None
            if m:
                a, b = m.start("body"), self._turn_end(text, m.start("body"), block.end)
                current = (m.start("label"), m.end("label"))
                cand = Candidate("direct", [(a, b)], [], current, None, block,
                                 method="transcript", confidence=0.85)
            elif current is not None:
                a = block.offset + (1 if text[block.offset] in _MARK_CHARS else 0)
                b = self._turn_end(text, a, block.end)
                if b - a < 2 or re.fullmatch(r"\(.*\)\.?", text[a:b].strip()):
                    continue  # "(CROSSTALK.)": a stage direction
                cand = Candidate("direct", [(a, b)], [], None, None, block, method="transcript",
                                 confidence=0.75, continues=True)
            else:
                continue
            if any(c.content and cand.content[0][0] <= c.start < cand.content[0][1]
                   for c in found if c.method != "continuation"):
                continue
            for qi, q in enumerate(quotes):  # the quotations inside the turn are its words
                if any(block.offset <= x < block.end for x, _ in q.outer):
                    used_quotes.add(qi)
            out.append(cand)
        return out

    @staticmethod
    def _turn_end(text: str, a: int, b: int) -> int:
        """The end of a turn's words: without a dangling quotation mark at the paragraph's end."""
        seg = text[a:b].rstrip()
        if seg and seg[-1] in _MARK_CHARS:
            inner = seg[:-1]
            opens = sum(inner.count(c) for c in "“«") + inner.count('"')
            closes = sum(inner.count(c) for c in "”»")
            if inner.count('"') % 2 == 0 and opens <= closes:
                seg = inner.rstrip()
        return a + len(seg)

    def _leftover_quotes(self, parsed: ParsedText, quotes, used_quotes, found) -> list[Candidate]:
        text = parsed.text
        out = []
        for qi, q in enumerate(quotes):
            if qi in used_quotes:
                continue
            block = parsed.block_at(q.outer_start)
            if block is None:
                continue
            words = len(text[q.start:q.end].split())
            # headline convention: `Speaker: "quote"` (the first block, or a short line)
            before = text[block.offset:q.outer_start]
            m = re.match(r"^\s*([^:\n“\"]{2,80}?)\s*:\s*$", before)
            if m and len(m.group(1).split()) <= 6:
                s = block.offset + m.start(1)
                e = block.offset + m.end(1)
                head = None
                for t in block.doc:
                    if block.offset + t.idx >= e:
                        break
                    if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.pos_ == "PROPN":
                        head = t
                out.append(Candidate("direct", list(q.spans), [], (s, e), head, block,
                                     method="headline", confidence=0.85))
                used_quotes.add(qi)
                continue
            # trailing byline: `“quote” ― Name` / `“quote” — Name, role` ending the paragraph
            m = _BYLINE.match(text, q.outer_end, block.end)
            if m and text[block.offset:q.outer_start].strip() == "":
                s, e = m.span("name")
                if text[e - 1] == "." and e - s > 2 and text[e - 3] != " ":
                    e -= 1  # the sentence's full stop, not an initial
                head = None
                for t in block.doc:
                    if s <= block.offset + t.idx < e and (t.pos_ == "PROPN" or t.ent_type_):
                        head = t
                        if t.i + 1 < len(block.doc) and not block.doc[t.i + 1].pos_ == "PROPN":
                            break
                out.append(Candidate("direct", list(q.spans), [m.span("dash")], (s, e), head,
                                     block, method="byline", confidence=0.85))
                used_quotes.add(qi)
                continue
            block_chars = len(text[block.offset:block.end].strip())
            if q.chars() >= CONTINUATION_SHARE * block_chars or (
                    len(q.spans) > 1):
                out.append(Candidate("direct", list(q.spans), [], None, None, block,
                                     method="continuation", confidence=0.7, continues=True))
                used_quotes.add(qi)
                continue
            # a full quoted sentence with no cue: keep it as an unattributed direct quote
            if words >= MIN_DIRECT_WORDS * 2 and q.closed:
                out.append(Candidate("direct", list(q.spans), [], None, None, block,
                                     method="unattributed-quote", confidence=0.4, continues=True))
                used_quotes.add(qi)
        return out
