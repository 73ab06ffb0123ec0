"""Plain text files: one article per file (read as ``onrecord extract`` reads them)."""
from __future__ import annotations

from typing import Iterator

from ..errors import IngestError
from ..model import Article
from .common import Skip


def _read(path: str) -> Article:
    from ..pipeline import read_text_file  # one reader for `extract` and `ingest`
    return read_text_file(path)


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
