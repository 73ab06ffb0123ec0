"""The speech test: the contract's statements are speech and writing.

The trained tagger learned PolNeAR's broad notion of attribution — beliefs ("are afraid"),
intentions ("seeks to"), perceptions, the writer's inferences ("appeared to suggest") and
descriptions of actions ("unveiled a plan") — and the rules propose belief clauses too, as
features for the tagger. Before candidates become statements, each must show that it reports
something said or written:

* a quotation found from its marks (a quote with a cue, a continuation, a headline or byline
  quote) is speech whatever its verb;
* otherwise the cue's head word must be a speech or writing cue of the cue table
  (``data/cues.tsv``, column *type*), or "according to"; a *speech-object* cue ("rejected",
  "dismissed", "defended") only when it takes a statement — a clause, a quotation, or a noun
  such as "the claim" — and not a thing ("rejected an application");
* negated speech ("has not said", "didn't apologize"), speech someone declined or refused to
  give, and a fronted "Asked about …" (the question is the reporter's) are not statements.

``scope="all"`` keeps every attribution (PolNeAR's notion), for scoring on PolNeAR.
"""
from __future__ import annotations

import re

from ..lexicon import cues as cue_table
from .attribution import Candidate
from .parsetree import head_token, tokens_in

SCOPES = ("speech", "all")
# Candidates read from quotation marks: someone's words, whatever the verb next to them.
QUOTE_METHODS = frozenset({"quote+cue", "headline", "continuation", "byline",
                           "unattributed-quote", "quotes-only", "transcript"})
SPEECH_TYPES = frozenset({"speech", "writing"})
# Nouns naming something said: "rejected the claim", "dismissed the accusations".
STATEMENT_NOUNS = frozenset("""claim claims accusation accusations allegation allegations charge
charges idea ideas suggestion suggestions notion report reports remark remarks comment comments
criticism criticisms proposal proposals assertion assertions statement statements characterization
account accounts story stories rumor rumors rumour rumours speculation argument arguments premise
question questions call calls demand demands request requests offer offers plea pleas warning
warnings threat threats narrative narratives assessment assessments description descriptions
allegation finding findings conclusion conclusions theory theories view views position
reporting article articles""".split())
# Verbs that cancel the speech they govern: "declined to say", "refused to comment".
CANCELLING_HEADS = frozenset({"decline", "refuse", "fail", "neglect", "avoid", "hesitate"})
# A belief or other non-speech cue still reports speech when its content holds a quotation of at
# least this many words ("she knows that “LeBron will always be the king.”"): a scare-quoted
# word or two does not make a statement.
QUOTED_WORDS_FOR_SPEECH = 4
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")


def _type_of(tok) -> str | None:
    if tok.lower_ == "according":
        return "speech"
    table = cue_table()
    pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else "VERB"
    lemma = (tok.lemma_ or tok.lower_).lower()
    return table.type_of(lemma, pos) or table.type_of(lemma, "NOUN" if pos == "VERB" else "VERB")


def cue_word(c: Candidate):
    """The word of the candidate's (first) cue that says what it reports: its head, or, when
    the head is not a cue word ("tried to make the case", "persisted in arguments"), the first
    speech or writing word inside the cue. None without a cue."""
    if not c.cue or c.block is None:
        return None
    head = head_token(c.block, c.cue[0])
    if head is None or _type_of(head) in SPEECH_TYPES:
        return head
    for t in tokens_in(c.block, c.cue[0]):
        if t.i != head.i and t.pos_ in ("VERB", "NOUN") and _type_of(t) in SPEECH_TYPES:
            return t
    return head


def cue_type(c: Candidate) -> str | None:
    """What the candidate's cue reports: "speech", "writing", "speech-object", "belief" …
    (None when the cue word is not in the cue table)."""
    tok = cue_word(c)
    return _type_of(tok) if tok is not None else None


def _negated(tok, c: Candidate) -> bool:
    off = c.block.offset

    def outside_content(t) -> bool:  # "said … “Probably not”": a negation in the content
        return not any(a <= off + t.idx < b for a, b in c.content)
    if any(ch.dep_ == "neg" and outside_content(ch) for ch in tok.children):
        return True
    # "declined to say", "refused to comment", "did not want to say"
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "ccomp", "conj") or cur.head.i == cur.i:
            break
        cur = cur.head
        if (cur.lemma_ or "").lower() in CANCELLING_HEADS:
            return True
        if any(ch.dep_ == "neg" and outside_content(ch) for ch in cur.children) and \
                cur.dep_ != "conj":
            return True
    return False


def _quoted_words(text: str, c: Candidate) -> int:
    n = 0
    for a, b in c.content:
        for m in _QUOTED.finditer(text[max(0, a - 1):b + 1]):
            n = max(n, len(m.group(1).split()))
    return n


def _takes_statement(text: str, c: Candidate) -> bool:
    """The content of a speech-object cue is a statement: a clause (it has a verb), a
    quotation, or a noun phrase headed by a statement noun."""
    if _quoted_words(text, c) >= 1:
        return True
    block = c.block
    for a, b in c.content:
        span = block.doc.char_span(a - block.offset, b - block.offset, alignment_mode="expand")
        if span is None:
            continue
        if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span):
            return True
        if span.root.lower_ in STATEMENT_NOUNS or span.root.lemma_.lower() in STATEMENT_NOUNS:
            return True
    return False


def is_speech(c: Candidate, text: str) -> bool:
    """Does the candidate report something said or written (see the module docstring)?"""
    if c.method in QUOTE_METHODS:
        return True
    tok = cue_word(c)
    if tok is None:
        return c.kind == "direct"
    t = cue_type(c)
    if t == "speech-object":
        ok = _takes_statement(text, c)
    elif t in SPEECH_TYPES:
        ok = True
    else:
        ok = c.kind != "indirect" and _quoted_words(text, c) >= QUOTED_WORDS_FOR_SPEECH
    if not ok:
        return False
    if _negated(tok, c):
        return False
    # "Asked about Trump's declaration, Clinton said …": the fronted participle is the
    # reporter's question; the answer is the statement ("said"), not the question
    if (tok.lemma_ or "").lower() == "ask" and tok.tag_ == "VBN" and tok.dep_ != "ROOT":
        return False
    return True


def keep_speech(cands: list[Candidate], text: str, scope: str = "speech") -> list[Candidate]:
    """The candidates that pass the speech test (all of them with ``scope="all"``)."""
    if scope == "all":
        return cands
    return [c for c in cands if is_speech(c, text)]
