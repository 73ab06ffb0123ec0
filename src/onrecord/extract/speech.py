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
* a verb of saying whose object is a thing, not a statement ("published portions",
  "commented on the death", "requests for comment"), is a speech event without content;
* negated speech ("has not said", "didn't apologize"), speech someone declined or refused to
  give or "stopped short of", an infinitive of saying under a head that is not speech
  ("appeared to suggest", "is determined to warn"), an agentless passive ("was accused of"),
  a naming participle ("a program called EB-5"), a cue inside someone's quotation, and a
  fronted "Asked about …" (the question is the reporter's) are not statements.

``scope="all"`` keeps every attribution (PolNeAR's notion), for scoring on PolNeAR.
"""
from __future__ import annotations

import re

from ..lexicon import cues as cue_table
from .candidates import QUOTATION_METHODS, Candidate
from .parsetree import head_token, tokens_in

SCOPES = ("speech", "all")
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
# Verbs of saying whose object is what was said only when it is a clause, a quotation or a
# statement noun: "published portions", "commented on the death", "made the case for X",
# "requests for comment" are speech events without content.
NOT_WITH_A_THING = frozenset({"publish", "comment", "say", "tell", "write", "post", "report",
                              "note", "mention", "discuss", "make", "point", "announce", "cite",
                              "repeat", "request", "explain", "describe", "recount", "add",
                              "respond", "reply", "answer", "remark", "state", "declare",
                              "call", "shout", "yell", "scream", "grill"})
# Heads under which an infinitive of saying still reports speech: "went on to say".
GOING_ON = frozenset({"go", "continue", "proceed", "begin", "start", "use", "take", "rise",
                      "stand", "try", "make"})
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
    return table.type_of(lemma, pos)


def cue_type_of_token(tok) -> str | None:
    """What a single cue word reports ("speech", "writing", "belief" …), or None."""
    return _type_of(tok)


def cue_word(c: Candidate):
    """The word of the candidate's (first) cue that says what it reports: its head, or, when
    the head is not a cue word ("tried to make the case", "persisted in arguments"), the first
    speech or writing word inside the cue. None without a cue."""
    if not c.cue or c.block is None:
        return None
    head = head_token(c.block, c.cue[0])
    if head is None or _type_of(head) in SPEECH_TYPES or _type_of(head) == "evidence":
        return head  # "appeared to suggest": the writer's reading, whatever verb follows
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
        if cur.dep_ not in ("xcomp", "ccomp") or cur.head.i == cur.i:
            break  # (a coordinated verb has its own polarity: "not to shoot and begging …")
        cur = cur.head
        if (cur.lemma_ or "").lower() in CANCELLING_HEADS:
            return True
        if any(ch.dep_ == "neg" and outside_content(ch) for ch in cur.children):
            return True
    return False


def _stopped_short(tok) -> bool:
    """"stopped short of calling …", "short of saying …": speech not made."""
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if any(ch.lower_ == "short" for ch in cur.children) or cur.lower_ == "short":
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
        if span.root.pos_ in ("VERB", "AUX"):
            return True  # a clause ("people accused of rape" is a noun phrase)
        if span.root.lower_ in STATEMENT_NOUNS or span.root.lemma_.lower() in STATEMENT_NOUNS:
            return True
    return False


def _content_span(c: Candidate):
    if c.block is None or not c.content:
        return None
    a, b = c.content[0][0], c.content[-1][1]
    return c.block.doc.char_span(a - c.block.offset, b - c.block.offset, alignment_mode="expand")


def _bare_noun_phrase(text: str, c: Candidate) -> bool:
    """The content is a noun phrase without a clause, an infinitive, a complement or a
    quotation: "published portions", "commented on Crutcher's death"."""
    if _quoted_words(text, c):
        return False
    span = _content_span(c)
    if span is None:
        return False
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span):
        return False
    if any(t.lower_ in ("as", "of", "for", "to", "against", "with") and t.head.i == span.root.i
           and t.dep_ == "prep" for t in span):
        return False  # "the ACA as a crazy system", "Holt of being a Democrat"
    return span.root.lower_ not in STATEMENT_NOUNS and span.root.lemma_.lower() not in STATEMENT_NOUNS


def _free_relative(c: Candidate) -> bool:
    """"(ignored) what Trump says his tax plan would do", "how experts say it would shape tax
    law": the content's gap is a wh-word standing before the attribution — the sentence is
    about what is said, it reports no claim."""
    span = _content_span(c)
    if span is None or c.kind == "direct" or not c.cue:
        return False
    first = min([c.cue[0][0]] + ([c.source[0]] if c.source else []))
    off = c.block.offset
    return any(ch.tag_ in ("WP", "WRB") and ch.lower_ in ("what", "how") and
               off + ch.idx < first and off + ch.idx >= first - 40
               for t in span for ch in t.children)


def _reference_only(text: str, c: Candidate) -> bool:
    """The content only names something said, without saying it: "defended the remark",
    "first reported the story", "citing an unfounded conspiracy theory" — a noun phrase headed
    by a statement noun, with no clause, no complement and no quotation."""
    if c.kind != "indirect" or _quoted_words(text, c):
        return False
    span = _content_span(c)
    if span is None or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound")
                           for t in span):
        return False
    return span.root.lower_ in STATEMENT_NOUNS or span.root.lemma_.lower() in STATEMENT_NOUNS


def _agentless_passive(tok) -> bool:
    """"was accused of …", "was charged with …": said by nobody the text names."""
    return tok.tag_ == "VBN" and any(ch.dep_ == "auxpass" for ch in tok.children) and \
        not any(ch.dep_ == "agent" for ch in tok.children)


def _in_quotation(pos: int, quote_ranges) -> bool:
    return any(a < pos < b for a, b in quote_ranges)


def is_speech(c: Candidate, text: str, quote_ranges=()) -> bool:
    """Does the candidate report something said or written (see the module docstring)?
    ``quote_ranges``: the article's quotations (outer ranges, marks included)."""
    if c.method in QUOTATION_METHODS:
        return True
    tok = cue_word(c)
    if tok is None:
        return c.kind == "direct"
    if _in_quotation(c.cue[0][0], quote_ranges):
        return False  # "as you very aptly pointed out, Laura": a cue inside someone's quote
    t = cue_type(c)
    if c.object_cue:
        ok = True  # an object construction the rules read from the parse ("accused X of Y")
    elif t == "speech-object":
        ok = _takes_statement(text, c)
    elif t in SPEECH_TYPES:
        ok = not (tok.pos_ == "VERB" and (tok.lemma_ or "").lower() in NOT_WITH_A_THING
                  and _bare_noun_phrase(text, c))
    else:
        ok = c.kind != "indirect" and _quoted_words(text, c) >= QUOTED_WORDS_FOR_SPEECH
    if not ok or _reference_only(text, c) or _free_relative(c):
        return False
    if _negated(tok, c) or (tok.pos_ == "VERB" and _agentless_passive(tok)):
        return False
    if tok.tag_ == "VBN" and tok.dep_ == "acl":
        return False  # "a program called EB-5": a name, not a statement
    if _stopped_short(tok):
        return False
    if tok.dep_ == "xcomp" and tok.head.i != tok.i and \
            _type_of(tok.head) not in SPEECH_TYPES and \
            (tok.head.lemma_ or "").lower() not in GOING_ON:
        # "appeared to suggest", "is determined to warn", "plans to announce": speech that
        # is inferred, intended or expected has not been made
        return False
    # "Asked about Trump's declaration, Clinton said …": the fronted participle is the
    # reporter's question; the answer is the statement ("said"), not the question
    if (tok.lemma_ or "").lower() == "ask" and tok.tag_ == "VBN" and tok.dep_ != "ROOT":
        return False
    return True


def keep_speech(cands: list[Candidate], text: str, scope: str = "speech",
                quote_ranges=()) -> list[Candidate]:
    """The candidates that pass the speech test (all of them with ``scope="all"``)."""
    if scope == "all":
        return cands
    return [c for c in cands if is_speech(c, text, quote_ranges)]


def speech_blocks(parsed, quotes) -> set[int]:
    """Paragraphs that can hold a statement: with a quotation or a word the cue table types as
    speech or writing. The others cannot pass the speech test whatever the tagger reads."""
    table = cue_table()
    speech_lemmas = {lemma for (lemma, _pos), t in table.types.items()
                     if t in SPEECH_TYPES or t == "speech-object"}
    quoted = {i for i, b in enumerate(parsed.blocks)
              for q in quotes for a, _ in q.outer if b.offset <= a < b.end}
    out = set(quoted)
    text = parsed.text
    for i, b in enumerate(parsed.blocks):
        if i in out:
            continue
        if any(c in text[b.offset:b.end] for c in "“”\"«»„") or any(
                (t.lemma_ or "").lower() in speech_lemmas or t.lower_ == "according" for t in b.doc):
            out.add(i)
    return out
