"""The corpus database (SQLite, WAL, versioned migrations): articles, statements with their
spans, FTS5 search; and the cross-article layer kept up to date incrementally (``link.py``):
speakers with stable ids and registry links (``speakers.py``, ``people.py``), quote clusters and
near-duplicates from a persisted LSH index (``similarity.py``), editor corrections
(``corrections.py``) and replies across articles (``replies.py``)."""
from .db import FinalizeStats, Store, statement_links
from .link import Linker, LinkStats
from .people import Registry
from .schema import SCHEMA_VERSION, connect
from .speakers import speaker_id

__all__ = ["FinalizeStats", "LinkStats", "Linker", "Registry", "SCHEMA_VERSION", "Store",
           "connect", "speaker_id", "statement_links"]
