"""Facts as a table and a plot: ``to_frame`` (pandas) and ``plot_indicator`` (matplotlib).

pandas and matplotlib are imported inside the functions, not at module level, so that
``import vnfacts`` stays fast and works without the ``notebook`` extra installed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .facts import Fact

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["COLUMNS", "to_frame", "plot_indicator", "period_bounds"]

#: The frame's columns, in order. Spans are ``(start, end)`` tuples (None when the part
#: is absent); ``start``/``end`` repeat the fact's span as integers for sorting.
COLUMNS = (
    "doc_id", "fact_id", "quantity", "kind", "value", "low", "high", "unit", "per",
    "qualifier", "indicator", "indicator_label", "indicator_text", "measure", "direction",
    "period", "period_start", "period_end", "place", "place_text", "modality", "confidence",
    "start", "end", "span", "quantity_span", "indicator_span", "period_span", "place_span",
    "sentence_span",
)

_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(\d{2})(?:-(\d{2}))?)?$")


def period_bounds(value: str | None) -> tuple[date, date] | None:
    """First and last day of a contract period value (``2025``, ``2025-Q1``, ``2025-07``,
    ``2025-07-05``); None for None or anything else.

    Example:
        >>> period_bounds("2025-Q2")
        (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    """
    # Frames hold a missing period as NaN, not None: anything but a str has no bounds.
    m = _PERIOD.match(value) if isinstance(value, str) else None
    if not m:
        return None
    year = int(m[1])
    try:
        if m[4]:
            day = date(year, int(m[3]), int(m[4]))
            return day, day
        if m[3]:
            first, last = int(m[3]), int(m[3])
        elif m[2]:
            first, last = 3 * int(m[2]) - 2, 3 * int(m[2])
        else:
            first, last = 1, 12
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    except ValueError:  # month 13, day 31 of a 30-day month …
        return None


def _doc_id(fact_id: str) -> str:
    # Fact ids are "<doc_id>#<n>" (pipeline.extract); the prefix names the document.
    return fact_id.rpartition("#")[0] or fact_id


def _row(f: Fact, doc_id: str | None) -> dict[str, Any]:
    q, ind, per, loc = f.quantity, f.indicator, f.period, f.location
    return {
        "doc_id": doc_id or _doc_id(f.id),
        "fact_id": f.id,
        "quantity": q.text,
        "kind": q.kind,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "unit": q.unit,
        "per": q.per,
        "qualifier": q.qualifier,
        "indicator": ind.id if ind else None,
        "indicator_label": ind.label if ind else None,
        "indicator_text": ind.text if ind else None,
        "measure": f.measure,
        "direction": f.direction,
        "period": per.text if per else None,
        "period_start": per.start if per else None,
        "period_end": per.end if per else None,
        "place": loc.name if loc else None,
        "place_text": loc.text if loc else None,
        "modality": f.modality,
        "confidence": f.confidence,
        "start": f.span[0],
        "end": f.span[1],
        "span": tuple(f.span),
        "quantity_span": tuple(q.span),
        "indicator_span": tuple(ind.span) if ind else None,
        "period_span": tuple(per.span) if per else None,
        "place_span": tuple(loc.span) if loc else None,
        "sentence_span": tuple(f.sentence_span),
    }


def _iter_facts(facts: Any) -> Iterable[tuple[Fact, str | None]]:
    """(fact, doc id override) pairs from facts, DocResults or a {doc_id: facts} mapping."""
    if isinstance(facts, Fact):
        facts = [facts]
    if isinstance(facts, Mapping):
        for doc_id, group in facts.items():
            for f in group:
                yield f, str(doc_id)
        return
    for item in facts:
        if isinstance(item, Fact):
            yield item, None
        elif hasattr(item, "facts") and hasattr(item, "doc_id"):  # batch.DocResult
            for f in item.facts:
                yield f, item.doc_id
        else:
            raise TypeError(f"to_frame() takes Facts, DocResults or a {{doc_id: facts}} mapping, not {type(item).__name__}")


def to_frame(facts: Any, *, doc_id: str | None = None) -> pd.DataFrame:
    """One row per fact, flat columns (see :data:`COLUMNS`).

    ``facts`` may be a list of :class:`Fact`, of ``batch.DocResult`` (errors are
    skipped: they have no facts), or a ``{doc_id: facts}`` mapping. ``doc_id`` is
    taken from the fact id (``doc#3`` -> ``doc``) unless given.

    Example:
        >>> df = to_frame(vnfacts.extract(text, doc_id="a"))  # doctest: +SKIP
        >>> df.groupby("indicator").size()                      # doctest: +SKIP
    """
    import pandas as pd

    rows = [_row(f, doc_id or override) for f, override in _iter_facts(facts)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    # Absent numbers are NaN in a float column, not an object column of None.
    for col in ("value", "low", "high", "confidence"):
        frame[col] = frame[col].astype("float64")
    for col in ("start", "end"):
        frame[col] = frame[col].astype("int64")
    return frame


def _scale(values: Iterable[float]) -> tuple[float, str]:
    top = max((abs(v) for v in values), default=0.0)
    for factor, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if top >= factor:
            return factor, name
    return 1.0, ""


def _most_common(series: Any) -> Any:
    counts = series.dropna().value_counts()
    return counts.index[0] if len(counts) else None


def plot_indicator(data: Any, indicator: str, *, measure: str | None = None, unit: str | None = None, ax: Axes | None = None) -> Axes:
    """Plot one indicator's values over their periods, one colour per document.

    Each point sits at the middle of its period, with a horizontal bar over the whole
    period (a quarter is wider than a month) and, for ranges, a vertical bar from
    ``low`` to ``high``. Only facts of one ``measure`` and one ``unit`` are drawn
    together (by default the most common ones), since a growth rate and a level do not
    share an axis. Facts without a resolved period are left out.

    ``data`` is anything :func:`to_frame` takes, or its DataFrame. Returns the Axes.
    Raises ValueError when nothing can be drawn.
    """
    import matplotlib.dates as mdates
    import pandas as pd

    frame = data if isinstance(data, pd.DataFrame) else to_frame(data)
    rows = frame[frame["indicator"] == indicator]
    if rows.empty:
        known = sorted(frame["indicator"].dropna().unique())
        raise ValueError(f"no facts of indicator {indicator!r}; the data has: {', '.join(known) or 'none'}")
    measure = measure or _most_common(rows["measure"])
    if measure is not None:
        rows = rows[rows["measure"] == measure]
    unit = unit or _most_common(rows["unit"])
    if unit is not None:
        rows = rows[rows["unit"] == unit]

    points = []
    for r in rows.itertuples(index=False):
        first, last = period_bounds(r.period_start), period_bounds(r.period_end)
        bounds = [v for v in (r.low, r.high) if pd.notna(v)]
        y = r.value if pd.notna(r.value) else (sum(bounds) / len(bounds) if bounds else None)
        if first is None or last is None or y is None:
            continue
        x0, x1 = mdates.date2num(first[0]), mdates.date2num(last[1]) + 1
        lo = r.low if pd.notna(r.low) and pd.isna(r.value) else y
        hi = r.high if pd.notna(r.high) and pd.isna(r.value) else y
        points.append((r.doc_id, (x0 + x1) / 2, (x1 - x0) / 2, y, y - lo, hi - y))
    if not points:
        raise ValueError(f"no facts of indicator {indicator!r} (measure {measure}, unit {unit}) have a resolved period and a value")

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4))
    factor, scale_name = _scale(p[3] for p in points) if unit not in ("%", "pp", "point") else (1.0, "")
    for doc in sorted({p[0] for p in points}):
        mine = sorted(p for p in points if p[0] == doc)
        ax.errorbar(
            [p[1] for p in mine],
            [p[3] / factor for p in mine],
            xerr=[p[2] for p in mine],
            yerr=[[p[4] / factor for p in mine], [p[5] / factor for p in mine]],
            fmt="o",
            capsize=3,
            label=doc,
        )
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    label = _most_common(rows["indicator_label"]) or indicator
    ax.set_title(f"{label} ({indicator})" + (f", {measure}" if measure else ""))
    ax.set_ylabel(" ".join(x for x in (scale_name, unit or "") if x))
    ax.set_xlabel("period")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", title="document")
    ax.figure.autofmt_xdate()
    return ax
