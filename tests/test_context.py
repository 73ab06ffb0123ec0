"""The statement-context stage: said_on, venue, responds_to/stance, claim_type, demand lists.

Tables are (text, ..., expected) with negative cases (None) next to the positive ones. Statements
are built by hand (content / cue / source substrings), so the tests do not depend on the engine.
The spaCy model is loaded once per session (onrecord.nlp.load is cached).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from onrecord.model import Evidence, Span, Speaker, Statement
from onrecord.extract import context

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "context"
SEED = ROOT.parent / "shared" / "seed"


def _ev(text: str, sub: str | None, after: int = 0) -> Evidence | None:
    if not sub:
        return None
    a = text.lower().index(sub.lower(), after)
    sub = text[a:a + len(sub)]
    return Evidence.from_spans(text, [Span(a, a + len(sub))])


def stmt(text, sid, speaker, content, cue=None, source=None, kind="indirect", after=0):
    """A statement whose cue and source are looked for in the content's own line."""
    c = _ev(text, content, after)
    line = text.rfind("\n", 0, c.start) + 1
    return Statement(id=sid, kind=kind, content=c, cue=_ev(text, cue, line) if cue else None,
                     source=_ev(text, source, line) if source else None,
                     speaker=Speaker(speaker))


def one(text, published, content, cue, source="the minister", kind="indirect"):
    st = stmt(text, "s0", "Minister", content, cue, source, kind)
    return context.annotate(text, [st], published)[0]


# --------------------------------------------------------------------------- said_on

WED = "2024-05-08"  # a Wednesday
SAID_ON = [
    # (text, published, content, cue, expected value, expected precision)
    ("Yesterday the minister said taxes would rise.", WED, "taxes would rise", "said",
     "2024-05-07", "day"),
    ("The minister said on Monday that taxes would rise.", WED, "taxes would rise", "said",
     "2024-05-06", "day"),
    ("The minister said on Wednesday that taxes would rise.", WED, "taxes would rise", "said",
     "2024-05-08", "day"),  # wire usage: the publication day itself
    ("The minister told reporters today that taxes would rise.", WED, "taxes would rise",
     "told", "2024-05-08", "day"),
    ("The minister said earlier this week that taxes would rise.", WED, "taxes would rise",
     "said", "week of 2024-05-06", "week"),
    ("The minister said last week that taxes would rise.", WED, "taxes would rise", "said",
     "week of 2024-04-29", "week"),
    ("\u201cTaxes will rise,\u201d the minister said last month.", WED, "Taxes will rise", "said",
     "2024-04", "month"),
    ("On 8 February, the minister said taxes would rise.", WED, "taxes would rise", "said",
     "2024-02-08", "day"),
    ("On 8 February, the minister said taxes would rise.", "2024-01-10", "taxes would rise",
     "said", "2023-02-08", "day"),  # the most recent 8 February not after publication
    ("On March 3, 2021, the minister said taxes would rise.", WED, "taxes would rise", "said",
     "2021-03-03", "day"),
    ("The minister said in 2019 that taxes would rise.", WED, "taxes would rise", "said",
     "2019", "year"),
    ("Two days ago the minister said taxes would rise.", WED, "taxes would rise", "said",
     "2024-05-06", "day"),
    ("Speaking to reporters on Tuesday, the minister said taxes would rise.", WED,
     "taxes would rise", "said", "2024-05-07", "day"),
    ("The minister hit back on Monday, saying taxes would rise.", WED, "taxes would rise",
     "saying", "2024-05-06", "day"),
    # negatives: the date is in the content, belongs to another verb, or cannot be grounded
    ("The minister said taxes would rise on Monday.", WED, "taxes would rise on Monday", "said",
     None, None),
    ("The minister said the vote would be held on 1 June.", WED,
     "the vote would be held on 1 June", "said", None, None),
    ("The minister, who arrived in Paris on Monday, said taxes would rise.", WED,
     "taxes would rise", "said", None, None),
    ("In an interview recorded last week, the minister said taxes would rise.", WED,
     "taxes would rise", "said", None, None),
    ("PARIS, May 8 (Wire) - The minister said taxes would rise.", WED, "taxes would rise",
     "said", None, None),
    ("The minister said on Monday that taxes would rise.", None, "taxes would rise", "said",
     None, None),  # no publication date: a weekday cannot be grounded
    ("In April, the minister says, taxes will rise.", WED, "taxes will rise", "says", None,
     None),  # parenthetical attribution: the date is the content's
    ("The minister says taxes are too high.", WED, "taxes are too high", "says", None, None),
]


