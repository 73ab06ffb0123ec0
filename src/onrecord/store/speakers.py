"""One speaker per real person across articles: merging speaker mentions with care.

Rules (deterministic, independent of the order articles arrived in):

* A name is normalised: leading titles ("Mayor", "Sen.", "President"…), possessives and middle
  initials are dropped, case and punctuation ignored; "Jr."/"III" are kept (another person).
* Full person names (two words or more) merge when their normalised forms are equal.
* A bare surname ("Ortiz") joins the one full name with that surname ("Jane Ortiz"). When two
  or more full names share it ("Boris Johnson", "Mike Johnson"), the bare mention joins one only
  if its own article names exactly one of them; otherwise it stays a separate, bare speaker.
* Organisations, countries and groups merge only on equal normalised names.
* Unnamed descriptions ("a spokesman", "officials") and pronouns are no one in particular:
  they get no speaker (the statement keeps the name it was given).
"""
from __future__ import annotations

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


@lru_cache(maxsize=65536)
def _name_pattern(form: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(form) + r"(?![\w-])(?!,?\s+(?:Jr|Sr|II|III|IV)\b)")


def _names(text: str, form: str) -> bool:
    """``form`` occurs in ``text`` as a whole name (not as the start of "… Jr.")."""
    if not form or form not in text:
        return False
    return _name_pattern(form).search(text) is not None


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


def _best(values: Iterable[str | None]) -> str | None:
    c = Counter(v for v in values if v)
    if not c:
        return None
    return sorted(c.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def resolve(mentions: list[Mention], article_text: Callable[[int], str]) -> list[SpeakerGroup]:
    """Group mentions into speakers (sorted by key). Unnamed mentions are left out."""
    keyed: dict[str, list[Mention]] = defaultdict(list)
    bare: list[tuple[Mention, str]] = []
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if not is_named(m.name):
            continue
        if m.type in PERSONLIKE:
            toks = name_tokens(m.name)
            if not toks:
                continue
            if len(toks) >= 2:
                key = "person:" + " ".join(toks)
                keyed[key].append(m)
                full_by_surname[surname(toks)].add(key)
            else:
                bare.append((m, toks[0]))
        else:
            norm = " ".join(name_tokens(m.name)) or m.name.lower()
            keyed[f"{m.type}:{norm}"].append(m)
    # names of each full-name speaker as they appear in text (for bare-name disambiguation)
    forms = {k: {display_name(m.name) for m in ms} for k, ms in keyed.items()}
    text_cache: dict[int, str] = {}
    for m, last in bare:
        cands = sorted(full_by_surname.get(last, ()))
        chosen = None
        if len(cands) == 1:
            chosen = cands[0]
        elif len(cands) > 1:
            if m.article_id not in text_cache:
                text_cache[m.article_id] = article_text(m.article_id) or ""
            text = text_cache[m.article_id]
            named = [k for k in cands if any(_names(text, f) for f in forms[k])]
            if len(named) == 1:
                chosen = named[0]
        keyed[chosen or f"person:{last}"].append(m)
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
