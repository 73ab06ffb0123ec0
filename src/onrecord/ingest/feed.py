"""RSS and Atom feeds: one article per entry, from the entry's full content, else its linked page
(a local file, or fetched over HTTP when the user asks for it), else its description when that
holds the whole short item rather than a teaser. An entry with only a teaser is skipped with
the reason."""
from __future__ import annotations

import os
import re
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from ..errors import IngestError
from ..model import Article
from .common import MAX_FILE_BYTES, MIN_TEXT_CHARS, Skip, clean_str, norm_date, outlet_from_url
from .html import fragment_to_text, html_to_article

# A description is the entry's own text when it holds a whole sentence of at least this many
# words: the shortest statements ("We are ready," Ruiz said.) have about five. Fewer is a teaser.
MIN_STATEMENT_WORDS = 5
# A description cut short: it ends with an ellipsis ("…", "...", "[…]"), often followed by a
# link line such as "Read more" or WordPress's "The post … appeared first on …".
_MORE_LINE = re.compile(r"^\s*(?:(?:\[\s*)?(?:…|\.\.\.)(?:\s*\])?\s*)?(?:read more|read the full"
                        r"|continue reading|full story|the post .* appeared first on)"
                        r".*$", re.IGNORECASE)
_MORE_TAIL = re.compile(r"(?<=[.!?…\"”\]])\s*(?:read more|continue reading)\W*$", re.IGNORECASE)
_ELLIPSIS_END = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
# a sentence end: . ! ? (with a closing quote or bracket after it) before a space or the end
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")
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


def description_text(html: str) -> tuple[str, str | None]:
    """The text of an entry's description when it is the entry's own text, else ``("", why)``.

    A description holds the whole story in many short-item feeds; in others it is a teaser (a
    line, or the first sentences cut off with "…"). Whole sentences are kept, a cut-off one is
    dropped; what is left must hold a sentence of ``MIN_STATEMENT_WORDS`` words or more."""
    text = fragment_to_text(html or "")
    lines = text.split("\n")
    while lines and (not lines[-1].strip() or _MORE_LINE.match(lines[-1])):
        lines.pop()
    text = "\n".join(lines).strip()
    text = _MORE_TAIL.sub("", text).rstrip()
    cut = _ELLIPSIS_END.search(text)
    if cut:  # keep the sentences before the one that was cut off
        ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, cut.start())]
        text = text[:ends[-1]] if ends else ""
    if not text:
        return "", "entry has only a teaser" + (" (cut off before its first sentence ends)"
                                                 if cut else "")
    words = max((len(s.split()) for s in re.split(r"[.!?]+(?:\s|$)", text)), default=0)
    if words < MIN_STATEMENT_WORDS or len(text) < MIN_TEXT_CHARS:
        return "", f"entry has only a teaser ({len(text.split())} words)"
    return text, None


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
        # 1. the entry's full content
        text = ""
        for c in entry.get("content") or []:
            value = c.get("value") or ""
            t = fragment_to_text(value) if "html" in (c.get("type") or "html") else value.strip()
            if len(t) > len(text):
                text = t
        if len(text) >= MIN_TEXT_CHARS:
            yield Article(text=text, path=where, **meta)
            continue
        # 2. the linked page (a local file, or fetched when asked): the whole article
        local = _local_link(link, feed_dir)
        page_error = None
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
            page_error = str(e)
        except OSError as e:
            page_error = f"cannot read linked page: {e.strerror or e}"
        # 3. the description, when it is the entry's own text and not a teaser
        own, why = description_text(entry.get("summary") or "")
        if own:
            yield Article(text=own, path=where, **meta)
        elif page_error:
            yield Skip(where, f"{why}; its linked page: {page_error}")
        elif link.startswith(("http://", "https://")):
            yield Skip(where, f"{why}; its page was not fetched "
                              "(hint: pass --fetch to fetch linked pages)")
        else:
            yield Skip(where, f"{why} and no readable linked page")


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
