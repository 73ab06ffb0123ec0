"""Statements in headlines, read by their own grammar (title case, present tense)."""
import pytest

from onrecord.model import Article

BODY = "\n\nThe senator spoke to reporters on Monday in the capital."

CASES = [
    ("Ruth Okafor Calls Governor’s Plan ‘A Disgrace’ Over Port Delays",
     "mixed", "Ruth Okafor", "Governor’s Plan ‘A Disgrace’"),
    ("Harbour Workers Rip Mayor As A ‘Reckless Gambler’",
     "mixed", "Harbour Workers", "Mayor As A ‘Reckless Gambler’"),
    ("Okafor Hammers Port CEO: ‘You Should Resign Today.’",
     "direct", "Okafor", "You Should Resign Today."),
    ("Okafor: Ferry Fares Will Not Rise, Port Was ‘Mismanaged’",
     "mixed", "Okafor", "Ferry Fares Will Not Rise, Port Was ‘Mismanaged’"),
    ("Mayor Ruiz questions the cost of the bridge ahead of the vote",
     "indirect", "Mayor Ruiz", "the cost of the bridge"),
    ("The Latest: Ana Ruiz Says Ferries Will Run By April",
     "indirect", "Ana Ruiz", "Ferries Will Run By April"),
]


@pytest.mark.parametrize("headline,kind,source,content", CASES)
def test_headline_statements(pipeline, headline, kind, source, content):
    res = pipeline.extract(Article(text=headline + BODY))
    heads = [s for s in res.statements if s.content.start < len(headline)]
    assert [(s.kind, s.source.text, s.content.text) for s in heads] == [(kind, source, content)]
    assert heads[0].method == "headline"


@pytest.mark.parametrize("headline", [
    "Poll: Wealthy Voters Abandon Party Over Taxes",
    "Harbour Traffic Grows As Ferries Return",
    "The Latest: Storm Closes The Northern Ports",
])
def test_headlines_without_a_statement(pipeline, headline):
    res = pipeline.extract(Article(text=headline + BODY))
    assert not [s for s in res.statements if s.content.start < len(headline)]
