"""Acceptance: the seed article end to end, read from ../shared (never copied in)."""
import json

from onrecord.eval.gold import score_gold


def test_seed_article(pipeline, shared_dir):
    from onrecord.model import Article
    gold = json.loads((shared_dir / "seed" / "gold.json").read_text(encoding="utf-8"))
    text = (shared_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    res = pipeline.extract(Article(text=text, published=gold["article"]["published"]))
    out = score_gold(gold, text, res)
    assert out.found >= 15 and out.speaker_right >= 15, out.misses
    assert out.false_statements == []
    # every evidence span is exact
    for s in res.statements:
        for ev in (s.content, s.cue, s.source):
            if ev is not None:
                assert ev.text == "".join(text[p.start:p.end] for p in ev.spans)


def test_seed_speakers_detail(pipeline, shared_dir):
    from onrecord.model import Article
    text = (shared_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    res = pipeline.extract(Article(text=text, published="2022-12-05"))
    by_name = {s.speaker.name: s.speaker for s in res.statements if s.speaker}
    assert by_name["Mykhailo Podolyak"].role == "presidential advisor"
    assert by_name["Mykhailo Podolyak"].affiliation == "Ukraine"
    assert by_name["Linas Linkevicius"].affiliation == "Lithuania"
    assert by_name["Russia"].type == "country" and by_name["United States"].type == "country"
    # "Russia and the US have both said …": one content, two speakers
    both = [s for s in res.statements if s.source and s.source.text == "Russia and the US"]
    assert sorted(s.speaker.name for s in both) == ["Russia", "United States"]


def test_seed_tf1_statements_keep_their_venue(pipeline, shared_dir):
    """The fronted "In an interview with French TV station TF1 …" is the venue, not content."""
    from onrecord.model import Article
    text = (shared_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    res = pipeline.extract(Article(text=text, published="2022-12-05"))
    europe = next(s for s in res.statements if "Europe needs to prepare" in s.content.text)
    assert not europe.content.text.startswith("In an interview")
    tf1 = [s for s in res.statements if s.venue and s.venue.outlet == "TF1"]
    assert len(tf1) >= 4
