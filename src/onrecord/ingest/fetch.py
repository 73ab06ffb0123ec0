"""Fetching pages over HTTP(S) for users who ask for it (``--fetch``); the tests fetch only
from a server of their own on 127.0.0.1.

Every request has a timeout, a size limit and a user agent that says who is asking.
"""
from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from ..errors import IngestError

USER_AGENT = "onrecord/0.1 (news quote extraction; corpus ingest; python-urllib)"
TIMEOUT_S = 20.0
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Fetched:
    url: str
    data: bytes
    content_type: str


def fetch(url: str, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url`` (http or https only), following redirects, reading at most ``max_bytes``."""
    if not url.lower().startswith(("http://", "https://")):
        raise IngestError(f"not an http(s) URL: {url}")
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                               "Accept": "text/html,application/xhtml+xml,"
                                                         "application/rss+xml,application/atom+xml,"
                                                         "application/xml;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise IngestError(f"{url}: response too large ({length} bytes > {max_bytes})")
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise IngestError(f"{url}: response too large (> {max_bytes} bytes)")
            return Fetched(url=resp.geturl(), data=data,
                           content_type=resp.headers.get("Content-Type", ""))
    except IngestError:
        raise
    except urllib.error.HTTPError as e:
        raise IngestError(f"{url}: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise IngestError(f"{url}: fetch failed: {reason}",
                          hint="check the URL and the network; fetching has a "
                               f"{timeout:.0f} s timeout") from None
