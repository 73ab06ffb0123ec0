"""A fast stand-in for spaCy's ``attribute_ruler`` + ``lemmatizer`` (a third of the parse time).

onrecord reads coarse part of speech and lemmas only to recognise cues and as tagger features,
so they come from the fine-grained tag by a table, and lemmas from a short irregular-verb list
plus regular English inflection. The mapping follows the Penn Treebank → Universal POS
conventions that spaCy's English pipelines use (auxiliaries: forms of be always, have and do
when they are auxiliaries by the parse).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

TAG_TO_POS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
    "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB",
    "MD": "AUX", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "AFX": "ADJ",
    "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV",
    "RP": "ADP", "IN": "ADP", "DT": "DET", "PDT": "DET", "WDT": "DET",
    "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "EX": "PRON",
    "CD": "NUM", "CC": "CCONJ", "UH": "INTJ", "TO": "PART", "POS": "PART",
    "FW": "X", "LS": "X", "ADD": "X", "XX": "X", "SYM": "SYM", "$": "SYM", "#": "SYM",
    ".": "PUNCT", ",": "PUNCT", ":": "PUNCT", "``": "PUNCT", "''": "PUNCT", "-LRB-": "PUNCT",
    "-RRB-": "PUNCT", "HYPH": "PUNCT", "NFP": "PUNCT", "_SP": "SPACE",
}
BE = {"be", "is", "am", "are", "was", "were", "been", "being", "'s", "’s", "'re", "’re", "'m", "’m"}
HAVE = {"have", "has", "had", "having", "'ve", "’ve", "'d", "’d"}
DO = {"do", "does", "did", "doing", "done"}
IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "thought": "think", "knew": "know", "known": "know", "found": "find", "shown": "show",
    "sought": "seek", "felt": "feel", "spoke": "speak", "spoken": "speak", "held": "hold",
    "meant": "mean", "saw": "see", "seen": "see", "gave": "give", "given": "give",
    "took": "take", "taken": "take", "made": "make", "went": "go", "gone": "go",
    "came": "come", "got": "get", "gotten": "get", "began": "begin", "begun": "begin",
    "brought": "bring", "bought": "buy", "taught": "teach", "caught": "catch", "left": "leave",
    "kept": "keep", "put": "put", "set": "set", "read": "read", "led": "lead", "ran": "run",
    "won": "win", "lost": "lose", "sent": "send", "spent": "spend", "built": "build",
    "stood": "stand", "understood": "understand", "fought": "fight", "chose": "choose",
    "chosen": "choose", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "drew": "draw", "drawn": "draw", "grew": "grow", "grown": "grow", "forgot": "forget",
    "forgotten": "forget", "heard": "hear", "paid": "pay", "laid": "lay", "hid": "hide",
    "swore": "swear", "sworn": "swear", "became": "become", "broke": "break", "broken": "break",
    "wore": "wear", "withdrew": "withdraw", "withdrawn": "withdraw", "meets": "meet", "met": "meet",
    "foresaw": "foresee", "overlooked": "overlook", "let": "let", "cut": "cut", "hit": "hit",
    "quit": "quit", "bit": "bite", "dealt": "deal", "slid": "slide", "struck": "strike",
    "threw": "throw", "thrown": "throw", "vowed": "vow", "ate": "eat", "eaten": "eat",
    "drove": "drive", "driven": "drive", "flew": "fly", "flown": "fly", "lay": "lie",
    "used": "use", "using": "use", "uses": "use", "tied": "tie", "died": "die", "lied": "lie",
    "shot": "shoot", "lit": "light", "fed": "feed", "bore": "bear", "borne": "bear",
}
IRREGULAR_NOUNS = {"women": "woman", "men": "man", "children": "child", "media": "media",
                   "data": "data", "people": "people", "taxes": "tax", "analyses": "analysis",
                   "crises": "crisis", "feet": "foot", "teeth": "tooth", "mice": "mouse"}
_VOWELS = set("aeiou")


@lru_cache(maxsize=1)
def _known_verbs() -> frozenset[str]:
    from .lexicon import cues
    return frozenset(cues().verbs) | frozenset(IRREGULAR.values())


@lru_cache(maxsize=65536)
def lemmatize(text: str, tag: str) -> str:
    """Lemma of ``text`` with Penn tag ``tag`` (deterministic; good for verbs and plurals)."""
    w = text.lower()
    if tag.startswith("VB") or tag == "MD":
        if w in BE:
            return "be"
        if w in HAVE:
            return "have"
        if w in DO:
            return "do"
        if w in IRREGULAR:
            return IRREGULAR[w]
        known = _known_verbs()
        if w in known:
            return w
        for suf in ("ing", "ed", "es", "s", "d"):
            if suf == "s" and w.endswith("ss"):
                continue
            if w.endswith(suf) and len(w) > len(suf) + 1:
                stem = w[: -len(suf)]
                cands = [stem, stem + "e"]
                if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                    cands.insert(0, stem[:-1])
                if suf in ("ed", "es", "s") and stem.endswith("i"):
                    cands.insert(0, stem[:-1] + "y")
                for c in cands:
                    if c in known:
                        return c
                if suf in ("ing", "ed", "es") and len(stem) > 2 and stem[-1] == "s" and \
                        stem[-2] in _VOWELS:
                    return stem + "e"  # "released", "closes", "causing"
                if suf == "ing" or suf == "ed":
                    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS | {"l", "s"}:
                        return stem[:-1]
                    if stem.endswith("i") and suf == "ed":
                        return stem[:-1] + "y"
                    # "noted", "closing": a consonant-vowel-consonant stem usually had an e
                    if len(stem) > 2 and stem[-1] not in _VOWELS and stem[-2] in "aio" and \
                            stem[-3] not in _VOWELS and stem[-1] not in "wxyrnl":
                        return stem + "e"
                    return stem
                if suf in ("es", "s") and stem.endswith("i"):
                    return stem[:-1] + "y"
                if suf == "es" and stem.endswith(("sh", "ch", "x", "z", "s", "o")):
                    return stem
                if suf == "es":
                    return stem + "e"
                if suf == "s":
                    return stem
        return w
    if tag in ("NNS", "NNPS"):
        if w in IRREGULAR_NOUNS:
            return IRREGULAR_NOUNS[w]
        if w.endswith("ies") and len(w) > 4:
            return w[:-3] + "y"
        if w.endswith(("ches", "shes", "sses", "xes", "zes")):
            return w[:-2]
        if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            return w[:-1]
        return w
    return w


def set_attrs(doc) -> None:
    """Set ``pos`` and ``lemma`` on every token of ``doc`` (after the parser)."""
    for t in doc:
        tag = t.tag_
        low = t.lower_
        pos = TAG_TO_POS.get(tag, "X")
        if pos in ("VERB", "AUX") and tag != "MD":
            if low in BE:
                pos = "AUX"
            elif (low in HAVE or low in DO) and t.dep_ in ("aux", "auxpass", "neg"):
                pos = "AUX"
        if tag == "IN" and t.dep_ == "mark":
            pos = "SCONJ"
        elif tag in ("NNP", "NNPS") or pos in ("NUM", "PUNCT", "SYM", "X"):
            t.pos_ = pos
            t.lemma_ = t.text
            continue
        if t.is_space:
            pos = "SPACE"
        t.pos_ = pos
        t.lemma_ = lemmatize(t.text, tag)


@Language.component("onrecord_fast_attrs", requires=["token.tag", "token.dep"],
                    assigns=["token.pos", "token.lemma"])
def fast_attrs(doc):
    set_attrs(doc)
    return doc
