"""``onrecord run``: the extraction mapped over input partitions, in this process or on a Dask
cluster, written as partitioned Parquet.

    1. plan      cut the inputs into partitions (plan.py); skip the ones already written
    2. map       process_partition (work.py) on each, in-process or on Dask workers, newest
                 progress shown as partitions finish; a partition whose workers keep dying is
                 reported as failed, the others go on
    3. dedupe    an article text found in several partitions is kept in the first (plan order)
                 and dropped from the others, so every statement is one row
    4. report    OUT/run.json: the plan, what was read, skipped (with reasons) and failed

A run killed at any point leaves only complete partition files (written under a temporary name,
renamed when complete); running the same command again does the partitions that are missing.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import OnrecordError
from ..ingest.common import Skip
from .plan import DEFAULT_SIZE, Partition, plan
from .progress import Progress
from .work import ARTICLES, REPORTS, STATEMENTS, is_done, paths, process_partition

log = logging.getLogger("onrecord.scale")

RUN_FILE = "run.json"
# How long to wait for a cluster given by its address to answer.
CONNECT_TIMEOUT = "30s"


@dataclass
class RunReport:
    out: str
    partitions: int = 0
    already_done: int = 0          # written by an earlier run, not redone
    processed: int = 0             # done by this run
    failed: list[dict] = field(default_factory=list)   # partitions that could not be done
    articles: int = 0
    statements: int = 0
    failed_articles: int = 0
    repeated: int = 0              # the same text again inside one partition
    duplicates: int = 0            # the same text in an earlier partition: dropped here
    skipped: list[dict] = field(default_factory=list)  # inputs without an article, and why
    workers: int | None = None
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # per worker, this run
    startup_seconds: float = 0.0
    seconds: float = 0.0
    processed_articles: int = 0    # articles extracted by this run
    stale: list[str] = field(default_factory=list)  # partition files not in this plan
    interrupted: bool = False

    @property
    def complete(self) -> bool:
        return not self.failed and not self.interrupted

    def as_dict(self) -> dict[str, Any]:
        rate = self.processed_articles / self.seconds if self.seconds else None
        return {"out": self.out, "complete": self.complete, "partitions": self.partitions,
                "partitions_already_done": self.already_done,
                "partitions_processed": self.processed, "partitions_failed": self.failed,
                "articles": self.articles, "statements": self.statements,
                "articles_failed": self.failed_articles,
                "repeated_in_partition": self.repeated,
                "duplicates_across_partitions": self.duplicates,
                "inputs_skipped": len(self.skipped),
                "skipped_reasons": dict(sorted(Counter(_category(s["reason"])
                                                       for s in self.skipped).items())),
                "skipped": self.skipped, "workers": self.workers,
                "peak_rss_mb_per_worker": self.peak_rss_mb,
                "startup_seconds": round(self.startup_seconds, 2),
                "seconds": round(self.seconds, 2),
                "articles_processed": self.processed_articles,
                "articles_per_second": round(rate, 3) if rate else None,
                "stale_partitions": self.stale, "interrupted": self.interrupted}

    def lines(self) -> list[str]:
        out = [f"partitions:        {self.partitions} ({self.processed} done now, "
               f"{self.already_done} done before, {len(self.failed)} failed)",
               f"articles:          {self.articles}",
               f"statements:        {self.statements}",
               f"inputs skipped:    {len(self.skipped)}"]
        for reason, n in Counter(_category(s["reason"]) for s in self.skipped).most_common():
            out.append(f"  {n:5d}  {reason}")
        if self.duplicates or self.repeated:
            out.append(f"repeated texts:    {self.repeated + self.duplicates} (kept once)")
        for f in self.failed:
            out.append(f"FAILED {f['name']} ({f['inputs']}): {f['reason']}")
        if self.stale:
            out.append(f"note: {len(self.stale)} partition file(s) in {self.out} are not from "
                       "these inputs; `onrecord load` leaves them out (delete them to tidy up)")
        rate = (f" ({self.processed_articles / self.seconds:.2f} articles/s)"
                if self.seconds and self.processed_articles else "")
        workers = f" on {self.workers} Dask workers" if self.workers else " in this process"
        out.append(f"time: {self.seconds:.1f} s{workers}{rate}"
                   + ("  [interrupted]" if self.interrupted else ""))
        out.append(f"output: {self.out}/{STATEMENTS}/*.parquet (report: {self.out}/{RUN_FILE})")
        return out


def _category(reason: str) -> str:
    from ..ingest.run import reason_category
    return reason_category(reason)


# -- the cluster -------------------------------------------------------------------------------
def local_workers(spec: str) -> int | None:
    """The number of workers of a ``local[:N]`` spec (None for an address)."""
    if spec != "local" and not spec.startswith("local:"):
        return None
    n = spec.partition(":")[2]
    if n and not n.isdigit() or n.strip("0") == "" and n:
        raise OnrecordError(f"--dask {spec}: N must be a number of workers",
                            hint="e.g. --dask local:4")
    return int(n) if n else (os.cpu_count() or 1)


@contextlib.contextmanager
def connect(spec: str) -> Iterator[Any]:
    """A Dask client for ``spec``: ``local`` (one worker process per core), ``local:N``, a
    scheduler address (``tcp://host:8786``) or a scheduler file (``scheduler.json``, as
    dask-jobqueue and dask-mpi write)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise OnrecordError("--dask needs the distributed package",
                            hint="pip install -e . (it is a dependency)") from None
    cluster = None
    n_workers = local_workers(spec)
    try:
        if n_workers:
            # one thread per worker process: extraction holds the GIL, threads would not help
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        elif spec.endswith(".json") and os.path.exists(spec):
            client = Client(scheduler_file=spec, timeout=CONNECT_TIMEOUT)
        else:
            client = Client(spec, timeout=CONNECT_TIMEOUT)
    except OSError as e:
        if cluster is not None:
            cluster.close()
        raise OnrecordError(f"cannot reach the Dask scheduler at {spec}: {e}",
                            hint="check the address (tcp://HOST:8786) and that the scheduler "
                                 "is running, or use --dask local") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _wait_for_workers(client, timeout: float = 120.0) -> int:
    from distributed import TimeoutError as DaskTimeout
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (DaskTimeout, TimeoutError):
        raise OnrecordError("the Dask cluster has no workers",
                            hint="start workers (dask worker ADDRESS --nthreads 1) or scale "
                                 "the cluster up") from None
    return len(client.scheduler_info(n_workers=-1)["workers"])


