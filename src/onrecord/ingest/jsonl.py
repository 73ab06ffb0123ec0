"""JSON Lines: one article per line, ``{"text": …, "url": …, "published": …}`` (also title,
outlet, author, id). ``.jsonl.gz`` is read too."""
from __future__ import annotations

import gzip
import json
import zlib
from typing import Iterator

from ..errors import IngestError
from ..model import Article
from .common import Skip, clean_str, decode_bytes, norm_date, outlet_from_url


def _numbered_lines(f, start: int | None, end: int | None, first_line: int):
    """(line number, bytes) of every line, or of the lines from byte ``start`` to ``end``."""
    if start is None:
        yield from enumerate(f, first_line)
        return
    f.seek(start)
    pos, n = start, first_line
    while end is None or pos < end:
        raw = f.readline()
        if not raw:
            break
        pos += len(raw)
        yield n, raw
        n += 1


def read_jsonl(path: str, start: int | None = None, end: int | None = None,
               first_line: int = 1) -> Iterator[Article | Skip]:
    """Articles of a JSON Lines file, or of its lines from byte ``start`` (a line start) to
    ``end``, numbered from ``first_line`` (how ``onrecord run`` reads a piece of a big file)."""
    opener = gzip.open if path.endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rb") as f:
            for n, raw in _numbered_lines(f, start, end, first_line):
                if not raw.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    line = decode_bytes(raw, "line")
                    obj = json.loads(line)
                except IngestError as e:
                    yield Skip(where, str(e))
                    continue
                except json.JSONDecodeError as e:
                    yield Skip(where, f"line is not JSON ({e.msg} at column {e.colno})")
                    continue
                if not isinstance(obj, dict):
                    yield Skip(where, "line is not a JSON object")
                    continue
                text = obj.get("text")
                if not isinstance(text, str) or len(text.strip()) == 0:
                    yield Skip(where, 'no "text" string in the object')
                    continue
                url = clean_str(obj.get("url"))
                yield Article(
                    text=text, id=clean_str(obj.get("id")) or "", path=where, url=url,
                    title=clean_str(obj.get("title")),
                    outlet=clean_str(obj.get("outlet") or obj.get("source")) or outlet_from_url(url),
                    author=clean_str(obj.get("author")),
                    published=norm_date(obj.get("published") or obj.get("date")),
                    language=clean_str(obj.get("language")) or "en",
                )
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        yield Skip(path, f"truncated or corrupt gzip after line {n}: {e or type(e).__name__}")
    except OSError as e:
        yield Skip(path, f"cannot read: {e.strerror or e}")
