"""Readers that turn files, folders, feeds, archives and (on request) URLs into ``Article``s.

``iter_articles(paths)`` yields, in a deterministic order, an ``Article`` for every article
found and a ``Skip(source, reason)`` for every input that gave none: broken inputs never raise.

Formats: plain text (``.txt``), HTML pages (trafilatura: body, title, author, date, site),
RSS/Atom feeds (feedparser: entry content, or the linked page as a local file or fetched with
``fetch=True``), WARC/WARC.gz archives (warcio: HTML response records) and JSON Lines
(``{"text": …, "url": …, "published": …}``). Unknown names are sniffed from their first bytes.
"""
from .common import Skip, decode_bytes, norm_date, outlet_from_url
from .sources import FORMATS, iter_articles, read_path, sniff

__all__ = ["FORMATS", "Skip", "decode_bytes", "iter_articles", "norm_date", "outlet_from_url",
           "read_path", "sniff"]
