"""What every context rule reads about a statement (:class:`Info`) and about the article's
layout (headline, lede, live-blog sections)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import SaidOn, Statement, Venue
from .dates import DateExpr
from .index import TokenIndex
from .venues import VenueExpr


@dataclass
class Info:
    stmt: Statement
    idx: int
    sent: int | None = None
    block: int | None = None
    headline: bool = False
    key: str | None = None  # canonical speaker key (variant names of one speaker merged)
    own_date: DateExpr | None = None
    own_venue: VenueExpr | None = None
    said_on: SaidOn | None = None
    venue: Venue | None = None
    reaction: tuple[str, bool, str] | None = None  # polarity, aimed at a statement, cue words
    responds_to: str | None = None
    stance: str | None = None
    explicit_target: str | None = None
    occasion: object | None = None
    notes: dict = field(default_factory=dict)


def is_headline(text: str, pos: int, ix: TokenIndex) -> bool:
    if not ix.blocks or ix.block_at(pos) != 0:
        return False
    a, b = ix.blocks[0]
    line = text[a:b].rstrip("”’\"' ")
    return len(ix.blocks) > 1 and not line.endswith((".", "!", "?")) and (b - a) < 250


def coarsen(v: SaidOn) -> tuple[str, str]:
    if v.precision == "day":
        return v.value[:7], "month"
    return v.value, v.precision