@pytest.mark.parametrize("text,pub,content,cue,value,precision", SAID_ON)
def test_said_on(text, pub, content, cue, value, precision):
    s = one(text, pub, content, cue)
    if value is None:
        assert s.said_on is None
    else:
        assert (s.said_on.value, s.said_on.precision) == (value, precision)
        a, b = s.said_on.spans[0].start, s.said_on.spans[0].end
        assert text[a:b] == s.said_on.text


def test_date_in_content_is_not_date_of_saying():
    text = "The minister said on Tuesday that the referendum took place on 4 March."
    s = one(text, WED, "the referendum took place on 4 March", "said")
    assert s.said_on.value == "2024-05-07"


def test_carry_within_run_and_at_the_time():
    text = ("Anna Berg said on Monday that the plant would close.\n"
            "\u201cIt is a sad day,\u201d Berg said.\n"
            "\u201cWe tried everything.\u201d\n"
            "Tom Reed said the decision was expected.\n"
            "Reed had said at the time that talks were going nowhere.\n")
    sts = [stmt(text, "s0", "Anna Berg", "the plant would close", "said", "Anna Berg"),
           stmt(text, "s1", "Anna Berg", "It is a sad day", "said", "Berg", "direct"),
           stmt(text, "s2", "Anna Berg", "We tried everything.", None, None, "direct"),
           stmt(text, "s3", "Tom Reed", "the decision was expected", "said", "Tom Reed"),
           stmt(text, "s4", "Tom Reed", "talks were going nowhere", "had said", "Reed")]
    out = context.annotate(text, sts, WED)
    assert [o.said_on.value if o.said_on else None for o in out] == \
        ["2024-05-06", "2024-05-06", "2024-05-06", None, "2024-05"]
    assert out[4].said_on.precision == "month" and out[4].said_on.text == "at the time"


def test_occasion_resumes_after_another_speaker_until_the_speaker_leaves_it():
    """A speaker's occasion carries over another speaker's statement (ANNOTATION.md: a date
    carries to every statement of the same occasion), not to that other speaker, and a
    present-tense cue (a standing view) leaves it."""
    text = ("Anna Berg said on Monday that the plant would close.\n"
            "Tom Reed said the decision was expected.\n"
            "Berg said workers would be paid.\n"
            "Berg says she still hopes for a buyer.\n"
            "Berg said the site would be sold.\n")
    sts = [stmt(text, "s0", "Anna Berg", "the plant would close", "said", "Anna Berg"),
           stmt(text, "s1", "Tom Reed", "the decision was expected", "said", "Tom Reed"),
           stmt(text, "s2", "Anna Berg", "workers would be paid", "said", "Berg"),
           stmt(text, "s3", "Anna Berg", "she still hopes for a buyer", "says", "Berg"),
           stmt(text, "s4", "Anna Berg", "the site would be sold", "said", "Berg")]
    out = context.annotate(text, sts, WED)
    assert [o.said_on.value if o.said_on else None for o in out] == \
        ["2024-05-06", None, "2024-05-06", None, None]
    assert out[0].occasion == out[2].occasion and out[1].occasion is None


# --------------------------------------------------------------------------- venue

