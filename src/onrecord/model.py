"""Typed, offset-bearing records that flow between the stages, the store and the faces.

Offsets are Python ``str`` indices (code points) into the article text exactly as read.
Every record has ``as_dict()`` (the JSON contract) and ``from_dict()`` (its inverse).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

KINDS = ("direct", "indirect", "mixed")
SPEAKER_TYPES = ("person", "organization", "country", "group", "unknown")
STANCES = ("against", "favor", "neutral")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into the article text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Evidence:
    """A piece of the statement backed by one or more spans (``text`` joins their text)."""

    text: str
    spans: tuple[Span, ...]

    @classmethod
    def from_spans(cls, article_text: str, spans: Iterable[Span]) -> "Evidence":
        spans = tuple(sorted(spans))
        return cls(text="".join(article_text[s.start:s.end] for s in spans), spans=spans)

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    def chars(self) -> set[int]:
        return {i for s in self.spans for i in range(s.start, s.end)}

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [s.as_list() for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Evidence | None":
        if d is None:
            return None
        return cls(text=d["text"], spans=tuple(Span(a, b) for a, b in d["spans"]))


@dataclass(frozen=True)
class Speaker:
    """The canonical speaker a source mention resolves to (``name`` is derived)."""

    name: str
    type: str = "unknown"  # one of SPEAKER_TYPES
    role: str | None = None
    affiliation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "role": self.role,
                "affiliation": self.affiliation}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Speaker | None":
        if d is None:
            return None
        return cls(name=d["name"], type=d.get("type", "unknown"), role=d.get("role"),
                   affiliation=d.get("affiliation"))


@dataclass(frozen=True)
class SaidOn:
    """When a statement was made: ``value`` is derived (ISO date, ``YYYY-MM``, ``YYYY`` or
    ``week of YYYY-MM-DD``), ``text``/``spans`` are the evidence."""

    value: str
    precision: str  # day | week | month | year
    text: str
    spans: tuple[Span, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "text": self.text,
                "spans": [s.as_list() for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict | None) -> "SaidOn | None":
        if d is None:
            return None
        return cls(value=d["value"], precision=d["precision"], text=d["text"],
                   spans=tuple(Span(a, b) for a, b in d.get("spans", [])))


@dataclass(frozen=True)
class Venue:
    """Where a statement was made: a typed venue with its evidence text."""

    type: str
    text: str
    spans: tuple[Span, ...] = ()
    outlet: str | None = None
    place: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text,
                "spans": [s.as_list() for s in self.spans],
                "outlet": self.outlet, "place": self.place}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Venue | None":
        if d is None:
            return None
        return cls(type=d["type"], text=d["text"],
                   spans=tuple(Span(a, b) for a, b in d.get("spans", [])),
                   outlet=d.get("outlet"), place=d.get("place"))


@dataclass(frozen=True)
class Occasion:
    """The occasion statements were made on (an interview, a hearing, a press conference, a
    written statement, a post, a speech, a letter …): introduced once in the article, it
    carries the venue and the date that every statement made on it takes.

    ``spans`` are the evidence: the words of the article that introduce or name it."""

    id: str
    venue: Venue | None = None
    said_on: SaidOn | None = None
    spans: tuple[Span, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id,
                "venue": self.venue.as_dict() if self.venue else None,
                "said_on": self.said_on.as_dict() if self.said_on else None,
                "spans": [s.as_list() for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict) -> "Occasion":
        return cls(id=d["id"], venue=Venue.from_dict(d.get("venue")),
                   said_on=SaidOn.from_dict(d.get("said_on")),
                   spans=tuple(Span(a, b) for a, b in d.get("spans", [])))


@dataclass(frozen=True)
class SpeakerCandidate:
    """A mention the speaker might be, when the speaker is left unresolved (``speaker`` is
    null because no reading was confident enough): the name it would resolve to and where."""

    name: str
    spans: tuple[Span, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "spans": [s.as_list() for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict) -> "SpeakerCandidate":
        return cls(name=d["name"], spans=tuple(Span(a, b) for a, b in d.get("spans", [])))


@dataclass
class Statement:
    """One attributed statement: content said by a speaker, with its cue and context."""

    id: str
    kind: str  # one of KINDS
    content: Evidence
    cue: Evidence | None = None
    source: Evidence | None = None
    speaker: Speaker | None = None
    said_on: SaidOn | None = None
    venue: Venue | None = None
    responds_to: str | None = None
    stance: str | None = None
    claim_type: str | None = None
    confidence: float = 0.5
    # how the statement was found (e.g. "quote", "quote+continuation", "tagger"); not evidence
    method: str = ""
    # id of the Occasion (in ArticleResult.occasions) the statement was made on
    occasion: str | None = None
    # when ``speaker`` is None: the mentions it could have been, best first (never a guess)
    speaker_candidates: tuple[SpeakerCandidate, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": self.content.as_dict(),
            "cue": self.cue.as_dict() if self.cue else None,
            "source": self.source.as_dict() if self.source else None,
            "speaker": self.speaker.as_dict() if self.speaker else None,
            "said_on": self.said_on.as_dict() if self.said_on else None,
            "venue": self.venue.as_dict() if self.venue else None,
            "occasion": self.occasion,
            "responds_to": self.responds_to,
            "stance": self.stance,
            "claim_type": self.claim_type,
            "confidence": round(self.confidence, 3),
            "method": self.method,
            "speaker_candidates": [c.as_dict() for c in self.speaker_candidates],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Statement":
        return cls(
            id=d["id"], kind=d["kind"], content=Evidence.from_dict(d["content"]),
            cue=Evidence.from_dict(d.get("cue")), source=Evidence.from_dict(d.get("source")),
            speaker=Speaker.from_dict(d.get("speaker")),
            said_on=SaidOn.from_dict(d.get("said_on")), venue=Venue.from_dict(d.get("venue")),
            responds_to=d.get("responds_to"), stance=d.get("stance"),
            claim_type=d.get("claim_type"), confidence=d.get("confidence", 0.5),
            method=d.get("method", ""), occasion=d.get("occasion"),
            speaker_candidates=tuple(SpeakerCandidate.from_dict(c)
                                     for c in d.get("speaker_candidates") or ()),
        )

    def replace(self, **changes: Any) -> "Statement":
        return replace(self, **changes)


@dataclass
class Article:
    """An article as read: its exact text and whatever metadata the source gave."""

    text: str
    id: str = ""
    path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    language: str = "en"

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.text_sha256[:16]

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "url": self.url, "title": self.title,
                "outlet": self.outlet, "author": self.author, "published": self.published,
                "language": self.language, "text_sha256": self.text_sha256}


@dataclass
class ArticleResult:
    """An article with the statements found in it (and warnings about degraded input)."""

    article: Article
    statements: list[Statement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # demand lists attached to their holder: {"holder", "stated_by", "speaker", "text",
    # "spans", "items": [{"text", "spans"}]}
    demands: list[dict] = field(default_factory=list)
    occasions: list[Occasion] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = {"article": self.article.as_dict(),
             "statements": [s.as_dict() for s in self.statements],
             "occasions": [o.as_dict() for o in self.occasions],
             "demands": list(self.demands)}
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_dict(cls, d: dict, text: str = "") -> "ArticleResult":
        a = d["article"]
        art = Article(text=text, id=a["id"], path=a.get("path"), url=a.get("url"),
                      title=a.get("title"), outlet=a.get("outlet"), author=a.get("author"),
                      published=a.get("published"), language=a.get("language", "en"))
        return cls(article=art, statements=[Statement.from_dict(s) for s in d["statements"]],
                   warnings=list(d.get("warnings", [])), demands=list(d.get("demands", [])),
                   occasions=[Occasion.from_dict(o) for o in d.get("occasions", [])])
