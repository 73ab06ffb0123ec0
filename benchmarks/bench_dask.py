"""Scale-out benchmark: `onrecord run --dask local:1` against `--dask local:2` on the same
PolNeAR texts, whole commands timed (Python start, cluster start-up and model loading included),
alternated runs, medians; the outputs must be identical.

Reports articles/s for 1 and 2 workers, the speed-up, peak memory per worker, how busy the
machine was with other work during each run (its cores are shared), and the time projected for
10 million articles on 100 cores from the measured per-core rate.

    python benchmarks/bench_dask.py                 # 300 texts, 4 rounds: about 12 minutes idle
    python benchmarks/bench_dask.py --limit 100 --rounds 1

Inputs are read from ../shared/data/polnear/{train,dev}/text; outputs go under /tmp.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "polnear"
RESULTS = Path(__file__).with_name("dask_results.json")
WORK = Path("/tmp/onrecord-bench-dask")
TARGET_ARTICLES = 10_000_000
TARGET_CORES = 100


def cpu_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        vals = [int(v) for v in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = vals[3] + vals[4]  # idle + iowait
    total = sum(vals[:8])
    return (total - idle) / hz, total / hz


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def busy_cores(seconds: float = 5.0) -> float:
    """Cores busy (with anything) over the next ``seconds``."""
    b0, _ = cpu_busy()
    time.sleep(seconds)
    b1, _ = cpu_busy()
    return (b1 - b0) / seconds


def wait_for_quiet(max_busy: float, max_wait: float) -> float:
    """Wait (at most ``max_wait`` seconds) until other work uses at most ``max_busy`` cores: the
    cores are shared with other developers, whose test runs come and go. Returns the cores
    busy just before the run."""
    deadline = time.monotonic() + max_wait
    while True:
        busy = busy_cores()
        if busy <= max_busy or time.monotonic() >= deadline:
            return busy
        time.sleep(10)


def one_run(inputs: Path, workers: int, size: int, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    onrecord = Path(sys.executable).with_name("onrecord")
    cmd = [str(onrecord), "run", str(inputs), "--out", str(out), "--dask", f"local:{workers}",
           "--partition-size", str(size), "--json", "--no-progress"]
    load_before = os.getloadavg()[0]
    busy0, _ = cpu_busy()
    own0 = children_cpu()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    busy1, _ = cpu_busy()
    own = children_cpu() - own0
    if p.returncode != 0:
        raise SystemExit(f"run failed ({p.returncode}):\n{p.stderr[-3000:]}")
    rep = json.loads(p.stdout)
    others = max(0.0, (busy1 - busy0) - own) / wall  # cores busy with other work, on average
    return {"workers": workers, "seconds": round(wall, 2), "articles": rep["articles"],
            "statements": rep["statements"], "startup_seconds": rep["startup_seconds"],
            "peak_rss_mb_per_worker": rep["peak_rss_mb_per_worker"],
            "own_cpu_seconds": round(own, 1), "other_cores_busy": round(others, 2),
            "loadavg_before": round(load_before, 2)}


def statements_of(out: Path) -> list:
    import pyarrow.parquet as pq
    rows = [r for f in sorted((out / "statements").glob("*.parquet"))
            for r in pq.read_table(f).to_pylist()]
    return sorted(rows, key=lambda r: r["id"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=300, help="texts to read (train, then dev)")
    ap.add_argument("--rounds", type=int, default=4, help="alternated rounds of 1 and 2 workers")
    ap.add_argument("--partition-size", type=int, default=15)
    ap.add_argument("--quiet-cores", type=float, default=0.5,
                    help="before each run, wait until other work uses at most this many cores")
    ap.add_argument("--max-wait", type=float, default=600,
                    help="seconds to wait for that before running anyway")
    args = ap.parse_args()
    texts = sorted((SHARED / "train" / "text").glob("*.txt")) + \
        sorted((SHARED / "dev" / "text").glob("*.txt"))
    if not texts:
        raise SystemExit(f"no PolNeAR texts under {SHARED}")
    texts = texts[: args.limit]
    inputs = WORK / "inputs"
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir(parents=True)
    for t in texts:  # links: the run reads the shared files themselves
        (inputs / t.name).symlink_to(t)
    chars = sum(len(t.read_text(encoding="utf-8")) for t in texts)

    runs: list[dict] = []
    reference = None
    identical = True
    for r in range(args.rounds):
        order = (1, 2) if r % 2 == 0 else (2, 1)  # alternate who goes first
        for w in order:
            out = WORK / f"out-{w}"
            before = wait_for_quiet(args.quiet_cores, args.max_wait)
            res = one_run(inputs, w, args.partition_size, out)
            res["cores_busy_before"] = round(before, 2)
            res["round"] = r + 1
            rows = statements_of(out)
            if reference is None:
                reference = rows
            elif rows != reference:
                identical = False
            res["identical_to_first_run"] = rows == reference
            runs.append(res)
            print(json.dumps(res), flush=True)
            if {x["workers"] for x in runs} == {1, 2}:  # results so far, in case it is stopped
                summary = summarise(runs, identical, chars, args)
                RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "runs"}, indent=2))


def summarise(runs: list[dict], identical: bool, chars: int, args) -> dict:
    def med(w: int, key: str = "seconds") -> float:
        return statistics.median(x[key] for x in runs if x["workers"] == w)

    n = runs[0]["articles"]
    t1, t2 = med(1), med(2)
    per_core = n / t2 / 2  # whole command, start-up included
    steady = statistics.median(n / (x["seconds"] - x["startup_seconds"]) / 2
                               for x in runs if x["workers"] == 2)
    # CPU time of the whole command (driver, scheduler, workers): the rate one core gives when
    # it is not shared, however busy the machine was
    per_cpu = statistics.median(n / x["own_cpu_seconds"] for x in runs if x["workers"] == 2)
    peak = {w: max(v for x in runs if x["workers"] == w
                   for v in x["peak_rss_mb_per_worker"].values()) for w in (1, 2)}
    summary = {
        "rounds_done": max(x["round"] for x in runs),
        "input": f"{n} PolNeAR texts ({chars / n / 1000:.1f} k characters each on average), "
                 f"partitions of {args.partition_size}",
        "machine": f"{os.cpu_count()} cores shared with other developers' work",
        "rounds": args.rounds,
        "median_seconds": {"1": t1, "2": t2},
        "articles_per_second": {"1": round(n / t1, 2), "2": round(n / t2, 2)},
        "speedup_2_over_1": round(t1 / t2, 3),
        "identical_output": identical,
        "peak_rss_mb_per_worker": peak,
        "other_cores_busy_median": {str(w): med(w, "other_cores_busy") for w in (1, 2)},
        "cores_busy_before_median": {str(w): med(w, "cores_busy_before") for w in (1, 2)},
        "per_core_articles_per_second": round(per_core, 3),
        "per_core_articles_per_second_after_startup": round(steady, 3),
        "articles_per_cpu_second_2_workers": round(per_cpu, 3),
        "projected_hours_10M_articles_100_cores_from_cpu_time": round(
            TARGET_ARTICLES / (per_cpu * TARGET_CORES) / 3600, 1),
        "projected_hours_10M_articles_100_cores": round(
            TARGET_ARTICLES / (per_core * TARGET_CORES) / 3600, 1),
        "projected_hours_10M_articles_100_cores_after_startup": round(
            TARGET_ARTICLES / (steady * TARGET_CORES) / 3600, 1),
        "runs": runs,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    return summary


if __name__ == "__main__":
    main()
