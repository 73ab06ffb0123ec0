"""One speaker per real person across articles: canonical keys, stable ids, careful linking.

A speaker is identified by a canonical **key** computed from names alone, and its id is derived
from that key (``speaker_id``), never from the order articles arrived in: the same inputs give
the same ids in any database, in any order, in one run or many.

Keys and rules:

* A name is normalised: leading titles ("Mayor", "Sen.", "President"…), possessives and middle
  initials are dropped, case and punctuation ignored; "Jr."/"III" are kept (another person).
  A full person name (two words or more) has the key ``person:<words>``; a single word is a
  bare surname (``bare:<word>``); organisations, countries and groups are ``<type>:<words>``.
* A full name is its own speaker, unless the registry (``people.py``) lists it as the name or a
  full-name alias of one entry: then it is that entry's speaker.
* A bare surname (or a one-word registry alias) has candidates: the full names with that surname
  spoken in the corpus, and the registry entries with that surname or alias. It is linked to one
  only when exactly one is supported by its article: that full name written in the article, else
  the entry's role or affiliation in the article or on the mention. Failing that, it joins the
  corpus's only candidate when there is one and it is not a registry entry (registry links need
  the article's support). Otherwise it stays a bare speaker of its own, with its candidates.
* Unnamed descriptions ("a spokesman", "officials") and pronouns are no one in particular:
  they get no speaker (the statement keeps the name it was given).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "pm",
    "sen", "senator", "rep", "representative", "congressman", "congresswoman", "gov", "governor",
    "lt", "mayor", "deputy", "chief", "commissioner", "ambassador", "councillor", "councilman",
    "councilwoman", "councilmember", "alderman", "judge", "justice", "gen", "general", "col",
    "colonel", "capt", "captain", "maj", "major", "sgt", "sergeant", "officer", "detective",
    "inspector", "sheriff", "coach", "rev", "reverend", "father", "pastor", "rabbi", "imam",
    "pope", "king", "queen", "prince", "princess", "state", "foreign", "defense", "defence",
    "finance", "health", "interior", "former", "acting", "interim", "ceo", "chairman",
    "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "the", "house", "senate",
    "attorney", "director", "superintendent", "principal", "dean", "provost", "u.s", "us",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers",
            "who", "which", "that", "this", "one", "someone", "somebody", "everyone"}
GENERIC = {"officials", "official", "police", "sources", "source", "analysts", "analyst", "experts",
           "expert", "critics", "residents", "witnesses", "spokesman", "spokeswoman",
           "spokesperson", "authorities", "observers", "people", "others", "aides", "lawyers",
           "investigators", "researchers", "economists", "diplomats", "protesters", "statement"}
PERSONLIKE = ("person", "unknown", None, "")

_TOKEN = re.compile(r"[^\W\d_][\w.'’\-]*", re.UNICODE)


def name_tokens(name: str) -> list[str]:
    """Normalised tokens of a person's name, titles and initials dropped."""
    raw = [t.strip(".'’-") for t in _TOKEN.findall(name)]
    raw = [re.sub(r"['’]s$", "", t) for t in raw if t]
    toks = [t.lower() for t in raw if t]
    while toks and toks[0].rstrip(".") in TITLES and len(toks) > 1:
        toks.pop(0)
    toks = [t.rstrip(".") if t.rstrip(".") in SUFFIXES else t for t in toks]
    full = [t for t in toks if len(t.rstrip(".")) > 1]
    return full or toks


def surname(tokens: list[str]) -> str:
    """The last name among normalised tokens (``… trump jr`` → ``trump``)."""
    rest = [t for t in tokens if t not in SUFFIXES]
    return (rest or tokens)[-1]


def display_name(name: str) -> str:
    """The name as written, without leading titles (``Mayor Jane Ortiz`` → ``Jane Ortiz``)."""
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".,") in TITLES:
        words.pop(0)
    return " ".join(words).strip(" ,;:'\"’")


