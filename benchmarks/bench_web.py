"""Latency of the web app under a bounded load: p50/p99 of search (`GET /search.json`) and of
extraction (`POST /api/extract`), measured by a second process on loopback against
`onrecord serve` on a corpus of at least 1,000 articles.

The corpus: PolNeAR train + dev texts (924 US political news articles, from ../shared, with
outlet, date and title from its metadata.tsv) and 100 short local-news articles this script
writes, ingested once by `onrecord ingest` and cached under /tmp (not in git).

Load: a few client threads in one process, each sending its requests back to back, for a
fixed number of requests (bounded in count and in time), on 127.0.0.1 only. Extraction is
measured on a two-sentence text and on a whole article (the seed, 4,500 characters).

    python benchmarks/bench_web.py                 # writes benchmarks/web_results.json
    python benchmarks/bench_web.py --rebuild       # ingest the corpus again
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear_texts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
CACHE = Path(os.environ.get("ONRECORD_BENCH_CACHE", "/tmp/onrecord-bench-web"))
OUT = ROOT / "benchmarks" / "web_results.json"
MIN_ARTICLES = 1000
GENERATED = 100
# the load: a few clients at once (the machine has 2 cores), a bounded number of requests
SEARCH_CLIENTS, SEARCH_REQUESTS = 4, 2000
EXTRACT_CLIENTS, EXTRACT_REQUESTS = 2, 120
DEADLINE_S = 600
# what people type: words, phrases, prefixes, OR, NOT, with and without filters
QUERIES = [
    ("Trump", {}), ("Clinton", {}), ('"White House"', {}), ("tax*", {}),
    ("immigration OR border", {}), ("Russia -Putin", {}), ("emails", {"speaker": "Clinton"}),
    ("campaign", {"outlet": "nyt"}), ("", {"speaker": "Trump", "sort": "newest"}),
    ("health care", {"kind": "direct"}), ("debate", {"since": "2016-09-01", "until": "2016-10-31"}),
    ("said", {"page": "3"}), ("speaker:Obama", {}), ("vote*", {"venue": "speech"}),
    ("harbour ferries", {}), ("police", {"stance": "against"}),
]
SHORT_TEXT = ('"We will not back down," Mayor Jane Ortiz said on Monday at a press conference. '
              "Council member Tom Kessler said the plan would cost more than the city could afford.")
SEED = ROOT.parent / "shared" / "seed" / "article.txt"  # a whole news article (4,500 characters)
ARTICLE_REQUESTS = 40


def generated_articles(n: int):
    """Short local-news articles written by this script (speakers, quotes, replies)."""
    rnd = random.Random(11)
    people = [("Mayor", "Jane", "Ortiz"), ("Council member", "Tom", "Kessler"),
              ("harbour chair", "Lena", "Moss"), ("ferry operator", "Victor", "Hale")]
    topics = ["the bridge", "the harbour fees", "the school budget", "the night buses"]
    for i in range(n):
        role, first, last = people[i % len(people)]
        other = people[(i + 1) % len(people)]
        topic = topics[i % len(topics)]
        text = (f'"{topic.capitalize()} will be ready before the winter," {role} {first} {last} '
                f"said on Monday.\n\n{other[1]} {other[2]} rejected the claim and said the work "
                f"on {topic} had barely started.\n\n"
                f'"We counted {rnd.randint(10, 99)} delays," {other[2]} told reporters.')
        yield {"text": text, "published": f"2024-03-{1 + i % 28:02d}", "outlet": "Harbour Gazette",
               "title": f"Row over {topic} ({i})", "url": f"https://gazette.example/{i}"}


def polnear_articles():
    return polnear_texts.records(POLNEAR)


def build(rebuild: bool) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / "corpus.db"
    if db.exists() and not rebuild:
        return db
    if not POLNEAR.exists():
        sys.exit(f"PolNeAR not found at {POLNEAR}")
    src = CACHE / "articles.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for a in [*polnear_articles(), *generated_articles(GENERATED)]:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    t = time.monotonic()
    subprocess.run([sys.executable, "-m", "onrecord.cli", "ingest", str(src), "--db", str(db),
                    "--workers", "2"], check=True)
    print(f"built {db} in {time.monotonic() - t:.0f} s", file=sys.stderr)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url: str, data: bytes | None = None) -> tuple[int, float]:
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json"} if data else {})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return status, (time.perf_counter() - t) * 1000


def load(make_request, clients: int, total: int) -> dict:
    """``total`` requests from ``clients`` threads, back to back; latencies in ms."""
    lat: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + DEADLINE_S

    def worker():
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            status, ms = make_request(i)
            with lock:
                lat.append(ms)
                statuses[status] = statuses.get(status, 0) + 1

    t = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    lat.sort()

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))], 1)

    return {"clients": clients, "requests": len(lat), "statuses": statuses,
            "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": round(lat[-1], 1),
            "mean_ms": round(statistics.mean(lat), 1), "requests_per_s": round(len(lat) / wall, 1)}


def client(base: str) -> dict:
    """The second process: warm up, then the bounded loads."""
    def search(i: int):
        q, kw = QUERIES[i % len(QUERIES)]
        return request(base + "/search.json?" + urllib.parse.urlencode({"q": q, **kw}))

    def extractor(text: str):
        body = json.dumps({"text": text, "published": "2022-12-05"}).encode()
        return lambda i: request(base + "/api/extract", body)

    for i in range(len(QUERIES)):
        search(i)
    extractor(SHORT_TEXT)(0)  # the pipeline is loaded by then
    out = {"search": load(search, SEARCH_CLIENTS, SEARCH_REQUESTS)}
    # each query alone, one client: which kinds of query cost what
    out["search_per_query_p50_ms"] = {
        f"{q} {urllib.parse.urlencode(kw)}".strip(): round(statistics.median(
            request(base + "/search.json?" + urllib.parse.urlencode({"q": q, **kw}))[1]
            for _ in range(15)), 1) for q, kw in QUERIES}
    out["extract_short"] = load(extractor(SHORT_TEXT), EXTRACT_CLIENTS, EXTRACT_REQUESTS)
    if SEED.exists():
        out["extract_article"] = load(extractor(SEED.read_text(encoding="utf-8")),
                                      EXTRACT_CLIENTS, ARTICLE_REQUESTS)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rebuild", action="store_true", help="ingest the corpus again")
    ap.add_argument("--client", help=argparse.SUPPRESS)  # the load process: base URL
    args = ap.parse_args()
    if args.client:
        print(json.dumps(client(args.client)))
        return
    db = build(args.rebuild)
    sys.path.insert(0, str(ROOT / "src"))
    from onrecord import Corpus
    with Corpus(db) as c:
        stats = c.stats()
    assert stats["articles"] >= MIN_ARTICLES, stats
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "onrecord.cli", "serve", "--db", str(db),
                               "--port", str(port), "--log-level", "warning"],
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/.json", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        out = subprocess.run([sys.executable, __file__, "--client", base], check=True,
                             capture_output=True, text=True, timeout=DEADLINE_S * 3)
        res = json.loads(out.stdout)
    finally:
        server.terminate()
        server.wait(10)
    result = {"corpus": {**stats, "sources": "PolNeAR train+dev texts (924) + 100 generated "
                                              "local-news articles"},
              "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
              "queries": [[q, kw] for q, kw in QUERIES], **res}
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
