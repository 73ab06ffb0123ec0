"""Plain text files: one article per file (read as ``onrecord extract`` reads them)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import IngestError
from ..model import Article
from .common import MAX_FILE_BYTES, Skip, decode_bytes


def read_text_file(path: str | Path) -> Article:
    """Read an article from a UTF-8 text file; raise ``IngestError`` saying why it can't be."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise IngestError(f"{p}: cannot read ({e.strerror or e})") from e
    if p.is_dir():
        raise IngestError(f"{p}: is a directory", hint="give the files inside it")
    if size > MAX_FILE_BYTES:
        raise IngestError(f"{p}: {size / 1e6:.1f} MB is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
    try:
        text = decode_bytes(p.read_bytes())
    except IngestError as e:
        raise IngestError(f"{p}: {e.message}", hint=e.hint) from None
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Article(text=text, path=str(p), title=title[:300] if title else None)


def _read(path: str) -> Article:
    return read_text_file(path)  # one reader for `extract` and `ingest`


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
