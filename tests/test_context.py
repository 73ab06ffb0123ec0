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
    ("Rivals and the minister clashed over the budget Tuesday, each touting a record and "
     "saying the other had failed.", WED, "the other had failed", "saying", "2024-05-07",
     "day"),
    # resolved by dateparser, with the annotation conventions set through its base date
    ("The minister said Tuesday night that taxes would rise.", WED, "taxes would rise", "said",
     "2024-05-07", "day"),
    ("The minister said last Wednesday that taxes would rise.", WED, "taxes would rise", "said",
     "2024-05-01", "day"),  # "last" counts back from the publication day
    ("The minister said earlier this month that taxes would rise.", WED, "taxes would rise",
     "said", "2024-05", "month"),
    ("The minister said in April that taxes would rise.", WED, "taxes would rise", "said",
     "2024-04", "month"),
    ("In an August speech, the minister said taxes would rise.", WED, "taxes would rise", "said",
     "2023-08", "month"),  # the latest August not after publication
    ("In a 2015 interview, the minister said taxes would rise.", WED, "taxes would rise", "said",
     "2015", "year"),
    ("The minister said this weekend that taxes would rise.", "2024-05-13", "taxes would rise",
     "said", "week of 2024-05-06", "week"),  # a Monday paper: the weekend just past
    ("In a statement issued Tuesday morning, the minister said taxes would rise.", WED,
     "taxes would rise", "said", "2024-05-07", "day"),  # a published statement's day
    # negatives: the date is in the content, belongs to another verb, or cannot be grounded
    ("The minister said earlier this year that taxes would rise.", WED, "taxes would rise",
     "said", None, None),  # too vague (ANNOTATION.md)
    ("The minister told USA TODAY that taxes would rise.", WED, "taxes would rise", "told", None,
     None),  # a newspaper, not "today"
    ("In an interview with Trending Today USA, the minister said taxes would rise.", WED,
     "taxes would rise", "said", None, None),  # a show's name, not "today"
    ("Today, the minister said taxes would rise.", WED, "taxes would rise", "said",
     "2024-05-08", "day"),
    ("\u201cTaxes will rise,\u201d the minister told CBS' Face the Nation on Sunday.", WED,
     "Taxes will rise", "told", "2024-05-05", "day"),  # the programme in the venue, its day after
    ("The minister told ABC's This Week that taxes would rise.", WED, "taxes would rise", "told",
     None, None),  # a programme's name, not "this week"
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
    ("\u201cTaxes will rise,\u201d the minister told me on Friday.", "Taxes will rise", "told",
     "print_interview", None, None),  # the writer's own interview
    ("The minister rejected the request in a ruling released Thursday.", "the request",
     "rejected", "court", None, None),
    ("The minister said in a brief interview that taxes would rise.", "taxes would rise",
     "said", "other", None, None),  # an interview of unknown medium, not a court brief
    ("As the candidates took the debate stage, the minister said taxes would rise.",
     "taxes would rise", "said", "debate", None, None),
    ("The minister said during a \u201cVeterans Forum\u201d that taxes would rise.",
     "taxes would rise", "said", "speech", None, None),  # a quoted title after the preposition
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
    ("The minister said at a campaign rally in Leeds that taxes would rise.", "taxes would rise",
     "said", "rally", None, "Leeds"),
    ("The minister said during the debate last week that taxes would rise.", "taxes would rise",
     "said", "debate", None, None),
    ("During a CNN town hall, the minister said taxes would rise.", "taxes would rise", "said",
     "tv_interview", "CNN", None),
    ("The minister said on Fox News\u2019s \u201cFox and Friends\u201d that taxes would rise.",
     "taxes would rise", "said", "tv_interview", "Fox News", None),
    ("The minister told The Laura Ingraham\u00a0Show that taxes would rise.", "taxes would rise",
     "told", "radio_interview", "Laura Ingraham", None),  # a non-breaking space in the name
    ("The minister told a crowd in Cleveland that taxes would rise.", "taxes would rise", "told",
     "rally", None, "Cleveland"),
    ("The minister said at a hearing that taxes would rise.", "taxes would rise", "said",
     "parliament", None, None),
    ("The minister said at an event held by the chamber of commerce that taxes would rise.",
     "taxes would rise", "said", "speech", None, None),
    ("In interviews, the minister has said taxes would rise.", "taxes would rise", "has said",
     "other", None, None),
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
    # a bare "agreed"/"replied" names nothing it answers: no guess at the statement before
    ("Sam Cole agreed that pensions needed reform, but said the debate should wait.",
     "pensions needed reform", "agreed", "Sam Cole", None, None),
    ("Sam Cole hit back, saying the plan would hurt workers.", "the plan would hurt workers",
     "saying", "Sam Cole", "s0", "against"),  # a rebuttal answers what was just said
    ("Sam Cole, angered, called on Park to stop attacking the unions.",
     "Park to stop attacking the unions", "called on", "Sam Cole", None, None),  # a demand of Park
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
    # the grammar of the content's main clause (issue 9)
    ("\u201cIf the bank cannot be managed, it should be broken up,\u201d Cole said.",
     "If the bank cannot be managed, it should be broken up", "said", "direct", "condition"),
    ("Cole said she would cut the fee.", "she would cut the fee", "said", "indirect",
     "proposal"),  # the speaker's own future: a promise
    ("Cole said prices would fall next year.", "prices would fall next year", "said",
     "indirect", "prediction"),
    ("\u201cMy name may not be on the ballot,\u201d Cole said.", "My name may not be on the ballot",
     "said", "direct", "assertion"),  # concessive "may"
    ("\u201cI must tell you that the plant is closed,\u201d Cole said.",
     "I must tell you that the plant is closed", "said", "direct", "assertion"),
    ("Cole said there needs to be a law on it.", "there needs to be a law on it", "said",
     "indirect", "demand"),
    ("Cole said the union shares the belief that every child should learn to swim.",
     "the union shares the belief that every child should learn to swim", "said", "indirect",
     "assertion"),  # the obligation is the belief's, not a demand of Cole's
    ("\u201cIt is a disgrace and a waste of time,\u201d Cole said.",
     "It is a disgrace and a waste of time", "said", "direct", "criticism"),
    ("Cole called the charges unsubstantiated.", "the charges unsubstantiated", "called",
     "indirect", "denial"),
    ("\u201cI\u2019ve got to ask you about the budget,\u201d Cole said.",
     "I\u2019ve got to ask you about the budget", "said", "direct", "question"),
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


