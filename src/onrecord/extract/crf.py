"""The trained attribution tagger at run time: a linear-chain CRF over :mod:`.features`.

Each paragraph is a sequence of tokens labelled ``B-/I-`` source, cue, content or ``O``
(PolNeAR's conventions). Tags are linked into attributions by :mod:`.linking` and turned into
the contract's conventions by :mod:`.conventions`. Trained by ``scripts/train_tagger.py`` on
PolNeAR train; the model file ships in ``onrecord/data/tagger/``.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..errors import ModelError
from ..lexicon import cues as cue_table
from ..nlp import Block, ParsedText
from .attribution import Candidate, RuleAttributor
from .conventions import cut_at_second_cue, fold_conditionals, to_candidate
from .features import block_features, rule_roles
from .linking import LinkedAttribution, link_block, segments_from_tags, share_sources
from .quotes import Quote

MODEL_FILE = "attribution.crfsuite"

# A tagged attribution whose mean marginal probability is below this is dropped.
MIN_SCORE = 0.35

# A cue without a source takes the previous cue's in the same sentence (see linking.share_sources).
SHARE_SOURCES = True

class CRFTagger:
    """The trained CRF: ``candidates(parsed, quotes)`` gives rule-style candidates."""

    def __init__(self, path: Path):
        import pycrfsuite
        self.path = path
        self.tagger = pycrfsuite.Tagger()
        try:
            self.tagger.open(str(path))
        except Exception as e:  # pycrfsuite raises ValueError/OSError variously
            raise ModelError(f"cannot open the tagger model {path}: {e}") from e
        self.rules = RuleAttributor()
        self.table = cue_table()
        meta = path.parent / "meta.json"
        self.feature_version = 1
        if meta.exists():
            import json
            self.feature_version = json.loads(meta.read_text()).get("feature_version", 1)

    def tag_parsed(self, parsed: ParsedText, quotes: list[Quote],
                   rule_cands: list[Candidate] | None = None,
                   blocks: set[int] | None = None) -> list[tuple[Block, LinkedAttribution]]:
        """Tagged attributions of every paragraph, or of the paragraphs numbered in ``blocks``."""
        if rule_cands is None:
            rule_cands = self.rules.run(parsed, quotes)
        qr = [r for q in quotes for r in q.outer]
        roles = rule_roles(rule_cands)
        out = []
        for bi, block in enumerate(parsed.blocks):
            if blocks is not None and bi not in blocks:
                continue
            offs, feats = block_features(block, qr, roles, self.table, self.feature_version)
            if not offs:
                continue
            self.tagger.set(feats)
            tags = self.tagger.tag()
            # marginals only where a role was tagged (the "O" tokens' scores are never read)
            scores = [self.tagger.marginal(t, i) if t != "O" else 1.0 for i, t in enumerate(tags)]
            segs = segments_from_tags(offs, tags, scores)
            sents = [block.offset + s.start_char for s in block.doc.sents]
            atts = link_block(segs, sents)
            if SHARE_SOURCES:
                share_sources(atts, sents)
            for att in atts:
                if att.score >= MIN_SCORE:
                    out.append((block, att))
        return out

    def candidates(self, parsed: ParsedText, quotes: list[Quote],
                   rule_cands: list[Candidate] | None = None,
                   blocks: set[int] | None = None) -> list[Candidate]:
        text = parsed.text
        out = []
        for block, att in self.tag_parsed(parsed, quotes, rule_cands, blocks):
            c = to_candidate(text, block, att, quotes)
            out.append(cut_at_second_cue(c) if c is not None else None)
        return fold_conditionals(text, [c for c in out if c is not None])

TAGGER_ENV = "ONRECORD_TAGGER"  # another trained model (file or folder with meta.json)

def default_model_path() -> Path:
    return Path(str(resources.files("onrecord.data").joinpath("tagger", MODEL_FILE)))

def load_tagger(path: str | None = None, required: bool = False) -> CRFTagger | None:
    """The CRF tagger at ``path`` (default: the shipped one). Without a shipped model, returns
    None unless ``required``."""
    if not path and os.environ.get(TAGGER_ENV):
        path, required = os.environ[TAGGER_ENV], True
    p = Path(path) if path else default_model_path()
    if p.is_dir():
        p = p / MODEL_FILE
    if not p.exists():
        if required:
            raise ModelError(f"no tagger model at {p}",
                             hint="train one with: python scripts/train_tagger.py")
        return None
    return CRFTagger(p)
