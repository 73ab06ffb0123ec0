"""Cutting the inputs into partitions: the unit of work a Dask worker takes, and the unit of
output (one Parquet file per partition).

* Files of one article (text, HTML) are grouped, in input order, ``size`` to a partition.
* A JSON Lines file (uncompressed) is cut at line boundaries into pieces of ``size`` lines; each
  piece remembers its first line number, so articles keep the ``file:line`` path they have when
  the file is read whole.
* A WARC archive, a feed or a compressed JSON Lines file is one partition: it cannot be cut
  without reading it.

A partition's key is a hash of what it reads (path, size, modification time, line range): the
same inputs give the same keys, so a restarted run finds the partitions it already wrote, and a
changed file gives its partition a new key.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

from ..ingest.common import Skip
from ..ingest.sources import sniff, walk

# Articles per partition by default: big enough that writing three small files per partition
# costs little next to extracting (≈ 0.3 s per article per core), small enough that a run on a
# few cores is cut in many more partitions than it has workers (no long tail).
DEFAULT_SIZE = 100
# Reading block for finding line boundaries in a JSON Lines file.
_BLOCK = 1 << 24
_ONE_ARTICLE = ("text", "html")


@dataclass(frozen=True)
class Member:
    """One input file, or a range of lines of one (``start``/``end`` byte offsets)."""

    path: str
    size: int
    mtime_ns: int
    start: int | None = None      # byte offset of the first line (JSON Lines pieces)
    end: int | None = None        # byte offset after the last line
    first_line: int | None = None  # line number of the first line (1-based)


@dataclass
class Partition:
    index: int                     # position in the plan (the order results are loaded in)
    members: list[Member] = field(default_factory=list)
    key: str = ""

    @property
    def name(self) -> str:
        return f"part-{self.key}"

    def seal(self) -> "Partition":
        ident = [(m.path, m.size, m.mtime_ns, m.start, m.end) for m in self.members]
        self.key = hashlib.sha256(json.dumps(ident).encode()).hexdigest()[:16]
        return self

    def as_dict(self) -> dict:
        return {"index": self.index, "key": self.key, "name": self.name,
                "members": [asdict(m) for m in self.members]}

    @classmethod
    def from_dict(cls, d: dict) -> "Partition":
        return cls(index=d["index"], key=d["key"], members=[Member(**m) for m in d["members"]])

    def describe(self) -> str:
        """The inputs of the partition, for messages: ``a.txt … z.txt (40 files)``."""
        ms = self.members
        if len(ms) == 1:
            m = ms[0]
            return m.path if m.start is None else f"{m.path}:{m.first_line}…"
        return f"{ms[0].path} … {ms[-1].path} ({len(ms)} files)"


def _member(path: str) -> Member:
    st = os.stat(path)
    return Member(path=os.path.abspath(path), size=st.st_size, mtime_ns=st.st_mtime_ns)


def _jsonl_pieces(m: Member, size: int) -> Iterator[Member]:
    """``m`` cut after every ``size`` lines (a scan for newlines; nothing is parsed)."""
    if m.size == 0:
        yield m
        return
    start, line, n, pos = 0, 1, 0, 0
    with open(m.path, "rb") as f:
        while True:
            block = f.read(_BLOCK)
            if not block:
                break
            i = 0
            while True:
                j = block.find(b"\n", i)
                if j < 0:
                    break
                n += 1
                i = j + 1
                if n == size:
                    end = pos + i
                    yield Member(m.path, m.size, m.mtime_ns, start, end, line)
                    start, line, n = end, line + size, 0
            pos += len(block)
    if start < m.size:
        yield Member(m.path, m.size, m.mtime_ns, start, m.size, line)


def plan(paths: Iterable[str], size: int = DEFAULT_SIZE) -> tuple[list[Partition], list[Skip]]:
    """The partitions of ``paths`` (files and folders, in the order given) and the paths that
    could not be planned (missing, unreadable), each with its reason."""
    if size < 1:
        raise ValueError("a partition holds at least one article")
    parts: list[Partition] = []
    skips: list[Skip] = []
    group: list[Member] = []

    def close_group() -> None:
        if group:
            parts.append(Partition(len(parts), list(group)).seal())
            group.clear()

    for p in paths:
        if p.lower().startswith(("http://", "https://")):
            skips.append(Skip(p, "URLs are not read by `run` (hint: fetch them with "
                                 "`onrecord ingest --fetch`, or save the pages first)"))
            continue
        if os.path.isdir(p):
            files = walk(p)
        elif os.path.exists(p):
            files = [p]
        else:
            skips.append(Skip(p, "no such file or folder"))
            continue
        for f in files:
            try:
                m = _member(f)
                fmt = sniff(f)
            except OSError as e:
                skips.append(Skip(f, f"cannot read: {e.strerror or e}"))
                continue
            if fmt in _ONE_ARTICLE:
                group.append(m)
                if len(group) >= size:
                    close_group()
                continue
            close_group()
            if fmt == "jsonl" and not f.lower().endswith(".gz"):
                try:
                    pieces = list(_jsonl_pieces(m, size))
                except OSError as e:
                    skips.append(Skip(f, f"cannot read: {e.strerror or e}"))
                    continue
                for piece in pieces:
                    parts.append(Partition(len(parts), [piece]).seal())
            else:
                parts.append(Partition(len(parts), [m]).seal())
    close_group()
    return parts, skips
