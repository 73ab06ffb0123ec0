"""Write statement maps for real articles: drafts with text in, offsets-only gold out.

A draft names its article and gives each field as the exact text of the article (so that a
person can write and read it); ``build`` finds that text, checks the draft against the
conventions of ``../shared/design/ANNOTATION.md`` and writes the gold file, which holds
offsets, speaker names and notes only (the article text stays in ``../shared``).

    python benchmarks/realnews/annotate.py paragraphs polnear/dev/text/NAME.txt
    python benchmarks/realnews/annotate.py find polnear/dev/text/NAME.txt "exact words"
    python benchmarks/realnews/annotate.py build DRAFT.json --out benchmarks/realnews/gold/A/NAME.json
    python benchmarks/realnews/annotate.py show benchmarks/realnews/gold/A/NAME.json

Paths of articles are relative to ``../shared/data`` (or ``$ONRECORD_SHARED/data``).
The draft format is described in ``benchmarks/realnews/README.md``.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

KINDS = {"direct", "indirect", "mixed"}
SPEAKER_TYPES = {"person", "organization", "country", "group", "unknown"}
VENUE_TYPES = {"tv_interview", "radio_interview", "print_interview", "social_media",
               "press_conference", "speech", "statement", "parliament", "court", "rally",
               "debate", "other"}
STANCES = {"against", "favor", "neutral"}
CLAIM_TYPES = {"assertion", "demand", "condition", "denial", "criticism", "proposal",
               "prediction", "question"}
NOT_STATEMENT_WHY = {"belief", "intention", "perception", "action", "no_content", "negated",
                     "inference", "other"}
# An ellipsis in brackets inside a draft's text means "from the words before to the words after".
GAP = " [...] "
QUOTE_MARKS = "\"“”‘’'«»"
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}|week of \d{4}-\d{2}-\d{2})$")


def shared_data() -> Path:
    base = Path(os.environ.get("ONRECORD_SHARED", ROOT.parent / "shared"))
    return base / "data"


def read_article(source: str) -> str:
    p = shared_data() / source
    if not p.exists():
        raise SystemExit(f"no article at {p}")
    return p.read_text(encoding="utf-8")


def published_of(source: str) -> str | None:
    """Publication date of a PolNeAR text, from the corpus metadata."""
    meta = shared_data() / "polnear" / "metadata.tsv"
    stem = Path(source).stem
    if meta.exists():
        with meta.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["filename"] == stem:
                    return row["publication_date"]
    return None


def occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


class DraftError(Exception):
    pass


def locate(text: str, needle, *, near: tuple[int, int] | None = None,
           occurrence: int | None = None, after: int | None = None, what: str = "") -> list[int]:
    """Return ``[start, end)`` of ``needle`` (a string, optionally ``"from [...] to"``, or an
    explicit ``[start, end]``). Among several occurrences: ``occurrence`` (1-based) if given,
    else the one nearest ``near``, else the first at or after ``after``; otherwise an error."""
    if isinstance(needle, list):
        a, b = needle
        if not (0 <= a <= b <= len(text)):
            raise DraftError(f"{what}: offsets {needle} outside the text")
        return [a, b]
    if not isinstance(needle, str) or not needle:
        raise DraftError(f"{what}: expected text, got {needle!r}")
    if GAP in needle:
        head, tail = needle.split(GAP, 1)
        a, _ = locate(text, head, near=near, occurrence=occurrence, after=after, what=what + " (start)")
        tail_at = text.find(tail, a + len(head))
        if tail_at < 0:
            raise DraftError(f"{what}: end text {tail!r} not found after {head!r}")
        return [a, tail_at + len(tail)]
    occ = occurrences(text, needle)
    if not occ:
        hint = ""
        norm = needle.replace("’", "'").replace("“", '"').replace("”", '"')
        alt = text.replace("’", "'").replace("“", '"').replace("”", '"').find(norm)
        if alt >= 0:
            hint = f" (found at {alt} with other quotation marks: copy the marks exactly: {text[alt:alt + len(needle)]!r})"
        raise DraftError(f"{what}: text not found: {needle!r}{hint}")
    if occurrence is not None:
        if not 1 <= occurrence <= len(occ):
            raise DraftError(f"{what}: occurrence {occurrence} asked, {len(occ)} exist")
        i = occ[occurrence - 1]
    elif len(occ) == 1:
        i = occ[0]
    elif near is not None:
        def dist(i):
            s, e = i, i + len(needle)
            if e <= near[0]:
                return near[0] - e
            if s >= near[1]:
                return s - near[1]
            return 0
        i = min(occ, key=dist)
    elif after is not None and any(o >= after for o in occ):
        i = next(o for o in occ if o >= after)
    else:
        raise DraftError(f"{what}: {needle!r} occurs {len(occ)} times (at {occ[:8]}): give "
                         "\"occurrence\": N or longer text")
    return [i, i + len(needle)]


def build(draft: dict, draft_name: str = "") -> tuple[dict, list[str], list[str]]:
    """Turn a draft into a gold map. Returns (gold, errors, warnings)."""
    errors: list[str] = []
    warnings: list[str] = []
    source = draft.get("article")
    if not source:
        raise DraftError("the draft needs \"article\": the path of the text under ../shared/data")
    text = read_article(source)
    published = draft.get("published") or published_of(source)
    gold = {"article": {"source": source, "published": published,
                        "annotator": draft.get("annotator"), "half": draft.get("half")},
            "statements": [], "not_statements": [], "notes": draft.get("notes", "")}
    ids = set()
    last_start = 0
    for n, s in enumerate(draft.get("statements", []), 1):
        sid = s.get("id") or f"s{n}"
        where = f"{sid}"
        try:
            if sid in ids:
                raise DraftError(f"{where}: id used twice")
            ids.add(sid)
            kind = s.get("kind")
            if kind not in KINDS:
                raise DraftError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
            occ = s.get("occurrence")
            parts_in = s.get("content_parts")
            if parts_in:
                parts = []
                after = None
                for k, part in enumerate(parts_in):
                    sp = locate(text, part, occurrence=occ if k == 0 else None,
                                after=after if k else None, what=f"{where} content part {k + 1}")
                    if k and sp[0] < parts[-1][1]:
                        sp = locate(text, part, after=parts[-1][1], what=f"{where} content part {k + 1}")
                    parts.append(sp)
                    after = sp[1]
            else:
                if "content" not in s:
                    raise DraftError(f"{where}: no content")
                parts = [locate(text, s["content"], occurrence=occ, after=last_start,
                                what=f"{where} content")]
            cspan = [parts[0][0], parts[-1][1]]
            last_start = cspan[0]
            content_text = "".join(text[a:b] for a, b in parts)
            if kind == "direct" and (content_text[:1] in QUOTE_MARKS or content_text[-1:] in QUOTE_MARKS):
                warnings.append(f"{where}: direct content should exclude its quotation marks: "
                                f"{content_text[:30]!r}…{content_text[-30:]!r}")
            if content_text.rstrip().endswith(",") and kind == "direct":
                warnings.append(f"{where}: a comma linking to the attribution is excluded from direct content")
            source_span = (locate(text, s["source"], near=tuple(cspan), what=f"{where} source")
                           if s.get("source") else None)
            cue_span = (locate(text, s["cue"], near=tuple(cspan), what=f"{where} cue")
                        if s.get("cue") else None)
            if kind != "direct" and cue_span is None and not s.get("borderline"):
                warnings.append(f"{where}: an {kind} statement without a cue")
            speaker = s.get("speaker")
            if not speaker:
                raise DraftError(f"{where}: no speaker (use a descriptive label for anonymous sources)")
            stype = s.get("speaker_type", "person")
            if stype not in SPEAKER_TYPES:
                raise DraftError(f"{where}: speaker_type {stype!r} not in {sorted(SPEAKER_TYPES)}")
            said_on = s.get("said_on")
            if said_on is not None and not DATE_RE.match(str(said_on)):
                raise DraftError(f"{where}: said_on {said_on!r} is not YYYY-MM-DD, YYYY-MM, YYYY or 'week of YYYY-MM-DD'")
            venue = s.get("venue")
            venue_out = None
            if venue is not None:
                if venue.get("type") not in VENUE_TYPES:
                    raise DraftError(f"{where}: venue type {venue.get('type')!r} not in {sorted(VENUE_TYPES)}")
                vspan = (locate(text, venue["text"], near=tuple(cspan), what=f"{where} venue text")
                         if venue.get("text") else None)
                venue_out = {"type": venue["type"], "text_span": vspan,
                             "outlet": venue.get("outlet"), "place": venue.get("place")}
            stance = s.get("stance")
            if stance is not None and stance not in STANCES:
                raise DraftError(f"{where}: stance {stance!r} not in {sorted(STANCES)}")
            if (stance is None) != (s.get("responds_to") is None):
                raise DraftError(f"{where}: responds_to and stance go together")
            claim = s.get("claim_type", "assertion")
            if claim not in CLAIM_TYPES:
                raise DraftError(f"{where}: claim_type {claim!r} not in {sorted(CLAIM_TYPES)}")
            out = {"id": sid, "kind": kind, "speaker": speaker, "speaker_type": stype,
                   "source_span": source_span, "cue_span": cue_span, "content_span": cspan}
            if len(parts) > 1:
                out["content_parts"] = parts
            out.update({"said_on": said_on, "venue": venue_out, "occasion": s.get("occasion"),
                        "responds_to": s.get("responds_to"), "stance": stance,
                        "claim_type": claim})
            if s.get("borderline"):
                out["borderline"] = True
            if s.get("note"):
                out["note"] = s["note"]
            gold["statements"].append(out)
        except DraftError as e:
            errors.append(str(e))
    for s in gold["statements"]:
        if s["responds_to"] and s["responds_to"] not in ids:
            errors.append(f"{s['id']}: responds_to {s['responds_to']!r} is not a statement id")
        if s["responds_to"] == s["id"]:
            errors.append(f"{s['id']}: responds to itself")
    for n, ns in enumerate(draft.get("not_statements", []), 1):
        try:
            span = locate(text, ns["text"], occurrence=ns.get("occurrence"), what=f"not_statement {n}")
            why = ns.get("why", "other")
            if why not in NOT_STATEMENT_WHY:
                raise DraftError(f"not_statement {n}: why {why!r} not in {sorted(NOT_STATEMENT_WHY)}")
            item = {"span": span, "why": why}
            if ns.get("note"):
                item["note"] = ns["note"]
            gold["not_statements"].append(item)
        except DraftError as e:
            errors.append(str(e))
    # overlapping content of different speakers under different cues is suspicious
    st = sorted(gold["statements"], key=lambda s: s["content_span"])
    for a, b in zip(st, st[1:]):
        if b["content_span"][0] < a["content_span"][1] and a["content_span"] != b["content_span"]:
            warnings.append(f"{a['id']} and {b['id']}: content spans overlap")
    return gold, errors, warnings


def cmd_paragraphs(args) -> None:
    text = read_article(args.article)
    print(f"published: {published_of(args.article)}   length: {len(text)}")
    i = 0
    for n, para in enumerate(text.split("\n")):
        if para.strip():
            print(f"[{n} @{i}] {para}")
        i += len(para) + 1


def cmd_find(args) -> None:
    text = read_article(args.article)
    occ = occurrences(text, args.needle)
    if not occ:
        print("not found")
    for i in occ:
        ctx = text[max(0, i - 40):i + len(args.needle) + 40].replace("\n", "⏎")
        print(f"[{i}, {i + len(args.needle)}]  …{ctx}…")


def cmd_build(args) -> int:
    draft = json.loads(Path(args.draft).read_text(encoding="utf-8"))
    try:
        gold, errors, warnings = build(draft, args.draft)
    except DraftError as e:
        print(f"error: {e}")
        return 1
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")
    if errors:
        print(f"{len(errors)} error(s): nothing written")
        return 1
    out = Path(args.out) if args.out else None
    if out:
        gold["article"]["annotated"] = draft.get("annotated") or dt.date.today().isoformat()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out}: {len(gold['statements'])} statements, "
              f"{len(gold['not_statements'])} not-statements")
    else:
        print(f"ok: {len(gold['statements'])} statements, {len(gold['not_statements'])} not-statements "
              "(give --out to write)")
    return 0


def render(gold: dict) -> str:
    text = read_article(gold["article"]["source"])
    lines = [f"== {gold['article']['source']}  published {gold['article']['published']}"]

    def t(span):
        return text[span[0]:span[1]].replace("\n", "⏎") if span else None
    for s in gold["statements"]:
        parts = s.get("content_parts") or [s["content_span"]]
        content = " … ".join(t(p) for p in parts)
        v = s["venue"]
        venue = f" @{v['type']}({t(v['text_span'])})" if v else ""
        resp = f" → {s['responds_to']} {s['stance']}" if s["responds_to"] else ""
        lines.append(f"{s['id']:>4} {s['kind']:8} {s['speaker']} [{s['speaker_type']}] "
                     f"src={t(s['source_span'])!r} cue={t(s['cue_span'])!r} "
                     f"on={s['said_on']}{venue} occ={s.get('occasion')}{resp} {s['claim_type']}"
                     f"{' BORDERLINE' if s.get('borderline') else ''}")
        lines.append(f"{'':14}«{content}»")
        if s.get("note"):
            lines.append(f"{'':14}note: {s['note']}")
    for ns in gold["not_statements"]:
        lines.append(f"  NOT ({ns['why']}) «{t(ns['span'])}»")
    return "\n".join(lines)


def cmd_show(args) -> None:
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    print(render(gold))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("paragraphs", help="print an article's paragraphs with their offsets")
    p.add_argument("article")
    p.set_defaults(fn=cmd_paragraphs)
    p = sub.add_parser("find", help="offsets of an exact text in an article")
    p.add_argument("article")
    p.add_argument("needle")
    p.set_defaults(fn=cmd_find)
    p = sub.add_parser("build", help="check a draft and write its gold file")
    p.add_argument("draft")
    p.add_argument("--out")
    p.set_defaults(fn=cmd_build)
    p = sub.add_parser("show", help="print a gold file with the text its offsets point at")
    p.add_argument("gold")
    p.set_defaults(fn=cmd_show)
    args = ap.parse_args(argv)
    return args.fn(args) or 0


if __name__ == "__main__":
    sys.exit(main())
