"""Every error onrecord raises, in one place.

    OnrecordError                 base class; ``code`` and ``hint`` say what to do
    ├── IngestError               an input could not be read (empty, binary, bad encoding, …)
    ├── ModelError                the NLP pipeline or the trained tagger could not be loaded
    ├── ExtractionError           extraction failed on a readable article
    ├── EvalError                 evaluation data is missing or malformed
    └── StoreError                the corpus database could not be used
"""
from __future__ import annotations


class OnrecordError(Exception):
    code = "E000"

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


class IngestError(OnrecordError):
    code = "E100"


class ModelError(OnrecordError):
    code = "E200"


class ExtractionError(OnrecordError):
    code = "E300"


class EvalError(OnrecordError):
    code = "E400"


class StoreError(OnrecordError):
    code = "E500"
