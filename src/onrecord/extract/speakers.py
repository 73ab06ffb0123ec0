"""Speaker resolution within one article: a source mention → canonical speaker(s).

* Names: the fullest form of a person's name used anywhere in the article is canonical
  ("Macron" → "Emmanuel Macron"; "President (Vladimir) Putin" → "Vladimir Putin").
* Pronouns: the speaker of the nearest earlier statement, or else the nearest earlier person,
  skipping people whose gender (from "Mr."/"Mrs.", "spokeswoman", a first name) contradicts
  "he"/"she".
* Titles and appositions give ``role`` and ``affiliation`` ("Ukrainian presidential advisor
  Mykhailo Podolyak" → role "presidential advisor", affiliation "Ukraine").
* A coordinated source ("Russia and the US") yields one speaker per conjunct.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Speaker
from ..nlp import ParsedText
from ..lexicon import genders, person_nouns, places, titles

_PRONOUN_PERSON = {"he", "she", "him", "her", "i", "me"}
_PRONOUN_GROUP = {"they", "we", "them", "us"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "some", "likes", "of"}
_NAME_TOKEN = re.compile(r"^\(?[A-Z][\w\-.’']*\)?$")
# A name is at most this many tokens long ("Martin Luther King Jr." fits).
MAX_NAME_TOKENS = 5


def _clean_name(s: str) -> str:
    s = re.sub(r"[’']s$", "", s.strip())
    s = s.replace("(", "").replace(")", "")
    s = re.sub(r"\s+", " ", s).strip(" ,.;:")
    words = s.split()
    tl = titles()
    # strip leading titles, with what qualifies them: "Finance Minister Carla Reyes"
    cut = 0
    for i, w in enumerate(words[:-1]):
        if w.lower() in tl or " ".join(words[max(0, i - 1):i + 1]).lower() in tl:
            cut = i + 1
    words = words[cut:]
    return " ".join(words)


def _is_name_tok(t) -> bool:
    return t.pos_ == "PROPN" and bool(_NAME_TOKEN.match(t.text))


def widen_name(doc, a: int, b: int) -> tuple[int, int]:
    """Token bounds of a person name around entity ``doc[a:b]``: adjacent capitalised proper
    nouns and bracketed parts ("President (Vladimir) Putin", "(Tomas) Varga")."""
    for _ in range(MAX_NAME_TOKENS):
        if a >= 3 and doc[a - 1].text == ")" and doc[a - 3].text == "(":
            a -= 3
        elif a >= 1 and b < len(doc) and doc[a - 1].text == "(" and doc[b].text == ")":
            a, b = a - 1, b + 1
        elif b + 2 < len(doc) and doc[b].text == "(" and doc[b + 2].text == ")":
            b += 3
        elif a > 0 and _is_name_tok(doc[a - 1]):
            a -= 1
        elif b < len(doc) and _is_name_tok(doc[b]) and doc[b].dep_ in ("compound", "nsubj", "appos", "nsubjpass", "pobj", "dobj", "flat"):
            b += 1
        else:
            break
    # a bracket left open at an edge is not part of the name
    if doc[a].text == "(" and ")" not in doc[a:b].text:
        a += 1
    return a, b


@dataclass
class _Mention:
    name: str
    start: int
    end: int
    subject: bool = False  # the name is a grammatical subject (a likely antecedent)


class SpeakerResolver:
    """Resolves source mentions of one article; build one per article."""

    def __init__(self, parsed: ParsedText, quote_ranges: list[tuple[int, int]] = ()):
        self.parsed = parsed
        self.text = parsed.text
        self.people: list[_Mention] = []  # person names in text order
        self.role_of: dict[str, tuple[str | None, str | None]] = {}
        self._offsets = {id(b.doc): b.offset for b in parsed.blocks}
        self._quotes = sorted(quote_ranges)
        self._remember_later: list[tuple[str, str]] = []
        self._collect_people()
        self._collect_surname_subjects()
        for name, role in self._remember_later:
            self._remember(self.canonical(name), role, None)
        self.gender_of = self._genders()
        self._gender_memo: dict[str, str | None] = {}

    # -- the article's people -------------------------------------------------------------
    def _collect_people(self) -> None:
        for block in self.parsed.blocks:
            doc = block.doc
            if not block.has_entities:
                self._collect_proper_noun_names(block)
                continue
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                a, b = widen_name(doc, ent.start, ent.end)
                span = doc[a:b]
                name = _clean_name(span.text)
                raw = re.sub(r"\s+", " ", span.text.replace("(", "").replace(")", "")).strip()
                if a > 0 and doc[a - 1].lower_ in titles() and doc[a - 1].text[:1].isupper():
                    self._remember_later.append((name, doc[a - 1].text))
                elif name and raw.endswith(name) and raw != name:
                    self._remember_later.append((name, raw[: -len(name)].strip()))
                if not name or not name[0].isupper():
                    continue
                root = span.root
                subj = root.dep_ in ("nsubj", "nsubjpass") or (
                    root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
                self.people.append(_Mention(name, block.offset + span.start_char,
                                            block.offset + span.end_char, subj))

    def _collect_proper_noun_names(self, block) -> None:
        """Names in a paragraph the entity recogniser skipped: runs of two or more capitalised
        proper nouns ("Finance Minister Carla Reyes"), used to complete surnames elsewhere."""
        doc = block.doc
        i = 0
        while i < len(doc):
            if not _is_name_tok(doc[i]):
                i += 1
                continue
            j = i
            while j < len(doc) and _is_name_tok(doc[j]) and j - i < MAX_NAME_TOKENS + 2:
                j += 1
            name = _clean_name(doc[i:j].text)
            honorific = j - i == 2 and doc[i].lower_ in genders()["title"]  # "Mr. Okafor"
            if (len(name.split()) >= 2 or honorific) and not any(w.lower() in places() for w in name.split()):
                span = doc[i:j]
                raw = re.sub(r"\s+", " ", span.text).strip()
                if raw.endswith(name) and raw != name:
                    self._remember_later.append((name, raw[: -len(name)].strip()))
                self.people.append(_Mention(name, block.offset + span.start_char,
                                            block.offset + span.end_char,
                                            span.root.dep_ in ("nsubj", "nsubjpass")))
            i = j

    def _collect_surname_subjects(self) -> None:
        """Subjects that are a known person's surname but were not recognised as a person
        ("Okafor shrugs off the criticism")."""
        surnames = {m.name.split()[-1] for m in self.people if len(m.name.split()) > 1}
        seen = {(m.start, m.end) for m in self.people}
        for block in self.parsed.blocks:
            for t in block.doc:
                if t.text in surnames and t.dep_ in ("nsubj", "nsubjpass") and not t.ent_type_ == "PERSON":
                    a = block.offset + t.idx
                    if (a, a + len(t.text)) not in seen:
                        self.people.append(_Mention(t.text, a, a + len(t.text), True))
        self.people.sort(key=lambda m: m.start)

    def _genders(self) -> dict[str, str]:
        """Canonical person name → "m" | "f" where the article gives evidence one way only:
        an honorific before a mention, a gendered role noun next to it, or the first name."""
        g = genders()
        votes: dict[str, set[str]] = {}
        text = self.text
        for m in self.people:
            full = self.canonical(m.name)
            ev = set()
            first = full.split()[0].lower()
            if len(full.split()) > 1 and first in g["first"]:
                ev.add(g["first"][first])
            raw = re.findall(r"[\w.]+", text[m.start:m.end])
            before = re.findall(r"[\w.]+", text[max(0, m.start - 40):m.start])
            if raw and raw[0].lower() in g["title"]:  # the mention includes "Mrs."
                ev.add(g["title"][raw[0].lower()])
            elif before:
                w = before[-1].lower()
                if w in g["title"]:
                    ev.add(g["title"][w])
                elif w in g["noun"]:  # "spokeswoman Ana Ortiz"
                    ev.add(g["noun"][w])
            after = re.match(r"[’']?s?,\s+(?:a|an|the|his|her|its|[\w.]+'s|[\w.]+’s)?\s*"
                             r"((?:[\w-]+\s+){0,4}?)([\w-]+)\b", text[m.end:m.end + 80])
            if after and after.group(2).lower() in g["noun"]:  # "Ana Ortiz, a spokeswoman"
                ev.add(g["noun"][after.group(2).lower()])
            if ev:
                votes.setdefault(full, set()).update(ev)
        return {n: next(iter(v)) for n, v in votes.items() if len(v) == 1}

    def _agrees(self, pronoun: str, name: str) -> bool:
        want = "m" if pronoun in ("he", "him") else "f" if pronoun in ("she", "her") else None
        if want is None:
            return True
        if name not in self._gender_memo:  # canonical() scans every mention: once per name
            self._gender_memo[name] = self.gender_of.get(self.canonical(name))
        have = self._gender_memo[name]
        return have is None or want == have

    def canonical(self, name: str) -> str:
        """The fullest name in the article sharing ``name``'s last word (and its first, if any)."""
        words = name.split()
        if not words:
            return name
        best = name
        for m in self.people:
            mw = m.name.split()
            if not mw or mw[-1].lower() != words[-1].lower():
                continue
            if len(words) > 1 and mw[0].lower() != words[0].lower():
                continue
            if len(m.name) > len(best):
                best = m.name
        return best

    # -- one mention ------------------------------------------------------------------------
    def resolve(self, source_head, source_range: tuple[int, int] | None, position: int,
                previous: list[tuple[int, Speaker]]) -> list[Speaker]:
        """Speakers for a source mention headed by ``source_head`` (a spaCy token or None).

        ``previous`` holds (position, speaker) of statements already resolved, in order.
        """
        if source_head is None:
            if source_range is None:
                return []
            return [self._from_text(source_range)]
        heads = [source_head] + [c for c in source_head.children if c.dep_ == "conj"]
        out = []
        for h in heads:
            sp = self._from_head(h, position, previous, source_range)
            if sp is not None:
                out.append(sp)
        return out

    def _from_text(self, rng: tuple[int, int]) -> Speaker:
        raw = self.text[rng[0]:rng[1]]
        name = _clean_name(raw)
        if name.isupper() and len(name) > 3:  # a transcript label: "WALLACE"
            name = name.title()
        role = None
        words = re.sub(r"[()]", "", raw).split()
        if len(words) > 1 and words[0].lower() in titles():
            role = words[0]
        key = name.lower()
        if key in places():
            canon, kind = places()[key]
            return Speaker(canon, "country" if kind == "country" else "organization")
        full = self.canonical(name)
        self._remember(full, role, None)
        r, a = self.role_of.get(full, (role, None))
        return Speaker(full, "person" if name[:1].isupper() else "unknown", r, a)

    def _remember(self, name: str, role: str | None, affiliation: str | None) -> None:
        r0, a0 = self.role_of.get(name, (None, None))
        self.role_of[name] = (r0 or role, a0 or affiliation)

    def _in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self._quotes)

    def _pronoun(self, tok, position: int, previous) -> Speaker | None:
        low = tok.lower_
        if low in _PRONOUN_PERSON and low not in ("i", "me"):
            # the last person who was the subject earlier in the same paragraph, outside quotes
            block_start = self._offsets[id(tok.doc)]
            here = [m for m in self.people if block_start <= m.start and m.end <= position
                    and m.subject and not self._in_quote(m.start) and self._agrees(low, m.name)]
            if here:
                return self._person(here[-1].name, None, None)
        for pos, sp in reversed(previous):
            if pos < position and sp is not None and (
                    low not in _PRONOUN_PERSON or sp.type == "person") and (
                    sp.type != "person" or self._agrees(low, sp.name)):
                return sp
        # nearest earlier person named in the text
        before = [m for m in self.people if m.end <= position and self._agrees(low, m.name)]
        if before and low in _PRONOUN_PERSON:
            return self._person(before[-1].name, None, None)
        return None

    def _person(self, name: str, role, affiliation) -> Speaker:
        full = self.canonical(name)
        self._remember(full, role, affiliation)
        r, a = self.role_of.get(full, (role, affiliation))
        return Speaker(full, "person", r, a)

    def _abs(self, tok) -> int:
        return self._offsets[id(tok.doc)] + tok.idx

    def _from_head(self, head, position: int, previous, rng=None) -> Speaker | None:
        doc = head.doc
        low = head.lower_
        if head.pos_ == "PRON" and not (head.text.isupper() and len(head.text) > 1) or \
                low in _PRONOUN_PERSON and head.text != head.text.upper():
            return self._pronoun(head, position, previous)
        toks = self._own_tokens(head)
        if rng is not None:
            a, b = rng
            toks = [t for t in toks if a <= self._abs(t) < b] or [head]
        spans = [e for e in doc.ents if e.start >= min(t.i for t in toks) and e.end <= max(t.i for t in toks) + 1]
        person = [e for e in spans if e.label_ == "PERSON"]
        if person:
            # the person the phrase is about: the one containing the head, else the last
            ent = next((e for e in person if e.start <= head.i < e.end), person[-1])
            name = _clean_name(self._widen(ent))
            role, affiliation = self._role(toks, ent, spans)
            return self._person(name, role, affiliation)
        phrase = " ".join(t.text for t in toks if t.lower_ not in _DETERMINERS)
        phrase = re.sub(r"\s+([’',.])", r"\1", phrase).strip()
        for cand in (head.text, _clean_name(phrase), phrase):
            hit = places().get(cand.lower())
            if hit and (head.ent_type_ in ("GPE", "ORG", "NORP", "") or cand == head.text):
                return Speaker(hit[0], "country" if hit[1] == "country" else "organization")
        # "Its president, Marcus Bell": a person noun with a proper-name apposition is a person,
        # whatever label the entity recogniser gave the name
        if head.lower_ in person_nouns() or head.lower_ in titles():
            appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
            if appos:
                name_toks = [t for t in appos[0].subtree if t.pos_ == "PROPN"]
                role = " ".join(t.text for t in head.subtree if t.i < min(x.i for x in appos[0].subtree)
                                and t.dep_ not in ("det", "poss", "punct", "case"))
                return self._person(" ".join(t.text for t in name_toks), role or None, None)
        if head.text[:1].isupper() and self.canonical(head.text) != head.text:
            return self._person(head.text, None, None)
        org = [e for e in spans if e.label_ in ("ORG", "GPE", "NORP")]
        if org:
            e = next((x for x in org if x.start <= head.i < x.end), org[-1])
            label = re.sub(r"^(the|The)\s+", "", e.text)
            return Speaker(label, "country" if e.label_ == "GPE" else "organization")
        if head.pos_ == "PROPN":
            # the head's own name ("Mr. Okafor, the mayor," → "Okafor"), its apposition a role
            own = [t for t in toks if t.pos_ == "PROPN" and (
                t.i == head.i or (t.head.i == head.i and t.dep_ in ("compound", "flat")))]
            name = _clean_name(" ".join(t.text for t in own)) if own else ""
            appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            role = None
            if appos:
                role = " ".join(t.text for t in appos[0].subtree
                                if t.dep_ not in ("det", "poss", "punct", "case")) or None
            return self._person(name or _clean_name(phrase), role, None)
        kind = "group" if head.tag_ in ("NNS", "NNPS") or low in person_nouns() else "unknown"
        if not phrase:
            return None
        return Speaker(phrase, kind)

    def _own_tokens(self, head) -> list:
        """``head``'s subtree without its coordinated siblings' subtrees and relative clauses."""
        skip = set()
        for c in head.children:
            if c.dep_ in ("conj", "cc", "relcl") or (c.dep_ == "punct" and c.i > head.i):
                skip.update(x.i for x in c.subtree)
        return [t for t in head.subtree if t.i not in skip] or [head]

    def _widen(self, ent) -> str:
        a, b = widen_name(ent.doc, ent.start, ent.end)
        return ent.doc[a:b].text

    def _role(self, toks, ent, spans) -> tuple[str | None, str | None]:
        """Role and affiliation from the words of the mention outside the name."""
        affiliation = None
        role_words = []
        for t in toks:
            if ent.start <= t.i < ent.end:
                continue
            if t.text in "()" and ent.start - 3 <= t.i <= ent.end + 2:
                continue
            if t.ent_type_ in ("GPE", "NORP") or t.text.lower() in places():
                hit = places().get(t.text.lower()) or places().get(re.sub(r"[’']s$", "", t.text).lower())
                if hit and affiliation is None:
                    affiliation = hit[0]
                continue
            if t.dep_ == "case" or t.lower_ in _DETERMINERS or t.is_punct and t.text != "," or \
                    t.ent_type_ == "PERSON":
                continue
            role_words.append(t)
        # the role is the text from its first word to its last ("minister of defence and …")
        words = [t for t in role_words if not t.is_punct]
        if not words or len(words) > 10:
            return None, affiliation
        doc = words[0].doc
        role = doc[words[0].i:words[-1].i + 1].text.strip(" ,")
        role = re.sub(r"^(the )?(likes )?(of )?", "", role, flags=re.I).strip() or None
        return role, affiliation
