"""Reading PolNeAR-style brat standoff: ``text/NAME.txt`` beside ``attributions/NAME_ANNOT.ann``.

Text-bound annotations (``T12\tSource 89 106;110 120\t…``) may be discontinuous.
Events (``E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1``) link them into attributions.
Annotation text may span several lines in the file; only lines starting with an id count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalError

ROLES = ("source", "cue", "content")
_T_LINE = re.compile(r"^T(\d+)\t(\S+) ([\d ;]+)\t?")
_E_LINE = re.compile(r"^E(\d+)\t(.*)$")
_ANN_SUFFIX = re.compile(r"_[0-9a-f]{4}$")


@dataclass
class Attribution:
    """One gold attribution: each role a tuple of (start, end) ranges (empty if absent)."""

    source: tuple[tuple[int, int], ...] = ()
    cue: tuple[tuple[int, int], ...] = ()
    content: tuple[tuple[int, int], ...] = ()

    def get(self, role: str) -> tuple[tuple[int, int], ...]:
        return getattr(self, role)


@dataclass
class BratDoc:
    name: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    ann_path: Path | None = None


def _ranges(spec: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in spec.strip().split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(sorted(out))


def parse_ann(ann: str) -> list[Attribution]:
    """Parse the text of a .ann file into attributions (Discuss/Discard entries ignored)."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            spans["T" + m.group(1)] = (m.group(2), _ranges(m.group(3)))
            continue
        m = _E_LINE.match(line)
        if m:
            args = {}
            for i, part in enumerate(m.group(2).split()):
                role, _, ref = part.partition(":")
                args["trigger" if i == 0 else role.lower()] = ref
            events.append(args)
    out = []
    for ev in events:
        att = Attribution()
        for role in ROLES:
            ref = ev.get(role)
            if ref and ref in spans:
                setattr(att, role, spans[ref][1])
        if att.content or att.cue:
            out.append(att)
    return out


def read_split(directory: str | Path, limit: int | None = None) -> list[BratDoc]:
    """Read every annotated article of a PolNeAR compartment (``DIR/text``, ``DIR/attributions``).

    An article annotated by several annotators yields one document per annotation file.
    Also accepts a flat folder of ``NAME.txt`` + ``NAME.ann`` pairs.
    """
    d = Path(directory)
    if not d.is_dir():
        raise EvalError(f"{d} is not a directory", hint="give a PolNeAR compartment such as data/dev")
    if (d / "attributions").is_dir() and (d / "text").is_dir():
        ann_dir, text_dir = d / "attributions", d / "text"
    else:
        ann_dir = text_dir = d
    anns = sorted(ann_dir.glob("*.ann"))
    if not anns:
        raise EvalError(f"no .ann files under {d}")
    docs = []
    for ann_path in anns:
        stem = ann_path.stem
        txt = text_dir / f"{stem}.txt"
        if not txt.exists():
            txt = text_dir / f"{_ANN_SUFFIX.sub('', stem)}.txt"
        if not txt.exists():
            raise EvalError(f"no text file for {ann_path.name} in {text_dir}")
        text = txt.read_text(encoding="utf-8")
        docs.append(BratDoc(name=stem, text=text,
                            attributions=parse_ann(ann_path.read_text(encoding="utf-8")),
                            ann_path=ann_path))
        if limit and len(docs) >= limit:
            break
    return docs
