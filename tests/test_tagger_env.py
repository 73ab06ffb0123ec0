"""ONRECORD_TAGGER points onrecord at another trained tagger; a wrong path is a clear error."""
import pytest

from onrecord.errors import ModelError
from onrecord.extract import crf, features


def test_env_points_at_a_tagger_folder(monkeypatch):
    folder = crf.default_model_path().parent
    monkeypatch.setenv(crf.TAGGER_ENV, str(folder))
    t = crf.load_tagger()
    assert t is not None and t.path == folder / crf.MODEL_FILE


def test_env_with_a_missing_model_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv(crf.TAGGER_ENV, str(tmp_path / "nothing-here"))
    with pytest.raises(ModelError) as err:
        crf.load_tagger()
    assert "nothing-here" in str(err.value)


def test_feature_version_3_uses_word_clusters():
    clusters = features.word_clusters()
    assert len(clusters) > 100_000
    # words used alike share a fine cluster more often than unrelated ones
    assert clusters["criticized"][0] == clusters["accused"][0]
