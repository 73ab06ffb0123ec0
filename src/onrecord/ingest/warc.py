"""WARC and WARC.gz archives (Common Crawl News and the like): one article per HTML response
record. A broken record is skipped and reading resumes at the next record that can be found;
a truncated archive keeps every record before the cut."""
from __future__ import annotations

import contextlib
import io
import os
import zlib
from typing import Iterator

from ..errors import IngestError
from .common import MAX_FILE_BYTES, Skip, norm_date
from .html import html_to_article

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
MAX_RESYNCS = 1000


def _next_start(f, after: int, gz: bool) -> int | None:
    """Offset of the next gzip member (or WARC header) strictly after ``after``."""
    magic = GZIP_MAGIC if gz else b"\n" + WARC_MAGIC
    f.seek(after + 1)
    pos = after + 1
    carry = b""
    while True:
        chunk = f.read(1 << 20)
        if not chunk:
            return None
        buf = carry + chunk
        i = buf.find(magic)
        if i >= 0:
            start = pos - len(carry) + i
            return start if gz else start + 1
        carry = buf[-(len(magic) - 1):]
        pos += len(chunk)


def read_warc(path: str) -> Iterator:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        f = open(path, "rb")
    except OSError as e:
        yield Skip(path, f"cannot read: {e.strerror or e}")
        return
    with f:
        head = f.read(4)
        f.seek(0)
        if not head:
            yield Skip(path, "empty file")
            return
        gz = head.startswith(b"\x1f\x8b")
        if not gz and not head.startswith(b"WARC"):
            yield Skip(path, "not a WARC archive")
            return
        start, n_records, resyncs = 0, 0, 0
        while True:
            f.seek(start)
            it = ArchiveIterator(f, no_record_parse=False, arc2warc=True)
            last_end = start  # end of the last record read whole
            try:
                while True:
                    # warcio prints its warnings to stderr: keep them out of the user's terminal
                    warned = io.StringIO()
                    with contextlib.redirect_stderr(warned):
                        rec = next(it, None)
                        if rec is not None:
                            n_records += 1
                            out = list(_record(rec, f"{path}#record{n_records}"))
                            last_end = start + it.get_record_offset() + it.get_record_length()
                    if "Content-Length is invalid" in warned.getvalue():
                        yield Skip(f"{path}#record{max(1, n_records - (rec is not None))}",
                                   "malformed WARC record: Content-Length is invalid")
                    if rec is None:
                        break
                    yield from out
                size = os.fstat(f.fileno()).st_size
                if last_end < size and f.seek(last_end) is not None and f.read(4096).strip():
                    yield Skip(f"{path}#record{n_records + 1}",
                               f"truncated or corrupt archive ({size - last_end} bytes after "
                               f"record {n_records} could not be read)")
                break  # end of archive
            except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError,
                    IndexError, KeyError, TypeError, AttributeError) as e:
                msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                where = f"{path}#record{n_records + 1}"
                if isinstance(e, (EOFError, zlib.error)) or "truncat" in msg.lower():
                    yield Skip(where, f"truncated or corrupt archive (after record {n_records}: {msg})")
                else:
                    yield Skip(where, f"malformed WARC record: {msg}")
                resyncs += 1
                nxt = _next_start(f, last_end, gz) if resyncs < MAX_RESYNCS else None
                if nxt is None or nxt <= start:
                    break
                start = nxt
                n_records += 1


def _record(rec, where: str) -> Iterator:
    if rec.rec_type != "response":
        return
    uri = rec.rec_headers.get_header("WARC-Target-URI")
    if not uri or not uri.lower().startswith(("http://", "https://")):
        return  # DNS, whois and other non-page responses
    http = rec.http_headers
    ctype = (http.get_header("Content-Type") or "") if http else ""
    if http is None or "html" not in ctype.lower():
        return  # images, scripts, robots.txt: not articles, not worth a Skip line each
    status = http.get_statuscode() or ""
    if not status.startswith("200"):
        yield Skip(where, f"HTTP status {status} ({uri})")
        return
    data = rec.content_stream().read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        yield Skip(where, f"page too large for {uri}")
        return
    try:
        yield html_to_article(data, where, url=uri,
                              defaults={"published": norm_date(rec.rec_headers.get_header("WARC-Date"))})
    except IngestError as e:
        yield Skip(where, f"{e} ({uri})")
