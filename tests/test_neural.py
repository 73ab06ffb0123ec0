"""The shipped neural tagger: loads, finds the obvious attributions, copes with edge cases."""
from __future__ import annotations

import pytest

from onrecord.errors import ModelError
from onrecord.extract.neural import DEFAULT_DIR, NeuralTagger, encode_text, windows

pytestmark = pytest.mark.skipif(not (DEFAULT_DIR / "model.int8.onnx").is_file(),
                                reason="neural model not shipped")

ARTICLE = (
    "Harbor town votes on new ferry schedule\n\n"
    "\u201cWe cannot keep running boats that nobody rides,\u201d she said.\n\n"
    "The mayor said that the council would publish the final timetable next month."
)


@pytest.fixture(scope="module")
def tagger():
    return NeuralTagger.load()


def _text(text, ranges):
    return " ".join(text[a:b] for a, b in ranges)


def test_direct_quote_and_indirect_speech(tagger):
    atts = tagger.predict(ARTICLE)
    by_cue = {_text(ARTICLE, a.cue): a for a in atts}
    assert "said" in by_cue, atts
    found = {(_text(ARTICLE, a.source), _text(ARTICLE, a.content)) for a in atts}
    assert ("she", "\u201cWe cannot keep running boats that nobody rides,\u201d") in found, found
    mayor = [a for a in atts if _text(ARTICLE, a.source) == "The mayor"]
    assert mayor, found
    content = _text(ARTICLE, mayor[0].content)
    assert "the council would publish the final timetable next month" in content
    for a in atts:  # offsets index the text
        for r in a.source + a.cue + a.content:
            assert 0 <= r[0] < r[1] <= len(ARTICLE)


def test_empty_text(tagger):
    assert tagger.predict("") == []
    assert tagger.predict("  \n\n ") == []
    assert tagger.predict_many(["", ARTICLE])[0] == []


def test_long_text_and_long_paragraph(tagger):
    para = "The senator said that the bridge would be repaired before winter. " * 60
    text = "\n\n".join([para, ARTICLE, "word " * 800])
    atts = tagger.predict(text)
    assert atts
    for a in atts:
        for r in a.source + a.cue + a.content:
            assert 0 <= r[0] < r[1] <= len(text)


def test_windows_cover_every_token_once(tagger):
    text = "\n\n".join(["Alpha beta gamma. " * 150, "Short line.", "Delta " * 40])
    enc = encode_text(tagger.tokenizer, text)
    owned = []
    for s, e, ks, ke in windows(enc, 100, stride=32):
        assert e - s <= 100 and s <= ks <= ke <= e
        owned.extend(range(ks, ke))
    assert owned == list(range(len(enc.ids)))


def test_missing_model_dir(tmp_path):
    with pytest.raises(ModelError) as err:
        NeuralTagger.load(tmp_path)
    assert err.value.hint
