"""The record every attribution stage produces: character ranges, not yet speakers."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..nlp import Block

# How a candidate was found when its spans are read from quotation marks (or a transcript's
# turns): someone's own words, whatever verb stands next to them, never cut at a clause.
QUOTATION_METHODS = frozenset({"quote+cue", "headline", "continuation", "byline", "transcript",
                               "unattributed-quote", "quotes-only"})


@dataclass
class Candidate:
    """One attribution found by rules: character ranges into the article text."""

    kind: str
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: tuple[int, int] | None = None
    source_head: object = None  # spaCy token heading the source mention
    block: Block | None = None
    method: str = "rules"
    confidence: float = 0.8
    continues: bool = False  # no attribution of its own: the previous speaker goes on
    noun_cue: bool = False  # the cue is a noun ("statement that …")
    speech_cue: bool = False  # the cue is a verb of saying (class "speech" in cues.tsv)
    object_cue: bool = False  # an object construction ("accused [X of Y]")
    # a quote in the sentence after its attribution (“A,” X said. “B.”): the candidate of “A”
    follows: "Candidate | None" = None

    @property
    def start(self) -> int:
        return min(a for a, _ in self.content)
