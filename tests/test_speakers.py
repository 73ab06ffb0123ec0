"""Speaker resolution within an article: names, pronouns, roles, types."""
import pytest

from onrecord.model import Article


def speakers(pipe, text):
    return [s.speaker for s in pipe.extract(Article(text=text)).statements]


def test_surname_resolves_to_fullest_name(rules_pipeline):
    text = ("Finance Minister Carla Reyes presented the budget on Monday.\n"
            "“The numbers add up,” Reyes said.")
    (sp,) = speakers(rules_pipeline, text)
    assert sp.name == "Carla Reyes" and sp.type == "person" and sp.role == "Finance Minister"


def test_bracketed_first_name(rules_pipeline):
    text = "President (Tomas) Varga said the border would stay open."
    (sp,) = speakers(rules_pipeline, text)
    assert sp.name == "Tomas Varga" and sp.role == "President"


def test_pronoun_takes_previous_speaker(rules_pipeline):
    text = ("Carla Reyes said the budget was balanced.\n"
            "She added that taxes would not rise.")
    assert [s.name for s in speakers(rules_pipeline, text)] == ["Carla Reyes", "Carla Reyes"]


def test_two_people_with_the_same_surname_are_not_merged(rules_pipeline):
    text = ("Anna Berg said the plan would pass.\n"
            "Her rival, Peter Berg, said the plan would fail.")
    names = [s.name for s in speakers(rules_pipeline, text)]
    assert names == ["Anna Berg", "Peter Berg"]


@pytest.mark.parametrize("text,name,type_,affiliation", [
    ("Ukrainian presidential adviser Ivan Marchenko said the talks had stalled.",
     "Ivan Marchenko", "person", "Ukraine"),
    ("Officials said the talks had stalled.", "officials", "group", None),
    ("The US said the talks had stalled.", "United States", "country", None),
    ("Britain said the talks had stalled.", "United Kingdom", "country", None),
])
def test_types_and_affiliations(rules_pipeline, text, name, type_, affiliation):
    (sp,) = speakers(rules_pipeline, text)
    assert (sp.name, sp.type, sp.affiliation) == (name, type_, affiliation)


@pytest.mark.parametrize("text", [
    "LISBON (Newswire) — Prime Minister Rui Costa said the budget would pass.",
    "13:15 – Prime Minister Rui Costa said the budget would pass.",
])
def test_datelines_and_timestamps_stay_out_of_the_source(rules_pipeline, text):
    from onrecord.model import Article
    (s,) = rules_pipeline.extract(Article(text=text)).statements
    assert s.source.text == "Prime Minister Rui Costa"
    assert s.speaker.name == "Rui Costa" and s.speaker.role == "Prime Minister"


def test_pronoun_prefers_the_subject_of_its_own_paragraph(rules_pipeline):
    text = ("Councillor Peter Hale criticised the plan on Monday.\n"
            "“It is naive,” he said.\n"
            "Maria Okafor shrugs off the criticism. “Peter has never visited,” she told me.")
    names = [s.name for s in speakers(rules_pipeline, text)]
    assert names[-2:] == ["Peter Hale", "Maria Okafor"]


def speaker_of(pipe, text, words):
    """The speaker name of the statement whose content holds ``words``."""
    st = pipe.extract(Article(text=text)).statements
    return next(s for s in st if words in s.content.text).speaker.name


GENDER_CASES = [
    # a first name and a gendered pronoun decide between two earlier speakers
    ("“We cannot wait another year,” said Ana Ortiz, the city's transport chief.\n\n"
     "Her deputy, Mark Bell, disagreed. “The money is not there,” he said.\n\n"
     "She said the federal grant would arrive in March.",
     {"federal grant": "Ana Ortiz", "money": "Mark Bell"}),
    # honorifics decide when there is no first name
    ("Mrs. Lindqvist, the harbour master, opened the meeting.\n\n"
     "Mr. Okafor, the mayor, spoke next about the budget.\n\n"
     "She said the harbour would close for repairs in June.",
     {"repairs": "Lindqvist"}),
]


@pytest.mark.parametrize("text,expected", GENDER_CASES)
def test_pronouns_agree_in_gender(pipeline, text, expected):
    for words, name in expected.items():
        assert speaker_of(pipeline, text, words) == name
