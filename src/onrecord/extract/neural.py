"""The neural attribution tagger: a small transformer (MiniLM, fine-tuned on PolNeAR train)
labelling wordpieces with BIO tags over source / cue / content, run with ``onnxruntime`` and
``tokenizers`` only (no torch, no transformers at inference).

Text is cut into lines (paragraphs); consecutive lines are packed into windows of at most
``max_length`` wordpieces (a line longer than that is cut into overlapping chunks). The tags
are grouped into segments (:func:`segments_from_tags`) and linked into attributions
(:func:`link_block`) per paragraph block. Offsets are ``str`` indices into the full text.

Training: ``scripts/train_neural.py`` (which reuses :func:`encode_text` and :func:`windows`).
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import ModelError
from .linking import LinkedAttribution, link_block, segments_from_tags, share_sources

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "neural"
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
MODEL_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"

_LINE = re.compile(r"[^\n]+")
# a cheap sentence splitter: end punctuation (plus closing quotes/brackets), space, then an
# opening quote, bracket or upper-case letter/digit
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])")


@dataclass
class Encoded:
    """A tokenized text: wordpiece ids, their char offsets, and per line the token range."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    lines: list[tuple[int, int, int, int]]  # (char_start, char_end, tok_start, tok_end)


def encode_text(tokenizer, text: str) -> Encoded:
    """Tokenize ``text`` once (no special tokens) and split the tokens into lines."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids, offsets = list(enc.ids), [tuple(o) for o in enc.offsets]
    starts = [a for a, _ in offsets]
    lines = []
    for m in _LINE.finditer(text):
        if not m.group().strip():
            continue
        t0 = bisect.bisect_left(starts, m.start())
        t1 = bisect.bisect_left(starts, m.end())
        if t1 > t0:
            lines.append((m.start(), m.end(), t0, t1))
    return Encoded(ids, offsets, lines)


def windows(enc: Encoded, max_tokens: int, stride: int = 64) -> list[tuple[int, int, int, int]]:
    """Pack consecutive lines into token windows of at most ``max_tokens`` wordpieces.

    Returns ``(tok_start, tok_end, keep_start, keep_end)``: the window, and the token range
    whose predictions this window owns (differs only for chunks of an over-long line, which
    overlap by ``stride`` tokens; each token is owned by the chunk where it is most central)."""
    out: list[tuple[int, int, int, int]] = []
    cur: list[int] | None = None  # [tok_start, tok_end]
    for _, _, t0, t1 in enc.lines:
        n = t1 - t0
        if n > max_tokens:
            if cur:
                out.append((cur[0], cur[1], cur[0], cur[1]))
                cur = None
            step = max_tokens - stride
            starts = list(range(t0, t1 - max_tokens, step)) + [t1 - max_tokens]
            for i, s in enumerate(starts):
                e = s + max_tokens
                keep_s = t0 if i == 0 else (starts[i - 1] + max_tokens + s) // 2
                keep_e = t1 if i == len(starts) - 1 else (e + starts[i + 1]) // 2
                out.append((s, e, keep_s, keep_e))
            continue
        if cur and t1 - cur[0] <= max_tokens:
            cur[1] = t1
        else:
            if cur:
                out.append((cur[0], cur[1], cur[0], cur[1]))
            cur = [t0, t1]
    if cur:
        out.append((cur[0], cur[1], cur[0], cur[1]))
    return out


def sentence_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    end = len(text) if end is None else end
    return [start] + [m.end() + start for m in _SENT_END.finditer(text[start:end])]


def fill_gaps(tags: Sequence[str], k: int) -> list[str]:
    """Relabel runs of at most ``k`` ``O`` tokens between two tokens of the same role as that
    role (one segment instead of fragments). On PolNeAR dev with the shipped model, k=2:
    content exact F1 0.282 → 0.309, attribution overlap 0.389 → 0.412."""
    tags = list(tags)
    i, n = 0, len(tags)
    while i < n:
        if tags[i] == "O" and i > 0 and tags[i - 1] != "O":
            j = i
            while j < n and tags[j] == "O":
                j += 1
            role = tags[i - 1][2:]
            if j < n and j - i <= k and tags[j][2:] == role:
                for x in range(i, j + 1):
                    tags[x] = "I-" + role
            i = j
        else:
            i += 1
    return tags


def decode(text: str, enc: Encoded, tags: Sequence[str], scores: Sequence[float] | None = None,
           use_sentences: bool = True, shared_sources: bool = True,
           gap: int = 0) -> list[LinkedAttribution]:
    """Token tags → segments → attributions, linked per line (paragraph). ``gap``: see
    :func:`fill_gaps` (applied per line)."""
    out: list[LinkedAttribution] = []
    for c0, c1, t0, t1 in enc.lines:
        line_tags = fill_gaps(tags[t0:t1], gap) if gap else tags[t0:t1]
        segs = segments_from_tags(enc.offsets[t0:t1], line_tags,
                                  scores[t0:t1] if scores is not None else None)
        if not segs:
            continue
        sents = sentence_starts(text, c0, c1) if use_sentences else ()
        atts = link_block(segs, sents)
        if shared_sources:
            share_sources(atts, sents)
        out.extend(atts)
    return out


class NeuralTagger:
    """``NeuralTagger.load()`` once, then ``predict(text)`` per article."""

    def __init__(self, session, tokenizer, meta: dict, path: Path):
        self.session = session
        self.tokenizer = tokenizer
        self.meta = meta
        self.path = path
        self.labels = tuple(meta.get("labels", LABELS))
        self.max_length = int(meta.get("max_length", 256))
        # one window per run: int8 activation scales are computed per batch, so padded
        # batches cost accuracy on dev (0.415 → 0.409 attribution overlap) and gain no speed
        self.batch_size = 1
        self.gap = int(meta.get("decode_gap", 2))
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, path: str | Path | None = None, threads: int = 1,
             max_length: int | None = None) -> "NeuralTagger":
        """Load the model in ``path`` (default: the one shipped in ``onrecord/data/neural``).
        ``threads``: onnxruntime intra-op threads. ``max_length`` overrides the window size."""
        d = Path(path) if path is not None else DEFAULT_DIR
        missing = [f for f in (MODEL_FILE, TOKENIZER_FILE, META_FILE) if not (d / f).is_file()]
        if missing:
            raise ModelError(f"neural tagger files missing in {d}: {', '.join(missing)}",
                             hint="train it with `python scripts/train_neural.py` or reinstall "
                                  "onrecord (the model ships in onrecord/data/neural)")
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:  # pragma: no cover - depends on the install
            raise ModelError(f"the neural tagger needs {e.name}",
                             hint="pip install onnxruntime tokenizers") from e
        try:
            meta = json.loads((d / META_FILE).read_text(encoding="utf-8"))
            tok = Tokenizer.from_file(str(d / TOKENIZER_FILE))
            tok.no_truncation()
            tok.no_padding()
            so = ort.SessionOptions()
            so.intra_op_num_threads = max(1, int(threads))
            so.inter_op_num_threads = 1
            so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            sess = ort.InferenceSession(str(d / MODEL_FILE), so, providers=["CPUExecutionProvider"])
        except Exception as e:  # corrupt files, wrong format
            raise ModelError(f"could not load the neural tagger from {d}: {e}",
                             hint="the model files may be corrupt; retrain or reinstall") from e
        self = cls(sess, tok, meta, d)
        if max_length:
            self.max_length = int(max_length)
        return self

    # -- inference -------------------------------------------------------------------------
    def _run(self, batch: list[list[int]]):
        import numpy as np

        n = max(len(x) for x in batch)
        ids = np.zeros((len(batch), n), dtype=np.int64)
        mask = np.zeros((len(batch), n), dtype=np.int64)
        for i, x in enumerate(batch):
            ids[i, :len(x)] = x
            mask[i, :len(x)] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        return self.session.run(None, feed)[0]

    def tag_many(self, texts: Sequence[str]) -> list[tuple[Encoded, list[str], list[float]]]:
        """Tag tokens of several texts (windows of all texts batched by length)."""
        import numpy as np

        cls_id = self.tokenizer.token_to_id("[CLS]")
        sep_id = self.tokenizer.token_to_id("[SEP]")
        encs = [encode_text(self.tokenizer, t) for t in texts]
        jobs = []  # (doc, win)
        for di, enc in enumerate(encs):
            for w in windows(enc, self.max_length - 2):
                jobs.append((di, w))
        jobs.sort(key=lambda j: j[1][1] - j[1][0])
        tag_idx = [np.zeros(len(e.ids), dtype=np.int64) for e in encs]
        prob = [np.ones(len(e.ids), dtype=np.float32) for e in encs]
        for b in range(0, len(jobs), self.batch_size):
            chunk = jobs[b:b + self.batch_size]
            batch = [[cls_id] + encs[di].ids[s:e] + [sep_id] for di, (s, e, _, _) in chunk]
            logits = self._run(batch)
            for (di, (s, e, ks, ke)), lg in zip(chunk, logits):
                lg = lg[1:1 + e - s]
                lg = lg - lg.max(-1, keepdims=True)
                p = np.exp(lg)
                p /= p.sum(-1, keepdims=True)
                a, z = ks - s, ke - s
                tag_idx[di][ks:ke] = p[a:z].argmax(-1)
                prob[di][ks:ke] = p[a:z].max(-1)
        out = []
        for enc, ti, pr in zip(encs, tag_idx, prob):
            out.append((enc, [self.labels[i] for i in ti], pr.tolist()))
        return out

    def predict_many(self, texts: Iterable[str]) -> list[list[LinkedAttribution]]:
        texts = list(texts)
        res: list[list[LinkedAttribution]] = [[] for _ in texts]
        todo = [i for i, t in enumerate(texts) if t and t.strip()]
        if not todo:
            return res
        tagged = self.tag_many([texts[i] for i in todo])
        for i, (enc, tags, scores) in zip(todo, tagged):
            res[i] = decode(texts[i], enc, tags, scores, gap=self.gap)
        return res

    def predict(self, text: str) -> list[LinkedAttribution]:
        """Attributions in ``text`` (char offsets into ``text``); ``[]`` for empty text."""
        return self.predict_many([text])[0]
