"""onrecord: who said what, when, where and in answer to whom, from news articles.

    >>> import onrecord
    >>> result = onrecord.extract('"We are ready," Mayor Ana Ruiz said on Monday.', published="2024-03-06")
    >>> result.statements[0].speaker.name
    'Ana Ruiz'
"""
from .errors import (EvalError, ExtractionError, IngestError, ModelError, OnrecordError,
                     StoreError)
from .model import (Article, ArticleResult, SpeakerCandidate, Evidence, Occasion, SaidOn, Span,
                    Speaker, Statement, Venue)
from .ingest.text import read_text_file
from .pipeline import Pipeline, extract
from .corpus import Corpus

__all__ = [
    "extract", "Pipeline", "read_text_file", "Corpus",
    "Article", "ArticleResult", "Statement", "Speaker", "Evidence", "Span", "SaidOn", "Venue",
    "Occasion", "SpeakerCandidate",
    "OnrecordError", "IngestError", "ModelError", "ExtractionError", "EvalError", "StoreError",
]
__version__ = "0.1.0"
