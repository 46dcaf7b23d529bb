"""The exceptions of :mod:`oim_search`, all under :class:`Error`.

Each is raised with the engine's own message, which names the value or path
involved and says what to do, and carries the useful parts as attributes
(``path``, ``value``, ``suggestion``...). Errors caused by what the caller
asked for (a bad filter value, a malformed request or document) are also
:class:`ValueError`, so code that already catches ``ValueError`` keeps
working.
"""

from __future__ import annotations

from typing import Any, List, Optional

__all__ = [
    "Error",
    "NoIndex",
    "IndexLocked",
    "DamagedIndex",
    "ReadOnlyIndex",
    "DiskFull",
    "NoCorpus",
    "IndexRunRefused",
    "InvalidQuery",
    "UnknownFacetValue",
    "InvalidSynonyms",
    "InvalidDocument",
    "UnknownDocument",
    "ExportError",
    "BackendError",
]


class Error(Exception):
    """Base class of every error the engine raises.

    Attributes:
        message: the full message: what went wrong, the value or path, the fix.
        path: the index, corpus or file concerned, when there is one.
    """

    message: str
    path: Optional[str]

    def __init__(self, message: str, **attributes: Any) -> None:
        super().__init__(message)
        self.message = message
        self.path = attributes.pop("path", None)
        for name, value in attributes.items():
            setattr(self, name, value)

    def __str__(self) -> str:
        return self.message


class NoIndex(Error):
    """No index at the path given: build one with :meth:`oim_search.Index.build`."""


class IndexLocked(Error):
    """Another writer (a process, or another ``Index`` object) holds the
    index's write lock: wait for it to finish and retry."""


class DamagedIndex(Error):
    """The index files are damaged, were written by an incompatible version,
    or belong to another program: rebuild with ``Index.build(..., full=True)``
    into a folder of its own."""


class ReadOnlyIndex(Error):
    """The index folder cannot be written; it can still be searched."""


class DiskFull(Error):
    """The disk filled up during an index run; the run was undone."""


class NoCorpus(Error):
    """The corpus folder given to :meth:`oim_search.Index.build` does not exist."""


class IndexRunRefused(Error):
    """An index run changed nothing because it found no indexable page, or
    because it would remove more than half of the documents (pass
    ``allow_removal=True`` if the pages are really gone)."""


class InvalidQuery(Error, ValueError):
    """A search argument is out of range or malformed (a limit over 1000, an
    unknown facet, a budget range upside down...).

    Attributes:
        what: the argument (``limit``, ``budget_min``, ``facet``...).
        value: the value given, as text.
    """

    what: Optional[str]
    value: Optional[str]

    def __init__(self, message: str, **attributes: Any) -> None:
        attributes.setdefault("what", None)
        attributes.setdefault("value", None)
        super().__init__(message, **attributes)


class UnknownFacetValue(InvalidQuery):
    """A filter value no document has, for example ``region="Afrik"``.

    Attributes:
        facet: the facet (``region``, ``country``...).
        value: the value given.
        valid: every valid value of the facet.
        suggestion: the valid value closest to the one given, or None.
    """

    facet: str
    valid: List[str]
    suggestion: Optional[str]

    def __init__(self, message: str, **attributes: Any) -> None:
        attributes.setdefault("what", attributes.get("facet"))
        attributes.setdefault("valid", [])
        attributes.setdefault("suggestion", None)
        super().__init__(message, **attributes)


class InvalidSynonyms(Error, ValueError):
    """A line of the synonym file cannot be read; ``value`` is ``file:line``."""

    value: Optional[str]


class InvalidDocument(Error, ValueError):
    """A document that cannot be indexed (no id, a field of the wrong type)."""

    id: Optional[str]


class UnknownDocument(Error, LookupError):
    """No document with this id (raised by ``Writer.replace``)."""

    id: str


class ExportError(Error):
    """An export could not be written (file, disk, or XLSX row limit)."""


class BackendError(Error):
    """The search backend other than the index (an OpenSearch cluster)
    failed or answered something unexpected; ``backend`` says which."""

    backend: str
