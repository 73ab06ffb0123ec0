"""RSS and Atom feeds: one article per entry, from the entry's full content or its linked page
(a local file, or fetched over HTTP when the user asks for it)."""
from __future__ import annotations

import os
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from ..errors import IngestError
from ..model import Article
from .common import MAX_FILE_BYTES, MIN_TEXT_CHARS, Skip, clean_str, norm_date, outlet_from_url
from .html import fragment_to_text, html_to_article

# A summary this long is taken as the full text when there is no content and no readable link.
MIN_SUMMARY_AS_TEXT = 600
# bozo exceptions that are only warnings: the feed parsed fine
_BENIGN = ("CharacterEncodingOverride", "NonXMLContentType")


def _local_link(link: str, feed_dir: str) -> str | None:
    """The local file an entry link names (``file://…``, an absolute or a feed-relative path)."""
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme == "file":
        path = unquote(parts.path)
    elif parts.scheme in ("", None) and not parts.netloc:
        path = unquote(link)
        if not os.path.isabs(path):
            path = os.path.join(feed_dir, path)
    else:
        return None
    return path if os.path.isfile(path) else None


def parse_feed(data: bytes, source: str, fetcher: Callable | None = None,
               feed_dir: str = ".") -> Iterator[Article | Skip]:
    import feedparser

    if not data.strip():
        yield Skip(source, "empty feed")
        return
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as e:
        yield Skip(source, f"feed could not be parsed: {type(e).__name__}: {e}")
        return
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        if type(exc).__name__ not in _BENIGN:
            line = getattr(exc, "getLineNumber", lambda: None)()
            where = f" (line {line})" if line else ""
            yield Skip(source, f"malformed feed XML{where}: {exc}")
            return
    if not parsed.entries:
        version = parsed.get("version") or ""
        yield Skip(source, "feed has no entries" if version else "not an RSS or Atom feed")
        return
    feed_title = clean_str(parsed.feed.get("title"))
    feed_link = parsed.feed.get("link")
    for i, entry in enumerate(parsed.entries, 1):
        link = entry.get("link") or ""
        where = f"{source}#entry{i}"
        meta = {
            "url": link or None,
            "title": clean_str(entry.get("title")),
            "author": clean_str(entry.get("author")),
            "published": norm_date(entry.get("published_parsed") or entry.get("updated_parsed")
                                   or entry.get("published") or entry.get("updated")),
            "outlet": feed_title or outlet_from_url(link or feed_link),
        }
        text = ""
        for c in entry.get("content") or []:
            value = c.get("value") or ""
            t = fragment_to_text(value) if "html" in (c.get("type") or "html") else value.strip()
            if len(t) > len(text):
                text = t
        if len(text) >= MIN_TEXT_CHARS:
            yield Article(text=text, path=where, **meta)
            continue
        local = _local_link(link, feed_dir)
        try:
            if local:
                if os.path.getsize(local) > MAX_FILE_BYTES:
                    raise IngestError(f"linked page too large: {local}")
                with open(local, "rb") as f:
                    page = f.read()
                yield html_to_article(page, f"{where} ({local})", url=None,
                                      defaults={**meta, "url": None if not link.startswith("http") else link})
                continue
            if link.startswith(("http://", "https://")) and fetcher is not None:
                got = fetcher(link)
                yield html_to_article(got.data, f"{where} ({link})", url=got.url, defaults=meta)
                continue
        except IngestError as e:
            yield Skip(where, str(e))
            continue
        except OSError as e:
            yield Skip(where, f"cannot read linked page: {e.strerror or e}")
            continue
        summary = fragment_to_text(entry.get("summary") or "")
        if len(summary) >= MIN_SUMMARY_AS_TEXT:
            yield Article(text=summary, path=where, **meta)
        elif link.startswith(("http://", "https://")):
            yield Skip(where, "entry has no full content; its page was not fetched "
                              "(hint: pass --fetch to fetch linked pages)")
        else:
            yield Skip(where, "entry has no full content and no readable linked page")


def read_feed(path: str, fetcher: Callable | None = None) -> Iterator[Article | Skip]:
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            yield Skip(path, "feed file too large")
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        yield Skip(path, f"cannot read: {e.strerror or e}")
        return
    yield from parse_feed(data, path, fetcher=fetcher, feed_dir=os.path.dirname(os.path.abspath(path)))
