"""Each construction of direct, indirect and mixed speech, with negatives (real spaCy model)."""
import pytest


def statements(pipe, text, published=None):
    from onrecord.model import Article
    return pipe.extract(Article(text=text, published=published)).statements


def one(pipe, text):
    st = statements(pipe, text)
    assert len(st) == 1, [(s.kind, s.content.text) for s in st]
    return st[0]


CASES = [
    # (text, kind, content, speaker, cue)
    ('“The budget is balanced,” Finance Minister Carla Reyes said.', "direct",
     "The budget is balanced", "Carla Reyes", "said"),
    ('"The budget is balanced," said Carla Reyes, the finance minister.', "direct",
     "The budget is balanced", "Carla Reyes", "said"),
    ("Carla Reyes said: “We will not raise taxes this year.”", "direct",
     "We will not raise taxes this year.", "Carla Reyes", "said"),
    ("Carla Reyes said the budget was balanced.", "indirect",
     "the budget was balanced", "Carla Reyes", "said"),
    ("Carla Reyes told reporters that the budget was balanced.", "indirect",
     "the budget was balanced", "Carla Reyes", "told"),
    ("Carla Reyes warned that the deficit could double next year.", "indirect",
     "the deficit could double next year", "Carla Reyes", "warned"),
    ("According to Carla Reyes, the budget is balanced.", "indirect",
     "the budget is balanced", "Carla Reyes", "According to"),
    ("Carla Reyes said the plan was “dead on arrival”.", "mixed",
     "the plan was “dead on arrival”", "Carla Reyes", "said"),
    ("Senator Omar Haddad blasted the proposal that schools should close early.", "indirect",
     "the proposal that schools should close early", "Omar Haddad", "blasted"),
]


@pytest.mark.parametrize("text,kind,content,speaker,cue", CASES)
def test_constructions(rules_pipeline, text, kind, content, speaker, cue):
    s = one(rules_pipeline, text)
    assert (s.kind, s.content.text, s.speaker.name, s.cue.text) == (kind, content, speaker, cue)
    # evidence: every span's text is the text at its offsets
    assert s.content.text == "".join(text[sp.start:sp.end] for sp in s.content.spans)


def test_split_quote_is_one_statement_with_two_spans(rules_pipeline):
    text = "“We have the money,” Carla Reyes said, “and we will spend it on schools.”"
    s = one(rules_pipeline, text)
    assert s.kind == "direct" and len(s.content.spans) == 2
    assert [text[p.start:p.end] for p in s.content.spans] == [
        "We have the money", "and we will spend it on schools."]


def test_quote_over_two_paragraphs(rules_pipeline):
    text = ("Carla Reyes spoke for an hour.\n“The first thing is the schools.\n"
            "“The second thing is the roads,” she said.")
    (s,) = [s for s in statements(rules_pipeline, text) if s.kind == "direct"]
    assert [text[p.start:p.end] for p in s.content.spans] == [
        "The first thing is the schools.", "The second thing is the roads"]
    assert len(s.content.spans) == 2
    assert s.speaker.name == "Carla Reyes"


def test_quoted_paragraph_continues_previous_speaker(rules_pipeline):
    text = ("“We are ready,” Carla Reyes said on Monday.\n"
            "“Nobody should doubt that the money is there for every school in the region.”")
    st = statements(rules_pipeline, text)
    assert [s.speaker.name for s in st] == ["Carla Reyes", "Carla Reyes"]
    assert st[1].cue is None and st[1].source is None


def test_continuation_needs_a_previous_speaker(rules_pipeline):
    text = ("The council met on Monday.\n\n\nThe weather was fine.\n\nNothing else happened.\n\n"
            "“Nobody should doubt that the money is there for every school in the region.”")
    st = statements(rules_pipeline, text)
    assert all(s.speaker is None for s in st)


def test_headline_convention(rules_pipeline):
    text = "Reyes: “The budget is balanced”\nFinance Minister Carla Reyes spoke on Monday."
    s = statements(rules_pipeline, text)[0]
    assert s.content.text == "The budget is balanced" and s.speaker.name == "Carla Reyes"


def test_nested_attribution_does_not_break_outer_quote(rules_pipeline):
    text = ("“The danger — as Mayor Tom Price has always said — is that the river rises,” "
            "Carla Reyes said.")
    s = one(rules_pipeline, text)
    assert s.speaker.name == "Carla Reyes"
    assert s.content.text.startswith("The danger") and s.content.text.endswith("river rises")


def test_coordinated_speakers_each_get_the_statement(rules_pipeline):
    st = statements(rules_pipeline, "France and Germany said they would send more aid.")
    assert sorted(s.speaker.name for s in st) == ["France", "Germany"]
    assert {s.content.text for s in st} == {"they would send more aid"}


@pytest.mark.parametrize("text", [
    "Many residents are frustrated by the long closure.",
    "The report's findings suggested the bridge was unsafe.",
    "Her remarks suggested she was ready to compromise.",
    "The mayor's ‘plan’ is a mystery.",
    "The team played well on Sunday and won the match.",
])
def test_not_statements(rules_pipeline, text):
    assert statements(rules_pipeline, text) == []


