"""Statement context: when (``said_on``), where (``venue``), on which occasion, in answer to
whom (``responds_to``, ``stance``) and what kind of claim (``claim_type``), plus demand lists.

Everything is rule-based and grounded in the article text; the rule tables live in
``onrecord/data/context/`` (see the README there). The stage reads one token index of the
article (:class:`TokenIndex`, built once by the pipeline from its parse) and runs, in order:

1. dates and venues found in each sentence (``dates``, ``venues``) and attached to the
   statements whose cue they modify (``attach``);
2. occasions (``occasions``): where the article introduces an interview, hearing, press
   conference, statement, post, speech, letter …; every statement is assigned to one (or none)
   and takes its date and venue from it;
3. claim types (``claims``); 4. demand lists (``demands``); 5. replies (``replies``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Occasion, Statement
from . import claims, demands as demands_mod, occasions, replies
from .attach import core_content
from .core import Info, Layout, cue_aspect
from .dates import publication_date
from .index import TokenIndex
from .names import canonical_keys, voice_of

__all__ = ["ContextResult", "TokenIndex", "annotate", "run", "find_demands", "claim_type",
           "prepare"]

claim_type = claims.claim_type


@dataclass
class ContextResult:
    statements: list[Statement] = field(default_factory=list)
    occasions: list[Occasion] = field(default_factory=list)
    demands: list[dict] = field(default_factory=list)


def prepare() -> None:
    """Load what the stage reads once per process — the rule tables and dateparser's language
    data (its first date costs a fifth of a second) — so that no article pays for it."""
    from datetime import date
    from .dates import resolve
    from .tables import tables
    tables()
    resolve("last Tuesday", date(2000, 1, 5))


def run(statements: list[Statement], published: str | None, index: TokenIndex) -> ContextResult:
    """Fill said_on, venue, occasion, responds_to, stance and claim_type of ``statements``
    (new records, same order) and find the article's occasions and demand lists, over the
    article's token ``index``."""
    if not statements:
        return ContextResult()
    ix = index
    text = ix.text
    layout = Layout(ix)
    voices = {st.id: voice_of(st) for st in statements}
    keys = canonical_keys(statements, voices)
    content_spans = [sp for st in statements if st.content for sp in core_content(text, st)]
    infos: list[Info] = []
    for k, st in enumerate(statements):
        if not st.content or not st.content.spans:  # nothing to ground: left as it is
            infos.append(Info(st, k, None, None, key=keys.get(st.id), voice=voices[st.id],
                              headline=True))
            continue
        anchor = st.cue.start if st.cue and st.cue.spans else st.content.start
        inf = Info(st, k, ix.sent_at(anchor), ix.block_at(anchor), key=keys.get(st.id),
                   voice=voices[st.id])
        inf.section = layout.section(inf.block)
        inf.headline = st.method == "headline" or inf.block in layout.headline_blocks
        inf.aspect, inf.later = cue_aspect(ix, st)
        infos.append(inf)

    # 1-2. dates and venues attached to the statements; occasions and their statements
    occ = occasions.Occasions(ix, infos, layout, publication_date(published), content_spans)
    occ.build()
    occ.assign()
    found_occasions = occ.finish()
    # 3. claim types (reaction cues attached to the cue count: "dismissed …, telling")
    for inf in infos:
        if inf.headline or inf.sent is None or inf.stmt.cue is None:
            continue
        inf.reaction = replies.reaction(ix, inf, content_spans, inf.notes.get("skip", []),
                                        inf.notes.get("core", [])) or \
            replies.lead_in_reaction(ix, inf, content_spans)
    types = {inf.stmt.id: claims.claim_type(text, inf.stmt, ix,
                                            inf.reaction[2] if inf.reaction else "")
             for inf in infos}
    # 4. demand lists, 5. replies
    found = demands_mod.find_demands(statements, ix)
    replies.responses(ix, infos, found, types)
    out = [inf.stmt.replace(said_on=inf.said_on, venue=inf.venue, responds_to=inf.responds_to,
                            stance=inf.stance, claim_type=types[inf.stmt.id])
           for inf in infos]
    return ContextResult(out, found_occasions, found)


def annotate(text: str, statements: list[Statement], published: str | None,
             index: TokenIndex | None = None) -> list[Statement]:
    """:func:`run` for callers that want the statements only; parses ``text`` when no
    ``index`` is given."""
    if not statements:
        return []
    return run(statements, published, index or TokenIndex.of_text(text)).statements


def find_demands(text: str, statements: list[Statement],
                 index: TokenIndex | None = None) -> list[dict]:
    """Demand lists of an article (see :mod:`.demands`); parses ``text`` when no ``index``."""
    return demands_mod.find_demands(statements, index or TokenIndex.of_text(text))
