"""Scoring predicted facts against gold annotations, as FACTS.md's Scoring section defines.

Pairing: in each document, predicted and gold facts are paired one to one by overlapping
``quantity.span``. Candidate pairs (overlap of at least one character) are taken greedily:
largest overlap first, then the earliest gold span, then the earliest predicted span
(then input order). A fact left unpaired is a *miss* (gold) or *spurious* (predicted).

Choices where FACTS.md is silent:

* Figures over several documents are micro-averaged: counts are summed, then divided.
* ``F1 = 2·pairs / (gold + predicted)`` (the harmonic mean of P and R when both exist;
  0.0 when nothing was paired, None only when there is neither gold nor prediction).
* A ratio with a zero denominator is None (``n/a`` in the table), never 0 or 1.
* An attribute the gold leaves null or absent is not scored, except ``value``/``low``/
  ``high``, where null is an answer (null = null). So qualifier, kind, measure and
  direction accuracy are over pairs where gold sets them; unit accuracy over pairs whose
  gold kind is money, percent or measure *and* whose gold unit is set.
* Period: the month ranges (see :func:`vnfacts.gold.period_months`) must be equal; a
  missing ``end`` is the end of ``start``; a predicted period without a start, or in an
  unknown form, is wrong.
* Fact F1 requires the period only where gold's period has a start (as period accuracy).
* False facts on not_facts counts predicted facts whose quantity span overlaps any
  not_fact span (each predicted fact at most once).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from .errors import GoldError
from .facts import Fact
from .gold import GoldDoc, GoldFact, period_months

__all__ = ["Ratio", "Detection", "Scores", "EvalError", "Report", "evaluate", "evaluate_dir", "pair_facts", "ACCURACIES"]

Span = tuple[int, int]
ErrorKind = Literal["miss", "spurious", "wrong", "not_fact"]

ACCURACIES = (
    "value",
    "qualifier",
    "kind",
    "unit",
    "indicator",
    "indicator_domain",
    "measure",
    "direction",
    "period",
)
"""The accuracy figures of :class:`Scores`, in report order."""

_UNIT_KINDS = frozenset({"money", "percent", "measure"})
_REL_TOL = 1e-9


@dataclass(frozen=True)
class Ratio:
    """``hits`` out of ``n``; :attr:`value` is None when ``n`` is 0."""

    hits: int = 0
    n: int = 0

    @property
    def value(self) -> float | None:
        """``hits / n``, or None when there is nothing to divide by."""
        return self.hits / self.n if self.n else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.n + other.n)

    def to_dict(self) -> dict[str, Any]:
        """``{"accuracy", "correct", "n"}``."""
        return {"accuracy": self.value, "correct": self.hits, "n": self.n}


@dataclass(frozen=True)
class Detection:
    """Counts behind a precision / recall / F1 triple."""

    matched: int = 0
    n_gold: int = 0
    n_pred: int = 0

    @property
    def precision(self) -> float | None:
        """Matched pairs over predicted facts; None without predictions."""
        return self.matched / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        """Matched pairs over gold facts; None without gold facts."""
        return self.matched / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        """``2·matched / (gold + predicted)``; None when both are 0."""
        total = self.n_gold + self.n_pred
        return 2 * self.matched / total if total else None

    def __add__(self, other: Detection) -> Detection:
        return Detection(self.matched + other.matched, self.n_gold + other.n_gold, self.n_pred + other.n_pred)

    def to_dict(self) -> dict[str, Any]:
        """``{"precision", "recall", "f1", "matched", "n_gold", "n_pred"}``."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "matched": self.matched,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
        }


