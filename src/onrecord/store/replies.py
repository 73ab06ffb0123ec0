"""Replies across articles: an article says that Y answered X's remarks, and X's remarks are in
the corpus from another article.

What counts as the article saying so (``detect``), for a statement Y of the article:

* **in-article**: the extractor found that Y responds to a statement T quoted in the same
  article (``responds_to``). T's speaker is X, and T's content is what X's remark is about.
* **named**: the sentence of Y's cue, or the sentence just before it that names Y's speaker (the
  lead-in: "Linkevicius blasted Macron's suggestion that …"), holds a reaction cue from the
  stance table (``data/context/stance.tsv``: blasted, rejected, responding to …) and names
  another person with a statement noun ("Macron's suggestion", "the president's remarks") or as
  the object of the reaction ("responding to Macron"). X is that name; what the sentence says
  about the remark is the topic.

The target (``best``) is a statement of speaker X from another article published on or before
Y's article, within ``WINDOW_DAYS``, sharing at least ``MIN_SHARED_WORDS`` content words with the
topic: the most words shared, then the latest, then the highest id. It is a function of what is
stored, not of the order articles arrived in; the linker keeps it up to date as X's statements
and Y's arrive, in either order.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .schema import rows as _rows

# An answer reacts to something said recently: a month covers the news cycle of a remark.
WINDOW_DAYS = 31
# Two content words in common ("security guarantees") tie an answer to a remark; one ("Russia")
# is what every article on the subject shares.
MIN_SHARED_WORDS = 2

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves said says say saying told tell tells asked added
according would could might must shall may mr mrs ms dr its it's one two three new also yesterday
today tomorrow monday tuesday wednesday thursday friday saturday sunday week year day time
""".split())

STATEMENT_NOUNS = (r"(?:remarks?|comments?|statements?|words|suggestions?|idea|proposals?|plans?|"
                   r"call|claims?|demands?|offer|criticism|position|stance|views?|assertion|"
                   r"argument|appeal|warning|threat|ultimatum|speech|interview|tweets?|posts?|"
                   r"accusations?|allegations?|message|pledge|promise|vow|announcement|"
                   r"decision|account)")
_NAME = r"((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'\-]*[\w])"
_POSSESSIVE = re.compile(_NAME + r"(?:’s|'s|’|')\s+(?:[\w\-]+\s+){0,2}?" + STATEMENT_NOUNS + r"\b")
_OBJECT = re.compile(r"\b(?:respond(?:ed|ing|s)?|react(?:ed|ing|s)?|repl(?:ied|ying|ies)|hit back|"
                     r"fired back|shot back|hit out|lashed out|in response)\s+(?:to|at|on)\s+"
                     r"(?:(?:the|a)\s+)?" + _NAME)
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*", re.UNICODE)


@lru_cache(maxsize=1)
def _reaction_cue() -> re.Pattern:
    """One pattern for every reaction cue of the stance table (role cue or respond)."""
    from ..extract.context.tables import tables
    rxs = [rx for rx, _pol, role in tables().stance if role in ("cue", "respond")]
    flags = {rx.flags for rx in rxs}
    if len(flags) == 1:
        return re.compile("|".join(f"(?:{rx.pattern})" for rx in rxs), flags.pop())
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in rxs), re.I)


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words worth comparing (stop words, numbers and short words left out),
    with a plural 's' taken off."""
    return _content_words(text)


@lru_cache(maxsize=65536)  # a remark is compared with every answer in its window
def _content_words(text: str) -> frozenset[str]:
    out = set()
    for w in _WORD.findall(text.lower()):
        w = w.strip("’'-")
        w = re.sub(r"(?:’s|'s)$", "", w)
        if len(w) < 3 or w in STOPWORDS:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` (from the previous sentence end to the next)."""
    a = 0
    for m in _SENT_END.finditer(text, max(0, pos - 1500), pos):
        a = m.end()
    m = _SENT_END.search(text, pos)
    b = m.start() + 1 if m else len(text)
    return a, min(b, len(text))


@dataclass
class StatementView:
    """What detection needs of one stored statement."""

    id: int
    local_id: str                       # its id in the article ("s3")
    speaker_name: str | None
    speaker_type: str | None
    speaker_role: str | None
    speaker_affiliation: str | None
    content: str
    content_spans: list[tuple[int, int]]
    cue_spans: list[tuple[int, int]]
    responds_to: str | None             # local id, from the extractor
    skip: bool = False                  # not a statement, or its answer set by an editor


@dataclass
class Cue:
    """The article's word that statement ``statement_id`` answers someone."""

    statement_id: int
    via: str                            # in-article | named
    target_name: str
    target_type: str | None
    target_title: str | None
    target_affiliation: str | None
    topic: list[str]
    evidence_text: str
    evidence_spans: list[tuple[int, int]]


