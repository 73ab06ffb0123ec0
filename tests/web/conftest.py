"""A real corpus and a real server for the web tests: the seed article (published 2022-12-05,
read from ../shared) and our own articles in ``articles/`` are ingested by the real CLI into a
real SQLite file, and ``onrecord serve`` runs on it as a separate process on loopback."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = HERE / "articles"
# screenshots and other things a person may want to look at after a run
OUTPUT = Path(os.environ.get("ONRECORD_TEST_OUTPUT", ROOT / "tests" / "output"))

# our own articles: file → metadata as a news source would give it
OWN = {
    "macron_reaction.txt": {"published": "2022-12-06", "outlet": "Riverside Ledger",
                            "title": "Macron's remarks on Russia draw fire",
                            "url": "https://ledger.example/2022/12/06/macron-remarks"},
    "harbour.txt": {"published": "2022-12-06", "outlet": "Harbour Gazette",
                    "title": "North harbour to reopen by April",
                    "url": "https://gazette.example/harbour"},
    "xss.txt": {"published": "2022-12-07", "outlet": "Evil <b>Outlet</b>",
                "title": 'Web rules: <script>window.__xss=4</script> "quoted" & \'single\'',
                "url": "https://evil.example/a?b=\"><script>window.__xss=5</script>"},
}
SEED_META = {"published": "2022-12-05", "outlet": "Euractiv",
             "title": "President Macron: “Moscow needs ‘security guarantees’ to end the War”",
             "url": "https://euractiv.example/macron-security-guarantees"}


def onrecord(*args, check=True, **kw) -> subprocess.CompletedProcess:
    """The real command line, in a child process."""
    r = subprocess.run([sys.executable, "-m", "onrecord.cli", *map(str, args)],
                       capture_output=True, text=True, timeout=600, **kw)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``onrecord serve`` in a child process, stopped by ``stop()``."""

    def __init__(self, db: Path, *extra: str, prefix: list[str] | None = None, env=None,
                 log_dir: Path | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = (log_dir or db.parent) / f"serve-{self.port}.log"
        self.log = open(self.log_path, "w+")
        self.proc = subprocess.Popen(
            [*(prefix or []), sys.executable, "-m", "onrecord.cli", "serve", "--db", str(db),
             "--port", str(self.port), "--log-level", "warning", *extra],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/.json", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    raise RuntimeError(f"server did not start: {self.log.read()}")
                time.sleep(0.1)

    def logs(self) -> str:
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def seed_text() -> str:
    p = SHARED / "seed" / "article.txt"
    if not p.exists():
        pytest.skip("../shared/seed/article.txt is not beside the project")
    return p.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, seed_text) -> Path:
    """The corpus: the seed article and our own articles, ingested by `onrecord ingest`."""
    d = tmp_path_factory.mktemp("webdb")
    src = d / "articles.jsonl"
    with src.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"text": seed_text, **SEED_META}, ensure_ascii=False) + "\n")
        for name, meta in OWN.items():
            text = (ARTICLES / name).read_text(encoding="utf-8")
            f.write(json.dumps({"text": text, **meta}, ensure_ascii=False) + "\n")
    db = d / "corpus.db"
    onrecord("ingest", src, "--db", db, "--no-progress")
    return db


@pytest.fixture(scope="session")
def server(web_db):
    s = Server(web_db)
    yield s
    s.stop()
    assert "Traceback" not in s.logs()


def get(url: str, accept: str | None = None, method: str = "GET", data: bytes | None = None,
        headers: dict | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request; HTTP errors are returned, not raised."""
    h = dict(headers or {})
    if accept:
        h["Accept"] = accept
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_json(url: str, **kw):
    status, _, body = get(url, **kw)
    return status, json.loads(body)


@pytest.fixture(scope="session")
def ids(server) -> dict:
    """Ids the tests navigate by, found through the API itself."""
    _, arts = get_json(server.base + "/articles.json?per_page=50")
    by_outlet = {a["outlet"]: a["id"] for a in arts["articles"]}
    _, sps = get_json(server.base + "/speakers.json?name=Macron")
    macron = next(s for s in sps["speakers"] if s["name"] == "Emmanuel Macron")
    return {"seed": by_outlet["Euractiv"], "xss": by_outlet["Evil <b>Outlet</b>"],
            "reaction": by_outlet["Riverside Ledger"], "macron": macron["id"]}


def copy_db(src: Path, dst_dir: Path) -> Path:
    dst_dir.mkdir(parents=True, exist_ok=True)
    dst = dst_dir / src.name
    shutil.copy(src, dst)
    return dst
