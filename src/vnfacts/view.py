"""See the facts in the text: an HTML view with every fact's parts highlighted.

``show(text)`` extracts and returns a :class:`View`; in Jupyter it displays itself, and
``View.save("view.html")`` writes a standalone page (no scripts, no CDN: it opens
offline). ``vnfacts show FILE -o view.html`` builds the same page from the shell.

Each fact's quantity is a ``<mark class="vf-q">`` carrying the fact (``data-fact``,
``data-kind``, ``data-value``, ``data-unit``, ``data-indicator`` …); its indicator,
period and place are ``<span class="vf-part vf-ind|vf-per|vf-loc">`` listing the facts
they belong to in ``data-facts``. The text is written exactly, character for character,
inside a ``white-space: pre-wrap`` block, so the document's text content is the raw text
and a mark's position in it is the fact's offset.
"""

from __future__ import annotations

import heapq
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .facts import Fact

__all__ = ["View", "show", "render_html", "page", "files_page", "PART_LABELS"]

# Display names of the parts, in drawing priority (a quantity is never split by a
# context part that crosses it; context parts give way instead).
PART_LABELS = {"quantity": "Quantity", "indicator": "Indicator", "period": "Period", "place": "Place"}
_CLASS = {"quantity": "vf-q", "indicator": "vf-ind", "period": "vf-per", "place": "vf-loc"}
_RANK = {"quantity": 0, "indicator": 1, "period": 2, "place": 3}

_CSS = """
.vnfacts-view { font-family: system-ui, "Noto Sans", "Segoe UI", sans-serif; line-height: 2.1;
  color: #1f2328; max-width: 60em; }
.vnfacts-view .vf-text { white-space: pre-wrap; font-size: 15px; }
.vnfacts-view .vf-q { background: #ffe58a; border-radius: 3px; padding: 1px 0;
  box-shadow: 0 0 0 1px #e0b400 inset; color: inherit; }
.vnfacts-view mark.vf-q::after { content: attr(data-label); font-size: 0.62em; font-weight: 600;
  color: #7a5d00; vertical-align: super; margin-left: 2px; }
.vnfacts-view .vf-ind { border-bottom: 3px solid #3b82f6; background: #e8f0fe; }
.vnfacts-view .vf-per { border-bottom: 3px solid #16a34a; background: #e7f6ec; }
.vnfacts-view .vf-loc { border-bottom: 3px dashed #9333ea; background: #f3e8ff; }
.vnfacts-view .vf-legend { font-size: 13px; margin: 0 0 8px; }
.vnfacts-view .vf-legend span { margin-right: 14px; padding: 1px 6px; }
.vnfacts-view h2 { font-size: 17px; margin: 18px 0 4px; }
.vnfacts-view .vf-meta { font-size: 12px; color: #57606a; margin-bottom: 6px; }
.vnfacts-view .vf-error { color: #b42318; }
.vnfacts-view table.vf-facts { border-collapse: collapse; font-size: 12px; line-height: 1.4;
  margin-top: 12px; }
.vnfacts-view table.vf-facts th, .vnfacts-view table.vf-facts td { border: 1px solid #d0d7de;
  padding: 2px 6px; text-align: left; vertical-align: top; }
.vnfacts-view table.vf-facts th { background: #f6f8fa; }
.vnfacts-view .vf-snippet { margin: 2px 0; }
"""


def _esc(text: str) -> str:
    # A bare CR would be folded into LF by the HTML parser; the reference keeps the
    # DOM text identical to the raw text, so offsets stay true in the browser too.
    return html.escape(text, quote=False).replace("\r", "&#13;")


def _attr(value: object) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.15g}"


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str  # a key of PART_LABELS
    open_tag: str
    close_tag: str


def _fact_title(f: Fact) -> str:
    q = f.quantity
    bits = [f"{f.id}: {q.text}", f"{q.kind}"]
    if q.value is not None:
        bits.append(f"value {_num(q.value)} {q.unit or ''}".strip())
    if q.low is not None or q.high is not None:
        bits.append(f"[{_num(q.low) or '…'}, {_num(q.high) or '…'}] {q.unit or ''}".strip())
    if f.indicator:
        bits.append(f"{f.indicator.id} ({f.indicator.label})")
    if f.measure:
        bits.append(" ".join(x for x in (f.measure, f.direction) if x))
    if f.period:
        bits.append(f"{f.period.text} = {f.period.start or '?'}..{f.period.end or '?'}")
    if f.location:
        bits.append(f.location.name)
    bits.append(f"{f.modality}, confidence {f.confidence:.2f}")
    return "; ".join(bits)


