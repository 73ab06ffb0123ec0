"""Occasions: the interview, hearing, press conference, statement, post, speech, letter … a
statement was made on, with its date and venue; statements take them from it."""
from __future__ import annotations

from ...model import SaidOn, Span, Venue
from .attach import attached, present_cue, venue_tail
from .core import Info, coarsen
from .dates import DateExpr, find_dates
from .index import TokenIndex
from .venues import VenueExpr, find_venues


def own_context(ix: TokenIndex, infos: list[Info], content_spans, pub, sent_cache) -> None:
    """The date and venue phrases attached to each statement's cue (its own evidence)."""
    text = ix.text
    for inf in infos:
        if inf.headline or inf.sent is None or inf.stmt.cue is None:
            continue
        dates, venues = sentence_phrases(ix, inf.sent, pub, sent_cache)
        skip = [(d.start, d.end) for d in dates] + [(v.start, venue_tail(ix, v)) for v in venues]
        core = [(d.start, d.end) for d in dates] + [(v.start, v.end) for v in venues]
        inf.notes["skip"], inf.notes["core"] = skip, core
        cue_at = inf.stmt.cue.start
        for d in sorted(dates, key=lambda d: abs(d.start - cue_at)):
            if attached(ix, d.start, d.end, inf.stmt, inf.sent, content_spans, skip, core):
                if inf.own_date is None or (inf.own_date.value is None and not inf.own_date.ref):
                    inf.own_date = d
        for v in venues:
            if attached(ix, v.start, v.end, inf.stmt, inf.sent, content_spans, skip, core):
                # prefer the phrase naming the outlet ("told Rolling Stone in an interview")
                if inf.own_venue is None or (inf.own_venue.outlet is None and v.outlet and
                                             inf.own_venue.type in ("other", v.type)):
                    inf.own_venue = v
    del text


def sentence_phrases(ix: TokenIndex, si: int, pub, cache) -> tuple[list[DateExpr], list[VenueExpr]]:
    if si not in cache:
        s = ix.sents[si]
        cache[si] = (find_dates(ix.text, s.start, s.end, pub), find_venues(ix, s))
    return cache[si]


def runs(infos: list[Info]) -> dict[int, int]:
    """Previous statement by the same speaker with no other speaker in between."""
    prev_same: dict[int, int] = {}
    last: tuple[str | None, int] | None = None
    for inf in infos:
        if inf.headline:
            continue
        key = inf.key
        if last is not None and key is not None and last[0] == key:
            prev_same[inf.idx] = last[1]
        elif last is not None and key is not None and inf.sent is not None and \
                infos[last[1]].sent == inf.sent:
            pass  # same sentence, another speaker: keep the run of the first
        last = (key, inf.idx)
    return prev_same


def venue_of(v: VenueExpr) -> Venue:
    return Venue(type=v.type, text=v.text, spans=(Span(v.start, v.end),), outlet=v.outlet,
                 place=v.place)


def assign(ix: TokenIndex, infos: list[Info], prev_same: dict[int, int]) -> None:
    # backward merge: dated lede without venue + next run member with venue but no date
    # (and: one sentence describes one occasion - "questioned whether …, asking on Radio X: …")
    for k, j in sorted(prev_same.items(), reverse=True):
        a, b = infos[j], infos[k]
        if a.own_venue is None and b.own_venue and b.own_date is None and \
                (a.own_date or (a.sent == b.sent and a.sent is not None)):
            a.own_venue = b.own_venue
    for inf in infos:
        if inf.headline:
            continue
        d = inf.own_date
        if d is not None and d.ref:
            ref = next((infos[k].said_on for k in range(inf.idx - 1, -1, -1)
                        if infos[k].said_on is not None and not infos[k].headline), None)
            if ref is not None:
                v, p = coarsen(ref)
                inf.said_on = SaidOn(v, p, d.text, (Span(d.start, d.end),))
        elif d is not None and d.value:
            inf.said_on = SaidOn(d.value, d.precision, d.text, (Span(d.start, d.end),))
        if inf.own_venue is not None:
            inf.venue = venue_of(inf.own_venue)
        j = prev_same.get(inf.idx)
        if j is not None and not present_cue(ix, inf.stmt):
            p = infos[j]
            if inf.said_on is None and d is None:
                inf.said_on = p.said_on
            if inf.venue is None and p.venue is not None and \
                    (d is None or (p.said_on is not None and inf.said_on == p.said_on)):
                inf.venue = p.venue