# --------------------------------------------------------------------------- occasions (issue 9)

def _by(out):
    return {o.id: o for o in out}


def test_interview_named_after_the_lede_governs_the_rest():
    """The lede dates the statement, the next paragraph names the interview, and the quotes
    that follow (a new paragraph, "added", a continuation) are all from it."""
    text = ("Mayor Ana Ortiz said Tuesday that the harbour would reopen in April.\n"
            "\u201cWe are ready,\u201d Ortiz said in an interview with the Financial Times.\n"
            "Critic Tom Reed said the plan was rushed.\n"
            "\u201cThe ferries are booked,\u201d Ortiz added.\n"
            "\u201cEvery berth.\u201d\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the harbour would reopen in April", "said",
                "Mayor Ana Ortiz"),
           stmt(text, "s1", "Ana Ortiz", "We are ready", "said", "Ortiz", "direct"),
           stmt(text, "s2", "Tom Reed", "the plan was rushed", "said", "Critic Tom Reed"),
           stmt(text, "s3", "Ana Ortiz", "The ferries are booked", "added", "Ortiz", "direct"),
           stmt(text, "s4", "Ana Ortiz", "Every berth.", None, None, "direct")]
    res = context.run(sts, WED, context.TokenIndex.of_text(text))
    out = res.statements
    ortiz = [out[i] for i in (0, 1, 3, 4)]
    assert {o.occasion for o in ortiz} == {"o1"} and out[2].occasion is None
    assert [o.said_on.value for o in ortiz] == ["2024-05-07"] * 4
    assert [o.venue.type for o in ortiz] == ["print_interview"] * 4
    assert out[2].said_on is None and out[2].venue is None
    (occ,) = res.occasions
    assert occ.id == "o1" and occ.venue.outlet == "Financial Times"
    assert occ.said_on.value == "2024-05-07"
    for sp in occ.spans:  # evidence: the words that introduce it
        assert text[sp.start:sp.end] in ("Tuesday", "in an interview with the Financial Times")


def test_a_quote_naming_the_interview_takes_in_the_speakers_statements_just_before():
    """The interview is named where the article gets to it; the same speaker's statements
    right before it, no one else between, were made in it — not a statement before someone
    else's."""
    text = ("Critic Tom Reed said last month that the plan was rushed.\n"
            "\u201cWe are ready,\u201d said Ana Ortiz, the mayor.\n"
            "Ortiz said the ferries were booked.\n"
            "\u201cEvery berth is taken,\u201d she said in an interview on Monday.\n")
    sts = [stmt(text, "s0", "Tom Reed", "the plan was rushed", "said", "Critic Tom Reed"),
           stmt(text, "s1", "Ana Ortiz", "We are ready", "said", "Ana Ortiz", "direct"),
           stmt(text, "s2", "Ana Ortiz", "the ferries were booked", "said", "Ortiz"),
           stmt(text, "s3", "Ana Ortiz", "Every berth is taken", "said", "she", "direct")]
    out = context.run(sts, WED, context.TokenIndex.of_text(text)).statements
    assert [o.occasion for o in out] == ["o1", "o2", "o2", "o2"]  # o1: Reed's, last month
    assert [o.venue.type if o.venue else None for o in out] == [None, "other", "other", "other"]
    assert [o.said_on.value for o in out[1:]] == ["2024-05-06"] * 3
    assert out[0].said_on.value == "2024-04"