@dataclass(frozen=True)
class Scores:
    """Every figure of the Scoring table, as counts, for one document or a set of them.

    ``detection`` counts pairs; ``exact_span`` pairs with equal quantity spans; ``fact``
    pairs whose value, indicator id and period are right. The :data:`ACCURACIES` are over
    pairs. ``not_fact_hits`` should be 0.
    """

    detection: Detection = Detection()
    exact_span: Detection = Detection()
    fact: Detection = Detection()
    value: Ratio = Ratio()
    qualifier: Ratio = Ratio()
    kind: Ratio = Ratio()
    unit: Ratio = Ratio()
    indicator: Ratio = Ratio()
    indicator_domain: Ratio = Ratio()
    measure: Ratio = Ratio()
    direction: Ratio = Ratio()
    period: Ratio = Ratio()
    not_fact_hits: int = 0
    n_not_facts: int = 0

    def __add__(self, other: Scores) -> Scores:
        return Scores(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures with the counts behind them."""
        out: dict[str, Any] = {
            "detection": self.detection.to_dict(),
            "exact_span": self.exact_span.to_dict(),
            "fact": self.fact.to_dict(),
        }
        for name in ACCURACIES:
            out[f"{name}_accuracy"] = getattr(self, name).to_dict()
        out["false_facts_on_not_facts"] = {"count": self.not_fact_hits, "n_not_facts": self.n_not_facts}
        return out

    def rows(self) -> list[tuple[str, float | int | None, str]]:
        """``(figure, score, counts)`` rows for a table, every figure with its n."""
        rows: list[tuple[str, float | int | None, str]] = []
        for label, det in (("detection", self.detection), ("exact-span", self.exact_span), ("fact", self.fact)):
            rows.append((f"{label} precision", det.precision, f"{det.matched}/{det.n_pred}"))
            rows.append((f"{label} recall", det.recall, f"{det.matched}/{det.n_gold}"))
            rows.append((f"{label} F1", det.f1, f"2*{det.matched}/({det.n_gold}+{det.n_pred})"))
        for name in ACCURACIES:
            ratio: Ratio = getattr(self, name)
            rows.append((f"{name.replace('_', ' ')} accuracy", ratio.value, f"{ratio.hits}/{ratio.n}"))
        rows.append(("false facts on not_facts", self.not_fact_hits, f"{self.n_not_facts} not_facts"))
        return rows


@dataclass(frozen=True)
class EvalError:
    """One scoring error, for ``--show-errors``.

    ``span``/``text`` are the gold quantity's for ``miss`` and ``wrong``, the predicted
    one's for ``spurious`` and ``not_fact``. For ``wrong``, ``field`` names the attribute
    (``span``, ``value``, ``qualifier``, ``kind``, ``unit``, ``indicator``, ``measure``,
    ``direction``, ``period``) and ``gold``/``predicted`` its two values; for ``not_fact``
    ``gold`` is the not_fact's text and span.
    """

    doc_id: str
    kind: ErrorKind
    span: Span
    text: str
    field: str | None = None
    gold: Any = None
    predicted: Any = None
    predicted_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "span": list(self.span),
            "text": self.text,
            "field": self.field,
            "gold": _jsonable(self.gold),
            "predicted": _jsonable(self.predicted),
            "predicted_span": list(self.predicted_span) if self.predicted_span else None,
        }

    def __str__(self) -> str:
        where = f"{self.doc_id} {list(self.span)} {self.text!r}"
        if self.kind == "wrong":
            return f"{where}: wrong {self.field}: gold {self.gold!r}, predicted {self.predicted!r}"
        if self.kind == "not_fact":
            return f"{where}: predicted over not_fact {self.gold!r}"
        return f"{where}: {self.kind}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Report:
    """The result of :func:`evaluate`: overall and per-document scores, and the errors."""

    overall: Scores
    documents: Mapping[str, Scores]
    unknown_doc_ids: tuple[str, ...] = ()
    """Predicted documents with no gold (not scored; usually a doc_id mismatch)."""
    _errors: tuple[EvalError, ...] = field(default=(), repr=False)

    def errors(self, *, doc_id: str | None = None, kinds: Iterable[ErrorKind] | None = None) -> tuple[EvalError, ...]:
        """Misses, spurious facts, wrong attributes and not_fact hits, in document/text order."""
        wanted = set(kinds) if kinds is not None else None
        return tuple(
            e
            for e in self._errors
            if (doc_id is None or e.doc_id == doc_id) and (wanted is None or e.kind in wanted)
        )

    def to_dict(self, *, include_errors: bool = False) -> dict[str, Any]:
        """JSON-ready report: ``overall``, ``documents`` (per doc id), ``unknown_doc_ids``."""
        out: dict[str, Any] = {
            "overall": self.overall.to_dict(),
            "documents": {doc_id: s.to_dict() for doc_id, s in self.documents.items()},
            "unknown_doc_ids": list(self.unknown_doc_ids),
        }
        if include_errors:
            out["errors"] = [e.to_dict() for e in self._errors]
        return out

    def format_table(self, *, per_document: bool = False) -> str:
        """A plain-text table of every figure with its counts (``n/a`` for an empty ratio)."""
        count = len(self.documents)
        parts = [f"overall: {count} document{'' if count == 1 else 's'}", _table(self.overall)]
        if per_document:
            for doc_id, scores in self.documents.items():
                parts += ["", doc_id, _table(scores)]
        if self.unknown_doc_ids:
            parts += ["", "not scored (no gold): " + ", ".join(self.unknown_doc_ids)]
        return "\n".join(parts)

    def format_errors(self) -> str:
        """One line per error (see :class:`EvalError`)."""
        return "\n".join(str(e) for e in self._errors)


def _table(scores: Scores) -> str:
    rows = scores.rows()
    width = max(len(name) for name, _, _ in rows)
    lines = [f"{'figure':<{width}}  {'score':>6}  n", f"{'-' * width}  {'-' * 6}  {'-' * 12}"]
    for name, score, counts in rows:
        shown = "n/a" if score is None else str(score) if isinstance(score, int) else f"{score:.3f}"
        lines.append(f"{name:<{width}}  {shown:>6}  {counts}")
    return "\n".join(lines)


def evaluate(gold_docs: Iterable[GoldDoc], predictions: Mapping[str, Sequence[Fact]]) -> Report:
    """Score ``predictions`` (facts per doc id) against ``gold_docs``.

    A gold document without predictions counts all its facts as misses; predictions for a
    doc id without gold are listed in :attr:`Report.unknown_doc_ids` and not scored.

    Raises:
        GoldError: ``gold.schema`` when two gold documents share a doc_id.
    """
    documents: dict[str, Scores] = {}
    errors: list[EvalError] = []
    for doc in gold_docs:
        if doc.doc_id in documents:
            raise GoldError(f"doc_id {doc.doc_id!r} appears twice", code="gold.schema", source=doc.path)
        scores, doc_errors = _score_doc(doc, predictions.get(doc.doc_id, ()))
        documents[doc.doc_id] = scores
        errors += doc_errors
    overall = sum(documents.values(), Scores())
    unknown = tuple(sorted(set(predictions) - documents.keys()))
    return Report(overall, MappingProxyType(documents), unknown, tuple(errors))


def pair_facts(gold: Sequence[GoldFact], predicted: Sequence[Fact]) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, predicted index)`` pairs by overlapping quantity spans.

    Greedy: largest overlap first, then earliest gold start, then earliest predicted start.
    """
    candidates = []
    for gi, g in enumerate(gold):
        gs, ge = g.quantity.span
        for pi, p in enumerate(predicted):
            ps, pe = p.quantity.span
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                candidates.append((-overlap, gs, ps, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _same_number(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return math.isclose(gold, predicted, rel_tol=_REL_TOL, abs_tol=0.0)


class _Tally:
    """Mutable counts for one document, frozen into :class:`Scores` at the end."""

    def __init__(self) -> None:
        self.hits = dict.fromkeys(ACCURACIES, 0)
        self.n = dict.fromkeys(ACCURACIES, 0)

    def add(self, name: str, ok: bool) -> None:
        self.n[name] += 1
        self.hits[name] += ok


def _score_doc(doc: GoldDoc, predicted: Sequence[Fact]) -> tuple[Scores, list[EvalError]]:
    pairs = pair_facts(doc.facts, predicted)
    tally = _Tally()
    errors: list[EvalError] = []
    exact = fact_ok = 0

    def wrong(g: GoldFact, p: Fact, name: str, gold_value: Any, pred_value: Any) -> None:
        errors.append(
            EvalError(doc.doc_id, "wrong", g.quantity.span, g.quantity.text, name, gold_value, pred_value, p.quantity.span)
        )

    def check(g: GoldFact, p: Fact, name: str, ok: bool, gold_value: Any, pred_value: Any) -> bool:
        tally.add(name, ok)
        if not ok and name != "indicator_domain":  # domain is implied by the indicator error
            wrong(g, p, name, gold_value, pred_value)
        return ok

    for gi, pi in pairs:
        g, p = doc.facts[gi], predicted[pi]
        gq, pq = g.quantity, p.quantity
        if gq.span == pq.span:
            exact += 1
        else:
            wrong(g, p, "span", gq.span, pq.span)
        gold_numbers = (gq.value, gq.low, gq.high)
        pred_numbers = (pq.value, pq.low, pq.high)
        value_ok = check(
            g, p, "value", all(map(_same_number, gold_numbers, pred_numbers)), gold_numbers, pred_numbers
        )
        if gq.qualifier is not None:
            check(g, p, "qualifier", pq.qualifier in gq.qualifier, gq.qualifier, pq.qualifier)
        if gq.kind is not None:
            check(g, p, "kind", pq.kind == gq.kind, gq.kind, pq.kind)
        if gq.kind in _UNIT_KINDS and gq.unit is not None:
            check(g, p, "unit", pq.unit == gq.unit, gq.unit, pq.unit)

        pred_indicator = p.indicator.id if p.indicator is not None else None
        gold_indicator = g.indicator.id if g.indicator is not None else None
        if g.indicator is not None:
            check(g, p, "indicator", pred_indicator == gold_indicator, gold_indicator, pred_indicator)
            pred_domain = pred_indicator.split(".", 1)[0] if pred_indicator is not None else None
            check(g, p, "indicator_domain", pred_domain == g.indicator.domain, g.indicator.domain, pred_domain)
        if g.measure is not None:
            check(g, p, "measure", p.measure == g.measure, g.measure, p.measure)
        if g.direction is not None:
            check(g, p, "direction", p.direction == g.direction, g.direction, p.direction)

        period_ok = True
        gold_months = g.period.months if g.period is not None else None
        if gold_months is not None:
            assert g.period is not None
            pred_months = period_months(p.period.start, p.period.end) if p.period is not None else None
            pred_shown = (p.period.start, p.period.end) if p.period is not None else None
            period_ok = check(
                g, p, "period", pred_months == gold_months, (g.period.start, g.period.end), pred_shown
            )
        fact_ok += int(value_ok and pred_indicator == gold_indicator and period_ok)

    paired_gold = {gi for gi, _ in pairs}
    paired_pred = {pi for _, pi in pairs}
    for gi, g in enumerate(doc.facts):
        if gi not in paired_gold:
            errors.append(EvalError(doc.doc_id, "miss", g.quantity.span, g.quantity.text))
    for pi, p in enumerate(predicted):
        if pi not in paired_pred:
            errors.append(EvalError(doc.doc_id, "spurious", p.quantity.span, p.quantity.text))

    not_fact_hits = 0
    for p in predicted:
        ps, pe = p.quantity.span
        hit = next((n for n in doc.not_facts if min(pe, n.span[1]) - max(ps, n.span[0]) > 0), None)
        if hit is not None:
            not_fact_hits += 1
            errors.append(
                EvalError(doc.doc_id, "not_fact", p.quantity.span, p.quantity.text, gold=(hit.text, hit.span))
            )

    n_gold, n_pred = len(doc.facts), len(predicted)
    scores = Scores(
        detection=Detection(len(pairs), n_gold, n_pred),
        exact_span=Detection(exact, n_gold, n_pred),
        fact=Detection(fact_ok, n_gold, n_pred),
        **{name: Ratio(tally.hits[name], tally.n[name]) for name in ACCURACIES},
        not_fact_hits=not_fact_hits,
        n_not_facts=len(doc.not_facts),
    )
    errors.sort(key=lambda e: (e.span, e.kind != "miss"))
    return scores, errors


def evaluate_dir(gold_dir: str | Path, *, bulk_path: str | Path | None = None) -> Report:
    """Run :func:`vnfacts.extract` on every gold document under ``gold_dir`` and score it.

    Texts come from the ``.txt`` beside each gold file, or from the real-news bulk file
    for gold that refers to it by id and hash (``bulk_path``, found beside the repository
    when None).

    Example:
        >>> report = evaluate_dir("corpora/articles")   # doctest: +SKIP
        >>> print(report.format_table())                # doctest: +SKIP
    """
    from .gold import load_gold_dir
    from .pipeline import extract

    docs = load_gold_dir(gold_dir, bulk_path=bulk_path)
    predictions = {d.doc_id: extract(d.text, doc_id=d.doc_id, published=d.published) for d in docs}
    return evaluate(docs, predictions)
