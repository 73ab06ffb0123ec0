"""One token index of a parsed article, shared by every context rule.

The pipeline builds it once from the parse (:class:`onrecord.nlp.ParsedText`) and passes it to
:func:`onrecord.extract.context.run`; nothing in the context stage parses text again. Tokens,
sentences and paragraphs (the parse's blocks) are flat lists with article offsets, searchable
by position.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, TAG

from ...nlp import head_index, token_rows

_ATTRS = [ORTH, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, IDX]


@dataclass(slots=True)
class Tok:
    i: int          # index in TokenIndex.toks
    start: int      # article offsets
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int       # index of the head token
    ent: str
    sent: int       # index in TokenIndex.sents

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(slots=True)
class Sent:
    start: int
    end: int
    toks: list[int]
    block: int


class TokenIndex:
    """Tokens, sentences and paragraphs of one article with offsets into its text."""

    def __init__(self, parsed) -> None:
        self.text: str = parsed.text
        self.toks: list[Tok] = []
        self.sents: list[Sent] = []
        self.blocks: list[tuple[int, int]] = []
        for bi, b in enumerate(parsed.blocks):
            self.blocks.append((b.offset, b.end))
            base = len(self.toks)
            doc = b.doc
            # one to_array call: building spaCy Token objects was most of the index's time
            rows, s_ = token_rows(doc, _ATTRS)
            for s in doc.sents:
                si = len(self.sents)
                ids = list(range(base + s.start, base + s.end))
                for i in range(s.start, s.end):
                    orth, lemma, pos, tag, dep, head, ent, idx = rows[i]
                    text = s_(orth)
                    a = b.offset + idx
                    head = head_index(i, head)
                    self.toks.append(Tok(base + i, a, a + len(text), text, s_(lemma), s_(pos),
                                         s_(tag), s_(dep), base + head, s_(ent), si))
                self.sents.append(Sent(b.offset + s.start_char, b.offset + s.end_char, ids, bi))
        self._tok_starts = [t.start for t in self.toks]
        self._sent_starts = [s.start for s in self.sents]
        self._block_starts = [a for a, _ in self.blocks]

    @classmethod
    def of_text(cls, text: str, nlp=None) -> "TokenIndex":
        """Parse ``text`` (with the default model unless ``nlp`` is given) and index it: for
        callers outside the pipeline, which passes the parse it already has."""
        from ...nlp import parse
        return cls(parse(text, nlp))

    # ------------------------------------------------------------------ lookups

    def sent_at(self, pos: int) -> int | None:
        i = bisect_right(self._sent_starts, pos) - 1
        return i if i >= 0 and self.sents[i].start <= pos < self.sents[i].end else None

    def block_at(self, pos: int) -> int | None:
        i = bisect_right(self._block_starts, pos) - 1
        return i if i >= 0 and self.blocks[i][0] <= pos < self.blocks[i][1] else None

    def toks_in(self, a: int, b: int) -> list[Tok]:
        """Tokens lying wholly inside ``[a, b)``."""
        out = []
        for k in range(bisect_left(self._tok_starts, a), len(self.toks)):
            t = self.toks[k]
            if t.start >= b:
                break
            if t.end <= b:
                out.append(t)
        return out

    def tok_at(self, pos: int) -> Tok | None:
        k = bisect_right(self._tok_starts, pos) - 1
        if k >= 0 and self.toks[k].start <= pos < self.toks[k].end:
            return self.toks[k]
        return None

    def tok_after(self, pos: int) -> Tok | None:
        k = bisect_left(self._tok_starts, pos)
        return self.toks[k] if k < len(self.toks) else None

    def sent_toks(self, si: int) -> list[Tok]:
        return [self.toks[i] for i in self.sents[si].toks]

    def sent_text(self, si: int) -> str:
        s = self.sents[si]
        return self.text[s.start:s.end]

    def block_text(self, bi: int) -> str:
        a, b = self.blocks[bi]
        return self.text[a:b]

    def block_sents(self, bi: int) -> range:
        """Indices of the sentences of paragraph ``bi``."""
        a, b = self.blocks[bi]
        lo = bisect_left(self._sent_starts, a)
        hi = bisect_left(self._sent_starts, b)
        return range(lo, hi)