def test_hearing_is_everyones_occasion_but_not_the_companys():
    text = ("Senator Jo Park pressed bank chief Sam Cole on Tuesday over the fees that thousands "
            "of customers were charged for accounts they never opened, a practice the bank ended "
            "last month.\n"
            "\u201cYou should resign,\u201d Park told Cole.\n"
            "Cole said earlier in the committee hearing that the fees were legal.\n"
            "Senator Lee Ng said the fees were a scandal.\n"
            "The bank said it had refunded customers.\n"
            "In a statement issued Tuesday, the governor Kim Roe said the fees were unfair.\n")
    sts = [stmt(text, "s0", "Jo Park", "bank chief Sam Cole on Tuesday over the fees", "pressed",
                "Senator Jo Park"),  # an object construction: its adjuncts are the saying's
           stmt(text, "s1", "Jo Park", "You should resign", "told", "Park", "direct"),
           stmt(text, "s2", "Sam Cole", "the fees were legal", "said", "Cole"),
           stmt(text, "s3", "Lee Ng", "the fees were a scandal", "said", "Senator Lee Ng"),
           stmt(text, "s4", "bank", "it had refunded customers", "said", "The bank"),
           stmt(text, "s5", "Kim Roe", "the fees were unfair", "said", "the governor Kim Roe")]
    sts[4] = sts[4].replace(speaker=Speaker("bank", type="organization"))
    out = context.annotate(text, sts, WED)
    assert [o.venue.type if o.venue else None for o in out] == \
        ["parliament"] * 4 + [None, "statement"]
    assert [o.said_on.value if o.said_on else None for o in out] == \
        ["2024-05-07"] * 4 + [None, "2024-05-07"]
    assert len({o.occasion for o in out[:4]}) == 1 and out[5].occasion != out[0].occasion


def test_group_press_conference_and_a_speaker_of_another_time():
    text = ("Lawmakers said Friday afternoon that the ruling was an insult.\n"
            "Members of the caucus held a press conference Friday afternoon, shortly after "
            "Governor Sam Cole said the ruling was fair.\n"
            "\u201cIt is a dark day,\u201d Rep. Jo Park said.\n")
    sts = [stmt(text, "s0", "lawmakers", "the ruling was an insult", "said", "Lawmakers"),
           stmt(text, "s1", "Sam Cole", "the ruling was fair", "said", "Governor Sam Cole"),
           stmt(text, "s2", "Jo Park", "It is a dark day", "said", "Rep. Jo Park", "direct")]
    sts[0] = sts[0].replace(speaker=Speaker("lawmakers", type="group"))
    out = context.annotate(text, sts, "2024-05-10")  # a Friday
    assert out[0].venue.type == out[2].venue.type == "press_conference"
    assert out[0].occasion == out[2].occasion
    assert out[1].venue is None  # "shortly after … said": another time, not a participant


def test_same_day_copy_dates_statements_without_an_occasion():
    text = ("Twenty people were hurt tonight in a fire in the old town.\n"
            "Fire chief Ana Ortiz said the cause was not known.\n"
            "Residents have said the alarms failed.\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the cause was not known", "said",
                "Fire chief Ana Ortiz"),
           stmt(text, "s1", "residents", "the alarms failed", "have said", "Residents")]
    out = context.annotate(text, sts, WED)
    assert out[0].said_on.value == WED and out[0].said_on.text == "tonight"
    assert out[0].venue is None and out[1].said_on is None  # perfect: no day of its own
    # a lede dated before the day of publication dates nothing it does not name
    earlier = text.replace("tonight", "on Monday")
    assert context.annotate(earlier, [stmt(earlier, "s0", "Ana Ortiz", "the cause was not known",
                                           "said", "Fire chief Ana Ortiz")], WED)[0].said_on is None


def test_live_blog_entries_are_their_own_occasions():
    text = ("The Latest: Storm hits the coast.\n"
            "3:15 p.m.\n"
            "Governor Ana Ortiz says the roads are closed.\n"
            "Ortiz says at a news conference in Tampa that shelters are open.\n"
            "___\n"
            "2:40 p.m.\n"
            "Ortiz says help is on the way.\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the roads are closed", "says", "Governor Ana Ortiz"),
           stmt(text, "s1", "Ana Ortiz", "shelters are open", "says", "Ortiz"),
           stmt(text, "s2", "Ana Ortiz", "help is on the way", "says", "Ortiz",
                after=text.index("2:40"))]
    out = context.annotate(text, sts, WED)
    assert [o.said_on.value for o in out] == [WED] * 3  # present tense of the day's entries
    assert out[0].venue.type == out[1].venue.type == "press_conference"  # the entry's lede
    assert out[2].venue is None and out[2].occasion != out[0].occasion
    assert out[2].said_on.text == "2:40 p.m."


def test_a_live_blogs_present_tense_is_the_entrys_day_not_an_older_occasion():
    text = ("The Latest: The debate fallout.\n"
            "3:15 p.m.\n"
            "At Monday\u2019s debate, Ana Ortiz criticised the tax plan.\n"
            "Ortiz says the plan is \u201ca disaster for families.\u201d\n"
            "___\n"
            "1:10 p.m.\n"
            "The storm has passed.\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the tax plan", "criticised", "Ana Ortiz"),
           stmt(text, "s1", "Ana Ortiz", "the plan is \u201ca disaster for families.\u201d",
                "says", "Ortiz", "mixed")]
    out = context.annotate(text, sts, WED)
    assert out[0].said_on.value == "2024-05-06" and out[0].venue.type == "debate"
    assert out[1].said_on.value == WED and out[1].occasion != out[0].occasion


