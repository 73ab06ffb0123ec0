"""Person names: the one name normaliser (titles, parties, suffixes, keys for comparison).

``split_name("former Gov. Pat McCrory (R)")`` → name "Pat McCrory", role "former Gov.",
party "Republican Party". The name is the run of name words that ends the phrase: offices,
ranks, honorifics, modifiers (data/titles.tsv and nameparser's title vocabulary), party words
(data/parties.tsv), places and demonyms stop it; a known first name (data/gender.tsv) starts it
unless another first name comes before ("Super Value Debra Symonette" → "Debra Symonette").
The last word is always a name ("Angus King"); a royal style stays in the name when only a given
name follows ("Prince Harry", "Pope Francis", "King Charles III"). nameparser splits the name
into given / middle / family / suffix.

Comparison keys ignore case, dots, apostrophe styles ("O'Neill" = "O’Neill") and text that was
decoded twice ("FranÃ§ois" → "François").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import genders, parties, places, title_kinds, us_states

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_MOJIBAKE_HINTS = ("Ã", "Â", "â€", "Ä", "Å")
# "(R)", "(D-Calif.)", "(R-N.Y.)", "(I-Vt.)", "(D, Mass.)"
_PARTY_TAG = re.compile(r"\(\s*(?P<p>[DRI]|Dem\.?|Rep\.?|GOP)\s*(?:[-–,]\s*(?P<s>[A-Z][A-Za-z.]*"
                        r"(?:\s?[A-Z][A-Za-z.]*)?))?\s*\)")
_BARE_PARTY_TAG = re.compile(r"(?:^|[\s,])(?P<p>[DRI])-(?P<s>[A-Z][A-Za-z.]*)(?=$|[\s,])")
_POSSESSIVE = re.compile(r"(?<=\w)(?:['’]s|s['’])$")
_INITIAL = re.compile(r"^[A-Z]\.(?:[A-Z]\.)*$")
_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "for", "on", "at", "by", "and", "or", "but",
                "with", "as", "from", "vs", "vs.", "is", "are", "be", "not", "after", "over",
                "into", "out", "up", "off", "per", "via", "amid", "than", "if"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
                "our", "my", "your"}


def fix_mojibake(s: str) -> str:
    """Undo UTF-8 text decoded as Latin-1/cp1252 (once or twice): "FranÃ\\x83Â§ois" → "François"."""
    s = unicodedata.normalize("NFC", s)
    for _ in range(3):
        if not any(h in s for h in _MOJIBAKE_HINTS):
            return s
        for enc in ("latin-1", "cp1252"):
            try:
                t = s.encode(enc).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if t != s:
                s = t
                break
        else:
            return s
    return s


@lru_cache(maxsize=16384)
def key(s: str) -> str:
    """Comparison key of a name or word: case, dots, apostrophe styles and spacing aside."""
    s = unicodedata.normalize("NFC", fix_mojibake(s)).translate(_APOSTROPHES).lower()
    s = s.replace(".", " ")
    return " ".join(s.split())


def word_keys(s: str) -> tuple[str, ...]:
    return tuple(key(s).split())


@lru_cache(maxsize=1)
def _np_vocab():
    from nameparser import Lexicon
    lex = Lexicon.default()
    return (frozenset(lex.titles), frozenset(lex.particles),
            frozenset(lex.suffix_words) | {"jr", "sr", "ii", "iii", "iv", "v"})


def is_suffix(word: str) -> bool:
    return word.strip(".,").lower() in _np_vocab()[2] and word[:1].isupper()


def is_particle(word: str) -> bool:
    return word.lower().translate(_APOSTROPHES) in _np_vocab()[1] and word[:1].islower()


def title_kind(phrase: str) -> str | None:
    """"office" | "honorific" | "royal" | "modifier" for a title phrase, else None."""
    p = phrase.lower().translate(_APOSTROPHES)
    kinds = title_kinds()
    if p in kinds:
        return kinds[p]
    if p.rstrip(".") in kinds:
        return kinds[p.rstrip(".")]
    if p + "." in kinds:
        return kinds[p + "."]
    return None


def is_title_word(word: str) -> bool:
    """A word that is a title of ours or of nameparser's vocabulary (never a name word)."""
    if title_kind(word):
        return True
    w = word.lower().strip(".")
    if w in _np_vocab()[0] and w not in genders()["first"]:
        return True
    return False


