"""Facts as a pandas frame and a matplotlib plot; heavy imports stay out of ``import vnfacts``."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas", reason="the notebook extra is not installed")
matplotlib = pytest.importorskip("matplotlib", reason="the notebook extra is not installed")
matplotlib.use("Agg")

import vnfacts  # noqa: E402
from vnfacts.batch import DocResult  # noqa: E402
from vnfacts.errors import InputError  # noqa: E402
from vnfacts.facts import Fact, Indicator, Location, Period, Quantity  # noqa: E402
from vnfacts.frame import COLUMNS, period_bounds, plot_indicator, to_frame  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _fact(fid, value=None, *, low=None, high=None, unit="%", start="2025-07", end=None, indicator="economy.cpi", measure="growth_rate") -> Fact:
    text = "0"
    return Fact(
        id=fid,
        span=(10, 20),
        sentence_span=(0, 40),
        quantity=Quantity(text=text, span=(15, 16), kind="percent", value=value, low=low, high=high, unit=unit,
                          qualifier="range" if value is None else "exact"),
        indicator=Indicator(id=indicator, label="Consumer price index", text="CPI", span=(10, 13)) if indicator else None,
        measure=measure,
        period=Period(text="tháng 7", span=(0, 7), start=start, end=end or start) if start else None,
        location=Location(text="Hà Nội", span=(30, 36), name="Hà Nội"),
        confidence=0.8,
    )


def test_one_flat_row_per_fact():
    facts = [_fact("a#1", 0.4), _fact("a#2", None, low=3.0, high=4.0, start=None, indicator=None, measure=None)]
    df = to_frame(facts)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 2
    first = df.iloc[0]
    assert (first.doc_id, first.fact_id, first.indicator, first.value, first.unit) == ("a", "a#1", "economy.cpi", 0.4, "%")
    assert (first.period_start, first.period_end, first.place) == ("2025-07", "2025-07", "Hà Nội")
    assert first.quantity_span == (15, 16) and first.indicator_span == (10, 13) and (first.start, first.end) == (10, 20)
    second = df.iloc[1]
    assert math.isnan(second.value) and (second.low, second.high) == (3.0, 4.0)
    assert pd.isna(second.indicator) and second.period_span is None  # pandas' missing string
    assert df["value"].dtype == "float64" and df["start"].dtype == "int64"


def test_doc_ids_from_results_and_mappings():
    results = [DocResult("x", "x.txt", facts=(_fact("doc#1", 1.0),)), DocResult("bad", "bad.txt", error=InputError("empty"))]
    assert to_frame(results)["doc_id"].tolist() == ["x"]
    assert to_frame({"y": [_fact("doc#1", 1.0)]})["doc_id"].tolist() == ["y"]
    assert to_frame([_fact("doc#1", 1.0)], doc_id="z")["doc_id"].tolist() == ["z"]
    empty = to_frame([])
    assert empty.empty and list(empty.columns) == list(COLUMNS)
    with pytest.raises(TypeError):
        to_frame(["not a fact"])


@pytest.mark.parametrize(
    "value, bounds",
    [
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        ("2024-Q1", (date(2024, 1, 1), date(2024, 3, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2025-07-05", (date(2025, 7, 5), date(2025, 7, 5))),
        ("2025-13", None),
        ("2025-02-30", None),
        ("năm nay", None),
        (None, None),
    ],
)
def test_period_bounds(value, bounds):
    assert period_bounds(value) == bounds


def test_plot_draws_one_series_per_document_and_keeps_one_measure():
    facts = [
        _fact("a#1", 0.4, start="2025-07"),
        _fact("a#2", 0.5, start="2025-08"),
        _fact("b#1", None, low=3.0, high=4.0, start="2025-01", end="2025-06"),
        _fact("b#2", 9.0, start="2025-08", measure="level"),  # another measure: left out
        _fact("b#3", 1.0, start=None),  # no period: left out
    ]
    ax = plot_indicator(facts, "economy.cpi")
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["a", "b"]
    assert "economy.cpi" in ax.get_title() and "growth_rate" in ax.get_title()
    assert ax.get_ylabel() == "%"
    ys = sorted(y for bars in ax.containers for y in bars.lines[0].get_ydata())  # the data markers
    assert ys == [0.4, 0.5, 3.5]  # the range sits at its middle
    matplotlib.pyplot.close(ax.figure)


def test_plot_scales_money_and_refuses_unknown_indicators():
    facts = [_fact("a#1", 4.05e11, unit="USD", indicator="trade.export_turnover", measure="level")]
    ax = plot_indicator(to_frame(facts), "trade.export_turnover")
    assert ax.get_ylabel() == "billion USD"
    matplotlib.pyplot.close(ax.figure)
    with pytest.raises(ValueError, match="trade.export_turnover"):
        plot_indicator(facts, "economy.gdp")


def test_plot_of_real_extraction():
    text = (ROOT / "corpora" / "articles" / "cpi-thang-9-2025.txt").read_text(encoding="utf-8")
    facts = vnfacts.extract(text, doc_id="cpi", published=date(2025, 10, 6))
    df = to_frame(facts)
    assert len(df) == len(facts) and (df["doc_id"] == "cpi").all()
    assert df["quantity"].tolist() == [f.quantity.text for f in facts]
    ax = plot_indicator(df, "economy.cpi")
    assert ax.get_lines()
    matplotlib.pyplot.close(ax.figure)


def test_import_vnfacts_does_not_import_heavy_extras():
    code = "import sys, vnfacts; print(sorted(m for m in ('pandas', 'matplotlib', 'spacy') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout.strip() == "[]"