VENUES = [
    # (text, content, cue, type, outlet, place)
    ("The minister told CNN on Sunday that taxes would rise.", "taxes would rise", "told",
     "tv_interview", "CNN", None),
    ("The minister said in a statement that taxes would rise.", "taxes would rise", "said",
     "statement", None, None),
    ("\u201cTaxes will rise,\u201d the minister wrote on Facebook.", "Taxes will rise", "wrote",
     "social_media", "Facebook", None),
    ("The minister said at a press conference in Berlin that taxes would rise.",
     "taxes would rise", "said", "press_conference", None, "Berlin"),
    ("The minister told parliament that taxes would rise.", "taxes would rise", "told",
     "parliament", None, None),
    ("The minister told the court that he was innocent.", "he was innocent", "told", "court",
     None, None),
    ("In an interview with the Financial Times, the minister said taxes would rise.",
     "taxes would rise", "said", "print_interview", "Financial Times", None),
    ("The minister told French radio station Europe 1 that taxes would rise.",
     "taxes would rise", "told", "radio_interview", None, None),
    ("In a speech to supporters in Ohio, the minister said taxes would rise.",
     "taxes would rise", "said", "speech", None, "Ohio"),
    ("The minister said in an interview with Bloomberg TV that taxes would rise.",
     "taxes would rise", "said", "tv_interview", "Bloomberg", None),
    ("The minister said in a radio interview that taxes would rise.", "taxes would rise",
     "said", "radio_interview", None, None),
    ("In a Facebook post, the minister said taxes would rise.", "taxes would rise", "said",
     "social_media", "Facebook", None),
    ("The minister said taxes would rise, speaking at a summit in Davos on Wednesday.",
     "taxes would rise", "said", "speech", None, "Davos"),  # ANNOTATION.md: remarks at a summit
    # negatives
    ("Speaking on condition of anonymity, the minister said taxes would rise.",
     "taxes would rise", "said", None, None, None),
    ("The minister said the deal was signed at a press conference in Berlin.",
     "the deal was signed at a press conference in Berlin", "said", None, None, None),
    ("The minister\u2019s statement on Saturday that taxes would rise drew criticism.",
     "taxes would rise", "statement", None, None, None),
    ("The minister told reporters that taxes would rise.", "taxes would rise", "told", None,
     None, None),
]


@pytest.mark.parametrize("text,content,cue,vtype,outlet,place", VENUES)
def test_venue(text, content, cue, vtype, outlet, place):
    s = one(text, WED, content, cue)
    if vtype is None:
        assert s.venue is None
        return
    assert s.venue is not None and s.venue.type == vtype
    if outlet:
        assert outlet in (s.venue.outlet or "")
    if place:
        assert s.venue.place == place
    a, b = s.venue.spans[0].start, s.venue.spans[0].end
    assert text[a:b] == s.venue.text


def test_venue_carries_and_backfills_the_lede():
    text = ("Anna Berg said on Monday that the plant would close.\n"
            "In an interview with CNN, Berg said workers would be paid.\n"
            "\u201cWe tried everything,\u201d she said.\n")
    sts = [stmt(text, "s0", "Anna Berg", "the plant would close", "said", "Anna Berg"),
           stmt(text, "s1", "Anna Berg", "workers would be paid", "said", "Berg"),
           stmt(text, "s2", "Anna Berg", "We tried everything", "said", "she", "direct")]
    out = context.annotate(text, sts, WED)
    assert [o.venue.outlet if o.venue else None for o in out] == ["CNN", "CNN", "CNN"]
    assert [o.said_on.value for o in out] == ["2024-05-06"] * 3


# --------------------------------------------------------------------------- responses

A = "Prime Minister Jo Park said on Monday that the retirement age should rise to 70."
RESPONSES = [
    # (second paragraph, content, cue, source, responds_to, stance)
    ("Union leader Sam Cole criticised the proposal, saying it would hurt workers.",
     "it would hurt workers", "saying", "Union leader Sam Cole", "s0", "against"),
    ("Business lobby head Sam Cole welcomed the plan, saying it was overdue.",
     "it was overdue", "saying", "Business lobby head Sam Cole", "s0", "favor"),
    ("Responding to Park, Sam Cole said the figures were wrong.", "the figures were wrong",
     "said", "Sam Cole", "s0", "neutral"),
    ("Sam Cole said Park's remarks were unacceptable.", "Park's remarks were unacceptable",
     "said", "Sam Cole", "s0", "against"),
    # negatives: no reaction cue / a reaction aimed at something other than a statement
    ("Sam Cole said the weather was fine.", "the weather was fine", "said", "Sam Cole", None,
     None),
    ("Sam Cole criticised the government's handling of the floods, saying it was slow.",
     "it was slow", "saying", "Sam Cole", None, None),
]