def party_of(word: str) -> str | None:
    """The party a capitalised party word names ("Democrat", "GOP"), else None."""
    if not word[:1].isupper() or len(word) < 3:
        return None
    return parties().get(word.lower().rstrip("."))


def place_of(word: str) -> tuple[str, str] | None:
    """(canonical, kind) of a place, demonym or US state written as ``word``."""
    w = re.sub(r"['’]s$", "", word)
    hit = places().get(w.lower())
    if hit:
        return hit
    st = us_states().get(w) or (us_states().get(w.lower()) if len(w) > 2 else None)
    return (st, "state") if st else None


def is_first_name(word: str) -> bool:
    return word.lower() in genders()["first"]


@dataclass(frozen=True)
class NameParts:
    """A person phrase split: ``name`` is what the person is called, the rest describes them."""

    name: str                      # "Bill de Blasio", "Prince Harry"
    words: tuple[str, ...]         # comparison keys of the name, suffix left out
    given: str = ""
    family: str = ""
    prefix: str = ""               # the words before the name as written ("former President")
    role: str | None = None        # the prefix without honorifics, parties and places
    honorific: str | None = None   # "mr.", "mrs." … (gender evidence)
    party: str | None = None
    state: str | None = None
    affiliation: str | None = None  # a country named in the prefix ("Ukrainian adviser")
    royal: bool = False
    nickname: str | None = None    # a quoted nickname: Robert C. "Bobby" Scott


_NICKNAME = re.compile(r"(?<=[\w.]) [“\"‘']([A-Z][\w’'-]+)[”\"’'](?= [A-Z])")


def _party_tags(s: str) -> tuple[str, str | None, str | None]:
    party = state = None
    for rx in (_PARTY_TAG, _BARE_PARTY_TAG):
        m = rx.search(s)
        if m:
            p = m.group("p").rstrip(".").lower()
            party = {"dem": "Democratic Party", "rep": "Republican Party"}.get(p) or parties().get(p)
            if m.group("s"):
                state = us_states().get(m.group("s")) or us_states().get(m.group("s").lower())
            s = (s[:m.start()] + " " + s[m.end():]).strip()
            break
    return s, party, state


# Words that may stand capitalised before a name (opening the sentence) without being part of it.
FUNCTION_WORDS = frozenset({"when", "while", "as", "if", "after", "before", "since", "although",
                            "though", "because", "but", "and", "or", "so", "then", "once",
                            "until", "where", "whether", "unless", "with", "without", "like",
                            "the", "a", "an", "of", "for", "to", "in", "on", "at", "by"})


