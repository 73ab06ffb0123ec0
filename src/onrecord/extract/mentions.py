"""The people and organisations an article names, gathered once per article.

* **People**: every person-name mention (entity recogniser, or runs of proper nouns in the
  paragraphs it skipped), split by :func:`names.split_name` into the name and the title, party
  and places before it; appositions ("Donna Brazile, the interim chairwoman of …", "An attorney
  for Pagliano, Mark MacDougall") add roles. Mentions whose names can be one person are one
  :class:`Person` — never two people who share only a surname ("Hillary Clinton" and "Bill
  Clinton" stay two). A title-case headline's runs of capitals count only where they hold a
  name the body gives ("Black Lawmakers Rip Donald Trump" → "Donald Trump").
* **Organisations**: named organisations with their acronym ("International Monetary Fund" ↔
  "IMF", given in brackets or by initials) and the kind noun their name ends with ("fund").
* **Groups**: qualified forms of group nouns ("Charlotte-Mecklenburg police"), so that a bare
  "police" can take the article's qualifier.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..lexicon import cues as cue_table
from ..lexicon import genders, is_outlet, mastheads, outlet_pattern, org_nouns, person_nouns, places, roles, us_states
from ..nlp import ParsedText
from .headlines import headline_verb_forms
from .names import (NameParts, is_first_name, is_title_case, key, names_match, party_of,
                    place_of, split_name, title_kind, word_keys)

_NAME_TOKEN = re.compile(r"^\(?[A-Z][\w\-.’']*\)?$")
# A name is at most this many tokens long ("Martin Luther King Jr." fits).
MAX_NAME_TOKENS = 5
# How far left of a name its own modifiers may reach ("Republican vice-presidential nominee").
MAX_PREFIX_TOKENS = 7
# Kinds of organisation a description may name by salience alone ("the bank" → the article's
# most named organisation): businesses, whose names seldom say what they are.
_BUSINESS_NOUNS = {"bank", "company", "firm", "corporation", "network", "newspaper", "paper",
                   "lender", "insurer", "retailer", "automaker", "airline", "manufacturer",
                   "carrier", "chain", "startup", "conglomerate", "giant"}
_ORG_STOP = {"of", "and", "the", "for", "on", "in", "&", "at", "to"}
# Words that start a phrase without qualifying the group noun after them ("Other officials").
_QUAL_STOP = {"the", "a", "an", "this", "that", "these", "those", "other", "some", "many",
              "several", "most", "all", "both", "few", "his", "her", "its", "their", "our", "and",
              "but", "when", "as", "after", "if", "while", "said", "says"}
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,8}$")
# "An attorney for Pagliano, Mark MacDougall": a description set before a name by a comma
# a party tag after a name, "(D-Mont.)", "(R-Ky.)", "(I)": no role
_PARTY_TAG = re.compile(r"\s*\(\s*[DRI]\s*(?:[-–,]\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s*)?\)")
_ROLE_BEFORE = re.compile(r"(?:^|[.;:(]\s*|\b(?:and|but|said|says|told)\s+)"
                          r"((?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ne of the)\s+"
                          r"[^,.;:()“”\"]{2,70}?),\s*$")


def _is_name_tok(t) -> bool:
    return t.pos_ == "PROPN" and bool(_NAME_TOKEN.match(t.text)) and \
        t.lower_ not in _LEADING_FUNCTION_WORDS  # "When Clinton noted …"


def widen_name(doc, a: int, b: int) -> tuple[int, int]:
    """Token bounds of a person name around entity ``doc[a:b]``: adjacent capitalised proper
    nouns and bracketed parts ("President (Vladimir) Putin", "(Tomas) Varga")."""
    for _ in range(MAX_NAME_TOKENS):
        if a >= 3 and doc[a - 1].text == ")" and doc[a - 3].text == "(":
            a -= 3
        elif a >= 1 and b < len(doc) and doc[a - 1].text == "(" and doc[b].text == ")":
            a, b = a - 1, b + 1
        elif b + 2 < len(doc) and doc[b].text == "(" and doc[b + 2].text == ")" and \
                doc[b + 1].text[:1].isupper() and len(doc[b + 1].text) > 1 and \
                not party_of(doc[b + 1].text):
            b += 3
        elif b + 1 < len(doc) and doc[b].text in ('"', "”", "’", "'") and \
                _is_name_tok(doc[b + 1]) and any(t.text in ('"', "“", "‘", "'") for t in doc[a:b]):
            b += 2  # a quoted nickname the recogniser cut: Robert C. "Bobby" | Scott
        elif a > 0 and _is_name_tok(doc[a - 1]) and doc[a - 1].ent_type_ not in ("ORG", "GPE"):
            a -= 1
        elif b < len(doc) and _is_name_tok(doc[b]) and doc[b].dep_ in (
                "compound", "nsubj", "appos", "nsubjpass", "pobj", "dobj", "flat") and \
                (doc[b].ent_type_ in ("", "PERSON") or _single_token_ent(doc, b)):
            b += 1
        else:
            break
    if doc[a].text == "(" and ")" not in doc[a:b].text:
        a += 1
    return a, b


def _main_clause(subj) -> bool:
    """``subj`` is the subject of a main clause: its verb is the sentence's root, or
    coordinated with it ("Trump has … and recently pitched")."""
    v = subj.head
    for _ in range(3):
        if v.dep_ == "ROOT" or v.head.i == v.i:
            return True
        if v.dep_ != "conj":
            return False
        v = v.head
    return False


def _single_token_ent(doc, i: int) -> bool:
    """``doc[i]`` is an entity of its own one token (a surname the recogniser mislabelled)."""
    return doc[i].ent_iob_ == "B" and (i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I")


def _party_tag_after(doc, b: int) -> int:
    """End of a party tag right after a name: "(R)", "(D-Calif.)" (tokens)."""
    if b < len(doc) and doc[b].text == "(":
        for j in range(b + 1, min(len(doc), b + 7)):
            if doc[j].text == ")":
                inner = doc[b + 1:j].text.replace(" ", "")
                if re.match(r"^(?:[DRI]|Dem\.?|Rep\.?|GOP)(?:[-–,][A-Z][\w.]*)?$", inner):
                    return j + 1
                break
    return b


def _left_modifiers(doc, a: int, b: int) -> int:
    """Start of the name's own modifiers to its left ("former President", "Wells Fargo CEO")."""
    i = a
    while i > 0 and a - i < MAX_PREFIX_TOKENS:
        t = doc[i - 1]
        if t.is_punct and t.text not in (".",) or t.dep_ in ("det", "poss", "case", "cc", "prep") \
                or t.pos_ in ("VERB", "AUX", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PART") \
                or t.lower_ in _LEADING_FUNCTION_WORDS or t.tag_ in ("WRB", "WDT", "WP"):
            break
        if not (i <= t.head.i < b + 3):
            break
        i -= 1
    return i


# Verbs of saying that open an inverted attribution before a name ("Continued Stone: “…”",
# "Said Ellis: “…”"): never a first name.
FRONTED_SAYING = {"said", "says", "stated", "added", "adds", "continued", "continues", "wrote",
                   "writes", "asked", "asks", "noted", "notes", "explained", "concluded", "argued",
                   "countered", "replied", "recalled", "warned", "insisted"}
# Words that open a sentence before a name without being part of it.
_LEADING_FUNCTION_WORDS = {"when", "while", "as", "if", "after", "before", "since", "although",
                           "though", "because", "but", "and", "or", "so", "then", "once", "until",
                           "where", "whether", "unless", "with", "without", "like"}


@dataclass
class PersonMention:
    start: int            # article offsets of the name (title and party tag excluded)
    end: int
    parts: NameParts
    block: int
    subject: bool = False
    headline: bool = False
    phrase_start: int = -1  # where the name's own modifiers begin
    roles: list[str] = field(default_factory=list)
    person: "Person | None" = None
    main: bool = False      # the subject of a main clause (not of a reported or relative one)

    @property
    def words(self) -> tuple[str, ...]:
        return self.parts.words


@dataclass
class Person:
    """One person of the article: the fullest name it gives and what it says of them."""

    id: int
    name: str
    words: tuple[str, ...]
    mentions: list[PersonMention] = field(default_factory=list)
    roles: list[tuple[int, str]] = field(default_factory=list)  # (position, lower-cased role)
    party: str | None = None
    state: str | None = None
    affiliation: str | None = None
    role: str | None = None  # the first role given, as written (for Speaker.role)
    gender: str | None = None

    @property
    def first(self) -> int:
        return self.mentions[0].start if self.mentions else 0

    def forms(self) -> set[tuple[str, ...]]:
        # "Bobby Scott" is a form of Robert C. "Bobby" Scott
        nick = {(key(m.parts.nickname),) + m.words[-1:] for m in self.mentions
                if m.parts.nickname and m.words}
        return {m.words for m in self.mentions if not m.headline} | {self.words} | nick

    def role_classes(self, before: int | None = None) -> dict[str, set[str]]:
        """Class → role texts, from roles given before ``before`` (all when None)."""
        out: dict[str, set[str]] = {}
        for pos, r in self.roles:
            if before is not None and pos > before:
                continue
            for cls in role_classes(r):
                out.setdefault(cls, set()).add(r)
        return out


def _role_text(r: str) -> str | None:
    """A role as the speaker's ``role``: without a leading article, possessive place or party
    tag ("Lithuania’s former minister of defence" → "former minister of defence")."""
    words = r.split()
    while words and (words[0].lower() in ("a", "an", "the", "one", "of") or
                     re.sub(r"['’]s$", "", words[0]) != words[0] and place_of(words[0])):
        words.pop(0)
    if len(words) == 2 and party_of(words[0]) and len(words[1]) <= 12 and words[1][:1].isupper():
        return None  # "R Utah": a party tag
    return " ".join(words) or None


def role_classes(text: str) -> set[str]:
    """Classes (and broader classes) of the role words in ``text`` (data/roles.tsv)."""
    words = key(text.replace("-", " - ")).replace(" - ", "-").split()
    table = roles()
    out: set[str] = set()
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            phrase = " ".join(words[i:i + n])
            hit = table.get(phrase) or table.get(phrase + ".")
            if n <= len(words) - i and hit:
                out |= hit.classes()
                i += n
                break
        else:
            i += 1
    return out


@dataclass
class Org:
    name: str
    key: str
    acronym: str | None = None
    kind: str | None = None   # the kind noun the name ends with ("fund", "committee")
    positions: list[int] = field(default_factory=list)
    the: bool = False         # the article writes "The X" inside a sentence
    lower_the: bool = False   # … and "the X" somewhere

    @property
    def display(self) -> str:
        return f"The {self.name}" if self.the and not self.lower_the else self.name


def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", name)
                   if w.lower() not in _ORG_STOP and w[0].isupper())


