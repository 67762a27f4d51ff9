"""Engines that run :func:`vnfacts.batch.process_items` somewhere other than local processes.

The local engine is :func:`vnfacts.extract_many` itself. :mod:`vnfacts.engines.dask` runs
the same chunks on a Dask cluster (optional extra: ``pip install 'vnfacts[dask]'``).
"""