def test_scare_quotes_alone_are_not_statements(rules_pipeline):
    assert statements(rules_pipeline, 'The so-called “reform” passed on Tuesday.') == []


def test_interviewer_question_is_not_the_answer(rules_pipeline):
    text = "Asked whether she would resign, Carla Reyes said she had no plans to leave."
    st = statements(rules_pipeline, text)
    assert [s.content.text for s in st] == ["she had no plans to leave"]


def test_quote_after_the_attribution_sentence_is_a_continuation(rules_pipeline):
    # ANNOTATION.md: each separately quoted segment is its own statement, cue and source null
    text = "“We have the money,” said Carla Reyes. “And we will spend it on schools.”"
    first, second = statements(rules_pipeline, text)
    assert first.content.text == "We have the money" and first.cue.text == "said"
    assert second.content.text == "And we will spend it on schools."
    assert second.cue is None and second.source is None and second.method == "continuation"
    assert first.speaker.name == second.speaker.name == "Carla Reyes"


def test_polnear_scope_joins_the_continuation():
    # PolNeAR's convention: one attribution with two content spans
    from onrecord.model import Article
    from onrecord.pipeline import Pipeline
    text = "“We have the money,” said Carla Reyes. “And we will spend it on schools.”"
    res = Pipeline.load(tagger=None, scope="all").extract(Article(text=text))
    (s,) = res.statements
    assert len(s.content.spans) == 2 and s.speaker.name == "Carla Reyes"


def test_colon_introduces_quote_in_next_paragraph(rules_pipeline):
    text = "Carla Reyes told the council:\n\n“We have the money and we will spend it on schools.”"
    s = one(rules_pipeline, text)
    assert s.kind == "direct" and s.speaker.name == "Carla Reyes" and s.cue.text == "told"


def test_quote_after_a_longer_attribution_sentence_goes_on(pipeline):
    text = ("“We underestimated the damage,” Ana Ortiz told reporters at City Hall. "
            "“Every week we lose costs the ferry operators money.”")
    first, second = statements(pipeline, text)
    assert first.speaker.name == second.speaker.name == "Ana Ortiz"
    assert second.content.text == "Every week we lose costs the ferry operators money."
    assert second.cue is None


def test_one_statement_per_quote_over_paragraphs_with_the_tagger(pipeline):
    text = ("The mayor spoke for an hour.\n“Nobody wants a bridge that fails in its first storm.\n"
            "“So we will take the time to do it right,” Mayor Ana Ortiz said.")
    direct = [s for s in statements(pipeline, text) if s.kind == "direct"]
    assert len(direct) == 1 and len(direct[0].content.spans) == 2


def test_trailing_dash_byline(rules_pipeline):
    text = ("We asked readers about the stadium.\n\n"
            "“It is a waste of public money and nobody asked us first.” ― Oscar P. Quintero\n\n"
            "“My children will love it, whatever it costs the city.” — Jane Doe, 45, a nurse")
    st = [s for s in statements(rules_pipeline, text) if s.kind == "direct"]
    assert [(s.speaker.name, s.cue.text) for s in st] == [("Oscar P. Quintero", "―"),
                                                          ("Jane Doe", "—")]


def test_bylines_with_no_break_spaces_one_per_line(rules_pipeline):
    """Web copy writes `“…”\xa0― Name\xa0` with one reader quote per line: each quote is its
    own reader's, not the one before."""
    text = ("We asked readers about the stadium.\n"
            "“It is a waste of public money.”― Pamela Ortiz\xa0\n"
            "“I cannot believe nobody asked us first.”\xa0― Jack Lane\xa0\n"
            "“My children will love it.” ― Ana Ruiz\n")
    st = [s for s in statements(rules_pipeline, text) if s.kind == "direct"]
    assert [s.speaker.name for s in st] == ["Pamela Ortiz", "Jack Lane", "Ana Ruiz"]


def test_dash_after_quote_without_a_name_is_no_byline(rules_pipeline):
    text = ("The mayor, Ana Ortiz, spoke first.\n\n"
            "“Nobody remembers a decision this unpopular.” — and the council knows it.")
    for s in statements(rules_pipeline, text):
        assert s.cue is None or s.cue.text != "—"


def test_quote_ending_a_reported_sentence_is_mixed(rules_pipeline):
    text = ("However laudable the goal, using the tax code this way “is a misguided approach,” "
            "said Maria Lopez, an economist.")
    s = one(rules_pipeline, text)
    assert s.kind == "mixed" and s.speaker.name == "Maria Lopez"
    assert s.content.text.startswith("However laudable the goal")
    assert s.content.text.endswith("approach,”")


def test_quote_opening_its_sentence_stays_direct(rules_pipeline):
    s = one(rules_pipeline, "“We will not back down,” the mayor, Ana Ortiz, said on Monday.")
    assert s.kind == "direct" and s.content.text == "We will not back down"