@pytest.mark.parametrize("para,content,cue,source,target,stance", RESPONSES)
def test_responds_to(para, content, cue, source, target, stance):
    text = A + "\n" + para + "\n"
    sts = [stmt(text, "s0", "Jo Park", "the retirement age should rise to 70", "said",
                "Prime Minister Jo Park"),
           stmt(text, "s1", "Sam Cole", content, cue, source, after=len(A))]
    out = context.annotate(text, sts, WED)
    assert out[0].responds_to is None
    assert (out[1].responds_to, out[1].stance) == (target, stance)


def test_response_continues_and_controversy_target():
    text = (A + "\n"
            "Park added that pensions were unaffordable.\n"
            "Union leader Sam Cole blasted the idea.\n"
            "\u201cThis is theft,\u201d Cole said.\n"
            "Economist Lee Ng, reacting on Twitter, said the plan was sensible.\n")
    sts = [stmt(text, "s0", "Jo Park", "the retirement age should rise to 70", "said",
                "Prime Minister Jo Park"),
           stmt(text, "s1", "Jo Park", "pensions were unaffordable", "added", "Park"),
           stmt(text, "s2", "Sam Cole", "the idea", "blasted", "Union leader Sam Cole"),
           stmt(text, "s3", "Sam Cole", "This is theft", "said", "Cole", "direct"),
           stmt(text, "s4", "Lee Ng", "the plan was sensible", "said", "Economist Lee Ng")]
    out = context.annotate(text, sts, WED)
    assert [(o.responds_to, o.stance) for o in out] == [
        (None, None), (None, None), ("s0", "against"), ("s0", "against"), ("s0", "neutral")]
    assert out[4].venue.outlet == "Twitter"


# --------------------------------------------------------------------------- claim types

CLAIMS = [
    # (text, content, cue, kind, expected)
    ("Cole said talks could resume only if the strike ended.",
     "talks could resume only if the strike ended", "said", "indirect", "condition"),
    ("Cole said there would be no deal unless wages rose.",
     "there would be no deal unless wages rose", "said", "indirect", "condition"),
    ("Cole denied that he had met the minister.", "he had met the minister", "denied",
     "indirect", "denial"),
    ("Cole urged the government to act.", "the government to act", "urged", "indirect",
     "demand"),
    ("\u201cThe government must act now,\u201d Cole said.", "The government must act now",
     "said", "direct", "demand"),
    ("Cole proposed a four-day week.", "a four-day week", "proposed", "indirect", "proposal"),
    ("\u201cPrices will fall next year,\u201d Cole said.", "Prices will fall next year", "said",
     "direct", "prediction"),
    ("\u201cWho pays for this?\u201d Cole asked.", "Who pays for this?", "asked", "direct",
     "question"),
    ("Cole slammed the plan as reckless.", "the plan as reckless", "slammed", "indirect",
     "criticism"),
    ("\u201cThe factory employs 300 people,\u201d Cole said.", "The factory employs 300 people",
     "said", "direct", "assertion"),
    ("Asked about the row, Cole said she was focused on work.", "she was focused on work",
     "said", "indirect", "assertion"),
]


@pytest.mark.parametrize("text,content,cue,kind,expected", CLAIMS)
def test_claim_type(text, content, cue, kind, expected):
    assert one(text, WED, content, cue, source="Cole", kind=kind).claim_type == expected


# --------------------------------------------------------------------------- demands

def test_find_demands():
    text = ("The union said it would keep pressing the company on its three demands. "
            "These include a 5% pay rise, shorter shifts, and two new hires.\n")
    st = stmt(text, "s0", "union", "it would keep pressing the company on its three demands",
              "said", "The union")
    d = context.find_demands(text, [st])
    assert len(d) == 1
    assert d[0]["stated_by"] == "s0"
    assert [i["text"] for i in d[0]["items"]] == ["a 5% pay rise", "shorter shifts",
                                                  "two new hires"]
    for i in d[0]["items"]:
        a, b = i["spans"][0]
        assert text[a:b] == i["text"]


def test_no_demands_without_a_list():
    text = "The union said its demands were reasonable.\n"
    st = stmt(text, "s0", "union", "its demands were reasonable", "said", "The union")
    assert context.find_demands(text, [st]) == []


