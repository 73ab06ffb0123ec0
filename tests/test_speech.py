"""The speech test: statements are speech and writing, not beliefs, plans, actions or silence."""
import pytest

from onrecord.model import Article

SPEECH = [
    ("The mayor said the bridge would reopen in May.", "the bridge would reopen in May"),
    ("The spokesman rejected the claim that the mayor had lied to the council.",
     "the claim that the mayor had lied to the council"),
    ("Senator Ruth Okafor blamed the governor for the delays at the port.",
     "the governor for the delays at the port"),
    ("According to the ministry, 40 people were evacuated from the valley.",
     "40 people were evacuated from the valley"),
    ("The union wrote in a letter that the strike would go ahead.",
     "the strike would go ahead"),
]

NOT_SPEECH = [
    "Many Democrats are afraid that turnout will fall in November.",
    "The company has not said whether it will appeal the ruling.",
    "The council rejected an application to build a tower on the pier.",
    "She declined to say whether she would run for the seat again.",
    "The governor unveiled a plan to build a new bridge over the river.",
    "Residents fear that the factory will close before the winter.",
    "The campaign is trying to expand its lead among suburban voters.",
    "Asked about it on Sunday, the senator then defended the remark.",
    "The news agency, which first reported the story, said nothing more.",
    "Critics have largely ignored what the mayor says his budget would do.",
]


def _statements(pipe, text):
    return pipe.extract(Article(text=text, published="2024-03-08")).statements


@pytest.mark.parametrize("text,content", SPEECH)
def test_speech_is_a_statement(pipeline, text, content):
    got = [s.content.text for s in _statements(pipeline, text)]
    assert got == [content]


@pytest.mark.parametrize("text", NOT_SPEECH)
def test_what_is_not_speech_is_not_a_statement(pipeline, text):
    assert _statements(pipeline, text) == []


@pytest.mark.parametrize("text", [NOT_SPEECH[1], NOT_SPEECH[5]])
def test_scope_all_keeps_polnear_attributions(polnear_pipeline, text):
    # beliefs and negated speech are attributions in PolNeAR's sense
    assert polnear_pipeline.extract(Article(text=text)).statements


TRANSCRIPT = """Ruiz on the harbour plan.

The mayor spoke to Channel 4 on Sunday. Partial transcript:

"DIAZ: Will the ferries run by April?

"RUIZ: They will. We have the money and the boats are ready.

"(CROSSTALK.)

"DIAZ: And the fares?

"RUIZ: The fares stay where they are.

"Nobody will pay more next year."
"""


def test_transcript_turns_are_statements_of_their_speakers(pipeline):
    st = [s for s in _statements(pipeline, TRANSCRIPT) if s.method == "transcript"]
    got = [(s.speaker.name if s.speaker else None, s.content.text) for s in st]
    assert got == [("Diaz", "Will the ferries run by April?"),
                   ("Ruiz", "They will. We have the money and the boats are ready."),
                   ("Diaz", "And the fares?"),
                   ("Ruiz", "The fares stay where they are.")]
    assert all(s.source is not None and s.cue is None for s in st)


def test_a_single_capitalised_label_is_not_a_transcript(pipeline):
    text = "UPDATE: The mayor said the ferries would run by April.\n\nThe council met on Monday."
    assert not [s for s in _statements(pipeline, text) if s.method == "transcript"]


OBJECT_CONSTRUCTIONS = [
    ("The FBI director chastised Ana Ruiz for use of a private server.",
     "Ana Ruiz for use of a private server"),
    ("Senator Okafor accused the mayor of hiding the report.", "the mayor of hiding the report"),
    ("The union urged its members to stay away from the port.",
     "its members to stay away from the port"),
    ("Ruiz criticized the ferry contract as a “bad deal” during a stop in Leith on Monday.",
     "the ferry contract as a “bad deal”"),
]


@pytest.mark.parametrize("text,content", OBJECT_CONSTRUCTIONS)
def test_object_constructions_keep_the_addressee(pipeline, text, content):
    got = [s.content.text for s in _statements(pipeline, text)]
    assert got == [content]


@pytest.mark.parametrize("text", [
    "Trump appeared to suggest that the veterans were weak.",
    "The mayor is determined to warn residents about the storm.",
    "The official was accused of taking bribes.",
])
def test_inferred_intended_or_agentless_speech_is_not_a_statement(pipeline, text):
    assert _statements(pipeline, text) == []


def test_a_second_cue_makes_a_second_statement(pipeline):
    text = ("Mayor Ana Ruiz said she would order a review of the harbour defences and warned "
            "against smugglers from the north.")
    got = [(s.cue.text, s.content.text) for s in _statements(pipeline, text)]
    assert got[0] == ("said", "she would order a review of the harbour defences")
    assert got[1][0] == "warned" and got[1][1].startswith("against smugglers")
    assert len(got) == 2


def test_the_antecedent_of_who_speaks(pipeline):
    text = ("The plan answers the Greens and the Liberals, who have questioned the council's "
            "reliance on imported grain.")
    (s,) = _statements(pipeline, text)
    assert s.content.text == "the council's reliance on imported grain"
    assert s.speaker.name in ("Greens", "Liberals")


def test_a_trailing_gloss_is_not_what_was_said(pipeline):
    text = ("Mayor Ana Ruiz told residents she would consider it a personal insult if they did "
            "not vote, implicitly putting her name on the ballot.")
    (s,) = _statements(pipeline, text)
    assert s.content.text.endswith("if they did not vote")
