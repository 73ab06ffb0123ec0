"""The corpus database (SQLite, WAL, versioned migrations): articles, statements with their
spans, speakers merged across articles, quote clusters, near-duplicate flags, FTS5 search."""
from .db import FinalizeStats, Store
from .schema import SCHEMA_VERSION, connect

__all__ = ["FinalizeStats", "SCHEMA_VERSION", "Store", "connect"]