def _marks(facts: Sequence[Fact]) -> list[_Mark]:
    """The marks to draw: one per quantity, one per distinct context part."""
    marks: list[_Mark] = []
    context: dict[tuple[int, int, str], list[str]] = {}
    names: dict[tuple[int, int, str], str] = {}
    for f in facts:
        q = f.quantity
        # A short tag drawn after the quantity: fact number and what it measures.
        number = f.id.rpartition("#")[2] or f.id
        label = f"{number} {f.indicator.id.rpartition('.')[2] if f.indicator else q.kind}"
        attrs = {
            "class": "vf-q",
            "data-fact": f.id,
            "data-kind": q.kind,
            "data-value": _num(q.value),
            "data-low": _num(q.low),
            "data-high": _num(q.high),
            "data-unit": q.unit or "",
            "data-qualifier": q.qualifier,
            "data-indicator": f.indicator.id if f.indicator else "",
            "data-label": label,
            "title": _fact_title(f),
        }
        tag = "<mark " + " ".join(f'{k}="{_attr(v)}"' for k, v in attrs.items()) + ">"
        marks.append(_Mark(q.span[0], q.span[1], "quantity", tag, "</mark>"))
        for kind, part, name in (
            ("indicator", f.indicator, f.indicator and f"{f.indicator.id} ({f.indicator.label})"),
            ("period", f.period, f.period and f"{f.period.start or '?'}..{f.period.end or '?'}"),
            ("place", f.location, f.location and f.location.name),
        ):
            if part is not None:
                key = (part.span[0], part.span[1], kind)
                context.setdefault(key, []).append(f.id)
                names[key] = name
    for (start, end, kind), ids in context.items():
        title = f"{PART_LABELS[kind]}: {names[(start, end, kind)]} — {', '.join(ids)}"
        tag = (
            f'<span class="vf-part {_CLASS[kind]}" data-part="{kind}" '
            f'data-facts="{_attr(" ".join(ids))}" title="{_attr(title)}">'
        )
        marks.append(_Mark(start, end, kind, tag, "</span>"))
    return _clip_context(marks)


def _clip_context(marks: list[_Mark]) -> list[_Mark]:
    """Trim context parts that partly overlap a quantity, so a quantity stays one element."""
    quantities = [m for m in marks if m.kind == "quantity"]
    out = quantities[:]
    for m in marks:
        if m.kind == "quantity":
            continue
        for q in quantities:
            if m.start < q.start < m.end < q.end:
                m = replace(m, end=q.start)
            elif q.start < m.start < q.end < m.end:
                m = replace(m, start=q.end)
        if m.end > m.start:
            out.append(m)
    return out


def _render_text(text: str, marks: Iterable[_Mark]) -> str:
    """``text`` escaped, with the marks as properly nested elements.

    Elements open in (start, longest first, priority) order; a mark that would cross
    the element open around it is split at that element's end and continued after it.
    """
    heap = [(m.start, -m.end, _RANK[m.kind], i, m) for i, m in enumerate(marks)]
    heapq.heapify(heap)
    seq = len(heap)
    out: list[str] = []
    stack: list[_Mark] = []
    pos = 0

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(_esc(text[pos:upto]))
            pos = upto

    while heap or stack:
        if stack and (not heap or stack[-1].end <= heap[0][0]):
            top = stack.pop()
            emit(top.end)
            out.append(top.close_tag)
            continue
        m = heapq.heappop(heap)[-1]
        if m.end <= m.start:
            continue
        if stack and m.end > stack[-1].end:
            rest = replace(m, start=stack[-1].end)
            seq += 1
            heapq.heappush(heap, (rest.start, -rest.end, _RANK[rest.kind], seq, rest))
            m = replace(m, end=stack[-1].end)
        emit(m.start)
        out.append(m.open_tag)
        stack.append(m)
    emit(len(text))
    return "".join(out)