def test_transcript_turns_share_the_interview_and_answer_the_questions():
    text = ("On Sunday\u2019s broadcast of \u201cMeet the Press,\u201d Governor Ana Ortiz said the "
            "budget was balanced.\n"
            "HOST: Will you raise taxes?\n"
            "ORTIZ: No. We will cut spending.\n"
            "HOST: Thank you, Governor.\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the budget was balanced", "said", "Governor Ana Ortiz"),
           stmt(text, "s1", "host", "Will you raise taxes?", None, "HOST", "direct"),
           stmt(text, "s2", "Ana Ortiz", "No. We will cut spending.", None, "ORTIZ", "direct"),
           stmt(text, "s3", "host", "Thank you, Governor.", None, "HOST", "direct")]
    sts = [sts[0]] + [x.replace(method="transcript") for x in sts[1:]]
    out = context.annotate(text, sts, "2024-05-13")
    assert {o.occasion for o in out} == {"o1"}
    assert {o.venue.type for o in out} == {"tv_interview"}
    assert {o.said_on.value for o in out} == {"2024-05-12"}
    assert (out[2].responds_to, out[2].stance) == ("s1", "neutral")
    assert out[1].responds_to is None and out[3].responds_to is None


# --------------------------------------------------------------------------- replies (issue 9)

REPLIES = [
    # (text, statements (id, speaker, content, cue, source, kind), expected {id: (target, stance)})
    ("Ivanka Trump said the plan covers every mother.\n"
     "Donald Trump said the plan was fair.\n"
     "Economist Ann Bell said Ivanka Trump's statement left out fathers.\n",
     [("s0", "Ivanka Trump", "the plan covers every mother", "said", "Ivanka Trump", "indirect"),
      ("s1", "Donald Trump", "the plan was fair", "said", "Donald Trump", "indirect"),
      ("s2", "Ann Bell", "Ivanka Trump's statement left out fathers", "said",
       "Economist Ann Bell", "indirect")],
     {"s2": ("s0", "neutral")}),  # the surname shared, the first name tells whose
    ("Senator Jo Park said the subsidy would end in June.\n"
     "But Governor Sam Cole said the subsidy would stay.\n",
     [("s0", "Jo Park", "the subsidy would end in June", "said", "Senator Jo Park", "indirect"),
      ("s1", "Sam Cole", "the subsidy would stay", "said", "Governor Sam Cole", "indirect")],
     {"s1": ("s0", "against")}),
    ("Senator Jo Park said the subsidy would end in June.\n"
     "The subsidy costs a billion a year.\n"
     "But Governor Sam Cole said the subsidy would stay.\n",  # a contrast with the narrative
     [("s0", "Jo Park", "the subsidy would end in June", "said", "Senator Jo Park", "indirect"),
      ("s1", "Sam Cole", "the subsidy would stay", "said", "Governor Sam Cole", "indirect")],
     {"s1": (None, None)}),
    ("Democrats said the inquiry was a political ploy.\n"
     "Rep. Jo Park said that claim was absurd.\n",
     [("s0", "Democrats", "the inquiry was a political ploy", "said", "Democrats", "indirect"),
      ("s1", "Jo Park", "claim was absurd", "said", "Rep. Jo Park", "indirect")],
     {"s1": ("s0", "against")}),
    ("At a panel discussion, Sam Cole told a student who said that voting was pointless that "
     "\u201cvoting is never pointless.\u201d\n",
     [("s0", "student", "voting was pointless", "said", "a student", "indirect"),
      ("s1", "Sam Cole", "\u201cvoting is never pointless.\u201d", "told", "Sam Cole", "mixed")],
     {"s1": ("s0", "against")}),
    ("Governor Sam Cole described the mayor as a \u201cdisgrace\u201d after she blamed the "
     "police for the riots.\n",
     [("s0", "Sam Cole", "the mayor as a \u201cdisgrace\u201d", "described", "Governor Sam Cole",
       "mixed"),
      ("s1", "mayor", "the police for the riots", "blamed", "she", "indirect")],
     {"s0": ("s1", "against")}),
]


@pytest.mark.parametrize("text,specs,expected", REPLIES)
def test_reply_constructions(text, specs, expected):
    sts = [stmt(text, sid, spk, content, cue, src, kind) for sid, spk, content, cue, src, kind
           in specs]
    out = {o.id: o for o in context.annotate(text, sts, WED)}
    for sid, (target, stance) in expected.items():
        assert (out[sid].responds_to, out[sid].stance) == (target, stance), sid


