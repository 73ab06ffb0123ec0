"""Which reader reads a path: by its name, else by sniffing its first bytes; folders recursively."""
from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator

from ..errors import IngestError
from ..model import Article
from .common import Skip

FORMATS = ("text", "html", "feed", "warc", "jsonl")

_BY_SUFFIX = (
    (".warc.gz", "warc"), (".warc", "warc"), (".arc.gz", "warc"),
    (".jsonl.gz", "jsonl"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".rss", "feed"), (".atom", "feed"), (".xml", "feed"),
    (".txt", "text"), (".text", "text"), (".md", "text"),
)
# Names never worth reading in a folder walk (hidden files, databases, our own output).
_IGNORED_SUFFIXES = (".db", ".db-wal", ".db-shm", ".sqlite", ".parquet", ".pyc")


def sniff(path: str) -> str:
    """The format of ``path`` from its name, else from its first bytes (default: text)."""
    low = path.lower()
    for suffix, fmt in _BY_SUFFIX:
        if low.endswith(suffix):
            return fmt
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except OSError:
        return "text"
    return sniff_bytes(head)


def sniff_bytes(head: bytes) -> str:
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return "warc"
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if h.startswith(b"<?xml") or h.startswith(b"<rss") or h.startswith(b"<feed"):
        if b"<rss" in h or b"<feed" in h or b"<rdf" in h:
            return "feed"
        return "html" if b"<html" in h else "feed"
    if h.startswith(b"<!doctype html") or h.startswith(b"<html") or b"<html" in h[:512]:
        return "html"
    if h.startswith(b"{"):
        return "jsonl"
    return "text"


def read_path(path: str, fmt: str | None = None, fetcher: Callable | None = None
              ) -> Iterator[Article | Skip]:
    """Articles (and skips) from one file, in file order."""
    from .feed import read_feed
    from .html import read_html
    from .jsonl import read_jsonl
    from .text import read_text
    from .warc import read_warc

    fmt = fmt or sniff(path)
    if fmt == "text":
        yield from read_text(path)
    elif fmt == "html":
        yield from read_html(path)
    elif fmt == "feed":
        yield from read_feed(path, fetcher=fetcher)
    elif fmt == "warc":
        yield from read_warc(path)
    elif fmt == "jsonl":
        yield from read_jsonl(path)
    else:
        raise IngestError(f"unknown input format {fmt!r}", hint=f"one of {', '.join(FORMATS)}")


def read_url(url: str, fetcher: Callable) -> Iterator[Article | Skip]:
    """A fetched page (HTML) or feed."""
    from .feed import parse_feed
    from .html import html_to_article

    try:
        got = fetcher(url)
        ctype = got.content_type.lower()
        if "rss" in ctype or "atom" in ctype or sniff_bytes(got.data[:2048]) == "feed":
            yield from parse_feed(got.data, url, fetcher=fetcher)
        else:
            yield html_to_article(got.data, url, url=got.url)
    except IngestError as e:
        yield Skip(url, str(e))


def walk(path: str) -> Iterator[str]:
    """Files under ``path`` (recursively, sorted, hidden entries left out)."""
    for root, dirs, files in os.walk(path, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.lower().endswith(_IGNORED_SUFFIXES):
                continue
            yield os.path.join(root, name)


def iter_articles(paths: Iterable[str], fmt: str | None = None, fetch: bool = False
                  ) -> Iterator[Article | Skip]:
    """Every article (or the reason it was skipped) from files, folders and, with ``fetch``,
    http(s) URLs, in a deterministic order. Never raises on a bad input: it yields a Skip."""
    fetcher = None
    if fetch:
        from .fetch import fetch as fetcher
    for p in paths:
        if p.lower().startswith(("http://", "https://")):
            if fetcher is None:
                yield Skip(p, "URL not fetched (hint: pass --fetch to fetch URLs)")
            else:
                yield from read_url(p, fetcher)
            continue
        if os.path.isdir(p):
            files = walk(p)
        elif os.path.exists(p):
            files = [p]
        else:
            yield Skip(p, "no such file or folder")
            continue
        for f in files:
            try:
                yield from read_path(f, fmt, fetcher)
            except IngestError:
                raise
            except Exception as e:  # a reader bug must not end the batch
                yield Skip(f, f"unreadable ({type(e).__name__}: {e})")
