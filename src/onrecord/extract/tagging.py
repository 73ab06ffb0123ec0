"""The trained attribution tagger: a linear-chain CRF over parse features and the rules' output.

Each paragraph is a sequence of tokens labelled ``B-/I-`` source, cue, content or ``O``
(PolNeAR's conventions: a direct quote's content includes its marks, an indirect one its
"that"). Features are the token's words and parse, its place relative to quotation marks and
to cue words, and the role the rule engine gave it — so the CRF learns where to trust the rules
and where to widen them (noun and multi-word cues, belief verbs, content boundaries).
Tags are linked into attributions by :mod:`onrecord.extract.linking` and turned back into the
contract's conventions (marks and complementizer stripped) as rule-style ``Candidate`` records.

Trained by ``scripts/train_tagger.py`` on PolNeAR train; the model file ships in
``onrecord/data/tagger/``.
"""
from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER,
                         ORTH, POS, SENT_START, SHAPE, TAG)

from ..errors import ModelError
from ..nlp import Block, ParsedText
from .attribution import Candidate, RuleAttributor, _np_tokens, _subject
from .lexicon import cues as cue_table
from .linking import LinkedAttribution, link_block, segments_from_tags, share_sources
from .quotes import Quote

MODEL_FILE = "attribution.crfsuite"
_QUOTE_CHARS = "“”\"«»„‟″"
# A tagged attribution whose mean marginal probability is below this is dropped.
MIN_SCORE = 0.35
# A cue without a source takes the previous cue's in the same sentence (see linking.share_sources).
SHARE_SOURCES = True


def _rule_roles(cands: list[Candidate]) -> dict[int, str]:
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
    arr = doc.to_array(_ATTRS).tolist()
    strings = doc.vocab.strings
    memo: dict[int, str] = {0: ""}

    def s(h: int) -> str:
        v = memo.get(h)
        if v is None:
            v = memo[h] = strings[h]
        return v

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
        head.append(i + (h - (1 << 64) if h >= (1 << 63) else h))
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


class CRFTagger:
    """The trained CRF: ``candidates(parsed, quotes)`` gives rule-style candidates."""

    def __init__(self, path: Path):
        import pycrfsuite
        self.path = path
        self.tagger = pycrfsuite.Tagger()
        try:
            self.tagger.open(str(path))
        except Exception as e:  # pycrfsuite raises ValueError/OSError variously
            raise ModelError(f"cannot open the tagger model {path}: {e}") from e
        self.rules = RuleAttributor()
        self.table = cue_table()
        meta = path.parent / "meta.json"
        self.feature_version = 1
        if meta.exists():
            import json
            self.feature_version = json.loads(meta.read_text()).get("feature_version", 1)

    def tag_parsed(self, parsed: ParsedText, quotes: list[Quote],
                   rule_cands: list[Candidate] | None = None) -> list[tuple[Block, LinkedAttribution]]:
        if rule_cands is None:
            rule_cands = self.rules.run(parsed, quotes)
        qr = [r for q in quotes for r in q.outer]
        roles = _rule_roles(rule_cands)
        out = []
        for block in parsed.blocks:
            offs, feats = block_features(block, qr, roles, self.table, self.feature_version)
            if not offs:
                continue
            self.tagger.set(feats)
            tags = self.tagger.tag()
            # marginals only where a role was tagged (the "O" tokens' scores are never read)
            scores = [self.tagger.marginal(t, i) if t != "O" else 1.0 for i, t in enumerate(tags)]
            segs = segments_from_tags(offs, tags, scores)
            sents = [block.offset + s.start_char for s in block.doc.sents]
            atts = link_block(segs, sents)
            if SHARE_SOURCES:
                share_sources(atts, sents)
            for att in atts:
                if att.score >= MIN_SCORE:
                    out.append((block, att))
        return out

    def candidates(self, parsed: ParsedText, quotes: list[Quote],
                   rule_cands: list[Candidate] | None = None) -> list[Candidate]:
        text = parsed.text
        out = []
        for block, att in self.tag_parsed(parsed, quotes, rule_cands):
            out.append(to_candidate(text, block, att, quotes))
        return _fold_conditionals(text, [c for c in out if c is not None])


_CONDITION_MARKS = {"if", "unless"}


def _conditional(c: Candidate) -> bool:
    """The cue is the verb of an if-clause ("… if the Kremlin chief showed he was …"): a
    condition inside someone else's statement, not something reported as said."""
    if not c.cue or c.block is None:
        return False
    tok = _head_token(c.block, c.cue[0])
    return tok is not None and tok.pos_ in ("VERB", "AUX") and any(
        ch.dep_ == "mark" and ch.lower_ in _CONDITION_MARKS for ch in tok.children)


