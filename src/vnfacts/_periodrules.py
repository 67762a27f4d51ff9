"""The rules behind :mod:`vnfacts.periods`: regexes built once from ``data/periods.tsv``.

Each rule is a compiled pattern plus a handler that turns a match into zero or more
:class:`Cand` (candidate) spans; :mod:`vnfacts.periods` picks among overlapping
candidates and resolves relative values. The words all come from the data file; the
structure (digits, separators, order) is here.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ._scan import RuleScanner, Starts
from .lexicon import alternation, load_table

__all__ = ["Point", "Cand", "Grammar", "grammar"]


@dataclass(frozen=True)
class Point:
    """One end of a period: ``gran`` year|quarter|month|date; ``a`` quarter or month.

    ``y`` None means the year is not written; ``yrel`` then says how to derive it from
    the publication date ("year:-1" for "năm ngoái"), or None for "the current year".
    """

    gran: str
    y: int | None
    a: int = 0
    d: int = 0
    yrel: str | None = None


@dataclass(frozen=True)
class Cand:
    """A candidate time expression before overlap resolution."""

    start: int
    end: int
    kind: str
    rule: str
    lo: Point | None = None
    hi: Point | None = None
    relative: bool = False
    rel: str | None = None  # a relative word's "unit:offset", resolved at the end
    until_now: bool = False  # the end is the publication month ("đến nay")


Y4 = r"(?:1[89]\d\d|20\d\d|2100)"  # after a year word
YB = r"(?:19\d\d|20\d\d|2100)"  # bare years, where a cue must vouch for them
NE = r"(?![.,]?\d)(?!\w)"  # a number ends here: "2.025" and "2025,5" are not years
NB = r"(?<![\w.,/])"  # a number starts here


def _alt(words) -> str:
    """Regex alternation of words, longest first, spaces matching any whitespace."""
    return alternation(words, space=r"\s+")


def _cs(words) -> str:
    """A case-sensitive alternation (month and weekday names are capitalised)."""
    return "(?-i:" + _alt(words)[3:]


@dataclass
class Grammar:
    """Compiled rules and helper patterns (one instance per process).

    Each rule is ``(pattern, handler, starts)``: ``starts`` says where its matches may
    begin, so that :class:`~vnfacts._scan.RuleScanner` tries it only there.
    """

    rules: list[tuple[re.Pattern[str], Callable[[re.Match[str], str], Iterator[Cand]], Starts]] = field(default_factory=list)
    range_link: re.Pattern[str] = None  # type: ignore[assignment]
    from_before: re.Pattern[str] = None  # type: ignore[assignment]
    compare_before: re.Pattern[str] = None  # type: ignore[assignment]
    sentence_break: re.Pattern[str] = None  # type: ignore[assignment]

    _scanner: RuleScanner | None = field(default=None, repr=False)

    def candidates(self, text: str) -> list[Cand]:
        """Every candidate of every rule, in rule order (each rule's in text order)."""
        if self._scanner is None:
            self._scanner = RuleScanner(self.rules)
        return self._scanner.run(text)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Build the rules from ``data/periods.tsv`` (cached: once per process)."""
    rows = load_table("periods.tsv", ["role", "word", "value"], required=["role", "word"])
    by: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        by[r["role"]].append((r["word"], r["value"]))
    W = {role: _alt(w for w, _ in items) for role, items in by.items()}
    val = {role: {w.casefold(): v for w, v in items} for role, items in by.items()}
    rel_year = {w: v for w, v in by["relative"] if v.startswith("year:")}
    year_word = by["year_word"][0][0]
    rel_suffix = {w[len(year_word) :].strip(): v for w, v in rel_year.items() if w.startswith(year_word + " ")}
    first_parts = [w for w, v in by["part"] if v == "first"]
    same_period = [w for w, v in by["relative"] if v == "same_period"]
    count = val["count_word"]
    YW, MW, QW, DW = W["year_word"], W["month_word"], W["quarter_word"], W["day_word"]
    TO, FROM, PART = W["range_to"], W["range_from"], W["part"]
    QNUM = _cs(w for w, _ in by["quarter_num"])
    MNAME = _cs(w for w, _ in by["month_name"])
    WDNAME = _alt(w for w, _ in by["weekday"])
    DAYPART = W["day_part"]
    WEEKDAY = rf"(?:{W['weekday_word']}\s+(?:{WDNAME}|[2-7])|{W['sunday']})"
    COUNT = W["count_word"]

    def tail(p: str, slash: bool = True) -> str:
        # The year after a month, quarter or "N tháng": "/2025", "năm 2025", "năm nay".
        s = rf"\s*[/-]\s*(?P<{p}s>{Y4}){NE}|" if slash else ""
        return rf"(?:{s}\s+{YW}\s+(?P<{p}y>{Y4}){NE}|\s+(?P<{p}r>{_alt(rel_year)})(?!\w))"

    def part_tail(p: str) -> str:
        # After "đầu năm"/"cuối năm", whose "năm" is already read: "2025", "nay".
        return rf"(?:\s+(?P<{p}y>{Y4}){NE}|\s+(?P<{p}r>{_alt(rel_suffix)})(?!\w))"

    def year_of(m: re.Match[str], p: str) -> tuple[int | None, str | None, bool]:
        """(year, relative year offset, written?) from a tail or part_tail group."""
        gd = m.groupdict()
        for key in (p + "s", p + "y"):
            if gd.get(key):
                return int(gd[key]), None, True
        r = gd.get(p + "r")
        if r:
            word = re.sub(r"\s+", " ", r).casefold()
            v = rel_year.get(word) or rel_suffix.get(word) or next(
                (v for w, v in {**rel_year, **rel_suffix}.items() if w.casefold() == word), None
            )
            return None, v, False
        return None, None, False

    def num(s: str) -> int:
        return int(s) if s.isdigit() else int(count.get(re.sub(r"\s+", " ", s).casefold(), "0") or 0)

    def before(text: str, start: int, pat: re.Pattern[str], width: int = 30) -> bool:
        return bool(pat.search(text, max(0, start - width), start))

    g = Grammar()

    def rule(pattern_handler, starts: Starts) -> None:
        g.rules.append((*pattern_handler, starts))

    def at(*roles: str, digit: bool = False, chars: str = "") -> Starts:
        """Matches start at a word of these roles (or a digit, or one of ``chars``)."""
        return Starts.of([w for role in roles for w, _ in by[role]], digit=digit, chars=chars)
    flags = re.IGNORECASE

    def P(s: str) -> re.Pattern[str]:
        return re.compile(s, flags)

    dur_before = P(rf"(?<!\w){W['duration_cue']}\s+$|/$")
    time_cue_before = P(rf"(?<!\w)(?:{W['time_cue']}|{DAYPART}|{WEEKDAY})\s*,?\s*$")
    number_before = P(rf"(?:\d|(?<!\w){COUNT}|(?<!\w){W['plural_word']})\s+$")
    weekday_cue_before = P(rf"(?<!\w)(?:{W['time_cue']}|{DAYPART})\s*$")
    date_cue_before = P(rf"(?<!\w)(?:{DAYPART}|{WEEKDAY}|{W['clock_part']})\s*[,(]?\s*$")
    sentence_start = P(r"(?:^|[.!?:;…\n]\s*|^\s*)$")
    ytd_cue_before = P(rf"(?<!\w){W['ytd_cue']}\s+$")
    ytd_verb_after = P(rf"\s+(?:{W['ytd_verb_after']})(?!\w)")
    not_year_after = P(rf"\s*(?:%|{W['not_year_after']}(?!\w))")
    date_after = P(rf"\s*,?\s*(?:\(\s*)?(?:{DW}\s+)?\d{{1,2}}[/-]\d{{1,2}}(?!\d)|\s+{W['week_word']}(?!\w)")
    hour_after = P(rf"\s*,?\s*(?:{DAYPART})(?!\w)|\s+\d{{1,2}}/\d{{1,2}}")
    g.range_link = P(rf"\s*(?:[-–—]|(?:{TO}))\s*")
    g.from_before = P(rf"(?<!\w)({FROM})\s+$")
    long_cmp = [w for w, _ in by["compare_cue"] if " " in w]
    short_cmp = [w for w, _ in by["compare_cue"] if " " not in w]
    g.compare_before = P(
        rf"(?:(?<!\w){_alt(long_cmp)}\s+(?:[^\s,.;:!?()]+\s+){{0,3}}|(?<!\w){_alt(short_cmp)}\s+)$"
    )
    g.sentence_break = re.compile(r"[.!?…;]\s|\n")

    def C(m: re.Match[str], kind: str, rule_id: str, lo=None, hi=None, **kw) -> Cand:
        return Cand(m.start(), m.end(), kind, rule_id, lo, hi if hi is not None else lo, **kw)

    # --- dates -------------------------------------------------------------------
    def h_date_full(m, text):
        d, mo, y = int(m["d"]), int(m["mo"]), int(m["y"])
        if _valid(y, mo, d):
            yield C(m, "date", "date.numeric", Point("date", y, mo, d))

    rule((P(rf"(?<![\w/.,-])(?:{DW}\s+)?(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<mo>\d{{1,2}})(?P=sep)(?P<y>{Y4}){NE}"), h_date_full), at("day_word", digit=True))

    def h_date_words(m, text):
        d, mo = int(m["d"]), int(m["mo"])
        y = int(m["y"] or m["y2"]) if (m["y"] or m["y2"]) else None
        if _valid(y or 2000, mo, d):
            yield C(m, "date", "date.words", Point("date", y, mo, d), relative=y is None)

    rule((P(rf"(?<!\w){DW}\s+(?P<d>\d{{1,2}})\s+{MW}\s+(?P<mo>\d{{1,2}})(?:\s+{YW}\s+(?P<y>{Y4})|\s*[/-]\s*(?P<y2>{Y4}))?{NE}"), h_date_words), at("day_word"))

    dm_link = rf"(?:\s*[-–]\s*|\s+(?:{TO})\s+)"
    dm_range_after = P(rf"{dm_link}(?P<dw>{DW}\s+)?(?P<d>\d{{1,2}})[/-](?P<mo>\d{{1,2}})(?![/.-]?\d)")
    dm_range_before = P(rf"(?<![\w/.,])(?P<dw>{DW}\s+)?(?P<d>\d{{1,2}})[/-](?P<mo>\d{{1,2}}){dm_link}(?:{DW}\s+)?$")

    def dm_range_partner(m, text) -> bool:
        """ "từ 8/9 đến 14/9", "từ ngày 1/8-29/8": two day/months joined by đến or a dash, one
        of which no proper fraction can be (14/9) or a day word marks (``đến ngày 4/9``);
        "từ 1/3 đến 2/3 số hộ" are fractions."""
        other = dm_range_after.match(text, m.end()) or dm_range_before.search(text, max(0, m.start() - 24), m.start())
        if other is None:
            return False
        ends = [(int(m["d"]), int(m["mo"])), (int(other["d"]), int(other["mo"]))]
        if not all(_valid(2000, mo, d) for d, mo in ends):
            return False
        return bool(other["dw"]) or any(d >= mo for d, mo in ends)

    def h_date_dm(m, text):
        d, mo = int(m["d"]), int(m["mo"])
        # "5/7" alone may be a fraction: it is a date only after "ngày", a part of the
        # day or a weekday ("sáng 24/7", "thứ Sáu (5/7)").
        # Also the two ends of "từ 8/9 đến 14/9", which the range step joins.
        in_range = dm_range_partner(m, text)
        if _valid(2000, mo, d) and (m["dw"] or before(text, m.start(), date_cue_before) or in_range):
            yield C(m, "date", "date.day_month", Point("date", None, mo, d), relative=True)

    rule((P(rf"(?<![\w/.,])(?:(?P<dw>{DW})\s+)?(?P<d>\d{{1,2}})[/-](?P<mo>\d{{1,2}})(?![/.]?\d)(?!-\d+(?!\d*/))(?!\w)"), h_date_dm), at("day_word", digit=True))

    def h_date_span(m, text):
        d1, d2, mo = int(m["d1"]), int(m["d2"]), int(m["mo"])
        y = int(m["y"]) if m["y"] else None
        # "ngày 8-12/7", "tuần từ 8-12/7", "8-12/7/2024": a day word, "từ" or a year says dates.
        if d1 < d2 and _valid(y or 2000, mo, d2) and (m["dw"] or m["frm"] or y):
            yield C(m, "date_range", "date.span", Point("date", y, mo, d1), Point("date", y, mo, d2), relative=y is None)

    rule((P(rf"(?<![\w/.,])(?:(?P<frm>{FROM})\s+)?(?:(?P<dw>{DW})\s+)?(?P<d1>\d{{1,2}})\s*(?:[-–]|{TO})\s*(?:{DW}\s+)?(?P<d2>\d{{1,2}})(?P<sep>[/-])(?P<mo>\d{{1,2}})(?:(?P=sep)(?P<y>{Y4}))?{NE}"), h_date_span), at("range_from", "day_word", digit=True))

    # --- year-to-date, halves ------------------------------------------------------
    def h_months(m, text):
        n = num(m["n"])
        if not 1 <= n <= 12:
            return
        if m["part"]:
            y, yr, _ = year_of(m, "p")
        else:
            y, yr, _ = year_of(m, "t")
        cue = before(text, m.start(), ytd_cue_before, 20)
        opening = before(text, m.start(), sentence_start, 3) and re.match(r"\s*,", text[m.end() :])
        # "Xuất khẩu 8 tháng đạt …": a figure reported for the months, not a duration.
        reported = ytd_verb_after.match(text, m.end()) and not before(text, m.start(), dur_before)
        if not (m["part"] or m["tr"] or m["ty"] or cue or opening or reported):
            return  # "trong 3 tháng": a duration
        last = m["part"] and val["part"].get(re.sub(r"\s+", " ", m["part"]).casefold()) == "last"
        lo = Point("month", y, 13 - n if last else 1, yrel=yr)
        hi = Point("month", y, 12 if last else n, yrel=yr)
        kind = "half" if n == 6 else ("month_range" if last else "ytd")
        yield C(m, kind, "months.from_year_start" if not last else "months.year_end", lo, hi, relative=y is None)

    rule((P(rf"(?<!\w)(?P<n>\d{{1,2}}|{COUNT})\s+{MW}(?:\s+(?P<part>{PART})\s+{YW}(?:{part_tail('p')})?|{tail('t', slash=False)})?(?!\w)"), h_months), at("count_word", digit=True))

    def h_half(m, text):
        y, yr, _ = year_of(m, "p")
        if m["y"]:
            y = int(m["y"])
        last = val["part"].get(re.sub(r"\s+", " ", m["part"]).casefold()) == "last"
        lo, hi = Point("month", y, 7 if last else 1, yrel=yr), Point("month", y, 12 if last else 6, yrel=yr)
        yield C(m, "half", "half", lo, hi, relative=y is None)

    rule((P(rf"(?<!\w){W['half_word']}\s+(?P<part>{PART})\s+(?:{YW}(?:{part_tail('p')})?|(?P<y>{Y4}){NE})(?!\w)"), h_half), at("half_word"))

    def h_since(m, text):
        y, yr, _ = year_of(m, "p")
        lo = Point("month", y, 1, yrel=yr)
        if m["mo"]:
            mo = int(m["mo"])
            if 1 <= mo <= 12:
                yield C(m, "ytd", "ytd.to_month", lo, Point("month", y, mo, yrel=yr), relative=y is None)
            return
        yield C(m, "ytd", "ytd.until_now", lo, None, relative=True, until_now=True)

    # "từ đầu năm tới nay": "tới" opens "tới nay" (until now) here, not "năm tới" (next year).
    not_until = rf"(?!\s*,?\s*(?:{TO})\s+{W['until_now']}(?!\w))"
    rule((P(rf"(?<!\w){FROM}\s+{_alt(first_parts)}\s+{YW}(?:{not_until}{part_tail('p')})?(?:\s*,?\s*(?:{TO})\s+(?:{W['until_now']}|{MW}\s+(?P<mo>\d{{1,2}}))(?!\w))?"), h_since), at("range_from"))

    # "đầu năm nay", "cuối năm 2021": the first or last month of a stated year.
    def h_year_part(m, text):
        y, yr, _ = year_of(m, "p")
        if y is None and yr is None:
            return
        last = val["part"].get(re.sub(r"\s+", " ", m["part"]).casefold()) == "last"
        yield C(m, "month", "year.part", Point("month", y, 12 if last else 1, yrel=yr), relative=y is None)

    rule((P(rf"(?<!\w)(?P<part>{PART})\s+{YW}{part_tail('p')}(?!\w)"), h_year_part), at("part"))

    # --- quarters -------------------------------------------------------------------
    qval = {w: int(v) for w, v in by["quarter_num"]}

    def qnum(s: str) -> int:
        return int(s) if s.isdigit() else qval[s]

    def h_quarter(m, text):
        y, yr, _ = year_of(m, "a")
        yield C(m, "quarter", "quarter", Point("quarter", y, qnum(m["q"]), yrel=yr), relative=y is None)

    QN = rf"(?:{QNUM}|[1-4])(?!\w)"
    rule((P(rf"(?<!\w){QW}\s+(?P<q>{QN})(?:{tail('a')})?"), h_quarter), at("quarter_word"))

    def h_quarters(m, text):
        y, yr, _ = year_of(m, "a")
        q1, q2 = qnum(m["q1"]), qnum(m["q2"])
        if q1 < q2:
            yield C(m, "quarter_range", "quarter.pair", Point("quarter", y, q1, yrel=yr), Point("quarter", y, q2, yrel=yr), relative=y is None)

    rule((P(rf"(?<!\w){QW}\s+(?P<q1>{QN})\s*(?:[-–,]|{TO}|{W['conj']})\s*(?:{QW}\s+)?(?P<q2>{QN})(?:{tail('a')})?"), h_quarters), at("quarter_word"))

    def h_q_abbr(m, text):
        yield C(m, "quarter", "quarter.abbr", Point("quarter", int(m["as"]), int(m["q"])))

    rule((P(rf"(?<!\w)(?-i:{W['quarter_abbr']})(?P<q>[1-4])\s*[/-]\s*(?P<as>{Y4}){NE}"), h_q_abbr), at("quarter_abbr"))

    def h_q_part(m, text):
        y, yr, _ = year_of(m, "p")
        n = num(m["n"]) if m["n"] else 1
        last = val["part"].get(re.sub(r"\s+", " ", m["part"]).casefold()) == "last"
        if not 1 <= n <= 4:
            return
        q1, q2 = (5 - n, 4) if last else (1, n)
        kind = "quarter" if n == 1 else ("half" if n == 2 else "quarter_range")
        yield C(m, kind, "quarter.part", Point("quarter", y, q1, yrel=yr), Point("quarter", y, q2, yrel=yr), relative=y is None)

    rule((P(rf"(?<!\w)(?:(?P<n>[1-4]|{COUNT})\s+)?{QW}\s+(?P<part>{PART})\s+{YW}(?:{part_tail('p')})?(?!\w)"), h_q_part), at("count_word", "quarter_word", digit=True))

    # --- months ---------------------------------------------------------------------
    mval = {w: v for w, v in by["month_name"]}

    def h_month(m, text):
        y, yr, _ = year_of(m, "a")
        mo = m["mo"]
        if not mo.isdigit():
            if not mval.get(mo):  # lunar month: a time, but not a calendar month
                yield C(m, "month", "month.lunar")
                return
            mo = mval[mo]
        mo = int(mo)
        if 1 <= mo <= 12:
            yield C(m, "month", "month", Point("month", y, mo, yrel=yr), relative=y is None)

    rule((P(rf"(?<!\w){MW}\s+(?P<mo>\d{{1,2}}(?![.,]?\d)|{MNAME})(?!\w)(?:{tail('a')})?"), h_month), at("month_word"))

    def h_month_span(m, text):
        y, yr, _ = year_of(m, "a")
        m1, m2 = int(m["m1"]), int(m["m2"])
        if 1 <= m1 < m2 <= 12:
            yield C(m, "month_range", "month.span", Point("month", y, m1, yrel=yr), Point("month", y, m2, yrel=yr), relative=y is None)

    rule((P(rf"(?<!\w)(?:{FROM}\s+)?{MW}\s+(?P<m1>\d{{1,2}})\s*(?:[-–]|{TO})\s*(?:{MW}\s+)?(?P<m2>\d{{1,2}})(?![.,]?\d)(?!\w)(?:{tail('a')})?"), h_month_span), at("range_from", "month_word"))

    # "các tháng 5, 6 và 7", "3 tháng 10, 11 và 12": listed months are the span they cover.
    def h_month_list(m, text):
        y, yr, _ = year_of(m, "a")
        months = [int(x) for x in re.findall(r"\d+", text[m.start("m1") : m.end("m2")])]
        if not all(1 <= a < b <= 12 for a, b in zip(months, months[1:])):
            return
        if m["n"] and num(m["n"]) != len(months):
            return
        if len(months) == 2 and not y and not yr and re.match(r"\s+\w", text[m.end() :]):
            return  # "tháng 5 và 6 tỷ đồng": the second number is an amount
        yield C(m, "month_range", "month.list", Point("month", y, months[0], yrel=yr), Point("month", y, months[-1], yrel=yr), relative=y is None)

    LIST_SEP = rf"(?:\s*,\s*|\s+{W['conj']}\s+|\s*,\s*{W['conj']}\s+)"
    rule((P(rf"(?<!\w)(?:(?P<n>\d|{COUNT})\s+)?{MW}\s+(?P<m1>\d{{1,2}})(?:{LIST_SEP}\d{{1,2}})*{LIST_SEP}(?P<m2>\d{{1,2}})(?![.,]?\d)(?!\w)(?:{tail('a')})?(?![/-]?\d)"), h_month_list), at("count_word", "month_word", digit=True))

    # "các ngày 22 và 23/12/2004": listed days of one month.
    def h_day_list(m, text):
        days = [int(x) for x in re.findall(r"\d+", text[m.start("d1") : m.end("d2")])]
        mo = int(m["mo"])
        y = int(m["y"]) if m["y"] else None
        if all(a < b for a, b in zip(days, days[1:])) and _valid(y or 2000, mo, days[-1]):
            yield C(m, "date_range", "date.list", Point("date", y, mo, days[0]), Point("date", y, mo, days[-1]), relative=y is None)

    rule((P(rf"(?<!\w){DW}\s+(?P<d1>\d{{1,2}})(?:{LIST_SEP}\d{{1,2}})*{LIST_SEP}(?P<d2>\d{{1,2}})(?P<sep>[/-])(?P<mo>\d{{1,2}})(?:(?P=sep)(?P<y>{Y4}))?{NE}"), h_day_list), at("day_word"))

    # --- years ----------------------------------------------------------------------
    def h_year_range(m, text):
        y1, y2s = int(m["y1"]), m["y2"]
        sep = m["sep"].strip()
        cue = m["cue"] or m["from"]
        if len(y2s) == 2:
            if not (m["cue"] and sep in "-–—"):
                return
            y2 = y1 // 100 * 100 + int(y2s)
        else:
            y2 = int(y2s)
        if not y1 < y2 <= y1 + 100 or (sep == "/" and y2 != y1 + 1):
            return
        if not cue and not (1900 <= y1 and y2 <= 2100):
            return
        yield C(m, "year_range", "year.range", Point("year", y1), Point("year", y2))

    rule((P(rf"(?<![\w.,/])(?:(?P<cue>{W['range_cue']})\s+)?(?:(?P<from>{FROM})\s+)?(?:{YW}\s+)?(?P<y1>{Y4})\s*(?P<sep>[-–—/]|\s(?:{TO})(?:\s+{YW})?\s)\s*(?P<y2>{Y4}|\d{{2}}){NE}"), h_year_range), at("range_cue", "range_from", "year_word", digit=True))

    def h_year_to_now(m, text):
        yield C(m, "year_range", "year.until_now", Point("year", int(m["y"])), None, relative=True, until_now=True)

    rule((P(rf"(?<!\w){FROM}\s+(?:{YW}\s+)?(?P<y>{Y4})\s+(?:{TO})\s+{W['until_now']}(?!\w)"), h_year_to_now), at("range_from"))

    def h_decade(m, text):
        y = int(m["y"])
        if y < 100:
            y = 1900 + y if y >= 30 else 0
        if y % 10 == 0 and 1800 <= y <= 2090:
            yield C(m, "year_range", "year.decade", Point("year", y), Point("year", y + 9))

    rule((P(rf"(?<!\w){W['decade_word']}\s+(?P<y>\d{{4}}|\d{{2}})(?![.,]?\d)(?!\w)"), h_decade), at("decade_word"))

    y_in = re.compile(Y4)

    def h_year(m, text):
        # "năm 2020, 2021 và 2022": each listed year is a year.
        for k, ym in enumerate(y_in.finditer(text, m.start("y"), m.end())):
            s = m.start() if k == 0 else ym.start()
            yield Cand(s, ym.end(), "year", "year", Point("year", int(ym.group())), Point("year", int(ym.group())))

    rule((P(rf"(?<!\w){YW}\s+(?P<y>{Y4}){NE}(?:(?:\s*,\s*|\s+{W['conj']}\s+){Y4}{NE})*"), h_year), at("year_word"))

    def h_crop(m, text):
        y1 = int(m["y"])
        y2 = int(m["y2"]) if m["y2"] else y1
        if y1 <= y2 <= y1 + 1:
            kind = "year" if y1 == y2 else "year_range"
            yield Cand(m.start(), m.end(), kind, "year.crop_season", Point("year", y1), Point("year", y2))

    rule((P(rf"(?<!\w){W['crop_word']}(?:\s+{W['season_word']})?\s+(?P<y>{Y4})(?:\s*[-–/]\s*(?P<y2>{Y4}))?{NE}"), h_crop), at("crop_word"))

    def h_year_bare(m, text):
        if not_year_after.match(text, m.end()):
            return
        y = int(m["y"])
        yield Cand(m.start("y"), m.end("y"), "year", "year.cued", Point("year", y), Point("year", y))

    rule((P(rf"(?<!\w)(?:{W['year_cue']}|\()\s*(?P<y>{YB}){NE}"), h_year_bare), at("year_cue", chars="("))

    # --- relative -------------------------------------------------------------------
    rel_val = {w.casefold(): v for w, v in by["relative"]}

    def h_relative(m, text):
        word = re.sub(r"\s+", " ", m["r"]).casefold()
        v = rel_val.get(word)
        if v is None:
            return
        # "5 năm trước" (five years ago), "những năm qua": durations, not periods.
        if v.split(":")[0] in ("year", "month", "quarter", "week") and before(text, m.start(), number_before, 20):
            return
        yield C(m, "relative", "relative." + v.split(":")[0], rel=v)

    rule((P(rf"(?<!\w)(?P<r>{W['relative']})(?!\w)"), h_relative), at("relative"))

    def h_same_year(m, text):
        yield C(m, "relative", "relative.same_period", rel="same_period")

    rule((P(rf"(?<!\w){_alt(same_period)}\s+{YW}\s+{Y4}{NE}"), h_same_year), Starts.of(same_period))

    # --- clock times and weekdays ---------------------------------------------------
    abbr_alone = _alt(w for w, v in by["hour_abbr"] if v == "alone")
    HOUR, MIN, CLOCK = W["hour_word"], W["minute_word"], W["clock_part"]

    def h_clock(m, text):
        h, mi = int(m["h"]), int(m["mi"] or 0)
        if h > 24 or mi > 59 or before(text, m.start(), dur_before, 20):
            return
        if re.match(r"\s*/", text[m.end() :]):
            return  # "8h/ngày": hours per day
        yield C(m, "time_of_day", "time")

    def h_hour_word(m, text):
        # "8 giờ" alone may be a duration: a clock time needs "sáng", "lúc", a date …
        if m["cp"] or before(text, m.start(), time_cue_before, 25) or hour_after.match(text, m.end()):
            yield from h_clock(m, text)

    rule((P(rf"{NB}(?P<h>\d{{1,2}})(?:\s?{HOUR}\s?|{W['hour_abbr']})(?P<mi>\d{{1,2}})(?:\s?(?:{MIN}|'))?(?!\w)(?:\s+(?P<cp>{CLOCK})(?!\w))?"), h_clock), at(digit=True))
    rule((P(rf"{NB}(?P<h>\d{{1,2}})(?P<mi>)(?-i:{abbr_alone})(?!\w)(?:\s+(?P<cp>{CLOCK})(?!\w))?"), h_clock), at(digit=True))
    rule((P(rf"{NB}(?P<h>\d{{1,2}})(?P<mi>)\s+{HOUR}(?!\w)(?:\s+(?P<cp>{CLOCK})(?!\w))?"), h_hour_word), at(digit=True))

    def h_colon(m, text):
        yield C(m, "time_of_day", "time.colon")

    rule((re.compile(r"(?<![\d:.,])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])"), h_colon), at(digit=True))

    def h_weekday(m, text):
        day = m["d"]
        named = not day.isdigit() and day[0].isupper()
        # Lower-case "thứ ba" is also "third": a weekday only next to a date or "sáng", "vào" …
        if named or before(text, m.start(), weekday_cue_before, 25) or date_after.match(text, m.end()):
            yield C(m, "weekday", "weekday")

    rule((P(rf"(?<!\w){W['weekday_word']}\s+(?P<d>{WDNAME}|[2-7])(?!\w)"), h_weekday), at("weekday_word"))
    rule((P(rf"(?<!\w){W['sunday']}(?!\w)"), lambda m, t: iter([C(m, "weekday", "weekday")])), at("sunday"))
    return g


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return False
    return True