def test_town_hall_answers_go_to_the_question():
    text = ("President Ana Ortiz responded to a nurse Wednesday night by saying the cuts were "
            "\u201cnot true.\u201d\n"
            "During a CNN town hall, nurse Jo Park had a question for the president.\n"
            "\u201cWhy are you cutting hospital budgets?\u201d Park said.\n"
            "\u201cWe are not cutting them,\u201d Ortiz said.\n"
            "\u201cWe are moving money to clinics,\u201d the president added.\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the cuts were \u201cnot true.\u201d", "saying",
                "President Ana Ortiz", "mixed"),
           stmt(text, "s1", "Jo Park", "Why are you cutting hospital budgets?", "said", "Park",
                "direct"),
           stmt(text, "s2", "Ana Ortiz", "We are not cutting them", "said", "Ortiz", "direct"),
           stmt(text, "s3", "Ana Ortiz", "We are moving money to clinics", "added",
                "the president", "direct")]
    sts = [x.replace(speaker=Speaker(x.speaker.name, type="person", role="President"
                                     if x.speaker.name == "Ana Ortiz" else "nurse")) for x in sts]
    out = context.annotate(text, sts, "2024-05-09")
    assert {o.occasion for o in out} == {"o1"}
    assert {o.venue.type for o in out} == {"tv_interview"} and out[0].venue.outlet == "CNN"
    assert {o.said_on.value for o in out} == {"2024-05-08"}
    assert [o.responds_to for o in out] == ["s1", None, "s1", "s1"]
    assert out[0].stance == "against"  # a denial


def test_headline_answers_what_its_body_statement_answers():
    text = ("Cole calls mayor a \u2018disgrace\u2019 over riot remarks\n"
            "Governor Sam Cole described the mayor as a \u201cdisgrace\u201d after she blamed the "
            "police for the riots.\n")
    sts = [stmt(text, "s0", "Sam Cole", "mayor a \u2018disgrace\u2019", "calls", "Cole", "mixed"),
           stmt(text, "s1", "Sam Cole", "the mayor as a \u201cdisgrace\u201d", "described",
                "Governor Sam Cole", "mixed"),
           stmt(text, "s2", "mayor", "the police for the riots", "blamed", "she")]
    sts[0] = sts[0].replace(method="headline")
    out = context.annotate(text, sts, WED)
    assert (out[0].responds_to, out[0].stance) == ("s2", "against")
    assert out[0].said_on is None and out[0].venue is None  # headlines are not dated


# --------------------------------------------------------------------------- the stage's plumbing

