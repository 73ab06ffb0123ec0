"""``onrecord.Corpus``: the corpus database as one library object, shared by the command line
and the web app (both are thin faces over these calls).

    >>> corpus = onrecord.Corpus("onrecord.db")          # read-only
    >>> page = corpus.search("security guarantees", speaker="Macron")
    >>> [h["reading"] for h in page["hits"]]

Opened read-only (the default) it never writes, so it works on a database in a read-only
folder or on read-only media; each thread gets its own read connection (SQLite connections are
not shared between threads), so one ``Corpus`` serves a threaded web server. Opened with
``writable=True`` it also ingests (delegating to ``onrecord.ingest``).
"""
from __future__ import annotations

import os
import threading
from typing import Any, Iterable, Iterator

from .errors import StoreError
from .store import queries


class Corpus:
    """A corpus database: search, speakers, statements, articles, exchanges, quotes."""

    def __init__(self, path: str | os.PathLike, writable: bool = False, create: bool = False):
        self.path = os.fspath(path)
        self.writable = writable or create
        self._local = threading.local()
        self._conns: list = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        if self.writable:
            from .store import connect
            connect(self.path, create=create).close()  # create/migrate now, fail early
        self._conn()  # fail early on a missing or foreign file

    # -- connections -------------------------------------------------------------------------
    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            from .store import connect
            conn = connect(self.path, create=False, readonly=True)
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for c in self._conns:
                try:
                    c.close()
                except Exception:  # noqa: BLE001 - closing from another thread
                    pass
            self._conns.clear()
        self._local = threading.local()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def data_version(self) -> int:
        """Changes whenever another connection commits to the database (for caches)."""
        return self._conn().execute("PRAGMA data_version").fetchone()[0]

    # -- reading -----------------------------------------------------------------------------
    def overview(self) -> dict[str, Any]:
        """Counts, publication dates, outlets and kinds of statements in the corpus."""
        return queries.overview(self._conn())

    def stats(self) -> dict[str, int]:
        return queries.stats(self._conn())

    def search(self, query: str = "", **filters) -> dict[str, Any]:
        """One page of statements matching ``query`` and the filters (``speaker``,
        ``speaker_id``, ``outlet``, ``since``, ``until``, ``kind``, ``stance``, ``venue``,
        ``offset``, ``limit``, ``sort``, ``include_duplicates``): ``{"hits", "total", …}``.
        A malformed or too large query raises ``StoreError`` with a clear message."""
        return queries.search_page(self._conn(), query, **filters)

    def speakers(self, name: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
        return queries.speakers(self._conn(), name=name, limit=limit, offset=offset)

    def count_speakers(self, name: str | None = None) -> int:
        return queries.count_speakers(self._conn(), name)

    def speaker(self, ident: int | str) -> dict[str, Any]:
        """A speaker with roles, affiliations, venues, statements per month, replies."""
        return queries.get_speaker(self._conn(), ident)

    def statement(self, ident: str) -> dict[str, Any]:
        """One statement with its evidence sentence, reply links and quote cluster."""
        return queries.get_statement(self._conn(), ident)

    def articles(self, limit: int = 20, offset: int = 0, outlet: str | None = None
                 ) -> list[dict[str, Any]]:
        return queries.list_articles(self._conn(), limit=limit, offset=offset, outlet=outlet)

    def article(self, ident: str) -> dict[str, Any]:
        """An article with its text, statements (JSON contract) and occasions."""
        return queries.get_article(self._conn(), ident)

    def exchange(self, article: str | None = None, statements: Iterable[str] | None = None,
                 everything: bool = False) -> dict[str, Any]:
        """Statements as nodes, responds_to links as edges with their stance: for an
        ``article`` or around a list of ``statements`` (e.g. the hits of a search)."""
        if article is not None:
            return queries.exchange_for_article(self._conn(), article, everything=everything)
        return queries.exchange_for_statements(self._conn(), list(statements or []))

    def quote(self, cluster_id: int | str) -> dict[str, Any]:
        """A quote carried by several articles: every occurrence, first seen."""
        return queries.get_cluster(self._conn(), cluster_id)

    def quotes(self, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        return queries.list_clusters(self._conn(), limit=limit, offset=offset)

    def export_rows(self) -> Iterator[dict[str, Any]]:
        """Every statement as one flat, typed row of the export (``onrecord.export``: every
        field of the contract, the article's metadata, the corpus columns), in store order."""
        from .export import rows_from_store
        return rows_from_store(self._conn())

    def export(self, fmt: str, path: str | None = None, stdout=None) -> int:
        """Write the export as ``fmt`` (jsonl, csv, parquet) to ``path`` (or the text stream
        ``stdout`` for jsonl and csv); returns the number of statements written."""
        from .export import write
        return write(self.export_rows(), fmt, path, stdout=stdout)

    # -- writing -----------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str], **options):
        """Read ``paths`` into the corpus (``onrecord.ingest.run.ingest``); returns its
        summary. Needs a corpus opened with ``writable=True``."""
        if not self.writable:
            raise StoreError(f"{self.path} is open read-only", hint="open it with writable=True")
        from .ingest.run import ingest
        with self._write_lock:
            return ingest(list(paths), self.path, **options)

    def load(self, out: str, progress: bool | None = None):
        """Merge the output folder of ``onrecord run`` (``onrecord.scale``) into the corpus
        through the store's write path, then link what is new; loading again adds nothing.
        Returns ``scale.LoadSummary``. Needs a corpus opened with ``writable=True``."""
        if not self.writable:
            raise StoreError(f"{self.path} is open read-only", hint="open it with writable=True")
        from .scale import load
        with self._write_lock:
            return load(out, self.path, progress=progress)

    def add_articles(self, articles: list[dict[str, Any]], extractor=None, **options):
        """Ingest articles given as JSON objects (``{"text", "url", "title", "outlet",
        "published", …}``, the JSON Lines input format) through the same path as files."""
        import json
        import tempfile

        with tempfile.TemporaryDirectory(prefix="onrecord-add-") as tmp:
            path = os.path.join(tmp, "articles.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for a in articles:
                    f.write(json.dumps(a, ensure_ascii=False) + "\n")
            return self.ingest([path], fmt="jsonl", extractor=extractor, progress=False, **options)

    # -- people, corrections and the cross-article pass (``store/link.py``, ``people.py``,
    #    ``corrections.py``) -----------------------------------------------------------------
    def people(self, name: str | None = None) -> list[dict[str, Any]]:
        """Registry entries with their stable speaker id and statement counts."""
        from .store.people import list_people
        return list_people(self._conn(), name)

    def person(self, who: str, limit: int = 20) -> dict[str, Any]:
        """One person (registry id, speaker id or name): registry entry, speaker, how their
        statements were linked, mentions left unlinked that may be them, merges and splits,
        latest statements, and the replies across articles they received and made."""
        from .store.people import show
        return show(self._conn(), who, limit=limit)

    def links(self, statement: str) -> dict[str, Any]:
        """A statement's identity and provenance: stable ``speaker_id``, ``external_id``,
        ``speaker_link`` (why), candidates, ``provenance`` (machine/editor) and when, the
        statement it answers in its article and across articles (view ``statement_links``)."""
        from .store import statement_links
        from .store.corrections import find_statement
        return statement_links(self._conn(), find_statement(self._conn(), statement)["uid"])

    def corrections(self) -> list[dict[str, Any]]:
        """Every editor's correction, with the statement it applies to here (or None)."""
        from .store.corrections import list_corrections
        return list_corrections(self._conn())

    def export_corrections(self, out) -> int:
        """Write every correction as JSON Lines to the text stream ``out``; returns how many."""
        import json

        from .store.corrections import export_records
        n = 0
        for rec in export_records(self._conn()):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n

    def _writer(self):
        if not self.writable:
            raise StoreError(f"{self.path} is open read-only", hint="open it with writable=True")
        from .store import Store
        return Store(self.path, create=False)

    def _write(self, fn):
        with self._write_lock:
            store = self._writer()
            try:
                return fn(store)
            finally:
                store.close()

    def correct(self, statement: str, **change) -> dict[str, Any]:
        """An editor's correction of one statement: ``speaker=`` (registry id, speaker id or
        name), ``not_a_statement=True``, ``responds_to=`` (a statement id or "none"), or
        ``undo=True``; with ``editor=`` and ``note=``. Kept apart from the machine's output,
        keyed by the article's text hash and the spans. Returns ``links(statement)``."""
        return self._write(lambda s: s.correct(statement, **change))

    def import_corrections(self, path: str) -> dict[str, Any]:
        """Store and apply the corrections of an exported file; returns counts and skips."""
        return self._write(lambda s: s.import_corrections(path))

    def import_people(self, path: str) -> dict[str, Any]:
        """Import (or update) registry entries from a CSV file and relink the statements they
        concern; returns counts and the rows skipped."""
        return self._write(lambda s: s.import_people(path).as_dict())

    def link(self, progress=None) -> dict[str, Any]:
        """Link the articles stored but not linked yet (ingest does it after each run)."""
        return self._write(lambda s: s.link(progress).as_dict())

    def reindex(self, extractor=None, progress=None, extract_progress=None) -> dict[str, Any]:
        """The deliberate full pass: link every article again (with ``extractor``, e.g. a
        ``Pipeline``, extract them again first). Returns what it did and the corpus counts."""
        def run(s):
            return {**s.reindex(progress=progress, extractor=extractor,
                                extract_progress=extract_progress).as_dict(), **s.counts()}
        return self._write(run)
