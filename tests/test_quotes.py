"""Quotation-mark spans on raw text (no model needed)."""
import pytest

from onrecord.extract.quotes import find_quotes
from onrecord.nlp import split_blocks


def quotes(text):
    return [[text[a:b] for a, b in q.spans] for q in find_quotes(text, split_blocks(text))]


@pytest.mark.parametrize("text,expected", [
    ('“We are ready,” she said.', [["We are ready"]]),
    ('"We are ready," she said.', [["We are ready"]]),
    ("He said: “It ends today.”", [["It ends today."]]),
    # split by its cue: two quotes here, joined into one statement by the attribution stage
    ('“First part,” he said, “second part.”', [["First part"], ["second part."]]),
    # inner single marks and a mismatched straight closer do not break the outer quote
    ("“on ‘who is the one to blame,'” Podolyak explained.", [["on ‘who is the one to blame,'"]]),
    # a quote over two paragraphs: no closing mark until the last one
    ("“One paragraph.\n“And another,” she said.", [["One paragraph.", "And another"]]),
    # an unclosed quote ends with its paragraph when the next one does not reopen
    ("“Never closed\nPlain text follows.", [["Never closed"]]),
    ("The ''digraph quote,'' he said.", [["digraph quote"]]),
    # negatives: apostrophes and single scare quotes are not quotations
    ("It's the mayor's plan, not 'ours'.", []),
    ("No quotes at all.", []),
    ("", []),
])
def test_find_quotes(text, expected):
    assert quotes(text) == expected


def test_unclosed_flag():
    text = "“Never closed"
    (q,) = find_quotes(text, split_blocks(text))
    assert not q.closed


def test_stray_mark_is_an_unclosed_quote_not_an_error():
    text = 'Just one stray " mark.'
    (q,) = find_quotes(text, split_blocks(text))
    assert not q.closed and text[q.start:q.end] == "mark."