def test_pipeline_builds_one_index_and_fills_occasions(pipeline, monkeypatch):
    from onrecord import nlp
    from onrecord.model import Article, ArticleResult
    calls = []
    real = nlp.parse
    monkeypatch.setattr(nlp, "parse", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = ("Mayor Ana Ortiz said on Monday that the harbour would reopen in April.\n"
            "\u201cWe are ready,\u201d Ortiz told the BBC in an interview.\n"
            "\u201cThe ferries are booked.\u201d\n")
    res = pipeline.extract(Article(text=text, published=WED))
    assert len(calls) == 1  # the context stage reads the pipeline's parse, never its own
    assert res.occasions and all(s.occasion in {o.id for o in res.occasions}
                                 for s in res.statements)
    occ = res.occasions[0]
    assert occ.venue.type == "tv_interview" and occ.said_on.value == "2024-05-06"
    for s in res.statements:
        assert (s.said_on.value, s.venue.type) == (occ.said_on.value, occ.venue.type)
    back = ArticleResult.from_dict(res.as_dict(), text)
    assert [o.as_dict() for o in back.occasions] == [o.as_dict() for o in res.occasions]
    assert [s.occasion for s in back.statements] == [s.occasion for s in res.statements]


def test_demands_from_the_shared_index():
    text = ("The union said it would keep pressing the company on its three demands. "
            "These include a 5% pay rise, shorter shifts, and two new hires.\n")
    st = stmt(text, "s0", "union", "it would keep pressing the company on its three demands",
              "said", "The union")
    ix = context.TokenIndex.of_text(text)
    res = context.run([st], WED, ix)
    assert res.demands == context.find_demands(text, res.statements, ix)
    assert res.demands[0]["stated_by"] == "s0" and len(res.demands[0]["items"]) == 3


# --------------------------------------------------------------------------- speakers as reported

def unresolved(st, *candidates):
    """The statement as the speaker stage reports it below its threshold: no speaker, its
    candidates (the reading first)."""
    from onrecord.model import SpeakerCandidate
    return st.replace(speaker=None, speaker_candidates=tuple(SpeakerCandidate(c) for c in candidates))


def test_an_unresolved_speaker_keeps_its_voice():
    """Below the speaker threshold the speaker is null; the context rules read its first
    candidate, else its source mention — never a pronoun alone."""
    text = ("Democrats said the inquiry was a political ploy.\n"
            "Rep. Jo Park said that claim was absurd.\n")
    base = [stmt(text, "s0", "Democrats", "the inquiry was a political ploy", "said", "Democrats"),
            stmt(text, "s1", "Jo Park", "claim was absurd", "said", "Rep. Jo Park")]
    for first in (unresolved(base[0], "Democrats"), unresolved(base[0])):  # candidate; source
        out = context.annotate(text, [first, base[1]], WED)
        assert (out[1].responds_to, out[1].stance) == ("s0", "against")
    pron = text.replace("Democrats said", "They said")
    sts = [unresolved(stmt(pron, "s0", "x", "the inquiry was a political ploy", "said", "They")),
           stmt(pron, "s1", "Jo Park", "claim was absurd", "said", "Rep. Jo Park")]
    assert context.annotate(pron, sts, WED)[1].responds_to is None  # nobody's voice

    text = ("Sara Lind said on Monday that the plant would close.\n"
            "\u201cIt is a sad day,\u201d Lind said.\n")
    sts = [stmt(text, "s0", "Sara Lind", "the plant would close", "said", "Sara Lind"),
           unresolved(stmt(text, "s1", "x", "It is a sad day", "said", "Lind", "direct"),
                      "Sara Lind")]
    out = context.annotate(text, sts, WED)
    assert out[1].said_on.value == "2024-05-06" and out[1].occasion == out[0].occasion


def test_speaker_keys_follow_the_speaker_stage():
    """Resolved names are the speaker stage's people: two sharing a surname stay two; an
    unresolved mention joins the one resolved speaker it can be, or another unresolved
    mention of the same."""
    from onrecord.extract.context.names import canonical_keys
    text = "a b c d e f g h i j k l m n o p\n"

    def s(sid, name=None, cands=(), source=None):
        st = Statement(id=sid, kind="indirect", content=Evidence.from_spans(text, [Span(0, 1)]),
                       source=_ev(text, source) if source else None,
                       speaker=Speaker(name, "person") if name else None)
        return unresolved(st, *cands) if name is None else st
    keys = canonical_keys([s("s0", "Michelle Obama"), s("s1", "Obama"), s("s2", cands=["Lind"]),
                           s("s3", "Sara Lind"), s("s4", cands=["Clinton"]),
                           s("s5", "Bill Clinton"), s("s6", "Hillary Clinton"),
                           s("s7", cands=["a statement from the electoral commission"]),
                           s("s8", cands=["commission"])])
    assert keys["s0"] != keys["s1"]
    assert keys["s2"] == keys["s3"]
    assert keys["s4"] not in (keys["s5"], keys["s6"])  # which Clinton: not known
    assert keys["s7"] == keys["s8"]


def test_the_head_noun_of_a_group_is_not_a_surname():
    text = ("Police said they had no plans to release the video.\n"
            "The family has called on police to release the videos.\n")
    sts = [stmt(text, "s0", "Charlotte police", "they had no plans to release the video", "said",
                "Police"),
           stmt(text, "s1", "the family", "police to release the videos", "has called on",
                "The family")]
    sts[0] = sts[0].replace(speaker=Speaker("Charlotte police", "group"))
    assert context.annotate(text, sts, WED)[1].responds_to is None


def test_but_within_the_sentence():
    """"X …, but Y said …": Y answers X's clause — X's statement when the article reports one,
    else something it does not: no carrying of Y's earlier answer."""
    text = "Senator Jo Park said the subsidy would end, but Governor Sam Cole said it would stay.\n"
    sts = [stmt(text, "s0", "Jo Park", "the subsidy would end", "said", "Senator Jo Park"),
           stmt(text, "s1", "Sam Cole", "it would stay", "said", "Governor Sam Cole")]
    sts[1] = sts[1].replace(cue=_ev(text, "said", text.index("Cole")))  # the second "said"
    out = context.annotate(text, sts, WED)
    assert (out[1].responds_to, out[1].stance) == ("s0", "against")

    text = ("During a CNN town hall on Wednesday, nurse Jo Park had a question for the president.\n"
            "\u201cWhy are you cutting hospital budgets?\u201d Park said.\n"
            "\u201cWe are not cutting them,\u201d Ortiz said.\n"
            "Host Tom Reed then followed up on the clinics, but Ortiz said she had not seen the "
            "figures.\n")
    sts = [stmt(text, "s0", "Jo Park", "Why are you cutting hospital budgets?", "said", "Park",
                "direct"),
           stmt(text, "s1", "Ana Ortiz", "We are not cutting them", "said", "Ortiz", "direct"),
           stmt(text, "s2", "Ana Ortiz", "she had not seen the figures", "said", "Ortiz")]
    out = context.annotate(text, sts, "2024-05-09")
    assert out[1].responds_to == "s0" and out[2].responds_to is None
    assert out[2].occasion == out[1].occasion  # still the town hall


def test_agreeing_with_a_claim_is_one_turn():
    text = ("At a forum with teachers in Ohio on Monday, one questioner said the schools were "
            "failing.\n"
            "\u201cYou\u2019re right, the schools are failing,\u201d Ana Ortiz said, adding that "
            "teachers were underpaid.\n"
            "She said she would build ten new schools.\n")
    sts = [stmt(text, "s0", "questioner", "the schools were failing", "said", "one questioner"),
           stmt(text, "s1", "Ana Ortiz", "You\u2019re right, the schools are failing", "said",
                "Ana Ortiz", "direct"),
           stmt(text, "s2", "Ana Ortiz", "teachers were underpaid", "adding", "Ana Ortiz"),
           stmt(text, "s3", "Ana Ortiz", "she would build ten new schools", "said", "She")]
    out = context.annotate(text, sts, WED)
    assert [(o.responds_to, o.stance) for o in out] == [
        (None, None), ("s0", "favor"), ("s0", "favor"), (None, None)]
    assert len({o.occasion for o in out}) == 1


def test_a_question_in_disbelief_answers_the_turn_before():
    text = ("On Sunday\u2019s broadcast of \u201cMeet the Press,\u201d Governor Ana Ortiz said the "
            "budget was balanced.\n"
            "HOST: Will you raise taxes?\n"
            "ORTIZ: No. We will cut the army and the roads alike.\n"
            "HOST: Do you really see those two as equivalent?\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the budget was balanced", "said", "Governor Ana Ortiz"),
           stmt(text, "s1", "host", "Will you raise taxes?", None, "HOST", "direct"),
           stmt(text, "s2", "Ana Ortiz", "No. We will cut the army and the roads alike.", None,
                "ORTIZ", "direct"),
           stmt(text, "s3", "host", "Do you really see those two as equivalent?", None, "HOST",
                "direct")]
    sts = [sts[0]] + [x.replace(method="transcript") for x in sts[1:]]
    out = context.annotate(text, sts, "2024-05-13")
    assert [(o.responds_to, o.stance) for o in out] == [
        (None, None), (None, None), ("s1", "neutral"), ("s2", "against")]