def test_quoted_title_in_a_fronted_phrase_is_not_speech(rules_pipeline):
    text = 'In an interview on CBS\'s "Face the Nation," Senator Omar Haddad said the budget would pass.'
    s = one(rules_pipeline, text)
    assert (s.kind, s.content.text, s.speaker.name) == ("indirect", "the budget would pass", "Omar Haddad")


def test_infinitive_after_a_speech_verb_is_not_content(pipeline):
    text = "The protesters continued to stay away from the square on Monday."
    assert statements(pipeline, text) == []


def test_mixed_content_keeps_both_marks_of_its_quote(pipeline):
    text = ("Prime Minister Helen Carter on Thursday proposed lowering the voting age to 16, "
            "telling parliament it was “time to trust young people”.")
    for s in statements(pipeline, text):
        t = s.content.text
        assert t.count("“") == t.count("”"), t


def test_condition_inside_a_statement_is_not_a_statement(pipeline):
    text = ("Mayor Ana Ortiz said she would only sign the contract if the builder showed "
            "he could finish the bridge by June.")
    st = statements(pipeline, text)
    assert [s.speaker.name for s in st] == ["Ana Ortiz"]
    assert "if the builder showed he could finish the bridge" in st[0].content.text


def test_parenthetical_attribution_splits_the_content(rules_pipeline):
    text = "The new bridge, Mayor Ana Ortiz said, will open to traffic before the winter."
    s = one(rules_pipeline, text)
    assert (s.kind, s.speaker.name, s.cue.text, s.method) == ("indirect", "Ana Ortiz", "said",
                                                              "parenthetical")
    assert [text[sp.start:sp.end] for sp in s.content.spans] == [
        "The new bridge", "will open to traffic before the winter"]


def test_commas_around_an_adverbial_are_no_parenthetical(rules_pipeline):
    text = "Mayor Ana Ortiz said, with a smile, that the bridge would open before the winter."
    s = one(rules_pipeline, text)
    assert s.content.text == "the bridge would open before the winter"


def test_according_to_is_kept_with_the_tagger_and_survives_a_bad_parse(pipeline):
    text = ("According to Ham, the current administration has shuffled through military leaders "
            "because many disagreed with the policies.\n\n"
            "According to conservative talk radio host Rush Limbaugh, the move reeks of “fear” "
            "and desperation.")
    st = statements(pipeline, text)
    assert [(s.speaker.name, s.cue.text) for s in st] == [("Ham", "According to"),
                                                          ("Rush Limbaugh", "According to")]
    assert st[1].kind == "mixed" and st[1].content.text == "the move reeks of “fear” and desperation"


def test_two_cues_in_one_sentence_give_two_statements(pipeline):
    text = ("Senator Omar Haddad is telling a veterans group that the army is “depleted” and "
            "says he will expand the armed forces.")
    st = statements(pipeline, text)
    cues = sorted(s.cue.text for s in st if s.cue)
    assert "says" in cues and len(st) == 2, [(s.cue and s.cue.text, s.content.text) for s in st]
    says = next(s for s in st if s.cue and s.cue.text == "says")
    assert says.content.text == "he will expand the armed forces"


def test_parenthetical_wins_over_a_partial_tagging(pipeline):
    text = "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999."
    (s,) = statements(pipeline, text)
    assert s.content.text.endswith("until it went bankrupt in 1999")


def test_quoted_name_before_its_verb_is_the_source_not_the_content(rules_pipeline):
    text = ("I have to ask you, because as “The Harbour Gazette” wrote, the ferry plan "
            "has lost the support of the council.")
    for s in statements(rules_pipeline, text):
        assert not s.content.text.rstrip("”").endswith("The Harbour Gazette"), s.content.text


def test_quote_opening_the_object_runs_to_the_sentence_end(rules_pipeline):
    text = "The police reported “2,521 shooting incidents” in the city between January and June."
    s = one(rules_pipeline, text)
    assert s.kind == "mixed"
    assert s.content.text == "“2,521 shooting incidents” in the city between January and June"


def test_quoted_sentence_after_the_cue_stays_direct(rules_pipeline):
    s = one(rules_pipeline, "Carla Reyes said “we will not raise taxes this year.”")
    assert s.kind == "direct" and s.content.text == "we will not raise taxes this year."


def test_reported_clause_ends_at_a_semicolon(rules_pipeline):
    text = ("Carla Reyes said the timing of the announcement was not intentional; the ministry "
            "only learned of the report on Friday.")
    s = one(rules_pipeline, text)
    assert s.content.text == "the timing of the announcement was not intentional"


def test_a_paragraph_after_said_colon_is_a_block_quotation(pipeline):
    text = ("The governor added:\n\nIt is typical of the council. It knows nothing about the port, "
            "and the fact is that nobody asked the workers.\n\nThe vote is on Friday.")
    st = statements(pipeline, text)
    assert [(s.kind, s.cue.text) for s in st] == [("direct", "added")]
    assert st[0].content.text.startswith("It is typical of the council.")
    assert st[0].content.text.endswith("nobody asked the workers.")
