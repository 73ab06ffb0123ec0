"""Statements in a headline: ``Speaker: claim``, ``Speaker Verbs Object`` and their quotes.

A headline is written in its own grammar — title case, present tense, no articles — that the
parser reads poorly ("Black Lawmakers Rip Donald Trump As A ‘Disgusting Fraud’" is all proper
nouns to it), so it is read here by word forms instead of by the parse:

* ``Pence: Gennifer Flowers Won’t Be at Debate`` — a name (a few capitalised words) and a
  colon: the rest is the speaker's claim (mixed when it holds a quotation);
* ``Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Police Shooting Comments`` — a
  speech verb in the headline's present tense ("Calls", "Rips", "Says", "Warns"; the plain
  form after a plural subject: "Lawmakers Rip") after a short subject: the words after it are
  the content, up to an adjunct that gives the occasion or the reason ("Over …", "Ahead of …");
* ``Elizabeth Warren Hammers Wells Fargo CEO: ‘You Should Be Criminally Investigated.’`` — the
  quotation after the colon is the speaker's own words (direct).

Labels that are not speakers ("The Latest:", "Exclusive:", "Poll:") are skipped and the rest is
read again. In headlines, single curly quotes are quotation marks. A title and a subtitle joined
by ";" are read one by one. Said_on and venue of headline statements stay empty (ANNOTATION.md).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import cues as cue_table
from ..nlp import ParsedText
from .candidates import Candidate

# Headlines longer than this are not headlines (a first paragraph without a title).
MAX_HEADLINE_CHARS = 250
# The subject before a headline verb: at most this many words.
MAX_SUBJECT_WORDS = 6
# The name before a colon: at most this many words.
MAX_LABEL_WORDS = 5
# Labels before a colon that are not speakers.
NOT_SPEAKERS = {"the latest", "latest", "breaking", "breaking news", "update", "updated", "watch",
                "video", "exclusive", "analysis", "opinion", "editorial", "fact check",
                "fact-check", "review", "live", "photos", "news guide", "explainer", "q&a",
                "poll", "new poll", "report", "listen", "podcast", "correction", "editor's note",
                "editor’s note", "news analysis", "commentary", "column", "interview"}
# Headline verbs that are speech although the cue table leaves them out.
HEADLINE_VERBS = {"rip", "hammer", "knock", "bash", "chide", "pan", "needle", "jab", "torch"}
# Lemmas of the cue table that are not speech in a headline ("Company Adds 500 Jobs").
NOT_HEADLINE_VERBS = {"add", "continue", "post", "answer", "address", "back", "support",
                      "report", "conclude", "estimate", "echo", "press", "order", "rule",
                      "cite", "charge", "attack", "challenge", "counter"}
# Headline verbs whose particle belongs to them ("Calls on Dean to Apologize").
PARTICLES = {"call": ("on", "for"), "point": ("out",), "lash": ("out", "out at"),
             "hit": ("back", "back at"), "speak": ("out", "out against")}
# Adjuncts that end a headline's content: the occasion or reason, not what was said.
_ADJUNCT = re.compile(r"\s+(?:Over|After|Amid|Ahead [Oo]f|During|Following|Before|At|In Wake Of|"
                      r"over|after|amid|ahead of|during|following|at|in wake of)\s+\S")
_QUOTE_OPEN = "“‘\""
_QUOTE_CLOSE = "”’\""
_COLON_QUOTE = re.compile(r":\s*([“‘\"])")


def _vbz(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


@lru_cache(maxsize=1)
def _verb_forms() -> tuple[dict[str, str], dict[str, str]]:
    """(third-person form → lemma, plain form → lemma) of the speech verbs for headlines."""
    table = cue_table()
    lemmas = {lemma for (lemma, pos), t in table.types.items()
              if pos == "VERB" and t in ("speech", "writing", "speech-object")}
    lemmas = (lemmas | HEADLINE_VERBS) - NOT_HEADLINE_VERBS
    return {_vbz(x): x for x in lemmas}, {x: x for x in lemmas}


def headline_verb_forms() -> frozenset:
    """Third-person forms of the verbs a headline reports speech with ("says", "slams")."""
    return frozenset(_verb_forms()[0])


def _strip_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in " \t.;,":
        b -= 1
    return b


def _has_quote(s: str) -> bool:
    return any(c in s for c in "“”\"") or bool(re.search(r"(?:^|\s)‘|’(?:\s|$|[.,:;!?])", s)) \
        or bool(re.search(r"(?:^|\s)'[^']+'(?:\s|$|[.,:;!?])", s))


def _closing(text: str, start: int, end: int, opener: str) -> int | None:
    """Position of the mark closing the quotation opened at ``start`` (None if unclosed)."""
    close = {"“": "”", "‘": "’", '"': '"'}[opener]
    k = start + 1
    while k < end:
        if text[k] == close and (close != "’" or k + 1 >= end or not text[k + 1].isalpha()):
            return k
        k += 1
    return None


def _segments(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Title and subtitle: the headline split at "; "."""
    out, pos = [], a
    for m in re.finditer(r";\s+", text[a:b]):
        out.append((pos, a + m.start()))
        pos = a + m.end()
    out.append((pos, b))
    return out


