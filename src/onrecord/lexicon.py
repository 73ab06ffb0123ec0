"""Rule tables kept as data files under ``onrecord/data`` (see the comments in each file)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def rows(name: str, inline_comments: bool = False) -> list[list[str]]:
    """The rows of the rule table ``onrecord/data/<name>`` (``name`` may hold a subfolder,
    e.g. ``context/venues.tsv``): TAB-separated fields, stripped; blank lines and lines starting
    with ``#`` skipped. With ``inline_comments`` a ``#`` after the fields starts a comment too
    and empty fields are dropped (the context tables annotate entries that way)."""
    text = resources.files("onrecord.data").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if inline_comments:
            line = _INLINE_COMMENT.sub("", line)
            fields = [c.strip() for c in line.split("\t") if c.strip()]
            if fields:
                out.append(fields)
        else:
            out.append([c.strip() for c in line.split("\t")])
    return out


# a comment after the fields: "#" preceded by whitespace (a "#" inside a pattern has none)
_INLINE_COMMENT = re.compile(r"\s+#.*$")
_rows = rows


@dataclass(frozen=True)
class Cues:
    """The cue table (data/cues.tsv). ``verbs``/``nouns``/``phrases`` map a lemma to its
    *class*, the trained tagger's feature (only the cues the tagger knows); ``types`` maps
    (lemma, "VERB"|"NOUN"|"PHRASE") to what the cue reports (speech, writing, belief …) for
    every cue of the table."""

    verbs: dict[str, str]  # lemma → class
    nouns: dict[str, str]
    phrases: dict[str, str]
    types: dict[tuple[str, str], str]

    def verb_class(self, lemma: str) -> str | None:
        return self.verbs.get(lemma.lower())

    def type_of(self, lemma: str, pos: str) -> str | None:
        """What a cue word reports: "speech", "writing", "speech-object", "belief" …"""
        return self.types.get((lemma.lower(), pos))


@lru_cache(maxsize=1)
def cues() -> Cues:
    verbs, nouns, phrases, types = {}, {}, {}, {}
    for lemma, pos, cls, typ in _rows("cues.tsv"):
        types[(lemma, pos)] = typ
        if cls != "-":
            {"VERB": verbs, "NOUN": nouns, "PHRASE": phrases}[pos][lemma] = cls
    return Cues(verbs, nouns, phrases, types)


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str]]:
    """Lower-cased country/place name, alias or demonym → (canonical name, kind)."""
    out = {}
    for row in _rows("places.tsv"):
        canonical, kind = row[0], row[1]
        for alias in [canonical] + [a for a in row[2:] if a]:
            for a in alias.split("|"):
                out[a.strip().lower()] = (canonical, kind)
    return out


@lru_cache(maxsize=1)
def titles() -> set[str]:
    """Every phrase of data/titles.tsv (offices, honorifics, royal styles, modifiers)."""
    return set(title_kinds())


@lru_cache(maxsize=1)
def title_kinds() -> dict[str, str]:
    """Lower-cased title phrase → "office" | "honorific" | "royal" | "modifier"."""
    return {r[0].lower(): (r[1] if len(r) > 1 else "office") for r in _rows("titles.tsv")}


@lru_cache(maxsize=1)
def parties() -> dict[str, str]:
    """Lower-cased party word or tag letter → party name (data/parties.tsv)."""
    return {r[0].lower(): r[1] for r in _rows("parties.tsv")}


@lru_cache(maxsize=1)
def us_states() -> dict[str, str]:
    """State name, AP abbreviation or postal code (as written, and lower-cased for the name and
    abbreviation) → state name (data/states.tsv)."""
    out = {}
    for row in _rows("states.tsv"):
        name = row[0]
        out[name] = out[name.lower()] = name
        if len(row) > 1 and row[1]:
            out[row[1]] = out[row[1].lower()] = name
        if len(row) > 2 and row[2]:
            out[row[2]] = name  # postal codes only as written: "IN", "OR" are words too
    return out


@dataclass(frozen=True)
class Role:
    cls: str
    broader: frozenset[str]

    def classes(self) -> frozenset[str]:
        return self.broader | {self.cls}


@lru_cache(maxsize=1)
def roles() -> dict[str, Role]:
    """Lower-cased role word or phrase → its class and broader classes (data/roles.tsv)."""
    out = {}
    for row in _rows("roles.tsv"):
        broader = frozenset(b for b in (row[2].split("|") if len(row) > 2 else []) if b)
        out[row[0].lower()] = Role(row[1], broader)
    return out


@lru_cache(maxsize=1)
def mastheads() -> set[str]:
    """Last words of publication names that take "The" (data/mastheads.tsv)."""
    return {r[0].lower() for r in _rows("mastheads.tsv")}


@lru_cache(maxsize=1)
def org_nouns() -> set[str]:
    """Nouns that head a description of an organisation ("the bank"), data/org_nouns.tsv."""
    return {r[0].lower() for r in _rows("org_nouns.tsv")}


@lru_cache(maxsize=1)
def person_nouns() -> set[str]:
    """Common nouns that denote people or groups of them (animate sources)."""
    return {r[0].lower() for r in _rows("person_nouns.tsv")}


@lru_cache(maxsize=1)
def genders() -> dict[str, dict[str, str]]:
    """kind ("title", "noun", "first") → lower-cased word → "m" | "f" (data/gender.tsv)."""
    out: dict[str, dict[str, str]] = {"title": {}, "noun": {}, "first": {}}
    for word, g, kind in _rows("gender.tsv"):
        out[kind][word.lower()] = g
    return out


@lru_cache(maxsize=1)
def outlet_pattern() -> re.Pattern:
    """The named outlets, programmes and platforms of data/context/media.tsv (kinds tv, radio,
    print, social; matched case-sensitively) as one pattern: "Politico" or "Fox News" is an
    organisation whatever the recogniser called it."""
    names = [r[0] for r in rows("context/media.tsv", True) if r[1] in ("tv", "radio", "print", "social")]
    return re.compile(r"(?:The\s+|the\s+)?(?:" + "|".join(f"(?:{n})" for n in names) + r")")


def is_outlet(text: str) -> bool:
    """``text`` is, as a whole, the name of a known outlet (``outlet_pattern``)."""
    return bool(outlet_pattern().fullmatch(text.strip()))

