"""Extraction on a Dask cluster: the same chunks, the same results, in the same order.

* :func:`extract_many_dask` is :func:`vnfacts.extract_many` with a Dask scheduler
  (``vnfacts extract --engine dask --scheduler ADDRESS``): the driver lists documents and
  submits chunks, at most a few per worker thread in flight, and yields results in input
  order, so the output file is byte-identical to the local engine's.
* :func:`facts_bag` and :func:`facts_dataframe` give a lazy Dask bag / dataframe of flat
  fact rows (the CSV columns, :data:`vnfacts.outputs.COLUMNS`) for analysis.

Dask is imported here only; ``import vnfacts`` never loads it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..batch import (
    IN_FLIGHT_PER_WORKER,
    DocResult,
    _Fatal,
    _raise_fatal,
    chunks,
    process_items,
)
from ..errors import VnfactsError
from ..outputs import COLUMNS, flat_rows
from ..readers import Item, ReadOptions, iter_items

__all__ = ["extract_many_dask", "facts_bag", "facts_dataframe"]


def _require():
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError:
        raise VnfactsError("the Dask engine needs dask[distributed]: pip install 'vnfacts[dask]'",
                           code="dependency.missing") from None
    return distributed


def _options(read_options: dict) -> ReadOptions:
    return ReadOptions(**read_options)


def extract_many_dask(
    paths: Iterable[str | Path],
    *,
    scheduler: str | None = None,
    client=None,
    workers: int | None = None,
    skip: Mapping[str, str | None] | None = None,
    **read_options,
) -> Iterator[DocResult]:
    """Like :func:`vnfacts.extract_many`, on Dask: one result per document, in input order.

    Args:
        scheduler: address of a running scheduler (``tcp://host:8786``).
        client: an existing ``distributed.Client`` (wins over ``scheduler``).
        workers: without either, the size of the local cluster started (default: all cores).
        read_options: ``glob``, ``published``, ``max_bytes``, ``kind``, ``text_field``,
            ``id_field``, ``date_field``, ``with_text`` (as for ``extract_many``).
    """
    distributed = _require()
    options = _options(read_options)
    own = None
    if client is None:
        if scheduler:
            client = own = distributed.Client(scheduler)
        else:
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
            client = own = distributed.Client(cluster)
    try:
        threads = max(1, sum(client.nthreads().values()))
        limit = threads * IN_FLIGHT_PER_WORKER
        skip_ref = client.scatter(dict(skip), broadcast=True) if skip else None
        pending: deque = deque()

        def take() -> Iterator[DocResult]:
            try:
                results = pending.popleft().result()
            except _Fatal as exc:
                _raise_fatal(exc)
            yield from results

        for chunk in chunks(iter_items(paths, options)):
            # pure=False: two identical chunks (duplicate lines) are still two tasks.
            pending.append(client.submit(process_items, chunk, options, skip_ref, pure=False))
            if len(pending) >= limit:
                yield from take()
        while pending:
            yield from take()
    finally:
        if own is not None:
            cluster = getattr(own, "cluster", None)
            own.close()
            if cluster is not None:
                cluster.close()


def _rows(part: Iterable[Item], options: ReadOptions) -> list[dict]:
    return [row for result in process_items(list(part), options) for row in flat_rows(result)]


def facts_bag(paths: Iterable[str | Path], **read_options):
    """A lazy ``dask.bag`` of flat fact rows (one dict per fact or failed document), in order.

    The documents are listed when the bag is built (a JSON Lines corpus is read then);
    extraction runs when the bag is computed, on whatever scheduler is active.
    """
    _require()
    import dask.bag as db

    options = _options(read_options)
    items = list(iter_items(paths, options))
    if not items:
        return db.from_sequence([], npartitions=1)
    parts = list(chunks(items))
    return db.from_sequence(parts, npartitions=len(parts)).map_partitions(
        lambda ps: [row for part in ps for row in _rows(part, options)]
    )


def facts_dataframe(paths: Iterable[str | Path], **read_options):
    """A lazy ``dask.dataframe`` with the columns of :data:`vnfacts.outputs.COLUMNS`."""
    _require()
    import pandas as pd

    dtypes = {"string": "object", "int64": "float64", "double": "float64"}  # NaN where a row has no fact
    meta = pd.DataFrame({name: pd.Series(dtype=dtypes[t]) for name, t in COLUMNS})
    bag = facts_bag(paths, **read_options)
    return bag.map(lambda row: tuple(row.get(name) for name, _ in COLUMNS)).to_dataframe(meta=meta)
