"""HTML pages: body text and metadata with trafilatura."""
from __future__ import annotations

import logging
import os
from typing import Iterator

from ..errors import IngestError
from ..model import Article
from .common import MAX_FILE_BYTES, MIN_TEXT_CHARS, Skip, clean_str, norm_date, outlet_from_url

# trafilatura logs every page it finds nothing in; the reader reports that as a Skip instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def html_to_article(data: bytes | str, source: str, url: str | None = None,
                    defaults: dict | None = None) -> Article:
    """One article from an HTML page; ``defaults`` (url, title, published, …) fill what the page
    lacks. Raises ``IngestError`` when there is no article body."""
    import trafilatura

    if isinstance(data, bytes):
        if not data.strip():
            raise IngestError("empty HTML")
        if b"\x00" in data[:4096]:
            raise IngestError("binary data where HTML was expected")
    elif not data.strip():
        raise IngestError("empty HTML")
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_recall=True)
    except Exception as e:  # trafilatura/lxml raise many kinds on broken markup
        raise IngestError(f"HTML could not be parsed: {type(e).__name__}: {e}") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise IngestError("HTML without an article body",
                          hint="the page has no main text trafilatura could find")
    d = dict(defaults or {})
    page_url = url or clean_str(getattr(doc, "url", None)) or d.get("url")
    published = norm_date(getattr(doc, "date", None)) or d.get("published")
    outlet = clean_str(getattr(doc, "sitename", None)) or d.get("outlet") or outlet_from_url(page_url)
    return Article(
        text=text.strip(), path=source, url=page_url or d.get("url"),
        title=clean_str(getattr(doc, "title", None)) or d.get("title"),
        outlet=outlet, author=clean_str(getattr(doc, "author", None)) or d.get("author"),
        published=published, language=clean_str(getattr(doc, "language", None)) or "en",
    )


def read_html(path: str) -> Iterator[Article | Skip]:
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            yield Skip(path, f"file too large ({size} bytes > {MAX_FILE_BYTES})")
            return
        with open(path, "rb") as f:
            data = f.read()
        yield html_to_article(data, path)
    except IngestError as e:
        yield Skip(path, str(e))
    except OSError as e:
        yield Skip(path, f"cannot read: {e.strerror or e}")


def fragment_to_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry's content), one paragraph per line."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:
        return ""
    for bad in root.xpath("//script|//style|//figure|//figcaption"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
              "section", "article", "header", "footer", "ul", "ol", "table"}
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in blocks:
            el.tail = "\n" + (el.tail or "")
            if el.text is not None:
                el.text = "\n" + el.text
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)
