"""Plain text files: one article per file."""
from __future__ import annotations

import os
from typing import Iterator

from ..errors import IngestError
from ..model import Article
from .common import MAX_FILE_BYTES, Skip, decode_bytes


def read_text(path: str) -> Iterator[Article | Skip]:
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            yield Skip(path, f"file too large ({size} bytes > {MAX_FILE_BYTES})")
            return
        with open(path, "rb") as f:
            data = f.read()
        text = decode_bytes(data)
    except IngestError as e:
        yield Skip(path, str(e))
        return
    except OSError as e:
        yield Skip(path, f"cannot read: {e.strerror or e}")
        return
    yield Article(text=text, path=path)
