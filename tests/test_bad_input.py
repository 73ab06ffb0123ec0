"""Bad input never gives a traceback; a batch goes on past a bad file."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from onrecord.errors import IngestError
from onrecord.ingest.text import read_text_file

ONRECORD = [sys.executable, "-m", "onrecord.cli"]


@pytest.fixture()
def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "blank": b"   \n\n  ",
        "binary": bytes(range(256)) * 8,
        "latin1": "Le ministre a déclaré: « Nous sommes prêts ».".encode("latin-1"),
    }
    out = {}
    for name, data in files.items():
        p = tmp_path / f"{name}.txt"
        p.write_bytes(data)
        out[name] = p
    good = tmp_path / "good.txt"
    good.write_text("“We are ready,” Mayor Ana Ortiz said on Monday.\n", encoding="utf-8")
    out["good"] = good
    return out


@pytest.mark.parametrize("name,reason", [("empty", "empty"), ("blank", "whitespace"),
                                         ("binary", "binary"), ("latin1", "UTF-8")])
def test_read_text_file_says_why(bad_files, name, reason):
    with pytest.raises(IngestError, match=reason):
        read_text_file(bad_files[name])


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        read_text_file(tmp_path / "nope.txt")
    with pytest.raises(IngestError, match="directory"):
        read_text_file(tmp_path)


def test_batch_goes_on_past_bad_files(bad_files):
    order = [bad_files[n] for n in ("empty", "binary", "good", "latin1")]
    proc = subprocess.run(ONRECORD + ["extract", *map(str, order), "--format", "jsonl", "--rules-only"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0]["statements"][0]["speaker"]["name"] == "Ana Ortiz"
    assert "3 of 4 file(s) failed" in proc.stderr
    assert "empty.txt" in proc.stderr and "binary" in proc.stderr and "UTF-8" in proc.stderr


def test_unbalanced_quotes_degrade_with_a_warning(rules_pipeline):
    from onrecord.model import Article
    text = ("“We will win this, Mayor Ana Ortiz said on Monday, and walked off.\n"
            "Critics said the plan “was rushed.\nShe said ” nothing more.")
    res = rules_pipeline.extract(Article(text=text))
    assert any("closing mark" in w for w in res.warnings)
    json.dumps(res.as_dict())  # still a valid contract object


def test_huge_article_without_line_breaks(rules_pipeline):
    from onrecord.model import Article
    sentence = "The council met again. “We are ready to vote,” Mayor Ana Ortiz said. "
    text = sentence * (5_000_000 // len(sentence))  # ~5 MB, one paragraph
    res = rules_pipeline.extract(Article(text=text))
    assert len(res.statements) > 10_000
    assert any("parse limit" in w for w in res.warnings)
    assert res.statements[0].content.text == "We are ready to vote"


def test_empty_article_is_a_warning_not_an_error(rules_pipeline):
    from onrecord.model import Article
    res = rules_pipeline.extract(Article(text="  \n"))
    assert res.statements == [] and res.warnings
