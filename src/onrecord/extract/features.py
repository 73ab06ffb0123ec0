"""Features of the trained attribution tagger: one list of strings per token of a paragraph.

The features are the token's words and parse, its place relative to quotation marks and to
cue words, the role the rule engine gave it, and (feature versions 3 and 4) word clusters.
``scripts/train_tagger.py`` computes them for training, :mod:`onrecord.extract.crf` at run time.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER,
                         ORTH, POS, SENT_START, SHAPE, TAG)

from ..lexicon import cues as cue_table
from ..nlp import Block, head_index, token_rows
from .candidates import Candidate

_QUOTE_CHARS = "“”\"«»„‟″"

def rule_roles(cands: list[Candidate]) -> dict[int, str]:
    """Character position → role given by the rules (start positions of spans suffice)."""
    marks: dict[int, str] = {}
    for c in cands:
        for a, b in c.content:
            for i in range(a, b):
                marks.setdefault(i, "content")
        for a, b in c.cue:
            for i in range(a, b):
                marks[i] = "cue"
        if c.source:
            for i in range(*c.source):
                marks[i] = "source"
    return marks

FEATURE_VERSION = 1  # 2 adds the head's rule role and the grandparent relation

# 3 = 1 + word clusters (data/tagger/clusters.tsv.gz, built by scripts/build_clusters.py);
# 4 = 2 + word clusters
_V2 = (2, 4)

CLUSTERS_FILE = "clusters.tsv.gz"

_ATTRS = [ORTH, LOWER, LEMMA, POS, DEP, TAG, SHAPE, ENT_TYPE, ENT_IOB, HEAD, IDX, IS_SPACE,
          IS_PUNCT, SENT_START]

_IOB = {0: "", 1: "I", 2: "O", 3: "B"}

@lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, str]]:
    """word → (fine cluster, coarse cluster) ids as strings; empty if the table is missing."""
    import gzip
    p = Path(str(resources.files("onrecord.data").joinpath("tagger", CLUSTERS_FILE)))
    out: dict[str, tuple[str, str]] = {}
    shared: dict[tuple[str, str], tuple[str, str]] = {}
    if not p.exists():
        return out
    with gzip.open(p, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            w, a, b = line.rstrip("\n").split("\t")
            out[w] = shared.setdefault((a, b), (a, b))  # 32k distinct pairs: share them
    return out

def block_features(block: Block, quote_ranges: list[tuple[int, int]], rule_roles: dict[int, str],
                   table=None, version: int = FEATURE_VERSION) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """Token offsets (article coordinates) and CRF feature lists of one paragraph.

    Token attributes are read from spaCy in one ``Doc.to_array`` call and turned into strings
    once per distinct value: creating Token objects was most of the tagger's time."""
    table = table or cue_table()
    verbs, nouns = table.verbs, table.nouns
    doc = block.doc
    off0 = block.offset
    n_all = len(doc)
    if not n_all:
        return [], []
    arr, s = token_rows(doc, _ATTRS)

    orth, lower, lemma, pos, dep, tag, shape, etype, head = [], [], [], [], [], [], [], [], []
    iob, idx, space, punct, sstart = [], [], [], [], []
    for i, (o, lo, le, p, d, tg, sh, et, eiob, h, ix, sp, pu, ss) in enumerate(arr):
        orth.append(s(o))
        lower.append(s(lo))
        lemma.append(s(le).lower())
        pos.append(s(p))
        dep.append(s(d))
        tag.append(s(tg))
        shape.append(s(sh))
        etype.append(s(et))
        iob.append(_IOB[eiob])
        head.append(head_index(i, h))
        idx.append(ix)
        space.append(sp)
        punct.append(bool(pu))
        sstart.append(True if ss == 1 else None if ss == 0 else False)
    keep = [i for i in range(n_all) if not space[i]]
    offs = [(off0 + idx[i], off0 + idx[i] + len(orth[i])) for i in keep]
    n = len(keep)
    qr = sorted(r for r in quote_ranges if r[1] > off0 and r[0] < block.end)
    q_starts = [a for a, _ in qr]

    def cue_class(i: int) -> str | None:
        p = pos[i]
        return verbs.get(lemma[i]) if p == "VERB" else nouns.get(lemma[i]) if p == "NOUN" else None

    cue_pos = [k for k, i in enumerate(keep) if (lemma[i] in verbs and pos[i] == "VERB")
               or lemma[i] in nouns or lower[i] == "according"]

    # the nearest cue above each token in the parse, and the relation under it: a token in the
    # ccomp of "said" is likely content, one in its nsubj the source
    def cue_ancestor(i: int) -> str:
        child, cur = i, head[i]
        for _ in range(8):
            if cur == child:
                return "-"
            c = cue_class(cur)
            if c:
                return f"{c}:{dep[child]}"
            child, cur = cur, head[cur]
        return "-"

    sent_start = [sstart[i] for i in keep]
    clusters = word_clusters() if version >= 3 else None
    none = ("-", "-")

    def clus(i: int) -> tuple[str, str]:
        return clusters.get(lower[i]) or clusters.get(lemma[i]) or none

    # per token: the context features its neighbours see, and its own
    ctx = []
    rule_of, inq_of = [], []
    for k, i in enumerate(keep):
        a = offs[k][0]
        q = bisect.bisect_right(q_starts, a) - 1
        inq = q >= 0 and qr[q][0] <= a < qr[q][1]
        rule = rule_roles.get(a, "O")
        rule_of.append(rule)
        inq_of.append(inq)
        lem = lemma[i]
        cls = verbs.get(lem) if pos[i] == "VERB" else nouns.get(lem)
        text = orth[i]
        c = [f"w={lower[i]}", f"pos={pos[i]}", f"rule={rule}"]
        if clusters is not None:
            c.append(f"c={clus(i)[0]}")
        if inq:
            c.append("inq")
        if text in _QUOTE_CHARS or text in ("''", "``"):
            c.append("qmark")
        if cls:
            c.append(f"cue={cls}")
        ctx.append(c)
    feats = []
    for k, i in enumerate(keep):
        lem = lemma[i]
        cls = verbs.get(lem) if pos[i] == "VERB" else nouns.get(lem)
        j = bisect.bisect_left(cue_pos, k)
        left = k - cue_pos[j - 1] if j > 0 else 99
        right = cue_pos[j] - k if j < len(cue_pos) else 99
        if j < len(cue_pos) and cue_pos[j] == k:
            left = right = 0
        h = head[i]
        text = orth[i]
        inq = inq_of[k]
        rule = rule_of[k]
        ss = sent_start[k]
        send = k + 1 < n and sent_start[k + 1] or k + 1 == n
        anc = cue_ancestor(i)
        d = ["b"]
        if inq is True:
            d.append("inq")
        if text in _QUOTE_CHARS or text in ("''", "``"):
            d.append("qmark")
        if ss is True:
            d.append("sstart")
        if send is True:
            d.append("send")
        if text.istitle():
            d.append("title")
        if punct[i]:
            d.append("punct")
        d += [f"w={lower[i]}", f"suf3={lower[i][-3:]}", f"shape={shape[i][:4]}", f"pos={pos[i]}",
              f"tag={tag[i]}", f"dep={dep[i]}", f"hdep={dep[h]}", f"hlem={lemma[h]}",
              f"hpos={pos[h]}", f"cuecls={cls or '-'}",
              f"hcue={(verbs.get(lemma[h]) or '-') if pos[h] == 'VERB' else '-'}",
              f"ent={etype[i] or '-'}", f"iob={iob[i]}", f"rule={rule}", f"cl={min(left, 6)}",
              f"cr={min(right, 6)}", f"anc={anc}", f"lem={lem}"]
        if ss is None:
            d.append("sstart=None")
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < n:
                d += [f"{off}{x}" for x in ctx[j]]
            else:
                d.append(f"{off}BOUND")
        d.append(f"rule|dep={rule}|{dep[i]}")
        d.append(f"anc|rule={anc}|{rule}")
        if k > 0:
            d.append(f"w-1|w={lower[keep[k - 1]]}|{lower[i]}")
        d.append(f"inq|rule={inq}|{rule}")
        if clusters is not None:
            ci, cc = clus(i)
            d.append(f"c={ci}")
            d.append(f"cc={cc}")
            d.append(f"hc={clus(h)[0]}")
            d.append(f"c|rule={ci}|{rule}")
            d.append(f"c|dep={ci}|{dep[i]}")
        if version in _V2:
            d.append(f"hrule={rule_roles.get(off0 + idx[h], 'O')}")
            d.append(f"path={dep[i]}>{dep[h]}>{dep[head[h]]}")
            d.append(f"anc|inq={anc}|{inq}")
        feats.append(d)
    return offs, feats

def gold_tags(offs: list[tuple[int, int]], attributions) -> list[str]:
    """BIO tags of tokens at ``offs`` from gold attributions (roles as char ranges)."""
    tags = ["O"] * len(offs)
    for att in attributions:
        for role in ("source", "cue", "content"):
            for a, b in att.get(role):
                prev_in = False
                for i, (s, e) in enumerate(offs):
                    inside = s < b and e > a
                    if inside:
                        tags[i] = ("I-" if prev_in else "B-") + role
                    prev_in = inside
    return tags
