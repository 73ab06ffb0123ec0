"""``onrecord load``: the articles of a ``run`` output folder merged into a corpus database.

Articles go through the store's own write path (``Store.write``, one transaction per article,
then the store's incremental linking pass), exactly as ``ingest`` stores them, so loading a run's output gives the
same database as ingesting its inputs. Loading is idempotent and incremental: an article whose
text is already stored is not read past its hash, so loading the same folder again, or a folder
that grew, costs in proportion to what is new.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any

from ..errors import OnrecordError
from ..model import ArticleResult
from .progress import Progress
from .runner import RUN_FILE, _read_json
from .work import ARTICLES, STATEMENTS, paths


@dataclass
class LoadSummary:
    partitions: int = 0
    articles_seen: int = 0
    stored: int = 0
    already_stored: int = 0
    statements: int = 0
    incomplete_run: bool = False
    finalize_seconds: float | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"partitions": self.partitions, "articles": self.articles_seen,
                "articles_stored": self.stored, "articles_already_stored": self.already_stored,
                "statements_stored": self.statements, "incomplete_run": self.incomplete_run,
                "cross_article_seconds": (round(self.finalize_seconds, 2)
                                          if self.finalize_seconds is not None else None),
                "seconds": round(self.seconds, 2)}

    def lines(self) -> list[str]:
        out = [f"partitions read:   {self.partitions}",
               f"articles:          {self.articles_seen}",
               f"  stored:          {self.stored}",
               f"  already stored:  {self.already_stored}",
               f"statements stored: {self.statements}"]
        if self.incomplete_run:
            out.append("note: the run did not finish; what it wrote was loaded "
                       "(run it again, then load again for the rest)")
        out.append(f"time: {self.seconds:.1f} s")
        return out


def partition_names(out: str) -> tuple[list[str], bool]:
    """The done partitions of a run folder, in plan order, and whether the run is incomplete.
    Without ``run.json`` (files copied by hand) every partition file there, sorted by name."""
    if not os.path.isdir(out):
        raise OnrecordError(f"no run output folder {out}",
                            hint="give the --out folder of `onrecord run`")
    info = _read_json(os.path.join(out, RUN_FILE))
    if info and info.get("partitions"):
        names = [p["name"] for p in info["partitions"]]
        done = [n for n in names if os.path.exists(paths(out, n)[STATEMENTS])
                and os.path.exists(paths(out, n)[ARTICLES])]
        return done, info.get("status") != "complete" or len(done) < len(names)
    d = os.path.join(out, ARTICLES)
    if not os.path.isdir(d):
        raise OnrecordError(f"{out} holds no run output (no {ARTICLES}/ folder)",
                            hint="give the --out folder of `onrecord run`")
    names = sorted(f[:-len(".parquet")] for f in os.listdir(d) if f.endswith(".parquet"))
    return [n for n in names if os.path.exists(paths(out, n)[STATEMENTS])], False


def load(out: str, db: str, progress: bool | None = None) -> LoadSummary:
    """Store every article of the run folder ``out`` that ``db`` does not hold yet."""
    import pyarrow.parquet as pq

    from ..store import Store

    t0 = time.monotonic()
    names, incomplete = partition_names(out)
    summary = LoadSummary(partitions=len(names), incomplete_run=incomplete)
    bar = Progress("load", total=len(names), enabled=progress)
    store = Store(db)
    try:
        for name in names:
            path = paths(out, name)[ARTICLES]
            try:
                shas = pq.read_table(path, columns=["article_sha256"]).column(0).to_pylist()
                missing = [i for i, sha in enumerate(shas) if not store.has(sha)]
                table = pq.read_table(path).take(missing) if missing else None
            except (OSError, ValueError) as e:  # pyarrow's errors derive from these
                raise OnrecordError(f"{path}: cannot read this partition: {e}",
                                    hint="run `onrecord run` again on the same inputs to "
                                         "rewrite it") from None
            summary.articles_seen += len(shas)
            summary.already_stored += len(shas) - len(missing)
            stored = statements = 0
            for row in (table.to_pylist() if table is not None else ()):
                result = ArticleResult.from_dict(json.loads(row["result"]), text=row["text"])
                n = store.write(result, row["minhash"], row["quote_minhashes"])
                if n is None:
                    summary.already_stored += 1
                else:
                    stored += 1
                    statements += n
            summary.stored += stored
            summary.statements += statements
            bar.advance(1, articles=stored, statements=statements)
        # the store's incremental pass over what was just stored (speakers, quote clusters,
        # near-duplicates, answers across articles): in proportion to the new articles
        t = time.monotonic()
        linked = store.link(progress=bar.phase("linking"))
        if linked.articles:
            summary.finalize_seconds = time.monotonic() - t
    finally:
        bar.close()
        store.close()
    summary.seconds = time.monotonic() - t0
    return summary
