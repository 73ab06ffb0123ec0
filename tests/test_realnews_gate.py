"""CI accuracy gate on real news: the development halves A, B and C of benchmarks/realnews
(all three have been looked at; half D is the held-out report and is not gated here) may not
fall more than ALLOWED_DROP below their last recorded figures (realnews_results.json,
"all/final", written by `python benchmarks/bench_realnews.py --half all --record final`), and
their false fills and false links may not rise more than that above them."""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "realnews_results.json"
ALLOWED_DROP = 0.02
HIGHER_IS_BETTER = ["speaker_fullest_name", "said_on_right", "venue_right", "responds_to_right",
                    "claim_type"]
LOWER_IS_BETTER = ["said_on_false_fill", "venue_false_fill", "responds_to_false_link"]


@pytest.mark.slow
def test_development_halves_do_not_regress(pipeline, shared_dir):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_realnews

    base = json.loads(RESULTS.read_text())["all"]["final"]
    total, _per, _texts, _secs = bench_realnews.run("all", pipeline=pipeline)
    got = total.as_dict()
    low = {}
    for k in ("f1", "precision", "recall"):
        if got[k] < base[k] - ALLOWED_DROP:
            low[k] = (got[k], base[k])
    for k in HIGHER_IS_BETTER:
        if (got["fields"][k]["rate"] or 0) < base["fields"][k]["rate"] - ALLOWED_DROP:
            low[k] = (got["fields"][k]["rate"], base["fields"][k]["rate"])
    for k in LOWER_IS_BETTER:
        if (got["fields"][k]["rate"] or 0) > (base["fields"][k]["rate"] or 0) + ALLOWED_DROP:
            low[k] = (got["fields"][k]["rate"], base["fields"][k]["rate"])
    assert not low, f"halves A-C moved past the recorded figures by more than {ALLOWED_DROP}: {low}"
