"""The extraction pipeline: an article in, its attributed statements out.

    1. parse      paragraphs → spaCy Docs (nlp.parse)
    2. quotes     quotation-mark spans (extract.quotes)
    3. attribution  cue + source + content by rules (extract.attribution), completed by the
                  trained tagger where one is installed (extract.crf, extract.merge)
    4. speakers   source mention → canonical speaker(s) (extract.speakers)
    5. context    said_on, venue, responds_to, stance, claim_type (extract.context)
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from .errors import ExtractionError, OnrecordError
from .model import Article, ArticleResult, Evidence, Span, Statement
from . import nlp as nlp_mod
from .extract.attribution import Candidate, RuleAttributor, join_followers
from .extract import context
from .extract.conventions import cut_at_second_cue
from .extract.merge import merge_tagged
from .extract.quotes import find_quotes, tidy_clause
from .extract.speech import SCOPES, keep_speech, speech_blocks
from .extract.speakers import Resolution, SpeakerResolver  # noqa: F401

log = logging.getLogger(__name__)

# Articles longer than this are not parsed (spaCy's own default limit, and minutes of CPU):
# only their quotations are extracted, with a warning, so a huge file degrades instead of failing.
MAX_PARSE_CHARS = 1_000_000
# A continuation quote inherits the previous speaker only if that statement is at most this
# many paragraphs back.
CONTINUATION_MAX_BLOCKS = 2
# Below this speaker confidence the speaker is left unresolved (null, with candidates): on the
# real-news development set the speakers reported at or above it name the wrong person in at
# most 3% of statements (README, "Speakers"; benchmarks/bench_speakers.py).
DEFAULT_SPEAKER_THRESHOLD = 0.6
# At most this many candidate mentions are listed for an unresolved speaker.
MAX_CANDIDATES = 4


@dataclass
class Pipeline:
    """Holds the loaded models; ``extract`` is safe to call many times."""

    nlp: object
    attributor: RuleAttributor
    tagger: object | None = None
    # "speech": statements are speech and writing (the contract); "all": every attribution
    # PolNeAR annotates (beliefs, intentions, perceptions), for scoring on PolNeAR
    scope: str = "speech"
    # speakers below this confidence are reported unresolved (see DEFAULT_SPEAKER_THRESHOLD)
    speaker_threshold: float = DEFAULT_SPEAKER_THRESHOLD

    @classmethod
    def load(cls, model: str | None = None, tagger: str | None = "auto",
             scope: str = "speech",
             speaker_threshold: float = DEFAULT_SPEAKER_THRESHOLD) -> "Pipeline":
        """Load the spaCy pipeline (``model``: package name or path) and the trained tagger
        (``tagger``: "auto" = the shipped one if present, None = rules only, or a path).
        ``scope``: "speech" (default) or "all" (see :mod:`onrecord.extract.speech`).
        ``speaker_threshold``: speakers below this confidence are reported unresolved."""
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
        if not 0.0 <= speaker_threshold <= 1.0:
            raise ValueError(f"speaker_threshold must be between 0 and 1, not {speaker_threshold!r}")
        t = None
        if tagger:
            from .extract import crf
            t = crf.load_tagger(None if tagger == "auto" else tagger, required=tagger != "auto")
        context.prepare()
        return cls(nlp=nlp_mod.load(model), attributor=RuleAttributor(), tagger=t, scope=scope,
                   speaker_threshold=speaker_threshold)

    def extract(self, article: Article) -> ArticleResult:
        """Run every stage on ``article``; never raises on odd text (warnings say what degraded)."""
        text = article.text
        result = ArticleResult(article=article)
        if not text.strip():
            result.warnings.append("empty article: nothing to extract")
            return result
        if len(text) > MAX_PARSE_CHARS:
            result.statements = self._quotes_only(text)
            result.warnings.append(
                f"article of {len(text):,} characters exceeds the parse limit of {MAX_PARSE_CHARS:,}: "
                "only quotations were extracted, without speakers")
            return result
        try:
            parsed = nlp_mod.parse(text, self.nlp)                      # 1. parse
            blocks = [(b.offset, b.end) for b in parsed.blocks]
            quotes = find_quotes(text, blocks)                           # 2. quotes
            unclosed = [q for q in quotes if not q.closed]
            if unclosed:
                result.warnings.append(f"{len(unclosed)} quotation(s) without a closing mark")
            cands = self.attributor.run(parsed, quotes)                  # 3. attribution
            if self.tagger is not None:
                # the tagger reads every rule candidate as a feature; the speech test applies
                # to both sides before they are merged
                qr = [r for q in quotes for r in q.outer]
                # paragraphs that cannot hold speech are not tagged (scope "all" tags them all)
                only = speech_blocks(parsed, quotes) if self.scope == "speech" else None
                tagged = keep_speech(self.tagger.candidates(parsed, quotes, cands, only), text,
                                     self.scope, qr)
                cands = merge_tagged(keep_speech(cands, text, self.scope, qr), tagged, text)
            else:
                cands = keep_speech(cands, text, self.scope, [r for q in quotes for r in q.outer])
            cands = [cut_at_second_cue(c) for c in cands]
            if self.scope == "all":
                cands = join_followers(cands)
            for c in cands:
                if c.kind != "direct":
                    c.content = tidy_clause(text, c.content, quotes)
            statements = self._resolve(parsed, cands, quotes)            # 4. speakers
            statements = self._context(text, statements, article, parsed, result)  # 5. context
        except OnrecordError:
            raise
        except Exception as e:  # a bug must not lose the batch: report it with the article
            log.exception("extraction failed on %s", article.path or article.id)
            raise ExtractionError(f"extraction failed on {article.path or article.id}: {e!r}") from e
        result.statements = statements
        return result

    @staticmethod
    def _quotes_only(text: str) -> list[Statement]:
        quotes = find_quotes(text, nlp_mod.split_blocks(text))
        out = []
        for q in quotes:
            if len(text[q.start:q.end].split()) < 4:
                continue
            out.append(Statement(id=f"s{len(out)}", kind="direct",
                                 content=Evidence.from_spans(text, [Span(a, b) for a, b in q.spans]),
                                 confidence=0.3, method="quotes-only"))
        return out

    def _resolve(self, parsed, cands: list[Candidate], quotes=()) -> list[Statement]:
        """Speakers of the candidates, in text order. A statement's ``confidence`` is the lower
        of its own (as a statement) and its speaker reading's; below ``speaker_threshold`` the
        speaker is not reported: ``speaker`` stays null and ``speaker_candidates`` lists the
        mentions it could be."""
        text = parsed.text
        resolver = SpeakerResolver(parsed, [r for q in quotes for r in q.outer])
        block_index = {id(b): i for i, b in enumerate(parsed.blocks)}
        out: list[Statement] = []
        last: tuple[int, Resolution] | None = None
        for c in cands:
            pos = c.start
            bi = block_index.get(id(c.block), 0)
            if c.continues:
                readings = []
                if last is not None and bi - last[0] <= CONTINUATION_MAX_BLOCKS:
                    readings = [last[1].carried(c.method)]
            else:
                head = None if c.method == "headline" else c.source_head
                readings = resolver.resolve(head, c.source, c.source[0] if c.source else pos,
                                            cue=c.cue, content=c.content)
            content = Evidence.from_spans(text, [Span(a, b) for a, b in c.content])
            cue = Evidence.from_spans(text, [Span(a, b) for a, b in c.cue]) if c.cue else None
            source = Evidence.from_spans(text, [Span(*c.source)]) if c.source else None
            for r in readings or [None]:
                if r is None:
                    st = Statement(id="", kind=c.kind, content=content, cue=cue, source=source,
                                   confidence=c.confidence * 0.6, method=c.method)
                    out.append(st)
                    continue
                confidence = min(c.confidence, r.confidence)
                sure = r.speaker is not None and confidence >= self.speaker_threshold
                st = Statement(id="", kind=c.kind, content=content, cue=cue, source=source,
                               speaker=r.speaker if sure else None,
                               confidence=confidence,
                               method=c.method,
                               speaker_candidates=() if sure else tuple(r.candidates[:MAX_CANDIDATES]))
                out.append(st)
                resolver.note(pos, r, st, c.confidence)
                last = (bi, r)
        out.sort(key=lambda s: (s.content.start, s.content.end))
        for i, s in enumerate(out):
            s.id = f"s{i}"
        return out

    def _context(self, text, statements, article, parsed, result):
        # one token index of the parse, shared by every context rule
        out = context.run(statements, article.published, context.TokenIndex(parsed))
        result.demands, result.occasions = out.demands, out.occasions
        return out.statements


_DEFAULT: Pipeline | None = None


def extract(text: str, published: str | None = None, **meta) -> ArticleResult:
    """Extract the statements of one article given as a string (loads the pipeline once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline.load()
    return _DEFAULT.extract(Article(text=text, published=published, **meta))
