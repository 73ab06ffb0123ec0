"""Plain text files: one article per file (read as ``onrecord extract`` reads them)."""
from __future__ import annotations

import os
from typing import Iterator

from ..errors import IngestError
from ..model import Article
from .common import MAX_FILE_BYTES, Skip, decode_bytes


def _read(path: str) -> Article:
    try:
        from ..pipeline import read_text_file
    except ImportError:  # the extraction engine is optional for reading
        read_text_file = None
    if read_text_file is not None:
        art = read_text_file(path)
        return art
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES:
        raise IngestError(f"file too large ({size} bytes > {MAX_FILE_BYTES})")
    with open(path, "rb") as f:
        return Article(text=decode_bytes(f.read()), path=path)


def read_text(path: str) -> Iterator[Article | Skip]:
    try:
        art = _read(path)
    except IngestError as e:
        msg = str(e)
        if msg.startswith(f"{path}: "):  # the reason without the path the Skip already names
            msg = msg[len(path) + 2:]
        yield Skip(path, msg)
        return
    except OSError as e:
        yield Skip(path, f"cannot read: {e.strerror or e}")
        return
    yield art
