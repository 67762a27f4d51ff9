"""The one error hierarchy of vnfacts.

Every error the library raises on purpose is a :class:`VnfactsError`. Each carries a
stable, dotted ``code`` (safe to match on in scripts and to store in error records) and
names the thing it is about (``source``: a file path, a document id or a data file), so
the message is actionable without a traceback.

Codes are part of the public API: they are never renamed, only added.
"""

from __future__ import annotations

__all__ = [
    "VnfactsError",
    "InputError",
    "DataError",
    "GoldError",
]


class VnfactsError(Exception):
    """Base class of every error vnfacts raises deliberately.

    Attributes:
        code: stable machine-readable code, e.g. ``"input.empty"``.
        source: what the error is about (file path, document id, data file), or None.
        detail: the human explanation without the source prefix.
    """

    default_code = "vnfacts"

    def __init__(self, detail: str, *, code: str | None = None, source: str | None = None) -> None:
        self.code = code or self.default_code
        self.source = source
        self.detail = detail
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}{detail} [{self.code}]")

    def __reduce__(self) -> tuple[type, tuple[str], dict[str, str | None]]:
        # Errors cross process boundaries (batch workers); keep code and source when pickled.
        return (type(self), (self.detail,), {"code": self.code, "source": self.source})

    def __setstate__(self, state: dict[str, str | None]) -> None:
        self.__init__(self.detail, code=state["code"], source=state["source"])  # type: ignore[misc]

    def to_record(self) -> dict[str, str | None]:
        """The error as a JSON-ready record (used for per-document error lines)."""
        return {"code": self.code, "source": self.source, "message": self.detail}


# Codes used directly on the base class: ``internal`` (an unexpected failure on one
# document, recorded so that the others still complete), ``usage`` (a command line that
# cannot run as given), ``dependency.missing`` (an optional extra is not installed).


class InputError(VnfactsError):
    """A document cannot be processed: undecodable, empty, binary, too large, wrong type.

    Codes: ``input.type``, ``input.empty``, ``input.decode``, ``input.binary``,
    ``input.too_large``, ``input.read``, ``input.format``, ``input.dependency`` (the input
    kind needs an optional extra, e.g. trafilatura for HTML).
    """

    default_code = "input"


class DataError(VnfactsError):
    """A language data file shipped with (or given to) vnfacts is malformed.

    Codes: ``data.missing``, ``data.header``, ``data.row``.
    """

    default_code = "data"


class GoldError(VnfactsError):
    """A gold annotation file does not follow the contract (see FACTS.md).

    Codes: ``gold.read``, ``gold.schema``, ``gold.text``.
    """

    default_code = "gold"
