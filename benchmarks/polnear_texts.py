"""PolNeAR texts as article records for the benchmarks: text, id and what metadata.tsv says of
each (outlet, publication date, title, author). One reader for every benchmark that builds a
corpus from PolNeAR train and dev (the test split is held out and never read)."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator


def records(data: Path, parts: tuple[str, ...] = ("train", "dev")) -> Iterator[dict]:
    """Article records of the PolNeAR ``parts`` under ``data`` (``…/data/polnear``), in a
    fixed order."""
    meta: dict[tuple[str, str], dict] = {}
    mpath = data / "metadata.tsv"
    if mpath.exists():
        with mpath.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                meta[(row["compartment"], row["filename"])] = row
    for part in parts:
        for p in sorted((data / part / "text").glob("*.txt")):
            m = meta.get((part, p.stem), {})
            yield {"text": p.read_text(encoding="utf-8"), "id": p.stem,
                   "outlet": m.get("publisher") or p.stem.split("_")[0],
                   "published": m.get("publication_date") or p.stem.split("_")[1],
                   "title": m.get("title"), "author": m.get("author")}
