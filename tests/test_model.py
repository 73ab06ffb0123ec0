"""The JSON contract: records round-trip, and the public API is curated."""
import json

import pytest

import onrecord
from onrecord.model import Article, ArticleResult, Evidence, Span, Speaker, Statement


def test_statement_round_trip():
    text = "“We are ready,” Ana Ortiz said."
    st = Statement(id="s0", kind="direct", content=Evidence.from_spans(text, [Span(1, 13)]),
                   cue=Evidence.from_spans(text, [Span(26, 30)]),
                   source=Evidence.from_spans(text, [Span(16, 25)]),
                   speaker=Speaker("Ana Ortiz", "person"), confidence=0.9, method="quote+cue")
    res = ArticleResult(Article(text=text, published="2024-03-08"), [st])
    d = json.loads(json.dumps(res.as_dict()))
    assert d["statements"][0]["content"] == {"text": "We are ready", "spans": [[1, 13]]}
    assert d["article"]["text_sha256"] and d["article"]["published"] == "2024-03-08"
    back = ArticleResult.from_dict(d, text=text)
    assert back.statements[0] == st
    assert back.article.text_sha256 == res.article.text_sha256


def test_span_rejects_nonsense():
    with pytest.raises(ValueError):
        Span(5, 2)


def test_public_api_is_complete():
    for name in onrecord.__all__:
        assert hasattr(onrecord, name), name
    assert callable(onrecord.extract)


def test_contract_fields_on_real_output(rules_pipeline):
    res = rules_pipeline.extract(Article(text="“We are ready,” Mayor Ana Ortiz said on Monday.",
                                         published="2024-03-08"))
    (s,) = res.as_dict()["statements"]
    assert set(s) >= {"id", "kind", "content", "cue", "source", "speaker", "said_on", "venue",
                      "responds_to", "stance", "confidence"}
    assert s["speaker"]["name"] == "Ana Ortiz" and s["kind"] == "direct"
