"""What every context rule reads about a statement (:class:`Info`, the aspect of its cue) and
about the article's layout (:class:`Layout`: headline, lede, live-blog sections)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import SaidOn, Statement, Venue
from .dates import DateExpr
from .index import TokenIndex
from .names import Voice
from .venues import VenueExpr

# Leading paragraphs at most this long (characters) and at most this many, written in
# headline tense (no simple past: "Flynn says …", "House panel votes …") or in Title Case
# ("Trump Was ‘Mocking’ Clinton Camp"), are the headline zone
# (title, subtitle, kicker). PolNeAR and wire copy end titles with a period, so length, position
# and tense, not punctuation, tell them from a short lede ("The minister said on Monday …").
HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_BLOCKS = 4
# live-blog entries start with a time stamp paragraph ("2:45 p.m.") or a rule ("___")
_STAMP = re.compile(r"(?i)^\s*(?:\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?(?:\s+\w+)?|_{3,}\.?|\*{3,})\s*$")
# a dateline opens the lede: "WASHINGTON -", "FLINT, Mich., Oct. 4 (UPI) —", "BRUSSELS —"
_QUOTED = re.compile(r"[“\"‘][^”\"’]*[”\"’]")
DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:,[^—–―\-]{0,30})?(?:\([A-Za-z. ]+\))?\s*[—–―-]")


@dataclass
class Info:
    stmt: Statement
    idx: int
    sent: int | None = None
    block: int | None = None
    section: int = 0
    headline: bool = False
    key: str | None = None  # speaker key (see names.canonical_keys)
    voice: Voice | None = None  # who the speaker is taken to be (see names.voice_of)
    aspect: str = "past"    # of the cue: past | present | progressive | perfect | future | nominal
    later: bool = False     # "later said": another, later occasion
    own_date: DateExpr | None = None
    own_venue: VenueExpr | None = None
    said_on: SaidOn | None = None
    venue: Venue | None = None
    occasion: object | None = None
    reaction: tuple[str, bool, str] | None = None  # polarity, aimed at a statement, cue words
    responds_to: str | None = None
    stance: str | None = None
    notes: dict = field(default_factory=dict)

    @property
    def continuation(self) -> bool:
        return self.stmt.cue is None


class Layout:
    """Headline zone, sections (a live blog's entries; otherwise the whole body) and their
    ledes (first body paragraph of each)."""

    def __init__(self, ix: TokenIndex) -> None:
        n = len(ix.blocks)
        texts = [ix.block_text(i) for i in range(n)]
        self.headline_blocks: set[int] = set()
        for i, t in enumerate(texts[:HEADLINE_MAX_BLOCKS]):
            if n < 2 or len(t) > HEADLINE_MAX_CHARS or DATELINE.match(t) or _STAMP.match(t):
                break
            a, _b = ix.blocks[i]
            quoted = [(a + m.start(), a + m.end()) for m in _QUOTED.finditer(t)]
            words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", t) if len(w) > 3]
            title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
            toks = [tk for si in ix.block_sents(i) for tk in ix.sent_toks(si)
                    if not any(x <= tk.start < y for x, y in quoted)]
            if not title_case and any(_told_in_past(ix, tk) for tk in toks):
                break  # told in the past tense: a lede, not a headline
            self.headline_blocks.add(i)
        if len(self.headline_blocks) == n:
            self.headline_blocks = {0} if n > 1 else set()
        stamps = [i for i, t in enumerate(texts) if _STAMP.match(t)]
        self.live_blog = sum(1 for i in stamps if re.search(r"\d", texts[i])) >= 2
        self.section_of: list[int] = []
        sec = 0
        for i in range(n):
            if self.live_blog and i in stamps and re.search(r"\d", texts[i]):
                sec += 1
            self.section_of.append(sec)
        self.stamp_blocks = set(stamps)
        # the lede of each section: its first paragraph that is neither headline nor stamp
        self.ledes: dict[int, int] = {}
        for i in range(n):
            if i in self.headline_blocks or i in self.stamp_blocks:
                continue
            self.ledes.setdefault(self.section_of[i], i)

    def section(self, block: int | None) -> int:
        return self.section_of[block] if block is not None and block < len(self.section_of) else 0

    def is_lede(self, block: int | None) -> bool:
        return block is not None and self.ledes.get(self.section(block)) == block


def _told_in_past(ix: TokenIndex, tk) -> bool:
    """A verb in the simple past ("said"), or a past passive ("were hurt"); not a copula
    ("Chelsea explosion was an 'intentional act'" is headlinese)."""
    if tk.pos == "VERB" and tk.tag == "VBD" and tk.dep != "amod":
        return True
    return tk.tag == "VBN" and any(k.head == tk.i and k.dep in ("auxpass", "aux") and
                                   k.lower in ("was", "were") for k in ix.sent_toks(tk.sent))


def cue_aspect(ix: TokenIndex, st: Statement) -> tuple[str, bool]:
    """The aspect of a statement's cue — past ("said", "was quoted"), present ("says"),
    progressive ("is saying"), perfect ("has said", "had warned", "has … criticized"), future
    ("will say"), nominal ("according to", "a report that") — and whether it is marked as
    later ("later said")."""
    if st.cue is None:
        return "past", False
    if re.match(r"(?i)\s*according\b", st.cue.text):
        return "nominal", False
    toks = ix.toks_in(st.cue.start, st.cue.end)
    verb = next((t for t in toks if t.pos == "VERB" and t.tag.startswith("VB")), None) or \
        next((t for t in toks if t.pos == "AUX" and t.tag.startswith("VB")), None)
    if verb is None:
        return "nominal", False
    # participles and coordinated verbs take the aspect of the verb they hang on ("…, saying",
    # "has used … and criticized")
    head = verb
    for _ in range(4):
        if head.tag in ("VBG", "VBN") and head.dep in ("advcl", "xcomp", "conj", "acl", "pcomp") \
                and head.head != head.i:
            head = ix.toks[head.head]
        elif head.dep == "conj" and head.head != head.i:
            head = ix.toks[head.head]
        else:
            break
    sent = ix.sents[head.sent]
    kids = [ix.toks[i] for i in sent.toks if ix.toks[i].head == head.i and ix.toks[i].i != head.i]
    auxes = [k.lower for k in kids if k.dep in ("aux", "auxpass")]
    later = any(k.lower in ("later", "subsequently", "afterwards", "afterward") and
                k.dep == "advmod" for k in kids) or bool(re.search(
                    r"(?i)\blater\s*,?\s*$", ix.text[max(sent.start, st.cue.start - 12):st.cue.start]))
    if any(a in ("has", "have", "had", "'ve", "’ve", "'s", "’s") for a in auxes) and head.tag == "VBN":
        return "perfect", later
    if any(a in ("will", "'ll", "’ll", "shall") for a in auxes):
        return "future", later
    if head.tag == "VBG" and any(a in ("is", "are", "am", "'s", "’s", "'re", "’re") for a in auxes):
        return "progressive", later
    if head.tag in ("VBZ", "VBP"):
        return "present", later
    if head.tag == "VB" and any(a in ("does", "do") for a in auxes):
        return "present", later
    return "past", later


def coarsen(v: SaidOn) -> tuple[str, str]:
    if v.precision == "day":
        return v.value[:7], "month"
    return v.value, v.precision
