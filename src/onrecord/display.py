"""Statements as people read them (the CLI's tables and the web pages share these rules):

* only direct quotes are shown inside quotation marks; indirect speech is shown as it was
  reported, without marks; mixed speech is shown as written (its partial quotes carry their own
  marks in the text);
* the pieces of a content split by its cue ("…down," she said, "The…") are joined by an
  ellipsis, never glued together ("downThe").
"""
from __future__ import annotations

from typing import Iterable, Sequence

ELLIPSIS = " … "
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"


def pieces_from_text(text: str, spans: Sequence[Sequence[int]]) -> list[str]:
    """The pieces of a content whose ``text`` is the concatenation of ``spans``' text (as in
    the JSON contract), cut back apart by the spans' lengths."""
    out, pos = [], 0
    for a, b in spans:
        n = max(0, int(b) - int(a))
        out.append(text[pos:pos + n])
        pos += n
    if pos < len(text):  # spans that do not add up to the text: keep what is left
        out.append(text[pos:])
    return out or [text]


def pieces_from_article(article_text: str, spans: Iterable[Sequence[int]]) -> list[str]:
    """The pieces of a content read from the article text by its spans."""
    return [article_text[a:b] for a, b in spans]


def _tidy(piece: str) -> str:
    return " ".join(piece.split())


def reading(kind: str | None, pieces: Sequence[str], max_chars: int | None = None) -> str:
    """The content as a reader sees it: ``“…”`` around direct quotes only, split pieces joined
    by an ellipsis, whitespace folded, shortened to ``max_chars`` (with "…") when given."""
    parts = [p for p in (_tidy(x) for x in pieces) if p]
    body = ELLIPSIS.join(parts)
    quoted = kind == "direct"
    if max_chars is not None:
        room = max_chars - (2 if quoted else 0)
        if len(body) > room:
            body = body[:max(1, room - 1)].rstrip() + "…"
    return f"{OPEN_QUOTE}{body}{CLOSE_QUOTE}" if quoted else body


def statement_reading(d: dict, max_chars: int | None = None) -> str:
    """``reading`` of a statement in its JSON form (``{"kind", "content": {"text", "spans"}}``)."""
    content = d.get("content") or {}
    return reading(d.get("kind"), pieces_from_text(content.get("text", ""),
                                                   content.get("spans") or []), max_chars)


VENUE_LABELS = {
    "tv_interview": "TV interview", "radio_interview": "radio interview",
    "print_interview": "interview in print", "social_media": "social media",
    "press_conference": "press conference", "speech": "speech", "statement": "written statement",
    "parliament": "parliament", "court": "court", "other": "other venue",
}
STANCE_LABELS = {"against": "against", "favor": "in favour of", "neutral": "neutral toward"}


def venue_label(venue_type: str | None) -> str:
    if not venue_type:
        return ""
    return VENUE_LABELS.get(venue_type, venue_type.replace("_", " "))
