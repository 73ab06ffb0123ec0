"""What every reader shares: the ``Skip`` record, byte decoding checks, dates and outlets."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ..errors import IngestError

# A single text or HTML file larger than this is not an article: skip it rather than parse it.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Fewer characters than this after extraction is not an article body.
MIN_TEXT_CHARS = 20


@dataclass(frozen=True)
class Skip:
    """An input (a file, a record, a line, a feed entry) that yielded no article, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def decode_bytes(data: bytes, what: str = "file") -> str:
    """Decode UTF-8 text, refusing empty, binary and non-UTF-8 input with an ``IngestError``."""
    if not data:
        raise IngestError(f"empty {what}")
    if not data.strip():
        raise IngestError(f"empty {what} (only whitespace)")
    head = data[:8192]
    if b"\x00" in head:
        raise IngestError(f"binary {what} (NUL bytes)", hint="only UTF-8 text is read")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise IngestError(f"not valid UTF-8 (byte {e.start})",
                          hint="convert it to UTF-8 first, e.g. with iconv") from None
    ctrl = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if ctrl > max(8, len(text[:8192]) // 50):
        raise IngestError(f"binary {what} (control characters)", hint="only text is read")
    if not text.strip():
        raise IngestError(f"empty {what} (only whitespace)")
    return text


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def norm_date(value) -> str | None:
    """An ISO ``YYYY-MM-DD`` from whatever a source gives (ISO strings, RFC 2822, struct_time)."""
    if value is None or value == "":
        return None
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser
        return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    if isinstance(value, datetime):
        return value.date().isoformat()
    s = str(value).strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        dt = parsedate_to_datetime(s)
        if dt is not None:
            return dt.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = _ISO_DATE.search(s)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=timezone.utc).date().isoformat()
        except ValueError:
            return None
    return None


def outlet_from_url(url: str | None) -> str | None:
    """The host of ``url`` without ``www.`` (``https://www.example.org/a`` → ``example.org``)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def clean_str(value) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None