def _fold_conditionals(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Drop conditional attributions; a statement whose content stops right before one (the
    tagger cut it at the nested cue) gets its content back up to the condition's end."""
    out = []
    for c in cands:
        if not _conditional(c):
            out.append(c)
            continue
        start = c.cue[0][0]
        end = max(b for _, b in c.content)
        for o in out:
            a, b = o.content[-1]
            gap = text[b:start]
            if b <= start and len(gap) <= 60 and not re.search(r"[.;:!?\n“”\"]", gap) and \
                    end > b and o.kind != "direct":
                o.content[-1] = (a, end)
                break
    return out


def _strip_marks(text: str, a: int, b: int, whole_quote: bool) -> tuple[int, int]:
    """Contract conventions: a whole quotation loses its marks; a clause keeps the marks of the
    quotes inside it and loses only a dangling mark at either edge and a trailing comma."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    inner = text[a:b]
    opens = sum(inner.count(c) for c in "“«„") + inner.count('"') // 2
    closes = sum(inner.count(c) for c in "”»") + inner.count('"') // 2
    if whole_quote or (b > a and text[a] in _QUOTE_CHARS and opens > closes):
        while a < b and (text[a].isspace() or text[a] in _QUOTE_CHARS):
            a += 1
    if whole_quote or (b > a and text[b - 1] in _QUOTE_CHARS and closes > opens):
        while b > a and (text[b - 1].isspace() or text[b - 1] in _QUOTE_CHARS + ","):
            b -= 1
    return a, b


# Quantifiers that make a source a vague majority ("Many in Ukraine are opposed"): their states
# of mind are the writer's characterisation, not something said.
_VAGUE_SOURCES = {"many", "some", "most", "few", "others", "several", "all"}
# Verbs of duration: "continued to stay away" reports how long, not what was said (the rules
# still propose such clauses: they are a tagger feature, and PolNeAR annotates them)
ASPECTUAL = {"continue", "keep", "begin", "start", "stop", "cease", "resume"}
_INFERENCE_CUES = {"suggest", "show", "indicate", "mean", "reveal", "signal", "imply"}


def _not_a_statement(block: Block, cue_rng, src_head) -> bool:
    """Tagged attributions the product does not report as statements: the writer's inference
    from an inanimate source ("Macron's remarks suggested …"), and the state of mind of a vague
    majority ("Many … are strongly opposed to …")."""
    from .attribution import _animate
    cue_tok = _head_token(block, cue_rng) if cue_rng else None
    if cue_tok is None:
        return False
    lemma = cue_tok.lemma_.lower()
    cls = cue_table().verbs.get(lemma) if cue_tok.pos_ == "VERB" else None
    # the grammatical subject decides, not the tagger's source ("Macron's remarks suggested":
    # the tagger may take "Macron" as the source; the subject is "remarks")
    subj = _subject(cue_tok) if cue_tok.pos_ == "VERB" else None
    if subj is not None:
        src_head = subj
    if (lemma in _INFERENCE_CUES or cls in ("stance", "belief")) and src_head is not None \
            and not _animate(src_head, None):
        return True
    toks = _tokens_in(block, cue_rng)
    state = any(t.pos_ == "ADJ" or t.dep_ == "acomp" or (t.tag_ == "VBN" and any(
        c.dep_ in ("auxpass", "aux") and c.lemma_ == "be" for c in t.children)) for t in toks) \
        and any(t.lemma_ == "be" for t in toks)
    vague = src_head is None or src_head.lower_ in _VAGUE_SOURCES
    return state and vague


def _tokens_in(block: Block, rng: tuple[int, int]) -> list:
    span = block.doc.char_span(rng[0] - block.offset, rng[1] - block.offset, alignment_mode="expand")
    return list(span) if span is not None else []


def _head_token(block: Block, rng: tuple[int, int]):
    toks = [t for t in _tokens_in(block, rng) if not t.is_punct]
    if not toks:
        return None
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


# Dependents of the cue verb that say where/how/when it was said, never what was said
# ("In an interview with TF1 …, Macron said …": the tagger may take the phrase as content).
_ADJUNCT_DEPS = {"prep", "advcl", "advmod", "npadvmod", "agent", "dative"}


def _drop_cue_adjuncts(block: Block, cue_rng, content: list[tuple[int, int]],
                       quotes: list[Quote]) -> list[tuple[int, int]]:
    """Remove the pieces of a discontinuous content that are the cue verb's own adjuncts."""
    cue_tok = _head_token(block, cue_rng)
    if cue_tok is None or cue_tok.pos_ not in ("VERB", "AUX"):
        return content
    quoted = [s for q in quotes for s in q.outer]
    keep = []
    for a, b in content:
        if any(qa <= a + 1 and b - 1 <= qb for qa, qb in quoted):
            keep.append((a, b))
            continue
        head = _head_token(block, (a, b))
        if head is not None and head.head.i == cue_tok.i and head.i != cue_tok.i \
                and head.dep_ in _ADJUNCT_DEPS:
            continue
        # a fronted phrase before the cue ("In an interview …, X said …") while the content
        # goes on after it: the parser may not attach the phrase to the cue, the word order tells
        toks = [t for t in _tokens_in(block, (a, b)) if not t.is_punct]
        if toks and toks[0].pos_ == "ADP" and b <= block.offset + cue_tok.idx and \
                any(x >= block.offset + cue_tok.idx for x, _ in content):
            continue
        keep.append((a, b))
    return keep


def to_candidate(text: str, block: Block, att: LinkedAttribution, quotes: list[Quote]) -> Candidate | None:
    """A tagged attribution in the contract's conventions (marks, "that" stripped)."""
    content = []
    kind = "indirect"
    n_quoted = 0
    for a, b in att.content:
        inner = [q for q in quotes for s in q.spans if a <= s[0] and s[1] <= b + 1]
        whole = [q for q in quotes for s in q.outer if s[0] <= a + 1 and b - 1 <= s[1] and
                 (b - a) >= 0.8 * (s[1] - s[0])]
        if whole:
            n_quoted += 1
        elif inner:
            kind = "mixed"
        a2, b2 = _strip_marks(text, a, b, bool(whole))
        low = text[a2:a2 + 5].lower()
        if low.startswith("that ") and not whole:
            a2 += 5
            a2, b2 = _strip_marks(text, a2, b2, False)
        if b2 > a2:
            content.append((a2, b2))
    if len(content) > 1 and att.cue:
        content = _drop_cue_adjuncts(block, att.cue[0], content, quotes) or content
    if not content:
        return None
    if n_quoted == len(att.content):
        kind = "direct"
    src = att.source[0] if att.source else None
    head = _head_token(block, src) if src else None
    if src is None and att.cue:
        # the tagger found the cue but not its source: take the cue verb's subject
        cue_tok = _head_token(block, att.cue[0])
        subj = _subject(cue_tok) if cue_tok is not None and cue_tok.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.lower_ not in ("that", "which", "who"):
            toks = _np_tokens(subj)
            if toks:
                rng = (block.offset + toks[0].idx, block.offset + toks[-1].idx + len(toks[-1].text))
                if not any(a < rng[1] and rng[0] < b for a, b in att.content):
                    src, head = rng, subj
    cue = [c for c in att.cue]
    if _not_a_statement(block, cue[0] if cue else None, head):
        return None
    if cue and text[content[0][0]:content[0][0] + 3].lower() == "to ":
        cue_tok = _head_token(block, cue[0])
        if cue_tok is not None and cue_tok.lemma_.lower() in ASPECTUAL:
            return None  # "continued to stay away": how long something went on, not speech
    if src and head is not None:
        # the mention without a possessive ending ("Macron’s statement" → "Macron")
        end = src[1]
        while text[src[0]:end].endswith(("’s", "'s", "’", "'")):
            end -= 2 if text[src[0]:end].endswith(("’s", "'s")) else 1
        src = (src[0], end)
    return Candidate(kind, content, cue, src, head, block, method="tagger",
                     confidence=round(0.5 + 0.5 * att.score, 3), continues=not cue)


def _content_jaccard(a, b) -> float:
    ca = {i for x, y in a for i in range(x, y)}
    cb = {i for x, y in b for i in range(x, y)}
    return len(ca & cb) / max(1, len(ca | cb))


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(y, d) - max(x, c)) for x, y in a for c, d in b)


