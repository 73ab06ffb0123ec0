"""CI accuracy gate: PolNeAR dev figures may not fall more than 0.02 below the committed
baseline (benchmarks/accuracy_baseline.json, written by benchmarks/bench_accuracy.py)."""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "benchmarks" / "accuracy_baseline.json"
ALLOWED_DROP = 0.02


@pytest.mark.slow
def test_polnear_dev_does_not_regress(polnear_pipeline, shared_dir):
    from onrecord.eval.polnear import evaluate
    from onrecord.model import Article
    base = json.loads(BASELINE.read_text())
    if base["mode"] != "rules" and polnear_pipeline.tagger is None:
        pytest.fail("the baseline was measured with the trained tagger, which is not installed")
    run = evaluate(shared_dir / "data" / "polnear" / "dev", lambda t: polnear_pipeline.extract(Article(text=t)))
    got = {k: v.f1 for k, v in run.report.span.items()}
    got.update({f"attribution/{k}": v.f1 for k, v in run.report.attribution.items()})
    low = {k: (round(got[k], 4), v) for k, v in base["f1"].items() if got[k] < v - ALLOWED_DROP}
    assert not low, f"below the baseline by more than {ALLOWED_DROP}: {low}"
