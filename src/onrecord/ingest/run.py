"""``ingest``: read inputs, extract statements in worker processes, store them through one writer.

* Reading happens in the main process, in input order; every article already stored (same text
  sha256) or already seen in this run is not extracted again.
* Extraction runs in ``workers`` processes (``multiprocessing``, spawn); results come back in
  input order (``imap``), so a run writes the same rows in the same order however many workers
  it had.
* The main thread is the only writer: one transaction per article, so a killed run leaves whole
  articles only, and running the same command again stores exactly the missing ones.
* The cross-article pass (``Store.link``) then links the new articles only: their speakers
  against the speakers already stored, their quotes and texts against the LSH index kept in the
  store. Its cost follows the number of new articles, not the size of the corpus; an
  interrupted run leaves the rest pending for the next one. ``onrecord reindex`` is the full pass.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from ..errors import OnrecordError
from ..model import Article
from ..store import Store
from ..store.similarity import article_signature, quote_signatures
from .common import Skip
from .sources import iter_articles

log = logging.getLogger("onrecord.ingest")

# At most this many articles per worker are read ahead of the writer (bounds memory).
READ_AHEAD_PER_WORKER = 16


@dataclass
class Summary:
    read: int = 0                 # articles read from the inputs
    stored: int = 0               # new articles stored
    already_stored: int = 0       # same text already in the database (or earlier in this run)
    statements: int = 0           # statements stored
    failed: int = 0               # articles whose extraction failed
    skipped: Counter = field(default_factory=Counter)  # reason -> count (inputs with no article)
    elapsed: float = 0.0
    finalize_seconds: float | None = None
    linked: int = 0               # articles taken in by the cross-article pass
    speakers: int | None = None
    quote_clusters: int | None = None
    duplicate_articles: int | None = None
    interrupted: bool = False

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def as_dict(self) -> dict[str, Any]:
        return {"articles_read": self.read, "articles_stored": self.stored,
                "articles_already_stored": self.already_stored,
                "articles_failed": self.failed, "inputs_skipped": self.n_skipped,
                "skipped_reasons": dict(sorted(self.skipped.items())),
                "statements_stored": self.statements, "speakers": self.speakers,
                "quote_clusters": self.quote_clusters,
                "duplicate_articles": self.duplicate_articles,
                "seconds": round(self.elapsed, 2),
                "cross_article_seconds": (round(self.finalize_seconds, 2)
                                          if self.finalize_seconds is not None else None),
                "articles_linked": self.linked,
                "articles_per_second": round(self.read / self.elapsed, 2) if self.elapsed else None,
                "interrupted": self.interrupted}

    def lines(self) -> list[str]:
        out = [f"articles read:     {self.read}",
               f"  stored:          {self.stored}",
               f"  already stored:  {self.already_stored}"]
        if self.failed:
            out.append(f"  failed:          {self.failed}")
        out.append(f"statements stored: {self.statements}")
        out.append(f"inputs skipped:    {self.n_skipped}")
        for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {n:5d}  {reason}")
        if self.finalize_seconds is not None:
            out.append(f"linked across the corpus: {self.linked} articles in {self.finalize_seconds:.1f} s")
        if self.speakers is not None:
            out.append(f"corpus: {self.speakers} speakers, {self.quote_clusters} quote clusters, "
                       f"{self.duplicate_articles} near-duplicate articles")
        rate = f" ({self.read / self.elapsed:.1f} articles/s)" if self.elapsed and self.read else ""
        out.append(f"time: {self.elapsed:.1f} s{rate}" + ("  [interrupted]" if self.interrupted else ""))
        return out


def reason_category(reason: str) -> str:
    """A skip reason without its particulars (``line is not JSON (…)`` → ``line is not JSON``)."""
    r = reason.split(" (hint:")[0]
    r = re.split(r":\s|\s\(", r, maxsplit=1)[0]
    return r.strip() or reason


# -- the worker side ---------------------------------------------------------------------------
_PIPELINE = None
_PIPELINE_MODEL: str | None = None
_PIPELINE_ERROR: str | None = None


class _NoTraceback(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = ""
        saved, record.exc_info = record.exc_info, None
        try:
            return super().format(record)
        finally:
            record.exc_info = saved


def setup_logging(verbose: bool = False) -> None:
    """Log lines (skips, failures) go to stderr as one line each, without tracebacks unless
    ``ONRECORD_DEBUG`` is set."""
    logger = logging.getLogger("onrecord")
    if any(getattr(h, "_onrecord", False) for h in logger.handlers):
        return
    h = logging.StreamHandler(sys.stderr)
    h._onrecord = True  # type: ignore[attr-defined]
    debug = bool(os.environ.get("ONRECORD_DEBUG"))
    h.setFormatter(logging.Formatter("onrecord: %(message)s") if debug
                   else _NoTraceback("onrecord: %(message)s"))
    logger.addHandler(h)
    logger.setLevel(logging.DEBUG if debug else (logging.INFO if verbose else logging.WARNING))
    logger.propagate = False


def load_pipeline(model: str | None = None):
    """The extraction pipeline (with the trained tagger when one is installed)."""
    from ..pipeline import Pipeline
    try:
        return Pipeline.load(model)
    except ImportError as e:  # no tagger module: rules only
        log.info("tagger unavailable (%s): rules only", e)
        return Pipeline.load(model, tagger=None)


def _init_worker(model: str | None, verbose: bool = False) -> None:
    global _PIPELINE, _PIPELINE_ERROR
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    setup_logging(verbose)
    try:
        _PIPELINE = load_pipeline(model)
    except OnrecordError as e:
        _PIPELINE_ERROR = str(e)
    except Exception as e:
        _PIPELINE_ERROR = f"cannot load the extraction pipeline: {type(e).__name__}: {e}"


def _work(item):
    """Extract one article: ("ok", result, article signature, quote signatures), or pass a
    skip / already-stored marker through unchanged, or ("error", article, reason)."""
    if not isinstance(item, Article):
        return item
    if _PIPELINE is None:
        return ("fatal", item, _PIPELINE_ERROR or "the extraction pipeline is not loaded")
    try:
        result = _PIPELINE.extract(item)
        return ("ok", result, article_signature(item.text),
                [quote_signatures(item.text, [(sp.start, sp.end) for sp in s.content.spans])
                 for s in result.statements])
    except OnrecordError as e:
        return ("error", item, str(e))
    except Exception as e:  # never lose the batch to one article
        return ("error", item, f"extraction failed: {type(e).__name__}: {e}")


class _Present:
    """Marker: this article's text is already stored (or was seen earlier in this run)."""

    __slots__ = ("source",)

    def __init__(self, source: str):
        self.source = source