def _legend() -> str:
    items = "".join(f'<span class="{_CLASS[k]}">{v}</span>' for k, v in PART_LABELS.items())
    return f'<div class="vf-legend">{items}</div>'


def _table(facts: Sequence[Fact]) -> str:
    head = ["fact", "quantity", "value", "low", "high", "unit", "indicator", "measure", "period", "place", "modality", "conf."]
    rows = []
    for f in facts:
        q = f.quantity
        period = f"{f.period.text} ({f.period.start or '?'}..{f.period.end or '?'})" if f.period else ""
        cells = [
            f.id, q.text, _num(q.value), _num(q.low), _num(q.high), q.unit or "",
            f.indicator.id if f.indicator else "",
            " ".join(x for x in (f.measure, f.direction) if x),
            period, f.location.name if f.location else "", f.modality, f"{f.confidence:.2f}",
        ]
        rows.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
    header = "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
    return f'<table class="vf-facts">{header}{"".join(rows)}</table>'


def _check(text: str, facts: Sequence[Fact]) -> None:
    for f in facts:
        s, e = f.quantity.span
        if text[s:e] != f.quantity.text:
            raise ValueError(
                f"fact {f.id}: its quantity span {[s, e]} does not index this text "
                f"(found {text[s:e]!r}, expected {f.quantity.text!r}); pass the text the facts came from"
            )


def _body(text: str, facts: Sequence[Fact], title: str | None, table: bool) -> str:
    _check(text, facts)
    parts = []
    if title:
        parts.append(f"<h2>{_esc(title)}</h2>")
    parts.append(f'<div class="vf-meta">{len(facts)} facts</div>')
    parts.append(f'<div class="vf-text">{_render_text(text, _marks(facts))}</div>')
    if table and facts:
        parts.append(_table(facts))
    return "".join(parts)


def _snippets(facts: Sequence[Fact]) -> str:
    """Facts without their document: each fact's parts in text order, gaps shown as …"""
    lines = []
    for f in facts:
        parts = [p for p in (f.quantity, f.indicator, f.period, f.location) if p is not None]
        # Rebuild the covered characters of the fact from its parts' texts, shifting the
        # facts into a local text where each gap is replaced by " … ".
        covered: dict[int, str] = {}
        for p in parts:
            for i, ch in enumerate(p.text):
                covered[p.span[0] + i] = ch
        local: list[str] = []
        where: dict[int, int] = {}
        prev = None
        for pos in sorted(covered):
            if prev is not None and pos != prev + 1:
                local.append(" … ")
            where[pos] = len("".join(local))
            local.append(covered[pos])
            prev = pos
        text = "".join(local)

        def move(span: tuple[int, int]) -> tuple[int, int]:
            start = where[span[0]] if span[1] > span[0] else 0
            return start, start + (span[1] - span[0])

        update = {"quantity": f.quantity.model_copy(update={"span": move(f.quantity.span)})}
        for name in ("indicator", "period", "location"):
            part = getattr(f, name)
            if part is not None:
                update[name] = part.model_copy(update={"span": move(part.span)})
        local_fact = f.model_copy(update=update)
        lines.append(f'<div class="vf-snippet vf-text">{_render_text(text, _marks([local_fact]))}</div>')
    return "".join(lines)


def render_html(text: str, facts: Sequence[Fact], *, title: str | None = None, table: bool = True, standalone: bool = False) -> str:
    """The highlighted view of ``text`` (the raw text the facts' spans index).

    ``standalone=True`` gives a whole HTML page; otherwise a fragment with its own
    ``<style>`` (what a notebook displays). Raises ValueError when a fact's quantity span
    does not index ``text``.
    """
    if text.startswith("\ufeff"):  # the contract's offsets index the text without its BOM
        text = text[1:]
    body = _legend() + _body(text, list(facts), title, table)
    if standalone:
        return page([body], title=title or "vnfacts")
    return f'<div class="vnfacts-view"><style>{_CSS}</style>{body}</div>'


