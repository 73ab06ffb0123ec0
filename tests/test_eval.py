"""Brat reading, the PolNeAR scorer and the convention adapter, on a fixture we wrote."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from onrecord.eval.brat import parse_ann, read_split
from onrecord.eval.scoring import Report, combine, score_document
from onrecord.eval.polnear import PredAttribution

BRAT = Path(__file__).parent / "fixtures" / "brat"


def test_read_split_pairs_annotator_files_and_discontinuous_spans():
    (doc,) = read_split(BRAT)
    assert doc.name == "roads_ab12"
    assert len(doc.attributions) == 2  # Discuss entries and notes ignored
    quote = doc.attributions[1]
    assert len(quote.content) == 2 and "".join(doc.text[a:b] for a, b in quote.content) == '"It is unsafe,"'


def test_read_split_errors(tmp_path):
    from onrecord.errors import EvalError
    with pytest.raises(EvalError):
        read_split(tmp_path / "missing")
    with pytest.raises(EvalError, match="no .ann"):
        read_split(tmp_path)


def test_scoring_exact_overlap_and_attribution():
    (doc,) = read_split(BRAT)
    gold = doc.attributions
    t = doc.text
    perfect = [PredAttribution(g.source, g.cue, g.content) for g in gold]
    rep = score_document(t, perfect, gold)
    assert all(v.f1 == 1.0 for v in rep.span.values())
    assert rep.attribution["exact"].f1 == 1.0
    # content one word short: not exact, still overlapping; attribution overlap still matches
    g = gold[0]
    short = PredAttribution(g.source, g.cue, ((g.content[0][0], g.content[0][1] - 6),))
    rep = score_document(t, [short], gold)
    assert rep.span["content/exact"].tp == 0 and rep.span["content/overlap"].tp == 1
    assert rep.attribution["overlap"].tp == 1 and rep.attribution["exact"].tp == 0
    assert rep.span["content/overlap"].recall == 0.5
    # wrong source: the attribution does not match even though the content does
    wrong = PredAttribution(gold[1].source, g.cue, g.content)
    assert score_document(t, [wrong], gold).attribution["overlap"].tp == 0
    # nothing predicted
    assert score_document(t, [], gold).attribution["overlap"].f1 == 0.0
    total = combine([score_document(t, perfect, gold), score_document(t, [], gold)])
    assert total.documents == 2 and total.attribution["exact"].recall == 0.5


def test_eval_polnear_command_on_fixture():
    proc = subprocess.run([sys.executable, "-m", "onrecord.cli", "eval", "polnear", str(BRAT), "--json",
                           "--rules-only"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # the rules get both attributions of this easy text, in PolNeAR's conventions
    assert out["attribution"]["overlap"]["tp"] == 2
    assert out["spans"]["content/exact"]["tp"] == 2