def is_named(name: str | None) -> bool:
    """A proper name (capitalised, not a pronoun), not a description like 'a spokesman'."""
    if not name or not name.strip():
        return False
    words = name.split()
    if all(w.lower().strip(".,") in PRONOUNS for w in words):
        return False
    if all(w.lower().strip(".,") in GENERIC | PRONOUNS | {"the", "a", "an", "some", "many"}
           for w in words):
        return False
    rest = name.strip()
    if rest.lower().startswith("the "):
        rest = rest[4:]
    first = next((c for c in rest if c.isalpha()), "")
    return first.isupper()


def speaker_id(key: str) -> int:
    """The stable id of the speaker with ``key``: 52 bits of its SHA-256 (exact as a JavaScript
    number). Two keys sharing an id is a 1-in-10^6 event at 100,000 speakers."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:7], "big") >> 4


def mention_key(name: str | None, type: str | None = None) -> str | None:
    """The canonical key of a speaker name as mentioned (None: not a name of anyone)."""
    if not is_named(name):
        return None
    if type in PERSONLIKE:
        toks = name_tokens(name)
        if not toks:
            return None
        return ("person:" if len(toks) >= 2 else "bare:") + " ".join(toks)
    norm = " ".join(name_tokens(name)) or name.lower().strip()
    return f"{type}:{norm}"


def key_words(key: str) -> list[str]:
    return key.split(":", 1)[1].split()


def key_surname(key: str) -> str | None:
    """The surname of a full person key (``person:ted lowe jr`` → ``lowe``), else None."""
    if not key.startswith("person:"):
        return None
    return surname(key_words(key))


_APOS = re.compile(r"['’]")
_SUFFIX_AFTER = r"(?!,?\s+(?:jr|sr|ii|iii|iv)\b)"


@lru_cache(maxsize=65536)
def key_pattern(key: str) -> re.Pattern:
    """The written forms of a full-name key: its words in order, case-insensitive, allowing middle
    initials between them ("Vladimir V. Putin"), and not the start of a longer name with "Jr."."""
    words = key_words(key)
    suffix = words[-1] if len(words) > 2 and words[-1] in SUFFIXES else None
    core = words[:-1] if suffix else words

    def word(w: str) -> str:
        return "['’]".join(re.escape(p) for p in _APOS.split(w))

    body = r"(?:\s+[^\W\d_]\.?)*\s+".join(word(w) for w in core)
    if suffix:
        body += r",?\s+" + re.escape(suffix) + r"\.?"
    return re.compile(r"(?<!\w)" + body + r"(?![\w-])" + ("" if suffix else _SUFFIX_AFTER), re.I)


def find_name(text: str, key: str) -> str | None:
    """The first form of full-name ``key`` written in ``text``, or None."""
    m = key_pattern(key).search(text)
    return m.group(0) if m else None


@lru_cache(maxsize=16384)
def _phrase(p: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(p) + r"(?!\w)", re.I)


@dataclass(frozen=True)
class Candidate:
    """Someone a mention may be: a full name spoken in the corpus, or a registry entry."""

    key: str                           # the speaker key a link to it gives
    name: str                          # for people to read
    names: tuple[str, ...] = ()        # full-name keys whose presence in an article names it
    registry: bool = False
    role: str | None = None
    affiliations: tuple[str, ...] = ()
    external_id: str | None = None

    def support(self, title: str | None, affiliation: str | None, text: str) -> str | None:
        """Why the article (or the mention's own title and affiliation) points at this one."""
        if self.role:
            if _phrase(self.role).search(text):
                return f"role '{self.role}' in the article"
            mine = {w for w in re.findall(r"\w+", (title or "").lower()) if len(w) > 3}
            theirs = {w for w in re.findall(r"\w+", self.role.lower()) if len(w) > 3}
            common = sorted(mine & theirs - {"former", "deputy", "acting"})
            if common:
                return f"role '{title}' matches '{self.role}'"
        for a in self.affiliations:
            if affiliation and affiliation.strip().lower() == a.lower():
                return f"affiliation '{a}'"
            if _phrase(a).search(text):
                return f"affiliation '{a}' in the article"
        return None


@dataclass(frozen=True)
class Link:
    key: str | None                    # the speaker key, or None: no one
    reason: str
    candidates: tuple[Candidate, ...] = ()  # when left unlinked (or ambiguous)


def choose(candidates: list[Candidate], text: str, title: str | None = None,
           affiliation: str | None = None, what: str = "surname") -> Link | None:
    """The candidate a mention links to, by the rules in the module doc; None when no candidate is
    supported (the caller keeps the mention's own key), with ``candidates`` kept for the record."""
    cands = sorted({c.key: c for c in candidates}.values(), key=lambda c: c.key)
    if not cands:
        return None
    named = []
    for c in cands:
        form = next((f for f in (find_name(text, k) for k in c.names) if f), None)
        if form:
            named.append((c, form))
    if len(named) == 1:
        c, form = named[0]
        return Link(c.key, f"{what}; full name '{form}' in the article")
    pool = [c for c, _ in named] or cands
    backed = [(c, r) for c in pool for r in [c.support(title, affiliation, text)] if r]
    if len(backed) == 1:
        c, r = backed[0]
        return Link(c.key, f"{what}; {r}")
    if len(cands) == 1 and not cands[0].registry:
        return Link(cands[0].key, f"{what}; the only full name '{cands[0].name}' with it in the corpus")
    why = "several named in the article" if len(named) > 1 else \
        "several supported by the article" if len(backed) > 1 else "nothing in the article says which"
    return Link(None, f"{what}; left unlinked: {why}", tuple(cands))


@dataclass
class Mention:
    statement_id: int
    article_id: int
    name: str | None
    type: str | None = None
    role: str | None = None
    affiliation: str | None = None


@dataclass
class SpeakerGroup:
    key: str
    name: str
    type: str
    role: str | None
    affiliation: str | None
    aliases: list[str]
    statement_ids: list[int] = field(default_factory=list)
    article_ids: set[int] = field(default_factory=set)

    @property
    def id(self) -> int:
        return speaker_id(self.key)


def _best(values: Iterable[str | None]) -> str | None:
    return _best_counted(Counter(v for v in values if v))


def _best_counted(counts) -> str | None:
    """The most frequent value; ties go to the longest, then the first in alphabetical order."""
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def corpus_candidate(key: str) -> Candidate:
    return Candidate(key=key, name=" ".join(w.capitalize() for w in key_words(key)), names=(key,))


def resolve(mentions: list[Mention], article_text: Callable[[int], str]) -> list[SpeakerGroup]:
    """Group mentions into speakers (sorted by key) in one pass over all of them, without a
    registry: the reference the incremental linker (``link.py``) must agree with."""
    keyed: dict[str, list[Mention]] = defaultdict(list)
    bare: list[tuple[Mention, str]] = []
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        k = mention_key(m.name, m.type)
        if k is None:
            continue
        if k.startswith("bare:"):
            bare.append((m, k))
            continue
        keyed[k].append(m)
        if k.startswith("person:"):
            full_by_surname[key_surname(k)].add(k)
    texts: dict[int, str] = {}
    for m, k in bare:
        cands = [corpus_candidate(c) for c in sorted(full_by_surname.get(key_words(k)[0], ()))]
        if cands and m.article_id not in texts:
            texts[m.article_id] = article_text(m.article_id) or ""
        link = choose(cands, texts.get(m.article_id, ""), m.role, m.affiliation)
        keyed[link.key if link and link.key else "person:" + key_words(k)[0]].append(m)
    groups = []
    for key in sorted(keyed):
        ms = keyed[key]
        full_forms = [display_name(m.name) for m in ms if len(name_tokens(m.name)) >= 2]
        name = _best(full_forms) or _best(display_name(m.name) for m in ms) or ms[0].name
        types = [m.type for m in ms if m.type and m.type != "unknown"]
        groups.append(SpeakerGroup(
            key=key, name=name, type=_best(types) or "unknown",
            role=_best(m.role for m in ms), affiliation=_best(m.affiliation for m in ms),
            aliases=sorted({m.name for m in ms if m.name}),
            statement_ids=sorted(m.statement_id for m in ms),
            article_ids={m.article_id for m in ms},
        ))
    return groups