def page(bodies: Sequence[str], *, title: str = "vnfacts") -> str:
    """A standalone, offline HTML page around rendered view bodies."""
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(title)}</title>\n<style>body {{ margin: 24px; }}{_CSS}</style>\n</head>\n"
        f'<body>\n<div class="vnfacts-view">\n' + "\n".join(bodies) + "\n</div>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class View:
    """A rendered view: displays itself in Jupyter; :meth:`save` writes a standalone page.

    ``text`` is None when only facts were given (each fact is then drawn from its own
    parts, without the document around them).
    """

    text: str | None
    facts: tuple[Fact, ...]
    title: str | None = None

    @property
    def html(self) -> str:
        """The HTML fragment (with its own style) a notebook displays."""
        if self.text is None:
            body = _legend() + _snippets(self.facts)
            return f'<div class="vnfacts-view"><style>{_CSS}</style>{body}</div>'
        return render_html(self.text, self.facts, title=self.title)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        # The text can be a whole article: keep the plain repr (what a terminal shows) short.
        where = f"{len(self.text):,} characters" if self.text is not None else "no text"
        return f"<View {self.title or ''} {len(self.facts)} facts, {where}>".replace("  ", " ")

    def to_html(self) -> str:
        """A standalone HTML page (works offline)."""
        if self.text is None:
            return page([_legend() + _snippets(self.facts)], title=self.title or "vnfacts")
        return render_html(self.text, self.facts, title=self.title, standalone=True)

    def save(self, path: str | Path) -> Path:
        """Write :meth:`to_html` to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.to_html(), encoding="utf-8")
        return path


def show(
    text_or_facts: object,
    facts: Iterable[Fact] | None = None,
    *,
    doc_id: str | None = None,
    published: date | None = None,
    title: str | None = None,
) -> View:
    """Highlight facts in their text; returns a :class:`View` (Jupyter displays it).

    * ``show(text)`` or ``show(document)``: extracts the facts (``doc_id``, ``published``
      as for :func:`vnfacts.extract`) and highlights them.
    * ``show(text, facts)``: highlights the given facts in ``text``.
    * ``show(facts)``: no text to show them in; each fact is drawn from its own parts.

    Example:
        >>> show("Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD.").save("view.html")  # doctest: +SKIP
    """
    from .document import Document

    if isinstance(text_or_facts, Fact):
        text_or_facts = [text_or_facts]
    if isinstance(text_or_facts, (list, tuple)) and all(isinstance(f, Fact) for f in text_or_facts):
        return View(None, tuple(text_or_facts), title)
    if isinstance(text_or_facts, Document):
        raw = text_or_facts.raw
        doc_id = doc_id or text_or_facts.doc_id
    elif isinstance(text_or_facts, str):
        raw = text_or_facts.removeprefix("\ufeff")
    else:
        raise TypeError(f"show() takes a str, a Document or a list of Facts, not {type(text_or_facts).__name__}")
    if facts is None:
        from .pipeline import extract

        facts = extract(text_or_facts, doc_id=doc_id, published=published)
    facts = tuple(facts)
    _check(raw, facts)
    return View(raw, facts, title if title is not None else doc_id)


def files_page(paths: Iterable[str | Path], *, published: date | None = None, glob: str | None = None) -> tuple[str, int, list[Exception]]:
    """One standalone page viewing every document under ``paths`` (files or folders).

    Returns ``(html, number of facts, errors)``; a document that cannot be read becomes
    an error note in the page and in ``errors``, and the others are still shown.
    """
    # Imported here, not at module level: rendering given facts needs only the Fact model.
    # Documents are read as `vnfacts extract` reads them (kinds, encodings, sidecar dates).
    from .batch import extract_many

    paths = list(paths)  # iterated twice: for the documents and for the page title
    bodies = [_legend()]
    errors: list[Exception] = []
    n_facts = 0
    for result in extract_many(paths, glob=glob, published=published, with_text=True):
        if result.error is not None:
            errors.append(result.error)
            bodies.append(f'<h2>{_esc(result.source)}</h2><div class="vf-error">{_esc(str(result.error))}</div>')
            continue
        n_facts += len(result.facts)
        bodies.append(_body(result.text, result.facts, result.source, table=True))
    return page(bodies, title="vnfacts: " + ", ".join(map(str, paths))), n_facts, errors
