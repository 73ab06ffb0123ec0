"""Parse-tree helpers shared by the attribution stages (rules, tagger conventions, merge).

Everything here reads a spaCy parse of one paragraph (``Block``) and answers a question about
it: the subject of a clause, the tokens of a noun phrase, whether a mention can speak, the
tokens under a character range. No stage state lives here.
"""
from __future__ import annotations

from ..lexicon import cues as cue_table, person_nouns
from ..nlp import Block

_SUBJ = ("nsubj", "nsubjpass", "csubj")

_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it"}


def tok_range(block: Block, toks) -> tuple[int, int]:
    toks = sorted(toks, key=lambda t: t.i)
    return block.offset + toks[0].idx, block.offset + toks[-1].idx + len(toks[-1].text)

def subject_of(tok):
    """The subject of ``tok``'s clause, climbing through participles and coordination."""
    seen = 0
    while tok is not None and seen < 6:
        for c in tok.children:
            if c.dep_ in _SUBJ:
                return c
        if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl", "dep", "prep") or tok.pos_ != "VERB":
            if tok.head.i == tok.i:
                return None
            tok = tok.head
            seen += 1
            continue
        return None
    return None

def np_tokens(head) -> list:
    """A source mention: the subject's subtree without relative clauses or trailing commas."""
    toks = [t for t in head.subtree]
    cut = [t for t in head.children if t.dep_ in ("relcl", "acl") and t.i > head.i]
    if cut:
        stop = min(min(x.i for x in c.subtree) for c in cut)
        toks = [t for t in toks if t.i < stop]
    # a dateline or timestamp parsed into the subject ("PARIS (Wire) — Prime Minister …",
    # "13:15 – Energy company Volta"): the mention starts after the last dash or colon
    cuts = [i for i, t in enumerate(toks) if t.text in ("—", "–", "--", ":")]
    if cuts and any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in toks[cuts[-1] + 1:]):
        toks = toks[cuts[-1] + 1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    return toks

def animate(head, text_ents) -> bool:
    if head is None:
        return False
    if head.lower_ in _PRONOUNS and head.lower_ != "it":
        return True
    if head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if head.pos_ == "PROPN" and not head.ent_type_ and head.text[:1].isupper():
        return True  # a name the recogniser did not label ("Ruiz criticized …")
    if head.lower_ in person_nouns():
        return True
    # "Macron's remarks" is what he said, not who: a speech noun never speaks itself
    if head.lemma_.lower() in cue_table().nouns:
        return False
    # "The likes of Lithuania's former minister, Linas Linkevicius": a person inside the phrase
    return any(t.ent_type_ in ("PERSON", "ORG") for t in head.subtree)


def sent_bounds(block: Block, tok) -> tuple[int, int]:
    """Article offsets of the sentence holding ``tok`` (first to last token, no trailing space)."""
    sent = tok.sent
    return (block.offset + sent[0].idx, block.offset + sent[-1].idx + len(sent[-1].text))

def trim_tokens(toks: list) -> list:
    while toks and (toks[-1].is_punct and toks[-1].text not in "”\"’'»)" or toks[-1].dep_ == "cc"
                    or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].is_punct and toks[0].text not in "“\"‘'«(" or toks[0].is_space):
        toks.pop(0)
    return toks


def tokens_in(block: Block, rng: tuple[int, int]) -> list:
    span = block.doc.char_span(rng[0] - block.offset, rng[1] - block.offset, alignment_mode="expand")
    return list(span) if span is not None else []

def head_token(block: Block, rng: tuple[int, int]):
    toks = [t for t in tokens_in(block, rng) if not t.is_punct]
    if not toks:
        return None
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]
