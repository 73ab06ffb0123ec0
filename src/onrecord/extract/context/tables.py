"""The context stage's rule tables (``onrecord/data/context/``, see the README there), read with
the project's one table loader (:func:`onrecord.lexicon.rows`) and compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...lexicon import rows

# medium kinds of media.tsv whose names are matched case-sensitively ("the Times", not "times")
NAMED_MEDIA = ("tv", "radio", "print", "social")


@dataclass
class Tables:
    dates: list[tuple[re.Pattern, str]]
    venues: list[tuple[re.Pattern, str, str, bool]]  # pattern, type, needs, many parties
    media: list[tuple[re.Pattern, str]]
    speech_verbs: frozenset
    stance: list[tuple[re.Pattern, str, str]]
    claims: list[tuple[str, str, re.Pattern]]
    occasion_verbs: frozenset
    # one alternation per group of patterns, to skip a sentence where none of them occurs
    # (most sentences name no venue: the single search is what a sentence costs)
    any_venue: re.Pattern = None
    any_date: re.Pattern = None  # any pattern of the dates table (a sentence without one skips it)
    any_media: dict = None  # kind -> alternation of that kind's names


def spaced(pattern: str) -> str:
    """A table pattern whose spaces match any run of whitespace (news text has non-breaking
    spaces: "The Laura Ingraham\u00a0Show")."""
    return pattern.replace(" ", r"\s+")


def wb(pattern: str) -> re.Pattern:
    """``pattern`` as whole words, case-insensitive."""
    return re.compile(r"(?<![\w-])(?:" + spaced(pattern) + r")(?![\w])", re.I)


def _words(name: str) -> frozenset:
    return frozenset(w.lower() for r in rows(name, inline_comments=True) for f in r
                     for w in f.split())


def _any(patterns: list[str], flags: int = 0) -> re.Pattern:
    """One whole-word alternation of raw table patterns (the boundary checks done once)."""
    return re.compile(r"(?<![\w-])(?:" + "|".join("(?:" + spaced(p) + ")" for p in patterns) +
                      r")(?![\w])", flags)


@lru_cache(maxsize=1)
def tables() -> Tables:
    t = _tables()
    t.any_venue = _any([r[0] for r in rows("context/venues.tsv", True)], re.I)
    t.any_date = _any([r[0] for r in rows("context/dates.tsv", True)], re.I)
    kinds: dict[str, list] = {}
    for r in rows("context/media.tsv", True):
        kinds.setdefault(r[1], []).append(r[0])
    t.any_media = {k: _any(v, 0 if k in NAMED_MEDIA else re.I) for k, v in kinds.items()}
    return t


def _tables() -> Tables:
    return Tables(
        dates=[(wb(r[0]), r[1]) for r in rows("context/dates.tsv", True)],
        venues=[(wb(r[0]), r[1], r[2], len(r) > 3 and r[3] == "many")
                for r in rows("context/venues.tsv", True)],
        media=[(re.compile(r"(?<![\w])(?:" + spaced(r[0]) + r")(?![\w])",
                           0 if r[1] in NAMED_MEDIA else re.I), r[1])
               for r in rows("context/media.tsv", True)],
        speech_verbs=_words("context/speech_verbs.txt"),
        stance=[(wb(r[0]), r[1], r[2]) for r in rows("context/stance.tsv", True)],
        claims=[(r[0], r[1], re.compile(r[2] if r[1] == "syntax" else spaced(r[2]), re.I))
                for r in rows("context/claim_types.tsv", True)],
        occasion_verbs=_words("context/occasion_verbs.txt"),
    )