def test_a_pointing_noun_refers_to_what_the_sentence_before_names():
    text = ("Jo Park said on Monday that the retirement age should rise to 70.\n"
            "Analyst Kim Roe said markets were calm.\n"
            "Not everyone finds Park\u2019s remarks convincing.\n"
            "\u201cI hate this framing of the pension debate,\u201d Sam Cole said.\n")
    sts = [stmt(text, "s0", "Jo Park", "the retirement age should rise to 70", "said", "Jo Park"),
           stmt(text, "s1", "Kim Roe", "markets were calm", "said", "Analyst Kim Roe"),
           stmt(text, "s2", "Sam Cole", "I hate this framing of the pension debate", "said",
                "Sam Cole", "direct")]
    out = context.annotate(text, sts, WED)
    assert (out[2].responds_to, out[2].stance) == ("s0", "against")
    plain = text.replace("finds Park\u2019s remarks convincing", "is convinced")
    assert context.annotate(plain, [stmt(plain, x.id, x.speaker.name, x.content.text,
                                         x.cue.text, x.source.text, x.kind) for x in sts],
                            WED)[2].responds_to is None  # nothing said just before, nor named


def test_quoting_back_the_person_spoken_to_at_a_hearing():
    text = ("Senator Jo Park pressed bank chief Sam Cole on Tuesday at a committee hearing over "
            "the fees.\n"
            "Cole said the fees were the work of a few bad apples.\n"
            "\u201cYou should resign,\u201d Senator Lee Ng told Cole.\n"
            "\u201cYou say you \u2018accept responsibility,\u2019 but you blame the tellers,\u201d "
            "Park said.\n")
    sts = [stmt(text, "s0", "Jo Park", "bank chief Sam Cole on Tuesday at a committee hearing "
                "over the fees", "pressed", "Senator Jo Park"),
           stmt(text, "s1", "Sam Cole", "the fees were the work of a few bad apples", "said",
                "Cole"),
           stmt(text, "s2", "Lee Ng", "You should resign", "told", "Senator Lee Ng", "direct"),
           stmt(text, "s3", "Jo Park", "You say you \u2018accept responsibility,\u2019 but you "
                "blame the tellers", "said", "Park", "direct")]
    out = context.annotate(text, sts, WED)
    assert {o.venue.type for o in out} == {"parliament"}
    assert (out[3].responds_to, out[3].stance) == ("s1", "against")
    unquoted = text.replace("\u2018accept responsibility,\u2019", "accept responsibility")
    sts = [stmt(unquoted, x.id, x.speaker.name, x.content.text.replace(
        "\u2018accept responsibility,\u2019", "accept responsibility"), x.cue.text, x.source.text,
        x.kind) for x in sts]
    assert context.annotate(unquoted, sts, WED)[3].responds_to is None  # no words quoted back


def test_adjuncts_of_an_object_construction_are_the_sayings():
    text = ("Christie, who has campaigned for Trump since February, blasted Clinton as a "
            "\u201cdisgrace\u201d Wednesday on The Laura Ingraham Show.\n")
    st = stmt(text, "s0", "Chris Christie",
              "Clinton as a \u201cdisgrace\u201d Wednesday on The Laura Ingraham Show",
              "blasted", "Christie", "mixed")
    out = context.annotate(text, [st], "2024-05-09")[0]
    assert out.said_on.value == WED and out.venue.type == "radio_interview"