@lru_cache(maxsize=8192)
def split_name(raw: str) -> NameParts | None:
    """Split a person phrase into its name and what stands before it; None without a name."""
    s = fix_mojibake(re.sub(r"\s+", " ", raw)).strip()
    s, party, state = _party_tags(s)
    nick = _NICKNAME.search(s)
    nickname = nick.group(1) if nick else None
    if nick:
        s = s[:nick.start()] + s[nick.end():]
    s = re.sub(r"\((\s*[A-Z][\w.'’-]*\s*)\)", r"\1", s)  # "President (Vladimir) Putin"
    s = s.replace("(", " ").replace(")", " ")
    toks = [t.strip(",;:") for t in s.split()]
    toks = [t for t in toks if t and re.search(r"\w", t)]
    if not toks:
        return None
    toks[-1] = _POSSESSIVE.sub("", toks[-1])
    end = len(toks) - 1
    while end > 0 and is_suffix(toks[end]):
        end -= 1
    if not toks[end][:1].isupper() and not toks[end][:1].isdigit():
        return None
    start = end
    while start > 0:
        t = toks[start - 1]
        nxt = toks[start]
        if is_first_name(nxt) and not is_first_name(t) and not _INITIAL.match(t) \
                and start < end:
            break  # a first name starts the name: "Super Value Debra Symonette"
        if is_particle(t) and start - 1 > 0 and toks[start - 2][:1].isupper() \
                and not is_title_word(toks[start - 2]):
            start -= 1  # "Bill de Blasio"
            continue
        if is_particle(t) and start - 1 == 0:
            start -= 1  # "de Blasio"
            continue
        if not (t[:1].isupper() or _INITIAL.match(t)):
            break
        if t.lower() in FUNCTION_WORDS:
            break  # "When Clinton noted …": a capitalised conjunction, not a first name
        if is_title_word(t) or party_of(t) or place_of(t) or t.endswith("-"):
            break
        # a phrase title ending here ("Attorney General", "Lt. Gov.")
        if start >= 2 and title_kind(f"{toks[start - 2]} {t}"):
            break
        start -= 1
    name_toks = toks[start:]
    prefix_toks = toks[:start]
    royal = False
    core = [t for t in name_toks if not is_suffix(t)]
    if prefix_toks and len(core) == 1 and title_kind(prefix_toks[-1]) == "royal":
        name_toks = [prefix_toks[-1].capitalize()] + name_toks
        prefix_toks = prefix_toks[:-1]
        royal = True
    name = " ".join(name_toks)
    words = tuple(w for w in word_keys(" ".join(t for t in name_toks if not is_suffix(t))))
    if royal:
        words = words[1:]
    # what the prefix says: honorific, party, places, and the role that is left
    honorific = None
    affiliation = None
    role_toks: list[str] = []
    i = 0
    while i < len(prefix_toks):
        t = prefix_toks[i]
        low = t.lower()
        span = next((n for n in (3, 2, 1) if i + n <= len(prefix_toks)
                     and title_kind(" ".join(prefix_toks[i:i + n]))), 0)
        kind = title_kind(" ".join(prefix_toks[i:i + span])) if span else None
        if span == 1 and kind == "honorific":
            honorific = honorific or low
            i += 1
            continue
        if kind:
            role_toks.extend(prefix_toks[i:i + span])
            i += span
            continue
        if low in _DETERMINERS and not role_toks:
            i += 1
            continue
        p = party_of(t)
        if p and not role_toks:
            party = party or p
            i += 1
            continue
        pl = place_of(t)
        if pl and not role_toks:
            if pl[1] == "state":
                state = state or pl[0]
            else:
                affiliation = affiliation or pl[0]
            i += 1
            continue
        role_toks.append(t)
        i += 1
    role = " ".join(role_toks).strip(" ,") or None
    given = family = ""
    if len(core) >= 2 and not royal:
        from nameparser import parse
        try:
            parsed = parse(" ".join(name_toks))
            given, family = parsed.given, parsed.family
        except Exception:  # nameparser never decides whether we have a name
            given, family = core[0], core[-1]
        if not family:
            given, family = core[0], core[-1]
    elif core:
        family = "" if royal else core[-1]
        given = core[0] if royal else ""
    if nickname and len(name_toks) >= 2:
        name = " ".join(name_toks[:-1]) + f' "{nickname}" ' + name_toks[-1]  # as the article gives it
    return NameParts(name=name, words=words, given=given, family=family,
                     prefix=" ".join(prefix_toks), role=role, honorific=honorific,
                     party=party, state=state, affiliation=affiliation, royal=royal,
                     nickname=nickname)


def is_title_case(text: str) -> bool:
    """A headline in title case ("Black Lawmakers Rip Donald Trump"): its capitalised words
    need not be names."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    # a sentence full of names ("Rep. Adam Schiff, the top Democrat on the House Intelligence
    # Committee, spoke") keeps its small words in lower case; a title-case headline does not
    small_caps = any(w[0].isupper() for w in words[1:] if w.lower() in _SMALL_WORDS)
    small_lower = any(w[0].islower() for w in words[1:] if w.lower() in _SMALL_WORDS)
    return caps / len(content) >= 0.8 and (small_caps or not small_lower)


def names_match(mention: tuple[str, ...], person: tuple[str, ...]) -> bool:
    """Whether a name written ``mention`` (keys) can be the person named ``person`` (keys, the
    fullest form): the same words, its last words ("Clinton", "de Blasio"), or its first and
    last words with compatible middles ("Charles Grassley" for "Charles E. Grassley")."""
    if not mention or not person:
        return False
    if mention == person:
        return True
    if len(mention) < len(person) and person[-len(mention):] == mention:
        return True
    if len(mention) >= 2 and mention[0] == person[0] and mention[-1] == person[-1]:
        mid_m, mid_p = mention[1:-1], person[1:-1]
        return all(any(p == m or p[:1] == m[:1] and (len(m) == 1 or len(p) == 1)
                       for p in mid_p) for m in mid_m)
    return False
