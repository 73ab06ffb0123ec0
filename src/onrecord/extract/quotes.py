"""Quotation-mark spans: straight and curly marks, unbalanced and multi-paragraph quotes.

Works on the raw text, one paragraph block at a time, and never raises on odd marks: an
opening mark without a close runs to the end of its paragraph and, when the next paragraph
opens with a mark (the news convention for a quote over several paragraphs), continues there.
Only double marks (and the ``''`` / ``````` digraphs) delimit quotes; single marks are left
alone because they double as apostrophes and as inner quotes (``‘who is the one to blame,'”``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENING = "“„«‟"
CLOSING = "”»"
AMBIGUOUS = "\"″"
DIGRAPHS = {"``": "open", "''": "ambig"}
# Characters after which an ambiguous mark opens a quote (start of text counts too).
_OPEN_CONTEXT = " \t\n([{—–-:/"
_MARK = re.compile(r"``|''|[“„«‟”»\"″]")
# A comma directly before the closing mark belongs to the sentence around the quote, not to the
# quoted words: ``“…table,” Macron said`` → content ends at "table".
_TRAILING_STRIP = ","


@dataclass
class Quote:
    """One quotation: its inner spans (marks excluded; one per paragraph it runs over)."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = True  # False when the last paragraph ended without a closing mark
    # outer bounds including the marks (for locating the quote's attribution around it)
    outer: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def outer_start(self) -> int:
        return self.outer[0][0]

    @property
    def outer_end(self) -> int:
        return self.outer[-1][1]

    def chars(self) -> int:
        return sum(b - a for a, b in self.spans)


def _marks(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _MARK.finditer(text, a, b):
        s = m.group()
        if s in DIGRAPHS:
            kind = DIGRAPHS[s]
        elif s in OPENING:
            kind = "open"
        elif s in CLOSING:
            kind = "close"
        else:
            kind = "ambig"
        out.append((m.start(), m.end(), kind))
    return out


def _resolve(text: str, pos: int, end: int, kind: str, inside: bool, block_start: int) -> str:
    if kind != "ambig":
        # a closing mark used as an opener (``”Quote”``) at a word start
        if kind == "close" and not inside:
            prev = text[pos - 1] if pos > block_start else " "
            nxt = text[end] if end < len(text) else " "
            if prev in _OPEN_CONTEXT and not nxt.isspace():
                return "open"
        return kind
    prev = text[pos - 1] if pos > block_start else " "
    nxt = text[end] if end < len(text) else " "
    opens = prev in _OPEN_CONTEXT and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "close" if inside else "open"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    while b > a and text[b - 1] in _TRAILING_STRIP:
        b -= 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def find_quotes(text: str, blocks: list[tuple[int, int]]) -> list[Quote]:
    """All quotations in ``text`` given its paragraph ``blocks`` (character ranges, in order)."""
    quotes: list[Quote] = []
    carry: Quote | None = None  # an unclosed quote waiting for its next paragraph
    for a, b in blocks:
        marks = _marks(text, a, b)
        if carry is not None:
            # continues only if this paragraph opens with a quotation mark
            if not (marks and marks[0][0] == a and
                    _resolve(text, marks[0][0], marks[0][1], marks[0][2], False, a) == "open"):
                carry = None
        inside_start: int | None = None
        open_pos = None
        for pos, end, kind in marks:
            k = _resolve(text, pos, end, kind, inside_start is not None, a)
            if k == "open":
                if inside_start is not None:
                    # an opener inside a quote: the previous quote lost its closing mark
                    _emit(text, quotes, carry, open_pos, inside_start, pos, pos, closed=False)
                    carry = None
                inside_start, open_pos = end, pos
            elif k == "close" and inside_start is not None:
                _emit(text, quotes, carry, open_pos, inside_start, pos, end, closed=True)
                carry = None
                inside_start = None
        if inside_start is not None:
            carry = _emit(text, quotes, carry, open_pos, inside_start, b, b, closed=False)
        else:
            carry = None
    return [q for q in quotes if q.spans]


def _emit(text, quotes, carry, open_pos, start, stop, outer_stop, closed):
    a, b = _trim(text, start, stop)
    if b <= a:
        return None
    if carry is not None:
        q = carry
    else:
        q = Quote()
        quotes.append(q)
    q.spans.append((a, b))
    q.outer.append((open_pos, outer_stop))
    q.closed = closed
    return q


_CLOSING = set("”»\"'’")


def tidy_clause(text: str, spans: list[tuple[int, int]], quotes: list[Quote]) -> list[tuple[int, int]]:
    """Edges of a reported clause (indirect or mixed content) against the article's quotations:

    * a span ending just inside a quotation it opened takes the closing mark
      (`it was “time to trust young people”`), so the content never holds half a quote;
    * the clause ends at a semicolon outside quotations: what follows is the writer's next
      clause (`said the timing was not intentional; they only learned …`)."""
    outer = sorted(r for q in quotes for r in q.outer)
    out = []
    for a, b in spans:
        for qa, qb in outer:
            if a <= qa < b < qb and all(ch in _CLOSING for ch in text[b:qb]):
                b = qb
                break
        cut = next((i for i in range(a + 1, b) if text[i] == ";" and
                    not any(qa <= i < qb for qa, qb in outer)), None)
        if cut is not None:
            out.append((a, cut))
            return out
        out.append((a, b))
    return out
