"""Speakers as the context rules compare them: one key per speaker however the article names
them ("Sara Lind" = "Lind" = "Executive Sara Lind"), and the ways the text refers back to one."""
from __future__ import annotations

import re
from functools import lru_cache

from ...model import Statement


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


def canonical_keys(statements: list[Statement]) -> dict[str, str]:
    """Statement id -> a canonical speaker key, merging variant names of one speaker (and a
    bare role noun, "mayor", with the one named speaker whose role it is: "Mayor" Bill de
    Blasio)."""
    canon: list[str] = []
    out = {}
    roles: dict[str, set[str]] = {}
    for st in statements:
        sp = st.speaker
        if sp and sp.role and sp.name and sp.name[:1].isupper():
            roles.setdefault(role_noun(sp.role), set()).add(sp.name.strip())
    for st in statements:
        if not (st.speaker and st.speaker.name and st.speaker.name.strip()):
            continue
        name = st.speaker.name.strip()
        bare = re.sub(r"(?i)^the\s+", "", name)
        if re.fullmatch(r"[a-z][\w-]*(?: [a-z][\w-]*){0,2}", bare) and \
                len(roles.get(bare.split()[-1], ())) == 1:
            name = next(iter(roles[bare.split()[-1]]))  # "former president" -> Bill Clinton
        hit = next((c for c in canon if same_name(c, name)), None)
        if hit is None:
            canon.append(name)
            hit = name
        out[st.id] = hit.lower()
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


def name_keys(sp) -> list[str]:
    """Ways an article refers to a speaker: full name, surname, role head ("the mayor's")."""
    parts = [p for p in re.split(r"[\s()]+", sp.name) if p]
    keys = [sp.name]
    if len(parts) > 1:
        keys.append(parts[-1])
    if sp.role:
        head = role_noun(sp.role)
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
