"""What a worker does with one partition: read its inputs, extract every article, and write the
partition's three files, each under a temporary name renamed when complete::

    OUT/articles/part-KEY.parquet    one row per article: metadata, text, the extraction result
                                     (JSON) and the MinHash signatures `onrecord load` stores
    OUT/reports/part-KEY.json        what was read, skipped (with the reason) or failed, timings
    OUT/statements/part-KEY.parquet  one row per statement, the export's schema (written last:
                                     its presence marks the partition done)

The same function runs in-process (``onrecord run`` without ``--dask``) and on Dask workers,
so the output does not depend on where it ran. The extraction pipeline (spaCy model and tagger)
is loaded once per process and kept for every partition that process takes.
"""
from __future__ import annotations

import json
import os
import resource
import socket
import threading
import time
import uuid
from typing import Any, Iterator

import pyarrow as pa

from .. import export
from ..errors import OnrecordError
from ..ingest.common import Skip
from ..ingest.sources import read_path
from ..model import Article, ArticleResult
from ..store.similarity import article_signature, quote_signatures
from .plan import Member, Partition

STATEMENTS, ARTICLES, REPORTS = "statements", "articles", "reports"

ARTICLE_SCHEMA = pa.schema([
    ("article_sha256", pa.string()), ("article_id", pa.string()), ("path", pa.string()),
    ("url", pa.string()), ("title", pa.string()), ("outlet", pa.string()),
    ("author", pa.string()), ("published", pa.date32()), ("language", pa.string()),
    ("n_statements", pa.int32()), ("warnings", pa.list_(pa.string())),
    ("text", pa.string()),
    # the ArticleResult as JSON (confidence unrounded, so a load stores what ingest stores)
    ("result", pa.string()),
    ("minhash", pa.binary()), ("quote_minhashes", pa.list_(pa.binary())),
])

# -- one pipeline per process ------------------------------------------------------------------
_PIPELINE: dict[str | None, Any] = {}
_LOCK = threading.Lock()  # a worker with several threads shares one pipeline (the CRF is not
#                           thread-safe); run workers with one thread each to use every core


def pipeline(model: str | None = None):
    """The extraction pipeline of this process, loaded at its first use."""
    with _LOCK:
        if model not in _PIPELINE:
            from ..ingest.run import load_pipeline
            _PIPELINE[model] = load_pipeline(model)
        return _PIPELINE[model]


def paths(out: str, part_name: str) -> dict[str, str]:
    return {STATEMENTS: os.path.join(out, STATEMENTS, part_name + ".parquet"),
            ARTICLES: os.path.join(out, ARTICLES, part_name + ".parquet"),
            REPORTS: os.path.join(out, REPORTS, part_name + ".json")}


def is_done(out: str, part_name: str) -> bool:
    p = paths(out, part_name)
    return all(os.path.exists(p[k]) for k in (STATEMENTS, ARTICLES, REPORTS))


def _read_member(m: Member) -> Iterator[Article | Skip]:
    """The articles of one member; a reader that raises gives a Skip, never an exception."""
    try:
        if m.start is not None:
            from ..ingest.jsonl import read_jsonl
            yield from read_jsonl(m.path, m.start, m.end, m.first_line or 1)
        else:
            yield from read_path(m.path)
    except Exception as e:  # a reader bug must not lose the partition's other files
        yield Skip(m.path, f"unreadable ({type(e).__name__}: {e})")


def _result_json(result: ArticleResult) -> str:
    d = result.as_dict()
    for sd, st in zip(d["statements"], result.statements):
        sd["confidence"] = st.confidence
    return json.dumps(d, ensure_ascii=False)


def _article_row(result: ArticleResult) -> dict[str, Any]:
    a = result.article
    return {"article_sha256": a.text_sha256, "article_id": a.id, "path": a.path, "url": a.url,
            "title": a.title, "outlet": a.outlet, "author": a.author,
            "published": export.to_date(a.published), "language": a.language,
            "n_statements": len(result.statements), "warnings": list(result.warnings),
            "text": a.text, "result": _result_json(result),
            "minhash": article_signature(a.text),
            "quote_minhashes": [quote_signatures(a.text, [(s.start, s.end) for s in st.content.spans])
                                for st in result.statements]}


def _write_atomic(path: str, write) -> None:
    """``write(tmp)`` then rename: a reader never sees a half-written file, and two attempts at
    the same partition (a retry after a worker died) never write into one file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{uuid.uuid4().hex[:12]}.tmp"
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def process_partition(part: dict, out: str, model: str | None = None) -> dict[str, Any]:
    """Extract every article of the partition ``part`` (``Partition.as_dict()``) and write its
    files under ``out``. Returns the partition's report (also written to reports/)."""
    import pyarrow.parquet as pq

    p = Partition.from_dict(part)
    t0 = time.monotonic()
    loaded_before = model in _PIPELINE
    pipe = pipeline(model)
    t_model = time.monotonic() - t0
    report: dict[str, Any] = {
        "key": p.key, "name": p.name, "index": p.index, "inputs": [m.path for m in p.members],
        "articles": 0, "statements": 0, "repeated": 0, "failed": 0, "skipped": [],
        "article_sha256": [], "worker": f"{socket.gethostname()}:{os.getpid()}",
        "model_load_seconds": None if loaded_before else round(t_model, 3)}
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    arts: list[dict[str, Any]] = []
    t1 = time.monotonic()
    for m in p.members:
        for it in _read_member(m):
            if isinstance(it, Skip):
                report["skipped"].append({"source": it.source, "reason": it.reason})
                continue
            sha = it.text_sha256
            if sha in seen:  # the same text twice in one partition: extracted once
                report["repeated"] += 1
                continue
            seen.add(sha)
            try:
                with _LOCK:
                    result = pipe.extract(it)
            except OnrecordError as e:
                reason = str(e)
            except Exception as e:  # never lose the partition to one article
                reason = f"extraction failed: {type(e).__name__}: {e}"
            else:
                reason = None
            if reason is not None:
                report["failed"] += 1
                report["skipped"].append({"source": it.path or it.id, "reason": reason})
                continue
            report["articles"] += 1
            report["statements"] += len(result.statements)
            report["article_sha256"].append(sha)
            rows.extend(export.statement_rows(result))
            arts.append(_article_row(result))
    report["extract_seconds"] = round(time.monotonic() - t1, 3)
    report["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    files = paths(out, p.name)
    _write_atomic(files[ARTICLES], lambda tmp: pq.write_table(
        pa.Table.from_pylist(arts, schema=ARTICLE_SCHEMA), tmp, compression="zstd"))
    report["seconds"] = round(time.monotonic() - t0, 3)
    _write_atomic(files[REPORTS], lambda tmp: _write_json(tmp, report))
    _write_atomic(files[STATEMENTS], lambda tmp: pq.write_table(
        export.to_table(rows), tmp, compression="zstd"))
    return report


def _write_json(path: str, obj: Any) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