class ArticleEntities:
    """People, organisations and qualified groups of one article."""

    def __init__(self, parsed: ParsedText, quote_ranges=()):
        self.parsed = parsed
        self.text = parsed.text
        self._quotes = sorted(quote_ranges)
        # (lengths from the block bounds: Doc.text joins every token on each access)
        self.headline_blocks = {i for i, b in enumerate(parsed.blocks)
                                if (i == 0 or b.end - b.offset < 200) and
                                is_title_case(self.text[b.offset:b.end])}
        # the headline and the paragraph after it may name someone before the body does
        self.lead_blocks = {0, 1} | self.headline_blocks
        self.mentions: list[PersonMention] = []
        self.people: list[Person] = []
        self.orgs: list[Org] = []
        self._org_by_key: dict[str, Org] = {}
        self._qualified: dict[str, str | None] = {}
        # spaCy builds Token and Span objects on every access: once per paragraph here
        self.tokens = [list(b.doc) for b in parsed.blocks]
        self.ents = {id(b.doc): (list(b.doc.ents) if b.has_entities else [])
                     for b in parsed.blocks}
        person_keys = self._entity_person_keys()
        self._solo = self._solo_names()
        for bi, block in enumerate(parsed.blocks):
            self._collect_block(bi, block, person_keys)
        self.mentions.sort(key=lambda m: m.start)
        self._cluster()
        self._genders()
        self._surname_mentions()
        self._genders()
        # an "organisation" that is a person's name ("Trump" tagged ORG) is that person
        self.orgs = [o for o in self.orgs if not any(
            names_match(tuple(o.key.split()), p.words) for p in self.people if p.words)]
        self._org_by_key = {o.key: o for o in self.orgs}

    # -- collection -------------------------------------------------------------------------
    def _entity_person_keys(self) -> set[tuple[str, ...]]:
        out = set()
        for b in self.parsed.blocks:
            if b.has_entities:
                for e in self.ents[id(b.doc)]:
                    if e.label_ == "PERSON":
                        out.add(word_keys(e.text))
        return out

    def _solo_names(self) -> set[str]:
        """Keys of single proper nouns the article uses as a person's name: after an honorific
        ("Mr. Clarke") or as the subject of a verb of saying ("DuVernay said")."""
        out = set()
        table = cue_table()
        for toks in self.tokens:
            for t in toks:
                if t.tag_ != "NNP" or not t.text[:1].isupper() or key(t.text) in org_nouns():
                    continue
                if t.dep_ == "compound" or any(c.dep_ in ("compound", "flat", "amod")
                                               for c in t.children):
                    continue  # part of a longer name ("Wells Fargo said")
                prev = t.doc[t.i - 1] if t.i > 0 else None
                if prev is not None and title_kind(prev.text) == "honorific":
                    out.add(key(t.text))
                elif t.dep_ == "nsubj" and table.type_of((t.head.lemma_ or "").lower(), "VERB") \
                        in ("speech", "writing"):
                    out.add(key(t.text))
        return out

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self._quotes)

    def _collect_block(self, bi: int, block, person_keys) -> None:
        doc = block.doc
        taken: set[int] = set()
        if block.has_entities:
            for ent in self.ents[id(doc)]:
                if ent.label_ == "PERSON" and is_outlet(ent.text):
                    self._add_org(block, ent.start, ent.end)  # "according to Politico"
                    taken.update(range(ent.start, ent.end))
                elif ent.label_ == "PERSON":
                    a, b = widen_name(doc, ent.start, ent.end)
                    if self._add_person(bi, block, a, b):
                        taken.update(range(a, b))
                elif ent.label_ in ("ORG", "NORP", "FAC") or (ent.label_ == "GPE" and False):
                    if ent.label_ == "ORG":
                        self._add_org(block, ent.start, ent.end)
        # runs of proper nouns the recogniser skipped or did not call a person
        toks = self.tokens[bi]
        i = 0
        while i < len(toks):
            if i in taken or not _is_name_tok(toks[i]):
                i += 1
                continue
            j = i
            while j < len(toks) and j not in taken and _is_name_tok(toks[j]) and \
                    j - i < MAX_NAME_TOKENS + 2:
                j += 1
            self._proper_run(bi, block, i, j, person_keys)
            i = j

    def _proper_run(self, bi, block, i, j, person_keys) -> None:
        doc = block.doc
        span = doc[i:j]
        if any(t.ent_type_ in ("ORG", "GPE", "FAC", "LOC", "NORP", "DATE", "EVENT", "WORK_OF_ART",
                               "LAW", "PRODUCT") for t in span) and block.has_entities:
            # the recogniser's label wins, unless the run starts with a first name or ends
            # with a name the article uses alone for someone ("Keith Lamont Scott", "Ava
            # DuVernay" called organisations)
            if not (2 <= len(span) <= 4 and (is_first_name(span[0].text) or
                                             key(span[-1].text) in self._solo)):
                return
        words = [t.text for t in span]
        low = [w.lower() for w in words]
        if is_outlet(span.text):
            self._add_org(block, i, j)
            return
        if any(w in org_nouns() for w in low) or _ACRONYM.match(words[-1]):
            if not block.has_entities:
                self._add_org(block, i, j)
            return
        if any(place_of(w) and place_of(w)[1] != "state" for w in words[-2:]):
            return
        parts = split_name(span.text)
        if parts is None:
            return
        honorific = parts.honorific is not None
        known = parts.words in person_keys or any(
            names_match(parts.words, k) for k in person_keys if len(k) >= 2)
        starts_with_first = len(parts.words) >= 2 and is_first_name(parts.words[0])
        titled = bool(parts.role) or (i > 0 and title_kind(doc[i - 1].text) is not None)
        # "Ava DuVernay" where the article also writes "DuVernay said" or "Ms. DuVernay"
        solo = 2 <= len(parts.words) <= 3 and parts.words[-1] in self._solo
        if len(parts.words) >= 2 and (known or starts_with_first or titled or solo) or honorific:
            self._add_person(bi, block, i, j)

    def _add_person(self, bi: int, block, a: int, b: int) -> bool:
        doc = block.doc
        # "When Clinton …": a capitalised conjunction opening the sentence is not a first name
        while b - a > 1 and (doc[a].lower_ in _LEADING_FUNCTION_WORDS or (
                doc[a].i == doc[a].sent.start and doc[a].lower_ in FRONTED_SAYING)):
            a += 1  # "Continued Stone: “…”": a fronted verb of saying is not a first name
        # "Obama Says African-American Museum …": a headline's verb is not part of the name
        while b - a > 1 and doc[b - 1].text[:1].isupper() and \
                doc[b - 1].lower_ in headline_verb_forms():
            b -= 1
        # "Railing Against Trump, Sanders Vows …": a name does not run across a comma (a
        # suffix after one — "Jr." — is no new name)
        commas = [k for k in range(a, b - 1) if doc[k].text == "," and
                  not re.match(r"(?:Jr|Sr|II|III|IV)\b", doc[k + 1].text)]
        if commas:
            a = commas[-1] + 1
        b = _party_tag_after(doc, b)
        p0 = _left_modifiers(doc, a, b)
        if p0 == a and a > 0 and title_kind(doc[a - 1].text) == "office":
            p0 = a - 1  # "… lead Sens. Jon Tester": the office title the parse left outside
        # "… the editorial board of the Washington Post Trump said": an outlet's name just
        # before is not part of the person's
        head = doc[p0:b].text
        m = outlet_pattern().match(head)
        if m and m.end() < len(head) and head[m.end():m.end() + 1] == " ":
            cut = doc[p0].idx + m.end()
            p0 = next((k for k in range(p0, b) if doc[k].idx >= cut), b)
            a = max(a, p0)
            if a >= b:
                return False
        span = doc[p0:b]
        parts = split_name(span.text)
        if parts is None or not parts.words:
            return False
        if not parts.name[:1].isupper():
            return False
        if place_of(parts.name) is not None and place_of(parts.name)[1] == "country":
            return False  # "N. Korea" in a headline is the country, not an initial and a surname
        # the name's own characters: from its first word to the end of its last
        name_first = parts.name.split()[0]
        rel = span.text.rfind(name_first) if parts.royal is False else span.text.find(name_first)
        start = block.offset + span.start_char + max(rel, 0)
        last = re.sub(r"['’]s$", "", parts.name.split()[-1])
        rel_end = span.text.rfind(last)
        end = block.offset + span.start_char + rel_end + len(last) if rel_end >= 0 else \
            block.offset + span.end_char
        root = doc[a:b].root
        subj = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
        m = PersonMention(start, max(end, start + 1), parts, bi, subj, bi in self.headline_blocks,
                          block.offset + span.start_char)
        m.main = subj and _main_clause(root if root.dep_ != "appos" else root.head)
        if parts.role:
            m.roles.append(parts.role)
        m.roles.extend(self._appositive_roles(doc, root, a, b))
        before = _ROLE_BEFORE.search(self.text[max(0, m.phrase_start - 90):m.phrase_start])
        if before:
            head_words = re.sub(r"^(?:an?|the|his|her|its|their|one of the)\s+", "",
                                before.group(1), flags=re.I).lower().split()[:3]
            if any(w in person_nouns() or role_classes(w) for w in head_words):
                m.roles.append(before.group(1))
        self.mentions.append(m)
        return True

    def _appositive_roles(self, doc, root, a: int, b: int) -> list[str]:
        out = []
        for c in root.children:
            if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN", "ADJ") and c.ent_type_ != "PERSON":
                clause = {x.i for r in c.subtree if r.dep_ in ("relcl", "acl") for x in r.subtree}
                toks = [t for t in c.subtree if t.dep_ not in ("det",) and not t.is_punct
                        and t.i not in clause]
                if 0 < len(toks) <= 12 and not _PARTY_TAG.match(doc[c.left_edge.i - 1:c.right_edge.i + 2].text):
                    out.append(" ".join(t.text for t in toks))
        h = root.head
        if root.dep_ == "appos" and h.pos_ in ("NOUN", "PROPN") and h.i < a and \
                h.ent_type_ != "PERSON":
            own = {t.i for t in root.subtree}
            toks = [t for t in h.subtree if t.i not in own and t.i < a and t.dep_ not in ("det",)
                    and not t.is_punct]
            if 0 < len(toks) <= 10:
                out.append(" ".join(t.text for t in toks))
        return out

    def _add_org(self, block, a: int, b: int) -> None:
        doc = block.doc
        # an organisation's name ends at a comma ("a report by Politico, Democratic party …")
        comma = next((k for k in range(a + 1, b) if doc[k].text == "," and not (
            k + 1 < b and re.match(r"(?:Inc|Ltd|LLC|Co|Corp|S\.?A|AG|plc|N\.?A)\b\.?", doc[k + 1].text))),
            None)
        if comma is not None:
            b = comma
        span = doc[a:b]
        text = re.sub(r"\s+", " ", span.text).strip()
        text = re.sub(r"['’]s?$", "", text).strip()
        the = False
        m = re.match(r"^(the|The)\s+", text)
        masthead = key(text.split()[-1]) in mastheads() or key(" ".join(text.split()[-2:])) in \
            mastheads()
        if m:
            the = m.group(1) == "The" and (span.start > span.sent.start or masthead)
            text = text[m.end():]
        elif a > 0 and doc[a - 1].text == "The" and (doc[a - 1].i > doc[a - 1].sent.start
                                                       or masthead):
            the = True
        if not text or not text[0].isupper():
            return
        if len(text.split()) == 1 and text.lower() in org_nouns():
            return  # "Bank executives": a kind, not a name
        k = key(text)
        org = self._org_by_key.get(k)
        if org is None:
            words = text.split()
            kind = words[-1].lower() if words[-1].lower() in org_nouns() else None
            org = Org(text, k, kind=kind)
            self._org_by_key[k] = org
            self.orgs.append(org)
        org.the = org.the or the
        # "the Securities and Exchange Commission" written in lower case anywhere: "The" at
        # the start of a sentence was only the sentence's
        if not masthead and (m and m.group(1) == "the" or a > 0 and doc[a - 1].text == "the"):
            org.lower_the = True
        org.positions.append(block.offset + span.start_char)
        # "International Monetary Fund (IMF)"
        if b + 2 < len(doc) and doc[b].text == "(" and doc[b + 2].text == ")" and \
                _ACRONYM.match(doc[b + 1].text):
            org.acronym = doc[b + 1].text.replace(".", "")

    # -- people -----------------------------------------------------------------------------
    def _cluster(self) -> None:
        full = [m for m in self.mentions if (len(m.words) >= 2 or m.parts.royal) and not m.headline]
        for m in full:
            p = self._matching_person(m.words)
            if p is None:
                p = Person(len(self.people), m.parts.name, m.words)
                self.people.append(p)
            self._attach(p, m)
        # headline runs: the part of them that names someone in the body
        for m in [m for m in self.mentions if m.headline and len(m.words) >= 2]:
            p, sub = self._headline_person(m.words)
            if p is not None:
                self._attach(p, m)
                # the headline may give the fullest name ("Hillary Clinton Goes After …" where
                # the body says only "Clinton"): a first name before the body's name
                if len(sub) > len(p.words) and sub[-len(p.words):] == p.words and \
                        is_first_name(sub[0]):
                    shown = [w for w in m.parts.name.split() if key(w) in sub]
                    if len(shown) == len(sub):
                        p.name, p.words = " ".join(shown), sub
        for p in self.people:
            p.mentions.sort(key=lambda x: x.start)

    def _attach_single(self, m: PersonMention) -> None:
        """A surname (or "Mr. Obama") alone: the one person introduced before it that it can
        be; a new person if nobody was; left open when several people share the surname (the
        resolver decides from context)."""
        if m.person is not None:
            return
        cands = self.people_named(m.words)
        g = genders()["title"].get(m.parts.honorific or "")
        if g:
            cands = [p for p in cands if p.gender in (g, None)]
        # "President Obama" is not "the first lady, Michelle Obama": a title of another class
        # (a description — "Flynn, a top Trump surrogate" — may add a role, a title names one)
        mine = role_classes(m.parts.role) if m.parts.role else set()
        if mine:
            cands = [p for p in cands if not p.roles or mine & set(p.role_classes())]
        intro = [p for p in cands if m.block in self.lead_blocks or any(
            x.start < m.start for x in p.mentions)]
        if len(intro) == 1:
            self._attach(intro[0], m)
        elif not intro:
            same = [p for p in self.people if p.words == m.words]
            if same:
                self._attach(same[0], m)
                return
            # the headline may be the one place giving the full name ("Hillary Clinton Goes
            # After Donald Trump …", then "Clinton" throughout)
            heads = {x.words: x for x in self.mentions if x.headline and len(x.words) >= 2 and
                     x.words[-len(m.words):] == m.words and is_first_name(x.words[0])}
            if len(heads) == 1:
                x = next(iter(heads.values()))
                p = Person(len(self.people), x.parts.name, x.words)
            else:
                p = Person(len(self.people), self._display_single(m), m.words)
            self.people.append(p)
            self._attach(p, m)

    def _surname_mentions(self) -> None:
        """Surnames of the article's people written alone, in any paragraph ("Okafor shrugs
        off the criticism"), and the single names collected so far, attached where they can
        only be one person."""
        last = {p.words[-1] for p in self.people if p.words}
        covered = {(m.start) for m in self.mentions}
        spans = sorted((m.start, m.end) for m in self.mentions)
        import bisect
        starts = [a for a, _ in spans]
        for bi, block in enumerate(self.parsed.blocks):
            for t in self.tokens[bi]:
                # the small model tags a surname NOUN now and then ("Trump has record low …")
                if t.pos_ not in ("PROPN", "NOUN", "ADJ", "X") or not t.text[:1].isupper():
                    continue
                word = re.sub(r"['’]s$", "", t.text)
                if key(word) not in last:
                    continue
                a = block.offset + t.idx
                k = bisect.bisect_right(starts, a) - 1
                if a in covered or (k >= 0 and spans[k][0] <= a < spans[k][1]):
                    continue
                parts = split_name(word)
                if parts is None:
                    continue
                prev = t.doc[t.i - 1] if t.i > 0 else None
                if prev is not None and title_kind(prev.text) == "honorific":
                    parts = split_name(prev.text + " " + word) or parts
                m = PersonMention(a, a + len(word), parts, bi,
                                  t.dep_ in ("nsubj", "nsubjpass"), bi in self.headline_blocks, a)
                m.main = m.subject and _main_clause(t)
                self.mentions.append(m)
        self.mentions.sort(key=lambda m: m.start)
        for m in self.mentions:
            if len(m.words) == 1 and not m.parts.royal:
                self._attach_single(m)
        for p in self.people:
            p.mentions.sort(key=lambda x: x.start)

    def _display_single(self, m: PersonMention) -> str:
        name = m.parts.name
        if name.isupper() and len(name) > 3:
            name = name.title()
        return name

    def _matching_person(self, words) -> Person | None:
        for p in self.people:
            if any(names_match(words, f) or names_match(f, words) for f in p.forms()
                   if len(f) >= 2 or len(words) == 1):
                return p
        return None

    def _headline_person(self, words):
        for n in range(len(words), 1, -1):
            for i in range(0, len(words) - n + 1):
                sub = words[i:i + n]
                cands = [p for p in self.people if any(names_match(sub, f) for f in p.forms())]
                if len(cands) == 1:
                    return cands[0], sub
        return None, None

    def _attach(self, p: Person, m: PersonMention) -> None:
        m.person = p
        p.mentions.append(m)
        if not m.headline and (len(m.words) > len(p.words) or
                               len(m.words) == len(p.words) and len(m.parts.name) > len(p.name)):
            p.name, p.words = m.parts.name, m.words
        for r in m.roles:
            p.roles.append((m.start, r.lower()))
            if p.role is None and (not m.parts.role or r == m.parts.role):
                p.role = _role_text(r)
            for w in r.split():
                party = party_of(w)
                if party and not p.party:
                    p.party = party
                pl = place_of(w.strip(",.")) if w[:1].isupper() else None
                if pl and pl[1] == "state" and not p.state:
                    p.state = pl[0]
                elif pl and pl[1] == "country" and not p.affiliation:
                    p.affiliation = pl[0]
        p.party = p.party or m.parts.party
        p.state = p.state or m.parts.state
        p.affiliation = p.affiliation or m.parts.affiliation

    def people_named(self, words: tuple[str, ...]) -> list[Person]:
        """The people a name written ``words`` can be (several for a shared surname)."""
        out = []
        for p in self.people:
            if any(names_match(words, f) for f in p.forms() if len(f) >= len(words)):
                out.append(p)
        if not out and len(words) == 1:  # a first name alone ("Hillary")
            out = [p for p in self.people if len(p.words) >= 2 and p.words[0] == words[0]]
        return out

    @staticmethod
    def dominant(people: list[Person]) -> Person:
        """Of people sharing a surname, the one the article is about: the most mentioned,
        then the first named."""
        return min(people, key=lambda p: (-len(p.mentions), p.first))

    def _genders(self) -> None:
        g = genders()
        text = self.text
        for p in self.people:
            ev = set()
            if len(p.words) >= 2 and p.words[0] in g["first"]:
                ev.add(g["first"][p.words[0]])
            for m in p.mentions:
                if m.parts.honorific and m.parts.honorific in g["title"]:
                    ev.add(g["title"][m.parts.honorific])
                before = re.findall(r"[\w.]+", text[max(0, m.start - 40):m.start])
                if before and before[-1].lower() in g["title"]:
                    ev.add(g["title"][before[-1].lower()])
                for r in m.roles:
                    for w in r.lower().split():
                        if w in g["noun"]:
                            ev.add(g["noun"][w])
                    if "first lady" in r.lower():
                        ev.add("f")
            if len(ev) == 1:
                p.gender = ev.pop()

    # -- organisations ----------------------------------------------------------------------
    def org_named(self, text: str) -> Org | None:
        """The organisation a name or acronym refers to, expanded where the article expands it
        ("IMF" → "International Monetary Fund")."""
        t = re.sub(r"^(the|The)\s+", "", text.strip())
        t = re.sub(r"['’]s?$", "", t).strip()
        k = key(t)
        compact = t.replace(".", "").replace(" ", "")
        if _ACRONYM.match(t) or (compact.isupper() and 2 <= len(compact) <= 6):
            full = [o for o in self.orgs if o.key != k and (
                o.acronym == compact or (len(o.name.split()) >= 2 and initials(o.name) == compact))]
            if full:
                return max(full, key=lambda o: len(o.positions))
        return self._org_by_key.get(k)

    def orgs_of_kind(self, noun: str, before: int) -> list[Org]:
        """Organisations a description headed by ``noun`` ("the fund", "the bank") can be:
        those whose name ends with that noun, else named ones with no other kind noun, most
        named first."""
        noun = noun.lower()
        named = [o for o in self.orgs if o.positions and min(o.positions) < before]
        exact = [o for o in named if o.kind == noun or noun in key(o.name).split()]
        if exact:
            return sorted(exact, key=lambda o: -len(o.positions))
        if noun not in _BUSINESS_NOUNS:
            return []
        loose = [o for o in named if o.kind is None and not _ACRONYM.match(o.name)
                 and place_of(o.name) is None and o.name.lower() not in places()]
        return sorted(loose, key=lambda o: -len([x for x in o.positions if x < before]))

    def qualified_group(self, noun: str) -> str | None:
        """The article's one qualified form of a group noun: "Charlotte-Mecklenburg police"
        for "police", "Keith Lamont Scott's family" for "family" (None when there is none, or
        two equally frequent)."""
        noun = noun.lower()
        if noun in self._qualified:
            return self._qualified[noun]
        rx = re.compile(r"((?:\b[A-Z][\w.’'&]*?(?:[ -]|(?=[’']s\b)))+)((?:[’']s )?)(?i:"
                        + re.escape(noun) + r")\b")
        counts: Counter = Counter()
        shown: dict[str, str] = {}
        for m in rx.finditer(self.text):
            words = m.group(1).replace("-", " - ").split()
            while words and (words[0].lower() in _QUAL_STOP or words[0] == "-" or
                             title_kind(words[0]) in ("honorific", "modifier")):
                words.pop(0)
            if not words or not m.group(0)[len(m.group(0)) - len(noun):][:1].islower() and \
                    len(words) < 2:
                continue
            qual = " ".join(words).replace(" - ", "-")
            if m.group(2):  # a possessor: "Scott's family" → the person's fullest name
                ppl = self.people_named(word_keys(qual))
                if not ppl:
                    continue
                qual = self.dominant(ppl).name + "'s"
            k = key(qual.replace("-", " "))
            counts[k] += 1
            noun_text = m.group(0)[len(m.group(0)) - len(noun):]
            if k not in shown or noun_text.islower():
                shown[k] = f"{qual} {noun_text.lower() if not m.group(2) else noun_text}"
        best = counts.most_common(2)
        out = None
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            out = shown[best[0][0]]
        self._qualified[noun] = out
        return out


__all__ = ["ArticleEntities", "Person", "PersonMention", "Org", "widen_name", "role_classes",
           "initials", "us_states"]