# -- the run -----------------------------------------------------------------------------------
def _read_json(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _write_json(path: str, obj: Any) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def _stale(out: str, names: set[str]) -> list[str]:
    found = set()
    for sub, ext in ((STATEMENTS, ".parquet"), (ARTICLES, ".parquet"), (REPORTS, ".json")):
        d = os.path.join(out, sub)
        if os.path.isdir(d):
            found |= {f[:-len(ext)] for f in os.listdir(d) if f.endswith(ext)}
    return sorted(found - names)


def _clean_tmp(out: str) -> None:
    """Temporary files of attempts that died (a killed worker's half-written partition)."""
    for sub in (STATEMENTS, ARTICLES, REPORTS):
        d = os.path.join(out, sub)
        if os.path.isdir(d):
            for f in os.listdir(d):
                if f.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.remove(os.path.join(d, f))


def run(inputs: list[str], out: str, dask: str | None = None, size: int = DEFAULT_SIZE,
        model: str | None = None, progress: bool | None = None) -> RunReport:
    """Extract every article of ``inputs`` into partitioned Parquet under ``out``: in this
    process when ``dask`` is None, else on the Dask cluster it names (see ``connect``)."""
    t0 = time.monotonic()
    if dask is not None:
        local_workers(dask)  # a bad spec is said before any work
    out = os.path.abspath(out)
    if os.path.exists(out) and not os.path.isdir(out):
        raise OnrecordError(f"--out {out} is a file", hint="give a folder (it is created)")
    for sub in (STATEMENTS, ARTICLES, REPORTS):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    report = RunReport(out=out)
    # 1. plan (the output folder is never read as input)
    parts, plan_skips = plan(inputs, size)
    parts = [p for p in parts if not any(m.path.startswith(out + os.sep) for m in p.members)]
    for i, p in enumerate(parts):
        p.index = i
    report.partitions = len(parts)
    report.stale = _stale(out, {p.name for p in parts})
    _clean_tmp(out)
    run_file = os.path.join(out, RUN_FILE)
    previous = _read_json(run_file) or {}
    _write_json(run_file, {**previous, "status": "running", "inputs": list(inputs),
                           "partition_size": size,
                           "partitions": [p.as_dict() for p in parts]})
    names = {p.name for p in parts}
    todo = [p for p in parts if not is_done(out, p.name) or _lost_original(out, p, names)]
    report.already_done = len(parts) - len(todo)
    bar = Progress("run", total=len(parts), done=report.already_done, enabled=progress)
    for s in plan_skips:
        bar.log(f"onrecord: skipped {s}")

    def finished(rep: dict) -> None:
        report.processed += 1
        report.processed_articles += rep["articles"] + rep["failed"]
        w = rep["worker"]
        report.peak_rss_mb[w] = max(report.peak_rss_mb.get(w, 0.0), rep["peak_rss_mb"])
        for s in rep["skipped"]:
            bar.log(f"onrecord: skipped {s['source']}: {s['reason']}")
        bar.advance(1, articles=rep["articles"], statements=rep["statements"])

    # 2. map
    try:
        if dask is None:
            report.startup_seconds = time.monotonic() - t0
            for p in todo:
                try:
                    rep = process_partition(p.as_dict(), out, model)
                except OnrecordError:
                    raise  # the pipeline cannot be loaded: nothing else would work either
                except Exception as e:  # noqa: BLE001 - e.g. the output disk is full
                    report.failed.append({"name": p.name, "inputs": p.describe(),
                                          "reason": _failure_reason(e)})
                    bar.log(f"onrecord: partition {p.name} ({p.describe()}) failed: "
                            f"{_failure_reason(e)}")
                    continue
                finished(rep)
        elif todo:
            _map_on_dask(dask, todo, out, model, report, finished, bar, t0)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        bar.close()
    # 3. dedupe, 4. report
    if not report.interrupted:
        _dedupe(out, parts)
    _summarise(out, parts, report, plan_skips)
    report.seconds = time.monotonic() - t0
    _write_json(run_file, {"status": "complete" if report.complete else "incomplete",
                           "inputs": list(inputs), "partition_size": size,
                           "partitions": [p.as_dict() for p in parts],
                           "report": report.as_dict()})
    return report


def _map_on_dask(spec: str, todo: list[Partition], out: str, model: str | None,
                 report: RunReport, finished, bar: Progress, t0: float) -> None:
    from distributed import as_completed

    bar.status("starting Dask workers" if spec.startswith("local") else f"connecting to {spec}")
    with connect(spec) as client:
        report.workers = _wait_for_workers(client)
        report.startup_seconds = time.monotonic() - t0
        bar.status("run")
        by_key = {f"onrecord-{p.name}-{p.index}": p for p in todo}
        futures = client.map(process_partition, [p.as_dict() for p in todo],
                             out=out, model=model, key=list(by_key), pure=False)
        try:
            for fut in as_completed(futures):
                p = by_key[fut.key]
                try:
                    rep = fut.result()
                except Exception as e:  # noqa: BLE001 - every failure is reported, not raised
                    reason = _failure_reason(e)
                    report.failed.append({"name": p.name, "inputs": p.describe(),
                                          "reason": reason})
                    bar.log(f"onrecord: partition {p.name} ({p.describe()}) failed: {reason}")
                    bar.advance(0)
                    continue
                finished(rep)
        finally:
            client.cancel(futures)
        report.workers = max(report.workers or 0, len(report.peak_rss_mb))


def _failure_reason(e: BaseException) -> str:
    name = type(e).__name__
    if name == "KilledWorker":
        return ("the workers running it died each time it was tried (out of memory, or a "
                "crash in a native library); run again to retry it")
    if name == "CancelledError":
        return "cancelled (the cluster shut down?); run again to retry it"
    return f"{name}: {e}"


def _lost_original(out: str, p: Partition, names: set[str]) -> bool:
    """Whether ``p`` dropped duplicates in favour of a partition that is no longer planned (its
    input was removed): then ``p`` is done again, so no article is lost."""
    rep = _read_json(paths(out, p.name)[REPORTS]) or {}
    return any(d.get("kept_in") not in names for d in rep.get("duplicates", ()))


def _dedupe(out: str, parts: list[Partition]) -> None:
    """Keep each article text in the first partition (plan order) that has it; drop it from the
    others' files (rewritten atomically, statements first, the report last)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    first: dict[str, str] = {}
    for p in parts:
        files = paths(out, p.name)
        rep = _read_json(files[REPORTS])
        if rep is None or not is_done(out, p.name):
            continue
        dups = [sha for sha in rep["article_sha256"] if sha in first]
        for sha in rep["article_sha256"]:
            first.setdefault(sha, p.name)
        if not dups:
            continue
        drop = set(dups)
        keep_mask = lambda t: pc.invert(pc.is_in(t.column("article_sha256"),  # noqa: E731
                                                 value_set=pa_array(sorted(drop))))
        st = pq.read_table(files[STATEMENTS])
        arts = pq.read_table(files[ARTICLES])
        dropped = arts.filter(pc.invert(keep_mask(arts)))
        from .work import _write_atomic
        _write_atomic(files[STATEMENTS], lambda tmp: pq.write_table(
            st.filter(keep_mask(st)), tmp, compression="zstd"))
        _write_atomic(files[ARTICLES], lambda tmp: pq.write_table(
            arts.filter(keep_mask(arts)), tmp, compression="zstd"))
        n_statements = sum(dropped.column("n_statements").to_pylist())
        rep["duplicates"] = rep.get("duplicates", []) + [
            {"article_sha256": sha, "path": path, "kept_in": first[sha]}
            for sha, path in zip(dropped.column("article_sha256").to_pylist(),
                                 dropped.column("path").to_pylist())]
        rep["article_sha256"] = [s for s in rep["article_sha256"] if s not in drop]
        rep["articles"] -= len(dropped)
        rep["statements"] -= n_statements
        _write_atomic(files[REPORTS], lambda tmp: _dump(tmp, rep))


def pa_array(values):
    import pyarrow as pa
    return pa.array(values, type=pa.string())


def _dump(path: str, obj: Any) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)


def _summarise(out: str, parts: list[Partition], report: RunReport,
               plan_skips: list[Skip]) -> None:
    """Totals over every partition of the plan (those of earlier runs too)."""
    report.skipped = [{"source": s.source, "reason": s.reason} for s in plan_skips]
    failed = {f["name"] for f in report.failed}
    for p in parts:
        rep = _read_json(paths(out, p.name)[REPORTS])
        if rep is None or not is_done(out, p.name):
            if p.name not in failed and not report.interrupted:
                report.failed.append({"name": p.name, "inputs": p.describe(),
                                      "reason": "not written (run again to retry it)"})
            continue
        report.articles += rep["articles"]
        report.statements += rep["statements"]
        report.failed_articles += rep["failed"]
        report.repeated += rep["repeated"]
        report.duplicates += len(rep.get("duplicates", ()))
        report.skipped.extend(rep["skipped"])