# Rule candidates found from quotation marks: their spans follow the marks exactly and split
# quotes are joined, so where one matches a tagged attribution the rule's version is kept.
QUOTE_METHODS = ("quote+cue", "headline", "continuation", "byline")
# Rule candidates the tagger did not confirm are kept only when they are of these kinds; the
# tagger (trained with the rules' output as a feature) is the better judge of the others.
# Measured on PolNeAR dev: see benchmarks/accuracy_results.json.
UNCONFIRMED_KEPT = ("quote+cue", "headline", "continuation", "byline", "parenthetical")
# ... and clause-based ones whose cue is a verb of saying ("said", "told") — see
# benchmarks/accuracy_results.json for the effect.
KEEP_SPEECH_CLAUSES = True
ADOPT_TAGGED_CUE = True


def _infinitive(text: str, c: Candidate) -> bool:
    """"continued to stay away": an infinitive after a verb of saying is not what was said."""
    return text[c.content[0][0]:c.content[0][0] + 3].lower() == "to "


def merge_tagged(rule_cands: list[Candidate], tagged: list[Candidate], text: str) -> list[Candidate]:
    """Combine rule and tagger candidates, the tagger first.

    * a tagged attribution overlapping a quotation-based rule candidate → the rule's version
      (exact quote spans, split quotes joined), with the tagger's cue/source if it had none;
    * any other tagged attribution → kept, with the rule's source if the tagger found none;
    * rule candidates no tagged attribution overlaps → kept if quotation-based.
    """
    out: list[Candidate] = []
    used_rules: set[int] = set()
    for t in tagged:
        overl = [(i, r) for i, r in enumerate(rule_cands) if _overlap(r.content, t.content) > 0]
        quote_rules = [(i, r) for i, r in overl if r.method in QUOTE_METHODS and i not in used_rules]
        if not quote_rules and any(r.method in QUOTE_METHODS for _, r in overl):
            continue  # a quotation already reported (e.g. one paragraph of a longer quote)
        if quote_rules:
            i, r = max(quote_rules, key=lambda ir: _overlap(ir[1].content, t.content))
            used_rules.add(i)
            # the tagger joined quotations the rules kept apart ("“A,” she told reporters at
            # City Hall. “B.”"): one statement, the continuation's spans added
            for j, other in quote_rules:
                if j != i and other.method == "continuation" and other.continues:
                    r.content = sorted(r.content + other.content)
                    used_rules.add(j)
            if ADOPT_TAGGED_CUE and r.cue and t.cue and _overlap(r.cue, t.cue) and r.method != "headline":
                r.cue = t.cue  # "said in an interview": the tagger knows how far a cue reaches
            if not r.cue and t.cue and r.method != "headline":
                r.cue, r.source, r.source_head = t.cue, t.source or r.source, t.source_head or r.source_head
                r.continues = False
            out.append(r)
            continue
        if t.continues and t.kind != "direct":
            continue  # a cue-less tagged span is a statement only when it is a quotation;
            # the rule candidates it overlaps stay free
        cued = [(i, r) for i, r in overl if r.cue and r.method == "clause" and i not in used_rules]
        if len({tuple(r.cue[0]) for _, r in cued}) >= 2 and len(t.content) >= 2:
            # the tagger hung the clauses of two cues on one ("is telling … and says …"):
            # the rules' attributions, one per cue, are kept instead
            for i, r in cued:
                used_rules.add(i)
                out.append(r)
            continue
        for i, r in overl:
            used_rules.add(i)
            if r.method == "parenthetical" and t.cue and _overlap(r.cue, t.cue):
                # "The museum, Mr. Bush said, celebrated …": the sentence around the cue
                t.content, t.kind = r.content, r.kind
            if r.method == "clause" and r.cue and r.noun_cue and not _overlap(r.cue, t.cue) and \
                    _content_jaccard(r.content, t.content) >= 0.5:
                # same content, another cue: "X's statement that …" — the noun cue governs the
                # clause in the parse, the tagger's cue was only the nearest one (measured on
                # PolNeAR dev, overriding verb cues too costs 0.01 attribution F1)
                t.cue, t.source, t.source_head, t.continues = r.cue, r.source, r.source_head, False
            if not t.source and r.source:
                t.source, t.source_head = r.source, r.source_head
            if r.kind == "mixed":
                t.kind = "mixed"
                if all(a >= t.content[0][0] for a, _ in r.content):
                    t.content = r.content  # the rules narrowed "whether “…”" to the quote
        if t.continues and t.kind != "direct":
            continue  # a cue-less tagged span is a statement only when it is a quotation
        out.append(t)
    for i, r in enumerate(rule_cands):
        if i in used_rules:
            continue
        if r.method not in UNCONFIRMED_KEPT and not (KEEP_SPEECH_CLAUSES and r.method == "clause"
                                                     and r.speech_cue and not _infinitive(text, r)):
            continue
        if any(_overlap(r.content, o.content) > 0 for o in out):
            continue
        out.append(r)
    # one statement per content: drop later duplicates (two taggings of one quote)
    out.sort(key=lambda c: (c.start, -len(c.content)))
    dedup: list[Candidate] = []
    for c in out:
        if any(c is d for d in dedup):
            continue
        dedup.append(c)
    return dedup


TAGGER_ENV = "ONRECORD_TAGGER"  # another trained model (file or folder with meta.json)


def default_model_path() -> Path:
    return Path(str(resources.files("onrecord.data").joinpath("tagger", MODEL_FILE)))


def load_tagger(path: str | None = None, required: bool = False) -> CRFTagger | None:
    """The CRF tagger at ``path`` (default: the shipped one). Without a shipped model, returns
    None unless ``required``."""
    if not path and os.environ.get(TAGGER_ENV):
        path, required = os.environ[TAGGER_ENV], True
    p = Path(path) if path else default_model_path()
    if p.is_dir():
        p = p / MODEL_FILE
    if not p.exists():
        if required:
            raise ModelError(f"no tagger model at {p}",
                             hint="train one with: python scripts/train_tagger.py")
        return None
    return CRFTagger(p)