def _candidate(text, block, kind, content, cue, source) -> Candidate:
    return Candidate(kind, content, cue, source, None, block, method="headline",
                     confidence=0.8, speech_cue=True)


def _read(text: str, block, a: int, b: int) -> Candidate | None:
    seg = text[a:b]
    # 1. "Name: claim"
    m = re.match(r"\s*([A-Z][^:;“”\"‘]{0,60}?)\s*:\s+(?=\S)", seg)
    if m:
        label = m.group(1).strip()
        words = label.split()
        if label.lower() in NOT_SPEAKERS or label.isupper() and len(words) > 1:
            return _read(text, block, a + m.end(), b)
        third = _verb_forms()[0]
        has_verb = any(w.lower() in third for w in words[1:])  # "X Hammers Y: ‘…’" is read below
        if not has_verb and len(words) <= MAX_LABEL_WORDS and all(w[:1].isupper() or w in ("of", "de", "van", "von")
                                                  for w in words):
            s0 = a + m.start(1)
            src = (s0, s0 + len(label))
            c0 = a + m.end()
            c1 = _strip_end(text, c0, b)
            if text[c0] in _QUOTE_OPEN:
                close = _closing(text, c0, c1, text[c0])
                if close is not None and _strip_end(text, close + 1, c1) == close + 1:
                    return _candidate(text, block, "direct", [(c0 + 1, close)], [], src)
            if c1 - c0 < 8:
                return None
            kind = "mixed" if _has_quote(text[c0:c1]) else "indirect"
            return _candidate(text, block, kind, [(c0, c1)], [], src)
    # 2. "Subject Verbs Object …"
    third, plain = _verb_forms()
    words = list(re.finditer(r"\S+", seg))
    for k, w in enumerate(words[:MAX_SUBJECT_WORDS + 1]):
        word = w.group(0)
        if k == 0 or not word[:1].isalpha():
            continue
        low = word.lower().strip(",:")
        prev = words[k - 1].group(0)
        lemma = third.get(low) or (plain.get(low) if prev.endswith("s") and not prev.endswith("’s")
                                   and not prev.endswith("'s") else None)
        if lemma is None:
            continue
        if not all(x.group(0)[:1].isupper() or x.group(0) in ("of", "and", "de")
                   for x in words[:k]):
            return None
        src = (a + words[0].start(), a + words[k - 1].end())
        cue_end = a + w.end()
        rest = k + 1
        for part in PARTICLES.get(lemma, ()):
            pw = part.split()
            if [x.group(0).lower() for x in words[rest:rest + len(pw)]] == pw:
                cue_end = a + words[rest + len(pw) - 1].end()
                rest += len(pw)
                break
        if rest >= len(words):
            return None
        cue = [(a + w.start(), cue_end)]
        c0 = a + words[rest].start()
        if lemma in ("say", "tell") and text[c0:c0 + 5].lower() == "that ":
            c0 += 5
        c1 = _strip_end(text, c0, b)
        cq = _COLON_QUOTE.search(text, c0, c1)
        if cq:  # "… Hammers Wells Fargo CEO: ‘You Should Be Criminally Investigated.’"
            q0 = cq.start(1)
            close = _closing(text, q0, c1 + 1, text[q0])
            end = close if close is not None else c1
            return _candidate(text, block, "direct", [(q0 + 1, _strip_end(text, q0 + 1, end)
                                                        if close is None else end)], cue, src)
        adj = _ADJUNCT.search(text, c0, c1)
        if adj and len(text[c0:adj.start()].split()) >= 2:
            c1 = adj.start()
        if len(text[c0:c1].split()) < 2:
            return None
        kind = "mixed" if _has_quote(text[c0:c1]) else "indirect"
        return _candidate(text, block, kind, [(c0, c1)], cue, src)
    return None


def headline_candidates(parsed: ParsedText) -> list[Candidate]:
    """Statements of the article's headline (its first paragraph, when it is short and the
    article goes on after it)."""
    if len(parsed.blocks) < 2:
        return []
    block = parsed.blocks[0]
    text = parsed.text
    if block.end - block.offset > MAX_HEADLINE_CHARS:
        return []
    out = []
    for a, b in _segments(text, block.offset, block.end):
        c = _read(text, block, a, b)
        if c is not None:
            out.append(c)
    return out
