"""Speakers as the context rules compare them: who each statement's speaker is taken to be
(its :class:`Voice`), one key per speaker however the article names them, and the ways the
text refers back to one.

The speaker stage gives each resolved speaker the fullest name the article gives, the same
for every mention of that person ("Sara Lind" whether the text says "Lind" or "Executive Sara
Lind"), and keeps apart people who share a surname ("Obama" is not "Michelle Obama"). Below
its confidence threshold it reports no speaker but its candidates, the reading first. The
context rules still need to know who is talking — whose run a continuation goes on, whom "that
claim" answers — so a statement's voice is its speaker, else its first candidate, else the
words of its source mention; an unresolved voice joins the resolved speaker it names when that
speaker is the only one it can be.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...model import Statement
from ..names import key as name_key

# Source mentions that name nobody by themselves (a pronoun left unresolved is nobody's voice)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "him", "her", "them", "us",
             "this", "that", "these", "those", "one", "someone", "some", "others"}
# speaker types whose last word is not a surname ("Charlotte-Mecklenburg police", "Wells Fargo")
_NO_SURNAME_TYPES = ("organization", "country", "group")


@dataclass(frozen=True)
class Voice:
    """Who the context rules take a statement's speaker to be. ``resolved`` is False when the
    speaker stage left the speaker unresolved (the voice is then its first candidate, or the
    source mention as written: type, role and affiliation unknown)."""

    name: str
    type: str = "unknown"
    role: str | None = None
    affiliation: str | None = None
    resolved: bool = True


def voice_of(st: Statement) -> Voice | None:
    """The statement's speaker; else (unresolved) its first candidate; else its source
    mention, unless that is a pronoun; else None (a continuation has its run's voice from the
    keys, not from here)."""
    sp = st.speaker
    if sp is not None and sp.name and sp.name.strip():
        return Voice(sp.name.strip(), sp.type, sp.role, sp.affiliation)
    for c in st.speaker_candidates:
        if c.name and c.name.strip() and c.name.strip().lower() not in _PRONOUNS:
            return Voice(c.name.strip(), resolved=False)
    if st.source is not None:
        words = re.sub(r"(?i)^(?:the|a|an)\s+", "", st.source.text.strip(" ,"))
        if words and words.lower() not in _PRONOUNS and re.search(r"[A-Za-z]", words):
            return Voice(words, resolved=False)
    return None


def tokens(name: str) -> list[str]:
    return [w for w in re.findall(r"[\w’'-]+", name.lower()) if w not in ("the", "of")]


def same_name(a: str, b: str) -> bool:
    """"Sara Lind" = "Lind" = "Executive Sara Lind"; "Popular Party" != "Conservative Party"."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    # an acronym of the other: "IMF" = "International Monetary Fund"
    for x, y in ((a, b), (b, a)):
        if re.fullmatch(r"[A-Z][A-Z.]{1,7}", x.strip()) and len(y.split()) > 1 and \
                x.replace(".", "").strip() == "".join(w[0] for w in y.split() if w[0].isupper()):
            return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return short[-1] == long_[-1] and set(short) <= set(long_)


def _norm(name: str) -> str:
    """The comparison key of a speaker's name, a leading "the" aside ("The New York Times" =
    "New York Times")."""
    return re.sub(r"^the\s+", "", name_key(name))


def canonical_keys(statements: list[Statement],
                   voices: dict[str, Voice | None] | None = None) -> dict[str, str]:
    """Statement id -> a speaker key. A resolved speaker is keyed by its name as the speaker
    stage gave it (the article's fullest name: variants are already one name there, and two
    people sharing a surname stay two). An unresolved voice (a candidate, a source mention)
    takes the key of the resolved speaker it names: the same name, else the one resolved
    speaker whose name it can be ("Lind" = "Sara Lind"), or a bare role noun ("the mayor")
    of the one named speaker holding that role; otherwise it is a speaker of its own."""
    if voices is None:
        voices = {st.id: voice_of(st) for st in statements}
    resolved: dict[str, str] = {}  # norm -> name as first given
    roles: dict[str, set[str]] = {}
    for st in statements:
        v = voices.get(st.id)
        if v is None or not v.resolved:
            continue
        resolved.setdefault(_norm(v.name), v.name)
        if v.role and v.name[:1].isupper():
            roles.setdefault(role_noun(v.role), set()).add(_norm(v.name))
    out: dict[str, str] = {}
    loose: dict[str, str] = {}  # keys of unresolved voices met so far -> their names
    for st in statements:
        v = voices.get(st.id)
        if v is None:
            continue
        k = _norm(v.name)
        if not v.resolved and k not in resolved:
            bare = re.sub(r"(?i)^the\s+", "", v.name)
            hits = {r for r, name in resolved.items() if same_name(name, v.name)}
            if re.fullmatch(r"[a-z][\w-]*(?: [a-z][\w-]*){0,2}", bare) and \
                    len(roles.get(bare.split()[-1], ())) == 1:
                k = next(iter(roles[bare.split()[-1]]))  # "the former president" -> Bill Clinton
            elif len(hits) == 1:
                k = hits.pop()
            elif not hits:
                # another unresolved mention of the same ("a statement from the electoral
                # commission" … "The commission added")
                k = next((lk for lk, name in loose.items() if same_name(name, v.name)), k)
                loose.setdefault(k, v.name)
        out[st.id] = k
    return out


# abbreviated titles and the noun an article uses for them afterwards ("Gov." -> "the governor")
TITLE_NOUNS = {"gov": "governor", "sen": "senator", "rep": "representative", "pres": "president",
               "sec": "secretary", "gen": "general", "lt": "lieutenant", "atty": "attorney",
               "del": "delegate", "amb": "ambassador", "adm": "admiral", "col": "colonel",
               "capt": "captain", "sgt": "sergeant", "supt": "superintendent", "cmdr": "commander",
               "insp": "inspector", "det": "detective", "gov.": "governor"}


def role_noun(role: str) -> str:
    """The noun a role is referred back to by: its last word, titles spelled out."""
    last = role.split()[-1].lower().rstrip(".")
    return TITLE_NOUNS.get(last, last)


def name_keys(v: Voice) -> list[str]:
    """Ways an article refers to a speaker: full name, surname (a person's, or a name of
    unknown type ending in a proper name: never the head noun of a group or an organisation,
    "police" of "Charlotte-Mecklenburg police"), role head ("the mayor's")."""
    parts = [p for p in re.split(r"[\s()]+", v.name) if p]
    keys = [v.name]
    if len(parts) > 1 and v.type not in _NO_SURNAME_TYPES and parts[-1][:1].isupper():
        keys.append(parts[-1])
    if v.role:
        head = role_noun(v.role)
        if len(head) > 2 and head not in ("former", "of", "the"):
            keys.append("the " + head)
    return keys


@lru_cache(maxsize=4096)
def name_rx(key: str) -> re.Pattern:
    """A speaker's name key as a whole word, possessive allowed (compiled once per key: these
    patterns are built from article text and would thrash the re module's cache)."""
    return re.compile(r"(?<![\w])" + re.escape(key) + r"(?:’s|'s)?(?![\w])",
                      re.I if key.startswith("the ") else 0)


@lru_cache(maxsize=4096)
def surname_rx(surname: str) -> re.Pattern:
    return re.compile(r"(?:[A-Z][\w’'-]*\s+){0,4}?" + re.escape(surname) + r"\b", re.I)