def test_a_groups_date_covers_its_topic_in_the_next_paragraphs():
    """"Other officials weighed in Friday about whether the video should be released" dates the
    statements on the video in the next paragraphs (a tweet among them keeps its setting), not
    another topic, nor the lede before it."""
    text = ("The wife of the man pleaded with officers not to shoot.\n"
            "Other officials weighed in Friday about whether the video should be released.\n"
            "Senator Ana Ortiz chimed in on Twitter, saying the city should release the video. "
            "Governor Sam Cole bemoaned the unrest.\n"
            "Mayor Jo Park said the video should be released.\n")
    sts = [stmt(text, "s0", "Rakeyia Scott", "officers not to shoot", "pleaded with",
                "The wife of the man"),
           stmt(text, "s1", "Ana Ortiz", "the city should release the video", "saying",
                "Senator Ana Ortiz"),
           stmt(text, "s2", "Sam Cole", "the unrest", "bemoaned", "Governor Sam Cole"),
           stmt(text, "s3", "Jo Park", "the video should be released", "said", "Mayor Jo Park")]
    out = context.annotate(text, sts, "2024-05-11")  # a Saturday
    assert [o.said_on.value if o.said_on else None for o in out] == \
        [None, "2024-05-10", None, "2024-05-10"]
    assert out[1].venue.type == "social_media" and out[3].venue is None


def test_a_narrative_pronoun_is_the_next_statements_speaker():
    text = ("Developer Sam Cole announced in a statement this month that he had settled.\n"
            "Critics of the program, like Senator Jo Park, want an overhaul. They sent a letter "
            "on Thursday to Senate leaders opposing the program.\n"
            "\u201cThe program is plagued by fraud,\u201d they wrote.\n")
    sts = [stmt(text, "s0", "Sam Cole", "he had settled", "announced", "Developer Sam Cole"),
           stmt(text, "s1", "critics of the program", "The program is plagued by fraud", "wrote",
                "they", "direct")]
    out = context.annotate(text, sts, WED)
    assert out[1].said_on.value == "2024-05-02" and out[1].venue.type == "other"
    assert out[1].occasion != out[0].occasion


def test_an_occasion_named_in_an_as_clause_of_the_saying(pipeline, shared_dir):
    """"Obama sounded a call for … on Monday as he issued a statement in observance of …": the
    statement is the occasion of that and of the quotes that follow (a real article, read from
    ../shared)."""
    from onrecord.model import Article
    path = shared_dir / "data/polnear/dev/text/west-journal_2016-09-12_obama-seeks-more-muslim-refugees.txt"
    sts = pipeline.extract(Article(text=path.read_text(encoding="utf-8"),
                                   published="2016-09-12")).statements
    obama = [s for s in sts if s.speaker is not None and s.speaker.name == "Barack Obama"][:3]
    assert len(obama) == 3
    assert all(s.venue is not None and s.venue.type == "statement" for s in obama)


def test_to_rally_is_a_verb_not_a_rally(pipeline, shared_dir):
    """"as he took the stage here Wednesday night to rally Democrats around Hillary Clinton":
    no rally venue for the convention speech (a real article, read from ../shared)."""
    from onrecord.model import Article
    path = shared_dir / "data/polnear/train/text/nyt_2016-07-29_obama-lays-out-stakes-for-a-divi.txt"
    sts = pipeline.extract(Article(text=path.read_text(encoding="utf-8"),
                                   published="2016-07-29")).statements
    assert not any(s.venue is not None and s.venue.type == "rally" for s in sts)


def test_a_same_day_lede_opens_its_speakers_occasion():
    text = ("Radio host Sam Cole used his platform Wednesday to praise what he described as the "
            "brilliant debate plan.\n"
            "Cole began by crediting the candidate for his instincts.\n"
            "The council met in the evening.\n"
            "\u201cThis is a testament to his instincts,\u201d Cole said.\n")
    sts = [stmt(text, "s0", "Sam Cole", "the brilliant debate plan", "described", "he"),
           stmt(text, "s1", "Sam Cole", "This is a testament to his instincts", "said", "Cole",
                "direct")]
    out = context.annotate(text, sts, WED)
    assert [o.said_on.value if o.said_on else None for o in out] == [WED, WED]
    assert out[0].occasion == out[1].occasion is not None


def test_an_analyst_quoted_near_a_town_hall_was_not_at_it():
    text = ("In a Tuesday town hall in Brooklyn, Ana Ortiz said the tuition plan was unaffordable.\n"
            "The race will be tight, said Dan Gerstein, an independent political analyst.\n")
    sts = [stmt(text, "s0", "Ana Ortiz", "the tuition plan was unaffordable", "said", "Ana Ortiz"),
           stmt(text, "s1", "Dan Gerstein", "The race will be tight", "said", "Dan Gerstein")]
    sts[1] = sts[1].replace(speaker=sts[1].speaker.__class__(
        "Dan Gerstein", "person", "an independent political analyst", None))
    out = context.annotate(text, sts, WED)
    assert out[0].venue is not None and out[1].venue is None and out[1].said_on is None

