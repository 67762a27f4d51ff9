"""vnfacts: every numeric claim in Vietnamese news as a structured, checkable fact."""

from __future__ import annotations

from .errors import DataError, GoldError, InputError, VnfactsError
from .facts import Fact, Indicator, Location, Period, Quantity

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Fact",
    "GoldError",
    "Indicator",
    "InputError",
    "Location",
    "Period",
    "Quantity",
    "VnfactsError",
    "__version__",
]
