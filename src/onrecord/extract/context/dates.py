"""Date expressions in article text and their values, grounded on the publication date.

Finding an expression (its span, what kind it is) is ours: regular expressions over the text
and the relative words of ``data/context/dates.tsv``. Resolving it to a date is dateparser's
(``PREFER_DATES_FROM=past`` against the publication date), with the conventions of the
annotation guide (``../shared/design/ANNOTATION.md``) set through its base date:

* a weekday is the latest such day on or before publication (wire copy names the publication
  day itself: "said on Thursday" in a Thursday paper) — dateparser counts strictly back from its
  base, so the base is the day after publication;
* "this week" is the week holding the day before publication (a Monday paper's "this week" is
  the week just ended), "last week" the week before publication's week: precision week, the
  value ``week of <Monday>``;
* "this weekend" / "over the weekend" (which dateparser leaves alone) is the week of the latest
  Saturday on or before publication;
* a month without a year is the latest such month not after publication;
* "at the time" refers to the date of the statement it points back to (``ref``); expressions
  too vague to date a statement ("earlier this year", "in recent weeks", "years ago") are found
  — so that they block a date carried from elsewhere — but have no value.

Without a publication date only expressions holding a year resolve.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from .tables import tables

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TOD = r"(?P<tod>\s+(?:morning|afternoon|evening|night))?"
RE_DMY = re.compile(r"(?<![\w])(?:on\s+)?(?:" + WEEKDAY + r",?\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+"
                    r"(?:of\s+)?(?P<m>" + MONTH + r")(?:,?\s+(?P<y>\d{4}))?(?![\w])", re.I)
RE_MDY = re.compile(r"(?<![\w])(?:on\s+)?(?:" + WEEKDAY + r",?\s+)?(?P<m>" + MONTH + r")\s+(?P<d>\d{1,2})"
                    r"(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?(?![\w])")
RE_MY = re.compile(r"(?<![\w])(?:in\s+|early\s+|late\s+|mid-)?(?P<m>" + MONTH + r")\s+(?P<y>\d{4})(?![\w])")
RE_INM = re.compile(r"(?<![\w])(?i:in|earlier in|early|late|in early|in late|in mid-|this past|last)\s+"
                    r"(?P<m>" + MONTH + r")(?![\w])(?!\s+\d)")
RE_INY = re.compile(r"(?<![\w])in\s+(?P<y>(?:19|20)\d{2})(?![\w])")
# a year qualifying an occasion or a document: "in a 2015 interview", "a 2013 memo"
RE_YEAR_ADJ = re.compile(r"(?<![\w])(?i:an?|the|his|her|its|their)\s+(?P<y>(?:19|20)\d{2})\s+"
                         r"(?=[a-z][\w-]*\s+)?(?=(?:[a-z][\w-]*\s+)?(?:interview|memo|report|"
                         r"speech|letter|statement|testimony|hearing|debate|op-ed|book|post|"
                         r"tweet|article|profile|documentary|video|filing|lawsuit)s?\b)")
# a month qualifying an occasion: "in an August speech", "a March 2015 report"
RE_MONTH_ADJ = re.compile(r"(?<![\w])(?i:an?|the|his|her|its|their)\s+(?P<m>" + MONTH + r")(?:\s+(?P<y>\d{4}))?\s+"
                          r"(?=(?:[a-z][\w-]*\s+)?(?:interview|memo|report|speech|letter|statement|"
                          r"testimony|hearing|debate|op-ed|post|tweet|article|rally|address|"
                          r"meeting|summit|visit|trip|filing|lawsuit)s?\b)")
RE_WD = re.compile(r"(?<![\w])(?P<pre>(?i:on\s+|last\s+|this\s+past\s+|late\s+|early\s+|earlier\s+on\s+))?"
                   r"(?P<wd>" + WEEKDAY + r")(?:’s|'s)?" + _TOD + r"(?![\w])")
RE_AGO = re.compile(r"(?<![\w])(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+"
                    r"(?P<u>day|week|month|year)s?\s+ago(?![\w])", re.I)

@dataclass
class DateExpr:
    start: int
    end: int
    text: str
    value: str | None     # None for "ref" and for expressions too vague or not groundable
    precision: str | None
    ref: bool = False     # "at the time": the date of the statement referred to
    vague: bool = False   # found, but too vague to date a statement

    @property
    def grounded(self) -> bool:
        return self.value is not None


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def format_value(d: date, precision: str) -> str:
    if precision == "week":
        return "week of " + _monday(d).isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "year":
        return f"{d.year:04d}"
    return d.isoformat()


@lru_cache(maxsize=64)
def _parser(base: date):
    from dateparser.date import DateDataParser
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12),
        "PREFER_DATES_FROM": "past"})


@lru_cache(maxsize=8192)
def resolve(expression: str, base: date) -> tuple[str, str] | None:
    """(value, precision) of ``expression`` read by dateparser as the past seen from ``base``
    (exclusive), or None when it cannot read it."""
    parser = _parser(base)
    try:
        data = parser.get_date_data(expression)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    precision = data.period if data.period in ("day", "week", "month", "year") else "day"
    return format_value(data.date_obj.date(), precision), precision


def _weekend(pub: date) -> tuple[str, str]:
    """The week of the latest Saturday on or before ``pub``."""
    sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
    return "week of " + _monday(sat).isoformat(), "week"


def _normal(s: str) -> str:
    s = re.sub(r"(?:’s|'s)\b", "", s)
    s = re.sub(r"(?i)^(?:on|in|this past|earlier on|earlier in|early|late|in early|in late|in mid-|mid-)\s*", "", s)
    return re.sub(r"\s+", " ", s.replace(",", " ")).strip()


def find_dates(text: str, a: int, b: int, pub: date | None) -> list[DateExpr]:
    """Date expressions in ``text[a:b]`` with their values (None when they cannot be grounded),
    in text order, never overlapping (the first, longest kind found wins)."""
    seg = text[a:b]
    out: list[DateExpr] = []

    def add(m, value=None, precision=None, ref=False, vague=False):
        s, e = a + m.start(), a + m.end()
        if any(o.start < e and s < o.end for o in out):
            return
        out.append(DateExpr(s, e, text[s:e], value, precision, ref, vague))

    def parse(m, expr, base, has_year=False, precision=None):
        if pub is None and not has_year:
            add(m, None, precision)
            return
        r = resolve(expr, base or date(2000, 1, 1))
        add(m, r[0] if r else None, r[1] if r else precision)

    after = pub + timedelta(days=1) if pub else None
    for rx in (RE_DMY, RE_MDY):
        for m in rx.finditer(seg):
            if not 1 <= int(m.group("d")) <= 31:
                continue
            expr = f"{m.group('d')} {m.group('m').rstrip('.')}" + (f" {m.group('y')}" if m.group("y") else "")
            parse(m, expr, after, bool(m.group("y")), "day")
    for m in RE_MY.finditer(seg):
        parse(m, f"{m.group('m').rstrip('.')} {m.group('y')}", after, True, "month")
    for m in RE_MONTH_ADJ.finditer(seg):
        parse(m, m.group("m").rstrip(".") + (f" {m.group('y')}" if m.group("y") else ""), after,
              bool(m.group("y")), "month")
    for m in RE_YEAR_ADJ.finditer(seg):
        add(m, m.group("y"), "year")
    for m in RE_AGO.finditer(seg):
        parse(m, _normal(m.group(0)), pub, False)
    tab = tables()
    for rx, rule in tab.dates if tab.any_date.search(seg) else ():
        for m in rx.finditer(seg):
            if m.group(0).isupper() and len(m.group(0)) > 2:
                continue  # "USA TODAY" is a newspaper
            if _in_title(seg, m.start(), m.end()):
                continue  # "Trending Today USA", "the Today show", "NBC's Today"
            kind, _, shift = rule.partition(":")
            if kind == "ref":
                add(m, ref=True)
            elif kind == "vague":
                add(m, vague=True)
            elif kind == "weekend":
                add(m, *(_weekend(pub) if pub else (None, "week")))
            else:  # parse, with the base shifted by ``shift`` days from publication
                base = pub + timedelta(days=int(shift or 0)) if pub else None
                expr = re.sub(r"(?i)^(?:earlier|later|late|early)\s+", "", m.group(0))
                parse(m, expr, base, False)
    for m in RE_WD.finditer(seg):
        pre = (m.group("pre") or "").lower().strip()
        # "last Thursday" counts back from publication; "Thursday" may be the day itself
        base = pub if pre == "last" else after
        expr = ("last " if pre == "last" else "") + m.group("wd") + (m.group("tod") or "")
        parse(m, expr, base, False, "day")
    for m in RE_INM.finditer(seg):
        parse(m, m.group("m").rstrip("."), after, False, "month")
    for m in RE_INY.finditer(seg):
        add(m, m.group("y"), "year")
    return sorted(out, key=lambda d: d.start)


def starts_date(text: str, pos: int) -> bool:
    """Does a date expression start at ``pos`` ("on Sunday", "last week", "today" …)?"""
    seg = text[pos:pos + 40]
    return bool(re.match(r"(?:on\s+|last\s+|this\s+|earlier\s+|yesterday|today|tonight)?(?:"
                         + WEEKDAY + r"|yesterday|today|tonight|week|month|year|time\b|weekend|"
                         + r"\d{1,2}\s+" + MONTH + r")", seg, re.I))


def publication_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


_TITLE_WORD = re.compile(r"(?:Today|Tonight|Tomorrow|Yesterday)\b")


def _in_title(seg: str, a: int, b: int) -> bool:
    """A capitalised "Today"/"Tonight" inside a name ("Trending Today USA", "NBC's Today
    show"): it does not open its sentence and stands next to another capitalised word."""
    word = seg[a:b].strip()
    before = seg[max(0, a - 40):a]
    opens = not before.strip() or bool(re.search(r"[.!?:;\"“”‘]\s*$", before))
    words = word.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words) and not opens:
        return True  # "ABC's This Week": a programme's name in title case inside a sentence
    if not _TITLE_WORD.fullmatch(word):
        return False
    if opens:
        return False  # "Today, he said …" opens a sentence
    prev_word = re.search(r"([\w’'.-]+)\s*$", before)
    next_word = re.match(r"\s*([\w’'.-]+)", seg[b:b + 40])
    if prev_word and prev_word.group(1).lower() == "the":
        return True  # "the Today show": no date takes "the"
    return any(w and w.group(1)[:1].isupper() for w in (prev_word, next_word))