# -- progress ----------------------------------------------------------------------------------
class Progress:
    """One status line on a terminal (counts and rate), nothing in a pipe."""

    def __init__(self, enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.t0 = time.monotonic()
        self.last = 0.0
        self.width = 0
        self.first: tuple[float, int] | None = None

    def clear(self) -> None:
        """Blank the status line (before a log line is written under it)."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
            self.last = 0.0

    def update(self, s: Summary, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        if self.first is None:  # the rate counts from the first result (not model loading)
            self.first = (now, s.read)
        dt = now - self.first[0]
        rate = f"{(s.read - self.first[1]) / dt:.1f} articles/s" if dt > 0.5 else "… articles/s"
        line = (f"ingest: {s.read} articles ({s.stored} new, {s.already_stored} known) "
                f"· {s.statements} statements · {s.n_skipped} skipped · {rate}")
        self.stream.write("\r" + line.ljust(self.width))
        self.width = len(line)
        self.stream.flush()

    def done(self) -> None:
        self.clear()

    def phase(self, label: str, unit: str = "articles") -> Callable[[int, int], None]:
        """A progress callback ``(done, total)`` for a later phase ("linking: 40/120 articles")."""
        started: list[float] = []

        def show(done: int, total: int) -> None:
            if not self.enabled:
                return
            now = time.monotonic()
            if not started:
                started.append(now)
            t0 = started[0]
            if done < total and now - self.last < 0.2:
                return
            self.last = now
            line = f"{label}: {done}/{total} {unit} · {now - t0:.1f} s"
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
            self.stream.flush()
            if done >= total:
                self.clear()
        return show


# -- the run -----------------------------------------------------------------------------------
def ingest(paths: Iterable[str], db: str, workers: int = 1, fmt: str | None = None,
           fetch: bool = False, progress: bool | None = None, model: str | None = None,
           on_skip: Callable[[Skip], None] | None = None, extractor=None) -> Summary:
    """Ingest ``paths`` into the database ``db``; returns the summary. ``extractor`` (an object
    with ``extract(article)``) replaces the pipeline in-process (``workers`` is then 1)."""
    t0 = time.monotonic()
    summary = Summary()
    bar = Progress(progress)
    store = Store(db)
    try:
        seen: set[str] = set()  # this run's texts (stored ones are looked up one by one)
        workers = max(1, int(workers or 1))

        def items() -> Iterator[Any]:
            for it in iter_articles(paths, fmt=fmt, fetch=fetch):
                if isinstance(it, Article):
                    sha = it.text_sha256
                    if sha in seen or store.has(sha):
                        yield _Present(it.path or sha[:12])
                        continue
                    seen.add(sha)
                yield it

        def handle(res) -> None:
            if isinstance(res, Skip):
                summary.skipped[reason_category(res.reason)] += 1
                bar.clear()
                log.warning("skipped %s", res)
                if on_skip:
                    on_skip(res)
            elif isinstance(res, _Present):
                summary.read += 1
                summary.already_stored += 1
            elif res[0] == "fatal":
                raise OnrecordError(res[2], hint="check the spaCy model installation "
                                                 "(pip install -e .)")
            elif res[0] == "error":
                summary.read += 1
                summary.failed += 1
                reason = res[2]
                summary.skipped["extraction failed"] += 1
                bar.clear()
                log.warning("skipped %s: %s", res[1].path or res[1].id, reason)
                if on_skip:
                    on_skip(Skip(res[1].path or res[1].id, reason))
            else:
                _, result, asig, qsigs = res
                summary.read += 1
                n = store.write(result, asig, qsigs)
                if n is None:
                    summary.already_stored += 1
                else:
                    summary.stored += 1
                    summary.statements += n
            bar.update(summary)

        try:
            if extractor is not None or workers == 1:
                global _PIPELINE, _PIPELINE_MODEL
                saved = _PIPELINE
                if extractor is not None:
                    _PIPELINE = extractor
                try:
                    for it in items():
                        # loaded at the first article to extract: a run that finds everything
                        # already stored never pays for loading the models
                        if isinstance(it, Article) and extractor is None and (
                                _PIPELINE is None or _PIPELINE_MODEL != model):
                            _PIPELINE, _PIPELINE_MODEL = load_pipeline(model), model
                        handle(_work(it))
                finally:
                    if extractor is not None:
                        _PIPELINE = saved
            else:
                _run_pool(items(), workers, model, handle)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            bar.done()
        if not summary.interrupted:
            t = time.monotonic()
            try:
                linked = store.link(progress=bar.phase("linking"))
            except KeyboardInterrupt:  # linked batches are kept; the rest waits for the next run
                summary.interrupted = True
                linked = None
            finally:
                bar.done()
            if linked is not None and linked.articles:
                summary.linked = linked.articles
                summary.finalize_seconds = time.monotonic() - t
        counts = store.counts()
        summary.speakers = counts["speakers"]
        summary.quote_clusters = counts["quote_clusters"]
        summary.duplicate_articles = counts["duplicate_articles"]
    finally:
        store.close()
        summary.elapsed = time.monotonic() - t0
    return summary


def _mp_context():
    """Workers fork from a server process that imported the NLP stack once (importing spaCy and
    its dependencies takes seconds); "spawn" where there is no forkserver."""
    try:
        ctx = mp.get_context("forkserver")
    except ValueError:
        return mp.get_context("spawn")
    ctx.set_forkserver_preload(["onrecord.pipeline", "onrecord.ingest.run", "spacy"])
    return ctx


def _run_pool(items: Iterator[Any], workers: int, model: str | None, handle) -> None:
    """Extract in ``workers`` processes, handling results in input order, with at most
    ``READ_AHEAD_PER_WORKER`` articles per worker in flight."""
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    verbose = logging.getLogger("onrecord").getEffectiveLevel() <= logging.INFO
    window = workers * READ_AHEAD_PER_WORKER
    ex = ProcessPoolExecutor(workers, mp_context=_mp_context(),
                             initializer=_init_worker, initargs=(model, verbose))
    pending: deque = deque()
    try:
        for it in items:
            if isinstance(it, Article):
                pending.append(ex.submit(_work, it))
            else:
                pending.append(it)  # skips and known articles keep their place in the order
            while len(pending) >= window or (pending and not hasattr(pending[0], "result")):
                head = pending.popleft()
                handle(head.result() if hasattr(head, "result") else head)
        while pending:
            head = pending.popleft()
            handle(head.result() if hasattr(head, "result") else head)
    except BrokenProcessPool:
        raise OnrecordError("an extraction worker process died (out of memory?)",
                            hint="run the same command again: stored articles are kept; "
                                 "try fewer --workers") from None
    finally:
        for f in pending:
            if hasattr(f, "cancel"):
                f.cancel()
        ex.shutdown(wait=True, cancel_futures=True)