# --------------------------------------------------------------------------- fixtures

def _bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_context
    return bench_context


def test_fixture_set_size():
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in FIX.glob("*.json")]
    assert len(golds) >= 6 and sum(len(g["statements"]) for g in golds) >= 30
    for p in FIX.glob("*.json"):
        assert p.with_suffix(".txt").exists()


@pytest.fixture(scope="module")
def fixture_scores():
    b = _bench()
    pairs = []
    for group, text, gold in b.load_articles(include_seed=False):
        pub = gold["article"]["published"]
        pairs += b.align(text, gold, context.annotate(text, b.gold_statements(text, gold), pub))
    return b.score(pairs)


@pytest.mark.parametrize("field", ["said_on", "venue", "responds_to", "stance", "claim_type"])
def test_fixture_precision(fixture_scores, field):
    r = fixture_scores[field]
    assert r["predicted"] > 0 and r["precision"] >= 0.9, r


def test_seed():
    if not (SEED / "gold.json").exists():
        pytest.skip("seed not beside the project")
    b = _bench()
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))
    out = {s.id: s for s in context.annotate(text, b.gold_statements(text, gold),
                                               gold["article"]["published"])}
    g = {s["id"]: s for s in gold["statements"]}
    ok = sum(1 for k, s in g.items() if s["said_on"] and out[k].said_on
             and out[k].said_on.value == s["said_on"])
    assert ok >= 12
    for k in ("s1", "s2", "s3", "s4", "s6", "s7", "s8", "s9", "s14"):
        assert out[k].venue is not None, k
    assert out["s2"].venue.outlet == "TF1" and out["s6"].venue.outlet == "Twitter"
    assert out["s14"].venue.type == "press_conference" and out["s14"].venue.place == "Moscow"
    for k in ("s5", "s6", "s7", "s8", "s9"):
        assert (out[k].responds_to, out[k].stance) == ("s1", "against"), k
    assert (out["s15"].responds_to, out["s15"].stance) == ("s14", "against")
    d = context.find_demands(text, list(out.values()))
    assert d and d[0]["holder"] == "Russia" and d[0]["stated_by"] == "s14"
    assert len(d[0]["items"]) == 3


def test_lead_in_reaction_and_present_tense():
    text = ("Jo Park said on Monday that the plan was fair.\n"
            "Sam Cole shrugs off the criticism. \u201cPark is wrong,\u201d Cole told me.\n"
            "Cole says the shop will reopen.\n")
    sts = [stmt(text, "s0", "Jo Park", "the plan was fair", "said", "Jo Park"),
           stmt(text, "s1", "Sam Cole", "Park is wrong", "told", "Cole", "direct"),
           stmt(text, "s2", "Sam Cole", "the shop will reopen", "says", "Cole")]
    out = context.annotate(text, sts, WED)
    assert (out[1].responds_to, out[1].stance) == ("s0", "against")
    assert out[2].responds_to is None and out[2].said_on is None  # present tense: new topic


def test_spokesman_and_returning_respondent_continue():
    text = ("Jo Park proposed a new tax on Monday.\n"
            "The Green Party rejected the proposal as unfair.\n"
            "\u201cIt hits the poor,\u201d party spokesman Lee Ng said.\n"
            "Analyst Kim Roe said markets were calm.\n"
            "The Green Party said it would fight the plan in parliament.\n")
    sts = [stmt(text, "s0", "Jo Park", "a new tax", "proposed", "Jo Park"),
           stmt(text, "s1", "Green Party", "the proposal as unfair", "rejected",
                "The Green Party"),
           stmt(text, "s2", "Lee Ng", "It hits the poor", "said", "party spokesman Lee Ng",
                "direct"),
           stmt(text, "s3", "Kim Roe", "markets were calm", "said", "Analyst Kim Roe"),
           stmt(text, "s4", "Green Party", "it would fight the plan in parliament", "said",
                "The Green Party")]
    sts[2] = sts[2].replace(speaker=Speaker("Lee Ng", affiliation="Green Party"))
    out = context.annotate(text, sts, WED)
    assert [(o.responds_to, o.stance) for o in out] == [
        (None, None), ("s0", "against"), ("s0", "against"), (None, None), ("s0", "against")]