def _inside(spans, a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    wa = {w.lower() for w in _WORD.findall(a)}
    wb = {w.lower() for w in _WORD.findall(b)}
    return bool(wa & wb)


def detect(text: str, statements: list[StatementView]) -> list[Cue]:
    """The reply cues of an article's statements (at most one per statement)."""
    by_local = {s.local_id: s for s in statements}
    cues = []
    for y in statements:
        if y.skip or not y.speaker_name:
            continue
        anchor = (y.cue_spans or y.content_spans or [(0, 0)])[0][0]
        a, b = sentence_bounds(text, anchor)
        if y.content_spans and y.content_spans[0][0] < a:
            a = sentence_bounds(text, y.content_spans[0][0])[0]
        window = [(a, b)]
        if a > 0:  # the lead-in sentence naming Y's speaker
            pa, pb = sentence_bounds(text, max(0, a - 2))
            surname = (_WORD.findall(y.speaker_name) or [""])[-1]
            if surname and re.search(r"(?<!\w)" + re.escape(surname) + r"(?!\w)", text[pa:pb]):
                window.insert(0, (pa, pb))
        t = by_local.get(y.responds_to) if y.responds_to else None
        if t is not None and t.speaker_name and not t.skip and \
                not _same_person(t.speaker_name, y.speaker_name):
            topic = content_words(t.content)
            wa, wb = window[0][0], window[-1][1]
            cues.append(Cue(y.id, "in-article", t.speaker_name, t.speaker_type, t.speaker_role,
                            t.speaker_affiliation, sorted(topic),
                            " ".join(text[wa:wb].split()), [(wa, wb)]))
            continue
        found = _named(text, window, y)
        if found:
            name, (ea, eb) = found
            wa, wb = window[0][0], window[-1][1]
            topic = content_words(text[wa:wb]) | content_words(y.content)
            topic -= content_words(name) | content_words(y.speaker_name)
            cues.append(Cue(y.id, "named", name, None, None, None, sorted(topic),
                            " ".join(text[ea:eb].split()), [(ea, eb)]))
    return cues


def _strip_titles(name: str) -> str:
    """The name after its last title word ("Russian President Vladimir Putin" → "Vladimir
    Putin")."""
    from .speakers import TITLES
    words = name.split()
    last = max((i for i, w in enumerate(words[:-1]) if w.lower().strip(".,") in TITLES), default=-1)
    return " ".join(words[last + 1:])


def _named(text: str, window, y: StatementView) -> tuple[str, tuple[int, int]] | None:
    """(the name of the person answered, the sentence that names them) in the window, if any."""
    for wa, wb in window:
        part = text[wa:wb]
        if not _reaction_cue().search(part):
            continue
        hits = []
        for rx in (_OBJECT, _POSSESSIVE):
            for m in rx.finditer(part):
                na, nb = wa + m.start(1), wa + m.end(1)
                # a name inside the content is what is said ("… that Macron's plan fails"),
                # unless the content opens with it: the reaction's object ("blasted [Macron's
                # suggestion that …]")
                if _inside(y.content_spans, na, nb) and not any(
                        re.fullmatch(r"(?:the\s+)?", text[s:na], re.I) for s, _e in y.content_spans):
                    continue
                name = _strip_titles(m.group(1).strip())
                if name.split()[0].lower() in ("the", "a", "an", "this", "that", "his", "her", "their"):
                    continue
                if _same_person(name, y.speaker_name):
                    continue
                hits.append((na, name))
        if hits:  # the evidence is the sentence that says it
            hits.sort()
            return hits[0][1], (wa, wb)
    return None


@dataclass(frozen=True)
class Scored:
    statement_id: int
    uid: str
    published: str
    shared: tuple[str, ...]

    @property
    def rank(self) -> tuple:
        return (len(self.shared), self.published, self.uid)


def score(topic: set[str], content: str) -> tuple[str, ...]:
    return tuple(sorted(topic & content_words(content)))


def best(topic: set[str], candidates) -> Scored | None:
    """The best of ``candidates`` (statement id, uid, published, content) for ``topic``."""
    top = None
    for sid, uid, published, content in candidates:
        shared = score(topic, content)
        if len(shared) < MIN_SHARED_WORDS:
            continue
        s = Scored(sid, uid, published, shared)
        if top is None or s.rank > top.rank:
            top = s
    return top


def window_start(published: str) -> str:
    try:
        return (date.fromisoformat(published[:10]) - timedelta(days=WINDOW_DAYS)).isoformat()
    except ValueError:
        return published


def window_end(published: str) -> str:
    try:
        return (date.fromisoformat(published[:10]) + timedelta(days=WINDOW_DAYS)).isoformat()
    except ValueError:
        return published


# -- reading -------------------------------------------------------------------------------------
_REPLY_SELECT = """
SELECT y.uid AS statement_id, coalesce(ysp.name, y.speaker_name) AS speaker, y.speaker_id,
       ya.outlet, ya.published, y.content, y.stance, r.via, r.evidence_text AS evidence,
       r.evidence_spans, r.shared, t.uid AS target_id, coalesce(tsp.name, t.speaker_name) AS target_speaker,
       t.speaker_id AS target_speaker_id, ta.outlet AS target_outlet,
       ta.published AS target_published, t.content AS target_content
FROM replies r
JOIN statements y ON y.id = r.statement_id JOIN articles ya ON ya.id = y.article_id
LEFT JOIN speakers ysp ON ysp.id = y.speaker_id
JOIN statements t ON t.id = r.target_id JOIN articles ta ON ta.id = t.article_id
LEFT JOIN speakers tsp ON tsp.id = t.speaker_id
"""


def _reply_row(r) -> dict:
    d = dict(r)
    d["evidence_spans"] = json.loads(d["evidence_spans"] or "[]")
    d["shared"] = json.loads(d["shared"] or "[]")
    return d


def answered_by(conn, key: str, limit: int = 100) -> list[dict]:
    """Replies across articles to the speaker with ``key``: who answered them, where, when, to
    which of their statements, with the evidence (newest first)."""
    return [_reply_row(r) for r in _rows(conn, 
        _REPLY_SELECT + " WHERE r.target_key = ? AND r.target_id IS NOT NULL"
        " ORDER BY ya.published DESC, y.uid LIMIT ?", (key, limit))]


def answers_of(conn, speaker: int, limit: int = 100) -> list[dict]:
    """Replies across articles made by the speaker with id ``speaker``."""
    return [_reply_row(r) for r in _rows(conn, 
        _REPLY_SELECT + " WHERE y.speaker_id = ? AND r.target_id IS NOT NULL"
        " ORDER BY ya.published DESC, y.uid LIMIT ?", (speaker, limit))]
